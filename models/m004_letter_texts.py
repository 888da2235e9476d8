"""The template texts shipped with migration m004 (never edited; a change is a new version).

Seeded as version 1, active, of each letter type in each language the office needs at once.
"""

from __future__ import annotations

from sqlite_utils import Database

#: (code, language, title, body) of each shipped template.
TEXTS: list[tuple[str, str, str, str]] = []


def seed(db: Database) -> None:
    """Insert the shipped texts as active version 1, created by nobody (shipped)."""
    db.conn.executemany(
        "INSERT INTO letter_templates (code, language, version, status, title, body, notes, "
        "created_by, created_at) VALUES (?, ?, 1, 'active', ?, ?, 'Shipped with Detainer Desk', "
        "NULL, '2026-11-25T00:00:00Z')",
        TEXTS,
    )
