"""Generated letters as records: draft, approve, issue, supersede, stored bytes, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from models.attachments import attachment_content, remove_attachment
from models.audit import verify_chain
from models.errors import ConflictError, DeskError, StoreError
from models.letters.about import About
from models.letters.document_records import values_from_json
from models.letters.documents import (
    NOT_APPROVER,
    DocumentStatus,
    approve_document,
    create_document,
    discard_draft,
    document_pdf,
    get_document,
    issue_document,
    list_documents,
    preview_letter,
)
from models.letters.fields import Record
from models.letters.office import office_settings, save_office_settings
from models.letters.templating import MissingFieldError
from models.records import StaffRole
from models.staff import current_staff, update_staff
from tests.models.detainer_helpers import NOW
from tests.models.letters.test_compose import (
    ICE_OFFICE,
    declination,
    declination_template,
    declined_detainer,
)
from tests.models.letters.test_compose import desk as desk  # noqa: F401 (the fixture)
from tests.pdf_tools import no_space, page_count, pdf_text, squeeze

LATER = NOW + timedelta(days=1)
ISSUED = NOW + timedelta(days=2)


def staff(db, admin, login: str, role: StaffRole):
    update_staff(db, admin, login, full_name=login.title(), role=role)
    return current_staff(db, login=login)


@pytest.fixture
def attorney(db, actor):
    return staff(db, actor, "akim", StaffRole.ATTORNEY)


@pytest.fixture
def clerk(db, actor):
    return staff(db, actor, "jdoe", StaffRole.CLERK)


def counts(db) -> tuple[int, ...]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("documents", "attachment_blobs", "correspondence", "audit_log")
    )


def blob_exists(db, digest: str) -> bool:
    sql = "SELECT 1 FROM attachment_blobs WHERE sha256 = ?"
    return db.execute(sql, [digest]).fetchone() is not None


def issued_letter(db, actor, clerk, attorney, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    doc = approve_document(db, attorney, doc.id, doc.row_version, now=LATER)
    return issue_document(db, clerk, doc.id, doc.row_version, now=ISSUED)


# -- the round trip -------------------------------------------------------------------------


def test_draft_approved_issued_is_filed_as_outgoing_correspondence(
    db, actor, clerk, attorney, desk
):
    draft = create_document(db, clerk, declination(desk), now=NOW)
    assert draft.status is DocumentStatus.DRAFT
    assert draft.our_reference == "DD-2010-00001"
    assert (draft.template_code, draft.language, draft.about) == (
        "detainer_declination",
        "en",
        desk.about,
    )
    assert (draft.booking_id, draft.detainer_id, draft.generated_by) == (
        desk.booking_id,
        desk.detainer_id,
        clerk.id,
    )
    draft_pdf = document_pdf(db, draft.id)
    assert hashlib.sha256(draft_pdf).hexdigest() == draft.sha256
    assert page_count(draft_pdf) == draft.page_count
    assert "DRAFT" in no_space(pdf_text(draft_pdf))  # the watermark, its letters spread out
    assert "María José Núñez1" in squeeze(pdf_text(draft_pdf))

    approved = approve_document(db, attorney, draft.id, draft.row_version, now=LATER)
    assert approved.status is DocumentStatus.APPROVED
    assert (approved.approved_by, approved.approved_at) == (attorney.id, LATER)
    assert approved.sha256 != draft.sha256
    assert not blob_exists(db, draft.sha256)  # the draft's PDF is not kept once replaced
    approved_text = squeeze(pdf_text(document_pdf(db, approved.id)))
    assert "DRAFT" not in no_space(approved_text)
    for words in ("María José Núñez1", "DD-2010-00001", "October 20, 2010", "Ana Ruiz"):
        assert words in approved_text

    issued = issue_document(db, clerk, approved.id, approved.row_version, now=ISSUED)
    assert issued.status is DocumentStatus.ISSUED
    assert (issued.issued_by, issued.issued_at) == (clerk.id, ISSUED)
    row = db.execute(
        "SELECT c.direction, c.method, c.subject, c.sent_date, c.booking_id, c.detainer_id, "
        "t.name, t.kind, f.name, f.kind, c.summary FROM correspondence c "
        "JOIN contacts t ON t.id = c.to_contact_id JOIN contacts f ON f.id = c.from_contact_id "
        "WHERE c.id = ?",
        [issued.filed_as_id],
    ).fetchone()
    assert row == (
        "out",
        "mail",
        "Declination – María José Núñez1, Booking 2010-001",
        "2010-10-22",
        desk.booking_id,
        desk.detainer_id,
        ICE_OFFICE,
        "ice_field_office",
        "Office of the County Counsel",
        "county_office",
        f"Issued letter DD-2010-00001 (detainer_declination v{issued.template_version}, en)",
    )
    attachments = db.execute(
        "SELECT id, file_name, media_type, sha256 FROM attachments WHERE correspondence_id = ?",
        [issued.filed_as_id],
    ).fetchall()
    assert [a[1:] for a in attachments] == [("DD-2010-00001.pdf", "application/pdf", issued.sha256)]
    attached = attachment_content(db, attachments[0][0])
    assert hashlib.sha256(attached).hexdigest() == issued.sha256
    assert attached == document_pdf(db, issued.id)

    audit = db.execute(
        "SELECT action, staff_id, field, new_value, booking_id FROM audit_log "
        "WHERE table_name = 'documents' AND record_id = ? ORDER BY id",
        [issued.id],
    ).fetchall()
    assert ("create", clerk.id, "our_reference", "DD-2010-00001", desk.booking_id) in audit
    assert ("update", attorney.id, "approved_by", str(attorney.id), desk.booking_id) in audit
    assert ("update", clerk.id, "filed_as_id", str(issued.filed_as_id), desk.booking_id) in audit
    assert not [a for a in audit if a[2] == "merge_values"]  # the values are not in the History
    assert verify_chain(db).ok


def test_references_count_up_within_the_year_with_the_office_prefix(db, actor, desk):
    first = create_document(db, actor, declination(desk), now=NOW)
    save_office_settings(db, actor, replace(office_settings(db), reference_prefix="CC"))
    second = create_document(db, actor, declination(desk), now=NOW)
    third = create_document(db, actor, declination(desk), now=NOW)
    next_year = create_document(db, actor, declination(desk), now=NOW + timedelta(days=365))
    assert [d.our_reference for d in (first, second, third, next_year)] == [
        "DD-2010-00001",
        "CC-2010-00001",
        "CC-2010-00002",
        "CC-2011-00001",
    ]


def test_preview_writes_nothing(db, actor, desk):
    before = counts(db)
    pdf = preview_letter(db, declination(desk), today=NOW.date())
    assert "DRAFT" in no_space(pdf_text(pdf)) and "DD-2010-00001" in pdf_text(pdf)
    assert counts(db) == before


# -- who may do what, and when --------------------------------------------------------------


def test_a_clerk_cannot_approve(db, clerk, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    with pytest.raises(DeskError) as caught:
        approve_document(db, clerk, doc.id, doc.row_version)
    assert str(caught.value) == NOT_APPROVER
    assert get_document(db, doc.id) == doc


def test_issuing_a_draft_is_refused(db, clerk, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    before = counts(db)
    with pytest.raises(DeskError, match="is a draft: an attorney"):
        issue_document(db, clerk, doc.id, doc.row_version)
    assert counts(db) == before


def test_a_stale_version_is_a_conflict(db, attorney, desk):
    doc = create_document(db, attorney, declination(desk), now=NOW)
    approve_document(db, attorney, doc.id, doc.row_version)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        discard_draft(db, attorney, doc.id, doc.row_version)


def test_an_issued_letter_is_locked_in_the_database_itself(db, actor, clerk, attorney, desk):
    issued = issued_letter(db, actor, clerk, attorney, desk)
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        db.execute("UPDATE documents SET title = 'Altered' WHERE id = ?", [issued.id])
    with pytest.raises(sqlite3.IntegrityError, match="kept"):
        db.execute("DELETE FROM documents WHERE id = ?", [issued.id])
    with pytest.raises(DeskError, match="issued letters are kept"):
        discard_draft(db, actor, issued.id, issued.row_version)
    with pytest.raises(DeskError, match="already issued"):
        approve_document(db, attorney, issued.id, issued.row_version)
    with pytest.raises(DeskError, match="issued already"):
        issue_document(db, clerk, issued.id, issued.row_version)
    assert get_document(db, issued.id) == issued


def test_the_filed_pdf_of_an_issued_letter_cannot_be_taken_off_its_correspondence(
    db, actor, clerk, attorney, desk
):
    issued = issued_letter(db, actor, clerk, attorney, desk)
    attachment_id = db.execute(
        "SELECT id FROM attachments WHERE correspondence_id = ?", [issued.filed_as_id]
    ).fetchone()[0]
    with pytest.raises(DeskError, match=f"issued letter {issued.our_reference}"):
        remove_attachment(db, actor, attachment_id)
    assert attachment_content(db, attachment_id) == document_pdf(db, issued.id)


def test_a_discarded_draft_leaves_no_row_and_no_bytes_but_an_audit_trail(db, clerk, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    discard_draft(db, clerk, doc.id, doc.row_version)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert not blob_exists(db, doc.sha256)
    deleted = db.execute(
        "SELECT field, old_value FROM audit_log WHERE table_name = 'documents' "
        "AND action = 'delete' AND record_id = ?",
        [doc.id],
    ).fetchall()
    assert ("our_reference", "DD-2010-00001") in deleted


# -- corrections ----------------------------------------------------------------------------


def test_a_correction_supersedes_the_issued_letter_once(db, actor, clerk, attorney, desk):
    issued = issued_letter(db, actor, clerk, attorney, desk)
    correction = create_document(db, clerk, declination(desk), now=ISSUED, supersedes_id=issued.id)
    assert correction.status is DocumentStatus.DRAFT
    assert correction.supersedes_id == issued.id
    old = get_document(db, issued.id)
    assert (old.status, old.superseded_by_id) == (DocumentStatus.SUPERSEDED, correction.id)
    with pytest.raises(DeskError, match=f"already corrected by letter {correction.our_reference}"):
        create_document(db, clerk, declination(desk), now=ISSUED, supersedes_id=issued.id)
    with pytest.raises(DeskError, match="never issued"):
        create_document(db, clerk, declination(desk), now=ISSUED, supersedes_id=correction.id)
    assert [r.id for r in list_documents(db, status=DocumentStatus.SUPERSEDED)] == [issued.id]
    assert [r.id for r in list_documents(db, status=DocumentStatus.DRAFT)] == [correction.id]


# -- the stored bytes -----------------------------------------------------------------------


def test_an_issued_letter_shows_its_stored_bytes_not_a_new_print(db, actor, clerk, attorney, desk):
    issued = issued_letter(db, actor, clerk, attorney, desk)
    stored = document_pdf(db, issued.id)
    declination_template(db, actor, title="New wording {{ person.full_name }}")
    db.execute("UPDATE persons SET family_name = 'Renamed'")
    again = document_pdf(db, issued.id)
    assert again == stored
    assert "Renamed" not in pdf_text(again) and "Núñez1" in pdf_text(again)


def test_approval_prints_the_draft_s_words_even_after_the_record_changed(db, clerk, attorney, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    db.execute("UPDATE persons SET family_name = 'Renamed'")
    approved = approve_document(db, attorney, doc.id, doc.row_version)
    text = pdf_text(document_pdf(db, approved.id))
    assert "Núñez1" in text and "Renamed" not in text


def test_damaged_bytes_are_reported_not_handed_out(db, clerk, desk):
    doc = create_document(db, clerk, declination(desk), now=NOW)
    damaged = bytearray(document_pdf(db, doc.id))
    damaged[len(damaged) // 2] ^= 0x01  # one bit flipped, the size unchanged
    db.execute(
        "UPDATE attachment_blobs SET content = ? WHERE sha256 = ?", [bytes(damaged), doc.sha256]
    )
    with pytest.raises(StoreError, match="stored copy of letter DD-2010-00001 is damaged"):
        document_pdf(db, doc.id)


# -- what stops a letter --------------------------------------------------------------------


def test_a_missing_field_stops_the_letter_with_nothing_written(db, actor, desk):
    declination_template(db, actor, body="Alien number: {{ person.a_number }}")
    before = counts(db)
    with pytest.raises(MissingFieldError, match=r"A-number \(person\.a_number\)"):
        create_document(db, actor, declination(desk), now=NOW)
    assert counts(db) == before


def test_stored_values_get_their_paths_back():
    values = values_from_json(
        {"today": "x", "booking": {"number": "1"}, "charges": [{"statute": "PC 1"}],
         "optout": {"addressee": {"name": "A"}, "answers": [{"date": "d"}]}}
    )  # fmt: skip
    assert isinstance(values["booking"], Record) and values["booking"].path == "booking"
    assert values["charges"][0].path == "charges[]"
    assert values["optout"]["addressee"].path == "optout.addressee"
    assert values["optout"]["answers"][0].path == "optout.answers[]"
    assert values["today"] == "x"


# -- the list -------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_record(db, actor, clerk, attorney, desk, case_factory):
    other = declined_detainer(db, actor, case_factory, 2)
    issued = issued_letter(db, actor, clerk, attorney, desk)
    approved = create_document(db, clerk, declination(other), now=LATER)
    approved = approve_document(db, attorney, approved.id, approved.row_version)
    draft = create_document(db, clerk, declination(other), now=ISSUED)
    rows = list_documents(db)
    assert [r.id for r in rows] == [draft.id, approved.id, issued.id]  # newest first
    assert (
        rows[0].generated_by_name == "Jdoe"
        and rows[0].about_label == f"Detainer {other.detainer_id}"
    )
    by_status = {s: [r.id for r in list_documents(db, status=s)] for s in DocumentStatus}
    assert by_status == {
        DocumentStatus.DRAFT: [draft.id],
        DocumentStatus.APPROVED: [approved.id],
        DocumentStatus.ISSUED: [issued.id],
        DocumentStatus.SUPERSEDED: [],
    }
    assert [r.id for r in list_documents(db, about=desk.about)] == [issued.id]
    case = About("case", other.booking_id)
    assert [r.id for r in list_documents(db, about=case)] == [draft.id, approved.id]
