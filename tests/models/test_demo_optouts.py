"""The demo database's 2010 opt-out history (models.demo_optouts), from DOMAIN.md §5."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from models.audit import verify_chain
from models.correspondence import get_letter
from models.demo import fill_demo
from models.demo_optouts import REFERENCE
from models.optouts import list_optouts, optout_history, timeline
from models.staff import current_staff
from models.store import open_database

DEMO_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EVENT_ORDER = {"activation": 0, "resolution": 1, "letter": 2, "status": 3}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("optouts") / "demo.sqlite3")
    fill_demo(db, current_staff(db, login="demo"), now=DEMO_NOW)
    yield db
    db.close()


@pytest.fixture(scope="module")
def by_place(demo_db):
    return {r.jurisdiction: r for r in list_optouts(demo_db)}


def letters_of(db, optout_id):
    ids = db.execute("SELECT id FROM correspondence WHERE optout_id = ? ORDER BY id", [optout_id])
    return [get_letter(db, r[0]) for r in ids]


def test_four_requests_newest_activity_first(by_place, demo_db):
    assert list(by_place) == ["Washington, DC", "Arlington County, VA", "Santa Clara County, CA",
                              "San Francisco, CA"]
    assert {r.status for r in by_place.values()} == {"denied", "no_answer"}


def test_arlington_timeline_is_exactly_the_2010_record(demo_db, by_place):
    arlington = by_place["Arlington County, VA"]
    assert (arlington.resolution_date, arlington.resolution_vote) == (date(2010, 9, 28), "5-0")
    assert arlington.resolution_number is None and arlington.activation_date is None
    ice = "U.S. Immigration and Customs Enforcement"
    assert [(e.day, e.kind, e.text.split(" Source:")[0]) for e in timeline(demo_db, arlington.id)
            ] == [
        (date(2010, 9, 28), "resolution", "Resolution adopted (vote 5-0)"),
        (date(2010, 9, 28), "status", "Status: Draft — County Board resolution adopted 5-0."),
        (date(2010, 10, 7), "letter", f"Letter from Arlington County Manager to ICE Director, "
                                      f"{ice}: Arlington County's request to opt out of Secure "
                                      "Communities"),
        (date(2010, 10, 7), "status", "Status: Sent — County Manager wrote to the ICE Director."),
        (date(2010, 11, 5), "letter", "Meeting: Meeting with ICE on Arlington's request to opt "
                                      "out"),
        (date(2010, 11, 5), "status", "Status: Meeting held — Met ICE."),
        (date(2011, 3, 1), "letter", f"Letter from ICE Assistant Director, {ice}: ICE's answer: "
                                     "Arlington cannot opt out of Secure Communities"),
        (date(2011, 3, 1), "status", "Status: Denied — ICE's Assistant Director wrote that "
                                     "Arlington could not opt out."),
    ]
    letters = letters_of(demo_db, arlington.id)
    assert [(str(x.direction), x.method, x.sent_date) for x in letters] == [
        ("out", "mail", date(2010, 10, 7)), ("out", "meeting", date(2010, 11, 5)),
        ("in", "mail", date(2011, 3, 1))]


def test_every_timeline_is_in_date_order(demo_db, by_place):
    for req in by_place.values():
        events = timeline(demo_db, req.id)
        assert events, req.jurisdiction
        keys = [(e.day, EVENT_ORDER[e.kind]) for e in events]
        assert keys == sorted(keys), req.jurisdiction
        steps = optout_history(demo_db, req.id)
        assert steps[0].status == "draft" and steps[-1].status == req.status
        assert [s.changed_on for s in steps] == sorted(s.changed_on for s in steps)


def test_santa_clara_vote_activation_and_conflicting_sources(by_place, demo_db):
    sc = by_place["Santa Clara County, CA"]
    assert (sc.resolution_date, sc.resolution_vote, sc.resolution_number) == (
        date(2010, 9, 28), "5-0", None)
    assert sc.activation_date == date(2010, 5, 4) and sc.request_kind == "stop_using_prints"
    assert "Oct 2009" in sc.notes and "conflict" in sc.notes
    assert [(s.status, s.changed_on) for s in optout_history(demo_db, sc.id)] == [
        ("draft", date(2010, 9, 28)), ("denied", date(2010, 11, 9))]
    assert [e.kind for e in timeline(demo_db, sc.id)] == [
        "activation", "resolution", "status", "status"]


def test_san_francisco_and_washington_dc_record_only_what_is_known(by_place, demo_db):
    sf, dc = by_place["San Francisco, CA"], by_place["Washington, DC"]
    ag = demo_db.execute("SELECT kind, name FROM contacts WHERE id = ?",
                         [sf.addressed_to_id]).fetchone()
    assert ag == ("state_attorney_general", "California Attorney General")
    assert [(s.status, s.changed_on) for s in optout_history(demo_db, sf.id)] == [
        ("draft", date(2010, 5, 1)), ("denied", date(2010, 5, 1))]
    assert all("day is not known" in s.reason for s in optout_history(demo_db, sf.id))
    assert dc.activation_date is None and "June 2012" in dc.notes
    assert dc.resolution_date is None and dc.addressed_to_id is None
    dc_steps = optout_history(demo_db, dc.id)
    assert [(s.status, s.changed_on) for s in dc_steps] == [
        ("draft", date(2010, 5, 4)), ("no_answer", date(2012, 6, 1))]
    assert "day is not" in dc_steps[1].reason
    assert letters_of(demo_db, sf.id) == letters_of(demo_db, dc.id) == []


def test_every_request_letter_step_and_contact_names_its_source(demo_db, by_place):
    for req in by_place.values():
        assert REFERENCE in req.notes and "Source:" in req.notes and "DOMAIN.md §5" in req.notes
        for step in optout_history(demo_db, req.id):
            assert "Source:" in step.reason and "DOMAIN.md §5" in step.reason, step
        for letter in letters_of(demo_db, req.id):
            assert REFERENCE in letter.notes and "Source:" in letter.notes, letter
    linked = demo_db.execute("SELECT count(*) FROM correspondence WHERE optout_id IS NOT NULL"
                             ).fetchone()[0]
    assert linked == 3
    contacts = demo_db.execute(
        "SELECT notes FROM contacts WHERE id IN (SELECT addressed_to_id FROM optout_requests "
        "UNION SELECT from_contact_id FROM correspondence WHERE optout_id IS NOT NULL "
        "UNION SELECT to_contact_id FROM correspondence WHERE optout_id IS NOT NULL)").fetchall()
    assert len(contacts) == 5 and all("DOMAIN.md §5" in n for (n,) in contacts)


def test_the_audit_chain_still_verifies_and_records_the_requests(demo_db):
    report = verify_chain(demo_db)
    assert report.ok, report.message
    assert demo_db.execute("SELECT count(DISTINCT record_id) FROM audit_log WHERE action = "
                           "'create' AND table_name = 'optout_requests'").fetchone()[0] == 4
    steps = demo_db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'optout_requests' "
                            "AND action = 'update' AND field = 'status'").fetchone()[0]
    assert steps == 6  # Santa Clara 1, Arlington 3, San Francisco 1, Washington 1
