"""Case editor flows driven through the widgets, each ending with a look at the database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.cases import create_case, get_case
from tests.conftest import make_case
from tests.ui.conftest import type_text
from ui.dialogs.case_dialog import BOOKING_TAB, HISTORY_TAB, PERSON_TAB


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _fill_new_case(qtbot, dialog):
    person, booking = dialog.person_form, dialog.booking_form
    type_text(person.widget("family_name"), "Nguyễn-Núñez")
    type_text(person.widget("given_names"), "Thảo")
    qtbot.keyClicks(person.widget("date_of_birth"), "03/09/1984")
    qtbot.keyClicks(person.widget("a_number"), "a-123 456 78")
    person.widget("is_interpreter_needed").setChecked(True)
    qtbot.keyClicks(booking.widget("booking_number"), "2010-004512")
    qtbot.keyClicks(booking.widget("agency_ori"), "ca0990000")
    booking.widget("facility").setCurrentText("Alder County Main Jail")
    # 10/15/2010 10:30 in Los Angeles is PDT (UTC-7): 17:30 UTC.
    qtbot.keyClicks(booking.widget("booked_at"), "10/15/2010 10:30")
    dialog.charges.add_row()
    dialog.charges.set_cell(0, "statute", "PC 459")
    dialog.charges.set_cell(0, "description", "Burglary")
    dialog.charges.set_cell(0, "charge_class", "felony")
    dialog.matches.set_cell(0, "program_era", "sc_2008")
    dialog.matches.set_cell(0, "response_type", "ident_match_iar")
    dialog.matches.set_cell(0, "level", "sc_crime_type|2")


def _activate(qtbot, dialog):
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def _save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_new_case_typed_in_the_editor_is_stored_with_history(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    assert dialog.is_dirty()
    _save(qtbot, dialog)

    row = db.execute(
        "SELECT b.id, p.family_name, p.given_names, p.a_number, p.date_of_birth, "
        "p.is_interpreter_needed, b.agency_ori, b.booked_at "
        "FROM bookings b JOIN persons p ON p.id = b.person_id"
    ).fetchall()
    assert row == [
        (
            1,
            "Nguyễn-Núñez",
            "Thảo",
            "A012345678",
            "1984-03-09",
            1,
            "CA0990000",
            "2010-10-15T17:30:00+00:00",
        )
    ]
    case = get_case(db, 1)
    assert [(c.statute, c.description, c.charge_class) for c in case.charges] == [
        ("PC 459", "Burglary", "felony")
    ]
    assert [
        (m.program_era, m.response_type, m.offense_level_scheme, m.offense_level)
        for m in case.matches
    ] == [("sc_2008", "ident_match_iar", "sc_crime_type", "2")]
    assert not dialog.is_dirty()
    assert dialog.tabs.isTabEnabled(HISTORY_TAB)
    history = [dialog.history.item(r, 2).text() for r in range(dialog.history.rowCount())]
    person_line = next(line for line in history if line.startswith("Created person:"))
    assert "family name Nguyễn-Núñez" in person_line
    assert "A-number A012345678" in person_line
    assert "interpreter needed Yes" in person_line
    assert window.cases.model.rowCount() == 1


def test_edit_records_old_and_new_value_in_audit_and_history_tab(qtbot, window, opened, db, actor):
    saved = create_case(db, make_case(), actor)
    window.cases.refresh()
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    dob = dialog.person_form.widget("date_of_birth")
    dob.clear()
    qtbot.keyClicks(dob, "03/10/1984")
    _activate(qtbot, dialog)
    qtbot.keySequence(dialog, "Ctrl+S")

    assert get_case(db, saved.id).person.date_of_birth == date(1984, 3, 10)
    audit = db.execute(
        "SELECT action, field, old_value, new_value, staff_id FROM audit_log "
        "WHERE action = 'update' AND table_name = 'persons'"
    ).fetchall()
    assert audit == [("update", "date_of_birth", "1984-03-09", "1984-03-10", actor.id)]
    whats = [dialog.history.item(r, 2).text() for r in range(dialog.history.rowCount())]
    assert whats[0] == "Changed person: date of birth from 03/09/1984 to 03/10/1984"
    assert dialog.history.item(0, 1).text() == "mlopez"


def test_invalid_a_number_is_flagged_inline_and_nothing_is_written(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    a_number = dialog.person_form.widget("a_number")
    a_number.clear()
    qtbot.keyClicks(a_number, "A1234")
    a_number.editingFinished.emit()
    assert "is not an A-number" in dialog.person_form.error("a_number")
    before = _count(db, "audit_log")
    _save(qtbot, dialog)
    assert _count(db, "bookings") == 0 and _count(db, "persons") == 0
    assert _count(db, "audit_log") == before
    assert dialog.tabs.currentIndex() == PERSON_TAB
    assert "A1234" in dialog.error_summary.text()


def test_malformed_and_impossible_dates_are_refused_with_field_messages(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    dob = dialog.person_form.widget("date_of_birth")
    dob.clear()
    qtbot.keyClicks(dob, "02/30/1984")
    released = dialog.booking_form.widget("released_at")
    qtbot.keyClicks(released, "yesterday")
    _save(qtbot, dialog)
    assert "not a real calendar date" in dialog.person_form.error("date_of_birth")
    assert "MM/DD/YYYY HH:MM" in dialog.booking_form.error("released_at")
    assert _count(db, "bookings") == 0


def test_future_birth_and_release_before_booking_come_back_from_the_rules(
    qtbot, window, opened, db
):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    dob = dialog.person_form.widget("date_of_birth")
    dob.clear()
    qtbot.keyClicks(dob, "01/01/2030")
    qtbot.keyClicks(dialog.booking_form.widget("released_at"), "10/14/2010 09:00")
    dialog.booking_form.widget("custody_status").setCurrentIndex(
        dialog.booking_form.widget("custody_status").findData("released")
    )
    _save(qtbot, dialog)
    assert dialog.person_form.error("date_of_birth") == "Date of birth 01/01/2030 is in the future"
    assert dialog.booking_form.error("released_at") == "Released at is before the booking time"
    assert _count(db, "bookings") == 0 and _count(db, "persons") == 0


def test_duplicate_booking_number_is_refused_on_the_booking_tab(qtbot, window, opened, db, actor):
    create_case(db, make_case(), actor)
    rows_before = _count(db, "audit_log")
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    _save(qtbot, dialog)
    assert "already recorded" in dialog.booking_form.error("booking_number")
    assert dialog.tabs.currentIndex() == BOOKING_TAB
    assert _count(db, "bookings") == 1 and _count(db, "persons") == 1
    assert _count(db, "audit_log") == rows_before


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_editing(
    qtbot, window, opened, db, actor, boxes
):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    qtbot.keyClicks(dialog.person_form.widget("given_names"), " Elena")
    dialog.reject()
    assert boxes.unsaved_asked == 1
    assert dialog.isVisible()
    assert get_case(db, saved.id).person.given_names == "María José"


def test_discard_closes_without_writing(qtbot, window, opened, db, actor, boxes):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    qtbot.keyClicks(dialog.person_form.widget("given_names"), " Elena")
    boxes.unsaved_answer = boxes.unsaved_answer.DISCARD
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert get_case(db, saved.id).person.given_names == "María José"


def test_save_on_close_writes_then_closes(qtbot, window, opened, db, actor, boxes):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    qtbot.keyClicks(dialog.person_form.widget("given_names"), " Elena")
    boxes.unsaved_answer = boxes.unsaved_answer.SAVE
    _activate(qtbot, dialog)
    qtbot.keySequence(dialog, "Ctrl+W")
    assert not dialog.isVisible()
    assert get_case(db, saved.id).person.given_names == "María José Elena"


def test_second_desk_saving_first_makes_this_save_a_conflict(
    qtbot, window, opened, db, actor, boxes
):
    from models.cases import update_case

    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    other = saved.replace(
        booking=saved.booking.__class__(
            **{**saved.booking.__dict__, "notes": "Edited at another desk"}
        )
    )
    update_case(db, other, actor)
    qtbot.keyClicks(dialog.booking_form.widget("arresting_agency"), " (ASO)")
    _save(qtbot, dialog)
    assert boxes.errors and boxes.errors[-1][0] == "Changed by someone else"
    stored = get_case(db, saved.id).booking
    assert stored.notes == "Edited at another desk"
    assert stored.arresting_agency == "Alder County Sheriff's Office"


def test_removing_a_charge_in_the_editor_deletes_it_with_an_audit_row(
    qtbot, window, opened, db, actor
):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    dialog.tabs.setCurrentIndex(2)
    dialog.charges.table.selectRow(0)
    qtbot.mouseClick(dialog.charges.remove_button, Qt.MouseButton.LeftButton)
    _save(qtbot, dialog)
    assert get_case(db, saved.id).charges == ()
    deleted = db.execute(
        "SELECT field, old_value FROM audit_log WHERE action = 'delete' "
        "AND table_name = 'charges' AND field = 'description'"
    ).fetchall()
    assert deleted == [("description", "Burglary")]


def test_times_show_in_county_time_in_the_editor(qtbot, window, opened, db, actor):
    # 2010-01-15 18:30 UTC is 10:30 PST in Los Angeles (UTC-8).
    case = make_case()
    case = case.replace(
        booking=case.booking.__class__(
            **{**case.booking.__dict__, "booked_at": datetime(2010, 1, 15, 18, 30, tzinfo=UTC)}
        )
    )
    saved = create_case(db, case, actor)
    window.controller.open_case(saved.id)
    assert opened[-1].booking_form.value("booked_at") == "01/15/2010 10:30"


def test_new_booking_for_the_selected_person_reuses_their_record(qtbot, window, opened, db,
                                                                 actor):
    first = create_case(db, make_case(), actor)
    window.cases.refresh()
    window.cases.select_case(first.id)
    window.new_booking_action.trigger()
    dialog = opened[-1]
    assert dialog.person_form.value("family_name") == "Núñez"
    assert dialog.person_form.value("a_number") == "A012345678"
    assert not dialog.is_dirty()
    assert dialog.tabs.currentIndex() == BOOKING_TAB
    booking = dialog.booking_form
    qtbot.keyClicks(booking.widget("booking_number"), "2011-000099")
    qtbot.keyClicks(booking.widget("agency_ori"), "CA0990100")
    booking.widget("facility").setCurrentText("Ridgeview Correctional Center")
    qtbot.keyClicks(booking.widget("booked_at"), "03/01/2011 08:15")
    dialog.matches.set_cell(0, "program_era", "sc_2008")
    dialog.matches.set_cell(0, "response_type", "ident_match")
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    rows = db.execute("SELECT person_id, booking_number FROM bookings ORDER BY id").fetchall()
    assert rows == [(first.person.id, "2010-004512"), (first.person.id, "2011-000099")]
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 1
    assert window.cases.model.rowCount() == 2


def test_editor_menu_lists_save_close_and_add_with_shortcuts(qtbot, window, opened):
    window.new_action.trigger()
    dialog = opened[-1]
    bar = dialog.layout().menuBar()
    entries = {a.text().replace("&", ""): a.shortcut().toString()
               for top in bar.actions() for a in top.menu().actions()}
    assert entries == {"Save": "Ctrl+S", "Close": "Ctrl+W", "Add charge": "Ctrl+Shift+C",
                       "Add match": "Ctrl+Shift+M", "New detainer…": "Ctrl+Shift+D"}
    _activate(qtbot, dialog)
    before = dialog.charges.table.rowCount()
    qtbot.keySequence(dialog, "Ctrl+Shift+C")
    assert dialog.charges.table.rowCount() == before + 1
    assert dialog.tabs.currentIndex() == 2
