"""Undoing an import batch: exact restoration, and the refusals that protect later work."""

from __future__ import annotations

import dataclasses

import pytest

from models.cases import get_case, update_case
from models.errors import DeskError
from models.importing.batches import list_batches, undo_batch, undo_refusal
from models.records import StaffRole
from models.staff import current_staff, update_staff
from tests.importing.engine_cases import case, dump, healthy, run

WITHHELD = {("persons", "date_of_birth"): "(b)(6),(b)(7)(c )"}


def _bookings(db) -> dict[str, int]:
    return dict(db.execute("SELECT booking_number, id FROM bookings").fetchall())


def test_undo_of_a_batch_that_created_and_updated_restores_the_exact_previous_record(db, actor):
    run(db, actor, [case("B-1", facility="Main Jail"), case("B-2", line=3, a_number="A100000001")])
    before = dump(db, with_audit=False)
    second = run(
        db,
        actor,
        [
            case("B-1", facility="North Annex", dob=None, withheld=WITHHELD),  # update
            case("B-2", "Renamed", "Person", line=3, a_number="A100000001", charges=[
                {"statute": "PC 211", "description": "Robbery", "charge_class": "felony"},
                {"statute": "PC 459", "description": "Burglary", "charge_class": "felony"},
            ]),  # update: person renamed, charge changed, a charge added
            case("B-3", line=5, a_number="A100000001"),  # new booking of the same person
            case("B-4", "New", "Person", line=6, withheld=WITHHELD, dob=None),
        ],
    )  # fmt: skip
    assert (second.created, second.updated) == (2, 2)
    assert dump(db, with_audit=False) != before
    assert undo_refusal(db, second.batch_id, actor) is None
    removed, restored = undo_batch(db, actor, second.batch_id)
    assert (removed, restored) == (2, 2)
    after = dump(db, with_audit=False)
    # Facility names are a vocabulary (as after deleting a case): a new one stays offered.
    assert set(after.pop("facilities")) - set(before.pop("facilities")) == {("North Annex",)}
    assert after == before
    undone = next(b for b in list_batches(db) if b.id == second.batch_id)
    assert undone.undone_at is not None and undone.undone_by_name == actor.full_name
    deletes = db.execute(
        "SELECT table_name, old_value FROM audit_log WHERE action = 'delete' AND field IS NULL"
    ).fetchall()
    assert ("bookings", f"import batch {second.batch_id} undone: 2 rows removed") in deletes
    assert ("persons", f"import batch {second.batch_id} undone: 1 rows removed") in deletes
    healthy(db)
    # The same file again after the undo is imported afresh, as if for the first time.
    third = run(db, actor, [case("B-4", "New", "Person", line=6, withheld=WITHHELD, dob=None)])
    assert third.created == 1


def test_undo_is_refused_after_a_booking_was_edited_at_a_desk(db, actor):
    result = run(db, actor, [case("B-1"), case("B-2", line=3)])
    edited = get_case(db, _bookings(db)["B-2"])
    booking = dataclasses.replace(edited.booking, notes="Called the jail: released at 9.")
    update_case(db, edited.replace(booking=booking), actor)
    before = dump(db)
    reason = undo_refusal(db, result.batch_id, actor)
    assert "Booking B-2" in reason and "was changed since" in reason
    with pytest.raises(DeskError, match="was changed since"):
        undo_batch(db, actor, result.batch_id)
    assert dump(db) == before


def test_undo_is_refused_when_a_later_import_changed_its_bookings_until_that_one_is_undone(
    db, actor
):
    first = run(db, actor, [case("B-1", facility="Main Jail")])
    second = run(db, actor, [case("B-1", facility="North Annex")])
    assert second.updated == 1
    assert f"undo import {second.batch_id} first" in undo_refusal(db, first.batch_id, actor)
    undo_batch(db, actor, second.batch_id)
    assert undo_refusal(db, first.batch_id, actor) is None
    undo_batch(db, actor, first.batch_id)
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0
    healthy(db)


def test_undo_twice_is_refused_with_words(db, actor):
    result = run(db, actor, [case("B-1")])
    undo_batch(db, actor, result.batch_id)
    with pytest.raises(DeskError, match="already undone"):
        undo_batch(db, actor, result.batch_id)


def test_only_supervisors_administrators_or_the_importer_may_undo(db, actor):
    admin = current_staff(db, login="boss")  # actor (first staff) is the administrator
    clerk = current_staff(db, login="kim")
    other = current_staff(db, login="lee")
    assert clerk.role is StaffRole.CLERK and other.role is StaffRole.CLERK
    mine = run(db, clerk, [case("B-1")])
    refusal = undo_refusal(db, mine.batch_id, other)
    assert refusal and "Only a supervisor, an administrator or kim" in refusal
    assert undo_refusal(db, mine.batch_id, clerk) is None
    supervisor = update_staff(db, actor, "lee", role=StaffRole.SUPERVISOR)
    assert undo_refusal(db, mine.batch_id, supervisor) is None
    assert admin.role is StaffRole.CLERK or undo_refusal(db, mine.batch_id, admin) is None
