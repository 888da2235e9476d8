"""The import engine's update path: bring a booking already on file in line with the file.

Only the fields the mapping fills are compared and written; each change is audited field by
field (old → new) with the booking's id, like an edit at the desk, so the booking's History
shows it and an undo of the batch can put every old value back. A value the source withheld
(a FOIA redaction marker) never blanks a value already on file. A booking whose mapped values
already equal the file's is left alone and counted as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.audit import record_changes
from models.records import AuditAction, Detainer
from models.writes import delete_row

if TYPE_CHECKING:
    from models.detainer_vocab import DetainerVocab
    from models.importing.prepare import PreparedCase

#: Columns of the natural key and those the engine sets itself: never "updated".
_KEY = ("id", "agency_ori", "booking_number", "person_id", "person_sort_name", "booking_id")


@dataclass(frozen=True)
class Existing:
    """A booking of the file already on record: its ids and its last import's content hash."""

    booking_id: int
    person_id: int
    last_hash: str | None


class Rejected(Exception):
    """A booking that cannot be written as it stands (the reasons go to the error report)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def detainer_for(case: PreparedCase, booking_id: int, vocab: DetainerVocab) -> Detainer:
    """The Detainer to record for ``case``'s prepared detainer values (defaults filled in)."""
    values = dict(case.detainer or {})
    form = vocab.form(values.get("form_code", ""))
    requests = form.requests if form else "hold"
    defaults = {
        "received_via": "fax",
        "edition": form.edition if form else None,
        "requests_hold": requests == "hold",
        "requests_notification": requests == "notify",
        "requests_transfer": requests == "transfer",
    }
    known = set(Detainer.__dataclass_fields__)
    fields = {k: v for k, v in {**defaults, **values}.items() if k in known}
    return Detainer(id=None, booking_id=booking_id, **fields)


def _rows(db, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _changes(old: dict | None, new: dict, withheld: set[str]) -> list[tuple[str, object, object]]:
    """(column, old, new) where ``new`` differs; a withheld value never blanks a stored one."""
    old = old or {}
    return [
        (k, old.get(k), v)
        for k, v in new.items()
        if k not in _KEY and old.get(k) != v and not (k in withheld and v is None)
    ]


def apply_update(run, case: PreparedCase, existing: Existing) -> bool:
    """Write the differences between ``case`` and the stored booking; False when none.

    Args:
        run: the engine's state (database, actor, id sequences, detainer helper).
        case: the prepared booking from the file.
        existing: the stored booking with the same natural key.

    Raises:
        Rejected: the case's detainer is not valid.
        sqlite3.IntegrityError: a value breaks a rule of the schema.
    """
    db, actor, bid = run.db, run.actor, existing.booking_id
    held = {}
    for (table, column), marker in case.withheld.items():
        held.setdefault(table, {})[column] = marker
    person = _rows(db, "SELECT * FROM persons WHERE id = ?", [existing.person_id])[0]
    booking = _rows(db, "SELECT * FROM bookings WHERE id = ?", [bid])[0]
    old_charges = _rows(db, "SELECT * FROM charges WHERE booking_id = ? ORDER BY seq, id", [bid])
    old_match = _rows(
        db, "SELECT * FROM fingerprint_matches WHERE booking_id = ? ORDER BY id DESC LIMIT 1", [bid]
    )
    old_match = old_match[0] if old_match else None
    plan = {
        "persons": _changes(person, case.person, set(held.get("persons", {}))),
        "bookings": _changes(booking, case.booking, set(held.get("bookings", {}))),
    }
    charge_held = set(held.get("charges", {}))
    charge_updates = [
        (old, changes)
        for old, new in zip(old_charges, case.charges, strict=False)
        if (changes := _changes(old, {k: v for k, v in new.items() if k != "seq"}, charge_held))
    ]
    charge_inserts = case.charges[len(old_charges) :]
    charge_deletes = old_charges[len(case.charges) :] if case.charges else []
    match_changes = (
        _changes(old_match, case.match, set(held.get("fingerprint_matches", {})))
        if case.match is not None
        else []
    )
    match_insert = case.match is not None and old_match is None
    has_detainer = db.execute("SELECT 1 FROM detainers WHERE booking_id = ?", [bid]).fetchone()
    detainer = case.detainer is not None and not has_detainer
    changed = any(plan.values()) or charge_updates or charge_inserts or charge_deletes
    changed = changed or match_changes or match_insert or detainer
    records = {"persons": {existing.person_id: person}, "bookings": {bid: booking}}
    records["charges"] = {c["id"]: c for c in old_charges[: len(case.charges)]}
    records["fingerprint_matches"] = {old_match["id"]: old_match} if old_match else {}
    if not changed and not _marker_changes(db, records, held):
        return False

    for table, record_id in (("persons", existing.person_id), ("bookings", bid)):
        changes = plan[table]
        if table == "bookings" and any(k == "facility" for k, *_ in changes):
            db.execute(
                "INSERT OR IGNORE INTO facilities (name) VALUES (?)", [case.booking["facility"]]
            )
        if changes or table == "bookings":  # the case's version moves on any change to it
            sets = "".join(f"{k} = ?, " for k, *_ in changes)
            db.execute(
                f"UPDATE {table} SET {sets}row_version = row_version + 1 WHERE id = ?",
                [*(new for _k, _o, new in changes), record_id],
            )
            record_changes(db, actor, AuditAction.UPDATE, table, record_id, changes, bid)
    for old, changes in charge_updates:
        _update(db, actor, "charges", old["id"], changes, bid)
    for seq, charge in enumerate(charge_inserts, start=len(old_charges) + 1):
        row = {"seq": seq, **charge, "booking_id": bid}
        records["charges"][_insert(run, "charges", row, bid)] = {}
    for old in charge_deletes:
        _drop_markers(db, actor, "charges", old["id"], bid)
        delete_row(db, actor, "charges", old, bid)
    if match_insert:
        match_id = _insert(run, "fingerprint_matches", {**case.match, "booking_id": bid}, bid)
        records["fingerprint_matches"] = {match_id: {}}
    elif match_changes:
        _update(db, actor, "fingerprint_matches", old_match["id"], match_changes, bid)
    _sync_markers(db, actor, records, held, bid)
    if detainer:
        run.add_detainer(case, bid)
    return True


def _update(db, actor, table: str, record_id: int, changes: list, bid: int) -> None:
    sets = ", ".join(f"{k} = ?" for k, *_ in changes)
    db.execute(
        f"UPDATE {table} SET {sets} WHERE id = ?", [*(new for *_x, new in changes), record_id]
    )
    record_changes(db, actor, AuditAction.UPDATE, table, record_id, changes, bid)


def _insert(run, table: str, row: dict, bid: int) -> int:
    record_id = run.take_id(table)
    row = {"id": record_id, **row}
    run.db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    changes = [(k, None, v) for k, v in row.items() if k != "id" and v is not None]
    record_changes(run.db, run.actor, AuditAction.CREATE, table, record_id, changes, bid)
    return record_id


def _stored_markers(db, table: str, record_id: int) -> dict[str, str]:
    return dict(
        db.execute(
            "SELECT field, marker FROM withheld_values WHERE table_name = ? AND record_id = ?",
            [table, record_id],
        ).fetchall()
    )


def _wanted_markers(row: dict, held: dict[str, str], stored: dict[str, str]) -> dict[str, str]:
    """The markers a record should carry: the file's, where no value is on file."""
    wanted = {k: v for k, v in stored.items() if k not in held and row.get(k) is None}
    wanted.update({k: v for k, v in held.items() if row.get(k) is None})
    return wanted


def _marker_changes(db, records: dict, held: dict) -> bool:
    for table, rows in records.items():
        for record_id, row in rows.items():
            stored = _stored_markers(db, table, record_id)
            if _wanted_markers(row, held.get(table, {}), stored) != stored:
                return True
    return False


def _sync_markers(db, actor, records: dict, held: dict, bid: int) -> None:
    """Bring each record's withheld-value markers in line with the file, audited."""
    for table, rows in records.items():
        for record_id in rows:
            row = _rows(db, f"SELECT * FROM {table} WHERE id = ?", [record_id])[0]
            stored = _stored_markers(db, table, record_id)
            wanted = _wanted_markers(row, held.get(table, {}), stored)
            for column in sorted(set(stored) | set(wanted)):
                old, new = stored.get(column), wanted.get(column)
                if old == new:
                    continue
                set_marker(db, table, record_id, column, new)
                record_changes(
                    db,
                    actor,
                    AuditAction.UPDATE,
                    "withheld_values",
                    record_id,
                    [(f"{table}.{column}", old, new)],
                    bid,
                )


def _drop_markers(db, actor, table: str, record_id: int, bid: int) -> None:
    for column, marker in _stored_markers(db, table, record_id).items():
        set_marker(db, table, record_id, column, None)
        record_changes(
            db,
            actor,
            AuditAction.UPDATE,
            "withheld_values",
            record_id,
            [(f"{table}.{column}", marker, None)],
            bid,
        )


def set_marker(db, table: str, record_id: int, column: str, marker: str | None) -> None:
    """Store (or with None remove) the withheld-value marker of one field of one record."""
    if marker is None:
        db.execute(
            "DELETE FROM withheld_values WHERE table_name = ? AND record_id = ? AND field = ?",
            [table, record_id, column],
        )
    else:
        db.execute(
            "INSERT OR REPLACE INTO withheld_values (table_name, record_id, field, marker) "
            "VALUES (?, ?, ?, ?)",
            [table, record_id, column, marker],
        )
