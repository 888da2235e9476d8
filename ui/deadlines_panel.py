"""The Deadlines work area: every running hold and decision clock, soonest first, counting down.

Two timers keep it honest without loading the database: every 30 seconds the countdowns and
colours are re-rendered against the clock; every 5 minutes (and on :meth:`DeadlinesPanel.reload`,
which the window calls on F5 and after saves) the clocks are read again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.clocks import ClockState
from models.detainer_clocks import RunningClock
from ui.deadlines_model import KINDS, DeadlinesModel
from ui.forms import buddy_label, list_view

TICK_MS = 30_000
RELOAD_MS = 5 * 60_000
NOTHING_RUNNING = "No clock is running: no detainer is waiting for a decision or holding anyone."
NOTHING_OF_KIND = {
    "hold": "No hold clock is running.",
    "decision": "No decision is due: no undecided detainer has a release-eligible time.",
}
ERROR_STYLE = "color: #b00020;"


class DeadlinesPanel(QWidget):
    """What is due: a summary line, a kind filter and the table of running clocks.

    Args:
        model: The clocks; the panel loads it on creation and on :meth:`reload`.
        tick_ms: How often the countdowns are re-rendered (no database read).
        reload_ms: How often the clocks are read again from the database.
        parent: The Qt parent.
    """

    #: A detainer the clerk asked to open (double-click or Enter on its row).
    open_requested = Signal(int)

    def __init__(
        self,
        model: DeadlinesModel,
        tick_ms: int = TICK_MS,
        reload_ms: int = RELOAD_MS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.summary = QLabel()
        self.summary.setAccessibleName("Deadlines summary")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Show which clocks")
        for kind, label in KINDS.items():
            self.kind.addItem(label, kind)
        kind_label = buddy_label("&Show", self.kind)
        self.error_label = QLabel()
        self.error_label.setAccessibleName("Deadlines error")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.empty_label = QLabel()
        self.empty_label.setAccessibleName("No running clocks")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Not alternating: the row colours say overdue and due today.
        widths = (130, 190, 230, 220, 110, 120)
        self.table = list_view(model, "Running clocks", widths, alternating=False)
        self.table.doubleClicked.connect(self._open_index)
        # Enter opens the row; handled here (not through ``activated``, which some styles also
        # emit on double-click) so one gesture opens one editor.
        open_on_enter(self.table, self._open_current)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        model.failed.connect(self._show_failure)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(tick_ms)
        self.tick_timer.timeout.connect(self.tick)
        self.reload_timer = QTimer(self)
        self.reload_timer.setInterval(reload_ms)
        self.reload_timer.timeout.connect(self.reload)
        self.reload()
        self.tick_timer.start()
        self.reload_timer.start()

    def reload(self) -> None:
        """Read the clocks again (F5, after a save, every few minutes), keeping the selection."""
        selected = self.selected_detainer_id()
        if self.model.reload():
            self.error_label.hide()
        self.reload_timer.start()  # the next automatic reload counts from this one
        self._update_labels()
        if selected is not None:
            self.select_detainer(selected)

    def tick(self) -> None:
        """Re-render countdowns and colours against the current time."""
        self.model.tick()
        self._update_labels()

    def due_soon(self, hours: int = 24) -> list[RunningClock]:
        """Clocks of the last load overdue or due within ``hours``, for the start-up notice."""
        return self.model.due_soon(hours)

    def selected_detainer_id(self) -> int | None:
        clock = self.model.clock(self.table.currentIndex().row())
        return clock.detainer_id if clock is not None else None

    def select_detainer(self, detainer_id: int) -> None:
        """Put the cursor on the first clock of ``detainer_id``, if it is shown."""
        for row in range(self.model.rowCount()):
            clock = self.model.clock(row)
            if clock is not None and clock.detainer_id == detainer_id:
                index = self.model.index(row, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return

    def _kind_changed(self) -> None:
        self.model.set_kind(self.kind.currentData())
        self._update_labels()

    def _update_labels(self) -> None:
        counts = self.model.counts()
        self.summary.setText(
            f"{counts[ClockState.OVERDUE]} overdue · {counts[ClockState.DUE_TODAY]} due today · "
            f"{counts[ClockState.RUNNING]} running"
        )
        empty = self.model.rowCount() == 0
        if empty:
            text = NOTHING_RUNNING
            if self.model.total and self.model.kind is not None:
                text = NOTHING_OF_KIND[self.model.kind]
            self.empty_label.setText(text)
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    def _show_failure(self, message: str) -> None:
        kept = "" if self.model.loaded_at is None else " The list below is as last read."
        reason = message.rstrip(".")
        self.error_label.setText(f"The deadlines could not be read again: {reason}.{kept}")
        self.error_label.show()

    def _open_index(self, index: QModelIndex) -> None:
        clock = self.model.clock(index.row()) if index.isValid() else None
        if clock is not None:
            self.open_requested.emit(clock.detainer_id)

    def _open_current(self) -> None:
        self._open_index(self.table.currentIndex())


def open_on_enter(view: QAbstractItemView, callback: Callable[[], None]) -> None:
    """Call ``callback`` when Enter or Return is pressed in ``view``."""
    view.installEventFilter(_EnterFilter(callback, view))


class _EnterFilter(QObject):
    """Calls back when Enter or Return is pressed in the watched widget."""

    def __init__(self, callback: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self._callback()
            return True
        return False
