"""Preparing rows of a jail export: values as stored, charge rows grouped, holds, dispositions."""

from __future__ import annotations

import pytest

from models.importing.mapping import Mapping, MappingError
from models.importing.prepare import RowProblem, load_context, prepare
from tests.importing.prepare_helpers import (
    COLUMNS,
    JAIL,
    JAIL_MAPPING,
    NOW,
    ORI,
    Table,
    cases,
    only_case,
    problems,
    row,
    run,
)


@pytest.fixture
def ctx(db):
    return load_context(db, now=NOW)


def test_one_row_becomes_one_case_with_every_value_as_the_database_stores_it(ctx):
    case = only_case(ctx, [row()])
    assert case.lines == (2,)
    assert (case.agency_ori, case.booking_number) == (ORI, "2017-001")
    assert case.person == {
        "family_name": "NÚÑEZ",
        "given_names": "María",
        "sort_name": "nunez maria",  # accents and capitals folded, as the case list sorts
        "date_of_birth": "1984-03-09",
        "sex": "F",
    }
    # 11:43 AM on 21 Apr 2017 in Los Angeles is daylight time, UTC-7.
    assert case.booking == {
        "facility": JAIL,
        "booked_at": "2017-04-21T18:43:00+00:00",
        "released_at": None,
        "release_reason": None,
        "custody_status": "in_custody",
    }
    assert case.charges == [
        {"seq": 1, "statute": "PC 459", "description": "BURGLARY", "charge_class": "felony"}
    ]
    assert (case.match, case.detainer, case.holds, case.withheld) == (None, None, (), {})
    assert len(case.content_hash) == 64 and int(case.content_hash, 16) >= 0


def test_consecutive_rows_of_one_booking_are_its_charges_and_a_hold_row_is_a_hold(ctx):
    items = run(
        ctx,
        [
            row(statute="PC 459", charge="BURGLARY", klass="F"),
            row(statute="VC 23152(A)", charge="DUI ALCOHOL", klass="Misdemeanor"),
            row(statute="", charge="HOLD IMMIGRAT", jurisdiction="IMM", klass=""),
            row(number="2017-002", statute="4200", charge="ICE DETAINER", klass=""),
        ],
    )
    first, second = cases(items)
    assert problems(items) == []
    assert first.lines == (2, 3, 4)
    assert first.charges == [
        {"seq": 1, "statute": "PC 459", "description": "BURGLARY", "charge_class": "felony"},
        {"seq": 2, "statute": "VC 23152(A)", "description": "DUI ALCOHOL",
         "charge_class": "misdemeanor"},
    ]  # fmt: skip
    assert first.holds == ("HOLD IMMIGRAT (IMM)",)
    assert (second.lines, second.charges, second.holds) == ((5,), [], ("4200 ICE DETAINER",))


def test_a_hold_is_recognised_by_its_jurisdiction_alone(ctx):
    case = only_case(ctx, [row(statute="", charge="COURTESY HOLD", jurisdiction="ICE", klass="")])
    assert (case.charges, case.holds) == ([], ("COURTESY HOLD (ICE)",))


@pytest.mark.parametrize(
    ("disposition", "released", "status", "reason"),
    [
        ("Immigration", "4/22/2017 9:00", "released_to_ice", "Immigration"),
        ("RELEASED TO ICE", "4/22/2017 9:00", "released_to_ice", "RELEASED TO ICE"),
        ("Cancel Detainer", "4/22/2017 9:00", "released", "Cancel Detainer"),
        ("Bail posted", "4/22/2017 9:00", "released", "Bail posted"),
        ("Time served", "4/22/2017 9:00", "released", "Time served"),
        ("Transfer to DOC", "4/22/2017 9:00", "transferred", "Transfer to DOC"),
        ("Weekend pass", "4/22/2017 9:00", "released", "Weekend pass"),
        ("Weekend pass", "", "in_custody", "Weekend pass"),
        ("", "", "in_custody", None),
    ],
)
def test_a_release_disposition_gives_the_custody_status_and_is_kept_as_the_reason(
    ctx, disposition, released, status, reason
):
    case = only_case(ctx, [row(released=released, disposition=disposition)])
    assert case.booking["custody_status"] == status
    assert case.booking["release_reason"] == reason
    # 9:00 on 22 Apr 2017 in Los Angeles is 16:00 UTC.
    assert case.booking["released_at"] == ("2017-04-22T16:00:00+00:00" if released else None)


def test_a_redaction_marker_leaves_the_field_empty_and_keeps_the_marker(ctx):
    case = only_case(ctx, [row(dob="(b)(6),(b)(7)(c )", last="(b)(6)")])
    assert case.person["date_of_birth"] is None
    assert case.person["family_name"] == "(withheld)"
    assert case.withheld == {
        ("persons", "date_of_birth"): "(b)(6),(b)(7)(c )",
        ("persons", "family_name"): "(b)(6)",
    }


def test_a_withheld_booking_number_is_refused_unless_rows_are_keyed_by_content(ctx):
    items = run(ctx, [row(number="(b)(7)(E )")])
    assert items == [
        RowProblem(
            2,
            "Booking #",
            "(b)(7)(E )",
            "the booking number is withheld by the source ((b)(7)(E )); to import such rows, "
            "key them by their content",
        )
    ]
    keyed = Mapping(**{**JAIL_MAPPING.__dict__, "key_fallback": "row_content"})
    (case,) = run(ctx, [row(number="(b)(7)(E )")], mapping=keyed)
    assert case.booking_number.startswith("ROW-") and len(case.booking_number) == 20


def test_every_bad_cell_is_a_problem_and_rejects_the_whole_booking(ctx):
    items = run(
        ctx,
        [
            row(statute="PC 459"),
            row(statute="PC 211", dob="2/30/1984", klass="Q"),
            row(statute="PC 242"),
            row(number="2017-002"),
        ],
    )
    assert problems(items) == [
        RowProblem(2, None, None, "not imported: line 3 of the same booking was rejected"),
        RowProblem(3, "DOB", "2/30/1984", "February has no 30th day"),
        RowProblem(3, "Charge Class", "Q", "not a charge class this office knows"),
        RowProblem(4, None, None, "not imported: line 3 of the same booking was rejected"),
    ]  # fmt: skip
    assert [c.booking_number for c in cases(items)] == ["2017-002"]


def test_cells_beyond_the_header_are_a_problem(ctx):
    items = run(ctx, [row()], extra={2: ("spill", "over")})
    assert items == [
        RowProblem(2, None, "spill | over", "this row has 2 more cells than the header has columns")
    ]


def test_consecutive_rows_of_one_booking_with_other_person_details_are_refused(ctx):
    items = run(ctx, [row(sex="F"), row(sex="M", statute="PC 211")])
    reason = (
        "booking 2017-001 of agency CA0990000 is on line 2 with other person or booking details"
    )
    assert items == [RowProblem(2, None, None, "not imported: line 3 of the same booking was "
                                "rejected"), RowProblem(3, None, None, reason)]  # fmt: skip


def test_a_booking_again_later_in_the_file_comes_again_when_identical(ctx):
    items = run(ctx, [row(), row(number="2017-002"), row()])
    first, _, again = cases(items)
    assert (first.lines, again.lines) == ((2,), (4,))
    assert again.content_hash == first.content_hash and again.booking_number == "2017-001"


def test_a_booking_again_later_in_the_file_with_other_details_is_refused(ctx):
    items = run(ctx, [row(), row(number="2017-002"), row(statute="PC 211"), row(statute="PC 212")])
    reason = "booking 2017-001 of agency CA0990000 already appeared at line 2 with other details"
    assert problems(items) == [RowProblem(4, None, None, reason), RowProblem(5, None, None, reason)]
    assert [c.lines for c in cases(items)] == [(2,), (3,)]


def test_released_before_booked_and_times_in_the_future_are_refused(ctx):
    items = run(
        ctx,
        [
            row(number="1", released="4/20/2017 9:00", disposition="Bail"),
            row(number="2", booked="12/1/2026 08:00"),
            row(number="3", dob="12/1/2026"),
        ],
    )
    assert items == [
        RowProblem(2, "Release Date", "2017-04-20T16:00:00+00:00",
                   "Released at is before the booking time"),
        RowProblem(3, "Booking Date", "12/1/2026 08:00", "that is in the future"),
        RowProblem(4, "DOB", "12/1/2026", "12/01/2026 is in the future"),
    ]  # fmt: skip


def test_a_release_time_with_custody_in_custody_is_refused(ctx):
    mapping = Mapping(
        columns={**JAIL_MAPPING.columns, "booking.custody_status": "Release Disposition"},
        constants=JAIL_MAPPING.constants,
    )
    mapping.columns.pop("booking.release_disposition")
    items = run(ctx, [row(released="4/22/2017 9:00", disposition="In custody")], mapping=mapping)
    assert items == [
        RowProblem(2, "Release Disposition", "",
                   "a release time is given, so the person cannot be in custody")
    ]  # fmt: skip
    case = only_case(ctx, [row(released="4/22/2017", disposition="Released to ICE")],
                     mapping=mapping)  # fmt: skip
    assert case.booking["custody_status"] == "released_to_ice"
    assert "release_reason" not in case.booking


@pytest.mark.parametrize(
    ("text", "code"),
    [("Male", "M"), ("female", "F"), ("M", "M"), ("F", "F"), ("Unknown", "U"), ("U", "U"),
     ("X", "X")],
)  # fmt: skip
def test_sex_words_become_codes(ctx, text, code):
    assert only_case(ctx, [row(sex=text)]).person["sex"] == code


def test_an_unknown_sex_is_a_problem(ctx):
    assert run(ctx, [row(sex="Q")]) == [
        RowProblem(2, "Sex", "Q", "not a sex (use Male, Female, M, F, Unknown, U or X)")
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [("F", "felony"), ("Felony", "felony"), ("FEL", "felony"), ("M", "misdemeanor"),
     ("MISD", "misdemeanor"), ("I", "infraction"), ("Wobbler", "wobbler"), ("W", "wobbler"),
     ("infraction", "infraction")],
)  # fmt: skip
def test_charge_classes_become_codes(ctx, text, code):
    assert only_case(ctx, [row(klass=text)]).charges[0]["charge_class"] == code


def test_a_mapping_that_cannot_read_the_file_is_refused_when_the_first_row_is_asked_for(ctx):
    no_facility = Mapping(JAIL_MAPPING.columns, {"booking.agency_ori": ORI})
    with pytest.raises(MappingError, match="Facility is needed"):
        run(ctx, [row()], mapping=no_facility)
    bad_fixed = Mapping(JAIL_MAPPING.columns, {**JAIL_MAPPING.constants, "person.sex": "Q"})
    bad_fixed.columns.pop("person.sex", None)
    with pytest.raises(MappingError, match="The fixed value of Sex, “Q”: not a sex"):
        list(prepare(Table(COLUMNS, [row()]), bad_fixed, ctx))


def test_the_full_name_column_splits_family_and_given_names(ctx):
    mapping = Mapping({"person.full_name": "Last Name", "booking.booked_at": "Booking Date",
                       "booking.booking_number": "Booking #"}, JAIL_MAPPING.constants)  # fmt: skip
    case = only_case(ctx, [row(last="NÚÑEZ, María José")], mapping=mapping)
    assert (case.person["family_name"], case.person["given_names"]) == ("NÚÑEZ", "María José")
    case = only_case(ctx, [row(last="Ana Lopez")], mapping=mapping)
    assert (case.person["family_name"], case.person["given_names"]) == ("Lopez", "Ana")
