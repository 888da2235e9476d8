"""Two parts of the Correspondence area: the thread of a letter, and the party filter.

:class:`ThreadView` shows every letter of a thread, each reply indented under the letter it
answers; :class:`PartyFilter` is a combo box where a party is chosen or typed by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.contacts import Contact
from models.errors import DeskError
from models.records import Direction, Letter
from models.timeutil import format_date
from ui.deadlines_panel import open_on_enter
from ui.forms import buddy_label

THREAD_COLUMNS = ("Date", "In/Out", "From → To", "Subject")
NOTE_STYLE = "color: #555;"


class ThreadView(QWidget):
    """The thread a letter belongs to, as a tree: each reply under the letter it answers.

    Args:
        thread: The letters of a letter's thread, first first (``thread_of`` bound to a db).
        parent: The Qt parent.
    """

    #: A letter of the thread the clerk asked to open (double-click or Enter).
    open_requested = Signal(int)

    def __init__(self, thread: Callable[[int], list[Letter]], parent: QWidget | None = None):
        super().__init__(parent)
        self._thread = thread
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(THREAD_COLUMNS))
        self.tree.setHeaderLabels(THREAD_COLUMNS)
        self.tree.setAccessibleName("Thread of the selected letter")
        for column, width in enumerate((170, 55, 320)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._open(item))
        open_on_enter(self.tree, lambda: self._open(self.tree.currentItem()))
        self.note = QLabel()
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setAccessibleName("About the thread")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(buddy_label("Letters &in its thread", self.tree))
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self.show_thread(None, {})

    def show_thread(self, letter_id: int | None, names: Mapping[int, str]) -> None:
        """Show the thread ``letter_id`` belongs to, naming parties by ``names`` (contact ids)."""
        self.tree.clear()
        if letter_id is None:
            self.note.setText("Select a letter to see its thread.")
            return
        try:
            letters = self._thread(letter_id)
        except DeskError as exc:
            self.note.setText(str(exc))
            return
        items: dict[int, QTreeWidgetItem] = {}
        for letter in letters:
            parent = items.get(letter.in_reply_to_id)
            host = parent if parent is not None else self.tree
            item = QTreeWidgetItem(host, _cells(letter, names))
            item.setData(0, Qt.ItemDataRole.UserRole, letter.id)
            items[letter.id] = item
            if letter.id == letter_id:
                for column in range(len(THREAD_COLUMNS)):
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        n = len(letters)
        self.note.setText(
            "No other letter belongs to this one's thread."
            if n == 1
            else f"{n} letters in this thread; the selected one is in bold."
        )

    def rows(self) -> list[tuple[int, int, str]]:
        """``(depth, letter id, subject)`` of every line, top to bottom (what the clerk sees)."""
        out = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            out.append((depth, item.data(0, Qt.ItemDataRole.UserRole), item.text(3)))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return out

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))


def _cells(letter: Letter, names: Mapping[int, str]) -> list[str]:
    def name(contact_id: int | None) -> str:
        return names.get(contact_id, "") if contact_id is not None else ""

    return [
        f"{format_date(letter.day)}  (no. {letter.id})",
        "In" if letter.direction is Direction.IN else "Out",
        f"{name(letter.from_contact_id) or '—'} → {name(letter.to_contact_id) or '—'}",
        letter.subject,
    ]


class PartyFilter(QComboBox):
    """A party chosen from the list or typed by name; empty is any party."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.lineEdit().setPlaceholderText("Any party")
        self.setAccessibleName("Party filter (from or to)")
        self.setMinimumWidth(200)

    def typed(self) -> str:
        return self.currentText().strip()

    def contact_id(self) -> int | None:
        """The contact named, or None (nothing typed, or no party of that name)."""
        index = self.findText(self.typed(), Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def is_unknown(self) -> bool:
        """Something is typed that names no party (the filter is then not applied)."""
        return bool(self.typed()) and self.contact_id() is None

    def set_contacts(self, contacts: Sequence[Contact]) -> None:
        """Offer ``contacts``; two of one name are told apart by their kind. Keeps the text."""
        typed = self.currentText()
        counted = Counter(c.name.casefold() for c in contacts)
        self.blockSignals(True)
        self.clear()
        for c in contacts:
            text = f"{c.name} ({c.kind})" if counted[c.name.casefold()] > 1 else c.name
            self.addItem(text, c.id)
        self.setCurrentIndex(-1)
        self.setEditText(typed)
        self.blockSignals(False)

    def reset(self) -> None:
        self.setCurrentIndex(-1)
        self.setEditText("")
