"""Import of jail and ICE exports: reading messy files, mapping columns, import batches."""
