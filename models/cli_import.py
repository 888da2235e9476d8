"""The ``import`` and ``imports`` subcommands: bring a jail or ICE export in, list and undo batches.

Exit codes of ``import``: 0 when every row was imported (created, updated or skipped as
unchanged), 3 when some rows were rejected (the error report says which and why), 1 when nothing
was imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parsers(sub) -> None:
    """Add ``import`` and ``imports`` to the subcommand parser ``sub``."""
    imp = sub.add_parser(
        "import", help="import a jail or ICE export (CSV, pipe- or tab-delimited, Excel)"
    )
    imp.add_argument("file", metavar="FILE")
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--profile", metavar="NAME", help="a saved import profile")
    how.add_argument("--mapping", metavar="MAP.json", help="a mapping file (as a profile saves)")
    imp.add_argument("--encoding", choices=["utf-8", "utf-8-sig", "cp1252"], help="override")
    imp.add_argument("--delimiter", metavar="CHAR", help="override: , | tab ;")
    imp.add_argument("--header-row", type=int, metavar="N", help="override: the header's row")
    imp.add_argument("--sheet", metavar="NAME", help="Excel: the sheet (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="check everything, change nothing")
    imp.add_argument("--json", action="store_true", help="print the counts as a JSON object")
    imp.add_argument(
        "--errors", metavar="PATH", help="where the error report goes (default: beside FILE)"
    )
    batches = sub.add_parser("imports", help="the import batches: list, or undo one")
    batches_sub = batches.add_subparsers(dest="imports_command", metavar="ACTION", required=True)
    listing = batches_sub.add_parser("list", help="every import batch, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    undo = batches_sub.add_parser("undo", help="undo a batch whose rows are unedited")
    undo.add_argument("batch_id", type=int, metavar="BATCH_ID")


def run(db_path: Path, args: argparse.Namespace) -> int:
    raise NotImplementedError  # implemented by the import engine work
