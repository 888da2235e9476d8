"""Contacts: attorneys, designees, ICE offices, the state bureau and others the office writes to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from models.records import Staff
from models.store import reported
from models.writes import insert_audited


@dataclass(frozen=True)
class Contact:
    """Someone the office writes to or hears from, for pickers and lists."""

    id: int
    kind: str
    name: str
    organisation: str | None = None
    address: str | None = None
    email: str | None = None


@reported
def list_contacts(db: Database, kind: str | None = None) -> list[Contact]:
    """Every contact, or those of one ``kind``, by name (case-insensitive)."""
    where, params = ("WHERE kind = ? ", [kind]) if kind else ("", [])
    rows = db.execute(
        "SELECT id, kind, name, organisation, address, email FROM contacts "
        f"{where}ORDER BY name COLLATE NOCASE, id",
        params,
    )
    return [Contact(*r) for r in rows]


@reported
def contact_kinds(db: Database) -> list[tuple[str, str]]:
    """The kinds of contact as ``(code, label)``, by label."""
    return [tuple(r) for r in db.execute("SELECT code, label FROM contact_kinds ORDER BY label")]


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
