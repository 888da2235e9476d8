"""Detainer verbs (models.detainers) and the form-date warnings (models.detainer_vocab)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from models.cases import delete_case, get_case
from models.detainer_clocks import assess
from models.detainer_vocab import form_warnings, load_detainer_vocab
from models.detainers import (
    allowed_statuses,
    detainers_for_booking,
    get_detainer,
    status_history,
    update_detainer,
)
from models.errors import ConflictError, DeskError, NotFoundError, ValidationError
from models.history import case_history
from models.policies import add_period
from models.records import Decision, Detainer, DetainerStatus, Recommendation, StaffRole
from models.staff import current_staff, find_by_login, update_staff
from tests.models.detainer_helpers import (
    FRI_3PM,
    LATER,
    NOW,
    RECEIVED,
    TZ,
    add_case,
    decide,
    move,
    new,
)

TUE_3PM = datetime(2010, 10, 19, 22, 0, tzinfo=UTC)  # Tue 10/19/2010 15:00 PDT
TABLES = ("detainers", "detainer_status_history", "detainer_box_marks", "audit_log", "bookings")
HOLD_48 = "48h_excluding_weekends_holidays"
S = DetainerStatus


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def decided(d: Detainer) -> tuple:
    return (d.status, d.decision, d.decided_by, d.decided_at, d.decision_reason)


def lines(db, d) -> list[tuple]:
    return [(s.status, s.staff_name, s.note) for s in status_history(db, d.id)]


def detainer_audit(db, detainer_id):
    return db.execute(
        "SELECT action, field, old_value, new_value, booking_id FROM audit_log "
        "WHERE table_name = 'detainers' AND record_id = ? ORDER BY id",
        [detainer_id],
    ).fetchall()


@pytest.fixture
def attorney(db, actor):
    update_staff(db, actor, "atty", full_name="Ann Attorney", role=StaffRole.ATTORNEY)
    return find_by_login(db, "atty")


def test_create_stores_fields_boxes_first_status_policy_and_hold_clock(db, actor, case_id):
    boxes = ("basis_warrant", "basis_nta")
    d = new(db, actor, case_id, ice_office="SF", warrant_type="i200", boxes=boxes)
    assert get_detainer(db, d.id) == d and detainers_for_booking(db, case_id) == [d]
    assert (d.form_code, d.received_at, d.warrant_type) == ("i247_2008", RECEIVED, "i200")
    assert d.ice_office == "SF"
    assert d.boxes == ("basis_nta", "basis_warrant")  # in the order printed on the form
    assert d.status is S.RECEIVED and d.decision is None
    assert [(s.changed_at, s.status, s.staff_name, s.note) for s in status_history(db, d.id)] == [
        (NOW, S.RECEIVED, "mlopez", None)
    ]
    assert (d.policy_code, d.recommendation) == ("honour_all", Recommendation.MAY_HONOUR)
    assert d.hold_rule == HOLD_48 and d.hold_starts_at == FRI_3PM
    # Fri 15:00-24:00 counts 9 h; Sat and Sun are skipped; Mon counts 24 h; Tue 15:00 makes 48.
    assert d.hold_expires_at == TUE_3PM


def test_create_is_audited_against_the_case_and_told_in_its_history(db, actor, case_id):
    d = new(db, actor, case_id, boxes=("basis_nta",))
    rows = detainer_audit(db, d.id)
    assert {r[0] for r in rows} == {"create"} and {r[4] for r in rows} == {case_id}
    created = {r[1]: r[3] for r in rows}
    assert created["form_code"] == "i247_2008" and "booking_id" not in created
    assert created["hold_expires_at"] == "2010-10-19T22:00:00+00:00"
    assert created["boxes"] == "basis_nta"
    history = case_history(db, case_id, get_case(db, case_id).person.id, TZ)
    line = next(h.what for h in history if h.what.startswith("Created detainer: "))
    for words in (
        "form I-247 (pre-2012)",
        "received at 10/16/2010 11:00",
        "hold requested Yes",
        "hold expires 10/19/2010 15:00",
        "boxes ticked Initiated removal proceedings",
    ):
        assert words in line


def test_a_new_detainer_starts_received_and_undecided_whatever_was_passed(db, actor, case_id):
    passed = {"status": S.HONOURED, "decision": Decision.HONOUR, "decided_at": NOW}
    d = new(db, actor, case_id, decided_by=actor.id, lift_reason="duplicate", **passed)
    assert decided(d) == (S.RECEIVED, None, None, None, None) and d.lift_reason is None


BOTH_RELEASES = {"released_to_ice_at": NOW, "released_to_community_at": NOW}
# Booked Fri 10/15/2010 10:30 PDT; "received" at 09:00 that morning: both shown in county time.
EARLY = {"received_at": datetime(2010, 10, 15, 16, 0, tzinfo=UTC)}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (EARLY, "received_at", "10/15/2010 09:00|10/15/2010 10:30"),
        ({"received_at": NOW + timedelta(hours=1)}, "received_at", "future"),
        ({"requests_hold": False}, "requests", "hold, notification or transfer"),
        ({"boxes": ("pc_final_order",)}, "boxes", "pc_final_order|I-247 (pre-2012)"),
        (BOTH_RELEASES, "released_to_community_at", "not both"),
        ({"form_code": "i999"}, "form_code", "i999"),
    ],
)
def test_bad_detainer_is_refused_clearly_and_writes_nothing(
    db, actor, case_id, changes, field, words
):
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        new(db, actor, case_id, **changes)
    messages = caught.value.for_field(field)
    assert len(messages) == 1, caught.value.errors
    assert all(w in messages[0] for w in words.split("|")), messages
    assert counts(db) == before


def test_detainer_for_a_missing_booking_names_the_case_and_writes_nothing(db, actor, case_id):
    before = counts(db)
    with pytest.raises(NotFoundError, match="no case number 4242"):
        new(db, actor, 4242)
    assert counts(db) == before


@pytest.mark.parametrize(
    ("form", "received", "warrant", "expected"),
    [
        ("i247a", datetime(2016, 5, 2, 18, tzinfo=UTC), "i200", "not in use before 04/02/2017"),
        ("i247d", datetime(2017, 4, 3, 18, tzinfo=UTC), "i200", "replaced after 04/01/2017"),
        ("i247a", datetime(2018, 5, 2, 18, tzinfo=UTC), "none", "I-200 or I-205"),
        # 04/02/2017 05:00 UTC is still Sat 04/01 22:00 in the county: before the I-247A.
        ("i247a", datetime(2017, 4, 2, 5, tzinfo=UTC), "i200", "not in use before 04/02/2017"),
    ],
)
def test_out_of_place_form_saves_and_is_warned_about(
    db, actor, case_id, form, received, warrant, expected
):
    d = new(db, actor, case_id, LATER, form_code=form, received_at=received, warrant_type=warrant)
    assert get_detainer(db, d.id).form_code == form
    warnings = assess(db, d, TZ).warnings
    assert len(warnings) == 1 and expected in warnings[0]


def test_form_warnings_start_and_end_on_the_form_dates(db):
    vocab = load_detainer_vocab(db)
    i247a, i247d = vocab.form("i247a"), vocab.form("i247d")
    assert form_warnings(i247a, date(2017, 4, 2), "i200") == []  # first day of the I-247A
    assert len(form_warnings(i247a, date(2017, 4, 1), "i200")) == 1
    assert form_warnings(i247d, date(2017, 4, 1), "none") == []  # last day of the I-247D
    assert len(form_warnings(i247d, date(2017, 4, 2), "none")) == 1
    assert form_warnings(i247a, date(2018, 1, 1), "i205") == []


def test_update_audits_each_changed_field_once(db, actor, case_id):
    d = new(db, actor, case_id)
    before = len(detainer_audit(db, d.id))
    u = update_detainer(db, d.replace(notes="Faxed twice", ice_office="LA"), actor, TZ, now=NOW)
    assert (u.notes, u.ice_office, u.row_version) == ("Faxed twice", "LA", 1)
    assert detainer_audit(db, d.id)[before:] == [
        ("update", "ice_office", None, "LA", case_id),
        ("update", "notes", None, "Faxed twice", case_id),
    ]


def test_unchanged_save_writes_nothing(db, actor, case_id):
    d = new(db, actor, case_id, boxes=("basis_nta",))
    before = counts(db)
    assert update_detainer(db, d, actor, TZ, now=NOW).row_version == d.row_version
    assert counts(db) == before


def test_stale_save_is_a_conflict_and_writes_nothing(db, actor, case_id):
    d = new(db, actor, case_id)
    update_detainer(db, d.replace(notes="first desk"), actor, TZ, now=NOW)
    before = counts(db)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        update_detainer(db, d.replace(notes="second desk"), actor, TZ, now=NOW)
    assert counts(db) == before and get_detainer(db, d.id).notes == "first desk"


def test_update_keeps_decision_and_status_as_stored(db, actor, case_id):
    d = new(db, actor, case_id)
    sneaky = d.replace(
        notes="x",
        status=S.HONOURED,
        decision=Decision.HONOUR,
        decided_at=NOW,
        decided_by=actor.id,
        decision_reason="because",
        lift_reason="duplicate",
    )
    u = update_detainer(db, sneaky, actor, TZ, now=NOW)
    assert u.notes == "x"
    assert decided(u) == (S.RECEIVED, None, None, None, None) and u.lift_reason is None


def test_a_clerk_cannot_decide(db, actor, case_id):
    d = new(db, actor, case_id)
    clerk = current_staff(db, login="clerk1")
    assert clerk.role is StaffRole.CLERK
    before = counts(db)
    with pytest.raises(DeskError, match="attorney"):
        decide(db, clerk, d, Decision.HONOUR)
    assert counts(db) == before


def test_decision_following_the_recommendation_needs_no_reason(db, actor, case_id, attorney):
    d = decide(db, attorney, new(db, actor, case_id), Decision.HONOUR, "  ")
    assert decided(d) == (S.DECIDED, Decision.HONOUR, attorney.id, NOW, None)
    assert d.hold_rule == HOLD_48 and d.hold_expires_at == TUE_3PM
    assert lines(db, d)[-1] == (S.DECIDED, "Ann Attorney", "Decision: Honour")


def test_differing_decision_needs_a_reason_and_a_decline_stops_the_clock(
    db, actor, case_id, attorney
):
    d = new(db, actor, case_id)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        decide(db, attorney, d, Decision.DECLINE)
    assert "May honour" in caught.value.for_field("decision_reason")[0]
    assert counts(db) == before
    d = decide(db, attorney, d, Decision.DECLINE, "No agreement")
    assert decided(d) == (S.DECIDED, Decision.DECLINE, attorney.id, NOW, "No agreement")
    assert d.recommendation is Recommendation.MAY_HONOUR  # what was advised, kept beside it
    assert d.hold_rule == "not_permitted" and d.hold_expires_at is None
    assert lines(db, d)[-1] == (S.DECIDED, "Ann Attorney", "Decision: Decline — No agreement")


def test_recommendation_is_frozen_once_decided(db, actor, case_factory, attorney):
    decided = new(db, actor, add_case(db, actor, case_factory, 1))
    undecided = new(db, actor, add_case(db, actor, case_factory, 2))
    decided = decide(db, attorney, decided, Decision.HONOUR)
    add_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)  # covers 10/16/2010
    decided = update_detainer(db, decided.replace(notes="edited"), actor, TZ, now=NOW)
    undecided = update_detainer(db, undecided.replace(notes="edited"), actor, TZ, now=NOW)
    assert decided.policy_code == "honour_all"
    assert decided.recommendation is Recommendation.MAY_HONOUR
    assert undecided.policy_code == "santa_clara_3_54"  # the same edit re-evaluates an open one
    assert undecided.recommendation is Recommendation.MUST_DECLINE


def test_recommendation_of_a_decided_detainer_cannot_be_overwritten_by_an_edit(
    db, actor, case_id, attorney
):
    d = decide(db, attorney, new(db, actor, case_id), Decision.HONOUR)
    edited = d.replace(notes="x", recommendation=Recommendation.NOTIFICATION_ONLY)
    u = update_detainer(db, edited, actor, TZ, now=NOW)
    assert u.recommendation is Recommendation.MAY_HONOUR


def test_no_decision_on_a_lifted_detainer(db, actor, case_id, attorney):
    d = move(db, actor, new(db, actor, case_id), S.LIFTED, lift_reason="duplicate")
    before = counts(db)
    with pytest.raises(DeskError, match="lifted"):
        decide(db, attorney, d, Decision.HONOUR)
    assert counts(db) == before and get_detainer(db, d.id).decision is None


def test_allowed_moves_each_leave_a_status_line(db, actor, case_id, attorney):
    assert allowed_statuses(S.RECEIVED) == (S.UNDER_REVIEW, S.LIFTED, S.SUPERSEDED, S.EXPIRED)
    assert allowed_statuses(S.DECLINED) == (S.UNDER_REVIEW,)
    d = move(db, actor, new(db, actor, case_id), S.UNDER_REVIEW, note="Reading")
    d = decide(db, attorney, d, Decision.HONOUR)
    d = move(db, attorney, d, S.HONOURED)
    assert d.status is S.HONOURED and d.decision is Decision.HONOUR
    assert lines(db, d) == [
        (S.RECEIVED, "mlopez", None),
        (S.UNDER_REVIEW, "mlopez", "Reading"),
        (S.DECIDED, "Ann Attorney", "Decision: Honour"),
        (S.HONOURED, "Ann Attorney", None),
    ]


def test_a_move_not_allowed_is_refused_and_writes_nothing(db, actor, case_id):
    d = new(db, actor, case_id)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        move(db, actor, d, S.HONOURED)
    message = "A detainer that is received cannot be marked honoured."
    assert caught.value.for_field("status") == [message]
    assert counts(db) == before


def test_a_declined_decision_cannot_be_marked_honoured(db, actor, case_id, attorney):
    d = decide(db, attorney, new(db, actor, case_id), Decision.DECLINE, "No agreement")
    with pytest.raises(ValidationError):
        move(db, actor, d, S.HONOURED)


def test_lifting_needs_ice_reason(db, actor, case_id):
    d = new(db, actor, case_id)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        move(db, actor, d, S.LIFTED)
    assert caught.value.for_field("lift_reason") and counts(db) == before
    at = datetime(2010, 10, 19, 16, 0, tzinfo=UTC)
    d = move(db, actor, d, S.LIFTED, lift_reason="early_release", at=at)
    assert (d.status, d.lift_reason, d.lifted_at) == (S.LIFTED, "early_release", at)


def test_successor_must_be_another_detainer_of_the_same_booking(db, actor, case_factory):
    one, two = add_case(db, actor, case_factory, 1), add_case(db, actor, case_factory, 2)
    old, same, other = new(db, actor, one), new(db, actor, one), new(db, actor, two)
    for successor, words in ((other.id, "same booking"), (old.id, "no other"), (99, "no other")):
        with pytest.raises(ValidationError, match=words):
            move(db, actor, old, S.SUPERSEDED, superseded_by_id=successor)
    d = move(db, actor, old, S.SUPERSEDED, superseded_by_id=same.id)
    assert (d.status, d.superseded_by_id) == (S.SUPERSEDED, same.id)


def test_reopening_a_closed_detainer_needs_a_note_and_clears_the_decision(
    db, actor, case_id, attorney
):
    d = decide(db, attorney, new(db, actor, case_id), Decision.DECLINE, "No agreement")
    d = move(db, actor, d, S.DECLINED)
    clerk = current_staff(db, login="clerk1")
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        move(db, actor, d, S.UNDER_REVIEW)
    assert caught.value.for_field("note") and counts(db) == before
    with pytest.raises(DeskError, match="only an attorney"):  # it clears a decision
        move(db, clerk, d, S.UNDER_REVIEW, note="Looks wrong")
    assert counts(db) == before
    d = move(db, attorney, d, S.UNDER_REVIEW, note="Agreement signed")
    assert decided(d) == (S.UNDER_REVIEW, None, None, None, None)
    assert d.hold_rule == HOLD_48 and d.hold_expires_at == TUE_3PM  # the clock is back
    assert lines(db, d)[-1] == (S.UNDER_REVIEW, "Ann Attorney", "Agreement signed")


def test_sb54_declines_an_administrative_warrant_and_allows_a_judicial_one(db, actor, case_factory):
    eligible = datetime(2019, 3, 4, 18, 0, tzinfo=UTC)  # Mon 03/04/2019 10:00 PST
    booking = add_case(db, actor, case_factory, 1, eligible)
    add_period(db, actor, "ca_sb54", date(2018, 1, 1), None)
    a247 = {"form_code": "i247a", "received_at": datetime(2019, 3, 1, 18, 0, tzinfo=UTC)}
    admin = new(db, actor, booking, LATER, warrant_type="i200", **a247)
    assert (admin.policy_code, admin.recommendation) == ("ca_sb54", Recommendation.MUST_DECLINE)
    assert admin.hold_rule == "not_permitted" and admin.hold_expires_at is None
    judicial = new(db, actor, booking, LATER, warrant_type="judicial_warrant", **a247)
    assert judicial.recommendation is Recommendation.MAY_HONOUR
    assert judicial.hold_rule == "48h_clock"
    # 48 real hours (the clocks change only on 03/10/2019): Wed 03/06/2019 10:00 PST.
    assert judicial.hold_expires_at == datetime(2019, 3, 6, 18, 0, tzinfo=UTC)
    a247["received_at"] = datetime(2017, 12, 29, 18, 0, tzinfo=UTC)  # before SB 54
    earlier = new(db, actor, booking, LATER, warrant_type="i200", **a247)
    assert (earlier.policy_code, earlier.hold_rule) == ("honour_all", "48h_clock")


def test_santa_clara_declines_without_a_reimbursement_agreement(db, actor, case_id):
    add_period(db, actor, "santa_clara_3_54", date(2011, 10, 18), None)
    d = new(db, actor, case_id, LATER, received_at=datetime(2012, 3, 1, 18, tzinfo=UTC))
    assert (d.policy_code, d.recommendation) == ("santa_clara_3_54", Recommendation.MUST_DECLINE)
    assert "Missing: a written agreement that ICE reimburses all costs" in d.recommendation_reasons
    assert d.hold_rule == "not_permitted" and d.hold_expires_at is None


def test_a_case_with_a_detainer_cannot_be_deleted(db, actor, case_id):
    new(db, actor, case_id)
    before = counts(db)
    with pytest.raises(ConflictError, match="detainer"):
        delete_case(db, case_id, actor, get_case(db, case_id).booking.row_version)
    assert counts(db) == before and get_case(db, case_id).charges
