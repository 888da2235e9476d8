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

# Every record is importable from here; the letter log's live in their own module for length.
from models.letter_records import (  # noqa: F401
    Attachment,
    Direction,
    Letter,
    LetterRow,
    OptOutRequest,
    OptOutStatusChange,
    TimelineEvent,
)


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


# -- detainers --------------------------------------------------------------------------------


class DetainerStatus(StrEnum):
    """Where a detainer stands; the lifecycle is the application's own, so it is code."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    DECIDED = "decided"
    HONOURED = "honoured"
    DECLINED = "declined"
    NOTIFICATION_GIVEN = "notification_given"
    LIFTED = "lifted"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        """Still in play: ICE's request is waiting for a decision or being carried out."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {
        DetainerStatus.RECEIVED,
        DetainerStatus.UNDER_REVIEW,
        DetainerStatus.DECIDED,
        DetainerStatus.HONOURED,
    }
)


class Recommendation(StrEnum):
    """What the county policy in force says about a detainer."""

    MAY_HONOUR = "may_honour"
    MUST_DECLINE = "must_decline"
    NOTIFICATION_ONLY = "notification_only"

    @property
    def label(self) -> str:
        return {
            "may_honour": "May honour",
            "must_decline": "Must decline",
            "notification_only": "Notification only",
        }[self.value]


class Decision(StrEnum):
    """The attorney's decision on a detainer."""

    HONOUR = "honour"
    DECLINE = "decline"
    NOTIFY_ONLY = "notify_only"

    @property
    def label(self) -> str:
        return {"honour": "Honour", "decline": "Decline", "notify_only": "Notification only"}[
            self.value
        ]

    @property
    def matches(self) -> Recommendation:
        """The recommendation this decision follows."""
        return {
            Decision.HONOUR: Recommendation.MAY_HONOUR,
            Decision.DECLINE: Recommendation.MUST_DECLINE,
            Decision.NOTIFY_ONLY: Recommendation.NOTIFICATION_ONLY,
        }[self]


@dataclass(frozen=True)
class DetainerForm:
    """One edition of the I-247 family (a row of ``detainer_forms``)."""

    code: str
    label: str
    short_label: str
    edition: str | None
    in_use_from: date | None
    in_use_until: date | None
    default_hold_rule: str
    requests: str  # hold, notify or transfer
    source: str


@dataclass(frozen=True)
class DetainerBox:
    """A box that can be ticked on a form: a basis, a probable-cause basis or a PEP priority."""

    code: str
    box_group: str
    label: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class CountyPolicy:
    """A policy an office can have in force, with the settings its evaluator reads."""

    code: str
    label: str
    kind: str
    hold_rule: str | None
    params: dict
    effective_date: date | None
    source: str


@dataclass(frozen=True)
class PolicyPeriod:
    id: int
    policy_code: str
    in_force_from: date
    notes: str | None = None


@dataclass(frozen=True)
class PolicyOutcome:
    """A policy's answer for one detainer: what to do, and why, citing the record."""

    policy_code: str
    policy_label: str
    recommendation: Recommendation
    reasons: tuple[str, ...]
    hold_rule: str | None = None  # the policy's own hold rule, overriding the form's


@dataclass(frozen=True)
class Detainer:
    """An ICE detainer, notification or transfer request against one booking."""

    id: int | None
    booking_id: int
    form_code: str
    received_at: datetime
    received_via: str
    edition: str | None = None
    ice_office: str | None = None
    ice_officer: str | None = None
    ice_subject_id: str | None = None
    event_number: str | None = None
    warrant_type: str = "none"
    requests_hold: bool = False
    requests_notification: bool = False
    requests_transfer: bool = False
    boxes: tuple[str, ...] = ()
    status: DetainerStatus = DetainerStatus.RECEIVED
    hold_rule: str = ""
    hold_starts_at: datetime | None = None
    hold_expires_at: datetime | None = None
    policy_code: str | None = None
    recommendation: Recommendation | None = None
    recommendation_reasons: str | None = None  # one reason a line, as shown when decided
    decision: Decision | None = None
    decided_at: datetime | None = None
    decided_by: int | None = None
    decision_reason: str | None = None
    lift_reason: str | None = None
    lifted_at: datetime | None = None
    superseded_by_id: int | None = None
    released_to_ice_at: datetime | None = None
    released_to_community_at: datetime | None = None
    notes: str | None = None
    row_version: int = 0

    def replace(self, **changes) -> Detainer:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class StatusChange:
    """One line of a detainer's status history."""

    status: DetainerStatus
    changed_at: datetime
    staff_name: str
    note: str | None = None


@dataclass(frozen=True)
class DetainerRow:
    """One line of the Detainers list."""

    id: int
    booking_id: int
    person_name: str
    booking_number: str
    form_code: str
    received_at: datetime
    status: DetainerStatus
    ice_office: str | None
    decision: Decision | None
    hold_expires_at: datetime | None

    @property
    def expiry_to_show(self) -> datetime | None:
        """The hold expiry a list shows: for a hold that runs or ran out, not one ICE dropped."""
        if self.status.is_open or self.status is DetainerStatus.EXPIRED:
            return self.hold_expires_at
        return None
