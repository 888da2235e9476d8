"""Settings ▸ Backups…: the list of backups, and buttons to make, check and restore one.

The dialog shows what it is given (the backups found, the folder, how many dailies are kept)
and asks for work through signals; it holds no database handle. The window's
:class:`ui.backup_wiring.BackupsController` does the work off the GUI thread and tells the
dialog when it is busy (a busy bar, buttons disabled) and what came of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.backups import MAX_KEEP, BackupFile
from ui.dialogs.base import ModelessDialog

COLUMNS = ("Made", "Kind", "Size", "File")
READ_ONLY_NOTE = "Only an administrator can restore a backup or change how many are kept."
KEEP_DELAY_MS = 800  # arrow clicks on the spin box are saved once, when they stop


def size_text(size: int) -> str:
    """A file size as a clerk reads it (``1.4 MB``)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value):,} bytes" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


class BackupsDialog(ModelessDialog):
    """The backups of the database, with Back up now…, Verify, Restore… and Open folder.

    Signals:
        backup_requested(): Back up now… was pressed.
        verify_requested(BackupFile): check the selected backup.
        restore_requested(BackupFile): restore the selected backup (after a confirmation).
        open_folder_requested(): show the backup folder in the file manager.
        keep_changed(int): an administrator changed how many daily backups are kept.
    """

    backup_requested = Signal()
    verify_requested = Signal(object)
    restore_requested = Signal(object)
    open_folder_requested = Signal()
    keep_changed = Signal(int)

    def __init__(
        self,
        folder: Path,
        backups: Sequence[BackupFile],
        keep: int,
        can_edit: bool,
        parent: QWidget | None = None,
        tz: ZoneInfo | None = None,
    ):
        super().__init__(parent)
        self.tz = tz  # when each file was written, in county time (None: this computer's)
        self.setWindowTitle("Backups")
        self.resize(860, 520)
        self.can_edit = can_edit
        self.backups: list[BackupFile] = []
        self._busy = False
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(
            "A daily backup is written when Detainer Desk first starts each day. Backups made "
            "by hand, before a restore or before an upgrade are never deleted."
            + ("" if can_edit else f" {READ_ONLY_NOTE}")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Backups of the database")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self._request(self.verify_requested))

        self.backup_button = QPushButton("&Back up now…")
        self.backup_button.clicked.connect(self.backup_requested.emit)
        self.verify_button = QPushButton("&Verify")
        self.verify_button.clicked.connect(lambda: self._request(self.verify_requested))
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.clicked.connect(lambda: self._request(self.restore_requested))
        self.folder_button = QPushButton("Open &folder")
        self.folder_button.clicked.connect(self.open_folder_requested.emit)
        row = QHBoxLayout()
        for button in (self.backup_button, self.verify_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.folder_button)

        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(keep)
        self.keep.setAccessibleName("Daily backups kept")
        self.keep.setEnabled(can_edit)
        self._kept = keep
        keep_label = QLabel("&Keep")
        keep_label.setBuddy(self.keep)
        self._keep_timer = QTimer(self, singleShot=True, interval=KEEP_DELAY_MS)
        self._keep_timer.timeout.connect(self.commit_keep)
        self.keep.valueChanged.connect(lambda _v: self._keep_timer.start())
        self.keep.editingFinished.connect(self.commit_keep)
        keep_row = QHBoxLayout()
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("daily backups (older ones are deleted)"))
        keep_row.addStretch(1)

        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # busy, for as long as it takes
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last action did")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(keep_row)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.close_buttons())
        self.load(folder, backups)

    def load(self, folder: Path, backups: Sequence[BackupFile]) -> None:
        """Show ``backups`` (found in ``folder`` and beside the database), newest first."""
        self.folder_label.setText(f"Backups are kept in <b>{_escape(str(folder))}</b>")
        self.backups = list(backups)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            made = backup.made_at.astimezone(self.tz).strftime("%m/%d/%Y %H:%M")
            cells = (made, backup.kind_label, size_text(backup.size), backup.path.name)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(backup.path))
                self.table.setItem(row, col, item)
        for col in range(3):
            self.table.resizeColumnToContents(col)
        self._update_buttons()

    def selected(self) -> BackupFile | None:
        """The backup selected in the list, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def select_path(self, path: Path) -> None:
        """Select the row of ``path`` (after it was written)."""
        for row, backup in enumerate(self.backups):
            if backup.path == path:
                self.table.selectRow(row)
                return

    def set_busy(self, text: str) -> None:
        """Show that work is under way: the busy bar, ``text``, the buttons disabled."""
        self._busy = True
        self.status.setText(text)
        self.busy_bar.show()
        self._update_buttons()

    def set_idle(self, text: str) -> None:
        """The work is done: show what came of it."""
        self._busy = False
        self.status.setText(text)
        self.busy_bar.hide()
        self._update_buttons()

    @property
    def busy(self) -> bool:
        return self._busy

    def commit_keep(self) -> None:
        """Ask for the number of daily backups shown to be kept (once, when it changed)."""
        self._keep_timer.stop()
        if self.can_edit and self.keep.value() != self._kept:
            self._kept = self.keep.value()
            self.keep_changed.emit(self._kept)

    def reset_keep(self, keep: int) -> None:
        """Show ``keep`` again (a change was refused)."""
        self._kept = keep
        self.keep.blockSignals(True)
        self.keep.setValue(keep)
        self.keep.blockSignals(False)

    def _request(self, signal) -> None:
        if not self._busy and (backup := self.selected()) is not None:
            signal.emit(backup)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None and not self._busy
        self.backup_button.setEnabled(not self._busy)
        self.verify_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen and self.can_edit)
        self.restore_button.setToolTip("" if self.can_edit else READ_ONLY_NOTE)

    def done(self, result: int) -> None:
        """Closing saves a number of dailies still waiting for its delay."""
        self.commit_keep()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
