"""The ``backup``, ``backups`` and ``restore`` subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from models.backups import list_backups, make_backup, restore_backup
from models.errors import DeskError
from models.store import open_database


def add_parsers(sub) -> None:
    """Add ``backup``, ``backups`` and ``restore`` to the subcommand parser ``sub``."""
    backup = sub.add_parser(
        "backup", help="write a consistent copy of the database (safe while the app is open)"
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE")
    listing = sub.add_parser("backups", help="list the backups kept for this database")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    restore = sub.add_parser(
        "restore", help="check a backup, keep a safety copy of the database, then restore it"
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--yes", action="store_true", help="do not ask (required when not at a terminal)"
    )


def run(db_path: Path, args: argparse.Namespace) -> int:
    """Run one of the three subcommands; return the exit code (0 done, 1 refused or failed).

    Raises:
        DeskError: the command was refused; nothing was changed (printed by ``main``).
    """
    if args.command == "backup":
        return cmd_backup(db_path, Path(args.output))
    if args.command == "backups":
        return cmd_backups(db_path, args.json)
    return cmd_restore(db_path, Path(args.file), args.yes)


def cmd_backup(db_path: Path, output: Path) -> int:
    """Write a backup to ``output``; an existing file is refused, never overwritten."""
    if output.is_dir():
        raise DeskError(f"{output} is a folder; give the name of the backup file to write.")
    if output.exists():
        raise DeskError(f"{output} already exists; choose a new file name (it was not changed).")
    if output.resolve() == Path(db_path).resolve():
        raise DeskError("The backup cannot be written over the database itself.")
    db = open_database(db_path, create=False)
    try:
        target = make_backup(db, output)
    finally:
        db.close()
    print(f"Backup written: {target} ({_size(target.stat().st_size)})")
    return 0


def cmd_backups(db_path: Path, as_json: bool) -> int:
    """List the backups, newest first (text table or JSON)."""
    db = open_database(db_path, create=False)
    try:
        found = list_backups(db, db_path)
    finally:
        db.close()
    if as_json:
        rows = [
            {
                "path": str(b.path),
                "kind": b.kind,
                "made_at": b.made_at.isoformat(),
                "size": b.size,
            }
            for b in found
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not found:
        print("No backups yet.")
        return 0
    for b in found:
        made = b.made_at.astimezone().strftime("%m/%d/%Y %H:%M")
        print(f"{made}  {b.kind_label:<17}  {_size(b.size):>9}  {b.path}")
    return 0


def cmd_restore(db_path: Path, source: Path, yes: bool) -> int:
    """Restore ``source`` over the database after asking (or with ``--yes``)."""
    if not yes:
        if not sys.stdin.isatty():
            raise DeskError(
                "Restoring replaces every record in the database; add --yes to confirm "
                "(nothing was changed)."
            )
        answer = input(
            f"Replace every record in {db_path} by the backup {source}? A safety copy of the "
            "database is kept first. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    safety = restore_backup(db_path, source)
    print(f"Restored {source} into {db_path}.")
    print(f"The database as it was before is kept at {safety}")
    return 0


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return str(size)
