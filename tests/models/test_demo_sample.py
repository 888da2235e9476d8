"""The fictional demo database and the fast synthetic sample (models.demo, models.sample)."""

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

import models.sample as sample
from models.audit import verify_chain
from models.case_list import CaseQuery, fetch_cases
from models.cases import create_case
from models.demo import DEMO_CASES, DEMO_TOTAL, fill_demo, is_demo
from models.sample import insert_sample
from models.staff import current_staff
from models.store import open_database

LA = ZoneInfo("America/Los_Angeles")
DEMO_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def row_counts(db):
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def column(db, sql):
    return [r[0] for r in db.execute(sql)]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    added = fill_demo(db, current_staff(db, login="demo"), now=DEMO_NOW)
    assert added == DEMO_TOTAL == DEMO_CASES + 16 == 316
    yield db
    db.close()


def test_demo_has_300_cases_booked_2009_to_2011_and_later_ones(demo_db):
    assert demo_db.execute("SELECT count(*) FROM bookings WHERE booked_at < '2012'"
                           ).fetchone()[0] == 300
    first, last = demo_db.execute("SELECT min(booked_at), max(booked_at) FROM bookings"
                                  ).fetchone()
    assert first >= "2009-01-01" and last < DEMO_NOW.isoformat()
    years = set(column(demo_db, "SELECT DISTINCT substr(booked_at, 1, 4) FROM bookings"))
    assert {"2009", "2010", "2011", "2013", "2016", "2017", "2019", "2022", "2026"} == years
    assert is_demo(demo_db)


def test_demo_covers_every_response_type_facility_and_charge_class(demo_db):
    assert set(column(demo_db, "SELECT DISTINCT response_type FROM fingerprint_matches")) == set(
        column(demo_db, "SELECT code FROM match_response_types"))
    assert set(column(demo_db, "SELECT DISTINCT facility FROM bookings")) == set(
        column(demo_db, "SELECT name FROM facilities"))
    assert len(column(demo_db, "SELECT name FROM facilities")) == 5
    assert set(column(demo_db, "SELECT DISTINCT charge_class FROM charges")) == set(
        column(demo_db, "SELECT code FROM charge_classes"))
    assert set(column(demo_db, "SELECT DISTINCT custody_status FROM bookings")) >= {
        "in_custody", "released"}


def test_demo_names_include_accents_hyphens_and_apostrophes(demo_db):
    names = column(demo_db, "SELECT family_name || ' ' || given_names FROM persons")
    assert any(not n.isascii() for n in names)
    assert any("-" in n for n in column(demo_db, "SELECT family_name FROM persons"))
    assert any("'" in n for n in names)


def test_demo_audit_chain_is_intact_and_records_every_case(demo_db):
    report = verify_chain(demo_db)
    assert report.ok, report.message
    created = demo_db.execute("SELECT count(DISTINCT record_id) FROM audit_log "
                              "WHERE action = 'create' AND table_name = 'bookings'").fetchone()[0]
    assert created == DEMO_TOTAL


def test_demo_twice_adds_nothing(demo_db):
    before = row_counts(demo_db)
    assert fill_demo(demo_db, current_staff(demo_db, login="demo")) == 0
    assert row_counts(demo_db) == before


def test_demo_is_the_same_every_time(demo_db, db, actor):
    fill_demo(db, actor, now=DEMO_NOW)
    sql = "SELECT booking_number, person_sort_name, booked_at, facility FROM bookings ORDER BY id"
    assert db.execute(sql).fetchall() == demo_db.execute(sql).fetchall()


def test_sample_adds_searchable_bookings_with_bulk_audit_rows(db, actor):
    first = insert_sample(db, 250, actor)
    assert first == 1
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 250
    assert db.execute("SELECT count(*) FROM bookings_fts").fetchone()[0] == 250
    bulk = db.execute("SELECT table_name, record_id, new_value FROM audit_log "
                      "WHERE action = 'bulk_create' ORDER BY id").fetchall()
    assert [b[0] for b in bulk] == ["persons", "bookings", "charges", "fingerprint_matches"]
    assert all(b[1] == 1 and "250 synthetic rows for bookings 1–250" in b[2] for b in bulk)
    assert verify_chain(db).ok

    booking_number, family = db.execute(
        "SELECT b.booking_number, p.family_name FROM bookings b JOIN persons p "
        "ON p.id = b.person_id WHERE b.id = 137").fetchone()
    assert booking_number == "S-137"
    assert 137 in [r.id for r in fetch_cases(db, CaseQuery(search=family), LA, limit=300)]
    assert [r.id for r in fetch_cases(db, CaseQuery(search="S-137"), LA)] == [137]


def test_sample_keeps_the_search_trigger_for_later_cases(db, actor, case_factory):
    insert_sample(db, 100, actor)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                      "AND name = 'bookings_fts_insert'").fetchone()[0] == 1
    case = case_factory()
    case = case.replace(person=dataclasses.replace(case.person, family_name="Zyxwvut"))
    saved = create_case(db, case, actor)
    assert [r.id for r in fetch_cases(db, CaseQuery(search="zyxwvut"), LA)] == [saved.id]


def test_sample_after_existing_cases_uses_new_ids(db, actor, case_factory):
    existing = create_case(db, case_factory(), actor)
    first = insert_sample(db, 10, actor)
    assert first == existing.id + 1
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 11
    assert db.execute("SELECT person_id FROM bookings WHERE id = ?", [existing.id]
                      ).fetchone()[0] == existing.person.id
    assert verify_chain(db).ok


def test_failed_sample_writes_nothing_and_keeps_the_trigger(db, actor, monkeypatch):
    before = row_counts(db)
    original = sample.sample_chunks

    def chunks_then_fail(*args, **kwargs):
        yield from original(*args, **kwargs)  # every row is inserted, then the power goes
        raise RuntimeError("interrupted")

    monkeypatch.setattr(sample, "sample_chunks", chunks_then_fail)
    with pytest.raises(RuntimeError, match="interrupted"):
        insert_sample(db, 50, actor)
    assert row_counts(db) == before
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                      "AND name = 'bookings_fts_insert'").fetchone()[0] == 1


def test_demo_has_people_booked_more_than_once(db, actor):
    fill_demo(db, actor, now=DEMO_NOW)
    repeat = db.execute("SELECT count(*) FROM (SELECT person_id FROM bookings GROUP BY person_id "
                        "HAVING count(*) > 1)").fetchone()[0]
    assert repeat >= 10
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] < 300


def test_demo_detainers_cover_every_form_status_and_outcome_and_some_still_run(demo_db):
    from models.detainer_clocks import running_clocks

    assert set(column(demo_db, "SELECT DISTINCT form_code FROM detainers")) == set(
        column(demo_db, "SELECT code FROM detainer_forms"))
    assert set(column(demo_db, "SELECT DISTINCT status FROM detainers")) == {
        "received", "under_review", "decided", "honoured", "declined", "notification_given",
        "lifted", "superseded", "expired"}
    assert set(column(demo_db, "SELECT DISTINCT decision FROM detainers")) >= {
        "honour", "decline", "notify_only"}
    assert column(demo_db, "SELECT count(*) FROM detainers WHERE released_to_ice_at IS NOT NULL")[0]
    assert column(demo_db, "SELECT count(*) FROM detainers "
                           "WHERE released_to_community_at IS NOT NULL")[0]
    assert len(set(column(demo_db, "SELECT DISTINCT lift_reason FROM detainers "
                                   "WHERE lift_reason IS NOT NULL"))) >= 4
    clocks = running_clocks(demo_db, now=DEMO_NOW)
    assert {c.kind for c in clocks} == {"hold", "decision"}
    assert any(c.due_at < DEMO_NOW for c in clocks)  # one overdue, in red, for the newcomer
    assert verify_chain(demo_db).ok
