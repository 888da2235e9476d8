"""Administrator settings: the office's holiday calendar (state holidays and county closures).

The dialog shows a :class:`HolidaySettings` and asks for changes through signals; it holds no
database handle. :class:`ui.settings_controller.SettingsController` makes each change, moves
the running holds it affects and calls :meth:`HolidaysDialog.load` and
:meth:`HolidaysDialog.show_outcome` with the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.clocks import HolidayCalendar, state_names
from models.county_calendar import CountyHoliday
from models.errors import FieldError
from models.timeutil import DATE_HINT, FIRST_YEAR, LAST_YEAR, DateParseError, parse_date
from ui.dialogs.base import ModelessDialog
from ui.forms import ERROR_STYLE, INVALID_STYLE, buddy_label

# The 50 states and DC: the territories the holiday package also knows are not counties' states.
_TERRITORIES = {"AS", "GU", "MP", "PR", "UM", "VI"}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COUNTY = "County"
READ_ONLY_NOTE = "Only an administrator can change the holiday calendar; you can look at it."


@dataclass(frozen=True)
class HolidaySettings:
    """What the dialog shows: the calendar, the state chosen, the county's own days."""

    state: str | None
    calendar: HolidayCalendar
    county_holidays: Sequence[CountyHoliday]
    can_edit: bool


@dataclass(frozen=True)
class HolidayRow:
    """One line of the list: a holiday on a day, where it comes from, its id if the county's."""

    day: date
    name: str
    source: str
    county_id: int | None = None


def _split_label(label: str, state_name: str | None) -> tuple[str, str]:
    """A package label as (name, source): "Labor Day (federal holiday)" → Labor Day, Federal."""
    if label.endswith(" (federal holiday)"):
        return label.removesuffix(" (federal holiday)"), "Federal"
    if state_name and label.endswith(f" ({state_name} holiday)"):
        return label.removesuffix(f" ({state_name} holiday)"), f"State ({state_name})"
    return label, "Other"


def holiday_rows(settings: HolidaySettings, year: int) -> list[HolidayRow]:
    """Every holiday of ``year`` the calendar knows, by date; federal, then state, then county."""
    county = {h.day: h for h in settings.county_holidays}
    state_name = state_names().get(settings.state) if settings.state else None
    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        label = settings.calendar.holiday(day) or ""
        mine = county.get(day)
        if mine is not None:
            # The calendar appends the county's own label last; take it off before splitting,
            # so a county name is shown exactly as typed whatever it contains.
            own = f"{mine.name} (county holiday)"
            label = "" if label == own else label.removesuffix(f"; {own}")
        rows.extend(HolidayRow(day, *_split_label(p, state_name)) for p in label.split("; ") if p)
        if mine is not None:
            rows.append(HolidayRow(day, mine.name, COUNTY, mine.id))
        day += timedelta(days=1)
    return rows


class HolidaysDialog(ModelessDialog):
    """The holiday calendar; emits a request for each change an administrator makes."""

    add_requested = Signal(object, str)  # date, name
    remove_requested = Signal(object)  # CountyHoliday
    state_requested = Signal(object)  # two-letter code or None

    def __init__(self, settings: HolidaySettings, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Holiday calendar")
        self.resize(760, 620)
        self.settings = settings
        self.rows: list[HolidayRow] = []

        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year)
        self.year.setAccessibleName("Year shown")
        self.year.valueChanged.connect(self._fill_table)
        self.state = QComboBox()
        self.state.setAccessibleName("State whose holidays count")
        self.state.addItem("None (federal holidays only)", None)
        for code, name in sorted(state_names().items(), key=lambda item: item[1]):
            if code not in _TERRITORIES:
                self.state.addItem(f"{name} ({code})", code)
        self.state.currentIndexChanged.connect(self._update_buttons)
        self.apply_state = QPushButton("Use this &state")
        self.apply_state.setAutoDefault(False)
        self.apply_state.clicked.connect(self._request_state)
        top = QFormLayout()
        top.addRow(buddy_label("&Year:", self.year), self.year)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.apply_state)
        top.addRow(buddy_label("S&tate holidays:", self.state), state_row)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Date", "Holiday", "Source"])
        self.table.setAccessibleName("Holidays in the year shown")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.remove_button = QPushButton("&Remove county holiday")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._request_remove)

        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(DATE_HINT)
        self.date_edit.setAccessibleName("Date of the new county holiday")
        self.date_error = self._error_label("Date error")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Day after Thanksgiving (county closure)")
        self.name_edit.setAccessibleName("Name of the new county holiday")
        self.name_error = self._error_label("Name error")
        self.add_button = QPushButton("&Add county holiday")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._request_add)
        for edit in (self.date_edit, self.name_edit):
            edit.returnPressed.connect(self._request_add)
        self.date_edit.textEdited.connect(lambda _t: self._set_error(self.date_edit, None))
        self.name_edit.textEdited.connect(lambda _t: self._set_error(self.name_edit, None))
        add_box = QGroupBox("Declare a county holiday")
        form = QFormLayout(add_box)
        form.addRow(buddy_label("&Date:", self.date_edit), self._with_error(self.date_edit))
        form.addRow(buddy_label("&Name:", self.name_edit), self._with_error(self.name_edit))
        form.addRow("", self.add_button)

        self.note = QLabel(READ_ONLY_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last change did")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(add_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.load(settings)

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.hide()
        return label

    def _with_error(self, edit: QLineEdit) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(edit)
        column.addWidget(self._errors()[edit])
        return box

    def _errors(self) -> dict[QLineEdit, QLabel]:
        return {self.date_edit: self.date_error, self.name_edit: self.name_error}

    def _set_error(self, edit: QLineEdit, message: str | None) -> None:
        label = self._errors()[edit]
        label.setText(message or "")
        label.setVisible(bool(message))
        edit.setStyleSheet(INVALID_STYLE if message else "")

    def load(self, settings: HolidaySettings) -> None:
        """Show ``settings`` (after opening, or after a change was made), keeping the year."""
        self.settings = settings
        self.state.blockSignals(True)
        found = self.state.findData(settings.state)
        if found < 0:  # a territory chosen elsewhere: show it rather than pretend "None"
            self.state.addItem(settings.state, settings.state)
            found = self.state.count() - 1
        self.state.setCurrentIndex(found)
        self.state.blockSignals(False)
        self.note.setVisible(not settings.can_edit)
        for widget in (self.state, self.date_edit, self.name_edit, self.add_button):
            widget.setEnabled(settings.can_edit)
        self._fill_table()

    def _fill_table(self) -> None:
        self.rows = holiday_rows(self.settings, self.year.value())
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(self.rows):
            when = f"{row.day:%m/%d/%Y}, {_WEEKDAYS[row.day.weekday()]}"
            source = row.source + (" (removable)" if row.county_id is not None else "")
            for c, text in enumerate((when, row.name, source)):
                item = QTableWidgetItem(text)
                if row.county_id is not None:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_edit = self.settings.can_edit
        self.apply_state.setEnabled(can_edit and self.state.currentData() != self.settings.state)
        self.remove_button.setEnabled(can_edit and self.selected_holiday() is not None)

    def select_day(self, day: date, source: str | None = None) -> bool:
        """Select the line of ``day`` (of ``source`` if given); False when there is none."""
        if day.year != self.year.value():
            self.year.setValue(day.year)
        for r, row in enumerate(self.rows):
            if row.day == day and source in (None, row.source):
                self.table.selectRow(r)
                return True
        return False

    def selected_holiday(self) -> CountyHoliday | None:
        """The county holiday selected in the list, or None (nothing, or not the county's)."""
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return None
        row = self.rows[selected[0].row()]
        return None if row.county_id is None else CountyHoliday(row.county_id, row.day, row.name)

    def _request_state(self) -> None:
        if self.settings.can_edit:
            self.state_requested.emit(self.state.currentData())

    def _request_remove(self) -> None:
        if self.settings.can_edit and (holiday := self.selected_holiday()) is not None:
            self.remove_requested.emit(holiday)

    def _request_add(self) -> None:
        if not self.settings.can_edit:
            return
        try:
            day = parse_date(self.date_edit.text())
            problem = None if day else f"Type the date of the holiday as {DATE_HINT}."
        except DateParseError as exc:
            day, problem = None, f"{exc}."
        self._set_error(self.date_edit, problem)
        if day is None:
            self.date_edit.setFocus()
            return
        self.add_requested.emit(day, self.name_edit.text())

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show problems the calendar refused a new holiday for, beside the field concerned."""
        for error in errors:
            edit = self.name_edit if error.field == "name" else self.date_edit
            self._set_error(edit, error.message)

    def added(self, day: date) -> None:
        """Clear the inputs after a holiday was declared and select its line."""
        for edit in (self.date_edit, self.name_edit):
            edit.clear()
            self._set_error(edit, None)
        self.select_day(day, COUNTY)

    def show_outcome(self, text: str) -> None:
        """Say what the last change did (which running holds moved)."""
        self.status.setText(text)
