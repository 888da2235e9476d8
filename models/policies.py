"""County detainer policies in the database: which one was in force when, its settings, its facts.

The rules themselves are pure and live in :mod:`models.policy_rules`; this module reads the
policies and the periods they were in force, lets an administrator change both (audited), and
gathers from the database everything a policy needs to know about one detainer.
"""

from __future__ import annotations

import json
import re
from datetime import date
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import DeskError, FieldError, NotFoundError, ValidationError
from models.policy_rules import ChargeFact, DetainerFacts, evaluate, param_problems
from models.records import (
    AuditAction,
    CountyPolicy,
    Detainer,
    PolicyOutcome,
    PolicyPeriod,
    Staff,
    StaffRole,
)
from models.store import reported, write_transaction
from models.timeutil import FIRST_YEAR, LAST_YEAR, format_date, from_db_date, to_db_date
from models.writes import delete_row, insert_audited

DEFAULT_POLICY = "honour_all"
_POLICY_SQL = (
    "SELECT code, label, kind, hold_rule, params, effective_date, source FROM county_policies"
)
_PENAL_CODE = re.compile(r"\bPENAL CODE\b|\bP\.\s?C\.(?=\s|\d|$)|\bP\.C(?=\s|\d|$)")


def _policy(row) -> CountyPolicy:
    code, label, kind, hold_rule, params, effective, source = row
    return CountyPolicy(
        code, label, kind, hold_rule, json.loads(params), from_db_date(effective), source
    )


def _period(row) -> PolicyPeriod:
    return PolicyPeriod(
        id=row[0], policy_code=row[1], in_force_from=from_db_date(row[2]), notes=row[3]
    )


def _require_admin(actor: Staff, what: str) -> None:
    if actor.role is not StaffRole.ADMINISTRATOR:
        raise DeskError(f"Only an administrator can {what}.")


@reported
def list_policies(db: Database) -> list[CountyPolicy]:
    """Every county policy the office can put in force, in the order they were seeded."""
    return [_policy(r) for r in db.execute(f"{_POLICY_SQL} ORDER BY rowid").fetchall()]


@reported
def get_policy(db: Database, code: str) -> CountyPolicy:
    """One policy by its code.

    Raises:
        NotFoundError: there is no such policy.
    """
    row = db.execute(f"{_POLICY_SQL} WHERE code = ?", [code]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no county policy “{code}”.")
    return _policy(row)


@reported
def list_periods(db: Database) -> list[PolicyPeriod]:
    """The periods of the office's policy history, earliest first."""
    rows = db.execute(
        "SELECT id, policy_code, in_force_from, notes FROM policy_periods ORDER BY in_force_from"
    ).fetchall()
    return [_period(r) for r in rows]


@reported
def policy_in_force(db: Database, on: date) -> CountyPolicy:
    """The policy of the latest period starting on or before ``on`` (honour_all if none)."""
    row = db.execute(
        "SELECT policy_code FROM policy_periods WHERE in_force_from <= ? "
        "ORDER BY in_force_from DESC LIMIT 1",
        [to_db_date(on)],
    ).fetchone()
    return get_policy(db, row[0] if row else DEFAULT_POLICY)


def add_period(
    db: Database, actor: Staff, policy_code: str, in_force_from: date, notes: str | None
) -> PolicyPeriod:
    """Record that ``policy_code`` is in force from ``in_force_from`` (administrators only).

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: unknown policy, a date outside the office's years, or another period
            already starting on that date.
    """
    _require_admin(actor, "change which county policy is in force")
    notes = (notes or "").strip() or None
    if not FIRST_YEAR <= in_force_from.year <= LAST_YEAR:
        raise ValidationError(
            FieldError("in_force_from", f"Use a year from {FIRST_YEAR} to {LAST_YEAR}.")
        )
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM county_policies WHERE code = ?", [policy_code]).fetchone():
            raise ValidationError(
                FieldError("policy_code", f"There is no county policy “{policy_code}”.")
            )
        clash = db.execute(
            "SELECT policy_code FROM policy_periods WHERE in_force_from = ?",
            [to_db_date(in_force_from)],
        ).fetchone()
        if clash:
            raise ValidationError(
                FieldError(
                    "in_force_from",
                    f"A period under “{clash[0]}” already starts on {format_date(in_force_from)}; "
                    "remove it first or choose another date.",
                )
            )
        row = {
            "policy_code": policy_code,
            "in_force_from": to_db_date(in_force_from),
            "notes": notes,
        }
        period_id = insert_audited(db, actor, "policy_periods", row)
    return PolicyPeriod(period_id, policy_code, in_force_from, notes)


def remove_period(db: Database, actor: Staff, period_id: int) -> None:
    """Remove one period of the policy history (administrators only), audited.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: no such period.
        ValidationError: it is the only period left.
    """
    _require_admin(actor, "change which county policy is in force")
    with write_transaction(db):
        rows = list(db.query("SELECT * FROM policy_periods WHERE id = ?", [period_id]))
        if not rows:
            raise NotFoundError(f"There is no policy period number {period_id}.")
        if db.execute("SELECT count(*) FROM policy_periods").fetchone()[0] == 1:
            raise ValidationError(
                FieldError(
                    "policy_periods",
                    "This is the only policy period; add the period that replaces it first.",
                )
            )
        delete_row(db, actor, "policy_periods", rows[0], None)


def set_policy_params(db: Database, actor: Staff, code: str, params: dict) -> CountyPolicy:
    """Replace a policy's settings (administrators only), audited as old JSON → new JSON.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: no such policy.
        ValidationError: the settings do not fit the policy's kind.
    """
    _require_admin(actor, "change a county policy's settings")
    with write_transaction(db):
        row = db.execute(
            "SELECT rowid, kind, params FROM county_policies WHERE code = ?", [code]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no county policy “{code}”.")
        rowid, kind, old = row
        if problems := param_problems(kind, params):
            raise ValidationError([FieldError("params", p) for p in problems])
        new = json.dumps(params, ensure_ascii=False)
        if json.loads(old) != params:
            db.execute("UPDATE county_policies SET params = ? WHERE code = ?", [new, code])
            changes = [("params", old, new)]
            record_changes(db, actor, AuditAction.UPDATE, "county_policies", rowid, changes)
    return get_policy(db, code)


def normalise_statute(statute: str) -> str:
    """A statute as the office compares it: ``penal code 245 (a)(1)`` → ``PC 245(A)(1)``.

    Upper case, single spaces, no "§", "PENAL CODE" and "P.C." as "PC" (a leading "Cal." or
    "California" dropped), "PC211" as "PC 211", and no space before a subdivision's parenthesis.
    """
    text = " ".join(statute.upper().replace("§", " ").split())
    text = _PENAL_CODE.sub("PC", text)
    text = re.sub(r"^(CAL\.|CALIFORNIA) (?=PC\b)", "", text)
    text = re.sub(r"\bPC(?=\d)", "PC ", text)
    return re.sub(r"\s+\(", "(", text)


def _categories(table: list[tuple[str, str, str]], statute: str | None) -> tuple:
    if not statute or not statute.strip():
        return ()
    charge = normalise_statute(statute)
    found = []
    for listed, category, source in table:
        if (charge == listed or charge.startswith(listed + "(")) and (
            category,
            source,
        ) not in found:
            found.append((category, source))
    return tuple(found)


def _category_table(db: Database) -> list[tuple[str, str, str]]:
    rows = db.execute("SELECT statute, category, source FROM offense_categories ORDER BY id")
    return [(normalise_statute(s), c, src) for s, c, src in rows.fetchall()]


@reported
def serious_violent_categories(db: Database, statute: str | None) -> tuple[tuple[str, str], ...]:
    """The ``(category, source)`` of every serious or violent felony listing ``statute`` matches.

    A charge matches a listed statute exactly or when it continues with a subdivision: "PC
    211(a)" matches "PC 211" and "PC 245(a)(1)" matches "PC 245(a)(1)", but "PC 2110" does not
    match "PC 211" and a bare "PC 245" does not match "PC 245(a)(1)".
    """
    return _categories(_category_table(db), statute)


@reported
def gather_facts(db: Database, detainer: Detainer, tz: ZoneInfo) -> DetainerFacts:
    """Everything the policies need about ``detainer``: its request and the person's charges.

    ``received_on`` is the county's local date of receipt; the charges are those of every
    booking of the person, those of the detainer's own booking marked as current.

    Raises:
        NotFoundError: the booking, the form or the warrant type does not exist.
        ValueError: ``received_at`` has no time zone.
    """
    if detainer.received_at.tzinfo is None:
        raise ValueError("a detainer's received_at must carry a time zone")
    booking = db.execute(
        "SELECT b.person_id, p.date_of_birth FROM bookings b JOIN persons p ON p.id = b.person_id "
        "WHERE b.id = ?",
        [detainer.booking_id],
    ).fetchone()
    if booking is None:
        raise NotFoundError(f"There is no case number {detainer.booking_id}.")
    form = db.execute(
        "SELECT label FROM detainer_forms WHERE code = ?", [detainer.form_code]
    ).fetchone()
    if form is None:
        raise NotFoundError(f"There is no detainer form “{detainer.form_code}”.")
    warrant = db.execute(
        "SELECT label, is_judicial FROM warrant_types WHERE code = ?", [detainer.warrant_type]
    ).fetchone()
    if warrant is None:
        raise NotFoundError(f"There is no warrant type “{detainer.warrant_type}”.")
    table = _category_table(db)
    rows = db.execute(
        "SELECT b.id, b.booking_number, c.seq, c.statute, c.description, c.charge_class, "
        "c.conviction_date FROM charges c JOIN bookings b ON b.id = c.booking_id "
        "WHERE b.person_id = ? ORDER BY b.booked_at, b.id, c.seq, c.id",
        [booking[0]],
    ).fetchall()
    charges = tuple(
        ChargeFact(
            booking_number=number,
            seq=seq,
            statute=statute,
            description=description,
            charge_class=charge_class,
            conviction_date=from_db_date(convicted),
            categories=_categories(table, statute),
            is_current_booking=booking_id == detainer.booking_id,
        )
        for booking_id, number, seq, statute, description, charge_class, convicted in rows
    )
    return DetainerFacts(
        received_on=detainer.received_at.astimezone(tz).date(),
        form_code=detainer.form_code,
        form_label=form[0],
        requests_hold=bool(detainer.requests_hold),
        requests_notification=bool(detainer.requests_notification),
        requests_transfer=bool(detainer.requests_transfer),
        warrant_type=detainer.warrant_type,
        warrant_label=warrant[0],
        warrant_is_judicial=bool(warrant[1]),
        date_of_birth=from_db_date(booking[1]),
        charges=charges,
    )


def recommend(db: Database, detainer: Detainer, tz: ZoneInfo) -> PolicyOutcome:
    """What the policy in force on the day ``detainer`` was received recommends, and why."""
    facts = gather_facts(db, detainer, tz)
    return evaluate(policy_in_force(db, facts.received_on), facts)
