"""The append-only, hash-chained audit log (models.audit)."""

import dataclasses
import sqlite3

import pytest

from models.audit import GENESIS_HASH, history_for_case, record_changes, verify_chain
from models.cases import create_case, delete_case, update_case
from models.records import AuditAction


@pytest.fixture
def busy_db(db, actor, case_factory):
    """Three cases, an update and a delete: a few dozen audit rows."""
    first = create_case(db, case_factory(), actor)
    second = create_case(db, _other(case_factory(), "2010-000002", "Okonkwo"), actor)
    third = create_case(db, _other(case_factory(), "2010-000003", "Tran"), actor)
    update_case(db, first.replace(
        booking=dataclasses.replace(first.booking, notes="Attorney called")), actor)
    delete_case(db, third.id, actor, third.booking.row_version)
    return db, first, second


def _other(case, number, family):
    return case.replace(
        person=dataclasses.replace(case.person, family_name=family, aliases=(), a_number=None),
        booking=dataclasses.replace(case.booking, booking_number=number))


def _raw(db_path):
    """A second, plain connection: how someone with the file would tamper with it."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    return conn


def _audit_ids(db):
    return [r[0] for r in db.execute("SELECT id FROM audit_log ORDER BY id")]


def test_chain_is_intact_after_several_saves(busy_db):
    db, _, _ = busy_db
    report = verify_chain(db)
    total = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert total > 40
    assert report.ok and report.first_bad_id is None
    assert report.rows_checked == total
    last_id, last_hash = db.execute(
        "SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert report.message == (f"{total} audit rows, chain intact "
                              f"(newest row {last_id}, hash {last_hash[:16]}…)")
    rows = db.execute("SELECT prev_hash, row_hash FROM audit_log ORDER BY id").fetchall()
    assert rows[0][0] == GENESIS_HASH
    assert all(rows[i][0] == rows[i - 1][1] for i in range(1, len(rows)))


def test_update_and_delete_on_the_audit_log_are_refused(busy_db, db_path):
    db, _, _ = busy_db
    target = _audit_ids(db)[5]
    before = db.execute("SELECT * FROM audit_log WHERE id = ?", [target]).fetchone()
    conn = _raw(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET new_value = 'forged' WHERE id = ?", [target])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE id = ?", [target])
    conn.close()
    assert db.execute("SELECT * FROM audit_log WHERE id = ?", [target]).fetchone() == before
    assert verify_chain(db).ok


def test_edited_audit_row_is_reported_by_its_id(busy_db, db_path):
    db, _, _ = busy_db
    target = _audit_ids(db)[10]
    conn = _raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET new_value = 'forged' WHERE id = ?", [target])
    conn.close()
    report = verify_chain(db)
    assert not report.ok
    assert report.first_bad_id == target
    assert f"audit row {target} was altered" in report.message


def test_edited_actor_is_reported(busy_db, db_path):
    db, _, _ = busy_db
    target = _audit_ids(db)[-1]
    conn = _raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET os_login = 'someone' WHERE id = ?", [target])
    conn.close()
    assert verify_chain(db).first_bad_id == target


def test_deleted_middle_audit_row_is_reported(busy_db, db_path):
    db, _, _ = busy_db
    ids = _audit_ids(db)
    middle = ids[len(ids) // 2]
    conn = _raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = ?", [middle])
    conn.close()
    report = verify_chain(db)
    assert not report.ok
    assert report.first_bad_id == ids[len(ids) // 2 + 1]  # the row that followed it
    assert "removed or inserted" in report.message


def test_deleted_newest_audit_row_is_reported(busy_db, db_path):
    db, _, _ = busy_db
    conn = _raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    conn.close()
    assert not verify_chain(db).ok


def test_audit_rows_must_be_written_inside_a_transaction(db, actor):
    with pytest.raises(RuntimeError, match="inside"):
        record_changes(db, actor, AuditAction.UPDATE, "persons", 1, [("notes", "a", "b")])
    assert db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'persons'"
                      ).fetchone()[0] == 0


def test_history_of_a_case_has_its_person_and_booking_rows_only(busy_db):
    db, first, second = busy_db
    history = history_for_case(db, first.id, first.person.id)
    assert [e.id for e in history] == sorted(e.id for e in history)
    records = {(e.table_name, e.record_id) for e in history}
    assert ("persons", first.person.id) in records
    assert ("bookings", first.id) in records
    assert ("charges", first.charges[0].id) in records
    assert ("fingerprint_matches", first.matches[0].id) in records
    assert ("persons", second.person.id) not in records
    assert ("bookings", second.id) not in records
    assert ("update", "notes", None, "Attorney called") in {
        (e.action, e.field, e.old_value, e.new_value) for e in history}
    assert {e.staff_name for e in history} == {"mlopez"}
    own = db.execute("SELECT count(*) FROM audit_log WHERE booking_id = ? OR "
                     "(table_name = 'persons' AND record_id = ?)",
                     [first.id, first.person.id]).fetchone()[0]
    assert len(history) == own

    other = history_for_case(db, second.id, second.person.id)
    assert {e.id for e in other}.isdisjoint(e.id for e in history)
    assert ("persons", second.person.id) in {(e.table_name, e.record_id) for e in other}


def test_history_of_a_new_case_does_not_show_a_deleted_case(db, actor, case_factory):
    create_case(db, case_factory(), actor)
    doomed = create_case(db, _other(case_factory(), "2010-000002", "Okonkwo"), actor)
    delete_case(db, doomed.id, actor, doomed.booking.row_version)
    fresh = create_case(db, _other(case_factory(), "2010-000003", "Tran"), actor)
    history = history_for_case(db, fresh.id, fresh.person.id)
    assert all(e.action == AuditAction.CREATE for e in history)
    assert "2010-000002" not in {e.old_value for e in history} | {e.new_value for e in history}
