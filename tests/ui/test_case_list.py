"""The case list: model contract, search as you type, filters, sorting, persistence."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from models.case_list import CaseQuery, SortColumn, count_cases, fetch_cases
from models.case_window import CaseWindow
from models.demo import DEMO_TOTAL
from models.records import CustodyStatus
from models.sample import insert_sample
from models.settings import county_timezone
from ui.case_table_model import BOOKED, FACILITY, ID_ROLE, NAME, RESPONSE, CaseTableModel


def _ids(model, rows=None):
    rows = range(model.rowCount()) if rows is None else rows
    return [model.data(model.index(r, 0), ID_ROLE) for r in rows]


def test_case_model_passes_qt_model_tester(qtmodeltester, demo_db):
    from models.lookups import load_vocabularies

    tz = county_timezone(demo_db)
    model = CaseTableModel(CaseWindow(demo_db, tz, page_size=40), load_vocabularies(demo_db))
    qtmodeltester.check(model)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_model_fetches_pages_without_holding_every_row(demo_db):
    from models.lookups import load_vocabularies

    tz = county_timezone(demo_db)
    window = CaseWindow(demo_db, tz, page_size=25, max_pages=3)
    model = CaseTableModel(window, load_vocabularies(demo_db))
    assert model.rowCount() == DEMO_TOTAL
    last = model.data(model.index(DEMO_TOTAL - 1, 0), ID_ROLE)
    expected = fetch_cases(demo_db, CaseQuery(), tz, limit=DEMO_TOTAL)
    assert last == expected[-1].id
    _ids(model)  # walk every row
    assert len(window._pages) <= 3


def test_search_box_filters_as_you_type(qtbot, demo_db, window):
    panel = window.cases
    tz = county_timezone(demo_db)
    expected = count_cases(demo_db, CaseQuery(search="garc"), tz)
    assert 0 < expected < DEMO_TOTAL
    qtbot.keyClicks(panel.search, "garc")
    qtbot.waitUntil(lambda: panel.model.rowCount() == expected)
    names = [panel.model.data(panel.model.index(r, NAME)) for r in range(expected)]
    assert any("García" in n for n in names)
    assert panel.count_label.text() == f"{expected} cases"


def test_search_finds_accented_name_typed_without_accents_and_by_a_number(qtbot, demo_db, window):
    panel = window.cases
    a_number = demo_db.execute(
        "SELECT a_number FROM persons WHERE family_name = 'Núñez' AND a_number IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    qtbot.keyClicks(panel.search, "nunez")
    panel.apply_filters()
    names = {panel.model.data(panel.model.index(r, NAME)) for r in range(panel.model.rowCount())}
    assert any(n.startswith("Núñez") for n in names)
    panel.search.clear()
    qtbot.keyClicks(panel.search, a_number[1:])  # typed without the A, leading zero kept
    panel.apply_filters()
    assert panel.model.rowCount() >= 1
    assert panel.model.data(panel.model.index(0, 3)) == a_number


def test_facility_custody_and_date_filters_narrow_the_list(demo_db, window):
    panel = window.cases
    tz = county_timezone(demo_db)
    panel.facility.setCurrentIndex(panel.facility.findData("Alder County Main Jail"))
    panel.custody.setCurrentIndex(panel.custody.findData("released"))
    panel.date_from.set_value(date(2010, 1, 1))
    panel.date_to.set_value(date(2010, 12, 31))
    query = CaseQuery(
        facility="Alder County Main Jail",
        custody_status=CustodyStatus.RELEASED,
        booked_from=date(2010, 1, 1),
        booked_to=date(2010, 12, 31),
    )
    expected = [r.id for r in fetch_cases(demo_db, query, tz, limit=1000)]
    assert 0 < len(expected) < DEMO_TOTAL
    assert _ids(panel.model) == expected
    facilities = {
        panel.model.data(panel.model.index(r, FACILITY)) for r in range(panel.model.rowCount())
    }
    assert facilities == {"Alder County Main Jail"}
    panel.clear_filters()
    assert panel.model.rowCount() == DEMO_TOTAL


def test_clicking_a_header_sorts_by_that_column_in_sql(qtbot, demo_db, window):
    panel = window.cases
    header = panel.table.horizontalHeader()
    header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
    tz = county_timezone(demo_db)
    expected = fetch_cases(
        demo_db, CaseQuery(sort=SortColumn.NAME, descending=False), tz, limit=DEMO_TOTAL
    )
    assert _ids(panel.model) == [r.id for r in expected]
    keys = [r.sort_key[0] for r in expected]
    assert keys == sorted(keys)
    # Fingerprint response cannot be sorted: the order and the indicator stay on Name.
    header.setSortIndicator(RESPONSE, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == NAME
    assert _ids(panel.model) == [r.id for r in expected]


def test_column_layout_and_sort_survive_a_restart(qtbot, make_window, demo_db):
    first = make_window()
    header = first.cases.table.horizontalHeader()
    header.resizeSection(NAME, 333)
    header.setSortIndicator(BOOKED, Qt.SortOrder.AscendingOrder)
    first.close()
    second = make_window()
    header = second.cases.table.horizontalHeader()
    assert header.sectionSize(NAME) == 333
    assert second.case_model.query.sort == SortColumn.BOOKED_AT
    assert second.case_model.query.descending is False


def test_jump_to_last_row_in_a_large_list_shows_the_oldest_booking(qtbot, window, db, actor):
    insert_sample(db, 5000, actor)
    window.cases.refresh()
    window.cases.table.scrollToBottom()
    model = window.cases.model
    assert model.rowCount() == 5000
    oldest = db.execute("SELECT id FROM bookings ORDER BY booked_at, id LIMIT 1").fetchone()[0]
    assert model.data(model.index(4999, 0), ID_ROLE) == oldest


def test_date_filters_are_typed_and_a_mistyped_date_is_marked_not_applied(qtbot, demo_db,
                                                                          window):
    panel = window.cases
    tz = county_timezone(demo_db)
    qtbot.keyClicks(panel.date_from, "06/01/2010")
    panel.date_from.editingFinished.emit()
    expected = count_cases(demo_db, CaseQuery(booked_from=date(2010, 6, 1)), tz)
    assert 0 < expected < DEMO_TOTAL
    assert panel.model.rowCount() == expected
    qtbot.keyClicks(panel.date_to, "13/45/2010")
    panel.date_to.editingFinished.emit()
    assert "13/45/2010" in panel.date_to.toolTip()
    assert panel.model.rowCount() == expected  # the mistyped date changed nothing
    panel.date_from.clear()
    assert panel.model.rowCount() == DEMO_TOTAL
    # An applied date retyped wrongly is not silently kept in force.
    panel.date_from.set_value(date(2010, 6, 1))
    assert panel.model.rowCount() == expected
    panel.date_from.setText("06/31/2010")
    panel.date_from.editingFinished.emit()
    assert panel.model.rowCount() == DEMO_TOTAL
    assert "not applied" in panel.date_from.toolTip()


def test_enter_in_the_search_box_does_not_open_a_case(qtbot, demo_db, window, opened):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.cases.select_case(window.cases.model.case_id(0))
    window.cases.search.setFocus()
    qtbot.keyClicks(window.cases.search, "garc")
    qtbot.keyClick(window.cases.search, Qt.Key.Key_Return)
    assert opened == []
    window.cases.table.setFocus()
    qtbot.keyClick(window.cases.table, Qt.Key.Key_Return)
    assert len(opened) == 1


def test_a_subset_clears_the_filters_shows_a_banner_and_keeps_the_sort(qtbot, demo_db, window):
    from models.stats.figures import Selection

    panel = window.cases
    window.show_area(1)
    tz = county_timezone(demo_db)
    panel.custody.setCurrentIndex(panel.custody.findData("released"))
    qtbot.keyClicks(panel.search, "garc")
    panel.apply_filters()
    panel.model.sort(NAME, Qt.SortOrder.AscendingOrder)
    three = Selection("Three cases", "SELECT id FROM bookings WHERE id IN (?, ?, ?)", (3, 1, 2))
    panel.show_subset(three)
    assert (panel.search.text(), panel.custody.currentData()) == ("", None)
    expected = fetch_cases(demo_db, CaseQuery(subset=three, sort=SortColumn.NAME,
                                              descending=False), tz)
    assert _ids(panel.model) == [r.id for r in expected] and len(expected) == 3
    assert panel.subset_banner.isVisible()
    assert panel.subset_banner.text() == "Showing the 3 cases behind: Three cases"
    assert panel.count_label.text() == "3 cases"
    panel.clear_filters()
    assert not panel.subset_banner.isVisible()
    assert panel.model.rowCount() == DEMO_TOTAL
