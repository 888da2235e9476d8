"""The template editor's parts: the text with its preview, and the list of merge fields.

:class:`TemplateText` holds a template's title and body (monospace) and, on a second tab, the
PDF a preview made; it can point at the body line a problem names. :class:`MergeFieldPanel`
lists the documented fields a letter type can use, searchable, and asks for one to be typed
into the text (``{{ path }}``, or a whole ``{% for %}`` loop for a list). :func:`sample_pdf`
fills a template with every field's example value and lays it out as the letters are laid out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.letters.blocks import parse_blocks
from models.letters.compose import FORM_CODES
from models.letters.content import LetterContent, Letterhead, Recipient
from models.letters.fields import CATALOGUE, MergeField, sample_context
from models.letters.language import format_letter_date
from models.letters.layout import render_pdf
from models.letters.templates import LetterType, Template
from models.letters.templating import TemplateError, render_text
from models.timeutil import format_local
from ui.forms import buddy_label
from ui.pdf_preview import PdfPreview

SAMPLE_DAY = date(2026, 11, 25)
SHIPPED = "Shipped with the app"  # the seeded versions have no author
STATUS_LABELS = {"draft": "Draft", "active": "Active", "archived": "Archived"}
NO_PREVIEW = "Press “Preview with sample data” to see the letter this text makes."
ERROR_LINE_COLOUR = QColor("#fde0e0")
#: Whom a sample letter goes to, by the type's recipient: the name's field, then the address's.
_PERSON = ("person.full_name", "office.jail_name", "office.jail_address")
_RECIPIENTS = {
    "person": _PERSON,
    "ice": ("detainer.ice_office", "detainer.ice_officer"),
    "optout_addressee": (
        "optout.addressee.name",
        "optout.addressee.organisation",
        "optout.addressee.address",
    ),
    "correspondent": ("request.requester.name", "request.requester.address"),
    "board": ("office.board", "office.county"),
}


def loop_name(list_path: str) -> str:
    """The loop variable for a list field: ``charges`` → charge, ``earlier_letters`` → letter."""
    last = list_path.rsplit(".", 1)[-1].rsplit("_", 1)[-1]
    return last[:-1] if last.endswith("s") else f"{last}_item"


def insertion(field: MergeField) -> str:
    """What inserting ``field`` types: ``{{ path }}``, or a loop or an ``{% if %}``.

    A list field gets a whole ``{% for %}`` loop; a yes/no field, which does not print, an
    ``{% if %}`` to write the words for "yes" in.
    """
    if "[]." in field.path:  # one field of a list's items: named as the loop names them
        list_path, item = field.path.split("[].", 1)
        return f"{{{{ {loop_name(list_path)}.{item} }}}}"
    if isinstance(field.example, bool):
        return f"{{% if {field.path} %}}{{% endif %}}"
    if not isinstance(field.example, list):
        return f"{{{{ {field.path} }}}}"
    name = loop_name(field.path)
    items = [f.path.split("[].", 1)[1] for f in CATALOGUE if f.path.startswith(field.path + "[].")]
    shown = " ".join(f"{{{{ {name}.{item} }}}}" for item in items[:2]) or f"{{{{ {name} }}}}"
    return f"{{% for {name} in {field.path} %}}\n- {shown}\n{{% endfor %}}\n"


def fields_for(letter_type: LetterType | None) -> list[MergeField]:
    """The merge fields a letter of ``letter_type`` can use (every field when not known)."""
    if letter_type is None:
        return list(CATALOGUE)
    kinds = set(letter_type.about_kinds)
    return [f for f in CATALOGUE if "any" in f.kinds or kinds & set(f.kinds)]


def sample_letter(
    letter_type: LetterType | None,
    language: str,
    title: str,
    body: str,
    letterhead: Letterhead | None = None,
) -> LetterContent:
    """The letter the template makes from every field's example value (a DRAFT).

    Args:
        letter_type: the type (its recipient and whether it is a form); None for a plain letter.
        language: the language the date and the layout's words are written in.
        title: the template's title as typed.
        body: the template's body as typed.
        letterhead: the office's letterhead; None prints the catalogue's example office.

    Raises:
        TemplateError: the template cannot be used.
        DeskError: it cannot be filled in.
    """
    values = sample_context()
    plain_title, markup = render_text(title, body, values)
    office = values["office"]
    letterhead = letterhead or Letterhead(
        office["county"], office["name"], (office["address"],), office["phone"], None
    )
    name, *address = _RECIPIENTS.get(letter_type.recipient if letter_type else "", _PERSON)
    recipient = Recipient(_value(values, name), tuple(_value(values, p) for p in address))
    return LetterContent(
        language=language,
        title=plain_title,
        letterhead=letterhead,
        date_text=format_letter_date(SAMPLE_DAY, language),
        our_reference=values["letter"]["our_reference"],
        recipients=(recipient,),
        blocks=parse_blocks(markup),
        signer_name=office["signer_name"],
        signer_title=office["signer_title"],
        draft=True,
        is_form=letter_type is not None and letter_type.code in FORM_CODES,
    )


def sample_pdf(*args, **kwargs) -> bytes:
    """:func:`sample_letter` laid out as the letters are: the PDF bytes."""
    return render_pdf([sample_letter(*args, **kwargs)]).data


def _value(values: dict, path: str) -> str:
    if path == "office.board":  # the Board has no merge field of its own
        return "Board of Supervisors"
    for part in path.split("."):
        values = values[part]
    return str(values)


def error_line(exc: TemplateError) -> int | None:
    """The body line a template error names, if it names one."""
    return next((e.line for e in exc.errors if e.field == "body" and e.line), None)


class MergeFieldPanel(QGroupBox):
    """The fields a letter type can use, searchable; double-click or Insert asks to type one.

    Signals:
        insert_requested(str): the text to type at the editor's cursor.
    """

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Merge fields (double-click to insert)", parent)
        self.shown: list[MergeField] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search fields")
        self.search.setAccessibleName("Search merge fields")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        # Two columns fit beside the editor; the chosen field's description and example show
        # in full under the list (and every row's as its tooltip), and the search covers them.
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Field", "Label"])
        self.table.setAccessibleName("Merge fields")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.insert_selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #555;")
        self.details.setAccessibleName("The chosen field")
        self.table.itemSelectionChanged.connect(self._describe)
        self.insert_button = QPushButton("I&nsert field")
        self.insert_button.setAutoDefault(False)
        self.insert_button.clicked.connect(lambda _checked=False: self.insert_selected())
        column = QVBoxLayout(self)
        column.addWidget(self.search)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)
        column.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_fields(self, letter_type: LetterType | None) -> None:
        """List the fields a letter of ``letter_type`` can use."""
        self.shown = fields_for(letter_type)
        self.table.setRowCount(len(self.shown))
        for row, field in enumerate(self.shown):
            for col, text in enumerate((field.path, field.label)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{field.description}\nExample: {field.example}")
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self._filter()

    def _filter(self) -> None:
        words = self.search.text().casefold().split()
        for row, field in enumerate(self.shown):
            haystack = f"{field.path} {field.label} {field.description}".casefold()
            self.table.setRowHidden(row, not all(w in haystack for w in words))

    def _describe(self) -> None:
        field = self.selected()
        self.details.setText(
            f"<b>{escape(field.label)}</b>: {escape(field.description)}<br>"
            f"Example: {escape(str(field.example))}"
            if field
            else ""
        )

    def selected(self) -> MergeField | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def insert_selected(self) -> None:
        if self.insert_button.isEnabled() and (field := self.selected()) is not None:
            self.insert_requested.emit(insertion(field))


class TemplateText(QTabWidget):
    """A template's title and body on one tab, the PDF its preview made on the other.

    Signals:
        edited: the title or the body changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Template title")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Template body")
        self.body_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        for signal in (self.title_edit.textChanged, self.body_edit.textChanged):
            signal.connect(lambda *_: self._edited())
        self.preview = PdfPreview("Preview with sample data")
        self.preview.clear(NO_PREVIEW)
        self.preview_pdf: bytes | None = None
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(buddy_label("T&itle:", self.title_edit))
        column.addWidget(self.title_edit)
        column.addWidget(buddy_label("&Body:", self.body_edit))
        column.addWidget(self.body_edit, 1)
        self.addTab(page, "Text")
        self.addTab(self.preview, "Preview with sample data")

    def _edited(self) -> None:
        self.mark_line(None)  # the line a problem named may have moved
        self.edited.emit()

    def texts(self) -> tuple[str, str]:
        """The title and body as typed."""
        return self.title_edit.text(), self.body_edit.toPlainText()

    def load(self, title: str, body: str) -> None:
        """Show a template's text (and no preview yet)."""
        self.title_edit.setText(title)
        self.title_edit.setCursorPosition(0)  # a long title shows from its start
        self.body_edit.setPlainText(body)
        self.preview_pdf = None
        self.preview.clear(NO_PREVIEW)
        self.setCurrentIndex(0)

    def set_read_only(self, read_only: bool) -> None:
        """Readable, selectable and copyable, but not changeable."""
        self.title_edit.setReadOnly(read_only)
        self.body_edit.setReadOnly(read_only)

    def insert(self, text: str) -> None:
        """Type ``text`` at the body's cursor; a loop starts on a line of its own."""
        if self.body_edit.isReadOnly():
            return
        self.setCurrentIndex(0)
        cursor = self.body_edit.textCursor()
        if text.startswith("{%") and cursor.positionInBlock() > 0:
            text = "\n" + text
        cursor.insertText(text)
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()

    def show_pdf(self, pdf: bytes) -> None:
        self.preview_pdf = pdf
        self.preview.set_pdf(pdf)
        self.setCurrentWidget(self.preview)

    def point_at(self, exc: TemplateError) -> None:
        """Put the cursor where ``exc`` says the problem is: the title, or a line of the body."""
        fields = {e.field for e in exc.errors}
        if "title" in fields and "body" not in fields:
            self.setCurrentIndex(0)
            self.title_edit.setFocus()
        elif line := error_line(exc):
            self.setCurrentIndex(0)
            self.mark_line(line)

    def mark_line(self, line: int | None) -> None:
        """Move the cursor to ``line`` of the body and tint it (None: take the tint off)."""
        if line is None:
            self.body_edit.setExtraSelections([])
            return
        cursor = QTextCursor(self.body_edit.document().findBlockByNumber(max(line - 1, 0)))
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()
        mark = QTextEdit.ExtraSelection()
        mark.format.setBackground(ERROR_LINE_COLOUR)
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.cursor = cursor
        self.body_edit.setExtraSelections([mark])

    def current_line(self) -> int:
        """The body line the cursor is on, counting from 1."""
        return self.body_edit.textCursor().blockNumber() + 1


class VersionList(QTableWidget):
    """The versions of one slot's text: number, status, who saved it and when."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Version", "Status", "Created by", "Created at"])
        self.setAccessibleName("Versions")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def show_versions(
        self, versions: Sequence[Template], staff_names: Mapping[int, str], tz: ZoneInfo
    ) -> None:
        """List ``versions``, none selected (without telling anyone: a choice follows)."""
        self.blockSignals(True)
        self.setRowCount(len(versions))
        self.clearSelection()
        for row, version in enumerate(versions):
            texts = (
                str(version.version),
                STATUS_LABELS.get(version.status, version.status),
                staff_names.get(version.created_by, SHIPPED),
                format_local(version.created_at, tz),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.id)
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        # As tall as its rows, one to four of them (a scroll bar beyond): the editor needs room.
        rows = min(max(self.rowCount(), 1), 4)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        self.setFixedHeight(height + rows * self.verticalHeader().defaultSectionSize())
        self.blockSignals(False)

    def select(self, template_id: int) -> bool:
        """Choose the version ``template_id``; False if it is not listed."""
        for row in range(self.rowCount()):
            if self.item(row, 0).data(Qt.ItemDataRole.UserRole) == template_id:
                self.selectRow(row)
                return True
        return False

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None
