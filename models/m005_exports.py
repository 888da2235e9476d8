"""Schema of migration m005: the export log (never edited once released).

Every list or table of figures written to a CSV or Excel file leaves one row here, written with
its audit rows in the same transaction: who exported what, when, with which filters, whether
it was a public release, how many rows and the SHA-256 of the file as written. Like the audit
log the table is append-only: triggers refuse any change or removal.
"""

from __future__ import annotations

DDL = """
CREATE TABLE exports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    staff_id       INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
    os_login       TEXT NOT NULL,
    -- cases, detainers, correspondence, optouts, letters, statistics (checked by the app, so a
    -- new list needs no migration).
    what           TEXT NOT NULL CHECK (length(trim(what)) > 0),
    -- JSON: the query or period used and the columns written.
    filters        TEXT NOT NULL CHECK (json_valid(filters)),
    public_release INTEGER NOT NULL CHECK (public_release IN (0, 1)),
    format         TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    row_count      INTEGER NOT NULL CHECK (row_count >= 0),
    -- The base name only: where a clerk keeps files on their own computer is not the record's.
    -- (A backslash is allowed: on Linux and macOS it is a character of the name, not a folder.)
    file_name      TEXT NOT NULL CHECK (length(trim(file_name)) > 0
                                        AND instr(file_name, '/') = 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')
);
CREATE INDEX exports_at ON exports(at, id);
CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports
BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports
BEGIN SELECT RAISE(ABORT, 'the export log is append-only'); END;
"""
