"""Undo an import batch: remove what it created, put back what it changed, in one transaction.

What the batch created goes: its bookings with their charges, fingerprint matches, detainers
(and their status lines and ticked boxes), withheld-value markers, and the persons it created
that have no other booking; the search index follows through its triggers. What it updated gets
its old values back, read from the batch's own audit rows. Everything is audited: one ``delete``
row per table naming the batch and the count, an ``update`` row per restored field, and the
batch row's ``undone_at`` (first) and ``undone_by`` (last) bracket the undo's audit rows.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import DeskError
from models.importing.batches import get_batch, undo_refusal
from models.importing.engine_update import set_marker
from models.records import AuditAction, Staff
from models.store import write_transaction
from models.timeutil import to_db_instant, utc_now

_CREATED = "SELECT booking_id FROM import_batch_records WHERE batch_id = :b AND action = 'created'"
#: What goes with the created bookings, children first: (table, WHERE on that table).
_DETAINERS = f"detainer_id IN (SELECT id FROM detainers WHERE booking_id IN ({_CREATED}))"
_REMOVE = (
    ("detainer_status_history", _DETAINERS),
    ("detainer_box_marks", _DETAINERS),
    ("detainers", f"booking_id IN ({_CREATED})"),
    ("charges", f"booking_id IN ({_CREATED})"),
    ("fingerprint_matches", f"booking_id IN ({_CREATED})"),
    ("bookings", f"id IN ({_CREATED})"),
)  # fmt: skip
_WITHHELD_OF = ("persons", "bookings", "charges", "fingerprint_matches", "detainers")


def undo_batch(db: Database, actor: Staff, batch_id: int) -> tuple[int, int]:
    """Undo import ``batch_id``; return (bookings removed, bookings restored).

    Raises:
        NotFoundError: no such batch.
        DeskError: it cannot be undone (the message says why: already undone, changed since,
            a later import to undo first, or not the actor's to undo).
        StoreError: the database could not be written.
    """
    try:
        with write_transaction(db):
            refusal = undo_refusal(db, batch_id, actor)
            if refusal:
                raise DeskError(refusal)
            batch = get_batch(db, batch_id)
            now = to_db_instant(utc_now())
            record_changes(
                db,
                actor,
                AuditAction.UPDATE,
                "import_batches",
                batch_id,
                [("undone_at", None, now)],
            )
            restored = _restore_updated(
                db, actor, batch_id, batch.first_audit_id, batch.last_audit_id
            )
            removed = _remove_created(db, actor, batch_id)
            db.execute(
                "UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?",
                [now, actor.id, batch_id],
            )
            record_changes(
                db,
                actor,
                AuditAction.UPDATE,
                "import_batches",
                batch_id,
                [("undone_by", None, actor.id)],
            )
    except sqlite3.IntegrityError as exc:
        raise DeskError(
            f"Import {batch_id} cannot be undone: letters, correspondence or other records made "
            "since refer to its bookings. Nothing was changed."
        ) from exc
    return removed, restored


def _remove_created(db: Database, actor: Staff, batch_id: int) -> int:
    params = {"b": batch_id}
    people = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT bk.person_id FROM import_batch_records r "
            "JOIN bookings bk ON bk.id = r.booking_id "
            "WHERE r.batch_id = :b AND r.action = 'created' AND r.is_new_person = 1",
            params,
        )
    ]
    markers = 0
    for table in _WITHHELD_OF[1:]:
        where = dict(_REMOVE)[table]
        markers += db.execute(
            f"DELETE FROM withheld_values WHERE table_name = '{table}' "
            f"AND record_id IN (SELECT id FROM {table} WHERE {where})",
            params,
        ).rowcount
    counts = {}
    for table, where in _REMOVE:
        key = "detainer_id" if table == "detainer_box_marks" else "id"
        low = db.execute(f"SELECT min({key}) FROM {table} WHERE {where}", params).fetchone()[0]
        counts[table] = (db.execute(f"DELETE FROM {table} WHERE {where}", params).rowcount, low)
    gone = []
    for start in range(0, len(people), 10_000):
        part = people[start : start + 10_000]
        marks = ", ".join("?" * len(part))
        gone += [
            r[0]
            for r in db.execute(
                f"DELETE FROM persons WHERE id IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM bookings b WHERE b.person_id = persons.id) RETURNING id",
                part,
            ).fetchall()
        ]
        markers += db.execute(
            f"DELETE FROM withheld_values WHERE table_name = 'persons' AND record_id IN ({marks}) "
            "AND record_id NOT IN (SELECT id FROM persons)",
            part,
        ).rowcount
    counts["persons"] = (len(gone), min(gone, default=None))
    counts["withheld_values"] = (markers, batch_id)
    for table, (count, low) in counts.items():
        if count:
            text = f"import batch {batch_id} undone: {count} rows removed"
            record_changes(db, actor, AuditAction.DELETE, table, low, [(None, text, None)])
    return counts["bookings"][0]


def _restore_updated(db: Database, actor: Staff, batch_id: int, first, last) -> int:
    """Put back what the batch changed on bookings already on file; how many bookings."""
    updated = [
        r[0]
        for r in db.execute(
            "SELECT booking_id FROM import_batch_records WHERE batch_id = ? AND action = 'updated'",
            [batch_id],
        )
    ]
    if not updated or first is None:
        return 0
    rows = db.execute(
        "SELECT id, action, table_name, record_id, booking_id, field, old_value FROM audit_log "
        "WHERE id BETWEEN ? AND ? AND booking_id IN (SELECT booking_id FROM import_batch_records "
        "WHERE batch_id = ? AND action = 'updated') ORDER BY id DESC",
        [first, last, batch_id],
    ).fetchall()
    olds: dict[tuple[str, int, int], dict[str, str | None]] = {}
    created: list[tuple[str, int, int]] = []
    deleted: dict[tuple[str, int, int], dict[str, str | None]] = {}
    for _id, action, table, record_id, booking_id, field, old in rows:
        key = (table, record_id, booking_id)
        if action == "update":
            olds.setdefault(key, {})[field] = old  # newest first: the oldest value wins
        elif action == "create" and key not in created:
            created.append(key)
        elif action == "delete" and field is not None:
            deleted.setdefault(key, {})[field] = old
    for table, record_id, booking_id in created:
        if table == "detainers":
            for child in ("detainer_status_history", "detainer_box_marks"):
                db.execute(f"DELETE FROM {child} WHERE detainer_id = ?", [record_id])
        if table in _WITHHELD_OF:
            for (column,) in db.execute(
                "SELECT field FROM withheld_values WHERE table_name = ? AND record_id = ?",
                [table, record_id],
            ).fetchall():
                set_marker(db, table, record_id, column, None)
        row = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        names = [d[0] for d in row.description]
        values = row.fetchone()
        db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])
        changes = [(k, v, None) for k, v in zip(names, values or (), strict=False) if k != "id"]
        changes = [c for c in changes if c[1] is not None]
        record_changes(db, actor, AuditAction.DELETE, table, record_id, changes, booking_id)
    for (table, record_id, booking_id), values in deleted.items():
        row = {"id": record_id, **values}
        db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        changes = [(k, None, v) for k, v in values.items()]
        record_changes(db, actor, AuditAction.CREATE, table, record_id, changes, booking_id)
    for (table, record_id, booking_id), values in olds.items():
        if table == "withheld_values":
            for field, old in values.items():
                target, column = field.split(".", 1)
                now = db.execute(
                    "SELECT marker FROM withheld_values WHERE table_name = ? AND record_id = ? "
                    "AND field = ?",
                    [target, record_id, column],
                ).fetchone()
                set_marker(db, target, record_id, column, old)
                changes = [(field, now[0] if now else None, old)]
                record_changes(db, actor, AuditAction.UPDATE, table, record_id, changes, booking_id)
            continue
        current = db.execute(
            f"SELECT {', '.join(values)} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()
        bump = ", row_version = row_version + 1" if table in ("persons", "bookings") else ""
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)}{bump} WHERE id = ?",
            [*values.values(), record_id],
        )
        changes = list(zip(values, current, values.values(), strict=True))
        record_changes(db, actor, AuditAction.UPDATE, table, record_id, changes, booking_id)
    return len(updated)
