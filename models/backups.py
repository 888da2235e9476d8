"""Backups of the database: consistent copies, the daily copy on start, rotation and listing.

A backup is written with SQLite's online backup, which copies one committed moment of the
record even while another desk is saving, into a hidden temporary file in the target folder.
The copy is checked (``PRAGMA integrity_check``), flushed to disk and only then renamed onto
its name, so a failure (a folder that is missing or read-only, a full disk) leaves no partial
file behind and says so in words. Restoring and checking a backup are in
:mod:`models.backup_restore` (re-exported here).

Kinds of backup, by name, in the backup folder (``<db folder>/<db stem> backups`` unless the
office set ``backup_folder``):

- ``<stem>-YYYY-MM-DD.sqlite3``: the daily copy made on the first start of each county day;
  only the newest ``backup_keep`` of these are kept;
- ``<stem>-before-restore-<stamp>.sqlite3``: the safety copy written before a restore;
- anything else ending ``.sqlite3``: a backup someone made (never deleted by the app);

and, beside the database itself, the copies written before a schema upgrade
(``<stem>.before-<change>-<stamp>.sqlite3``, see :func:`models.store._backup_name`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from models.errors import DeskError, FieldError, StoreError, ValidationError
from models.records import Staff, StaffRole
from models.settings import county_timezone, get_setting, put_setting
from models.store import describe_sqlite_error, write_transaction
from models.timeutil import county_today, utc_now

SUFFIX = ".sqlite3"
KEEP_KEY, FOLDER_KEY = "backup_keep", "backup_folder"
DEFAULT_KEEP = 14
MAX_KEEP = 366
KINDS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "safety": "Before a restore",
    "upgrade": "Before an upgrade",
}
_PARTIAL = ".partial"


@dataclass(frozen=True)
class BackupFile:
    """One backup on disk.

    Attributes:
        path: the file.
        kind: ``daily``, ``manual``, ``safety`` (before a restore) or ``upgrade``.
        made_at: when the file was last written (UTC).
        size: its size in bytes.
    """

    path: Path
    kind: str
    made_at: datetime
    size: int

    @property
    def kind_label(self) -> str:
        """The kind as a clerk reads it."""
        return KINDS[self.kind]


def backup_folder(db: Database, db_path: Path, *, create: bool = False) -> Path:
    """The folder backups go to: the office's ``backup_folder`` setting, or beside the file.

    Args:
        db: the open database (for the setting).
        db_path: the database file.
        create: make the folder when it does not exist yet.

    Raises:
        StoreError: the folder could not be made.
    """
    db_path = Path(db_path)
    chosen = (get_setting(db, FOLDER_KEY, "") or "").strip()
    folder = Path(chosen).expanduser() if chosen else db_path.parent / f"{db_path.stem} backups"
    if create and not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The backup folder {folder} could not be made: {_os_reason(exc)}."
            ) from exc
    return folder


def backup_keep(db: Database) -> int:
    """How many daily backups are kept (the ``backup_keep`` setting, 14 unless changed)."""
    try:
        return max(1, int(get_setting(db, KEEP_KEY, str(DEFAULT_KEEP)) or DEFAULT_KEEP))
    except ValueError:
        return DEFAULT_KEEP


def make_backup(db: Database, target: Path) -> Path:
    """Write a consistent, checked copy of the open database to ``target``.

    Safe while other desks are saving: the copy holds the record as last committed. The copy
    goes to a hidden temporary file beside ``target``, is integrity-checked and flushed to disk,
    then renamed onto ``target`` (replacing a file of that name).

    Returns:
        ``target``.

    Raises:
        StoreError: the copy could not be written or did not check out; no file was left.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise StoreError(f"No backup was written: the folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_PARTIAL, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise StoreError(_write_failed(target, exc)) from exc
    temp = Path(temp_name)
    try:
        _same_permissions(db, temp)
        _copy_into(db, temp)
        _fsync_file(temp)
        os.replace(temp, target)
        _fsync_folder(folder)
    except sqlite3.Error as exc:
        _remove_partial(temp)
        raise StoreError(
            f"No backup was written to {target}: {describe_sqlite_error(exc)}"
        ) from exc
    except OSError as exc:
        _remove_partial(temp)
        raise StoreError(_write_failed(target, exc)) from exc
    except BaseException:
        _remove_partial(temp)
        raise
    return target


def _copy_into(db: Database, temp: Path) -> None:
    """Online-backup ``db`` into the empty file ``temp`` and check the copy."""
    dest = _open_copy(temp)
    try:
        db.conn.backup(dest)
        # A copy of a WAL database is itself in WAL mode; as a standalone file it must not
        # need -wal/-shm files beside it (they would be left behind wherever it is copied).
        dest.execute("PRAGMA journal_mode = DELETE")
        problems = [r[0] for r in dest.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise StoreError(
                f"No backup was written: the copy did not check out ({'; '.join(problems[:3])})."
            )
    finally:
        dest.close()


def _same_permissions(db: Database, temp: Path) -> None:
    """Give the copy the database file's permissions (a temporary file starts private)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            os.chmod(temp, stat.S_IMODE(os.stat(file).st_mode))


def _open_copy(temp: Path) -> sqlite3.Connection:
    """The connection the copy is written through (tests limit its size to fill the "disk")."""
    return sqlite3.connect(str(temp))


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_partial(temp: Path) -> None:
    for name in (temp.name, temp.name + "-journal", temp.name + "-wal", temp.name + "-shm"):
        with contextlib.suppress(OSError):
            (temp.parent / name).unlink()


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only or you may not write there"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or str(exc)


def _write_failed(target: Path, exc: OSError) -> str:
    return f"No backup was written to {target}: {_os_reason(exc)}. Nothing was left behind."


# -- names and listing -------------------------------------------------------------------------


def daily_name(db_path: Path, day: date) -> str:
    """The file name of ``day``'s daily backup of ``db_path``."""
    return f"{Path(db_path).stem}-{day.isoformat()}{SUFFIX}"


def manual_name(db_path: Path, now: datetime | None = None) -> str:
    """A name for a backup made by hand now (never mistaken for a daily one)."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    return f"{Path(db_path).stem}-backup-{stamp}{SUFFIX}"


def safety_copy_path(db: Database, db_path: Path, now: datetime | None = None) -> Path:
    """Where the safety copy of the database is written before a restore."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_folder(db, db_path)
    stem = Path(db_path).stem
    candidate = folder / f"{stem}-before-restore-{stamp}{SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-before-restore-{stamp}-{n}{SUFFIX}"
        n += 1
    return candidate


def _kind_in_folder(stem: str, name: str) -> str:
    if re.fullmatch(re.escape(stem) + r"-\d{4}-\d{2}-\d{2}" + re.escape(SUFFIX), name):
        return "daily"
    if name.startswith(f"{stem}-before-restore-"):
        return "safety"
    return "manual"


def _entry(path: Path, kind: str) -> BackupFile | None:
    try:
        info = path.stat()
    except OSError:  # removed by another desk's rotation meanwhile
        return None
    return BackupFile(path, kind, datetime.fromtimestamp(info.st_mtime, UTC), info.st_size)


def list_backups(db: Database, db_path: Path) -> list[BackupFile]:
    """Every backup of the database: the backup folder's and the upgrade copies, newest first."""
    db_path = Path(db_path)
    stem = db_path.stem
    found: list[BackupFile] = []
    folder = backup_folder(db, db_path)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.suffix != SUFFIX or path.name.startswith(".") or not path.is_file():
                continue  # a hidden partial copy, or not a backup
            if entry := _entry(path, _kind_in_folder(stem, path.name)):
                found.append(entry)
    for path in db_path.parent.glob(f"{glob_escape(stem)}.before-*{db_path.suffix}"):
        if entry := _entry(path, "upgrade"):
            found.append(entry)
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def glob_escape(text: str) -> str:
    """``text`` with glob wildcards made literal (a file called ``desk[1]``)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


# -- the daily backup --------------------------------------------------------------------------


def auto_backup_if_due(db: Database, db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Write today's daily backup unless it exists; then keep only the newest ``backup_keep``.

    "Today" is the county's calendar day. Two desks starting at once may both write it; each
    copy is whole and the rename is atomic, so one of them ends up there and nothing is left.

    Returns:
        The backup written, or None when today's already existed.

    Raises:
        StoreError: the backup could not be written (the reason in words).
    """
    db_path = Path(db_path)
    today = county_today(county_timezone(db), now or utc_now())
    folder = backup_folder(db, db_path, create=True)
    target = folder / daily_name(db_path, today)
    if target.exists():
        return None
    make_backup(db, target)
    rotate_dailies(db, db_path)
    return target


def rotate_dailies(db: Database, db_path: Path) -> list[Path]:
    """Delete the oldest daily backups beyond ``backup_keep``; return what was deleted.

    Only daily backups are ever deleted: never one made by hand, a safety or an upgrade copy.
    """
    dailies = sorted(
        (b.path for b in list_backups(db, db_path) if b.kind == "daily"),
        key=lambda p: p.name,
        reverse=True,  # the date in the name orders them, newest first
    )
    removed = []
    for path in dailies[backup_keep(db) :]:
        with contextlib.suppress(FileNotFoundError):  # another desk rotated it already
            path.unlink()
            removed.append(path)
    return removed


# -- settings ----------------------------------------------------------------------------------


def set_backup_settings(
    db: Database, actor: Staff, *, keep: int | None = None, folder: str | None = None
) -> None:
    """Change how many daily backups are kept and where backups go (administrators; audited).

    Args:
        db: the open database.
        actor: who makes the change; must be an administrator.
        keep: how many daily backups to keep (1–366), or None to leave it.
        folder: the backup folder ("" for the default beside the database), or None to leave it.

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: a number out of range, or a folder that does not exist.
    """
    if actor.role != StaffRole.ADMINISTRATOR:
        raise DeskError("Only an administrator can change the backup settings.")
    changes: dict[str, str] = {}
    if keep is not None:
        if not 1 <= int(keep) <= MAX_KEEP:
            raise ValidationError(
                FieldError(KEEP_KEY, f"Keep between 1 and {MAX_KEEP} daily backups.")
            )
        changes[KEEP_KEY] = str(int(keep))
    if folder is not None:
        folder = folder.strip()
        if folder and not Path(folder).expanduser().is_dir():
            raise ValidationError(
                FieldError(FOLDER_KEY, f"The folder {folder} does not exist; make it first.")
            )
        changes[FOLDER_KEY] = folder
    with write_transaction(db):
        for key, value in changes.items():
            put_setting(db, actor, key, value)


# Checking and restoring live beside this module; they are part of the same API.
from models.backup_restore import BackupCheck, restore_backup, verify_backup  # noqa: E402, F401
