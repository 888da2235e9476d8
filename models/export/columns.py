"""What an export is made of: columns that know what kind of value they hold, sheets, sources.

A column's kind decides how its values are written (dates ISO, instants as county wall-clock
time) and what a public release does with it: a name, a date of birth or an identifier (the
record ids and reference numbers too) is left out whole, every date and instant is cut to its
month, and a column marked not public (free text that may name someone, an address, an
officer) is left out too. A cell may carry a shorter public form (:class:`PublicText`: the
charges' statutes without their typed descriptions), which a public release writes instead.
Rows are produced by generators, so a list of a million cases is written without ever being
held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Kind(StrEnum):
    """What a column holds."""

    # Booking, A-, FBI and state numbers, ICE subject and event ids, and every record id and
    # reference number of the desk's own (case, detainer, letter, opt-out request, batch ids).
    IDENTIFIER = "identifier"
    NAME = "name"  # a person's name or aliases
    DATE_OF_BIRTH = "date_of_birth"
    DATE = "date"  # a calendar day
    INSTANT = "instant"  # a moment, shown in county time
    TEXT = "text"
    NUMBER = "number"


#: Kinds a public release never contains, whatever the column says.
IDENTIFYING = frozenset({Kind.IDENTIFIER, Kind.NAME, Kind.DATE_OF_BIRTH})
#: What a public release removes, in the words of the export dialog.
PUBLIC_RELEASE_TEXT = (
    "removes names, dates of birth, A-/FBI/state/booking numbers, record ids and references, "
    "free text and charge descriptions; dates to the month"
)


class PublicText(str):
    """Text with a shorter form a public release writes instead (None: an empty cell).

    The full text is the string itself, so every other export writes it as it is.
    """

    public: str | None

    def __new__(cls, text: str, public: str | None) -> PublicText:
        made = super().__new__(cls, text)
        made.public = public
        return made


@dataclass(frozen=True)
class Column:
    """One column of an export.

    Attributes:
        header: its title in the file.
        kind: what it holds.
        public: False for a column a public release leaves out although its kind is harmless
            (free text that may name someone, an address, an ICE officer). Names, dates of
            birth and identifiers are left out whatever this says.
    """

    header: str
    kind: Kind = Kind.TEXT
    public: bool = True

    @property
    def in_public_release(self) -> bool:
        return self.public and self.kind not in IDENTIFYING


@dataclass(frozen=True)
class Sheet:
    """One table of an export: a CSV file, or one worksheet of a workbook.

    ``rows`` makes a fresh iterator of tuples, one value a column, each value a ``str``,
    ``int``, ``float``, ``date``, aware ``datetime`` or None.
    """

    name: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[tuple]]


@dataclass(frozen=True)
class ExportSource:
    """Something to export: a list with its query, or a set of figures.

    Attributes:
        what: the exports log's name for it (``cases``, ``statistics`` ...).
        title: how the clerk calls it (``Cases``).
        filters: the query or period used, as JSON-able data for the exports log.
        total: how many rows will come (for a progress bar), None if not known.
        csv_sheet: the one table a CSV file holds.
        xlsx_sheets: the worksheets of a workbook (the CSV table alone, unless given).
        in_zone: for a source with text that depends on the county's zone (when the figures
            were counted), the same source with that text in a given zone; the writer calls
            it with the zone it writes instants in.
    """

    what: str
    title: str
    filters: dict
    total: int | None
    csv_sheet: Sheet
    xlsx_sheets: tuple[Sheet, ...] = field(default=())
    in_zone: Callable[[ZoneInfo], ExportSource] | None = field(default=None, compare=False)

    def sheets(self, fmt: str) -> tuple[Sheet, ...]:
        if fmt == "xlsx" and self.xlsx_sheets:
            return self.xlsx_sheets
        return (self.csv_sheet,)


def public_sheet(sheet: Sheet, tz: ZoneInfo) -> Sheet:
    """``sheet`` as a public release: identifying columns out, dates cut to the month."""
    keep = [i for i, c in enumerate(sheet.columns) if c.in_public_release]
    columns = tuple(sheet.columns[i] for i in keep)

    def rows() -> Iterator[tuple]:
        for row in sheet.rows():
            yield tuple(to_month(public_form(row[i]), tz) for i in keep)

    return Sheet(sheet.name, columns, rows)


def public_form(value):
    """What a public release writes for ``value``: its public form if it has one."""
    return value.public if isinstance(value, PublicText) else value


def to_month(value, tz: ZoneInfo):
    """A date or an instant (as a county day) as ``YYYY-MM``; anything else unchanged."""
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m")
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return value


def local_text(value: datetime, tz: ZoneInfo) -> str:
    """An instant as the county's wall-clock time, ``YYYY-MM-DD HH:MM``.

    In the autumn hour that happens twice the zone's abbreviation follows (``01:30 PST``), as
    everywhere in the app, so the text names one instant.
    """
    local = value.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        text += f" {local.tzname()}"
    return text


def yes_no(flag) -> str:
    return "Yes" if flag else "No"


def headers(columns: Sequence[Column]) -> list[str]:
    return [c.header for c in columns]


def chunked(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``."""
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
