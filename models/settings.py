"""Office-wide settings kept in the database so every desk and every letter agrees."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from models.errors import StoreError
from models.timeutil import DEFAULT_TIMEZONE


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def county_timezone(db: Database) -> ZoneInfo:
    """The county's time zone: instants are shown and typed in it."""
    name = get_setting(db, "county_timezone", DEFAULT_TIMEZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise StoreError(f"The office time zone “{name}” is not a known time zone.") from exc
