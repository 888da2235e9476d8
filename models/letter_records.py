"""Records of the letter log and of opt-out requests (re-exported by :mod:`models.records`).

Frozen dataclasses and enums, as for every other record; kept in their own module for length.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Direction(StrEnum):
    IN = "in"
    OUT = "out"

    @property
    def label(self) -> str:
        return "Received" if self is Direction.IN else "Sent"


@dataclass(frozen=True)
class Attachment:
    """A file attached to a letter; its bytes live once per content in ``attachment_blobs``."""

    id: int | None
    file_name: str
    media_type: str
    sha256: str
    size: int
    added_at: datetime | None = None
    added_by: int | None = None


@dataclass(frozen=True)
class Letter:
    """One item of correspondence: a letter, fax, email, call or meeting, in or out."""

    id: int | None
    direction: Direction
    method: str
    subject: str
    sent_date: date | None = None
    received_date: date | None = None
    from_contact_id: int | None = None
    to_contact_id: int | None = None
    summary: str | None = None
    booking_id: int | None = None
    detainer_id: int | None = None
    optout_id: int | None = None
    in_reply_to_id: int | None = None
    reply_due_date: date | None = None
    reply_rule: str | None = None
    is_reply_extended: bool = False
    notes: str | None = None
    row_version: int = 0
    attachments: tuple[Attachment, ...] = ()

    def replace(self, **changes) -> Letter:
        return dataclasses.replace(self, **changes)

    @property
    def day(self) -> date | None:
        """The day it is filed under: received for what came in, sent for what went out."""
        if self.direction is Direction.IN:
            return self.received_date or self.sent_date
        return self.sent_date or self.received_date


@dataclass(frozen=True)
class LetterRow:
    """One line of the Correspondence list."""

    id: int
    direction: Direction
    method: str
    day: date | None
    from_name: str
    to_name: str
    subject: str
    reply_due_date: date | None
    is_answered: bool
    attachment_count: int
    booking_id: int | None
    detainer_id: int | None
    optout_id: int | None


@dataclass(frozen=True)
class OptOutRequest:
    """A county's formal request to opt out of (or limit) fingerprint sharing."""

    id: int | None
    jurisdiction: str
    request_kind: str
    status: str = "draft"
    resolution_number: str | None = None
    resolution_date: date | None = None
    resolution_vote: str | None = None
    addressed_to_id: int | None = None
    activation_date: date | None = None
    follow_up_due_date: date | None = None
    summary: str | None = None
    notes: str | None = None
    row_version: int = 0

    def replace(self, **changes) -> OptOutRequest:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class OptOutStatusChange:
    """One dated step of an opt-out request's status history."""

    id: int
    status: str
    changed_on: date
    recorded_at: datetime
    staff_name: str
    reason: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """One line of an opt-out request's timeline: a resolution, a letter, a status step."""

    day: date
    kind: str  # "resolution", "activation", "letter", "status"
    text: str
    letter_id: int | None = None
