"""Detainer Desk: parse the command line, then open the GUI or run a subcommand.

Subcommands never import Qt, so they run on a server or in a script. ``python main.py`` and the
installed ``detainer-desk`` command are the same program.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import sys

from models import (
    cli,
    cli_backups,
    cli_correspondence,
    cli_detainers,
    cli_import,
    cli_letters,
    cli_reports,
    cli_stats,
)
from models.errors import DeskError
from models.records import DetainerStatus, StaffRole
from models.store import describe_sqlite_error

PROG = "detainer-desk"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Log flagged arrests, track detainers and opt-out requests, print letters.",
    )
    parser.add_argument("--db", metavar="PATH", help="database file (default: your data folder)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo database (created with fictional cases if absent)",
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help="render the main window to PNG once loaded, then exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("init", help="create the database (or bring it up to date)")
    sub.add_parser("demo", help="fill the database with fictional demo cases")
    sub.add_parser("check", help="verify file integrity and the audit chain")
    sample = sub.add_parser("sample", help="add synthetic bookings fast (for benchmarks)")
    sample.add_argument("--bookings", type=int, required=True, metavar="N")
    cases = sub.add_parser("cases", help="list or show cases")
    cases_sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    listing = cases_sub.add_parser("list", help="list cases, newest booking first")
    listing.add_argument("--search", metavar="TEXT", help="name, alias, A-number or booking #")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    show = cases_sub.add_parser("show", help="show one case")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    detainers = sub.add_parser("detainers", help="list detainers, or the clocks about to run out")
    detainers_sub = detainers.add_subparsers(
        dest="detainers_command", metavar="ACTION", required=True
    )
    det_list = detainers_sub.add_parser("list", help="detainers, newest received first")
    det_list.add_argument("--status", choices=[s.value for s in DetainerStatus])
    det_list.add_argument(
        "--due-within",
        type=float,
        metavar="HOURS",
        help="instead, the running clocks due within HOURS (overdue ones included)",
    )
    det_list.add_argument("--limit", type=int, default=100, metavar="N")
    det_list.add_argument("--json", action="store_true", help="print a JSON array")
    clock = sub.add_parser(
        "clock", help="work out a hold expiry or due date and explain it (no database needed)"
    )
    clock.add_argument("--rule", required=True, help="e.g. 48h_excluding_weekends_holidays")
    clock.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="ISO_DATETIME",
        help="when the clock starts, e.g. 2010-11-26T15:00 (county time unless an offset is given)",
    )
    clock.add_argument("--tz", metavar="ZONE", help="time zone (default: the county's)")
    clock.add_argument("--state", metavar="XX", help="count this state's holidays too")
    clock.add_argument(
        "--extended", action="store_true", help="apply the rule's one extension (due dates)"
    )
    clock.add_argument("--json", action="store_true", help="print a JSON object")
    _correspondence_parsers(sub)
    _letter_parsers(sub)
    cli_stats.add_parsers(sub)
    cli_reports.add_parsers(sub)
    cli_import.add_parsers(sub)
    cli_backups.add_parsers(sub)
    staff = sub.add_parser("staff", help="list staff, or name them and set their roles")
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    staff_list = staff_sub.add_parser("list", help="everyone who has used this database")
    staff_list.add_argument("--json", action="store_true", help="print a JSON array")
    staff_set = staff_sub.add_parser(
        "set", help="add someone, name them or change their role (administrators only)"
    )
    staff_set.add_argument("login", metavar="LOGIN", help="their operating-system login")
    staff_set.add_argument("--name", help="full name, as it appears in the History")
    staff_set.add_argument("--role", choices=[r.value for r in StaffRole])
    return parser


def _correspondence_parsers(sub) -> None:
    """``correspondence list|add`` and ``optouts list|show``."""
    letters = sub.add_parser("correspondence", help="the letter log: list, or add with files")
    letters_sub = letters.add_subparsers(dest="letters_command", metavar="ACTION", required=True)
    listing = letters_sub.add_parser("list", help="letters, newest first")
    listing.add_argument("--awaiting-reply", action="store_true", help="only those awaiting one")
    listing.add_argument("--overdue", action="store_true", help="only replies past their date")
    listing.add_argument("--case", type=int, metavar="ID", help="only those about this case")
    listing.add_argument("--optout", type=int, metavar="ID", help="only this opt-out request's")
    listing.add_argument("--limit", type=int, default=100, metavar="N")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    add = letters_sub.add_parser("add", help="log a letter, fax, email, call or meeting")
    add.add_argument("--direction", choices=["in", "out"], required=True)
    add.add_argument("--method", required=True, help="mail, fax, email, phone, hand_delivery…")
    add.add_argument("--subject", required=True)
    add.add_argument("--sent", metavar="DATE", help="MM/DD/YYYY or YYYY-MM-DD")
    add.add_argument("--received", metavar="DATE")
    add.add_argument("--from", dest="from_name", metavar="NAME")
    add.add_argument("--from-kind", default="other", metavar="KIND", help="e.g. ice_field_office")
    add.add_argument("--to", dest="to_name", metavar="NAME")
    add.add_argument("--to-kind", default="other", metavar="KIND")
    add.add_argument("--summary")
    add.add_argument("--case", type=int, metavar="ID")
    add.add_argument("--detainer", type=int, metavar="ID")
    add.add_argument("--optout", type=int, metavar="ID")
    add.add_argument("--in-reply-to", type=int, metavar="ID")
    due = add.add_mutually_exclusive_group()
    due.add_argument("--reply-due", metavar="DATE")
    due.add_argument("--reply-rule", metavar="RULE", help="e.g. reply_30_days, cpra_determination")
    add.add_argument("--extended", action="store_true", help="the rule's one extension applies")
    add.add_argument("--attach", action="append", metavar="FILE", help="repeat for more files")
    add.add_argument("--json", action="store_true", help="print the saved letter as JSON")
    optouts = sub.add_parser("optouts", help="the county's opt-out requests")
    optouts_sub = optouts.add_subparsers(dest="optouts_command", metavar="ACTION", required=True)
    optouts_list = optouts_sub.add_parser("list", help="every request")
    optouts_list.add_argument("--json", action="store_true", help="print a JSON array")
    show = optouts_sub.add_parser("show", help="one request with its history and thread")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print a JSON object")


def _letter_parsers(sub) -> None:
    """``templates list``, ``letter`` and ``letters batch``."""
    templates = sub.add_parser("templates", help="the county's letter templates")
    templates_sub = templates.add_subparsers(
        dest="templates_command", metavar="ACTION", required=True
    )
    listing = templates_sub.add_parser(
        "list", help="every letter type in each language it needs, and which are loaded"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    letter = sub.add_parser("letter", help="make one letter as a PDF (a draft unless --issue)")
    letter.add_argument("code", metavar="TEMPLATE_CODE", help="e.g. detainer_declination")
    letter.add_argument(
        "--for",
        dest="about",
        required=True,
        metavar="KIND:ID",
        help="what it is about: case:ID, detainer:ID, correspondence:ID, optout:ID or "
        "period:FROM..TO",
    )
    letter.add_argument("--lang", default="en", metavar="CODE", help="en, es, zh, tl, vi or ko")
    letter.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    letter.add_argument(
        "--issue", action="store_true", help="approve and issue it too (attorneys and up)"
    )
    letter.add_argument("--their-ref", metavar="TEXT", help="the reference of the letter answered")
    letter.add_argument("--json", action="store_true", help="print the document as JSON")
    letters = sub.add_parser("letters", help="the same letter for many records at once")
    letters_sub = letters.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    batch = letters_sub.add_parser(
        "batch", help="a draft letter for every detainer received on a day, in one PDF"
    )
    batch.add_argument("code", metavar="TEMPLATE_CODE", help="e.g. truth_request_notice")
    batch.add_argument("--detainers-received", required=True, metavar="DATE")
    batch.add_argument("--lang", default="en", metavar="CODE", help="en, es, zh, tl, vi or ko")
    batch.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    batch.add_argument("--json", action="store_true", help="print the batch's ids as JSON")


def run_command(args: argparse.Namespace) -> int:
    if args.command == "clock":  # a database only when one is named
        db = cli.resolve_db(args.db, demo=args.demo) if args.db or args.demo else None
        return cli_detainers.cmd_clock(
            db, args.rule, args.start, args.tz, args.state, args.extended, args.json
        )
    db_path = cli.resolve_db(args.db, demo=args.demo)
    match args.command:
        case "init":
            return cli.cmd_init(db_path)
        case "demo":
            return cli.cmd_demo(db_path)
        case "check":
            return cli.cmd_check(db_path)
        case "sample":
            return cli.cmd_sample(db_path, args.bookings)
        case "cases" if args.cases_command == "list":
            return cli.cmd_cases_list(db_path, args.search, args.limit, args.json)
        case "cases":
            return cli.cmd_cases_show(db_path, args.id, args.json)
        case "detainers":
            return cli_detainers.cmd_detainers_list(
                db_path, args.status, args.due_within, args.limit, args.json
            )
        case "correspondence" if args.letters_command == "list":
            return cli_correspondence.cmd_correspondence_list(db_path, args)
        case "correspondence":
            return cli_correspondence.cmd_correspondence_add(db_path, args)
        case "optouts" if args.optouts_command == "list":
            return cli_correspondence.cmd_optouts_list(db_path, args.json)
        case "optouts":
            return cli_correspondence.cmd_optouts_show(db_path, args.id, args.json)
        case "templates":
            return cli_letters.cmd_templates_list(db_path, args.json)
        case "letter":
            return cli_letters.cmd_letter(db_path, args)
        case "letters":
            return cli_letters.cmd_letters_batch(db_path, args)
        case "stats" | "export":
            return cli_stats.run(db_path, args)
        case "report":
            return cli_reports.run(db_path, args)
        case "import" | "imports":
            return cli_import.run(db_path, args)
        case "backup" | "backups" | "restore":
            return cli_backups.run(db_path, args)
        case "staff" if args.staff_command == "list":
            return cli.cmd_staff_list(db_path, args.json)
        case "staff":
            return cli.cmd_staff_set(db_path, args.login, args.name, args.role)
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``detainer-desk`` and ``python main.py``."""
    args = build_parser().parse_args(argv)
    try:
        if args.command:
            return run_command(args)
        from ui.app import run_gui  # Qt is loaded only for the GUI

        return run_gui(db_arg=args.db, demo=args.demo, screenshot=args.screenshot)
    except DeskError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"{PROG}: error: {describe_sqlite_error(exc)}", file=sys.stderr)
        return 1
    except OverflowError:  # an id or count longer than any record number (SQLite's 64 bits)
        print(f"{PROG}: error: a number given is too large to be a record number", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): not an error worth a traceback. Point stdout at
        # devnull so the interpreter's final flush does not raise again (Python's own advice).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    # Batch letters print in worker processes; a frozen (bundled) app must let them start.
    multiprocessing.freeze_support()
    sys.exit(main())
