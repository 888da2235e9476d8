"""Dialogs: they take and return dataclasses and never hold a database handle."""
