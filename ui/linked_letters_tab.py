"""The Correspondence tab of a case or a detainer: the letters linked to it, and a way to add one.

The tab shows what it is given (:meth:`LinkedLettersTab.set_rows`) and asks its owner, through
signals, to open a letter or to start a new one; it never reads the database itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.records import Direction, LetterRow
from models.timeutil import format_date
from ui.correspondence_table_model import DUE_TODAY_COLOUR, OVERDUE_COLOUR, reply_state
from ui.deadlines_panel import open_on_enter
from ui.flat_table_model import FlatTableModel

DAY, DIRECTION, METHOD, FROM, TO, SUBJECT, REPLY_DUE = range(7)
HEADERS = ("Date", "In/out", "Method", "From", "To", "Subject", "Reply due")
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def method_label(code: str, labels: Mapping[str, str]) -> str:
    """The method's label, or its code made readable (``hand_delivery`` → ``Hand delivery``)."""
    return labels.get(code) or code.replace("_", " ").capitalize()


class LetterRowsModel(FlatTableModel):
    """A short list of letters (those linked to one record), held in full, in the order given."""

    headers = HEADERS

    def __init__(self, method_labels: Mapping[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.method_labels = dict(method_labels or {})
        self._rows: list[LetterRow] = []
        self.today: date | None = None

    def row_total(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: Sequence[LetterRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[LetterRow]:
        return list(self._rows)

    def letter_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, letter_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == letter_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        due = index.column() == REPLY_DUE and row.reply_due_date is not None
        if role == Qt.ItemDataRole.ToolTipRole and due:
            return "A reply came" if row.is_answered else "Awaiting a reply"
        if due and self.today is not None:
            state = reply_state(row, self.today)
            # The same colours as the Correspondence log: red overdue, amber due today.
            if role == Qt.ItemDataRole.ForegroundRole and state == "overdue":
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.ForegroundRole and state == "today":
                return QBrush(DUE_TODAY_COLOUR)
        return None

    def _text(self, row: LetterRow, column: int) -> str | None:
        if column == DAY:
            return format_date(row.day)
        if column == DIRECTION:
            return "In" if row.direction is Direction.IN else "Out"
        if column == METHOD:
            return method_label(row.method, self.method_labels)
        if column == FROM:
            return row.from_name
        if column == TO:
            return row.to_name
        if column == SUBJECT:
            clip = f" ({row.attachment_count} attached)" if row.attachment_count else ""
            return row.subject + clip
        if column == REPLY_DUE:
            due = format_date(row.reply_due_date)
            return f"{due} (answered)" if due and row.is_answered else due
        return None


class LinkedLettersTab(QWidget):
    """Lists the letters linked to one case or detainer; asks its owner to open or add one.

    Args:
        noun: What the letters are linked to, for the empty-list text ("case", "detainer").
        method_labels: Method code to label (``correspondence_methods``); unknown codes are
            shown readable.
        parent: The Qt parent.
    """

    #: The clerk asked for a new letter linked to this record.
    new_requested = Signal()
    #: The clerk asked to open the letter with this id.
    open_requested = Signal(int)

    def __init__(
        self,
        noun: str = "record",
        method_labels: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.noun = noun
        self.model = LetterRowsModel(method_labels, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"Correspondence about this {noun}")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        for column, width in enumerate((90, 55, 100, 170, 170, 260)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        open_on_enter(self.table, self.open_selected)
        self.empty = QLabel()
        self.empty.setStyleSheet("color: #555;")
        self.empty.setWordWrap(True)
        self.new_button = QPushButton("New &letter…")
        self.new_button.setToolTip(f"Log a letter, call or meeting about this {noun}")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("O&pen letter")
        self.open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._saved = True
        self.set_rows([])

    def set_rows(self, rows: Sequence[LetterRow], today: date | None = None) -> None:
        """Show ``rows`` in the order given (``letter_ids`` gives newest first).

        With ``today`` (the county's), a reply overdue shows red and one due today amber.
        """
        self.model.today = today
        self.model.set_rows(rows)
        self.empty.setText(
            f"No correspondence is linked to this {self.noun}."
            if self._saved
            else f"Save the {self.noun} first; then log its correspondence here."
        )
        self.empty.setVisible(not rows)
        self.open_button.setEnabled(bool(rows))
        if rows:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def set_enabled_for_new_record(self, saved: bool) -> None:
        """A letter links to a saved record only: until it is saved the tab just says so."""
        self._saved = saved
        self.new_button.setEnabled(saved)
        self.set_rows(self.model.rows() if saved else [])

    def selected_letter_id(self) -> int | None:
        return self.model.letter_id(self.table.currentIndex().row())

    def select_letter(self, letter_id: int) -> None:
        row = self.model.row_of(letter_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def open_selected(self) -> None:
        letter_id = self.selected_letter_id()
        if letter_id is not None:
            self.open_requested.emit(letter_id)

    def _open_index(self, index: QModelIndex) -> None:
        letter_id = self.model.letter_id(index.row()) if index.isValid() else None
        if letter_id is not None:
            self.open_requested.emit(letter_id)
