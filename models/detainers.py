"""Verbs over detainers: record, edit, decide and move through the status lifecycle, audited.

A detainer belongs to one booking. Every save works out again, in the same transaction, what
the county's policy in force recommends and which hold rule applies and when the hold would
expire (see :mod:`models.detainer_clocks`), so what is stored is always what the screen showed.
The decision fields move only through :func:`record_decision`, the status only through
:func:`change_status` (and a decision), each leaving a line in the status history.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.audit import record_changes
from models.detainer_clocks import assess
from models.detainer_rules import (
    DECIDERS,
    TRANSITIONS,
    allowed_statuses,
    validate_detainer,
)
from models.detainer_vocab import DetainerVocab, load_detainer_vocab
from models.errors import ConflictError, DeskError, FieldError, NotFoundError, ValidationError
from models.records import (
    AuditAction,
    Decision,
    Detainer,
    DetainerStatus,
    Staff,
    StatusChange,
)
from models.rowmap import from_row, to_row
from models.store import reported, write_transaction
from models.timeutil import from_db_instant, to_db_instant, utc_now
from models.writes import diff, insert, insert_audited, load_row, update_versioned

CHANGED = (
    "This detainer was changed elsewhere (at another desk or in another editor) after you "
    "opened it, so your changes were not saved. Note them, close this editor, open the "
    "detainer again to see the other changes, and enter yours."
)
#: Columns a save of the editor writes; decision and status have verbs of their own.
_DERIVED = (
    "hold_rule",
    "hold_starts_at",
    "hold_expires_at",
    "policy_code",
    "recommendation",
    "recommendation_reasons",
)
_NOT_EDITED = (
    "id",
    "boxes",
    "row_version",
    "status",
    "decision",
    "decided_at",
    "decided_by",
    "decision_reason",
    "lift_reason",
    "lifted_at",
    "superseded_by_id",
)


@reported
def get_detainer(db: Database, detainer_id: int) -> Detainer:
    """Load one detainer with its ticked boxes.

    Raises:
        NotFoundError: there is no such detainer.
    """
    rows = list(db.query("SELECT * FROM detainers WHERE id = ?", [detainer_id]))
    if not rows:
        raise NotFoundError(f"There is no detainer number {detainer_id}.")
    boxes = tuple(
        r[0]
        for r in db.execute(
            "SELECT m.box_code FROM detainer_box_marks m "
            "JOIN detainer_boxes b ON b.code = m.box_code "
            "WHERE m.detainer_id = ? ORDER BY b.rowid",
            [detainer_id],
        )
    )
    return from_row(Detainer, rows[0], boxes=boxes)


@reported
def detainers_for_booking(db: Database, booking_id: int) -> list[Detainer]:
    """Every detainer of one case, oldest first."""
    ids = db.execute(
        "SELECT id FROM detainers WHERE booking_id = ? ORDER BY received_at, id", [booking_id]
    ).fetchall()
    return [get_detainer(db, r[0]) for r in ids]


@reported
def status_history(db: Database, detainer_id: int) -> list[StatusChange]:
    """The status changes of one detainer, oldest first."""
    rows = db.execute(
        "SELECT h.status, h.changed_at, coalesce(s.full_name, '?'), h.note "
        "FROM detainer_status_history h LEFT JOIN staff s ON s.id = h.staff_id "
        "WHERE h.detainer_id = ? ORDER BY h.id",
        [detainer_id],
    ).fetchall()
    return [
        StatusChange(DetainerStatus(s), from_db_instant(at), who, note) for s, at, who, note in rows
    ]


def create_detainer(
    db: Database,
    detainer: Detainer,
    actor: Staff,
    tz: ZoneInfo,
    *,
    now: datetime | None = None,
    vocab: DetainerVocab | None = None,
) -> Detainer:
    """Validate and record a new detainer with its first status line, policy and clock.

    Raises:
        NotFoundError: the booking does not exist.
        ValidationError: a field breaks a rule (every problem at once).
        StoreError: the database could not be written.
    """
    now = now or utc_now()
    vocab = vocab or load_detainer_vocab(db)
    with write_transaction(db):
        booked_at = _booked_at(db, detainer.booking_id)
        validate_detainer(detainer, vocab, booked_at, now, tz)
        fresh = detainer.replace(
            status=DetainerStatus.RECEIVED,
            decision=None,
            decided_at=None,
            decided_by=None,
            decision_reason=None,
            lift_reason=None,
            lifted_at=None,
            superseded_by_id=None,
        )  # a new detainer starts received and undecided, whatever the caller passed
        detainer = _with_assessment(db, fresh, tz, vocab, refresh=True)
        row = to_row(detainer, skip=("id", "boxes", "row_version"))
        boxes = [("boxes", None, ", ".join(sorted(detainer.boxes)))] if detainer.boxes else []
        detainer_id = insert_audited(
            db,
            actor,
            "detainers",
            row,
            booking_id=detainer.booking_id,
            hidden=("booking_id",),
            extra=boxes,
        )
        _save_boxes(db, actor, detainer_id, detainer.boxes, detainer.booking_id, audit=False)
        _status_line(db, detainer_id, DetainerStatus.RECEIVED, actor, now, None)
    return get_detainer(db, detainer_id)


def update_detainer(
    db: Database,
    detainer: Detainer,
    actor: Staff,
    tz: ZoneInfo,
    *,
    now: datetime | None = None,
    vocab: DetainerVocab | None = None,
) -> Detainer:
    """Save edits to a detainer's details and outcome, auditing each changed field.

    Decision and status are kept as stored (they have verbs of their own).

    Raises:
        ValidationError, ConflictError, NotFoundError, StoreError.
    """
    if detainer.id is None:
        raise ValueError("update_detainer needs a saved detainer; use create_detainer")
    now = now or utc_now()
    vocab = vocab or load_detainer_vocab(db)
    with write_transaction(db):
        old = load_row(db, "detainers", detainer.id)
        if old["row_version"] != detainer.row_version:
            raise ConflictError(CHANGED)
        # Decision, status and what was worked out at the last save come from the database,
        # never from the object passed in (a decided detainer's recommendation stays frozen).
        kept = {k: old[k] for k in (*_NOT_EDITED, *_DERIVED) if k in old}
        stored = from_row(Detainer, {**to_row(detainer, skip=()), **kept}, boxes=detainer.boxes)
        if stored.booking_id != old["booking_id"]:
            raise ValidationError(
                FieldError("booking_id", "A detainer cannot move to another case.")
            )
        validate_detainer(stored, vocab, _booked_at(db, stored.booking_id), now, tz)
        stored = _with_assessment(db, stored, tz, vocab, refresh=stored.decision is None)
        boxes_changed = _save_boxes(db, actor, detainer.id, detainer.boxes, stored.booking_id)
        # Ticked boxes are part of the detainer: changing only them is still a new version, so
        # another desk's save of the same detainer is refused, not silently merged.
        _write_changes(db, actor, old, stored, bump=boxes_changed)
    return get_detainer(db, detainer.id)


def record_decision(
    db: Database,
    detainer_id: int,
    row_version: int,
    decision: Decision,
    reason: str | None,
    actor: Staff,
    tz: ZoneInfo,
    *,
    now: datetime | None = None,
) -> Detainer:
    """Record the attorney's decision: who, when, why; audited, with a status line.

    The policy is evaluated again now and stored beside the decision, so the record shows what
    was advised when it was decided. A decision that differs from the recommendation needs a
    reason. The hold rule follows the decision (a declined hold runs no clock).

    Raises:
        DeskError: the actor may not decide, or the detainer is already carried out or closed.
        ValidationError: a differing decision without a reason.
        ConflictError: the detainer changed since it was loaded.
    """
    if actor.role not in DECIDERS:
        raise DeskError("Only an attorney, a supervisor or an administrator can decide a detainer.")
    decision = Decision(decision)  # a plain string from a form is accepted too
    now = now or utc_now()
    reason = (reason or "").strip() or None
    vocab = load_detainer_vocab(db)
    with write_transaction(db):
        old = load_row(db, "detainers", detainer_id)
        if old["row_version"] != row_version:
            raise ConflictError(CHANGED)
        current = get_detainer(db, detainer_id)
        if current.status not in (
            DetainerStatus.RECEIVED,
            DetainerStatus.UNDER_REVIEW,
            DetainerStatus.DECIDED,
        ):
            raise DeskError(
                f"This detainer is {current.status.label.lower()}; a decision can no longer be "
                "recorded. Reopen it for review first."
            )
        assessed = _with_assessment(db, current.replace(decision=decision), tz, vocab, refresh=True)
        if decision.matches is not assessed.recommendation and not reason:
            raise ValidationError(
                FieldError(
                    "decision_reason",
                    f"The policy recommends “{assessed.recommendation.label}”; give the reason "
                    f"for deciding “{decision.label}”.",
                )
            )
        decided = assessed.replace(
            decision=decision,
            decided_at=now,
            decided_by=actor.id,
            decision_reason=reason,
            status=DetainerStatus.DECIDED,
        )
        _write_changes(db, actor, old, decided)
        if current.status is not DetainerStatus.DECIDED or current.decision is not decision:
            note = f"Decision: {decision.label}" + (f" — {reason}" if reason else "")
            _status_line(db, detainer_id, DetainerStatus.DECIDED, actor, now, note)
    return get_detainer(db, detainer_id)


def change_status(
    db: Database,
    detainer_id: int,
    row_version: int,
    status: DetainerStatus,
    actor: Staff,
    tz: ZoneInfo,
    *,
    note: str | None = None,
    lift_reason: str | None = None,
    superseded_by_id: int | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> Detainer:
    """Move a detainer to ``status`` (lifted needs ICE's lift reason), with a status line.

    Raises:
        ValidationError: the move is not allowed from the current status, or a field is missing.
        ConflictError: the detainer changed since it was loaded.
    """
    now = now or utc_now()
    status = DetainerStatus(status)  # a plain string from a form is accepted too
    note = (note or "").strip() or None
    with write_transaction(db):
        old = load_row(db, "detainers", detainer_id)
        if old["row_version"] != row_version:
            raise ConflictError(CHANGED)
        current = get_detainer(db, detainer_id)
        if status not in allowed_statuses(current.status, current.decision):
            raise ValidationError(
                FieldError(
                    "status",
                    f"A detainer that is {current.status.label.lower()} cannot be marked "
                    f"{status.label.lower()}.",
                )
            )
        changes: dict = {"status": status}
        if status is DetainerStatus.LIFTED:
            if not lift_reason:
                raise ValidationError(FieldError("lift_reason", "Give ICE's reason for lifting."))
            known = {r.code for r in load_detainer_vocab(db).lift_reasons}
            if lift_reason not in known:
                raise ValidationError(
                    FieldError("lift_reason", f"“{lift_reason}” is not one of ICE's lift reasons.")
                )
            changes.update(lift_reason=lift_reason, lifted_at=at or now)
        if status is DetainerStatus.SUPERSEDED:
            if superseded_by_id is not None:
                _refuse_bad_successor(db, current, superseded_by_id)
            changes["superseded_by_id"] = superseded_by_id
        if status is DetainerStatus.UNDER_REVIEW and current.status not in TRANSITIONS:
            if current.decision is not None and actor.role not in DECIDERS:
                raise DeskError(
                    "Reopening clears the recorded decision: only an attorney, a supervisor or "
                    "an administrator can do that."
                )
            if not note:
                raise ValidationError(FieldError("note", "Say why the detainer is reopened."))
            # Reopened: the earlier ending no longer stands (it stays in the history).
            changes.update(
                decision=None,
                decided_at=None,
                decided_by=None,
                decision_reason=None,
                lift_reason=None,
                lifted_at=None,
                superseded_by_id=None,
            )
        updated = current.replace(**changes)
        updated = _with_assessment(
            db, updated, tz, load_detainer_vocab(db), refresh=updated.decision is None
        )
        _write_changes(db, actor, old, updated)
        _status_line(db, detainer_id, status, actor, now, note)
    return get_detainer(db, detainer_id)


# -- internals ------------------------------------------------------------------------------


def _booked_at(db: Database, booking_id: int) -> datetime:
    row = db.execute("SELECT booked_at FROM bookings WHERE id = ?", [booking_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no case number {booking_id}; the detainer was not saved. "
            "Find the booking in the case list first."
        )
    return from_db_instant(row[0])


def _with_assessment(
    db: Database, d: Detainer, tz: ZoneInfo, vocab: DetainerVocab, *, refresh: bool
) -> Detainer:
    """The detainer with its hold rule and expiry worked out again.

    With ``refresh`` the policy's recommendation is evaluated again too; without it (a decided
    detainer) the recommendation stays as it stood when the decision was made.
    """
    result = assess(db, d, tz, vocab)
    frozen = not refresh and d.recommendation is not None
    return d.replace(
        policy_code=d.policy_code if frozen else result.outcome.policy_code,
        recommendation=d.recommendation if frozen else result.outcome.recommendation,
        recommendation_reasons=d.recommendation_reasons
        if frozen
        else "\n".join(result.outcome.reasons),
        hold_rule=result.rule.code,
        hold_starts_at=result.starts_at,
        hold_expires_at=result.deadline.due_at if result.deadline else None,
    )


def _write_changes(
    db: Database, actor: Staff, old: dict, new: Detainer, *, bump: bool = False
) -> None:
    row = to_row(new, skip=("id", "boxes", "row_version"))
    changes = diff(old, row)
    if not changes and not bump:
        return
    update_versioned(db, "detainers", new.id, old["row_version"], old, row)
    if not changes:
        return
    record_changes(db, actor, AuditAction.UPDATE, "detainers", new.id, changes, new.booking_id)


def _save_boxes(
    db: Database,
    actor: Staff,
    detainer_id: int,
    boxes: tuple[str, ...],
    booking_id: int,
    *,
    audit: bool = True,
) -> bool:
    """Make the ticked boxes ``boxes``; True if they changed."""
    old = {
        r[0]
        for r in db.execute(
            "SELECT box_code FROM detainer_box_marks WHERE detainer_id = ?", [detainer_id]
        )
    }
    new = set(boxes)
    if old == new:
        return False
    for box in new - old:
        db.execute(
            "INSERT INTO detainer_box_marks (detainer_id, box_code) VALUES (?, ?)",
            [detainer_id, box],
        )
    for box in old - new:
        db.execute(
            "DELETE FROM detainer_box_marks WHERE detainer_id = ? AND box_code = ?",
            [detainer_id, box],
        )
    if not audit:  # a new detainer: its creation's audit rows already list the boxes
        return True
    before = ", ".join(sorted(old)) or None
    after = ", ".join(sorted(new)) or None
    record_changes(
        db,
        actor,
        AuditAction.UPDATE,
        "detainers",
        detainer_id,
        [("boxes", before, after)],
        booking_id,
    )
    return True


def _status_line(
    db: Database,
    detainer_id: int,
    status: DetainerStatus,
    actor: Staff,
    at: datetime,
    note: str | None,
) -> None:
    insert(
        db,
        "detainer_status_history",
        {
            "detainer_id": detainer_id,
            "status": str(status),
            "changed_at": to_db_instant(at),
            "staff_id": actor.id,
            "note": note,
        },
    )


def _refuse_bad_successor(db: Database, current: Detainer, successor_id: int) -> None:
    row = db.execute("SELECT booking_id FROM detainers WHERE id = ?", [successor_id]).fetchone()
    if row is None or successor_id == current.id:
        raise ValidationError(
            FieldError("superseded_by_id", f"There is no other detainer number {successor_id}.")
        )
    if row[0] != current.booking_id:
        raise ValidationError(
            FieldError("superseded_by_id", "The new form must be for the same booking.")
        )
