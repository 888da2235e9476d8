"""The Correspondence list's table model: the matching ids, and their rows fetched a page at a time.

Like the Detainers list, it holds the ids of every matching letter and a bounded cache of pages
of rows; ``data()`` fetches only the page being painted. A reply due date still awaiting an
answer is red once its day has ended and amber on the day itself (due today is not overdue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.correspondence_list import LetterQuery, letter_ids, letter_rows
from models.correspondence_vocab import correspondence_methods
from models.records import Direction, LetterRow
from models.timeutil import format_date
from ui.paged_model import PAGE_SIZE, PagedIdsModel

if TYPE_CHECKING:
    from sqlite_utils import Database

DAY, DIRECTION, METHOD, FROM, TO, SUBJECT, REPLY_DUE, ANSWERED, FILES = range(9)
HEADERS = (
    "Date",
    "In/Out",
    "Method",
    "From",
    "To",
    "Subject",
    "Reply due",
    "Answered",
    "Attachments",
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b00020")
DUE_TODAY_COLOUR = QColor("#a15c00")
_LONG = (FROM, TO, SUBJECT)

_Index = QModelIndex | QPersistentModelIndex


def reply_state(row: LetterRow, today: date) -> str:
    """``overdue``, ``today``, ``awaiting``, ``answered`` or ``""`` (no reply asked for)."""
    if row.reply_due_date is None:
        return ""
    if row.is_answered:
        return "answered"
    if row.reply_due_date < today:
        return "overdue"
    return "today" if row.reply_due_date == today else "awaiting"


class CorrespondenceTableModel(PagedIdsModel):
    """Letters matching a query, newest first.

    Args:
        find_ids: The ids matching a query on a day (``letter_ids`` bound to a db).
        fetch_rows: The rows of some ids (``letter_rows`` bound to a db).
        today: The county's today, which decides what is overdue.
        method_labels: Method code to its label; unknown codes show as stored.
        page_size: Rows fetched at a time.
        max_pages: Pages kept in the cache.
        parent: The Qt parent.

    A read that fails shows blank rows (or an empty list) and emits ``failed`` once with a
    message for the clerk, never an exception into Qt.
    """

    headers = HEADERS

    def __init__(
        self,
        find_ids: Callable[[LetterQuery, date], list[int]],
        fetch_rows: Callable[[list[int]], list[LetterRow]],
        today: Callable[[], date],
        method_labels: Mapping[str, str] | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = 50,
        parent=None,
    ):
        super().__init__(fetch_rows, page_size, max_pages, parent)
        self._find_ids, self.today = find_ids, today
        self._method_labels = dict(method_labels or {})
        self._query = LetterQuery()
        self._day = today()
        self._read_ids()

    @property
    def day(self) -> date:
        """The county day the list was last read on (what "overdue" was counted from)."""
        return self._day

    @property
    def query(self) -> LetterQuery:
        return self._query

    def set_query(self, query: LetterQuery) -> None:
        """Show the letters matching ``query``."""
        self._query = query
        self.refresh()

    def find_ids(self) -> list[int]:
        self._day = self.today()  # one day for the whole list, even read across midnight
        return self._find_ids(self._query, self._day)

    def letter_id(self, row: int) -> int | None:
        return self.record_id(row)

    # -- Qt model --------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.letter_id(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == FILES:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        state = reply_state(row, self._day)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column != REPLY_DUE:
                return None
            if state == "overdue":
                return QBrush(OVERDUE_COLOUR)
            return QBrush(DUE_TODAY_COLOUR) if state == "today" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == REPLY_DUE:
                return _due_tip(state)
            return self._display(row, column, state) if column in _LONG else None
        return self._display(row, column, state)

    def _display(self, row: LetterRow, column: int, state: str) -> str:
        match column:
            case 0:
                return format_date(row.day)
            case 1:
                return "In" if row.direction is Direction.IN else "Out"
            case 2:
                return self._method_labels.get(row.method, row.method)
            case 3:
                return row.from_name
            case 4:
                return row.to_name
            case 5:
                return row.subject
            case 6:
                due = format_date(row.reply_due_date)
                return f"{due} (today)" if state == "today" else due
            case 7:
                return "Yes" if row.is_answered else ""
            case 8:
                return str(row.attachment_count) if row.attachment_count else ""
        return ""


def _due_tip(state: str) -> str | None:
    return {
        "overdue": "Overdue: no reply came by the end of the day it was due.",
        "today": "Due today (not overdue until the day ends).",
        "awaiting": "Awaiting a reply.",
        "answered": "Answered: a reply is logged.",
    }.get(state)


def correspondence_model_for(
    db: Database, today: Callable[[], date], page_size: int = PAGE_SIZE, parent=None
) -> CorrespondenceTableModel:
    """A model over the letters of ``db`` (the database handle is only passed through).

    Raises:
        DeskError: the correspondence methods could not be read.
    """
    return CorrespondenceTableModel(
        lambda q, day: letter_ids(db, q, day),
        lambda ids: letter_rows(db, ids),
        today,
        dict(correspondence_methods(db)),
        page_size=page_size,
        parent=parent,
    )
