"""The Import window: read a jail export or a FOIA release, map its columns, check it, import it.

The clerk chooses (or drops) a file; it is read with what the reader detects, which the
"Read as" choices override. A saved profile that fits the file's columns is chosen for it, or
the mapping is guessed from the column names. The preview shows the first rows as they will be
imported (prepared with the mapping on screen, so a change of a column's field shows at once)
and the rows that would be rejected, in red, with the reason. "Check file" runs the whole file
without keeping anything; "Import" runs it for real. Both run on a worker thread with a progress
bar and Cancel (nothing is imported then), and end in the counts and the first problems, with
"Save error report…" when rows were rejected. Closing the window during a run asks, then
cancels and waits for the thread. The questions (which file, where to save, a profile's name)
are module functions that tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError
from models.importing.mapping import Mapping, fit_to_columns, guess_mapping, mapping_problems
from models.importing.prepare import RowProblem, prepare
from models.importing.reader import ReadOptions, SourceTable, open_table
from models.importing.report import default_report_path, write_error_report
from ui import message_boxes
from ui.dialogs.base import ModelessDialog
from ui.forms import list_view
from ui.import_controller import ImportDesk, workbook_sheets
from ui.import_mapping_panel import MappingPanel
from ui.import_preview_model import PREVIEW_ROWS, PreviewModel, first_items
from ui.import_profile_actions import delete_profile, save_profile
from ui.import_result_panel import ProgressRow, ResultPanel, plural
from ui.import_run import finish_run, start_run, stop_before_closing
from ui.import_source_panel import SUFFIXES, SourcePanel, ask_open_path
from ui.import_worker import ImportWorker

FOLDER_SETTING = "import/last_folder"
NO_FILE = "Choose a file to import (or drop one on this window)."


# -- the questions tests replace ----------------------------------------------------------------


def ask_save_path(parent: QWidget | None, title: str, start: str) -> str | None:
    """Ask where to save the error report; None if the clerk cancelled."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, start, "CSV (*.csv)")
    return path or None


def settings() -> QSettings:
    """Where the last folder a file was imported from is remembered (tests replace it)."""
    return QSettings()


def local_files(urls: list[QUrl]) -> list[Path]:
    """The dropped local files this window can read (by their ending)."""
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUFFIXES]


# -- the window ---------------------------------------------------------------------------------


#: Rows read once per opened file for the preview (its 50 bookings and their charge rows).
FIRST_ROWS = PREVIEW_ROWS * 8


class _FirstRows:
    """The opened file's first rows, as ``prepare`` reads a table (the preview's source)."""

    def __init__(self, columns: tuple[str, ...], rows: list) -> None:
        self.columns, self._rows = columns, rows

    def rows(self):
        return iter(self._rows)


class ImportDialog(ModelessDialog):
    """Import one file at a time into the database ``desk`` stands for.

    Signals:
        imported(ImportResult): a real run ended and brought rows in (the lists show them).
    """

    imported = Signal(object)

    def __init__(self, desk: ImportDesk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self.path: Path | None = None
        self.table: SourceTable | None = None
        self.result = None
        self.worker: ImportWorker | None = None
        self._profiles: dict = {}
        self._ctx = None
        self._cached: tuple = (None, [])  # (table, its first rows): what the preview reads
        self.setWindowTitle("Import")
        self.setAcceptDrops(True)
        self.source = SourcePanel()
        self.source.choose_requested.connect(self.choose_file)
        self.source.options_changed.connect(lambda: self._read(fresh=False))
        self.mapping_panel = MappingPanel()
        self.mapping_panel.changed.connect(self._recompute)
        self.mapping_panel.profile_chosen.connect(self._apply_profile)
        self.mapping_panel.save_requested.connect(self.save_profile)
        self.mapping_panel.delete_requested.connect(self.delete_profile)
        self.preview = PreviewModel(desk.tz, self)
        self.preview_title = QLabel(NO_FILE)
        self.preview_title.setWordWrap(True)
        self.preview_view = list_view(
            self.preview, "Preview of the rows as imported", (52, 160, 150, 90, 160, 130, 170)
        )
        self.preview_view.setWordWrap(False)  # "ROW-…-2" must not break at its hyphens
        self.progress = ProgressRow()
        self.progress.cancel_requested.connect(self.cancel_run)
        self.result_panel = ResultPanel()
        self.result_panel.save_report_requested.connect(self.save_error_report)
        self.check_button = QPushButton("Chec&k file")
        self.check_button.setToolTip("Read the whole file as it would be imported; keep nothing")
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button = QPushButton("&Import")
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        buttons = self.close_buttons(self.check_button, self.import_button)

        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        for part in (self.mapping_panel, preview_box, self.result_panel):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.load_profiles(None)
        self._recompute()
        self.resize(1240, 860)

    # -- the file ------------------------------------------------------------------------------

    def choose_file(self) -> Path | None:
        """Ask which file to import and read it; None if none was chosen."""
        remembered = settings()
        folder = str(remembered.value(FOLDER_SETTING, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        chosen = ask_open_path(self, folder)
        if not chosen:
            return None
        remembered.setValue(FOLDER_SETTING, str(Path(chosen).parent))
        self.open_file(chosen)
        return Path(chosen)

    def open_file(self, path: str | Path) -> bool:
        """Read ``path`` as detected and show it; False if a run is going (nothing changes)."""
        if self.worker is not None:
            message_boxes.show_info(
                self, "Import", "Wait for the import to end (or cancel it) before another file."
            )
            return False
        self.path = Path(path)
        self.result = None
        self.result_panel.hide()
        self.source.set_path(self.path)
        is_workbook = self.path.suffix.lower() in (".xlsx", ".xlsm")
        self.source.set_sheets(workbook_sheets(self.path) if is_workbook else [])
        self.source.set_options(ReadOptions())
        self._read(fresh=True)
        return self.table is not None

    def _read(self, *, fresh: bool) -> None:
        """Read the file with the choices on screen; a fresh file also gets a profile."""
        if self.path is None:
            return
        before = self.table.columns if self.table is not None else None
        try:
            self.table = open_table(self.path, self.source.options())
            sample = [row.cells for row in self._first_rows()[:PREVIEW_ROWS]]
        except DeskError as exc:  # unreadable, or still being written (it changed meanwhile)
            self.table = None
            self.source.set_table(None, str(exc))
            self.mapping_panel.model.set_source((), [])
            self._recompute()
            return
        if fresh or self._ctx is None:  # lookups and "now" as of this file's reading
            self._ctx = self.desk.context()
        self.source.set_table(self.table)
        current = self.mapping_panel.mapping(self.source.options())
        self.mapping_panel.model.set_source(self.table.columns, sample)
        if fresh or before is None:  # a new file, or one read at last: find it a profile
            self._choose_fitting_profile()
        elif self.table.columns != before:
            self._apply_profile(self.mapping_panel.profile_name(), reread=False)
        else:
            self.mapping_panel.set_mapping(current)
        self._recompute()

    # -- profiles ------------------------------------------------------------------------------

    def load_profiles(self, current: str | None) -> None:
        profiles = self.desk.profiles()
        self._profiles = {p.name.casefold(): p for p in profiles}
        self.mapping_panel.set_profiles([(p.name, bool(p.is_shipped)) for p in profiles], current)
        self._profile_buttons()

    def profile_named(self, name: str | None):
        return self._profiles.get(name.casefold()) if name else None

    def _choose_fitting_profile(self) -> None:
        """The first saved profile whose columns are all in the file; else the guessed mapping."""
        for profile in self._profiles.values():
            if not mapping_problems(profile.mapping, self.table.columns):
                self.mapping_panel.profile.blockSignals(True)
                self.mapping_panel.choose_profile(profile.name)
                self.mapping_panel.profile.blockSignals(False)
                self._apply_profile(profile.name)
                return
        self.mapping_panel.profile.blockSignals(True)
        self.mapping_panel.choose_profile(None)
        self.mapping_panel.profile.blockSignals(False)
        self._apply_profile(None)

    def _apply_profile(self, name: str | None, *, reread: bool = True) -> None:
        """Show the profile's mapping (its read choices too), or the one guessed from headers."""
        self._profile_buttons()
        if self.table is None:
            return
        profile = self.profile_named(name)
        if profile is not None and reread:
            read = profile.mapping.read
            chosen = self.source.options()
            merged = ReadOptions(
                encoding=read.encoding or chosen.encoding,
                delimiter=read.delimiter or chosen.delimiter,
                header_row=read.header_row or chosen.header_row,
                sheet=read.sheet or chosen.sheet,
            )
            if merged != chosen:
                self.source.set_options(merged)
                try:
                    self.table = open_table(self.path, merged)
                    sample = [row.cells for row in self._first_rows()[:PREVIEW_ROWS]]
                except DeskError as exc:
                    self.table = None
                    self.source.set_table(None, str(exc))
                    self._recompute()
                    return
                self.source.set_table(self.table)
                self.mapping_panel.model.set_source(self.table.columns, sample)
        if profile is None:
            self.mapping_panel.set_mapping(guess_mapping(self.table.columns))
            return
        mapping, missing = fit_to_columns(profile.mapping, self.table.columns)
        self.mapping_panel.set_mapping(mapping)
        if missing:  # never dropped without a word (saving the profile again would lose them)
            message_boxes.show_info(
                self,
                "Columns of the profile missing",
                f"The profile “{profile.name}” names columns this file does not have; those "
                "fields are not imported unless you choose their columns:\n\n" + "\n".join(missing),
            )

    def _profile_buttons(self) -> None:
        profile = self.profile_named(self.mapping_panel.profile_name())
        self.mapping_panel.delete_button.setEnabled(profile is not None and not profile.is_shipped)
        self.mapping_panel.save_button.setEnabled(self.table is not None and self.worker is None)

    def save_profile(self) -> str | None:
        """Save the mapping on screen as a profile (asking its name); the name, or None."""
        return save_profile(self)

    def delete_profile(self) -> bool:
        """Delete the chosen profile after asking; the mapping on screen stays."""
        return delete_profile(self)

    # -- what the mapping gives ----------------------------------------------------------------

    def current_mapping(self) -> Mapping:
        return self.mapping_panel.mapping(self.source.options())

    def problems(self) -> list[str]:
        """Why the file cannot be imported as mapped ([] when it can)."""
        if self.table is None:
            return [NO_FILE] if self.path is None else ["The file could not be read (see above)."]
        return mapping_problems(self.current_mapping(), self.table.columns)

    def _first_rows(self) -> list:
        """The file's first rows, read once per opened table (a workbook is slow to open)."""
        if self._cached[0] is not self.table:
            self._cached = (self.table, self.table.preview(FIRST_ROWS))
        return self._cached[1]

    def _recompute(self) -> None:
        """Check the mapping, prepare the preview rows, and enable what can be done."""
        problems = self.problems()
        shown = problems if self.table is not None else []
        self.mapping_panel.set_problems(shown)
        items: list = []
        if self.table is None:
            title = problems[0]
        elif problems:
            title = "The preview shows once the problems listed in red above are solved."
        else:
            try:
                first = _FirstRows(self.table.columns, self._first_rows())
                items = first_items(prepare(first, self.current_mapping(), self._ctx))
            except DeskError as exc:
                problems = [str(exc)]
                title = str(exc)
            else:
                bad = sum(1 for i in items if isinstance(i, RowProblem))
                rejected = f" ({plural(bad, 'problem')} in red: those rows would be rejected)"
                title = (
                    f"Preview: the first {plural(len(items) - bad, 'booking')} as they will be "
                    f"imported{rejected if bad else ''}."
                )
        self.preview.set_items(items)
        self.preview_view.clearSpans()
        for col in range(PreviewModel.PROBLEM + 1, PreviewModel.COLUMNS):
            # A column nothing fills (no charges in an ICE release, nothing withheld by a jail)
            # gives its room to the others; a blank preview keeps every heading.
            empty = bool(items) and not any(
                self.preview.row_texts(r)[col] for r in range(self.preview.rowCount())
            )
            self.preview_view.setColumnHidden(col, empty)
        for row in range(self.preview.rowCount()):
            if self.preview.is_problem(row):  # the reason across the row, where it can be read
                self.preview_view.setSpan(row, PreviewModel.PROBLEM, 1, PreviewModel.COLUMNS - 1)
        self.preview_title.setText(title)
        ready = not problems and self.worker is None
        reason = "" if ready else ("; ".join(problems) if problems else "An import is running.")
        for button in (self.check_button, self.import_button):
            button.setEnabled(ready)
            button.setToolTip(reason)
        self._profile_buttons()

    # -- runs (import_run.py) ---------------------------------------------------------------

    def start(self, *, dry_run: bool) -> ImportWorker | None:
        return start_run(self, dry_run=dry_run)

    def run_finished(self) -> None:
        """The run's thread has ended (nothing to do if closing the window already saw it)."""
        if self.worker is not None:
            finish_run(self, self.worker)

    def cancel_run(self) -> None:
        if self.worker is not None:
            self.worker.request_cancel()
            self.progress.cancelling()

    def save_error_report(self) -> Path | None:
        """Write the last run's problems to a CSV file the clerk chooses."""
        if self.result is None or self.path is None:
            return None
        start = str(default_report_path(self.path))
        chosen = ask_save_path(self, "Save the error report as", start)
        if not chosen:
            return None
        try:
            # The save dialog asked before replacing a file; the imported file is never replaced.
            written = write_error_report(
                self.result, Path(chosen), source=self.path, replace_any=True
            )
        except DeskError as exc:
            message_boxes.show_error(self, "Error report not saved", str(exc))
            return None
        count = plural(len(self.result.problems), "problem")
        message_boxes.show_info(self, "Error report saved", f"{count} written to {written}.")
        return written

    def set_running(self, running: bool) -> None:
        for part in (self.source, self.mapping_panel):
            part.setEnabled(not running)
        self._recompute()

    # -- drops and closing ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_files(event.mimeData().urls()) and self.worker is None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = local_files(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(paths[0])

    def reject(self) -> None:
        """Esc, Close and the title bar: a run going is stopped (after asking) first."""
        if stop_before_closing(self):
            super().reject()
