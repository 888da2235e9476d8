"""Open, save and move opt-out requests for the main window: glue between dialogs and models.

Dialogs never touch the database; this controller loads what they show, saves what they hand
back (the name typed under "Addressed to" becomes a contact in the same transaction as the
request, so a refused request leaves no stray contact), and turns every failure into a message
the clerk can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from models.contacts import list_contacts
from models.correspondence import resolve_party
from models.errors import DeskError, FieldError
from models.optouts import (
    change_optout_status,
    create_optout,
    get_optout,
    optout_kinds,
    optout_statuses,
    update_optout,
)
from models.records import OptOutRequest, Staff
from models.store import write_transaction
from ui import message_boxes
from ui.controller_base import Controller
from ui.dialogs.optout_dialog import OptOutDialog, new_request
from ui.dialogs.optout_status_dialog import OptOutStatusDialog
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The kind a new "Addressed to" name is filed under: opt-out requests go to ICE's program.
ADDRESSEE_KIND = "ice_program_office"


class OptOutsController(Controller):
    """Keeps the open opt-out editors and status dialogs, and carries out what they ask."""

    #: A request was created, edited or moved to a new status (its id).
    optout_saved = Signal(int)
    #: A generated letter about a request was asked for from its editor (its id).
    write_letter_requested = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        parent_widget: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, parent_widget, now)
        self.editors: list[OptOutDialog] = []
        self.status_dialogs: dict[int, OptOutStatusDialog] = {}

    def editor_of(self, optout_id: int) -> OptOutDialog | None:
        return next((d for d in self.editors if d.request.id == optout_id), None)

    def _labels(self) -> tuple[dict[str, str], dict[int, str]]:
        statuses = {code: label for code, label, _pos, _final in optout_statuses(self.db)}
        return statuses, {c.id: c.name for c in list_contacts(self.db)}

    # -- opening -------------------------------------------------------------------------------

    def new_optout(self) -> OptOutDialog | None:
        """An editor for a new request (a draft until its status is changed)."""
        return self._show(new_request())

    def open_optout(self, optout_id: int) -> OptOutDialog | None:
        if (existing := self.editor_of(optout_id)) is not None:
            return bring_forward(existing)
        try:
            request = get_optout(self.db, optout_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the request", str(exc))
            return None
        return self._show(request)

    def _show(self, request: OptOutRequest) -> OptOutDialog | None:
        try:
            kinds = optout_kinds(self.db)
            statuses, names = self._labels()
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the request", str(exc))
            return None
        dialog = OptOutDialog.open(
            request,
            kinds,
            sorted(set(names.values()), key=str.casefold),
            names.get(request.addressed_to_id, ""),
            statuses.get(request.status, request.status) if request.id else "",
            parent=self.parent_widget,
        )
        self.editors.append(dialog)
        dialog.save_requested.connect(lambda req, name, dlg=dialog: self.save(dlg, req, name))
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        dialog.write_letter_requested.connect(
            lambda dlg=dialog: dlg.request.id and self.write_letter_requested.emit(dlg.request.id)
        )
        return dialog

    def _forget(self, dialog: OptOutDialog) -> None:
        self.editors = [d for d in self.editors if d is not dialog]

    def change_status(self, optout_id: int) -> OptOutStatusDialog | None:
        """Ask for the request's next status, the day it happened and why."""
        if (existing := self.status_dialogs.get(optout_id)) is not None:
            return bring_forward(existing)
        try:
            request = get_optout(self.db, optout_id)
            steps = optout_statuses(self.db)
            kinds = dict(optout_kinds(self.db))
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot change the status", str(exc))
            return None
        labels = {code: label for code, label, _pos, _final in steps}
        kind = kinds.get(request.request_kind, request.request_kind)
        dialog = OptOutStatusDialog.open(
            f"{request.jurisdiction} — {kind}",
            labels.get(request.status, request.status),
            [(code, label) for code, label in labels.items() if code != request.status],
            self.today(),
            parent=self.parent_widget,
        )
        self.status_dialogs[optout_id] = dialog
        dialog.status_requested.connect(
            lambda status, on, why, dlg=dialog, req=request: self.move(dlg, req, status, on, why)
        )
        dialog.finished.connect(lambda _r, i=optout_id: self.status_dialogs.pop(i, None))
        return dialog

    # -- saving --------------------------------------------------------------------------------

    def _addressee(self, name: str) -> int | None:
        """The contact called ``name`` whatever its kind, else a new one (inside the save)."""
        if not name.strip():
            return None
        known = [c.id for c in list_contacts(self.db) if c.name == name.strip()]
        return known[0] if known else resolve_party(self.db, self.actor, name, ADDRESSEE_KIND)

    def save(self, dialog: OptOutDialog, request: OptOutRequest, addressed_to: str):
        """Create or update ``request``; on success the editor shows it stored, clean."""
        today = self.today()

        def store() -> OptOutRequest:
            with write_transaction(self.db):
                addressed = request.replace(addressed_to_id=self._addressee(addressed_to))
                if addressed.id is not None:
                    return update_optout(self.db, addressed, self.actor, today=today)
                # The matter begins with its resolution when it has one (not in the future:
                # the model reports that date on its own field).
                began = addressed.resolution_date
                on = began if began is not None and began <= today else today
                return create_optout(
                    self.db, addressed, self.actor, on=on, today=today, now=self.now()
                )

        saved = attempt_save(dialog, store, for_form=_for_form)
        if saved is None:
            return None
        try:
            statuses, names = self._labels()
            label = statuses.get(saved.status, saved.status)
            dialog.saved(saved, names.get(saved.addressed_to_id, ""), label)
        except DeskError as exc:
            message_boxes.show_error(dialog, "Saved, but it could not be shown again", str(exc))
        self.optout_saved.emit(saved.id)
        return saved

    def move(
        self,
        dialog: OptOutStatusDialog,
        request: OptOutRequest,
        status: str,
        on: date,
        reason: str,
    ) -> OptOutRequest | None:
        """Record the step on ``request`` as it was when the dialog opened.

        On success the dialog closes and any open editor of the request takes the new version.
        """
        optout_id = request.id

        saved = attempt_save(
            dialog,
            lambda: change_optout_status(
                self.db,
                optout_id,
                request.row_version,
                status,
                on,
                self.actor,
                reason=reason or None,
                today=self.today(),
                now=self.now(),
            ),
            failed="Status not changed",
        )
        if saved is None:
            return None
        dialog.accept()
        if (editor := self.editor_of(optout_id)) is not None:
            try:
                label = self._labels()[0].get(saved.status, saved.status)
            except DeskError:
                label = saved.status
            editor.status_changed(saved, label)
        self.optout_saved.emit(optout_id)
        return saved


def _for_form(error: FieldError) -> FieldError:
    """The model names the contact's id; the form shows the name typed."""
    if error.field == "addressed_to_id":
        return FieldError("addressed_to", error.message)
    return error
