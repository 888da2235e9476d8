"""The detainer editor driven through its widgets and the real controller, checked in the db."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from models.detainers import (
    change_status,
    create_detainer,
    get_detainer,
    record_decision,
    status_history,
)
from models.policies import add_period
from models.records import Decision, Detainer, DetainerStatus
from models.settings import county_timezone
from models.staff import current_staff
from tests.conftest import office_state
from tests.ui.conftest import choose, click, retype, stored_case, type_text
from ui import message_boxes
from ui.detainer_controller import DetainerController
from ui.dialogs.detainer_dialog import DECISION_TAB, REQUEST_TAB, STATUS_TAB

# 10/20/2010 12:00 PDT: days after the factory's booking (10/15/2010 10:30 PDT).
NOW_2010 = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)


@pytest.fixture
def make_controller(qtbot, db, editors, boxes):
    host = QWidget()
    qtbot.addWidget(host)

    def make(staff, now=NOW_2010):
        return DetainerController(db, staff, county_timezone(db), host, now=lambda: now)

    return make


@pytest.fixture
def controller(make_controller, actor):
    return make_controller(actor)


def _stored(db, actor, booking_id):
    """An I-247 received by fax 10/16/2010 09:30 PDT, asking for a hold."""
    received = datetime(2010, 10, 16, 16, 30, tzinfo=UTC)
    detainer = Detainer(None, booking_id, "i247_2008", received, "fax", requests_hold=True)
    return create_detainer(db, detainer, actor, county_timezone(db), now=NOW_2010)


def _count(db):
    return db.execute("SELECT count(*) FROM detainers").fetchone()[0]


def _save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def _activate(qtbot, dialog):
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_clerk_records_a_detainer_in_one_pass(qtbot, db, actor, controller, editors):
    booking_id = stored_case(db, actor).id
    emitted = []
    controller.detainer_saved.connect(lambda *args: emitted.append(args))
    dialog = controller.new_detainer(booking_id)
    assert dialog is editors[-1]
    assert dialog.request_form.value("received_via") == "fax"  # the usual way, preset
    assert not dialog.tabs.isTabEnabled(DECISION_TAB)
    form = dialog.request_form
    choose(form.widget("form_code"), "i247_2008")
    retype(qtbot, form.widget("received_at"), "10/16/2010 09:30")
    choose(form.widget("received_via"), "fax")
    qtbot.keyClicks(form.widget("ice_office").lineEdit(), "ERO San Francisco")
    type_text(form.widget("ice_officer"), "Oficial Íñiguez")
    for code in ("basis_nta", "basis_warrant"):
        check = dialog.box_checks[code]
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert "(unsaved changes)" in dialog.title.text()
    _activate(qtbot, dialog)
    qtbot.keySequence(dialog, "Ctrl+S")

    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    stored = get_detainer(db, 1)
    assert (stored.booking_id, stored.form_code, stored.received_via) == (
        booking_id,
        "i247_2008",
        "fax",
    )
    assert stored.received_at == datetime(2010, 10, 16, 16, 30, tzinfo=UTC)  # 09:30 PDT
    assert (stored.ice_office, stored.ice_officer) == ("ERO San Francisco", "Oficial Íñiguez")
    assert stored.boxes == ("basis_nta", "basis_warrant")
    assert stored.requests_hold and not stored.requests_notification
    assert stored.status is DetainerStatus.RECEIVED
    history = status_history(db, 1)
    assert [(h.status, h.staff_name, h.changed_at) for h in history] == [
        (DetainerStatus.RECEIVED, actor.full_name, NOW_2010)
    ]
    assert "unsaved" not in dialog.title.text() and not dialog.title.text().startswith("New ")
    assert not dialog.windowTitle().startswith("*")
    assert dialog.tabs.isTabEnabled(DECISION_TAB) and dialog.tabs.isTabEnabled(STATUS_TAB)
    assert emitted == [(1, booking_id)]


def test_clock_panel_counts_past_the_day_after_thanksgiving_before_saving(
    qtbot, db, actor, make_controller
):
    # Eligible Fri 11/26/2010 15:00 PST, a CA holiday: Mon and Tue count, expiry Wed 00:00.
    office_state(db, "CA")
    booking_id = stored_case(
        db, actor, release_eligible_at=datetime(2010, 11, 26, 23, 0, tzinfo=UTC)
    ).id
    now = datetime(2010, 12, 1, 0, 0, tzinfo=UTC)  # Tue 11/30/2010 16:00 PST
    dialog = make_controller(actor, now=now).new_detainer(booking_id)
    assert dialog.expiry_label.text() == "—"
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    qtbot.waitUntil(lambda: dialog.expiry_label.text().startswith("Expires"))  # debounced
    assert dialog.expiry_label.text() == "Expires 12/01/2010 00:00 PST"
    assert dialog.countdown_label.text() == "8 h 00 min left"
    assert "Fri 11/26/2010 is skipped: Day After Thanksgiving" in dialog.trail.text()
    assert dialog.recommendation_label.text() == "May honour"
    assert _count(db) == 0


def test_clock_panel_says_the_clock_has_not_started_without_a_release_time(db, actor, controller):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    dialog.refresh_preview()
    assert dialog.expiry_label.text() == "Clock not started"
    assert "No release-eligible time is recorded" in dialog.trail.text()


def test_unparseable_received_time_is_an_inline_error_and_nothing_is_saved(
    qtbot, db, actor, controller
):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    retype(qtbot, dialog.request_form.widget("received_at"), "Tuesday morning")
    assert "Tuesday morning" in dialog.request_form.error("received_at")
    _save(qtbot, dialog)
    assert not dialog.error_summary.isHidden()
    assert "Tuesday morning" in dialog.error_summary.text()
    assert _count(db) == 0


def test_received_before_the_booking_shows_the_models_message(qtbot, db, actor, controller):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    retype(qtbot, dialog.request_form.widget("received_at"), "10/14/2010 09:00")
    _save(qtbot, dialog)
    message = "Received 10/14/2010 09:00, before the booking at 10/15/2010 10:30: check both times."
    assert message in dialog.error_summary.text()
    assert dialog.request_form.error("received_at") == message
    assert dialog.tabs.currentIndex() == REQUEST_TAB
    assert _count(db) == 0


def test_a_detainer_asking_for_nothing_is_refused(qtbot, db, actor, controller):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    click(qtbot, dialog.request_form.widget("requests_hold"))
    assert not dialog.request_form.value("requests_hold")
    _save(qtbot, dialog)
    assert "Tick what ICE asks for: a hold, notification or transfer." in (
        dialog.error_summary.text()
    )
    assert _count(db) == 0


def test_an_i247a_dated_before_the_form_existed_saves_with_a_warning(
    qtbot, db, actor, make_controller
):
    controller = make_controller(actor, now=datetime(2016, 3, 2, 18, 0, tzinfo=UTC))
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247a")
    retype(qtbot, dialog.request_form.widget("received_at"), "03/01/2016 09:00")
    dialog.refresh_preview()
    assert not dialog.warnings.isHidden()
    assert "03/01/2016" in dialog.warnings.text()
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    assert get_detainer(db, 1).form_code == "i247a"
    assert not dialog.warnings.isHidden() and "03/01/2016" in dialog.warnings.text()


def _click_cleanly(qtbot, button):
    """Click, failing at once (not at teardown) if a slot raised."""
    with qtbot.captureExceptions() as raised:
        click(qtbot, button)
    assert not raised, [f"{e[0].__name__}: {e[1]}" for e in raised]


def _decided(db, actor):
    """A stored detainer the administrator decided to honour (as the policy advises)."""
    d = _stored(db, actor, stored_case(db, actor).id)
    tz = county_timezone(db)
    return record_decision(db, d.id, d.row_version, Decision.HONOUR, None, actor, tz, now=NOW_2010)


def test_attorney_declines_against_the_advice_only_with_a_reason(qtbot, db, actor, controller):
    detainer = _stored(db, actor, stored_case(db, actor).id)
    dialog = controller.open_detainer(detainer.id)
    assert dialog.recommendation_label.text() == "May honour"
    dialog.tabs.setCurrentIndex(DECISION_TAB)
    assert dialog.decide_button.isEnabled()
    choose(dialog.decision_combo, Decision.DECLINE)
    _click_cleanly(qtbot, dialog.decide_button)
    assert "give the reason for deciding “Decline”" in dialog.error_summary.text()
    row = db.execute("SELECT decision, status FROM detainers WHERE id = ?", [detainer.id])
    assert row.fetchone() == (None, "received")

    qtbot.keyClicks(dialog.decision_reason, "No judicial warrant; counsel advice 10/20")
    _click_cleanly(qtbot, dialog.decide_button)
    stored = get_detainer(db, detainer.id)
    assert stored.decision is Decision.DECLINE
    assert stored.decided_by == actor.id and stored.decided_at == NOW_2010
    assert stored.decision_reason == "No judicial warrant; counsel advice 10/20"
    assert stored.status is DetainerStatus.DECIDED
    assert dialog.error_summary.isHidden()
    assert dialog.status_label.text() == "Decided"
    assert dialog.decided_label.text().startswith("Decline, ")
    assert f"by {actor.full_name}" in dialog.decided_label.text()


def test_attorney_follows_the_advice_without_a_reason(qtbot, db, actor, controller):
    detainer = _stored(db, actor, stored_case(db, actor).id)
    dialog = controller.open_detainer(detainer.id)
    choose(dialog.decision_combo, Decision.HONOUR)
    _click_cleanly(qtbot, dialog.decide_button)
    stored = get_detainer(db, detainer.id)
    assert (stored.decision, stored.decision_reason) == (Decision.HONOUR, None)


def test_a_clerk_cannot_press_record_decision(db, actor, make_controller):
    detainer = _stored(db, actor, stored_case(db, actor).id)
    clerk = current_staff(db, login="clerk1")
    dialog = make_controller(clerk).open_detainer(detainer.id)
    assert not dialog.decide_button.isEnabled()
    assert dialog.tabs.isTabEnabled(DECISION_TAB)  # the clerk still sees what was decided


def test_honoured_status_is_recorded_with_its_note(qtbot, db, actor, controller):
    detainer = _decided(db, actor)
    dialog = controller.open_detainer(detainer.id)
    dialog.tabs.setCurrentIndex(STATUS_TAB)
    assert dialog.status_label.text() == "Decided"
    choose(dialog.status_combo, DetainerStatus.HONOURED)
    qtbot.keyClicks(dialog.status_note, "Held from 11/01 15:00")
    _click_cleanly(qtbot, dialog.status_button)
    assert get_detainer(db, detainer.id).status is DetainerStatus.HONOURED
    last = status_history(db, detainer.id)[-1]
    assert (last.status, last.staff_name, last.changed_at) == (
        DetainerStatus.HONOURED,
        actor.full_name,
        NOW_2010,
    )
    assert last.note == "Held from 11/01 15:00"
    assert dialog.history.rowCount() == 3  # received, decided, honoured
    assert dialog.status_label.text() == "Honoured"


def test_lifting_without_ices_reason_is_refused(qtbot, db, actor, controller):
    decided = _decided(db, actor)
    dialog = controller.open_detainer(decided.id)
    dialog.tabs.setCurrentIndex(STATUS_TAB)
    choose(dialog.status_combo, DetainerStatus.LIFTED)
    _click_cleanly(qtbot, dialog.status_button)
    assert "Give ICE's reason for lifting." in dialog.error_summary.text()
    assert get_detainer(db, decided.id) == decided


def test_lifting_with_ices_reason_stores_it(qtbot, db, actor, controller):
    decided = _decided(db, actor)
    dialog = controller.open_detainer(decided.id)
    dialog.tabs.setCurrentIndex(STATUS_TAB)
    choose(dialog.status_combo, DetainerStatus.LIFTED)
    choose(dialog.lift_combo, "case_closed")
    qtbot.keyClicks(dialog.status_note, "ICE fax 10/20: lifted")
    _click_cleanly(qtbot, dialog.status_button)
    last = status_history(db, decided.id)[-1]
    assert last.status is DetainerStatus.LIFTED and last.staff_name == actor.full_name
    assert last.note == "ICE fax 10/20: lifted"
    stored = get_detainer(db, decided.id)
    assert stored.status is DetainerStatus.LIFTED
    assert (stored.lift_reason, stored.lifted_at) == ("case_closed", NOW_2010)


def test_reopening_a_closed_detainer_needs_a_note_and_clears_the_decision(
    qtbot, db, actor, controller
):
    decided = _decided(db, actor)
    tz = county_timezone(db)
    move = (db, decided.id, decided.row_version, DetainerStatus.LIFTED, actor, tz)
    lifted = change_status(*move, lift_reason="case_closed", now=NOW_2010)
    dialog = controller.open_detainer(decided.id)
    choose(dialog.status_combo, DetainerStatus.UNDER_REVIEW)
    _click_cleanly(qtbot, dialog.status_button)
    assert "Say why the detainer is reopened." in dialog.error_summary.text()
    assert get_detainer(db, decided.id) == lifted
    qtbot.keyClicks(dialog.status_note, "ICE re-issued")
    _click_cleanly(qtbot, dialog.status_button)
    stored = get_detainer(db, decided.id)
    assert stored.status is DetainerStatus.UNDER_REVIEW
    assert stored.decision is None and stored.decided_by is None


def test_closing_with_changes_asks_and_cancel_keeps_the_editor(qtbot, db, actor, controller, boxes):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    choose(dialog.request_form.widget("form_code"), "i247_2008")
    qtbot.keyClicks(dialog.request_form.widget("ice_officer"), "Smith")
    boxes.unsaved_answer = message_boxes.UnsavedChoice.CANCEL
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Close))
    assert boxes.unsaved_asked == 1
    assert dialog.isVisible() and controller.editors == [dialog]

    boxes.unsaved_answer = message_boxes.UnsavedChoice.DISCARD
    dialog.close()
    assert boxes.unsaved_asked == 2
    assert not dialog.isVisible() and controller.editors == []
    assert _count(db) == 0


def test_closing_an_untouched_editor_does_not_ask(qtbot, db, actor, controller, boxes):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    _activate(qtbot, dialog)
    qtbot.keySequence(dialog, "Ctrl+W")
    assert boxes.unsaved_asked == 0 and not dialog.isVisible()


def test_released_to_ice_is_saved_and_both_releases_are_refused(qtbot, db, actor, controller):
    detainer = _stored(db, actor, stored_case(db, actor).id)
    dialog = controller.open_detainer(detainer.id)
    dialog.tabs.setCurrentIndex(STATUS_TAB)
    outcome = dialog.outcome_form
    retype(qtbot, outcome.widget("released_to_ice_at"), "10/19/2010 08:00")
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    assert get_detainer(db, detainer.id).released_to_ice_at == datetime(
        2010, 10, 19, 15, 0, tzinfo=UTC
    )

    retype(qtbot, outcome.widget("released_to_community_at"), "10/19/2010 09:00")
    _save(qtbot, dialog)
    refusal = "A person is released either to ICE or to the community, not both."
    assert refusal in dialog.error_summary.text()
    assert outcome.error("released_to_community_at") == refusal
    assert dialog.tabs.currentIndex() == STATUS_TAB
    assert get_detainer(db, detainer.id).released_to_community_at is None


def test_the_decision_starts_from_the_policys_advice(db, actor, controller):
    # Under Santa Clara Policy 3.54 without a reimbursement agreement the advice is "Must
    # decline", so the editor offers "Decline" first; the attorney can still choose otherwise.
    add_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)
    detainer = _stored(db, actor, stored_case(db, actor).id)
    dialog = controller.open_detainer(detainer.id)
    assert dialog.recommendation_label.text() == "Must decline"
    assert dialog.decision_combo.currentData() == Decision.DECLINE.value


def test_the_lift_reason_is_asked_for_only_when_marking_lifted(db, actor, controller):
    decided = _decided(db, actor)
    dialog = controller.open_detainer(decided.id)
    choose(dialog.status_combo, DetainerStatus.HONOURED)
    assert not dialog.lift_combo.isEnabled()
    choose(dialog.status_combo, DetainerStatus.LIFTED)
    assert dialog.lift_combo.isEnabled()
    choose(dialog.lift_combo, "case_closed")
    choose(dialog.status_combo, DetainerStatus.EXPIRED)
    assert not dialog.lift_combo.isEnabled() and dialog.lift_combo.currentData() is None


def test_a_declined_detainer_cannot_be_marked_honoured(db, actor, controller):
    d = _stored(db, actor, stored_case(db, actor).id)
    tz = county_timezone(db)
    d = record_decision(db, d.id, d.row_version, Decision.DECLINE, "x", actor, tz, now=NOW_2010)
    dialog = controller.open_detainer(d.id)
    offered = [dialog.status_combo.itemData(i) for i in range(dialog.status_combo.count())]
    assert DetainerStatus.DECLINED.value in offered
    assert DetainerStatus.HONOURED.value not in offered


def test_a_decided_detainer_shows_the_advice_it_was_decided_on(db, actor, controller):
    # Decided under honour-all; a Santa Clara period is put in force afterwards, back-dated.
    # The editor must show what was advised when the attorney decided, not today's reading.
    decided = _decided(db, actor)
    add_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)
    dialog = controller.open_detainer(decided.id)
    assert dialog.recommendation_label.text() == "May honour"
    assert "Honour every detainer" in dialog.clock.policy_label.text()


def test_record_decision_is_off_once_the_decision_has_been_carried_out(db, actor, controller):
    decided = _decided(db, actor)
    tz = county_timezone(db)
    honoured = change_status(
        db, decided.id, decided.row_version, DetainerStatus.HONOURED, actor, tz, now=NOW_2010
    )
    dialog = controller.open_detainer(honoured.id)
    assert not dialog.decide_button.isEnabled()


def test_choosing_an_i247n_on_a_new_detainer_ticks_notification_not_hold(db, actor, controller):
    dialog = controller.new_detainer(stored_case(db, actor).id)
    assert dialog.request_form.value("requests_hold")  # a new detainer starts as a hold
    choose(dialog.request_form.widget("form_code"), "i247n")
    assert not dialog.request_form.value("requests_hold")
    assert dialog.request_form.value("requests_notification")


def test_the_editor_countdown_moves_on_with_the_clock(db, actor, make_controller):
    # Eligible Mon 10/18/2010 15:00 PDT; 48 business hours end Wed 10/20 15:00 PDT. At 12:00
    # that is 3 h away; once the clock reads 16:00 it is an hour overdue.
    now = [NOW_2010]
    case = stored_case(db, actor, release_eligible_at=datetime(2010, 10, 18, 22, 0, tzinfo=UTC))
    d = _stored(db, actor, case.id)
    controller = make_controller(actor)
    controller.now = lambda: now[0]
    dialog = controller.open_detainer(d.id)
    dialog.refresh_preview()
    assert dialog.countdown_label.text() == "3 h 00 min left"
    now[0] = datetime(2010, 10, 20, 23, 0, tzinfo=UTC)
    dialog._tick.timeout.emit()
    assert dialog.countdown_label.text() == "overdue by 1 h 00 min"
    assert "#b00020" in dialog.expiry_label.styleSheet()
