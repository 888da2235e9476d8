"""A public release of every list: no record id or reference number, no typed charge description.

One desk holds a case (with a charge whose description names a victim and one with no statute),
its declined detainer, an opt-out request, two letters (one answering the other, both filed
under the case, the detainer and the request) and a generated letter with its reference. Each
list is exported as a public release and its header compared with the columns worked out by
hand; the file is then searched for every id and reference the desk gave out.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from models.case_list import CaseQuery
from models.correspondence import create_letter
from models.correspondence_list import LetterQuery
from models.detainer_list import DetainerQuery
from models.export import (
    case_source,
    correspondence_source,
    detainer_source,
    document_source,
    list_exports,
    optout_source,
    run_export,
)
from models.letters.documents import create_document
from models.optouts import create_optout
from models.records import Direction, Letter, OptOutRequest
from tests.models.detainer_helpers import NOW
from tests.models.export.export_helpers import all_text, csv_rows, xlsx_rows
from tests.models.letters.test_compose import declination
from tests.models.letters.test_compose import desk as desk  # noqa: F401 (the fixture)

LA = ZoneInfo("America/Los_Angeles")
TODAY = date(2010, 10, 20)
VICTIM = "the home of Rosa Delgado"
UNLISTED = "Trespass at 12 Elm Street"

#: Every column that holds a record id or a reference number, in any list.
ID_COLUMNS = {
    "Case ID", "Detainer ID", "Letter ID", "Request ID", "Opt-out request ID", "In reply to",
    "Reference", "About", "Batch", "Booking #", "A-number", "FBI number", "State ID",
    "ICE subject ID", "Event number",
}  # fmt: skip

#: The header of each list's public release, worked out by hand from its columns.
PUBLIC_HEADERS = {
    "cases": [
        "Agency ORI", "Sex", "Country of birth", "Booked", "Facility", "Arresting agency",
        "Custody", "Release eligible", "Released", "Charges", "Fingerprint response",
        "Program era", "Offense level scheme", "Offense level", "Criminality code", "Detainers",
    ],
    "detainers": [
        "Form", "Received", "Received via", "ICE office", "Warrant", "Requests hold",
        "Requests notification", "Requests transfer", "Status", "Hold rule", "Hold expires",
        "Policy", "Recommendation", "Decision", "Decided", "Lift reason", "Lifted",
        "Released to ICE", "Released to the community",
    ],
    "correspondence": [
        "Day", "Direction", "Method", "Sent", "Received", "From (kind)", "To (kind)",
        "Reply due", "Answered", "Attachments",
    ],
    "optouts": [
        "Jurisdiction", "Request", "Status", "Resolution number", "Resolution date",
        "Resolution vote", "Program activated", "Follow up by",
    ],
    "letters": ["Template", "Language", "Status", "Generated", "Approved", "Issued"],
}  # fmt: skip


@pytest.fixture
def references(db, actor, desk) -> tuple[str, ...]:  # noqa: F811 (the fixture imported above)
    """The references the desk gave out, as a file would show them."""
    db.execute(
        "UPDATE charges SET description = ? WHERE booking_id = ?",
        [f"Burglary of {VICTIM}", desk.booking_id],
    )
    db.execute(
        "INSERT INTO charges (booking_id, seq, statute, description) VALUES (?, 99, NULL, ?)",
        [desk.booking_id, UNLISTED],
    )
    optout = create_optout(
        db,
        OptOutRequest(None, "Arlington County", "full_opt_out", resolution_number="R-2010-33"),
        actor, on=TODAY, today=TODAY,
    )  # fmt: skip
    links = {"booking_id": desk.booking_id, "detainer_id": desk.detainer_id,
             "optout_id": optout.id}  # fmt: skip
    asked = create_letter(
        db,
        Letter(None, Direction.IN, "mail", "Asking", received_date=TODAY, **links),
        actor, LA, today=TODAY,
    )  # fmt: skip
    answer = create_letter(
        db,
        Letter(None, Direction.OUT, "mail", "Answer", sent_date=TODAY, in_reply_to_id=asked.id,
               **links),
        actor, LA, today=TODAY,
    )  # fmt: skip
    document = create_document(db, actor, declination(desk), now=NOW)
    assert document.our_reference == "DD-2010-00001"
    assert answer.in_reply_to_id == asked.id
    return (document.our_reference, f"Detainer {desk.detainer_id}")


SOURCES = {
    "cases": lambda db: case_source(db, CaseQuery(), LA),
    "detainers": lambda db: detainer_source(db, DetainerQuery(), LA),
    "correspondence": lambda db: correspondence_source(db, LetterQuery(), TODAY),
    "optouts": optout_source,
    "letters": document_source,
}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("what", list(SOURCES))
def test_a_public_release_has_no_record_id_or_reference(db, actor, references, tmp_path, what,
                                                        suffix):  # fmt: skip
    path = tmp_path / f"{what}.{suffix}"
    whole = run_export(db, actor, SOURCES[what](db), tmp_path / f"all.{suffix}", tz=LA, now=NOW)
    result = run_export(db, actor, SOURCES[what](db), path, public_release=True, tz=LA, now=NOW)
    rows = csv_rows(path) if suffix == "csv" else xlsx_rows(path)
    assert result.row_count == whole.row_count > 0
    assert rows[0] == PUBLIC_HEADERS[what]
    assert ID_COLUMNS.isdisjoint(rows[0])
    text = all_text(path)
    assert [r for r in references if r in text] == []
    assert VICTIM not in text and UNLISTED not in text and "Burglary" not in text
    assert list_exports(db)[0].filters["columns"] == PUBLIC_HEADERS[what]


def test_a_public_release_keeps_the_charges_statutes_only(db, actor, references, tmp_path):
    run_export(db, actor, case_source(db, CaseQuery(), LA), tmp_path / "all.csv", tz=LA, now=NOW)
    whole = csv_rows(tmp_path / "all.csv")
    assert whole[1][whole[0].index("Charges")] == f"PC 459 Burglary of {VICTIM}; {UNLISTED}"
    path = tmp_path / "public.xlsx"
    run_export(db, actor, case_source(db, CaseQuery(), LA), path, public_release=True, tz=LA)
    rows = xlsx_rows(path)
    assert rows[1][rows[0].index("Charges")] == "PC 459"
