"""Clocks of detainers (models.detainer_clocks) and the Detainers list query (detainer_list)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from models.cases import get_case, update_case
from models.detainer_clocks import (
    add_holiday,
    assess,
    change_holiday_state,
    choose_hold_rule,
    refresh_clocks,
    remove_holiday,
    running_clocks,
)
from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows, ice_offices
from models.detainer_vocab import load_detainer_vocab
from models.detainers import get_detainer, update_detainer
from models.records import (
    CustodyStatus,
    Decision,
    Detainer,
    DetainerStatus,
    PolicyOutcome,
    Recommendation,
)
from tests.conftest import office_state
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

MON_3PM = datetime(2010, 10, 18, 22, 0, tzinfo=UTC)
TUE_3PM = datetime(2010, 10, 19, 22, 0, tzinfo=UTC)
WED_3PM = datetime(2010, 10, 20, 22, 0, tzinfo=UTC)
FRI2_3PM = datetime(2010, 10, 22, 22, 0, tzinfo=UTC)  # Fri 10/22/2010 15:00 PDT
S = DetainerStatus


def clocks(db, **kw) -> list[tuple]:
    return [(c.detainer_id, c.kind, c.due_at) for c in running_clocks(db, now=NOW, **kw)]


def expiry_audit(db, detainer_id):
    return db.execute(
        "SELECT old_value, new_value, booking_id FROM audit_log WHERE table_name = 'detainers' "
        "AND record_id = ? AND field = 'hold_expires_at' AND action = 'update' ORDER BY id",
        [detainer_id],
    ).fetchall()


# -- which rule, and running clocks --------------------------------------------------------------


def test_choose_hold_rule_in_order_request_decision_policy_form(db):
    vocab = load_detainer_vocab(db)
    form, rules = vocab.form("i247_2008"), vocab.hold_rules
    d = Detainer(None, 1, "i247_2008", RECEIVED, "fax", requests_hold=True)
    may = PolicyOutcome("honour_all", "Honour every detainer", Recommendation.MAY_HONOUR, ())
    must = replace(may, recommendation=Recommendation.MUST_DECLINE, hold_rule="not_permitted")
    capped = replace(may, hold_rule="24h_local_cap")
    assert choose_hold_rule(form, d, may, rules)[0] == "48h_excluding_weekends_holidays"
    assert choose_hold_rule(form, d.replace(requests_hold=False), may, rules)[0] == "not_permitted"
    notify = d.replace(decision=Decision.NOTIFY_ONLY)
    assert choose_hold_rule(form, notify, may, rules)[0] == "not_permitted"
    assert choose_hold_rule(form, d, must, rules)[0] == "not_permitted"
    # An attorney may honour against the advice: the form's own rule then applies.
    honour = d.replace(decision=Decision.HONOUR)
    assert choose_hold_rule(form, honour, must, rules)[0] == "48h_excluding_weekends_holidays"
    code, reasons = choose_hold_rule(form, d, capped, rules)
    assert code == "24h_local_cap" and "24 hours (local cap)" in reasons[-1]


def test_undecided_detainer_has_a_decision_clock_at_release_eligibility(db, actor, case_id):
    d = new(db, actor, case_id)
    # Decision due when the person would otherwise be released; the hold would end Tue 15:00.
    assert clocks(db) == [(d.id, "decision", FRI_3PM), (d.id, "hold", TUE_3PM)]
    (decision, hold) = running_clocks(db, now=NOW)
    assert decision.person_name == "Núñez1, María José" and decision.booking_number == "2010-001"
    assert (hold.label, hold.status, hold.hold_rule) == (
        ("Hold expires", S.RECEIVED, "48h_excluding_weekends_holidays")
    )


def test_honoured_detainer_runs_only_its_hold_clock(db, actor, case_id):
    d = move(db, actor, decide(db, actor, new(db, actor, case_id), Decision.HONOUR), S.HONOURED)
    assert clocks(db) == [(d.id, "hold", TUE_3PM)]


def test_no_clock_once_released_or_an_outcome_is_recorded_or_declined(db, actor, case_factory):
    released, outcome, declined, running = (
        add_case(db, actor, case_factory, n) for n in (1, 2, 3, 4)
    )
    keep = new(db, actor, running)
    new(db, actor, released)
    case = get_case(db, released)
    gone = replace(case.booking, custody_status=CustodyStatus.RELEASED, released_at=TUE_3PM)
    update_case(db, replace(case, booking=gone), actor, now=NOW)
    d = new(db, actor, outcome)
    update_detainer(db, d.replace(released_to_ice_at=TUE_3PM), actor, TZ, now=NOW)
    decide(db, actor, new(db, actor, declined), Decision.DECLINE, "Not a qualifying conviction")
    assert {c[0] for c in clocks(db)} == {keep.id}


def test_clocks_are_soonest_first_holds_before_decisions_on_a_tie_and_within_filters(
    db, actor, case_factory
):
    late = new(db, actor, add_case(db, actor, case_factory, 1, WED_3PM))
    early = new(db, actor, add_case(db, actor, case_factory, 2, MON_3PM))
    # early: Mon 15:00 +9 h, Tue 24 h, Wed 15 h: its hold ends Wed 15:00, as late's decision falls
    # due. late: Wed +9 h, Thu 24 h, Fri 15 h: Fri 10/22 15:00.
    expected = [
        (early.id, "decision", MON_3PM),
        (early.id, "hold", WED_3PM),
        (late.id, "decision", WED_3PM),
        (late.id, "hold", FRI2_3PM),
    ]
    assert clocks(db) == expected
    # Within 4 hours of Wed 12:00: the overdue one and the two at 15:00, not Friday's.
    assert clocks(db, within=timedelta(hours=4)) == expected[:3]
    assert clocks(db, within=timedelta(hours=2)) == expected[:1]


# -- keeping stored expiries right ---------------------------------------------------------------


def test_county_holiday_inside_a_hold_moves_it_one_day_audited(db, actor, case_id):
    d = new(db, actor, case_id)
    closed = new(db, actor, case_id)
    closed = move(db, actor, closed, S.LIFTED, lift_reason="duplicate")
    holiday, changes = add_holiday(db, actor, date(2010, 10, 18), "County furlough day")
    # Fri 9 h; Sat, Sun and now Mon skipped; Tue 24 h; Wed 15:00 makes 48.
    assert [
        (c.detainer_id, c.booking_id, c.person_name, c.old_expiry, c.new_expiry) for c in changes
    ] == [(d.id, case_id, "Núñez1, María José", TUE_3PM, WED_3PM)]
    stored = get_detainer(db, d.id)
    assert stored.hold_expires_at == WED_3PM and stored.row_version == d.row_version + 1
    assert expiry_audit(db, d.id) == [
        ("2010-10-19T22:00:00+00:00", "2010-10-20T22:00:00+00:00", case_id)
    ]
    assert get_detainer(db, closed.id).hold_expires_at == TUE_3PM  # a lifted hold is history
    assert remove_holiday(db, actor, holiday.id)[0].new_expiry == TUE_3PM
    assert get_detainer(db, d.id).hold_expires_at == TUE_3PM


def test_holiday_outside_the_hold_changes_nothing(db, actor, case_id):
    d = new(db, actor, case_id)
    _holiday, changes = add_holiday(db, actor, date(2010, 10, 25), "County furlough day")
    assert changes == [] and get_detainer(db, d.id) == d and expiry_audit(db, d.id) == []


def test_dropping_the_state_calendar_removes_the_day_after_thanksgiving(db, actor, case_factory):
    office_state(db, "CA")
    wed = datetime(2010, 11, 24, 18, 0, tzinfo=UTC)  # Wed 11/24/2010 10:00 PST
    d = new(db, actor, add_case(db, actor, case_factory, 1, wed))
    # With CA: Wed 14 h; Thu (Thanksgiving), Fri (Day After, CA), Sat, Sun skipped; Mon 24 h;
    # Tue 11/30 10:00 makes 48.
    tue = datetime(2010, 11, 30, 18, 0, tzinfo=UTC)
    assert d.hold_expires_at == tue
    # Federal only: Wed 14 h; Thu skipped; Fri 24 h; Sat, Sun skipped; Mon 11/29 10:00.
    mon = datetime(2010, 11, 29, 18, 0, tzinfo=UTC)
    (change,) = change_holiday_state(db, actor, None)
    assert (change.old_expiry, change.new_expiry) == (tue, mon)
    assert get_detainer(db, d.id).hold_expires_at == mon
    assert [c.new_expiry for c in change_holiday_state(db, actor, "CA")] == [tue]


def test_editing_release_eligibility_moves_the_stored_expiry(db, actor, case_id):
    d = new(db, actor, case_id)
    case = get_case(db, case_id)
    update_case(
        db,
        replace(case, booking=replace(case.booking, release_eligible_at=MON_3PM)),
        actor,
        now=NOW,
    )
    stored = get_detainer(db, d.id)
    # Mon 9 h; Tue 24 h; Wed 15:00 makes 48.
    assert (stored.hold_starts_at, stored.hold_expires_at) == (MON_3PM, WED_3PM)
    assert expiry_audit(db, d.id) == [
        ("2010-10-19T22:00:00+00:00", "2010-10-20T22:00:00+00:00", case_id)
    ]
    assert refresh_clocks(db, actor) == []  # already in line: nothing moves again


def test_i247a_clock_runs_real_hours_across_the_end_of_daylight_saving(db, actor, case_factory):
    sat = datetime(2017, 11, 4, 17, 0, tzinfo=UTC)  # Sat 11/04/2017 10:00 PDT
    booking = add_case(db, actor, case_factory, 1, sat)
    received = datetime(2017, 11, 3, 18, 0, tzinfo=UTC)
    d = new(db, actor, booking, LATER, form_code="i247a", warrant_type="i200", received_at=received)
    assert (d.policy_code, d.hold_rule) == ("honour_all", "48h_clock")
    # 48 real hours; clocks go back Sun 11/05, so it ends Mon 11/06 09:00 PST, not 10:00.
    assert d.hold_expires_at == datetime(2017, 11, 6, 17, 0, tzinfo=UTC)
    assert d.hold_expires_at.astimezone(TZ).strftime("%H:%M %Z") == "09:00 PST"
    trail = " ".join(assess(db, d, TZ).trail)
    assert "Clocks went back one hour on Sun 11/05/2017" in trail


# -- the Detainers list --------------------------------------------------------------------------


@pytest.fixture
def listed(db, actor, case_factory):
    """Three detainers: d1 and d2 on case 1 (d2 at 10/17 06:30 UTC, still 10/16 in the county),
    d3 on case 2, an I-247 (12/12) of 12/05/2012 under review."""
    one, two = add_case(db, actor, case_factory, 1), add_case(db, actor, case_factory, 2)
    d1 = new(db, actor, one, ice_office="San Francisco")
    d2 = new(
        db,
        actor,
        one,
        received_at=datetime(2010, 10, 17, 6, 30, tzinfo=UTC),
        ice_office="Sacramento",
    )
    d3 = new(
        db,
        actor,
        two,
        LATER,
        form_code="i247_2012",
        ice_office="San Francisco",
        received_at=datetime(2012, 12, 5, 18, 0, tzinfo=UTC),
    )
    move(db, actor, d3, S.UNDER_REVIEW)
    return one, two, d1.id, d2.id, d3.id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, (3, 2, 1)),
        ({"status": S.UNDER_REVIEW}, (3,)),
        ({"status": S.RECEIVED}, (2, 1)),
        ({"form_code": "i247_2012"}, (3,)),
        ({"ice_office": "San Francisco"}, (3, 1)),
        ({"received_from": date(2010, 10, 16), "received_to": date(2010, 10, 16)}, (2, 1)),
        ({"received_from": date(2010, 10, 17), "received_to": date(2010, 10, 17)}, ()),
        ({"received_from": date(2010, 10, 17)}, (3,)),
        ({"received_to": date(2012, 12, 4)}, (2, 1)),
        ({"booking": 1}, (2, 1)),
        ({"status": S.RECEIVED, "ice_office": "Sacramento"}, (2,)),
    ],
)
def test_detainer_ids_filter_newest_first_in_county_days(db, listed, query, expected):
    one, two, *ids = listed
    if "booking" in query:
        query = {"booking_id": (one, two)[query.pop("booking") - 1]}
    assert detainer_ids(db, DetainerQuery(**query), TZ) == [ids[n - 1] for n in expected]


def test_detainer_rows_keep_the_order_given(db, listed):
    one, two, d1, d2, d3 = listed
    rows = detainer_rows(db, [d1, d3, 999, d2])
    assert [r.id for r in rows] == [d1, d3, d2]
    assert [(r.booking_id, r.person_name, r.booking_number) for r in rows] == [
        (one, "Núñez1, María José", "2010-001"),
        (two, "Núñez2, María José", "2010-002"),
        (one, "Núñez1, María José", "2010-001"),
    ]
    assert (rows[1].form_code, rows[1].status, rows[1].ice_office) == (
        ("i247_2012", S.UNDER_REVIEW, "San Francisco")
    )
    assert rows[0].hold_expires_at == TUE_3PM and rows[0].decision is None
    assert detainer_rows(db, []) == []
    assert ice_offices(db) == ["Sacramento", "San Francisco"]


def test_a_detainer_arriving_after_release_eligibility_still_counts_from_eligibility(
    db, actor, case_factory
):
    # Eligible Fri 10/15 15:00 PDT, detainer Sat 10/16 11:00: the 48 business hours still run
    # from Friday (Mon 24 h + Tue 15 h after Fri's 9 h) to Tue 10/19 15:00 — a late request
    # does not buy ICE more time — and the trail says the detainer came late.
    booking = add_case(db, actor, case_factory)
    result = assess(
        db, Detainer(None, booking, "i247_2008", RECEIVED, "fax", requests_hold=True), TZ
    )
    assert result.deadline.due_at == TUE_3PM
    assert any("after the person became eligible for release" in r for r in result.trail)


def test_a_detainer_arriving_after_the_hold_would_have_ended_says_no_hold_is_possible(
    db, actor, case_factory
):
    booking = add_case(db, actor, case_factory)
    late = datetime(2010, 10, 21, 18, 0, tzinfo=UTC)  # Thu 10/21, two days after Tue 15:00
    result = assess(db, Detainer(None, booking, "i247_2008", late, "fax", requests_hold=True), TZ)
    assert result.deadline.due_at == TUE_3PM
    assert any("no hold is possible" in r for r in result.trail)
