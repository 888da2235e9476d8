"""The detainer and clock subcommands, run as a user runs them: ``python main.py`` in a subprocess.

The ``detainers list`` database is built here against the real clock, because the command uses
the real time to decide which clocks are due.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from models.cases import create_case
from models.detainer_clocks import add_holiday
from models.detainers import change_status, create_detainer
from models.records import Booking, Case, Charge, Detainer, DetainerStatus, Person
from models.settings import county_timezone
from models.staff import current_staff
from models.store import open_database
from models.timeutil import utc_now
from tests.conftest import office_state

ROOT = Path(__file__).resolve().parents[2]
HOLD = "48h_excluding_weekends_holidays"
#: Fri 01/14/2011 15:00 PST; Mon 01/17/2011 is Martin Luther King Jr. Day.
FRIDAY = "2011-01-14T15:00"
#: Wed 11/24/2010 10:00 PST, the day before Thanksgiving.
THANKSGIVING_EVE = "2010-11-24T10:00"


def run(home, *args):
    env = {**os.environ, "DETAINER_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def ok_json(home, *args):
    result = run(home, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(result, *words):
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("detainer-desk: error: ")
    for word in words:
        assert word in lines[0]


# -- clock ---------------------------------------------------------------------------------------


def test_clock_explains_the_skipped_days_and_the_expiry(tmp_path):
    result = run(tmp_path, "clock", "--rule", HOLD, "--from", FRIDAY)
    assert result.returncode == 0, result.stderr
    steps = result.stdout.splitlines()
    for line in (
        "Sat 01/15/2011 is skipped: Saturday.",
        "Sun 01/16/2011 is skipped: Sunday.",
        "Mon 01/17/2011 is skipped: Martin Luther King Jr. Day (federal holiday).",
        # Fri 15:00-24:00 counts 9 h; Sat, Sun, Mon skipped; Tue 24 h; Wed 15:00 makes 48.
        "The hold ends at the latest Wed 01/19/2011 15:00 PST.",
    ):
        assert line in steps
    assert steps[-1].startswith("The hold ends") and not list(tmp_path.iterdir())


def test_clock_json_gives_due_at_and_skipped_dates(tmp_path):
    data = ok_json(tmp_path, "clock", "--rule", HOLD, "--from", FRIDAY)
    assert data["due_at"] == "2011-01-19T23:00:00+00:00"  # Wed 15:00 PST
    assert data["due_at_local"] == "01/19/2011 15:00"
    assert [s["date"] for s in data["skipped"]] == ["2011-01-15", "2011-01-16", "2011-01-17"]
    assert (data["rule"], data["timezone"], data["state"]) == (HOLD, "America/Los_Angeles", None)


def test_clock_state_adds_its_own_holidays(tmp_path):
    federal = ok_json(tmp_path, "clock", "--rule", HOLD, "--from", THANKSGIVING_EVE)
    # Wed 14 h; Thu (Thanksgiving) skipped; Fri 24 h; Sat, Sun skipped; Mon 10:00 makes 48.
    assert federal["due_at"] == "2010-11-29T18:00:00+00:00"
    state = ok_json(tmp_path, "clock", "--rule", HOLD, "--from", THANKSGIVING_EVE, "--state", "ca")
    # California also closes Fri 11/26 (Day After Thanksgiving): Mon 24 h, Tue 10:00.
    assert state["due_at"] == "2010-11-30T18:00:00+00:00" and state["state"] == "CA"
    friday = next(s for s in state["skipped"] if s["date"] == "2010-11-26")
    assert "Day After Thanksgiving" in friday["reason"]


def test_clock_extension_of_a_public_records_determination(tmp_path):
    args = ("clock", "--rule", "cpra_determination", "--from", THANKSGIVING_EVE)
    # 10 days after Wed 11/24 is Sat 12/04, rolled to Mon 12/06.
    assert ok_json(tmp_path, *args)["due_date"] == "2010-12-06"
    extended = ok_json(tmp_path, *args, "--extended")
    # The 14 days count from the unrolled Sat 12/04: Sat 12/18, rolled to Mon 12/20.
    assert extended["due_date"] == "2010-12-20"
    assert "Original due date without the extension: Mon 12/06/2010." in extended["steps"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--rule", "bogus", "--from", FRIDAY],
            ["“bogus”", HOLD, "48h_clock", "cpra_determination"],
        ),
        (["--rule", HOLD, "--from", FRIDAY, "--tz", "Mars/Olympus"], ["Mars/Olympus", "time zone"]),
        (["--rule", HOLD, "--from", FRIDAY, "--state", "ZZ"], ["“ZZ”", "state"]),
        (["--rule", HOLD, "--from", "next friday"], ["--from", "next friday"]),
        (["--rule", HOLD, "--from", "2011-13-45T10:00"], ["--from", "2011-13-45T10:00"]),
        (["--rule", HOLD, "--from", FRIDAY, "--extended"], ["--extended"]),
        (["--rule", "business_days_5", "--from", FRIDAY, "--extended"], ["no extension"]),
    ],
)
def test_clock_refuses_bad_arguments_in_one_line(tmp_path, args, words):
    assert_one_line_error(run(tmp_path, "clock", *args), *words)


def test_clock_with_a_database_counts_its_county_holiday(tmp_path):
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    office_state(db, "CA")
    add_holiday(db, current_staff(db, login="mlopez"), date(2011, 1, 18), "County furlough day")
    db.close()
    data = ok_json(tmp_path, "--db", path, "clock", "--rule", HOLD, "--from", FRIDAY)
    # Fri 9 h; Sat, Sun, Mon (MLK) and Tue (county) skipped; Wed 24 h; Thu 15:00 makes 48.
    assert data["due_at"] == "2011-01-20T23:00:00+00:00" and data["state"] == "CA"
    assert {"date": "2011-01-18", "reason": "County furlough day (county holiday)"} in (
        data["skipped"]
    )
    missing = tmp_path / "nothing.sqlite3"
    result = run(tmp_path, "--db", missing, "clock", "--rule", HOLD, "--from", FRIDAY)
    assert_one_line_error(result, "init")
    assert not missing.exists()


# -- detainers list ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """Detainers A, B, C (received in that order) whose people become release-eligible in 2 h,
    in 100 h and an hour ago; C is under review. Returns (home, path, {name: detainer id})."""
    home = tmp_path_factory.mktemp("detainers")
    path = home / "desk.sqlite3"
    db = open_database(path)
    actor, now = current_staff(db, login="mlopez"), utc_now()
    tz = county_timezone(db)
    ids = {}
    for n, (name, eligible, received) in enumerate(
        (("A", 2, -3), ("B", 100, -2), ("C", -1, -1)), start=1
    ):
        case = Case(
            person=Person(None, family_name=f"Person{name}", given_names="Ana"),
            booking=Booking(
                None,
                booking_number=f"2026-{n:04d}",
                agency_ori="CA0990000",
                facility="Alder County Main Jail",
                booked_at=now - timedelta(days=10),
                release_eligible_at=now + timedelta(hours=eligible),
            ),
            charges=(Charge(None, description="Burglary", statute="PC 459"),),
        )
        booking_id = create_case(db, case, actor, now=now).id
        detainer = Detainer(
            None,
            booking_id,
            "i247_2008",
            now + timedelta(hours=received),
            "fax",
            ice_office="San Francisco",
            requests_hold=True,
        )
        ids[name] = create_detainer(db, detainer, actor, tz, now=now).id
    change_status(db, ids["C"], 0, DetainerStatus.UNDER_REVIEW, actor, tz, now=now)
    db.close()
    return home, path, ids


def test_detainers_list_json_newest_received_first(desk):
    home, path, ids = desk
    rows = ok_json(home, "--db", path, "detainers", "list")
    assert [r["id"] for r in rows] == [ids["C"], ids["B"], ids["A"]]
    assert rows[0]["name"] == "PersonC, Ana" and rows[0]["status"] == "under_review"
    assert {r["form"] for r in rows} == {"i247_2008"} and rows[0]["decision"] is None
    assert all(r["hold_expires_at"] for r in rows)
    limited = ok_json(home, "--db", path, "detainers", "list", "--limit", "2")
    assert [r["id"] for r in limited] == [ids["C"], ids["B"]]


def test_detainers_list_as_a_table(desk):
    home, path, ids = desk
    result = run(home, "--db", path, "detainers", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:6] == ["ID", "Case", "Name", "Form", "Received", "Status"]
    assert len(lines) == 4
    assert lines[1].split()[0] == str(ids["C"])
    assert "I-247 (pre-2012)" in lines[1] and "Under review" in lines[1]


def test_detainers_list_status_filter(desk):
    home, path, ids = desk
    rows = ok_json(home, "--db", path, "detainers", "list", "--status", "under_review")
    assert [r["id"] for r in rows] == [ids["C"]]
    assert ok_json(home, "--db", path, "detainers", "list", "--status", "honoured") == []


def test_detainers_due_within_lists_overdue_and_near_clocks_soonest_first(desk):
    home, path, ids = desk
    rows = ok_json(home, "--db", path, "detainers", "list", "--due-within", "10")
    # C's decision fell due an hour ago, A's in 2 h; B's in 100 h; every hold runs 48 h or more.
    assert [(r["detainer_id"], r["clock"], r["overdue"]) for r in rows] == [
        (ids["C"], "decision", True),
        (ids["A"], "decision", False),
    ]
    received = ok_json(
        home, "--db", path, "detainers", "list", "--due-within", "10", "--status", "received"
    )
    assert [r["detainer_id"] for r in received] == [ids["A"]]
    text = run(home, "--db", path, "detainers", "list", "--due-within", "10").stdout.splitlines()
    assert len(text) == 3 and "Decision due (release eligible)" in text[1]
    assert "overdue by" in text[1] and "left" in text[2]


@pytest.mark.parametrize(
    ("args", "word"), [(["--limit", "0"], "--limit"), (["--due-within", "-1"], "--due-within")]
)
def test_detainers_list_refuses_bad_numbers(desk, args, word):
    home, path, _ids = desk
    assert_one_line_error(run(home, "--db", path, "detainers", "list", *args), word)


@pytest.mark.parametrize("hours", ["nan", "inf", "1e8"])
def test_detainers_due_within_a_number_out_of_range_is_a_one_line_error(desk, hours):
    home, path, _ids = desk
    result = run(home, "--db", path, "detainers", "list", "--due-within", hours)
    assert_one_line_error(result, "--due-within")


def test_detainers_list_on_a_missing_database_creates_nothing(tmp_path):
    path = tmp_path / "nothing.sqlite3"
    assert_one_line_error(run(tmp_path, "--db", path, "detainers", "list"), "init")
    assert not path.exists()
