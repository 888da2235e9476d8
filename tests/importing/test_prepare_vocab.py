"""Preparing rows: vocabularies checked against the lookup tables, identifiers, notes, keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models.importing.mapping import Mapping
from models.importing.prepare import RowProblem, content_digest, load_context
from models.importing.prepare_rows import NO_FACILITY
from tests.importing.prepare_helpers import NOW, cases, run

ORI = "CA0990000"
BASE = {
    "booking.booking_number": "Booking",
    "person.family_name": "Name",
    "booking.booked_at": "Booked",
}
FIXED = {"booking.agency_ori": "ca0990000", "booking.facility": "Main Jail"}


@pytest.fixture
def ctx(db):
    return load_context(db, now=NOW)


def prepared(ctx, fields: dict[str, str], cells: list[dict[str, str]], **mapping):
    """Items for rows given as {column: text}; the column names are the fields' columns."""
    columns = ["Booking", "Name", "Booked", *fields.values(), *mapping.get("notes_from", ())]
    rows = [
        [c.get("Booking", f"B-{i}"), c.get("Name", "Doe"), c.get("Booked", "4/21/2017 11:43")]
        + [c.get(col, "") for col in columns[3:]]
        for i, c in enumerate(cells, start=1)
    ]
    constants = {**FIXED, **mapping.pop("constants", {})}
    m = Mapping({**BASE, **fields}, constants, **mapping)
    return run(ctx, rows, mapping=m, columns=columns)


MATCH = {
    "match.response_type": "Response",
    "match.offense_level_scheme": "Scheme",
    "match.offense_level": "Level",
    "match.criminality_code": "Criminality",
    "match.queried_at": "Queried",
}


def test_a_match_with_words_for_its_codes_and_the_era_from_the_query_date(ctx):
    (case,) = prepared(
        ctx,
        MATCH,
        [{"Response": "IDENT", "Scheme": "threat level", "Level": "L2",
          "Criminality": "1 Convicted Criminal", "Queried": "3/1/2015 10:00"}],
    )  # fmt: skip
    assert case.agency_ori == ORI
    # 10:00 on 1 Mar 2015 in Los Angeles is standard time, UTC-8; PEP ran Nov 2014 – Jan 2017.
    assert case.match == {
        "response_type": "ident_match",
        "offense_level_scheme": "threat_level",
        "offense_level": "2",
        "criminality_code": "1",
        "queried_at": "2015-03-01T18:00:00+00:00",
        "program_era": "pep",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [("IDENT", "ident_match"), ("match", "ident_match"), ("IDENT match (IDR)", "ident_match"),
     ("IDR+IAR", "ident_match_iar"), ("no match", "no_match"), ("No Hit", "no_match"),
     ("error", "error"), ("ident_match_iar", "ident_match_iar")],
)  # fmt: skip
def test_response_words_become_codes(ctx, text, code):
    (case,) = prepared(ctx, MATCH, [{"Response": text}])
    assert case.match["response_type"] == code


@pytest.mark.parametrize(
    ("booked", "era"),
    [("10/27/2008", "sc_2008"), ("11/19/2014 23:59", "sc_2008"), ("11/20/2014", "pep"),
     ("1/25/2017", "sc_2017"), ("4/21/2017", "sc_2017")],
)  # fmt: skip
def test_without_a_query_date_the_era_follows_from_the_booking_day(ctx, booked, era):
    (case,) = prepared(ctx, {"match.response_type": "Response"}, [{"Response": "IDR",
                                                                   "Booked": booked}])  # fmt: skip
    assert case.match == {"response_type": "ident_match", "program_era": era}


def test_match_problems_are_said_in_words(ctx):
    items = prepared(
        ctx,
        MATCH,
        [
            {"Level": "2", "Response": "IDR"},
            {"Scheme": "sc_crime_type", "Level": "4", "Response": "IDR"},
            {"Scheme": "crime type", "Response": "IDR"},
            {"Criminality": "1"},
            {"Response": "maybe"},
            {"Response": "IDR", "Booked": "3/1/2007"},
        ],
    )
    assert items == [
        RowProblem(2, "Level", "2", "an offense level needs its scheme (levels of different "
                   "schemes mean different things)"),
        RowProblem(3, "Level", "4", "there is no level 4 in the scheme sc_crime_type"),
        RowProblem(4, "Scheme", "sc_crime_type", "an offense level scheme without an offense "
                   "level"),
        RowProblem(5, "Response", "", "a fingerprint match needs its response (IDENT match, no "
                   "match…)"),
        RowProblem(6, "Response", "maybe", "not a fingerprint response this office knows"),
        RowProblem(7, None, "", "no program era covers that date; give the era"),
    ]  # fmt: skip


def test_a_row_without_any_match_value_has_no_match(ctx):
    (case,) = prepared(ctx, MATCH, [{}])
    assert case.match is None


DETAINER = {"detainer.form": "Detainer Type", "detainer.received_at": "Detainer Date",
            "detainer.event_number": "Event"}  # fmt: skip


def test_a_detainer_by_its_form_label_with_the_time_received(ctx):
    (case,) = prepared(
        ctx, DETAINER, [{"Detainer Type": "I-247A", "Detainer Date": "4/21/2017 15:00",
                         "Event": "SEA1704000123"}]
    )  # fmt: skip
    assert case.detainer == {
        "form_code": "i247a",
        "received_at": datetime(2017, 4, 21, 22, 0, tzinfo=UTC),
        "event_number": "SEA1704000123",
    }


def test_detainer_problems_are_said_in_words(ctx):
    items = prepared(
        ctx, DETAINER, [{"Detainer Type": "I-247"}, {"Detainer Type": "I-999", "Detainer Date":
                                                     "4/21/2017"}, {"Event": "X1"}]
    )  # fmt: skip
    assert items == [
        RowProblem(2, "Detainer Type", "I-247", "not a detainer form this office knows (I-247D, "
                   "I-247N, I-247X, I-247A…)"),
        RowProblem(2, "Detainer Date", "", "a detainer needs its date received"),
        RowProblem(3, "Detainer Type", "I-999", "not a detainer form this office knows (I-247D, "
                   "I-247N, I-247X, I-247A…)"),
        RowProblem(4, "Detainer Type", "", "a detainer needs its form"),
        RowProblem(4, "Detainer Date", "", "a detainer needs its date received"),
    ]  # fmt: skip


def test_identifiers_and_countries_are_normalised(ctx):
    fields = {"person.a_number": "A#", "person.country_of_birth": "Born",
              "person.citizenship": "Citizen", "person.fbi_number": "FBI"}  # fmt: skip
    (one, two) = prepared(
        ctx,
        fields,
        [{"A#": "a-123 456 789", "Born": "EL SALVADOR", "Citizen": "BOSNIA AND HERZEGOVINA",
          "FBI": "123456AB7"},
         {"A#": "12345678", "Born": "Mexico", "Citizen": "UNITED STATES OF AMERICA"}],
    )  # fmt: skip
    assert {k: one.person[k] for k in ("a_number", "country_of_birth", "citizenship_claimed",
                                       "fbi_number")} == {
        "a_number": "A123456789", "country_of_birth": "El Salvador",
        "citizenship_claimed": "Bosnia and Herzegovina", "fbi_number": "123456AB7",
    }  # fmt: skip
    assert (two.person["a_number"], two.person["country_of_birth"]) == ("A012345678", "Mexico")
    assert two.person["citizenship_claimed"] == "United States of America"
    assert two.person["fbi_number"] is None


def test_a_bad_a_number_is_a_problem(ctx):
    items = prepared(ctx, {"person.a_number": "A#"}, [{"A#": "12345"}])
    assert items == [RowProblem(2, "A#", "12345", "“12345” is not an A-number: it is the letter "
                                "A and 8 or 9 digits, for example A012345678")]  # fmt: skip


def test_notes_from_columns_are_lines_of_the_booking_notes_without_empty_cells(ctx):
    fields = {"booking.notes": "Remarks"}
    (case,) = prepared(
        ctx, fields, [{"Remarks": "Keep apart", "Operation": "", "Method": "CAP Local"}],
        notes_from=("Operation", "Method"),
    )  # fmt: skip
    assert case.booking["notes"] == "Keep apart\nMethod: CAP Local"


def test_an_empty_facility_is_recorded_as_not_given(ctx):
    (case,) = prepared(ctx, {"booking.facility": "Jail"}, [{"Jail": ""}])
    assert case.booking["facility"] == NO_FACILITY == "(not given)"


def test_rows_keyed_by_content_are_numbered_when_identical_and_stable_between_runs(ctx):
    cells = [{"Booking": ""}, {"Booking": "", "Name": "Roe"}, {"Booking": ""}, {"Booking": ""}]
    first = prepared(ctx, {}, cells, key_fallback="row_content")
    again = prepared(ctx, {}, cells, key_fallback="row_content")
    numbers = [c.booking_number for c in cases(first)]
    assert numbers == [c.booking_number for c in cases(again)]
    base = numbers[0]
    assert base.startswith("ROW-") and len(base) == 20 and int(base[4:], 16) >= 0
    assert numbers[1:] == [numbers[1], f"{base}-2", f"{base}-3"] and numbers[1] != base
    assert [c.content_hash for c in cases(first)] == [c.content_hash for c in cases(again)]


def test_the_content_hash_does_not_depend_on_the_order_of_the_mapping(ctx):
    cells = [{"Response": "IDR", "Level": "1", "Scheme": "threat_level"}]
    one = prepared(ctx, MATCH, cells)[0]
    reordered = dict(reversed(list(MATCH.items())))
    two = prepared(ctx, reordered, cells)[0]
    assert one.content_hash == two.content_hash
    other = prepared(ctx, MATCH, [{**cells[0], "Level": "2"}])[0]
    assert other.content_hash != one.content_hash


def test_the_content_hash_is_over_values_not_the_order_of_the_dicts():
    person = {"family_name": "Doe", "given_names": None, "sort_name": "doe"}
    booking = {"facility": "Main Jail", "booked_at": "2017-04-21T18:43:00+00:00"}
    charge = {"seq": 1, "description": "BURGLARY"}
    received = datetime(2017, 4, 21, 22, 0, tzinfo=UTC)
    detainer = {"form_code": "i247a", "received_at": received}
    args = ("CA0990000", "B-1", person, booking, [charge], None, detainer, {}, ())
    reordered = (
        "CA0990000", "B-1", dict(reversed(person.items())), dict(reversed(booking.items())),
        [dict(reversed(charge.items()))], None, dict(reversed(detainer.items())), {}, (),
    )  # fmt: skip
    assert content_digest(*args) == content_digest(*reordered)
    changed = {**booking, "facility": "Annex"}
    assert content_digest(*args) != content_digest(*args[:3], changed, *args[4:])


@pytest.mark.parametrize(
    "text",
    ["4/21/2017 11:43 AM", "4/21/2017 12:05 am", "4/21/2017 12:05 PM", "4/21/2017 23:59:59",
     "2017-04-21 11:43:00", "03/12/17 2:30", "11/5/2017 1:30", "11/5/2017 1:30 PM",
     "1/25/2017 0:00"],
)  # fmt: skip
def test_the_quick_reading_of_date_and_clock_is_the_cell_readers_own(text):
    from datetime import date
    from zoneinfo import ZoneInfo

    from models.importing.cells import parse_instant
    from models.importing.convert import _date_and_clock

    tz, today = ZoneInfo("America/Los_Angeles"), date(2026, 11, 25)
    quick = _date_and_clock(text, {}, tz, today)
    assert quick is not None and quick == parse_instant(text, tz, today=today)
    assert quick.tzinfo == UTC


@pytest.mark.parametrize("text", ["4/21/2017 13:00 PM", "2/30/2017 10:00", "12 MAR 2008 10:00",
                                  "4/21/2017 24:00", "2017-04-21 11:43:00Z"])  # fmt: skip
def test_anything_doubtful_is_left_to_the_cell_reader(text):
    from datetime import date
    from zoneinfo import ZoneInfo

    from models.importing.convert import _date_and_clock

    assert _date_and_clock(text, {}, ZoneInfo("America/Los_Angeles"), date(2026, 11, 25)) is None
