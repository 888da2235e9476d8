"""The Letters work area: the letters Detainer Desk generated, newest first, filtered by status.

Drafts wait here for an attorney's approval and approved letters for issuing; double-click or
Enter opens a letter with its stored PDF. The panel reads through the model functions only and
asks its owner, through signals, to open or write letters; it never writes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError
from models.letters.about import About
from models.letters.document_records import DocumentStatus
from models.letters.documents import list_documents
from ui.deadlines_panel import ERROR_STYLE, open_on_enter
from ui.forms import buddy_label, list_view
from ui.letters_table_model import STATUS_LABELS, LettersTableModel

#: At most this many letters are listed (the newest); the count says when there are more.
LIMIT = 500


class LettersPanel(QWidget):
    """A status filter above the list of generated letters.

    Args:
        db: The database, read through the model functions only.
        tz: The county's time zone (when each letter was generated).
        parent: The Qt parent.
    """

    #: A letter (document id) the clerk asked to open.
    open_requested = Signal(int)
    #: The clerk asked to write a letter about the record the selected letter is about.
    write_requested = Signal(object)  # About

    def __init__(self, db, tz: ZoneInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = LettersTableModel(tz, self)
        self.status = QComboBox()
        self.status.setAccessibleName("Letter status filter")
        for status in (
            DocumentStatus.DRAFT,
            DocumentStatus.APPROVED,
            DocumentStatus.ISSUED,
            DocumentStatus.SUPERSEDED,
        ):
            self.status.addItem(STATUS_LABELS[status], status.value)
        self.status.addItem("All letters", None)
        self.status.setCurrentIndex(self.status.count() - 1)
        widths = (125, 330, 130, 130, 140, 140)
        self.table = list_view(self.model, "Generated letters", widths)
        self.table.doubleClicked.connect(self._open_index)
        open_on_enter(self.table, self.open_selected)
        self.open_button = QPushButton("&Open letter")
        self.open_button.setToolTip("Open the selected letter (Enter)")
        self.write_button = QPushButton("&Write another letter about the same record…")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of letters shown")
        self.count_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Show", self.status))
        top.addWidget(self.status)
        top.addStretch(1)
        hint = QLabel("Write a letter from a case, detainer, letter or opt-out request (Ctrl+L).")
        hint.setStyleSheet("color: #555;")
        top.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.write_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.open_button.clicked.connect(self.open_selected)
        self.write_button.clicked.connect(self._write_about_selected)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_moved())
        self.model.modelReset.connect(self._selection_moved)
        self.refresh()

    def status_filter(self) -> DocumentStatus | None:
        code = self.status.currentData()
        return DocumentStatus(code) if code else None

    def set_status_filter(self, status: DocumentStatus | None) -> None:
        """Show only the letters in ``status`` (None: all of them)."""
        index = self.status.findData(status.value if status else None)
        self.status.setCurrentIndex(max(index, 0))

    def refresh(self, select: int | None = None) -> None:
        """Read the list again, keeping the selection (or moving to ``select``)."""
        selected = select if select is not None else self.selected_document_id()
        try:
            rows = list_documents(self.db, status=self.status_filter(), limit=LIMIT)
        except DeskError as exc:
            self.count_label.setText(f"The letters could not be read: {exc}")
            self.count_label.setStyleSheet(ERROR_STYLE)
            return
        self.count_label.setStyleSheet("")
        self.model.set_rows(rows)
        n = len(rows)
        more = f" (the newest {LIMIT})" if n >= LIMIT else ""
        self.count_label.setText(f"{n:,} letter{'s' if n != 1 else ''}{more}")
        if selected is not None:
            self.select_document(selected)

    def selected_document_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else None

    def selected_about(self) -> About | None:
        """What the selected letter is about (to write another letter about it)."""
        index = self.table.currentIndex()
        row = self.model.row(index.row()) if index.isValid() else None
        return row.about if row else None

    def select_document(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def open_selected(self) -> None:
        self._open_index(self.table.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        document_id = self.model.document_id(index.row()) if index.isValid() else None
        if document_id is not None:
            self.open_requested.emit(document_id)

    def _write_about_selected(self) -> None:
        about = self.selected_about()
        if about is not None:
            self.write_requested.emit(about)

    def _selection_moved(self) -> None:
        selected = self.selected_document_id() is not None
        self.open_button.setEnabled(selected)
        self.write_button.setEnabled(selected)
