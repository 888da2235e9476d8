"""The generated letters in the main window: the Letters page, its menus, and who refreshes whom.

A letter is written about the record selected in whichever work area is showing (a case, a
detainer, a letter of the log, an opt-out request), or from a detainer's or an opt-out
request's editor. A letter made, approved, issued or discarded anywhere refreshes the Letters
page, and — since an issued letter is filed as outgoing correspondence — every place that lists
correspondence. The letter settings (templates, letterhead) and batch runs come from
:class:`ui.letter_settings_controller.LetterSettingsController`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from models.letters.about import About
from ui import message_boxes
from ui.letter_settings_controller import LetterSettingsController
from ui.letters_controller import LettersController
from ui.letters_panel import LettersPanel

NOTHING_SELECTED = (
    "Select what the letter is about first: a case in Cases, a detainer in Deadlines or "
    "Detainers, a letter in Correspondence or a request in Opt-outs — then choose "
    "Letters ▸ Write letter (Ctrl+L)."
)


class LetterDocuments(QObject):
    """Owns the Letters page, the letters controller and the letter settings of one window.

    Args:
        window: The main window (its panels say what is selected; its controllers open the
            records and refresh the lists).
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.controller = LettersController(window.db, window.actor, window.tz, window)
        self.settings = LetterSettingsController(window.db, window.actor, window.tz, window)
        self.panel = LettersPanel(window.db, window.tz)
        self.panel.open_requested.connect(self.controller.open_document)
        self.panel.write_requested.connect(self.controller.write_letter)
        self.controller.document_saved.connect(self._after_document)
        self.controller.open_letter_requested.connect(window.letters_area.letters.open_letter)
        self.settings.documents_changed.connect(lambda: self._after_document(None))
        window.detainer_controller.write_letter_requested.connect(
            lambda detainer_id: self.controller.write_letter(About("detainer", detainer_id))
        )
        window.letters_area.optouts_controller.write_letter_requested.connect(
            lambda optout_id: self.controller.write_letter(About("optout", optout_id))
        )

    def add_letters_menu(self, menu, action) -> None:
        """Fill the window's Letters menu; ``action(menu, text, keys, slot)`` adds one entry."""
        self.write_action = action(
            menu, "&Write letter…", QKeySequence("Ctrl+L"), self.write_about_selection
        )
        self.batch_action = action(
            menu, "&Batch letters…", QKeySequence("Ctrl+Shift+B"), self.settings.run_batch
        )
        menu.addSeparator()
        self.open_action = action(menu, "Open &letter", QKeySequence("Ctrl+O"), self.open_selected)

    def add_settings_items(self, menu, action) -> None:
        """Add the letter settings to the window's Settings menu."""
        action(menu, "Letter &templates…", QKeySequence("Ctrl+Alt+T"), self.settings.open_templates)
        action(menu, "&Letterhead…", QKeySequence("Ctrl+Alt+E"), self.settings.open_letterhead)

    def selected_about(self) -> About | None:
        """The record selected in the work area showing, as something a letter is about."""
        w = self.window
        page = w.stack.currentWidget()
        if page is w.cases:
            case_id = w.cases.selected_case_id()
            return About("case", case_id) if case_id is not None else None
        if page in (w.deadlines, w.detainers):
            detainer_id = page.selected_detainer_id()
            return About("detainer", detainer_id) if detainer_id is not None else None
        if page is w.letters_area.panel:
            letter_id = w.letters_area.panel.selected_letter_id()
            return About("correspondence", letter_id) if letter_id is not None else None
        if page is w.letters_area.optouts:
            optout_id = w.letters_area.optouts.selected_optout_id()
            return About("optout", optout_id) if optout_id is not None else None
        if page is self.panel:
            return self.panel.selected_about()
        return None

    def write_about_selection(self):
        """Letters ▸ Write letter: a letter about what is selected, or say what to select."""
        about = self.selected_about()
        if about is None:
            message_boxes.show_info(self.window, "Write letter", NOTHING_SELECTED)
            return None
        return self.controller.write_letter(about)

    def open_selected(self):
        """Letters ▸ Open letter: the letter selected on the Letters page."""
        document_id = self.panel.selected_document_id()
        if self.window.stack.currentWidget() is not self.panel or document_id is None:
            message_boxes.show_info(
                self.window, "Open letter", "Select a letter on the Letters page (Ctrl+6) first."
            )
            return None
        return self.controller.open_document(document_id)

    def _after_document(self, document_id: int | None) -> None:
        """A letter changed: the Letters page, and every list of correspondence (issued ones)."""
        w = self.window
        self.panel.refresh(select=document_id)
        w.letters_area.panel.refresh()
        w.letters_area.optouts.refresh()
        w.controller.refresh_letters()
        w.detainer_controller.refresh_letters()

    def refresh(self) -> None:
        self.panel.refresh()

    @property
    def editors(self) -> list:
        """Every open letter dialog and letter settings editor (asked before the window closes)."""
        extra = (self.settings.templates_dialog, self.settings.letterhead_dialog)
        return [*self.controller.editors, *(d for d in extra if d is not None)]

    def shutdown(self) -> None:
        """Stop a batch run still going (the window is closing)."""
        self.settings.shutdown()
