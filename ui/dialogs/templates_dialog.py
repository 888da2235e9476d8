"""Administrator settings: the county's letter templates, one slot per letter type and language.

The dialog shows a :class:`TemplateLibrary` and asks for changes through signals; it holds no
database handle. :class:`ui.letter_settings_controller.LetterSettingsController` saves a new
version or changes a version's status and calls :meth:`TemplatesDialog.load` again. Checking a
text and previewing it with the catalogue's example values need no database, so the dialog does
those itself through the same template engine the letters use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError
from models.letters.content import Letterhead
from models.letters.language import LANGUAGES
from models.letters.templates import LetterType, Template, TemplateSlot
from models.letters.templating import TemplateError, check_template
from ui import message_boxes
from ui.dialogs.base import ModelessDialog
from ui.dialogs.template_editor import MergeFieldPanel, TemplateText, VersionList, sample_pdf
from ui.forms import ERROR_STYLE

READ_ONLY_NOTE = "Only an administrator can change the letter templates; you can read them."
NOT_LOADED = "not yet loaded"
NOT_LOADED_COLOUR = QColor("#b00020")
OK_STYLE = "color: #1b5e20;"

Slot = tuple[str, str]  # (letter type code, language code)


@dataclass(frozen=True)
class TemplateLibrary:
    """What the dialog shows: every slot, every version of each, who may change them."""

    types: Sequence[LetterType]
    slots: Sequence[TemplateSlot]
    versions: Mapping[Slot, Sequence[Template]]
    staff_names: Mapping[int, str]
    can_edit: bool
    #: The office's letterhead for previews; None until the office has set it up.
    letterhead: Letterhead | None = None


def language_name(code: str) -> str:
    language = LANGUAGES.get(code)
    return language.name if language else code


class TemplatesDialog(ModelessDialog):
    """The library on the left; the chosen slot's versions and its text editor on the right."""

    #: code, language, title, body, activate (False: a draft).
    save_requested = Signal(str, str, str, str, bool)
    #: template id, new status ("active" or "archived").
    status_requested = Signal(int, str)

    def __init__(self, library: TemplateLibrary, tz: ZoneInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Letter templates")
        self.resize(1280, 780)
        self.tz = tz
        self.library = library
        self.slot: Slot | None = None
        self._loaded: tuple[str, str] = ("", "")

        self.slots_table = self._table(["Letter", "Language", "Active version"], "Template slots")
        self.slots_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.slots_table.itemSelectionChanged.connect(self._slot_selected)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.versions = VersionList()
        self.versions.itemSelectionChanged.connect(self._version_selected)
        self.activate_button = self._button("Ac&tivate", lambda: self._request_status("active"))
        self.archive_button = self._button("A&rchive", lambda: self._request_status("archived"))
        version_buttons = QHBoxLayout()
        version_buttons.addWidget(self.activate_button)
        version_buttons.addWidget(self.archive_button)
        version_buttons.addStretch(1)

        self.text = TemplateText()
        self.title_edit, self.body_edit = self.text.title_edit, self.text.body_edit
        self.tabs, self.preview = self.text, self.text.preview

        self.fields = MergeFieldPanel()
        self.fields.insert_requested.connect(self.text.insert)
        self.fields_table, self.field_search = self.fields.table, self.fields.search
        self.insert_button = self.fields.insert_button

        self.check_button = self._button("&Check", self.check)
        self.preview_button = self._button("&Preview with sample data", self.show_preview)
        self.save_button = self._button("&Save as new version", lambda: self._request_save(True))
        self.draft_button = self._button("Save as &draft", lambda: self._request_save(False))
        actions = QHBoxLayout()
        for button in (self.check_button, self.preview_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.draft_button, self.save_button):
            actions.addWidget(button)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Result of the last check or change")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        editor_split = QSplitter(Qt.Orientation.Horizontal)
        editor_split.addWidget(self.text)
        editor_split.addWidget(self.fields)
        editor_split.setSizes([560, 380])
        right_box = QWidget()
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.versions)
        right.addLayout(version_buttons)
        right.addWidget(editor_split, 1)
        right.addLayout(actions)
        right.addWidget(self.outcome)
        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.addWidget(self.slots_table)
        columns.addWidget(right_box)
        columns.setSizes([380, 900])

        self.note = QLabel(READ_ONLY_NOTE)
        self.note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(columns, 1)
        layout.addWidget(buttons)
        self.load(library)

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        return table

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- what is shown ---------------------------------------------------------------------------

    def letter_type(self, code: str) -> LetterType | None:
        return next((t for t in self.library.types if t.code == code), None)

    def slot_versions(self, slot: Slot | None = None) -> Sequence[Template]:
        return self.library.versions.get(slot or self.slot, ()) if (slot or self.slot) else ()

    def load(self, library: TemplateLibrary, slot: Slot | None = None, version_id=None) -> None:
        """Show ``library``; keep (or choose) ``slot`` and show ``version_id``'s text, clean."""
        slot = slot or self.slot
        self.library = library
        self.note.setVisible(not library.can_edit)
        self.text.set_read_only(not library.can_edit)
        self.slots_table.blockSignals(True)
        self.slots_table.setRowCount(len(library.slots))
        for row, s in enumerate(library.slots):
            loaded = s.active_version is not None
            texts = (s.type_label, language_name(s.language), f"Version {s.active_version}")
            for column, text in enumerate(texts if loaded else (*texts[:2], NOT_LOADED)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (s.code, s.language))
                if not loaded:
                    item.setForeground(NOT_LOADED_COLOUR)
                    item.setToolTip("No active version: letters of this kind cannot be printed.")
                self.slots_table.setItem(row, column, item)
        self.slots_table.resizeColumnToContents(1)
        self.slots_table.resizeColumnToContents(2)
        # Shown afresh, without asking about changes: a reload follows a save.
        wanted = slot or self._first_slot()
        self.slots_table.clearSelection()
        self.slot = wanted if self.select_slot(*wanted) else None
        self.slots_table.blockSignals(False)
        self._loaded = ("", "")
        self.title_edit.clear()
        self.body_edit.clear()
        self._show_slot(version_id)

    def _first_slot(self) -> Slot:
        first = self.library.slots[0] if self.library.slots else None
        return (first.code, first.language) if first else ("", "")

    def select_slot(self, code: str, language: str) -> bool:
        """Choose the slot of ``code`` in ``language``; False if it is not listed."""
        for row in range(self.slots_table.rowCount()):
            if self.slots_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == (code, language):
                self.slots_table.selectRow(row)
                return True
        return False

    def _selected_slot(self) -> Slot | None:
        rows = self.slots_table.selectionModel().selectedRows()
        return (
            self.slots_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None
        )

    def _slot_selected(self) -> None:
        chosen = self._selected_slot()
        if chosen == self.slot:
            return
        if self.is_dirty() and not self._discard_ok():
            self.slots_table.blockSignals(True)
            self.select_slot(*self.slot)  # stay on the text being edited
            self.slots_table.blockSignals(False)
            return
        self.slot = chosen
        self._show_slot()

    def _discard_ok(self) -> bool:
        return message_boxes.confirm(
            self,
            "Unsaved template",
            "The template text has changes that are not saved. Discard them?",
            "Discard changes",
        )

    def _show_slot(self, version_id: int | None = None) -> None:
        """Show the slot's versions and the text of the active one (else the newest)."""
        code, language = self.slot or ("", "")
        letter_type = self.letter_type(code)
        label = letter_type.label if letter_type else code
        self.heading.setText(f"{label} — {language_name(language)}" if self.slot else "")
        versions = self.slot_versions()
        self.versions.show_versions(versions, self.library.staff_names, self.tz)
        self.fields.show_fields(letter_type)
        shown = next((v for v in versions if v.id == version_id), None)
        shown = shown or next((v for v in versions if v.status == "active"), None)
        shown = shown or (max(versions, key=lambda v: v.version) if versions else None)
        if shown is not None:
            self.select_version(shown.id)
        else:
            self._load_text("", "")
            self.outcome.setText(
                f"No {language_name(language)} text is loaded yet: type or paste the county's "
                "certified translation and save it as a new version."
                if self.slot
                else ""
            )
            self.outcome.setStyleSheet("")
            self._update_buttons()

    def select_version(self, template_id: int) -> bool:
        return self.versions.select(template_id)

    def selected_version(self) -> Template | None:
        wanted = self.versions.selected_id()
        return next((v for v in self.slot_versions() if v.id == wanted), None)

    def _version_selected(self) -> None:
        version = self.selected_version()
        other = version is not None and (version.title, version.body) != self._loaded
        if other and (not self.is_dirty() or self._discard_ok()):
            self._load_text(version.title, version.body)
        self._update_buttons()

    def _load_text(self, title: str, body: str) -> None:
        self.text.load(title, body)
        self._loaded = (title, body)
        self.outcome.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_edit = self.library.can_edit and self.slot is not None
        version = self.selected_version()
        self.save_button.setEnabled(can_edit)
        self.draft_button.setEnabled(can_edit)
        self.insert_button.setEnabled(can_edit)
        self.activate_button.setEnabled(
            can_edit and version is not None and version.status != "active"
        )
        self.archive_button.setEnabled(
            can_edit and version is not None and version.status != "archived"
        )

    # -- editing ---------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.slot is not None and self.texts() != self._loaded

    def texts(self) -> tuple[str, str]:
        """The title and body as typed."""
        return self.text.texts()

    @property
    def preview_pdf(self) -> bytes | None:
        """The PDF the last preview made (None since the text was loaded)."""
        return self.text.preview_pdf

    def insert_selected_field(self) -> None:
        """Type the merge field chosen in the list at the body's cursor."""
        self.fields.insert_selected()

    def check(self) -> bool:
        """Check the text as typed; say "No problems found" or what is wrong and where."""
        try:
            check_template(*self.texts())
        except TemplateError as exc:
            self.show_template_error(exc)
            return False
        self.show_outcome("No problems found.")
        return True

    def show_preview(self) -> bool:
        """Lay out the letter the text makes from every field's example value, and show it."""
        code, language = self.slot or ("", "en")
        try:
            check_template(*self.texts())
            pdf = sample_pdf(
                self.letter_type(code), language, *self.texts(), self.library.letterhead
            )
        except TemplateError as exc:
            self.show_template_error(exc)
            return False
        except DeskError as exc:
            self._show_problem(str(exc))
            return False
        self.text.show_pdf(pdf)
        where = "the office's letterhead" if self.library.letterhead else "an example letterhead"
        self.show_outcome(
            f"A DRAFT made with {where} and the example of every field in the field list."
        )
        return True

    def _request_save(self, activate: bool) -> None:
        if not self.library.can_edit or self.slot is None or not self.check():
            return
        self.save_requested.emit(*self.slot, *self.texts(), activate)

    def _request_status(self, status: str) -> None:
        version = self.selected_version()
        if not self.library.can_edit or version is None:
            return
        if (
            status == "archived"
            and version.status == "active"
            and not message_boxes.confirm(
                self,
                "Archive template",
                f"Archive version {version.version}? Until another version is activated, "
                f"letters of this kind cannot be printed in {language_name(version.language)}.",
                "Archive",
            )
        ):
            return
        self.status_requested.emit(version.id, status)

    # -- outcomes --------------------------------------------------------------------------------

    def show_template_error(self, exc: TemplateError) -> None:
        """Say what is wrong with the text and put the cursor on the line it names."""
        self._show_problem(str(exc))
        self.text.point_at(exc)

    def current_line(self) -> int:
        """The body line the cursor is on, counting from 1."""
        return self.text.current_line()

    def _show_problem(self, text: str) -> None:
        self.outcome.setStyleSheet(ERROR_STYLE)
        self.outcome.setText(text)

    def show_outcome(self, text: str) -> None:
        """Say what the last check or change did."""
        self.outcome.setStyleSheet(OK_STYLE)
        self.outcome.setText(text)

    def reject(self) -> None:
        """Close, asking first about a text that is not saved."""
        if self.is_dirty() and not self._discard_ok():
            return
        super().reject()
