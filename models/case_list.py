"""The case list: filters, full-text search and sort, fetched a page at a time by key.

The list can hold a million bookings, so nothing here ever loads every row. Counting uses an
index; pages are fetched with keyset pagination (``(sort_value, id) > last key``) from the
nearest page already in memory or from either end of the list, so scrolling, jumping to the
last row and paging through a search all touch only the rows shown.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.records import CaseRow, CustodyStatus
from models.timeutil import from_db_instant, to_db_instant
from models.validation import normalise_a_number


class SortColumn(StrEnum):
    """Columns the list can be sorted by; each has an index ``(column, id)`` on bookings."""

    BOOKED_AT = "booked_at"
    BOOKING_NUMBER = "booking_number"
    NAME = "person_sort_name"
    FACILITY = "facility"
    CUSTODY = "custody_status"


MIN_SEARCH_CHARS = 2


@dataclass(frozen=True)
class CaseQuery:
    """What the clerk asked the list to show."""

    search: str = ""
    booked_from: date | None = None
    booked_to: date | None = None
    facility: str | None = None
    custody_status: CustodyStatus | None = None
    sort: SortColumn = SortColumn.BOOKED_AT
    descending: bool = True


def fts_query(text: str) -> str | None:
    """Turn what was typed in the search box into an FTS5 query, or None for no search.

    Every word must match the start of a name, alias, A-number or booking-number token, in any
    order. Text that could be an A-number is also tried in its normalised form, so
    ``a 12345678`` finds ``A012345678`` while ``2010-0007`` still finds booking ``2010-000777``.
    Quotes are doubled so no input can break out of the FTS5 string syntax.
    """
    text = (text or "").strip()
    if sum(ch.isalnum() for ch in text) < MIN_SEARCH_CHARS:
        return None
    terms = [w.replace('"', '""') for w in text.split() if any(ch.isalnum() for ch in w)]
    if not terms:
        return None
    words = " ".join(f'"{term}"*' for term in terms)
    try:
        a_number = normalise_a_number(text)
    except ValueError:
        return words
    if a_number is None or words == f'"{a_number}"*':
        return words
    return f'"{a_number}"* OR ' + (words if len(terms) == 1 else f"({words})")


_SELECT = """
SELECT b.id, b.booking_number, p.family_name, p.given_names, p.a_number, b.booked_at,
       b.facility, b.custody_status,
       (SELECT c.description || CASE WHEN n.k > 1 THEN ' (+' || (n.k - 1) || ')' ELSE '' END
          FROM charges c, (SELECT count(*) AS k FROM charges WHERE booking_id = b.id) n
         WHERE c.booking_id = b.id ORDER BY c.seq LIMIT 1) AS charge_summary,
       (SELECT m.response_type FROM fingerprint_matches m
         WHERE m.booking_id = b.id ORDER BY m.id DESC LIMIT 1) AS response_type,
       b.{sort} AS sort_value
FROM bookings b JOIN persons p ON p.id = b.person_id
"""


def _where(query: CaseQuery, tz: ZoneInfo) -> tuple[list[str], list]:
    clauses, params = [], []
    if match := fts_query(query.search):
        clauses.append("b.id IN (SELECT rowid FROM bookings_fts WHERE bookings_fts MATCH ?)")
        params.append(match)
    if query.booked_from:
        clauses.append("b.booked_at >= ?")
        params.append(to_db_instant(datetime.combine(query.booked_from, time(), tz)))
    if query.booked_to:
        clauses.append("b.booked_at < ?")
        day_after = query.booked_to + timedelta(days=1)
        params.append(to_db_instant(datetime.combine(day_after, time(), tz)))
    if query.facility:
        clauses.append("b.facility = ?")
        params.append(query.facility)
    if query.custody_status:
        clauses.append("b.custody_status = ?")
        params.append(str(query.custody_status))
    return clauses, params


def count_cases(db: Database, query: CaseQuery, tz: ZoneInfo) -> int:
    clauses, params = _where(query, tz)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return db.execute(f"SELECT count(*) FROM bookings b {where}", params).fetchone()[0]


def fetch_cases(
    db: Database,
    query: CaseQuery,
    tz: ZoneInfo,
    *,
    limit: int = 100,
    offset: int = 0,
    after: tuple | None = None,
    forward: bool = True,
) -> list[CaseRow]:
    """Fetch rows of the list in display order (or reverse order when ``forward`` is False).

    Args:
        db: the database.
        query: filters, search and sort.
        tz: the county's zone, for the date filters.
        limit: how many rows.
        offset: rows to skip after the key (kept small by the caller).
        after: the ``sort_key`` of the row to continue after (or before, going backward).
        forward: True for display order, False to walk back from ``after`` or from the end.
    """
    clauses, params = _where(query, tz)
    ascending = forward != query.descending
    if after is not None:
        clauses.append(f"(b.{query.sort}, b.id) {'>' if ascending else '<'} (?, ?)")
        params.extend(after)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    direction = "ASC" if ascending else "DESC"
    sql = (
        _SELECT.format(sort=query.sort) + f"{where} ORDER BY b.{query.sort} {direction}, "
        f"b.id {direction} LIMIT ? OFFSET ?"
    )
    rows = db.execute(sql, [*params, limit, offset]).fetchall()
    return [_to_row(r) for r in rows]


def position_of(db: Database, query: CaseQuery, tz: ZoneInfo, row: CaseRow) -> int:
    """The index ``row`` has in the list for ``query`` (rows before it in display order)."""
    clauses, params = _where(query, tz)
    clauses.append(f"(b.{query.sort}, b.id) {'>' if query.descending else '<'} (?, ?)")
    params.extend(row.sort_key)
    sql = f"SELECT count(*) FROM bookings b WHERE {' AND '.join(clauses)}"
    return db.execute(sql, params).fetchone()[0]


def fetch_case_row(db: Database, query: CaseQuery, booking_id: int) -> CaseRow | None:
    rows = db.execute(_SELECT.format(sort=query.sort) + "WHERE b.id = ?", [booking_id]).fetchall()
    return _to_row(rows[0]) if rows else None


def _to_row(r) -> CaseRow:
    name = f"{r[2]}, {r[3]}" if r[3] else r[2]
    return CaseRow(
        id=r[0],
        booking_number=r[1],
        person_name=name,
        a_number=r[4],
        booked_at=from_db_instant(r[5]),
        facility=r[6],
        custody_status=CustodyStatus(r[7]),
        charge_summary=r[8] or "",
        response_type=r[9],
        sort_key=(r[10], r[0]),
    )


class CaseWindow:
    """A window onto the case list: row count plus a bounded cache of fetched pages.

    Asking for any row fetches only its page, starting from the cheapest anchor: the top of the
    list, the bottom, or the nearest page already cached, so the OFFSET SQLite must skip stays
    small wherever the clerk scrolls or jumps.
    """

    def __init__(
        self,
        db: Database,
        tz: ZoneInfo,
        query: CaseQuery | None = None,
        page_size: int = 100,
        max_pages: int = 60,
    ):
        self.db, self.tz = db, tz
        self.query = query or CaseQuery()
        self.page_size, self.max_pages = page_size, max_pages
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._count = count_cases(db, self.query, tz)

    def __len__(self) -> int:
        return self._count

    def set_query(self, query: CaseQuery) -> None:
        self.query = query
        self.refresh()

    def sort_by(self, column: SortColumn, descending: bool) -> None:
        self.set_query(replace(self.query, sort=column, descending=descending))

    def refresh(self) -> None:
        """Forget every cached page and count again (after a save, or a change of query)."""
        self._pages.clear()
        self._count = count_cases(self.db, self.query, self.tz)

    def row(self, index: int) -> CaseRow:
        if not 0 <= index < self._count:
            raise IndexError(index)
        page_no, within = divmod(index, self.page_size)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
            self._pages[page_no] = page
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        if within >= len(page):  # the data changed under us since the count
            raise IndexError(index)
        return page[within]

    def index_of(self, booking_id: int) -> int | None:
        """Where a booking sits in the current list, or None if the filters exclude it."""
        row = fetch_case_row(self.db, self.query, booking_id)
        if row is None or self._count == 0:
            return None
        clauses, params = _where(self.query, self.tz)
        if clauses:
            sql = f"SELECT 1 FROM bookings b WHERE b.id = ? AND {' AND '.join(clauses)}"
            if not self.db.execute(sql, [booking_id, *params]).fetchone():
                return None
        return position_of(self.db, self.query, self.tz, row)

    def _fetch_page(self, page_no: int) -> list[CaseRow]:
        size = self.page_size
        first = page_no * size
        wanted = min(size, self._count - first)
        last = first + wanted - 1
        # (offset, forward, anchor key) for every way in; take the one that skips least.
        plans = [(first, True, None), (self._count - 1 - last, False, None)]
        for cached_no, rows in self._pages.items():
            if cached_no < page_no:
                plans.append(((page_no - cached_no - 1) * size, True, rows[-1].sort_key))
            elif cached_no > page_no:
                plans.append((cached_no * size - 1 - last, False, rows[0].sort_key))
        offset, forward, key = min(plans, key=lambda p: p[0])
        rows = fetch_cases(
            self.db, self.query, self.tz, limit=wanted, offset=offset, after=key, forward=forward
        )
        return rows if forward else rows[::-1]
