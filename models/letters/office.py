"""The office's letterhead settings: county, office, addresses, signer, jail, prefix, logo.

Kept in the ``settings`` table so every desk and every letter agrees; a key not saved yet reads
as empty (the reference prefix as ``DD``). The logo's bytes live once per content in
``attachment_blobs`` beside the attachments, named by the setting ``letterhead_logo_sha256``,
and are checked against that hash whenever they are read. Only an administrator changes the
settings; each changed key is audited on the ``settings`` row's rowid (``create`` the first
time a key is saved, ``update`` afterwards), as the holiday state is.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from reportlab.lib.utils import ImageReader
from sqlite_utils import Database

from models.attachments import drop_blob_if_unused, size_text, store_blob
from models.audit import record_changes
from models.errors import DeskError, FieldError, StoreError, ValidationError
from models.letters.content import Letterhead
from models.records import AuditAction, Staff, StaffRole
from models.store import reported, write_transaction

LETTERHEAD_KEYS = (
    "county_name",
    "office_name",
    "office_address",
    "office_phone",
    "office_email",
    "signer_name",
    "signer_title",
    "jail_name",
    "jail_address",
    "reference_prefix",
)
LOGO_KEY = "letterhead_logo_sha256"
DEFAULT_PREFIX = "DD"
#: A seal or logo is a small picture; 2 MB is plenty at print resolution.
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: Nor more pixels than this (a few KB of PNG can say "50,000 × 50,000" and fill the memory of
#: every desk that prints a letter); 2,000 × 2,000 is far more than a letterhead's corner needs.
MAX_LOGO_PIXELS = 5000 * 5000
_MULTI_LINE = ("office_address", "jail_address")
_PREFIX = re.compile(r"[A-Za-z0-9-]{1,8}", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_WHERE = "Settings ▸ Letterhead"


@dataclass(frozen=True)
class OfficeSettings:
    """What the letterhead and the letters' signature say (plain text; addresses multi-line)."""

    county_name: str = ""
    office_name: str = ""
    office_address: str = ""
    office_phone: str = ""
    office_email: str = ""
    signer_name: str = ""
    signer_title: str = ""
    jail_name: str = ""
    jail_address: str = ""
    reference_prefix: str = DEFAULT_PREFIX
    #: PNG or JPEG bytes of the county seal or logo, or None for none.
    logo: bytes | None = None


def address_lines(text: str | None) -> tuple[str, ...]:
    """The lines of a postal address as typed: each stripped, empty ones dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


@reported
def office_settings(db: Database, *, with_logo: bool = True) -> OfficeSettings:
    """The office's letterhead settings as saved (absent keys empty, the prefix ``DD``).

    Args:
        db: the database.
        with_logo: False to skip reading the logo's bytes (``logo`` is then None).

    Raises:
        StoreError: the logo's bytes are missing or no longer match their SHA-256.
    """
    stored = {key: value for key, (_rowid, value) in _stored(db).items()}
    values = {key: stored.get(key, "") for key in LETTERHEAD_KEYS}
    values["reference_prefix"] = values["reference_prefix"] or DEFAULT_PREFIX
    digest = stored.get(LOGO_KEY, "")
    logo = _logo_bytes(db, digest) if with_logo and digest else None
    return OfficeSettings(**values, logo=logo)


def letterhead(db: Database) -> Letterhead:
    """The letterhead every letter is printed with, from the office settings.

    Raises:
        ValidationError: the county's or the office's name is not set yet (both named if both
            are missing), with where to set it.
        StoreError: as :func:`office_settings`.
    """
    s = office_settings(db)
    missing = []
    if not s.county_name:
        missing.append(FieldError("county_name", _set_first("the county's name")))
    if not s.office_name:
        missing.append(FieldError("office_name", _set_first("the office's name")))
    if missing:
        raise ValidationError(missing)
    contact = [f"Tel. {s.office_phone}" if s.office_phone else "", s.office_email]
    return Letterhead(
        county=s.county_name,
        office=s.office_name,
        address_lines=address_lines(s.office_address),
        contact_line=" · ".join(part for part in contact if part),
        logo=s.logo,
    )


def read_logo(path: str | Path) -> bytes:
    """Read a seal or logo picture an administrator chose, and check it can print.

    Raises:
        ValidationError: on ``logo``: the file is missing, a folder, unreadable, empty, over
            2 MB, or not a PNG or JPEG picture (judged by its first bytes, not its name).
    """
    path = Path(path)
    if not path.exists():
        raise _refuse("logo", f"The file “{path}” was not found; it may have been moved.")
    if not path.is_file():
        raise _refuse("logo", f"“{path}” is not a file; choose the picture file of the logo.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            content = handle.read(MAX_LOGO_BYTES + 1)  # one byte past the limit is enough
    except OSError as exc:
        raise _refuse("logo", f"“{path}” could not be read: {exc.strerror or exc}.") from exc
    problem = _logo_problem(path.name, content, max(size, len(content)))
    if problem:
        raise _refuse("logo", problem)
    return content


def save_office_settings(db: Database, actor: Staff, settings: OfficeSettings) -> OfficeSettings:
    """Save the letterhead settings (administrators only), each changed key audited.

    Text is trimmed (addresses line by line, empty lines dropped); a key whose value did not
    change is not written. A replaced logo's bytes are removed unless something else (an
    attachment, a document, a batch) still uses the same bytes.

    Returns:
        The settings as now stored.

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: every problem at once: no county or office name, a reference prefix
            that is not 1 to 8 letters, digits or hyphens, an email address of the wrong shape,
            a logo that is not a PNG or JPEG picture or is over 2 MB. Nothing is written.
    """
    if actor.role != StaffRole.ADMINISTRATOR:
        raise DeskError("Only an administrator can change the letterhead.")
    clean = _cleaned(settings)
    if problems := _problems(clean):
        raise ValidationError(problems)
    new = {key: getattr(clean, key) for key in LETTERHEAD_KEYS}
    new[LOGO_KEY] = hashlib.sha256(clean.logo).hexdigest() if clean.logo else ""
    with write_transaction(db):
        stored = _stored(db)
        if clean.logo:
            store_blob(db, new[LOGO_KEY], clean.logo)
        for key, value in new.items():
            rowid, old = stored.get(key, (None, None))
            if _effective(key, old) == value:
                continue
            if rowid is None:
                cursor = db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
                action, rowid = AuditAction.CREATE, cursor.lastrowid
            else:
                db.execute("UPDATE settings SET value = ? WHERE key = ?", [value, key])
                action = AuditAction.UPDATE
            record_changes(db, actor, action, "settings", rowid, [(key, old, value)])
        old_logo = stored.get(LOGO_KEY, (None, ""))[1]
        if old_logo and old_logo != new[LOGO_KEY]:
            drop_blob_if_unused(db, old_logo)
    return office_settings(db)


# -- internals ------------------------------------------------------------------------------


def _stored(db: Database) -> dict[str, tuple[int, str]]:
    """``key -> (rowid, value)`` of the letterhead settings saved so far."""
    keys = (*LETTERHEAD_KEYS, LOGO_KEY)
    rows = db.execute(
        f"SELECT key, rowid, value FROM settings WHERE key IN ({', '.join('?' * len(keys))})",
        keys,
    )
    return {key: (rowid, value) for key, rowid, value in rows}


def _effective(key: str, stored: str | None) -> str:
    """What a stored value means: absent is empty, and an absent prefix is the default."""
    if key == "reference_prefix":
        return stored or DEFAULT_PREFIX
    return stored or ""


def _set_first(what: str) -> str:
    return f"Set {what} in {_WHERE} before printing letters."


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(FieldError(field, message))


def _cleaned(s: OfficeSettings) -> OfficeSettings:
    values = {}
    for f in fields(s):
        if f.name == "logo":
            continue
        text = getattr(s, f.name) or ""
        if f.name in _MULTI_LINE:
            values[f.name] = "\n".join(address_lines(text))
        else:  # one line: a pasted line break or a double space would print oddly
            values[f.name] = " ".join(text.split())
    return replace(s, **values, logo=s.logo or None)


def _problems(s: OfficeSettings) -> list[FieldError]:
    problems = []
    if not s.county_name:
        problems.append(
            FieldError(
                "county_name",
                "Give the county's name as letters print it, for example “County of Alder”.",
            )
        )
    if not s.office_name:
        problems.append(FieldError("office_name", "Give the office's name."))
    if not _PREFIX.fullmatch(s.reference_prefix):
        problems.append(
            FieldError(
                "reference_prefix",
                f"The reference prefix “{s.reference_prefix}” must be 1 to 8 letters, digits or "
                "hyphens (for example DD or CC-LIT).",
            )
        )
    if s.office_email and not _EMAIL.fullmatch(s.office_email):
        problems.append(
            FieldError(
                "office_email",
                f"“{s.office_email}” is not an email address; write it as name@example.gov.",
            )
        )
    if s.logo and (problem := _logo_problem("The logo", s.logo, len(s.logo))):
        problems.append(FieldError("logo", problem))
    return problems


def _logo_problem(name: str, content: bytes, size: int) -> str | None:
    """What stops ``content`` from being the letterhead's logo, or None."""
    shown = name if name == "The logo" else f"“{name}”"
    if not content:
        return f"{shown} is empty (0 bytes)."
    if size > MAX_LOGO_BYTES:
        text = size_text(size)
        if text == size_text(MAX_LOGO_BYTES):  # 2 MB and a little: say it is over
            text = f"{size:,} bytes (more than {MAX_LOGO_BYTES:,})"
        return f"{shown} is {text}; a logo may be at most {size_text(MAX_LOGO_BYTES)}."
    if not (content.startswith(_PNG) or content.startswith(_JPEG)):
        return (
            f"{shown} is not a PNG or JPEG picture; save the seal or logo as PNG or JPEG "
            "and choose that file."
        )
    return _picture_problem(shown, content)


def _picture_problem(shown: str, content: bytes) -> str | None:
    """Why PNG or JPEG bytes would not print as the letterhead's logo (read as letters read it)."""
    damaged = (
        f"{shown} could not be read as a picture: the file is damaged or incomplete. Save the "
        "seal or logo again as PNG or JPEG and choose that file."
    )
    try:
        reader = ImageReader(io.BytesIO(content))
        width, height = reader.getSize()
    except Exception:  # Pillow raises many kinds for bytes that are not a picture
        return damaged
    if width < 1 or height < 1:
        return damaged
    if width * height > MAX_LOGO_PIXELS:
        return (
            f"{shown} is {width:,} × {height:,} pixels; a logo may have at most "
            f"{MAX_LOGO_PIXELS:,} pixels. Save it smaller (2,000 × 2,000 is plenty for print)."
        )
    try:
        reader.getRGBData()  # every pixel, as each letter will: a cut-off file fails here
    except Exception:
        return damaged
    return None


def _logo_bytes(db: Database, digest: str) -> bytes:
    row = db.execute("SELECT content FROM attachment_blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None or hashlib.sha256(row[0]).hexdigest() != digest:
        state = "missing from" if row is None else "damaged in"
        raise StoreError(
            f"The letterhead logo is {state} the database. Restore the database from a backup, "
            f"or have an administrator load the logo again in {_WHERE}."
        )
    return bytes(row[0])
