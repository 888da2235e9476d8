"""Office-wide settings kept in the database so every desk and every letter agrees."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from models.errors import StoreError
from models.timeutil import DEFAULT_TIMEZONE


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put_setting(db: Database, actor, key: str, value: str) -> bool:
    """Store one setting, audited as a create or an update; False when it already had ``value``.

    The caller holds the write transaction (the setting and its audit rows go in together).
    """
    from models.audit import record_changes
    from models.records import AuditAction

    row = db.execute("SELECT rowid, value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        cursor = db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
        changes = [(key, None, value)]
        record_changes(db, actor, AuditAction.CREATE, "settings", cursor.lastrowid, changes)
        return True
    if row[1] == value:
        return False
    db.execute("UPDATE settings SET value = ? WHERE key = ?", [value, key])
    record_changes(db, actor, AuditAction.UPDATE, "settings", row[0], [(key, row[1], value)])
    return True


def county_timezone(db: Database) -> ZoneInfo:
    """The county's time zone: instants are shown and typed in it."""
    name = get_setting(db, "county_timezone", DEFAULT_TIMEZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise StoreError(f"The office time zone “{name}” is not a known time zone.") from exc
