"""The ``stats`` and ``export`` subcommands: figures for a period, and lists written to files.

``stats`` prints every figure of a period (aligned text, ``--json`` or the long-form ``--csv``),
or with ``--cases KEY`` the cases behind one figure (it takes every key the text shows).
``export`` writes a list (with the filters the work area offers) or the figures to a ``.csv``
or ``.xlsx`` file, logged in the export log like an export from the app. Every mistake — a
date that is not one, a period ending before it starts, a search too short to search, a
facility or agency the record does not know, a file name ending in neither, a folder that
cannot be written — is one line on stderr and exit 1, with nothing written.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from models.case_list import CaseQuery, fts_query
from models.correspondence_list import LetterQuery
from models.detainer_list import DetainerQuery
from models.errors import DeskError, ValidationError
from models.export import (
    case_source,
    check_target,
    correspondence_source,
    detainer_source,
    document_source,
    optout_source,
    run_export,
    statistics_source,
)
from models.export.statistics import LONG_COLUMNS, long_rows
from models.settings import county_timezone
from models.staff import current_staff
from models.stats.compute import statistics
from models.stats.figures import Selection, Statistics
from models.stats.filters import resolve_filters
from models.stats.period import Filters, Period, check_period
from models.store import open_database, reported
from models.timeutil import (
    DateParseError,
    county_today,
    format_local,
    from_db_instant,
    parse_date,
)

#: What ``export`` can write, and which of its options each list takes.
EXPORTS = {
    "cases": {"start", "end", "facility", "search"},
    "detainers": {"start", "end"},
    "correspondence": {"start", "end", "search"},
    "optouts": set(),
    "letters": set(),
    "statistics": {"start", "end", "facility", "agency"},
}
_OPTION = {
    "start": "--from",
    "end": "--to",
    "facility": "--facility",
    "agency": "--agency",
    "search": "--search",
}
HELD_KEY = "held_beyond_release"
#: Agency ORIs an unknown one's message lists at most.


def add_parsers(sub) -> None:
    """Add ``stats`` and ``export`` to the command line's subcommands."""
    stats = sub.add_parser("stats", help="every figure for a period, or the cases behind one")
    stats.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="required: the first day (MM/DD/YYYY or YYYY-MM-DD)",
    )
    stats.add_argument("--to", dest="end", metavar="DATE", help="required: the last day, included")
    stats.add_argument("--facility", metavar="NAME", help="count one facility's bookings only")
    stats.add_argument(
        "--agency", metavar="ORI", help="count the bookings of one arresting agency (its ORI) only"
    )
    form = stats.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (shares with their counts)")
    form.add_argument("--csv", action="store_true", help="print the long-form CSV")
    stats.add_argument(
        "--cases",
        metavar="KEY",
        help="list the cases behind figure KEY instead (a key the text output shows, e.g. "
        "flagged, decisions.decline, held_beyond_release)",
    )
    export = sub.add_parser("export", help="write a list or the figures to .csv or .xlsx")
    export.add_argument("what", choices=list(EXPORTS), metavar="WHAT", help=", ".join(EXPORTS))
    export.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="the first day (MM/DD/YYYY or YYYY-MM-DD); required for statistics; cases are "
        "chosen by the day booked, detainers by the day received, correspondence by the "
        "letter's day (received if incoming, sent if outgoing); not for optouts or letters",
    )
    export.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        help="the last day, included (required for statistics; the same date as --from)",
    )
    export.add_argument("--facility", metavar="NAME", help="cases, statistics: one facility")
    export.add_argument(
        "--agency", metavar="ORI", help="statistics: one arresting agency's bookings (its ORI)"
    )
    export.add_argument(
        "--search",
        metavar="TEXT",
        help="cases: name, alias, A-number or booking # (at least 2 letters or digits); "
        "correspondence: text in the subject or summary; not for the other lists",
    )
    export.add_argument(
        "--public-release",
        action="store_true",
        help="leave out names, dates of birth, A-numbers, FBI/state/booking numbers, record ids "
        "and references, free text and charge descriptions; dates to the month",
    )
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="where to write: .csv or .xlsx"
    )


def run(db_path: Path, args: argparse.Namespace) -> int:
    """Run ``stats`` or ``export``; the exit code."""
    if args.command == "stats":
        return _stats(db_path, args)
    return _export(db_path, args)


# -- stats ------------------------------------------------------------------------------------


def _stats(db_path: Path, args) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    db = open_database(db_path, create=False)
    tz = county_timezone(db)
    period = _period(start, end, county_today(tz))
    stats = statistics(db, period, _filters(db, args), tz=tz)
    if args.cases:
        return _print_cases(db, stats, args.cases.strip(), args)
    if args.json:
        json.dump(stats.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.header for c in LONG_COLUMNS])
        writer.writerows([("" if v is None else v) for v in row] for row in long_rows(stats, tz))
    else:
        _print_stats(stats, tz)
    return 0


def _print_stats(stats: Statistics, tz) -> None:
    print(f"Statistics for {stats.period.label}, {stats.filters.label}")
    print(f"(as of {format_local(stats.as_of, tz)})")
    rows = [(c.label, c.key, f"{c.value:,}") for c in stats.headline()]
    rows += [(s.label, s.key, s.text) for s in (stats.no_conviction, stats.not_violent)]
    _section("Headline", ("Figure", "Key", "Value"), rows, "llr")
    for table in stats.tables():
        rows = [(c.label, c.key, f"{c.value:,}") for c in table.rows]
        if table.total is not None:  # no key: --cases takes the rows' keys, not the total's
            rows.append(("Total", "", f"{table.total:,}"))
        _section(f"{table.title} ({table.unit})", ("Figure", "Key", "Value"), rows, "llr")
    months = [
        (m.month.strftime("%Y-%m"), *(f"{c.value:,}" for c in (m.flagged, m.detainers,
                                                               m.honoured, m.declined)))
        for m in stats.months
    ]  # fmt: skip
    header = ("Month", "Flagged", "Detainers", "Honoured", "Declined")
    _section("By month (keys months.YYYY-MM.flagged …)", header, months, "lrrrr")
    held = stats.held
    median = "–" if held.median_hours is None else f"{held.median_hours} h"
    longest = "–" if held.max_hours is None else f"{held.max_hours} h"
    print(
        f"\nHeld past release eligibility on an honoured detainer ({HELD_KEY}): {held.count:,} "
        f"(median {median}, longest {longest})"
    )
    for note in stats.notes:
        print(f"Note: {note.text}")


def _section(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]], align: str) -> None:
    """A blank line, ``title``, then ``header`` and ``rows`` in aligned columns (l/r each)."""
    table = [header, *rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"\n{title}")
    for line in table:
        cells = [
            cell.ljust(w) if a == "l" else cell.rjust(w)
            for cell, w, a in zip(line, widths, align, strict=True)
        ]
        print("  " + "  ".join(cells).rstrip())


def _print_cases(db: Database, stats: Statistics, key: str, args) -> int:
    if key == HELD_KEY:
        label, selection = "Held past release eligibility on an honoured detainer", stats.held.cases
    else:
        try:
            figure = stats.figure(key)
        except KeyError:
            raise DeskError(
                f"--cases: there is no figure called “{key}”; `stats --json` lists every key "
                "(flagged, decisions.decline, months.2010-10.flagged …)."
            ) from None
        label, selection = figure.label, figure.cases
    cases = cases_behind(db, selection)
    tz = county_timezone(db)
    if args.json:
        data = {
            "key": key,
            "label": label,
            "count": len(cases),
            "cases": [
                {"id": i, "booking_number": n, "booked_at": at.isoformat(), "facility": f}
                for i, n, at, f in cases
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["id", "booking_number", "booked_at", "facility"])
        writer.writerows((i, n, at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), f)
                         for i, n, at, f in cases)  # fmt: skip
        return 0
    title = f"{label} ({key}): {len(cases):,} case{'s' if len(cases) != 1 else ''}"
    rows = [(str(i), n, format_local(at, tz), f) for i, n, at, f in cases]
    _section(title, ("Case ID", "Booking #", "Booked", "Facility"), rows, "rlll")
    return 0


@reported
def cases_behind(db: Database, selection: Selection) -> list[tuple]:
    """``(id, booking number, booked at, facility)`` of the cases behind a figure, oldest first."""
    rows = db.execute(
        f"SELECT b.id, b.booking_number, b.booked_at, b.facility FROM bookings b "
        f"WHERE b.id IN ({selection.sql}) ORDER BY b.booked_at, b.id",
        list(selection.params),
    ).fetchall()
    return [(i, n, from_db_instant(at), f) for i, n, at, f in rows]


# -- export -----------------------------------------------------------------------------------


def _export(db_path: Path, args) -> int:
    given = {name for name in _OPTION if getattr(args, name, None) is not None}
    if extra := sorted(given - EXPORTS[args.what]):
        options = ", ".join(_OPTION[name] for name in extra)
        raise DeskError(f"{options}: not an option of `export {args.what}`.")
    _check_search(args)
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    target = check_target(args.output)  # before anything is read: a bad name costs nothing
    db = open_database(db_path, create=False)
    actor = current_staff(db)
    tz = county_timezone(db)
    today = county_today(tz)
    if args.what == "statistics":
        period = _period(start, end, today)
        stats = statistics(db, period, _filters(db, args), tz=tz)
        source = statistics_source(stats, tz)
    else:
        _check_order(start, end)
        source = _list_source(db, args, start, end, tz, today)
    result = run_export(db, actor, source, target, public_release=args.public_release, tz=tz)
    rows = f"{result.row_count:,} row{'s' if result.row_count != 1 else ''}"
    public = " (public release: no names, dates of birth or identifiers; dates to the month)"
    print(
        f"{rows} of {source.title.lower()} written to {result.path}"
        f"{public if result.public_release else ''}; export {result.export_id} in the log."
    )
    return 0


def _list_source(db: Database, args, start, end, tz, today):
    match args.what:
        case "cases":
            query = CaseQuery(
                search=args.search or "",
                booked_from=start,
                booked_to=end,
                facility=_filters(db, args).facility,
            )
            return case_source(db, query, tz)
        case "detainers":
            return detainer_source(db, DetainerQuery(received_from=start, received_to=end), tz)
        case "correspondence":
            query = LetterQuery(date_from=start, date_to=end, search=args.search or "")
            return correspondence_source(db, query, today)
        case "optouts":
            return optout_source(db)
    return document_source(db)


def _check_search(args) -> None:
    """A DeskError for a search that would find nothing to narrow (the list would ignore it)."""
    if args.search is None:
        return
    if args.what == "cases" and fts_query(args.search) is None:
        raise DeskError("--search: type at least 2 letters or digits.")
    if not args.search.strip():
        raise DeskError("--search: type the text to look for.")


# -- shared -----------------------------------------------------------------------------------


def _date(text: str | None, option: str) -> date | None:
    try:
        return parse_date(text or "")
    except DateParseError as exc:
        raise DeskError(f"{option}: {exc}") from None


def _period(start: date | None, end: date | None, today: date) -> Period:
    try:
        return check_period(start, end, today)
    except ValidationError as exc:
        names = {"start": "--from", "end": "--to"}
        raise DeskError(
            "; ".join(f"{names.get(e.field, e.field)}: {e.message}" for e in exc.errors)
        ) from None


def _check_order(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise DeskError(
            f"--to: the period ends ({end.isoformat()}) before it starts ({start.isoformat()})."
        )


def _filters(db: Database, args) -> Filters:
    """The facility and agency given, each checked against the record."""
    agency = getattr(args, "agency", None)
    try:
        return resolve_filters(db, args.facility, agency)
    except ValidationError as exc:
        names = {"facility": "--facility", "agency_ori": "--agency"}
        raise DeskError(
            " ".join(f"{names.get(e.field, e.field)}: {e.message}" for e in exc.errors)
        ) from None
