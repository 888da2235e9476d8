"""The import engine's update path: bring a booking already on file in line with the file.

Only the fields the mapping fills are compared and written; each change is audited field by
field (old → new) with the booking's id, like an edit at the desk, so the booking's History
shows it and an undo of the batch can put every old value back. A booking whose mapped values
already equal the file's is left alone and counted as skipped.

What was entered at the desk is never lost to an update:

* an empty cell, or one the source withheld (a FOIA redaction marker), never blanks a value
  on file;
* what the file did not give (a placeholder facility, a custody status worked out from the
  release time) is not written over a value on file, except that a release time the file now
  gives moves a booking still "in custody" to "released";
* the file's booking notes are added below the notes on file, not put in their place;
* charges are updated by their position and new ones added; a charge the file no longer lists
  stays (it may have been entered at the desk);
* a booking that already has a detainer other than the file's is rejected with both named:
  whether it is a new detainer or a correction is for the clerk to say, in the case itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.audit import record_changes
from models.records import AuditAction, Detainer

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


def _changes(old: dict | None, new: dict) -> list[tuple[str, object, object]]:
    """(column, old, new) where ``new`` differs; an empty or withheld cell blanks nothing."""
    old = old or {}
    return [
        (k, old.get(k), v)
        for k, v in new.items()
        if k not in _KEY and old.get(k) != v and not (v is None and old.get(k) is not None)
    ]


def _booking_changes(old: dict, case: PreparedCase) -> list[tuple[str, object, object]]:
    """The booking's changes, leaving alone what the file did not give and the desk's notes."""
    out = []
    for column, was, new in _changes(old, case.booking):
        if column in case.derived and was is not None:
            released = (column, was, new) == ("custody_status", "in_custody", "released")
            if not released:
                continue
        if column == "notes" and was:
            if new in was:
                continue
            new = f"{was}\n{new}"
        out.append((column, was, new))
    return out


def apply_update(run, case: PreparedCase, existing: Existing) -> bool:
    """Write the differences between ``case`` and the stored booking; False when none.

    Args:
        run: the engine's state (database, actor, id sequences, detainer helper).
        case: the prepared booking from the file.
        existing: the stored booking with the same natural key.

    Raises:
        Rejected: the case's detainer is not valid, or differs from the one on file.
        sqlite3.IntegrityError: a value breaks a rule of the schema.
    """
    db, actor, bid = run.db, run.actor, existing.booking_id
    held: dict[str, dict[str, str]] = {}
    for (table, column), marker in case.withheld.items():
        held.setdefault(table, {})[column] = marker
    person = _rows(db, "SELECT * FROM persons WHERE id = ?", [existing.person_id])[0]
    booking = _rows(db, "SELECT * FROM bookings WHERE id = ?", [bid])[0]
    old_charges = _rows(db, "SELECT * FROM charges WHERE booking_id = ? ORDER BY seq, id", [bid])
    old_match = _rows(
        db, "SELECT * FROM fingerprint_matches WHERE booking_id = ? ORDER BY id DESC LIMIT 1", [bid]
    )
    old_match = old_match[0] if old_match else None
    plan = {"persons": _changes(person, case.person), "bookings": _booking_changes(booking, case)}
    charge_updates = [
        (old, changes)
        for old, new in zip(old_charges, case.charges, strict=False)
        if (changes := _changes(old, {k: v for k, v in new.items() if k != "seq"}))
    ]
    charge_inserts = case.charges[len(old_charges) :]
    match_changes = _changes(old_match, case.match) if case.match is not None else []
    match_insert = case.match is not None and old_match is None
    detainer = case.detainer is not None and not _same_detainer_on_file(db, case, bid)
    changed = any(plan.values()) or charge_updates or charge_inserts
    changed = changed or match_changes or match_insert or detainer
    # Each record with the markers the file gives it (a charge's under its position).
    marked = [
        ("persons", existing.person_id, person, held.get("persons", {})),
        ("bookings", bid, booking, held.get("bookings", {})),
        *(
            ("charges", c["id"], c, held.get(f"charges:{n}", {}))
            for n, c in enumerate(old_charges[: len(case.charges)], start=1)
        ),
    ]
    if old_match:
        marked.append(("fingerprint_matches", old_match["id"], old_match, held.get(_FM, {})))
    if not changed and not _marker_changes(db, marked):
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
        marked.append(
            ("charges", _insert(run, "charges", row, bid), {}, held.get(f"charges:{seq}", {}))
        )
    if match_insert:
        match_id = _insert(run, "fingerprint_matches", {**case.match, "booking_id": bid}, bid)
        marked.append(("fingerprint_matches", match_id, {}, held.get(_FM, {})))
    elif match_changes:
        _update(db, actor, "fingerprint_matches", old_match["id"], match_changes, bid)
    _sync_markers(db, actor, marked, bid)
    if detainer:
        run.add_detainer(case, bid)
    return True


_FM = "fingerprint_matches"


def _same_detainer_on_file(db, case: PreparedCase, bid: int) -> bool:
    """True when the booking has the file's detainer; False when it has none.

    Raises:
        Rejected: the booking has a detainer, and not the file's (form and time received).
    """
    from models.timeutil import to_db_instant

    stored = db.execute(
        "SELECT form_code, received_at FROM detainers WHERE booking_id = ? ORDER BY id", [bid]
    ).fetchall()
    if not stored:
        return False
    form, received = case.detainer.get("form_code"), case.detainer.get("received_at")
    wanted = (form, to_db_instant(received) if received is not None else None)
    if any((f, r) == wanted or (received is None and f == form) for f, r in stored):
        return True
    on_file = "; ".join(f"form {f}, received {r}" for f, r in stored)
    raise Rejected(
        [
            f"this booking already has a detainer on file ({on_file}) and the file gives another "
            f"(form {form}, received {wanted[1] or 'not given'}); not changed: record a new "
            "detainer or correct the one on file in the case itself"
        ]
    )


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


def _marker_changes(db, marked: list) -> bool:
    """Whether any record's markers would change; ``marked``: (table, id, row, file's markers)."""
    for table, record_id, row, held in marked:
        stored = _stored_markers(db, table, record_id)
        if _wanted_markers(row, held, stored) != stored:
            return True
    return False


def _sync_markers(db, actor, marked: list, bid: int) -> None:
    """Bring each record's withheld-value markers in line with the file, audited."""
    for table, record_id, _row, held in marked:
        row = _rows(db, f"SELECT * FROM {table} WHERE id = ?", [record_id])[0]
        stored = _stored_markers(db, table, record_id)
        wanted = _wanted_markers(row, held, stored)
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
