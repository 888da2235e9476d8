"""Turning one imported cell into the value the record stores, and the lookup lists it needs.

:func:`load_context` reads, once per file, the office's time zone and the vocabularies a cell
is checked against (charge classes, response types, offense levels with their schemes,
criminality codes, program eras, detainer forms, facilities). :func:`converter` makes, once per
mapped field, a function from a cell's text to the stored value (ISO text for dates, UTC text
for instants, codes for vocabularies) that raises :class:`CellError` with the reason in words.
The row reader memoises them by text: a file of a million rows has few distinct dates or words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.importing.cells import CellError, parse_date, parse_instant
from models.settings import county_timezone
from models.store import reported
from models.timeutil import county_today, format_date, to_db_instant, utc_now
from models.validation import known_spelling, normalise_a_number

_NOT_WORD = re.compile(r"[\W_]+")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])[Mm])?$", re.ASCII)


def word(text: str) -> str:
    """A vocabulary word reduced for comparison: ``I-247A``, ``i247a`` and ``I 247 A`` agree."""
    return _NOT_WORD.sub("", text.casefold())


@dataclass(frozen=True)
class PrepareContext:
    """What preparing rows needs from the database, read once per file by :func:`load_context`.

    Attributes:
        tz: the county's time zone (wall times in files are county time).
        today: the county's date (two-digit years; future dates of birth).
        now: the present instant (bookings and releases in the future are refused).
        eras: program eras as (code, first day, day after the last or None), ISO dates.
        offense_levels: the (scheme, level) pairs that exist.
        criminality_codes: ICE criminality codes.
        charge_classes: charge class codes.
        forms: detainer forms: the word of a code, label or short label → code.
        words: per vocabulary ("charge_class", "response_type", "criminality_code",
            "offense_level_scheme", "program_era", "custody_status"), word → code.
        facilities: facilities on file, to keep their spelling.
    """

    tz: ZoneInfo
    today: date
    now: datetime
    eras: tuple[tuple[str, str, str | None], ...]
    offense_levels: frozenset[tuple[str, str]]
    criminality_codes: frozenset[str]
    charge_classes: frozenset[str]
    forms: dict[str, str]
    words: dict[str, dict[str, str]]
    facilities: tuple[str, ...] = ()


_SYNONYMS = {
    "charge_class": {
        "felony": ("f", "fel", "felony"),
        "misdemeanor": ("m", "mis", "misd", "misdemeanor", "misdemeanour"),
        "infraction": ("i", "inf", "infr", "infraction"),
        "wobbler": ("w", "wob", "wobbler"),
    },
    "response_type": {
        "ident_match": ("ident", "idr", "match", "hit", "identmatch", "identhit", "matched"),
        "ident_match_iar": ("iar", "idriar", "identiar", "identmatchiar", "matchiar", "hitiar"),
        "no_match": ("nomatch", "nohit", "none", "noident", "nonmatch", "nomatchfound"),
        "error": ("error", "err", "rejected", "reject"),
    },
    "offense_level_scheme": {
        "sc_crime_type": ("crimetype", "sccrimetype", "crimetypelevel", "sclevel"),
        "threat_level": ("threat", "threatlevel", "sentence", "sentencebased"),
    },
    "criminality_code": {
        "1": ("convicted", "convictedcriminal"),
        "2": ("pending", "pendingcharges", "pendingcriminalcharges"),
        "3": ("other", "otherimmigrationviolator", "oiv"),
    },
    "custody_status": {
        "in_custody": ("incustody", "custody", "incarcerated", "held", "booked"),
        "released": ("released", "release"),
        "transferred": ("transferred", "transfer"),
        "released_to_ice": ("releasedtoice", "ice", "toice", "immigration"),
    },
}


@reported
def load_context(db: Database, *, now: datetime | None = None) -> PrepareContext:
    """Read the time zone and every lookup list preparing a file checks cells against."""
    tz = county_timezone(db)
    now = now or utc_now()
    words: dict[str, dict[str, str]] = {}
    for kind, table in (
        ("charge_class", "charge_classes"),
        ("response_type", "match_response_types"),
        ("criminality_code", "criminality_codes"),
        ("offense_level_scheme", "offense_level_schemes"),
        ("program_era", "program_eras"),
    ):
        rows = db.execute(f"SELECT code, label FROM {table} ORDER BY rowid").fetchall()
        words[kind] = _vocabulary(kind, rows)
    words["custody_status"] = _vocabulary(
        "custody_status",
        [
            ("in_custody", "In custody"),
            ("released", "Released"),
            ("transferred", "Transferred"),
            ("released_to_ice", "Released to ICE"),
        ],
    )
    forms: dict[str, str] = {}
    ambiguous: set[str] = set()
    for code, label, short in db.execute(
        "SELECT code, label, short_label FROM detainer_forms ORDER BY rowid"
    ):
        bare = short.split("(")[0]
        for text in (code, label, short, bare):
            key = word(text)
            if forms.get(key, code) != code:
                ambiguous.add(key)
            forms[key] = code
    for key in ambiguous:
        forms.pop(key)
    eras = tuple(
        (code, start, end)
        for code, start, end in db.execute(
            "SELECT code, start_date, end_date FROM program_eras ORDER BY start_date"
        )
    )
    levels = frozenset(
        (s, lv) for s, lv in db.execute("SELECT scheme, level FROM offense_levels").fetchall()
    )
    return PrepareContext(
        tz=tz,
        today=county_today(tz, now),
        now=now,
        eras=eras,
        offense_levels=levels,
        criminality_codes=frozenset(words["criminality_code"].values()),
        charge_classes=frozenset(words["charge_class"].values()),
        forms=forms,
        words=words,
        facilities=tuple(r[0] for r in db.execute("SELECT name FROM facilities ORDER BY name")),
    )


def _vocabulary(kind: str, rows) -> dict[str, str]:
    """Word → code for one lookup list: codes, labels, labels without a leading code, synonyms."""
    out: dict[str, str] = {}
    codes = {code for code, _label in rows}
    for code, synonyms in _SYNONYMS.get(kind, {}).items():
        if code in codes:
            out.update({s: code for s in synonyms})
    for code, label in rows:
        out[word(label)] = code
        out[word(label.lstrip("0123456789 –-"))] = code
    for code, _label in rows:
        out[word(code)] = code
    out.pop("", None)
    return out


# -- converters -------------------------------------------------------------------------------


def converter(key: str, ctx: PrepareContext) -> Callable[[str], object] | None:
    """The function reading a cell of field ``key`` into its stored value (raises CellError).

    None for a field stored as written (names, numbers, free text). The caller memoises: the
    functions are pure for one context.
    """
    make = _KINDS.get(key)
    return None if make is None else make(ctx)


def _date(ctx: PrepareContext, *, past: bool = False):
    def convert(cell: str) -> str:
        day = parse_date(cell, today=ctx.today)
        if past and day > ctx.today:
            raise CellError(f"{format_date(day)} is in the future")
        return day.isoformat()

    return convert


def _instant(ctx: PrepareContext, *, future: bool = False):
    latest = "9" if future else to_db_instant(ctx.now + timedelta(hours=1))
    tz, today = ctx.tz, ctx.today
    days: dict[str, date] = {}
    hours: dict[tuple[str, int], str] = {}

    def convert(cell: str) -> str:
        stored = _quick_instant(cell, days, hours, tz, today)
        if stored is None:
            value = _date_and_clock(cell, days, tz, today) or parse_instant(cell, tz, today=today)
            # Already UTC and whole seconds from the parser: the stored form without converting.
            stored = value.isoformat() if not value.microsecond else to_db_instant(value)
        if stored > latest:
            raise CellError("that is in the future")
        return stored

    return convert


def _wall_clock(cell: str) -> tuple[str, int, int, int] | None:
    """(date part, hour 0–23, minute, second) of ``<date> H:MM[:SS][ AM]``, or None."""
    date_part, _, clock = cell.partition(" ")
    m = _CLOCK.match(clock)
    if m is None:
        return None
    hour, minute, second, meridiem = m.groups()
    h, mi, sec = int(hour), int(minute), int(second or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem in "pP" else 0)
    if h > 23 or mi > 59 or sec > 59:
        return None
    return date_part, h, mi, sec


def _quick_instant(cell: str, days: dict, hours: dict, tz: ZoneInfo, today: date) -> str | None:
    """The stored form of ``M/D/YYYY H:MM AM`` with one time-zone conversion per wall-clock hour.

    Where the county's offset is the same whole hours all through that hour (everywhere but
    at a change of offset inside an hour, which no US zone has), UTC minutes and seconds are the
    wall clock's, so the hour's UTC text is worked out once and the rest appended. Anything
    else is None and left to :func:`_date_and_clock`, which gives the same result.
    """
    parts = _wall_clock(cell)
    if parts is None:
        return None
    date_part, h, mi, sec = parts
    prefix = hours.get((date_part, h))
    if prefix is None:
        prefix = _hour_prefix(date_part, h, days, tz, today)
        if len(hours) < 100_000:
            hours[(date_part, h)] = prefix
    return f"{prefix}{mi:02d}:{sec:02d}+00:00" if prefix else None


def _hour_prefix(date_part: str, h: int, days: dict, tz: ZoneInfo, today: date) -> str:
    """``YYYY-MM-DDTHH:`` of the UTC hour wall-clock hour ``h`` of that day is, or "" if unsure."""
    first = _date_and_clock(f"{date_part} {h}:00:00", days, tz, today)
    last = _date_and_clock(f"{date_part} {h}:59:59", days, tz, today)
    if first is None or last is None or first.minute or first.second:
        return ""
    if last - first != timedelta(minutes=59, seconds=59):
        return ""
    return first.isoformat()[:14]


def _date_and_clock(cell: str, days: dict, tz: ZoneInfo, today: date) -> datetime | None:
    """The common ``M/D/YYYY H:MM AM`` quickly: the date part memoised, the clock read here.

    Gives exactly what :func:`parse_instant` gives (a wall time in ``tz``, the first of a
    repeated hour); anything else, or anything doubtful, is None and left to it.
    """
    parts = _wall_clock(cell)
    if parts is None:
        return None
    date_part, h, mi, sec = parts
    day = days.get(date_part)
    if day is None:
        try:
            day = parse_date(date_part, today=today)
        except CellError:
            return None
        if len(days) < 10_000:
            days[date_part] = day
    try:
        return datetime(day.year, day.month, day.day, h, mi, sec, tzinfo=tz).astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _vocab(ctx: PrepareContext, kind: str, what: str):
    words = ctx.words[kind]

    def convert(cell: str) -> str:
        code = words.get(word(cell))
        if code is None:
            raise CellError(f"not a {what} this office knows")
        return code

    return convert


_SEX = {"m": "M", "male": "M", "man": "M", "f": "F", "female": "F", "woman": "F", "u": "U",
        "unknown": "U", "unk": "U", "x": "X", "other": "X", "nonbinary": "X"}  # fmt: skip
_KEEP_CAPS = {"USA", "US", "UK", "UAE", "USSR", "DRC", "PRC", "CAR"}
_SMALL = {"of", "and", "the", "de", "del", "da", "do", "dos", "la", "le", "y", "et"}


def sex_code(cell: str) -> str:
    code = _SEX.get(word(cell))
    if code is None:
        raise CellError("not a sex (use Male, Female, M, F, Unknown, U or X)")
    return code


def country_name(cell: str) -> str:
    """``EL SALVADOR`` → ``El Salvador``; names already in mixed case are kept as written."""
    if cell != cell.upper() or cell in _KEEP_CAPS:
        return cell
    parts = re.split(r"(\s+|-|/|\()", cell.lower())
    out = []
    for i, part in enumerate(parts):
        if part in _SMALL and i > 0:
            out.append(part)
        elif part[:2] == "d'" and len(part) > 2:
            out.append("d'" + part[2:].capitalize())
        else:
            out.append(part.capitalize())
    return "".join(out)


def a_number(cell: str) -> str | None:
    try:
        return normalise_a_number(cell)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _facility(ctx: PrepareContext):
    """A facility's name as on file when only its capitals or spacing differ.

    A spelling already on file exactly is kept as it is, so a file whose cells spell one
    facility two ways (both stored by its first import) reads the same on every import.
    """
    known = ctx.facilities
    exact = frozenset(known)

    def convert(cell: str) -> str:
        name = " ".join(cell.split())
        return name if name in exact else known_spelling(name, known)

    return convert


def _form(ctx: PrepareContext):
    forms = ctx.forms

    def convert(cell: str) -> str:
        code = forms.get(word(cell))
        if code is None:
            raise CellError(
                "not a detainer form this office knows (I-247D, I-247N, I-247X, I-247A…)"
            )
        return code

    return convert


def _level(cell: str) -> str:
    w = word(cell)
    for prefix in ("level", "l"):
        if w.startswith(prefix) and w[len(prefix) :].isdigit():
            return w[len(prefix) :]
    if w.isdigit():
        return w
    raise CellError("not an offense level (1, 2, 3, Level 1 or L1)")


_KINDS: dict[str, Callable[[PrepareContext], Callable[[str], object]]] = {
    "person.date_of_birth": lambda ctx: _date(ctx, past=True),
    "person.sex": lambda ctx: sex_code,
    "person.country_of_birth": lambda ctx: country_name,
    "person.citizenship": lambda ctx: country_name,
    "person.a_number": lambda ctx: a_number,
    "booking.agency_ori": lambda ctx: lambda cell: cell.upper(),
    "booking.facility": _facility,
    "booking.booked_at": _instant,
    "booking.release_eligible_at": lambda ctx: _instant(ctx, future=True),
    "booking.released_at": _instant,
    "booking.custody_status": lambda ctx: _vocab(ctx, "custody_status", "custody status"),
    "charge.charge_class": lambda ctx: _vocab(ctx, "charge_class", "charge class"),
    "charge.disposition_date": lambda ctx: _date(ctx, past=True),
    "charge.conviction_date": lambda ctx: _date(ctx, past=True),
    "match.response_type": lambda ctx: _vocab(ctx, "response_type", "fingerprint response"),
    "match.queried_at": _instant,
    "match.responded_at": _instant,
    "match.offense_level_scheme": lambda ctx: _vocab(
        ctx, "offense_level_scheme", "offense level scheme"
    ),
    "match.offense_level": lambda ctx: _level,
    "match.criminality_code": lambda ctx: _vocab(ctx, "criminality_code", "criminality code"),
    "match.program_era": lambda ctx: _vocab(ctx, "program_era", "program era"),
    "detainer.form": _form,
    "detainer.received_at": _instant,
}
