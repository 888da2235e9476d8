"""The Import window's two lists of rows: the preview as it will be imported, and the problems.

The preview shows the first rows of the file after preparing them with the mapping on screen,
so the clerk sees what the database will hold (the person's name, the booking number, the
booking time in county time, the charges, the values the source withheld) and, in red, every
row that would be rejected and why (its reason in the second column, which the window spans
across the row). The problems list is a run's rejected rows: line, column,
value and reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.importing.prepare import PreparedCase, RowProblem
from models.timeutil import format_local, from_db_instant
from ui.flat_table_model import FlatTableModel

_Index = QModelIndex | QPersistentModelIndex

PREVIEW_ROWS = 50
PROBLEM_ROWS = 500
RED = QColor("#b00020")


def first_items(prepared: Iterable[PreparedCase | RowProblem], limit: int = PREVIEW_ROWS) -> list:
    """The first ``limit`` bookings and problems ``prepared`` yields (the rest is never read)."""
    return list(islice(prepared, limit))


def person_name(person: dict) -> str:
    family = str(person.get("family_name") or "")
    given = str(person.get("given_names") or "")
    return f"{family}, {given}" if family and given else family or given


def withheld_text(withheld: dict) -> str:
    """``Date of birth withheld (b)(6),(b)(7)(c )`` for each value the source withheld."""
    parts = []
    for (_table, column), marker in withheld.items():
        parts.append(f"{column.replace('_', ' ').capitalize()} withheld {marker}")
    return "; ".join(parts)


def charges_text(case: PreparedCase) -> str:
    parts = []
    for charge in case.charges:
        words = " ".join(
            str(charge[k]) for k in ("statute", "description") if charge.get(k)
        ).strip()
        parts.append(words or "(charge)")
    parts.extend(f"hold: {hold}" for hold in case.holds)
    return "; ".join(parts)


def problem_text(problem: RowProblem) -> str:
    """``Date of Birth “2/30/2017”: February has no 30th day``."""
    if problem.column and problem.value not in (None, ""):
        return f"{problem.column} “{problem.value}”: {problem.reason}"
    if problem.column:
        return f"{problem.column}: {problem.reason}"
    return problem.reason


class PreviewModel(FlatTableModel):
    """The first rows of the file as they will be imported; rejected rows in red."""

    headers = (
        "Line",
        "Person",
        "Booking #",
        "Agency",
        "Facility",
        "Booked (county time)",
        "Charges and holds",
        "Withheld by the source",
    )
    #: A rejected row says why in this column, spanning the rest of the row on screen.
    PROBLEM = 1
    COLUMNS = 8

    def __init__(self, tz: ZoneInfo, parent=None):
        super().__init__(parent)
        self.tz = tz
        self._rows: list[tuple[str, ...]] = []
        self._bad: list[bool] = []

    def row_total(self) -> int:
        return len(self._rows)

    def set_items(self, items: Sequence[PreparedCase | RowProblem]) -> None:
        self.beginResetModel()
        self._rows = [self._row(item) for item in items]
        self._bad = [isinstance(item, RowProblem) for item in items]
        self.endResetModel()

    def problem_count(self) -> int:
        return sum(self._bad)

    def is_problem(self, row: int) -> bool:
        return self._bad[row]

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def _row(self, item: PreparedCase | RowProblem) -> tuple[str, ...]:
        if isinstance(item, RowProblem):
            return (str(item.line), problem_text(item), "", "", "", "", "", "")
        lines = item.lines
        line = str(lines[0]) if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"
        booked = item.booking.get("booked_at")
        booked_text = format_local(from_db_instant(str(booked)), self.tz) if booked else ""
        return (
            line,
            person_name(item.person),
            item.booking_number,
            item.agency_ori,
            str(item.booking.get("facility") or ""),
            booked_text,
            charges_text(item),
            withheld_text(item.withheld),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][col]
        if role == Qt.ItemDataRole.ForegroundRole and self._bad[row]:
            return QBrush(RED)
        return None


class ProblemsModel(FlatTableModel):
    """A run's rejected rows: line, column, value, reason (the first PROBLEM_ROWS of them)."""

    headers = ("Line", "Column", "Value", "Reason")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []

    def row_total(self) -> int:
        return len(self._rows)

    def set_problems(self, problems: Sequence[RowProblem]) -> None:
        self.beginResetModel()
        self._rows = [
            (str(p.line), p.column or "", "" if p.value is None else str(p.value), p.reason)
            for p in problems[:PROBLEM_ROWS]
        ]
        self.endResetModel()

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return QBrush(RED)
        return None
