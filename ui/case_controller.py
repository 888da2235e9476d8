"""Open, save and delete cases for the main window: the glue between editors and models.

Dialogs never touch the database; this controller loads what they show, saves what they hand
back, and turns every failure into a message the clerk can act on, with nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from models.cases import contact_names, delete_case, get_case, save_case
from models.correspondence_list import LetterQuery, letter_ids, letter_rows
from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows
from models.detainer_vocab import load_detainer_vocab
from models.errors import DeskError
from models.history import HistoryLine, case_history
from models.lookups import load_vocabularies
from models.records import Case, Staff, StaffRole, Vocabularies
from models.timeutil import county_today
from ui import message_boxes
from ui.dialogs.case_dialog import CaseDialog
from ui.dialogs.case_form import CaseDraft
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database

CAN_DELETE = {StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR}


class CaseController(QObject):
    """Keeps the open case editors and saves what they hand back."""

    case_saved = Signal(int)
    case_deleted = Signal(int)
    vocab_changed = Signal(object)
    new_detainer_requested = Signal(int)  # booking id
    open_detainer_requested = Signal(int)  # detainer id
    new_letter_requested = Signal(int)  # booking id
    open_letter_requested = Signal(int)  # letter id

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        vocab: Vocabularies,
        parent_widget: QWidget,
        now: Callable | None = None,
    ):
        super().__init__(parent_widget)
        self.db, self.actor, self.tz, self.vocab = db, actor, tz, vocab
        self.parent_widget = parent_widget
        self.now = now
        self.editors: list[CaseDialog] = []  # every open editor, new cases included

    def reload_vocab(self) -> Vocabularies:
        """Read the lookup lists again (after F5, or a save that added a facility)."""
        self.vocab = load_vocabularies(self.db)
        self.vocab_changed.emit(self.vocab)
        return self.vocab

    def editor_of(self, booking_id: int) -> CaseDialog | None:
        return next((d for d in self.editors if d.case and d.case.id == booking_id), None)

    def history(self, case: Case) -> list[HistoryLine]:
        return case_history(self.db, case.booking.id, case.person.id, self.tz, self.vocab)

    def _failed(self, title: str, exc: DeskError) -> None:
        message_boxes.show_error(self.parent_widget, title, str(exc))

    def new_case(self) -> CaseDialog:
        dialog = CaseDialog.open(None, self.vocab, self.tz, parent=self.parent_widget)
        self._track(dialog)
        return dialog

    def new_booking_for(self, booking_id: int) -> CaseDialog | None:
        """A new case for the person of an existing one (arrested again), person filled in."""
        try:
            person = get_case(self.db, booking_id).person
            attorney, designee = contact_names(self.db, person)
        except DeskError as exc:
            self._failed("Cannot start a new booking", exc)
            return None
        dialog = CaseDialog.open(
            None,
            self.vocab,
            self.tz,
            attorney=attorney,
            designee=designee,
            parent=self.parent_widget,
            known_person=person,
        )
        self._track(dialog)
        return dialog

    def open_case(self, booking_id: int) -> CaseDialog | None:
        if (existing := self.editor_of(booking_id)) is not None:
            return bring_forward(existing)
        try:
            case = get_case(self.db, booking_id)
            attorney, designee = contact_names(self.db, case.person)
            history = self.history(case)
        except DeskError as exc:
            self._failed("Cannot open the case", exc)
            return None
        dialog = CaseDialog.open(
            case, self.vocab, self.tz, history, attorney, designee, parent=self.parent_widget
        )
        self._track(dialog)
        return dialog

    def _track(self, dialog: CaseDialog) -> None:
        self.editors.append(dialog)
        dialog.detainers.new_requested.connect(
            lambda d=dialog: d.case and self.new_detainer_requested.emit(d.case.id)
        )
        dialog.detainers.open_requested.connect(self.open_detainer_requested)
        dialog.letters.new_requested.connect(
            lambda d=dialog: d.case and self.new_letter_requested.emit(d.case.id)
        )
        dialog.letters.open_requested.connect(self.open_letter_requested)
        if dialog.case is not None:
            self.show_detainers(dialog.case.id)
            self.show_letters(dialog.case.id)
        dialog.save_requested.connect(lambda draft, d=dialog: self.save(d, draft))
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))

    def show_detainers(self, booking_id: int) -> None:
        """Fill (or refresh) the Detainers tab of the case's open editor, if there is one."""
        editor = self.editor_of(booking_id)
        if editor is None:
            return
        try:
            rows = detainer_rows(
                self.db, detainer_ids(self.db, DetainerQuery(booking_id=booking_id), self.tz)
            )
            labels = {f.code: f.short_label for f in load_detainer_vocab(self.db).forms}
        except DeskError as exc:
            self._failed("The case's detainers could not be read", exc)
            return
        editor.detainers.set_rows(list(reversed(rows)), labels)

    def show_letters(self, booking_id: int) -> None:
        """Fill (or refresh) the Correspondence tab of the case's open editor, if there is one."""
        editor = self.editor_of(booking_id)
        if editor is not None:
            self._fill_letters(editor.letters, LetterQuery(booking_id=booking_id))

    def _fill_letters(self, tab, query: LetterQuery) -> None:
        try:
            today = county_today(self.tz)
            tab.set_rows(letter_rows(self.db, letter_ids(self.db, query, today)), today)
        except DeskError as exc:
            self._failed("The letters could not be read", exc)

    def refresh_letters(self) -> None:
        """After a letter is saved anywhere: every open case editor shows its letters again."""
        for dialog in self.editors:
            if dialog.case is not None:
                self.show_letters(dialog.case.id)

    def _forget(self, dialog: CaseDialog) -> None:
        self.editors = [d for d in self.editors if d is not dialog]

    def save(self, dialog: CaseDialog, draft: CaseDraft) -> Case | None:
        """Save a draft; on success the dialog shows the stored case, else what went wrong."""
        saved = attempt_save(
            dialog,
            lambda: save_case(
                self.db,
                draft.case,
                self.actor,
                attorney=draft.attorney,
                designee=draft.designee,
                person_edited=draft.person_edited,
                now=self.now() if self.now else None,
                vocab=self.vocab,
            ),
        )
        if saved is None:
            return None
        try:
            if saved.booking.facility not in self.vocab.facilities:
                self.reload_vocab()
            attorney, designee = contact_names(self.db, saved.person)
            dialog.saved(saved, self.history(saved), attorney, designee)
            self.show_detainers(saved.id)
            self.show_letters(saved.id)
        except DeskError as exc:  # saved, but showing it again failed: say which
            self._failed("Saved, but the case could not be shown again", exc)
        self.case_saved.emit(saved.id)
        return saved

    def can_delete(self) -> bool:
        return self.actor.role in CAN_DELETE

    def delete(self, booking_id: int) -> bool:
        if not self.can_delete():
            message_boxes.show_error(
                self.parent_widget,
                "Not allowed",
                "Only a supervisor or an administrator can delete a case.",
            )
            return False
        try:
            case = get_case(self.db, booking_id)
        except DeskError as exc:
            self._failed("Cannot delete the case", exc)
            return False
        label = f"{case.person.display_name}, booking {case.booking.booking_number}"
        editor = self.editor_of(booking_id)
        unsaved = (
            "\n\nIts editor is open with changes that are not saved; they will be lost."
            if editor is not None and editor.is_dirty()
            else ""
        )
        if not message_boxes.confirm(
            self.parent_widget,
            "Delete case",
            f"Delete the case of {label} with its charges and fingerprint matches?\n\n"
            "The deletion is recorded in the audit log with every value removed." + unsaved,
            "Delete case",
        ):
            return False
        try:
            delete_case(self.db, booking_id, self.actor, case.booking.row_version)
        except DeskError as exc:
            self._failed("Not deleted", exc)
            return False
        if editor is not None:
            editor.done(0)  # the clerk was told above; its case no longer exists
        self.case_deleted.emit(booking_id)
        return True
