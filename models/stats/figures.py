"""What statistics come back as: counts, shares and tables, each knowing its cases.

Every figure carries a :class:`Selection`, the SQL that lists the bookings (cases) behind it,
so a click on a bar or ``stats --cases KEY`` shows exactly the cases it counts. Keys are stable
(``decisions.decline``, ``levels.sc_crime_type.1``) so reports and exports can name them in any
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from models.stats.period import Filters, Period


class Unit(StrEnum):
    """What a figure counts: bookings (arrests), detainers or people."""

    BOOKINGS = "bookings"
    DETAINERS = "detainers"
    PERSONS = "persons"


@dataclass(frozen=True)
class Selection:
    """The cases behind a figure: ``sql`` selects booking ids, with positional ``params``."""

    label: str
    sql: str
    params: tuple = ()


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int
    unit: Unit
    cases: Selection

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "value": self.value, "unit": self.unit}


@dataclass(frozen=True)
class Share:
    """``numerator`` of ``denominator``; no percentage at all when there is nothing to divide."""

    key: str
    label: str
    numerator: int
    denominator: int
    unit: Unit
    cases: Selection

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator

    @property
    def text(self) -> str:
        """``26% (13 of 50)``, or ``no data (0 of 0)``."""
        pct = self.percent
        head = "no data" if pct is None else f"{pct:.0f}%"
        return f"{head} ({self.numerator:,} of {self.denominator:,})"

    def to_json(self) -> dict:
        pct = self.percent
        return {
            "key": self.key,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": None if pct is None else round(pct, 1),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Table:
    """Counts of one breakdown. ``total`` is None when the rows may not be added up."""

    key: str
    title: str
    unit: Unit
    rows: tuple[Count, ...]
    total: int | None

    def row(self, code: str) -> Count:
        """The row whose key ends in ``.code``."""
        wanted = f"{self.key}.{code}"
        for r in self.rows:
            if r.key == wanted:
                return r
        raise KeyError(wanted)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "total": self.total,
            "rows": [r.to_json() for r in self.rows],
        }


@dataclass(frozen=True)
class Month:
    """One calendar month of the series (its first day, even when the period starts later)."""

    month: date
    flagged: Count
    detainers: Count
    honoured: Count
    declined: Count

    def to_json(self) -> dict:
        return {
            "month": self.month.strftime("%Y-%m"),
            "flagged": self.flagged.value,
            "detainers": self.detainers.value,
            "honoured": self.honoured.value,
            "declined": self.declined.value,
        }


@dataclass(frozen=True)
class HeldBeyond:
    """How long people were held past release eligibility on an honoured detainer.

    ``recorded`` counts the honoured detainers with both times recorded (when the person would
    otherwise have been released, and when they were released); ``count`` those of them where
    the release came after that time, over which the median and maximum are taken.
    """

    count: int
    median_hours: float | None
    max_hours: float | None
    cases: Selection
    recorded: int = 0

    def to_json(self) -> dict:
        return {
            "key": "held_beyond_release",
            "count": self.count,
            "recorded": self.recorded,
            "median_hours": self.median_hours,
            "max_hours": self.max_hours,
        }


@dataclass(frozen=True)
class Note:
    """Something the reader of the figures should know (``key`` names it in every language)."""

    key: str
    value: int
    text: str

    def to_json(self) -> dict:
        return {"key": self.key, "value": self.value, "text": self.text}


@dataclass(frozen=True)
class Statistics:
    """Every figure for one period and set of filters, as of one moment."""

    period: Period
    filters: Filters
    as_of: datetime
    #: Bookings in the period whose fingerprint result is an IDENT match.
    flagged: Count
    #: Distinct people behind those bookings (the denominator of the conviction shares).
    flagged_persons: Count
    detainers: Count
    released_to_ice: Count
    #: The seed article's two figures, for this county's flagged people.
    no_conviction: Share
    not_violent: Share
    responses: Table
    forms: Table
    requests: Table
    decisions: Table
    outcomes: Table
    convictions: Table
    #: One table per offense-level scheme: levels of different schemes are never added up.
    levels: tuple[Table, ...]
    criminality: Table
    countries: Table
    sexes: Table
    months: tuple[Month, ...]
    held: HeldBeyond
    notes: tuple[Note, ...] = field(default=())

    def tables(self) -> list[Table]:
        """Every breakdown, in the order reports and exports show them."""
        return [
            self.responses,
            self.forms,
            self.requests,
            self.decisions,
            self.outcomes,
            self.convictions,
            *self.levels,
            self.criminality,
            self.countries,
            self.sexes,
        ]

    def headline(self) -> list[Count]:
        return [self.flagged, self.flagged_persons, self.detainers, self.released_to_ice]

    def figure(self, key: str) -> Count | Share:
        """The count or share called ``key`` (headline, share, table row or month cell)."""
        for item in [*self.headline(), self.no_conviction, self.not_violent]:
            if item.key == key:
                return item
        for table in self.tables():
            for r in table.rows:
                if r.key == key:
                    return r
        for m in self.months:
            for c in (m.flagged, m.detainers, m.honoured, m.declined):
                if c.key == key:
                    return c
        raise KeyError(f"There is no figure called “{key}”.")

    def to_json(self) -> dict:
        return {
            "period": self.period.to_json(),
            "filters": self.filters.to_json(),
            "as_of": self.as_of.isoformat(),
            "headline": [c.to_json() for c in self.headline()],
            "shares": [self.no_conviction.to_json(), self.not_violent.to_json()],
            "tables": [t.to_json() for t in self.tables()],
            "months": [m.to_json() for m in self.months],
            "held_beyond_release": self.held.to_json(),
            "notes": [n.to_json() for n in self.notes],
        }
