"""The case editor: person, booking, charges, fingerprint match and History, in tabs.

The dialog takes a Case and returns a :class:`CaseDraft` through ``save_requested``; it holds
no database handle. Whoever opened it saves the draft and calls :meth:`CaseDialog.saved` or
:meth:`CaseDialog.show_errors`. Closing with unsaved changes asks first.
"""

from __future__ import annotations

import dataclasses
import re
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.errors import FieldError, ValidationError
from models.history import FIELD_LABELS, HistoryLine
from models.records import Case, Person, Vocabularies
from models.timeutil import utc_now
from models.validation import clean_case
from ui.case_detainers_tab import CaseDetainersTab
from ui.dialogs.base import EditorDialog
from ui.dialogs.case_form import (
    CaseDraft,
    booking_specs,
    case_to_values,
    charge_columns,
    is_blank_row,
    match_specs,
    person_specs,
    person_to_values,
    values_to_case,
)
from ui.forms import ERROR_STYLE, FormPanel, RowTable, scrolled
from ui.linked_letters_tab import LinkedLettersTab
from ui.record_stack import RecordStack

PERSON_TAB, BOOKING_TAB, CHARGES_TAB, MATCH_TAB, DETAINERS_TAB, LETTERS_TAB, HISTORY_TAB = range(7)
_ROW_FIELD = re.compile(r"^(?P<table>charges|matches)\[(?P<index>\d+)\]\.")


class CaseDialog(EditorDialog):
    """Edit one case; emits ``save_requested(CaseDraft)`` when the clerk saves."""

    record_name = "This case"

    save_requested = Signal(object)

    def __init__(
        self,
        case: Case | None,
        vocab: Vocabularies,
        tz: ZoneInfo,
        history: list[HistoryLine] = (),
        attorney: str = "",
        designee: str = "",
        parent: QWidget | None = None,
        known_person: Person | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.tz = tz
        self.vocab = vocab
        self.case = case
        self.known_person = known_person
        self.resize(1100, 740)
        self.person_form = FormPanel(person_specs())
        self.booking_form = FormPanel(booking_specs(tz))
        self.booking_form.set_choices("facility", [(f, f) for f in vocab.facilities])
        self.charges = RowTable(charge_columns(vocab), "charge")
        self.matches = RecordStack(lambda: match_specs(vocab, tz), "match")
        self.history = QTableWidget(0, 3)
        self.history.setHorizontalHeaderLabels(["When", "Who", "What"])
        self.history.setAccessibleName("Case history")
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setWordWrap(True)
        self.history.verticalHeader().hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self.person_form), "&Person")
        self.tabs.addTab(scrolled(self.booking_form), "&Booking")
        self.tabs.addTab(self.charges, "C&harges")
        self.tabs.addTab(self.matches, "Fingerprint &match")
        self.detainers = CaseDetainersTab(tz)
        self.tabs.addTab(self.detainers, "&Detainers")
        self.letters = LinkedLettersTab("case")
        self.tabs.addTab(self.letters, "Co&rrespondence")
        self.tabs.addTab(self.history, "H&istory")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        self.buttons = self.save_close_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.error_summary)
        hint = QLabel(
            f"Times are county time ({tz.key}), typed as MM/DD/YYYY HH:MM; dates as MM/DD/YYYY."
        )
        hint.setStyleSheet("color: #555;")
        layout.addWidget(self.tabs)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._add_menus(layout)
        for widget in (self.person_form, self.booking_form, self.charges, self.matches):
            widget.changed.connect(self._update_title)
        self.load(case, history, attorney, designee)
        if case is None and known_person is not None:
            self.person_form.set_values(person_to_values(known_person, attorney, designee))
            self._loaded = self._snapshot()  # only what the clerk adds makes it dirty
            self.tabs.setCurrentIndex(BOOKING_TAB)
            self._update_title()

    def _add_menus(self, layout: QVBoxLayout) -> None:
        """The editor's own menu bar: every action with its shortcut."""
        bar = QMenuBar(self)
        case_menu = bar.addMenu("&Case")
        edit_menu = bar.addMenu("&Edit")
        self.save_action = self.menu_action(case_menu, "&Save", "Ctrl+S", self.request_save)
        self.close_action = self.menu_action(case_menu, "&Close", "Ctrl+W", self.close)
        self.menu_action(edit_menu, "Add &charge", "Ctrl+Shift+C", self._add_charge)
        self.menu_action(edit_menu, "Add &match", "Ctrl+Shift+M", self._add_match)
        self.menu_action(edit_menu, "New &detainer…", "Ctrl+Shift+D", self._new_detainer)
        layout.setMenuBar(bar)

    def _add_charge(self) -> None:
        self.tabs.setCurrentIndex(CHARGES_TAB)
        self.charges.add_row()

    def _new_detainer(self) -> None:
        self.tabs.setCurrentIndex(DETAINERS_TAB)
        if self.case is not None:
            self.detainers.new_requested.emit()

    def _add_match(self) -> None:
        self.tabs.setCurrentIndex(MATCH_TAB)
        self.matches.add_row()

    # -- loading and reading -------------------------------------------------------------

    def load(
        self,
        case: Case | None,
        history: list[HistoryLine] = (),
        attorney: str = "",
        designee: str = "",
    ) -> None:
        """Fill the forms from ``case`` (or blank ones for a new case) and its history."""
        self.case = case
        if case is not None:
            person, booking, charges, matches = case_to_values(case, self.tz, attorney, designee)
            self.person_form.set_values(person)
            self.booking_form.set_values(booking)
            self.charges.set_rows(charges)
            self.matches.set_rows(matches)
        else:
            self.booking_form.set_values({"custody_status": "in_custody"})
            self.matches.set_rows([{"program_era": None}])
        self.history.setRowCount(0)
        for line in history:
            row = self.history.rowCount()
            self.history.insertRow(row)
            for col, text in enumerate((line.when, line.who, line.what)):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnToContents(0)
        self.history.resizeColumnToContents(1)
        self.history.resizeRowsToContents()
        self.tabs.setTabEnabled(HISTORY_TAB, case is not None)
        self.detainers.set_enabled_for_new_case(case is not None)
        self.letters.set_enabled_for_new_record(case is not None)
        self.error_summary.hide()
        self._loaded = self._snapshot()
        self._update_title()

    def _snapshot(self) -> tuple:
        """Everything the clerk can change; rows added but left empty do not count."""
        return (
            self.person_form.values(),
            self.booking_form.values(),
            [row for row in self.charges.rows() if not is_blank_row(row)],
            [row for row in self.matches.rows() if not is_blank_row(row)],
        )

    def is_dirty(self) -> bool:
        return self._snapshot() != self._loaded

    def draft(self) -> CaseDraft | None:
        """The edited case, or None after showing every mistake found, all at once."""
        for table in (self.charges, self.matches):
            table.drop_rows(is_blank_row)
        person, booking, charges, matches = self._snapshot()
        draft, errors = values_to_case(
            self.case, person, booking, charges, matches, self.tz, self.known_person
        )
        if errors:
            # Check the rest against the rules too, so the clerk sees everything in one round.
            unparsed = {e.field for e in errors}
            try:
                clean_case(draft.case, self.vocab, utc_now())
            except ValidationError as exc:
                errors += [e for e in exc.errors if e.field not in unparsed]
            self.show_errors(errors)
            return None
        return dataclasses.replace(draft, person_edited=person != self._loaded[0])

    # -- saving ----------------------------------------------------------------------------

    def request_save(self) -> None:
        for form in (self.person_form, self.booking_form, *self.matches.forms()):
            form.clear_errors()
        draft = self.draft()
        if draft is not None:
            self.save_requested.emit(draft)

    def saved(
        self, case: Case, history: list[HistoryLine], attorney: str = "", designee: str = ""
    ) -> None:
        """The save went through: show the stored case, now clean."""
        current = self.tabs.currentIndex()
        self.load(case, history, attorney, designee)
        self.tabs.setCurrentIndex(current)

    def show_errors(self, errors: list[FieldError]) -> None:
        """Put each message beside its field, list them all on top, and show the first tab."""
        first_tab = None
        lines = []
        for error in errors:
            section, _, key = error.field.partition(".")
            form = {"person": self.person_form, "booking": self.booking_form}.get(section)
            label = ""
            if form is not None and key in form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                form.set_error(key, error.message)
                label = form.label(key)
            elif row := _ROW_FIELD.match(error.field):
                index, is_charge = int(row["index"]), row["table"] == "charges"
                noun = "Charge" if is_charge else "Match"
                label = f"{noun} {index + 1}, {FIELD_LABELS.get(key, key)}"
                (self.charges if is_charge else self.matches).select_row(index)
                if not is_charge and key in (match_form := self.matches.form(index)).keys():  # noqa: SIM118
                    match_form.set_error(key, error.message)
            starts_labelled = error.message.startswith((label, "Charge", "Match"))
            lines.append(
                error.message if not label or starts_labelled else f"{label}: {error.message}"
            )
            tab = {"person": PERSON_TAB, "booking": BOOKING_TAB}.get(section)
            if tab is None:
                tab = CHARGES_TAB if section.startswith("charges") else MATCH_TAB
            first_tab = tab if first_tab is None else min(first_tab, tab)
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)

    def _update_title(self) -> None:
        name = self.person_form.value("family_name") or "New case"
        given = self.person_form.value("given_names")
        number = self.booking_form.value("booking_number")
        text = f"{name}, {given}" if given else name
        if number:
            text += f" — booking {number}"
        if self.case is None and self.known_person is not None:
            text = f"New booking: {text}"
        elif self.case is None:
            text = f"New case: {text}" if text != "New case" else text
        dirty = hasattr(self, "_loaded") and self.is_dirty()
        self.title.setText(text + (" (unsaved changes)" if dirty else ""))
        self.setWindowTitle(("* " if dirty else "") + text + " — Detainer Desk")
