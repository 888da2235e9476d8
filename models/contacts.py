"""Contacts: attorneys, designees, ICE offices, the state bureau and others the office writes to."""

from __future__ import annotations

from sqlite_utils import Database

from models.records import Staff
from models.writes import insert_audited


def contact_name_map(db: Database) -> dict[int, str]:
    """Every contact's name by id (for showing the history of who was attorney when)."""
    return dict(db.execute("SELECT id, name FROM contacts").fetchall())


def resolve_contact(db: Database, kind: str, name: str | None, actor: Staff) -> int | None:
    """The id of the ``kind`` contact called ``name``, adding it if new (inside a transaction).

    A clerk types an attorney's name in a case; the first time, that creates the contact.
    """
    name = (name or "").strip()
    if not name:
        return None
    row = db.execute("SELECT id FROM contacts WHERE kind = ? AND name = ?", [kind, name]).fetchone()
    if row:
        return row[0]
    return insert_audited(db, actor, "contacts", {"kind": kind, "name": name})
