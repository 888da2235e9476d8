"""Verbs over a case (a flagged arrest): read, create, update and delete, each one audited.

A case is one booking of one person with its charges and fingerprint matches. Every write runs
in a single ``BEGIN IMMEDIATE`` transaction together with its audit rows, so a failure at any
point leaves the database exactly as it was. Updates carry the ``row_version`` the editor
loaded; if someone else saved in between, nothing is written and :class:`ConflictError` says so.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime

from sqlite_utils import Database

from models.audit import record_changes
from models.contacts import resolve_contact
from models.errors import ConflictError, FieldError, NotFoundError, ValidationError
from models.lookups import load_vocabularies
from models.records import AuditAction, Booking, Case, Charge, FingerprintMatch, Person, Staff
from models.rowmap import from_row, to_row
from models.store import next_id, reported, write_transaction
from models.timeutil import utc_now
from models.validation import clean_case, sort_name_for

_PERSON_SKIP = ("id", "aliases", "row_version")
_BOOKING_SKIP = ("id", "row_version")


@reported
def get_case(db: Database, booking_id: int) -> Case:
    """Load one case by its booking id.

    Raises:
        NotFoundError: there is no such booking.
    """
    rows = list(db.query("SELECT * FROM bookings WHERE id = ?", [booking_id]))
    if not rows:
        raise NotFoundError(f"There is no case number {booking_id}.")
    booking = from_row(Booking, rows[0])
    person = get_person(db, rows[0]["person_id"])
    charges = tuple(
        from_row(Charge, r)
        for r in db.query(
            "SELECT * FROM charges WHERE booking_id = ? ORDER BY seq, id", [booking_id]
        )
    )
    matches = tuple(
        from_row(FingerprintMatch, r)
        for r in db.query(
            "SELECT * FROM fingerprint_matches WHERE booking_id = ? ORDER BY id", [booking_id]
        )
    )
    return Case(person=person, booking=booking, charges=charges, matches=matches)


def create_case(db: Database, case: Case, actor: Staff, *, now: datetime | None = None) -> Case:
    """Validate and save a new case (and its person, unless ``case.person.id`` names one).

    Raises:
        ValidationError: the case breaks a rule or its booking number is already used.
        StoreError: the database could not be written (locked, read-only, disk full).
    """
    case = clean_case(case, load_vocabularies(db), now or utc_now())
    with write_transaction(db):
        _refuse_duplicate_booking(db, case.booking)
        _refuse_duplicate_person(db, case.person)
        booking_id = _next_booking_id(db)
        person_id, _ = _save_person(db, actor, case.person, booking_id)
        _save_booking(db, actor, case.booking, person_id, case.person, booking_id)
        _save_children(db, actor, booking_id, "charges", Charge, case.charges)
        _save_children(db, actor, booking_id, "fingerprint_matches", FingerprintMatch, case.matches)
    return get_case(db, booking_id)


def update_case(db: Database, case: Case, actor: Staff, *, now: datetime | None = None) -> Case:
    """Validate and save changes to an existing case, auditing each changed field.

    Raises:
        ValidationError: the changed case breaks a rule.
        ConflictError: someone else saved this case (or its person) after it was loaded.
        StoreError: the database could not be written.
    """
    booking_id = case.booking.id
    if booking_id is None:
        raise ValueError("update_case needs a saved case; use create_case for a new one")
    case = clean_case(case, load_vocabularies(db), now or utc_now())
    with write_transaction(db):
        _refuse_stale_case(db, case.booking)
        _refuse_duplicate_booking(db, case.booking)
        _refuse_duplicate_person(db, case.person)
        person_id, person_changed = _save_person(db, actor, case.person, booking_id)
        charges_changed = _save_children(db, actor, booking_id, "charges", Charge, case.charges)
        matches_changed = _save_children(
            db, actor, booking_id, "fingerprint_matches", FingerprintMatch, case.matches
        )
        _save_booking(
            db,
            actor,
            case.booking,
            person_id,
            case.person,
            booking_id,
            case_changed=person_changed or charges_changed or matches_changed,
        )
    return get_case(db, booking_id)


def save_case(
    db: Database,
    case: Case,
    actor: Staff,
    *,
    attorney: str | None = None,
    designee: str | None = None,
    person_edited: bool = True,
    now: datetime | None = None,
) -> Case:
    """Create or update ``case``, first resolving the attorney and designee typed by name.

    With ``person_edited`` False (the clerk did not touch the Person tab) the person is saved as
    stored now, so an edit made meanwhile at another desk is neither undone nor a conflict.
    All of it is one transaction: a contact is never added for a case that failed to save.
    """
    with write_transaction(db):
        if not person_edited and case.person.id is not None:
            return _save(db, case.replace(person=get_person(db, case.person.id)), actor, now)
        person = dataclasses.replace(
            case.person,
            attorney_contact_id=resolve_contact(db, "attorney", attorney, actor),
            designee_contact_id=resolve_contact(db, "designee", designee, actor),
        )
        return _save(db, case.replace(person=person), actor, now)


def _save(db: Database, case: Case, actor: Staff, now: datetime | None) -> Case:
    if case.booking.id is None:
        return create_case(db, case, actor, now=now)
    return update_case(db, case, actor, now=now)


@reported
def get_person(db: Database, person_id: int) -> Person:
    """Load one person with their aliases.

    Raises:
        NotFoundError: there is no such person.
    """
    rows = list(db.query("SELECT * FROM persons WHERE id = ?", [person_id]))
    if not rows:
        raise NotFoundError(f"There is no person number {person_id}.")
    aliases = tuple(
        r[0]
        for r in db.execute(
            "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY id", [person_id]
        )
    )
    return from_row(Person, rows[0], aliases=aliases)


@reported
def contact_names(db: Database, person: Person) -> tuple[str, str]:
    """The attorney's and designee's names for a person's form (empty when none)."""
    names = []
    for contact_id in (person.attorney_contact_id, person.designee_contact_id):
        row = db.execute("SELECT name FROM contacts WHERE id = ?", [contact_id]).fetchone()
        names.append(row[0] if row else "")
    return names[0], names[1]


def delete_case(db: Database, booking_id: int, actor: Staff, row_version: int) -> None:
    """Delete a booking with its charges and matches (the person stays), auditing every field.

    Raises:
        NotFoundError: no such case.
        ConflictError: the case changed since it was loaded.
    """
    with write_transaction(db):
        row = db.execute("SELECT row_version FROM bookings WHERE id = ?", [booking_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no case number {booking_id}.")
        if row[0] != row_version:
            raise ConflictError(
                "This case was changed by someone else since you opened it; "
                "it was not deleted. Reopen it and try again."
            )
        for table in ("charges", "fingerprint_matches"):
            for child in list(
                db.query(f"SELECT * FROM {table} WHERE booking_id = ?", [booking_id])
            ):
                _delete_row(db, actor, table, child, booking_id)
        booking = next(db.query("SELECT * FROM bookings WHERE id = ?", [booking_id]))
        _delete_row(db, actor, "bookings", booking, booking_id)


def _delete_row(db: Database, actor: Staff, table: str, row: dict, booking_id: int) -> None:
    db.execute(f"DELETE FROM {table} WHERE id = ?", [row["id"]])
    changes = [(k, v, None) for k, v in row.items() if k != "id" and v is not None]
    record_changes(db, actor, AuditAction.DELETE, table, row["id"], changes, booking_id)


_CHANGED_ELSEWHERE = {
    "bookings": "This case was changed elsewhere (at another desk or in another editor) after "
    "you opened it, so your changes were not saved. Note them, close this editor, open the case "
    "again to see the other changes, and enter yours.",
    "persons": "This person's details were changed elsewhere (at another desk or in another "
    "editor) after you opened this editor, so your changes were not saved. Note them, close this "
    "editor, open it again to see the other changes, and enter yours.",
}
_DELETED_ELSEWHERE = (
    "This case was deleted at another desk after you opened it, so your changes could not be saved."
)


def _refuse_stale_case(db: Database, booking: Booking) -> None:
    """Before writing anything: the case must still exist and be as the editor loaded it."""
    row = db.execute("SELECT row_version FROM bookings WHERE id = ?", [booking.id]).fetchone()
    if row is None:
        raise ConflictError(_DELETED_ELSEWHERE)
    if row[0] != booking.row_version:
        raise ConflictError(_CHANGED_ELSEWHERE["bookings"])


def _refuse_duplicate_booking(db: Database, booking: Booking) -> None:
    row = db.execute(
        "SELECT id FROM bookings WHERE agency_ori = ? AND booking_number = ? AND id IS NOT ?",
        [booking.agency_ori, booking.booking_number, booking.id],
    ).fetchone()
    if row:
        raise ValidationError(
            FieldError(
                "booking.booking_number",
                f"Booking number {booking.booking_number} of agency {booking.agency_ori} "
                f"is already recorded (case {row[0]}).",
            )
        )


def _refuse_duplicate_person(db: Database, person: Person) -> None:
    """An A-number names one person: a second person record with it would split their history."""
    if not person.a_number:
        return
    if person.id is not None:
        stored = db.execute("SELECT a_number FROM persons WHERE id = ?", [person.id]).fetchone()
        if stored and stored[0] == person.a_number:
            return  # unchanged: an older duplicate must not make the case uneditable
    row = db.execute(
        "SELECT p.id, p.family_name, p.given_names, "
        "(SELECT max(b.id) FROM bookings b WHERE b.person_id = p.id) "
        "FROM persons p WHERE p.a_number = ? AND p.id IS NOT ?",
        [person.a_number, person.id],
    ).fetchone()
    if row:
        name = f"{row[1]}, {row[2]}" if row[2] else row[1]
        where = f" (case {row[3]})" if row[3] else ""
        raise ValidationError(
            FieldError(
                "person.a_number",
                f"A-number {person.a_number} is already recorded for {name}{where}. If this is "
                "the same person, add the arrest to their record with “New booking for the "
                "selected person”.",
            )
        )


def _next_booking_id(db: Database) -> int:
    # Known before insert so the person's audit rows can point at the case they belong to.
    return next_id(db, "bookings")


def _save_person(db: Database, actor: Staff, person: Person, booking_id: int) -> tuple[int, bool]:
    """Insert or update the person; return their id and whether anything was written."""
    row = to_row(person, skip=_PERSON_SKIP)
    row["sort_name"] = sort_name_for(person.family_name, person.given_names)
    if person.id is None:
        person_id = _insert(db, "persons", row)
        changes = [(k, None, v) for k, v in row.items() if v is not None and k != "sort_name"]
        if person.aliases:
            changes.append(("aliases", None, "; ".join(person.aliases)))
        record_changes(db, actor, AuditAction.CREATE, "persons", person_id, changes, booking_id)
    else:
        person_id = person.id
        old = _load_row(db, "persons", person_id)
        changes = _diff(old, row, ignore=("sort_name",))
        old_aliases = [
            r[0]
            for r in db.execute(
                "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY id", [person_id]
            )
        ]
        if set(person.aliases) != set(old_aliases):  # aliases are a set: order is not stored
            changes.append(
                ("aliases", "; ".join(old_aliases) or None, "; ".join(person.aliases) or None)
            )
        if changes:
            _update_versioned(db, "persons", person_id, person.row_version, old, row)
            record_changes(db, actor, AuditAction.UPDATE, "persons", person_id, changes, booking_id)
    _sync_aliases(db, person_id, person.aliases)
    return person_id, person.id is None or bool(changes)


def _sync_aliases(db: Database, person_id: int, aliases: tuple[str, ...]) -> None:
    existing = {
        r[0]
        for r in db.execute("SELECT alias FROM person_aliases WHERE person_id = ?", [person_id])
    }
    for alias in existing - set(aliases):
        db.execute(
            "DELETE FROM person_aliases WHERE person_id = ? AND alias = ?", [person_id, alias]
        )
    for alias in aliases:
        if alias not in existing:
            db.execute(
                "INSERT INTO person_aliases (person_id, alias) VALUES (?, ?)", [person_id, alias]
            )


def _save_booking(
    db: Database,
    actor: Staff,
    booking: Booking,
    person_id: int,
    person: Person,
    booking_id: int,
    case_changed: bool = False,
) -> None:
    db.execute("INSERT OR IGNORE INTO facilities (name) VALUES (?)", [booking.facility])
    row = to_row(booking, skip=_BOOKING_SKIP)
    row["person_id"] = person_id
    row["person_sort_name"] = sort_name_for(person.family_name, person.given_names)
    if booking.id is None:
        row["id"] = booking_id
        _insert(db, "bookings", row)
        changes = [
            (k, None, v)
            for k, v in row.items()
            if v is not None and k not in ("id", "person_sort_name")
        ]
        record_changes(db, actor, AuditAction.CREATE, "bookings", booking_id, changes, booking_id)
        return
    old = _load_row(db, "bookings", booking_id)
    changes = _diff(old, row, ignore=("person_sort_name",))
    if not changes and not case_changed and old.get("person_sort_name") == row["person_sort_name"]:
        return  # nothing changed: no new version, so no other desk is told of a conflict
    # The booking's version moves on any change to the case, children included, so two desks
    # editing the same case always notice each other.
    _update_versioned(db, "bookings", booking_id, booking.row_version, old, row)
    record_changes(db, actor, AuditAction.UPDATE, "bookings", booking_id, changes, booking_id)


def _save_children(
    db: Database, actor: Staff, booking_id: int, table: str, cls, records: tuple
) -> bool:
    """Bring a case's charges or matches in line with ``records``; True if anything changed."""
    old_rows = {
        r["id"]: r for r in db.query(f"SELECT * FROM {table} WHERE booking_id = ?", [booking_id])
    }
    kept = {r.id for r in records if r.id is not None}
    changed = False
    for child_id, old in old_rows.items():
        if child_id not in kept:
            _delete_row(db, actor, table, old, booking_id)
            changed = True
    for seq, record in enumerate(records, start=1):
        row = to_row(record)
        row["booking_id"] = booking_id
        if table == "charges":
            row["seq"] = seq
        if record.id is None or record.id not in old_rows:
            child_id = _insert(db, table, row)
            changes = [
                (k, None, v)
                for k, v in row.items()
                if v is not None and k not in ("booking_id", "seq")
            ]
            record_changes(db, actor, AuditAction.CREATE, table, child_id, changes, booking_id)
            changed = True
        else:
            changes = _diff(old_rows[record.id], row, ignore=("seq",))
            if changes:
                sets = ", ".join(f"{k} = ?" for k in row)
                _write(
                    db, table, f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), record.id]
                )
                record_changes(db, actor, AuditAction.UPDATE, table, record.id, changes, booking_id)
                changed = True
    return changed


def _insert(db: Database, table: str, row: dict) -> int:
    cols = ", ".join(row)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})"
    return _write(db, table, sql, list(row.values())).lastrowid


def _write(db: Database, table: str, sql: str, params: list) -> sqlite3.Cursor:
    """Run one write; a constraint the checks above missed still becomes a ValidationError."""
    try:
        return db.execute(sql, params)
    except sqlite3.IntegrityError as exc:
        raise ValidationError(FieldError(table, f"The record could not be saved: {exc}")) from exc


def _load_row(db: Database, table: str, record_id: int) -> dict:
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id]))
    if not rows:
        raise ConflictError(
            _DELETED_ELSEWHERE if table == "bookings" else _CHANGED_ELSEWHERE["bookings"]
        )
    return rows[0]


def _diff(old: dict, new: dict, ignore: tuple[str, ...] = ()) -> list[tuple[str, object, object]]:
    return [(k, old.get(k), v) for k, v in new.items() if k not in ignore and old.get(k) != v]


def _update_versioned(
    db: Database, table: str, record_id: int, version: int, old: dict, row: dict
) -> None:
    # Only the columns that changed are written, so triggers on the others (the search index
    # on a booking number, say) do not fire for an edit to the notes.
    changed = {k: v for k, v in row.items() if old.get(k) != v}
    sets = "".join(f"{k} = ?, " for k in changed)
    cursor = _write(
        db,
        table,
        f"UPDATE {table} SET {sets}row_version = row_version + 1 WHERE id = ? AND row_version = ?",
        [*changed.values(), record_id, version],
    )
    if cursor.rowcount == 0:
        raise ConflictError(_CHANGED_ELSEWHERE[table])
