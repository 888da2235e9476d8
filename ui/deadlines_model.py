"""The Deadlines view's table model: running hold and decision clocks with a live countdown.

The model reads the clocks through a loader callable (``running_clocks`` over the database, or a
fake in a test) only on :meth:`DeadlinesModel.reload`. Between reloads :meth:`DeadlinesModel.tick`
re-renders the countdown and the colours against a fresh "now" without touching the database,
so a clock that falls due while the clerk watches turns amber, then red, on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from models.clocks import ClockState, clock_state, countdown
from models.detainer_clocks import RunningClock, running_clocks
from models.detainer_vocab import load_detainer_vocab
from models.errors import DeskError
from models.timeutil import format_local, utc_now
from ui.flat_table_model import FlatTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database

DUE, COUNTDOWN, WHAT, PERSON, NUMBER, FORM, STATUS = range(7)
HEADERS = ("Due", "Countdown", "What", "Person", "Booking #", "Form", "Status")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's :class:`ClockState` (as of the last tick), for tests and delegates.
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
#: The whole :class:`RunningClock` of the row.
CLOCK_ROLE = Qt.ItemDataRole.UserRole + 3

OVERDUE_TEXT = QColor("#b00020")
DUE_TODAY_BACKGROUND = QColor("#fff3cd")
#: Dark text on the amber background, so a dark desktop theme's light text stays readable.
DUE_TODAY_TEXT = QColor("#212529")
#: What each kind filter keeps; None keeps every clock.
KINDS = {None: "All clocks", "hold": "Holds only", "decision": "Decisions only"}
_STATE_WORDS = {
    ClockState.OVERDUE: "Overdue",
    ClockState.DUE_TODAY: "Due today",
    ClockState.RUNNING: "Running",
}

_Index = QModelIndex | QPersistentModelIndex


class DeadlinesModel(FlatTableModel):
    """Running clocks, soonest (so overdue) first, in the order the loader gives them.

    Args:
        load: Returns every running clock, soonest first (``running_clocks`` bound to a db).
        tz: The county's time zone: due times are shown and "today" is counted in it.
        form_labels: Form code to its short label ("I-247A"); unknown codes show as stored.
        now: The current instant (aware); tests pass a fake clock.
        parent: The Qt parent.

    A loader that fails keeps the rows of the last good load on screen and emits ``failed``
    with a message for the clerk.
    """

    headers = HEADERS

    failed = Signal(str)

    def __init__(
        self,
        load: Callable[[], list[RunningClock]],
        tz: ZoneInfo,
        form_labels: Mapping[str, str] | None = None,
        now: Callable[[], datetime] = utc_now,
        parent=None,
    ):
        super().__init__(parent)
        self._load = load
        self.tz = tz
        self._form_labels = dict(form_labels or {})
        self._now_source = now
        self._all: list[RunningClock] = []
        self._shown: list[RunningClock] = []
        self._states: list[ClockState] = []
        self._kind: str | None = None
        self.now = now()
        self.loaded_at: datetime | None = None

    # -- reading ---------------------------------------------------------------------------------

    def reload(self) -> bool:
        """Read the clocks again through the loader; False (and ``failed``) if that failed."""
        try:
            clocks = list(self._load())
        except DeskError as exc:
            self.failed.emit(str(exc))
            return False
        self.beginResetModel()
        self.now = self._now_source()
        self._all = clocks
        self._apply_kind()
        self.loaded_at = self.now
        self.endResetModel()
        return True

    def tick(self) -> None:
        """Re-render countdowns and colours against the current time; no database read."""
        self.now = self._now_source()
        self._states = [clock_state(c.due_at, self.now, self.tz) for c in self._shown]
        if self._shown:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._shown) - 1, len(HEADERS) - 1),
                [
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.FontRole,
                    Qt.ItemDataRole.ToolTipRole,
                    STATE_ROLE,
                ],
            )

    def set_kind(self, kind: str | None) -> None:
        """Show every clock (None), only holds ("hold") or only decisions ("decision")."""
        if kind not in KINDS:
            raise ValueError(f"unknown clock kind {kind!r}")
        if kind == self._kind:
            return
        self.beginResetModel()
        self._kind = kind
        self._apply_kind()
        self.endResetModel()

    def _apply_kind(self) -> None:
        kind = self._kind
        self._shown = [c for c in self._all if kind is None or c.kind == kind]
        self._states = [clock_state(c.due_at, self.now, self.tz) for c in self._shown]

    # -- what the panel asks ---------------------------------------------------------------------

    @property
    def kind(self) -> str | None:
        return self._kind

    @property
    def total(self) -> int:
        """How many clocks the last load found, whatever the kind filter."""
        return len(self._all)

    def counts(self) -> dict[ClockState, int]:
        """How many of the shown clocks are overdue, due today and running."""
        counts = dict.fromkeys(ClockState, 0)
        for state in self._states:
            counts[state] += 1
        return counts

    def clock(self, row: int) -> RunningClock | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def due_soon(self, hours: int = 24) -> list[RunningClock]:
        """Clocks of the last load (any kind) overdue or due within ``hours`` of now."""
        limit = self._now_source() + timedelta(hours=hours)
        return [c for c in self._all if c.due_at <= limit]

    # -- Qt model --------------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._shown)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        clock, state = self._shown[index.row()], self._states[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(clock, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if state is ClockState.OVERDUE:
                return QBrush(OVERDUE_TEXT)
            return QBrush(DUE_TODAY_TEXT) if state is ClockState.DUE_TODAY else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(DUE_TODAY_BACKGROUND) if state is ClockState.DUE_TODAY else None
        if role == Qt.ItemDataRole.FontRole and state is ClockState.OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            # Colour alone must not carry the meaning: say it in words too.
            return f"{_STATE_WORDS[state]}: {self._display(clock, COUNTDOWN)}"
        if role == ID_ROLE:
            return clock.detainer_id
        if role == STATE_ROLE:
            return state
        if role == CLOCK_ROLE:
            return clock
        return None

    def _display(self, clock: RunningClock, column: int) -> str:
        match column:
            case 0:
                return format_local(clock.due_at, self.tz)
            case 1:
                return countdown(clock.due_at, self.now)
            case 2:
                return clock.label
            case 3:
                return clock.person_name
            case 4:
                return clock.booking_number
            case 5:
                return self._form_labels.get(clock.form_code, clock.form_code)
            case 6:
                return clock.status.label
        return ""


def deadlines_model_for(
    db: Database, tz: ZoneInfo, now: Callable[[], datetime] = utc_now, parent=None
) -> DeadlinesModel:
    """A model over the running clocks of ``db`` (the database handle is only passed through).

    Raises:
        DeskError: the detainer forms could not be read.
    """
    labels = {f.code: f.short_label for f in load_detainer_vocab(db).forms}
    return DeadlinesModel(lambda: running_clocks(db), tz, labels, now, parent)
