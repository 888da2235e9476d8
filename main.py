"""Detainer Desk: parse the command line, then open the GUI or run a subcommand.

Subcommands never import Qt, so they run on a server or in a script. ``python main.py`` and the
installed ``detainer-desk`` command are the same program.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from models import cli, cli_detainers
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
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): not an error worth a traceback. Point stdout at
        # devnull so the interpreter's final flush does not raise again (Python's own advice).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
