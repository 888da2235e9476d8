"""The Detainers, Correspondence, Opt-outs and Letters lists exported with their filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.contacts import resolve_contact
from models.correspondence import create_letter
from models.correspondence_list import LetterQuery
from models.detainer_list import DetainerQuery
from models.export import (
    correspondence_source,
    detainer_source,
    document_source,
    list_exports,
    optout_source,
    run_export,
)
from models.letters.document_records import DocumentStatus
from models.optouts import create_optout
from models.records import DetainerStatus, Direction, Letter, OptOutRequest
from models.store import write_transaction
from tests.models.detainer_helpers import move, new
from tests.models.export.export_helpers import (
    IDENTIFYING,
    NOW,
    add_people,
    all_text,
    csv_rows,
    xlsx_rows,
)

LA = ZoneInfo("America/Los_Angeles")
TODAY = date(2012, 7, 1)


def column(rows, header):
    at = rows[0].index(header)
    return [r[at] for r in rows[1:]]


@pytest.fixture
def detainers(db, actor):
    """Núñez's detainer (received 10/16/2010 11:00 PDT) and Nguyễn's, a week later."""
    ids = add_people(db, actor)
    first = new(db, actor, ids[0], ice_officer="DO Ana Pérez", ice_subject_id="1234567890",
                event_number="SFR0001111")  # fmt: skip
    first = move(db, actor, first, DetainerStatus.UNDER_REVIEW)
    second = new(
        db, actor, ids[1], received_at=datetime(2011, 2, 2, 18, 0, tzinfo=UTC),
        now=datetime(2011, 2, 3, 0, 0, tzinfo=UTC),
    )  # fmt: skip
    return first, second


def export(db, actor, source, path, **kw):
    return run_export(db, actor, source, path, tz=LA, now=NOW, **kw)


def test_detainers_export_with_the_lists_filters_newest_first(db, actor, detainers, tmp_path):
    first, second = detainers
    path = tmp_path / "detainers.csv"
    export(db, actor, detainer_source(db, DetainerQuery(), LA), path)
    rows = csv_rows(path)
    assert column(rows, "Detainer ID") == [str(second.id), str(first.id)]
    assert column(rows, "Name") == ["Nguyễn, Thị Thu", "Núñez, María José"]
    assert column(rows, "Received")[1] == "2010-10-16 11:00"
    assert column(rows, "ICE officer")[1] == "DO Ana Pérez"
    assert column(rows, "Requests hold") == ["Yes", "Yes"]
    assert column(rows, "Status") == ["Received", "Under review"]

    query = DetainerQuery(received_from=date(2010, 10, 16), received_to=date(2010, 10, 16))
    result = export(db, actor, detainer_source(db, query, LA), tmp_path / "day.xlsx")
    rows = xlsx_rows(tmp_path / "day.xlsx")
    assert result.row_count == 1 and column(rows, "Detainer ID") == [first.id]
    assert column(rows, "Received") == [datetime(2010, 10, 16, 11, 0)]
    logged = list_exports(db)[0]
    assert logged.what == "detainers"
    assert logged.filters["query"]["received_from"] == "2010-10-16"


def test_a_public_release_of_detainers_drops_people_and_ice_identifiers(
    db, actor, detainers, tmp_path
):
    path = tmp_path / "detainers.csv"
    export(db, actor, detainer_source(db, DetainerQuery(), LA), path, public_release=True)
    rows = csv_rows(path)
    gone = {"Detainer ID", "Case ID", "Booking #", "Name", "ICE officer", "ICE subject ID",
            "Event number", "Decided by", "Decision reason", "Notes"}  # fmt: skip
    assert gone.isdisjoint(rows[0]) and "ICE office" in rows[0]
    text = all_text(path)
    assert [v for v in (*IDENTIFYING, "Pérez", "1234567890", "SFR0001111") if v in text] == []
    assert column(rows, "Received") == ["2011-02", "2010-10"]


@pytest.fixture
def letters(db, actor, detainers):
    """A request from Núñez's attorney about her case, and the office's answer."""
    with write_transaction(db):
        lawyer = resolve_contact(db, "attorney", "Lic. Jorge Núñez", actor)
        ice = resolve_contact(db, "ice_field_office", "ICE ERO San Francisco", actor)
    booking = detainers[0].booking_id
    request = Letter(
        None,
        Direction.IN,
        "mail",
        "Records about María Núñez",
        received_date=date(2012, 6, 4),
        from_contact_id=lawyer,
        booking_id=booking,
        reply_due_date=date(2012, 6, 14),
        summary="Asks for the booking record of A012345678",
    )
    asked = create_letter(db, request, actor, LA, today=TODAY)
    answer = create_letter(
        db,
        Letter(None, Direction.OUT, "email", "Records released", sent_date=date(2012, 6, 8),
               to_contact_id=ice, in_reply_to_id=asked.id),
        actor, LA, today=TODAY,
    )  # fmt: skip
    return asked, answer


def test_correspondence_export_with_search_and_public_release(db, actor, letters, tmp_path):
    asked, answer = letters
    path = tmp_path / "letters.csv"
    export(db, actor, correspondence_source(db, LetterQuery(), TODAY), path)
    rows = csv_rows(path)
    assert column(rows, "Letter ID") == [str(answer.id), str(asked.id)]
    assert column(rows, "From") == ["", "Lic. Jorge Núñez"]
    assert column(rows, "From (kind)") == ["", "Attorney"]
    assert column(rows, "Day") == ["2012-06-08", "2012-06-04"]
    assert column(rows, "Answered") == ["No", "Yes"]

    query = LetterQuery(search="RELEASED")
    result = export(db, actor, correspondence_source(db, query, TODAY), tmp_path / "one.csv")
    assert result.row_count == 1
    assert column(csv_rows(tmp_path / "one.csv"), "Letter ID") == [str(answer.id)]

    public = tmp_path / "public.xlsx"
    export(db, actor, correspondence_source(db, LetterQuery(), TODAY), public, public_release=True)
    rows = xlsx_rows(public)
    assert {"From", "To", "Subject", "Summary", "Notes"}.isdisjoint(rows[0])
    ids = {"Letter ID", "Case ID", "Detainer ID", "Opt-out request ID", "In reply to"}
    assert ids.isdisjoint(rows[0])
    assert column(rows, "To (kind)") == ["ICE field office", None]
    assert column(rows, "Day") == ["2012-06", "2012-06"]
    assert [v for v in (*IDENTIFYING, "Jorge") if v in all_text(public)] == []


def test_opt_out_requests_and_generated_letters_export_whole(db, actor, tmp_path):
    create_optout(
        db,
        OptOutRequest(None, "Arlington County", "full_opt_out", resolution_date=date(2010, 9, 28),
                      summary="Letter from Chair Fisette"),
        actor, on=date(2010, 9, 28), today=TODAY,
    )  # fmt: skip
    path = tmp_path / "optouts.csv"
    result = export(db, actor, optout_source(db), path, public_release=True)
    rows = csv_rows(path)
    assert result.row_count == 1
    assert column(rows, "Jurisdiction") == ["Arlington County"]
    assert column(rows, "Resolution date") == ["2010-09"]
    assert column(rows, "Status") == ["Draft"] and "Summary" not in rows[0]
    assert "Request ID" not in rows[0]

    result = export(db, actor, document_source(db, DocumentStatus.DRAFT), tmp_path / "docs.csv")
    assert result.row_count == 0 and csv_rows(tmp_path / "docs.csv")[0][:2] == [
        "Letter ID", "Reference",
    ]  # fmt: skip
    assert list_exports(db)[0].filters["query"] == {"status": "draft"}
