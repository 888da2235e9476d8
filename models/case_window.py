"""A window onto the case list: its length plus a bounded cache of pages fetched by key.

Scrolling, jumping to the last row and paging through a search all fetch only the page being
shown, starting from the cheapest anchor, so the list stays instant at a million bookings.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.case_list import (
    CaseQuery,
    SortColumn,
    count_cases,
    fetch_cases,
    is_dense,
    position_of,
)
from models.records import CaseRow


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
        self._dense = is_dense(db, self.query, self._count)

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
        self._count = 0  # if counting fails the list is empty, not stale
        self._count = count_cases(self.db, self.query, self.tz)
        self._dense = is_dense(self.db, self.query, self._count)

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
        return position_of(self.db, self.query, self.tz, booking_id) if self._count else None

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
            self.db,
            self.query,
            self.tz,
            limit=wanted,
            offset=offset,
            after=key,
            forward=forward,
            dense=self._dense,
        )
        return rows if forward else rows[::-1]
