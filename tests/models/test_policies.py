"""County policies in the database (models.policies): periods, settings, facts, recommendations."""

import dataclasses
import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.audit import verify_chain
from models.cases import create_case
from models.errors import DeskError, NotFoundError, ValidationError
from models.policies import (
    add_period,
    gather_facts,
    get_policy,
    list_periods,
    list_policies,
    normalise_statute,
    policy_in_force,
    recommend,
    remove_period,
    serious_violent_categories,
    set_policy_params,
)
from models.records import Booking, Charge, Detainer, Recommendation, StaffRole
from models.staff import find_by_login, update_staff
from tests.models.audit_helpers import audit_rows

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def clerk(db, actor):
    update_staff(db, actor, "jdoe", full_name="Jane Doe", role=StaffRole.CLERK)
    return find_by_login(db, "jdoe")


def detainer(booking_id, received_at=datetime(2015, 3, 4, 18, 0, tzinfo=UTC), **kw):
    values = {
        "form_code": "i247d",
        "received_via": "fax",
        "warrant_type": "i200",
        "requests_hold": True,
        **kw,
    }
    return Detainer(id=None, booking_id=booking_id, received_at=received_at, **values)


@pytest.fixture
def two_bookings(db, actor, case_factory):
    """One person: a 2009 booking with a robbery conviction, and the current 2015 booking."""
    first = create_case(
        db,
        case_factory(
            booking=dataclasses.replace(
                case_factory().booking,
                booking_number="2009-000123",
                booked_at=datetime(2009, 1, 10, 8, 0, tzinfo=UTC),
            ),
            charges=(
                Charge(
                    id=None,
                    description="Robbery",
                    statute="Penal Code 211(a)",
                    charge_class="felony",
                    conviction_date=date(2009, 6, 1),
                ),
            ),
        ),
        actor,
    )
    current = Booking(
        id=None,
        booking_number="2015-000777",
        agency_ori="CA0990000",
        facility="Alder County Main Jail",
        booked_at=datetime(2015, 3, 1, 9, 0, tzinfo=UTC),
    )
    second = create_case(
        db,
        case_factory(
            person=first.person,
            booking=current,
            charges=(
                Charge(id=None, description="Burglary", statute="PC 459", charge_class="felony"),
                Charge(
                    id=None, description="Criminal threats", statute="pc422", charge_class="wobbler"
                ),
            ),
        ),
        actor,
    )
    return first, second


# -- reading -----------------------------------------------------------------------------------


def test_seeded_policies_are_listed_with_their_params(db):
    codes = [p.code for p in list_policies(db)]
    assert codes == ["honour_all", "ca_trust_act", "ca_sb54", "santa_clara_3_54", "dc_24h_cap"]
    trust = get_policy(db, "ca_trust_act")
    assert trust.params == {"felony_years": 15, "wobbler_years": 5}
    assert trust.effective_date == date(2014, 1, 1)
    assert get_policy(db, "dc_24h_cap").hold_rule == "24h_local_cap"


def test_unknown_policy_is_not_found(db):
    with pytest.raises(NotFoundError, match="no_such"):
        get_policy(db, "no_such")


def test_policy_in_force_changes_on_the_first_day_of_the_new_period(db, actor):
    add_period(db, actor, "ca_trust_act", date(2014, 1, 1), "AB 4 takes effect")
    assert policy_in_force(db, date(2013, 12, 31)).code == "honour_all"
    assert policy_in_force(db, date(2014, 1, 1)).code == "ca_trust_act"
    assert policy_in_force(db, date(2020, 6, 1)).code == "ca_trust_act"


def test_policy_in_force_before_every_period_is_honour_all(db, actor):
    add_period(db, actor, "ca_sb54", date(2018, 1, 1), None)
    remove_period(db, actor, list_periods(db)[0].id)  # the seeded 1900 period
    assert policy_in_force(db, date(2017, 12, 31)).code == "honour_all"
    assert policy_in_force(db, date(2018, 1, 1)).code == "ca_sb54"


# -- changing the history ----------------------------------------------------------------------


def test_add_period_is_audited_and_listed_in_date_order(db, actor):
    period = add_period(db, actor, "ca_sb54", date(2018, 1, 1), "  SB 54  ")
    add_period(db, actor, "ca_trust_act", date(2014, 1, 1), None)
    assert [(p.policy_code, p.in_force_from) for p in list_periods(db)] == [
        ("honour_all", date(1900, 1, 1)),
        ("ca_trust_act", date(2014, 1, 1)),
        ("ca_sb54", date(2018, 1, 1)),
    ]
    assert period.notes == "SB 54"
    assert ("create", period.id, "policy_code", None, "ca_sb54") in audit_rows(db, "policy_periods")
    assert ("create", period.id, "in_force_from", None, "2018-01-01") in audit_rows(
        db, "policy_periods"
    )
    assert verify_chain(db).ok


def test_add_period_refuses_a_duplicate_date_and_an_unknown_policy(db, actor):
    add_period(db, actor, "ca_trust_act", date(2014, 1, 1), None)
    with pytest.raises(ValidationError) as err:
        add_period(db, actor, "ca_sb54", date(2014, 1, 1), None)
    assert "already starts on 01/01/2014" in err.value.for_field("in_force_from")[0]
    with pytest.raises(ValidationError) as err:
        add_period(db, actor, "no_such", date(2016, 1, 1), None)
    assert err.value.for_field("policy_code")
    assert len(list_periods(db)) == 2


def test_only_an_administrator_changes_periods_or_settings(db, actor, clerk):
    with pytest.raises(DeskError, match="administrator"):
        add_period(db, clerk, "ca_trust_act", date(2014, 1, 1), None)
    with pytest.raises(DeskError, match="administrator"):
        remove_period(db, clerk, list_periods(db)[0].id)
    with pytest.raises(DeskError, match="administrator"):
        set_policy_params(db, clerk, "dc_24h_cap", {"window_years": 5, "min_age": 18})
    assert len(list_periods(db)) == 1
    assert get_policy(db, "dc_24h_cap").params["window_years"] == 10


def test_remove_period_is_audited(db, actor):
    period = add_period(db, actor, "ca_trust_act", date(2014, 1, 1), "AB 4")
    remove_period(db, actor, period.id)
    assert [p.policy_code for p in list_periods(db)] == ["honour_all"]
    deleted = [r for r in audit_rows(db, "policy_periods") if r[0] == "delete"]
    assert ("delete", period.id, "policy_code", "ca_trust_act", None) in deleted
    assert ("delete", period.id, "notes", "AB 4", None) in deleted


def test_the_last_period_cannot_be_removed(db, actor):
    only = list_periods(db)[0]
    with pytest.raises(ValidationError, match="only policy period"):
        remove_period(db, actor, only.id)
    assert list_periods(db) == [only]
    with pytest.raises(NotFoundError):
        remove_period(db, actor, 9999)


def test_set_policy_params_is_audited_old_json_to_new_json(db, actor):
    policy = set_policy_params(
        db, actor, "santa_clara_3_54", {"window_years": 10, "reimbursement_agreement": True}
    )
    assert policy.params == {"window_years": 10, "reimbursement_agreement": True}
    ((action, _rowid, field, old, new),) = audit_rows(db, "county_policies")
    assert (action, field) == ("update", "params")
    assert json.loads(old) == {"window_years": 10, "reimbursement_agreement": False}
    assert json.loads(new) == {"window_years": 10, "reimbursement_agreement": True}
    set_policy_params(db, actor, "santa_clara_3_54", policy.params)  # no change: no audit row
    assert len(audit_rows(db, "county_policies")) == 1


def test_set_policy_params_refuses_settings_the_evaluator_cannot_read(db, actor):
    with pytest.raises(ValidationError) as err:
        set_policy_params(db, actor, "ca_trust_act", {"felony_years": "15"})
    assert len(err.value.errors) == 2  # felony_years not a number, wobbler_years missing
    with pytest.raises(NotFoundError):
        set_policy_params(db, actor, "no_such", {})
    assert get_policy(db, "ca_trust_act").params == {"felony_years": 15, "wobbler_years": 5}


# -- serious and violent felonies ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("pc 211", "PC 211"),
        ("Penal  Code 245 (a)(1)", "PC 245(A)(1)"),
        ("P.C. 187", "PC 187"),
        ("PC211", "PC 211"),
        ("Cal. Penal Code § 422", "PC 422"),
    ],
)
def test_normalise_statute(typed, normal):
    assert normalise_statute(typed) == normal


@pytest.mark.parametrize(
    ("statute", "expected"),
    [
        ("PC 211", {"violent_felony", "serious_felony"}),
        ("pc 211(a)", {"violent_felony", "serious_felony"}),
        ("Penal Code 245(a)(1)", {"serious_felony"}),
        ("P.C. 245 (a)(1)", {"serious_felony"}),
        ("PC 245", set()),  # which subdivision is unknown: not assumed
        ("PC 2110", set()),
        ("PC 459", set()),
        ("PC 664/187(a)", {"violent_felony"}),
        ("", set()),
        (None, set()),
    ],
)
def test_serious_violent_categories_match_after_normalising(db, statute, expected):
    found = serious_violent_categories(db, statute)
    assert {category for category, _ in found} == expected
    assert len(found) == len(set(found))


def test_serious_violent_categories_carry_their_source(db):
    assert serious_violent_categories(db, "PC 422") == (
        ("serious_felony", "Cal. Penal Code 1192.7(c)(38)"),
    )


# -- facts and recommendations -----------------------------------------------------------------


def test_gather_facts_from_two_bookings_of_one_person(db, two_bookings):
    first, second = two_bookings
    facts = gather_facts(db, detainer(second.id), LA)
    assert facts.received_on == date(2015, 3, 4)
    assert facts.form_label == "I-247D Immigration Detainer – Request for Voluntary Action"
    assert (facts.warrant_type, facts.warrant_is_judicial) == ("i200", False)
    assert facts.warrant_label.startswith("I-200")
    assert facts.date_of_birth == date(1984, 3, 9)
    assert [(c.booking_number, c.seq, c.is_current_booking) for c in facts.charges] == [
        ("2009-000123", 1, False),
        ("2015-000777", 1, True),
        ("2015-000777", 2, True),
    ]
    prior = facts.charges[0]
    assert prior.conviction_date == date(2009, 6, 1)
    assert {c for c, _ in prior.categories} == {"violent_felony", "serious_felony"}
    assert facts.charges[2].categories == (("serious_felony", "Cal. Penal Code 1192.7(c)(38)"),)


def test_received_on_is_the_county_local_date(db, two_bookings):
    _, second = two_bookings
    late_evening = datetime(2015, 3, 5, 6, 30, tzinfo=UTC)  # 22:30 on 4 March in California
    assert gather_facts(db, detainer(second.id, late_evening), LA).received_on == date(2015, 3, 4)


def test_gather_facts_for_a_missing_booking_says_so(db):
    with pytest.raises(NotFoundError, match="There is no case number 4242."):
        gather_facts(db, detainer(4242), LA)
    with pytest.raises(NotFoundError):
        recommend(db, detainer(4242), LA)


def test_recommend_uses_the_policy_in_force_on_the_day_of_receipt(db, actor, two_bookings):
    _, second = two_bookings
    add_period(db, actor, "dc_24h_cap", date(2015, 3, 5), None)
    outcome = recommend(db, detainer(second.id), LA)
    assert (outcome.policy_code, outcome.recommendation) == (
        "honour_all",
        Recommendation.MAY_HONOUR,
    )
    add_period(db, actor, "santa_clara_3_54", date(2015, 1, 1), None)
    outcome = recommend(db, detainer(second.id), LA)
    assert outcome.policy_code == "santa_clara_3_54"
    assert outcome.recommendation is Recommendation.MUST_DECLINE
    missing = [r for r in outcome.reasons if r.startswith("Missing:")]
    assert len(missing) == 1 and "reimburses all costs" in missing[0]
    assert any(r.startswith("Qualifies: booking 2009-000123") for r in outcome.reasons)


def test_recommend_end_to_end_under_the_trust_act(db, actor, two_bookings):
    _, second = two_bookings
    add_period(db, actor, "ca_trust_act", date(2014, 1, 1), None)
    outcome = recommend(db, detainer(second.id), LA)
    assert (outcome.recommendation, outcome.hold_rule) == (Recommendation.MAY_HONOUR, None)
    reasons = "\n".join(outcome.reasons)
    assert (
        "Qualifies: booking 2009-000123, charge 1: Penal Code 211(a) Robbery (felony), "
        "convicted 06/01/2009" in reasons
    )
    assert "Cal. Gov. Code 7282-7282.5 (AB 4)" in outcome.reasons[0]
    notify = recommend(
        db,
        detainer(second.id, requests_hold=False, requests_notification=True, form_code="i247n"),
        LA,
    )
    assert notify.recommendation is Recommendation.NOTIFICATION_ONLY


def test_recommend_end_to_end_under_sb54_with_a_judicial_warrant(db, actor, two_bookings):
    _, second = two_bookings
    add_period(db, actor, "ca_sb54", date(2018, 1, 1), None)
    when = datetime(2018, 5, 1, 17, 0, tzinfo=UTC)
    judicial = recommend(
        db, detainer(second.id, when, form_code="i247a", warrant_type="judicial_warrant"), LA
    )
    assert (judicial.recommendation, judicial.hold_rule) == (Recommendation.MAY_HONOUR, None)
    administrative = recommend(db, detainer(second.id, when, form_code="i247a"), LA)
    assert administrative.recommendation is Recommendation.NOTIFICATION_ONLY
    assert administrative.hold_rule == "not_permitted"
