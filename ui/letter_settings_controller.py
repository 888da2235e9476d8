"""Open the letter settings (templates, letterhead) and the batch run, and make their changes.

The dialogs never touch the database: this controller reads what they show through the model
functions, saves what they ask for and shows every refusal. A batch of letters runs on a
:class:`ui.batch_worker.BatchWorker` thread with its own connection to the database file, so
the window stays usable and Cancel is answered at the next letter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from models.errors import DeskError, ValidationError
from models.letters.batch import BatchResult, detainers_received_on
from models.letters.content import Letterhead
from models.letters.office import (
    OfficeSettings,
    letterhead,
    office_settings,
    save_office_settings,
)
from models.letters.templates import (
    letter_types,
    save_template,
    set_template_status,
    template_library,
    template_versions,
)
from models.letters.templating import TemplateError
from models.records import Staff
from models.staff import list_staff
from models.timeutil import format_date
from ui import message_boxes
from ui.batch_worker import BatchWorker
from ui.controller_base import Controller
from ui.dialogs.batch_dialog import BatchDialog, BatchSettings
from ui.dialogs.letterhead_dialog import LetterheadDialog
from ui.dialogs.templates_dialog import TemplateLibrary, TemplatesDialog
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH_KIND = "detainer"  # a day's batch is one letter per detainer received that day
STATUS_DONE = {"active": "is now the active version", "archived": "is archived"}


class LetterSettingsController(Controller):
    """Opens the template library, the letterhead and the batch run.

    Args:
        db: the GUI thread's database.
        actor: who is signed in.
        tz: the county's time zone.
        window: the main window; its ``db_path`` is the database file a batch opens again.
        now: the clock (tests fix it).

    Signals:
        documents_changed: emitted after a batch has written letters.
    """

    documents_changed = Signal()

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        window: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, window, now)
        self.window = window
        self.templates_dialog: TemplatesDialog | None = None
        self.letterhead_dialog: LetterheadDialog | None = None
        self.batch_dialog: BatchDialog | None = None
        self.worker: BatchWorker | None = None
        self._run: tuple[BatchDialog, str, date] | None = None  # the dialog, code, day of a run

    # -- templates -------------------------------------------------------------------------------

    def template_library(self) -> TemplateLibrary:
        """What the templates dialog shows, read from the database now."""
        types = letter_types(self.db)
        versions: dict[tuple[str, str], list] = {}
        for letter_type in types:
            for version in template_versions(self.db, letter_type.code):
                versions.setdefault((version.code, version.language), []).append(version)
        return TemplateLibrary(
            types=types,
            slots=template_library(self.db),
            versions=versions,
            staff_names={s.id: s.full_name for s in list_staff(self.db)},
            can_edit=self.can_edit(),
            letterhead=self._letterhead(),
        )

    def _letterhead(self) -> Letterhead | None:
        """The office's letterhead for previews; None while it is not set up."""
        try:
            return letterhead(self.db)
        except ValidationError:
            return None

    def open_templates(self) -> TemplatesDialog | None:
        """Open the template library (or bring it forward); None if it cannot be read."""
        if self.templates_dialog is not None:
            return bring_forward(self.templates_dialog)
        try:
            library = self.template_library()
        except DeskError as exc:
            self._failed(None, "Cannot open the letter templates", exc)
            return None
        dialog = TemplatesDialog.open(library, self.tz, parent=self.window)
        dialog.save_requested.connect(
            lambda code, lang, title, body, activate, d=dialog: self.save_template(
                d, code, lang, title, body, activate
            )
        )
        dialog.status_requested.connect(
            lambda tid, status, d=dialog: self.set_status(d, tid, status)
        )
        dialog.finished.connect(lambda _r: setattr(self, "templates_dialog", None))
        self.templates_dialog = dialog
        return dialog

    def _reload_templates(self, dialog: TemplatesDialog, slot, version_id: int | None) -> bool:
        try:
            dialog.load(self.template_library(), slot, version_id)
        except DeskError as exc:
            self._failed(dialog, "Changed, but the templates could not be shown again", exc)
            return False
        return True

    def save_template(
        self,
        dialog: TemplatesDialog,
        code: str,
        language: str,
        title: str,
        body: str,
        activate: bool,
    ):
        """Store the text as a new version of the slot (active, or a draft)."""
        try:
            saved = save_template(
                self.db, self.actor, code, language, title, body, activate=activate, now=self.now()
            )
        except TemplateError as exc:  # the line and the field, in the editor
            dialog.show_template_error(exc)
            return None
        except DeskError as exc:
            self._failed(dialog, "Template not saved", exc)
            return None
        if self._reload_templates(dialog, (code, language), saved.id):
            what = (
                "is active: letters made from now on use it" if activate else "is saved as a draft"
            )
            dialog.show_outcome(f"Version {saved.version} {what}.")
        return saved

    def set_status(self, dialog: TemplatesDialog, template_id: int, status: str):
        """Activate or archive one version."""
        try:
            changed = set_template_status(self.db, self.actor, template_id, status)
        except DeskError as exc:
            self._failed(dialog, "Template not changed", exc)
            return None
        if self._reload_templates(dialog, (changed.code, changed.language), changed.id):
            dialog.show_outcome(f"Version {changed.version} {STATUS_DONE.get(status, status)}.")
        return changed

    # -- letterhead ------------------------------------------------------------------------------

    def open_letterhead(self) -> LetterheadDialog | None:
        """Open the letterhead settings (or bring them forward); None if they cannot be read."""
        if self.letterhead_dialog is not None:
            return bring_forward(self.letterhead_dialog)
        try:
            settings = office_settings(self.db)
        except DeskError as exc:
            self._failed(None, "Cannot open the letterhead", exc)
            return None
        dialog = LetterheadDialog.open(settings, self.can_edit(), parent=self.window)
        dialog.save_requested.connect(lambda s, d=dialog: self.save_letterhead(d, s))
        dialog.finished.connect(lambda _r: setattr(self, "letterhead_dialog", None))
        self.letterhead_dialog = dialog
        return dialog

    def save_letterhead(self, dialog: LetterheadDialog, settings: OfficeSettings):
        saved = attempt_save(
            dialog,
            lambda: save_office_settings(self.db, self.actor, settings),
            failed="Letterhead not saved",
        )
        if saved is not None:
            dialog.saved(saved)
        return saved

    # -- batch -----------------------------------------------------------------------------------

    def batch_settings(self) -> BatchSettings:
        types = [t for t in letter_types(self.db) if BATCH_KIND in t.about_kinds]
        loaded = {(s.code, s.language) for s in template_library(self.db) if s.active_version}
        return BatchSettings(types=types, loaded=loaded, today=self.today())

    def count_received(self, day: date) -> int:
        return len(detainers_received_on(self.db, day))

    def run_batch(self) -> BatchDialog | None:
        """Open the batch run for a day's detainers (or bring it forward)."""
        if self.batch_dialog is not None:
            return bring_forward(self.batch_dialog)
        try:
            settings = self.batch_settings()
        except DeskError as exc:
            self._failed(None, "Cannot make letters for a day's detainers", exc)
            return None
        dialog = BatchDialog.open(settings, self.count_received, parent=self.window)
        dialog.run_requested.connect(
            lambda code, lang, day, d=dialog: self.start_batch(d, code, lang, day)
        )
        dialog.cancel_requested.connect(self.cancel_batch)
        dialog.finished.connect(lambda _r: setattr(self, "batch_dialog", None))
        self.batch_dialog = dialog
        return dialog

    def start_batch(
        self, dialog: BatchDialog, code: str, language: str, day: date
    ) -> BatchWorker | None:
        """Start making the letters on a worker thread; None if a run is already going."""
        if self.worker is not None:
            return None
        selection = f"Detainers received on {format_date(day)}"
        worker = BatchWorker(self.window.db_path, self.actor, code, language, day, selection)
        # Bound methods of objects living on the GUI thread: Qt queues the worker's signals to
        # them, so the dialog is only ever touched from the GUI thread.
        worker.progressed.connect(dialog.progressed)
        worker.succeeded.connect(self._batch_succeeded)
        worker.cancelled.connect(self._batch_cancelled)
        worker.failed.connect(self._batch_failed)
        worker.finished.connect(self._worker_done)
        self.worker, self._run = worker, (dialog, code, day)
        dialog.started(dialog.selected)
        worker.start()
        return worker

    def cancel_batch(self) -> None:
        if self.worker is not None:
            self.worker.request_cancel()

    def _batch_succeeded(self, result: BatchResult) -> None:
        dialog, code, day = self._run
        count = len(result.document_ids)
        letters = "1 letter" if count == 1 else f"{count} letters"
        text = f"{letters} written as drafts (batch {result.batch_id})."
        name = f"{code}-{day.isoformat()}-batch-{result.batch_id}.pdf"
        dialog.finished_ok(text, result.pdf, name)
        self.documents_changed.emit()
        message_boxes.show_info(dialog, "Letters made", text)

    def _batch_cancelled(self) -> None:
        self._run[0].finished_cancelled("Cancelled: no letters were written.")

    def _batch_failed(self, text: str) -> None:
        dialog = self._run[0]
        dialog.finished_failed(text)
        message_boxes.show_error(dialog, "No letters were written", text)

    def _worker_done(self) -> None:
        worker = self.worker
        if worker is None:
            return
        worker.wait()  # run() has returned; join the thread before letting it go
        self.worker = None
        worker.deleteLater()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop a run that is still going (closing the app) and wait for its thread to end.

        Returns:
            True when no worker thread is left running.
        """
        worker = self.worker
        if worker is None:
            return True
        worker.request_cancel()
        return worker.wait(timeout_ms)
