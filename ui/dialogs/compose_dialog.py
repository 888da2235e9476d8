"""Write a letter about a record: pick its type and language, check the addressee, see the PDF.

The dialog holds no database handle. Its opener gives it the letter types written about the
record, a ``recipients`` callable (the usual addressee and copies for a type) and a ``preview``
callable that makes the draft PDF for the form as it reads; the preview follows the typing
after a short pause. Whatever stops the letter — a field the record lacks, a translation not
loaded, no letterhead — shows in the preview's place, and the draft cannot be saved until it
is fixed. Save draft hands a :class:`LetterRequest` back through ``save_requested``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMenuBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError, FieldError
from models.letters.compose import LetterRequest
from models.letters.content import Recipient
from models.letters.templates import LetterType
from ui import printing
from ui.dialogs.base import EditorDialog
from ui.dialogs.compose_form import (
    ADDRESS_SEPARATOR,
    FIELD_KEYS,
    SAVE_FOLDER_SETTING,
    ComposeSetup,
    Preview,
    Recipients,
    compose_specs,
    form_to_recipients,
    language_name,
    lines,
    recipients_to_form,
)
from ui.forms import ERROR_STYLE, ColumnSpec, FormPanel, RowTable, scrolled
from ui.pdf_preview import PdfPreview

PREVIEW_DELAY_MS = 400
NOTE_STYLE = "color: #555;"


class ComposeDialog(EditorDialog):
    """Compose one letter; emits ``save_requested(LetterRequest)``, the opener saves the draft."""

    record_name = "This letter"

    save_requested = Signal(object)  # LetterRequest

    def __init__(
        self,
        setup: ComposeSetup,
        preview: Preview,
        recipients: Recipients,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1240, 860)
        self.setup, self._preview, self._recipients = setup, preview, recipients
        self.types = {t.code: t for t in setup.letter_types}
        self.pdf: bytes | None = None
        self._defaults: tuple = ()
        self._recipient_kind: str | None = None
        self.form = FormPanel(compose_specs(setup.letter_types))
        self.form.widget("addressee_address").setFixedHeight(84)
        for key in ("letter_type", "language"):  # long type names are read whole
            self.form.widget(key).setSizePolicy(
                QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
            )
        self.type_note = self._note("letter_type")
        self.copies = RowTable(
            [
                ColumnSpec("name", "Name", width=180),
                ColumnSpec("address", f"Address (lines separated by {ADDRESS_SEPARATOR})"),
            ],
            "copy",
        )
        self.copies.table.setMinimumHeight(110)
        for button in (self.copies.add_button, self.copies.remove_button):
            button.setAutoDefault(False)  # Enter in a field never adds or removes a copy
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.correction_note = QLabel()
        self.correction_note.setWordWrap(True)
        self.correction_note.setAccessibleName("Correction of an issued letter")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        self.preview = PdfPreview("Draft letter preview")
        self.preview_status = QLabel()
        self.preview_status.setAccessibleName("Preview status")
        self.preview_status.setWordWrap(True)
        self.preview_status.setStyleSheet(NOTE_STYLE)
        self._lay_out()
        self._timer = QTimer(self)  # owned by the dialog: it dies with it
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._start(setup)
        self.form.changed.connect(self._changed)
        self.copies.changed.connect(self._changed)
        self.form.widget("letter_type").currentIndexChanged.connect(lambda _i: self._type_chosen())
        self.form.widget("letter_type").setFocus(Qt.FocusReason.OtherFocusReason)

    def _note(self, key: str) -> QLabel:
        note = QLabel()
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        note.setAccessibleName(f"{self.form.label(key)}: what it is")
        self.form.widget(key).parentWidget().layout().addWidget(note)
        return note

    def _lay_out(self) -> None:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        box = QGroupBox("Copies (cc)")
        QVBoxLayout(box).addWidget(self.copies)
        column.addWidget(box)
        hint = QLabel(
            "The addressee and copies are filled in from the record; change them here for this "
            "letter only. The letter is a draft, with a DRAFT watermark, until an attorney "
            "approves it."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        column.addWidget(hint)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview, 1)
        right_column.addWidget(self.preview_status)
        splitter = QSplitter()
        splitter.addWidget(scrolled(side))
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 770])
        self.save_button = QPushButton("&Save draft")
        self.print_button = QPushButton("&Print…")
        self.save_as_button = QPushButton("Save PDF &as…")
        self.buttons = self.close_buttons(self.save_button, self.print_button, self.save_as_button)
        self.save_button.clicked.connect(self.request_save)
        self.print_button.clicked.connect(self.print_preview)
        self.save_as_button.clicked.connect(self.save_preview_as)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.correction_note)
        layout.addWidget(self.error_summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        bar = QMenuBar(self)
        menu = bar.addMenu("&Letter")
        self.save_action = self.menu_action(menu, "&Save draft", "Ctrl+S", self.request_save)
        self.menu_action(menu, "&Print…", "Ctrl+P", self.print_preview)
        self.menu_action(menu, "Save PDF &as…", "Ctrl+Shift+S", self.save_preview_as)
        menu.addSeparator()
        self.menu_action(menu, "&Close", "Ctrl+W", self.close)
        layout.setMenuBar(bar)

    # -- starting ------------------------------------------------------------------------------

    def _start(self, setup: ComposeSetup) -> None:
        start = setup.start
        self.correction_note.setVisible(setup.supersedes is not None)
        if setup.supersedes is not None:
            self.correction_note.setText(
                f"A correction of {setup.supersedes[1]}, which is issued and locked: once "
                "saved, this letter supersedes it, and it is issued in its place."
            )
        if start is not None and start.template_code in self.types:
            self._select("letter_type", start.template_code)
        self._type_chosen(fill=start is None or start.recipients is None)
        if start is not None:
            self._select("language", start.language)
            if start.recipients is not None:
                self.set_recipients(start.recipients)
            self.form.widget("their_reference").setText(start.their_reference)
            self.form.widget("enclosures").setPlainText("\n".join(start.enclosures))
        self._loaded = self._snapshot()
        self._update_title()
        if not self.types:
            self.preview.show_message("No kind of letter is written about this record.", error=True)
            self._set_ready(False)
        else:
            self.schedule_preview()

    def _select(self, key: str, code) -> None:
        combo = self.form.widget(key)
        index = combo.findData(code)
        if index >= 0:
            combo.setCurrentIndex(index)

    def letter_type(self) -> LetterType | None:
        return self.types.get(self.form.value("letter_type"))

    def _type_chosen(self, fill: bool = True) -> None:
        """Offer the type's languages, and its usual recipients.

        The recipients typed are kept when the new type goes to the same kind of addressee (the
        person, ICE …); a type that goes to someone else brings its own.
        """
        kind = self.letter_type()
        combo = self.form.widget("language")
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code in kind.languages if kind else ():
            combo.addItem(language_name(code), code)
        # The language chosen if the type has it, else the person's own, else the first.
        found = [combo.findData(c) for c in (current, self.setup.language) if c]
        combo.setCurrentIndex(next((i for i in found if i >= 0), 0))
        combo.blockSignals(False)
        self.type_note.setText(kind.description if kind else "")
        same_addressee = kind is not None and kind.recipient == self._recipient_kind
        if kind is not None:
            self._recipient_kind = kind.recipient
        if kind is not None and fill and (not same_addressee or self._recipients_untouched()):
            try:
                defaults = tuple(self._recipients(kind.code))
            except DeskError as exc:
                defaults = ()
                self.preview_status.setText(f"The usual addressee could not be read: {exc}")
            self.set_recipients(defaults)
            self._defaults = self._recipient_fields()
        self._changed()

    def _recipients_untouched(self) -> bool:
        fields = self._recipient_fields()
        return fields == self._defaults or not any(fields)

    def _recipient_fields(self) -> tuple:
        rows = tuple((r["name"], r["address"]) for r in self.copies.rows())
        values = self.form.values()
        return (values["addressee_name"], values["addressee_address"], *rows)

    def set_recipients(self, recipients: Sequence[Recipient]) -> None:
        """Fill the addressee and copies from ``recipients`` (the first "to" is the addressee)."""
        name, address, rows = recipients_to_form(recipients)
        self.form.widget("addressee_name").setText(name)
        self.form.widget("addressee_address").setPlainText(address)
        self.copies.set_rows(rows)

    # -- reading the form ----------------------------------------------------------------------

    def request(self) -> LetterRequest | None:
        """The letter the form asks for (None while no letter type can be chosen)."""
        kind = self.letter_type()
        if kind is None:
            return None
        values = self.form.values()
        return LetterRequest(
            template_code=kind.code,
            language=values["language"] or "",
            about=self.setup.about,
            recipients=form_to_recipients(values, self.copies.rows()),
            their_reference=values["their_reference"].strip(),
            enclosures=lines(values["enclosures"].splitlines()),
        )

    def _snapshot(self) -> tuple:
        return (self.form.values(), self.copies.rows())

    def is_dirty(self) -> bool:
        return self._snapshot() != self._loaded

    # -- the preview ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self._update_title()
        self.schedule_preview()

    def schedule_preview(self) -> None:
        """Make the preview again once the typing pauses."""
        if not self.types:
            return
        self.preview_status.setText("Updating the preview…")
        self._timer.start()

    def refresh_preview(self) -> bool:
        """Make the draft PDF for the form as it reads now; False (with the reason shown) if not."""
        self._timer.stop()
        request = self.request()
        if request is None:
            return False
        try:
            data = self._preview(request)
        except DeskError as exc:
            return self._preview_failed(str(exc))
        except Exception as exc:  # a bug: say so in the dialog, keep the clerk's typing
            traceback.print_exc(file=sys.stderr)
            return self._preview_failed(
                "The preview could not be made because of a problem Detainer Desk did not "
                f"expect ({type(exc).__name__}: {exc}). Please tell IT."
            )
        self.pdf = data
        if not self.preview.set_pdf(data):
            self.pdf = None
            self._set_ready(False)
            return False
        pages = self.preview.page_count()
        self.preview_status.setText(
            f"Draft preview, {pages} page{'s' if pages != 1 else ''}. Nothing is saved until "
            "you press Save draft."
        )
        self._set_ready(True)
        return True

    def _preview_failed(self, message: str) -> bool:
        self.pdf = None
        self.preview.show_message(f"This letter cannot be made yet.\n\n{message}", error=True)
        self.preview_status.setText(
            "The draft cannot be saved or printed until this is put right (in the record, in "
            "Settings, or in the form on the left)."
        )
        self._set_ready(False)
        return False

    def _set_ready(self, ready: bool) -> None:
        for button in (self.save_button, self.print_button, self.save_as_button):
            button.setEnabled(ready)

    def _current_pdf(self) -> bytes | None:
        """The preview of the form as it reads now (made at once if the pause is not over)."""
        if self._timer.isActive() or self.pdf is None:
            self.refresh_preview()
        return self.pdf

    def print_preview(self) -> bool:
        """Print the draft as previewed (with its DRAFT watermark)."""
        data = self._current_pdf()
        return data is not None and printing.print_pdf(self, data, self.document_title())

    def save_preview_as(self):
        """Save the draft as previewed to a PDF file the clerk chooses."""
        data = self._current_pdf()
        if data is None:
            return None
        name = f"{self.document_title()} (draft).pdf"
        return printing.save_pdf_as(self, data, name, SAVE_FOLDER_SETTING)

    def document_title(self) -> str:
        kind = self.letter_type()
        return f"{kind.label if kind else 'Letter'} — {self.setup.about.label}"

    # -- saving ------------------------------------------------------------------------------

    def request_save(self) -> None:
        """Save the draft, if the letter can be made as the form reads now."""
        self.error_summary.hide()
        self.form.clear_errors()
        if not self.refresh_preview():
            return  # the preview says why; nothing is written
        self.save_requested.emit(self.request())

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message beside its field where there is one, and all of them on top."""
        for error in errors:
            key = FIELD_KEYS.get(error.field)
            if key is not None:
                self.form.set_error(key, error.message)
        lines = [error.message for error in errors]
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()

    def _update_title(self) -> None:
        kind = self.letter_type()
        what = "Correction" if self.setup.supersedes else "New letter"
        text = f"{what}: {kind.label if kind else 'letter'} — {self.setup.about_label}"
        self.title.setText(text)
        dirty = hasattr(self, "_loaded") and self.is_dirty()
        self.setWindowTitle(("* " if dirty else "") + text + " — Detainer Desk")
