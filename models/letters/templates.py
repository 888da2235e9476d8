"""The county's template library: letter types and their template texts, versioned by language.

Each letter type (a stable code such as ``truth_interview_consent``) must be producible in the
languages it lists; each language holds numbered versions of the text, of which at most one is
active. A version that has been active is never edited (a database trigger refuses it): saving
a change makes a new version, so every issued letter keeps the exact text it was made from.
Only administrators change the library, every change is audited, and a text is checked by
:func:`models.letters.templating.check_template` before it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import DeskError, FieldError, NotFoundError, ValidationError
from models.letters.templating import check_template, label_in_sentence
from models.records import AuditAction, Staff, StaffRole
from models.store import reported, write_transaction
from models.timeutil import from_db_instant, to_db_instant, utc_now
from models.writes import insert_audited

WHERE_TO_LOAD = "Settings ▸ Letter templates"
_TYPE_SQL = "SELECT code, label, about_kinds, recipient, languages, description FROM letter_types"
_TEMPLATE_SQL = (
    "SELECT id, code, language, version, status, title, body, notes, created_by, created_at "
    "FROM letter_templates"
)


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True)
class LetterType:
    """A kind of letter the office produces; its code never changes."""

    code: str
    label: str
    #: The records a letter of this type can be about: case, detainer, correspondence, ...
    about_kinds: tuple[str, ...]
    #: Who it goes to unless the clerk says otherwise: person, ice, optout_addressee, ...
    recipient: str
    #: The languages it must be producible in, English first.
    languages: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Template:
    """One version of a letter type's text in one language."""

    id: int
    code: str
    language: str
    version: int
    status: TemplateStatus
    title: str
    body: str
    notes: str | None
    #: The staff id of the administrator who saved it; None for the texts shipped with the app.
    created_by: int | None
    created_at: datetime


@dataclass(frozen=True)
class TemplateSlot:
    """One language a letter type needs, and what the library holds for it."""

    code: str
    type_label: str
    language: str
    #: The language's name in English.
    language_name: str
    #: The version in force, or None while the text is "not yet loaded".
    active: Template | None
    version_count: int

    @property
    def label(self) -> str:
        return self.type_label

    @property
    def active_version(self) -> int | None:
        return self.active.version if self.active else None

    @property
    def is_loaded(self) -> bool:
        return self.active is not None


def _letter_type(row) -> LetterType:
    code, label, about_kinds, recipient, languages, description = row
    return LetterType(
        code, label, tuple(about_kinds.split()), recipient, tuple(languages.split()), description
    )


def _template(row) -> Template:
    return Template(
        id=row[0],
        code=row[1],
        language=row[2],
        version=row[3],
        status=TemplateStatus(row[4]),
        title=row[5],
        body=row[6],
        notes=row[7],
        created_by=row[8],
        created_at=from_db_instant(row[9]),
    )


def _require_admin(actor: Staff) -> None:
    if actor.role is not StaffRole.ADMINISTRATOR:
        raise DeskError("Only an administrator can change the letter templates.")


def _language_name(db: Database, code: str) -> str:
    row = db.execute("SELECT name FROM letter_languages WHERE code = ?", [code]).fetchone()
    return row[0] if row else code


@reported
def letter_types(db: Database) -> list[LetterType]:
    """Every letter type, in the order the office lists them."""
    return [_letter_type(r) for r in db.execute(f"{_TYPE_SQL} ORDER BY position").fetchall()]


@reported
def letter_type(db: Database, code: str) -> LetterType:
    """One letter type by its code.

    Raises:
        NotFoundError: there is no letter type with this code.
    """
    row = db.execute(f"{_TYPE_SQL} WHERE code = ?", [code]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no kind of letter “{code}”.")
    return _letter_type(row)


def _not_produced(db: Database, kind: LetterType, language: str) -> str:
    return f"The {label_in_sentence(kind.label)} is not produced in {_language_name(db, language)}."


@reported
def active_template(db: Database, code: str, language: str) -> Template:
    """The version of a letter type's text in force for a language.

    Raises:
        NotFoundError: the type is unknown, is not produced in this language, or its text in
            this language is not loaded yet (never English under a foreign title).
    """
    kind = letter_type(db, code)
    if language not in kind.languages:
        raise NotFoundError(_not_produced(db, kind, language))
    row = db.execute(
        f"{_TEMPLATE_SQL} WHERE code = ? AND language = ? AND status = 'active'", [code, language]
    ).fetchone()
    if row is None:
        name = _language_name(db, language)
        label = label_in_sentence(kind.label)
        if language == "en":
            raise NotFoundError(
                f"The English text of the {label} is not yet loaded. An administrator loads it "
                f"in {WHERE_TO_LOAD}."
            )
        raise NotFoundError(
            f"The {name} translation of the {label} is not yet loaded. An administrator loads "
            f"the county's certified translation in {WHERE_TO_LOAD}."
        )
    return _template(row)


@reported
def template_versions(db: Database, code: str, language: str | None = None) -> list[Template]:
    """Every version of a letter type's text (in one language, or all), newest first per language.

    Languages come in the order the office lists them (English first).
    """
    sql = (
        f"SELECT t.* FROM ({_TEMPLATE_SQL}) t JOIN letter_languages l ON l.code = t.language "
        "WHERE t.code = ?"
    )
    params: list = [code]
    if language is not None:
        sql += " AND t.language = ?"
        params.append(language)
    rows = db.execute(sql + " ORDER BY l.rowid, t.version DESC", params).fetchall()
    return [_template(r) for r in rows]


@reported
def get_template(db: Database, template_id: int) -> Template:
    """One template version by id.

    Raises:
        NotFoundError: there is no such version.
    """
    row = db.execute(f"{_TEMPLATE_SQL} WHERE id = ?", [template_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no letter template {template_id}.")
    return _template(row)


def save_template(
    db: Database,
    actor: Staff,
    code: str,
    language: str,
    title: str,
    body: str,
    notes: str | None = None,
    *,
    activate: bool = True,
    now: datetime | None = None,
) -> Template:
    """Store a new version of a letter type's text in one language (administrators only).

    The text is checked first; it is always a new version (one more than the highest so far),
    so the versions issued letters used stay as they were. With ``activate`` the new version
    is put in force and the one before is archived, in the same transaction; otherwise it is
    kept as a draft. Audited.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: there is no such letter type.
        ValidationError: the type is not produced in this language.
        TemplateError: the text cannot be used (the line and the problem are named).
    """
    _require_admin(actor)
    kind = letter_type(db, code)
    if language not in kind.languages:
        raise ValidationError(FieldError("language", _not_produced(db, kind, language)))
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
    check_template(title, body)
    notes = (notes or "").strip() or None
    status = TemplateStatus.ACTIVE if activate else TemplateStatus.DRAFT
    with write_transaction(db):
        version = db.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM letter_templates "
            "WHERE code = ? AND language = ?",
            [code, language],
        ).fetchone()[0]
        if activate:
            _archive_active(db, actor, code, language)
        row = {
            "code": code,
            "language": language,
            "version": version,
            "status": str(status),
            "title": title,
            "body": body,
            "notes": notes,
            "created_by": actor.id,
            "created_at": to_db_instant(now or utc_now()),
        }
        template_id = insert_audited(
            db, actor, "letter_templates", row, hidden=("created_by", "created_at")
        )
    return get_template(db, template_id)


def _archive_active(db: Database, actor: Staff, code: str, language: str) -> None:
    """Archive the version in force for ``code`` in ``language``, if any (inside a write)."""
    row = db.execute(
        "SELECT id FROM letter_templates WHERE code = ? AND language = ? AND status = 'active'",
        [code, language],
    ).fetchone()
    if row is not None:
        _set_status(db, actor, row[0], TemplateStatus.ACTIVE, TemplateStatus.ARCHIVED)


def _set_status(
    db: Database, actor: Staff, template_id: int, old: TemplateStatus, new: TemplateStatus
) -> None:
    db.execute("UPDATE letter_templates SET status = ? WHERE id = ?", [str(new), template_id])
    record_changes(
        db, actor, AuditAction.UPDATE, "letter_templates", template_id, [("status", old, new)]
    )


def set_template_status(
    db: Database, actor: Staff, template_id: int, status: TemplateStatus | str
) -> Template:
    """Put a version in force or archive it (administrators only), audited.

    Activating a version archives the one in force before it, in the same transaction; a
    draft is activated only if its text passes :func:`check_template`. A version that has
    been active never goes back to draft (a draft can be edited). Archiving the version in
    force leaves the language "not yet loaded" until another is activated.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: there is no such version.
        ValidationError: the status is unknown or the change is not allowed.
        TemplateError: the draft's text cannot be used.
    """
    _require_admin(actor)
    try:
        status = TemplateStatus(status)
    except ValueError:
        raise ValidationError(
            FieldError("status", f"“{status}” is not a template status.")
        ) from None
    with write_transaction(db):
        current = get_template(db, template_id)
        if status is current.status:
            return current
        if status is TemplateStatus.DRAFT:
            raise ValidationError(
                FieldError(
                    "status",
                    "A version that has been in force is kept as it is; save a new version to "
                    "change the text.",
                )
            )
        if status is TemplateStatus.ACTIVE:
            check_template(current.title, current.body)
            _archive_active(db, actor, current.code, current.language)
        _set_status(db, actor, template_id, current.status, status)
    return get_template(db, template_id)


@reported
def template_library(db: Database) -> list[TemplateSlot]:
    """One slot per letter type and language it needs, in order, with the version in force."""
    counts = {
        (code, language): count
        for code, language, count in db.execute(
            "SELECT code, language, count(*) FROM letter_templates GROUP BY code, language"
        ).fetchall()
    }
    active = {
        (t.code, t.language): t
        for t in map(_template, db.execute(f"{_TEMPLATE_SQL} WHERE status = 'active'").fetchall())
    }
    names = dict(db.execute("SELECT code, name FROM letter_languages").fetchall())
    return [
        TemplateSlot(
            code=kind.code,
            type_label=kind.label,
            language=language,
            language_name=names.get(language, language),
            active=active.get((kind.code, language)),
            version_count=counts.get((kind.code, language), 0),
        )
        for kind in letter_types(db)
        for language in kind.languages
    ]
