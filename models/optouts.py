"""Verbs over opt-out requests: a county's formal request to leave fingerprint sharing, as a matter.

An opt-out request is never a yes/no flag: it has a Board resolution, letters, meetings and
answers (or silence), and a dated status history (draft → sent → … → denied / no answer). The
status moves only through :func:`change_optout_status`, which adds a history line saying who
recorded it, for which day and why; every write is audited field by field.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import ConflictError, FieldError, NotFoundError, ValidationError
from models.records import AuditAction, OptOutRequest, OptOutStatusChange, Staff, TimelineEvent
from models.rowmap import from_row, to_row
from models.settings import county_timezone
from models.store import reported, write_transaction
from models.timeutil import format_date, from_db_date, from_db_instant, to_db_instant, utc_now
from models.writes import diff, insert, insert_audited, write

TABLE = "optout_requests"
CHANGED = (
    "This opt-out request was changed elsewhere (at another desk or in another window) after "
    "you opened it, so your changes were not saved. Open it again, then enter yours."
)
#: Same-day timeline events: the program's start, the resolution, letters, then status steps.
EVENT_ORDER = {"activation": 0, "resolution": 1, "letter": 2, "status": 3}
SAY = {
    "jurisdiction": "Jurisdiction is required: who makes the request.",
    "kind": "“{kind}” is not a kind of request; choose one of: {known}.",
    "status": "“{status}” is not a status of an opt-out request; choose one of: {known}.",
    "future": "{day} is in the future (today is {today}).",
    "earlier": "The last step is dated {last}; give the reason for a step dated {day}, before it.",
    "reopen": "This request was closed as “{was}”; give the reason for reopening it as “{new}”.",
    "back": "“{new}” comes before “{was}”; give the reason for going back.",
}
_NOUNS = {"fax": "Fax", "email": "Email", "phone": "Phone call"}  # mail, by hand: "Letter"
_TEXT = ("jurisdiction", "resolution_number", "resolution_vote", "summary", "notes")
#: The day a letter is filed under: received for what came in, sent for what went out.
_DAY = """CASE WHEN c.direction = 'in' THEN coalesce(c.received_date, c.sent_date)
               ELSE coalesce(c.sent_date, c.received_date) END"""
_ACTIVITY = f"""max(coalesce(r.resolution_date, ''),
    coalesce((SELECT max(changed_on) FROM optout_status_history WHERE optout_id = r.id), ''),
    coalesce((SELECT max({_DAY}) FROM correspondence c WHERE c.optout_id = r.id), ''))"""


@reported
def list_optouts(db: Database) -> list[OptOutRequest]:
    """Every opt-out request, the one with the newest dated activity first."""
    rows = db.query(
        f"SELECT r.*, {_ACTIVITY} AS activity FROM {TABLE} r ORDER BY activity DESC, r.id DESC"
    )
    return [from_row(OptOutRequest, row) for row in rows]


@reported
def get_optout(db: Database, optout_id: int) -> OptOutRequest:
    """Load one opt-out request.

    Raises:
        NotFoundError: there is no such request.
    """
    return from_row(OptOutRequest, _load(db, optout_id))


@reported
def optout_statuses(db: Database) -> list[tuple[str, str, int, bool]]:
    """``(code, label, position, is_final)`` of every status, along the usual path."""
    rows = db.execute(
        "SELECT code, label, position, is_final FROM optout_statuses ORDER BY position, rowid"
    ).fetchall()
    return [(code, label, position, bool(final)) for code, label, position, final in rows]


@reported
def optout_kinds(db: Database) -> list[tuple[str, str]]:
    """``(code, label)`` of every kind of request (full opt-out, stop using prints, …)."""
    return db.execute("SELECT code, label FROM optout_request_kinds ORDER BY rowid").fetchall()


@reported
def optout_history(db: Database, optout_id: int) -> list[OptOutStatusChange]:
    """The status steps of one request, by the day they happened (then as recorded)."""
    rows = db.execute(
        "SELECT h.id, h.status, h.changed_on, h.recorded_at, coalesce(s.full_name, '?'), h.reason "
        "FROM optout_status_history h LEFT JOIN staff s ON s.id = h.staff_id "
        "WHERE h.optout_id = ? ORDER BY h.changed_on, h.id",
        [optout_id],
    ).fetchall()
    return [
        OptOutStatusChange(i, status, from_db_date(on), from_db_instant(at), who, reason)
        for i, status, on, at, who, reason in rows
    ]


def create_optout(
    db: Database,
    req: OptOutRequest,
    actor: Staff,
    *,
    on: date,
    reason: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> OptOutRequest:
    """Record a new request as a draft, with its first history line dated ``on``.

    Args:
        db: the database.
        req: the request's details (its status and id are ignored).
        actor: who records it.
        on: the day the matter began (the resolution, or the day it was first taken up).
        reason: why, for the first history line.
        today: the county's today (for tests); dates after it are refused.
        now: when it is recorded (defaults to now).

    Raises:
        ValidationError: every problem at once; nothing is written.
    """
    now = now or utc_now()
    with write_transaction(db):
        today = today or _county_today(db, now)
        req = _clean(req).replace(status="draft")
        _refuse(_problems(db, req, today) + ([_future(on, today)] if on > today else []))
        optout_id = insert_audited(db, actor, TABLE, to_row(req, skip=("id", "row_version")))
        _history_line(db, optout_id, "draft", on, actor, now, _text(reason))
    return get_optout(db, optout_id)


def update_optout(
    db: Database, req: OptOutRequest, actor: Staff, *, today: date | None = None
) -> OptOutRequest:
    """Save edits to a request's details (the status is kept as stored), audited per field.

    Raises:
        ValidationError: a field breaks a rule; nothing is written.
        ConflictError: the request was changed since ``req`` was loaded.
        NotFoundError: there is no such request.
    """
    if req.id is None:
        raise ValueError("update_optout needs a saved request; use create_optout")
    with write_transaction(db):
        old = _load(db, req.id)
        if old["row_version"] != req.row_version:
            raise ConflictError(CHANGED)
        req = _clean(req).replace(status=old["status"])
        _refuse(_problems(db, req, today or _county_today(db, utc_now())))
        row = to_row(req, skip=("id", "row_version"))
        changes = diff(old, row)
        if changes:
            _update(db, req.id, old, row)
            record_changes(db, actor, AuditAction.UPDATE, TABLE, req.id, changes)
    return get_optout(db, req.id)


def change_optout_status(
    db: Database,
    optout_id: int,
    row_version: int,
    status: str,
    on: date,
    actor: Staff,
    *,
    reason: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> OptOutRequest:
    """Move a request to ``status`` as of the day ``on``, with a history line (who and why).

    A reason is required to step back (to an earlier status, or to a day before the last
    step) and to reopen a request that had a final status. A day after today is refused.

    Raises:
        ValidationError: the step breaks a rule; nothing is written.
        ConflictError: the request was changed since it was loaded.
        NotFoundError: there is no such request.
    """
    now, reason = now or utc_now(), _text(reason)
    with write_transaction(db):
        today = today or _county_today(db, now)
        old = _load(db, optout_id)
        if old["row_version"] != row_version:
            raise ConflictError(CHANGED)
        steps = {code: (label, pos, final) for code, label, pos, final in optout_statuses(db)}
        if status not in steps:
            known = ", ".join(label for label, _, _ in steps.values())
            _refuse([("status", SAY["status"].format(status=status, known=known))])
        _refuse(_step_problems(db, optout_id, steps, old["status"], status, on, today, reason))
        _update(db, optout_id, old, {**old, "status": status})
        change = [("status", old["status"], status)]
        record_changes(db, actor, AuditAction.UPDATE, TABLE, optout_id, change)
        _history_line(db, optout_id, status, on, actor, now, reason)
    return get_optout(db, optout_id)


@reported
def timeline(db: Database, optout_id: int) -> list[TimelineEvent]:
    """The matter in date order: activation, resolution, letters and meetings, status steps.

    Events of the same day keep that order (activation, resolution, letter, status), so a
    letter comes before the status step it caused.
    """
    req = get_optout(db, optout_id)
    events = []
    if req.activation_date:
        text = f"Fingerprint sharing (interoperability) activated in {req.jurisdiction}"
        events.append(TimelineEvent(req.activation_date, "activation", text))
    if req.resolution_date:
        name = f"Resolution {req.resolution_number}" if req.resolution_number else "Resolution"
        vote = f" (vote {req.resolution_vote})" if req.resolution_vote else ""
        events.append(TimelineEvent(req.resolution_date, "resolution", f"{name} adopted{vote}"))
    events += _letter_events(db, optout_id)
    labels = {code: label for code, label, _, _ in optout_statuses(db)}
    for step in optout_history(db, optout_id):
        text = f"Status: {labels.get(step.status, step.status)}"
        text += f" — {step.reason}" if step.reason else ""
        events.append(TimelineEvent(step.changed_on, "status", text))
    # sorted() is stable: within one day and kind, letters by id and steps by history order.
    return sorted(events, key=lambda e: (e.day, EVENT_ORDER[e.kind]))


# -- internals ------------------------------------------------------------------------------


def _load(db: Database, optout_id: int) -> dict:
    rows = list(db.query(f"SELECT * FROM {TABLE} WHERE id = ?", [optout_id]))
    if not rows:
        raise NotFoundError(f"There is no opt-out request number {optout_id}.")
    return rows[0]


def _county_today(db: Database, now: datetime) -> date:
    return now.astimezone(county_timezone(db)).date()


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _clean(req: OptOutRequest) -> OptOutRequest:
    """Trim text fields; empty text becomes None (the jurisdiction becomes "")."""
    cleaned = {name: _text(getattr(req, name)) for name in _TEXT}
    cleaned["jurisdiction"] = cleaned["jurisdiction"] or ""
    return req.replace(**cleaned)


def _refuse(problems: list[tuple[str, str]]) -> None:
    """Raise one ValidationError naming every ``(field, message)`` problem, if any."""
    if problems:
        raise ValidationError([FieldError(field, message) for field, message in problems])


def _future(day: date, today: date) -> tuple[str, str]:
    return "changed_on", SAY["future"].format(day=format_date(day), today=format_date(today))


def _problems(db: Database, req: OptOutRequest, today: date) -> list[tuple[str, str]]:
    """What is wrong with a request's details, every problem at once."""
    problems, kinds, contact = [], dict(optout_kinds(db)), req.addressed_to_id
    if not req.jurisdiction:
        problems.append(("jurisdiction", SAY["jurisdiction"]))
    if req.request_kind not in kinds:
        known = ", ".join(kinds.values())
        problems.append(("request_kind", SAY["kind"].format(kind=req.request_kind, known=known)))
    if req.resolution_date and req.resolution_date > today:
        day = format_date(req.resolution_date)
        problems.append(("resolution_date", f"The resolution date {day} is in the future."))
    sql = "SELECT 1 FROM contacts WHERE id = ?"
    if contact is not None and not db.execute(sql, [contact]).fetchone():
        problems.append(("addressed_to_id", f"There is no contact number {contact}."))
    return problems


def _step_problems(db, optout_id, steps, current, status, on, today, reason) -> list:
    """What forbids moving from ``current`` to ``status`` on the day ``on``."""
    problems = []
    (was, was_at, was_final), (new, new_at, _) = steps[current], steps[status]
    if status == current:
        problems.append(("status", f"This request is already “{was}”."))
    if on > today:
        problems.append(_future(on, today))
    if reason:
        return problems
    sql = "SELECT max(changed_on) FROM optout_status_history WHERE optout_id = ?"
    last = from_db_date(db.execute(sql, [optout_id]).fetchone()[0])
    if last and on < last:
        day, last = format_date(on), format_date(last)
        problems.append(("reason", SAY["earlier"].format(last=last, day=day)))
    if was_final and status != current:
        problems.append(("reason", SAY["reopen"].format(was=was, new=new)))
    elif new_at < was_at:
        problems.append(("reason", SAY["back"].format(was=was, new=new)))
    return problems


def _update(db: Database, optout_id: int, old: dict, row: dict) -> None:
    """Write the changed columns if the row is still at its version; else ConflictError."""
    changed = {k: v for k, v in row.items() if k != "row_version" and old.get(k) != v}
    sets = "".join(f"{k} = ?, " for k in changed)
    sql = f"UPDATE {TABLE} SET {sets}row_version = row_version + 1 WHERE id = ? AND row_version = ?"
    if write(db, TABLE, sql, [*changed.values(), optout_id, old["row_version"]]).rowcount == 0:
        raise ConflictError(CHANGED)


def _history_line(db, optout_id, status, on, actor, now, reason) -> None:
    at, who = to_db_instant(now), actor.id
    row = dict(optout_id=optout_id, status=status, changed_on=on.isoformat(), reason=reason)
    insert(db, "optout_status_history", {**row, "recorded_at": at, "staff_id": who})


def _letter_events(db: Database, optout_id: int) -> list[TimelineEvent]:
    rows = db.execute(
        f"SELECT c.id, {_DAY}, c.method, f.name, t.name, c.subject FROM correspondence c "
        "LEFT JOIN contacts f ON f.id = c.from_contact_id "
        "LEFT JOIN contacts t ON t.id = c.to_contact_id WHERE c.optout_id = ? ORDER BY c.id",
        [optout_id],
    ).fetchall()
    events = []
    for letter_id, day, method, sender, to, subject in rows:
        who = (f" from {sender}" if sender else "") + (f" to {to}" if to else "")
        noun = _NOUNS.get(method, "Letter")
        text = f"Meeting: {subject}" if method == "meeting" else f"{noun}{who}: {subject}"
        events.append(TimelineEvent(from_db_date(day), "letter", text, letter_id))
    return events
