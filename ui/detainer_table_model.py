"""The Detainers list's table model: the matching ids, and their rows fetched a page at a time.

It holds the ids of every matching detainer (cheap even for all a large county has received)
and a bounded cache of pages of rows; ``data()`` fetches only the page being painted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows
from models.detainer_vocab import load_detainer_vocab
from models.records import DetainerRow
from models.timeutil import format_local
from ui.paged_model import PAGE_SIZE, PagedIdsModel

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

_Index = QModelIndex | QPersistentModelIndex


class DetainerTableModel(PagedIdsModel):
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
        super().__init__(fetch_rows, page_size, max_pages, parent)
        self._find_ids = find_ids
        self.tz = tz
        self._form_labels = dict(form_labels or {})
        self._query = DetainerQuery()
        self._read_ids()

    @property
    def query(self) -> DetainerQuery:
        return self._query

    def set_query(self, query: DetainerQuery) -> None:
        """Show the detainers matching ``query``."""
        self._query = query
        self.refresh()

    def find_ids(self) -> list[int]:
        return self._find_ids(self._query)

    def detainer_id(self, row: int) -> int | None:
        return self.record_id(row)

    # -- Qt model --------------------------------------------------------------------------------

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
