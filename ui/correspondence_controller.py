"""Open and save letters for the main window: glue between the letter editors and the models.

Editors never touch the database; this controller gives them the lists they offer, describes
the records a letter links to, works out due dates, and saves what an editor hands back (the
parties found or added, the letter, its new and removed files) in one transaction, turning every
failure into a message the clerk can act on, with nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from models.attachments import FileToAttach, save_attachment_copy
from models.cases import get_case
from models.contacts import contact_kinds, list_contacts
from models.correspondence import (
    create_letter,
    get_letter,
    reply_due_for,
    resolve_party,
    update_letter,
)
from models.correspondence_vocab import correspondence_methods, due_rule_choices
from models.detainers import get_detainer
from models.errors import DeskError, FieldError, ValidationError
from models.optouts import list_optouts, optout_kinds
from models.records import Direction, Letter, Staff
from models.store import write_transaction
from models.timeutil import format_date, format_local
from ui import message_boxes
from ui.controller_base import Controller
from ui.dialogs.letter_dialog import LetterDialog
from ui.dialogs.letter_form import LetterChoices
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database


class CorrespondenceController(Controller):
    """Keeps the open letter editors and saves what they hand back.

    Args:
        db: The database.
        actor: Who is logging letters.
        tz: The county's time zone (its today decides what is overdue and what is in the future).
        parent_widget: Where messages and editors are shown.
        now: The current instant (tests fix it); the real clock when None.
    """

    #: A letter was saved (its id).
    letter_saved = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        parent_widget: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, parent_widget, now)
        self.editors: list[LetterDialog] = []

    # -- what an editor is given -----------------------------------------------------------------

    def choices(self) -> LetterChoices:
        """The lists an editor offers, read now (a party added by a save shows next time)."""
        kinds = dict(optout_kinds(self.db))
        return LetterChoices(
            methods=correspondence_methods(self.db),
            due_rules=due_rule_choices(self.db),
            contact_kinds=contact_kinds(self.db),
            contacts=list_contacts(self.db),
            optouts=[
                (o.id, f"{o.jurisdiction} — {kinds.get(o.request_kind, o.request_kind)}")
                for o in list_optouts(self.db)
            ],
        )

    def preview_due(self, rule: str, day: date, extended: bool) -> date:
        return reply_due_for(self.db, rule, day, self.tz, extended)

    def describe(self, key: str, number: int) -> str:
        """What a linked number refers to, for the line under its field.

        Raises:
            DeskError: there is no such record (its message says so).
        """
        if key == "booking_id":
            case = get_case(self.db, number)
            return f"{case.person.display_name}, booking {case.booking.booking_number}"
        if key == "detainer_id":
            detainer = get_detainer(self.db, number)
            case = get_case(self.db, detainer.booking_id)
            received = format_local(detainer.received_at, self.tz)
            return f"Received {received}, for {case.person.display_name} (case {case.booking.id})"
        letter = get_letter(self.db, number)
        verb = "received" if letter.direction is Direction.IN else "sent"
        return f"“{letter.subject}”, {verb} {format_date(letter.day)}"

    def save_copy(self, attachment_id: int, folder: Path) -> Path:
        return save_attachment_copy(self.db, attachment_id, folder)

    # -- opening editors -------------------------------------------------------------------------

    def editor_of(self, letter_id: int) -> LetterDialog | None:
        return next((d for d in self.editors if d.letter.id == letter_id), None)

    def new_letter(
        self,
        booking_id: int | None = None,
        detainer_id: int | None = None,
        optout_id: int | None = None,
        in_reply_to: int | None = None,
    ) -> LetterDialog | None:
        """An editor for a new letter (received today by mail), or a reply to ``in_reply_to``.

        A reply goes the other way between the same parties, about the same records, dated
        today; its subject starts with "Re:".
        """
        today = self.today()
        letter = Letter(
            id=None,
            direction=Direction.IN,
            method="mail",
            subject="",
            received_date=today,
            booking_id=booking_id,
            detainer_id=detainer_id,
            optout_id=optout_id,
        )
        if in_reply_to is not None:
            try:
                original = get_letter(self.db, in_reply_to)
            except DeskError as exc:
                message_boxes.show_error(self.parent_widget, "Cannot reply", str(exc))
                return None
            letter = reply_to(original, today)
        return self._show(letter)

    def open_letter(self, letter_id: int) -> LetterDialog | None:
        if (existing := self.editor_of(letter_id)) is not None:
            return bring_forward(existing)
        try:
            letter = get_letter(self.db, letter_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the letter", str(exc))
            return None
        return self._show(letter)

    def _show(self, letter: Letter) -> LetterDialog | None:
        try:
            choices = self.choices()
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the letter", str(exc))
            return None
        dialog = LetterDialog.open(
            letter,
            choices,
            self.tz,
            self.preview_due,
            self.describe,
            self.save_copy,
            parent=self.parent_widget,
        )
        self.editors.append(dialog)
        dialog.save_requested.connect(
            lambda lt, names, files, removed, dlg=dialog: self.save(dlg, lt, names, files, removed)
        )
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        return dialog

    def _forget(self, dialog: LetterDialog) -> None:
        self.editors = [d for d in self.editors if d is not dialog]

    # -- saving ------------------------------------------------------------------------------------

    def save(
        self,
        dialog: LetterDialog,
        letter: Letter,
        names: Mapping[str, str | None],
        files: Sequence[FileToAttach] = (),
        removed: Sequence[int] = (),
    ) -> Letter | None:
        """Find or add the parties, then save the letter and its files, all in one transaction."""
        today = self.today()

        def store() -> Letter:
            with write_transaction(self.db):
                known = letter.replace(
                    from_contact_id=self._party(names, "from"),
                    to_contact_id=self._party(names, "to"),
                )
                if known.id is None:
                    return create_letter(
                        self.db, known, self.actor, self.tz, files=files, today=today
                    )
                return update_letter(
                    self.db,
                    known,
                    self.actor,
                    self.tz,
                    add_files=files,
                    remove_attachments=removed,
                    today=today,
                )

        saved = attempt_save(dialog, store)
        if saved is None:
            return None
        try:
            dialog.saved(saved, self.choices())
        except DeskError as exc:
            message_boxes.show_error(dialog, "Saved, but it could not be shown again", str(exc))
        self.letter_saved.emit(saved.id)
        return saved

    def _party(self, names: Mapping[str, str | None], side: str) -> int | None:
        name, kind = names.get(f"{side}_name"), names.get(f"{side}_kind")
        try:
            return resolve_party(self.db, self.actor, name, kind)
        except ValidationError as exc:
            field = f"{side}_kind"
            raise ValidationError([FieldError(field, e.message) for e in exc.errors]) from None


def reply_to(original: Letter, today: date) -> Letter:
    """A new letter answering ``original``: the other way, between the same parties, dated today."""
    outgoing = original.direction is Direction.IN
    subject = original.subject
    if not subject.casefold().startswith("re:"):
        subject = f"Re: {subject}"
    return Letter(
        id=None,
        direction=Direction.OUT if outgoing else Direction.IN,
        method=original.method,
        subject=subject,
        sent_date=today if outgoing else None,
        received_date=None if outgoing else today,
        from_contact_id=original.to_contact_id,
        to_contact_id=original.from_contact_id,
        booking_id=original.booking_id,
        detainer_id=original.detainer_id,
        optout_id=original.optout_id,
        in_reply_to_id=original.id,
    )
