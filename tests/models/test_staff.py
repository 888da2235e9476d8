"""Staff: who signs in, what they may do, and how an administrator names them."""

from __future__ import annotations

import pytest

from models.errors import DeskError, ValidationError
from models.records import StaffRole
from models.staff import current_staff, find_by_login, update_staff


def test_first_login_is_administrator_and_later_ones_clerks(db):
    assert current_staff(db, login="first").role == StaffRole.ADMINISTRATOR
    assert current_staff(db, login="second").role == StaffRole.CLERK
    rows = db.execute("SELECT table_name, field, new_value FROM audit_log "
                      "WHERE table_name = 'staff' AND field = 'role' ORDER BY id").fetchall()
    assert rows == [("staff", "role", "administrator"), ("staff", "role", "clerk")]


def test_administrator_names_and_promotes_someone_with_an_audit_trail(db):
    admin = current_staff(db, login="admin")
    current_staff(db, login="jdoe")
    updated = update_staff(db, admin, "jdoe", full_name="Jane Doe", role=StaffRole.ATTORNEY)
    assert (updated.full_name, updated.role) == ("Jane Doe", StaffRole.ATTORNEY)
    audit = db.execute("SELECT field, old_value, new_value FROM audit_log WHERE action = "
                       "'update' AND table_name = 'staff' ORDER BY id").fetchall()
    assert audit == [("full_name", "jdoe", "Jane Doe"), ("role", "clerk", "attorney")]


def test_administrator_can_add_someone_before_their_first_login(db):
    admin = current_staff(db, login="admin")
    added = update_staff(db, admin, "rsantos", full_name="Rosa Santos",
                         role=StaffRole.SUPERVISOR)
    assert added.role == StaffRole.SUPERVISOR
    assert current_staff(db, login="rsantos") == added  # their first login finds them
    with pytest.raises(ValidationError, match="give their name"):
        update_staff(db, admin, "newbie")
    assert find_by_login(db, "newbie") is None


def test_a_clerk_cannot_change_staff(db):
    current_staff(db, login="admin")
    clerk = current_staff(db, login="clerk")
    with pytest.raises(DeskError, match="Only an administrator"):
        update_staff(db, clerk, "clerk", role=StaffRole.ADMINISTRATOR)
    assert find_by_login(db, "clerk").role == StaffRole.CLERK


def test_the_last_administrator_keeps_the_role(db):
    admin = current_staff(db, login="admin")
    with pytest.raises(ValidationError, match="only administrator"):
        update_staff(db, admin, "admin", role=StaffRole.CLERK)
    update_staff(db, admin, "deputy", full_name="Deputy Admin", role=StaffRole.ADMINISTRATOR)
    assert update_staff(db, admin, "admin", role=StaffRole.CLERK).role == StaffRole.CLERK
