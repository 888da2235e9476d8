"""Export a list or the figures to CSV or Excel: the dialog, its worker thread, the entry points.

The dialog says what will be exported (the list as its filters show it, or the figures of a
period), offers the public-release option for a list (figures identify nobody, so they are not
offered it) and asks for the file when Export… is pressed. The file is written on a worker
thread with its own database connection, behind a progress dialog whose Cancel leaves no file
and no export-log row; the count of rows written is reported when it is done. Closing the
dialog however it is closed (Esc, Close, the title bar) cancels a running export the same way
and waits for its thread (an export already past its last check, being saved and logged,
completes instead: it is then whole); the thread belongs to the application, not the dialog,
and is freed once it has ended. The question of where to save is :func:`ask_save_path`, which
tests replace (or they replace ``QFileDialog.getSaveFileName`` under it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseQuery, count_cases
from models.errors import DeskError
from models.export import (
    PUBLIC_RELEASE_TEXT,
    ExportCancelled,
    ExportResult,
    ExportSource,
    case_source,
    check_target,
    database_file,
    run_export,
    statistics_source,
)
from models.export.cases import query_json
from models.records import Staff
from models.settings import county_timezone
from models.stats.figures import Statistics
from ui import message_boxes
from ui.dialogs.base import ModelessDialog
from ui.own_connection import AppOwnedWorker, emit_outcome, on_own_connection

FILTERS = "CSV (opens in Excel) (*.csv);;Excel workbook (*.xlsx)"
PUBLIC_RELEASE_LABEL = f"Public release ({PUBLIC_RELEASE_TEXT})"
FOLDER_SETTING = "export/last_folder"
#: Filter keys the summary does not mention (how the list is sorted, the columns written).
_UNSAID = {"sort", "descending", "columns", "today"}


@dataclass(frozen=True)
class ExportOffer:
    """What the dialog offers to export.

    Attributes:
        what: the export log's name for the list (``cases``).
        title: how the clerk calls it (``Cases``).
        summary: what will be written, in a sentence.
        file_stem: the file name offered, without its ending.
        make_source: builds the export from a database connection (the worker thread's own).
        tz: the county's zone.
        public_release: whether a public release is offered (a list of people: yes; figures,
            which identify nobody: no).
    """

    what: str
    title: str
    summary: str
    file_stem: str
    make_source: Callable[[object], ExportSource]
    tz: ZoneInfo
    public_release: bool = True


# -- the questions tests replace --------------------------------------------------------------


def ask_save_path(parent: QWidget | None, title: str, start: str) -> str | None:
    """Ask where to write the export (CSV or Excel); None if the clerk cancelled."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, start, FILTERS)
    if not path:
        return None
    if not Path(path).suffix:  # typed without an ending: the file type chosen decides
        path += ".xlsx" if "xlsx" in (chosen or "") else ".csv"
    return path


def settings() -> QSettings:
    """Where the last export folder is remembered (tests replace it)."""
    return QSettings()


# -- entry points -----------------------------------------------------------------------------


def export_cases(parent, db, actor: Staff, tz: ZoneInfo, query: CaseQuery) -> ExportDialog:
    """Offer to export the cases ``query`` lists (its filters, search, sort and subset)."""
    filters = query_json(query)
    count = count_cases(db, query, tz)
    shown = f"{count:,} case{'s' if count != 1 else ''}"
    offer = ExportOffer(
        "cases",
        "Cases",
        f"The case list as it is filtered now, {shown}: {describe(filters)}.",
        "cases",
        lambda conn: case_source(conn, query, tz),
        tz,
    )
    return export_list(parent, db, actor, offer)


def export_statistics(parent, db, actor: Staff, stats: Statistics) -> ExportDialog:
    """Offer to export every figure of ``stats`` (CSV: one long table; Excel: a sheet a table)."""
    period = stats.period
    offer = ExportOffer(
        "statistics",
        "Statistics",
        f"Every figure for {period.label}, {stats.filters.label}.",
        f"statistics-{period.start.isoformat()}-to-{period.end.isoformat()}",
        lambda _conn: statistics_source(stats),
        county_timezone(db),
        public_release=False,
    )
    return export_list(parent, db, actor, offer)


def export_list(parent, db, actor: Staff, offer: ExportOffer) -> ExportDialog:
    """Open the export dialog for ``offer`` (window-modal, without blocking)."""
    return ExportDialog.open(database_file(db), actor, offer, parent)


def describe(filters: dict) -> str:
    """A query as a clerk reads it: ``search “garc”, booked from 2010-01-01``."""
    parts = []
    for key, value in filters.items():
        if key in _UNSAID or value in (None, "", False, {}):
            continue
        name = key.replace("_", " ")
        if value is True:
            parts.append(name)
        elif isinstance(value, str):
            parts.append(f"{name} “{value}”")
        else:
            parts.append(f"{name} {value}")
    return ", ".join(parts) or "no filter, every row"


# -- the dialog -------------------------------------------------------------------------------


class ExportDialog(ModelessDialog):
    """Export one list or the figures: public-release option, file, progress, result.

    Window-modal: the list's filters cannot change under an export the clerk is setting up.
    """

    def __init__(self, db_path: Path, actor: Staff, offer: ExportOffer, parent=None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.db_path, self.actor, self.offer = db_path, actor, offer
        self.worker: ExportWorker | None = None
        self.progress: QProgressDialog | None = None
        self.result: ExportResult | None = None
        self._close_when_joined = False
        self.setWindowTitle(f"Export {offer.title.lower()}")
        self.summary = QLabel(offer.summary)
        self.summary.setWordWrap(True)
        self.public_release = QCheckBox(PUBLIC_RELEASE_LABEL)
        self.public_release.setAccessibleName("Public release")
        self.public_release.setVisible(offer.public_release)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export result")
        self.export_button = QPushButton("&Export…")
        self.export_button.clicked.connect(self.choose_and_export)
        buttons = self.close_buttons(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.public_release)
        layout.addWidget(QLabel("The file's type follows its name: .csv (CSV) or .xlsx (Excel)."))
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def choose_and_export(self) -> ExportWorker | None:
        """Ask for the file, then write it on a worker thread; None if nothing was started."""
        if self.worker is not None:
            return None
        remembered = settings()
        folder = str(remembered.value(FOLDER_SETTING, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        start = Path(folder) / f"{self.offer.file_stem}-{date.today().isoformat()}.xlsx"
        chosen = ask_save_path(self, f"Export {self.offer.title.lower()} as", str(start))
        if not chosen:
            return None
        try:
            target = check_target(chosen)
        except DeskError as exc:
            self.status.setText(str(exc))
            message_boxes.show_error(self, "Nothing was exported", str(exc))
            return None
        remembered.setValue(FOLDER_SETTING, str(target.parent))
        return self.start(target)

    def start(self, target: Path) -> ExportWorker:
        """Write the export to ``target`` on a worker thread, behind a progress dialog."""
        public = self.offer.public_release and self.public_release.isChecked()
        worker = ExportWorker(self.db_path, self.actor, self.offer, target, public)
        progress = QProgressDialog(f"Exporting {self.offer.title.lower()}…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Exporting")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a small list is done before a dialog would flash
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(worker.request_cancel)
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.cancelled.connect(self._cancelled)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._worker_done)
        # Freed however the dialog goes (its parent closed): cancelled, the thread left to end.
        self.destroyed.connect(worker.orphan)
        self.worker, self.progress = worker, progress
        self.export_button.setEnabled(False)
        self.status.setText(f"Writing {target}…")
        worker.start()
        return worker

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is None:
            return
        if total > 0:
            self.progress.setMaximum(max(total, done))
        self.progress.setValue(done)

    def _succeeded(self, result: ExportResult) -> None:
        self.result = result
        rows = f"{result.row_count:,} row{'s' if result.row_count != 1 else ''}"
        public = " as a public release" if result.public_release else ""
        text = f"{rows} written to {result.path}{public}."
        self._end(text)
        message_boxes.show_info(self, "Export written", text)
        # Closed once the worker's thread has ended (a dialog freed first would free the thread
        # object while it still runs), and never while the message above is still open.
        if self.worker is None:
            self.accept()
        else:
            self._close_when_joined = True

    def _cancelled(self) -> None:
        self._end("Cancelled: no file was written.")

    def _failed(self, text: str) -> None:
        self._end(text)
        message_boxes.show_error(self, "Nothing was exported", text)

    def _end(self, text: str) -> None:
        self.status.setText(text)
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.export_button.setEnabled(True)

    def _worker_done(self) -> None:
        worker = self.worker
        if worker is None:
            return
        worker.wait()  # run() has returned; join the thread before letting it go
        self.worker = None
        worker.deleteLater()
        if self._close_when_joined:
            self.accept()

    def _stop_worker(self) -> None:
        """Cancel a running export (nothing is written) and wait until its thread has ended."""
        if self.worker is not None:
            self.worker.request_cancel()
            self.worker.wait()

    def done(self, result: int) -> None:
        """Esc, Close and accept end here: a running export is cancelled before the dialog goes."""
        self._stop_worker()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """A running export is cancelled (nothing written) before the dialog goes."""
        self._stop_worker()
        super().closeEvent(event)


class ExportWorker(AppOwnedWorker):
    """Writes one export on its own database connection.

    Signals:
        progressed(done, total): rows written so far, of ``total`` (0: not known).
        succeeded(ExportResult): the file is in place and logged.
        cancelled(): cancelling was asked for; no file and no log row were written.
        failed(str): a refusal the clerk can act on; nothing was written.
    """

    progressed = Signal(int, int)

    def __init__(self, db_path: Path, actor: Staff, offer: ExportOffer, target: Path, public: bool):
        super().__init__()  # owned by the application: see AppOwnedWorker
        self.db_path, self.actor, self.offer = db_path, actor, offer
        self.target, self.public = target, public

    def _progress(self, done: int, total: int | None) -> bool:
        self.progressed.emit(done, total or 0)
        return not self._cancel.is_set()

    def run(self) -> None:  # runs on the worker thread
        outcome = on_own_connection(
            self.db_path, self._export, failing="Nothing was exported", cancelled=ExportCancelled
        )
        emit_outcome(self, outcome)

    def _export(self, db):
        return run_export(
            db,
            self.actor,
            self.offer.make_source(db),
            self.target,
            public_release=self.public,
            tz=self.offer.tz,
            progress=self._progress,
        )
