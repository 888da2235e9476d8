"""The holiday calendar in the database (models.county_calendar)."""

from datetime import date

import pytest

from models.county_calendar import (
    CountyHoliday,
    add_county_holiday,
    holiday_state,
    list_county_holidays,
    load_calendar,
    remove_county_holiday,
    set_holiday_state,
)
from models.errors import DeskError, NotFoundError, ValidationError
from models.staff import current_staff
from models.store import open_database, write_transaction
from tests.conftest import office_state
from tests.models.audit_helpers import audit_rows

FURLOUGH = date(2010, 10, 18)


@pytest.fixture(autouse=True)
def _california_office(db):
    """These tests start from an office that counts California's holidays."""
    office_state(db, "CA")


def test_a_new_office_counts_federal_holidays_only(tmp_path):
    fresh = open_database(tmp_path / "fresh.sqlite3")
    assert holiday_state(fresh) is None
    calendar = load_calendar(fresh)
    assert calendar.holiday(date(2010, 11, 25)) == "Thanksgiving Day (federal holiday)"
    assert calendar.holiday(date(2010, 11, 26)) is None  # the Day After is California's
    fresh.close()


def test_add_and_list_county_holidays_in_day_order(db, actor):
    later = add_county_holiday(db, actor, date(2010, 12, 23), "Winter closure")
    first = add_county_holiday(db, actor, FURLOUGH, "  Furlough day ")
    assert first == CountyHoliday(first.id, FURLOUGH, "Furlough day")
    assert list_county_holidays(db) == [first, later]


def test_adding_a_county_holiday_is_audited(db, actor):
    holiday = add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    assert audit_rows(db, "county_holidays") == [
        ("create", holiday.id, "day", None, "2010-10-18"),
        ("create", holiday.id, "name", None, "Furlough day"),
    ]


def test_load_calendar_sees_a_new_county_day(db, actor):
    assert load_calendar(db).is_business_day(FURLOUGH)
    add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    calendar = load_calendar(db)
    assert calendar.skip_reason(FURLOUGH) == "Furlough day (county holiday)"
    # The seeded state is California: its own holidays count too.
    assert calendar.holiday(date(2010, 3, 31)) == "Cesar Chavez Day (California holiday)"


def test_a_day_can_be_a_county_holiday_only_once(db, actor):
    add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    with pytest.raises(ValidationError, match="10/18/2010 is already a county holiday") as info:
        add_county_holiday(db, actor, FURLOUGH, "Another name")
    assert info.value.for_field("day")
    assert len(list_county_holidays(db)) == 1


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_county_holiday_needs_a_name(db, actor, name):
    with pytest.raises(ValidationError, match="name") as info:
        add_county_holiday(db, actor, FURLOUGH, name)
    assert info.value.for_field("name")
    assert list_county_holidays(db) == []


def test_remove_a_county_holiday_is_audited(db, actor):
    holiday = add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    remove_county_holiday(db, actor, holiday.id)
    assert list_county_holidays(db) == []
    assert load_calendar(db).is_business_day(FURLOUGH)
    assert audit_rows(db, "county_holidays")[2:] == [
        ("delete", holiday.id, "day", "2010-10-18", None),
        ("delete", holiday.id, "name", "Furlough day", None),
    ]


def test_removing_a_missing_county_holiday_says_so(db, actor):
    with pytest.raises(NotFoundError, match="no longer exists"):
        remove_county_holiday(db, actor, 999)


def test_only_an_administrator_changes_the_calendar(db, actor):
    holiday = add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    clerk = current_staff(db, login="clerk1")
    before = audit_rows(db, "county_holidays")
    with pytest.raises(DeskError, match="Only an administrator can declare"):
        add_county_holiday(db, clerk, date(2010, 12, 23), "Winter closure")
    with pytest.raises(DeskError, match="Only an administrator can remove"):
        remove_county_holiday(db, clerk, holiday.id)
    with pytest.raises(DeskError, match="Only an administrator can change the holiday state"):
        set_holiday_state(db, clerk, "NY")
    assert list_county_holidays(db) == [holiday]
    assert holiday_state(db) == "CA"
    assert audit_rows(db, "county_holidays") == before


def test_set_holiday_state_is_audited_as_a_settings_update(db, actor):
    rowid = db.execute("SELECT rowid FROM settings WHERE key = 'holiday_state'").fetchone()[0]
    set_holiday_state(db, actor, "ny")
    assert holiday_state(db) == "NY"
    assert load_calendar(db).holiday(date(2010, 3, 31)) is None  # Cesar Chavez Day is CA's
    set_holiday_state(db, actor, "NY")  # no change, no audit row
    set_holiday_state(db, actor, None)
    assert holiday_state(db) is None
    assert load_calendar(db).holiday(date(2010, 11, 26)) is None  # federal holidays only
    assert audit_rows(db, "settings") == [
        ("update", rowid, "holiday_state", "CA", "NY"),
        ("update", rowid, "holiday_state", "NY", ""),
    ]


@pytest.mark.parametrize("state", ["ZZ", "California", "C"])
def test_unknown_state_is_refused(db, actor, state):
    with pytest.raises(ValidationError, match="not a US state or territory") as info:
        set_holiday_state(db, actor, state)
    assert info.value.for_field("holiday_state")
    assert holiday_state(db) == "CA"


def test_a_missing_state_setting_is_created_and_audited(db, actor):
    with db.atomic():
        db.execute("DELETE FROM settings WHERE key = 'holiday_state'")
    assert holiday_state(db) is None
    set_holiday_state(db, actor, "VA")
    assert holiday_state(db) == "VA"
    assert [r[0] for r in audit_rows(db, "settings")] == ["create"]


def test_calendar_changes_nest_inside_a_callers_transaction(db, actor):
    with pytest.raises(RuntimeError), write_transaction(db):
        add_county_holiday(db, actor, FURLOUGH, "Furlough day")
        set_holiday_state(db, actor, "NY")
        raise RuntimeError("the caller's recomputation failed")
    assert list_county_holidays(db) == []  # rolled back with the caller
    assert holiday_state(db) == "CA"
    with write_transaction(db):
        add_county_holiday(db, actor, FURLOUGH, "Furlough day")
    assert len(list_county_holidays(db)) == 1
