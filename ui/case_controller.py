"""Open, save and delete cases for the main window: the glue between editors and models.

Dialogs never touch the database; this controller loads what they show, saves what they hand
back, and turns every failure into a message the clerk can act on, with nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from models.audit import history_for_case
from models.cases import contact_names, delete_case, get_case, save_case
from models.errors import ConflictError, DeskError, NotFoundError, ValidationError
from models.history import HistoryLine, history_lines
from models.lookups import load_vocabularies
from models.records import Case, Staff, StaffRole
from ui import message_boxes
from ui.dialogs.case_dialog import CaseDialog
from ui.dialogs.case_form import CaseDraft

if TYPE_CHECKING:
    from sqlite_utils import Database

CAN_DELETE = {StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR}


class CaseController(QObject):
    """Keeps the open case editors and saves what they hand back."""

    case_saved = Signal(int)
    case_deleted = Signal(int)

    def __init__(
        self, db: Database, actor: Staff, tz, parent_widget: QWidget, now: Callable | None = None
    ):
        super().__init__(parent_widget)
        self.db, self.actor, self.tz = db, actor, tz
        self.parent_widget = parent_widget
        self.now = now
        self.editors: dict[int | None, CaseDialog] = {}

    def history(self, case: Case) -> list[HistoryLine]:
        entries = history_for_case(self.db, case.booking.id, case.person.id)
        return history_lines(entries, self.tz, load_vocabularies(self.db))

    def new_case(self) -> CaseDialog:
        dialog = CaseDialog.open(
            None, load_vocabularies(self.db), self.tz, parent=self.parent_widget
        )
        self._track(dialog)
        return dialog

    def new_booking_for(self, booking_id: int) -> CaseDialog | None:
        """A new case for the person of an existing one (arrested again), person filled in."""
        try:
            person = get_case(self.db, booking_id).person
        except NotFoundError as exc:
            message_boxes.show_error(self.parent_widget, "Case not found", str(exc))
            return None
        attorney, designee = contact_names(self.db, person)
        dialog = CaseDialog.open(
            None,
            load_vocabularies(self.db),
            self.tz,
            attorney=attorney,
            designee=designee,
            parent=self.parent_widget,
            known_person=person,
        )
        self._track(dialog)
        return dialog

    def open_case(self, booking_id: int) -> CaseDialog | None:
        existing = self.editors.get(booking_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            case = get_case(self.db, booking_id)
        except NotFoundError as exc:
            message_boxes.show_error(self.parent_widget, "Case not found", str(exc))
            return None
        attorney, designee = contact_names(self.db, case.person)
        dialog = CaseDialog.open(
            case,
            load_vocabularies(self.db),
            self.tz,
            self.history(case),
            attorney,
            designee,
            parent=self.parent_widget,
        )
        self._track(dialog)
        return dialog

    def _track(self, dialog: CaseDialog) -> None:
        key = dialog.case.id if dialog.case else None
        self.editors[key] = dialog
        dialog.save_requested.connect(lambda draft, d=dialog: self.save(d, draft))
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))

    def _forget(self, dialog: CaseDialog) -> None:
        for key, value in list(self.editors.items()):
            if value is dialog:
                del self.editors[key]

    def save(self, dialog: CaseDialog, draft: CaseDraft) -> Case | None:
        """Save a draft; on success the dialog shows the stored case, else what went wrong."""
        try:
            saved = save_case(
                self.db,
                draft.case,
                self.actor,
                attorney=draft.attorney,
                designee=draft.designee,
                now=self.now() if self.now else None,
            )
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return None
        except ConflictError as exc:
            message_boxes.show_error(dialog, "Changed by someone else", str(exc))
            return None
        except DeskError as exc:
            message_boxes.show_error(dialog, "Not saved", str(exc))
            return None
        self._forget(dialog)
        self.editors[saved.id] = dialog
        attorney, designee = contact_names(self.db, saved.person)
        dialog.saved(saved, self.history(saved), attorney, designee)
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
        except NotFoundError as exc:
            message_boxes.show_error(self.parent_widget, "Case not found", str(exc))
            return False
        label = f"{case.person.display_name}, booking {case.booking.booking_number}"
        if not message_boxes.confirm(
            self.parent_widget,
            "Delete case",
            f"Delete the case of {label} with its charges and fingerprint matches?\n\n"
            "The deletion is recorded in the audit log with every value removed.",
            "Delete case",
        ):
            return False
        try:
            delete_case(self.db, booking_id, self.actor, case.booking.row_version)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Not deleted", str(exc))
            return False
        if booking_id in self.editors:
            self.editors.pop(booking_id).done(0)
        self.case_deleted.emit(booking_id)
        return True
