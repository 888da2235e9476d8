"""A-number normalisation, sort names and the rules a case must meet (models.validation)."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from models.errors import ValidationError
from models.lookups import load_vocabularies
from models.records import Charge, CustodyStatus, FingerprintMatch
from models.validation import clean_case, normalise_a_number, sort_name_for

NOW = datetime(2012, 1, 1, 12, 0, tzinfo=UTC)
BOOKED = datetime(2010, 10, 15, 17, 30, tzinfo=UTC)  # the booking time in conftest.make_case


@pytest.fixture
def vocab(db):
    return load_vocabularies(db)


@pytest.mark.parametrize("typed, stored", [
    ("A12345678", "A012345678"),        # eight digits: the same number with a leading zero
    ("a-123 456 789", "A123456789"),
    ("12345678", "A012345678"),
    ("012-345-678", "A012345678"),
    ("  A 0123.45678 ", "A012345678"),
    ("A123456789", "A123456789"),
])
def test_a_number_is_normalised_to_a_and_nine_digits(typed, stored):
    assert normalise_a_number(typed) == stored


@pytest.mark.parametrize(
    "typed", ["A1234567", "A1234567890", "B12345678", "A12345X78", "AA12345678"])
def test_malformed_a_number_is_refused_with_an_example(typed):
    with pytest.raises(ValueError) as info:
        normalise_a_number(typed)
    assert "is not an A-number" in str(info.value)
    assert "A012345678" in str(info.value)


@pytest.mark.parametrize("typed", [None, "", "   ", " - "])
def test_empty_a_number_is_no_a_number(typed):
    assert normalise_a_number(typed) is None


def test_a_number_with_full_width_digits_is_refused():
    with pytest.raises(ValueError):
        normalise_a_number("A１２３４５６７８")


def test_sort_name_folds_case_accents_and_apostrophes():
    assert sort_name_for("Núñez", "María José") == "nunez maria jose"
    assert sort_name_for("Núñez", None) == sort_name_for("NUNEZ", "") == "nunez"
    assert sort_name_for("O'Neil", None) == sort_name_for("O’Neil", None) == "oneil"
    assert sort_name_for("Müller", "Jürgen") == "muller jurgen"
    assert sort_name_for("García-López", "Ana") == "garcia-lopez ana"
    assert sort_name_for("Şahin", None) == "sahin"
    names = [("Nunez", "Zoë"), ("Núñez", "Ana"), ("Oneil", None), ("O'Neil", "Ana")]
    assert sorted(sort_name_for(f, g) for f, g in names) == [
        "nunez ana", "nunez zoe", "oneil", "oneil ana"]


def _with(case, **parts):
    """Replace fields of the person/booking of ``case``; keys are 'person__x' or 'booking__x'."""
    person, booking = {}, {}
    for key, value in parts.items():
        part, name = key.split("__")
        (person if part == "person" else booking)[name] = value
    return case.replace(person=dataclasses.replace(case.person, **person),
                        booking=dataclasses.replace(case.booking, **booking))


def _fields(exc_info):
    return {e.field for e in exc_info.value.errors}


def test_a_valid_case_is_normalised(case_factory, vocab):
    case = case_factory()
    case = _with(case, person__family_name="  Núñez ", person__aliases=(" Flaca", "Flaca", " "),
                 booking__agency_ori="ca0990000", booking__notes="   ")
    clean = clean_case(case, vocab, NOW)
    assert clean.person.family_name == "Núñez"
    assert clean.person.a_number == "A012345678"
    assert clean.person.aliases == ("Flaca",)
    assert clean.booking.agency_ori == "CA0990000"
    assert clean.booking.notes is None


def _charge(**kw):
    return Charge(id=None, description=kw.pop("description", "Burglary"), **kw)


def _match(**kw):
    return FingerprintMatch(id=None, program_era="sc_2008", response_type="ident_match", **kw)


CASES_WITH_ONE_PROBLEM = {
    # 01/02/2012 is the day after NOW
    "dob_in_future": (dict(person__date_of_birth=date(2012, 1, 2)), "person.date_of_birth",
                      "in the future"),
    "dob_before_1900": (dict(person__date_of_birth=date(1899, 12, 31)), "person.date_of_birth",
                        "before 1900"),
    "released_before_booked": (dict(booking__released_at=BOOKED - timedelta(minutes=1),
                                    booking__custody_status=CustodyStatus.RELEASED),
                               "booking.released_at", "before the booking time"),
    "eligible_before_booked": (dict(booking__release_eligible_at=BOOKED - timedelta(days=1)),
                               "booking.release_eligible_at", "before the booking time"),
    "released_but_in_custody": (dict(booking__released_at=BOOKED + timedelta(days=2)),
                                "booking.custody_status", "In custody"),
    "bad_ori": (dict(booking__agency_ori="CA099"), "booking.agency_ori", "is not an ORI"),
    "no_family_name": (dict(person__family_name="   "), "person.family_name", "required"),
    "no_booking_number": (dict(booking__booking_number=""), "booking.booking_number",
                          "required"),
    "no_facility": (dict(booking__facility=" "), "booking.facility", "required"),
    "bad_a_number": (dict(person__a_number="A1234567"), "person.a_number", "not an A-number"),
}


@pytest.mark.parametrize("name", list(CASES_WITH_ONE_PROBLEM))
def test_each_rule_names_its_field(name, case_factory, vocab):
    parts, field, words = CASES_WITH_ONE_PROBLEM[name]
    with pytest.raises(ValidationError) as info:
        clean_case(_with(case_factory(), **parts), vocab, NOW)
    assert _fields(info) == {field}
    assert any(words in m for m in info.value.for_field(field))


def test_earliest_birth_date_is_accepted(case_factory, vocab):
    case = _with(case_factory(), person__date_of_birth=date(1900, 1, 1))
    assert clean_case(case, vocab, NOW).person.date_of_birth == date(1900, 1, 1)


def test_release_at_booking_time_is_accepted(case_factory, vocab):
    case = _with(case_factory(), booking__released_at=BOOKED, booking__release_eligible_at=BOOKED,
                 booking__custody_status=CustodyStatus.RELEASED)
    assert clean_case(case, vocab, NOW).booking.released_at == BOOKED


CHILD_PROBLEMS = {
    "charge_without_description": (dict(charges=(_charge(), _charge(description="  "))),
                                   "charges[1].description", "description is required"),
    "level_without_scheme": (dict(matches=(_match(offense_level="2"),)),
                             "matches[0].offense_level", "needs its scheme"),
    "scheme_without_level": (dict(matches=(_match(offense_level_scheme="threat_level"),)),
                             "matches[0].offense_level", "needs its scheme"),
    "level_not_in_scheme": (dict(matches=(_match(offense_level_scheme="threat_level",
                                                 offense_level="4"),)),
                            "matches[0].offense_level", "does not exist in that scheme"),
    "responded_before_queried": (
        dict(matches=(_match(queried_at=BOOKED + timedelta(hours=1),
                             responded_at=BOOKED + timedelta(minutes=59)),)),
        "matches[0].responded_at", "before the query"),
    "unknown_charge_class": (dict(charges=(_charge(charge_class="treason"),)),
                             "charges[0].charge_class", "unknown class"),
}


@pytest.mark.parametrize("name", list(CHILD_PROBLEMS))
def test_each_charge_and_match_rule_names_its_field(name, case_factory, vocab):
    overrides, field, words = CHILD_PROBLEMS[name]
    with pytest.raises(ValidationError) as info:
        clean_case(case_factory(**overrides), vocab, NOW)
    assert _fields(info) == {field}
    assert any(words in m for m in info.value.for_field(field))


def test_one_validation_error_lists_every_problem_with_its_field(case_factory, vocab):
    case = _with(
        case_factory(charges=(_charge(description=""),),
                     matches=(_match(offense_level="1"),
                              _match(queried_at=BOOKED, responded_at=BOOKED - timedelta(1)))),
        person__family_name="", person__a_number="B12345678",
        person__date_of_birth=date(1850, 1, 1), booking__booking_number="",
        booking__agency_ori="XX", booking__released_at=BOOKED + timedelta(hours=3),
    )
    with pytest.raises(ValidationError) as info:
        clean_case(case, vocab, NOW)
    assert _fields(info) == {
        "person.family_name", "person.a_number", "person.date_of_birth",
        "booking.booking_number", "booking.agency_ori", "booking.custody_status",
        "charges[0].description", "matches[0].offense_level", "matches[1].responded_at",
    }
    assert len(info.value.errors) == 9
    assert str(info.value) == "; ".join(e.message for e in info.value.errors)


def test_a_facility_typed_in_other_capitals_is_the_known_one():
    from models.validation import known_spelling

    known = ("Alder County Main Jail", "Ridgeview Correctional Center")
    assert known_spelling("alder  county MAIN jail", known) == "Alder County Main Jail"
    assert known_spelling("Alder", known) == "Alder"
