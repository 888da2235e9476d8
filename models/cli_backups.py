"""The ``backup``, ``backups`` and ``restore`` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path


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
    raise NotImplementedError  # implemented by the backups work
