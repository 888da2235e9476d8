"""Verbs over a person: read, and (within a case's save) insert or update with aliases.

A person is shared by every booking they have; an A-number names exactly one person.
"""

from __future__ import annotations

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import FieldError, NotFoundError, ValidationError
from models.records import AuditAction, Person, Staff, display_name
from models.rowmap import from_row, to_row
from models.store import reported
from models.validation import sort_name_for
from models.writes import diff, insert_audited, load_row, update_versioned

_PERSON_SKIP = ("id", "aliases", "row_version")


@reported
def get_person(db: Database, person_id: int) -> Person:
    """Load one person with their aliases.

    Raises:
        NotFoundError: there is no such person.
    """
    rows = list(db.query("SELECT * FROM persons WHERE id = ?", [person_id]))
    if not rows:
        raise NotFoundError(f"There is no person number {person_id}.")
    return from_row(Person, rows[0], aliases=_aliases(db, person_id))


def refuse_duplicate_person(db: Database, person: Person) -> None:
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
        name = display_name(row[1], row[2])
        where = f" (case {row[3]})" if row[3] else ""
        raise ValidationError(
            FieldError(
                "person.a_number",
                f"A-number {person.a_number} is already recorded for {name}{where}. If this is "
                "the same person, add the arrest to their record with “New booking for the "
                "selected person”.",
            )
        )


def save_person(db: Database, actor: Staff, person: Person, booking_id: int) -> tuple[int, bool]:
    """Insert or update the person; return their id and whether anything was written."""
    row = to_row(person, skip=_PERSON_SKIP)
    row["sort_name"] = sort_name_for(person.family_name, person.given_names)
    old_aliases = _aliases(db, person.id) if person.id is not None else ()
    alias_change = set(person.aliases) != set(old_aliases)  # a set: order is not stored
    if person.id is None:
        person_id = insert_audited(
            db,
            actor,
            "persons",
            row,
            booking_id=booking_id,
            hidden=("sort_name",),
            extra=[("aliases", None, "; ".join(person.aliases))] if person.aliases else [],
        )
        changes = []
    else:
        person_id = person.id
        old = load_row(db, "persons", person_id)
        changes = diff(old, row, ignore=("sort_name",))
        if alias_change:
            changes.append(
                ("aliases", "; ".join(old_aliases) or None, "; ".join(person.aliases) or None)
            )
        if changes:
            update_versioned(db, "persons", person_id, person.row_version, old, row)
            record_changes(db, actor, AuditAction.UPDATE, "persons", person_id, changes, booking_id)
    if alias_change:
        _sync_aliases(db, person_id, old_aliases, person.aliases)
    return person_id, person.id is None or bool(changes)


def _aliases(db: Database, person_id: int) -> tuple[str, ...]:
    rows = db.execute(
        "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY id", [person_id]
    )
    return tuple(r[0] for r in rows)


def _sync_aliases(db: Database, person_id: int, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for alias in set(old) - set(new):
        db.execute(
            "DELETE FROM person_aliases WHERE person_id = ? AND alias = ?", [person_id, alias]
        )
    for alias in new:
        if alias not in old:
            db.execute(
                "INSERT INTO person_aliases (person_id, alias) VALUES (?, ?)", [person_id, alias]
            )
