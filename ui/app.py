"""Start the GUI: the Qt application, the database, the main window (or a screenshot of it)."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from models.cli import resolve_db
from models.demo import fill_demo
from models.errors import DeskError
from models.staff import current_staff
from models.store import open_database

ORGANISATION = "Detainer Desk"


def _report_unexpected(kind, exc, tb) -> None:
    """Last resort for a bug: tell the clerk (a desktop app has no console) and keep running."""
    traceback.print_exception(kind, exc, tb)
    from ui import message_boxes

    message_boxes.show_error(
        None,
        "Unexpected error",
        f"Detainer Desk met a problem it did not expect ({kind.__name__}: {exc}).\n\n"
        "Everything already saved is safe. Please tell IT what you were doing.",
    )


def run_gui(db_arg: str | None, demo: bool = False, screenshot: str | None = None) -> int:
    """Open the main window on the chosen database; return the process exit code."""
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ui import backup_wiring, message_boxes
    from ui.main_window import MainWindow
    from ui.resources import resource_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName("Detainer Desk")
    app.setWindowIcon(QIcon(str(resource_path("icons", "detainer-desk.svg"))))
    if not screenshot:
        sys.excepthook = _report_unexpected
    db_path = resolve_db(db_arg, demo=demo)
    try:
        db = open_database(db_path)
        actor = current_staff(db)
        if demo:
            fill_demo(db, actor)
        window = MainWindow(db, actor, db_path, QSettings())
    except DeskError as exc:
        if screenshot:
            raise
        message_boxes.show_error(None, "Detainer Desk cannot open the database", str(exc))
        return 1
    window.show()
    if not screenshot:
        QTimer.singleShot(0, window.notify_due_soon)
        # The day's backup, on a worker thread: it never holds up the start.
        QTimer.singleShot(0, lambda: backup_wiring.start_auto_backup(window))
    if screenshot:

        def capture() -> None:
            target = Path(screenshot)
            if not window.grab().save(str(target)):
                print(f"detainer-desk: error: could not write {target}", file=sys.stderr)
                app.exit(1)
                return
            window.save_state()
            app.exit(0)

        QTimer.singleShot(300, capture)
    code = app.exec()
    db.close()
    return code
