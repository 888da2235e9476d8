"""The Dashboard's figures worked out off the GUI thread, on their own database connection.

A year of a large county takes seconds to count; done on the GUI thread it would freeze the
window. SQLite connections are not shared between threads, so the worker opens its own
connection to the same file (as :mod:`ui.batch_worker` does) and closes it when done. Each
request carries a generation number, handed back with its result, so that
:class:`FiguresRunner` can drop the answer to a question that a newer one has replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from ui.own_connection import on_own_connection

if TYPE_CHECKING:
    from sqlite_utils import Database

    from models.stats.figures import Statistics


class FiguresWorker(QThread):
    """Works out one set of figures: ``compute(db)`` on a connection of its own.

    Signals (delivered on the GUI thread):
        succeeded(generation, Statistics): the figures asked for.
        failed(generation, str): why they could not be worked out.

    Args:
        db_path: The database file the window has open.
        generation: The number of the request, handed back with its answer.
        compute: Works the figures out on the connection given; runs on the worker thread,
            so it must touch no widget.
        parent: The Qt parent; it must outlive the thread (Qt aborts the program when a
            running thread is destroyed).
    """

    succeeded = Signal(int, object)
    failed = Signal(int, str)

    def __init__(
        self,
        db_path: str | Path,
        generation: int,
        compute: Callable[[Database], Statistics],
        parent=None,
    ):
        super().__init__(parent)
        self.db_path, self.generation, self._compute = Path(db_path), generation, compute

    def run(self) -> None:  # runs on the worker thread
        outcome = on_own_connection(
            self.db_path, self._compute, failing="The figures could not be worked out"
        )
        if outcome.error is not None:
            self.failed.emit(self.generation, outcome.error)
        else:
            self.succeeded.emit(self.generation, outcome.value)


class FiguresRunner(QObject):
    """Runs one count at a time on a :class:`FiguresWorker`; only the newest request is answered.

    A request made while a count runs waits for it (a database is not made to count two
    periods at once) and replaces any request still waiting. The answer to a request that a
    newer one replaced, or that :meth:`drop` forgot, is dropped when it comes back.

    Signals (on the GUI thread):
        succeeded(Statistics): the figures of the newest request.
        failed(str): why the newest request could not be answered.

    Args:
        db_path: The database file the window has open.
        parent: The Qt parent (the panel that shows the figures).
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, db_path: str | Path, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        #: The number of the newest request; an answer to an older one is dropped.
        self.generation = 0
        self._worker: FiguresWorker | None = None
        self._pending: tuple[int, Callable[[Database], Statistics]] | None = None
        self._closed = False

    def request(self, compute: Callable[[Database], Statistics]) -> None:
        """Have ``compute(db)`` run on a connection of its own, after the count running."""
        if self._closed:
            return
        self.generation += 1
        self._pending = (self.generation, compute)
        self._start_pending()

    def drop(self) -> None:
        """Forget every request made: whatever comes back is dropped."""
        self.generation += 1
        self._pending = None

    def running(self) -> bool:
        """Whether a worker thread is counting (perhaps for a request since replaced)."""
        return self._worker is not None and self._worker.isRunning()

    def shutdown(self) -> None:
        """The window is closing: start nothing more, and wait for the count running.

        A count cannot be stopped halfway; it takes a few seconds at most. The thread must be
        joined before its QThread object (a child of the closing window) is destroyed.
        """
        self._closed = True
        self.drop()
        if self._worker is not None:
            self._worker.wait()

    def _start_pending(self) -> None:
        if self._worker is not None or self._pending is None or self._closed:
            return
        generation, compute = self._pending
        self._pending = None
        # The application owns the thread, not the window: a window torn down without being
        # closed (so without waiting) must not destroy a thread still running. The thread
        # deletes itself once done; its answer to a runner gone by then goes nowhere.
        worker = FiguresWorker(self.db_path, generation, compute, QCoreApplication.instance())
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._finished)
        worker.finished.connect(worker.deleteLater)  # after _finished: both queued, in order
        self._worker = worker
        worker.start()

    def _succeeded(self, generation: int, stats: Statistics) -> None:
        if generation == self.generation and not self._closed:
            self.succeeded.emit(stats)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self.generation and not self._closed:
            self.failed.emit(message)

    def _finished(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()  # run() has returned; join the thread before letting it go
        self._start_pending()
