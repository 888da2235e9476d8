"""Two copies of the app on one database file: they wait, refuse clearly, and never overwrite."""

from __future__ import annotations

import dataclasses

import pytest

from models.cases import create_case, get_case, update_case
from models.errors import ConflictError, StoreError
from models.staff import current_staff
from models.store import open_database


@pytest.fixture
def two_desks(db, db_path, actor, case_factory):
    saved = create_case(db, case_factory(), actor)
    other = open_database(db_path)
    yield db, other, current_staff(other, login="jclerk"), saved
    other.close()


def test_a_save_while_another_desk_holds_the_write_lock_is_refused_clearly(two_desks):
    desk_a, desk_b, clerk, saved = two_desks
    desk_b.execute("PRAGMA busy_timeout = 50")  # the app waits 5 s; the test need not
    audit_before = desk_a.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    desk_a.conn.execute("BEGIN IMMEDIATE")
    try:
        edited = saved.replace(booking=dataclasses.replace(saved.booking, notes="from desk B"))
        with pytest.raises(StoreError, match="another Detainer Desk is saving"):
            update_case(desk_b, edited, clerk)
        # Reading goes on while the other desk writes (WAL).
        assert get_case(desk_b, saved.id).booking.notes is None
    finally:
        desk_a.conn.execute("ROLLBACK")
    assert desk_a.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    assert get_case(desk_a, saved.id).booking.notes is None
    update_case(desk_b, edited, clerk)  # once the lock is gone the same save goes through
    assert get_case(desk_a, saved.id).booking.notes == "from desk B"


def test_the_second_of_two_desks_editing_one_case_gets_a_conflict(two_desks):
    desk_a, desk_b, clerk, saved = two_desks
    on_a = get_case(desk_a, saved.id)
    on_b = get_case(desk_b, saved.id)
    update_case(desk_a, on_a.replace(booking=dataclasses.replace(on_a.booking, notes="A")),
                current_staff(desk_a, login="mlopez"))
    with pytest.raises(ConflictError, match="This case was changed elsewhere"):
        update_case(desk_b, on_b.replace(booking=dataclasses.replace(on_b.booking, notes="B")),
                    clerk)
    assert get_case(desk_b, saved.id).booking.notes == "A"
