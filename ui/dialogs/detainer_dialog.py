"""The detainer editor: the request, its hold clock and policy advice, the decision, the status.

The dialog takes a Detainer and hands back what the clerk did through signals; it holds no
database handle. A ``preview`` callable (given by whoever opens it) works out the policy advice
and the hold clock for the form as typed, so the clerk sees the expiry and how it was counted
before saving. Closing with unsaved changes asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.detainer_clocks import Assessment
from models.detainer_vocab import DetainerVocab
from models.errors import DeskError, FieldError
from models.records import Decision, Detainer, DetainerStatus, Recommendation, StatusChange
from models.timeutil import format_local, utc_now
from ui import message_boxes
from ui.detainer_clock_panel import ClockPanel
from ui.dialogs.base import EditorDialog
from ui.dialogs.detainer_form import (
    detainer_to_values,
    outcome_specs,
    request_specs,
    values_to_detainer,
)
from ui.forms import ERROR_STYLE, FormPanel, buddy_label, scrolled, select_code
from ui.linked_letters_tab import LinkedLettersTab

REQUEST_TAB, DECISION_TAB, STATUS_TAB, LETTERS_TAB = range(4)
TICK_MS = 30_000
#: A decision can be recorded (or changed) only before it has been carried out.
DECIDABLE = (DetainerStatus.RECEIVED, DetainerStatus.UNDER_REVIEW, DetainerStatus.DECIDED)
FOLLOWS = {
    Recommendation.MAY_HONOUR: Decision.HONOUR,
    Recommendation.MUST_DECLINE: Decision.DECLINE,
    Recommendation.NOTIFICATION_ONLY: Decision.NOTIFY_ONLY,
}
Preview = Callable[[Detainer], Assessment]


class DetainerDialog(EditorDialog):
    """Edit one detainer; emits what the clerk asks for, the opener saves it."""

    record_name = "This detainer"

    save_requested = Signal(object)  # Detainer
    decision_requested = Signal(object, str)  # Decision, reason
    status_requested = Signal(object, str, object)  # DetainerStatus, note, lift reason code
    write_letter_requested = Signal()  # a generated letter about this (saved) detainer

    def __init__(
        self,
        detainer: Detainer,
        case_label: str,
        vocab: DetainerVocab,
        tz: ZoneInfo,
        preview: Preview,
        *,
        history: list[StatusChange] = (),
        allowed: tuple[DetainerStatus, ...] = (),
        can_decide: bool = False,
        decided_by: str = "",
        now: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.now = now
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.vocab, self.tz, self.preview = vocab, tz, preview
        self.case_label = case_label
        self.can_decide = can_decide
        self.resize(1120, 760)
        self.request_form = FormPanel(request_specs(vocab, tz))
        self.request_form.widget("ice_office").setMinimumWidth(360)
        self.outcome_form = FormPanel(outcome_specs(tz))
        self.box_group = QGroupBox("Boxes ticked on the form")
        self.box_layout = QVBoxLayout(self.box_group)
        self.box_checks: dict[str, QCheckBox] = {}
        request_page = QWidget()
        request_column = QVBoxLayout(request_page)
        request_column.addWidget(self.request_form)
        request_column.addWidget(self.box_group)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(request_page), "&Request")
        self.tabs.addTab(self._decision_page(), "&Decision")
        self.tabs.addTab(self._status_page(), "&Status and outcome")
        self.letters = LinkedLettersTab("detainer")
        self.tabs.addTab(self.letters, "Co&rrespondence")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        self.clock = ClockPanel(tz, now)
        splitter.addWidget(scrolled(self.clock))
        # The panel's labels under the names tests and the rest of the dialog use.
        for name in (
            "expiry_label",
            "countdown_label",
            "trail",
            "warnings",
            "recommendation_label",
            "reasons",
        ):
            setattr(self, name, getattr(self.clock, name))
        splitter.setSizes([640, 460])
        self.buttons = self.save_close_buttons()
        self.write_letter_button = QPushButton("&Write letter…")
        self.write_letter_button.setAutoDefault(False)
        self.write_letter_button.clicked.connect(self.write_letter_requested)
        self.buttons.addButton(self.write_letter_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.error_summary)
        layout.addWidget(splitter, 1)
        hint = QLabel(f"Times are county time ({tz.key}), typed as MM/DD/YYYY HH:MM.")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._add_menus(layout)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.request_form.changed.connect(self._changed)
        self.outcome_form.changed.connect(self._changed)
        self.request_form.widget("form_code").currentIndexChanged.connect(self._rebuild_boxes)
        self.request_form.widget("form_code").currentIndexChanged.connect(self._form_chosen)
        # The countdown moves on while the editor is open (as on the Deadlines page).
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh_preview)
        self._tick.start()
        self.load(detainer, history, allowed, decided_by)

    def _decision_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.decided_label = QLabel()
        self.decided_label.setWordWrap(True)
        self.decision_combo = QComboBox()
        self.decision_combo.setAccessibleName("Decision")
        for decision in Decision:
            self.decision_combo.addItem(decision.label, decision.value)
        self.decision_reason = QLineEdit()
        self.decision_reason.setAccessibleName("Reason for the decision")
        self.decision_reason.setPlaceholderText(
            "Required when the decision differs from the advice"
        )
        self.decide_button = QPushButton("Record &decision")
        self.decide_button.clicked.connect(self._request_decision)
        if not self.can_decide:
            self.decide_button.setEnabled(False)
            self.decide_button.setToolTip("Only an attorney, supervisor or administrator decides.")
        form.addRow("Recorded", self.decided_label)
        form.addRow(buddy_label("&Decision", self.decision_combo), self.decision_combo)
        form.addRow(buddy_label("Rea&son", self.decision_reason), self.decision_reason)
        form.addRow("", self.decide_button)
        return page

    def _status_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        change = QGroupBox("Change status")
        form = QFormLayout(change)
        self.status_label = QLabel()
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("New status")
        self.status_combo.currentIndexChanged.connect(self._status_choice_changed)
        self.lift_combo = QComboBox()
        self.lift_combo.setAccessibleName("ICE lift reason")
        self.lift_combo.addItem("", None)
        for item in self.vocab.lift_reasons:
            self.lift_combo.addItem(item.label, item.code)
        self.status_note = QLineEdit()
        self.status_note.setAccessibleName("Note on the status change")
        self.status_button = QPushButton("&Change status")
        self.status_button.clicked.connect(self._request_status)
        form.addRow("Now", self.status_label)
        for text, widget in (
            ("&Move to", self.status_combo),
            ("&Lift reason", self.lift_combo),
            ("&Note", self.status_note),
        ):
            form.addRow(buddy_label(text, widget), widget)
        form.addRow("", self.status_button)
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(["When", "Status", "Who", "Note"])
        self.history.setAccessibleName("Status history")
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().hide()
        outcome = QGroupBox("Outcome (saved with Save)")
        QVBoxLayout(outcome).addWidget(self.outcome_form)
        column.addWidget(change)
        column.addWidget(outcome)
        column.addWidget(QLabel("Status history"))
        column.addWidget(self.history, 1)
        return page

    def _form_chosen(self) -> None:
        """On a new detainer, tick what the chosen form asks for (the clerk can still change it)."""
        form = self.vocab.form(self.request_form.value("form_code") or "")
        if form is None or self.detainer.id is not None:
            return
        for key, asks in (
            ("requests_hold", "hold"),
            ("requests_notification", "notify"),
            ("requests_transfer", "transfer"),
        ):
            self.request_form.widget(key).setChecked(form.requests == asks)

    def _status_choice_changed(self) -> None:
        """ICE's lift reason is asked for only when the detainer is being marked lifted."""
        lifted = self.status_combo.currentData() == DetainerStatus.LIFTED.value
        self.lift_combo.setEnabled(lifted)
        if not lifted:
            self.lift_combo.setCurrentIndex(0)

    def _add_menus(self, layout: QVBoxLayout) -> None:
        bar = QMenuBar(self)
        menu = bar.addMenu("&Detainer")
        self.save_action = self.menu_action(menu, "&Save", "Ctrl+S", self.request_save)
        self.menu_action(menu, "&Write letter…", "Ctrl+L", self.write_letter_button.click)
        self.menu_action(menu, "&Close", "Ctrl+W", self.close)
        layout.setMenuBar(bar)

    def _rebuild_boxes(self) -> None:
        ticked = self.boxes()
        for check in self.box_checks.values():
            self.box_layout.removeWidget(check)
            check.hide()  # at once: deleteLater paints it once more where it was
            check.deleteLater()
        self.box_checks = {}
        form_code = self.request_form.value("form_code")
        for box in self.vocab.boxes_for(form_code) if form_code else ():
            check = QCheckBox(box.label)
            check.setChecked(box.code in ticked)
            check.toggled.connect(self._changed)
            self.box_layout.addWidget(check)
            self.box_checks[box.code] = check
        self.box_group.setVisible(bool(self.box_checks))

    # -- loading and reading -------------------------------------------------------------------

    def load(
        self,
        detainer: Detainer,
        history: list[StatusChange] = (),
        allowed: tuple[DetainerStatus, ...] = (),
        decided_by: str = "",
    ) -> None:
        """Show ``detainer`` (new or stored) with its status history."""
        self.detainer = detainer
        self.request_form.set_values(detainer_to_values(detainer, self.tz))
        self.outcome_form.set_values(detainer_to_values(detainer, self.tz))
        self._rebuild_boxes()
        for code, check in self.box_checks.items():
            check.setChecked(code in detainer.boxes)
        saved = detainer.id is not None
        self.tabs.setTabEnabled(DECISION_TAB, saved)
        self.tabs.setTabEnabled(STATUS_TAB, saved)
        self.letters.set_enabled_for_new_record(saved)
        self.write_letter_button.setEnabled(saved)
        if detainer.decision is not None:
            when = format_local(detainer.decided_at, self.tz)
            why = f" — {detainer.decision_reason}" if detainer.decision_reason else ""
            self.decided_label.setText(f"{detainer.decision.label}, {when} by {decided_by}{why}")
            select_code(self.decision_combo, detainer.decision.value)
        else:
            self.decided_label.setText("Not decided yet")
            if detainer.recommendation is not None:  # start from what the policy advises
                select_code(self.decision_combo, FOLLOWS[detainer.recommendation].value)
        decidable = detainer.status in DECIDABLE
        self.decide_button.setEnabled(self.can_decide and decidable)
        if self.can_decide and not decidable:
            self.decide_button.setToolTip("Reopen the detainer for review to decide it again.")
        self.status_label.setText(detainer.status.label)
        self.status_combo.clear()
        for status in allowed:
            self.status_combo.addItem(status.label, status.value)
        self.status_button.setEnabled(bool(allowed))
        self._status_choice_changed()
        self.status_note.clear()
        self.lift_combo.setCurrentIndex(0)
        self.history.setRowCount(0)
        for change in history:
            row = self.history.rowCount()
            self.history.insertRow(row)
            cells = (
                format_local(change.changed_at, self.tz),
                change.status.label,
                change.staff_name,
                change.note or "",
            )
            for col, text in enumerate(cells):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()
        self.error_summary.hide()
        self._loaded = self._snapshot()
        self._update_title()
        self.refresh_preview()

    def boxes(self) -> set[str]:
        return {code for code, check in self.box_checks.items() if check.isChecked()}

    def _snapshot(self) -> tuple:
        return (self.request_form.values(), self.outcome_form.values(), sorted(self.boxes()))

    def is_dirty(self) -> bool:
        return self._snapshot() != self._loaded

    def draft(self) -> tuple[Detainer | None, list[FieldError]]:
        """The detainer as typed, or the problems that keep it from being read."""
        values = {**self.request_form.values(), **self.outcome_form.values()}
        order = [b.code for b in self.vocab.boxes]
        boxes = tuple(sorted(self.boxes(), key=order.index))
        return values_to_detainer(self.detainer, values, boxes, self.tz)

    def _changed(self) -> None:
        self._update_title()
        self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Work out the policy advice and the hold clock for the form as it now reads."""
        detainer, _errors = self.draft()
        if detainer is None:
            self.clock.show_message(
                "Fill in the form, the received time and how it arrived to see the clock."
            )
            return
        try:
            result = self.preview(detainer)
        except DeskError as exc:
            self.clock.show_message(str(exc))
            return
        self.clock.show_assessment(result, self.detainer.status.is_open)

    # -- asking for saves -------------------------------------------------------------------------

    def request_save(self) -> None:
        self.error_summary.hide()
        self.request_form.clear_errors()
        self.outcome_form.clear_errors()
        detainer, errors = self.draft()
        if errors:
            self.show_errors(errors)
            return
        self.save_requested.emit(detainer)

    def _request_decision(self) -> None:
        if self.is_dirty():
            message_boxes.show_info(self, "Save first", "Save the changes to the request first.")
            return
        # The combos hold plain strings (Qt hands a StrEnum back as str anyway).
        decision = Decision(self.decision_combo.currentData())
        self.decision_requested.emit(decision, self.decision_reason.text().strip())

    def _request_status(self) -> None:
        if self.is_dirty():
            message_boxes.show_info(self, "Save first", "Save the changes to the request first.")
            return
        if self.status_combo.currentData() is None:
            return
        status = DetainerStatus(self.status_combo.currentData())
        self.status_requested.emit(
            status, self.status_note.text().strip(), self.lift_combo.currentData()
        )

    def saved(
        self,
        detainer: Detainer,
        history: list[StatusChange],
        allowed: tuple[DetainerStatus, ...],
        decided_by: str = "",
    ) -> None:
        """A save went through: show the stored detainer, now clean."""
        current = self.tabs.currentIndex()
        self.load(detainer, history, allowed, decided_by)
        self.tabs.setCurrentIndex(current)
        self.decision_reason.clear()

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message beside its field where there is one, and all of them on top."""
        lines = []
        for error in errors:
            for form in (self.request_form, self.outcome_form):
                if error.field in form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                    form.set_error(error.field, error.message)
                    if form is self.request_form:
                        self.tabs.setCurrentIndex(REQUEST_TAB)
                    else:
                        self.tabs.setCurrentIndex(STATUS_TAB)
            lines.append(error.message)
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()

    def _update_title(self) -> None:
        form = self.vocab.form(self.request_form.value("form_code") or "")
        what = form.short_label if form else "Detainer"
        text = f"{what} — {self.case_label}"
        if self.detainer.id is None:
            text = f"New {text}"
        dirty = hasattr(self, "_loaded") and self.is_dirty()
        self.title.setText(text + (" (unsaved changes)" if dirty else ""))
        self.setWindowTitle(("* " if dirty else "") + text + " — Detainer Desk")


def new_detainer(booking_id: int, now: datetime | None = None) -> Detainer:
    """A blank detainer for a booking, received now by fax (the usual way), asking for a hold."""
    return Detainer(
        id=None,
        booking_id=booking_id,
        form_code="",
        received_at=now or utc_now(),
        received_via="fax",
        requests_hold=True,
    )
