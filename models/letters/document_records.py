"""Generated letters (documents) as read back: dataclasses, status, stored columns, reads.

Kept apart from the verbs of :mod:`models.letters.documents` (which re-exports the reads) for
length. A document stores, as JSON, the recipients it was addressed to and the merge values it
was filled from, so approving a draft prints the same words from the same template version.
Merge values hold :class:`~models.letters.fields.Record` groups (which know their path, for the
"this letter needs the booking number" messages); JSON keeps them as plain objects, and
:func:`values_from_json` gives them their paths back from where they sit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlite_utils import Database

from models.errors import NotFoundError, StoreError
from models.letters import office
from models.letters.about import PERIOD, About
from models.letters.content import Recipient
from models.letters.fields import Record
from models.store import reported
from models.timeutil import from_db_date, from_db_instant

_LINK_SQL = {
    "case": "SELECT id, NULL, NULL FROM bookings WHERE id = ?",
    "detainer": "SELECT booking_id, id, NULL FROM detainers WHERE id = ?",
    "correspondence": "SELECT booking_id, detainer_id, optout_id FROM correspondence WHERE id = ?",
    "optout": "SELECT NULL, NULL, id FROM optout_requests WHERE id = ?",
}
_NOUNS = {"case": "case", "detainer": "detainer", "correspondence": "letter", "optout": "opt-out"}


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    ISSUED = "issued"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def status_of(approved: object, issued: object, superseded_by: object) -> DocumentStatus:
    """A document's status from its approval, issue and the document naming it (if any)."""
    if superseded_by is not None:
        return DocumentStatus.SUPERSEDED
    if issued is not None:
        return DocumentStatus.ISSUED
    if approved is not None:
        return DocumentStatus.APPROVED
    return DocumentStatus.DRAFT


@dataclass(frozen=True)
class Document:
    """One generated letter, as stored: what made it, who, when, its PDF's hash, its state.

    ``superseded_by_id`` is the later document that names this one as corrected (a draft of the
    correction already counts: only one correction of a letter can exist).
    """

    id: int
    template_id: int
    template_code: str
    template_version: int
    language: str
    title: str
    our_reference: str
    about: About
    recipients: tuple[Recipient, ...]
    generated_by: int
    generated_at: datetime
    sha256: str
    page_count: int
    approved_by: int | None
    approved_at: datetime | None
    issued_by: int | None
    issued_at: datetime | None
    filed_as_id: int | None
    supersedes_id: int | None
    superseded_by_id: int | None
    batch_id: int | None
    row_version: int
    booking_id: int | None = None
    detainer_id: int | None = None
    optout_id: int | None = None
    correspondence_id: int | None = None
    #: The letter's date as printed (the day the draft was made).
    letter_date: date | None = None
    their_reference: str = ""
    enclosures: tuple[str, ...] = ()

    @property
    def status(self) -> DocumentStatus:
        return status_of(self.approved_at, self.issued_at, self.superseded_by_id)

    @property
    def addressee(self) -> Recipient | None:
        return next((r for r in self.recipients if r.role == "to"), None)


@dataclass(frozen=True)
class DocumentRow:
    """One line of a list of letters (light: no recipients, no values)."""

    id: int
    our_reference: str
    title: str
    template_code: str
    language: str
    about: About
    status: DocumentStatus
    generated_at: datetime
    generated_by_name: str
    approved_at: datetime | None
    issued_at: datetime | None
    batch_id: int | None = None

    @property
    def about_label(self) -> str:
        return self.about.label


@dataclass(frozen=True)
class StoredInputs:
    """What a document was composed from besides its template: enough to compose it again."""

    letter_date: date
    values: dict
    their_reference: str = ""
    enclosures: tuple[str, ...] = ()


# -- columns --------------------------------------------------------------------------------


def about_columns(about: About) -> dict:
    """The ``about_*`` and period columns of ``about``."""
    return {
        "about_kind": about.kind,
        "about_id": about.record_id,
        "period_start": about.start.isoformat() if about.start else None,
        "period_end": about.end.isoformat() if about.end else None,
    }


def about_of(kind: str, record_id: int | None, start: str | None, end: str | None) -> About:
    if kind == PERIOD:
        return About(PERIOD, start=date.fromisoformat(start), end=date.fromisoformat(end))
    return About(kind, record_id)


def recipients_to_json(recipients: tuple[Recipient, ...]) -> str:
    data = [
        {"name": r.name, "address_lines": list(r.address_lines), "role": r.role} for r in recipients
    ]
    return json.dumps(data, ensure_ascii=False)


def recipients_from_json(text: str) -> tuple[Recipient, ...]:
    return tuple(
        Recipient(r["name"], tuple(r.get("address_lines") or ()), r.get("role", "to"))
        for r in json.loads(text)
    )


def inputs_to_json(inputs: StoredInputs) -> str:
    """The ``merge_values`` column: the values and the letter's own date, references, enclosures."""
    data = {
        "letter_date": inputs.letter_date.isoformat(),
        "their_reference": inputs.their_reference,
        "enclosures": list(inputs.enclosures),
        "values": inputs.values,
    }
    return json.dumps(data, ensure_ascii=False, default=_plain)


def inputs_from_json(text: str) -> StoredInputs:
    data = json.loads(text)
    return StoredInputs(
        letter_date=date.fromisoformat(data["letter_date"]),
        values=values_from_json(data["values"]),
        their_reference=data.get("their_reference") or "",
        enclosures=tuple(data.get("enclosures") or ()),
    )


def values_from_json(data: Mapping) -> dict:
    """Merge values read back from JSON, each group a :class:`Record` with its path again.

    A group's path is where it sits: ``booking``, ``optout.addressee``; an item of a list is
    ``charges[]`` (as :func:`models.letters.fields.sample_context` builds them).
    """
    return {key: _restore(value, key) for key, value in data.items()}


def _restore(value, path: str):
    if isinstance(value, dict):
        return Record(path, {k: _restore(v, f"{path}.{k}") for k, v in value.items()})
    if isinstance(value, list):
        return [_restore(item, f"{path}[]") for item in value]
    return value


def _plain(value):
    """JSON for what merge values may hold beyond JSON's own types (dates, tuples)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"a merge value of type {type(value).__name__} cannot be stored")


#: The columns a :class:`Document` takes as they are.
_PLAIN = (
    "id", "template_id", "template_code", "template_version", "language", "title",
    "our_reference", "generated_by", "sha256", "page_count", "approved_by", "issued_by",
    "filed_as_id", "supersedes_id", "batch_id", "row_version", "booking_id", "detainer_id",
    "optout_id", "correspondence_id",
)  # fmt: skip


def document_from_row(row: Mapping, superseded_by_id: int | None) -> Document:
    """A :class:`Document` from its ``documents`` row."""
    inputs = json.loads(row["merge_values"])
    return Document(
        **{column: row[column] for column in _PLAIN},
        about=about_of(row["about_kind"], row["about_id"], row["period_start"], row["period_end"]),
        recipients=recipients_from_json(row["recipients"]),
        generated_at=from_db_instant(row["generated_at"]),
        approved_at=from_db_instant(row["approved_at"]),
        issued_at=from_db_instant(row["issued_at"]),
        superseded_by_id=superseded_by_id,
        letter_date=from_db_date(inputs.get("letter_date")),
        their_reference=inputs.get("their_reference") or "",
        enclosures=tuple(inputs.get("enclosures") or ()),
    )


# -- reading ----------------------------------------------------------------------------------


@reported
def get_document(db: Database, document_id: int) -> Document:
    """One document.

    Raises:
        NotFoundError: there is no such document.
    """
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    if not rows:
        raise NotFoundError(f"There is no generated letter number {document_id}.")
    return document_from_row(rows[0], superseded_by(db, document_id))


def superseded_by(db: Database, document_id: int) -> int | None:
    """The document that corrects ``document_id``, if one does."""
    row = db.execute("SELECT id FROM documents WHERE supersedes_id = ?", [document_id]).fetchone()
    return row[0] if row else None


@reported
def document_pdf(db: Database, document_id: int) -> bytes:
    """The PDF exactly as stored when the letter was made (never made again), checked.

    Raises:
        NotFoundError: there is no such document.
        StoreError: the stored bytes are missing or no longer match their SHA-256.
    """
    row = db.execute(
        "SELECT d.our_reference, d.sha256, b.content FROM documents d "
        "LEFT JOIN attachment_blobs b ON b.sha256 = d.sha256 WHERE d.id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no generated letter number {document_id}.")
    reference, digest, content = row
    if content is None or hashlib.sha256(content).hexdigest() != digest:
        raise StoreError(
            f"The stored copy of letter {reference} is damaged in the database: its bytes no "
            "longer match the SHA-256 recorded when it was made. Restore the database from a "
            "backup; the damaged copy was not opened."
        )
    return bytes(content)


@reported
def list_documents(
    db: Database,
    *,
    status: DocumentStatus | str | None = None,
    about: About | None = None,
    limit: int = 500,
) -> list[DocumentRow]:
    """Generated letters, newest first, light enough for a list.

    Args:
        db: the database.
        status: only drafts (not approved), approved (not issued), issued (and not superseded)
            or superseded ones.
        about: only the letters of this record: for a case every letter filed under it (its
            detainers' too), for a detainer, letter or opt-out request those about it or filed
            under it, for a period those about exactly that period.
        limit: at most this many.
    """
    where, params = [], []
    superseding = "EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id)"
    if status is not None:
        where.append(
            {
                DocumentStatus.DRAFT: "d.approved_at IS NULL",
                DocumentStatus.APPROVED: "d.approved_at IS NOT NULL AND d.issued_at IS NULL",
                DocumentStatus.ISSUED: f"d.issued_at IS NOT NULL AND NOT {superseding}",
                DocumentStatus.SUPERSEDED: superseding,
            }[DocumentStatus(status)]
        )
    if about is not None:
        column = {
            "case": "d.booking_id",
            "detainer": "d.detainer_id",
            "optout": "d.optout_id",
            "correspondence": "d.correspondence_id",
        }.get(about.kind)
        if column:
            where.append(f"{column} = ?")
            params.append(about.record_id)
        else:
            where.append("d.about_kind = 'period' AND d.period_start = ? AND d.period_end = ?")
            params += [about.start.isoformat(), about.end.isoformat()]
    sql = (
        "SELECT d.id, d.our_reference, d.title, d.template_code, d.language, d.about_kind, "
        "d.about_id, d.period_start, d.period_end, d.generated_at, s.full_name, "
        "d.approved_at, d.issued_at, d.batch_id, "
        "(SELECT n.id FROM documents n WHERE n.supersedes_id = d.id) "
        "FROM documents d JOIN staff s ON s.id = d.generated_by"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY d.generated_at DESC, d.id DESC LIMIT ?"
    )
    rows = db.execute(sql, [*params, limit]).fetchall()
    return [
        DocumentRow(
            id=r[0],
            our_reference=r[1],
            title=r[2],
            template_code=r[3],
            language=r[4],
            about=about_of(r[5], r[6], r[7], r[8]),
            status=status_of(r[11], r[12], r[14]),
            generated_at=from_db_instant(r[9]),
            generated_by_name=r[10],
            approved_at=from_db_instant(r[11]),
            issued_at=from_db_instant(r[12]),
            batch_id=r[13],
        )
        for r in rows
    ]


# -- references and links ---------------------------------------------------------------


def next_reference(db: Database, year: int) -> str:
    """The reference the next letter of ``year`` gets: ``DD-2026-00013``."""
    prefix = office.office_settings(db, with_logo=False).reference_prefix or "DD"
    head = f"{prefix}-{year}-"
    # The unique index on our_reference serves the range; the numbers are compared as numbers
    # so that the 100,000th letter of a year still counts after the 99,999th.
    row = db.execute(
        "SELECT max(CAST(substr(our_reference, ?) AS INTEGER)) FROM documents "
        "WHERE our_reference >= ? AND our_reference < ?",
        [len(head) + 1, head, head[:-1] + "."],
    ).fetchone()
    return f"{head}{(row[0] or 0) + 1:05d}"


def reference_after(reference: str, count: int) -> str:
    """The reference ``count`` letters after ``reference`` (``DD-2026-00013`` + 2 = ``…15``)."""
    head, _, number = reference.rpartition("-")
    return f"{head}-{int(number) + count:05d}"


def record_links(db: Database, about: About) -> dict:
    """The case, detainer, opt-out request and letter a document about ``about`` is filed under.

    Raises:
        NotFoundError: the record does not exist.
    """
    links = dict.fromkeys(("booking_id", "detainer_id", "optout_id", "correspondence_id"))
    if about.kind not in _LINK_SQL:
        return links
    row = db.execute(_LINK_SQL[about.kind], [about.record_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no {_NOUNS[about.kind]} number {about.record_id}.")
    links.update(booking_id=row[0], detainer_id=row[1], optout_id=row[2])
    if about.kind == "correspondence":
        links["correspondence_id"] = about.record_id
    return links
