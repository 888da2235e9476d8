"""The import engine on hand-built prepared bookings: create, skip, update, persons, atomicity."""

from __future__ import annotations

import pytest

from models.importing.engine import ImportCancelled
from tests.importing.engine_cases import case, counts, dump, healthy, run

MATCH = {
    "program_era": "pep",
    "response_type": "ident_match",
    "queried_at": "2017-03-04T19:00:00+00:00",
}


def test_new_bookings_are_created_with_persons_charges_and_one_bulk_audit_row_per_table(db, actor):
    items = [
        case("B-1", "Núñez", "María", line=2, match=MATCH),
        case("B-2", "O'Neil", "Sean", line=3, charges=[
            {"statute": "PC 211", "description": "Robbery", "charge_class": "felony"},
            {"statute": "VC 23152", "description": "DUI", "charge_class": "misdemeanor"},
        ]),
    ]  # fmt: skip
    before = counts(db)
    result = run(db, actor, items)
    assert (result.created, result.updated, result.skipped, result.rejected) == (2, 0, 0, 0)
    assert result.rows_read == 3 and result.batch_id is not None and not result.dry_run
    after = counts(db)
    assert after["persons"] - before["persons"] == 2
    assert after["bookings"] - before["bookings"] == 2
    assert after["charges"] - before["charges"] == 3
    assert after["fingerprint_matches"] - before["fingerprint_matches"] == 1
    assert after["bookings_fts"] - before["bookings_fts"] == 2
    bulk = db.execute(
        "SELECT table_name, new_value FROM audit_log WHERE action = 'bulk_create' ORDER BY id"
    ).fetchall()
    assert [t for t, _ in bulk] == ["persons", "bookings", "charges", "fingerprint_matches"]
    assert all(f"import batch {result.batch_id}" in text for _t, text in bulk)
    booking = db.execute(
        "SELECT b.person_sort_name, b.facility, p.family_name FROM bookings b "
        "JOIN persons p ON p.id = b.person_id WHERE b.booking_number = 'B-2'"
    ).fetchone()
    assert booking == ("oneil sean", "Alder County Main Jail", "O'Neil")
    seqs = db.execute(
        "SELECT c.seq, c.statute FROM charges c JOIN bookings b ON b.id = c.booking_id "
        "WHERE b.booking_number = 'B-2' ORDER BY c.seq"
    ).fetchall()
    assert seqs == [(1, "PC 211"), (2, "VC 23152")]
    # Found by the search index, built once at the end.
    hit = db.execute("SELECT rowid FROM bookings_fts WHERE bookings_fts MATCH 'nunez'").fetchall()
    assert len(hit) == 1
    batch = db.execute(
        "SELECT created, updated, skipped, rejected, rows_read, first_audit_id, last_audit_id "
        "FROM import_batches WHERE id = ?",
        [result.batch_id],
    ).fetchone()
    assert batch[:5] == (2, 0, 0, 0, 3)
    span = db.execute("SELECT min(id), max(id) FROM audit_log WHERE id >= ?", [batch[5]]).fetchone()
    assert span == (batch[5], batch[6])
    assert (
        db.execute(
            "SELECT count(*) FROM import_batch_records WHERE batch_id = ? AND action = 'created'",
            [result.batch_id],
        ).fetchone()[0]
        == 2
    )
    healthy(db)


def test_the_same_items_twice_change_nothing_the_second_time(db, actor):
    items = [case(f"B-{i}", line=i + 2, a_number=f"A{100000000 + i}") for i in range(5)]
    run(db, actor, items)
    before = dump(db)
    second = run(db, actor, items)
    assert (second.created, second.updated, second.skipped) == (0, 0, 5)
    after = dump(db)
    new_audit = after.pop("audit_log")[len(before["audit_log"]) :]
    before.pop("audit_log")
    assert after == before
    # Only the second batch's own row was audited.
    assert {r[5] for r in new_audit} == {"import_batches"}
    batch = db.execute(
        "SELECT created, updated, skipped FROM import_batches WHERE id = ?", [second.batch_id]
    ).fetchone()
    assert batch == (0, 0, 5)
    healthy(db)


def test_a_changed_row_updates_exactly_that_field_with_an_audit_row(db, actor):
    run(db, actor, [case("B-1", facility="Alder County Main Jail")])
    booking_id = db.execute("SELECT id FROM bookings WHERE booking_number = 'B-1'").fetchone()[0]
    before = dump(db, with_audit=False)
    result = run(db, actor, [case("B-1", facility="North Annex")])
    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    after = dump(db, with_audit=False)
    changed = [t for t in before if before[t] != after[t]]
    assert changed == ["bookings", "facilities"]
    rows = db.execute(
        "SELECT table_name, field, old_value, new_value, booking_id FROM audit_log "
        "WHERE action = 'update' AND table_name = 'bookings'"
    ).fetchall()
    assert rows == [("bookings", "facility", "Alder County Main Jail", "North Annex", booking_id)]
    healthy(db)


def test_a_booking_with_equal_stored_values_is_skipped_even_without_an_import_record(db, actor):
    first = run(db, actor, [case("B-1")])
    # A different hash (say a new version of the preparation) with the same values: skipped.
    same = case("B-1")
    same.content_hash = "f" * 64
    again = run(db, actor, [same])
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)
    assert first.batch_id != again.batch_id


def test_persons_are_matched_by_a_number_then_fbi_then_state_id(db, actor):
    first = case("B-1", "Lopez", "Ana", a_number="A123456789")
    second = case("B-2", "LOPEZ", "ANA M", line=3, a_number="A123456789")
    third = case("B-3", "Other", "Person", line=4)
    third.person["fbi_number"] = "FBI77"
    fourth = case("B-4", "Other", "P.", line=5)
    fourth.person["fbi_number"] = "FBI77"
    fifth = case("B-5", "State", "Id", line=6)
    fifth.person["state_id"] = "CA999"
    run(db, actor, [first, second, third])
    result = run(db, actor, [fourth, fifth, case("B-6", "State", "Again", line=7)])
    assert result.created == 3
    people = dict(
        db.execute(
            "SELECT b.booking_number, b.person_id FROM bookings b ORDER BY b.booking_number"
        ).fetchall()
    )
    assert people["B-1"] == people["B-2"]
    assert people["B-3"] == people["B-4"]
    assert len({people["B-1"], people["B-3"], people["B-5"], people["B-6"]}) == 4
    new_person = db.execute(
        "SELECT booking_id, is_new_person FROM import_batch_records ORDER BY booking_id"
    ).fetchall()
    assert [flag for _b, flag in new_person] == [1, 0, 1, 0, 1, 1]


def test_withheld_markers_are_kept_beside_empty_fields(db, actor):
    item = case("B-1", dob=None, withheld={("persons", "date_of_birth"): "(b)(6),(b)(7)(c )"})
    run(db, actor, [item])
    row = db.execute(
        "SELECT w.table_name, w.field, w.marker, p.date_of_birth FROM withheld_values w "
        "JOIN persons p ON p.id = w.record_id"
    ).fetchall()
    assert row == [("persons", "date_of_birth", "(b)(6),(b)(7)(c )", None)]


def test_a_dry_run_counts_exactly_and_writes_nothing(db, actor):
    run(db, actor, [case("B-1")])
    before = dump(db)
    result = run(db, actor, [case("B-1", facility="Elsewhere"), case("B-2", line=3)], dry_run=True)
    assert (result.created, result.updated, result.skipped) == (1, 1, 0)
    assert result.dry_run and result.batch_id is None
    assert dump(db) == before
    healthy(db)


def test_cancelling_rolls_everything_back(db, actor):
    items = [case(f"B-{i}", line=i + 2) for i in range(5000)]
    before = counts(db)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1  # after the first chunk is written

    with pytest.raises(ImportCancelled, match="nothing was imported"):
        run(db, actor, items, cancelled=cancelled)
    assert counts(db) == before
    healthy(db)


def test_progress_is_reported_every_chunk(db, actor):
    seen = []
    run(
        db,
        actor,
        [case(f"B-{i}", line=i + 2) for i in range(4500)],
        progress=lambda d, t: seen.append(d),
    )
    assert seen[-1] == 4500 and len(seen) == 3 and seen == sorted(seen)


def test_nothing_imported_leaves_no_batch(db, actor):
    before = counts(db)
    result = run(db, actor, [])
    assert result.batch_id is None and result.imported == 0
    assert counts(db) == before


def test_a_booking_that_breaks_a_rule_of_the_record_is_rejected_alone(db, actor):
    bad = case("B-2", line=3)
    bad.booking["released_at"] = "2017-03-01T00:00:00+00:00"  # before it was booked
    result = run(db, actor, [case("B-1"), bad, case("B-3", line=4)])
    assert (result.created, result.rejected, result.rows_read) == (2, 1, 3)
    assert [p.line for p in result.problems] == [3]
    assert "not imported" in result.problems[0].reason
    numbers = db.execute("SELECT id, booking_number FROM bookings ORDER BY id").fetchall()
    assert [n for _id, n in numbers] == ["B-1", "B-3"]
    assert numbers[1][0] == numbers[0][0] + 1  # the ids stay contiguous
    healthy(db)


def test_a_booking_repeated_in_the_file_is_skipped_or_rejected_as_its_first_was(db, actor):
    good, bad = case("B-1"), case("B-2", line=3)
    bad.booking["released_at"] = "2017-03-01T00:00:00+00:00"
    again_good, again_bad = case("B-1", line=4), case("B-2", line=5)
    again_bad.booking["released_at"] = "2017-03-01T00:00:00+00:00"
    result = run(db, actor, [good, bad, again_good, again_bad])
    assert (result.created, result.skipped, result.rejected, result.rows_read) == (1, 1, 2, 4)
    assert sorted(p.line for p in result.problems) == [3, 5]
