"""The attachments of one letter: what is stored, what will be added or removed on save.

The panel holds no database handle. Files the clerk adds (by the file dialog or by dropping them
on the panel) are read and checked at once by :func:`models.attachments.read_file_to_attach` and
wait, marked "not saved yet", until the letter is saved; a stored attachment the clerk removes
goes when the letter is saved. Opening an attachment writes a temporary copy and hands it to the
system viewer, so the record itself can never be changed by the viewer.
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.attachments import FileToAttach, read_file_to_attach, safe_file_name, size_text
from models.errors import DeskError
from models.records import Attachment
from models.timeutil import format_local
from ui import message_boxes

COLUMNS = ("Name", "Type", "Size", "SHA-256", "Status")
NAME, TYPE, SIZE, HASH, STATUS = range(len(COLUMNS))
HASH_SHOWN = 12
PENDING = "Not saved yet"

#: Writes a stored attachment's bytes into a folder and returns the file written.
SaveCopy = Callable[[int, Path], Path]


def choose_files(parent: QWidget | None) -> list[str]:
    """Ask for files to attach (tests replace this function)."""
    paths, _filter = QFileDialog.getOpenFileNames(parent, "Attach files", "", "All files (*)")
    return list(paths)


def open_file(path: Path) -> bool:
    """Open ``path`` with the system's viewer for its type (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


_VIEWING: Path | None = None


def viewing_folder() -> Path:
    """One temporary folder per run for the copies opened in the viewer, removed on exit.

    Copies of evidence must not pile up in the system's temporary folder; a copy still open in
    a viewer when the app quits is left for the system to clear (Windows refuses to delete it).
    """
    global _VIEWING
    if _VIEWING is None:
        _VIEWING = Path(tempfile.mkdtemp(prefix="detainer-desk-"))
        atexit.register(_remove_viewing_folder, _VIEWING)
    return _VIEWING


def _remove_viewing_folder(folder: Path) -> None:
    def writable_then_retry(func, path, _exc_info):
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)  # the copies were made read-only
        func(path)

    if folder.exists():
        shutil.rmtree(folder, onerror=writable_then_retry)


@dataclass(frozen=True)
class _Row:
    """One line of the list: a stored attachment or a file waiting to be saved."""

    name: str
    media_type: str
    size: int
    sha256: str
    stored: Attachment | None = None
    pending: FileToAttach | None = None


class AttachmentPanel(QWidget):
    """The list of a letter's files with Add, Open and Remove, and a drop target for files.

    Args:
        tz: The county's time zone, for when a stored file was attached.
        save_copy: Writes a stored attachment into a folder (``save_attachment_copy`` bound to
            a db).
        parent: The Qt parent.
    """

    changed = Signal()

    def __init__(self, tz: ZoneInfo, save_copy: SaveCopy, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz, self._save_copy = tz, save_copy
        self._stored: list[Attachment] = []
        self._pending: list[tuple[FileToAttach, str]] = []  # with its SHA-256, worked out once
        self._removed: list[int] = []
        self.setAcceptDrops(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Attachments")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (TYPE, SIZE, HASH, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.hint = QLabel("Drop files here or use Add files… to attach them.")
        self.hint.setStyleSheet("color: #555;")
        self.add_action = self._action("&Add files…", "Ctrl+Shift+A", self.add_files)
        self.open_action = self._action("&Open attachment", "Ctrl+Shift+O", self.open_selected)
        self.remove_action = self._action(
            "&Remove attachment", "Ctrl+Shift+R", self.remove_selected
        )
        buttons = QHBoxLayout()
        self.add_button = QPushButton("A&dd files…")
        self.open_button = QPushButton("O&pen")
        self.remove_button = QPushButton("Remo&ve")
        for button, action in (
            (self.add_button, self.add_action),
            (self.open_button, self.open_action),
            (self.remove_button, self.remove_action),
        ):
            button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._show()

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- what the letter is saved with -----------------------------------------------------------

    def load(self, attachments: Sequence[Attachment]) -> None:
        """Show a letter's stored attachments, with nothing pending."""
        self._stored, self._pending, self._removed = list(attachments), [], []
        self._show()

    def pending_files(self) -> list[FileToAttach]:
        return [file for file, _digest in self._pending]

    def removed_ids(self) -> list[int]:
        return list(self._removed)

    def state(self) -> tuple:
        """What differs from the stored list (for the editor's unsaved-changes check)."""
        return (tuple(digest for _file, digest in self._pending), tuple(self._removed))

    # -- adding -----------------------------------------------------------------------------------

    def add_files(self) -> None:
        """Ask for files and add them."""
        paths = choose_files(self)
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: Sequence[str | Path]) -> bool:
        """Read and add ``paths``; if any is refused, say why and add none of them."""
        files, problems = [], []
        for path in paths:
            try:
                files.append(read_file_to_attach(Path(path)))
            except DeskError as exc:
                problems.append(str(exc))
        known = {row.sha256: row.name for row in self._rows()}
        digests = [file.sha256 for file in files]
        for file, digest in zip(files, digests, strict=True):
            if digest in known:
                problems.append(
                    f"“{file.file_name}” has the same content as “{known[digest]}”, "
                    "which is already attached."
                )
            known[digest] = file.file_name
        if problems:
            title = "File not attached" if len(paths) == 1 else "Files not attached"
            message_boxes.show_error(self, title, "\n\n".join(problems))
            return False
        self._pending.extend(zip(files, digests, strict=True))
        self._show(select=len(self._rows()) - 1)
        self.changed.emit()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = _local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths)

    # -- opening and removing ---------------------------------------------------------------------

    def selected_row(self) -> int | None:
        row = self.table.currentRow()
        return row if 0 <= row < self.table.rowCount() and self.table.selectedItems() else None

    def open_selected(self) -> Path | None:
        """Write a temporary copy of the selected file and open it in the system viewer."""
        index = self.selected_row()
        if index is None:
            return None
        row = self._rows()[index]
        try:
            folder = Path(tempfile.mkdtemp(prefix="open-", dir=viewing_folder()))
            if row.stored is not None:
                path = self._save_copy(row.stored.id, folder)
            else:
                path = folder / safe_file_name(row.name)
                path.write_bytes(row.pending.content)
            # Read-only: edits in the viewer must not look as if they changed the record.
            os.chmod(path, stat.S_IREAD)
        except (DeskError, OSError) as exc:
            message_boxes.show_error(self, "Cannot open the attachment", str(exc))
            return None
        if not open_file(path):
            message_boxes.show_error(
                self,
                "Cannot open the attachment",
                f"No program on this computer opens “{row.name}”. A copy was saved as {path}.",
            )
        return path

    def remove_selected(self) -> None:
        """Take the selected file off the letter (a stored one goes when the letter is saved)."""
        index = self.selected_row()
        if index is None:
            return
        row = self._rows()[index]
        if row.stored is not None:
            self._removed.append(row.stored.id)
        else:
            self._pending = [p for p in self._pending if p[0] is not row.pending]
        self._show(select=min(index, len(self._rows()) - 1))
        self.changed.emit()

    # -- showing ----------------------------------------------------------------------------------

    def _rows(self) -> list[_Row]:
        rows = [
            _Row(a.file_name, a.media_type, a.size, a.sha256, stored=a)
            for a in self._stored
            if a.id not in self._removed
        ]
        rows += [
            _Row(f.file_name, f.media_type, f.size, digest, pending=f)
            for f, digest in self._pending
        ]
        return rows

    def row_texts(self) -> list[tuple[str, ...]]:
        """The list as shown, one tuple of cell texts a row."""
        return [
            tuple(self.table.item(r, c).text() for c in range(len(COLUMNS)))
            for r in range(self.table.rowCount())
        ]

    def _show(self, select: int | None = None) -> None:
        rows = self._rows()
        self.table.setRowCount(0)
        for row in rows:
            if row.stored is not None:
                when = format_local(row.stored.added_at, self.tz)
                status = f"Saved {when}" if when else "Saved"
            else:
                status = PENDING
            cells = (
                row.name,
                row.media_type,
                size_text(row.size),
                row.sha256[:HASH_SHOWN],
                status,
            )
            line = self.table.rowCount()
            self.table.insertRow(line)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == HASH:
                    item.setToolTip(f"SHA-256 {row.sha256}")
                elif column == SIZE:
                    item.setToolTip(f"{row.size:,} bytes")
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                elif column == NAME:
                    item.setToolTip(row.name)
                self.table.setItem(line, column, item)
        if select is not None and select >= 0:
            self.table.selectRow(select)
        removed = len(self._removed)
        self.hint.setText(
            "Drop files here or use Add files… to attach them."
            + (f" {removed} file(s) will be removed when you save." if removed else "")
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_row() is not None
        for action, button in (
            (self.open_action, self.open_button),
            (self.remove_action, self.remove_button),
        ):
            action.setEnabled(chosen)
            button.setEnabled(chosen)


def _local_paths(mime) -> list[str]:
    """The local files a drag carries (nothing if it carries anything else)."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [url.toLocalFile() for url in urls]
