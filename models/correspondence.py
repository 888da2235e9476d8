"""Verbs over correspondence: log and edit letters, their threads and reply due dates, audited.

A letter (or fax, email, call, meeting) is checked as a whole before anything is written, and
every problem is reported at once. It is saved with its audit rows and its attachments in one
transaction, so a failure halfway leaves no letter, no attachment and no stored bytes. Replies
link to the letter they answer (``in_reply_to_id``), which makes threads; a link that would
make a loop is refused. A reply due date comes from a rule of the ``due_rules`` table and the
office's holiday calendar unless it is typed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.attachments import (
    FileToAttach,
    attach_files,
    attachments_of,
    file_problems,
    remove_attachment,
)
from models.audit import record_changes
from models.clocks import DueRule, due_by
from models.contacts import resolve_contact
from models.county_calendar import load_calendar
from models.errors import ConflictError, FieldError, NotFoundError, ValidationError
from models.records import AuditAction, Direction, Letter, Staff
from models.rowmap import from_row, to_row
from models.store import reported, write_transaction
from models.timeutil import format_date
from models.writes import diff, insert_audited, write

CHANGED = (
    "This letter was changed elsewhere (at another desk or in another editor) after you opened "
    "it, so your changes were not saved. Note them, close this editor, open the letter again to "
    "see the other changes, and enter yours."
)
#: The day a letter is filed under, as :attr:`Letter.day` works it out, in SQL.
DAY_SQL = (
    "(CASE WHEN {t}direction = 'in' THEN coalesce({t}received_date, {t}sent_date) "
    "ELSE coalesce({t}sent_date, {t}received_date) END)"
)
_SKIP = ("id", "row_version", "attachments")
_LINKS = (
    ("from_contact_id", "contacts", "contact"),
    ("to_contact_id", "contacts", "contact"),
    ("booking_id", "bookings", "case"),
    ("detainer_id", "detainers", "detainer"),
    ("optout_id", "optout_requests", "opt-out request"),
)


@reported
def get_letter(db: Database, letter_id: int) -> Letter:
    """One letter with its attachments.

    Raises:
        NotFoundError: there is no such letter.
    """
    rows = list(db.query("SELECT * FROM correspondence WHERE id = ?", [letter_id]))
    if not rows:
        raise NotFoundError(f"There is no letter number {letter_id}.")
    return from_row(Letter, rows[0], attachments=tuple(attachments_of(db, letter_id)))


def create_letter(
    db: Database,
    letter: Letter,
    actor: Staff,
    tz: ZoneInfo,
    *,
    files: Sequence[FileToAttach] = (),
    today: date | None = None,
) -> Letter:
    """Log a new letter with its attachments, audited, all or nothing.

    A letter about a detainer is filed under the detainer's case when no case is given. With a
    reply rule and no reply due date, the due date is worked out from the letter's day.

    Args:
        db: the database.
        letter: what to log (its id, version and attachments are ignored).
        actor: who logs it.
        tz: the county's zone.
        files: files already read and checked by :func:`~models.attachments.read_file_to_attach`.
        today: the county's today (for tests); no date of the letter may be after it.

    Raises:
        ValidationError: every problem found (nothing is written).
        StoreError: the database could not be written.
    """
    today = today or datetime.now(tz).date()
    with write_transaction(db):
        letter = _checked(db, letter, tz, today, files)
        row = to_row(letter, skip=_SKIP)
        letter_id = insert_audited(
            db, actor, "correspondence", row, booking_id=letter.booking_id, hidden=("booking_id",)
        )
        attach_files(db, actor, letter_id, files, letter.booking_id)
    return get_letter(db, letter_id)


def update_letter(
    db: Database,
    letter: Letter,
    actor: Staff,
    tz: ZoneInfo,
    *,
    add_files: Sequence[FileToAttach] = (),
    remove_attachments: Sequence[int] = (),
    today: date | None = None,
) -> Letter:
    """Save edits to a letter and its attachments, auditing each changed field.

    A change of reply rule, extension or day works the due date out again unless the due date
    was changed too. Adding or removing a file alone is a new version as well; a save that
    changes nothing writes nothing.

    Raises:
        ValidationError: every problem found (nothing is written).
        ConflictError: the letter was saved elsewhere since ``letter`` was loaded.
        NotFoundError: there is no such letter.
    """
    if letter.id is None:
        raise ValueError("update_letter needs a saved letter; use create_letter")
    today = today or datetime.now(tz).date()
    with write_transaction(db):
        rows = list(db.query("SELECT * FROM correspondence WHERE id = ?", [letter.id]))
        if not rows:
            raise NotFoundError(f"There is no letter number {letter.id}.")
        old = rows[0]
        if old["row_version"] != letter.row_version:
            raise ConflictError(CHANGED)
        checked = _checked(
            db, letter, tz, today, add_files, old=from_row(Letter, old), remove=remove_attachments
        )
        changes = diff(old, to_row(checked, skip=_SKIP))
        booking = checked.booking_id if checked.booking_id is not None else old["booking_id"]
        for attachment_id in dict.fromkeys(remove_attachments):
            remove_attachment(db, actor, attachment_id, booking)
        added = attach_files(db, actor, letter.id, add_files, booking)
        if not (changes or remove_attachments or added):
            return get_letter(db, letter.id)
        sets = "".join(f"{column} = ?, " for column, _, _ in changes)
        cursor = write(
            db,
            "correspondence",
            f"UPDATE correspondence SET {sets}row_version = row_version + 1 "
            "WHERE id = ? AND row_version = ?",
            [*(new for _, _, new in changes), letter.id, letter.row_version],
        )
        if cursor.rowcount == 0:
            raise ConflictError(CHANGED)
        if changes:
            record_changes(
                db, actor, AuditAction.UPDATE, "correspondence", letter.id, changes, booking
            )
    return get_letter(db, letter.id)


@reported
def thread_of(db: Database, letter_id: int) -> list[Letter]:
    """The whole thread ``letter_id`` belongs to, from its first letter down, by day then id.

    Raises:
        NotFoundError: there is no such letter.
    """
    chain = _chain_up(db, letter_id)
    if not chain:
        raise NotFoundError(f"There is no letter number {letter_id}.")
    # UNION (not UNION ALL) visits each letter once, so even a damaged looping chain ends.
    ids = db.execute(
        "WITH RECURSIVE thread(id) AS (SELECT ? UNION SELECT c.id FROM correspondence c "
        "JOIN thread t ON c.in_reply_to_id = t.id) SELECT id FROM thread",
        [chain[-1]],
    )
    letters = [get_letter(db, r[0]) for r in ids.fetchall()]
    return sorted(letters, key=lambda x: (x.day or date.min, x.id))


@reported
def replies_to(db: Database, letter_id: int) -> list[int]:
    """The ids of the letters that answer ``letter_id`` directly, by day then id."""
    sql = f"SELECT id FROM correspondence WHERE in_reply_to_id = ? ORDER BY {_day('')}, id"
    return [r[0] for r in db.execute(sql, [letter_id])]


def reply_due_for(
    db: Database, rule_code: str, day: date, tz: ZoneInfo, extended: bool = False
) -> date:
    """The day a reply is due under the office's rule ``rule_code``, counted from ``day``.

    Raises:
        ValidationError: on ``reply_rule`` for an unknown rule, on ``is_reply_extended`` for an
            extension the rule does not allow.
    """
    rule = _due_rule(db, rule_code, extended)
    return due_by(rule, day, tz, load_calendar(db), extended=extended).due_date


def resolve_party(db: Database, actor: Staff, name: str | None, kind: str) -> int | None:
    """The id of the ``kind`` contact called ``name``, added (audited) the first time it is typed.

    Raises:
        ValidationError: on ``kind``, a kind of contact the office does not know.
    """
    if not (name or "").strip():
        return None
    with write_transaction(db):
        if db.execute("SELECT 1 FROM contact_kinds WHERE code = ?", [kind]).fetchone() is None:
            raise ValidationError(
                FieldError("kind", f"“{kind}” is not a kind of contact this office knows.")
            )
        return resolve_contact(db, kind, name, actor)


# -- internals ------------------------------------------------------------------------------


def _day(table: str) -> str:
    return DAY_SQL.format(t=f"{table}." if table else "")


def _chain_up(db: Database, letter_id: int) -> list[int]:
    """``letter_id`` and every letter it answers, up to the first of its thread."""
    chain: list[int] = []
    current = letter_id
    while current is not None and current not in chain:  # a damaged loop still ends
        row = db.execute(
            "SELECT in_reply_to_id FROM correspondence WHERE id = ?", [current]
        ).fetchone()
        if row is None:
            break
        chain.append(current)
        current = row[0]
    return chain


def _due_rule(db: Database, code: str, extended: bool) -> DueRule:
    row = db.execute(
        "SELECT code, label, kind, days, extension_days, roll_forward, source FROM due_rules "
        "WHERE code = ?",
        [code],
    ).fetchone()
    if row is None:
        raise ValidationError(
            FieldError("reply_rule", f"“{code}” is not one of the office's reply rules.")
        )
    rule = DueRule(*row[:5], bool(row[5]), row[6])
    if extended and not rule.extension_days:
        raise ValidationError(
            FieldError("is_reply_extended", f"The rule “{rule.label}” allows no extension.")
        )
    return rule


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _checked(
    db: Database,
    letter: Letter,
    tz: ZoneInfo,
    today: date,
    files: Sequence[FileToAttach],
    *,
    old: Letter | None = None,
    remove: Sequence[int] = (),
) -> Letter:
    """``letter`` cleaned and completed (case, due date), or every problem as a ValidationError."""
    errors: list[FieldError] = []

    def bad(field: str, message: str) -> None:
        errors.append(FieldError(field, message))

    subject = (letter.subject or "").strip()
    if not subject:
        bad("subject", "Give the letter a subject: what it is about.")
    try:
        direction = Direction(letter.direction)
    except ValueError:
        bad("direction", "Say whether the letter was received or sent.")
        direction = Direction.IN
    methods = dict(db.execute("SELECT code, label FROM correspondence_methods").fetchall())
    if letter.method not in methods:
        bad("method", f"“{letter.method}” is not one of: {', '.join(methods.values()).lower()}.")
    sent, received = letter.sent_date, letter.received_date
    if sent is None and received is None:
        bad("sent_date", "Give the day it was sent or received, or both.")
    if sent and received and received < sent:
        sent_text, received_text = format_date(sent), format_date(received)
        bad("received_date", f"Received {received_text} before it was sent {sent_text}.")
    for what, value in (("sent", sent), ("received", received)):
        if value and value > today:
            bad(f"{what}_date", f"The {what} date {format_date(value)} is after today "
                f"({format_date(today)}); log a letter once it has been {what}.")  # fmt: skip
    for field, table, noun in _LINKS:
        value = getattr(letter, field)
        if value is not None and not _exists(db, table, value):
            bad(field, f"There is no {noun} number {value}.")
    booking_id, detainer = letter.booking_id, letter.detainer_id
    if detainer is not None and (row := _row(db, "detainers", detainer, "booking_id")):
        if booking_id is None:
            booking_id = row[0]  # a letter about a detainer belongs to the detainer's case
        elif row[0] != booking_id:
            bad("detainer_id", f"Detainer {detainer} belongs to another case.")
    errors += _reply_problems(db, letter)
    rule, extended, due = letter.reply_rule or None, bool(letter.is_reply_extended), None
    day = letter.replace(direction=direction).day
    if old is None or not rule or letter.reply_due_date != old.reply_due_date:
        due = letter.reply_due_date  # typed in (or no rule): kept as it is
    elif (rule, extended, day) == (old.reply_rule, old.is_reply_extended, old.day):
        due = letter.reply_due_date  # nothing the rule counts from changed
    if rule:
        try:
            known = _due_rule(db, rule, extended)  # checked even when there is no day to count
            if due is None and day:
                due = due_by(known, day, tz, load_calendar(db), extended=extended).due_date
        except ValidationError as exc:
            errors += exc.errors
    elif extended:
        bad("is_reply_extended", "An extension needs a reply rule.")
    if due and day and due < day:
        bad("reply_due_date", f"The reply due date {format_date(due)} is before the letter's "
            f"own date {format_date(day)}.")  # fmt: skip
    errors += file_problems(files)
    own = {a.id for a in attachments_of(db, letter.id)} if remove else set()
    for a in remove:
        if a not in own:
            bad("attachments", f"Attachment {a} is not on this letter.")
    if errors:
        raise ValidationError(errors)
    return letter.replace(
        direction=direction,
        subject=subject,
        summary=_clean(letter.summary),
        notes=_clean(letter.notes),
        booking_id=booking_id,
        reply_rule=rule,
        reply_due_date=due,
        is_reply_extended=extended,
        attachments=(),
    )


def _reply_problems(db: Database, letter: Letter) -> list[FieldError]:
    parent = letter.in_reply_to_id
    if parent is None:
        return []
    if parent == letter.id:
        return [FieldError("in_reply_to_id", "A letter cannot be a reply to itself.")]
    if not _exists(db, "correspondence", parent):
        return [FieldError("in_reply_to_id", f"There is no letter number {parent} to reply to.")]
    if letter.id is not None and letter.id in _chain_up(db, parent):
        return [
            FieldError(
                "in_reply_to_id",
                f"Letter {parent} is itself a reply, directly or further down the thread, to "
                "this letter; answering it would make the thread a loop.",
            )
        ]
    answered = db.execute(
        f"SELECT {DAY_SQL.format(t='')} FROM correspondence WHERE id = ?", [parent]
    ).fetchone()[0]
    if answered and letter.day is not None and letter.day.isoformat() < answered:
        # A mistyped year would otherwise make the reply count as the answer and hide that the
        # letter is still awaiting one.
        return [
            FieldError(
                "in_reply_to_id",
                f"This letter is dated {format_date(letter.day)}, before letter {parent} "
                f"({format_date(date.fromisoformat(answered))}) that it answers; check the dates.",
            )
        ]
    return []


def _row(db: Database, table: str, record_id: int, columns: str = "1") -> tuple | None:
    return db.execute(f"SELECT {columns} FROM {table} WHERE id = ?", [record_id]).fetchone()


def _exists(db: Database, table: str, record_id: int) -> bool:
    return _row(db, table, record_id) is not None
