"""The detainer and clock subcommands: list detainers and running clocks, check the engine.

``clock`` needs no database: it works a rule out from a start time with the built-in rules and
the federal and state holidays, so anyone can check the engine against a hand-worked case; with
``--db`` it uses that database's rules, county holidays, state and time zone instead.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.clocks import (
    BUILTIN_DUE_RULES,
    BUILTIN_HOLD_RULES,
    Deadline,
    HolidayCalendar,
    countdown,
    due_by,
    hold_expiry,
    state_names,
)
from models.county_calendar import holiday_state, load_calendar
from models.detainer_clocks import running_clocks
from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows
from models.detainer_vocab import load_detainer_vocab
from models.errors import DeskError
from models.records import DetainerStatus
from models.settings import county_timezone
from models.store import open_database
from models.timeutil import DEFAULT_TIMEZONE, DateParseError, format_local, parse_local_datetime
from models.timeutil import utc_now as _utc_now

#: Ten years: no clock of this office runs longer (and nan, inf or 1e8 is a typing slip).
MAX_DUE_WITHIN_HOURS = 24 * 366 * 10


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = [header, *rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def cmd_detainers_list(
    db_path: Path, status: str | None, due_within: float | None, limit: int, as_json: bool
) -> int:
    """List detainers (newest first), or with ``due_within`` the clocks due within those hours."""
    if limit < 1:
        raise DeskError("--limit must be at least 1")
    if due_within is not None and not 0 <= due_within <= MAX_DUE_WITHIN_HOURS:
        raise DeskError(f"--due-within must be a number of hours from 0 to {MAX_DUE_WITHIN_HOURS}")
    db = open_database(db_path, create=False)
    tz = county_timezone(db)
    wanted = DetainerStatus(status) if status else None
    forms = {f.code: f.short_label for f in load_detainer_vocab(db).forms}
    if due_within is not None:
        now = _utc_now()
        clocks = running_clocks(db, within=timedelta(hours=due_within), now=now)
        clocks = [c for c in clocks if wanted is None or c.status is wanted][:limit]
        if as_json:
            data = [
                {
                    "detainer_id": c.detainer_id,
                    "case_id": c.booking_id,
                    "name": c.person_name,
                    "booking_number": c.booking_number,
                    "clock": c.kind,
                    "due_at": c.due_at.isoformat(),
                    "overdue": c.due_at < now,
                    "form": c.form_code,
                    "status": str(c.status),
                    "hold_rule": c.hold_rule,
                }
                for c in clocks
            ]
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
            print()
            return 0
        _print_table(
            ("ID", "Case", "Name", "Clock", "Due", "Countdown"),
            [
                (
                    str(c.detainer_id),
                    str(c.booking_id),
                    c.person_name,
                    c.label,
                    format_local(c.due_at, tz),
                    countdown(c.due_at, now),
                )
                for c in clocks
            ],
        )
        return 0
    ids = detainer_ids(db, DetainerQuery(status=wanted), tz)[:limit]
    rows = detainer_rows(db, ids)
    if as_json:
        data = [
            {
                "id": r.id,
                "case_id": r.booking_id,
                "name": r.person_name,
                "booking_number": r.booking_number,
                "form": r.form_code,
                "received_at": r.received_at.isoformat(),
                "status": str(r.status),
                "ice_office": r.ice_office,
                "decision": str(r.decision) if r.decision else None,
                "hold_expires_at": r.expiry_to_show.isoformat() if r.expiry_to_show else None,
            }
            for r in rows
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    _print_table(
        ("ID", "Case", "Name", "Form", "Received", "Status", "Decision", "Hold expires"),
        [
            (
                str(r.id),
                str(r.booking_id),
                r.person_name,
                forms.get(r.form_code, r.form_code),
                format_local(r.received_at, tz),
                r.status.label,
                r.decision.label if r.decision else "",
                format_local(r.expiry_to_show, tz),
            )
            for r in rows
        ],
    )
    return 0


def cmd_clock(
    db_path: Path | None,
    rule: str,
    start: str,
    tz_name: str | None,
    state: str | None,
    extended: bool,
    as_json: bool,
) -> int:
    """Work out one deadline and print it with its explanation trail."""
    calendar_state, tz, calendar = None, None, None
    hold_rules, due_rules = BUILTIN_HOLD_RULES, BUILTIN_DUE_RULES
    if db_path is not None:
        db = open_database(db_path, create=False)
        tz = county_timezone(db)
        calendar_state = holiday_state(db)
        calendar = load_calendar(db)
        hold_rules = load_detainer_vocab(db).hold_rules
    if tz_name:
        try:
            tz = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder
            raise DeskError(
                f"“{tz_name}” is not a known time zone; use a name such as {DEFAULT_TIMEZONE}."
            ) from None
    tz = tz or ZoneInfo(DEFAULT_TIMEZONE)
    if state is not None:
        state = state.upper()
        if state not in state_names():
            raise DeskError(f"“{state}” is not a US state or territory code (CA, DC, VA, …).")
    if state is not None or calendar is None:
        county_days = calendar.county_days if calendar is not None else None
        calendar_state = state or calendar_state
        calendar = HolidayCalendar(calendar_state, county_days)
    try:
        started = parse_local_datetime(start, tz)
    except DateParseError as exc:
        raise DeskError(f"--from: {exc}") from None
    if started is None:
        raise DeskError("--from needs a date and time, such as 2010-11-26T15:00")
    if rule in hold_rules:
        if extended:
            raise DeskError("--extended applies to due-date rules, not to hold rules")
        deadline = hold_expiry(hold_rules[rule], started, tz, calendar)
    elif rule in due_rules:
        try:
            deadline = due_by(
                due_rules[rule], started.astimezone(tz).date(), tz, calendar, extended=extended
            )
        except ValueError as exc:
            raise DeskError(str(exc)) from None
    else:
        known = ", ".join([*hold_rules, *due_rules])
        raise DeskError(f"“{rule}” is not a known rule; known rules: {known}")
    if as_json:
        json.dump(
            _deadline_json(deadline, tz, calendar_state), sys.stdout, ensure_ascii=False, indent=2
        )
        print()
        return 0
    for step in deadline.steps:
        print(step)
    return 0


def _deadline_json(deadline: Deadline, tz: ZoneInfo, state: str | None) -> dict:
    return {
        "rule": deadline.rule_code,
        "rule_label": deadline.rule_label,
        "timezone": tz.key,
        "state": state,
        "permitted": deadline.is_permitted,
        "starts_at": deadline.starts_at.isoformat() if deadline.starts_at else None,
        "start_date": deadline.start_date.isoformat() if deadline.start_date else None,
        "due_at": deadline.due_at.isoformat() if deadline.due_at else None,
        "due_at_local": format_local(deadline.due_at, tz) if deadline.due_at else None,
        "due_date": deadline.due_date.isoformat() if deadline.due_date else None,
        "skipped": [{"date": s.day.isoformat(), "reason": s.reason} for s in deadline.skipped],
        "steps": list(deadline.steps),
    }
