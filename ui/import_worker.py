"""One import (or one check of a file) run on a worker thread, on its own database connection.

The engine writes the whole file in one transaction, so cancelling (polled every few thousand
rows) leaves nothing behind: no booking and no batch row. A check is the same run rolled back
at its end, which gives exact counts. Like the export worker, the thread belongs to the
application rather than the window: a window closed while it runs cancels it, and the thread
frees itself once it has ended.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal

from models.importing.engine import ImportCancelled, run_import
from models.importing.mapping import Mapping
from models.importing.reader import SourceTable
from models.records import Staff
from ui.own_connection import AppOwnedWorker, Outcome, emit_outcome, on_own_connection


class ImportWorker(AppOwnedWorker):
    """Imports ``table`` with ``mapping`` (or checks it: ``dry_run``) on its own connection.

    Signals:
        progressed(done, total): how far the run is (rows or bytes, as the engine counts).
        succeeded(ImportResult): the run ended; for a real run its rows are committed.
        cancelled(): cancelling was asked for; nothing was imported.
        failed(str): a refusal or error in words; nothing was imported.

    Attributes:
        outcome: how the run ended (set on the worker thread before the signal is emitted),
            for a window that has to wait for the thread instead of its signal.
    """

    progressed = Signal(object, object)

    def __init__(
        self,
        db_path: Path,
        actor: Staff,
        table: SourceTable,
        mapping: Mapping,
        *,
        profile_name: str | None = None,
        dry_run: bool = False,
    ):
        super().__init__()
        self.db_path, self.actor, self.table, self.mapping = Path(db_path), actor, table, mapping
        self.profile_name, self.dry_run = profile_name, dry_run
        self.outcome: Outcome | None = None

    def run(self) -> None:  # runs on the worker thread
        failing = "Nothing was checked" if self.dry_run else "Nothing was imported"
        self.outcome = on_own_connection(
            self.db_path, self._import, failing=failing, cancelled=ImportCancelled
        )
        emit_outcome(self, self.outcome)

    def _import(self, db):
        if self._cancel.is_set():
            raise ImportCancelled("The import was cancelled; nothing was imported.")
        return run_import(
            db,
            self.actor,
            self.table,
            self.mapping,
            profile_name=self.profile_name,
            dry_run=self.dry_run,
            progress=lambda done, total: self.progressed.emit(done, total or 0),
            cancelled=self._cancel.is_set,
        )
