"""Holiday calendar settings driven through the dialog, each ending with a look at the database."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from models.cases import create_case
from models.county_calendar import holiday_state, list_county_holidays
from models.detainer_clocks import ClockChange, add_holiday
from models.detainers import create_detainer, get_detainer
from models.records import Detainer
from models.staff import current_staff
from tests.conftest import make_case, office_state
from tests.ui.conftest import type_text
from ui.settings_controller import describe_clock_changes

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2010, 11, 29, 20, 0, tzinfo=UTC)  # Monday 11/29/2010 12:00 in Los Angeles


@pytest.fixture
def open_holidays(make_settings_controller):
    """Open the holiday dialog as ``staff`` through a fresh controller at ``NOW`` in ``LA``."""

    def open_as(staff):
        controller = make_settings_controller(staff, LA, NOW)
        return controller, controller.open_holidays()

    return open_as


def _lines(dialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]


def _add(qtbot, dialog, typed_date: str, name: str) -> None:
    qtbot.keyClicks(dialog.date_edit, typed_date)
    type_text(dialog.name_edit, name)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_county_holiday_typed_in_the_dialog_is_stored_and_listed(
    qtbot, open_holidays, actor, db, boxes
):
    controller, dialog = open_holidays(actor)
    with qtbot.waitSignal(controller.clocks_changed):
        _add(qtbot, dialog, "11/26/2010", "Día del condado")

    assert [(h.day, h.name) for h in list_county_holidays(db)] == [
        (date(2010, 11, 26), "Día del condado")
    ]
    assert ("11/26/2010, Fri", "Día del condado", "County (removable)") in _lines(dialog)
    assert dialog.selected_holiday().name == "Día del condado"
    assert dialog.date_edit.text() == "" and dialog.name_edit.text() == ""
    assert "No running hold is affected." in dialog.status.text()
    assert boxes.infos and "No running hold is affected." in boxes.infos[-1][1]


def test_enter_in_the_name_field_adds_the_holiday(qtbot, open_holidays, actor, db):
    _controller, dialog = open_holidays(actor)
    qtbot.keyClicks(dialog.date_edit, "12/27/2010")
    qtbot.keyClicks(dialog.name_edit, "Winter closure")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert [(h.day, h.name) for h in list_county_holidays(db)] == [
        (date(2010, 12, 27), "Winter closure")
    ]


def test_a_date_that_is_not_a_date_shows_inline_and_adds_nothing(
    qtbot, open_holidays, actor, db, boxes
):
    _controller, dialog = open_holidays(actor)
    _add(qtbot, dialog, "11/31/2010", "Closure")

    assert not dialog.date_error.isHidden()
    assert "not a real calendar date" in dialog.date_error.text()
    assert list_county_holidays(db) == []
    assert boxes.infos == [] and boxes.errors == []

    qtbot.keyClicks(dialog.date_edit, "x")  # typing again clears the complaint
    assert dialog.date_error.isHidden()


def test_a_day_already_declared_is_refused_beside_the_date(qtbot, open_holidays, actor, db):
    add_holiday(db, actor, date(2010, 11, 26), "Closure")
    _controller, dialog = open_holidays(actor)
    _add(qtbot, dialog, "11/26/2010", "Again")

    assert "already a county holiday" in dialog.date_error.text()
    assert [h.name for h in list_county_holidays(db)] == ["Closure"]


def test_removing_a_county_holiday_asks_and_cancel_keeps_it(qtbot, open_holidays, actor, db, boxes):
    add_holiday(db, actor, date(2010, 12, 27), "Winter closure")
    _controller, dialog = open_holidays(actor)
    assert dialog.select_day(date(2010, 12, 27), "County")

    boxes.confirm_answer = False
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "Winter closure" in boxes.confirms[-1]
    assert [h.name for h in list_county_holidays(db)] == ["Winter closure"]

    boxes.confirm_answer = True
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert list_county_holidays(db) == []
    assert all(line[1] != "Winter closure" for line in _lines(dialog))
    assert not dialog.remove_button.isEnabled()


def test_federal_holidays_cannot_be_removed(open_holidays, actor):
    _controller, dialog = open_holidays(actor)
    assert dialog.select_day(date(2010, 11, 25))
    assert dialog.selected_holiday() is None
    assert not dialog.remove_button.isEnabled()


def test_2010_lists_thanksgiving_and_cesar_chavez_day_only_with_california(
    qtbot, open_holidays, actor, db
):
    office_state(db, "CA")
    _controller, dialog = open_holidays(actor)
    assert dialog.year.value() == 2010  # this year in the county
    assert dialog.state.currentData() == "CA"  # as the office chose
    assert ("11/25/2010, Thu", "Thanksgiving Day", "Federal") in _lines(dialog)
    assert ("03/31/2010, Wed", "Cesar Chavez Day", "State (California)") in _lines(dialog)
    assert not dialog.apply_state.isEnabled()  # nothing to apply yet

    dialog.state.setCurrentIndex(dialog.state.findData(None))
    qtbot.mouseClick(dialog.apply_state, Qt.MouseButton.LeftButton)

    assert holiday_state(db) is None
    assert ("11/25/2010, Thu", "Thanksgiving Day", "Federal") in _lines(dialog)
    assert all("Cesar Chavez" not in line[1] for line in _lines(dialog))

    dialog.state.setCurrentIndex(dialog.state.findData("CA"))
    qtbot.mouseClick(dialog.apply_state, Qt.MouseButton.LeftButton)
    assert holiday_state(db) == "CA"
    assert ("03/31/2010, Wed", "Cesar Chavez Day", "State (California)") in _lines(dialog)


def test_the_year_shown_can_be_changed(open_holidays, actor):
    _controller, dialog = open_holidays(actor)
    dialog.year.setValue(2011)
    assert ("11/24/2011, Thu", "Thanksgiving Day", "Federal") in _lines(dialog)


def test_a_clerk_sees_the_calendar_read_only(qtbot, open_holidays, actor, db):
    clerk = current_staff(db, login="clerk1")
    _controller, dialog = open_holidays(clerk)

    for widget in (
        dialog.date_edit,
        dialog.name_edit,
        dialog.add_button,
        dialog.state,
        dialog.apply_state,
        dialog.remove_button,
    ):
        assert not widget.isEnabled()
    assert not dialog.note.isHidden()
    assert "Only an administrator" in dialog.note.text()
    assert ("11/25/2010, Thu", "Thanksgiving Day", "Federal") in _lines(dialog)


def test_a_holiday_inside_a_running_hold_moves_it_a_day_and_names_the_person(
    qtbot, open_holidays, actor, db, boxes
):
    case = make_case()
    # Release-eligible Monday 11/29/2010 10:00 in Los Angeles (PST, UTC-8): 18:00 UTC.
    booking = dataclasses.replace(
        case.booking, release_eligible_at=datetime(2010, 11, 29, 18, 0, tzinfo=UTC)
    )
    saved = create_case(db, dataclasses.replace(case, booking=booking), actor, now=NOW)
    detainer = create_detainer(
        db,
        Detainer(
            id=None,
            booking_id=saved.booking.id,
            form_code="i247_2008",
            received_at=datetime(2010, 11, 29, 19, 0, tzinfo=UTC),
            received_via="fax",
            requests_hold=True,
        ),
        actor,
        LA,
        now=NOW,
    )
    # 48 hours excluding weekends and holidays: Monday 10:00 → Wednesday 12/01/2010 10:00.
    assert detainer.hold_expires_at == datetime(2010, 12, 1, 18, 0, tzinfo=UTC)

    _controller, dialog = open_holidays(actor)
    _add(qtbot, dialog, "11/30/2010", "County closure")

    # Tuesday no longer counts: the hold runs to Thursday 12/02/2010 10:00.
    assert get_detainer(db, detainer.id).hold_expires_at == datetime(2010, 12, 2, 18, 0, tzinfo=UTC)
    expected = "Núñez, María José — 12/01/2010 10:00 → 12/02/2010 10:00"
    assert "1 running hold now expires later:" in dialog.status.text()
    assert expected in dialog.status.text()
    assert expected in boxes.infos[-1][1]


def test_clock_changes_are_described_with_direction_and_count():
    def change(name, old_day, new_day):
        return ClockChange(
            1,
            1,
            name,
            datetime(2010, 12, old_day, 18, tzinfo=UTC),
            datetime(2010, 12, new_day, 18, tzinfo=UTC),
        )

    later = describe_clock_changes([change("A, B", 1, 2), change("C, D", 3, 6)], LA)
    assert later.splitlines() == [
        "2 running holds now expire later:",
        "A, B — 12/01/2010 10:00 → 12/02/2010 10:00",
        "C, D — 12/03/2010 10:00 → 12/06/2010 10:00",
    ]
    earlier = describe_clock_changes([change("A, B", 2, 1)], LA)
    assert earlier.startswith("1 running hold now expires earlier:")
    mixed = describe_clock_changes([change("A, B", 2, 1), change("C, D", 1, 2)], LA)
    assert mixed.startswith("2 running holds changed expiry:")
    assert describe_clock_changes([], LA) == "No running hold is affected."
