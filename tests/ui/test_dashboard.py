"""The Dashboard's figures: tiles, charts and the figures table for a typed period, click-through.

The dataset and its hand counts are in :mod:`tests.ui.dashboard_fixtures`; the worker thread,
staleness, the keyboard and the buttons are tested in ``test_dashboard_refresh.py``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from models.stats.period import Filters, Period
from tests.ui.conftest import retype
from tests.ui.dashboard_fixtures import (
    booking_numbers,
    choose_facility,
    click_bar,
    counts,
    recording,
    tiles,
    type_period,
    wait_for_figures,
)
from tests.ui.dashboard_fixtures import dashboard as dashboard  # noqa: F401 (a fixture)
from tests.ui.dashboard_fixtures import stats_db as stats_db  # noqa: F401 (a fixture)
from ui.dashboard_charts import NOTHING
from ui.main_window import CASES_PAGE, DASHBOARD_PAGE


def top_row(tree, text: str):
    """The top-level row of the figures table whose text starts with ``text``."""
    return next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith(text)
    )


def child(item, text: str):
    return next(item.child(i) for i in range(item.childCount()) if item.child(i).text(0) == text)


def chart_note(chart) -> str:
    """What a chart says under its title, as one line."""
    return chart.chart().title().replace("<br>", " ")


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
    assert not dashboard.busy.isVisible()
    months = counts(dashboard.months_chart)
    assert len(months) == 24  # twelve months, flagged and detainers
    assert dashboard.months_chart.title().endswith("by month")
    assert (months["months.2010-03.flagged"], months["months.2010-03.detainers"]) == (2, 2)
    assert (months["months.2010-06.flagged"], months["months.2010-06.detainers"]) == (2, 1)
    assert months["months.2010-07.flagged"] == 0  # 105 was no match
    assert sum(v for k, v in months.items() if k.endswith("flagged")) == 4
    assert counts(dashboard.decisions_chart) == {
        "decisions.honour": 1,
        "decisions.decline": 1,
        "decisions.notify_only": 0,
        "decisions.pending": 1,
    }
    assert counts(dashboard.convictions_chart) == {
        "convictions.none": 2,
        "convictions.non_violent": 1,
        "convictions.violent": 1,
    }


def test_offense_levels_of_each_scheme_are_charted_apart(dashboard):
    charts = dashboard.level_charts
    assert [c.title() for c in charts] == [
        "Secure Communities crime-type level",
        "Sentence-based threat level",
    ]
    assert counts(charts[0]) == {
        "levels.sc_crime_type.1": 1,
        "levels.sc_crime_type.2": 2,
        "levels.sc_crime_type.3": 0,
    }
    assert counts(charts[1]) == {
        "levels.threat_level.1": 0,
        "levels.threat_level.2": 1,
        "levels.threat_level.3": 0,
    }
    for chart in charts:  # one series, one scheme: nothing adds levels across schemes
        assert len(chart.sets) == 1
        assert len(chart.chart().series()) == 1
    assert charts[0].isVisible() and charts[1].isVisible()


def test_facility_filter_counts_that_facility_only(qtbot, dashboard):
    choose_facility(qtbot, dashboard, "Ridgeview")
    assert tiles(dashboard)[:4] == [
        "Arrests flagged: 1",
        "People flagged: 1",
        "Detainers received: 0",
        "Released to ICE: 0",
    ]
    assert "facility Ridgeview" in dashboard.status.text()


def test_an_empty_level_chart_says_whether_anything_was_flagged(qtbot, dashboard):
    # Ridgeview's one flagged arrest (104) has a crime-type level, none on the threat scale.
    choose_facility(qtbot, dashboard, "Ridgeview")
    crime_type, threat = dashboard.level_charts
    assert counts(threat) == dict.fromkeys(
        ("levels.threat_level.1", "levels.threat_level.2", "levels.threat_level.3"), 0
    )
    assert chart_note(threat).endswith(
        "No flagged arrest in this period has a level under this scheme (0 of 1)</span>"
    )
    assert NOTHING not in chart_note(threat)
    assert "No flagged arrest" not in chart_note(crime_type)  # it has a bar
    type_period(qtbot, dashboard, "01/01/2015", "12/31/2015")  # nothing flagged at all
    assert NOTHING in chart_note(threat)
    assert "No flagged arrest" not in chart_note(threat)


def test_period_ending_before_it_starts_is_marked_and_the_figures_stay(
    qtbot, dashboard, monkeypatch
):
    shown, status = tiles(dashboard), dashboard.status.text()
    bar = dashboard.period_bar
    computed = recording(monkeypatch, dashboard.controller)
    retype(qtbot, dashboard.period_bar.date_to, "12/31/2009")
    assert dashboard.period_bar.end_error.isVisible()
    assert dashboard.period_bar.end_error.text() == (
        "The period ends (12/31/2009) before it starts (01/01/2010)."
    )
    assert dashboard.period_bar.date_to.styleSheet()  # the field is marked red too
    assert not dashboard.period_bar.start_error.isVisible()
    assert not dashboard.is_busy()
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
    assert dashboard.is_busy()
    wait_for_figures(qtbot, dashboard)
    assert computed == [(Period(date(2010, 3, 1), date(2010, 3, 31)), Filters())]
    assert not bar.start_error.isVisible() and not bar.end_error.isVisible()
    assert tiles(dashboard)[:3] == [
        "Arrests flagged: 2",
        "People flagged: 2",
        "Detainers received: 2",
    ]


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


def test_a_bar_of_zero_is_labelled_zero_like_the_others(dashboard):
    chart = dashboard.decisions_chart
    assert [c.key for _point, c in chart.zero_marks()] == ["decisions.notify_only"]
    (label,) = chart.zero_labels
    assert label.text() == "0" and label.isVisible()
    # Just right of the count axis, level with the bar of Notify only (the third of four).
    plot = chart.chart().plotArea()
    box = label.mapRectToItem(chart.chart(), label.boundingRect())
    assert plot.left() <= box.left() <= plot.left() + 6
    row = plot.height() / 4
    assert plot.top() + 2 * row < box.center().y() < plot.top() + 3 * row
    months = {c.key for _p, c in dashboard.months_chart.zero_marks()}
    assert "months.2010-07.flagged" in months and "months.2010-03.flagged" not in months
    assert len(months) == 24 - 4  # flagged in March and June; detainers in March and June
    assert len(dashboard.months_chart.zero_labels) == 20


def test_presets_fill_the_dates_from_today(qtbot, dashboard):
    def choose(code):
        index = dashboard.period_bar.preset.findData(code)
        dashboard.period_bar.preset.setCurrentIndex(index)
        dashboard.period_bar.preset.activated.emit(index)
        wait_for_figures(qtbot, dashboard)
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
    assert banner.text() == "Showing the 2 cases behind: Arrests flagged, Mar 2010"


def test_a_month_bar_with_a_facility_chosen_names_the_facility(qtbot, dashboard, window):
    choose_facility(qtbot, dashboard, "Ridgeview")
    click_bar(dashboard.months_chart, "months.2010-06.flagged")
    assert booking_numbers(window) == ["2010-104"]  # 103 was booked into the main jail
    assert window.cases.subset_banner.text() == (
        "Showing the 1 case behind: Arrests flagged, Jun 2010 (Ridgeview)"
    )


def test_more_than_three_years_are_charted_by_quarter(qtbot, dashboard, window):
    type_period(qtbot, dashboard, "01/01/2008", "12/31/2011")  # 48 months: 16 quarters
    chart = dashboard.months_chart
    assert chart.title() == "Flagged arrests and detainers received, by quarter"
    axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
    assert axis.categories()[0] == "Q1 2008" and axis.count() == 16
    bars = counts(chart)
    assert (bars["quarters.2010-Q1.flagged"], bars["quarters.2010-Q1.detainers"]) == (2, 2)
    assert (bars["quarters.2010-Q2.flagged"], bars["quarters.2010-Q3.flagged"]) == (2, 0)
    assert bars["quarters.2011-Q1.flagged"] == 1
    assert sum(v for k, v in bars.items() if k.endswith("flagged")) == 5
    click_bar(chart, "quarters.2010-Q2.flagged")  # April to June: the union of their cases
    assert booking_numbers(window) == ["2010-103", "2010-104"]
    assert window.cases.subset_banner.text() == (
        "Showing the 2 cases behind: Arrests flagged, Q2 2010"
    )


def test_more_than_ten_years_are_charted_by_year(qtbot, dashboard, window):
    type_period(qtbot, dashboard, "07/01/2000", "12/31/2011")  # 138 months
    chart = dashboard.months_chart
    assert chart.title().endswith("by year")
    bars = counts(chart)
    assert len(bars) == 2 * 12
    assert (bars["years.2010.flagged"], bars["years.2010.detainers"]) == (4, 3)
    assert (bars["years.2011.flagged"], bars["years.2000.flagged"]) == (1, 0)
    click_bar(chart, "years.2010.detainers")
    assert booking_numbers(window) == ["2010-101", "2010-102", "2010-103"]
    assert window.cases.subset_banner.text() == "Showing the 3 cases behind: Detainers, 2010"


def test_every_months_figures_are_in_the_table_for_the_keyboard(qtbot, dashboard, window):
    tree = dashboard.figures
    by_month = top_row(tree, "By month")
    months = [by_month.child(i).text(0) for i in range(by_month.childCount())]
    assert months[:3] == ["Jan 2010", "Feb 2010", "Mar 2010"]
    assert (len(months), months[-1]) == (12, "Dec 2010")
    march = child(by_month, "Mar 2010")
    assert [(march.child(i).text(0), march.child(i).text(1)) for i in range(4)] == [
        ("Arrests flagged", "2"),
        ("Detainers received", "2"),
        ("Detainers honoured", "1"),
        ("Detainers declined", "1"),
    ]
    tree.setCurrentItem(child(march, "Detainers declined"))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-102"]
    assert window.cases.subset_banner.text() == "Showing the 1 case behind: Declined, Mar 2010"


def test_clicking_a_decision_bar_lists_the_declined_case(dashboard, window):
    click_bar(dashboard.decisions_chart, "decisions.decline")
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-102"]
    assert window.cases.subset_banner.text() == (
        "Showing the 1 case behind: Declined (01/01/2010 – 12/31/2010)"
    )


def test_clicking_a_level_bar_lists_that_schemes_cases(dashboard, window):
    click_bar(dashboard.level_charts[0], "levels.sc_crime_type.2")
    assert booking_numbers(window) == ["2010-102", "2010-104"]


def test_double_clicking_a_figures_row_lists_its_cases(qtbot, dashboard, window):
    tree = dashboard.figures
    row = child(top_row(tree, "Conviction status"), "No conviction")
    assert row.text(1) == "2"
    tree.scrollToItem(row)
    where = tree.visualItemRect(row).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentIndex() == DASHBOARD_PAGE  # one click only selects
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.stack.currentIndex() == CASES_PAGE
    assert booking_numbers(window) == ["2010-103", "2010-104"]


def test_a_tile_lists_its_cases_and_show_all_or_clear_filters_ends_it(qtbot, dashboard, window):
    qtbot.mouseClick(dashboard.tiles["released_to_ice"], Qt.MouseButton.LeftButton)
    assert booking_numbers(window) == ["2010-101"]
    panel = window.cases
    qtbot.mouseClick(panel.subset_banner.show_all, Qt.MouseButton.LeftButton)
    assert len(booking_numbers(window)) == 6
    assert not panel.subset_banner.isVisible()
    window.show_area(DASHBOARD_PAGE)
    qtbot.mouseClick(dashboard.tiles["flagged"], Qt.MouseButton.LeftButton)
    assert booking_numbers(window) == ["2010-101", "2010-102", "2010-103", "2010-104"]
    window.clear_action.trigger()  # Ctrl+Shift+L clears the subset with the filters
    assert len(booking_numbers(window)) == 6
    assert panel.subset() is None and not panel.subset_banner.isVisible()


def test_a_search_narrows_the_cases_behind_a_figure(qtbot, dashboard, window):
    qtbot.mouseClick(dashboard.tiles["flagged"], Qt.MouseButton.LeftButton)
    panel = window.cases
    qtbot.keyClicks(panel.search, "2010-103")
    panel.apply_filters()
    assert booking_numbers(window) == ["2010-103"]
    assert panel.subset_banner.text() == (
        "Showing 1 of the 4 cases behind: Arrests flagged (01/01/2010 – 12/31/2010)"
    )


def test_enter_on_a_tile_or_a_figures_row_lists_the_cases(qtbot, dashboard, window):
    tile = dashboard.tiles["share.not_violent"]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert booking_numbers(window) == ["2010-102", "2010-103", "2010-104"]  # 101 robbed
    window.show_area(DASHBOARD_PAGE)
    tree = dashboard.figures
    parent = top_row(tree, "Sentence-based threat level: 1")
    tree.setCurrentItem(parent.child(1))  # L2
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert booking_numbers(window) == ["2010-103"]
    assert window.cases.subset_banner.text() == (
        "Showing the 1 case behind: Sentence-based threat level: L2 (01/01/2010 – 12/31/2010)"
    )
