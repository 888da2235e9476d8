"""The office's holiday calendar in the database: its state and its county-declared days.

Federal and state holidays come from the ``holidays`` package (see :mod:`models.clocks`); the
database holds only which state's holidays count (setting ``holiday_state``) and the days the
county itself declared closed (table ``county_holidays``). Only an administrator changes
either, and every change is audited. Nothing here recomputes a detainer's clock: a caller that
changes the calendar inside its own transaction recomputes what depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from models.clocks import HolidayCalendar, state_names
from models.errors import DeskError, FieldError, NotFoundError, StoreError, ValidationError
from models.records import Staff, StaffRole
from models.settings import get_setting, put_setting
from models.store import reported, write_transaction
from models.timeutil import format_date
from models.writes import delete_row, insert_audited

STATE_KEY = "holiday_state"


@dataclass(frozen=True)
class CountyHoliday:
    id: int
    day: date
    name: str


def _require_administrator(actor: Staff, what: str) -> None:
    if actor.role != StaffRole.ADMINISTRATOR:
        raise DeskError(f"Only an administrator can {what}.")


@reported
def holiday_state(db: Database) -> str | None:
    """The two-letter state whose holidays count besides the federal ones, or None."""
    return (get_setting(db, STATE_KEY) or "").strip().upper() or None


@reported
def list_county_holidays(db: Database) -> list[CountyHoliday]:
    """Every county-declared holiday, earliest first."""
    rows = db.execute("SELECT id, day, name FROM county_holidays ORDER BY day").fetchall()
    return [CountyHoliday(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]


def load_calendar(db: Database) -> HolidayCalendar:
    """The office's business-day calendar: federal, state and county holidays.

    Raises:
        StoreError: the stored state is not one the holiday package knows.
    """
    state = holiday_state(db)
    days = {h.day: h.name for h in list_county_holidays(db)}
    try:
        return HolidayCalendar(state, days)
    except ValueError as exc:
        raise StoreError(
            f"The holiday state “{state}” stored in the database is not a US state or "
            "territory; an administrator should set it again."
        ) from exc


def add_county_holiday(db: Database, actor: Staff, day: date, name: str) -> CountyHoliday:
    """Declare ``day`` a county holiday (administrators only), audited.

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: no name, or the day is already a county holiday.
    """
    _require_administrator(actor, "declare county holidays")
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError("a county holiday is a calendar date")
    name = (name or "").strip()
    if not name:
        raise ValidationError(FieldError("name", "Give the county holiday a name."))
    with write_transaction(db):
        existing = db.execute(
            "SELECT name FROM county_holidays WHERE day = ?", [day.isoformat()]
        ).fetchone()
        if existing:
            raise ValidationError(
                FieldError(
                    "day", f"{format_date(day)} is already a county holiday (“{existing[0]}”)."
                )
            )
        holiday_id = insert_audited(
            db, actor, "county_holidays", {"day": day.isoformat(), "name": name}
        )
    return CountyHoliday(holiday_id, day, name)


def remove_county_holiday(db: Database, actor: Staff, holiday_id: int) -> None:
    """Remove a county-declared holiday (administrators only), audited.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: there is no such county holiday (perhaps removed at another desk).
    """
    _require_administrator(actor, "remove county holidays")
    with write_transaction(db):
        row = db.execute(
            "SELECT id, day, name FROM county_holidays WHERE id = ?", [holiday_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(
                "That county holiday no longer exists; someone may have removed it already."
            )
        delete_row(
            db, actor, "county_holidays", dict(zip(("id", "day", "name"), row, strict=True)), None
        )


def set_holiday_state(db: Database, actor: Staff, state: str | None) -> None:
    """Choose whose state holidays count besides the federal ones; None for none (audited).

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: not a two-letter US state or territory the holiday package knows.
    """
    _require_administrator(actor, "change the holiday state")
    code = (state or "").strip().upper()
    if code and code not in state_names():
        raise ValidationError(
            FieldError(
                STATE_KEY,
                f"“{state.strip()}” is not a US state or territory code; use two letters "
                "such as CA, NY or DC.",
            )
        )
    with write_transaction(db):
        put_setting(db, actor, STATE_KEY, code)
