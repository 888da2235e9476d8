"""File ▸ Import history…: every file imported, newest first, and undoing one.

Each row is one import: when, which file, the profile, who, the counts and whether it was
undone. Undo… asks the database first whether the import can still be undone (its records
not edited since, not undone already, the clerk allowed to); a refusal is said with its reason,
otherwise the clerk confirms and the bookings it created are removed and those it updated are
put back as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from models.errors import DeskError
from models.importing.batches import ImportBatch
from models.timeutil import format_local
from ui import message_boxes
from ui.dialogs.base import ModelessDialog
from ui.flat_table_model import FlatTableModel
from ui.forms import list_view
from ui.import_controller import ImportDesk

_Index = QModelIndex | QPersistentModelIndex
COUNT_COLUMNS = (5, 6, 7, 8)


class BatchesModel(FlatTableModel):
    """The import batches, one a row; the batch itself under Qt.UserRole."""

    headers = (
        "When",
        "File",
        "Profile",
        "Who",
        "Rows",
        "Created",
        "Updated",
        "Skipped",
        "Rejected",
        "Undone",
    )

    def __init__(self, tz, parent=None):
        super().__init__(parent)
        self.tz = tz
        self.batches: list[ImportBatch] = []

    def row_total(self) -> int:
        return len(self.batches)

    def set_batches(self, batches: list[ImportBatch]) -> None:
        self.beginResetModel()
        self.batches = list(batches)
        self.endResetModel()

    def texts(self, batch: ImportBatch) -> tuple[str, ...]:
        undone = ""
        if batch.undone_at is not None:
            undone = f"{format_local(batch.undone_at, self.tz)} by {batch.undone_by_name or '?'}"
        return (
            format_local(batch.imported_at, self.tz),
            batch.file_name,
            batch.profile_name or "(guessed from the headers)",
            batch.imported_by_name,
            f"{batch.rows_read:,}",
            f"{batch.created:,}",
            f"{batch.updated:,}",
            f"{batch.skipped:,}",
            f"{batch.rejected:,}",
            undone,
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        batch = self.batches[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(batch)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return batch.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, *COUNT_COLUMNS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and batch.undone_at is not None:
            return QBrush(QColor("gray"))
        return None


class ImportHistoryDialog(ModelessDialog):
    """The files imported, with Undo… for the one selected.

    Signals:
        undone(int): an import was undone (its batch id); the lists should be read again.
    """

    undone = Signal(int)

    def __init__(self, desk: ImportDesk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle("Import history")
        self.model = BatchesModel(desk.tz, self)
        # File and profile names get the room; long ones are cut short (whole in their tooltips).
        self.view = list_view(self.model, "Files imported", (118, 260, 220, 90, 52, 58, 58, 58, 62))
        self.note = QLabel(
            "Undo removes the bookings an import created and puts back what it changed, while "
            "nobody has edited them since."
        )
        self.note.setWordWrap(True)
        self.undo_button = QPushButton("&Undo…")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = self.close_buttons(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.reload()
        self.resize(1120, 480)

    def reload(self, select: int | None = None) -> None:
        """Read the batches again; select ``select`` (or the newest)."""
        try:
            batches = self.desk.batches()
        except DeskError as exc:
            message_boxes.show_error(self, "Import history", str(exc))
            batches = []
        self.model.set_batches(batches)
        rows = [i for i, b in enumerate(batches) if b.id == select] or ([0] if batches else [])
        if rows:
            self.view.selectRow(rows[0])
        self._enable()

    def selected_batch(self) -> ImportBatch | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.batches[rows[0].row()] if rows else None

    def _enable(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    def undo_selected(self) -> bool:
        """Undo the selected import after asking; False if nothing was undone."""
        batch = self.selected_batch()
        if batch is None:
            return False
        try:
            refusal = self.desk.undo_refusal(batch.id)
        except DeskError as exc:
            refusal = str(exc)
        if refusal:
            message_boxes.show_error(self, "This import cannot be undone", refusal)
            return False
        touched = batch.created + batch.updated
        text = (
            f"Undo import {batch.id} of “{batch.file_name}”? The {batch.created:,} booking"
            f"{'s' if batch.created != 1 else ''} it created will be removed and the "
            f"{batch.updated:,} it updated put back as they were."
        )
        if not touched:
            text = f"Undo import {batch.id} of “{batch.file_name}”? It changed no booking."
        if not message_boxes.confirm(self, "Undo import", text, "Undo import"):
            return False
        try:
            removed, restored = self.desk.undo(batch.id)
        except DeskError as exc:
            message_boxes.show_error(self, "The import was not undone", str(exc))
            return False
        self.reload(select=batch.id)
        self.undone.emit(batch.id)
        message_boxes.show_info(
            self,
            "Import undone",
            f"Import {batch.id} was undone: {removed:,} booking{'s' if removed != 1 else ''} "
            f"removed, {restored:,} put back as they were.",
        )
        return True
