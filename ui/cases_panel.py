"""The Cases work area: search box, filters and the case list.

The list can also be limited to the cases behind a Dashboard figure
(:meth:`CasesPanel.show_subset`): a banner above the list says so and offers every case again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseQuery
from models.records import CUSTODY_LABELS, CustodyStatus
from models.stats.figures import Selection
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.case_table_model import BOOKED, SORTABLE, CaseTableModel
from ui.forms import INVALID_STYLE, list_view

SEARCH_DELAY_MS = 150
SUBSET_STYLE = (
    "#subsetBanner { background: #e7f1ff; border: 1px solid #9ec5fe; border-radius: 3px; }"
    " #subsetBanner QLabel { color: #052c65; }"
)


class CasesPanel(QWidget):
    """Find a case: full-text search as you type, filters, sortable columns."""

    open_requested = Signal(int)

    def __init__(
        self, model: CaseTableModel, facilities: tuple[str, ...], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.model = model
        self._subset: Selection | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, alias, A-number or booking number")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setMinimumWidth(240)
        self.date_from = DateFilter("Booked from")
        self.date_to = DateFilter("Booked to")
        self.facility = QComboBox()
        self.facility.setAccessibleName("Facility filter")
        self.facility.setMaximumWidth(260)
        self.set_facilities(facilities)
        self.custody = QComboBox()
        self.custody.setAccessibleName("Custody status filter")
        self.custody.addItem("Any custody status", None)
        for status in CustodyStatus:
            self.custody.addItem(CUSTODY_LABELS[status], status.value)
        self.clear_button = QPushButton("C&lear filters")
        self.subset_banner = SubsetBanner()
        self.subset_banner.show_all.clicked.connect(self.clear_subset)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of cases shown")
        self.table = list_view(model, "Case list")
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(BOOKED, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.sort_by_header)
        for column, width in enumerate((120, 100, 200, 100, 215, 110, 200)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, widget in (("From", self.date_from), ("To", self.date_to)):
            text = QLabel(label)
            text.setBuddy(widget)
            filters.addWidget(text)
            filters.addWidget(widget)
        filters.addWidget(self.facility, 1)
        filters.addWidget(self.custody, 1)
        filters.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.subset_banner)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        for widget in (self.date_from, self.date_to):
            widget.changed.connect(self.apply_filters)
        for widget in (self.facility, self.custody):
            widget.currentIndexChanged.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self._update_count()

    def set_facilities(self, facilities: tuple[str, ...]) -> None:
        current = self.facility.currentData()
        self.facility.blockSignals(True)
        self.facility.clear()
        self.facility.addItem("All facilities", None)
        for name in facilities:
            self.facility.addItem(name, name)
        self.facility.setCurrentIndex(max(self.facility.findData(current), 0))
        self.facility.blockSignals(False)

    def filter_query(self) -> CaseQuery:
        """The query the controls describe, keeping the current sort."""
        current = self.model.query
        return CaseQuery(
            search=self.search.text(),
            booked_from=self.date_from.value(),
            booked_to=self.date_to.value(),
            facility=self.facility.currentData(),
            custody_status=CustodyStatus(self.custody.currentData())
            if self.custody.currentData()
            else None,
            sort=current.sort,
            descending=current.descending,
            subset=self._subset,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.filter_query()
        if query != self.model.query:
            self.model.set_query(query)
        self._update_count()

    def show_subset(self, selection: Selection) -> None:
        """Show only the cases behind a figure, every other filter and the search cleared.

        The banner above the list names the figure; "Show all cases" (or Clear filters) ends it.
        """
        self._subset = selection
        self._reset_controls()
        self.apply_filters()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.scrollToTop()

    def subset(self) -> Selection | None:
        """The figure whose cases the list is limited to, or None."""
        return self._subset

    def clear_subset(self) -> None:
        """Show every case again, keeping the search and filters typed since."""
        self._subset = None
        self.apply_filters()

    def clear_filters(self) -> None:
        """Clear the search, every filter and the Dashboard subset."""
        self._subset = None
        self._reset_controls()
        self.apply_filters()

    def _reset_controls(self) -> None:
        for widget in (self.search, self.date_from, self.date_to, self.facility, self.custody):
            widget.blockSignals(True)
        self.search.clear()
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.facility.setCurrentIndex(0)
        self.custody.setCurrentIndex(0)
        for widget in (self.search, self.date_from, self.date_to, self.facility, self.custody):
            widget.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select_case(self, booking_id: int) -> None:
        row = self.model.row_of(booking_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def refresh(self, select: int | None = None) -> None:
        """Read the list again, keeping (or moving to ``select``) the selected case."""
        selected = select if select is not None else self.selected_case_id()
        self.model.refresh()
        self._update_count()
        if selected is not None:
            self.select_case(selected)

    def set_vocabularies(self, vocab) -> None:
        self.model.set_vocabularies(vocab)
        self.set_facilities(vocab.facilities)

    def sort_by_header(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)
        query = self.model.query
        # Columns that cannot be sorted leave the list as it was: show that.
        if column not in SORTABLE:
            current = next(c for c, s in SORTABLE.items() if s == query.sort)
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)

    def _open_index(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id is not None:
            self.open_requested.emit(case_id)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} case{'s' if n != 1 else ''}")
        self._update_banner(n)

    def _update_banner(self, shown: int) -> None:
        subset = self._subset
        if subset is None:
            self.subset_banner.hide()
            return
        query = self.model.query
        narrowed = query != CaseQuery(subset=subset, sort=query.sort, descending=query.descending)
        if not narrowed:
            what = f"the {shown:,} case{'s' if shown != 1 else ''}"
        else:  # the clerk searched or filtered within the figure's cases
            total = self.model.subset_total()
            what = f"{shown:,} of the {total:,} cases" if total is not None else f"{shown:,} cases"
        self.subset_banner.set_text(f"Showing {what} behind: {subset.label}")
        self.subset_banner.show()


class DateFilter(QLineEdit):
    """A date typed as MM/DD/YYYY, or empty for any; a mistyped date is marked, not applied."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._value: date | None = None
        self.setAccessibleName(name)
        self.setPlaceholderText(DATE_HINT)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(96)
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._read)
        self.textChanged.connect(lambda text: None if text.strip() else self._read())

    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))
        self._read()

    def _read(self) -> None:
        try:
            value = parse_date(self.text())
            self.setStyleSheet("")
            self.setToolTip("")
        except DateParseError as exc:
            # Marked, and not applied: an earlier date must not stay in force unseen.
            value = None
            self.setStyleSheet(INVALID_STYLE)
            self.setToolTip(f"{exc}. This date is not applied.")
        if value != self._value:
            self._value = value
            self.changed.emit()


class SubsetBanner(QFrame):
    """The note above a list limited to a figure's cases, with the way back to every case."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("subsetBanner")
        self.setStyleSheet(SUBSET_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Cases shown")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_all = QPushButton("Show &all cases")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_all)
        self.hide()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()
