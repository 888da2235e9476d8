"""The Import window's table models pass Qt's model tester and say what they hold."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from models.importing.batches import ImportBatch
from models.importing.prepare import PreparedCase, RowProblem
from ui.import_history_dialog import BatchesModel
from ui.import_mapping_model import (
    ASSIGN,
    FIRST_SAMPLE,
    LABELS,
    NOT_IMPORTED,
    TO_NOTES,
    MappingModel,
    field_choices,
)
from ui.import_preview_model import PreviewModel, ProblemsModel

LA = ZoneInfo("America/Los_Angeles")


def test_the_mapping_model_assigns_each_field_to_one_column(qtmodeltester):
    model = MappingModel()
    model.set_source(("Booked", "Released", "Name", "Cell"), [("3/4/2017", "", "A", "")] * 4)
    model.set_assignments(
        {
            "booking.booked_at": "Booked",
            "booking.released_at": "Booked",
            "person.full_name": "Name",
        },
        ["Cell"],
    )
    qtmodeltester.check(model, force_py=True)
    assert model.assignment(0) == "booking.booked_at|booking.released_at"
    assert model.data(model.index(0, ASSIGN)) == (
        f"{LABELS['booking.booked_at']} + {LABELS['booking.released_at']}"
    )
    assert model.data(model.index(0, FIRST_SAMPLE)) == "3/4/2017"
    assert model.data(model.index(0, FIRST_SAMPLE + 1)) == ""  # one distinct value only
    assert model.notes() == ("Cell",)

    assert model.setData(model.index(1, ASSIGN), "booking.released_at")
    assert model.fields() == {
        "booking.booked_at": "Booked",
        "booking.released_at": "Released",
        "person.full_name": "Name",
    }
    assert model.setData(model.index(3, ASSIGN), NOT_IMPORTED)
    assert model.notes() == ()
    assert model.setData(model.index(2, ASSIGN), TO_NOTES)
    assert "person.full_name" not in model.fields() and model.notes() == ("Name",)
    assert not model.setData(model.index(0, 0), "x")  # only "Imports as" is editable
    assert model.flags(model.index(0, ASSIGN)) & Qt.ItemFlag.ItemIsEditable


def test_the_field_choices_are_grouped_with_headings_that_cannot_be_chosen():
    choices = field_choices()
    assert choices[:2] == [(NOT_IMPORTED, "Not imported"), (TO_NOTES, "Add to booking notes")]
    headings = [text for data, text in choices if data is None]
    assert headings == ["— Person —", "— Booking —", "— Charge —", "— Fingerprint match —",
                        "— Detainer —"]  # fmt: skip
    assert "booking.agency_ori" in {data for data, _t in choices}


def test_the_preview_model_shows_bookings_and_problems(qtmodeltester):
    case = PreparedCase(
        lines=(7, 8),
        agency_ori="CA0990000",
        booking_number="2017-1",
        person={"family_name": "Núñez", "given_names": "María", "sort_name": "nunez maria"},
        booking={"facility": "Main Jail", "booked_at": "2017-03-04T18:30:00+00:00"},
        charges=[{"seq": 1, "statute": "PC 459", "description": "Burglary"}],
        match=None,
        detainer=None,
        holds=("HOLD IMMIGRAT (IMM)",),
        withheld={("persons", "date_of_birth"): "(b)(6)"},
        content_hash="0" * 64,
    )
    problem = RowProblem(9, "Date of Birth", "2/30/1990", "February has no 30th day")
    model = PreviewModel(LA)
    model.set_items([case, problem])
    qtmodeltester.check(model, force_py=True)
    assert model.row_texts(0) == (
        "7–8", "Núñez, María", "2017-1", "CA0990000", "Main Jail", "03/04/2017 10:30",
        "PC 459 Burglary; hold: HOLD IMMIGRAT (IMM)", "Date of birth withheld (b)(6)",
    )  # fmt: skip
    assert model.row_texts(1)[1] == "Date of Birth “2/30/1990”: February has no 30th day"
    assert model.is_problem(1) and not model.is_problem(0)
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.problem_count() == 1


def test_the_problems_model_lists_line_column_value_reason(qtmodeltester):
    model = ProblemsModel()
    model.set_problems([RowProblem(4, None, None, "2 cells beyond the header")])
    qtmodeltester.check(model, force_py=True)
    assert model.row_texts(0) == ("4", "", "", "2 cells beyond the header")


def test_the_batches_model_shows_who_when_and_the_counts(qtmodeltester):
    batch = ImportBatch(
        id=3, file_name="ice.psv", file_sha256="0" * 64, file_size=10,
        profile_name="ICE CAP arrests (FOIA release)", encoding="utf-8", delimiter="|",
        header_row=6, rows_read=2656, created=2650, updated=0, skipped=6, rejected=0,
        imported_at=datetime(2026, 11, 25, 20, 5, tzinfo=UTC), imported_by_name="M. López",
        undone_at=datetime(2026, 11, 25, 21, 0, tzinfo=UTC), undone_by_name="A. Chen",
    )  # fmt: skip
    model = BatchesModel(LA)
    model.set_batches([batch])
    qtmodeltester.check(model, force_py=True)
    assert model.texts(batch) == (
        "11/25/2026 12:05", "ice.psv", "ICE CAP arrests (FOIA release)", "M. López", "2,656",
        "2,650", "0", "6", "0", "11/25/2026 13:00 by A. Chen",
    )  # fmt: skip
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == 3
