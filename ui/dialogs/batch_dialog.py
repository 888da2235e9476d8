"""One letter for every detainer received on a day: choose the letter, run it, save the PDF.

The dialog holds no database handle: the opener gives it the letter types and a function that
counts the detainers a day selects, and runs the batch when asked (``run_requested``) on a
worker thread, reporting back through :meth:`BatchDialog.progressed` and the ``finished_*``
methods. While a run goes on a progress dialog with Cancel shows how far it has got; the window
stays usable. The combined PDF of a finished run can be saved from here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError
from models.letters.language import LANGUAGES
from models.letters.templates import LetterType
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui import printing
from ui.dialogs.base import ModelessDialog
from ui.forms import ERROR_STYLE, INVALID_STYLE, buddy_label

NOT_LOADED = "not yet loaded"
#: The preference under which the folder letters were last saved in is kept (as the letters'
#: own Save PDF as… keeps it).
SAVE_FOLDER_SETTING = "letters/save_folder"


@dataclass(frozen=True)
class BatchSettings:
    """What can be run: the letter types about a detainer, which slots have an active text."""

    types: Sequence[LetterType]
    loaded: Collection[tuple[str, str]]
    today: date


def describe_count(count: int, day: date) -> str:
    if count == 0:
        return f"No detainer was received on {format_date(day)}."
    detainers = "1 detainer was" if count == 1 else f"{count} detainers were"
    return f"{detainers} received on {format_date(day)}: one letter each."


class BatchDialog(ModelessDialog):
    """Choose a letter, a language and a day; run it for that day's detainers."""

    #: letter type code, language code, the day the detainers were received.
    run_requested = Signal(str, str, object)
    cancel_requested = Signal()

    def __init__(
        self,
        settings: BatchSettings,
        count: Callable[[date], int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Letters for a day's detainers")
        self.resize(620, 260)
        self.settings, self._count = settings, count
        self.pdf: bytes | None = None
        self.pdf_name = self.done_text = ""
        self.progress: QProgressDialog | None = None
        self.selected = 0

        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Letter")
        for letter_type in settings.types:
            self.type_combo.addItem(letter_type.label, letter_type.code)
        self.type_combo.currentIndexChanged.connect(self._fill_languages)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Language")
        self.language_combo.currentIndexChanged.connect(self._update)
        self.day_edit = QLineEdit(format_date(settings.today))
        self.day_edit.setPlaceholderText(DATE_HINT)
        self.day_edit.setAccessibleName("Detainers received on")
        self.day_edit.textChanged.connect(self._recount)
        self.day_error = QLabel()
        self.day_error.setStyleSheet(ERROR_STYLE)
        self.day_error.setAccessibleName("Date error")
        self.day_error.hide()
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setAccessibleName("Detainers selected")
        form = QFormLayout()
        form.addRow(buddy_label("&Letter:", self.type_combo), self.type_combo)
        form.addRow(buddy_label("L&anguage:", self.language_combo), self.language_combo)
        day_box = QWidget()
        day_column = QVBoxLayout(day_box)
        day_column.setContentsMargins(0, 0, 0, 0)
        day_column.addWidget(self.day_edit)
        day_column.addWidget(self.day_error)
        form.addRow(buddy_label("Detainers &received on:", self.day_edit), day_box)
        form.addRow("", self.count_label)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last run did")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.run_button = self.buttons.addButton(
            "&Make letters", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = self.buttons.addButton(
            "&Save PDF as…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button = self.buttons.addButton(
            "&Print…", QDialogButtonBox.ButtonRole.ActionRole
        )
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.run_button.clicked.connect(self.request_run)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_pdf)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(
            "The letters are stored as drafts, one per detainer, and printed together as one PDF. "
            "An attorney approves each before it is issued."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._fill_languages()
        self._recount()

    # -- choosing --------------------------------------------------------------------------------

    def letter_type(self) -> LetterType | None:
        code = self.type_combo.currentData()
        return next((t for t in self.settings.types if t.code == code), None)

    def _fill_languages(self) -> None:
        letter_type = self.letter_type()
        current = self.language_combo.currentData()
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        for code in letter_type.languages if letter_type else ():
            name = LANGUAGES[code].name if code in LANGUAGES else code
            if (letter_type.code, code) not in self.settings.loaded:
                name = f"{name} — {NOT_LOADED}"
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(current), 0))
        self.language_combo.blockSignals(False)
        self._update()

    def day(self) -> date | None:
        """The day typed, or None (with the reason shown) when it is not a date."""
        try:
            day = parse_date(self.day_edit.text())
            problem = None if day else f"Type the day the detainers were received as {DATE_HINT}."
        except DateParseError as exc:
            day, problem = None, f"{exc}."
        self.day_error.setText(problem or "")
        self.day_error.setVisible(bool(problem))
        self.day_edit.setStyleSheet(INVALID_STYLE if problem else "")
        return day

    def _recount(self) -> None:
        day = self.day()
        self.selected = 0
        if day is None:
            self.count_label.clear()
        else:
            try:
                self.selected = self._count(day)
                self.count_label.setText(describe_count(self.selected, day))
            except DeskError as exc:
                self.count_label.setText(str(exc))
        self._update()

    def _update(self) -> None:
        running = self.progress is not None
        ready = self.letter_type() is not None and self.language_combo.currentData() is not None
        self.run_button.setEnabled(not running and ready and self.selected > 0)
        self.save_button.setEnabled(not running and self.pdf is not None)
        self.print_button.setEnabled(not running and self.pdf is not None)
        for widget in (self.type_combo, self.language_combo, self.day_edit):
            widget.setEnabled(not running)

    def request_run(self) -> None:
        day = self.day()
        if day is None or self.progress is not None or not self.run_button.isEnabled():
            return
        self.run_requested.emit(
            self.type_combo.currentData(), self.language_combo.currentData(), day
        )

    # -- running ---------------------------------------------------------------------------------

    def started(self, total: int) -> None:
        """A run began: show its progress, with Cancel."""
        self.pdf = None
        self.status.setText("Making the letters…")
        self.progress = QProgressDialog("Making the letters…", "Cancel", 0, max(total, 1), self)
        self.progress.setWindowTitle("Making letters")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._cancel)
        self.progress.setValue(0)
        self.progress.show()
        self._update()

    def _cancel(self) -> None:
        self.status.setText("Cancelling… no letter is written.")
        self.cancel_requested.emit()

    def progressed(self, done: int, total: int) -> None:
        progress = self.progress
        if progress is None or progress.wasCanceled():
            return
        progress.setLabelText(f"Made {done} of {total} letters…")
        progress.setMaximum(max(total, 1))
        # A window-modal progress dialog handles pending events inside setValue, so the run may
        # end (and this dialog be let go) in there: nothing may follow it.
        progress.setValue(done)

    def _stopped(self, text: str) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self._cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.status.setText(text)
        self._update()

    def finished_ok(self, text: str, pdf: bytes, pdf_name: str) -> None:
        """The letters are stored: say so, and offer their combined PDF."""
        self.pdf, self.pdf_name, self.done_text = pdf, pdf_name, text
        self._stopped(text)
        self.save_button.setFocus()

    def finished_cancelled(self, text: str) -> None:
        self._stopped(text)

    def finished_failed(self, text: str) -> None:
        self._stopped(f"No letters were written: {text}")

    def save_pdf(self) -> Path | None:
        """Save the last run's combined PDF where the clerk says."""
        if self.pdf is None:
            return None
        saved = printing.save_pdf_as(self, self.pdf, self.pdf_name, SAVE_FOLDER_SETTING)
        if saved is not None:
            self.status.setText(f"{self.done_text}\nSaved as {saved}.")
        return saved

    def print_pdf(self) -> bool:
        """Print the last run's letters through the system print dialog."""
        return self.pdf is not None and printing.print_pdf(self, self.pdf, self.pdf_name)

    def reject(self) -> None:
        """Close; during a run, ask it to stop instead (the letters are then not written)."""
        if self.progress is not None:
            self._cancel()
            return
        super().reject()
