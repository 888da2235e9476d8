"""The main window's detainer wiring: work areas, menus, the case's Detainers tab, Deadlines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.cases import create_case
from models.detainers import create_detainer, record_decision
from models.records import Decision, Detainer
from models.settings import county_timezone
from models.timeutil import utc_now
from tests.conftest import make_case
from tests.ui.conftest import stored_case
from ui.dialogs.case_dialog import DETAINERS_TAB
from ui.main_window import CASES_PAGE, DEADLINES_PAGE, DETAINERS_PAGE

# The window's detainer clock: 10/20/2010 12:00 PDT, days after the factory's booking.
WINDOW_NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)
# Release eligible Wed 10/20/2010 17:00 PDT: the decision falls due then.
ELIGIBLE = datetime(2010, 10, 21, 0, 0, tzinfo=UTC)


def _detainer(db, actor, booking_id, received_at, now, form_code="i247_2008"):
    detainer = Detainer(None, booking_id, form_code, received_at, "fax", requests_hold=True)
    return create_detainer(db, detainer, actor, county_timezone(db), now=now)


def _clocks(window):
    model = window.deadlines.model
    return [model.clock(row) for row in range(model.rowCount())]


def _activate(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_deadlines_first_then_ctrl_number_switches_work_areas(qtbot, window):
    assert window.stack.currentIndex() == DEADLINES_PAGE
    assert window.stack.currentWidget() is window.deadlines
    assert window.nav.currentItem().text() == "Deadlines"
    _activate(qtbot, window)
    qtbot.keySequence(window, "Ctrl+2")
    assert window.stack.currentIndex() == CASES_PAGE
    assert window.stack.currentWidget() is window.cases
    qtbot.keySequence(window, "Ctrl+3")
    assert window.stack.currentIndex() == DETAINERS_PAGE
    assert window.stack.currentWidget() is window.detainers
    assert window.nav.currentItem().text() == "Detainers"
    qtbot.keySequence(window, "Ctrl+1")
    assert window.stack.currentIndex() == DEADLINES_PAGE


def test_detainer_and_settings_actions_are_in_the_menus_with_shortcuts(window):
    entries = {
        (top.text().replace("&", ""), a.text().replace("&", "")): a.shortcut().toString()
        for top in window.menuBar().actions()
        for a in top.menu().actions()
        if not a.isSeparator()
    }
    assert entries[("File", "New detainer for the selected case…")] == "Ctrl+Shift+D"
    assert entries[("Settings", "Holidays…")] == "Ctrl+Alt+H"
    assert entries[("Settings", "County policy…")] == "Ctrl+Alt+P"
    assert [entries[("View", name)] for name in ("Deadlines", "Cases", "Detainers")] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
    ]


def test_detainer_recorded_from_the_case_editor_shows_in_every_list(
    qtbot, window, opened, editors, db, actor
):
    case = stored_case(db, actor, release_eligible_at=ELIGIBLE)
    window.detainer_controller.now = lambda: WINDOW_NOW
    window.controller.open_case(case.id)
    case_dialog = opened[-1]
    case_dialog.tabs.setCurrentIndex(DETAINERS_TAB)
    assert case_dialog.detainers.table.rowCount() == 0
    qtbot.mouseClick(case_dialog.detainers.new_button, Qt.MouseButton.LeftButton)
    editor = editors[-1]
    assert editor.detainer.booking_id == case.id
    form = editor.request_form
    form.widget("form_code").setCurrentIndex(form.widget("form_code").findData("i247_2008"))
    received = form.widget("received_at")
    received.clear()
    qtbot.keyClicks(received, "10/20/2010 09:00")
    qtbot.keyClicks(form.widget("ice_office").lineEdit(), "ERO San Francisco")
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert editor.error_summary.isHidden(), editor.error_summary.text()
    detainer_id = editor.detainer.id
    assert detainer_id is not None

    table = case_dialog.detainers.table
    assert table.rowCount() == 1
    assert [table.item(0, col).text() for col in range(4)] == [
        "10/20/2010 09:00",
        "I-247 (pre-2012)",
        "ERO San Francisco",
        "Received",
    ]
    assert case_dialog.detainers.empty.isHidden()
    assert window.detainers.model.row_of(detainer_id) == 0
    assert window.detainers.selected_detainer_id() == detainer_id
    # Decision due when eligible; the hold runs 48 business hours from Wed 17:00 PDT:
    # 7 h Wed, 24 h Thu, 17 h Fri -> Fri 10/22/2010 17:00 PDT.
    mine = [(c.kind, c.due_at) for c in _clocks(window) if c.detainer_id == detainer_id]
    assert mine == [("decision", ELIGIBLE), ("hold", datetime(2010, 10, 23, 0, 0, tzinfo=UTC))]


def test_ctrl_shift_d_in_the_case_editor_opens_a_detainer_for_that_case(
    qtbot, window, opened, editors, db, actor
):
    case = stored_case(db, actor)
    window.controller.open_case(case.id)
    case_dialog = opened[-1]
    _activate(qtbot, case_dialog)
    qtbot.keySequence(case_dialog, "Ctrl+Shift+D")
    assert case_dialog.tabs.currentIndex() == DETAINERS_TAB
    assert [e.detainer.booking_id for e in editors] == [case.id]


def test_start_up_notice_lists_a_clock_due_within_a_day(db, actor, make_window, boxes):
    # The Deadlines view counts against the real clock, so the times are relative to it.
    now = utc_now()
    case = stored_case(
        db, actor, booked_at=now - timedelta(days=2), release_eligible_at=now + timedelta(hours=6)
    )
    _detainer(db, actor, case.id, now - timedelta(days=1), now)
    window = make_window()
    window.notify_due_soon()
    assert len(boxes.infos) == 1
    title, text = boxes.infos[0]
    assert title == "Clocks running out"
    assert text.startswith("Within the next 24 hours (1):")
    assert "Decision due (release eligible): Núñez, María José, booking 2010-004512" in text
    assert "Already overdue" not in text


def test_start_up_notice_names_a_hold_about_to_expire_before_old_overdue_items(
    db, actor, make_window, boxes
):
    # Ten undecided detainers whose decisions fell due eight days ago (each with its hold, overdue
    # too under the honour-all policy: 20 late clocks), and one honoured hold that runs out in
    # 90 minutes: that hold must be named, first, not lost behind the old items.
    now = utc_now()

    def case(n, **booking):
        base = make_case()
        person = dataclasses.replace(base.person, family_name=f"Person{n}", a_number=None)
        booking = dataclasses.replace(base.booking, booking_number=f"2026-{n:03d}", **booking)
        return create_case(db, base.replace(person=person, booking=booking), actor)

    for n in range(10):
        late = case(
            100 + n, booked_at=now - timedelta(days=10), release_eligible_at=now - timedelta(days=8)
        )
        _detainer(db, actor, late.id, now - timedelta(days=9), now)
    soon = case(
        200,
        booked_at=now - timedelta(days=3),
        release_eligible_at=now - timedelta(hours=46, minutes=30),  # 48 h clock: 90 min left
    )
    d = _detainer(db, actor, soon.id, now - timedelta(days=2), now, form_code="i247a")
    tz = county_timezone(db)
    record_decision(db, d.id, d.row_version, Decision.HONOUR, None, actor, tz, now=now)
    window = make_window()
    window.notify_due_soon()
    _title, text = boxes.infos[-1]
    first_section = text.split("\n\n")[0]
    assert first_section.startswith("Within the next 24 hours (1):")
    assert "Hold expires" in first_section and "booking 2026-200" in first_section
    assert "Already overdue (20):" in text and "… and 12 more on the Deadlines page." in text
    late_lines = text.split("Already overdue (20):\n")[1].splitlines()
    assert all("Hold expires" in line for line in late_lines[:8])  # late holds before decisions


def test_start_up_notice_stays_quiet_when_nothing_is_due_within_a_day(
    db, actor, make_window, boxes
):
    now = utc_now()
    case = stored_case(
        db, actor, booked_at=now - timedelta(days=2), release_eligible_at=now + timedelta(days=5)
    )
    _detainer(db, actor, case.id, now - timedelta(days=1), now)
    window = make_window()
    assert len(_clocks(window)) >= 1  # a clock runs, just not within the day
    window.notify_due_soon()
    assert boxes.infos == []


def test_new_detainer_with_no_case_selected_says_so_and_shows_cases(window, editors, boxes):
    window.new_detainer_action.trigger()
    assert len(boxes.infos) == 1
    assert "Select the case in the Cases list first" in boxes.infos[0][1]
    assert window.stack.currentIndex() == CASES_PAGE
    assert editors == []


def test_new_detainer_for_the_selected_case_opens_its_editor(
    qtbot, window, editors, db, actor, boxes
):
    case = stored_case(db, actor)
    window.cases.refresh()
    window.show_area(CASES_PAGE)
    window.cases.select_case(case.id)
    _activate(qtbot, window)
    qtbot.keySequence(window, "Ctrl+Shift+D")
    assert boxes.infos == []
    assert [e.detainer.booking_id for e in editors] == [case.id]
    assert editors[0].detainer.id is None
    assert window.detainer_controller.editors == editors


def test_f5_reads_the_deadlines_again(qtbot, window, db, actor):
    case = stored_case(db, actor, release_eligible_at=ELIGIBLE)
    detainer = _detainer(db, actor, case.id, datetime(2010, 10, 16, 16, 30, tzinfo=UTC), WINDOW_NOW)
    assert _clocks(window) == []
    assert window.detainers.model.rowCount() == 0
    _activate(qtbot, window)
    qtbot.keySequence(window, "F5")
    assert {(c.detainer_id, c.kind) for c in _clocks(window)} >= {(detainer.id, "decision")}
    assert window.detainers.model.row_of(detainer.id) == 0
