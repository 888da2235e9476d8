"""Frozen dataclasses and enums for the records Detainer Desk keeps.

Model functions take a database first and return these, never bare dicts. Vocabularies that the
outside world owns (program eras, response types, offense-level schemes, criminality codes,
charge classes, contact kinds) live in lookup tables; the enums here are only for values the
application itself defines (roles, custody status, audit actions).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class StaffRole(StrEnum):
    CLERK = "clerk"
    ATTORNEY = "attorney"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class CustodyStatus(StrEnum):
    IN_CUSTODY = "in_custody"
    RELEASED = "released"
    TRANSFERRED = "transferred"
    RELEASED_TO_ICE = "released_to_ice"

    @property
    def label(self) -> str:
        return CUSTODY_LABELS[self]


CUSTODY_LABELS = {
    CustodyStatus.IN_CUSTODY: "In custody",
    CustodyStatus.RELEASED: "Released",
    CustodyStatus.TRANSFERRED: "Transferred",
    CustodyStatus.RELEASED_TO_ICE: "Released to ICE",
}


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"


SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other", Sex.UNKNOWN: "Unknown"}


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    BULK_CREATE = "bulk_create"


def display_name(family_name: str, given_names: str | None) -> str:
    """A name as a clerk reads it in a list or a letter: "Family, Given"."""
    return f"{family_name}, {given_names}" if given_names else family_name


@dataclass(frozen=True)
class LookupItem:
    """One row of a lookup table: a code the outside world defines and its label."""

    code: str
    label: str


@dataclass(frozen=True)
class OffenseLevel:
    scheme: str
    level: str
    label: str


@dataclass(frozen=True)
class Vocabularies:
    """Every lookup list an editor needs, read once per window."""

    program_eras: tuple[LookupItem, ...]
    response_types: tuple[LookupItem, ...]
    offense_level_schemes: tuple[LookupItem, ...]
    offense_levels: tuple[OffenseLevel, ...]
    criminality_codes: tuple[LookupItem, ...]
    charge_classes: tuple[LookupItem, ...]
    facilities: tuple[str, ...]


@dataclass(frozen=True)
class Staff:
    id: int
    full_name: str
    role: StaffRole
    os_login: str | None
    is_active: bool = True


@dataclass(frozen=True)
class Person:
    id: int | None
    family_name: str
    given_names: str | None = None
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    sex: Sex | None = None
    country_of_birth: str | None = None
    citizenship_claimed: str | None = None
    is_us_citizenship_claimed: bool = False
    a_number: str | None = None
    fbi_number: str | None = None
    state_id: str | None = None
    preferred_language: str | None = None
    is_interpreter_needed: bool = False
    attorney_contact_id: int | None = None
    designee_contact_id: int | None = None
    notes: str | None = None
    row_version: int = 0

    @property
    def display_name(self) -> str:
        return display_name(self.family_name, self.given_names)


@dataclass(frozen=True)
class Booking:
    id: int | None
    booking_number: str
    agency_ori: str
    facility: str
    booked_at: datetime
    arresting_agency: str | None = None
    release_eligible_at: datetime | None = None
    released_at: datetime | None = None
    release_reason: str | None = None
    released_to: str | None = None
    custody_status: CustodyStatus = CustodyStatus.IN_CUSTODY
    notes: str | None = None
    row_version: int = 0


@dataclass(frozen=True)
class Charge:
    id: int | None
    description: str
    statute: str | None = None
    charge_class: str | None = None
    disposition: str | None = None
    disposition_date: date | None = None
    conviction_date: date | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class FingerprintMatch:
    id: int | None
    program_era: str
    response_type: str
    queried_at: datetime | None = None
    responded_at: datetime | None = None
    offense_level_scheme: str | None = None
    offense_level: str | None = None
    criminality_code: str | None = None
    ice_response: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Case:
    """A flagged arrest: one booking of one person, with its charges and fingerprint matches."""

    person: Person
    booking: Booking
    charges: tuple[Charge, ...] = ()
    matches: tuple[FingerprintMatch, ...] = ()

    @property
    def id(self) -> int | None:
        """A case is identified by its booking."""
        return self.booking.id

    def replace(self, **changes) -> Case:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: what the table shows, plus the sort key it was fetched by."""

    id: int
    booking_number: str
    person_name: str
    a_number: str | None
    booked_at: datetime
    facility: str
    custody_status: CustodyStatus
    charge_summary: str
    response_type: str | None
    sort_key: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    staff_id: int | None
    staff_name: str
    os_login: str
    action: AuditAction
    table_name: str
    record_id: int
    field: str | None
    old_value: str | None
    new_value: str | None
