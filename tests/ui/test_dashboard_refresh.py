"""When the Dashboard works its figures out: on a worker thread, after saves, on close; its keys.

The figures are counted on a worker thread with a connection of its own; only the newest
request is shown, a save while the Dashboard is shown schedules one recount, and closing the
window waits for a count still running. The dataset is that of
:mod:`tests.ui.dashboard_fixtures` (2010: 4 arrests flagged, 3 detainers).
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date, datetime

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

import ui.export_dialog
import ui.report_dialog
from models.errors import DeskError
from models.lookups import load_vocabularies
from models.offense_categories import add_offense_category
from models.stats.period import Filters, Period
from tests.ui.conftest import FIXED_NOW
from tests.ui.dashboard_fixtures import (
    WAIT_MS,
    _case,
    choose_facility,
    recording,
    tiles,
    wait_for_figures,
)
from tests.ui.dashboard_fixtures import dashboard as dashboard  # noqa: F401 (a fixture)
from tests.ui.dashboard_fixtures import stats_db as stats_db  # noqa: F401 (a fixture)
from ui.dashboard_panel import BUSY
from ui.main_window import CASES_PAGE, DASHBOARD_PAGE, MainWindow

YEAR_2010 = Period(date(2010, 1, 1), date(2010, 12, 31))
YEAR_2015 = Period(date(2015, 1, 1), date(2015, 12, 31))


def held_back(monkeypatch, controller):
    """Make the controller's first count wait until released: ``(started, release, periods)``."""
    started, release = threading.Event(), threading.Event()
    periods = []
    original = controller.compute

    def compute(period, filters, **kwargs):
        periods.append(period)
        if len(periods) == 1:
            started.set()
            release.wait(WAIT_MS / 1000)
        return original(period, filters, **kwargs)

    monkeypatch.setattr(controller, "compute", compute)
    return started, release, periods


def test_the_figures_of_a_newer_request_replace_those_of_one_still_counted(
    qtbot, dashboard, monkeypatch
):
    started, release, periods = held_back(monkeypatch, dashboard.controller)
    shown = []
    dashboard.shown.connect(lambda stats: shown.append(stats.period))
    assert dashboard.set_period(YEAR_2015.start, YEAR_2015.end)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    # While counting: said so, and the figures of 2010 stay on screen, marked as being refreshed.
    assert dashboard.is_busy() and dashboard.busy.isVisible()
    assert dashboard.busy.text().startswith(BUSY)
    assert "01/01/2015 – 12/31/2015" in dashboard.busy.text()
    assert tiles(dashboard)[0] == "Arrests flagged: 4"
    assert "01/01/2010 – 12/31/2010" in dashboard.status.text()
    assert dashboard.is_refreshing()  # faded
    assert dashboard.months_chart.chart().opacity() < 1
    assert not dashboard.figures.isEnabled()
    march = Period(date(2010, 3, 1), date(2010, 3, 31))
    assert dashboard.set_period(march.start, march.end)  # asked while 2015 is still counted
    release.set()
    wait_for_figures(qtbot, dashboard)
    qtbot.waitUntil(lambda: not dashboard.runner.running(), timeout=WAIT_MS)
    qtbot.wait(50)  # nothing more comes back
    assert periods == [YEAR_2015, march]  # both were counted ...
    assert shown == [march]  # ... and 2015's answer, replaced before it came, was dropped
    assert tiles(dashboard)[:3] == [
        "Arrests flagged: 2",
        "People flagged: 2",
        "Detainers received: 2",
    ]
    assert not dashboard.busy.isVisible()
    assert not dashboard.is_refreshing() and dashboard.figures.isEnabled()
    assert dashboard.months_chart.chart().opacity() == 1


def test_going_back_to_the_period_shown_drops_the_count_in_hand(qtbot, dashboard, monkeypatch):
    started, release, periods = held_back(monkeypatch, dashboard.controller)
    shown = []
    dashboard.shown.connect(lambda stats: shown.append(stats.period))
    dashboard.set_period(YEAR_2015.start, YEAR_2015.end)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    dashboard.set_period(YEAR_2010.start, YEAR_2010.end)  # the figures shown: nothing to count
    assert not dashboard.is_busy()
    release.set()
    qtbot.waitUntil(lambda: not dashboard.runner.running(), timeout=WAIT_MS)
    qtbot.wait(50)
    assert (periods, shown) == ([YEAR_2015], [])
    assert tiles(dashboard)[0] == "Arrests flagged: 4"


def test_closing_the_window_while_the_figures_are_counted_waits_for_them(
    qtbot, dashboard, window, monkeypatch, boxes
):
    started, release, _periods = held_back(monkeypatch, dashboard.controller)
    dashboard.set_period(YEAR_2015.start, YEAR_2015.end)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    threading.Timer(0.2, release.set).start()  # the count ends while the window closes
    window.close()
    assert not window.isVisible()
    assert not dashboard.runner.running()  # the thread was joined before the window went
    qtbot.wait(50)  # its answer arrives after the close: dropped, nothing else asked
    assert tiles(dashboard)[0] == "Arrests flagged: 4"
    assert not dashboard.runner.running() and boxes.errors == []


def test_quitting_just_after_typing_a_date_counts_nothing(qtbot, dashboard, window, monkeypatch):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    computed = recording(monkeypatch, dashboard.controller)
    field = dashboard.period_bar.date_from
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "02/01/2010")
    qtbot.keyClick(field, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Q
    assert not window.isVisible()
    qtbot.wait(50)
    assert computed == [] and not dashboard.is_busy()


def test_destroying_the_window_with_the_cursor_in_a_date_field(
    qtbot, stats_db, db, db_path, actor, settings, boxes, monkeypatch
):
    window = MainWindow(db, actor, db_path, settings)  # not qtbot's: this test destroys it
    window.controller.now = lambda: FIXED_NOW
    window.show()
    window.show_area(DASHBOARD_PAGE)
    wait_for_figures(qtbot, window.dashboard)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    computed = recording(monkeypatch, window.dashboard_controller)
    field = window.dashboard.period_bar.date_from
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "02/01/2010")
    shiboken6.delete(window)  # an exception in a slot here would fail the test (pytest-qt)
    QApplication.processEvents()
    assert computed == [] and boxes.errors == []


def test_a_save_elsewhere_is_counted_when_the_dashboard_is_next_shown(
    qtbot, dashboard, window, db, actor, monkeypatch
):
    computed = recording(monkeypatch, dashboard.controller)
    window.show_area(CASES_PAGE)
    new = _case(
        db, actor, 107, datetime(2010, 9, 1, 18, tzinfo=UTC), scheme="sc_crime_type", level="3"
    )
    window.controller.case_saved.emit(new)
    qtbot.wait(20)
    assert computed == []  # not while hidden
    window.show_area(DASHBOARD_PAGE)
    wait_for_figures(qtbot, dashboard)
    assert len(computed) == 1
    assert tiles(dashboard)[0] == "Arrests flagged: 5"
    window.show_area(CASES_PAGE)
    window.show_area(DASHBOARD_PAGE)
    qtbot.wait(20)
    assert len(computed) == 1  # nothing changed: nothing worked out again


def test_saves_while_shown_schedule_one_recount_after_them(
    qtbot, dashboard, window, db, actor, monkeypatch
):
    computed = recording(monkeypatch, dashboard.controller)
    new = _case(
        db, actor, 107, datetime(2010, 9, 1, 18, tzinfo=UTC), scheme="sc_crime_type", level="3"
    )
    for _ in range(3):  # a save's several signals, or several saves in a row
        window.controller.case_saved.emit(new)
    assert not dashboard.is_busy() and computed == []  # nothing counted inside the save
    # The recount may start and end between two looks: wait for it to have run, not to be seen.
    qtbot.waitUntil(lambda: len(computed) >= 1, timeout=WAIT_MS)
    wait_for_figures(qtbot, dashboard)
    qtbot.wait(50)
    assert computed == [(YEAR_2010, Filters())]
    assert tiles(dashboard)[0] == "Arrests flagged: 5"


def test_changing_the_offence_list_counts_the_figures_again(
    qtbot, dashboard, window, db, actor, monkeypatch
):
    assert tiles(dashboard)[5] == "Not convicted of a violent crime: 75% (3 of 4)"
    computed = recording(monkeypatch, dashboard.controller)
    window.show_area(CASES_PAGE)
    # Burglary (102's conviction, 01/15/2008) listed as violent: 101 and 102 now count.
    add_offense_category(db, actor, "PC 459", "violent_felony", "Burglary", "Test")
    window.offense_controller.changed.emit()
    qtbot.wait(20)
    assert computed == []  # hidden: counted when next shown
    window.show_area(DASHBOARD_PAGE)
    wait_for_figures(qtbot, dashboard)
    assert len(computed) == 1
    assert tiles(dashboard)[5] == "Not convicted of a violent crime: 50% (2 of 4)"
    window.offense_controller.changed.emit()  # while shown: counted again at once
    qtbot.waitUntil(lambda: len(computed) == 2, timeout=WAIT_MS)
    wait_for_figures(qtbot, dashboard)


def test_a_database_error_is_a_message_and_the_figures_stay(qtbot, dashboard, boxes, monkeypatch):
    shown = tiles(dashboard)

    def fail(*_args, **_kwargs):
        raise DeskError("The database file is locked by another program.")

    monkeypatch.setattr(dashboard.controller, "compute", fail)
    qtbot.mouseClick(dashboard.period_bar.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.errors), timeout=WAIT_MS)
    title, text = boxes.errors[-1]
    assert title == "The figures could not be worked out"
    assert "locked" in text and "The figures shown have not changed." in text
    assert tiles(dashboard) == shown
    assert not dashboard.is_busy() and not dashboard.busy.isVisible()


def test_removing_the_chosen_facility_counts_all_facilities(qtbot, dashboard, window, db):
    choose_facility(qtbot, dashboard, "Ridgeview")
    assert tiles(dashboard)[0] == "Arrests flagged: 1"
    vocab = dataclasses.replace(load_vocabularies(db), facilities=("Alder County Main Jail",))
    window.controller.vocab_changed.emit(vocab)  # Ridgeview taken off the office's list
    assert dashboard.period_bar.facility.currentData() is None  # "All facilities"
    wait_for_figures(qtbot, dashboard)
    assert tiles(dashboard)[0] == "Arrests flagged: 4"
    assert "all facilities" in dashboard.status.text()


def test_dashboard_is_the_seventh_area_on_ctrl_7(qtbot, stats_db, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keySequence(window, "Ctrl+7")
    assert window.stack.currentIndex() == DASHBOARD_PAGE == 6
    assert window.stack.currentWidget() is window.dashboard
    assert window.nav.currentItem().text() == "Dashboard"
    # The first showing works out this year so far.
    assert window.dashboard.period_bar.date_from.text() == "01/01/2026"
    wait_for_figures(qtbot, window.dashboard)
    assert tiles(window.dashboard)[0] == "Arrests flagged: 0"


def test_tab_goes_through_the_choices_the_tiles_the_table_and_the_buttons(qtbot, dashboard, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    charts = [
        dashboard.months_chart,
        dashboard.decisions_chart,
        dashboard.convictions_chart,
        *dashboard.level_charts,
    ]
    assert {c.focusPolicy() for c in charts} == {Qt.FocusPolicy.NoFocus}
    bar = dashboard.period_bar
    bar.date_from.setFocus()
    qtbot.waitUntil(bar.date_from.hasFocus)
    visited = [QApplication.focusWidget()]
    for _ in range(14):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        bar.date_from,
        bar.date_to,
        bar.preset,
        bar.facility,
        bar.refresh_button,
        *dashboard.tiles.values(),
        dashboard.figures,
        dashboard.report_button,
        dashboard.export_button,
    ]
    assert not any(isinstance(w, QScrollArea) for w in visited)


def test_the_board_report_opens_for_the_period_and_facility_chosen(
    qtbot, dashboard, window, db, actor, monkeypatch
):
    calls = []
    monkeypatch.setattr(ui.report_dialog, "open_board_report", lambda *a: calls.append(a))
    qtbot.mouseClick(dashboard.report_button, Qt.MouseButton.LeftButton)
    assert calls == [(dashboard, db, actor, window.tz, YEAR_2010, Filters())]
    choose_facility(qtbot, dashboard, "Ridgeview")
    window.show_area(CASES_PAGE)
    window.board_report_action.trigger()  # Letters ▸ Board of Supervisors report…
    assert calls[-1] == (dashboard, db, actor, window.tz, YEAR_2010, Filters("Ridgeview"))
    assert len(calls) == 2


def test_the_letters_menu_opens_this_years_report_before_the_dashboard_was_shown(
    stats_db, window, db, actor, monkeypatch
):
    calls = []
    monkeypatch.setattr(ui.report_dialog, "open_board_report", lambda *a: calls.append(a))
    window.board_report_action.trigger()
    this_year = Period(date(2026, 1, 1), date(2026, 11, 25))
    assert calls == [(window.dashboard, db, actor, window.tz, this_year, Filters())]


def test_the_letters_menu_gives_each_entry_its_own_access_key(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Letters")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "Board of &Supervisors report…" in texts
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(texts) and len(set(keys)) == len(keys), texts


def test_export_figures_exports_the_figures_shown(qtbot, dashboard, db, actor, monkeypatch):
    calls = []
    monkeypatch.setattr(ui.export_dialog, "export_statistics", lambda *a: calls.append(a))
    qtbot.mouseClick(dashboard.export_button, Qt.MouseButton.LeftButton)
    assert len(calls) == 1
    parent, used_db, used_actor, stats = calls[0]
    assert (parent, used_db, used_actor) == (dashboard, db, actor)
    assert stats is dashboard.stats
    assert (stats.period, stats.filters, stats.flagged.value) == (YEAR_2010, Filters(), 4)
