"""The Dashboard's choice of period and facility: typed dates, presets, and their mistakes.

Dates are typed MM/DD/YYYY like everywhere else in the app. A date that is not one, or a period
that ends before it starts or starts after today, is shown in red beside its field and the
bar asks for nothing: the figures on screen stay those of the last good period.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import ValidationError
from models.stats.period import Filters, Period
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.dashboard_controller import PRESETS, preset_period
from ui.forms import ERROR_STYLE, INVALID_STYLE


class PeriodBar(QWidget):
    """From / To dates, a preset, a facility and Refresh.

    Args:
        check: Turns the typed dates into a period or raises a ValidationError (start/end).
        today: The county's date now, for the presets.
        parent: The Qt parent.
    """

    #: The clerk changed the period or the facility (the dates may still be wrong).
    changed = Signal()
    #: Refresh: work the figures out again even if the period is the one shown.
    refresh_requested = Signal()

    def __init__(
        self,
        check: Callable[[date | None, date | None], Period],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._check, self._today = check, today
        #: Set when the window closes: a field left then (losing focus) asks for nothing.
        self.closing = False
        self.date_from = _date_edit("Period from")
        self.date_to = _date_edit("Period to")
        self.start_error = _error_label("Period from error")
        self.end_error = _error_label("Period to error")
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        for code, label in PRESETS:
            self.preset.addItem(label, code)
        self.facility = QComboBox()
        self.facility.setAccessibleName("Facility filter")
        self.facility.setMinimumWidth(160)
        self.facility.setMaximumWidth(260)
        self.set_facilities(())
        self.refresh_button = QPushButton("&Refresh")
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self._dates_edited)
        self.preset.activated.connect(lambda _i: self.choose_preset())
        self.facility.activated.connect(lambda _i: self.changed.emit())
        self.refresh_button.clicked.connect(self.refresh_requested)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        column = 0
        for text, widget in (
            ("Fro&m", self.date_from),
            ("&To", self.date_to),
            ("&Period", self.preset),
            ("Fa&cility", self.facility),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            # Qt measures "To" kerned but draws it in two runs round the underline: room for it.
            metrics = label.fontMetrics()
            label.setMinimumWidth(sum(metrics.horizontalAdvance(c) for c in text if c != "&"))
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 0, column + 1)
            column += 2
        grid.addWidget(self.refresh_button, 0, column)
        grid.setColumnStretch(column + 1, 1)
        # The messages sit under the date fields, each naming what to fix.
        errors = QVBoxLayout()
        errors.setSpacing(0)
        errors.addWidget(self.start_error)
        errors.addWidget(self.end_error)
        grid.addLayout(errors, 1, 1, 1, column + 1)

    def tab_stops(self) -> list[QWidget]:
        """The bar's fields and button in the order Tab visits them."""
        return [self.date_from, self.date_to, self.preset, self.facility, self.refresh_button]

    def set_facilities(self, facilities: tuple[str, ...]) -> None:
        """Offer these facilities in the filter, keeping the one chosen if it is still there.

        When the facility chosen is gone from the list the filter falls back to "All
        facilities", and ``changed`` says so: the figures shown are those of the one removed.
        """
        current = self.facility.currentData()
        self.facility.blockSignals(True)
        self.facility.clear()
        self.facility.addItem("All facilities", None)
        for name in facilities:
            self.facility.addItem(name, name)
        self.facility.setCurrentIndex(max(self.facility.findData(current), 0))
        self.facility.blockSignals(False)
        if self.facility.currentData() != current:
            self.changed.emit()

    def choose_preset(self) -> None:
        """Fill in the dates of the preset chosen (Custom leaves them to be typed)."""
        dates = preset_period(self.preset.currentData(), self._today())
        if dates is None:
            self.date_from.setFocus()
            return
        self.date_from.setText(format_date(dates[0]))
        self.date_to.setText(format_date(dates[1]))
        self.changed.emit()

    def set_dates(self, start: date, end: date) -> None:
        """Type in a period, as the clerk would."""
        self.date_from.setText(format_date(start))
        self.date_to.setText(format_date(end))
        self._dates_changed()

    def _dates_edited(self) -> None:
        """A date field was left: the clerk's edit, unless the window is going away.

        A field also "finishes editing" when its window loses the keys: closed (Ctrl+Q just
        after typing a date), torn down, or another program's turn. Then the bar decides only
        once that is over, and a bar torn down meanwhile is asked nothing (Qt drops a timer's
        call whose context object is gone).
        """
        if self.closing or not self.isVisible():
            return
        if self.date_from.leaving_window or self.date_to.leaving_window:
            QTimer.singleShot(0, self, self._dates_left)
            return
        self._dates_changed()

    def _dates_left(self) -> None:
        if self.closing or not self.isVisible():
            return
        self._dates_changed()

    def _dates_changed(self) -> None:
        dates = preset_period(self.preset.currentData(), self._today())
        typed = (self.date_from.text().strip(), self.date_to.text().strip())
        if dates is not None and typed != (format_date(dates[0]), format_date(dates[1])):
            self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.changed.emit()

    def period(self) -> Period | None:
        """The period typed, or None with the problem shown beside its field."""
        values, errors = {}, {}
        for key, edit in (("start", self.date_from), ("end", self.date_to)):
            try:
                values[key] = parse_date(edit.text())
            except DateParseError as exc:
                errors[key] = f"{exc}."
        period = None
        if not errors:
            try:
                period = self._check(values["start"], values["end"])
            except ValidationError as exc:
                errors = {f: " ".join(exc.for_field(f)) for f in ("start", "end")}
        for key, edit, label in (
            ("start", self.date_from, self.start_error),
            ("end", self.date_to, self.end_error),
        ):
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            edit.setStyleSheet(INVALID_STYLE if message else "")
        return period

    def filters(self) -> Filters:
        return Filters(facility=self.facility.currentData())


class DateEdit(QLineEdit):
    """A date field that knows whether it is being left because its window lost the keys."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        #: True while the field is losing focus to another window (or to none: closing).
        self.leaving_window = False

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.leaving_window = event.reason() == Qt.FocusReason.ActiveWindowFocusReason
        try:
            super().focusOutEvent(event)  # emits editingFinished
        finally:
            self.leaving_window = False


def _date_edit(name: str) -> DateEdit:
    edit = DateEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(DATE_HINT)
    edit.setMaximumWidth(110)
    edit.setMinimumWidth(96)
    return edit


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label
