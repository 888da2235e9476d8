"""The ``import`` and ``imports`` subcommands: bring a jail or ICE export in, list and undo batches.

Exit codes of ``import``: 0 when every row was imported (created, updated or skipped as
unchanged), 3 when some rows were rejected (the error report says which and why), 1 when nothing
was imported.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from models.errors import DeskError
from models.settings import county_timezone
from models.staff import current_staff
from models.store import open_database
from models.timeutil import format_local, to_db_instant


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
    imp.add_argument(
        "--header-row", type=_positive, metavar="N", help="override: the header's row (1 = first)"
    )
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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a row number (1 is the first row)")
    return value


def run(db_path: Path, args: argparse.Namespace) -> int:
    """Run ``import FILE`` or ``imports list|undo``; return the exit code."""
    if args.command == "import":
        return cmd_import(db_path, args)
    if args.imports_command == "list":
        return cmd_imports_list(db_path, args.json)
    return cmd_imports_undo(db_path, args.batch_id)


def _mapping(db, args: argparse.Namespace):
    """The mapping asked for (a profile or a file), or None to guess it from the header."""
    from models.importing.mapping import Mapping
    from models.importing.profiles import get_profile

    if args.profile:
        profile = get_profile(db, args.profile)
        args.profile = profile.name  # as saved, whatever capitals it was typed in
        return profile.mapping
    if args.mapping:
        try:
            text = Path(args.mapping).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            raise DeskError(f"The mapping file {args.mapping} could not be read: {why}.") from exc
        return Mapping.from_json(text)
    return None


def _options(mapping, args: argparse.Namespace):
    from models.importing.reader import ReadOptions

    read = mapping.read if mapping is not None else ReadOptions()
    delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "pipe": "|", "semicolon": ";"}.get(
        (args.delimiter or "").lower(), args.delimiter
    )
    return dataclasses.replace(
        read,
        encoding=args.encoding or read.encoding,
        delimiter=delimiter or read.delimiter,
        header_row=args.header_row or read.header_row,
        sheet=args.sheet or read.sheet,
    )


def cmd_import(db_path: Path, args: argparse.Namespace) -> int:
    """``import FILE``: 0 when every row was imported, 3 when some were rejected, 1 if none."""
    try:
        return _import(db_path, args)
    except DeskError as exc:
        if args.json:  # a script reading stdout gets an answer it can parse, too
            print(json.dumps({"error": str(exc), "imported": False}, ensure_ascii=False))
        raise


def _import(db_path: Path, args: argparse.Namespace) -> int:
    from models.importing.engine import run_import
    from models.importing.mapping import guess_mapping, mapping_problems
    from models.importing.reader import open_table

    db = open_database(db_path, create=False)
    actor = current_staff(db)
    mapping = _mapping(db, args)
    table = open_table(args.file, _options(mapping, args))
    talk = sys.stderr if args.json else sys.stdout
    print(f"Reading {table.path.name}:", file=talk)
    for what, how in table.detected.items():
        print(f"  {what.replace('_', ' ')}: {how}", file=talk)
    if mapping is None:
        mapping = guess_mapping(table.columns)
        print("No profile or mapping given; columns matched by their names:", file=talk)
        for field, column in mapping.columns.items():
            print(f"  {column} → {field}", file=talk)
    problems = mapping_problems(mapping, table.columns)
    if problems:
        raise DeskError("The mapping does not fit this file: " + "; ".join(problems))
    result = run_import(db, actor, table, mapping, profile_name=args.profile, dry_run=args.dry_run)
    report = _report(result, args, talk)
    if args.json:
        keys = ("created", "updated", "skipped", "rejected", "rows_read", "batch_id", "dry_run")
        out = {k: getattr(result, k) for k in keys}
        read = {"encoding": table.encoding, "delimiter": table.delimiter}
        read |= {"header_row": table.header_row, "profile": args.profile}
        print(json.dumps({**out, "error_report": report, **read}, ensure_ascii=False))
    else:
        print(_summary(result, report))
    if result.imported == 0:
        return 1
    return 3 if result.rejected else 0


def _report(result, args: argparse.Namespace, talk) -> str | None:
    """Write the error report (where --errors says, else beside the file); its path or None.

    With no problem to report, an earlier run's report at the default place is removed, so
    nobody reads last night's rejections as tonight's.
    """
    from models.importing.report import (
        ReportError,
        default_report_path,
        is_error_report,
        write_error_report,
    )

    if not result.problems:
        stale = default_report_path(args.file)
        if not args.errors and not args.dry_run and is_error_report(stale):
            try:
                stale.unlink()
                print(
                    f"No row was rejected; the earlier error report {stale} was removed.", file=talk
                )
            except OSError as exc:
                print(f"No row was rejected; the earlier error report {stale} is out of date "
                      f"and could not be removed: {exc.strerror or exc}.", file=talk)  # fmt: skip
        return None
    target = Path(args.errors) if args.errors else default_report_path(args.file)
    try:
        return str(write_error_report(result, target, source=args.file))
    except ReportError as exc:
        print(f"detainer-desk: error: {exc}", file=sys.stderr)
        return None


def _summary(result, report: str | None) -> str:
    verb = "Dry run (nothing was saved)" if result.dry_run else f"Import {result.batch_id}"
    if not result.dry_run and result.batch_id is None:
        verb = "Nothing was imported"
    lines = [
        f"{verb}: {result.file_name}, {result.rows_read:,} rows read: "
        f"{result.created:,} created, {result.updated:,} updated, "
        f"{result.skipped:,} unchanged, {result.rejected:,} rejected."
    ]
    if result.holds:
        lines.append(f"{result.holds:,} immigration hold rows were recognised (not charges).")
    if report:
        lines.append(f"The rejected rows and why are listed in {report}")
    return "\n".join(lines)


def cmd_imports_list(db_path: Path, as_json: bool) -> int:
    """``imports list``: every batch, newest first."""
    from models.importing.batches import list_batches

    db = open_database(db_path, create=False)
    batches = list_batches(db)
    if as_json:
        rows = [
            {
                **{k: v for k, v in dataclasses.asdict(b).items() if k not in _HIDDEN},
                "imported_at": to_db_instant(b.imported_at),
                "undone_at": to_db_instant(b.undone_at),
            }
            for b in batches
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not batches:
        print("No imports yet.")
        return 0
    tz = county_timezone(db)
    for b in batches:
        state = f"  UNDONE {format_local(b.undone_at, tz)}" if b.undone_at else ""
        print(
            f"{b.id:>5}  {format_local(b.imported_at, tz)}  {b.imported_by_name:<16} "
            f"{b.file_name}  created {b.created:,}, updated {b.updated:,}, "
            f"unchanged {b.skipped:,}, rejected {b.rejected:,}{state}"
        )
    return 0


_HIDDEN = ("imported_by", "first_audit_id", "last_audit_id")


def cmd_imports_undo(db_path: Path, batch_id: int) -> int:
    """``imports undo BATCH_ID``: remove what it created, restore what it changed."""
    from models.importing.batches import undo_batch

    db = open_database(db_path, create=False)
    removed, restored = undo_batch(db, current_staff(db), batch_id)
    print(
        f"Import {batch_id} undone: {removed:,} bookings removed, "
        f"{restored:,} bookings restored to what they were before."
    )
    return 0
