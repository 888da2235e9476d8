"""Open or create the database file: checks, PRAGMAs, migrations, backups, refusals.

Nothing here writes to a file until it has been shown to be a Detainer Desk database this
version understands. A file that is not SQLite, a database of another program, one written by a
newer Detainer Desk, or a damaged one is refused with a message a clerk can act on, and is left
byte-for-byte as it was.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlite_utils import Database

from models.errors import StoreError
from models.migrations import (
    APPLICATION_ID,
    MIGRATION_SET,
    MIGRATIONS,
    known_migration_names,
)

SQLITE_HEADER = b"SQLite format 3\x00"
P = ParamSpec("P")
T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000


def open_database(path: str | os.PathLike, *, create: bool = True) -> Database:
    """Open the database at ``path``, creating and migrating it as needed.

    Args:
        path: the database file.
        create: when False, a missing file is an error instead of a new database.

    Returns:
        A ``sqlite_utils.Database`` with foreign keys on, WAL journaling, FULL synchronous
        writes and a busy timeout, whose schema is current.

    Raises:
        StoreError: the file cannot be used; the message says why and what to do.
    """
    path = Path(path)
    is_new = _check_path(path, create=create)
    conn = _connect(path, is_new)
    try:
        db = Database(conn)
        applied = _inspect(db, path, is_new)
        _configure(db)
        _migrate(db, path, applied)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} cannot be opened: {describe_sqlite_error(exc)}") from exc
    return db


def open_readonly(path: str | os.PathLike) -> Database:
    """Open an existing, current database without writing anything to it (for ``check``)."""
    path = Path(path)
    _check_path(path, create=False)
    # With no -wal file beside it nobody has the database open and every committed page is in
    # the file itself, so it can be read as immutable: SQLite then creates no -wal or -shm
    # files either. Otherwise the WAL must be read, through an ordinary read-only connection.
    wal = path.with_name(path.name + "-wal")
    conn = _connect(path, is_new=False, mode="ro" if wal.exists() else "ro&immutable=1")
    try:
        db = Database(conn)
        applied = _inspect(db, path, is_new=False)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} cannot be opened: {describe_sqlite_error(exc)}") from exc
    if len(applied) < len(known_migration_names()):
        conn.close()
        raise StoreError(f"{path} was made by an older version; open it once in the app first.")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def _check_path(path: Path, *, create: bool) -> bool:
    """Refuse paths that cannot hold a database; return True when the file is to be created."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Give the path of a file.")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise StoreError(f"There is no database at {path}. Create one with “init”.")
        if not path.parent.is_dir():
            raise StoreError(f"The folder {path.parent} does not exist.")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"Cannot create {path}: the folder {path.parent} is read-only.")
        return True
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a Detainer Desk database (it is not a SQLite file). It was not changed."
        )
    return False


def _connect(path: Path, is_new: bool, mode: str | None = None) -> sqlite3.Connection:
    if mode is None:
        mode = "rwc" if is_new else "rw"
        if not is_new and not os.access(path, os.W_OK):
            raise StoreError(
                f"{path} is read-only, so nothing could be saved to it. Ask IT to make it "
                "writable, or copy it to a folder you can write to."
            )
        if not is_new and not os.access(path.parent, os.W_OK):
            raise StoreError(
                f"The folder {path.parent} is read-only; the database needs to write its journal "
                "beside the file. Move the file to a folder you can write to."
            )
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened: {describe_sqlite_error(exc)}") from exc


def _inspect(db: Database, path: Path, is_new: bool) -> list[str]:
    """Return applied migration names after refusing foreign or newer databases."""
    # Reading the schema is what first touches the pages: damage shows up here.
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    has_migrations = MIGRATIONS.migrations_table in tables
    if is_new or (not tables and app_id == 0):
        return []
    ours = (
        has_migrations
        and db.execute(
            f"SELECT 1 FROM {MIGRATIONS.migrations_table} WHERE migration_set = ? LIMIT 1",
            [MIGRATION_SET],
        ).fetchone()
    )
    if app_id != APPLICATION_ID and not ours:
        raise StoreError(
            f"{path} is a SQLite database of another program, not of Detainer Desk. "
            "It was not changed."
        )
    applied = [m.name for m in MIGRATIONS.applied(db)] if has_migrations else []
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown or db.execute("PRAGMA user_version").fetchone()[0] > len(known_migration_names()):
        raise StoreError(
            f"{path} was written by a newer version of Detainer Desk "
            f"(it has schema changes this version does not know: {', '.join(unknown) or '?'}). "
            "Install the newer version to open it; the file was not changed."
        )
    return applied


def _configure(db: Database) -> None:
    # WAL lets a second desk read while one writes. FULL makes each commit durable across a
    # power cut (NORMAL in WAL mode may lose the last commits); at human editing speed one
    # fsync per save costs nothing noticeable, and bulk paths use one transaction.
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise StoreError("The database journal could not be switched to WAL mode.")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def _migrate(db: Database, path: Path, applied: list[str]) -> None:
    pending = [m.name for m in MIGRATIONS.pending(db)]
    if not pending:
        return
    backup = None
    if applied:
        backup = _backup_name(path, pending[0])
        backup_to(db, backup)
    try:
        # All pending migrations in one transaction (each one a savepoint inside it), so a
        # failure in the third leaves the first two undone as well.
        with write_transaction(db):
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA user_version = {len(known_migration_names())}")
    except Exception as exc:
        reason = describe_sqlite_error(exc) if isinstance(exc, sqlite3.Error) else str(exc)
        kept = f" A copy from before the upgrade is at {backup}." if backup else ""
        raise StoreError(f"Upgrading {path} failed: {reason}. Nothing was changed.{kept}") from exc


def _backup_name(path: Path, migration: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.before-{migration}-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():  # two upgrades within one second keep both copies
        candidate = path.with_name(f"{path.stem}.before-{migration}-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def backup_to(db: Database, target: Path) -> None:
    """Write a consistent copy of the open database to ``target`` (SQLite's online backup)."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    except sqlite3.Error as exc:
        raise StoreError(
            f"Could not write the backup {target}: {describe_sqlite_error(exc)}"
        ) from exc
    finally:
        dest.close()


def next_id(db: Database, table: str) -> int:
    """The id the next row of an AUTOINCREMENT table will get (call inside the write lock)."""
    return db.execute(
        f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
        f"coalesce((SELECT max(id) FROM {table}), 0)) + 1",
        [table],
    ).fetchone()[0]


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Group writes into one transaction that holds the write lock from its first statement.

    ``BEGIN IMMEDIATE`` takes the lock up front, so reading the audit chain's last hash and
    appending after it cannot interleave with another desk's save. Nested use becomes a
    savepoint (the outermost transaction then does the reporting). On any failure everything is
    rolled back; a SQLite error other than a constraint violation is re-raised as a
    :class:`StoreError` (an ``IntegrityError`` passes through for the caller to name the field).
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"Nothing was saved: {describe_sqlite_error(exc)}") from exc
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException as exc:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
            raise StoreError(f"Nothing was saved: {describe_sqlite_error(exc)}") from exc
        raise


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Read several queries from one moment of the record (a deferred read transaction).

    In WAL mode the first read fixes the snapshot, so a save at another desk meanwhile shows
    in none of the queries rather than in some. Inside a transaction already, it just reads.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def reported(func: Callable[P, T]) -> Callable[P, T]:
    """Let a read fail with a StoreError a clerk can read instead of a raw SQLite error."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise StoreError(
                f"The database could not be read: {describe_sqlite_error(exc)}"
            ) from exc

    return wrapper


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """Say in plain words what a SQLite error means for the person at the desk."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            "another Detainer Desk is saving to the same file (or an import is running); wait "
            "a moment and try again"
        )
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full; free some space and try again"
    if "readonly" in text or "read-only" in text:
        return "the database file is read-only"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (
            "the file is damaged (SQLite reports it as malformed). Restore it from a backup; "
            "the damaged file was not changed"
        )
    if "unable to open" in text:
        return "the file could not be opened (check the path and your permissions)"
    return str(exc)
