"""The SQL every figure shares: which bookings and detainers a period and filters take in.

The aggregate queries and the "cases behind a figure" selections are built from the same
pieces, so a figure's value and the list a click opens cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from models.stats.figures import Selection
from models.stats.period import Filters, Period, instant_of

#: A booking's fingerprint result is its latest recorded response (the case list shows it too):
#: the match with no later one. Both lookups read the (booking, id, result) index only, and on
#: the same page (m006); ``m.id = (SELECT max(x.id) …)`` read the table and a second index.
LATEST_MATCH = (
    "LEFT JOIN fingerprint_matches m ON m.booking_id = b.id AND NOT EXISTS "
    "(SELECT 1 FROM fingerprint_matches x WHERE x.booking_id = m.booking_id AND x.id > m.id)"
)
MATCH_TYPES = ("ident_match", "ident_match_iar")
FLAGGED = "m.response_type IN ('ident_match', 'ident_match_iar')"

#: What became of a detainer, each in exactly one group, the first that applies.
OUTCOME = """CASE
    WHEN d.released_to_ice_at IS NOT NULL THEN 'released_to_ice'
    WHEN d.status = 'lifted' OR d.lifted_at IS NOT NULL THEN 'lifted'
    WHEN d.status = 'expired' THEN 'expired'
    WHEN d.status = 'superseded' THEN 'superseded'
    WHEN d.released_to_community_at IS NOT NULL THEN 'released'
    ELSE 'open' END"""


def equals(column: str, value) -> tuple[str, tuple]:
    """``column = ?`` or ``column IS NULL``: a SQL condition and its parameters."""
    return (f"{column} IS NULL", ()) if value is None else (f"{column} = ?", (value,))


@dataclass(frozen=True)
class Scope:
    """A period and filters, in the county's time zone, as SQL."""

    period: Period
    filters: Filters
    tz: ZoneInfo

    @property
    def bounds(self) -> tuple[str, str]:
        return self.period.bounds(self.tz)

    def filter_sql(self, *, use_index: bool = True) -> tuple[str, tuple]:
        """Conditions on ``b`` for the filters (``1`` when there are none).

        ``use_index=False`` when the bookings are reached by id from another table (detainers,
        documents): the facility then only tests each row (``+``), so SQLite cannot choose to
        walk every booking of the facility, once per month, instead of the period's detainers.
        The agency never leads: its only index (agency, booking number) has no time in it.
        """
        parts, params = [], []
        if self.filters.facility:
            parts.append(f"{'' if use_index else '+'}b.facility = ?")
            params.append(self.filters.facility)
        if self.filters.agency_ori:
            parts.append("+b.agency_ori = ?")
            params.append(self.filters.agency_ori)
        return (" AND ".join(parts) or "1"), tuple(params)

    def bookings_where(self) -> tuple[str, tuple]:
        """Bookings booked in the period that pass the filters."""
        where, params = self.filter_sql()
        return f"b.booked_at >= ? AND b.booked_at < ? AND {where}", (*self.bounds, *params)

    def detainers_where(self) -> tuple[str, tuple]:
        """Detainers received in the period on bookings that pass the filters."""
        where, params = self.filter_sql(use_index=False)
        return f"d.received_at >= ? AND d.received_at < ? AND {where}", (*self.bounds, *params)

    def months_cte(self) -> tuple[str, tuple]:
        """``months(k, lo, hi)``: each month of the period as an instant range, numbered."""
        rows, params = [], []
        for k, (_month, first, last) in enumerate(self.period.months()):
            rows.append("(?, ?, ?)")
            params += [k, instant_of(first, self.tz), instant_of_next(last, self.tz)]
        return f"months(k, lo, hi) AS (VALUES {', '.join(rows)})", tuple(params)

    # -- selections: the cases behind a figure -----------------------------------------------

    def bookings(self, label: str, cond: str = "1", params: tuple = ()) -> Selection:
        where, base = self.bookings_where()
        sql = f"SELECT b.id FROM bookings b {LATEST_MATCH} WHERE {where} AND ({cond})"
        return Selection(label, sql, (*base, *params))

    def flagged(self, label: str, cond: str = "1", params: tuple = ()) -> Selection:
        return self.bookings(label, f"{FLAGGED} AND ({cond})", params)

    def detainers(self, label: str, cond: str = "1", params: tuple = ()) -> Selection:
        where, base = self.detainers_where()
        sql = (
            "SELECT DISTINCT d.booking_id FROM detainers d JOIN bookings b ON b.id = d.booking_id "
            f"WHERE {where} AND ({cond})"
        )
        return Selection(label, sql, (*base, *params))

    def flagged_persons_sql(self) -> tuple[str, tuple]:
        """SQL for the ids of the people flagged in the period."""
        where, params = self.bookings_where()
        return (
            f"SELECT DISTINCT b.person_id FROM bookings b {LATEST_MATCH} "
            f"WHERE {where} AND {FLAGGED}",
            params,
        )


def instant_of_next(day: date, tz: ZoneInfo) -> str:
    """The county midnight that ends ``day``."""
    return instant_of(day + timedelta(days=1), tz)
