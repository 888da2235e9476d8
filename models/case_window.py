"""A window onto the case list: its length plus a bounded cache of pages fetched by key.

Scrolling, jumping to the last row and paging through a search all fetch only the page being
shown, starting from the cheapest anchor, so the list stays instant at a million bookings.
"""

from __future__ import annotations

import itertools
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
    pin_subset,
    position_of,
    unpin_subset,
)
from models.records import CaseRow

_PIN_NAMES = itertools.count(1)


class CaseWindow:
    """A window onto the case list: row count plus a bounded cache of fetched pages.

    Asking for any row fetches only its page, starting from the cheapest anchor: the top of the
    list, the bottom, or the nearest page already cached, so the OFFSET SQLite must skip stays
    small wherever the clerk scrolls or jumps. The cases behind a figure (``query.subset``) are
    found once per query and refresh and kept in a temporary table, not found again per page.
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
        self._pin_table = f"case_subset_{next(_PIN_NAMES)}"
        #: How many cases are behind the subset alone (None without a subset).
        self.subset_total: int | None = None
        self._run = self.query  # the query as run: its subset read from the pinned table
        self._count = 0
        self._dense = False
        self._reload(repin=True)

    def __len__(self) -> int:
        return self._count

    def set_query(self, query: CaseQuery) -> None:
        repin = query.subset != self.query.subset
        self.query = query
        self._reload(repin)

    def sort_by(self, column: SortColumn, descending: bool) -> None:
        self.set_query(replace(self.query, sort=column, descending=descending))

    def refresh(self) -> None:
        """Forget every cached page and count again (after a save, or a change of query)."""
        self._reload(repin=True)

    def _reload(self, repin: bool) -> None:
        self._pages.clear()
        self._count = 0  # if counting fails the list is empty, not stale
        subset = self.query.subset
        if subset is None:
            if self.subset_total is not None:
                unpin_subset(self.db, self._pin_table)
                self.subset_total = None
            self._run = self.query
        else:
            pinned, span = self._run.subset, self._run.subset_span
            if repin or pinned is None:
                pinned, self.subset_total, span = pin_subset(self.db, subset, self._pin_table)
            self._run = replace(self.query, subset=pinned, subset_span=span)
        self._count = count_cases(self.db, self._run, self.tz)
        self._dense = is_dense(self.db, self._run, self._count)

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
        return position_of(self.db, self._run, self.tz, booking_id) if self._count else None

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
            self._run,
            self.tz,
            limit=wanted,
            offset=offset,
            after=key,
            forward=forward,
            dense=self._dense,
        )
        return rows if forward else rows[::-1]
