"""The letter editor: one item of correspondence, what it is about, when a reply is due, its files.

The dialog takes a Letter and hands back what the clerk typed through ``save_requested``; it
holds no database handle. Parties come back as names (the saver finds or adds the contacts),
new files as checked :class:`FileToAttach` and removed files as attachment ids, so the whole
letter is saved in one transaction. Callables given by the opener describe a linked case,
detainer or letter, and work out a reply's due date under a rule, as the clerk types.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMenuBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError, FieldError
from models.records import Direction, Letter
from models.timeutil import DateParseError, format_date, parse_date
from ui.attachment_panel import AttachmentPanel, SaveCopy
from ui.dialogs.base import EditorDialog
from ui.dialogs.letter_form import (
    FIELD_ALIASES,
    NUMBERS,
    LetterChoices,
    letter_specs,
    letter_to_values,
    link_specs,
    party_names,
    reply_specs,
    values_to_letter,
)
from ui.forms import ERROR_STYLE, FormPanel, scrolled, select_code

#: Works out a reply's due date: rule code, the letter's day, whether an extension was granted.
PreviewDue = Callable[[str, date, bool], date]
#: Describes a linked record for the clerk: link field (booking_id…) and number; DeskError if none.
Describe = Callable[[str, int], str]
NOTE_STYLE = "color: #555;"


class LetterDialog(EditorDialog):
    """Edit one letter; emits ``save_requested(Letter, names, files, removed)`` on save."""

    record_name = "This letter"

    save_requested = Signal(object, dict, list, list)  # Letter, party names, files, removed ids

    def __init__(
        self,
        letter: Letter,
        choices: LetterChoices,
        tz: ZoneInfo,
        preview_due: PreviewDue,
        describe: Describe,
        save_copy: SaveCopy,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 760)
        self.choices, self.tz = choices, tz
        self.preview_due, self.describe = preview_due, describe
        self.letter_form = FormPanel(letter_specs(choices))
        self.link_form = FormPanel(link_specs(choices))
        self.reply_form = FormPanel(reply_specs(choices))
        self.forms = (self.letter_form, self.link_form, self.reply_form)
        self.link_notes = {key: self._note(self.link_form, key) for key in NUMBERS}
        self.due_note = self._note(self.reply_form, "reply_due_date")
        self.attachments = AttachmentPanel(tz, save_copy)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        for text, widget in (("About", self.link_form), ("Reply", self.reply_form)):
            box = QGroupBox(text)
            QVBoxLayout(box).addWidget(widget)
            column.addWidget(box)
        files = QGroupBox("Attachments")
        QVBoxLayout(files).addWidget(self.attachments)
        column.addWidget(files, 1)
        splitter = QSplitter()
        splitter.addWidget(scrolled(self.letter_form))
        splitter.addWidget(side)
        splitter.setSizes([640, 560])
        self.buttons = self.save_close_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.error_summary)
        layout.addWidget(splitter, 1)
        hint = QLabel("Dates are typed as MM/DD/YYYY. Fields marked * are required.")
        hint.setStyleSheet(NOTE_STYLE)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._add_menus(layout)
        for form in self.forms:
            form.changed.connect(self._update_title)
        self.attachments.changed.connect(self._update_title)
        for side_name in ("from", "to"):
            self.letter_form.widget(f"{side_name}_name").currentTextChanged.connect(
                lambda text, s=side_name: self._known_party(s, text)
            )
        for key in NUMBERS:
            self.link_form.widget(key).editingFinished.connect(lambda k=key: self._describe(k))
        for form, key in (
            (self.letter_form, "direction"),
            (self.reply_form, "reply_rule"),
        ):
            form.widget(key).currentIndexChanged.connect(lambda _i: self.refresh_due())
        self.reply_form.widget("is_reply_extended").toggled.connect(lambda _c: self.refresh_due())
        for key in ("sent_date", "received_date"):
            self.letter_form.widget(key).editingFinished.connect(self.refresh_due)
        self.load(letter)

    def _note(self, form: FormPanel, key: str) -> QLabel:
        """A grey line under a field, saying what the typed value refers to."""
        note = _Note()
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        note.setAccessibleName(f"{form.label(key)}: what it refers to")
        form.widget(key).parentWidget().layout().addWidget(note)
        return note

    def _add_menus(self, layout: QVBoxLayout) -> None:
        bar = QMenuBar(self)
        menu = bar.addMenu("&Letter")
        self.save_action = self.menu_action(menu, "&Save", "Ctrl+S", self.request_save)
        self.menu_action(menu, "&Close", "Ctrl+W", self.close)
        files = bar.addMenu("&Attachments")
        for action in (
            self.attachments.add_action,
            self.attachments.open_action,
            self.attachments.remove_action,
        ):
            files.addAction(action)
        layout.setMenuBar(bar)

    # -- loading and reading ---------------------------------------------------------------------

    def load(self, letter: Letter, choices: LetterChoices | None = None) -> None:
        """Show ``letter`` (new or stored), with nothing unsaved; new ``choices`` if given."""
        self.letter = letter
        if choices is not None:
            self.choices = choices
            names = [(c.name, c.name) for c in choices.contacts]
            for key in ("from_name", "to_name"):
                self.letter_form.set_choices(key, names)
        values = letter_to_values(letter, self.choices)
        for form in self.forms:
            form.set_values(values)
        self.attachments.load(letter.attachments)
        for key in NUMBERS:
            self._describe(key)
        self.refresh_due(fill=False)
        self.error_summary.hide()
        self._loaded = self._snapshot()
        self._update_title()

    def values(self) -> dict:
        return {k: v for form in self.forms for k, v in form.values().items()}

    def _snapshot(self) -> tuple:
        return (self.values(), self.attachments.state())

    def is_dirty(self) -> bool:
        return self._snapshot() != self._loaded

    def draft(self) -> tuple[Letter | None, list[FieldError]]:
        """The letter as typed (parties aside), or the problems that keep it from being read."""
        return values_to_letter(self.letter, self.values())

    # -- helping the clerk as they type ----------------------------------------------------------

    def _known_party(self, side: str, name: str) -> None:
        """A known contact's name brings its kind (the clerk can still change it)."""
        found = self.choices.contacts_named(name)
        if len(found) == 1:
            select_code(self.letter_form.widget(f"{side}_kind"), found[0].kind)

    def _describe(self, key: str) -> None:
        note, text = self.link_notes[key], self.link_form.value(key).strip().lstrip("#").strip()
        note.setStyleSheet(NOTE_STYLE)
        if not text or not self.link_form.check_field(key):
            note.setText("")
            return
        try:
            note.setText(self.describe(key, int(text)))
        except DeskError as exc:
            note.setStyleSheet(ERROR_STYLE)
            note.setText(str(exc))

    def letter_day(self) -> date | None:
        """The day the letter is filed under (received for what came in, sent for what went out)."""
        try:
            sent = parse_date(self.letter_form.value("sent_date"))
            received = parse_date(self.letter_form.value("received_date"))
        except DateParseError:
            return None
        if self.letter_form.value("direction") == Direction.IN.value:
            return received or sent
        return sent or received

    def refresh_due(self, fill: bool = True) -> None:
        """Work out the due date under the chosen rule; with no rule the date is typed."""
        rule = self.reply_form.value("reply_rule")
        due_field = self.reply_form.widget("reply_due_date")
        extended = self.reply_form.widget("is_reply_extended")
        due_field.setReadOnly(rule is not None)
        extended.setEnabled(rule is not None)
        if rule is None:
            self.due_note.setText("")
            return
        day = self.letter_day()
        if day is None:
            self.due_note.setText("Type the letter's date to work out when a reply is due.")
            return
        try:
            due = self.preview_due(rule, day, extended.isChecked())
        except DeskError as exc:
            self.due_note.setText(str(exc))
            return
        counted = "received" if self.letter_form.value("direction") == Direction.IN else "sent"
        self.due_note.setText(f"Counted from {format_date(day)}, the day it was {counted}.")
        if fill:
            due_field.setText(format_date(due))

    # -- asking for a save -----------------------------------------------------------------------

    def request_save(self) -> None:
        self.error_summary.hide()
        for form in self.forms:
            form.clear_errors()
        letter, errors = self.draft()
        if errors:
            self.show_errors(errors)
            return
        self.save_requested.emit(
            letter,
            party_names(self.values()),
            self.attachments.pending_files(),
            self.attachments.removed_ids(),
        )

    def saved(self, letter: Letter, choices: LetterChoices | None = None) -> None:
        """A save went through: show the stored letter, now clean."""
        self.load(letter, choices)

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message beside its field where there is one, and all of them on top."""
        lines = []
        for error in errors:
            key = FIELD_ALIASES.get(error.field, error.field)
            for form in self.forms:
                if key in form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                    form.set_error(key, error.message)
            lines.append(error.message)
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()

    def _update_title(self) -> None:
        subject = self.letter_form.value("subject").strip() or "(no subject)"
        text = (
            f"New letter — {subject}"
            if self.letter.id is None
            else f"Letter {self.letter.id} — {subject}"
        )
        dirty = hasattr(self, "_loaded") and self.is_dirty()
        self.title.setText(text + (" (unsaved changes)" if dirty else ""))
        self.setWindowTitle(("* " if dirty else "") + text + " — Detainer Desk")


class _Note(QLabel):
    """A line that takes no room while it has nothing to say."""

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setVisible(bool(text))
