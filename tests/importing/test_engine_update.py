"""The engine's update path and detainers: charges, matches, withheld values, undo of each."""

from __future__ import annotations

from datetime import UTC, datetime

from models.importing.batches import undo_batch
from tests.importing.engine_cases import case, dump, healthy, run

BURGLARY = {"statute": "PC 459", "description": "Burglary", "charge_class": "felony"}
ROBBERY = {"statute": "PC 211", "description": "Robbery", "charge_class": "felony"}
DUI = {"statute": "VC 23152", "description": "DUI", "charge_class": "misdemeanor"}
MATCH = {"program_era": "pep", "response_type": "no_match"}
DETAINER = {"form_code": "i247a", "received_at": datetime(2017, 3, 5, 1, 0, tzinfo=UTC)}
MARKER = "(b)(6),(b)(7)(c )"


def _charges(db, number: str) -> list[tuple]:
    return db.execute(
        "SELECT c.seq, c.statute, c.description FROM charges c "
        "JOIN bookings b ON b.id = c.booking_id WHERE b.booking_number = ? ORDER BY c.seq",
        [number],
    ).fetchall()


def test_charges_are_updated_by_position_and_added_and_none_is_removed(db, actor):
    run(db, actor, [case("B-1", charges=[BURGLARY, ROBBERY])])
    second = run(db, actor, [case("B-1", charges=[BURGLARY, DUI, ROBBERY])])
    assert second.updated == 1
    assert _charges(db, "B-1") == [
        (1, "PC 459", "Burglary"), (2, "VC 23152", "DUI"), (3, "PC 211", "Robbery"),
    ]  # fmt: skip
    third = run(db, actor, [case("B-1", charges=[ROBBERY])])
    assert third.updated == 1
    # The first charge is now the file's; the two the file no longer lists stay on record.
    assert _charges(db, "B-1") == [
        (1, "PC 211", "Robbery"), (2, "VC 23152", "DUI"), (3, "PC 211", "Robbery"),
    ]  # fmt: skip
    actions = db.execute(
        "SELECT action, count(*) FROM audit_log WHERE table_name = 'charges' AND id > ("
        "SELECT last_audit_id FROM import_batches WHERE id = ?) GROUP BY action",
        [second.batch_id],
    ).fetchall()
    # Seq 1 became robbery: its statute and its text, each audited; nothing deleted.
    assert dict(actions) == {"update": 2}
    # Undo the last two batches in turn: the record goes back step by step.
    undo_batch(db, actor, third.batch_id)
    assert _charges(db, "B-1") == [
        (1, "PC 459", "Burglary"), (2, "VC 23152", "DUI"), (3, "PC 211", "Robbery"),
    ]  # fmt: skip
    undo_batch(db, actor, second.batch_id)
    assert _charges(db, "B-1") == [(1, "PC 459", "Burglary"), (2, "PC 211", "Robbery")]
    healthy(db)


def test_a_match_is_added_then_changed_and_undo_removes_what_it_added(db, actor):
    first = run(db, actor, [case("B-1")])
    before = dump(db, with_audit=False)
    second = run(db, actor, [case("B-1", match=MATCH)])
    assert second.updated == 1
    assert db.execute("SELECT response_type FROM fingerprint_matches").fetchall() == [("no_match",)]
    third = run(db, actor, [case("B-1", match={**MATCH, "response_type": "ident_match"})])
    assert third.updated == 1
    assert db.execute("SELECT count(*) FROM fingerprint_matches").fetchone()[0] == 1
    undo_batch(db, actor, third.batch_id)
    undo_batch(db, actor, second.batch_id)
    assert dump(db, with_audit=False) == before
    assert first.batch_id < second.batch_id


def test_a_withheld_value_never_blanks_a_value_on_file(db, actor):
    run(db, actor, [case("B-1", dob="1984-03-09")])
    again = run(db, actor, [case("B-1", dob=None, withheld={("persons", "date_of_birth"): MARKER})])
    assert (again.updated, again.skipped) == (0, 1)
    assert db.execute("SELECT date_of_birth FROM persons").fetchone()[0] == "1984-03-09"
    assert db.execute("SELECT count(*) FROM withheld_values").fetchone()[0] == 0


def test_a_value_given_where_one_was_withheld_replaces_the_marker(db, actor):
    run(db, actor, [case("B-1", dob=None, withheld={("persons", "date_of_birth"): MARKER})])
    before = dump(db, with_audit=False)
    again = run(db, actor, [case("B-1", dob="1984-03-09")])
    assert again.updated == 1
    assert db.execute("SELECT date_of_birth FROM persons").fetchone()[0] == "1984-03-09"
    assert db.execute("SELECT count(*) FROM withheld_values").fetchone()[0] == 0
    undo_batch(db, actor, again.batch_id)
    assert dump(db, with_audit=False) == before


def test_a_detainer_in_the_file_is_recorded_through_the_detainer_verbs(db, actor):
    result = run(db, actor, [case("B-1", detainer=DETAINER), case("B-2", line=3)])
    assert result.created == 2
    detainer = db.execute(
        "SELECT d.form_code, d.status, d.received_at, d.requests_hold, d.hold_rule, "
        "b.booking_number FROM detainers d JOIN bookings b ON b.id = d.booking_id"
    ).fetchall()
    assert detainer == [
        ("i247a", "received", "2017-03-05T01:00:00+00:00", 1, detainer[0][4], "B-1")
    ]
    assert db.execute("SELECT status FROM detainer_status_history").fetchall() == [("received",)]
    assert (
        db.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'detainers' AND action = 'create'"
        ).fetchone()[0]
        > 3
    )
    # A detainer added to a booking already on file makes it an update.
    later = run(db, actor, [case("B-2", line=3, detainer=DETAINER)])
    assert later.updated == 1
    assert db.execute("SELECT count(*) FROM detainers").fetchone()[0] == 2
    undo_batch(db, actor, later.batch_id)
    undo_batch(db, actor, result.batch_id)
    assert db.execute("SELECT count(*) FROM detainers").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM detainer_status_history").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0
    healthy(db)


def test_holds_are_counted_not_charged(db, actor):
    result = run(db, actor, [case("B-1", holds=("HOLD IMMIGRAT (IMM)",))])
    assert result.holds == 1
    assert db.execute("SELECT count(*) FROM charges").fetchone()[0] == 1
