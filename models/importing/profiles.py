"""Saved import profiles: a named mapping for one kind of export, kept for next month's file.

Profiles are records like any other: every save and delete is audited, a save carries the
``row_version`` it was loaded at (someone else's change in between is a conflict, nothing is
written), names are unique whatever their capitals, and a profile that comes with the app
(``is_shipped``) is never changed or deleted: a clerk saves their own version under another name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import ConflictError, FieldError, NotFoundError, ValidationError
from models.importing.mapping import Mapping
from models.records import AuditAction, Staff
from models.store import reported, write_transaction
from models.timeutil import from_db_instant, to_db_instant, utc_now

_COLUMNS = "id, name, mapping_json, is_shipped, notes, updated_at, row_version"


@dataclass(frozen=True)
class Profile:
    """A saved mapping under a name."""

    id: int
    name: str
    mapping: Mapping
    is_shipped: bool
    notes: str | None
    updated_at: datetime
    row_version: int


def _profile(row) -> Profile:
    id_, name, mapping_json, shipped, notes, updated_at, version = row
    return Profile(
        id=id_,
        name=name,
        mapping=Mapping.from_json(mapping_json),
        is_shipped=bool(shipped),
        notes=notes,
        updated_at=from_db_instant(updated_at),
        row_version=version,
    )


@reported
def list_profiles(db: Database) -> list[Profile]:
    """Every profile, by name (capitals ignored)."""
    sql = f"SELECT {_COLUMNS} FROM import_profiles ORDER BY name COLLATE NOCASE, id"
    return [_profile(row) for row in db.execute(sql).fetchall()]


@reported
def get_profile(db: Database, name: str) -> Profile:
    """The profile named ``name`` (capitals ignored).

    Raises:
        NotFoundError: there is none; the message lists the names there are.
    """
    row = _row(db, name)
    if row is None:
        known = [r[0] for r in db.execute("SELECT name FROM import_profiles ORDER BY name")]
        listed = ", ".join(f"“{k}”" for k in known) or "none yet"
        raise NotFoundError(
            f"There is no import profile named “{name.strip()}” (profiles: {listed})."
        )
    return _profile(row)


def _row(db: Database, name: str):
    return db.execute(
        f"SELECT {_COLUMNS} FROM import_profiles WHERE name = ? COLLATE NOCASE", [name.strip()]
    ).fetchone()


def save_profile(
    db: Database,
    actor: Staff,
    name: str,
    mapping: Mapping,
    notes: str | None = None,
    row_version: int | None = None,
) -> Profile:
    """Save ``mapping`` as the profile ``name``: a new one, or a new version of an existing one.

    Args:
        db: the open database.
        actor: who saves (audited).
        name: the profile's name; the same name in other capitals is the same profile.
        mapping: the mapping to keep.
        notes: what the profile is for (None keeps an existing profile's notes).
        row_version: the version of the profile as loaded, to replace it; None for a new one.

    Returns:
        The profile as saved.

    Raises:
        ValidationError: no name; the name is taken (when saving a new one); the profile comes
            with the app.
        ConflictError: the profile was changed or deleted elsewhere since it was loaded.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError(FieldError("name", "Give the profile a name."))
    text = mapping.to_json()
    now = to_db_instant(utc_now())
    with write_transaction(db):
        row = _row(db, name)
        if row is not None and row[3]:
            raise ValidationError(
                FieldError(
                    "name",
                    f"“{row[1]}” comes with the app and cannot be changed; "
                    "save your mapping under another name.",
                )
            )
        if row is None and row_version is not None:
            raise ConflictError(
                f"The profile “{name}” was deleted or renamed elsewhere since you opened it; "
                "it was not saved. Save it again as a new profile."
            )
        if row is None:
            cursor = db.execute(
                "INSERT INTO import_profiles (name, mapping_json, is_shipped, notes, updated_at, "
                "updated_by) VALUES (?, ?, 0, ?, ?, ?)",
                [name, text, notes, now, actor.id],
            )
            changes = [("name", None, name), ("mapping_json", None, text)]
            if notes is not None:
                changes.append(("notes", None, notes))
            record_changes(
                db, actor, AuditAction.CREATE, "import_profiles", cursor.lastrowid, changes
            )
            return _profile(_row(db, name))
        id_, old_name, old_text, _shipped, old_notes, _at, version = row
        if row_version is None:
            raise ValidationError(
                FieldError(
                    "name",
                    f"There is already a profile named “{old_name}” (names are the same whatever "
                    "their capitals); choose another name, or open that profile to change it.",
                )
            )
        if version != row_version:
            raise ConflictError(
                f"The profile “{old_name}” was changed elsewhere since you opened it; your "
                "changes were not saved. Open it again and make them once more."
            )
        new_notes = old_notes if notes is None else notes
        changes = [
            (column, old, new)
            for column, old, new in (
                ("name", old_name, name),
                ("mapping_json", old_text, text),
                ("notes", old_notes, new_notes),
            )
            if old != new
        ]
        db.execute(
            "UPDATE import_profiles SET name = ?, mapping_json = ?, notes = ?, updated_at = ?, "
            "updated_by = ?, row_version = row_version + 1 WHERE id = ?",
            [name, text, new_notes, now, actor.id, id_],
        )
        record_changes(db, actor, AuditAction.UPDATE, "import_profiles", id_, changes)
        return _profile(_row(db, name))


def delete_profile(db: Database, actor: Staff, name: str) -> None:
    """Delete the profile ``name`` (files imported with it keep the mapping they used).

    Raises:
        NotFoundError: there is no such profile.
        ValidationError: it comes with the app.
    """
    with write_transaction(db):
        row = _row(db, name)
        if row is None:
            raise NotFoundError(f"There is no import profile named “{name.strip()}”.")
        id_, old_name, old_text, shipped, old_notes, _at, _version = row
        if shipped:
            raise ValidationError(
                FieldError("name", f"“{old_name}” comes with the app and cannot be deleted.")
            )
        db.execute("DELETE FROM import_profiles WHERE id = ?", [id_])
        changes = [("name", old_name, None), ("mapping_json", old_text, None)]
        if old_notes is not None:
            changes.append(("notes", old_notes, None))
        record_changes(db, actor, AuditAction.DELETE, "import_profiles", id_, changes)
