"""The append-only, hash-chained audit log: who changed which field of which record, and when.

Every write in the application calls :func:`record_changes` inside the same transaction as the
change itself. Each row stores the SHA-256 of its own content together with the hash of the row
before it, so editing or deleting any past row breaks the chain and :func:`verify_chain` says
where. Triggers in the schema refuse UPDATE and DELETE on the table as a first line of defence.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from models.records import AuditAction, AuditEntry, Staff
from models.store import reported
from models.timeutil import from_db_instant

GENESIS_HASH = "0" * 64

_COLUMNS = (
    "at",
    "staff_id",
    "os_login",
    "action",
    "table_name",
    "record_id",
    "booking_id",
    "field",
    "old_value",
    "new_value",
)


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the whole audit chain."""

    ok: bool
    rows_checked: int
    first_bad_id: int | None = None
    message: str = ""


def row_hash(prev_hash: str, values: dict) -> str:
    """Hash one audit row's content chained to the previous row's hash."""
    payload = json.dumps(
        [prev_hash, *(values[c] for c in _COLUMNS)], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _last_hash(db: Database) -> str:
    row = db.execute("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS_HASH


def as_text(value) -> str | None:
    """Audit values are stored as text exactly as the database holds them."""
    if value is None:
        return None
    return str(value)


def record_changes(
    db: Database,
    actor: Staff,
    action: AuditAction,
    table: str,
    record_id: int,
    changes: Iterable[tuple[str | None, object, object]],
    booking_id: int | None = None,
) -> int:
    """Append one audit row per changed field; must run inside the caller's transaction.

    Args:
        db: the open database, inside a write transaction.
        actor: the staff member making the change.
        action: create, update, delete or bulk_create.
        table: the table the record lives in.
        record_id: the record's id.
        changes: ``(field, old, new)`` triples; field None describes the record as a whole.
        booking_id: the case the change belongs to, so the case's History tab finds it.

    Returns:
        How many audit rows were written.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("audit rows must be written inside the change's transaction")
    prev = _last_hash(db)
    # Microseconds, so two saves within one second stay two lines in a History tab.
    at = datetime.now(UTC).isoformat()
    written = 0
    for field, old, new in changes:
        values = {
            "at": at,
            "staff_id": actor.id,
            "os_login": actor.os_login or "",
            "action": str(action),
            "table_name": table,
            "record_id": record_id,
            "booking_id": booking_id,
            "field": field,
            "old_value": as_text(old),
            "new_value": as_text(new),
        }
        digest = row_hash(prev, values)
        db.execute(
            f"INSERT INTO audit_log ({', '.join(_COLUMNS)}, prev_hash, row_hash) "
            f"VALUES ({', '.join('?' * len(_COLUMNS))}, ?, ?)",
            [*(values[c] for c in _COLUMNS), prev, digest],
        )
        prev = digest
        written += 1
    return written


def verify_chain(db: Database) -> ChainReport:
    """Recompute every row's hash in order and report the first row that does not match."""
    prev = GENESIS_HASH
    count = last_id = 0
    cursor = db.execute(
        f"SELECT id, {', '.join(_COLUMNS)}, prev_hash, row_hash FROM audit_log ORDER BY id"
    )
    for row in cursor:
        count += 1
        values = dict(zip(_COLUMNS, row[1:-2], strict=True))
        stored_prev, stored_hash = row[-2], row[-1]
        if stored_prev != prev:
            return ChainReport(
                False,
                count,
                row[0],
                f"audit row {row[0]} does not follow row before it: a row was removed or inserted",
            )
        if row_hash(prev, values) != stored_hash:
            return ChainReport(
                False, count, row[0], f"audit row {row[0]} was altered after it was written"
            )
        prev = stored_hash
        last_id = row[0]
    head = db.execute("SELECT last_id, last_hash, row_count FROM audit_head").fetchone()
    if head != (last_id, prev, count):
        return ChainReport(
            False,
            count,
            head[0],
            f"the audit log ends at row {last_id} but row {head[0]} was written: "
            f"{head[2] - count} of the newest rows were removed",
        )
    return ChainReport(
        True,
        count,
        None,
        f"{count} audit rows, chain intact (newest row {last_id}, hash {prev[:16]}…)",
    )


@reported
def history_for_case(db: Database, booking_id: int, person_id: int) -> list[AuditEntry]:
    """Audit rows of one case (its booking, charges and matches) and of its person, oldest first."""
    rows = db.execute(
        """
        SELECT a.id, a.at, a.staff_id, coalesce(s.full_name, a.os_login), a.os_login, a.action,
               a.table_name, a.record_id, a.field, a.old_value, a.new_value
        FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
        WHERE a.booking_id = ?
        UNION
        SELECT a.id, a.at, a.staff_id, coalesce(s.full_name, a.os_login), a.os_login, a.action,
               a.table_name, a.record_id, a.field, a.old_value, a.new_value
        FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
        WHERE a.table_name = 'persons' AND a.record_id = ?
        ORDER BY 1
        """,
        [booking_id, person_id],
    ).fetchall()
    return [
        AuditEntry(
            id=r[0],
            at=from_db_instant(r[1]),
            staff_id=r[2],
            staff_name=r[3],
            os_login=r[4],
            action=AuditAction(r[5]),
            table_name=r[6],
            record_id=r[7],
            field=r[8],
            old_value=r[9],
            new_value=r[10],
        )
        for r in rows
    ]
