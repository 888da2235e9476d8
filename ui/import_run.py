"""A check or an import run from the Import window: start it, see it end, stop it to close.

A run goes on an :class:`ImportWorker` thread. However it ends (done, cancelled, refused), the
window learns it from the thread's ``finished`` signal and the worker's ``outcome``, read once:
the window shows the counts, or why nothing was imported, and a real run that brought rows in
is announced through ``imported`` so the main window's lists show them. Closing the window
while a run goes asks first; stopping cancels the run and waits for its thread (a run already
committing completes instead, and is then announced as any other).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import message_boxes
from ui.import_worker import ImportWorker

if TYPE_CHECKING:
    from ui.import_dialog import ImportDialog

CANCELLED = "Cancelled: nothing was imported."
STOP_TITLE = "Stop the import?"
STOP_TEXT = (
    "The file is still being imported. Stop now? Nothing from this file will be imported; "
    "you can import it again later."
)


def start_run(dialog: ImportDialog, *, dry_run: bool) -> ImportWorker | None:
    """Check (``dry_run``) or import the file on a worker thread; None if it cannot start."""
    if dialog.worker is not None or dialog.table is None or dialog.problems():
        return None
    worker = ImportWorker(
        dialog.desk.db_path,
        dialog.desk.actor,
        dialog.table,
        dialog.current_mapping(),
        profile_name=dialog.mapping_panel.profile_name(),
        dry_run=dry_run,
    )
    worker.progressed.connect(dialog.progress.advance)
    worker.finished.connect(dialog.run_finished)  # a bound slot: gone with the window
    # Freed however the window goes (its parent closed): cancelled, the thread left to end.
    dialog.destroyed.connect(worker.orphan)
    dialog.worker = worker
    dialog.result = None
    dialog.result_panel.hide()
    name = dialog.path.name if dialog.path else "the file"
    dialog.progress.start(f"Checking {name}…" if dry_run else f"Importing {name}…")
    dialog.set_running(True)
    worker.start()
    return worker


def finish_run(dialog: ImportDialog, worker: ImportWorker) -> None:
    """The run's thread has ended: join it and show how the run went (once)."""
    if dialog.worker is not worker:
        return  # already handled (the window waited for it while closing)
    worker.wait()  # run() has returned; join the thread before letting it go
    dialog.worker = None
    worker.deleteLater()
    dialog.progress.stop()
    dialog.set_running(False)
    outcome = worker.outcome
    name = dialog.path.name if dialog.path else "the file"
    if outcome is None or outcome.cancelled:
        dialog.result_panel.show_text(CANCELLED)
        return
    if outcome.error is not None:
        dialog.result_panel.show_text(outcome.error)
        title = "The file was not checked" if worker.dry_run else "Nothing was imported"
        message_boxes.show_error(dialog, title, outcome.error)
        return
    result = outcome.value
    dialog.result = result
    dialog.result_panel.show_result(result, source=name)
    if not result.dry_run and result.batch_id is not None:
        dialog.imported.emit(result)


def stop_before_closing(dialog: ImportDialog) -> bool:
    """Whether the window may close: no run going, or the clerk chose to stop it (stopped)."""
    worker = dialog.worker
    if worker is None:
        return True
    if not worker.dry_run and not message_boxes.confirm(dialog, STOP_TITLE, STOP_TEXT, "Stop"):
        return False
    worker.request_cancel()
    worker.wait()
    finish_run(dialog, worker)
    return True
