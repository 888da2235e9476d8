"""The Correspondence work area: filters above the letter log, and the selected letter's thread.

The list holds ids and fetches rows a page at a time (see ``correspondence_table_model``); the
thread view below it shows every letter of the selected letter's thread, each reply indented
under the letter it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.contacts import Contact
from models.correspondence_list import LetterQuery
from models.errors import DeskError
from models.records import Direction, Letter
from models.timeutil import DateParseError, parse_date
from ui.cases_panel import DateFilter
from ui.correspondence_table_model import CorrespondenceTableModel
from ui.deadlines_panel import open_on_enter
from ui.forms import ERROR_STYLE, INVALID_STYLE, buddy_label, list_view
from ui.letter_thread_view import PartyFilter, ThreadView

SEARCH_DELAY_MS = 150
DAY_CHECK_MS = 60_000


class CorrespondencePanel(QWidget):
    """Find a letter: awaiting/overdue toggles and filters above the log, its thread below.

    Args:
        model: The list; its query follows the filters.
        methods: ``(code, label)`` of the ways a letter travels, for the method filter.
        contacts: Returns the known parties (read again on :meth:`refresh`).
        counts: ``(awaiting, overdue)`` on a day (``awaiting_counts`` bound to a db).
        thread: The letters of a letter's thread, first first (``thread_of`` bound to a db).
        parent: The Qt parent.
    """

    #: A letter the clerk asked to open (double-click or Enter, in the list or the thread).
    open_requested = Signal(int)
    #: The clerk asked to log a new letter.
    new_requested = Signal()
    #: The clerk asked to log a reply to this letter.
    reply_requested = Signal(int)

    def __init__(
        self,
        model: CorrespondenceTableModel,
        methods: Sequence[tuple[str, str]],
        contacts: Callable[[], Sequence[Contact]],
        counts: Callable[[date], tuple[int, int]],
        thread: Callable[[int], list[Letter]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self._contacts, self._counts = contacts, counts
        self._names: dict[int, str] = {}
        self._links: dict[str, int | None] = {}
        self.awaiting = QPushButton()
        self.overdue = QPushButton()
        for toggle, name in ((self.awaiting, "Awaiting reply"), (self.overdue, "Overdue")):
            toggle.setCheckable(True)
            toggle.setAccessibleName(f"Show only letters {name.lower()}")
        self.party = PartyFilter()
        self.method = QComboBox()
        self.method.setAccessibleName("Method filter")
        self.method.addItem("Any method", None)
        for code, label in methods:
            self.method.addItem(label, code)
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction filter")
        self.direction.addItem("In and out", None)
        self.direction.addItem("In (received)", Direction.IN.value)
        self.direction.addItem("Out (sent)", Direction.OUT.value)
        self.date_from = DateFilter("Letters from")
        self.date_to = DateFilter("Letters to")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search subject and summary")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search letters")
        self.clear_button = QPushButton("&Clear filters")
        self.filter_error = QLabel()
        self.filter_error.setAccessibleName("Filter error")
        self.filter_error.setStyleSheet(ERROR_STYLE)
        self.filter_error.hide()
        self.link_label = QLabel()
        self.link_label.setAccessibleName("Letters shown are about")
        self.link_label.hide()
        widths = (90, 55, 100, 180, 180, 300, 120, 75, 85)
        self.table = list_view(model, "Letter list", widths)
        self.table.doubleClicked.connect(self._open_index)
        open_on_enter(self.table, self.open_selected)
        self.thread_view = ThreadView(thread)
        self.thread_view.open_requested.connect(self.open_requested)
        self.new_button = QPushButton("New &letter…")
        self.reply_button = QPushButton("Re&ply…")
        self.open_button = QPushButton("Open lette&r")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of letters shown")
        self._lay_out()
        # What is overdue changes at midnight, county time, with the app left open overnight.
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        for toggle in (self.awaiting, self.overdue):
            toggle.toggled.connect(self.apply_filters)
        for combo in (self.method, self.direction):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.party.activated.connect(lambda _i: self.apply_filters())
        self.party.lineEdit().editingFinished.connect(self.apply_filters)
        self.party.lineEdit().textChanged.connect(lambda t: None if t else self.apply_filters())
        for date_filter in (self.date_from, self.date_to):
            date_filter.changed.connect(self.apply_filters)
            date_filter.editingFinished.connect(self._show_filter_errors)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_requested)
        self.reply_button.clicked.connect(self.reply_to_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_moved())
        model.modelReset.connect(self._selection_moved)
        self._read_contacts()
        self._update_counts()
        self._selection_moved()

    def _lay_out(self) -> None:
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.awaiting)
        first.addWidget(self.overdue)
        for text, widget in (("Part&y", self.party), ("&Method", self.method)):
            first.addWidget(buddy_label(text, widget))
            first.addWidget(widget)
        first.addWidget(buddy_label("&Direction", self.direction))
        first.addWidget(self.direction)
        first.addStretch(1)
        for text, widget in (("Dated &between", self.date_from), ("a&nd", self.date_to)):
            second.addWidget(buddy_label(text, widget))
            second.addWidget(widget)
        second.addWidget(buddy_label("Subjec&t or summary", self.search))
        second.addWidget(self.search, 1)
        second.addWidget(self.clear_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.thread_view)
        splitter.setSizes([420, 220])
        buttons = QHBoxLayout()
        for button in (self.new_button, self.reply_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.link_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # -- filters ---------------------------------------------------------------------------------

    def filter_query(self) -> LetterQuery:
        """The query the filters (and the link filter) describe."""
        return LetterQuery(
            awaiting_reply=self.awaiting.isChecked(),
            overdue=self.overdue.isChecked(),
            contact_id=self.party.contact_id(),
            method=self.method.currentData(),
            direction=Direction(self.direction.currentData())
            if self.direction.currentData()
            else None,
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            search=self.search.text().strip(),
            **self._links,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.filter_query()
        if query != self.model.query:
            self.model.set_query(query)
        self._show_filter_errors()
        self._update_count()

    def clear_filters(self) -> None:
        """Show every letter again (a link filter set by the window stays)."""
        widgets = (self.awaiting, self.overdue, self.party, self.method, self.direction)
        widgets += (self.date_from, self.date_to, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        self.awaiting.setChecked(False)
        self.overdue.setChecked(False)
        self.party.reset()
        self.method.setCurrentIndex(0)
        self.direction.setCurrentIndex(0)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.search.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def set_link_filter(
        self,
        booking_id: int | None = None,
        detainer_id: int | None = None,
        optout_id: int | None = None,
    ) -> None:
        """Show only the letters about one case, detainer or opt-out request (None: all)."""
        self._links = {
            "booking_id": booking_id,
            "detainer_id": detainer_id,
            "optout_id": optout_id,
        }
        nouns = ("case", "detainer", "opt-out request")
        about = [f"{n} {v}" for n, v in zip(nouns, self._links.values(), strict=True) if v]
        self.link_label.setText("Only letters about " + " and ".join(about) if about else "")
        self.link_label.setVisible(bool(about))
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_filter_errors(self) -> None:
        problems = []
        for date_filter in (self.date_from, self.date_to):
            try:
                parse_date(date_filter.text())
            except DateParseError as exc:
                problems.append(f"{date_filter.accessibleName()}: {exc}. This date is not applied.")
        unknown = self.party.is_unknown()
        self.party.setStyleSheet(INVALID_STYLE if unknown else "")
        if unknown:
            problems.append(f"No party is called “{self.party.typed()}”. It is not applied.")
        self.filter_error.setText("\n".join(problems))
        self.filter_error.setVisible(bool(problems))

    # -- reading again ---------------------------------------------------------------------------

    def _check_day(self) -> None:
        """A new county day: read the list again so replies due yesterday show as overdue."""
        if self.model.today() != self.model.day:
            self.refresh(select=self.selected_letter_id())

    def refresh(self, select: int | None = None) -> None:
        """Read the list, parties and counts again, keeping (or moving to ``select``) the cursor."""
        selected = select if select is not None else self.selected_letter_id()
        self._read_contacts()
        self.model.refresh()
        self._update_counts()
        self._update_count()
        if selected is not None:
            self.select_letter(selected)  # the thread follows the cursor

    def _read_contacts(self) -> None:
        try:
            contacts = list(self._contacts())
        except DeskError as exc:
            self.model.failed.emit(str(exc))
            contacts = []
        self._names = {c.id: c.name for c in contacts}
        self.party.set_contacts(contacts)

    def _update_counts(self) -> None:
        try:
            awaiting, overdue = self._counts(self.model.today())
        except DeskError as exc:
            self.model.failed.emit(str(exc))
            awaiting = overdue = 0
        self.awaiting.setText(f"&Awaiting reply ({awaiting:,})")
        self.overdue.setText(f"&Overdue ({overdue:,})")

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} letter{'s' if n != 1 else ''}")

    # -- selection, thread, opening ------------------------------------------------------------

    def selected_letter_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.letter_id(index.row()) if index.isValid() else None

    def select_letter(self, letter_id: int) -> None:
        """Put the cursor on ``letter_id`` if the filters show it."""
        row = self.model.row_of(letter_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def open_selected(self) -> None:
        self._open_index(self.table.currentIndex())

    def reply_to_selected(self) -> None:
        if (letter_id := self.selected_letter_id()) is not None:
            self.reply_requested.emit(letter_id)

    def _open_index(self, index: QModelIndex) -> None:
        letter_id = self.model.letter_id(index.row()) if index.isValid() else None
        if letter_id is not None:
            self.open_requested.emit(letter_id)

    def _selection_moved(self) -> None:
        letter_id = self.selected_letter_id()
        self.reply_button.setEnabled(letter_id is not None)
        self.open_button.setEnabled(letter_id is not None)
        self.thread_view.show_thread(letter_id, self._names)
