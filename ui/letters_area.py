"""The Correspondence and Opt-outs work areas, built and wired to each other and to the editors.

Letters are opened from everywhere — the log, a thread, an opt-out's timeline, a case's or a
detainer's Correspondence tab — and a save anywhere refreshes every place that lists letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from models.contacts import list_contacts
from models.correspondence import thread_of
from models.correspondence_list import awaiting_counts
from models.correspondence_vocab import correspondence_methods
from ui.correspondence_controller import CorrespondenceController
from ui.correspondence_panel import CorrespondencePanel
from ui.correspondence_table_model import correspondence_model_for
from ui.optouts_controller import OptOutsController
from ui.optouts_panel import OptOutsPanel

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ui.case_controller import CaseController
    from ui.detainer_controller import DetainerController


class LettersArea(QObject):
    """Owns the letter and opt-out panels and controllers of one main window."""

    def __init__(
        self,
        db: Database,
        actor,
        tz,
        window,
        cases: CaseController,
        detainers: DetainerController,
    ):
        super().__init__(window)
        self.letters = CorrespondenceController(db, actor, tz, window)
        self.panel = CorrespondencePanel(
            correspondence_model_for(db, self.letters.today, parent=window),
            correspondence_methods(db),
            lambda: list_contacts(db),
            lambda day: awaiting_counts(db, day),
            lambda letter_id: thread_of(db, letter_id),
        )
        self.optouts_controller = OptOutsController(db, actor, tz, window)
        self.optouts = OptOutsPanel(db, tz)
        self.cases, self.detainers = cases, detainers
        self._connect()

    def _connect(self) -> None:
        letters, panel, optouts = self.letters, self.panel, self.optouts
        panel.open_requested.connect(letters.open_letter)
        panel.new_requested.connect(lambda: letters.new_letter())
        panel.reply_requested.connect(lambda letter_id: letters.new_letter(in_reply_to=letter_id))
        optouts.new_requested.connect(self.optouts_controller.new_optout)
        optouts.edit_requested.connect(self.optouts_controller.open_optout)
        optouts.status_change_requested.connect(self.optouts_controller.change_status)
        optouts.new_letter_requested.connect(lambda i: letters.new_letter(optout_id=i))
        optouts.open_letter_requested.connect(letters.open_letter)
        self.optouts_controller.optout_saved.connect(lambda i: optouts.refresh(select=i))
        self.cases.new_letter_requested.connect(lambda b: letters.new_letter(booking_id=b))
        self.cases.open_letter_requested.connect(letters.open_letter)
        self.detainers.new_letter_requested.connect(
            lambda b, d: letters.new_letter(booking_id=b, detainer_id=d)
        )
        self.detainers.open_letter_requested.connect(letters.open_letter)
        letters.letter_saved.connect(self._after_letter_save)

    def _after_letter_save(self, letter_id: int) -> None:
        self.panel.refresh(select=letter_id)
        self.optouts.refresh()
        self.cases.refresh_letters()
        self.detainers.refresh_letters()

    def refresh(self) -> None:
        """Read both areas again (F5)."""
        self.panel.refresh()
        self.optouts.refresh()

    @property
    def editors(self) -> list:
        """Every open letter and opt-out editor (the window asks them before it closes)."""
        return [*self.letters.editors, *self.optouts_controller.editors]
