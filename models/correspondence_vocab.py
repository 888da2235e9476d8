"""The correspondence lookup lists: how letters travel, and the due-date rules for replies."""

from __future__ import annotations

from sqlite_utils import Database

from models.store import reported


@reported
def correspondence_methods(db: Database) -> list[tuple[str, str]]:
    """``(code, label)`` of every way a letter travels (mail, fax, email, phone, meeting…)."""
    return db.execute("SELECT code, label FROM correspondence_methods ORDER BY rowid").fetchall()


@reported
def due_rule_choices(db: Database) -> list[tuple[str, str]]:
    """``(code, label)`` of every due-date rule a reply can be due under."""
    return db.execute("SELECT code, label FROM due_rules ORDER BY rowid").fetchall()
