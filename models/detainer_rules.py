"""The rules a detainer must meet: who decides, which status may follow which, every field check.

Pure: no database. The verbs in :mod:`models.detainers` apply these inside their transactions.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models.detainer_vocab import DetainerVocab
from models.errors import FieldError, ValidationError
from models.records import Decision, Detainer, DetainerStatus, StaffRole
from models.timeutil import format_local

#: Who may record a decision on a detainer.
DECIDERS = {StaffRole.ATTORNEY, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR}
#: The statuses a clerk may move a detainer to by hand, from each status. "decided" is reached
#: only by recording a decision; any closed detainer may be reopened for review, with a note.
TRANSITIONS: dict[DetainerStatus, tuple[DetainerStatus, ...]] = {
    DetainerStatus.RECEIVED: (
        DetainerStatus.UNDER_REVIEW,
        DetainerStatus.LIFTED,
        DetainerStatus.SUPERSEDED,
        DetainerStatus.EXPIRED,
    ),
    DetainerStatus.UNDER_REVIEW: (
        DetainerStatus.LIFTED,
        DetainerStatus.SUPERSEDED,
        DetainerStatus.EXPIRED,
    ),
    DetainerStatus.DECIDED: (
        DetainerStatus.HONOURED,
        DetainerStatus.DECLINED,
        DetainerStatus.NOTIFICATION_GIVEN,
        DetainerStatus.LIFTED,
        DetainerStatus.SUPERSEDED,
        DetainerStatus.EXPIRED,
    ),
    DetainerStatus.HONOURED: (
        DetainerStatus.LIFTED,
        DetainerStatus.SUPERSEDED,
        DetainerStatus.EXPIRED,
    ),
}
CLOSED_TO = (DetainerStatus.UNDER_REVIEW,)
#: After a decision, the status that carries it out (the others: lifted, superseded, expired).
CARRIED_OUT = {
    Decision.HONOUR: DetainerStatus.HONOURED,
    Decision.DECLINE: DetainerStatus.DECLINED,
    Decision.NOTIFY_ONLY: DetainerStatus.NOTIFICATION_GIVEN,
}


def allowed_statuses(
    status: DetainerStatus, decision: Decision | None = None
) -> tuple[DetainerStatus, ...]:
    """Where a detainer in ``status`` (with ``decision``) may be moved by hand.

    A decided detainer can only be carried out as decided: a declined hold is never marked
    honoured.
    """
    moves = TRANSITIONS.get(status, CLOSED_TO)
    if status is DetainerStatus.DECIDED:
        others = set(CARRIED_OUT.values()) - {CARRIED_OUT.get(decision)}
        moves = tuple(m for m in moves if m not in others)
    return moves


def validate_detainer(
    d: Detainer, vocab: DetainerVocab, booked_at: datetime, now: datetime, tz: ZoneInfo
) -> None:
    """Every rule a detainer must meet, all problems reported at once.

    Raises:
        ValidationError: one FieldError per problem.
    """
    errors = []
    form = vocab.form(d.form_code)
    if form is None:
        errors.append(FieldError("form_code", f"“{d.form_code}” is not a known detainer form."))
    if d.received_via not in {m.code for m in vocab.receipt_methods}:
        errors.append(FieldError("received_via", "Say how the detainer arrived."))
    if d.warrant_type not in {w.code for w in vocab.warrant_types}:
        errors.append(FieldError("warrant_type", f"“{d.warrant_type}” is not a known warrant."))
    if d.received_at < booked_at:
        errors.append(
            FieldError(
                "received_at",
                f"Received {format_local(d.received_at, tz)}, before the booking at "
                f"{format_local(booked_at, tz)}: check both times.",
            )
        )
    if d.received_at > now + timedelta(minutes=5):
        errors.append(FieldError("received_at", "The received time is in the future."))
    if not (d.requests_hold or d.requests_notification or d.requests_transfer):
        errors.append(
            FieldError("requests", "Tick what ICE asks for: a hold, notification or transfer.")
        )
    if form is not None:
        on_form = {b.code for b in vocab.boxes_for(form.code)}
        for box in d.boxes:
            if box not in on_form:
                errors.append(FieldError("boxes", f"Box “{box}” is not on the {form.short_label}."))
    for field in ("released_to_ice_at", "released_to_community_at"):
        value = getattr(d, field)
        if value is not None and value < booked_at:
            errors.append(FieldError(field, "The release is before the booking."))
    if d.released_to_ice_at and d.released_to_community_at:
        errors.append(
            FieldError(
                "released_to_community_at",
                "A person is released either to ICE or to the community, not both.",
            )
        )
    if errors:
        raise ValidationError(errors)
