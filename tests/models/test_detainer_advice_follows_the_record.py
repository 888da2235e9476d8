"""The advice and clock stay true to the record: policy changes, new convictions, overrides."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from models.cases import get_case, update_case
from models.detainer_clocks import (
    add_policy_period,
    assess,
    change_policy_params,
    running_clocks,
)
from models.detainers import get_detainer, update_detainer
from models.errors import ConflictError
from models.policies import add_period
from models.records import Charge, Decision, DetainerStatus, Recommendation
from tests.models.detainer_helpers import NOW, TZ, decide, move, new

TUE_3PM = datetime(2010, 10, 19, 22, 0, tzinfo=UTC)  # Fri 15:00 + 48 business hours
SAT_3PM = datetime(2010, 10, 16, 22, 0, tzinfo=UTC)  # Fri 15:00 + 24 real hours
ROBBERY_2008 = Charge(
    id=None,
    statute="PC 211",
    description="Robbery",
    charge_class="felony",
    disposition="Convicted",
    disposition_date=date(2008, 5, 2),
    conviction_date=date(2008, 5, 2),
)


def test_honouring_against_dc_advice_still_caps_the_hold_at_24_hours(db, actor, case_id):
    # DC cap in force; the person's date of birth is known but there is no qualifying
    # conviction, so the advice is "must decline". An attorney honours it anyway: the policy's
    # own 24-hour cap still applies (Fri 15:00 + 24 h = Sat 15:00), not the form's 48 hours.
    add_period(db, actor, "dc_24h_cap", date(2010, 1, 1), None)
    d = new(db, actor, case_id)
    assert d.recommendation is Recommendation.MUST_DECLINE
    decided = decide(db, actor, d, Decision.HONOUR, "Court order on file")
    assert decided.hold_rule == "24h_local_cap"
    assert decided.hold_expires_at == SAT_3PM


def test_honouring_against_sb54_advice_runs_no_hold_clock(db, actor, case_id):
    add_period(db, actor, "ca_sb54", date(2010, 1, 1), None)
    d = new(db, actor, case_id, form_code="i247a", warrant_type="i200")
    decided = decide(db, actor, d, Decision.HONOUR, "Attorney override")
    assert decided.hold_rule == "not_permitted" and decided.hold_expires_at is None
    assert running_clocks(db, now=NOW) == []


def test_putting_a_policy_in_force_assesses_open_undecided_detainers_again(db, actor, case_id):
    d = new(db, actor, case_id)
    assert (d.recommendation, d.hold_expires_at) == (Recommendation.MAY_HONOUR, TUE_3PM)
    _period, moved = add_policy_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)
    stored = get_detainer(db, d.id)
    assert stored.policy_code == "santa_clara_3_54"
    assert stored.recommendation is Recommendation.MUST_DECLINE
    assert (stored.hold_rule, stored.hold_expires_at) == ("not_permitted", None)
    assert [(c.detainer_id, c.old_expiry, c.new_expiry) for c in moved] == [(d.id, TUE_3PM, None)]
    assert [c.kind for c in running_clocks(db, now=NOW)] == ["decision"]  # no hold listed


def test_a_decided_detainer_keeps_the_advice_it_was_decided_on(db, actor, case_id):
    d = decide(db, actor, new(db, actor, case_id), Decision.HONOUR)
    add_policy_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)
    stored = get_detainer(db, d.id)
    assert (stored.policy_code, stored.recommendation) == ("honour_all", Recommendation.MAY_HONOUR)
    assert stored.hold_expires_at == TUE_3PM


def test_a_new_conviction_on_the_record_changes_the_advice(db, actor, case_id):
    # Santa Clara 3.54 with the reimbursement agreement in place: the advice turns on a serious
    # or violent felony conviction within ten years; recording one (a 2008 robbery) on the case
    # turns "must decline" into "may honour" at once.
    add_period(db, actor, "santa_clara_3_54", date(2010, 1, 1), None)
    change_policy_params(
        db, actor, "santa_clara_3_54", {"window_years": 10, "reimbursement_agreement": True}
    )
    d = new(db, actor, case_id)
    assert d.recommendation is Recommendation.MUST_DECLINE
    case = get_case(db, case_id)
    update_case(db, case.replace(charges=(*case.charges, ROBBERY_2008)), actor, now=NOW)
    stored = get_detainer(db, d.id)
    assert stored.recommendation is Recommendation.MAY_HONOUR
    assert "PC 211" in stored.recommendation_reasons
    assert stored.hold_expires_at == TUE_3PM


def test_changing_only_the_boxes_is_a_new_version_another_desk_cannot_overwrite(db, actor, case_id):
    d = new(db, actor, case_id, boxes=("basis_nta",))
    desk_a = update_detainer(db, d.replace(boxes=("basis_nta", "basis_order")), actor, TZ, now=NOW)
    assert desk_a.row_version == d.row_version + 1
    with pytest.raises(ConflictError):
        update_detainer(db, d.replace(boxes=("basis_warrant",)), actor, TZ, now=NOW)
    assert get_detainer(db, d.id).boxes == ("basis_nta", "basis_order")


@pytest.mark.parametrize("policy", ["honour_all", "dc_24h_cap"])
def test_a_notification_only_request_is_advised_as_notification_only(db, actor, case_id, policy):
    add_period(db, actor, policy, date(2010, 1, 1), None)
    case = get_case(db, case_id)
    update_case(db, case.replace(charges=(*case.charges, ROBBERY_2008)), actor, now=NOW)
    received = datetime(2016, 3, 1, 18, 0, tzinfo=UTC)
    d = new(
        db,
        actor,
        case_id,
        now=received,
        form_code="i247n",
        received_at=received,
        requests_hold=False,
        requests_notification=True,
    )
    assert d.recommendation is Recommendation.NOTIFICATION_ONLY
    assert (d.hold_rule, d.hold_expires_at) == ("not_permitted", None)
    assert "does not authorise any detention" in d.recommendation_reasons


def test_reopening_a_lifted_detainer_clears_ices_lift(db, actor, case_id):
    lifted = move(
        db, actor, new(db, actor, case_id), DetainerStatus.LIFTED, lift_reason="duplicate"
    )
    reopened = move(db, actor, lifted, DetainerStatus.UNDER_REVIEW, note="ICE lifted in error")
    assert (reopened.lift_reason, reopened.lifted_at) == (None, None)


def test_an_i247n_with_a_hold_ticked_is_warned_about(db, actor, case_id):
    d = dataclasses.replace(new(db, actor, case_id), form_code="i247n", requests_hold=True)
    assert any("does not ask for detention" in w for w in assess(db, d, TZ).warnings)
