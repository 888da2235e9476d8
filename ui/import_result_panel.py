"""The bottom of the Import window: how far a run is, and what it did.

While a check or an import runs, a progress bar and Cancel. When it ends: how many bookings were
created, updated, skipped (already in the database as they are in the file) and rejected, how
many immigration holds were recognised, the first problems (line, column, value, reason) and,
when rows were rejected, Save error report… for the whole list.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.forms import list_view
from ui.import_preview_model import ProblemsModel

COUNTS = (
    ("created", "Created"),
    ("updated", "Updated"),
    ("skipped", "Skipped (unchanged)"),
    ("rejected", "Rejected"),
    ("holds", "Holds found"),
)


COUNT_STYLE = "font-size: 16px; font-weight: 600;"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class ProgressRow(QWidget):
    """A progress bar and its Cancel button, shown while a run is going.

    Signals:
        cancel_requested(): Cancel was pressed.
    """

    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first report says how much there is
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.show()

    def advance(self, done: int, total: int) -> None:
        if total > 0:
            # A QProgressBar counts in int: work in thousandths, whatever the engine counts.
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, int(done * 1000 / total)))

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")

    def stop(self) -> None:
        self.hide()


class ResultPanel(QWidget):
    """The counts of the last run, its first problems and Save error report….

    Signals:
        save_report_requested(): Save error report… was pressed.
    """

    save_report_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Import result")
        self.headline.setStyleSheet("font-weight: 600;")
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(2)
        for col, (key, text) in enumerate(COUNTS):
            value = QLabel("–")
            value.setAccessibleName(text)
            value.setStyleSheet(COUNT_STYLE)
            value.setMinimumWidth(64)
            grid.addWidget(QLabel(text), 0, col)
            grid.addWidget(value, 1, col)
            self.counts[key] = value
        grid.setColumnStretch(len(COUNTS), 1)
        self.save_report = QPushButton("Sa&ve error report…")
        self.save_report.setAutoDefault(False)
        self.save_report.clicked.connect(self.save_report_requested)
        self.save_report.setEnabled(False)
        grid.addWidget(self.save_report, 1, len(COUNTS) + 1)
        self.problems_title = QLabel()
        self.problems = ProblemsModel(self)
        self.problem_view = list_view(self.problems, "Rejected rows", (60, 160, 180))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addLayout(grid)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problem_view, 1)
        self.hide()

    def show_result(self, result, *, source: str) -> None:
        """Show an ImportResult (a check's or an import's) for the file ``source``."""
        if result.dry_run:
            head = f"Check of {source}: nothing was imported. Importing it would give:"
        elif result.imported == 0:
            head = f"Nothing was imported from {source}: every row was rejected."
        else:
            batch = f" (import #{result.batch_id})" if result.batch_id else ""
            head = f"Imported {source}{batch}: {plural(result.rows_read, 'row')} read."
        self.headline.setText(head)
        for key, _text in COUNTS:
            self.counts[key].setText(f"{getattr(result, key):,}")
        self.counts["rejected"].setStyleSheet(
            COUNT_STYLE + (" color: #b00020;" if result.rejected else "")
        )
        self.problems.set_problems(list(result.problems))
        shown = self.problems.rowCount()
        if result.problems:
            more = f" (the first {shown:,})" if shown < len(result.problems) else ""
            self.problems_title.setText(f"Problems{more}: each rejected row and why")
        else:
            self.problems_title.setText("No row was rejected.")
        self.problem_view.setVisible(bool(result.problems))
        self.save_report.setEnabled(result.rejected > 0)
        self.show()

    def show_text(self, text: str) -> None:
        """Say how a run ended without counts (cancelled, or refused)."""
        self.headline.setText(text)
        for label in self.counts.values():
            label.setText("–")
        self.problems.set_problems([])
        self.problems_title.setText("")
        self.problem_view.hide()
        self.save_report.setEnabled(False)
        self.show()
