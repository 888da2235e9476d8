"""Administrator settings: which county detainer policy was in force when, and its settings.

The dialog shows a :class:`PolicySettings` and asks for changes through signals; it holds no
database handle. :class:`ui.settings_controller.SettingsController` makes each change and calls
:meth:`PolicyDialog.load` again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from models.errors import FieldError
from models.records import CountyPolicy, PolicyPeriod
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.dialogs.base import ModelessDialog
from ui.forms import ERROR_STYLE, INVALID_STYLE, buddy_label

PARAM_LABELS = {
    "reimbursement_agreement": "Written reimbursement agreement with ICE in place",
    "window_years": "Conviction look-back window (years)",
    "felony_years": "Felony conviction look-back (years)",
    "wobbler_years": "Wobbler conviction look-back (years)",
    "min_age": "Minimum age of the person (years)",
}
READ_ONLY_NOTE = "Only an administrator can change the county policy; you can look at it."


@dataclass(frozen=True)
class PolicySettings:
    """What the dialog shows: the policies, the periods, the one in force today."""

    policies: Sequence[CountyPolicy]
    periods: Sequence[PolicyPeriod]
    in_force: CountyPolicy
    can_edit: bool


def param_label(name: str) -> str:
    """A readable label for a policy setting (its name spelt out when not listed)."""
    return PARAM_LABELS.get(name, name.replace("_", " ").capitalize())


def period_in_force(periods: Sequence[PolicyPeriod], on: date) -> PolicyPeriod | None:
    """The period that governs ``on``: the latest one starting on or before it."""
    started = [p for p in periods if p.in_force_from <= on]
    return max(started, key=lambda p: p.in_force_from, default=None)


class PolicyDialog(ModelessDialog):
    """Policy periods on the left, the chosen policy's source and settings on the right."""

    add_period_requested = Signal(str, object, str)  # policy code, in force from, notes
    remove_period_requested = Signal(object)  # PolicyPeriod
    params_requested = Signal(str, dict)  # policy code, new settings

    def __init__(self, settings: PolicySettings, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("County policy")
        self.resize(1000, 600)
        self.today = today
        self.settings = settings
        self.param_widgets: dict[str, QCheckBox | QSpinBox] = {}

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["In force from", "Policy", "Notes"])
        self.table.setAccessibleName("Policy periods")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._period_selected)
        self.in_force_label = QLabel()
        self.in_force_label.setWordWrap(True)
        self.remove_button = self._button("&Remove period", self._request_remove)

        self.policy_combo = QComboBox()
        self.policy_combo.setAccessibleName("Policy of the new period")
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText(DATE_HINT)
        self.from_edit.setAccessibleName("New period in force from")
        self.from_edit.textEdited.connect(lambda _t: self._set_from_error(None))
        self.from_error = QLabel()
        self.from_error.setStyleSheet(ERROR_STYLE)
        self.from_error.setWordWrap(True)
        self.from_error.setAccessibleName("In force from error")
        self.from_error.hide()
        self.notes_edit = QLineEdit()
        self.notes_edit.setAccessibleName("Notes on the new period")
        self.add_button = self._button("&Add period", self._request_add)
        for edit in (self.from_edit, self.notes_edit):
            edit.returnPressed.connect(self._request_add)
        add_box = QGroupBox("Put a policy in force")
        add_form = QFormLayout(add_box)
        add_form.addRow(buddy_label("&Policy:", self.policy_combo), self.policy_combo)
        from_box = QWidget()
        from_col = QVBoxLayout(from_box)
        from_col.setContentsMargins(0, 0, 0, 0)
        from_col.addWidget(self.from_edit)
        from_col.addWidget(self.from_error)
        add_form.addRow(buddy_label("In force &from:", self.from_edit), from_box)
        add_form.addRow(buddy_label("N&otes:", self.notes_edit), self.notes_edit)
        add_form.addRow("", self.add_button)
        left = QVBoxLayout()
        left.addWidget(self.in_force_label)
        left.addWidget(self.table, 1)
        left.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(add_box)

        self.settings_combo = QComboBox()
        self.settings_combo.setAccessibleName("Policy whose settings are shown")
        self.settings_combo.currentIndexChanged.connect(self._show_policy)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Source of the policy")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.params_box = QGroupBox("Settings")
        self.params_form = QFormLayout(self.params_box)
        self.save_button = self._button("&Save settings", self._request_params)
        right_box = QGroupBox("Policy text and settings")
        right = QVBoxLayout(right_box)
        right.addWidget(buddy_label("Polic&y:", self.settings_combo))
        right.addWidget(self.settings_combo)
        right.addWidget(self.source)
        right.addWidget(self.params_box)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)

        self.note = QLabel(READ_ONLY_NOTE)
        self.note.setStyleSheet("color: #555;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last change did")
        self.errors = QLabel()
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        self.errors.setAccessibleName("Problems with the last change")
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(right_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.load(settings)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def policy(self, code: str) -> CountyPolicy | None:
        return next((p for p in self.settings.policies if p.code == code), None)

    def load(self, settings: PolicySettings) -> None:
        """Show ``settings`` (after opening, or after a change), keeping the policy shown."""
        shown = self.settings_combo.currentData() or settings.in_force.code
        self.settings = settings
        for combo in (self.policy_combo, self.settings_combo):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            for policy in settings.policies:
                combo.addItem(policy.label, policy.code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self.settings_combo.setCurrentIndex(max(self.settings_combo.findData(shown), 0))
        self._show_policy()
        self.in_force_label.setText(f"In force today: <b>{escape(settings.in_force.label)}</b>")
        current = period_in_force(settings.periods, self.today)
        bold = QFont(self.table.font())
        bold.setBold(True)
        self.table.setRowCount(len(settings.periods))
        for r, period in enumerate(settings.periods):
            policy = self.policy(period.policy_code)
            texts = (
                format_date(period.in_force_from),
                policy.label if policy else period.policy_code,
                period.notes or "",
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if period == current:
                    item.setFont(bold)
                    item.setToolTip("In force today")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setVisible(not settings.can_edit)
        for widget in (self.policy_combo, self.from_edit, self.notes_edit, self.add_button):
            widget.setEnabled(settings.can_edit)
        self._period_selected()

    def _show_policy(self) -> None:
        """Show the source and settings of the policy chosen in the right-hand combo."""
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.param_widgets = {}
        policy = self.policy(self.settings_combo.currentData())
        self.source.setText(policy.source if policy else "")
        params = policy.params if policy else {}
        for name, value in params.items():
            if isinstance(value, bool):
                widget = QCheckBox(param_label(name))
                widget.setAccessibleName(param_label(name))
                widget.setChecked(value)
                self.params_form.addRow(widget)
            else:
                widget = QSpinBox()
                widget.setRange(0, 100)
                widget.setValue(int(value))
                widget.setAccessibleName(param_label(name))
                self.params_form.addRow(buddy_label(param_label(name) + ":", widget), widget)
            widget.setEnabled(self.settings.can_edit)
            self.param_widgets[name] = widget
        if not params:
            self.params_form.addRow(QLabel("This policy has no settings."))
        self.save_button.setEnabled(self.settings.can_edit and bool(params))

    def _period_selected(self) -> None:
        period = self.selected_period()
        self.remove_button.setEnabled(self.settings.can_edit and period is not None)
        if period is not None:
            self.settings_combo.setCurrentIndex(
                max(self.settings_combo.findData(period.policy_code), 0)
            )

    def selected_period(self) -> PolicyPeriod | None:
        rows = self.table.selectionModel().selectedRows()
        return self.settings.periods[rows[0].row()] if rows else None

    def params(self) -> dict:
        """The settings as edited: booleans from check boxes, whole numbers from spin boxes."""
        return {
            name: w.isChecked() if isinstance(w, QCheckBox) else w.value()
            for name, w in self.param_widgets.items()
        }

    def _set_from_error(self, message: str | None) -> None:
        self.from_error.setText(message or "")
        self.from_error.setVisible(bool(message))
        self.from_edit.setStyleSheet(INVALID_STYLE if message else "")

    def _request_add(self) -> None:
        if not self.settings.can_edit:
            return
        try:
            day = parse_date(self.from_edit.text())
            problem = None if day else f"Type the first day of the period as {DATE_HINT}."
        except DateParseError as exc:
            day, problem = None, f"{exc}."
        self._set_from_error(problem)
        if day is None:
            self.from_edit.setFocus()
            return
        self.add_period_requested.emit(self.policy_combo.currentData(), day, self.notes_edit.text())

    def _request_remove(self) -> None:
        if self.settings.can_edit and (period := self.selected_period()) is not None:
            self.remove_period_requested.emit(period)

    def _request_params(self) -> None:
        if self.settings.can_edit and (code := self.settings_combo.currentData()):
            self.params_requested.emit(code, self.params())

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show why a change was refused: a date problem beside the date, the rest below."""
        rest = []
        for error in errors:
            if error.field == "in_force_from":
                self._set_from_error(error.message)
            else:
                rest.append(error.message)
        self.errors.setText("\n".join(rest))
        self.errors.setVisible(bool(rest))

    def show_outcome(self, text: str) -> None:
        """Say what the last change did, and clear any earlier problem."""
        self.errors.hide()
        self.status.setText(text)

    def period_added(self) -> None:
        """Clear the inputs after a period was added."""
        for edit in (self.from_edit, self.notes_edit):
            edit.clear()
        self._set_from_error(None)
