"""Write, open, approve, issue, correct and discard generated letters for the main window.

Glue between the letter dialogs and :mod:`models.letters.documents`: the dialogs never touch
the database; this controller gives them what they show (the letter types, the usual
recipients, a preview maker, the stored PDF), runs the model's verbs through
:func:`ui.saving.attempt_save` so every refusal is shown with nothing half-written, and says
through ``document_saved`` when a letter changed, so the Letters page and the correspondence
log (where an issued letter is filed) show it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from models.cases import get_case
from models.correspondence import get_letter
from models.detainers import get_detainer
from models.errors import DeskError
from models.letters.about import About
from models.letters.compose import LetterRequest
from models.letters.documents import (
    APPROVERS,
    approve_document,
    create_document,
    discard_draft,
    document_pdf,
    get_document,
    issue_document,
    preview_letter,
)
from models.letters.language import LANGUAGES
from models.letters.merge_values import default_recipients
from models.letters.templates import letter_type, letter_types
from models.optouts import get_optout
from models.records import Staff
from models.staff import list_staff
from ui import message_boxes
from ui.controller_base import Controller
from ui.dialogs.compose_dialog import ComposeDialog
from ui.dialogs.compose_form import ComposeSetup
from ui.dialogs.document_dialog import DocumentDialog, DocumentFacts
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database


class LettersController(Controller):
    """Keeps the open compose and letter dialogs and carries out what they ask.

    Args:
        db: The database.
        actor: Who is signed in (only attorneys, supervisors and administrators approve).
        tz: The county's time zone (the letters' dates).
        parent_widget: Where dialogs and messages are shown.
        now: The current instant (tests fix it); the real clock when None.
    """

    #: A letter was created, approved, issued or discarded (its document id).
    document_saved = Signal(int)
    #: The clerk asked to open the correspondence entry an issued letter was filed as.
    open_letter_requested = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        parent_widget: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, parent_widget, now)
        self.composers: list[ComposeDialog] = []
        self.viewers: list[DocumentDialog] = []

    @property
    def editors(self) -> list:
        """Every open compose and letter dialog (the window asks them before it closes)."""
        return [*self.composers, *self.viewers]

    def can_approve(self) -> bool:
        return self.actor.role in APPROVERS

    # -- what the dialogs are told -------------------------------------------------------------

    def describe(self, about: About) -> str:
        """How the clerk knows the record: ``Detainer 12 — María Núñez, booking 2010-004512``."""
        try:
            if about.kind == "case":
                return f"{about.label} — {self._case_text(about.record_id)}"
            if about.kind == "detainer":
                detainer = get_detainer(self.db, about.record_id)
                return f"{about.label} — {self._case_text(detainer.booking_id)}"
            if about.kind == "correspondence":
                return f"{about.label} — “{get_letter(self.db, about.record_id).subject}”"
            if about.kind == "optout":
                return f"{about.label} — {get_optout(self.db, about.record_id).jurisdiction}"
        except DeskError:
            pass  # the label alone still names it
        return about.label

    def _case_text(self, booking_id: int) -> str:
        case = get_case(self.db, booking_id)
        return f"{case.person.display_name}, booking {case.booking.booking_number}"

    def _person_language(self, about: About) -> str | None:
        """The language of the person a letter about a case or detainer goes to, if printable."""
        try:
            if about.kind == "detainer":
                booking_id = get_detainer(self.db, about.record_id).booking_id
            elif about.kind == "case":
                booking_id = about.record_id
            else:
                return None
            wanted = (get_case(self.db, booking_id).person.preferred_language or "").casefold()
        except DeskError:
            return None
        return next(
            (c for c, lang in LANGUAGES.items() if wanted in (c, lang.name.casefold())), None
        )

    def preview(self, request: LetterRequest) -> bytes:
        return preview_letter(self.db, request, today=self.today())

    def recipients(self, about: About, code: str):
        return default_recipients(self.db, letter_type(self.db, code).recipient, about)

    def facts(self, document_id: int) -> tuple[DocumentFacts, bytes]:
        """A letter, the names its numbers stand for, and its stored PDF (checked).

        Raises:
            DeskError: the letter or its PDF cannot be read.
        """
        doc = get_document(self.db, document_id)
        names = {s.id: s.full_name for s in list_staff(self.db)}
        references = {
            other: get_document(self.db, other).our_reference
            for other in (doc.supersedes_id, doc.superseded_by_id)
            if other is not None
        }
        facts = DocumentFacts(
            document=doc,
            type_label=letter_type(self.db, doc.template_code).label,
            about_label=self.describe(doc.about),
            names=names,
            references=references,
        )
        return facts, document_pdf(self.db, document_id)

    # -- writing -------------------------------------------------------------------------------

    def write_letter(self, about: About) -> ComposeDialog | None:
        """A compose dialog for a new letter about ``about``."""
        return self._compose(about)

    def write_correction(self, document_id: int) -> ComposeDialog | None:
        """A compose dialog for a letter that corrects (supersedes) an issued one."""
        try:
            old = get_document(self.db, document_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot write a correction", str(exc))
            return None
        start = LetterRequest(
            template_code=old.template_code,
            language=old.language,
            about=old.about,
            recipients=old.recipients,
            their_reference=old.their_reference,
            enclosures=old.enclosures,
        )
        return self._compose(old.about, start=start, supersedes=(old.id, old.our_reference))

    def _compose(self, about: About, start=None, supersedes=None) -> ComposeDialog | None:
        parent = self.parent_widget
        try:
            types = tuple(t for t in letter_types(self.db) if about.kind in t.about_kinds)
        except DeskError as exc:
            message_boxes.show_error(parent, "Cannot write a letter", str(exc))
            return None
        if not types:
            message_boxes.show_info(
                parent, "Write letter", f"No kind of letter is written about a {about.label}."
            )
            return None
        setup = ComposeSetup(
            about=about,
            about_label=self.describe(about),
            letter_types=types,
            start=start,
            language=self._person_language(about),
            supersedes=supersedes,
        )
        dialog = ComposeDialog.open(
            setup, self.preview, lambda code: self.recipients(about, code), parent=parent
        )
        self.composers.append(dialog)
        dialog.save_requested.connect(lambda request, dlg=dialog: self.save_draft(dlg, request))
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        return dialog

    def save_draft(self, dialog: ComposeDialog, request: LetterRequest):
        """Store the draft; on success the compose dialog closes and the letter opens."""
        supersedes = dialog.setup.supersedes
        saved = attempt_save(
            dialog,
            lambda: create_document(
                self.db,
                self.actor,
                request,
                now=self.now(),
                supersedes_id=supersedes[0] if supersedes else None,
            ),
            failed="Draft not saved",
        )
        if saved is None:
            return None
        dialog.accept()
        self.document_saved.emit(saved.id)
        if supersedes is not None:
            self.document_saved.emit(supersedes[0])  # it now shows as superseded
        self.open_document(saved.id)
        return saved

    # -- a stored letter -----------------------------------------------------------------------

    def viewer_of(self, document_id: int) -> DocumentDialog | None:
        return next((d for d in self.viewers if d.document.id == document_id), None)

    def open_document(self, document_id: int) -> DocumentDialog | None:
        """The letter's dialog, with its stored PDF (an open one is brought forward)."""
        if (existing := self.viewer_of(document_id)) is not None:
            return bring_forward(existing)
        try:
            facts, pdf = self.facts(document_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the letter", str(exc))
            return None
        dialog = DocumentDialog.open(
            facts, pdf, self.tz, can_approve=self.can_approve(), parent=self.parent_widget
        )
        self.viewers.append(dialog)
        dialog.approve_requested.connect(lambda dlg=dialog: self.approve(dlg))
        dialog.issue_requested.connect(lambda dlg=dialog: self.issue(dlg))
        dialog.discard_requested.connect(lambda dlg=dialog: self.discard(dlg))
        dialog.correction_requested.connect(
            lambda dlg=dialog: self.write_correction(dlg.document.id)
        )
        dialog.open_filed_requested.connect(self.open_letter_requested)
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        return dialog

    def approve(self, dialog: DocumentDialog):
        doc = dialog.document
        return self._act(
            dialog,
            lambda: approve_document(self.db, self.actor, doc.id, doc.row_version, now=self.now()),
            "Not approved",
        )

    def issue(self, dialog: DocumentDialog):
        doc = dialog.document
        return self._act(
            dialog,
            lambda: issue_document(self.db, self.actor, doc.id, doc.row_version, now=self.now()),
            "Not issued",
        )

    def discard(self, dialog: DocumentDialog) -> bool:
        doc = dialog.document
        done = attempt_save(
            dialog,
            lambda: discard_draft(self.db, self.actor, doc.id, doc.row_version) or True,
            failed="Not discarded",
        )
        if not done:
            return False
        dialog.accept()
        self.document_saved.emit(doc.id)
        return True

    def _act(self, dialog: DocumentDialog, action, failed: str):
        saved = attempt_save(dialog, action, failed=failed)
        if saved is None:
            return None
        try:
            dialog.load(*self.facts(saved.id))
        except DeskError as exc:
            message_boxes.show_error(dialog, "Done, but it could not be shown again", str(exc))
        self.document_saved.emit(saved.id)
        return saved

    def _forget(self, dialog) -> None:
        self.composers = [d for d in self.composers if d is not dialog]
        self.viewers = [d for d in self.viewers if d is not dialog]
