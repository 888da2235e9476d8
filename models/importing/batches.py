"""Import batches: the list of files brought in, and whether a batch may still be undone.

A batch can be undone while what it wrote stands as it wrote it: not after one of its bookings
(or their persons) was edited at a desk, and not after a later import, still in force, updated
one of them (that one is undone first). Undoing a whole batch is for a supervisor or an
administrator, or for the person who imported it (a clerk may take back their own mistake, not
a colleague's). The undo itself is in :mod:`models.importing.undo`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from models.errors import NotFoundError
from models.records import Staff, StaffRole
from models.settings import county_timezone
from models.store import reported
from models.timeutil import format_local, from_db_instant

#: Roles that may undo anyone's import; others only their own.
UNDOERS = (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR)


@dataclass(frozen=True)
class ImportBatch:
    """One file imported: how it was read, the counts, who and when, and whether undone."""

    id: int
    file_name: str
    file_sha256: str
    file_size: int
    profile_name: str | None
    encoding: str
    delimiter: str | None
    header_row: int
    rows_read: int
    created: int
    updated: int
    skipped: int
    rejected: int
    imported_at: datetime
    imported_by_name: str
    undone_at: datetime | None
    undone_by_name: str | None
    imported_by: int = 0
    first_audit_id: int | None = None
    last_audit_id: int | None = None


_SELECT = """
SELECT b.id, b.file_name, b.file_sha256, b.file_size, b.profile_name, b.encoding, b.delimiter,
       b.header_row, b.rows_read, b.created, b.updated, b.skipped, b.rejected, b.imported_at,
       coalesce(s.full_name, '?'), b.undone_at, u.full_name, b.imported_by, b.first_audit_id,
       b.last_audit_id
FROM import_batches b
LEFT JOIN staff s ON s.id = b.imported_by
LEFT JOIN staff u ON u.id = b.undone_by
"""


def _batch(row) -> ImportBatch:
    values = list(row)
    values[13] = from_db_instant(values[13])
    values[15] = from_db_instant(values[15])
    return ImportBatch(*values)


@reported
def list_batches(db: Database, limit: int = 200) -> list[ImportBatch]:
    """The newest ``limit`` import batches, newest first."""
    rows = db.execute(f"{_SELECT} ORDER BY b.imported_at DESC, b.id DESC LIMIT ?", [limit])
    return [_batch(r) for r in rows.fetchall()]


@reported
def get_batch(db: Database, batch_id: int) -> ImportBatch:
    """One import batch.

    Raises:
        NotFoundError: there is no batch with that number.
    """
    row = db.execute(f"{_SELECT} WHERE b.id = ?", [batch_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no import number {batch_id}.")
    return _batch(row)


def undo_ranges(db: Database, after: int) -> list[tuple[int, int]]:
    """Audit id ranges that no longer count: later undone batches and their undos."""
    ranges = []
    rows = db.execute(
        "SELECT b.first_audit_id, b.last_audit_id, "
        "(SELECT min(a.id) FROM audit_log a WHERE a.table_name = 'import_batches' "
        " AND a.record_id = b.id AND a.field = 'undone_at'), "
        "(SELECT max(a.id) FROM audit_log a WHERE a.table_name = 'import_batches' "
        " AND a.record_id = b.id AND a.field = 'undone_by') "
        "FROM import_batches b WHERE b.id > ? AND b.undone_at IS NOT NULL",
        [after],
    )
    for first, last, undo_first, undo_last in rows:
        if first is not None:
            ranges.append((first, last))
        if undo_first is not None:
            ranges.append((undo_first, undo_last))
    return ranges


_EDITED = """
SELECT a.id, a.at, coalesce(s.full_name, a.os_login), a.table_name, bk.booking_number, bk.id
FROM import_batch_records r
JOIN bookings bk ON bk.id = r.booking_id
JOIN audit_log a ON {join} AND a.id > :last
LEFT JOIN staff s ON s.id = a.staff_id
WHERE r.batch_id = :batch
  AND NOT EXISTS (SELECT 1 FROM json_each(:ranges) x
                  WHERE a.id BETWEEN x.value ->> 0 AND x.value ->> 1)
ORDER BY a.id LIMIT 1
"""


@reported
def undo_refusal(db: Database, batch_id: int, actor: Staff | None = None) -> str | None:
    """Why batch ``batch_id`` cannot be undone (by ``actor``, when given); None when it can.

    Raises:
        NotFoundError: there is no batch with that number.
    """
    batch = get_batch(db, batch_id)
    if batch.undone_at is not None:
        when = format_local(batch.undone_at, county_timezone(db))
        return f"Import {batch_id} was already undone on {when} by {batch.undone_by_name}."
    if actor is not None and actor.role not in UNDOERS and actor.id != batch.imported_by:
        return (
            f"Only a supervisor, an administrator or {batch.imported_by_name} (who imported it) "
            f"can undo import {batch_id}."
        )
    later = db.execute(
        "SELECT r2.batch_id, b2.file_name FROM import_batch_records r "
        "JOIN import_batch_records r2 ON r2.booking_id = r.booking_id AND r2.batch_id > r.batch_id "
        "JOIN import_batches b2 ON b2.id = r2.batch_id AND b2.undone_at IS NULL "
        "WHERE r.batch_id = ? ORDER BY r2.batch_id DESC LIMIT 1",
        [batch_id],
    ).fetchone()
    if later:
        return (
            f"Import {later[0]} ({later[1]}) changed bookings of import {batch_id} since; "
            f"undo import {later[0]} first."
        )
    params = {
        "batch": batch_id,
        "last": batch.last_audit_id or 0,
        "ranges": json.dumps(undo_ranges(db, batch_id)),
    }
    for join in (
        "a.booking_id = bk.id",
        "a.table_name = 'persons' AND a.record_id = bk.person_id",
    ):
        row = db.execute(_EDITED.format(join=join), params).fetchone()
        if row:
            _id, at, who, table, number, booking_id = row
            what = "its person" if table == "persons" else "it"
            when = format_local(from_db_instant(at), county_timezone(db))
            return (
                f"Booking {number} (case {booking_id}) of import {batch_id} was changed since "
                f"({what}, {when}, by {who}); undoing the import would lose that change, so it "
                "cannot be undone. Correct the bookings by hand instead."
            )
    return None


def undo_batch(db: Database, actor: Staff, batch_id: int) -> tuple[int, int]:
    """Undo import ``batch_id``: (bookings removed, bookings restored); see models.importing.undo.

    Raises:
        NotFoundError: no such batch.
        DeskError: it cannot be undone; the message says why.
        StoreError: the database could not be written.
    """
    from models.importing.undo import undo_batch as undo  # the undo needs this module

    return undo(db, actor, batch_id)
