"""File ▸ Import… and File ▸ Import history…, and files dropped on the main window.

:func:`install` adds both menu entries (Ctrl+I and Ctrl+Alt+I) to a main window, before Export
list… (or the separator above Quit), and makes the window take dropped files: a CSV, TXT, PSV,
TSV or XLSX file dropped anywhere on it opens the Import window with that file. One Import
window at a time per main window: asking again brings it to the front (with the dropped file,
unless it is busy). After an import or an undo the window's lists are read again. Closing the
main window while an import runs asks first, as closing the Import window does.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.import_controller import ImportDesk
from ui.import_dialog import ImportDialog, local_files
from ui.import_history_dialog import ImportHistoryDialog
from ui.import_run import stop_before_closing

IMPORT_SHORTCUT = "Ctrl+I"
HISTORY_SHORTCUT = "Ctrl+Alt+I"


def install(window) -> QAction:
    """Add File ▸ Import… and File ▸ Import history… to ``window``; return the Import action."""
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    )
    entries = file_menu.actions()
    quit_at = entries.index(window.quit_action) if window.quit_action in entries else len(entries)
    before = entries[quit_at - 1] if quit_at and entries[quit_at - 1].isSeparator() else None
    anchor = before or window.quit_action
    export = getattr(window, "export_action", None)
    if export is not None and export in entries:  # Import…, Import history…, Export list…
        anchor = export
    actions = []
    for text, shortcut, tip, slot in (
        ("&Import…", IMPORT_SHORTCUT, "Bring in a jail export or an ICE release", open_import),
        (
            "Import &history…",
            HISTORY_SHORTCUT,
            "The files imported, and undoing one",
            open_history,
        ),
    ):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False, slot=slot: slot(window))
        file_menu.insertAction(anchor, action)
        window.addAction(action)
        actions.append(action)
    window.import_action, window.import_history_action = actions
    window.import_dialog = None
    window.import_drops = DropOpener(window)
    return window.import_action


def desk_for(window) -> ImportDesk:
    return ImportDesk(window.db, window.actor, Path(window.db_path), window.tz)


def open_import(window, path: str | Path | None = None) -> ImportDialog:
    """Show the window's Import window (opening it if needed), with ``path`` read if given."""
    dialog = window.import_dialog
    if dialog is None:
        dialog = ImportDialog.open(desk_for(window), window)
        dialog.imported.connect(lambda _result: window.refresh())
        dialog.destroyed.connect(lambda _obj=None: _forget(window, dialog))
        dialog.finished.connect(lambda _code: _forget(window, dialog))
        window.import_dialog = dialog
    else:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    if path is not None:
        dialog.open_file(path)
    return dialog


def _forget(window, dialog) -> None:
    if getattr(window, "import_dialog", None) is dialog:
        window.import_dialog = None


def open_history(window) -> ImportHistoryDialog:
    """Show the list of files imported, with Undo…."""
    dialog = ImportHistoryDialog.open(desk_for(window), window)
    dialog.undone.connect(lambda _batch_id: window.refresh())
    return dialog


class DropOpener(QObject):
    """Takes files dropped on the main window (anywhere no part of it takes them itself).

    It also stands between the main window and its closing: an import still running is
    stopped (after asking) before the window goes, and a "no" keeps the window open.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            if self.may_close():
                return False  # the window's own closing goes on
            event.ignore()  # the clerk chose to keep importing: the window stays
            return True
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if local_files(event.mimeData().urls()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop and local_files(event.mimeData().urls()):
            event.acceptProposedAction()
            return self.drop(event.mimeData())
        return False

    def may_close(self) -> bool:
        """The main window is closing: an import still running is stopped first (after asking)."""
        dialog = getattr(self.window, "import_dialog", None)
        if dialog is None or dialog.worker is None:
            return True
        return stop_before_closing(dialog)

    def drop(self, mime) -> bool:
        """Open the Import window with the first readable file of ``mime``; False if none."""
        paths = local_files(mime.urls()) if mime.hasUrls() else []
        if not paths:
            return False
        open_import(self.window, paths[0])
        return True
