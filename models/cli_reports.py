"""The ``report`` subcommand: the Board of Supervisors report and the community-forum report.

``report board --from DATE --to DATE [--facility NAME] [--agency ORI] [--lang es]
[--staff-hours H --hourly-cost C] -o FILE.pdf`` and ``report forum --from --to [--lang] -o``.
Everything is checked before the report is printed — the dates, the period, the staff cost, the
language, the facility (any case) and agency, the letterhead, and the name and folder of the
PDF — and the file is written to a temporary name and renamed
into place (:func:`models.files.write_atomically`), so a failure leaves no file, whole or half.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from models.errors import DeskError, ValidationError
from models.files import check_writable_folder, write_atomically
from models.letters.language import LANGUAGES
from models.reports.board import board_report
from models.reports.common import check_language, check_staff_cost
from models.reports.forum import forum_report
from models.settings import county_timezone
from models.staff import current_staff
from models.stats.filters import resolve_filters
from models.stats.period import Filters, Period, check_period
from models.store import open_database
from models.timeutil import DateParseError, county_today, parse_date

_OPTIONS = {"start": "--from", "end": "--to", "staff_hours": "--staff-hours",
            "hourly_cost": "--hourly-cost", "language": "--lang", "facility": "--facility",
            "agency_ori": "--agency"}  # fmt: skip
_NAMES = {"board": "Board report", "forum": "Community-forum report"}


def add_parsers(sub) -> None:
    """Add ``report board`` and ``report forum`` to the main parser's subcommands."""
    report = sub.add_parser(
        "report", help="print the Board of Supervisors or TRUTH Act community-forum report"
    )
    kinds = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    board = kinds.add_parser(
        "board", help="figures for a period, the policy in force, an optional staff cost"
    )
    forum = kinds.add_parser("forum", help="the TRUTH Act community forum: ICE access by type")
    for parser in (board, forum):
        _period_arguments(parser)
    board.add_argument("--staff-hours", metavar="H", help="staff hours spent on each detainer")
    board.add_argument("--hourly-cost", metavar="C", help="cost of an hour of staff time ($)")


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="MM/DD/YYYY or YYYY-MM-DD"
    )
    parser.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day")
    parser.add_argument("--facility", metavar="NAME", help="only arrests booked at this facility")
    parser.add_argument("--agency", metavar="ORI", help="only this arresting agency's arrests")
    parser.add_argument("--lang", default="en", metavar="CODE", help="en (default) or es")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")


def run(db_path: Path, args: argparse.Namespace) -> int:
    """Print the report asked for to ``args.output``; 0 when written.

    Raises:
        DeskError: a date, the period, the staff cost, the language, the facility, the agency
            or the output path is wrong, or the letterhead is not set up; nothing is written.
    """
    kind = args.report_command
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    lang = _checked(lambda: check_language((args.lang or "").strip().lower()))
    cost = None
    if kind == "board":
        cost = _checked(lambda: check_staff_cost(args.staff_hours, args.hourly_cost))
    target = _target(args.output)
    db = open_database(db_path, create=False)
    try:
        today = county_today(county_timezone(db))
        period: Period = _checked(lambda: check_period(start, end, today))
        filters: Filters = _checked(lambda: resolve_filters(db, args.facility, args.agency))
        actor = current_staff(db)
        if kind == "board":
            rendered = board_report(db, actor, period, filters, lang=lang, staff_cost=cost)
        else:
            rendered = forum_report(db, actor, period, filters, lang=lang)
    finally:
        db.close()
    try:
        write_atomically(target, rendered.data)
    except OSError as exc:
        raise DeskError(
            f"Cannot write {target}: {exc.strerror or exc}. Nothing was saved."
        ) from None
    pages = sum(rendered.page_counts)
    print(
        f"{_NAMES[kind]} ({LANGUAGES[lang].name}, {pages} page{'s' if pages != 1 else ''}, "
        f"{period.label}) written to {target}."
    )
    return 0


def _date(text: str, option: str):
    try:
        return parse_date(text)
    except DateParseError as exc:
        raise DeskError(f"{option}: {exc}.") from None


def _checked(check):
    """Run ``check``; a ValidationError comes back naming the options at fault."""
    try:
        return check()
    except ValidationError as exc:
        raise DeskError(
            " ".join(f"{_OPTIONS.get(e.field, e.field)}: {e.message}" for e in exc.errors)
        ) from None


def _target(path: str) -> Path:
    """The PDF to write, its folder checked before anything is printed."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise DeskError(f"-o {target}: that is a folder; give the name of the PDF file to write.")
    if target.suffix.lower() != ".pdf":
        raise DeskError(f"-o {target}: the report is a PDF; give a file name ending in .pdf.")
    folder = target.parent
    if not folder.is_dir():
        raise DeskError(f"Cannot write {target}: the folder {folder} does not exist. "
                        "Nothing was saved.")  # fmt: skip
    try:
        check_writable_folder(folder)
    except OSError as exc:
        raise DeskError(
            f"Cannot write {target}: {exc.strerror or exc}. Nothing was saved."
        ) from None
    return target
