"""The Detainers list's table model: the matching ids, and their rows fetched a page at a time.

It holds the ids of every matching detainer (cheap even for all a large county has received)
and a bounded cache of pages of rows; ``data()`` fetches only the page being painted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows
from models.detainer_vocab import load_detainer_vocab
from models.errors import DeskError
from models.records import DetainerRow
from models.timeutil import format_local
from ui.flat_table_model import FlatTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database

RECEIVED, PERSON, NUMBER, FORM, OFFICE, STATUS, DECISION, EXPIRES = range(8)
HEADERS = (
    "Received",
    "Person",
    "Booking #",
    "Form",
    "ICE office",
    "Status",
    "Decision",
    "Hold expires",
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200

_Index = QModelIndex | QPersistentModelIndex


class DetainerTableModel(FlatTableModel):
    """Detainers matching a query, newest received first.

    Args:
        find_ids: The ids matching a query, in list order (``detainer_ids`` bound to a db).
        fetch_rows: The rows of some ids (``detainer_rows`` bound to a db).
        tz: The county's time zone, for the times shown.
        form_labels: Form code to its short label; unknown codes show as stored.
        page_size: Rows fetched at a time.
        max_pages: Pages kept in the cache.
        parent: The Qt parent.

    A read that fails shows blank rows (or an empty list) and emits ``failed`` once with a
    message for the clerk, never an exception into Qt.
    """

    headers = HEADERS

    failed = Signal(str)

    def __init__(
        self,
        find_ids: Callable[[DetainerQuery], list[int]],
        fetch_rows: Callable[[list[int]], list[DetainerRow]],
        tz: ZoneInfo,
        form_labels: Mapping[str, str] | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = 50,
        parent=None,
    ):
        super().__init__(parent)
        self._find_ids, self._fetch_rows = find_ids, fetch_rows
        self.tz = tz
        self._form_labels = dict(form_labels or {})
        self.page_size, self.max_pages = page_size, max_pages
        self._query = DetainerQuery()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[DetainerRow | None]] = OrderedDict()
        self._failing = False
        self._read_ids()

    @property
    def query(self) -> DetainerQuery:
        return self._query

    def set_query(self, query: DetainerQuery) -> None:
        """Show the detainers matching ``query``."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Read the ids again and forget every cached page (after a save or a new query)."""
        self.beginResetModel()
        self._read_ids()
        self.endResetModel()

    def _read_ids(self) -> None:
        self._pages.clear()
        self._ids = []  # if the read fails the list is empty, not stale
        try:
            self._ids = list(self._find_ids(self._query))
            self._failing = False
        except DeskError as exc:
            self._report(exc)

    def _report(self, exc: DeskError) -> None:
        if not self._failing:  # one message, not one per painted cell
            self._failing = True
            message = str(exc)
            QTimer.singleShot(0, self, lambda: self.failed.emit(message))

    def detainer_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, detainer_id: int) -> int | None:
        """Where a detainer sits in the list, or None if the filters leave it out."""
        try:
            return self._ids.index(detainer_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> DetainerRow | None:
        """The detainer shown on ``row``, fetching its page if needed (None if unreadable)."""
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

    def _fetch_page(self, page_no: int) -> list[DetainerRow | None] | None:
        ids = self._ids[page_no * self.page_size : (page_no + 1) * self.page_size]
        try:
            rows = self._fetch_rows(ids)
        except DeskError as exc:
            self._report(exc)
            return None
        by_id = {r.id: r for r in rows}
        # A detainer gone since the ids were read leaves a blank row, not a shifted page.
        return [by_id.get(i) for i in ids]

    # -- Qt model --------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.detainer_id(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() not in (PERSON, OFFICE):
            return None  # only names and offices are long enough to be cut off in a cell
        return self._display(row, index.column())

    def _display(self, row: DetainerRow, column: int) -> str:
        match column:
            case 0:
                return format_local(row.received_at, self.tz)
            case 1:
                return row.person_name
            case 2:
                return row.booking_number
            case 3:
                return self._form_labels.get(row.form_code, row.form_code)
            case 4:
                return row.ice_office or ""
            case 5:
                return row.status.label
            case 6:
                return row.decision.label if row.decision is not None else ""
            case 7:
                return format_local(row.expiry_to_show, self.tz)
        return ""


def detainer_model_for(
    db: Database, tz: ZoneInfo, page_size: int = PAGE_SIZE, parent=None
) -> DetainerTableModel:
    """A model over the detainers of ``db`` (the database handle is only passed through).

    Raises:
        DeskError: the detainer forms could not be read.
    """
    labels = {f.code: f.short_label for f in load_detainer_vocab(db).forms}
    return DetainerTableModel(
        lambda q: detainer_ids(db, q, tz),
        lambda ids: detainer_rows(db, ids),
        tz,
        labels,
        page_size=page_size,
        parent=parent,
    )
