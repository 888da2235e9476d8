"""Mappings: the JSON form (read, written, refused in words), guessing from headers, checking."""

from __future__ import annotations

import json

import pytest

from models.importing.fields import FIELDS, header_words
from models.importing.mapping import Mapping, MappingError, guess_mapping, mapping_problems
from models.importing.reader import ReadOptions
from models.importing.shipped_profiles import ICE_CAP_ARRESTS, SHIPPED_PROFILES
from tests.importing.files import ICE_COLUMNS


def test_the_shipped_ice_profile_reads_and_round_trips():
    mapping = Mapping.from_json(SHIPPED_PROFILES[0][1])
    assert mapping.columns["booking.facility"] == "Apprehension Landmark"
    assert mapping.constants["booking.agency_ori"] == "ICE-ERO-SEA"
    assert mapping.notes_from == (
        "Area of Responsibility", "Operation", "Processing Disposition", "Arrest Method",
    )  # fmt: skip
    assert mapping.key_fallback == "row_content"
    assert mapping.read == ReadOptions(delimiter="|")
    assert Mapping.from_json(mapping.to_json()) == mapping
    assert json.loads(mapping.to_json()) == ICE_CAP_ARRESTS
    assert mapping_problems(mapping, ICE_COLUMNS) == []


def test_a_full_mapping_round_trips_through_json():
    mapping = Mapping(
        columns={"person.family_name": "Apellido", "booking.booked_at": "Fecha"},
        constants={"booking.agency_ori": "CA0990000", "booking.facility": "Cárcel Núñez"},
        notes_from=("Remarks",),
        key_fallback="reject",
        read=ReadOptions(encoding="cp1252", delimiter=";", header_row=3, sheet="Hoja 1"),
    )
    text = mapping.to_json()
    assert "Cárcel Núñez" in text  # kept readable, not \u escapes
    assert Mapping.from_json(text) == mapping
    assert json.loads(text)["read"] == {
        "encoding": "cp1252", "delimiter": ";", "header_row": 3, "sheet": "Hoja 1",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "The mapping is not valid JSON (line 1, column 2)."),
        ("[1, 2]", "The mapping must be a JSON object with “version” and “columns”."),
        ('{"version": 2, "columns": {}}',
         "The mapping is version 2; this Detainer Desk reads version 1 mappings."),
        ('{"columns": {}}', "The mapping is version null; this Detainer Desk reads version 1 "
         "mappings."),
        ('{"version": 1, "colums": {}}', "The mapping has an entry this version does not know: "
         "“colums”."),
        ('{"version": 1, "columns": {"person.shoe_size": "Shoe"}}',
         "“columns” names a field this version does not know: “person.shoe_size”."),
        ('{"version": 1, "columns": {"person.sex": 3}}',
         "“columns”: the value for “person.sex” must be non-empty text."),
        ('{"version": 1, "columns": []}', "“columns” must be an object of field names and texts."),
        ('{"version": 1, "constants": {"booking.facility": ""}}',
         "“constants”: the value for “booking.facility” must be non-empty text."),
        ('{"version": 1, "notes_from": "Remarks"}', "“notes_from” must be a list of column names."),
        ('{"version": 1, "key_fallback": "guess"}',
         "“key_fallback” must be “reject” or “row_content”, not 'guess'."),
        ('{"version": 1, "read": {"encoding": "latin-9"}}',
         "“read”: the encoding 'latin-9' is not one of utf-8, utf-8-sig, cp1252."),
        ('{"version": 1, "read": {"header_row": 0}}',
         "“read”: “header_row” must be a row number, 1 or more."),
        ('{"version": 1, "read": {"header_row": true}}',
         "“read”: “header_row” must be a row number, 1 or more."),
        ('{"version": 1, "read": {"quote": "\\""}}',
         "“read” has an entry this version does not know: “quote”."),
    ],
)  # fmt: skip
def test_a_mapping_that_cannot_be_used_is_refused_in_words(text, words):
    with pytest.raises(MappingError) as caught:
        Mapping.from_json(text)
    assert str(caught.value) == words.replace("'", '"')


def test_a_bad_delimiter_is_refused_naming_the_ones_there_are():
    with pytest.raises(MappingError, match='the delimiter ":" is not one of'):
        Mapping.from_json('{"version": 1, "read": {"delimiter": ":"}}')


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Booking #", "booking.booking_number"), ("Booking No", "booking.booking_number"),
        ("BOOKING_NUMBER", "booking.booking_number"), ("booking  number", "booking.booking_number"),
        ("Last Name", "person.family_name"), ("LNAME", "person.family_name"),
        ("First Name", "person.given_names"), ("Name", "person.full_name"),
        ("DOB", "person.date_of_birth"), ("Date of Birth", "person.date_of_birth"),
        ("Sex", "person.sex"), ("Gender", "person.sex"),
        ("Booking Date", "booking.booked_at"), ("Book Date", "booking.booked_at"),
        ("Arrest Date", "booking.booked_at"), ("Release Date", "booking.released_at"),
        ("Release Disposition", "booking.release_disposition"),
        ("Release Reason", "booking.release_disposition"),
        ("Charge", "charge.description"), ("Charge Description", "charge.description"),
        ("Statute", "charge.statute"), ("Jurisdiction", "charge.jurisdiction"),
        ("Facility", "booking.facility"), ("Jail", "booking.facility"),
        ("Apprehension Landmark", "booking.facility"), ("ORI", "booking.agency_ori"),
        ("Agency", "booking.arresting_agency"), ("A-Number", "person.a_number"),
        ("Alien #", "person.a_number"), ("FBI #", "person.fbi_number"), ("SID", "person.state_id"),
        ("Country of Birth", "person.country_of_birth"),
        ("Country of Citizenship", "person.citizenship"), ("Detainer Date", "detainer.received_at"),
        ("Detainer Type", "detainer.form"), ("Event Number", "detainer.event_number"),
        ("Charge Level", "charge.charge_class"),
    ],
)  # fmt: skip
def test_common_headers_are_recognised_whatever_their_capitals_spaces_and_punctuation(header, key):
    assert guess_mapping(["Shoe Size", header]).columns == {key: header}


def test_a_field_takes_the_best_of_several_headers_and_a_column_fills_one_field():
    columns = ["Arrest Date", "Booking Date", "Name", "Last Name", "SEX", "Gender"]
    assert guess_mapping(columns) == Mapping(
        columns={
            "person.family_name": "Last Name",
            "person.full_name": "Name",
            "person.sex": "SEX",
            "booking.booked_at": "Booking Date",
        }
    )


def test_the_ice_release_headers_are_guessed():
    assert guess_mapping(ICE_COLUMNS).columns == {
        "person.date_of_birth": "Date of Birth",
        "person.sex": "Gender",
        "person.citizenship": "Country of Citizenship",
        "booking.facility": "Apprehension Landmark",
        "booking.booked_at": "Arrest Date",
        "detainer.event_number": "Event Number",
    }


def test_header_words_ignore_case_spaces_punctuation_and_number_abbreviations():
    assert {
        header_words(h) for h in ("Booking #", "BOOKING_NO", "booking nbr.", "Booking-Num")
    } == {"bookingnumber"}


def test_mapping_problems_name_what_is_missing_in_words():
    mapping = Mapping(
        columns={"person.given_names": "First", "person.eye_colour": "Eyes"},
        constants={"booking.facility": "Main Jail"},
        notes_from=("Remarks",),
    )
    assert mapping_problems(mapping, ["First", "Eyes"]) == [
        "“person.eye_colour” is not a field this version knows.",
        "Booking notes: the column “Remarks” is not in this file.",
        "Family name is needed: choose its column (or a full-name column) or give a fixed value.",
        "Booking number is needed: choose its column or give a fixed value, or key rows by their "
        "content.",
        "Agency ORI is needed: choose its column or give a fixed value.",
        "Booked at is needed: choose its column or give a fixed value.",
    ]
    keyed = Mapping(
        columns={"person.full_name": "NAME", "booking.booked_at": "Booked"},
        constants={"booking.agency_ori": "CA0990000", "booking.facility": "Main Jail"},
        key_fallback="row_content",
    )
    assert mapping_problems(keyed, ["name", "Booked"]) == []  # capitals of a column do not matter
    assert mapping_problems(keyed, ["Booked"]) == [
        "Full name (FAMILY, Given): the column “NAME” is not in this file."
    ]


def test_every_field_has_a_label_a_group_and_help():
    assert len({f.key for f in FIELDS}) == len(FIELDS)
    for field in FIELDS:
        assert field.group == field.key.split(".")[0]
        assert field.label and field.help and field.synonyms
    required = {f.key for f in FIELDS if f.required}
    assert required == {
        "person.family_name", "booking.booking_number", "booking.agency_ori", "booking.facility",
        "booking.booked_at",
    }  # fmt: skip


def test_a_name_typed_another_way_never_picks_one_of_two_renamed_apart():
    from models.importing.mapping import find_column

    columns = ("Booking #", "Date", "DATE (2)")  # the file had "Date" and "DATE"
    assert find_column(columns, "Date") == 1  # exactly as the file has it
    assert find_column(columns, "DATE (2)") == 2
    assert find_column(columns, "DATE") is None  # which of the two? not guessed
    assert find_column(columns, "booking  #") == 0  # capitals and spacing otherwise forgiven
