"""The Deadlines view: running clocks in order, live countdowns, colours, filter, opening."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from models.cases import create_case
from models.clocks import ClockState
from models.detainer_clocks import running_clocks
from models.detainers import create_detainer
from models.errors import StoreError
from models.records import Detainer
from ui.deadlines_model import (
    COUNTDOWN,
    DUE,
    FORM,
    ID_ROLE,
    NUMBER,
    STATE_ROLE,
    STATUS,
    WHAT,
    DeadlinesModel,
)
from ui.deadlines_panel import NOTHING_RUNNING, DeadlinesPanel

TZ = ZoneInfo("America/Los_Angeles")
#: Wednesday 10/20/2010 12:00 noon in the county (PDT, UTC-7).
NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)
LABELS = {"i247_2008": "I-247 (pre-2012)"}


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class CountingLoader:
    """``running_clocks`` over the test database, counting the reads."""

    def __init__(self, db):
        self.db, self.calls = db, 0

    def __call__(self):
        self.calls += 1
        return running_clocks(self.db, now=NOW)


def add_detainer(db, actor, case_factory, n: int, release_eligible_at: datetime) -> int:
    """A case (booked Fri 10/15/2010) with an undecided I-247 asking for a hold."""
    case = case_factory()
    case = replace(
        case,
        person=replace(case.person, family_name=f"Person{n}", a_number=None),
        booking=replace(
            case.booking, booking_number=f"2010-10{n}", release_eligible_at=release_eligible_at
        ),
    )
    booking_id = create_case(db, case, actor, now=NOW).booking.id
    detainer = Detainer(
        id=None,
        booking_id=booking_id,
        form_code="i247_2008",
        received_at=datetime(2010, 10, 16, 18, 0, tzinfo=UTC),
        received_via="fax",
        requests_hold=True,
    )
    return create_detainer(db, detainer, actor, TZ, now=NOW).id


@pytest.fixture
def three(db, actor, case_factory):
    """Detainers A, B, C whose people become release-eligible Mon, Tue and (later) Wed.

    Each undecided detainer runs two clocks: the decision is due when release is eligible, and
    the 48-hour hold (weekends and holidays excluded) runs from then.
    """
    a = add_detainer(db, actor, case_factory, 1, datetime(2010, 10, 18, 17, 0, tzinfo=UTC))
    b = add_detainer(db, actor, case_factory, 2, datetime(2010, 10, 19, 16, 0, tzinfo=UTC))
    c = add_detainer(db, actor, case_factory, 3, datetime(2010, 10, 20, 23, 0, tzinfo=UTC))
    return a, b, c


@pytest.fixture
def make_panel(qtbot, db):
    def make(now=None, **kwargs):
        loader = CountingLoader(db)
        model = DeadlinesModel(loader, TZ, LABELS, now or FakeClock(NOW))
        panel = DeadlinesPanel(model, **kwargs)
        qtbot.addWidget(panel)
        return panel, loader

    return make


def column(model, col, role=Qt.ItemDataRole.DisplayRole):
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def test_clocks_show_soonest_first_with_countdown_and_state(make_panel, three):
    a, b, c = three
    panel, _ = make_panel()
    model = panel.model
    assert column(model, DUE, ID_ROLE) == [a, b, a, c, b, c]
    assert column(model, WHAT) == [
        "Decision due (release eligible)",
        "Decision due (release eligible)",
        "Hold expires",
        "Decision due (release eligible)",
        "Hold expires",
        "Hold expires",
    ]
    # Due times in county time (PDT): A eligible Mon 10:00, B Tue 09:00, C Wed 16:00; each
    # hold ends 48 business hours later (no weekend or holiday in between).
    assert column(model, DUE) == [
        "10/18/2010 10:00",
        "10/19/2010 09:00",
        "10/20/2010 10:00",
        "10/20/2010 16:00",
        "10/21/2010 09:00",
        "10/22/2010 16:00",
    ]
    # Now is Wed 12:00: Mon 10:00 was 50 h ago, Tue 09:00 27 h ago, Wed 10:00 2 h ago;
    # Wed 16:00 is 4 h away, Thu 09:00 21 h away, Fri 16:00 2 days 4 h away.
    assert column(model, COUNTDOWN) == [
        "overdue by 2 d 2 h",
        "overdue by 1 d 3 h",
        "overdue by 2 h 00 min",
        "4 h 00 min left",
        "21 h 00 min left",
        "2 d 4 h left",
    ]
    overdue, today, running = ClockState.OVERDUE, ClockState.DUE_TODAY, ClockState.RUNNING
    assert column(model, DUE, STATE_ROLE) == [overdue, overdue, overdue, today, running, running]
    assert column(model, FORM)[0] == "I-247 (pre-2012)"
    assert column(model, NUMBER)[:2] == ["2010-101", "2010-102"]
    assert set(column(model, STATUS)) == {"Received"}
    assert panel.summary.text() == "3 overdue · 1 due today · 2 running"
    assert panel.empty_label.isHidden() and not panel.table.isHidden()


def test_overdue_rows_are_red_and_bold_and_due_today_amber(make_panel, three):
    panel, _ = make_panel()
    model = panel.model
    overdue, today, running = (model.index(r, COUNTDOWN) for r in (0, 3, 4))
    assert model.data(overdue, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert model.data(overdue, Qt.ItemDataRole.FontRole).bold()
    assert model.data(overdue, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(today, Qt.ItemDataRole.BackgroundRole).color().name() == "#fff3cd"
    assert model.data(today, Qt.ItemDataRole.FontRole) is None
    assert model.data(running, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(running, Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(today, Qt.ItemDataRole.ToolTipRole) == "Due today: 4 h 00 min left"


def test_tick_recounts_against_the_clock_without_reading_the_database(make_panel, three):
    clock = FakeClock(NOW)
    panel, loader = make_panel(now=clock)
    model = panel.model
    assert loader.calls == 1
    changed = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append((top.row(), bottom.row())))
    clock.now = NOW + timedelta(hours=3, minutes=30)  # Wed 15:30 PDT
    panel.tick()
    assert changed == [(0, 5)]
    assert column(model, COUNTDOWN)[3:5] == ["30 min left", "17 h 30 min left"]
    clock.now = datetime(2010, 10, 20, 23, 1, 30, tzinfo=UTC)  # C's decision 1.5 min late
    panel.tick()
    assert column(model, COUNTDOWN)[3] == "overdue by 2 min"
    assert column(model, DUE, STATE_ROLE)[3] is ClockState.OVERDUE
    assert panel.summary.text() == "4 overdue · 0 due today · 2 running"
    assert loader.calls == 1


def test_the_tick_timer_rerenders_and_the_reload_timer_reads_again(qtbot, make_panel, three):
    clock = FakeClock(NOW)
    panel, loader = make_panel(now=clock, tick_ms=20, reload_ms=60_000)
    clock.now = NOW + timedelta(hours=1)
    qtbot.waitUntil(lambda: panel.model.data(panel.model.index(3, COUNTDOWN)) == "3 h 00 min left")
    assert loader.calls == 1
    panel.reload_timer.setInterval(20)
    panel.reload_timer.start()
    qtbot.waitUntil(lambda: loader.calls >= 2)


def test_holds_only_filter_and_back(make_panel, three):
    a, b, c = three
    panel, loader = make_panel()
    panel.kind.setCurrentIndex(panel.kind.findText("Holds only"))
    assert column(panel.model, DUE, ID_ROLE) == [a, b, c]
    assert set(column(panel.model, WHAT)) == {"Hold expires"}
    assert panel.summary.text() == "1 overdue · 0 due today · 2 running"
    panel.kind.setCurrentIndex(panel.kind.findText("Decisions only"))
    assert column(panel.model, DUE, ID_ROLE) == [a, b, c]
    assert column(panel.model, DUE, STATE_ROLE)[2] is ClockState.DUE_TODAY
    panel.kind.setCurrentIndex(panel.kind.findText("All clocks"))
    assert panel.model.rowCount() == 6
    assert loader.calls == 1  # filtering reads nothing


def test_reload_picks_up_a_new_detainer_and_keeps_the_selection(
    make_panel, three, db, actor, case_factory
):
    a, b, c = three
    panel, _ = make_panel()
    panel.select_detainer(c)
    new = add_detainer(db, actor, case_factory, 4, datetime(2010, 10, 17, 17, 0, tzinfo=UTC))
    panel.reload()
    assert panel.model.data(panel.model.index(0, 0), ID_ROLE) == new
    assert panel.model.rowCount() == 8
    assert panel.selected_detainer_id() == c


def test_nothing_running_shows_the_empty_state(make_panel):
    panel, _ = make_panel()
    assert panel.model.rowCount() == 0
    assert not panel.empty_label.isHidden()
    assert panel.empty_label.text() == NOTHING_RUNNING
    assert panel.table.isHidden()
    assert panel.summary.text() == "0 overdue · 0 due today · 0 running"
    assert panel.due_soon() == []


def test_due_soon_lists_overdue_and_next_24_hours(make_panel, three):
    a, b, c = three
    panel, _ = make_panel()
    soon = panel.due_soon(24)
    # C's hold ends Fri 16:00, 2 days away; everything else is overdue or within 21 h.
    assert [(s.detainer_id, s.kind) for s in soon] == [
        (a, "decision"),
        (b, "decision"),
        (a, "hold"),
        (c, "decision"),
        (b, "hold"),
    ]
    assert [(s.detainer_id, s.kind) for s in panel.due_soon(3)] == [
        (a, "decision"),
        (b, "decision"),
        (a, "hold"),
    ]


def test_double_click_and_enter_open_the_detainer(qtbot, make_panel, three):
    a, b, c = three
    panel, _ = make_panel()
    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.table.visualRect(panel.model.index(3, 0))
    opened = []
    panel.open_requested.connect(opened.append)
    # A real double-click is a press then a double-click event; QTest sends only the second.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [c]  # once: a double-click is not also taken as Enter
    opened.clear()
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened == [b]


def test_a_failed_reload_keeps_the_last_list_and_says_so(qtbot, make_panel, three):
    panel, loader = make_panel()

    def broken():
        raise StoreError("The database could not be read: the file is damaged")

    panel.model._load = broken
    panel.reload()
    assert panel.model.rowCount() == 6
    assert not panel.error_label.isHidden()
    assert "the file is damaged. The list below is as last read." in panel.error_label.text()
    panel.model._load = loader
    panel.reload()
    assert panel.error_label.isHidden()


def test_deadlines_model_passes_qt_model_tester(qtmodeltester, db, three):
    model = DeadlinesModel(lambda: running_clocks(db, now=NOW), TZ, LABELS, FakeClock(NOW))
    model.reload()
    qtmodeltester.check(model)
    model.set_kind("hold")
    qtmodeltester.check(model)
