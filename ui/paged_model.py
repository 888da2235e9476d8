"""A list model that holds only ids and fetches the rows it shows a page at a time.

Shared by the Detainers and Correspondence lists (the case list has its own window with keyset
paging). The ids of a query are cheap to hold even for every record a large county has; rows
are read 200 at a time and the most recent pages kept, like Anki's browser model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal

from models.errors import DeskError
from ui.flat_table_model import FlatTableModel

PAGE_SIZE = 200


class PagedIdsModel(FlatTableModel):
    """Ids of a query, rows fetched by page; subclasses say how to find ids and show a row.

    A read that fails shows blank rows (or an empty list) and emits ``failed`` once with a
    message for the clerk, never an exception into Qt.
    """

    failed = Signal(str)

    def __init__(
        self,
        fetch_rows: Callable[[list[int]], list],
        page_size: int = PAGE_SIZE,
        max_pages: int = 50,
        parent=None,
    ):
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self.page_size, self.max_pages = page_size, max_pages
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list] = OrderedDict()
        self._failing = False

    def find_ids(self) -> list[int]:  # pragma: no cover - every list overrides it
        """The ids the list shows now, in order."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the ids again and forget every cached page (after a save or a new query)."""
        self.beginResetModel()
        self._read_ids()
        self.endResetModel()

    def _read_ids(self) -> None:
        self._pages.clear()
        self._ids = []  # if the read fails the list is empty, not stale
        try:
            self._ids = list(self.find_ids())
            self._failing = False
        except DeskError as exc:
            self._report(exc)

    def _report(self, exc: DeskError) -> None:
        if not self._failing:  # one message, not one per painted cell
            self._failing = True
            message = str(exc)
            QTimer.singleShot(0, self, lambda: self.failed.emit(message))

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        """Where a record sits in the list, or None if the filters leave it out."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    def row_data(self, row: int):
        """The record shown on ``row``, fetching its page if needed (None if unreadable)."""
        if not 0 <= row < len(self._ids):
            return None
        page_no, within = divmod(row, self.page_size)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
            if page is None:
                return None
            self._pages[page_no] = page
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[within]

    def _fetch_page(self, page_no: int) -> list | None:
        ids = self._ids[page_no * self.page_size : (page_no + 1) * self.page_size]
        try:
            rows = self._fetch_rows(ids)
        except DeskError as exc:
            self._report(exc)
            return None
        by_id = {r.id: r for r in rows}
        # A record gone since the ids were read leaves a blank row, not a shifted page.
        return [by_id.get(i) for i in ids]

    def row_total(self) -> int:
        return len(self._ids)
