"""Verbs over a case (a flagged arrest): read, create, update and delete, each one audited.

A case is one booking of one person with its charges and fingerprint matches. Every write runs
in a single ``BEGIN IMMEDIATE`` transaction together with its audit rows, so a failure at any
point leaves the database exactly as it was. Updates carry the ``row_version`` the editor
loaded; if someone else saved in between, nothing is written and :class:`ConflictError` says so.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlite_utils import Database

from models.audit import record_changes
from models.contacts import resolve_contact
from models.detainer_clocks import refresh_clocks
from models.errors import ConflictError, FieldError, NotFoundError, ValidationError
from models.lookups import load_vocabularies
from models.persons import get_person, refuse_duplicate_person, save_person
from models.records import (
    AuditAction,
    Booking,
    Case,
    Charge,
    FingerprintMatch,
    Person,
    Staff,
    Vocabularies,
)
from models.rowmap import from_row, to_row
from models.store import next_id, reported, write_transaction
from models.timeutil import utc_now
from models.validation import clean_case, sort_name_for
from models.writes import (
    CHANGED_ELSEWHERE,
    DELETED_ELSEWHERE,
    delete_row,
    diff,
    insert_audited,
    load_row,
    update_versioned,
    write,
)

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


def create_case(
    db: Database,
    case: Case,
    actor: Staff,
    *,
    now: datetime | None = None,
    vocab: Vocabularies | None = None,
) -> Case:
    """Validate and save a new case (and its person, unless ``case.person.id`` names one).

    Raises:
        ValidationError: the case breaks a rule or its booking number is already used.
        StoreError: the database could not be written (locked, read-only, disk full).
    """
    case = clean_case(case, vocab or load_vocabularies(db), now or utc_now())
    with write_transaction(db):
        _refuse_duplicate_booking(db, case.booking)
        refuse_duplicate_person(db, case.person)
        booking_id = _next_booking_id(db)
        person_id, _ = save_person(db, actor, case.person, booking_id)
        _save_booking(db, actor, case.booking, person_id, case.person, booking_id)
        _save_children(db, actor, booking_id, "charges", Charge, case.charges)
        _save_children(db, actor, booking_id, "fingerprint_matches", FingerprintMatch, case.matches)
    return get_case(db, booking_id)


def update_case(
    db: Database,
    case: Case,
    actor: Staff,
    *,
    now: datetime | None = None,
    vocab: Vocabularies | None = None,
) -> Case:
    """Validate and save changes to an existing case, auditing each changed field.

    Raises:
        ValidationError: the changed case breaks a rule.
        ConflictError: someone else saved this case (or its person) after it was loaded.
        StoreError: the database could not be written.
    """
    booking_id = case.booking.id
    if booking_id is None:
        raise ValueError("update_case needs a saved case; use create_case for a new one")
    case = clean_case(case, vocab or load_vocabularies(db), now or utc_now())
    with write_transaction(db):
        _refuse_stale_case(db, case.booking)
        _refuse_duplicate_booking(db, case.booking)
        refuse_duplicate_person(db, case.person)
        person_id, person_changed = save_person(db, actor, case.person, booking_id)
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
        # A new release time moves the clocks of the case's detainers, and a changed record
        # (a conviction, a date of birth) the advice on every detainer of the person.
        refresh_clocks(db, actor, person_id=person_id)
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
    vocab: Vocabularies | None = None,
) -> Case:
    """Create or update ``case``, first resolving the attorney and designee typed by name.

    With ``person_edited`` False (the clerk did not touch the Person tab) the person is saved as
    stored now, so an edit made meanwhile at another desk is neither undone nor a conflict.
    All of it is one transaction: a contact is never added for a case that failed to save.
    """
    with write_transaction(db):
        if not person_edited and case.person.id is not None:
            return _save(db, case.replace(person=get_person(db, case.person.id)), actor, now, vocab)
        person = dataclasses.replace(
            case.person,
            attorney_contact_id=resolve_contact(db, "attorney", attorney, actor),
            designee_contact_id=resolve_contact(db, "designee", designee, actor),
        )
        return _save(db, case.replace(person=person), actor, now, vocab)


def _save(
    db: Database, case: Case, actor: Staff, now: datetime | None, vocab: Vocabularies | None
) -> Case:
    if case.booking.id is None:
        return create_case(db, case, actor, now=now, vocab=vocab)
    return update_case(db, case, actor, now=now, vocab=vocab)


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
        detainers = db.execute(
            "SELECT count(*) FROM detainers WHERE booking_id = ?", [booking_id]
        ).fetchone()[0]
        if detainers:
            raise ConflictError(
                f"This case has {detainers} detainer record(s); a case with detainers is kept "
                "as evidence and cannot be deleted. Correct it instead."
            )
        for table in ("charges", "fingerprint_matches"):
            for child in list(
                db.query(f"SELECT * FROM {table} WHERE booking_id = ?", [booking_id])
            ):
                delete_row(db, actor, table, child, booking_id)
        booking = next(db.query("SELECT * FROM bookings WHERE id = ?", [booking_id]))
        delete_row(db, actor, "bookings", booking, booking_id)


def _refuse_stale_case(db: Database, booking: Booking) -> None:
    """Before writing anything: the case must still exist and be as the editor loaded it."""
    row = db.execute("SELECT row_version FROM bookings WHERE id = ?", [booking.id]).fetchone()
    if row is None:
        raise ConflictError(DELETED_ELSEWHERE)
    if row[0] != booking.row_version:
        raise ConflictError(CHANGED_ELSEWHERE["bookings"])


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


def _next_booking_id(db: Database) -> int:
    # Known before insert so the person's audit rows can point at the case they belong to.
    return next_id(db, "bookings")


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
    if booking.id is None:
        # The list sorts by name without a join; a trigger keeps this copy when names change.
        sort_name = sort_name_for(person.family_name, person.given_names)
        insert_audited(
            db,
            actor,
            "bookings",
            {"id": booking_id, **row, "person_sort_name": sort_name},
            booking_id=booking_id,
            hidden=("id", "person_sort_name"),
        )
        return
    old = load_row(db, "bookings", booking_id)
    changes = diff(old, row)
    if not changes and not case_changed:
        return  # nothing changed: no new version, so no other desk is told of a conflict
    # The booking's version moves on any change to the case, children included, so two desks
    # editing the same case always notice each other.
    update_versioned(db, "bookings", booking_id, booking.row_version, old, row)
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
            delete_row(db, actor, table, old, booking_id)
            changed = True
    for seq, record in enumerate(records, start=1):
        row = to_row(record)
        row["booking_id"] = booking_id
        if table == "charges":
            row["seq"] = seq
        if record.id is None or record.id not in old_rows:
            insert_audited(
                db, actor, table, row, booking_id=booking_id, hidden=("booking_id", "seq")
            )
            changed = True
        else:
            changes = diff(old_rows[record.id], row, ignore=("seq",))
            if changes:
                sets = ", ".join(f"{k} = ?" for k in row)
                write(
                    db, table, f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), record.id]
                )
                record_changes(db, actor, AuditAction.UPDATE, table, record.id, changes, booking_id)
                changed = True
    return changed
