"""Check a backup file and restore the database from it, keeping a safety copy first.

:func:`verify_backup` reads a file without writing anything to it or beside it and says
whether it can be restored: a SQLite file, undamaged, a Detainer Desk database no newer than
this version (an older one is upgraded after restoring), with an intact audit chain.

:func:`restore_backup` first copies the backup beside the database and works from that copy
only, so a file replaced meanwhile is never restored unchecked. It refuses anything that does
not check out, changing nothing. Otherwise it writes a safety copy of the database as it is
(again, if another desk saved while it was written), then copies the backup *into* the open
database with SQLite's backup API, in one transaction: a desk that has the file open
meanwhile keeps a consistent view (no file is swapped underneath it) and sees the restored
records on its next read. Then the database is opened as usual (an older backup is
upgraded) and an audit row records the restore — which file, its SHA-256, the safety copy —
so the chain continues.
A database too damaged to open (the usual reason to restore) is copied aside byte for byte as
"<stem>-damaged-<stamp>" and the backup put in its place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from models.audit import record_changes, verify_chain
from models.errors import DeskError, StoreError
from models.migrations import APPLICATION_ID, MIGRATION_SET, MIGRATIONS, known_migration_names
from models.records import AuditAction, StaffRole
from models.staff import current_staff
from models.store import SQLITE_HEADER, describe_sqlite_error, open_database, write_transaction


@dataclass(frozen=True)
class BackupCheck:
    """What checking a backup found.

    Attributes:
        ok: it can be restored.
        message: what was found, in words (why not, when it cannot).
        cases: how many cases (bookings) it holds (0 when it could not be read).
        schema: the last schema change it has, or "" when it is not ours.
    """

    ok: bool
    message: str
    cases: int = 0
    schema: str = ""


def _refused(name: str, why: str) -> BackupCheck:
    return BackupCheck(False, f"{name} cannot be restored: {why}")


def verify_backup(path: Path, *, shown_as: str | None = None) -> BackupCheck:
    """Check that ``path`` is a whole, current-or-older Detainer Desk backup; never raises.

    The file is opened read-only as immutable, so nothing is written to it or beside it.
    ``shown_as`` is the name the messages give it (default: its own).
    """
    path = Path(path)
    name = shown_as or path.name
    if not path.is_file():
        return _refused(name, "there is no such file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return _refused(name, f"it cannot be read ({exc.strerror}).")
    if header != SQLITE_HEADER:
        return _refused(name, "it is not a database backup (not a SQLite file).")
    if path.with_name(path.name + "-wal").exists():
        return _refused(
            name,
            "a -wal file lies beside it, so it is open in a program or was copied while open. "
            "Make a backup with Detainer Desk instead.",
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return _refused(name, f"{describe_sqlite_error(exc)}.")
    try:
        return _inspect(name, Database(conn))
    except sqlite3.Error as exc:
        return _refused(name, f"{describe_sqlite_error(exc)}.")
    finally:
        conn.close()


def _inspect(name: str, db: Database) -> BackupCheck:
    problems = [
        line.strip()
        for r in db.execute("PRAGMA integrity_check").fetchall()
        for line in r[0].splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if problems != ["ok"]:
        return _refused(name, f"the file is damaged (SQLite finds: {'; '.join(problems[:3])}).")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    applied: list[str] = []
    if MIGRATIONS.migrations_table in tables:
        applied = [
            r[0]
            for r in db.execute(
                f"SELECT name FROM {MIGRATIONS.migrations_table} WHERE migration_set = ? "
                "ORDER BY id",
                [MIGRATION_SET],
            )
        ]
    if app_id != APPLICATION_ID and not applied:
        return _refused(name, "it is a database of another program, not of Detainer Desk.")
    known = known_migration_names()
    unknown = [name for name in applied if name not in known]
    if unknown or db.execute("PRAGMA user_version").fetchone()[0] > len(known):
        return _refused(
            name,
            "it was made by a newer version of Detainer Desk "
            f"({', '.join(unknown) or 'a newer schema'}); install that version to restore it.",
        )
    if "audit_log" not in tables or "bookings" not in tables:
        return _refused(name, "it is an unfinished Detainer Desk database (no records in it).")
    chain = verify_chain(db)
    if not chain.ok:
        return _refused(name, f"its audit log does not check out: {chain.message}.")
    cases = db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    schema = applied[-1] if applied else ""
    age = (
        "the same version as this one"
        if len(applied) == len(known)
        else "an older version; it is upgraded when restored"
    )
    return BackupCheck(
        True,
        f"{name} checks out: {cases:,} case{'s' if cases != 1 else ''}, "
        f"{chain.rows_checked:,} audit rows with the chain intact, made by {age}.",
        cases,
        schema,
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a backup may be gigabytes)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def restore_backup(
    db_path: Path, source: Path, actor_login: str | None = None, *, safety: Path | None = None
) -> Path:
    """Replace the database's records by the backup ``source``; return the safety copy's path.

    Args:
        db_path: the live database file (other desks may have it open).
        source: the backup to restore.
        actor_login: whose OS login restores it (default: whoever runs this process); they must
            be an administrator of the database as it is now.
        safety: where to write the safety copy (default :func:`models.backups.safety_copy_path`).

    Raises:
        StoreError: the backup does not check out, or restoring failed; the database is
            unchanged (the message says where the safety copy is, once written).
        DeskError: the person is not an administrator.
    """
    db_path, source = Path(db_path), Path(source)
    if source.resolve() == db_path.resolve():
        raise StoreError("That is the database itself, not a backup of it. Nothing was changed.")
    # The backup is copied first and the copy checked and restored: a file replaced meanwhile
    # (another backup written to the same name) can never be restored unchecked.
    private = _private_copy(source, db_path)
    try:
        return _restore_checked(db_path, source, private, actor_login, safety)
    finally:
        private.unlink(missing_ok=True)


def _private_copy(source: Path, db_path: Path) -> Path:
    if not source.is_file():
        raise StoreError(f"{source.name} cannot be restored: there is no such file.")
    if source.with_name(source.name + "-wal").exists():  # open in a program: not a backup
        raise StoreError(f"{verify_backup(source).message} The database was not changed.")
    private = None
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{db_path.stem}.restore-", suffix=db_path.suffix, dir=db_path.parent
        )
        os.close(fd)
        private = Path(name)
        shutil.copyfile(source, private)
    except OSError as exc:
        if private is not None:
            private.unlink(missing_ok=True)
        raise StoreError(
            f"{source.name} could not be copied beside the database to be checked: "
            f"{exc.strerror or exc}. The database was not changed."
        ) from exc
    return private


def _restore_checked(
    db_path: Path, source: Path, private: Path, actor_login: str | None, safety: Path | None
) -> Path:
    from models.backups import backup_folder, safety_copy_path

    check = verify_backup(private, shown_as=source.name)
    if not check.ok:
        raise StoreError(f"{check.message} The database was not changed.")
    digest = file_sha256(private)
    try:
        live = open_database(db_path, create=False)
    except StoreError as exc:
        if "damaged" not in str(exc):  # another program's file, a newer version, a lock…
            raise StoreError(f"{exc} Nothing was restored.") from exc
        return _restore_over_damaged(db_path, source, private, digest, actor_login)
    try:
        actor = current_staff(live, actor_login)
        if actor.role != StaffRole.ADMINISTRATOR:
            raise DeskError("Only an administrator can restore a backup. Nothing was changed.")
        backup_folder(live, db_path, create=True)
        safety = safety or safety_copy_path(live, db_path)
        _safety_copy_then_restore(live, private, safety)
    finally:
        live.close()
    _record_restore(db_path, source, digest, actor.os_login, safety)
    return safety


def _safety_copy_then_restore(live: Database, private: Path, safety: Path) -> None:
    """Write the safety copy, then restore, with no save by another desk in between.

    While the safety copy is written a second connection holds the write lock, so no desk
    (and no import, which holds it for its whole run) can commit meanwhile; one that is saving
    makes the restore wait up to five seconds, then be refused. (The copy itself reads through
    ``live``: a connection holding the lock could not be copied from.) ``PRAGMA data_version``
    moves when another connection commits: if one slipped in between the copy and the
    restore, the copy is written again.
    """
    from models.backups import make_backup

    db_file = next(f for _s, name, f in live.execute("PRAGMA database_list") if name == "main")
    for _attempt in range(3):
        before = live.execute("PRAGMA data_version").fetchone()[0]
        guard = sqlite3.connect(db_file, timeout=5, isolation_level=None)
        try:
            try:
                guard.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(
                    f"Not restored: {describe_sqlite_error(exc)} Another desk may be saving or "
                    "importing; try again when it has finished. The database was not changed."
                ) from exc
            try:
                make_backup(live, safety)
            except StoreError as exc:
                raise StoreError(
                    f"Not restored, because the safety copy of the database could not be "
                    f"written first. {exc} The database was not changed."
                ) from exc
        finally:
            guard.close()  # nothing was written through it: closing lets the lock go
        if live.execute("PRAGMA data_version").fetchone()[0] == before:
            _copy_backup_into(private, live, safety)
            return
    raise StoreError(
        "Not restored: other desks kept saving while the safety copy was written. Ask them to "
        "close Detainer Desk for a minute and try again. The database was not changed."
    )


def _record_restore(
    db_path: Path, source: Path, digest: str, login: str | None, safety: Path
) -> None:
    """Open the restored database (upgrading an older one) and audit the restore in it."""
    db = open_database(db_path, create=False)
    try:
        actor = current_staff(db, login)
        with write_transaction(db):
            record_changes(
                db,
                actor,
                AuditAction.UPDATE,
                "database",
                1,
                [
                    ("restored_from", None, source.name),
                    ("restored_sha256", None, digest),
                    ("safety_copy", None, safety.name),
                ],
            )
    finally:
        db.close()


def _restore_over_damaged(
    db_path: Path, source: Path, private: Path, digest: str, login: str | None
) -> Path:
    """Put the backup in place of a database too damaged to open; return the damaged copy.

    Nobody can have the damaged file open usefully, and its roles cannot be read, so whoever
    can write the file restores it (the audit row in the restored database says who). The
    damaged file and its journal are copied aside first, byte for byte, for IT to examine; the
    stale journal is then removed, or SQLite would replay it over the restored pages.
    """
    from models.backups import SUFFIX

    folder = db_path.parent / f"{db_path.stem} backups"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = folder / f"{db_path.stem}-damaged-{stamp}{SUFFIX}"
    temp = db_path.with_name(f".{db_path.name}.restoring")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(db_path, damaged)
        for side in ("-wal", "-shm"):
            if (journal := db_path.with_name(db_path.name + side)).exists():
                shutil.copy2(journal, damaged.with_name(damaged.name + side))
        shutil.copyfile(private, temp)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        for side in ("-wal", "-shm"):
            db_path.with_name(db_path.name + side).unlink(missing_ok=True)
        os.replace(temp, db_path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(
            f"The damaged database could not be replaced: {exc.strerror or exc}. "
            "Nothing was restored; ask IT to check the folder's permissions and free space."
        ) from exc
    _record_restore(db_path, source, digest, login, damaged)
    return damaged


def _copy_backup_into(source: Path, live: Database, safety: Path) -> None:
    """Copy every page of ``source`` into the live database in one write transaction."""
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{source.name} could not be read: {describe_sqlite_error(exc)}") from exc
    try:
        src.backup(live.conn)
    except sqlite3.Error as exc:
        raise StoreError(
            f"The backup was not restored: {describe_sqlite_error(exc)}. The database was not "
            f"changed; a safety copy of it is at {safety}."
        ) from exc
    finally:
        src.close()
