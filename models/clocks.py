"""Business-time arithmetic: when a detainer hold expires, when a reply is due, and why.

Pure: no database and no Qt. Every result carries its explanation trail (``Deadline.steps``),
plain sentences a clerk can read aloud: the rule and its source, the start, each day skipped,
the result. Instants are aware datetimes in UTC; they are shown in the county's zone.

Holidays: US federal holidays (``holidays.US``), plus the holidays of the office's state that
are not federal ones (labelled "(California holiday)"), plus the county's declared closure days
("(county holiday)"). Observed days the package lists ("Christmas Day (observed)") count.

Hold rules:

* ``48h_excluding_weekends_holidays`` (8 CFR 287.7(d)): hours elapse only on business days.
  Walking local calendar days in the county zone from the start, each day is either skipped
  whole (a weekend or holiday) or contributes the time from the cursor to the next local
  midnight; the hold expires where the hours run out. A start on a skipped day begins counting
  at the next business day's midnight. Day boundaries are local midnights converted to UTC, so
  a daylight-saving change (always on a Sunday in the US, a skipped day) never moves the result
  by an hour: Fri 15:00 PST is followed by Tue 15:00 PDT.
* Rules that do not skip (``48h_clock``, ``24h_local_cap``): the hours are real elapsed time,
  ``starts_at + N hours`` in UTC. A person is held for N real hours, so across a
  daylight-saving change the wall-clock end moves by an hour, and the trail says so.
* ``not_permitted`` (no hours): no hold at all; the person is released when otherwise due.

Due-date rules count whole days after the start day (the start day is not counted).
``calendar_days``: start + N days, moved forward to the next business day when the rule rolls
forward. ``business_days``: the Nth business day after the start. An extension adds its days
(calendar days to the unmoved base date, then rolls forward; business days for a business-day
rule). A date deadline's ``due_at`` is the first instant of the day after the due date, so a
reply is overdue only once the due day has ended.

``clock_state``: overdue strictly after ``due_at``; due today when not overdue and the deadline
falls before the end of today (local), so "due today is not overdue".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays

from models.timeutil import format_date, format_local

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKEND = {5: "Saturday", 6: "Sunday"}
_CFR = "8 CFR 287.7(d): not to exceed 48 hours, excluding Saturdays, Sundays, and holidays"
#: A calendar with no business day for ten years is a broken calendar, not a long hold.
_MAX_DAYS = 3660


@dataclass(frozen=True)
class HoldRule:
    code: str
    label: str
    hours: int | None
    skips_non_business_days: bool
    source: str

    @property
    def is_permitted(self) -> bool:
        """False when the rule allows no hold at all."""
        return self.hours is not None


@dataclass(frozen=True)
class DueRule:
    code: str
    label: str
    kind: str
    days: int
    extension_days: int | None
    roll_forward: bool
    source: str


_I247A = (
    "Form I-247A (02/17): not to exceed 48 hours beyond the time he or she would "
    "otherwise have been released"
)
_NO_HOLD = (
    "No detention beyond the time of release: local law or policy forbids it, or the "
    "request does not ask for detention"
)
_DC = "Local law capping a hold at 24 hours (District of Columbia, 2012)"
_CPRA = "Public records determination: 10 days, one extension of up to 14"
_OFFICE = "Office practice"
# fmt: off
_HOLD_ROWS = (
    ("48h_excluding_weekends_holidays", "48 hours, not counting weekends and holidays", 48, True,
     _CFR),
    ("48h_clock", "48 hours of clock time", 48, False, _I247A),
    ("24h_local_cap", "24 hours (local cap)", 24, False, _DC),
    ("not_permitted", "No hold permitted", None, False, _NO_HOLD),
)
_DUE_ROWS = (
    ("cpra_determination", _CPRA, "calendar_days", 10, 14, True, "Cal. Gov. Code 7922.535"),
    ("reply_30_days", "Reply expected within 30 days", "calendar_days", 30, None, True, _OFFICE),
    ("followup_14_days", "Follow up after 14 days", "calendar_days", 14, None, True, _OFFICE),
    ("business_days_5", "Within 5 business days", "business_days", 5, None, False, _OFFICE),
    ("business_days_10", "Within 10 business days", "business_days", 10, None, False, _OFFICE),
)
# fmt: on
#: The seed rows of migration m002 (a test holds them equal to a freshly migrated database).
BUILTIN_HOLD_RULES: dict[str, HoldRule] = {row[0]: HoldRule(*row) for row in _HOLD_ROWS}
BUILTIN_DUE_RULES: dict[str, DueRule] = {row[0]: DueRule(*row) for row in _DUE_ROWS}


def _lookup(kind: str, rules: Mapping[str, object], code: str):
    if code not in rules:
        raise ValueError(f"unknown {kind} rule {code!r}; known: {', '.join(rules)}")
    return rules[code]


def hold_rule(code: str) -> HoldRule:
    """The built-in hold rule ``code``; ValueError naming the known codes if there is none."""
    return _lookup("hold", BUILTIN_HOLD_RULES, code)


def due_rule(code: str) -> DueRule:
    """The built-in due-date rule ``code``; ValueError naming the known codes if there is none."""
    return _lookup("due", BUILTIN_DUE_RULES, code)


def state_names() -> dict[str, str]:
    """The US states and territories the holiday package knows, code to name."""
    aliases = getattr(holidays.US, "subdivisions_aliases", {})
    names = {code: name for name, code in aliases.items() if len(name) > 2}
    return {code: names.get(code, code) for code in holidays.US.subdivisions}


@functools.lru_cache(maxsize=128)
def _package_labels(year: int, state: str | None) -> dict[date, tuple[str, ...]]:
    """Federal holidays plus the state's own extra ones in ``year`` (do not mutate)."""
    federal = holidays.US(years=year)
    labels = {d: tuple(f"{n} (federal holiday)" for n in federal.get_list(d)) for d in federal}
    if state:
        name = state_names().get(state, state)
        local = holidays.country_holidays("US", subdiv=state, years=year)
        for d in local:
            if d not in labels:  # a federal day renamed by the state is the federal holiday
                labels[d] = tuple(f"{n} ({name} holiday)" for n in local.get_list(d))
    return labels


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


class HolidayCalendar:
    """Which days are business days for the office: weekends and holidays are not.

    Args:
        state: two-letter US state or territory whose holidays also count; None for none.
        county_days: the county's declared closure days and their names.

    Attributes:
        state: the state code in upper case, or None.
        county_days: a copy of the county days given.

    Raises:
        ValueError: a state the holiday package does not know.
    """

    def __init__(self, state: str | None = None, county_days: Mapping[date, str] | None = None):
        state = (state or "").strip().upper() or None
        if state is not None and state not in holidays.US.subdivisions:
            raise ValueError(f"unknown US state or territory {state!r}")
        self.state = state
        self.county_days = dict(county_days or {})
        self._years: dict[int, dict[date, tuple[str, ...]]] = {}

    def _labels(self, day: date) -> tuple[str, ...]:
        if day.year not in self._years:
            labels = dict(_package_labels(day.year, self.state))
            for d, name in self.county_days.items():
                if d.year == day.year:
                    labels[d] = (*labels.get(d, ()), f"{name} (county holiday)")
            self._years[day.year] = labels
        return self._years[day.year].get(day, ())

    def holiday(self, day: date) -> str | None:
        """Name each holiday on ``day`` (several joined by "; "), or None if there is none."""
        return "; ".join(self._labels(day)) or None

    def skip_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day (weekday name and/or holiday), or None."""
        reasons = [r for r in (_WEEKEND.get(day.weekday()), self.holiday(day)) if r]
        return "; ".join(reasons) or None

    def is_business_day(self, day: date) -> bool:
        return self.skip_reason(day) is None


@dataclass(frozen=True)
class Deadline:
    rule_code: str
    rule_label: str
    is_permitted: bool
    starts_at: datetime | None
    start_date: date | None
    due_at: datetime | None
    due_date: date | None
    skipped: tuple[SkippedDay, ...]
    steps: tuple[str, ...]


def _day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {format_date(d)}"


def _when(instant: datetime, tz: ZoneInfo) -> str:
    local = instant.astimezone(tz)
    text = format_local(instant, tz)
    zone = local.tzname()
    return f"{_WEEKDAYS[local.weekday()]} {text}" + ("" if text.endswith(zone) else f" {zone}")


def _clock(instant: datetime, tz: ZoneInfo) -> str:
    local = instant.astimezone(tz)
    return f"{local:%H:%M} {local.tzname()}"


def _span(delta: timedelta) -> str:
    hours, minutes = divmod(int(delta.total_seconds()) // 60, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes or not hours else [])
    return " ".join(parts)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of local ``day``, in UTC."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _rule_step(label: str, source: str) -> str:
    return f"Rule: {label} (source: {source})."


def hold_expiry(
    rule: HoldRule, starts_at: datetime, tz: ZoneInfo, calendar: HolidayCalendar
) -> Deadline:
    """When a hold under ``rule`` that starts at ``starts_at`` ends, with the reasoning.

    Args:
        rule: the hold rule that applies.
        starts_at: when the person would otherwise be released (aware).
        tz: the county's zone: days and holidays are local days.
        calendar: the office's business days.

    Raises:
        ValueError: ``starts_at`` is naive.
    """
    if starts_at.tzinfo is None:
        raise ValueError("a hold must start at an aware instant")
    starts_at = starts_at.astimezone(UTC)
    begin = f"Clock starts {_when(starts_at, tz)}, when the person would otherwise be released."
    if rule.hours is None:
        step = (
            f"{_rule_step(rule.label, rule.source)} No hold is permitted: release the person "
            f"when they would otherwise be released ({_when(starts_at, tz)}); do not keep them "
            "for immigration authorities."
        )
        return Deadline(rule.code, rule.label, False, starts_at, None, None, None, (), (step,))
    steps = [_rule_step(rule.label, rule.source), begin]
    skipped: list[SkippedDay] = []
    if rule.skips_non_business_days:
        due_at = _business_hours(rule.hours, starts_at, tz, calendar, steps, skipped)
    else:
        due_at = starts_at + timedelta(hours=rule.hours)
        steps.append(f"{rule.hours} hours of real time are added; weekends and holidays count.")
        for day, delta in _offset_changes(starts_at, due_at, tz):
            amount = "one hour" if abs(delta) == timedelta(hours=1) else _span(abs(delta))
            steps.append(
                f"Clocks went {'back' if delta < timedelta(0) else 'forward'} {amount} on "
                f"{_day(day)}; the hold still lasts {rule.hours} hours of real time and ends at "
                f"{_clock(due_at, tz)}."
            )
    steps.append(f"The hold ends at the latest {_when(due_at, tz)}.")
    return Deadline(
        rule.code, rule.label, True, starts_at, None, due_at, None, tuple(skipped), tuple(steps)
    )


def _business_hours(hours: int, cursor: datetime, tz, calendar, steps, skipped) -> datetime:
    remaining = timedelta(hours=hours)
    day = cursor.astimezone(tz).date()
    for _ in range(_MAX_DAYS):
        day_end = _midnight(day + timedelta(days=1), tz)
        if reason := calendar.skip_reason(day):
            skipped.append(SkippedDay(day, reason))
            steps.append(f"{_day(day)} is skipped: {reason}.")
        elif remaining <= day_end - cursor:
            end = cursor + remaining
            at = "midnight, the end of the day" if end == day_end else _clock(end, tz)
            steps.append(f"{_day(day)}: the last {_span(remaining)} run out at {at}.")
            return end
        else:
            available = day_end - cursor
            remaining -= available
            part = "the whole day" if cursor == _midnight(day, tz) else f"from {_clock(cursor, tz)}"
            steps.append(
                f"{_day(day)} counts {_span(available)} ({part}); {_span(remaining)} left."
            )
        cursor, day = day_end, day + timedelta(days=1)
    raise ValueError("the holiday calendar has no business day in ten years")


def _offset_changes(start: datetime, end: datetime, tz: ZoneInfo) -> list[tuple[date, timedelta]]:
    """The local days between two instants on which the UTC offset changed, and by how much."""
    changes = []
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        lo = max(start, _midnight(day, tz))
        hi = min(end, _midnight(day + timedelta(days=1), tz))
        if delta := hi.astimezone(tz).utcoffset() - lo.astimezone(tz).utcoffset():
            changes.append((day, delta))
        day += timedelta(days=1)
    return changes


def due_by(
    rule: DueRule, start: date, tz: ZoneInfo, calendar: HolidayCalendar, *, extended: bool = False
) -> Deadline:
    """The day a reply under ``rule`` is due when the count starts on ``start``.

    Args:
        rule: the due-date rule.
        start: the day the clock started (a request received, a letter sent); not counted.
        tz: the county's zone, in which the due day ends.
        calendar: the office's business days.
        extended: apply the rule's one lawful extension.

    Raises:
        ValueError: an extension asked of a rule that has none, or an unknown kind.
    """
    if isinstance(start, datetime):
        raise ValueError("a due-date clock starts on a date, not an instant")
    if extended and not rule.extension_days:
        raise ValueError(f"rule {rule.code!r} has no extension")
    if rule.kind not in ("calendar_days", "business_days"):
        raise ValueError(f"unknown kind of due-date rule {rule.kind!r}")
    steps = [
        _rule_step(rule.label, rule.source),
        f"The count starts on {_day(start)}; that day itself is not counted.",
    ]
    skipped: list[SkippedDay] = []
    if rule.kind == "business_days":
        due = _count_business_days(start, rule.days, calendar, steps, skipped)
        if extended:
            steps.append(f"Original due date without the extension: {_day(due)}.")
            skipped.clear()  # the trail keeps the original days; the result lists the extension's
            due = _count_business_days(due, rule.extension_days, calendar, steps, skipped)
    else:
        due = start + timedelta(days=rule.days)
        steps.append(f"{rule.days} calendar days after {_day(start)} is {_day(due)}.")
        if extended:
            original = _roll(due, rule.roll_forward, calendar, [], [])
            steps.append(f"Original due date without the extension: {_day(original)}.")
            base, due = due, due + timedelta(days=rule.extension_days)
            steps.append(
                f"The extension adds {rule.extension_days} days: {_day(base)} plus "
                f"{rule.extension_days} days is {_day(due)}."
            )
        due = _roll(due, rule.roll_forward, calendar, steps, skipped)
    label = " (extended)" if extended else ""
    steps.append(f"Due{label} {_day(due)}; overdue only once that day has ended.")
    due_at = _midnight(due + timedelta(days=1), tz)
    return Deadline(rule.code, rule.label, True, None, start, due_at, due, (*skipped,), (*steps,))


def _count_business_days(
    start: date, count: int, calendar: HolidayCalendar, steps: list[str], skipped: list
) -> date:
    day, counted = start, 0
    for _ in range(_MAX_DAYS):
        day += timedelta(days=1)
        if reason := calendar.skip_reason(day):
            skipped.append(SkippedDay(day, reason))
            steps.append(f"{_day(day)} is not a business day: {reason}.")
            continue
        counted += 1
        if counted == count:
            steps.append(f"Counting {count} business days after {_day(start)} reaches {_day(day)}.")
            return day
    raise ValueError("the holiday calendar has no business day in ten years")


def _roll(
    due: date, roll_forward: bool, calendar: HolidayCalendar, steps: list[str], skipped: list
) -> date:
    reason = calendar.skip_reason(due)
    if reason and not roll_forward:
        steps.append(f"{_day(due)} is {reason}; this rule does not move the due date.")
        return due
    for _ in range(_MAX_DAYS):
        if not reason:
            return due
        skipped.append(SkippedDay(due, reason))
        steps.append(f"{_day(due)} is not a business day ({reason}): the due date moves on.")
        due += timedelta(days=1)
        reason = calendar.skip_reason(due)
    raise ValueError("the holiday calendar has no business day in ten years")


class ClockState(StrEnum):
    RUNNING = "running"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


def clock_state(due_at: datetime, now: datetime, tz: ZoneInfo) -> ClockState:
    """Overdue strictly after ``due_at``; due today if it falls before today's local end."""
    if now > due_at:
        return ClockState.OVERDUE
    end_of_today = _midnight(now.astimezone(tz).date() + timedelta(days=1), tz)
    return ClockState.DUE_TODAY if due_at <= end_of_today else ClockState.RUNNING


def countdown(due_at: datetime, now: datetime) -> str:
    """Time left or overdue, to the minute: "1 d 3 h left", "overdue by 2 h 05 min"."""
    seconds = int((due_at - now).total_seconds())
    # Time left rounds down and time overdue rounds up, so neither looks better than it is.
    minutes = seconds // 60 if seconds >= 0 else -(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = f"{days} d {hours} h"
    elif hours:
        text = f"{hours} h {mins:02d} min"
    else:
        text = f"{mins} min"
    if seconds < 0:
        return f"overdue by {text}"
    return "under 1 min left" if minutes == 0 and seconds > 0 else f"{text} left"
