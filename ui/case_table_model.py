"""The case list's table model: a thin Qt adapter over ``models.case_window.CaseWindow``.

It holds no rows of its own; ``data()`` asks the window, which fetches the page the view is
painting. Sorting is delegated to indexed SQL, so a million rows stay instant.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from models.case_list import CaseQuery, SortColumn
from models.case_window import CaseWindow
from models.errors import DeskError
from models.lookups import label_for
from models.records import CaseRow, Vocabularies
from models.timeutil import format_local
from ui.flat_table_model import FlatTableModel

BOOKED, NUMBER, NAME, A_NUMBER, FACILITY, CUSTODY, CHARGES, RESPONSE = range(8)
HEADERS = (
    "Booked",
    "Booking #",
    "Name",
    "A-number",
    "Facility",
    "Custody",
    "Charges",
    "Fingerprint response",
)
SORTABLE = {
    BOOKED: SortColumn.BOOKED_AT,
    NUMBER: SortColumn.BOOKING_NUMBER,
    NAME: SortColumn.NAME,
    FACILITY: SortColumn.FACILITY,
    CUSTODY: SortColumn.CUSTODY,
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(FlatTableModel):
    """Rows of the case list, fetched from the database a page at a time.

    A database that cannot be read (damaged pages, a vanished network drive) shows blank rows
    and emits ``failed`` once with a message for the clerk, never an exception into Qt.
    """

    headers = HEADERS

    failed = Signal(str)

    def __init__(self, window: CaseWindow, vocab: Vocabularies, parent=None):
        super().__init__(parent)
        self._window = window
        self._vocab = vocab
        self._failing = False

    def _report(self, exc: DeskError) -> None:
        if not self._failing:  # one message, not one per painted cell
            self._failing = True
            QTimer.singleShot(0, self, lambda: self.failed.emit(str(exc)))

    def _reset(self, change) -> None:
        """Run a change of query, sort or data inside a model reset, reporting a failure."""
        self.beginResetModel()
        try:
            change()
            self._failing = False
        except DeskError as exc:
            self._report(exc)
        finally:
            self.endResetModel()

    @property
    def query(self) -> CaseQuery:
        return self._window.query

    def row_total(self) -> int:
        return len(self._window)

    def subset_total(self) -> int | None:
        """How many cases are behind the figure the list is limited to (None if none)."""
        return self._window.subset_total

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return None if section in SORTABLE else "This column cannot be sorted"
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        try:
            row = self._window.row(index.row())
        except IndexError:
            return None
        except DeskError as exc:
            self._report(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - an exception escaping into Qt aborts the app
            self._report(DeskError(f"A case in the list could not be shown: {exc}"))
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (NAME, FACILITY, CHARGES):
            return self._display(row, index.column())  # long text may be cut off in the cell
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        match column:
            case 0:
                return format_local(row.booked_at, self._window.tz)
            case 1:
                return row.booking_number
            case 2:
                return row.person_name
            case 3:
                return row.a_number or ""
            case 4:
                return row.facility
            case 5:
                return row.custody_status.label
            case 6:
                return row.charge_summary
            case 7:
                return label_for(self._vocab.response_types, row.response_type)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = self._window.query
        if (query.sort, query.descending) == (SORTABLE[column], descending):
            return  # already so: a header restore or a repeated signal costs no recount
        self._reset(lambda: self._window.sort_by(SORTABLE[column], descending))

    def set_query(self, query: CaseQuery) -> None:
        self._reset(lambda: self._window.set_query(query))

    def refresh(self) -> None:
        """Reload after a save: counts and cached pages may all have moved."""
        self._reset(self._window.refresh)

    def set_vocabularies(self, vocab: Vocabularies) -> None:
        self._vocab = vocab
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def case_id(self, row: int) -> int | None:
        try:
            return self._window.row(row).id
        except IndexError:
            return None
        except DeskError as exc:
            self._report(exc)
            return None

    def row_of(self, booking_id: int) -> int | None:
        try:
            return self._window.index_of(booking_id)
        except DeskError as exc:
            self._report(exc)
            return None
