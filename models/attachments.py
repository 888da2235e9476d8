"""Files attached to letters, kept inside the database once per content (SHA-256).

A file is read and checked first (:func:`read_file_to_attach`, before any transaction), then
stored by :func:`attach_files` inside the letter's own transaction: its bytes go into
``attachment_blobs`` keyed by their SHA-256 (the same scan attached to ten letters is stored
once) and a row in ``attachments`` names it for one letter. Bytes are hashed again whenever they
are read back, so a damaged store is reported instead of handing out altered evidence. Removing
the last attachment that refers to some bytes removes the bytes too: no orphans.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import DeskError, FieldError, NotFoundError, StoreError, ValidationError
from models.files import write_atomically
from models.records import Attachment, AuditAction, Staff
from models.store import reported, write_transaction
from models.timeutil import from_db_instant, to_db_instant, utc_now
from models.writes import insert_audited

#: The largest file a letter may carry (25 MB, what most mail systems accept): the whole record
#: lives in one database file, and a scanned letter is a few megabytes at most.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_MB = 1024 * 1024
_FIELD = "attachments"
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_WINDOWS_RESERVED |= {f"LPT{i}" for i in range(1, 10)}


@dataclass(frozen=True)
class FileToAttach:
    """A file read from disk and checked, not yet stored."""

    file_name: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def size_text(size: int) -> str:
    """A byte count as a clerk reads it: ``25 MB``, ``1.5 MB``, ``340 KB``, ``12 bytes``."""
    if size >= _MB:
        return f"{size / _MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte" + ("" if size == 1 else "s")


def _over_text(size: int) -> str:
    """A size just over the limit, with enough precision not to read as the limit itself."""
    text = size_text(size)
    if text == size_text(MAX_ATTACHMENT_BYTES):
        return f"{size:,} bytes (more than {MAX_ATTACHMENT_BYTES:,})"
    return text


def _refuse(message: str) -> ValidationError:
    return ValidationError(FieldError(_FIELD, message))


def file_problems(files: Sequence[FileToAttach]) -> list[FieldError]:
    """What is wrong with files about to be stored (empty, over the limit, no name)."""
    problems = []
    for f in files:
        name = f.file_name.strip()
        if not name:
            problems.append(FieldError(_FIELD, "An attachment has no file name."))
        elif not f.content:
            problems.append(FieldError(_FIELD, f"“{name}” is empty (0 bytes): nothing to attach."))
        elif len(f.content) > MAX_ATTACHMENT_BYTES:
            problems.append(FieldError(_FIELD, _too_big(name, len(f.content))))
    return problems


def _too_big(name: str, size: int) -> str:
    return (
        f"“{name}” is {_over_text(size)}; attachments are limited to "
        f"{size_text(MAX_ATTACHMENT_BYTES)} each. Scan it at a lower resolution or split it."
    )


def read_file_to_attach(path: str | Path) -> FileToAttach:
    """Read a file the clerk chose and check it can be attached.

    Raises:
        ValidationError: on ``attachments``, naming the file: missing, a folder or not a regular
            file, unreadable, empty, or over :data:`MAX_ATTACHMENT_BYTES`.
    """
    path = Path(path)
    if not path.exists():
        raise _refuse(f"The file “{path}” was not found; it may have been moved or renamed.")
    if path.is_dir():
        raise _refuse(f"“{path}” is a folder, not a file; choose a file to attach.")
    if not path.is_file():
        raise _refuse(
            f"“{path}” is not an ordinary file (a device or a pipe); it cannot be attached."
        )
    try:
        with path.open("rb") as handle:
            # One byte past the limit is enough to know it is too big, whatever its real size.
            content = handle.read(MAX_ATTACHMENT_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except PermissionError as exc:
        raise _refuse(
            f"“{path}” could not be read: permission denied. Ask for access to the file or copy "
            "it somewhere you can read it."
        ) from exc
    except OSError as exc:
        raise _refuse(f"“{path}” could not be read: {exc.strerror or exc}.") from exc
    if not content:
        raise _refuse(f"“{path.name}” is empty (0 bytes): nothing to attach.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise _refuse(_too_big(path.name, max(size, len(content))))
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileToAttach(path.name, media_type, content)


def attach_files(
    db: Database,
    actor: Staff,
    letter_id: int,
    files: Sequence[FileToAttach],
    booking_id: int | None = None,
) -> list[Attachment]:
    """Store ``files`` on letter ``letter_id``, audited; the caller's transaction if there is one.

    Content already on this letter is skipped (not an error). ``booking_id`` files the audit rows
    under a case's History; without it the letter's own case is used.

    Returns:
        The attachments added, in the order given.

    Raises:
        ValidationError: a file is empty or too big, or the letter does not exist.
    """
    if problems := file_problems(files):
        raise ValidationError(problems)
    added: list[int] = []
    with write_transaction(db):
        booking_id = booking_id if booking_id is not None else _booking_of(db, letter_id)
        sql = "SELECT sha256 FROM attachments WHERE correspondence_id = ?"
        seen = {r[0] for r in db.execute(sql, [letter_id])}
        for f in files:
            if f.sha256 in seen:
                continue
            seen.add(f.sha256)
            store_blob(db, f.sha256, f.content)
            row = {
                "correspondence_id": letter_id,
                "sha256": f.sha256,
                "file_name": f.file_name.strip(),
                "media_type": f.media_type or "application/octet-stream",
                "added_at": to_db_instant(utc_now()),
                "added_by": actor.id,
            }
            # The audit row itself says who and when; the size is worth a line in the History.
            hidden, size = ("added_at", "added_by"), [("size", None, f.size)]
            added.append(
                insert_audited(
                    db, actor, "attachments", row, booking_id=booking_id, hidden=hidden, extra=size
                )
            )
        return [a for a in attachments_of(db, letter_id) if a.id in added]


#: Stored bytes nothing refers to: no attachment, no generated letter or batch, not the logo.
UNUSED_BLOB = (
    "NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = {sha}) "
    "AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = {sha}) "
    "AND NOT EXISTS (SELECT 1 FROM letter_batches l WHERE l.sha256 = {sha}) "
    "AND {sha} IS NOT (SELECT value FROM settings WHERE key = 'letterhead_logo_sha256')"
)


def drop_blob_if_unused(db: Database, digest: str) -> None:
    """Remove stored bytes nothing refers to any more (the caller's transaction)."""
    db.execute(
        "DELETE FROM attachment_blobs WHERE sha256 = :sha AND " + UNUSED_BLOB.format(sha=":sha"),
        {"sha": digest},
    )


def store_blob(db: Database, digest: str, content: bytes) -> None:
    """Keep ``content`` once under its SHA-256 (the caller's transaction)."""
    db.execute(
        "INSERT OR IGNORE INTO attachment_blobs (sha256, size, content) VALUES (?, ?, ?)",
        [digest, len(content), content],
    )
    # Bytes already stored under this hash but damaged since are healed by a fresh good copy.
    db.execute(
        "UPDATE attachment_blobs SET size = ?, content = ? WHERE sha256 = ? AND content <> ?",
        [len(content), content, digest, content],
    )


def _booking_of(db: Database, letter_id: int) -> int | None:
    row = db.execute("SELECT booking_id FROM correspondence WHERE id = ?", [letter_id]).fetchone()
    if row is None:
        raise ValidationError(FieldError(_FIELD, f"There is no letter number {letter_id}."))
    return row[0]


_SELECT = (
    "SELECT a.id, a.file_name, a.media_type, a.sha256, b.size, a.added_at, a.added_by "
    "FROM attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256 "
)


def _attachment(r) -> Attachment:
    return Attachment(r[0], r[1], r[2], r[3], r[4], from_db_instant(r[5]), r[6])


@reported
def attachments_of(db: Database, letter_id: int) -> list[Attachment]:
    """The files attached to one letter, in the order they were added."""
    rows = db.execute(_SELECT + "WHERE a.correspondence_id = ? ORDER BY a.id", [letter_id])
    return [_attachment(r) for r in rows]


@reported
def attachment_content(db: Database, attachment_id: int) -> bytes:
    """The bytes of one attachment, checked against their SHA-256.

    Raises:
        NotFoundError: there is no such attachment.
        StoreError: the stored bytes no longer match their hash.
    """
    row = db.execute(
        "SELECT a.file_name, a.sha256, b.content FROM attachments a "
        "JOIN attachment_blobs b ON b.sha256 = a.sha256 WHERE a.id = ?",
        [attachment_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no attachment number {attachment_id}.")
    name, digest, content = row
    if hashlib.sha256(content).hexdigest() != digest:
        raise StoreError(
            f"The attached file “{name}” is damaged in the database: its bytes no longer match "
            "the SHA-256 recorded when it was attached. Restore the database from a backup; "
            "the damaged copy was not opened."
        )
    return bytes(content)


def safe_file_name(name: str) -> str:
    """``name`` made safe to write into a folder on Windows, macOS or Linux, kept readable."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join("_" if ch in '<>:"|?*' or ord(ch) < 32 else ch for ch in base)
    base = base.strip().strip(".").strip() or "attachment"
    if base.partition(".")[0].upper() in _WINDOWS_RESERVED:
        base = f"_{base}"
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        stem, suffix = base, ""
    else:
        suffix = f".{suffix}"
    while len((stem + suffix).encode("utf-8")) > 200:  # most file systems stop at 255 bytes
        stem = stem[:-1]  # shorten the name, keep the type the viewer is chosen by
    return stem + suffix


def save_attachment_copy(db: Database, attachment_id: int, folder: Path) -> Path:
    """Write a copy of an attachment for the system viewer; its file name kept, made safe.

    Each attachment gets its own subfolder, so two different ``scan.pdf`` never collide. The
    copy is written to a temporary name and renamed into place, so a viewer never sees half a
    file; an identical copy already there (perhaps open in a viewer) is reused.

    Raises:
        NotFoundError, StoreError: as :func:`attachment_content`.
        DeskError: the copy could not be written.
    """
    name = db.execute("SELECT file_name FROM attachments WHERE id = ?", [attachment_id]).fetchone()
    if name is None:
        raise NotFoundError(f"There is no attachment number {attachment_id}.")
    content = attachment_content(db, attachment_id)
    target = Path(folder) / str(attachment_id) / safe_file_name(name[0])
    try:
        if target.is_file() and target.read_bytes() == content:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content)
    except OSError as exc:
        raise DeskError(
            f"A copy of “{name[0]}” could not be written to {target.parent}: {exc.strerror or exc}."
        ) from exc
    return target


def remove_attachment(
    db: Database, actor: Staff, attachment_id: int, booking_id: int | None = None
) -> None:
    """Take a file off its letter, audited; its bytes go too when nothing else refers to them.

    Raises:
        NotFoundError: there is no such attachment.
    """
    with write_transaction(db):
        row = db.execute(
            "SELECT a.correspondence_id, a.sha256, a.file_name, a.media_type, c.booking_id "
            "FROM attachments a JOIN correspondence c ON c.id = a.correspondence_id "
            "WHERE a.id = ?",
            [attachment_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no attachment number {attachment_id}.")
        digest = row[1]
        issued = db.execute(
            "SELECT our_reference FROM documents WHERE filed_as_id = ? AND sha256 = ?",
            [row[0], digest],
        ).fetchone()
        if issued:
            raise DeskError(
                f"This PDF is issued letter {issued[0]} as it was sent; it stays with the letter. "
                "A correction is a new letter that supersedes it."
            )
        db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
        drop_blob_if_unused(db, digest)
        names = ("correspondence_id", "sha256", "file_name", "media_type")
        changes = [(n, v, None) for n, v in zip(names, row, strict=False)]
        booking = booking_id if booking_id is not None else row[4]
        record_changes(
            db, actor, AuditAction.DELETE, "attachments", attachment_id, changes, booking
        )


@reported
def orphaned_blobs(db: Database) -> int:
    """How many stored contents nothing refers to (should always be none)."""
    return db.execute(
        f"SELECT count(*) FROM attachment_blobs b WHERE {UNUSED_BLOB.format(sha='b.sha256')}"
    ).fetchone()[0]


@dataclass(frozen=True)
class StoreCheck:
    """What ``check`` found in the attachment store."""

    ok: bool
    message: str


def check_attachment_store(db: Database) -> StoreCheck:
    """Re-hash every stored file and count bytes nothing refers to (for ``detainer-desk check``)."""
    damaged, total = [], 0
    for sha, content in db.execute("SELECT sha256, content FROM attachment_blobs"):
        total += 1
        if hashlib.sha256(content).hexdigest() != sha:
            damaged.append(sha[:12])
    orphaned = orphaned_blobs(db)
    if damaged:
        return StoreCheck(
            False, f"{len(damaged)} of {total} files damaged ({', '.join(damaged[:5])})"
        )
    if orphaned:
        return StoreCheck(False, f"{orphaned} stored files belong to no letter")
    return StoreCheck(True, f"{total} stored files, all intact")
