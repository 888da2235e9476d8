"""Audit rows told in plain language for a record's History tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.audit import history_for_case
from models.contacts import contact_name_map
from models.detainer_vocab import coded_column_labels
from models.lookups import label_for, load_vocabularies
from models.provenance import describe_origin, describe_withheld, import_origins, withheld_for_case
from models.records import (
    CUSTODY_LABELS,
    SEX_LABELS,
    AuditAction,
    AuditEntry,
    CustodyStatus,
    Decision,
    DetainerStatus,
    Recommendation,
    Vocabularies,
)
from models.store import reported
from models.timeutil import format_date, format_local

RECORD_NAMES = {
    "persons": "person",
    "bookings": "booking",
    "charges": "charge",
    "fingerprint_matches": "fingerprint match",
    "staff": "staff member",
    "detainers": "detainer",
    "correspondence": "letter",
    "attachments": "attachment",
    "optout_requests": "opt-out request",
}

FIELD_LABELS = {
    "family_name": "family name",
    "given_names": "given names",
    "aliases": "aliases",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "country_of_birth": "country of birth",
    "citizenship_claimed": "claimed citizenship",
    "is_us_citizenship_claimed": "US citizenship claim",
    "a_number": "A-number",
    "fbi_number": "FBI number",
    "state_id": "state ID (SID)",
    "preferred_language": "preferred language",
    "is_interpreter_needed": "interpreter needed",
    "attorney_contact_id": "attorney",
    "designee_contact_id": "designee",
    "notes": "notes",
    "booking_number": "booking number",
    "agency_ori": "agency ORI",
    "facility": "facility",
    "arresting_agency": "arresting agency",
    "booked_at": "booked at",
    "release_eligible_at": "release eligible at",
    "released_at": "released at",
    "release_reason": "release reason",
    "released_to": "released to",
    "custody_status": "custody status",
    "person_id": "person",
    "statute": "statute",
    "description": "description",
    "charge_class": "class",
    "disposition": "disposition",
    "disposition_date": "disposition date",
    "conviction_date": "conviction date",
    "sentence": "sentence",
    "program_era": "program era",
    "response_type": "response type",
    "queried_at": "query time",
    "responded_at": "response time",
    "offense_level_scheme": "offense level scheme",
    "offense_level": "offense level",
    "criminality_code": "ICE criminality code",
    "ice_response": "ICE response",
    "form_code": "form",
    "edition": "edition",
    "received_via": "received by",
    "ice_office": "ICE office",
    "ice_officer": "ICE officer",
    "ice_subject_id": "ICE subject ID",
    "event_number": "event number",
    "warrant_type": "warrant",
    "requests_hold": "hold requested",
    "requests_notification": "notification requested",
    "requests_transfer": "transfer requested",
    "boxes": "boxes ticked",
    "status": "status",
    "hold_rule": "hold rule",
    "hold_starts_at": "hold clock starts",
    "hold_expires_at": "hold expires",
    "policy_code": "county policy",
    "recommendation": "recommendation",
    "recommendation_reasons": "reasons",
    "decision": "decision",
    "decided_at": "decided at",
    "decided_by": "decided by",
    "decision_reason": "reason for the decision",
    "lift_reason": "ICE lift reason",
    "lifted_at": "lifted at",
    "superseded_by_id": "superseded by detainer",
    "released_to_ice_at": "released to ICE at",
    "received_at": "received at",
    "direction": "direction",
    "method": "method",
    "sent_date": "sent",
    "received_date": "received",
    "from_contact_id": "from",
    "to_contact_id": "to",
    "subject": "subject",
    "summary": "summary",
    "detainer_id": "detainer",
    "optout_id": "opt-out request",
    "in_reply_to_id": "in reply to letter",
    "reply_due_date": "reply due",
    "reply_rule": "reply rule",
    "is_reply_extended": "extension granted",
    "correspondence_id": "letter",
    "sha256": "SHA-256",
    "file_name": "file",
    "media_type": "type",
    "added_by": "added by",
    "released_to_community_at": "released to the community at",
    "full_name": "name",
    "role": "role",
    "os_login": "login",
}


@dataclass(frozen=True)
class HistoryLine:
    when: str
    who: str
    what: str


_ENUMS = {"status": DetainerStatus, "decision": Decision, "recommendation": Recommendation}
_CODED = {
    "program_era": "program_eras",
    "response_type": "response_types",
    "criminality_code": "criminality_codes",
    "charge_class": "charge_classes",
    "offense_level_scheme": "offense_level_schemes",
}


def show_value(
    field: str | None,
    value: str | None,
    tz: ZoneInfo,
    vocab: Vocabularies | None = None,
    contacts: dict[int, str] | None = None,
    codes: dict[str, dict[str, str]] | None = None,
) -> str:
    """A stored audit value the way the form shows it (names, labels, local times)."""
    if value is None or value == "":
        return "(blank)"
    if field in _ENUMS and value in {m.value for m in _ENUMS[field]}:
        return _ENUMS[field](value).label
    if field == "boxes" and codes:
        return "; ".join(codes["boxes"].get(code, code) for code in value.split(", "))
    if codes and field in codes:
        return codes[field].get(value, value)
    if field and field.startswith("requests_"):
        return "Yes" if value == "1" else "No"
    if field == "sha256":
        return value[:12] + "…"
    if (
        field in ("attorney_contact_id", "designee_contact_id", "from_contact_id", "to_contact_id")
        and contacts is not None
    ):
        return contacts.get(int(value), f"contact {value}")
    if field == "person_id":
        return f"person record {value}"
    if field in _CODED and vocab is not None:
        return label_for(getattr(vocab, _CODED[field]), value)
    if field and field.endswith("_at"):
        try:
            return format_local(datetime.fromisoformat(value), tz)
        except ValueError:
            return value
    if field and (field.endswith("_date") or field == "date_of_birth"):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if field and field.startswith("is_"):
        return "Yes" if value == "1" else "No"
    if field == "custody_status" and value in set(CustodyStatus):
        return CUSTODY_LABELS[CustodyStatus(value)]
    if field == "sex":
        return next((label for code, label in SEX_LABELS.items() if code == value), value)
    return value


@reported
def case_history(
    db: Database,
    booking_id: int,
    person_id: int,
    tz: ZoneInfo,
    vocab: Vocabularies | None = None,
) -> list[HistoryLine]:
    """The History tab of one case: its own changes and its person's, newest first."""
    entries = history_for_case(db, booking_id, person_id)
    lines = history_lines(
        entries,
        tz,
        vocab or load_vocabularies(db),
        contact_name_map(db),
        coded_column_labels(db),
    )
    return _with_imports(db, lines, entries, booking_id, person_id, tz)


def _with_imports(db, lines, entries, booking_id, person_id, tz) -> list[HistoryLine]:
    """Put each import that made or changed the case among its lines, at its moment."""
    origins = import_origins(db, booking_id)
    if not origins:
        return lines
    withheld = withheld_for_case(db, booking_id, person_id)
    dated: list[tuple] = [
        (entry_at, line) for entry_at, line in zip(_line_times(entries), lines, strict=True)
    ]
    for origin in origins:
        what = describe_origin(origin)
        if origin.action == "created" and withheld:
            what += ". " + describe_withheld(withheld)
        dated.append((origin.at, HistoryLine(format_local(origin.at, tz), origin.who, what)))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [line for _at, line in dated]


def _line_times(entries: list[AuditEntry]) -> list:
    """The moment of each line :func:`history_lines` makes from ``entries``, newest first."""
    return [group[0].at for group in reversed(_groups(entries))]


def history_lines(
    entries: list[AuditEntry],
    tz: ZoneInfo,
    vocab: Vocabularies | None = None,
    contacts: dict[int, str] | None = None,
    codes: dict[str, dict[str, str]] | None = None,
) -> list[HistoryLine]:
    """One line per change of one record at one moment, newest first.

    Audit rows are per field; a clerk reads "Created charge: statute PC 459, description
    Burglary" better than one line for each field.
    """
    return [_describe(group, tz, vocab, contacts, codes) for group in reversed(_groups(entries))]


def _groups(entries: list[AuditEntry]) -> list[list[AuditEntry]]:
    """Audit rows of one record changed at one moment by one person, oldest group first."""
    groups: list[list[AuditEntry]] = []
    for entry in entries:
        last = groups[-1][0] if groups else None
        key = (entry.at, entry.staff_id, entry.action, entry.table_name, entry.record_id)
        if last and key == (last.at, last.staff_id, last.action, last.table_name, last.record_id):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _describe(
    group: list[AuditEntry],
    tz: ZoneInfo,
    vocab: Vocabularies | None,
    contacts: dict[int, str] | None,
    codes: dict[str, dict[str, str]] | None = None,
) -> HistoryLine:
    first = group[0]
    record = RECORD_NAMES.get(first.table_name, first.table_name)

    def label(entry: AuditEntry) -> str:
        return FIELD_LABELS.get(entry.field or "", entry.field or "")

    def value(entry: AuditEntry, which: str) -> str:
        return show_value(entry.field, getattr(entry, which), tz, vocab, contacts, codes)

    match first.action:
        case AuditAction.CREATE:
            # A new booking's person is the case's own person: no need to number them.
            what = f"Created {record}: " + ", ".join(
                f"{label(e)} {value(e, 'new_value')}" for e in group if e.field != "person_id"
            )
        case AuditAction.DELETE:
            what = f"Deleted {record}: " + ", ".join(
                f"{label(e)} was {value(e, 'old_value')}" for e in group
            )
        case AuditAction.BULK_CREATE:
            what = f"Added {record} in bulk: " + "; ".join(e.new_value or "" for e in group)
        case _:
            what = f"Changed {record}: " + "; ".join(
                f"{label(e)} from {value(e, 'old_value')} to {value(e, 'new_value')}" for e in group
            )
    who = (
        first.staff_name
        if first.staff_name == first.os_login
        else (f"{first.staff_name} ({first.os_login})")
    )
    return HistoryLine(when=format_local(first.at, tz), who=who, what=what)
