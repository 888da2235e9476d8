"""Work done on a worker thread, on a database connection of its own.

SQLite connections are not shared between threads, so a worker opens its own connection to the
file the window has open, runs its work and closes it. Every way that can fail becomes a
sentence a clerk can read: a refusal says itself, and anything unexpected is logged and said
rather than dying silently on a thread nobody watches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThread, Signal, Slot

from models.errors import DeskError
from models.store import open_database

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the work gave back, or why it gave nothing (``error``, or ``cancelled``)."""

    value: object = None
    error: str | None = None
    cancelled: bool = False


def on_own_connection(
    db_path: Path,
    work: Callable[[Database], object],
    *,
    failing: str,
    cancelled: type[BaseException] | tuple[type[BaseException], ...] = (),
) -> Outcome:
    """Run ``work(db)`` on a new connection to ``db_path`` and close it; never raises.

    Args:
        db_path: The database file.
        work: What to do with the connection; its result is the outcome's value.
        failing: How an unexpected error's message starts ("Nothing was exported").
        cancelled: The exception(s) that mean the clerk cancelled.
    """
    try:
        db = open_database(db_path, create=False)
    except DeskError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # an OSError reading the file, say
        log.exception("The database could not be opened on a worker thread")
        return Outcome(error=f"The database could not be opened: {exc}")
    try:
        return Outcome(value=work(db))
    except cancelled:
        return Outcome(cancelled=True)
    except DeskError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:
        log.exception(failing)
        return Outcome(error=f"{failing} because of an unexpected error: {exc}")
    finally:
        db.close()


def emit_outcome(worker, outcome: Outcome) -> None:
    """Say how a worker's run ended through its ``cancelled``, ``failed`` or ``succeeded``."""
    if outcome.cancelled:
        worker.cancelled.emit()
    elif outcome.error is not None:
        worker.failed.emit(outcome.error)
    else:
        worker.succeeded.emit(outcome.value)


class AppOwnedWorker(QThread):
    """A cancellable worker thread owned by the application, not by the window that starts it.

    A window freed while the thread still runs must not free the thread with it (Qt aborts the
    program then): the window frees it once joined, or (the window gone first) it frees itself
    when it ends, see :meth:`orphan`. Quitting the application cancels it and waits for it.

    Signals:
        succeeded(object), cancelled(), failed(str): how the run ended (see
            :func:`emit_outcome`); subclasses add their own ``progressed``.
    """

    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self) -> None:
        app = QCoreApplication.instance()
        super().__init__(app)
        self._cancel = threading.Event()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @Slot()
    def request_cancel(self) -> None:
        """Ask the run to stop at its next check (safe from any thread)."""
        self._cancel.set()

    def is_cancelling(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def orphan(self) -> None:
        """The window is gone: cancel the run and free this thread once it has ended."""
        self._cancel.set()
        self.finished.connect(self.deleteLater)
        if self.isFinished():  # it ended before (deleting twice later is harmless)
            self.deleteLater()

    @Slot()
    def stop(self) -> None:
        """Cancel the run and wait for the thread to end (the application is quitting)."""
        self._cancel.set()
        self.wait()
