"""A generated letter's dialog: approve, issue, correct, discard, print and save its stored PDF."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from models.attachments import attachment_content
from models.correspondence import get_letter
from models.letters.compose import LetterRequest
from models.letters.document_records import DocumentStatus
from models.letters.documents import create_document, document_pdf, get_document, list_documents
from models.records import Direction, StaffRole
from tests.pdf_tools import no_space, pdf_text
from tests.ui.letter_fixtures import NOW, staff
from tests.ui.letter_fixtures import composers as composers  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import desk as desk  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import make_letters as make_letters  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import viewers as viewers  # noqa: F401 (a fixture)
from ui import printing

DECLINATION = "detainer_declination"


@pytest.fixture
def attorney(db, actor):
    return staff(db, actor, "attorney", StaffRole.ATTORNEY)


@pytest.fixture
def clerk(db, actor):
    return staff(db, actor, "clerk", StaffRole.CLERK)


@pytest.fixture
def draft(db, clerk, desk):
    """A draft declination written by the clerk."""
    return create_document(db, clerk, LetterRequest(DECLINATION, "en", desk.about), now=NOW)


def opened(make_letters, who, document_id):
    controller = make_letters(who)
    return controller, controller.open_document(document_id)


def test_an_attorney_approves_a_draft(db, attorney, draft, make_letters):
    controller, dialog = opened(make_letters, attorney, draft.id)
    saved = []
    controller.document_saved.connect(saved.append)
    assert "DRAFT" in no_space(pdf_text(dialog.pdf))
    assert dialog.approve_button.isEnabled()
    assert not dialog.issue_button.isEnabled()

    dialog.approve_button.click()

    stored = get_document(db, draft.id)
    assert stored.status is DocumentStatus.APPROVED
    assert stored.approved_by == attorney.id
    assert saved == [draft.id]
    assert dialog.fields["status"].text() == "Approved, not issued"
    assert dialog.pdf == document_pdf(db, draft.id)  # the approved print, shown
    assert "DRAFT" not in no_space(pdf_text(dialog.pdf))
    assert not dialog.approve_button.isEnabled()
    assert dialog.issue_button.isEnabled()


def test_a_clerk_sees_approve_disabled_and_why(clerk, draft, make_letters):
    _controller, dialog = opened(make_letters, clerk, draft.id)
    assert not dialog.approve_button.isEnabled()
    assert "attorney" in dialog.approve_button.toolTip()
    assert dialog.fields["status"].text() == "Awaiting approval"


def test_issue_asks_first_then_locks_and_files_it_as_outgoing_correspondence(
    db,
    attorney,
    draft,
    make_letters,
    boxes,
):
    _controller, dialog = opened(make_letters, attorney, draft.id)
    dialog.approve_button.click()
    reference = dialog.document.our_reference

    dialog.issue_button.click()

    assert boxes.confirms == [
        f"Issue {reference}? It will be locked and filed as outgoing correspondence."
    ]
    stored = get_document(db, draft.id)
    assert stored.status is DocumentStatus.ISSUED
    filed = get_letter(db, stored.filed_as_id)
    assert filed.direction is Direction.OUT
    [attached] = filed.attachments
    assert attachment_content(db, attached.id) == document_pdf(db, draft.id)
    assert dialog.fields["status"].text() == "Issued"
    assert dialog.open_filed_button.isVisible()
    assert dialog.correct_button.isEnabled()
    assert not dialog.discard_button.isEnabled()


def test_issue_answered_no_issues_nothing(db, attorney, draft, make_letters, boxes):
    _controller, dialog = opened(make_letters, attorney, draft.id)
    dialog.approve_button.click()
    boxes.confirm_answer = False

    dialog.issue_button.click()

    assert get_document(db, draft.id).status is DocumentStatus.APPROVED


def test_save_as_writes_the_stored_bytes_exactly(
    db,
    monkeypatch,
    tmp_path,
    clerk,
    draft,
    make_letters,
):
    monkeypatch.setattr(printing, "ask_save_path", lambda _p, _t, _s: str(tmp_path / "l.pdf"))
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(printing, "settings", lambda: prefs)
    _controller, dialog = opened(make_letters, clerk, draft.id)

    dialog.save_as_button.click()

    assert (tmp_path / "l.pdf").read_bytes() == document_pdf(db, draft.id)


def test_print_sends_the_stored_bytes(db, monkeypatch, clerk, draft, make_letters):
    printed = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _p, data, title: printed.append(title) or data
    )
    _controller, dialog = opened(make_letters, clerk, draft.id)

    assert dialog.print_letter() == document_pdf(db, draft.id)
    assert printed == [f"{draft.our_reference} {draft.title}"]


def test_discarding_a_draft_asks_then_deletes_it(db, clerk, draft, make_letters, boxes):
    _controller, dialog = opened(make_letters, clerk, draft.id)

    dialog.discard_button.click()

    assert boxes.confirms[0].startswith(f"Discard {draft.our_reference}?")
    assert list_documents(db) == []
    assert not dialog.isVisible()


def test_a_correction_of_an_issued_letter_supersedes_it(
    db,
    attorney,
    draft,
    make_letters,
    composers,
    viewers,
    boxes,
):
    controller, dialog = opened(make_letters, attorney, draft.id)
    dialog.approve_button.click()
    dialog.issue_button.click()

    dialog.correct_button.click()

    compose = composers[-1]
    assert compose.setup.supersedes == (draft.id, draft.our_reference)
    assert compose.form.value("letter_type") == DECLINATION
    assert compose.form.value("addressee_name") == draft.addressee.name
    assert draft.our_reference in compose.correction_note.text()
    compose.refresh_preview()
    compose.save_button.click()
    correction = viewers[-1].document
    assert correction.supersedes_id == draft.id
    assert get_document(db, draft.id).status is DocumentStatus.SUPERSEDED
    assert viewers[-1].fields["supersedes"].text() == draft.our_reference


def test_reopening_an_issued_letter_shows_its_stored_bytes(
    db,
    attorney,
    draft,
    make_letters,
):
    controller, dialog = opened(make_letters, attorney, draft.id)
    dialog.approve_button.click()
    dialog.issue_button.click()
    dialog.close()

    again = controller.open_document(draft.id)

    assert again is not dialog
    assert again.pdf == document_pdf(db, draft.id)
    assert again.preview.page_count() == get_document(db, draft.id).page_count
