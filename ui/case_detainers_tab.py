"""The Detainers tab of a case: the case's detainers at a glance, and a way to add or open one."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.records import DetainerRow
from models.timeutil import format_local

COLUMNS = ("Received", "Form", "ICE office", "Status", "Decision", "Hold expires")


class CaseDetainersTab(QWidget):
    """Lists one case's detainers; asks its owner to open one or to record a new one."""

    new_requested = Signal()
    open_requested = Signal(int)

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz = tz
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Detainers of this case")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.empty = QLabel("No detainer is recorded for this booking.")
        self.empty.setStyleSheet("color: #555;")
        self.new_button = QPushButton("&New detainer…")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("&Open detainer")
        self.open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.set_rows([], {})

    def set_rows(self, rows: list[DetainerRow], form_labels: dict[str, str]) -> None:
        """Show ``rows`` (oldest first); ``form_labels`` names each form code."""
        self.table.setRowCount(0)
        for r in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (
                format_local(r.received_at, self.tz),
                form_labels.get(r.form_code, r.form_code),
                r.ice_office or "",
                r.status.label,
                r.decision.label if r.decision else "",
                format_local(r.expiry_to_show, self.tz),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not rows)
        self.open_button.setEnabled(bool(rows))

    def set_enabled_for_new_case(self, saved: bool) -> None:
        """A detainer needs a saved booking: until then the tab only says so."""
        self.new_button.setEnabled(saved)
        if not saved:
            self.empty.setText("Save the case first; then record its detainers here.")

    def open_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is not None:
            self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
