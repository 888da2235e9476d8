"""The Dashboard: tiles, charts and the figures table for a typed period, and click-through.

The dataset is made by hand so every number below can be counted on one's fingers:

=========  ==========  =========  ======================  ============================  ========
booking    booked      result     level                   conviction by 12/31/2010      detainer
=========  ==========  =========  ======================  ============================  ========
2010-101   03/10/2010  IDENT      SC crime type 1         PC 211 robbery 05/01/2009      honoured,
                                                          (violent)                     released
                                                                                        to ICE
2010-102   03/20/2010  IDENT+IAR  SC crime type 2         PC 459 burglary 01/15/2008     declined
2010-103   06/05/2010  IDENT      threat level L2         none                          undecided
2010-104   06/15/2010  IDENT      SC crime type 2         none (Ridgeview facility)     —
2010-105   07/01/2010  no match   —                       —                             —
2011-106   02/01/2011  IDENT      SC crime type 3         —                             —
=========  ==========  =========  ======================  ============================  ========

For 01/01/2010 – 12/31/2010: 4 arrests flagged (101–104; 105 is no match, 106 is in 2011) of
4 people; 3 detainers received, 1 released to ICE; no conviction 2 of 4 (103, 104) = 50%; not
convicted of a violent crime 3 of 4 = 75%; booking 101 was release-eligible at 10:00 UTC on
03/12/2010 and released to ICE at 16:00 UTC, so held 6.0 hours beyond release (n = 1).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from models.cases import create_case
from models.detainers import change_status, create_detainer, record_decision, update_detainer
from models.errors import DeskError
from models.records import (
    Charge,
    Decision,
    Detainer,
    DetainerStatus,
    FingerprintMatch,
    StaffRole,
)
from models.settings import county_timezone
from models.staff import find_by_login, update_staff
from models.stats.period import Filters, Period
from tests.conftest import make_case
from tests.ui.conftest import click, retype
from ui.case_table_model import NUMBER
from ui.dashboard_charts import NOTHING
from ui.main_window import CASES_PAGE, DASHBOARD_PAGE

HOUR = timedelta(hours=1)
ELIGIBLE = datetime(2010, 3, 12, 10, 0, tzinfo=UTC)


def _case(db, actor, n: int, booked: datetime, response="ident_match", scheme=None, level=None,
          charge=None, facility="Alder County Main Jail", eligible=None) -> int:
    base = make_case()
    person = dataclasses.replace(base.person, family_name=f"Tester{n}", a_number=None)
    booking = dataclasses.replace(
        base.booking, booking_number=f"{booked.year}-{n:03d}", booked_at=booked,
        facility=facility, release_eligible_at=eligible)
    charges = (charge or Charge(id=None, statute="PC 484", description="Petty theft"),)
    match = FingerprintMatch(id=None, program_era="sc_2008", response_type=response,
                             offense_level_scheme=scheme, offense_level=level,
                             criminality_code="2" if scheme else None)
    case = base.replace(person=person, booking=booking, charges=charges, matches=(match,))
    return create_case(db, case, actor, now=booked + HOUR).id


def _detainer(db, actor, booking_id: int, received: datetime) -> Detainer:
    d = Detainer(None, booking_id, form_code="i247_2008", received_at=received,
                 received_via="fax", requests_hold=True)
    return create_detainer(db, d, actor, county_timezone(db), now=received + HOUR)


def _decide(db, attorney, d: Detainer, decision: Decision, at: datetime) -> Detainer:
    return record_decision(db, d.id, d.row_version, decision, "Test: decided by hand.",
                           attorney, county_timezone(db), now=at)


@pytest.fixture
def stats_db(db, actor):
    """The dataset of the module docstring; returns ``{booking number: booking id}``."""
    update_staff(db, actor, "atty", full_name="Ann Attorney", role=StaffRole.ATTORNEY)
    attorney = find_by_login(db, "atty")
    tz = county_timezone(db)
    robbery = Charge(id=None, statute="PC 211", description="Robbery",
                     conviction_date=date(2009, 5, 1))
    burglary = Charge(id=None, statute="PC 459", description="Burglary",
                      conviction_date=date(2008, 1, 15))
    ids = {
        "2010-101": _case(db, actor, 101, datetime(2010, 3, 10, 18, tzinfo=UTC),
                          scheme="sc_crime_type", level="1", charge=robbery, eligible=ELIGIBLE),
        "2010-102": _case(db, actor, 102, datetime(2010, 3, 20, 18, tzinfo=UTC),
                          response="ident_match_iar", scheme="sc_crime_type", level="2",
                          charge=burglary),
        "2010-103": _case(db, actor, 103, datetime(2010, 6, 5, 18, tzinfo=UTC),
                          scheme="threat_level", level="2"),
        "2010-104": _case(db, actor, 104, datetime(2010, 6, 15, 18, tzinfo=UTC),
                          scheme="sc_crime_type", level="2", facility="Ridgeview"),
        "2010-105": _case(db, actor, 105, datetime(2010, 7, 1, 18, tzinfo=UTC),
                          response="no_match"),
        "2011-106": _case(db, actor, 106, datetime(2011, 2, 1, 18, tzinfo=UTC),
                          scheme="sc_crime_type", level="3"),
    }
    honoured = _detainer(db, actor, ids["2010-101"], datetime(2010, 3, 11, 18, tzinfo=UTC))
    at = datetime(2010, 3, 11, 20, tzinfo=UTC)
    honoured = _decide(db, attorney, honoured, Decision.HONOUR, at)
    honoured = change_status(db, honoured.id, honoured.row_version, DetainerStatus.HONOURED,
                             actor, tz, at=at + HOUR, now=at + HOUR)
    update_detainer(db, honoured.replace(released_to_ice_at=ELIGIBLE + 6 * HOUR), actor, tz,
                    now=ELIGIBLE + 7 * HOUR)
    declined = _detainer(db, actor, ids["2010-102"], datetime(2010, 3, 21, 18, tzinfo=UTC))
    _decide(db, attorney, declined, Decision.DECLINE, datetime(2010, 3, 21, 20, tzinfo=UTC))
    _detainer(db, actor, ids["2010-103"], datetime(2010, 6, 6, 18, tzinfo=UTC))
    return ids


@pytest.fixture
def dashboard(qtbot, stats_db, window):
    """The window's Dashboard, shown, with 2010 typed in as the period."""
    window.show_area(DASHBOARD_PAGE)
    panel = window.dashboard
    type_period(qtbot, panel, "01/01/2010", "12/31/2010")
    return panel


def type_period(qtbot, panel, start: str, end: str) -> None:
    retype(qtbot, panel.period_bar.date_from, start)
    retype(qtbot, panel.period_bar.date_to, end)


def tiles(panel) -> list[str]:
    return [tile.text() for tile in panel.tiles.values()]


def booking_numbers(window) -> list[str]:
    model = window.cases.model
    return sorted(model.data(model.index(r, NUMBER)) for r in range(model.rowCount()))


def counts(chart) -> dict[str, int]:
    """``{figure key: value}`` of every bar of a chart."""
    return {c.key: c.value for _bar_set, cs in chart.sets for c in cs}


def click_bar(chart, key: str) -> None:
    """Click (emit ``clicked`` of) the bar showing the figure ``key``."""
    for bar_set, cs in chart.sets:
        for index, count in enumerate(cs):
            if count.key == key:
                bar_set.clicked.emit(index)
                return
    raise AssertionError(f"no bar for {key}")


def test_typed_period_shows_the_hand_counted_figures(dashboard):
    assert tiles(dashboard) == [
        "Arrests flagged: 4",
        "People flagged: 4",
        "Detainers received: 3",
        "Released to ICE: 1",
        "No criminal conviction: 50% (2 of 4)",
        "Not convicted of a violent crime: 75% (3 of 4)",
        "Held beyond release: median 6.0 h, max 6.0 h (n = 1)",
    ]
    assert dashboard.tiles["share.no_conviction"].detail.text() == "2 of 4 people flagged"
    assert "01/01/2010 – 12/31/2010" in dashboard.status.text()
    assert dashboard.period_bar.preset.currentData() == "custom"
    months = counts(dashboard.months_chart)
    assert len(months) == 24  # twelve months, flagged and detainers
    assert (months["months.2010-03.flagged"], months["months.2010-03.detainers"]) == (2, 2)
    assert (months["months.2010-06.flagged"], months["months.2010-06.detainers"]) == (2, 1)
    assert months["months.2010-07.flagged"] == 0  # 105 was no match
    assert sum(v for k, v in months.items() if k.endswith("flagged")) == 4
    assert counts(dashboard.decisions_chart) == {
        "decisions.honour": 1, "decisions.decline": 1, "decisions.notify_only": 0,
        "decisions.pending": 1}
    assert counts(dashboard.convictions_chart) == {
        "convictions.none": 2, "convictions.non_violent": 1, "convictions.violent": 1}


def test_offense_levels_of_each_scheme_are_charted_apart(dashboard):
    charts = dashboard.level_charts
    assert [c.title() for c in charts] == [
        "Secure Communities crime-type level", "Sentence-based threat level"]
    assert counts(charts[0]) == {"levels.sc_crime_type.1": 1, "levels.sc_crime_type.2": 2,
                                 "levels.sc_crime_type.3": 0}
    assert counts(charts[1]) == {"levels.threat_level.1": 0, "levels.threat_level.2": 1,
                                 "levels.threat_level.3": 0}
    for chart in charts:  # one series, one scheme: nothing adds levels across schemes
        assert len(chart.sets) == 1
        assert len(chart.chart().series()) == 1
    assert charts[0].isVisible() and charts[1].isVisible()


def test_facility_filter_counts_that_facility_only(dashboard):
    facility = dashboard.period_bar.facility
    facility.setCurrentIndex(facility.findData("Ridgeview"))
    facility.activated.emit(facility.currentIndex())
    assert tiles(dashboard)[:4] == [
        "Arrests flagged: 1", "People flagged: 1", "Detainers received: 0", "Released to ICE: 0"]
    assert "facility Ridgeview" in dashboard.status.text()


def test_period_ending_before_it_starts_is_marked_and_the_figures_stay(qtbot, dashboard,
                                                                      monkeypatch):
    shown, status = tiles(dashboard), dashboard.status.text()
    bar = dashboard.period_bar
    computed = []
    original = dashboard.controller.compute
    monkeypatch.setattr(dashboard.controller, "compute",
                        lambda *a: computed.append(a) or original(*a))
    retype(qtbot, dashboard.period_bar.date_to, "12/31/2009")
    assert dashboard.period_bar.end_error.isVisible()
    assert dashboard.period_bar.end_error.text() == (
        "The period ends (12/31/2009) before it starts (01/01/2010).")
    assert dashboard.period_bar.date_to.styleSheet()  # the field is marked red too
    assert not dashboard.period_bar.start_error.isVisible()
    assert (computed, tiles(dashboard), dashboard.status.text()) == ([], shown, status)
    retype(qtbot, dashboard.period_bar.date_from, "13/45/2010")  # not a date at all
    assert dashboard.period_bar.start_error.text() == "“13/45/2010” is not a real calendar date."
    assert (computed, tiles(dashboard)) == ([], shown)
    type_period(qtbot, dashboard, "01/01/2027", "12/31/2027")  # after today (11/25/2026)
    assert "after today" in dashboard.period_bar.start_error.text()
    assert not dashboard.period_bar.end_error.isVisible()
    assert (computed, tiles(dashboard)) == ([], shown)
    retype(qtbot, dashboard.period_bar.date_to, "03/31/2010")  # ends before it starts: wrong
    assert dashboard.period_bar.end_error.isVisible() and computed == []
    retype(qtbot, dashboard.period_bar.date_from, "03/01/2010")  # put right: worked out at once
    assert computed == [(Period(date(2010, 3, 1), date(2010, 3, 31)), Filters())]
    assert not bar.start_error.isVisible() and not bar.end_error.isVisible()
    assert tiles(dashboard)[:3] == [
        "Arrests flagged: 2", "People flagged: 2", "Detainers received: 2"]


def test_a_period_with_nothing_in_it_shows_zeros_and_no_data(qtbot, dashboard):
    type_period(qtbot, dashboard, "01/01/2015", "12/31/2015")
    assert tiles(dashboard) == [
        "Arrests flagged: 0",
        "People flagged: 0",
        "Detainers received: 0",
        "Released to ICE: 0",
        "No criminal conviction: no data (0 of 0)",
        "Not convicted of a violent crime: no data (0 of 0)",
        "Held beyond release: no data (n = 0)",
    ]
    assert set(counts(dashboard.decisions_chart).values()) == {0}
    assert NOTHING in dashboard.decisions_chart.chart().title()
    assert NOTHING not in dashboard.decisions_chart.title()


def test_presets_fill_the_dates_from_today(qtbot, dashboard):
    def choose(code):
        index = dashboard.period_bar.preset.findData(code)
        dashboard.period_bar.preset.setCurrentIndex(index)
        dashboard.period_bar.preset.activated.emit(index)
        return dashboard.period_bar.date_from.text(), dashboard.period_bar.date_to.text()

    # Today is 11/25/2026 in the county (tests fix the clock at 12:00 UTC).
    assert choose("last_year") == ("01/01/2025", "12/31/2025")
    assert choose("this_year") == ("01/01/2026", "11/25/2026")
    assert choose("last_12_months") == ("11/26/2025", "11/25/2026")
    assert "11/26/2025 – 11/25/2026" in dashboard.status.text()


def test_clicking_a_month_bar_lists_exactly_its_cases(dashboard, window):
    click_bar(dashboard.months_chart, "months.2010-03.flagged")
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-101", "2010-102"]
    banner = window.cases.subset_banner
    assert banner.isVisible()
    assert banner.text() == "Showing the 2 cases behind: Arrests flagged, 2010-03"


def test_clicking_a_decision_bar_lists_the_declined_case(dashboard, window):
    click_bar(dashboard.decisions_chart, "decisions.decline")
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-102"]
    assert window.cases.subset_banner.text() == (
        "Showing the 1 case behind: Declined (01/01/2010 – 12/31/2010)")


def test_clicking_a_level_bar_lists_that_schemes_cases(dashboard, window):
    click_bar(dashboard.level_charts[0], "levels.sc_crime_type.2")
    assert booking_numbers(window) == ["2010-102", "2010-104"]


def test_double_clicking_a_figures_row_lists_its_cases(qtbot, dashboard, window):
    tree = dashboard.figures
    parent = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                  if tree.topLevelItem(i).text(0).startswith("Conviction status"))
    row = next(parent.child(i) for i in range(parent.childCount())
               if parent.child(i).text(0) == "No conviction")
    assert row.text(1) == "2"
    tree.scrollToItem(row)
    where = tree.visualItemRect(row).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentIndex() == DASHBOARD_PAGE  # one click only selects
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-103", "2010-104"]


def test_a_tile_lists_its_cases_and_show_all_or_clear_filters_ends_it(qtbot, dashboard, window):
    click(qtbot, dashboard.tiles["released_to_ice"])
    assert booking_numbers(window) == ["2010-101"]
    panel = window.cases
    click(qtbot, panel.subset_banner.show_all)
    assert len(booking_numbers(window)) == 6
    assert not panel.subset_banner.isVisible()
    window.show_area(DASHBOARD_PAGE)
    click(qtbot, dashboard.tiles["flagged"])
    assert booking_numbers(window) == ["2010-101", "2010-102", "2010-103", "2010-104"]
    window.clear_action.trigger()  # Ctrl+Shift+L clears the subset with the filters
    assert len(booking_numbers(window)) == 6
    assert panel.subset() is None and not panel.subset_banner.isVisible()


def test_a_search_narrows_the_cases_behind_a_figure(qtbot, dashboard, window):
    click(qtbot, dashboard.tiles["flagged"])
    panel = window.cases
    qtbot.keyClicks(panel.search, "2010-103")
    panel.apply_filters()
    assert booking_numbers(window) == ["2010-103"]
    assert panel.subset_banner.text() == (
        "Showing 1 of the 4 cases behind: Arrests flagged (01/01/2010 – 12/31/2010)")


def test_a_save_elsewhere_is_counted_when_the_dashboard_is_next_shown(dashboard, window, db,
                                                                      actor, monkeypatch):
    computed = []
    original = dashboard.controller.compute
    monkeypatch.setattr(dashboard.controller, "compute",
                        lambda *a: computed.append(a) or original(*a))
    window.show_area(CASES_PAGE)
    new = _case(db, actor, 107, datetime(2010, 9, 1, 18, tzinfo=UTC), scheme="sc_crime_type",
                level="3")
    window.controller.case_saved.emit(new)
    assert computed == []  # not while hidden
    window.show_area(DASHBOARD_PAGE)
    assert len(computed) == 1
    assert tiles(dashboard)[0] == "Arrests flagged: 5"
    window.show_area(CASES_PAGE)
    window.show_area(DASHBOARD_PAGE)
    assert len(computed) == 1  # nothing changed: nothing worked out again


def test_a_database_error_is_a_message_and_the_figures_stay(qtbot, dashboard, boxes,
                                                            monkeypatch):
    shown = tiles(dashboard)

    def fail(*_args):
        raise DeskError("The database file is locked by another program.")

    monkeypatch.setattr(dashboard.controller, "compute", fail)
    click(qtbot, dashboard.period_bar.refresh_button)
    assert boxes.errors and "locked" in boxes.errors[-1][1]
    assert tiles(dashboard) == shown


def test_dashboard_is_the_seventh_area_on_ctrl_7(qtbot, stats_db, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keySequence(window, "Ctrl+7")
    assert window.stack.currentIndex() == DASHBOARD_PAGE == 6
    assert window.stack.currentWidget() is window.dashboard
    assert window.nav.currentItem().text() == "Dashboard"
    # The first showing works out this year so far.
    assert window.dashboard.period_bar.date_from.text() == "01/01/2026"
    assert tiles(window.dashboard)[0] == "Arrests flagged: 0"


def test_enter_on_a_tile_or_a_figures_row_lists_the_cases(qtbot, dashboard, window):
    tile = dashboard.tiles["share.not_violent"]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert booking_numbers(window) == ["2010-102", "2010-103", "2010-104"]  # 101 robbed
    window.show_area(DASHBOARD_PAGE)
    tree = dashboard.figures
    parent = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                  if tree.topLevelItem(i).text(0) == "Sentence-based threat level: 1")
    tree.setCurrentItem(parent.child(1))  # L2
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert booking_numbers(window) == ["2010-103"]
    assert window.cases.subset_banner.text() == (
        "Showing the 1 case behind: Sentence-based threat level: L2 (01/01/2010 – 12/31/2010)")
