"""The period and filters statistics are asked for, checked before any query runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.errors import FieldError, ValidationError
from models.timeutil import format_date, to_db_instant


@dataclass(frozen=True)
class Period:
    """A run of county calendar days, both ends included."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{format_date(self.start)} – {format_date(self.end)}"

    def bounds(self, tz: ZoneInfo) -> tuple[str, str]:
        """The stored-instant range ``[from, to)`` the period covers in the county's zone."""
        return instant_of(self.start, tz), instant_of(self.end + timedelta(days=1), tz)

    def months(self) -> list[tuple[date, date, date]]:
        """``(month, first day, last day)`` of each calendar month the period touches."""
        out = []
        month = self.start.replace(day=1)
        while month <= self.end:
            following = (month + timedelta(days=32)).replace(day=1)
            last = min(following - timedelta(days=1), self.end)
            out.append((month, max(month, self.start), last))
            month = following
        return out

    def to_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class Filters:
    """Which bookings count: all of them, or one facility's, or one arresting agency's."""

    facility: str | None = None
    #: The arresting agency's ORI (the booking's ``agency_ori``).
    agency_ori: str | None = None

    @property
    def label(self) -> str:
        parts = []
        if self.facility:
            parts.append(f"facility {self.facility}")
        if self.agency_ori:
            parts.append(f"agency {self.agency_ori}")
        return ", ".join(parts) or "all facilities and agencies"

    def to_json(self) -> dict:
        return {"facility": self.facility, "agency_ori": self.agency_ori}


def instant_of(day: date, tz: ZoneInfo) -> str:
    """The stored form of the county's midnight starting ``day``."""
    return to_db_instant(datetime.combine(day, time(), tz))


def check_period(start: date | None, end: date | None, today: date) -> Period:
    """The period from ``start`` to ``end``, or a ValidationError a clerk can act on.

    A period may end after today (this year so far) but must not start after it: there are no
    figures for days that have not happened.
    """
    errors = []
    if start is None:
        errors.append(FieldError("start", "Enter the first day of the period."))
    if end is None:
        errors.append(FieldError("end", "Enter the last day of the period."))
    if errors:
        raise ValidationError(errors)
    if end < start:
        raise ValidationError(
            FieldError(
                "end",
                f"The period ends ({format_date(end)}) before it starts ({format_date(start)}).",
            )
        )
    if start > today:
        raise ValidationError(
            FieldError(
                "start",
                f"The period starts on {format_date(start)}, after today ({format_date(today)}); "
                "there are no figures for days still to come.",
            )
        )
    return Period(start, end)
