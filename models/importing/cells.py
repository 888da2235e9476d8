"""Reading single cells of an imported file: FOIA redaction markers, dates and instants.

Jail exports and FOIA releases write dates in many ways (``10/3/2016``, ``03/04/55``,
``2017-04-21 11:43:00``, ``12MAR08``, ``4/21/2017 11:43 AM``); this module reads all of them
into calendar dates, or into UTC instants taking wall times as the county's own time.

Two-digit years are 20yy unless that year is after this one, then 19yy (``03/04/55`` is
1955, ``12MAR08`` is 2008).

Wall times that do not name one instant are read deterministically, the way Python's ``zoneinfo``
reads them with ``fold=0``:

* a time in the hour the clocks skip in spring (``2017-03-12 02:30`` in Los Angeles) is read
  with the offset in force before the change (standard time), so it lands one hour later on
  the clock after the change (03:30 PDT, 10:30 UTC);
* a time in the hour that happens twice in autumn is the first of the two (daylight time).

The parsers run once per cell on files of a million rows, so results are memoised by text.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from models.timeutil import FIRST_YEAR, LAST_YEAR

_ONE_MARKER = r"\(\s*b\s*\)\s*\(\s*\d\s*\)(?:\s*\(\s*[a-z]\s*\))*"
_REDACTION = re.compile(
    rf"^{_ONE_MARKER}(?:\s*(?:[,;&/]|and)?\s*{_ONE_MARKER})*$", re.IGNORECASE | re.ASCII
)

_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?\s*([AaPp]\.?[Mm]\.?)?)?"
_US = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}|\d{{2}}){_TIME}$", re.ASCII)
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}(Z|[+-]\d{{2}}:?\d{{2}})?$", re.ASCII)
_MON = re.compile(rf"^(\d{{1,2}})[- ]?([A-Za-z]{{3}})[- ]?(\d{{4}}|\d{{2}}){_TIME}$", re.ASCII)

MONTHS = {name.upper(): number for number, name in enumerate(calendar.month_abbr) if name}
FORMATS_HINT = "use M/D/YYYY, YYYY-MM-DD or 12MAR2008"


class CellError(ValueError):
    """A cell's text is not a valid value; ``str(error)`` is the reason in clerk words."""


def redaction_marker(text: str) -> str | None:
    """The FOIA redaction marker a cell holds instead of a value, as written; else None.

    Markers name the exemptions of 5 U.S.C. 552(b) that withheld the value:
    ``(b)(6),(b)(7)(c )``, ``(b)(7)(E )``, ``(b)(6)``, ``(b)(7)(C)``. Ordinary text that merely
    starts with a bracketed letter (``(b) street``) is not a marker.
    """
    text = text.strip()
    if not text.startswith("(") or not _REDACTION.match(text):
        return None
    return text


def parse_date(text: str, *, today: date) -> date:
    """The calendar date a cell holds (a time after the date is checked, then dropped).

    Args:
        text: the cell, in any of the forms the module docstring lists.
        today: the county's today, which settles the century of two-digit years.

    Raises:
        CellError: not a date, or not a real one ("February has no 30th day").
    """
    value = _date_cached(text, today)
    if isinstance(value, str):
        raise CellError(value)
    return value


def parse_instant(text: str, tz: ZoneInfo, *, today: date) -> datetime:
    """The instant a cell holds, aware and in UTC; a date alone is 00:00 county time.

    Times written with an offset (``2017-04-21T18:43:00Z``) keep it; others are wall times in
    ``tz`` (see the module docstring for the hours that are skipped or repeated).

    Raises:
        CellError: not a date and time, or not a real one.
    """
    value = _instant_cached(text, tz, today)
    if isinstance(value, str):
        raise CellError(value)
    return value


@lru_cache(maxsize=65536)
def _date_cached(text: str, today: date) -> date | str:
    try:
        return _parse(text, today)[0]
    except CellError as exc:
        return str(exc)


@lru_cache(maxsize=65536)
def _instant_cached(text: str, tz: ZoneInfo, today: date) -> datetime | str:
    try:
        day, clock, offset = _parse(text, today)
    except CellError as exc:
        return str(exc)
    hour, minute, second = clock
    if offset is not None:
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=offset)
    else:
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    try:
        return local.astimezone(UTC)
    except (OverflowError, ValueError):
        return f"{day.isoformat()} is outside the dates this office can record"


def _parse(text: str, today: date) -> tuple[date, tuple[int, int, int], object]:
    """Split a cell into (date, (hour, minute, second), fixed offset or None)."""
    cell = text.strip()
    if not cell:
        raise CellError("no date given")
    offset = None
    if m := _US.match(cell):
        month, day, year_text = int(m[1]), int(m[2]), m[3]
        clock = m.groups()[3:7]
    elif m := _ISO.match(cell):
        year_text, month, day = m[1], int(m[2]), int(m[3])
        clock = m.groups()[3:7]
        if m[8]:
            offset = _offset(m[8])
    elif m := _MON.match(cell):
        day, month_name, year_text = int(m[1]), m[2].upper(), m[3]
        clock = m.groups()[3:7]
        if month_name not in MONTHS:
            raise CellError(f"“{m[2]}” is not a month (use JAN, FEB, … DEC)")
        month = MONTHS[month_name]
    else:
        raise CellError(f"not a date this import can read ({FORMATS_HINT})")
    year = _year(year_text, today)
    return _real_date(year, month, day), _clock(*clock), offset


def _year(text: str, today: date) -> int:
    """A four-digit year as written; a two-digit one in this century unless its year is future.

    The year, not the whole date, is compared: a release date later this year written
    ``12/20/26`` is this year's, while ``03/04/55`` (a birth date) is 1955.
    """
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year - 100 if year > today.year else year


def _real_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise CellError(f"there is no month {month}")
    if day < 1:
        raise CellError(f"there is no day {day}")
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if day > last:
        name = calendar.month_name[month]
        if month == 2 and day == 29:
            raise CellError(f"February {year} has no 29th day ({year} is not a leap year)")
        raise CellError(f"{name} has no {_ordinal(day)} day")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(f"the year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return date(year, month, day)


def _clock(
    hour: str | None, minute: str | None, second: str | None, meridiem: str | None
) -> tuple[int, int, int]:
    if hour is None:
        return 0, 0, 0
    h, m, s = int(hour), int(minute), int(second or 0)
    if meridiem:
        if not 1 <= h <= 12:
            raise CellError(f"with AM/PM the hour must be 1 to 12, not {h}")
        h = h % 12 + (12 if meridiem[0] in "pP" else 0)
    if h > 23:
        raise CellError(f"there is no hour {h}")
    if m > 59 or s > 59:
        raise CellError(f"{hour}:{minute}{':' + second if second else ''} is not a time of day")
    return h, m, s


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise CellError(f"“{text}” is not a time zone offset")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
