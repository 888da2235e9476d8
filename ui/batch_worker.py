"""A batch of letters made off the GUI thread, on its own database connection, cancellable.

SQLite connections are not shared between threads, so the worker opens its own connection to
the same file and closes it when done. It reports progress through a signal (delivered on the
GUI thread) and stops at the next letter once cancelling is asked for; :func:`run_batch` writes
nothing until every letter is made, so a cancelled run leaves no letter behind.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from models.letters.batch import BatchCancelled, detainers_received_on, run_batch
from models.records import Staff
from ui.own_connection import emit_outcome, on_own_connection


class BatchWorker(QThread):
    """Makes one letter for every detainer received on ``day``, in one transaction.

    Signals:
        progressed(done, total): after each letter is made.
        succeeded(BatchResult): the letters, the batch row and the combined PDF are stored.
        cancelled(): cancelling was asked for; nothing was written.
        failed(str): the run stopped on a refusal (a record lacking a field the letter needs,
            a translation not loaded ...); nothing was written.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        db_path: str | Path,
        actor: Staff,
        template_code: str,
        language: str,
        day: date,
        selection: str,
        parent=None,
    ):
        super().__init__(parent)
        self.db_path, self.actor = Path(db_path), actor
        self.template_code, self.language, self.day = template_code, language, day
        self.selection = selection
        self._cancel = threading.Event()

    def request_cancel(self) -> None:
        """Ask the run to stop at the next letter (safe from any thread)."""
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:  # runs on the worker thread
        outcome = on_own_connection(
            self.db_path, self._make, failing="The letters could not be made",
            cancelled=BatchCancelled,
        )  # fmt: skip
        emit_outcome(self, outcome)

    def _make(self, db):
        if self._cancel.is_set():
            raise BatchCancelled("Cancelled before the first letter.")
        abouts = detainers_received_on(db, self.day)
        return run_batch(
            db,
            self.actor,
            self.template_code,
            self.language,
            abouts,
            selection=self.selection,
            progress=self._progress,
        )
