"""Schema of migration m007: import profiles, import batches, withheld values, backup settings.

An import batch is the record of one file brought in: its name, SHA-256 and size, the mapping
exactly as used, the counts, who and when, and (in ``import_batch_records``) every booking it
created or updated with the hash of the source rows it came from, so that importing the same
file again skips what has not changed and a batch can be undone while its rows are unedited.
``withheld_values`` keeps the FOIA redaction marker a source printed instead of a value (for
example ``(b)(6),(b)(7)(c )``): the field is empty in the record, and the reason is kept.
(Never edited once released.)
"""

from __future__ import annotations

DDL = """
CREATE TABLE import_profiles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    mapping_json TEXT NOT NULL CHECK (json_valid(mapping_json)),
    is_shipped   INTEGER NOT NULL DEFAULT 0 CHECK (is_shipped IN (0, 1)),
    notes        TEXT,
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    row_version  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_batches (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The base name only, like the export log: where a clerk keeps files is not the record's.
    file_name      TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    file_sha256    TEXT NOT NULL CHECK (length(file_sha256) = 64 AND file_sha256 NOT GLOB '*[^0-9a-f]*'),
    file_size      INTEGER NOT NULL CHECK (file_size >= 0),
    -- The profile chosen, or NULL when the mapping was guessed or given as a file.
    profile_name   TEXT,
    mapping_json   TEXT NOT NULL CHECK (json_valid(mapping_json)),
    -- How the file was read: encoding (or 'xlsx'), delimiter, the header's row number.
    encoding       TEXT NOT NULL,
    delimiter      TEXT,
    header_row     INTEGER NOT NULL CHECK (header_row >= 1),
    rows_read      INTEGER NOT NULL CHECK (rows_read >= 0),
    created        INTEGER NOT NULL CHECK (created >= 0),
    updated        INTEGER NOT NULL CHECK (updated >= 0),
    skipped        INTEGER NOT NULL CHECK (skipped >= 0),
    rejected       INTEGER NOT NULL CHECK (rejected >= 0),
    imported_at    TEXT NOT NULL,
    imported_by    INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
    -- The audit rows the batch wrote are ids first_audit_id..last_audit_id: a later audit row
    -- about one of its bookings means the batch's rows were edited since.
    first_audit_id INTEGER,
    last_audit_id  INTEGER,
    undone_at      TEXT,
    undone_by      INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    CHECK ((undone_at IS NULL) = (undone_by IS NULL))
);
CREATE INDEX import_batches_at ON import_batches(imported_at, id);

-- No foreign key to bookings: the rows of an undone batch are gone, its history is not.
CREATE TABLE import_batch_records (
    batch_id      INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE RESTRICT,
    booking_id    INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    -- The person was made by this batch (undo removes them too) or was already on file.
    is_new_person INTEGER NOT NULL CHECK (is_new_person IN (0, 1)),
    line          INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    PRIMARY KEY (batch_id, booking_id)
) WITHOUT ROWID;
CREATE INDEX import_batch_records_booking ON import_batch_records(booking_id, batch_id);

CREATE TABLE withheld_values (
    table_name TEXT NOT NULL CHECK (table_name IN ('persons', 'bookings', 'charges', 'fingerprint_matches', 'detainers')),
    record_id  INTEGER NOT NULL,
    field      TEXT NOT NULL,
    marker     TEXT NOT NULL CHECK (length(trim(marker)) > 0),
    PRIMARY KEY (table_name, record_id, field)
) WITHOUT ROWID;
"""

#: Office-wide backup settings (the folder may be overridden per office; empty = beside the file).
SETTINGS = [("backup_keep", "14"), ("backup_folder", "")]
