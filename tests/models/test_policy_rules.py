"""The pure policy evaluators (models.policy_rules): facts in, recommendation and reasons out."""

import dataclasses
from datetime import date

import pytest

from models.policy_rules import (
    ChargeFact,
    DetainerFacts,
    age_on,
    evaluate,
    param_problems,
    years_before,
)
from models.records import CountyPolicy, Recommendation

MAY, DECLINE, NOTIFY = (
    Recommendation.MAY_HONOUR,
    Recommendation.MUST_DECLINE,
    Recommendation.NOTIFICATION_ONLY,
)
RECEIVED = date(2015, 3, 4)
VIOLENT = (("violent_felony", "Cal. Penal Code 667.5(c)(9)"),)


def policy(kind, hold_rule=None, **params):
    defaults = {
        "honour_all": {},
        "ca_trust_act": {"felony_years": 15, "wobbler_years": 5},
        "ca_sb54": {"felony_years": 15, "wobbler_years": 5},
        "santa_clara_3_54": {"window_years": 10, "reimbursement_agreement": True},
        "dc_24h_cap": {"window_years": 10, "min_age": 18},
    }
    return CountyPolicy(
        code=kind,
        label=f"Label of {kind}",
        kind=kind,
        hold_rule=hold_rule,
        params={**defaults.get(kind, {}), **params},
        effective_date=None,
        source=f"Source of {kind}",
    )


def charge(
    statute="PC 459",
    description="Burglary",
    charge_class="felony",
    convicted=None,
    categories=(),
    current=False,
    booking="2009-000123",
    seq=1,
):
    return ChargeFact(
        booking_number=booking,
        seq=seq,
        statute=statute,
        description=description,
        charge_class=charge_class,
        conviction_date=convicted,
        categories=categories,
        is_current_booking=current,
    )


def robbery(convicted=None, charge_class="felony", **kw):
    return charge("PC 211", "Robbery", charge_class, convicted, VIOLENT, **kw)


def facts(
    *charges,
    hold=True,
    notify=False,
    transfer=False,
    warrant="i200",
    judicial=False,
    dob=date(1984, 3, 9),
    received=RECEIVED,
):
    return DetainerFacts(
        received_on=received,
        form_code="i247d",
        form_label="I-247D",
        requests_hold=hold,
        requests_notification=notify,
        requests_transfer=transfer,
        warrant_type=warrant,
        warrant_label="Judicial warrant" if judicial else "I-200 (administrative)",
        warrant_is_judicial=judicial,
        date_of_birth=dob,
        charges=tuple(charges),
    )


def text(outcome):
    return "\n".join(outcome.reasons)


# -- shared behaviour --------------------------------------------------------------------------


def test_charge_cite_names_booking_charge_statute_class_and_date():
    c = robbery(date(2009, 3, 4), booking="2010-004512", seq=2)
    assert c.cite() == (
        "booking 2010-004512, charge 2: PC 211 Robbery (felony), convicted 03/04/2009"
    )
    assert charge(statute=None, charge_class=None).cite() == (
        "booking 2009-000123, charge 1: Burglary, not convicted"
    )


@pytest.mark.parametrize(
    "kind", ["honour_all", "ca_trust_act", "ca_sb54", "santa_clara_3_54", "dc_24h_cap"]
)
@pytest.mark.parametrize("charges", [(), (robbery(date(2012, 1, 1)),)])
def test_every_outcome_names_the_policy_and_its_source_first(kind, charges):
    outcome = evaluate(policy(kind), facts(*charges))
    assert outcome.policy_code == kind and outcome.policy_label == f"Label of {kind}"
    assert len(outcome.reasons) >= 2  # the policy line and at least one reason of substance
    assert outcome.reasons[0] == f"Policy in force: Label of {kind}. Source: Source of {kind}."
    assert all("\n" not in r for r in outcome.reasons)  # stored one reason a line


def test_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError, match="no_such_kind"):
        evaluate(policy("no_such_kind"), facts())


def test_unusable_settings_are_a_value_error_not_a_wrong_answer():
    with pytest.raises(ValueError, match="felony_years"):
        evaluate(policy("ca_trust_act", felony_years="15"), facts())


def test_param_problems_names_each_bad_setting():
    assert param_problems("dc_24h_cap", {"window_years": 10, "min_age": 18}) == []
    problems = param_problems("santa_clara_3_54", {"window_years": True, "extra": 1})
    assert problems == [
        "“extra” is not a setting of this policy.",
        "“window_years” must be a whole number from 0 to 100.",
        "“reimbursement_agreement” must be true or false.",
    ]
    assert param_problems("nope", {}) == ["There is no policy kind “nope”."]


def test_years_before_and_age_on_around_29_february():
    assert years_before(date(2015, 3, 4), 10) == date(2005, 3, 4)
    assert years_before(date(2016, 2, 29), 1) == date(2015, 3, 1)  # the window never widens
    assert age_on(date(1997, 3, 4), date(2015, 3, 3)) == 17
    assert age_on(date(1997, 3, 4), date(2015, 3, 4)) == 18
    assert age_on(date(1996, 2, 29), date(2014, 2, 28)) == 17


# -- honour_all --------------------------------------------------------------------------------


def test_honour_all_may_honour_whatever_was_asked_under_the_forms_rule():
    outcome = evaluate(policy("honour_all"), facts(hold=True, notify=True))
    assert (outcome.recommendation, outcome.hold_rule) == (MAY, None)
    assert "asks for a hold and notice of the release date" in outcome.reasons[1]
    assert "03/04/2015" in outcome.reasons[1]


# -- California TRUST Act ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charges", "expected", "why"),
    [
        ((robbery(date(1980, 1, 1)),), MAY, "a violent felony counts at any time"),
        ((charge(convicted=date(2000, 3, 4)),), MAY, "a felony exactly 15 years before counts"),
        (
            (charge(convicted=date(2000, 3, 3)),),
            DECLINE,
            "a felony 15 years and a day before does not",
        ),
        (
            (charge(charge_class="wobbler", convicted=date(2010, 3, 4)),),
            MAY,
            "wobbler on the 5 years",
        ),
        (
            (charge(charge_class="wobbler", convicted=date(2010, 3, 3)),),
            DECLINE,
            "wobbler a day early",
        ),
        ((charge(charge_class="misdemeanor", convicted=date(2014, 1, 1)),), DECLINE, "misdemeanor"),
        ((robbery(),), DECLINE, "a charge without a conviction does not count"),
        ((robbery(date(2015, 3, 5)),), DECLINE, "a conviction after receipt does not count"),
        (
            (robbery(charge_class="misdemeanor", convicted=date(2014, 1, 1)),),
            DECLINE,
            "a listed statute convicted as a misdemeanor is not a felony conviction",
        ),
        ((), DECLINE, "no charges at all"),
    ],
)
def test_trust_act_hold_needs_a_qualifying_conviction(charges, expected, why):
    outcome = evaluate(policy("ca_trust_act"), facts(*charges))
    assert outcome.recommendation is expected, why
    assert outcome.hold_rule == (None if expected is MAY else "not_permitted")


def test_trust_act_qualifying_reason_cites_booking_statute_and_source():
    outcome = evaluate(policy("ca_trust_act"), facts(robbery(date(2009, 3, 4), seq=2)))
    assert (
        "Qualifies: booking 2009-000123, charge 2: PC 211 Robbery (felony), convicted "
        "03/04/2009, a serious or violent felony (violent felony, Cal. Penal Code "
        "667.5(c)(9)), which counts at any time (Cal. Gov. Code 7282.5(a)(1))."
    ) in text(outcome)


def test_trust_act_decline_says_what_would_have_been_needed():
    outcome = evaluate(
        policy("ca_trust_act", felony_years=10), facts(charge(convicted=date(2000, 3, 3)))
    )
    assert outcome.recommendation is DECLINE
    reasons = text(outcome)
    assert "of a felony on or after 03/04/2005 (10 years)" in reasons  # the param, not 15
    assert "of a wobbler on or after 03/04/2010 (5 years)" in reasons
    assert "Not counted: booking 2009-000123, charge 1: PC 459 Burglary (felony)" in reasons


def test_trust_act_current_charge_points_the_attorney_to_a_probable_cause_finding():
    outcome = evaluate(policy("ca_trust_act"), facts(robbery(current=True, booking="2015-000777")))
    assert outcome.recommendation is DECLINE
    assert "booking 2015-000777, charge 1: PC 211 Robbery (felony), not convicted" in text(outcome)
    assert "magistrate has found probable cause" in text(outcome)


def test_trust_act_conviction_after_receipt_is_named_as_not_counted():
    outcome = evaluate(policy("ca_trust_act"), facts(robbery(date(2015, 3, 5))))
    assert (
        "Not counted: booking 2009-000123, charge 1: PC 211 Robbery (felony), convicted "
        "03/05/2015, a conviction after receipt on 03/04/2015." in text(outcome)
    )


def test_trust_act_notification_only_request():
    qualifying = facts(robbery(date(2010, 1, 1)), hold=False, notify=True)
    outcome = evaluate(policy("ca_trust_act"), qualifying)
    assert (outcome.recommendation, outcome.hold_rule) == (NOTIFY, "not_permitted")
    not_qualifying = facts(
        charge(charge_class="misdemeanor", convicted=date(2014, 1, 1)), hold=False, notify=True
    )
    assert evaluate(policy("ca_trust_act"), not_qualifying).recommendation is DECLINE


def test_trust_act_hold_and_notification_together_is_a_hold_request():
    outcome = evaluate(policy("ca_trust_act"), facts(robbery(date(2010, 1, 1)), notify=True))
    assert outcome.recommendation is MAY


# -- California Values Act (SB 54) -------------------------------------------------------------


def test_sb54_judicial_warrant_may_be_honoured_under_the_forms_rule():
    outcome = evaluate(
        policy("ca_sb54", "not_permitted"),
        facts(transfer=True, hold=False, judicial=True, warrant="judicial_warrant"),
    )
    assert (outcome.recommendation, outcome.hold_rule) == (MAY, None)
    assert "Judicial warrant" in text(outcome) and "7284.6(a)(4)" in text(outcome)


@pytest.mark.parametrize(("hold", "notify"), [(True, False), (False, True), (True, True)])
def test_sb54_qualifying_person_on_administrative_request_gets_notification_only(hold, notify):
    outcome = evaluate(
        policy("ca_sb54", "not_permitted"),
        facts(robbery(date(2010, 1, 1)), hold=hold, notify=notify),
    )
    assert (outcome.recommendation, outcome.hold_rule) == (NOTIFY, "not_permitted")
    assert "7284.6(a)(1)(B)" in text(outcome) and "booking 2009-000123" in text(outcome)


def test_sb54_not_qualifying_must_decline_and_says_what_was_needed():
    outcome = evaluate(
        policy("ca_sb54", "not_permitted"),
        facts(charge(charge_class="wobbler", convicted=date(2009, 1, 1))),
    )
    assert (outcome.recommendation, outcome.hold_rule) == (DECLINE, "not_permitted")
    assert "judicial warrant or judicial probable-cause determination" in text(outcome)
    assert "of a wobbler on or after 03/04/2010" in text(outcome)


def test_sb54_transfer_only_without_judicial_warrant_is_declined():
    outcome = evaluate(
        policy("ca_sb54", "not_permitted"),
        facts(robbery(date(2010, 1, 1)), hold=False, transfer=True),
    )
    assert outcome.recommendation is DECLINE
    assert "could be given if ICE asks for it" in text(outcome)


# -- Santa Clara Board Policy 3.54 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("charges", "expected", "why"),
    [
        ((robbery(date(2005, 3, 4)),), MAY, "exactly 10 years before receipt"),
        ((robbery(date(2005, 3, 3)),), DECLINE, "10 years and one day before"),
        ((robbery(date(1990, 1, 1), current=True),), MAY, "in custody on a current conviction"),
        ((robbery(date(2015, 3, 5), current=True),), DECLINE, "convicted after receipt"),
        ((charge(convicted=date(2014, 1, 1)),), DECLINE, "a felony that is not serious or violent"),
        ((robbery(current=True),), DECLINE, "a current charge without a conviction"),
    ],
)
def test_santa_clara_needs_a_serious_or_violent_conviction_in_the_window(charges, expected, why):
    outcome = evaluate(policy("santa_clara_3_54"), facts(*charges))
    assert outcome.recommendation is expected, why


def test_santa_clara_without_reimbursement_agreement_declines_and_names_it():
    outcome = evaluate(
        policy("santa_clara_3_54", reimbursement_agreement=False), facts(robbery(date(2012, 1, 1)))
    )
    assert (outcome.recommendation, outcome.hold_rule) == (DECLINE, "not_permitted")
    missing = [r for r in outcome.reasons if r.startswith("Missing:")]
    assert len(missing) == 1 and "reimburses all costs" in missing[0]


def test_santa_clara_names_both_missing_conditions():
    outcome = evaluate(
        policy("santa_clara_3_54", reimbursement_agreement=False, window_years=7),
        facts(robbery(date(2005, 3, 4))),
    )
    missing = [r for r in outcome.reasons if r.startswith("Missing:")]
    assert len(missing) == 2
    assert "dated from 03/04/2008 to 03/04/2015 (within 7 years before receipt)" in missing[1]


def test_santa_clara_honour_cites_the_conviction_relied_on():
    outcome = evaluate(policy("santa_clara_3_54"), facts(robbery(date(2012, 1, 1))))
    assert (outcome.recommendation, outcome.hold_rule) == (MAY, None)
    assert "booking 2009-000123, charge 1: PC 211 Robbery" in text(outcome)


# -- District of Columbia 24-hour cap ----------------------------------------------------------


def test_dc_honours_an_adult_with_a_recent_violent_conviction_under_the_24h_cap():
    outcome = evaluate(policy("dc_24h_cap", "24h_local_cap"), facts(robbery(date(2005, 3, 4))))
    assert (outcome.recommendation, outcome.hold_rule) == (MAY, "24h_local_cap")
    assert "The person was 30 on receipt (at least 18)." in outcome.reasons


def test_dc_window_one_day_too_old_declines():
    outcome = evaluate(policy("dc_24h_cap", "24h_local_cap"), facts(robbery(date(2005, 3, 3))))
    assert (outcome.recommendation, outcome.hold_rule) == (DECLINE, "not_permitted")


def test_dc_unknown_date_of_birth_is_not_proof_of_age():
    outcome = evaluate(
        policy("dc_24h_cap", "24h_local_cap"), facts(robbery(date(2012, 1, 1)), dob=None)
    )
    assert outcome.recommendation is DECLINE
    assert "date of birth is not recorded" in text(outcome)


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(1997, 3, 4), MAY),  # 18 on the day of receipt
        (date(1997, 3, 5), DECLINE),  # 18 the day after
    ],
)
def test_dc_minimum_age_on_the_day_of_receipt(dob, expected):
    outcome = evaluate(
        policy("dc_24h_cap", "24h_local_cap"), facts(robbery(date(2014, 1, 1)), dob=dob)
    )
    assert outcome.recommendation is expected


def test_dc_ignores_a_current_conviction_outside_the_window():
    # Unlike Santa Clara's policy, the DC act names no "currently in custody" exception.
    outcome = evaluate(
        policy("dc_24h_cap", "24h_local_cap"), facts(robbery(date(1990, 1, 1), current=True))
    )
    assert outcome.recommendation is DECLINE
    assert "Missing: a serious or violent felony conviction" in text(outcome)


def test_dc_reads_its_window_from_the_params():
    f = facts(robbery(date(2009, 3, 4)))
    assert evaluate(policy("dc_24h_cap", window_years=6), f).recommendation is MAY
    assert evaluate(policy("dc_24h_cap", window_years=5), f).recommendation is DECLINE


def test_facts_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts().received_on = RECEIVED
