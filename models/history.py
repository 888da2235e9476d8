"""Audit rows told in plain language for a record's History tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.records import CUSTODY_LABELS, SEX_LABELS, AuditAction, AuditEntry, CustodyStatus
from models.timeutil import format_date, format_local

RECORD_NAMES = {
    "persons": "person", "bookings": "booking", "charges": "charge",
    "fingerprint_matches": "fingerprint match", "staff": "staff member",
}

FIELD_LABELS = {
    "family_name": "family name", "given_names": "given names", "aliases": "aliases",
    "date_of_birth": "date of birth", "sex": "sex", "country_of_birth": "country of birth",
    "citizenship_claimed": "claimed citizenship",
    "is_us_citizenship_claimed": "US citizenship claim", "a_number": "A-number",
    "fbi_number": "FBI number", "state_id": "state ID (SID)",
    "preferred_language": "preferred language", "is_interpreter_needed": "interpreter needed",
    "attorney_contact_id": "attorney", "designee_contact_id": "designee", "notes": "notes",
    "booking_number": "booking number", "agency_ori": "agency ORI", "facility": "facility",
    "arresting_agency": "arresting agency", "booked_at": "booked at",
    "release_eligible_at": "release eligible at", "released_at": "released at",
    "release_reason": "release reason", "released_to": "released to",
    "custody_status": "custody status", "person_id": "person", "statute": "statute",
    "description": "description", "charge_class": "class", "disposition": "disposition",
    "disposition_date": "disposition date", "conviction_date": "conviction date",
    "sentence": "sentence", "program_era": "program era", "response_type": "response type",
    "queried_at": "query time", "responded_at": "response time",
    "offense_level_scheme": "offense level scheme", "offense_level": "offense level",
    "criminality_code": "ICE criminality code", "ice_response": "ICE response",
    "full_name": "name", "role": "role", "os_login": "login",
}


@dataclass(frozen=True)
class HistoryLine:
    when: str
    who: str
    what: str


def show_value(field: str | None, value: str | None, tz: ZoneInfo) -> str:
    """A stored audit value the way the form shows it."""
    if value is None or value == "":
        return "(blank)"
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


def describe(entry: AuditEntry, tz: ZoneInfo) -> HistoryLine:
    record = RECORD_NAMES.get(entry.table_name, entry.table_name)
    label = FIELD_LABELS.get(entry.field or "", entry.field or "")
    old = show_value(entry.field, entry.old_value, tz)
    new = show_value(entry.field, entry.new_value, tz)
    match entry.action:
        case AuditAction.CREATE:
            what = f"Created {record}: {label} {new}"
        case AuditAction.DELETE:
            what = f"Deleted {record}: {label} was {old}"
        case AuditAction.BULK_CREATE:
            what = f"Added {record} in bulk: {new}"
        case _:
            what = f"Changed {record} {label} from {old} to {new}"
    who = entry.staff_name if entry.staff_name == entry.os_login else (
        f"{entry.staff_name} ({entry.os_login})")
    return HistoryLine(when=format_local(entry.at, tz), who=who, what=what)
