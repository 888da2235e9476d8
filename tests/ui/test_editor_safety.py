"""The editor never invents, drops or silently rewrites data, and never saves by accident."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from models.cases import create_case, get_case, update_case
from tests.conftest import make_case
from tests.ui.conftest import type_text
from tests.ui.test_case_editor import _fill_new_case, _save


def _audit(db, table, field=None):
    sql = "SELECT action, field, old_value, new_value FROM audit_log WHERE table_name = ?"
    params = [table]
    if field:
        sql += " AND field = ?"
        params.append(field)
    return db.execute(sql + " ORDER BY id", params).fetchall()


def test_an_untouched_match_row_is_not_saved_as_a_match(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    for key in ("program_era", "response_type", "level"):
        dialog.matches.set_cell(0, key, None)
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    assert db.execute("SELECT count(*) FROM fingerprint_matches").fetchone()[0] == 0


def test_a_half_filled_match_asks_for_its_program_era(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    dialog.matches.set_cell(0, "program_era", None)
    _save(qtbot, dialog)
    assert "Match 1: choose a program era" in dialog.error_summary.text()
    assert dialog.matches.form(0).error("program_era") == "Match 1: choose a program era"
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0


def test_match_notes_survive_an_unrelated_edit(qtbot, window, opened, db, actor):
    case = make_case()
    match = dataclasses.replace(case.matches[0], notes="LESC called back 10/16")
    saved = create_case(db, case.replace(matches=(match,)), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    qtbot.keyClicks(dialog.booking_form.widget("arresting_agency"), " (ASO)")
    _save(qtbot, dialog)
    assert get_case(db, saved.id).matches[0].notes == "LESC called back 10/16"
    assert _audit(db, "fingerprint_matches", "notes")[-1][0] == "create"


def test_untouched_times_keep_their_seconds_and_their_autumn_hour(qtbot, window, opened, db,
                                                                  actor):
    # 2010-11-07 09:30:41 UTC is 01:30:41 PST, the second 01:30 of that night.
    booked = datetime(2010, 11, 7, 9, 30, 41, tzinfo=UTC)
    case = make_case()
    saved = create_case(db, case.replace(
        booking=dataclasses.replace(case.booking, booked_at=booked)), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    assert dialog.booking_form.value("booked_at") == "11/07/2010 01:30 PST"
    qtbot.keyClicks(dialog.booking_form.widget("arresting_agency"), " (ASO)")
    _save(qtbot, dialog)
    assert get_case(db, saved.id).booking.booked_at == booked
    assert _audit(db, "bookings", "booked_at") == [
        ("create", "booked_at", None, "2010-11-07T09:30:41+00:00")]


def test_ctrl_s_while_typing_in_a_charge_cell_keeps_the_typed_text(qtbot, window, opened, db,
                                                                  actor):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    dialog.tabs.setCurrentIndex(2)
    table = dialog.charges.table
    table.setCurrentCell(0, 3)
    table.editItem(table.item(0, 3))
    editor = table.indexWidget(table.currentIndex())
    editor.setText("Convicted")  # typed, not yet handed to the table
    assert dialog.is_dirty()
    dialog.request_save()
    assert get_case(db, saved.id).charges[0].disposition == "Convicted"


def test_enter_in_a_field_does_not_save(qtbot, window, opened, db, actor):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    given = dialog.person_form.widget("given_names")
    given.setFocus()
    qtbot.keyClicks(given, "X")
    qtbot.keyClick(given, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Enter)
    assert get_case(db, saved.id).person.given_names == "María José"
    assert dialog.isVisible() and dialog.is_dirty()


def test_facility_box_keeps_what_was_typed_not_a_longer_known_name(qtbot, window, opened, db,
                                                                   actor):
    create_case(db, make_case(), actor)  # "Alder County Main Jail" is now known
    window.refresh()
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    facility = dialog.booking_form.widget("facility")
    facility.setCurrentText("")
    qtbot.keyClicks(facility, "Alder")
    booking = dialog.booking_form.widget("booking_number")
    booking.clear()
    qtbot.keyClicks(booking, "2010-999999")
    dialog.person_form.widget("a_number").clear()  # another person than the one on file
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    assert db.execute("SELECT facility FROM bookings WHERE booking_number = '2010-999999'"
                      ).fetchone() == ("Alder",)


def test_parse_errors_and_rule_errors_are_listed_together(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    qtbot.keyClicks(dialog.booking_form.widget("released_at"), "yesterday")
    ori = dialog.booking_form.widget("agency_ori")
    ori.clear()
    qtbot.keyClicks(ori, "XX")
    _save(qtbot, dialog)
    summary = dialog.error_summary.text()
    assert "Released at: “yesterday” is not a date and time" in summary
    assert "“XX” is not an ORI" in summary
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0


def test_a_year_beyond_the_calendar_is_an_inline_error(qtbot, window, opened):
    window.new_action.trigger()
    dialog = opened[-1]
    booked = dialog.booking_form.widget("booked_at")
    qtbot.keyClicks(booked, "12/31/9999 23:59")
    booked.editingFinished.emit()
    assert "use a year from 1900 to 2100" in dialog.booking_form.error("booked_at")


def test_two_new_case_editors_are_both_guarded_when_quitting(qtbot, window, opened, boxes):
    window.new_action.trigger()
    window.new_action.trigger()
    first, second = opened[-2:]
    for dialog in (first, second):
        qtbot.keyClicks(dialog.person_form.widget("family_name"), "Tran")
    assert len(window.controller.editors) == 2
    window.close()  # the clerk answers Cancel to the first question
    assert boxes.unsaved_asked == 1
    assert window.isVisible() and first.isVisible() and second.isVisible()


def test_a_person_edit_in_one_editor_does_not_block_a_new_booking_in_another(
        qtbot, window, opened, db, actor):
    first = create_case(db, make_case(), actor)
    window.cases.refresh()
    window.cases.select_case(first.id)
    window.new_booking_action.trigger()
    booking_editor = opened[-1]
    # Meanwhile the person's language is corrected from the first case.
    update_case(db, first.replace(person=dataclasses.replace(
        first.person, preferred_language="Mixteco")), actor)
    form = booking_editor.booking_form
    qtbot.keyClicks(form.widget("booking_number"), "2011-000123")
    qtbot.keyClicks(form.widget("agency_ori"), "CA0990100")
    form.widget("facility").setCurrentText("Ridgeview Correctional Center")
    qtbot.keyClicks(form.widget("booked_at"), "03/01/2011 08:15")
    _save(qtbot, booking_editor)
    assert booking_editor.error_summary.isHidden(), booking_editor.error_summary.text()
    person = get_case(db, first.id).person
    assert person.preferred_language == "Mixteco"  # not undone by the second editor
    assert db.execute("SELECT count(*) FROM bookings WHERE person_id = ?",
                      [person.id]).fetchone()[0] == 2


def test_deleting_a_case_with_a_dirty_editor_says_the_changes_will_be_lost(
        qtbot, window, opened, db, actor, boxes):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    qtbot.keyClicks(opened[-1].person_form.widget("given_names"), " Elena")
    boxes.confirm_answer = False
    assert not window.controller.delete(saved.id)
    assert "changes that are not saved" in boxes.confirms[-1]
    assert opened[-1].isVisible()


def test_history_names_the_attorney_instead_of_a_number(qtbot, window, opened, db, actor):
    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    type_text(dialog.person_form.widget("attorney"), "Rosa Elena Díaz, Esq.")
    _save(qtbot, dialog)
    whats = [dialog.history.item(r, 2).text() for r in range(dialog.history.rowCount())]
    assert whats[0] == "Changed person: attorney from (blank) to Rosa Elena Díaz, Esq."


def test_an_unreadable_list_says_so_once_instead_of_crashing(qtbot, window, monkeypatch,
                                                            boxes, db, actor):
    from models.errors import StoreError

    create_case(db, make_case(), actor)
    window.cases.refresh()

    def broken(_index):
        raise StoreError("The database could not be read: the file is damaged")

    monkeypatch.setattr(window.case_model._window, "row", broken)
    window.case_model._window._pages.clear()
    with qtbot.waitSignal(window.case_model.failed, timeout=10000):
        for column in range(8):
            assert window.case_model.data(window.case_model.index(0, column)) is None
    qtbot.wait(50)
    assert [title for title, _ in boxes.errors] == ["The case list could not be read"]
    assert "damaged" in boxes.errors[0][1]


def test_removing_the_empty_match_form_of_a_new_case_changes_nothing(qtbot, window, opened):
    window.new_action.trigger()
    dialog = opened[-1]
    assert not dialog.is_dirty()
    dialog.matches.drop_rows(lambda _row: True)
    assert not dialog.is_dirty()
    dialog.matches.add_row()
    assert not dialog.is_dirty()  # an empty form is not a change either


def test_a_fixed_match_error_disappears_on_the_next_save(qtbot, window, opened, db):
    window.new_action.trigger()
    dialog = opened[-1]
    _fill_new_case(qtbot, dialog)
    dialog.matches.set_cell(0, "program_era", None)
    _save(qtbot, dialog)
    assert dialog.matches.form(0).error("program_era")
    # Fix the era but empty the booking number: the save fails again, for that reason only,
    # so the forms are not reloaded and the old match message must have been cleared.
    dialog.matches.set_cell(0, "program_era", "sc_2008")
    dialog.booking_form.widget("booking_number").clear()
    _save(qtbot, dialog)
    assert "Booking number is required" in dialog.error_summary.text()
    assert dialog.matches.form(0).error("program_era") == ""
    assert db.execute("SELECT count(*) FROM fingerprint_matches").fetchone()[0] == 0


def test_saving_a_case_deleted_at_another_desk_says_so(qtbot, window, opened, db, actor,
                                                       boxes):
    from models.cases import delete_case

    saved = create_case(db, make_case(), actor)
    window.controller.open_case(saved.id)
    dialog = opened[-1]
    delete_case(db, saved.id, actor, saved.booking.row_version)
    qtbot.keyClicks(dialog.booking_form.widget("arresting_agency"), " (ASO)")
    _save(qtbot, dialog)
    assert boxes.errors[-1] == ("Changed by someone else", "This case was deleted at another "
                                "desk after you opened it, so your changes could not be saved.")
    assert db.execute("SELECT count(*) FROM charges").fetchone()[0] == 0
