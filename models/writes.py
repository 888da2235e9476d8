"""Audited writes of single rows: insert, versioned update, delete, each with its audit rows.

Shared by the verbs over cases and persons. Every function here runs inside the caller's
``write_transaction``; a constraint that slips past validation still surfaces as a
ValidationError, and a row changed or removed by someone else as a ConflictError.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import ConflictError, FieldError, ValidationError
from models.records import AuditAction, Staff

CHANGED_ELSEWHERE = {
    "bookings": "This case was changed elsewhere (at another desk or in another editor) after "
    "you opened it, so your changes were not saved. Note them, close this editor, open the case "
    "again to see the other changes, and enter yours.",
    "persons": "This person's details were changed elsewhere (at another desk or in another "
    "editor) after you opened this editor, so your changes were not saved. Note them, close this "
    "editor, open it again to see the other changes, and enter yours.",
}
DELETED_ELSEWHERE = (
    "This case was deleted at another desk after you opened it, so your changes could not be saved."
)


def delete_row(db: Database, actor: Staff, table: str, row: dict, booking_id: int) -> None:
    """Delete one row and audit every value it held."""
    db.execute(f"DELETE FROM {table} WHERE id = ?", [row["id"]])
    changes = [(k, v, None) for k, v in row.items() if k != "id" and v is not None]
    record_changes(db, actor, AuditAction.DELETE, table, row["id"], changes, booking_id)


def insert_audited(
    db: Database,
    actor: Staff,
    table: str,
    row: dict,
    *,
    booking_id: int | None = None,
    hidden: tuple[str, ...] = (),
    extra: list[tuple[str, object, object]] = (),
) -> int:
    """Insert one row and audit its creation field by field; return its id.

    Args:
        db: the database, inside the caller's write transaction.
        actor: who creates it.
        table: where.
        row: the column values.
        booking_id: the case it belongs to, for that case's History.
        hidden: columns not worth a line in the History (derived or linking columns).
        extra: more ``(field, None, value)`` facts of the creation (a person's aliases, say).
    """
    record_id = insert(db, table, row)
    changes = [(k, None, v) for k, v in row.items() if v is not None and k not in hidden]
    record_changes(db, actor, AuditAction.CREATE, table, record_id, [*changes, *extra], booking_id)
    return record_id


def insert(db: Database, table: str, row: dict) -> int:
    """Insert one row (audited by the caller) and return its id."""
    cols = ", ".join(row)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})"
    return write(db, table, sql, list(row.values())).lastrowid


def write(db: Database, table: str, sql: str, params: list) -> sqlite3.Cursor:
    """Run one write; a constraint the checks above missed still becomes a ValidationError."""
    try:
        return db.execute(sql, params)
    except sqlite3.IntegrityError as exc:
        raise ValidationError(FieldError(table, f"The record could not be saved: {exc}")) from exc


def load_row(db: Database, table: str, record_id: int) -> dict:
    """The stored row, or a ConflictError if someone removed it meanwhile."""
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id]))
    if not rows:
        raise ConflictError(
            DELETED_ELSEWHERE if table == "bookings" else CHANGED_ELSEWHERE["bookings"]
        )
    return rows[0]


def diff(old: dict, new: dict, ignore: tuple[str, ...] = ()) -> list[tuple[str, object, object]]:
    """The ``(column, old, new)`` triples where ``new`` differs from ``old``."""
    return [(k, old.get(k), v) for k, v in new.items() if k not in ignore and old.get(k) != v]


def update_versioned(
    db: Database, table: str, record_id: int, version: int, old: dict, row: dict
) -> None:
    """Update the changed columns if the row is still at ``version``; else ConflictError."""
    # Only the columns that changed are written, so triggers on the others (the search index
    # on a booking number, say) do not fire for an edit to the notes.
    changed = {k: v for k, v in row.items() if old.get(k) != v}
    sets = "".join(f"{k} = ?, " for k in changed)
    cursor = write(
        db,
        table,
        f"UPDATE {table} SET {sets}row_version = row_version + 1 WHERE id = ? AND row_version = ?",
        [*changed.values(), record_id, version],
    )
    if cursor.rowcount == 0:
        raise ConflictError(CHANGED_ELSEWHERE[table])
