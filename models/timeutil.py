"""Parsing and formatting of dates and instants the way a US county office writes them.

Calendar dates are stored as ISO ``YYYY-MM-DD``. Instants are stored in UTC as
``YYYY-MM-DDTHH:MM:SS+00:00`` so that text comparison equals time comparison, and are shown
and typed in the county's own time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "America/Los_Angeles"

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_ZONE = re.compile(r"\s*\b([A-Za-z]{2,3}[Tt])$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$", re.ASCII)

DATE_HINT = "MM/DD/YYYY"
#: Every date this office records falls in these years; outside them is a typing slip (or an
#: export's "no date" marker such as 12/31/9999 or 01/01/0001), never a real date.
FIRST_YEAR, LAST_YEAR = 1900, 2100
DATETIME_HINT = "MM/DD/YYYY HH:MM"


class DateParseError(ValueError):
    """Text that is not a date or time in a form this office uses."""


class YearOutOfRange(DateParseError):
    """A real date, but in a year no record of this office can have."""


def parse_date(text: str) -> date | None:
    """Read a date typed as ``MM/DD/YYYY`` or ``YYYY-MM-DD``; empty text is no date.

    Raises:
        DateParseError: the text is not a real calendar date.
    """
    text = (text or "").strip()
    if not text:
        return None
    if m := _US_DATE.match(text):
        month, day, year = (int(g) for g in m.groups())
    elif m := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise DateParseError(f"“{text}” is not a date; type it as {DATE_HINT}")
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateParseError(f"“{text}” is not a real calendar date") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise YearOutOfRange(f"“{text}”: use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return value


def parse_local_datetime(text: str, tz: ZoneInfo) -> datetime | None:
    """Read a local date and time (``MM/DD/YYYY HH:MM``, 24-hour or with AM/PM) in ``tz``.

    A date alone means midnight. The result is aware, in UTC. A time in the hour the clocks skip
    in spring does not exist and is refused; a time in the hour that happens twice in autumn must
    say which, with the zone's abbreviation (``11/07/2010 01:30 PST``), and is refused without.

    Raises:
        DateParseError: the text is not a date and time, or not a single instant.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        return _parse_local(text, tz)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, DateParseError):
            raise
        raise DateParseError(f"“{text}” is outside the dates this office can record") from None


def _parse_local(text: str, tz: ZoneInfo) -> datetime:
    if "T" in text and _ISO_DATE.match(text.split("T", 1)[0]):
        zone = None
        if m := _ZONE.search(text):  # 2010-11-07T01:30 PST: the hour that happens twice
            zone, text = m.group(1).upper(), text[: m.start()].strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise DateParseError(f"“{text}” is not a date and time") from None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise YearOutOfRange(f"“{text}”: use a year from {FIRST_YEAR} to {LAST_YEAR}")
        if value.tzinfo is not None:
            return value.astimezone(UTC)
        return _localise(value.replace(tzinfo=tz), zone, text, tz)
    date_part, _, time_part = text.partition(" ")
    try:
        day = parse_date(date_part)
    except YearOutOfRange:
        raise
    except DateParseError:
        raise DateParseError(
            f"“{text}” is not a date and time; type it as {DATETIME_HINT}"
        ) from None
    hour = minute = second = 0
    zone = None
    time_part = time_part.strip()
    if m := _ZONE.search(time_part):
        zone, time_part = m.group(1).upper(), time_part[: m.start()].strip()
    if time_part:
        m = _TIME.match(time_part)
        if not m:
            raise DateParseError(f"“{text}” is not a date and time; type it as {DATETIME_HINT}")
        hour, minute = int(m.group(1)), int(m.group(2))
        second = int(m.group(3) or 0)
        if meridiem := m.group(4):
            if not 1 <= hour <= 12:
                raise DateParseError(f"“{text}”: with AM/PM the hour must be 1 to 12")
            hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
        if hour > 23 or minute > 59 or second > 59:
            raise DateParseError(f"“{text}” is not a real time of day")
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    return _localise(local, zone, text, tz)


def _localise(local: datetime, zone: str | None, text: str, tz: ZoneInfo) -> datetime:
    """Convert a wall time in ``tz`` to UTC, refusing one that is not exactly one instant."""
    # A wall time in the spring gap does not survive a round trip through UTC.
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DateParseError(f"“{text}” does not exist in {tz.key}: the clocks skip that hour")
    candidates = {local.replace(fold=f).tzname(): local.replace(fold=f) for f in (0, 1)}
    if zone is not None:
        if zone not in candidates:
            names = " or ".join(candidates)
            raise DateParseError(f"“{text}”: at that time {tz.key} is on {names}")
        return candidates[zone].astimezone(UTC)
    if len(candidates) > 1:
        first, second = candidates
        raise DateParseError(
            f"“{text}” happens twice in {tz.key} (the clocks go back): add {first} for the "
            f"first or {second} for the second"
        )
    return local.astimezone(UTC)


def to_db_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def from_db_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def to_db_instant(value: datetime | None) -> str | None:
    """Store an aware instant as fixed-width UTC text (seconds precision)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime reached the store; every instant must carry a zone")
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def from_db_instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def format_date(value: date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else ""


def format_local(value: datetime | None, tz: ZoneInfo) -> str:
    """Show an instant as the county's wall-clock time, ``MM/DD/YYYY HH:MM``.

    In the autumn hour that happens twice the zone's abbreviation follows (``01:30 PST``), so
    the text names one instant and reads back as the same one.
    """
    if value is None:
        return ""
    try:
        local = value.astimezone(tz)
    except OverflowError:  # an instant at the edge of the calendar: show it as stored
        return value.isoformat()
    text = local.strftime("%m/%d/%Y %H:%M")
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        text += f" {local.tzname()}"
    return text


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def county_today(tz: ZoneInfo, now: datetime | None = None) -> date:
    """The calendar day it is now in the county (what "due today" and "overdue" count from)."""
    return (now or utc_now()).astimezone(tz).date()


def with_zone(value: datetime, tz: ZoneInfo) -> str:
    """An instant in county time that always names its zone (``12/01/2010 00:00 PST``)."""
    text = format_local(value, tz)
    zone = value.astimezone(tz).tzname()
    return text if text.endswith(zone) else f"{text} {zone}"
