"""Administrator settings: the statutes the office counts as violent or serious felonies.

The list decides the detainer policies' advice and who the statistics count as "convicted of
a violent crime". The dialog shows the list and asks for changes through signals; it holds no
database handle (:class:`ui.offense_categories_controller.OffenseCategoriesController` makes
them).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import FieldError
from models.offense_categories import CATEGORIES, OffenseCategory
from ui.dialogs.base import ModelessDialog
from ui.forms import FieldSpec, FormPanel

READ_ONLY_NOTE = "Only an administrator can change this list; you can look at it."
EXPLANATION = (
    "A charge counts as listed when its statute is the one listed or a subdivision of it "
    "(PC 211(a) is PC 211). The detainer policies and the Dashboard's “convicted of a violent "
    "crime” both read this list."
)
FIELDS = (
    FieldSpec("statute", "Statute", placeholder="PC 211", required=True),
    FieldSpec("category", "Category", "choice", tuple(CATEGORIES.items()), required=True),
    FieldSpec("label", "Offence", placeholder="Robbery", required=True),
    FieldSpec("source", "Listed by", placeholder="Cal. Penal Code 667.5(c)(9)", required=True),
)


class OffenseCategoriesDialog(ModelessDialog):
    """The list, with Add and Remove for an administrator."""

    add_requested = Signal(dict)  # statute, category, label, source
    remove_requested = Signal(object)  # OffenseCategory

    def __init__(
        self, listed: Sequence[OffenseCategory], can_edit: bool, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Violent and serious offences")
        self.resize(820, 620)
        self.listed: list[OffenseCategory] = []
        note = QLabel(EXPLANATION if can_edit else f"{READ_ONLY_NOTE} {EXPLANATION}")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Statute", "Category", "Offence", "Listed by"])
        self.table.setAccessibleName("Listed statutes")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.remove_button = QPushButton("&Remove from the list")
        self.remove_button.clicked.connect(self._request_remove)
        self.form = FormPanel(FIELDS)
        self.add_button = QPushButton("&Add to the list")
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.form.values()))
        add_box = QGroupBox("List a statute")
        box = QVBoxLayout(add_box)
        box.addWidget(self.form)
        box.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last change did")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(add_box)
        layout.addWidget(self.status)
        layout.addWidget(self.close_buttons())
        self.can_edit = can_edit
        add_box.setEnabled(can_edit)
        self.load(listed)

    def load(self, listed: Sequence[OffenseCategory]) -> None:
        """Show ``listed`` (after opening, or after a change)."""
        self.listed = list(listed)
        self.table.setRowCount(len(self.listed))
        for row, item in enumerate(self.listed):
            cells = (item.statute, item.category_label, item.label, item.source)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self._update_buttons()

    def selected(self) -> OffenseCategory | None:
        rows = self.table.selectionModel().selectedRows()
        return self.listed[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.can_edit and self.selected() is not None)

    def _request_remove(self) -> None:
        if (item := self.selected()) is not None:
            self.remove_requested.emit(item)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show why a listing was refused, beside the field concerned."""
        for error in errors:
            self.form.set_error(error.field if error.field in self.form.values() else "statute",
                                error.message)  # fmt: skip

    def added(self, item: OffenseCategory, outcome: str) -> None:
        """Clear the form and select the new listing."""
        self.form.set_values({"statute": "", "label": "", "source": ""})
        for row, listed in enumerate(self.listed):
            if listed.id == item.id:
                self.table.selectRow(row)
        self.status.setText(outcome)

    def show_outcome(self, text: str) -> None:
        self.status.setText(text)
