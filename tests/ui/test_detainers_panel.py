"""The Detainers list: columns, filters by status, form, office and received date, paging."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from models.cases import create_case
from models.detainer_list import detainer_ids, detainer_rows, ice_offices
from models.detainer_vocab import load_detainer_vocab
from models.detainers import change_status, create_detainer, get_detainer, record_decision
from models.errors import StoreError
from models.records import Decision, Detainer, DetainerStatus
from ui.detainer_table_model import (
    DECISION,
    EXPIRES,
    FORM,
    ID_ROLE,
    NUMBER,
    OFFICE,
    PERSON,
    RECEIVED,
    STATUS,
    DetainerTableModel,
    detainer_model_for,
)
from ui.detainers_panel import DetainersPanel
from ui.forms import INVALID_STYLE

TZ = ZoneInfo("America/Los_Angeles")
NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)


def add_case(db, actor, case_factory, n: int, release_eligible_at=None) -> int:
    case = case_factory()
    case = replace(
        case,
        person=replace(case.person, family_name=f"Person{n}", a_number=None),
        booking=replace(
            case.booking, booking_number=f"2010-20{n}", release_eligible_at=release_eligible_at
        ),
    )
    return create_case(db, case, actor, now=NOW).booking.id


def add_detainer(db, actor, booking_id, form, received_at, office) -> int:
    detainer = Detainer(
        id=None,
        booking_id=booking_id,
        form_code=form,
        received_at=received_at,
        received_via="fax",
        requests_hold=True,
        ice_office=office,
    )
    return create_detainer(db, detainer, actor, TZ, now=NOW).id


@pytest.fixture
def four(db, actor, case_factory):
    """Four detainers on two cases (booked Fri 10/15/2010 10:30 PDT), oldest first.

    d1 received, d2 under review, d3 lifted, d4 decided (honour). d2 arrived 10/17 06:30 UTC,
    which is still 10/16 in the county; d3 an hour later, just after the county's midnight.
    """
    one = add_case(db, actor, case_factory, 1, datetime(2010, 10, 18, 17, 0, tzinfo=UTC))
    two = add_case(db, actor, case_factory, 2)
    d1 = add_detainer(
        db, actor, one, "i247_2008", datetime(2010, 10, 15, 20, 0, tzinfo=UTC), "San Francisco"
    )
    d2 = add_detainer(
        db, actor, one, "i247_2012", datetime(2010, 10, 17, 6, 30, tzinfo=UTC), "Los Angeles"
    )
    d3 = add_detainer(
        db, actor, two, "i247_2008", datetime(2010, 10, 17, 7, 30, tzinfo=UTC), "San Francisco"
    )
    d4 = add_detainer(db, actor, two, "i247_2008", datetime(2010, 10, 19, 18, 0, tzinfo=UTC), None)
    version = get_detainer(db, d2).row_version
    change_status(db, d2, version, DetainerStatus.UNDER_REVIEW, actor, TZ, now=NOW)
    version = get_detainer(db, d3).row_version
    change_status(
        db, d3, version, DetainerStatus.LIFTED, actor, TZ, lift_reason="duplicate", now=NOW
    )
    version = get_detainer(db, d4).row_version
    record_decision(db, d4, version, Decision.HONOUR, None, actor, TZ, now=NOW)
    return d1, d2, d3, d4


@pytest.fixture
def panel(qtbot, db, four):
    model = detainer_model_for(db, TZ)
    widget = DetainersPanel(model, load_detainer_vocab(db).forms, lambda: ice_offices(db))
    qtbot.addWidget(widget)
    return widget


def ids(model):
    return [model.data(model.index(r, 0), ID_ROLE) for r in range(model.rowCount())]


def choose(combo, text):
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def type_date(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_list_shows_every_detainer_newest_first_with_its_columns(panel, four, db):
    d1, d2, d3, d4 = four
    model = panel.model
    assert ids(model) == [d4, d3, d2, d1]
    assert panel.count_label.text() == "4 detainers"

    def row(detainer_id, column):
        return model.data(model.index(model.row_of(detainer_id), column))

    assert row(d2, RECEIVED) == "10/16/2010 23:30"
    assert row(d2, PERSON) == "Person1, María José"
    assert row(d2, NUMBER) == "2010-201"
    assert row(d2, FORM) == "I-247 (12/12)"
    assert row(d2, OFFICE) == "Los Angeles"
    assert row(d2, STATUS) == "Under review"
    assert row(d2, DECISION) == ""
    assert row(d4, OFFICE) == ""
    assert row(d4, STATUS) == "Decided"
    assert row(d4, DECISION) == "Honour"
    assert row(d3, STATUS) == "Lifted"
    # Release-eligible Mon 10/18 10:00 PDT; 48 business hours later is Wed 10:00.
    assert row(d1, EXPIRES) == "10/20/2010 10:00"
    assert row(d1, FORM) == "I-247 (pre-2012)"


def test_status_form_and_office_filters_narrow_the_list(panel, four):
    d1, d2, d3, d4 = four
    choose(panel.status, "Lifted")
    assert ids(panel.model) == [d3]
    assert panel.count_label.text() == "1 detainer"
    choose(panel.status, "All statuses")
    choose(panel.form, "I-247 (12/12)")
    assert ids(panel.model) == [d2]
    choose(panel.form, "All forms")
    assert [panel.office.itemText(i) for i in range(panel.office.count())] == [
        "All ICE offices",
        "Los Angeles",
        "San Francisco",
    ]
    choose(panel.office, "San Francisco")
    assert ids(panel.model) == [d3, d1]
    choose(panel.status, "Received")
    assert ids(panel.model) == [d1]
    choose(panel.form, "I-247A")
    assert ids(panel.model) == []
    assert panel.count_label.text() == "0 detainers"
    panel.clear_button.click()
    assert ids(panel.model) == [d4, d3, d2, d1]
    assert panel.status.currentIndex() == panel.form.currentIndex() == 0
    assert panel.office.currentIndex() == 0


def test_received_dates_are_county_days(qtbot, panel, four):
    d1, d2, d3, d4 = four
    type_date(qtbot, panel.received_from, "10/17/2010")
    assert ids(panel.model) == [d4, d3]  # d2 arrived at 23:30 on the 16th, county time
    type_date(qtbot, panel.received_to, "10/18/2010")
    assert ids(panel.model) == [d3]
    panel.received_from.clear()
    type_date(qtbot, panel.received_to, "10/16/2010")
    assert ids(panel.model) == [d2, d1]
    assert panel.count_label.text() == "2 detainers"


def test_a_mistyped_date_is_shown_and_changes_nothing(qtbot, panel, four):
    d1, d2, d3, d4 = four
    type_date(qtbot, panel.received_from, "10/17/2010")
    query = panel.model.query
    type_date(qtbot, panel.received_to, "13/45/2010")
    assert ids(panel.model) == [d4, d3]
    assert panel.model.query == query
    assert panel.count_label.text() == "2 detainers"
    assert panel.received_to.styleSheet() == INVALID_STYLE
    assert not panel.date_error.isHidden()
    assert "Received to" in panel.date_error.text()
    assert "13/45/2010" in panel.date_error.text()
    assert "not applied" in panel.date_error.text()
    type_date(qtbot, panel.received_to, "10/18/2010")
    assert panel.date_error.isHidden()
    assert ids(panel.model) == [d3]


def test_refresh_keeps_filters_and_offers_a_new_office(qtbot, panel, four, db, actor):
    d1, d2, d3, d4 = four
    choose(panel.status, "Received")
    panel.select_detainer(d1)
    booking_id = get_detainer(db, d1).booking_id
    new = add_detainer(
        db, actor, booking_id, "i247_2008", datetime(2010, 10, 20, 16, 0, tzinfo=UTC), "Seattle"
    )
    panel.refresh()
    assert ids(panel.model) == [new, d1]
    assert panel.selected_detainer_id() == d1
    assert panel.office.findText("Seattle") > 0
    panel.refresh(select=new)
    assert panel.selected_detainer_id() == new


def test_double_click_and_enter_open_the_detainer(qtbot, panel, four):
    d1, d2, d3, d4 = four
    panel.show()
    qtbot.waitExposed(panel)
    opened = []
    panel.open_requested.connect(opened.append)
    rect = panel.table.visualRect(panel.model.index(1, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [d3]
    panel.table.setCurrentIndex(panel.model.index(3, 0))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Enter)
    assert opened == [d3, d1]


def test_rows_are_fetched_a_page_at_a_time(db, four):
    d1, d2, d3, d4 = four
    fetched = []

    def fetch(page_ids):
        fetched.append(list(page_ids))
        return detainer_rows(db, page_ids)

    model = DetainerTableModel(lambda q: detainer_ids(db, q, TZ), fetch, TZ, page_size=2)
    assert model.rowCount() == 4
    assert fetched == []
    assert model.data(model.index(3, PERSON)) == "Person1, María José"
    assert fetched == [[d2, d1]]
    model.data(model.index(2, STATUS))
    model.data(model.index(0, STATUS))
    assert fetched == [[d2, d1], [d4, d3]]  # the first page read once, then from the cache
    model.refresh()
    model.data(model.index(0, STATUS))
    assert fetched[-1] == [d4, d3]


def test_detainer_model_passes_qt_model_tester(qtmodeltester, db, four):
    model = detainer_model_for(db, TZ, page_size=3)
    qtmodeltester.check(model)


def test_an_unreadable_database_shows_an_empty_list_and_says_so_once(qtbot, db, four):
    def broken(_ids):
        raise StoreError("The database could not be read: the file is damaged")

    model = DetainerTableModel(lambda q: detainer_ids(db, q, TZ), broken, TZ)
    with qtbot.waitSignal(model.failed) as blocker:
        assert model.data(model.index(0, PERSON)) is None
        assert model.data(model.index(1, PERSON)) is None
    assert "damaged" in blocker.args[0]

    def no_ids(_query):
        raise StoreError("The database could not be read: the file is damaged")

    model = DetainerTableModel(no_ids, broken, TZ)
    assert model.rowCount() == 0
