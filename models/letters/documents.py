"""Generated letters as records: create a draft, approve it, issue it, supersede it, read it.

A document keeps the PDF it printed (its bytes once per content in ``attachment_blobs``, checked
against their SHA-256 whenever read back), the template version and the merge values it was
made from, who made it and when. A draft carries a DRAFT watermark; approving it (an attorney,
a supervisor or an administrator) prints the same words again without one; issuing it files it
as an outgoing letter in the correspondence log with the PDF attached, and from then on the
database itself refuses any change to it. A correction is a new document that names the one it
supersedes. Every PDF is rendered before the write transaction opens, so a slow render never
holds the database's write lock.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlite_utils import Database

from models.attachments import FileToAttach, drop_blob_if_unused, store_blob
from models.audit import record_changes
from models.contacts import resolve_contact
from models.correspondence import create_letter
from models.detainer_rules import DECIDERS
from models.errors import ConflictError, DeskError
from models.letters import office
from models.letters.compose import LetterRequest, Shared, compose
from models.letters.content import LetterContent
from models.letters.document_records import (
    Document,
    DocumentRow,
    DocumentStatus,
    StoredInputs,
    about_columns,
    document_pdf,
    get_document,
    inputs_from_json,
    inputs_to_json,
    list_documents,
    next_reference,
    recipients_to_json,
    record_links,
    reference_after,
    superseded_by,
)
from models.letters.layout import RenderedPdf, render_pdf
from models.letters.templates import get_template
from models.records import AuditAction, Direction, Letter, Staff
from models.settings import county_timezone
from models.store import write_transaction
from models.timeutil import county_today, to_db_instant, utc_now
from models.writes import insert_audited

__all__ = [
    "APPROVERS",
    "Document",
    "DocumentRow",
    "DocumentStatus",
    "approve_document",
    "create_document",
    "discard_draft",
    "document_pdf",
    "get_document",
    "issue_document",
    "list_documents",
    "next_reference",
    "preview_letter",
    "record_links",
    "reference_after",
    "store_document",
    "superseded_by",
]
#: Who may approve a letter (and so lift its DRAFT watermark).
#: Who approves letters: those who decide detainers.
APPROVERS = frozenset(DECIDERS)
NOT_APPROVER = "Only an attorney, a supervisor or an administrator can approve a letter."
CHANGED = (
    "Letter {ref} was changed elsewhere (at another desk) after you opened it, so nothing was "
    "done. Open it again to see its current state."
)
#: Which contacts an issued letter is filed as going to, by the letter type's recipient.
CONTACT_KINDS = {"person": "detainee", "ice": "ice_field_office", "board": "board_of_supervisors"}
#: Attempts at a reference number when other desks keep taking the next one meanwhile.
_ATTEMPTS = 3


# -- making -----------------------------------------------------------------------------------


def preview_letter(db: Database, request: LetterRequest, *, today=None) -> bytes:
    """The letter as a DRAFT PDF, with the reference it would get now; nothing is written.

    Raises:
        as :func:`~models.letters.compose.compose`.
    """
    today = today or county_today(county_timezone(db))
    content, _ = compose(db, request, today=today, our_reference=next_reference(db, today.year))
    return render_pdf([content]).data


def create_document(
    db: Database,
    actor: Staff,
    request: LetterRequest,
    *,
    now: datetime | None = None,
    supersedes_id: int | None = None,
) -> Document:
    """Make a draft letter and store it with its PDF, audited, in one transaction.

    Args:
        db: the database.
        actor: who makes it.
        request: the letter.
        now: when (for tests); its county date is the letter's date and reference year.
        supersedes_id: the issued letter this one corrects; it must be about the same record,
            be of the same type, and not be corrected already.

    Raises:
        ValidationError, NotFoundError, MissingFieldError: as
            :func:`~models.letters.compose.compose` (nothing is written).
        DeskError: ``supersedes_id`` is not an issued letter or is already corrected.
        ConflictError: other desks kept taking the next reference number.
    """
    now = now or utc_now()
    today = county_today(county_timezone(db), now)
    links = record_links(db, request.about)
    if supersedes_id is not None:
        _check_supersedable(db, supersedes_id, request)
    shared = Shared.load(db, request.template_code, request.language)
    for _ in range(_ATTEMPTS):
        reference = next_reference(db, today.year)
        content, values = compose(db, request, today=today, our_reference=reference, shared=shared)
        pdf = render_pdf([content])
        with write_transaction(db):
            if next_reference(db, today.year) != reference:
                continue  # another desk took the number while this one printed: print again
            if supersedes_id is not None:
                _check_supersedable(db, supersedes_id, request)
            document_id = store_document(
                db, actor, request, content, values, pdf.data, sum(pdf.page_counts),
                links=links, today=today, now=now, supersedes_id=supersedes_id,
            )  # fmt: skip
        return get_document(db, document_id)
    raise ConflictError(
        "Other desks are creating letters at this moment and kept taking the next reference "
        "number; nothing was saved. Try again."
    )


def store_document(
    db: Database,
    actor: Staff,
    request: LetterRequest,
    content: LetterContent,
    values: dict,
    pdf: bytes,
    page_count: int,
    *,
    links: dict,
    today,
    now: datetime,
    supersedes_id: int | None = None,
    batch_id: int | None = None,
    approved: bool = False,
) -> int:
    """Write one composed and rendered letter (inside the caller's transaction); its id.

    ``approved`` stores it approved by ``actor`` at ``now`` (a batch printed without the DRAFT
    watermark by someone who may approve); otherwise it is a draft.
    """
    digest = hashlib.sha256(pdf).hexdigest()
    store_blob(db, digest, pdf)
    inputs = StoredInputs(today, values, content.their_reference, content.enclosures)
    row = {
        "template_id": content.meta["template_id"],
        "template_code": request.template_code,
        "template_version": content.meta["template_version"],
        "language": request.language,
        "title": content.title,
        "our_reference": content.our_reference,
        **about_columns(request.about),
        **links,
        "recipients": recipients_to_json(content.recipients),
        "merge_values": inputs_to_json(inputs),
        "generated_by": actor.id,
        "generated_at": to_db_instant(now),
        "sha256": digest,
        "page_count": page_count,
        "supersedes_id": supersedes_id,
        "batch_id": batch_id,
        "approved_by": actor.id if approved else None,
        "approved_at": to_db_instant(now) if approved else None,
    }
    # The audit row says who and when; the values are the record's own, audited there.
    hidden = ("merge_values", "generated_by", "generated_at", "booking_id", "approved_at")
    return insert_audited(
        db, actor, "documents", row, booking_id=links["booking_id"], hidden=hidden
    )


def approve_document(
    db: Database, actor: Staff, document_id: int, row_version: int, *, now: datetime | None = None
) -> Document:
    """Approve a draft: print it again without the DRAFT watermark, same words, audited.

    The new PDF comes from the template version and merge values stored with the draft, so the
    record can have changed since without changing the letter.

    Raises:
        DeskError: the actor may not approve, or the letter is approved or issued already.
        ConflictError: the letter changed since ``row_version``.
        NotFoundError: there is no such document.
    """
    if actor.role not in APPROVERS:
        raise DeskError(NOT_APPROVER)
    now = now or utc_now()
    doc = get_document(db, document_id)
    _check_version(doc, row_version)
    if doc.issued_at is not None or doc.approved_at is not None:
        raise DeskError(f"Letter {doc.our_reference} is already {doc.status.label.lower()}.")
    pdf = _render_stored(db, doc, draft=False)
    digest = hashlib.sha256(pdf.data).hexdigest()
    with write_transaction(db):
        store_blob(db, digest, pdf.data)
        cursor = db.execute(
            "UPDATE documents SET sha256 = ?, page_count = ?, approved_by = ?, approved_at = ?, "
            "row_version = row_version + 1 WHERE id = ? AND row_version = ? "
            "AND approved_at IS NULL",
            [digest, sum(pdf.page_counts), actor.id, to_db_instant(now), doc.id, row_version],
        )
        if cursor.rowcount == 0:
            raise ConflictError(CHANGED.format(ref=doc.our_reference))
        changes = [
            ("sha256", doc.sha256, digest),
            ("page_count", doc.page_count, sum(pdf.page_counts)),
            ("approved_by", None, actor.id),
        ]
        record_changes(db, actor, AuditAction.UPDATE, "documents", doc.id, changes, doc.booking_id)
        drop_blob_if_unused(db, doc.sha256)
    return get_document(db, document_id)


def issue_document(
    db: Database,
    actor: Staff,
    document_id: int,
    row_version: int,
    *,
    now: datetime | None = None,
    method: str = "mail",
) -> Document:
    """Issue an approved letter: file it as outgoing correspondence with its PDF; lock it.

    The correspondence row is sent today by ``method``, from the office to the addressee (a
    contact, added the first time), filed under the letter's case, detainer and opt-out
    request, and, for a letter about a letter, as the answer to it.

    Raises:
        DeskError: the letter is not approved, or is issued already.
        ConflictError: the letter changed since ``row_version``.
        ValidationError: ``method`` is not a method of the correspondence log.
        StoreError: the stored PDF is damaged (nothing is issued).
    """
    now = now or utc_now()
    tz = county_timezone(db)
    today = county_today(tz, now)
    doc = get_document(db, document_id)
    _check_version(doc, row_version)
    if doc.issued_at is not None:
        raise DeskError(f"Letter {doc.our_reference} was issued already; it cannot be again.")
    if doc.approved_at is None:
        raise DeskError(
            f"Letter {doc.our_reference} is a draft: an attorney, a supervisor or an "
            "administrator must approve it before it is issued."
        )
    pdf = document_pdf(db, document_id)
    with write_transaction(db):
        if get_document(db, document_id).row_version != row_version:
            raise ConflictError(CHANGED.format(ref=doc.our_reference))
        settings = office.office_settings(db, with_logo=False)
        letter = Letter(
            id=None,
            direction=Direction.OUT,
            method=method,
            subject=doc.title,
            sent_date=today,
            from_contact_id=resolve_contact(db, "county_office", settings.office_name, actor),
            to_contact_id=_addressee_contact(db, actor, doc),
            summary=(
                f"Issued letter {doc.our_reference} ({doc.template_code} "
                f"v{doc.template_version}, {doc.language})"
            ),
            booking_id=doc.booking_id,
            detainer_id=doc.detainer_id,
            optout_id=doc.optout_id,
            in_reply_to_id=doc.correspondence_id if doc.about.kind == "correspondence" else None,
        )
        attached = FileToAttach(f"{doc.our_reference}.pdf", "application/pdf", pdf)
        filed = create_letter(db, letter, actor, tz, files=[attached], today=today)
        at = to_db_instant(now)
        db.execute(
            "UPDATE documents SET issued_by = ?, issued_at = ?, filed_as_id = ?, "
            "row_version = row_version + 1 WHERE id = ?",
            [actor.id, at, filed.id, doc.id],
        )
        changes = [("issued_by", None, actor.id), ("issued_at", None, at)]
        changes.append(("filed_as_id", None, filed.id))
        record_changes(db, actor, AuditAction.UPDATE, "documents", doc.id, changes, doc.booking_id)
    return get_document(db, document_id)


def discard_draft(db: Database, actor: Staff, document_id: int, row_version: int) -> None:
    """Delete a letter that was never issued (draft or approved), audited; its PDF goes too.

    Raises:
        DeskError: the letter was issued (issued letters are kept).
        ConflictError: the letter changed since ``row_version``.
        NotFoundError: there is no such document.
    """
    doc = get_document(db, document_id)
    if doc.issued_at is not None:
        raise DeskError(
            f"Letter {doc.our_reference} was issued, and issued letters are kept; to correct "
            "it, make a new letter that supersedes it."
        )
    _check_version(doc, row_version)
    with write_transaction(db):
        row = next(iter(db.query("SELECT * FROM documents WHERE id = ?", [document_id])), None)
        if row is None or row["row_version"] != row_version or row["issued_at"]:
            raise ConflictError(CHANGED.format(ref=doc.our_reference))
        db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        skip = ("id", "merge_values", "row_version")
        changes = [(k, v, None) for k, v in row.items() if k not in skip and v is not None]
        record_changes(
            db, actor, AuditAction.DELETE, "documents", document_id, changes, doc.booking_id
        )
        drop_blob_if_unused(db, doc.sha256)


# -- internals --------------------------------------------------------------------------------


def _check_version(doc: Document, row_version: int) -> None:
    if doc.row_version != row_version:
        raise ConflictError(CHANGED.format(ref=doc.our_reference))


def _render_stored(db: Database, doc: Document, *, draft: bool) -> RenderedPdf:
    """The document printed again from its stored template version and values."""
    row = db.execute("SELECT merge_values FROM documents WHERE id = ?", [doc.id]).fetchone()
    inputs = inputs_from_json(row[0])
    request = LetterRequest(
        doc.template_code,
        doc.language,
        doc.about,
        recipients=doc.recipients,
        their_reference=inputs.their_reference,
        enclosures=inputs.enclosures,
    )
    content, _ = compose(
        db,
        request,
        today=inputs.letter_date,
        our_reference=doc.our_reference,
        draft=draft,
        template=get_template(db, doc.template_id),
        values=inputs.values,
    )
    return render_pdf([content])


def _check_supersedable(db: Database, old_id: int, request: LetterRequest) -> None:
    old = get_document(db, old_id)
    if old.issued_at is None:
        raise DeskError(
            f"Letter {old.our_reference} was never issued: change or discard the draft instead "
            "of superseding it."
        )
    if old.superseded_by_id is not None:
        newer = get_document(db, old.superseded_by_id).our_reference
        raise DeskError(
            f"Letter {old.our_reference} is already corrected by letter {newer}; correct that "
            "one instead."
        )
    if old.about != request.about or old.template_code != request.template_code:
        raise DeskError(
            f"A correction of letter {old.our_reference} must be the same kind of letter about "
            f"the same record ({old.about.label})."
        )


def _addressee_contact(db: Database, actor: Staff, doc: Document) -> int | None:
    """The contact the letter goes to: the record's own when it names the addressee."""
    to = doc.addressee
    name = to.name.strip() if to else ""
    recipient = db.execute(
        "SELECT recipient FROM letter_types WHERE code = ?", [doc.template_code]
    ).fetchone()[0]
    known = None
    if recipient == "optout_addressee" and doc.optout_id is not None:
        known = db.execute(
            "SELECT addressed_to_id FROM optout_requests WHERE id = ?", [doc.optout_id]
        ).fetchone()[0]
    elif recipient == "correspondent" and doc.correspondence_id is not None:
        known = db.execute(
            "SELECT CASE WHEN direction = 'in' THEN from_contact_id ELSE to_contact_id END "
            "FROM correspondence WHERE id = ?",
            [doc.correspondence_id],
        ).fetchone()[0]
    if known is not None:
        names = db.execute(
            "SELECT name, organisation FROM contacts WHERE id = ?", [known]
        ).fetchone()
        if not name or any(n and n.strip() == name for n in names):
            return known
    return resolve_contact(db, CONTACT_KINDS.get(recipient, "other"), name, actor)
