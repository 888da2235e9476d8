"""The Opt-outs work area: every opt-out request, and the selected one's details and timeline.

An opt-out request is a matter, not a flag: the panel shows its Board resolution, its status
history (who recorded each step, for which day, why) and a timeline where the resolution, the
letters, the meetings and the answers read in date order. It reads through the model functions
and asks its owner, through signals, to edit, move or write; it never writes itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.contacts import contact_name_map
from models.errors import DeskError
from models.optouts import list_optouts, optout_history, optout_kinds, optout_statuses, timeline
from models.records import OptOutRequest, OptOutStatusChange
from models.timeutil import format_date, format_local, utc_now
from ui.deadlines_panel import ERROR_STYLE, open_on_enter
from ui.flat_table_model import FlatTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database

HEADERS = ("Jurisdiction", "Request", "Status", "Last step", "Follow up by")
FOLLOW_UP = 4
DETAIL = (
    "Jurisdiction",
    "Requested",
    "Status",
    "Board resolution",
    "Addressed to",
    "Program activated",
    "Follow up by",
    "Summary",
    "Notes and sources",
)
TIMELINE_KINDS = {
    "activation": "Program",
    "resolution": "Resolution",
    "letter": "Correspondence",
    "status": "Status",
}
OVERDUE = QColor("#b00020")
#: The panel's actions: attribute, text, shortcut (active while the focus is in the panel).
ACTIONS = (
    ("new_action", "&New opt-out request…", "Ctrl+Alt+N"),
    ("edit_action", "&Edit opt-out request…", "Ctrl+E"),
    ("status_action", "Change &status…", "Ctrl+Alt+S"),
    ("letter_action", "New &letter for this request…", "Ctrl+Alt+L"),
)

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class OptOutLine:
    """One line of the list: a request, its texts as shown, and whether its follow-up is late."""

    request: OptOutRequest
    cells: tuple[str, ...]  # one a column: jurisdiction, kind, status, last step, follow-up
    is_overdue: bool = False


class OptOutListModel(FlatTableModel):
    """The opt-out requests (a county has a handful), held in full, newest activity first."""

    headers = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._lines: list[OptOutLine] = []

    def row_total(self) -> int:
        return len(self._lines)

    def set_lines(self, lines: Sequence[OptOutLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> OptOutLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, optout_id: int) -> int | None:
        return next((i for i, x in enumerate(self._lines) if x.request.id == optout_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        line = self.line(index.row()) if index.isValid() else None
        if line is None or not 0 <= index.column() < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return line.cells[index.column()]
        if index.column() == FOLLOW_UP and line.is_overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Overdue: the follow-up date has passed"
        return None


class OptOutsPanel(QWidget):
    """The list of opt-out requests beside the selected one's details, history and timeline.

    Args:
        db: The database, read through the model functions only.
        tz: The county's time zone (when each step was recorded; what "today" is).
        now: The current instant (tests fix it); defaults to the clock.
        parent: The Qt parent.
    """

    new_requested = Signal()
    edit_requested = Signal(int)  # opt-out request id
    status_change_requested = Signal(int)  # opt-out request id
    new_letter_requested = Signal(int)  # opt-out request id
    open_letter_requested = Signal(int)  # letter id

    def __init__(
        self,
        db: Database,
        tz: ZoneInfo,
        now: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db, self.tz, self.now = db, tz, now or utc_now
        self._names: dict[int, str] = {}
        self._statuses: dict[str, str] = {}
        self.model = OptOutListModel(self)
        self.table = _setup(QTableView(), "Opt-out requests")
        self.table.setModel(self.model)
        for column, width in enumerate((165, 185, 85, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self._emit_selected(self.edit_requested))
        open_on_enter(self.table, lambda: self._emit_selected(self.edit_requested))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setAccessibleName("Number of opt-out requests")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)
        column.addLayout(self._buttons())
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._detail())
        splitter.setSizes([600, 680])
        QVBoxLayout(self).addWidget(splitter)
        self.refresh()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        slots = (
            self.new_requested.emit,
            lambda: self._emit_selected(self.edit_requested),
            lambda: self._emit_selected(self.status_change_requested),
            lambda: self._emit_selected(self.new_letter_requested),
        )
        self.actions_for_menu: list[QAction] = []
        for (name, text, keys), slot in zip(ACTIONS, slots, strict=True):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)
            self.actions_for_menu.append(action)
            setattr(self, name, action)
            button = QPushButton(text.replace("&", "").replace(" opt-out request", ""))
            button.setToolTip(f"{text.replace('&', '')} ({keys})")
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            setattr(self, name.replace("_action", "_button"), button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _detail(self) -> QWidget:
        box = QGroupBox("Selected request")
        form = QFormLayout()
        self.fields: list[QLabel] = []
        for text in DETAIL:
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(text)
            form.addRow(text, label)
            self.fields.append(label)
        self.timeline = _table(("Date", "What", "Event"), "Timeline of the request")
        self.timeline.doubleClicked.connect(lambda index: self._open_letter(index.row()))
        open_on_enter(self.timeline, lambda: self._open_letter(self.timeline.currentRow()))
        self.history = _table(("Date", "Status", "Recorded", "By", "Reason"), "Status history")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "&Timeline")
        self.tabs.addTab(self.history, "Status &history")
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(self.tabs, 1)
        return box

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    def refresh(self, select: int | None = None) -> None:
        """Read the list again, keeping the selection (or moving to ``select``)."""
        selected = select if select is not None else self.selected_optout_id()
        today = self.today()
        try:
            statuses = {code: (label, final) for code, label, _p, final in optout_statuses(self.db)}
            kinds = dict(optout_kinds(self.db))
            lines = []
            for r in list_optouts(self.db):
                steps = optout_history(self.db, r.id)
                status, final = statuses.get(r.status, (r.status, False))
                # The step that set the current status: the one recorded last (a step entered
                # late with a reason may be dated before earlier ones).
                current = max(steps, key=lambda step: step.id) if steps else None
                last = format_date(current.changed_on) if current else ""
                due = r.follow_up_due_date
                kind = kinds.get(r.request_kind, r.request_kind)
                cells = (r.jurisdiction, kind, status, last, format_date(due))
                lines.append(OptOutLine(r, cells, bool(due and due < today and not final)))
            self._names = contact_name_map(self.db)
        except DeskError as exc:
            self._fail(exc)
            return
        self.count_label.setStyleSheet("")
        self._statuses = {code: label for code, (label, _final) in statuses.items()}
        self.model.set_lines(lines)
        self.count_label.setText(f"{len(lines)} opt-out request{'s' if len(lines) != 1 else ''}")
        row = self.model.row_of(selected) if selected is not None else None
        self.table.setCurrentIndex(self.model.index(row if row is not None else 0, 0))
        self.show_selected()

    def selected_optout_id(self) -> int | None:
        line = self.model.line(self.table.currentIndex().row())
        return line.request.id if line else None

    def select_optout(self, optout_id: int) -> None:
        row = self.model.row_of(optout_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def show_selected(self) -> None:
        """Fill the details, the timeline and the history of the selected request."""
        line = self.model.line(self.table.currentIndex().row())
        for action in self.actions_for_menu[1:]:
            action.setEnabled(line is not None)
        events, steps, texts = [], [], [""] * len(DETAIL)
        if line is not None:
            r = line.request
            try:
                events, steps = timeline(self.db, r.id), optout_history(self.db, r.id)
            except DeskError as exc:
                self._fail(exc)
            resolution = (
                r.resolution_number or "",
                f"adopted {format_date(r.resolution_date)}" if r.resolution_date else "",
                f"(vote {r.resolution_vote})" if r.resolution_vote else "",
            )
            texts = (
                *line.cells[:3],
                " ".join(part for part in resolution if part),
                self._names.get(r.addressed_to_id, ""),
                format_date(r.activation_date),
                line.cells[4],
                r.summary or "",
                r.notes or "",
            )
        for label, text in zip(self.fields, texts, strict=True):
            label.setText(text)
        kinds = TIMELINE_KINDS
        _fill(
            self.timeline,
            [
                ((format_date(e.day), kinds.get(e.kind, e.kind.capitalize()), e.text), e.letter_id)
                for e in events
            ],
        )
        _fill(self.history, [(self._history_cells(s), None) for s in steps])

    def _history_cells(self, step: OptOutStatusChange) -> tuple[str, ...]:
        return (
            format_date(step.changed_on),
            self._statuses.get(step.status, step.status),
            format_local(step.recorded_at, self.tz),
            step.staff_name,
            step.reason or "",
        )

    def _open_letter(self, row: int) -> None:
        item = self.timeline.item(row, 0) if row >= 0 else None
        letter_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if letter_id is not None:
            self.open_letter_requested.emit(letter_id)

    def _emit_selected(self, signal) -> None:
        optout_id = self.selected_optout_id()
        if optout_id is not None:
            signal.emit(optout_id)

    def _fail(self, exc: DeskError) -> None:
        self.count_label.setText(f"The opt-out requests could not be read: {exc}")
        self.count_label.setStyleSheet(ERROR_STYLE)


def _setup(view: QTableView, name: str) -> QTableView:
    """A read-only table of whole rows, one selected at a time."""
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _table(headers: Sequence[str], name: str) -> QTableWidget:
    table = _setup(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[tuple[str, ...], int | None]]) -> None:
    """Put ``rows`` (cells, letter id or None) in ``table``; the id rides on the first cell."""
    table.setRowCount(0)
    for cells, letter_id in rows:
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if letter_id is not None:
                item.setData(Qt.ItemDataRole.UserRole, letter_id)
                item.setToolTip("Double-click or press Enter to open the letter")
            table.setItem(row, col, item)
    table.resizeRowsToContents()
