"""A failing database stops an import whole: full disk, read-only file, another desk's lock."""

from __future__ import annotations

import sqlite3

import pytest

from models.errors import StoreError
from tests.importing.engine_cases import case, counts, dump, healthy, run

ITEMS = [
    case(f"B-{i}", f"Family{i}", line=i + 2, a_number=f"A{300000000 + i}") for i in range(6000)
]


@pytest.fixture
def seeded(db, actor):
    run(db, actor, ITEMS[:10])
    return db


def test_a_full_disk_leaves_the_database_as_it_was(seeded, actor):
    db = seeded
    before, full = counts(db), dump(db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite itself reports SQLITE_FULL once the file would grow past this many pages.
    db.execute(f"PRAGMA max_page_count = {pages + 600}")
    written = []
    with pytest.raises(StoreError, match="the disk is full"):
        run(db, actor, ITEMS, progress=lambda done, total: written.append(done))
    assert written, "the disk should fill after the first chunks were written"
    db.execute("PRAGMA max_page_count = 1073741823")
    assert counts(db) == before and dump(db) == full
    healthy(db)
    # With room again the same import goes through.
    assert run(db, actor, ITEMS).created == len(ITEMS) - 10


def test_a_read_only_database_leaves_it_as_it_was(seeded, actor):
    db = seeded
    before = dump(db)
    db.execute("PRAGMA query_only = 1")  # SQLite refuses every write: SQLITE_READONLY
    with pytest.raises(StoreError, match="read-only"):
        run(db, actor, ITEMS[:100])
    db.execute("PRAGMA query_only = 0")
    assert dump(db) == before
    healthy(db)


def test_another_desk_saving_makes_the_import_wait_then_fail_cleanly(seeded, actor, db_path):
    db = seeded
    before = dump(db)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another desk holds the write lock
    db.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(StoreError, match="another Detainer Desk is saving"):
            run(db, actor, ITEMS[:100])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dump(db) == before
    healthy(db)
