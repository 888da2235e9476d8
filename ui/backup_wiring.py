"""Settings ▸ Backups… and the daily backup on start: the menu entry, the controller, the jobs.

:func:`install` adds the menu entry (Ctrl+Alt+K) to a main window and a
:class:`BackupsController` that opens :class:`ui.backups_dialog.BackupsDialog` and does what it
asks. Every backup, check and restore runs on a worker thread (:class:`BackupJob`; a backup of
a large database takes seconds) with a connection of its own. :func:`start_auto_backup` writes
the day's backup after the window is shown, without ever holding up the start, and says how it
went in the status bar. The questions tests replace are :func:`ask_backup_path` and
:func:`open_folder`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from shiboken6 import isValid

from models.backups import (
    BackupCheck,
    BackupFile,
    auto_backup_if_due,
    backup_folder,
    backup_keep,
    list_backups,
    make_backup,
    manual_name,
    restore_backup,
    safety_copy_path,
    set_backup_settings,
    verify_backup,
)
from models.errors import DeskError
from models.records import StaffRole
from models.staff import current_staff
from ui import message_boxes
from ui.backups_dialog import BackupsDialog, size_text
from ui.own_connection import on_own_connection
from ui.saving import bring_forward

log = logging.getLogger(__name__)
SHORTCUT = "Ctrl+Alt+K"
FILTER = "Detainer Desk backup (*.sqlite3)"


def install(window) -> QAction:
    """Add Settings ▸ Backups… to ``window`` and its controller; return the action."""
    settings_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Settings"
    )
    window.backups_controller = BackupsController(window)
    action = QAction("&Backups…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Make, check and restore backups of the database")
    action.triggered.connect(lambda _checked=False: window.backups_controller.open_dialog())
    settings_menu.addSeparator()
    settings_menu.addAction(action)
    window.addAction(action)
    window.backups_action = action
    return action


def ask_backup_path(parent: QWidget | None, start: Path) -> Path | None:
    """Ask where to write a backup, starting at ``start``; None if the clerk cancelled."""
    path, _chosen = QFileDialog.getSaveFileName(
        parent, "Back up the database to", str(start), FILTER
    )
    if not path:
        return None
    return Path(path) if Path(path).suffix else Path(path + ".sqlite3")


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class BackupJob(QThread):
    """Runs ``work()`` on a worker thread; reports through ``done`` on the GUI thread.

    Owned by the application (not a dialog that may close first); it frees itself when done.

    Signals:
        succeeded(object): what ``work`` returned.
        failed(str): why it did not work, in words.
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], object], failing: str):
        app = QCoreApplication.instance()
        super().__init__(app)
        self.work, self.failing = work, failing
        self.finished.connect(self.deleteLater)
        if app is not None:
            app.aboutToQuit.connect(self.wait)  # a backup is never cut off half-way

    def run(self) -> None:  # on the worker thread
        try:
            value = self.work()
        except DeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            log.exception(self.failing)
            self.failed.emit(f"{self.failing} because of an unexpected error: {exc}")
        else:
            self.succeeded.emit(value)


class _Delivery(QObject):
    """Hands a job's outcome to plain callables on the GUI thread (bound slots, so queued)."""

    def __init__(self, job: BackupJob, ok: Callable[[object], None], bad: Callable[[str], None]):
        super().__init__()
        self.ok, self.bad, self.job = ok, bad, job
        job.succeeded.connect(self.deliver_ok)
        job.failed.connect(self.deliver_bad)

    @Slot(object)
    def deliver_ok(self, value) -> None:
        self.ok(value)

    @Slot(str)
    def deliver_bad(self, text: str) -> None:
        self.bad(text)


def run_job(work, failing: str, ok, bad, keep: set) -> BackupJob:
    """Start ``work`` on a worker thread; ``ok(value)`` or ``bad(text)`` follow on this one."""
    job = BackupJob(work, failing)
    delivery = _Delivery(job, ok, bad)
    keep.add(delivery)
    job.finished.connect(lambda: keep.discard(delivery))
    job.start()
    return job


def _own(db_path: Path, work, failing: str):
    """``work(db)`` on a connection of the worker thread's own; DeskError when it failed."""
    outcome = on_own_connection(db_path, work, failing=failing)
    if outcome.error is not None:
        raise DeskError(outcome.error)
    return outcome.value


def start_auto_backup(window) -> BackupJob:
    """Write today's daily backup (if not written yet) and say so in the status bar."""
    db_path = Path(window.db_path)
    keep = getattr(window, "_backup_jobs", None) or set()
    window._backup_jobs = keep  # the job's delivery lives until the job has ended

    def written(path) -> None:
        if path is not None:
            window.statusBar().showMessage(f"Daily backup written: {path}", 20_000)

    def failed(text: str) -> None:
        warning = f"Warning: the daily backup was not written. {text}"
        window.statusBar().showMessage(warning)
        # A status message goes as soon as a menu entry is hovered; this stays until the app
        # closes, so whoever sits at the desk can see it and tell IT.
        label = QLabel("Daily backup not written (see Settings ▸ Backups…)")
        label.setObjectName("daily_backup_warning")
        label.setToolTip(warning)
        label.setStyleSheet("color: #a40000; font-weight: bold;")
        window.statusBar().addPermanentWidget(label)

    return run_job(
        lambda: _own(db_path, lambda db: auto_backup_if_due(db, db_path), "No backup was written"),
        "No daily backup was written",
        written,
        failed,
        keep,
    )


class BackupsController(QObject):
    """Opens the Backups dialog for a window and does what it asks, off the GUI thread.

    Signals:
        finished(): a backup, check or restore has ended (however it ended).
        restored(Path): the database was restored; the path is the safety copy.
    """

    finished = Signal()
    restored = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: BackupsDialog | None = None
        self._jobs: set = set()
        self._busy = ""  # what is running (one backup, check or restore at a time), or ""

    @property
    def db_path(self) -> Path:
        return Path(self.window.db_path)

    def can_edit(self) -> bool:
        return self.window.actor.role == StaffRole.ADMINISTRATOR

    def open_dialog(self) -> BackupsDialog | None:
        """Open the Backups dialog (or bring the open one forward); None if it cannot."""
        if self.dialog is not None:
            return bring_forward(self.dialog)
        db = self.window.db
        try:
            folder, found = backup_folder(db, self.db_path), list_backups(db, self.db_path)
            keep = backup_keep(db)
        except DeskError as exc:
            message_boxes.show_error(self.window, "Cannot show the backups", str(exc))
            return None
        dialog = BackupsDialog.open(
            folder, found, keep, self.can_edit(), parent=self.window, tz=self.window.tz
        )
        dialog.backup_requested.connect(lambda d=dialog: self.back_up(d))
        dialog.verify_requested.connect(lambda b, d=dialog: self.verify(d, b))
        dialog.restore_requested.connect(lambda b, d=dialog: self.restore(d, b))
        dialog.open_folder_requested.connect(lambda d=dialog: self.show_folder(d))
        dialog.keep_changed.connect(lambda n, d=dialog: self.change_keep(d, n))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        if self._busy:  # reopened while the work it started goes on
            dialog.set_busy(self._busy)
        return dialog

    def _refuse_if_busy(self, dialog) -> bool:
        if self._busy:
            message_boxes.show_info(
                dialog, "Backups", f"Wait until this has finished: {self._busy}"
            )
            return True
        return False

    def _parent(self, dialog):
        return dialog if isValid(dialog) else self.window

    def _set_busy(self, dialog, text: str) -> None:
        self._busy = text
        if isValid(dialog):
            dialog.set_busy(text)

    def reload(self, dialog: BackupsDialog, select: Path | None = None) -> None:
        """List the backups again."""
        try:
            dialog.load(backup_folder(self.window.db, self.db_path), self._list())
        except DeskError as exc:
            dialog.set_idle(str(exc))
            return
        if select is not None:
            dialog.select_path(select)

    def _list(self) -> list[BackupFile]:
        return list_backups(self.window.db, self.db_path)

    def back_up(self, dialog: BackupsDialog) -> BackupJob | None:
        """Ask for the file (in the backup folder by default), then write it off this thread."""
        if self._refuse_if_busy(dialog):
            return None
        try:
            folder = backup_folder(self.window.db, self.db_path, create=True)
        except DeskError as exc:
            message_boxes.show_error(dialog, "No backup was written", str(exc))
            return None
        target = ask_backup_path(dialog, folder / manual_name(self.db_path))
        if target is None:
            return None
        if target.resolve() == self.db_path.resolve():
            message_boxes.show_error(
                dialog, "No backup was written", "A backup cannot be written over the database."
            )
            return None
        db_path = self.db_path
        self._set_busy(dialog, f"Writing the backup {target}…")

        def done(path: Path) -> None:
            text = f"Backup written: {path} ({size_text(path.stat().st_size)})."
            self._end(dialog, text, select=path)

        return self._run(
            dialog,
            lambda: _own(db_path, lambda db: make_backup(db, target), "No backup was written"),
            "No backup was written",
            done,
        )

    def verify(self, dialog: BackupsDialog, backup: BackupFile) -> BackupJob | None:
        """Check ``backup`` off this thread and say what was found."""
        if self._refuse_if_busy(dialog):
            return None
        self._set_busy(dialog, f"Checking {backup.path.name}…")

        def done(check: BackupCheck) -> None:
            self._end(dialog, check.message)
            if not check.ok:
                message_boxes.show_error(
                    self._parent(dialog), "The backup does not check out", check.message
                )

        return self._run(dialog, lambda: verify_backup(backup.path), "The check failed", done)

    def restore(self, dialog: BackupsDialog, backup: BackupFile) -> BackupJob | None:
        """Check ``backup``, ask (naming the safety copy), then restore it off this thread."""
        if not self.can_edit():
            message_boxes.show_error(
                dialog, "Not restored", "Only an administrator can restore a backup."
            )
            return None
        if self._refuse_if_busy(dialog):
            return None
        running = import_running(self.window) or unsaved_editors(self.window)
        if running:
            message_boxes.show_error(dialog, "Not restored", running)
            return None
        self._set_busy(dialog, f"Checking {backup.path.name} before restoring it…")

        def checked(check: BackupCheck) -> None:
            if not check.ok:
                self._end(dialog, check.message)
                message_boxes.show_error(self._parent(dialog), "Not restored", check.message)
                return
            if not isValid(dialog):  # the window was closed meanwhile: ask nothing, change nothing
                self._end(dialog, "")
                return
            self._confirm_and_restore(dialog, backup, check)

        return self._run(dialog, lambda: verify_backup(backup.path), "The check failed", checked)

    def _confirm_and_restore(self, dialog, backup: BackupFile, check: BackupCheck) -> None:
        safety = safety_copy_path(self.window.db, self.db_path)
        question = (
            f"Replace every record in the database by the backup {backup.path.name}?\n\n"
            f"{check.message}\n\nThe database as it is now is first copied to {safety}. "
            "Every desk that has the database open sees the restored records."
        )
        if not message_boxes.confirm(dialog, "Restore a backup", question, "Restore"):
            self._end(dialog, "Not restored: nothing was changed.")
            return
        db_path, login = self.db_path, self.window.actor.os_login
        self._set_busy(dialog, f"Restoring {backup.path.name}…")

        def done(kept: Path) -> None:
            text = f"Restored {backup.path.name}. The database as it was is kept at {kept}."
            self.window.refresh()  # every list shows the restored records
            self._end(dialog, text, select=kept)
            self.restored.emit(kept)
            parent = dialog if isValid(dialog) else self.window
            message_boxes.show_info(parent, "Backup restored", text + self._who_now())

        self._run(
            dialog,
            lambda: restore_backup(db_path, backup.path, login, safety=safety),
            "Nothing was restored",
            done,
        )

    def _who_now(self) -> str:
        """A warning when the restored staff list names the person at the desk differently."""
        actor = self.window.actor
        try:
            now = current_staff(self.window.db, actor.os_login)
        except DeskError:
            return ""
        if (now.id, now.role) == (actor.id, actor.role):
            return ""
        return (
            f"\n\nIn the restored database you are {now.full_name} ({now.role}). Close "
            "Detainer Desk and open it again before you change anything."
        )

    def show_folder(self, dialog: BackupsDialog) -> None:
        """Open the backup folder in the file manager (made first if it does not exist)."""
        try:
            folder = backup_folder(self.window.db, self.db_path, create=True)
        except DeskError as exc:
            message_boxes.show_error(dialog, "Cannot open the backup folder", str(exc))
            return
        if not open_folder(folder):
            message_boxes.show_error(dialog, "Cannot open the backup folder", str(folder))

    def change_keep(self, dialog: BackupsDialog, keep: int) -> None:
        """Keep ``keep`` daily backups from now on (administrators; audited)."""
        try:
            set_backup_settings(self.window.db, self.window.actor, keep=keep)
        except DeskError as exc:
            dialog.reset_keep(backup_keep(self.window.db))
            message_boxes.show_error(dialog, "Not changed", str(exc))
            return
        dialog.set_idle(
            f"The newest {keep} daily backup{'s are' if keep != 1 else ' is'} kept from now on."
        )

    def _run(self, dialog, work, failing: str, ok) -> BackupJob:
        def bad(text: str) -> None:
            self._end(dialog, text)
            message_boxes.show_error(self._parent(dialog), failing, text)

        return run_job(work, failing, ok, bad, self._jobs)

    def _end(self, dialog: BackupsDialog, text: str, select: Path | None = None) -> None:
        self._busy = ""
        if isValid(dialog):  # the clerk may have closed it while the work went on
            self.reload(dialog, select)
            dialog.set_idle(text)
        self.finished.emit()


def import_running(window) -> str:
    """Why a restore must wait while this window's import runs, or "" when none runs."""
    dialog = getattr(window, "import_dialog", None)
    worker = getattr(dialog, "worker", None) if dialog is not None and isValid(dialog) else None
    if worker is not None and worker.isRunning():
        return "An import is running. Restore the backup once it has finished or been cancelled."
    return ""


def unsaved_editors(window) -> str:
    """Why a restore must wait while editors hold unsaved changes, or "" when none do."""
    opener = getattr(window, "open_editors", None)
    dirty = [d for d in (opener() if opener else []) if getattr(d, "is_dirty", lambda: False)()]
    if not dirty:
        return ""
    count = f"{len(dirty)} editor{'s have' if len(dirty) != 1 else ' has'}"
    return (
        f"{count} changes that are not saved. Save or close {'them' if len(dirty) != 1 else 'it'} "
        "first: after a restore they would be changes to records as they no longer are."
    )
