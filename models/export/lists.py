"""The other lists as exports: detainers, correspondence, opt-out requests, generated letters.

Each list is exported with the filters its work area shows and in the same order, the ids
found by the list's own query (:mod:`models.detainer_list`, :mod:`models.correspondence_list`)
and the columns read a chunk of ids at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.correspondence import DAY_SQL
from models.correspondence_list import LetterQuery, letter_ids
from models.detainer_list import DetainerQuery, detainer_ids
from models.export.columns import Column, ExportSource, Kind, Sheet, chunked, yes_no
from models.letters.document_records import DocumentStatus, list_documents
from models.optouts import list_optouts
from models.records import Decision, DetainerStatus, Direction, Recommendation
from models.store import reported
from models.timeutil import from_db_date, from_db_instant

#: Ids per details query (well under SQLite's limit of bound parameters).
CHUNK = 500
#: More letters than any office makes: the Letters export is never cut short.
ALL_LETTERS = 1_000_000_000

DETAINER_COLUMNS = (
    Column("Detainer ID", Kind.IDENTIFIER),
    Column("Case ID", Kind.IDENTIFIER),
    Column("Booking #", Kind.IDENTIFIER),
    Column("Name", Kind.NAME),
    Column("Form"),
    Column("Received", Kind.INSTANT),
    Column("Received via"),
    Column("ICE office"),
    Column("ICE officer", Kind.NAME),
    Column("ICE subject ID", Kind.IDENTIFIER),
    Column("Event number", Kind.IDENTIFIER),
    Column("Warrant"),
    Column("Requests hold"),
    Column("Requests notification"),
    Column("Requests transfer"),
    Column("Status"),
    Column("Hold rule"),
    Column("Hold expires", Kind.INSTANT),
    Column("Policy"),
    Column("Recommendation"),
    Column("Decision"),
    Column("Decided", Kind.INSTANT),
    Column("Decided by", Kind.NAME),
    Column("Decision reason", public=False),
    Column("Lift reason"),
    Column("Lifted", Kind.INSTANT),
    Column("Released to ICE", Kind.INSTANT),
    Column("Released to the community", Kind.INSTANT),
    Column("Notes", public=False),
)
_DETAINERS = """
SELECT d.id, d.booking_id, b.booking_number,
       p.family_name || coalesce(', ' || p.given_names, ''),
       coalesce(f.short_label, d.form_code), d.received_at, coalesce(rm.label, d.received_via),
       d.ice_office, d.ice_officer, d.ice_subject_id, d.event_number,
       coalesce(w.label, d.warrant_type), d.requests_hold, d.requests_notification,
       d.requests_transfer, d.status, coalesce(h.label, d.hold_rule), d.hold_expires_at,
       coalesce(cp.label, d.policy_code), d.recommendation, d.decision, d.decided_at,
       s.full_name, d.decision_reason, coalesce(lr.label, d.lift_reason), d.lifted_at,
       d.released_to_ice_at, d.released_to_community_at, d.notes
FROM detainers d JOIN bookings b ON b.id = d.booking_id JOIN persons p ON p.id = b.person_id
LEFT JOIN detainer_forms f ON f.code = d.form_code
LEFT JOIN receipt_methods rm ON rm.code = d.received_via
LEFT JOIN warrant_types w ON w.code = d.warrant_type
LEFT JOIN hold_rules h ON h.code = d.hold_rule
LEFT JOIN county_policies cp ON cp.code = d.policy_code
LEFT JOIN lift_reasons lr ON lr.code = d.lift_reason
LEFT JOIN staff s ON s.id = d.decided_by
"""

LETTER_COLUMNS = (
    Column("Letter ID", Kind.IDENTIFIER),
    Column("Day", Kind.DATE),
    Column("Direction"),
    Column("Method"),
    Column("Sent", Kind.DATE),
    Column("Received", Kind.DATE),
    Column("From", Kind.NAME),
    Column("From (kind)"),
    Column("To", Kind.NAME),
    Column("To (kind)"),
    Column("Subject", public=False),
    Column("Summary", public=False),
    Column("Case ID", Kind.IDENTIFIER),
    Column("Detainer ID", Kind.IDENTIFIER),
    Column("Opt-out request ID", Kind.IDENTIFIER),
    Column("In reply to", Kind.IDENTIFIER),
    Column("Reply due", Kind.DATE),
    Column("Answered"),
    Column("Attachments", Kind.NUMBER),
    Column("Notes", public=False),
)
_LETTERS = f"""
SELECT c.id, {DAY_SQL.format(t="c.")}, c.direction, coalesce(cm.label, c.method), c.sent_date,
       c.received_date, fc.name, coalesce(fk.label, fc.kind), tc.name, coalesce(tk.label, tc.kind),
       c.subject, c.summary, c.booking_id, c.detainer_id, c.optout_id, c.in_reply_to_id,
       c.reply_due_date,
       EXISTS (SELECT 1 FROM correspondence r WHERE r.in_reply_to_id = c.id),
       (SELECT count(*) FROM attachments a WHERE a.correspondence_id = c.id), c.notes
FROM correspondence c
LEFT JOIN correspondence_methods cm ON cm.code = c.method
LEFT JOIN contacts fc ON fc.id = c.from_contact_id
LEFT JOIN contact_kinds fk ON fk.code = fc.kind
LEFT JOIN contacts tc ON tc.id = c.to_contact_id
LEFT JOIN contact_kinds tk ON tk.code = tc.kind
"""

OPTOUT_COLUMNS = (
    Column("Request ID", Kind.IDENTIFIER),
    Column("Jurisdiction"),
    Column("Request"),
    Column("Status"),
    Column("Resolution number"),
    Column("Resolution date", Kind.DATE),
    Column("Resolution vote"),
    Column("Addressed to", Kind.NAME),
    Column("Program activated", Kind.DATE),
    Column("Follow up by", Kind.DATE),
    Column("Summary", public=False),
    Column("Notes", public=False),
)

DOCUMENT_COLUMNS = (
    Column("Letter ID", Kind.IDENTIFIER),
    Column("Reference", Kind.IDENTIFIER),
    # A title is filled in from the record ("Notice to María Núñez"): it may name the person.
    Column("Title", public=False),
    Column("About", Kind.IDENTIFIER),  # "Detainer 12": a record's id
    Column("Template"),
    Column("Language"),
    Column("Status"),
    Column("Generated by", Kind.NAME),
    Column("Generated", Kind.INSTANT),
    Column("Approved", Kind.INSTANT),
    Column("Issued", Kind.INSTANT),
    Column("Batch", Kind.IDENTIFIER),
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@reported
def detainer_source(db: Database, query: DetainerQuery, tz: ZoneInfo) -> ExportSource:
    """The detainers ``query`` lists, newest received first."""
    ids = detainer_ids(db, query, tz)
    filters = {
        "status": str(query.status) if query.status else None,
        "form_code": query.form_code,
        "ice_office": query.ice_office,
        "received_from": _iso(query.received_from),
        "received_to": _iso(query.received_to),
        "booking_id": query.booking_id,
    }

    def row(r: tuple) -> tuple:
        return (
            *r[0:5],
            from_db_instant(r[5]),
            *r[6:12],
            yes_no(r[12]),
            yes_no(r[13]),
            yes_no(r[14]),
            DetainerStatus(r[15]).label,
            r[16],
            from_db_instant(r[17]),
            r[18],
            Recommendation(r[19]).label if r[19] else None,
            Decision(r[20]).label if r[20] else None,
            from_db_instant(r[21]),
            *r[22:25],
            from_db_instant(r[25]),
            from_db_instant(r[26]),
            from_db_instant(r[27]),
            r[28],
        )

    sheet = Sheet("Detainers", DETAINER_COLUMNS, _by_ids(db, _DETAINERS, "d", ids, row))
    return ExportSource("detainers", "Detainers", {"query": filters}, len(ids), sheet)


@reported
def correspondence_source(db: Database, query: LetterQuery, today: date) -> ExportSource:
    """The letters ``query`` lists on ``today`` (which decides what is overdue), newest first."""
    ids = letter_ids(db, query, today)
    filters = {
        "awaiting_reply": query.awaiting_reply,
        "overdue": query.overdue,
        "today": today.isoformat(),
        "contact_id": query.contact_id,
        "method": query.method,
        "direction": str(query.direction) if query.direction else None,
        "date_from": _iso(query.date_from),
        "date_to": _iso(query.date_to),
        "booking_id": query.booking_id,
        "detainer_id": query.detainer_id,
        "optout_id": query.optout_id,
        "search": query.search.strip() or None,
    }

    def row(r: tuple) -> tuple:
        dates = (from_db_date(r[1]),)
        direction = Direction(r[2]).label
        sent_received = (from_db_date(r[4]), from_db_date(r[5]))
        return (
            r[0], *dates, direction, r[3], *sent_received, *r[6:16],
            from_db_date(r[16]), yes_no(r[17]), r[18], r[19],
        )  # fmt: skip

    sheet = Sheet("Correspondence", LETTER_COLUMNS, _by_ids(db, _LETTERS, "c", ids, row))
    return ExportSource("correspondence", "Correspondence", {"query": filters}, len(ids), sheet)


@reported
def optout_source(db: Database) -> ExportSource:
    """Every opt-out request (a county has a handful), newest activity first."""
    requests = list_optouts(db)
    kinds = dict(db.execute("SELECT code, label FROM optout_request_kinds").fetchall())
    statuses = dict(db.execute("SELECT code, label FROM optout_statuses").fetchall())
    contacts = dict(db.execute("SELECT id, name FROM contacts").fetchall())

    def rows() -> Iterator[tuple]:
        for r in requests:
            yield (
                r.id,
                r.jurisdiction,
                kinds.get(r.request_kind, r.request_kind),
                statuses.get(r.status, r.status),
                r.resolution_number,
                r.resolution_date,
                r.resolution_vote,
                contacts.get(r.addressed_to_id),
                r.activation_date,
                r.follow_up_due_date,
                r.summary,
                r.notes,
            )

    sheet = Sheet("Opt-out requests", OPTOUT_COLUMNS, rows)
    return ExportSource("optouts", "Opt-out requests", {"query": {}}, len(requests), sheet)


@reported
def document_source(db: Database, status: DocumentStatus | None = None) -> ExportSource:
    """The generated letters (a few thousand a year at most), newest first, as the list shows."""
    documents = list_documents(db, status=status, limit=ALL_LETTERS)
    languages = dict(db.execute("SELECT code, name FROM letter_languages").fetchall())

    def rows() -> Iterator[tuple]:
        for d in documents:
            yield (
                d.id,
                d.our_reference,
                d.title,
                d.about.label,
                d.template_code,
                languages.get(d.language, d.language),
                d.status.label,
                d.generated_by_name,
                d.generated_at,
                d.approved_at,
                d.issued_at,
                d.batch_id,
            )

    filters = {"query": {"status": str(status) if status else None}}
    sheet = Sheet("Letters", DOCUMENT_COLUMNS, rows)
    return ExportSource("letters", "Generated letters", filters, len(documents), sheet)


def _by_ids(db: Database, sql: str, alias: str, ids: list[int], row):
    """A row generator reading ``ids`` a chunk at a time, in the order of ``ids``."""

    def rows() -> Iterator[tuple]:
        for chunk in chunked(ids, CHUNK):
            marks = ", ".join("?" * len(chunk))
            found = {r[0]: r for r in db.execute(f"{sql} WHERE {alias}.id IN ({marks})", chunk)}
            yield from (row(found[i]) for i in chunk if i in found)

    return rows
