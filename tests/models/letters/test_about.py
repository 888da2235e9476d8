"""What a letter is about, as typed on the command line and stored with each document."""

from datetime import date

import pytest

from models.errors import ValidationError
from models.letters.about import About, parse_about


@pytest.mark.parametrize(
    ("text", "about", "label"),
    [
        ("case:12", About("case", 12), "Case 12"),
        ("detainer:12", About("detainer", 12), "Detainer 12"),
        ("correspondence:7", About("correspondence", 7), "Letter 7"),
        ("optout:3", About("optout", 3), "Opt-out request 3"),
        (
            "period:2026-10-01..2026-10-31",
            About("period", start=date(2026, 10, 1), end=date(2026, 10, 31)),
            "Period 2026-10-01 to 2026-10-31",
        ),
        (
            "period:2026-11-16..2026-11-16",
            About("period", start=date(2026, 11, 16), end=date(2026, 11, 16)),
            "Period 2026-11-16 to 2026-11-16",
        ),
    ],
)
def test_each_kind_is_read_labelled_and_written_back(text, about, label):
    parsed = parse_about(text)
    assert parsed == about
    assert parsed.label == label
    assert parsed.to_text() == text
    assert parse_about(parsed.to_text()) == parsed


def test_a_month_is_the_whole_month_leap_years_included():
    assert parse_about("period:2026-10") == About(
        "period", start=date(2026, 10, 1), end=date(2026, 10, 31)
    )
    february = parse_about("period:2028-02")
    assert (february.start, february.end) == (date(2028, 2, 1), date(2028, 2, 29))
    assert february.to_text() == "period:2028-02-01..2028-02-29"


def test_the_kind_may_be_capitalised_and_spaced():
    assert parse_about("  Detainer : 12 ") == About("detainer", 12)
    assert parse_about("PERIOD: 2026-10-01 .. 2026-10-31").end == date(2026, 10, 31)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Say what the letter is about"),
        ("   ", "Say what the letter is about"),
        ("dossier:3", "“dossier:3” is not something a letter can be about"),
        ("detainer", "is not something a letter can be about"),
        ("12", "is not something a letter can be about"),
        ("detainer:abc", "give the detainer's number, for example detainer:12"),
        ("detainer:", "give the detainer's number"),
        ("case:-4", "give the case's number"),
        ("case:0", "give the case's number"),
        ("optout:1.5", "give the opt-out request's number"),
        ("correspondence:１２", "give the letter's number"),  # full-width digits
        ("period:2026-10-31..2026-10-01", "the period ends (2026-10-01) before it starts"),
        ("period:2026-02-30..2026-03-01", "2026-02-30 is not a real calendar day"),
        ("period:2026-13", "2026-13 is not a month"),
        ("period:10/01/2026..10/31/2026", "“10/01/2026” is not a day; write days as YYYY-MM-DD"),
        ("period:yesterday", "write a period as period:FROM..TO"),
        ("period:2026-10-01..", "“” is not a day"),
    ],
)
def test_anything_else_is_refused_on_the_for_field_saying_what_to_type(text, words):
    with pytest.raises(ValidationError) as caught:
        parse_about(text)
    messages = caught.value.for_field("for")
    assert len(messages) == 1 and words in messages[0], messages


def test_the_refusal_shows_what_can_be_typed():
    with pytest.raises(ValidationError) as caught:
        parse_about("booking:3")
    assert "case:ID, detainer:ID, correspondence:ID, optout:ID or period:FROM..TO" in str(
        caught.value
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "booking", "record_id": 1},
        {"kind": "case"},
        {"kind": "case", "record_id": 1, "start": date(2026, 1, 1)},
        {"kind": "period", "start": date(2026, 1, 1)},
        {"kind": "period", "start": date(2026, 2, 1), "end": date(2026, 1, 1)},
        {"kind": "period", "record_id": 3, "start": date(2026, 1, 1), "end": date(2026, 1, 2)},
    ],
)
def test_a_subject_built_in_code_must_be_whole(kwargs):
    with pytest.raises(ValueError):
        About(**kwargs)


def test_about_is_frozen_and_hashable():
    about = About("detainer", 12)
    with pytest.raises(AttributeError):
        about.record_id = 13
    assert {about, About("detainer", 12)} == {about}
