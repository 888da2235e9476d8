"""The Detainers work area: every detainer across cases, filtered by status, form, office, date."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.detainer_list import DetainerQuery
from models.errors import DeskError
from models.records import DetainerForm, DetainerStatus
from models.timeutil import DateParseError, parse_date
from ui.cases_panel import DateFilter
from ui.deadlines_panel import ERROR_STYLE, open_on_enter
from ui.detainer_table_model import DetainerTableModel
from ui.forms import list_view


class DetainersPanel(QWidget):
    """Find a detainer: filters above a list of every detainer received, newest first.

    Args:
        model: The list; its query follows the filters.
        forms: The detainer forms, for the form filter.
        offices: Returns the ICE offices detainers came from (``ice_offices`` bound to a db);
            read again on :meth:`refresh`, so a newly typed office appears in the filter.
        parent: The Qt parent.
    """

    #: A detainer the clerk asked to open (double-click or Enter on its row).
    open_requested = Signal(int)

    def __init__(
        self,
        model: DetainerTableModel,
        forms: Sequence[DetainerForm],
        offices: Callable[[], Sequence[str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self._offices = offices
        self.status = QComboBox()
        self.status.setAccessibleName("Detainer status filter")
        self.status.addItem("All statuses", None)
        for status in DetainerStatus:
            self.status.addItem(status.label, status.value)
        self.form = QComboBox()
        self.form.setAccessibleName("Detainer form filter")
        self.form.addItem("All forms", None)
        for form in forms:
            self.form.addItem(form.short_label, form.code)
            self.form.setItemData(self.form.count() - 1, form.label, Qt.ItemDataRole.ToolTipRole)
        self.office = QComboBox()
        self.office.setAccessibleName("ICE office filter")
        self.office.setMaximumWidth(260)
        self.received_from = DateFilter("Received from")
        self.received_to = DateFilter("Received to")
        self.date_error = QLabel()
        self.date_error.setAccessibleName("Date filter error")
        self.date_error.setStyleSheet(ERROR_STYLE)
        self.date_error.hide()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of detainers shown")
        self.clear_button = QPushButton("C&lear filters")
        widths = (130, 200, 110, 120, 160, 130, 130)
        self.table = list_view(model, "Detainer list", widths)
        self.table.doubleClicked.connect(self._open_index)
        open_on_enter(self.table, lambda: self._open_index(self.table.currentIndex()))

        filters = QHBoxLayout()
        for text, widget in (
            ("&Status", self.status),
            ("&Form", self.form),
            ("ICE &office", self.office),
            ("From", self.received_from),
            ("To", self.received_to),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.date_error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.set_offices(self._read_offices())
        for combo in (self.status, self.form, self.office):
            combo.currentIndexChanged.connect(self.apply_filters)
        for date_filter in (self.received_from, self.received_to):
            date_filter.changed.connect(self.apply_filters)
            # Connected after the filter's own handlers, so the text is judged as they did.
            date_filter.editingFinished.connect(self._show_date_errors)
            date_filter.textChanged.connect(self._clear_fixed_date_errors)
        self.clear_button.clicked.connect(self.clear_filters)
        self._update_count()

    def filter_query(self) -> DetainerQuery:
        """The query the filters describe."""
        status = self.status.currentData()
        return DetainerQuery(
            status=DetainerStatus(status) if status else None,
            form_code=self.form.currentData(),
            ice_office=self.office.currentData(),
            received_from=self.received_from.value(),
            received_to=self.received_to.value(),
        )

    def apply_filters(self) -> None:
        query = self.filter_query()
        if query != self.model.query:
            self.model.set_query(query)
        self._update_count()

    def clear_filters(self) -> None:
        widgets = (self.status, self.form, self.office, self.received_from, self.received_to)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (self.status, self.form, self.office):
            combo.setCurrentIndex(0)
        self.received_from.set_value(None)
        self.received_to.set_value(None)
        for widget in widgets:
            widget.blockSignals(False)
        self._show_date_errors()
        self.apply_filters()

    def set_offices(self, offices: Sequence[str]) -> None:
        """Offer ``offices`` in the office filter, keeping the chosen one."""
        current = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        self.office.addItem("All ICE offices", None)
        for name in offices:
            self.office.addItem(name, name)
        if current is not None and self.office.findData(current) < 0:
            self.office.addItem(current, current)  # chosen still, though no detainer has it now
        self.office.setCurrentIndex(max(self.office.findData(current), 0))
        self.office.blockSignals(False)

    def refresh(self, select: int | None = None) -> None:
        """Read the list again, keeping the filters and the selection (or moving to ``select``)."""
        selected = select if select is not None else self.selected_detainer_id()
        self.set_offices(self._read_offices())
        self.model.refresh()
        self._update_count()
        if selected is not None:
            self.select_detainer(selected)

    def selected_detainer_id(self) -> int | None:
        return self.model.detainer_id(self.table.currentIndex().row())

    def select_detainer(self, detainer_id: int) -> None:
        """Put the cursor on ``detainer_id`` if the filters show it."""
        row = self.model.row_of(detainer_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _read_offices(self) -> Sequence[str]:
        try:
            return self._offices()
        except DeskError as exc:
            self.model.failed.emit(str(exc))
            return ()

    def _date_problems(self) -> list[str]:
        problems = []
        for date_filter in (self.received_from, self.received_to):
            try:
                parse_date(date_filter.text())
            except DateParseError as exc:
                name = date_filter.accessibleName()
                problems.append(f"{name}: {exc}. This date is not applied.")
        return problems

    def _show_date_errors(self) -> None:
        problems = self._date_problems()
        self.date_error.setText("\n".join(problems))
        self.date_error.setVisible(bool(problems))

    def _clear_fixed_date_errors(self) -> None:
        # While typing, an error only goes away (a half-typed date is judged when done).
        if not self.date_error.isHidden() and not self._date_problems():
            self.date_error.hide()

    def _open_index(self, index: QModelIndex) -> None:
        detainer_id = self.model.detainer_id(index.row()) if index.isValid() else None
        if detainer_id is not None:
            self.open_requested.emit(detainer_id)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} detainer{'s' if n != 1 else ''}")
