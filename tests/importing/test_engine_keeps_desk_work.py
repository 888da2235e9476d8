"""A re-import never loses what was entered at the desk, and the same file always reads the same."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from models.cases import get_case, update_case
from models.importing.engine import run_import
from models.importing.mapping import Mapping
from models.importing.reader import open_table
from tests.importing.engine_cases import case, healthy, run
from tests.importing.files import write_csv

MARKER = "(b)(7)(C)"
I247A = {"form_code": "i247a", "received_at": datetime(2020, 1, 3, 17, 0, tzinfo=UTC)}


def _booking_id(db, number: str) -> int:
    return db.execute("SELECT id FROM bookings WHERE booking_number = ?", [number]).fetchone()[0]


def _edit(db, actor, number: str, **booking) -> None:
    saved = get_case(db, _booking_id(db, number))
    update_case(db, saved.replace(booking=dataclasses.replace(saved.booking, **booking)), actor)


def test_what_the_file_did_not_give_is_not_written_over_the_desks_values(db, actor):
    placeholder = {"facility": "(not given)"}
    run(db, actor, [case("B-1", facility="(not given)", derived=("facility", "custody_status"))])
    _edit(db, actor, "B-1", facility="North Annex", custody_status="transferred", notes="Desk.")
    # Next week's export: the same booking, a new date of birth, still no facility or custody.
    again = run(
        db,
        actor,
        [case("B-1", dob="1984-03-10", derived=("facility", "custody_status"), **placeholder)],
    )
    assert again.updated == 1
    row = db.execute(
        "SELECT b.facility, b.custody_status, b.notes, p.date_of_birth FROM bookings b "
        "JOIN persons p ON p.id = b.person_id"
    ).fetchone()
    assert row == ("North Annex", "transferred", "Desk.", "1984-03-10")
    healthy(db)


def test_a_release_time_the_file_now_gives_moves_a_booking_in_custody_to_released(db, actor):
    run(db, actor, [case("B-1", derived=("custody_status",))])
    released = {"released_at": "2017-03-06T18:00:00+00:00", "custody_status": "released"}
    again = run(db, actor, [case("B-1", booking=released, derived=("custody_status",))])
    assert again.updated == 1
    assert db.execute("SELECT custody_status, released_at FROM bookings").fetchone() == (
        "released",
        "2017-03-06T18:00:00+00:00",
    )


def test_an_empty_cell_blanks_nothing_and_the_files_notes_go_below_the_desks(db, actor):
    run(db, actor, [case("B-1", booking={"notes": "Operation: Treaty Transfer"})])
    _edit(db, actor, "B-1", notes="Operation: Treaty Transfer\nCalled the jail on 3/6.")
    again = run(db, actor, [case("B-1", dob=None, booking={"notes": "Operation: Rapid REPAT"})])
    assert again.updated == 1
    notes, dob = db.execute(
        "SELECT b.notes, p.date_of_birth FROM bookings b JOIN persons p ON p.id = b.person_id"
    ).fetchone()
    assert dob == "1984-03-09"
    assert notes == ("Operation: Treaty Transfer\nCalled the jail on 3/6.\nOperation: Rapid REPAT")
    # The same notes again: already there, nothing to add.
    third = run(db, actor, [case("B-1", dob=None, booking={"notes": "Operation: Rapid REPAT"})])
    assert (third.updated, third.skipped) == (0, 1)


def test_another_detainer_in_the_file_is_rejected_naming_both(db, actor):
    run(db, actor, [case("B-1", detainer=I247A)])
    same = run(db, actor, [case("B-1", detainer=I247A)])
    assert (same.updated, same.skipped, same.rejected) == (0, 1, 0)
    other = {"form_code": "i247d", "received_at": datetime(2020, 1, 4, 17, 0, tzinfo=UTC)}
    result = run(db, actor, [case("B-1", detainer=other)])
    assert (result.updated, result.skipped, result.rejected) == (0, 0, 1)
    (problem,) = result.problems
    assert "already has a detainer on file (form i247a, received 2020-01-03T17:00:00" in (
        problem.reason
    )
    assert "form i247d" in problem.reason
    assert db.execute("SELECT form_code, received_at FROM detainers").fetchall() == [
        ("i247a", "2020-01-03T17:00:00+00:00")
    ]


def test_one_charges_withheld_statute_is_that_charges_alone(db, actor):
    charges = [
        {"statute": "PC 484", "description": "Theft"},
        {"statute": None, "description": "Robbery"},
    ]
    run(db, actor, [case("B-1", charges=charges, withheld={("charges:2", "statute"): MARKER})])
    markers = db.execute(
        "SELECT c.seq, w.field, w.marker FROM withheld_values w "
        "JOIN charges c ON c.id = w.record_id WHERE w.table_name = 'charges'"
    ).fetchall()
    assert markers == [(2, "statute", MARKER)]


def test_a_charge_row_marker_in_a_real_file_lands_on_its_own_charge(db, actor, tmp_path):
    header = ["Booking #", "Last", "Booked", "Facility", "Statute", "Charge"]
    rows = [
        ["J-1", "Núñez", "4/21/2017 11:43", "Main Jail", "PC 484", "THEFT"],
        ["J-1", "Núñez", "4/21/2017 11:43", "Main Jail", MARKER, "ROBBERY"],
    ]
    mapping = _mapping(header[:-2], statute="Statute", description="Charge")
    path = write_csv(tmp_path / "charges.csv", [header, *rows])
    run_import(db, actor, open_table(path, mapping.read), mapping)
    assert db.execute(
        "SELECT c.seq, c.statute, w.marker FROM charges c LEFT JOIN withheld_values w "
        "ON w.table_name = 'charges' AND w.record_id = c.id ORDER BY c.seq"
    ).fetchall() == [(1, "PC 484", None), (2, None, MARKER)]


def _mapping(columns: list[str], *, key: str = "reject", **charge: str) -> Mapping:
    fields = ["booking.booking_number", "person.family_name", "booking.booked_at"]
    names = dict(zip(fields, columns[:3], strict=False))
    if len(columns) > 3:
        names["booking.facility"] = columns[3]
    names.update({f"charge.{k}": v for k, v in charge.items()})
    if key == "row_content":
        names.pop("booking.booking_number")
    data = {
        "version": 1,
        "columns": names,
        "constants": {"booking.agency_ori": "WA0170000"},
        "key_fallback": key,
    }
    return Mapping.from_json(json.dumps(data))


def test_a_facility_spelt_two_ways_in_one_file_reads_the_same_on_every_import(db, actor, tmp_path):
    header = ["Booking #", "Last", "Booked", "Facility"]
    rows = [
        ["J-1", "Smith", "4/21/2017 11:43", "Main Jail"],
        ["J-2", "Jones", "4/22/2017 09:10", "MAIN JAIL"],
    ]
    path = write_csv(tmp_path / "jail.csv", [header, *rows])
    for key in ("reject", "row_content"):
        mapping = _mapping(header, key=key)
        first = run_import(db, actor, open_table(path, mapping.read), mapping)
        again = run_import(db, actor, open_table(path, mapping.read), mapping)
        assert (again.created, again.updated, again.skipped) == (0, 0, 2), key
        assert first.created == 2
    facilities = db.execute("SELECT facility FROM bookings ORDER BY id").fetchall()
    assert facilities == [("Main Jail",), ("MAIN JAIL",)] * 2
    healthy(db)
