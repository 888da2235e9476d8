"""Helpers for the backup tests: every table's rows, file fingerprints, cases in bulk."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

from models.cases import create_case


def dump(path_or_conn, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by rowid (WITHOUT ROWID tables by all columns)."""
    conn = path_or_conn
    own = isinstance(path_or_conn, (str, Path))
    if own:
        conn = sqlite3.connect(f"{Path(path_or_conn).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )
        ]
        rows = {}
        for table in tables:
            if table in skip:
                continue
            try:
                rows[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # WITHOUT ROWID
                width = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
                order = ", ".join(str(i + 1) for i in range(width))
                rows[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return rows
    finally:
        if own:
            conn.close()


def file_state(path: Path) -> dict[str, str | None]:
    """SHA-256 of the database and its -wal file (None where absent)."""
    state = {}
    for name in (path.name, path.name + "-wal"):
        file = path.parent / name
        state[name] = hashlib.sha256(file.read_bytes()).hexdigest() if file.exists() else None
    return state


def add_cases(db, actor, case_factory, count: int, start: int = 1) -> list[int]:
    """``count`` distinct cases (booking ``B-<n>``, person ``Family<n>``); their ids."""
    ids = []
    for n in range(start, start + count):
        case = case_factory()
        person = dataclasses.replace(case.person, family_name=f"Family{n}", a_number=None)
        booking = dataclasses.replace(case.booking, booking_number=f"B-{n:05d}")
        ids.append(create_case(db, case.replace(person=person, booking=booking), actor).id)
    return ids
