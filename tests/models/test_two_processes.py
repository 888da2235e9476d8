"""Two copies of the app writing to one file at once: nothing lost, nothing damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.audit import verify_chain
from models.store import open_database

ROOT = Path(__file__).resolve().parents[2]
PER_DESK = 200

#: One desk: waits for the starting signal, then saves PER_DESK cases as fast as it can. A
#: save that finds the other desk holding the lock longer than the app waits gets the app's
#: StoreError; the desk then saves again (as a clerk would), and says how often that happened.
DESK = r"""
import dataclasses, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from models.cases import create_case
from models.errors import StoreError
from models.staff import current_staff
from models.store import open_database
from tests.conftest import make_case

path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
go = path.with_name("go")
path.with_name(f"ready-{prefix}").touch()
while not go.exists():
    time.sleep(0.005)
db = open_database(path, create=False)
actor = current_staff(db, login=f"desk-{prefix}")
refused = []
started = time.time()
for n in range(count):
    case = make_case()
    person = dataclasses.replace(case.person, family_name=f"{prefix}{n}", a_number=None)
    booking = dataclasses.replace(case.booking, booking_number=f"{prefix}-{n:04d}")
    while True:
        try:
            create_case(db, case.replace(person=person, booking=booking), actor)
            break
        except StoreError as exc:
            refused.append(str(exc))
            if len(refused) > 20:
                raise
db.close()
print(json.dumps({"saved": count, "refused": refused, "from": started, "to": time.time()}))
"""


def test_two_desks_saving_at_once_lose_nothing_and_damage_nothing(db_path):
    open_database(db_path).close()  # an existing, current database both desks open
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", DESK, str(db_path), prefix, str(PER_DESK), str(ROOT)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("A", "B")
    ]
    # Both have imported everything and are waiting (a loaded machine can take seconds).
    deadline = time.monotonic() + 120
    while not all(db_path.with_name(f"ready-{p}").exists() for p in ("A", "B")):
        assert time.monotonic() < deadline, "the desks did not start"
        time.sleep(0.01)
    db_path.with_name("go").touch()
    outcomes = [desk.communicate(timeout=300) for desk in desks]
    reports = []
    for desk, (out, err) in zip(desks, outcomes, strict=True):
        assert desk.returncode == 0, err
        assert "Traceback" not in err
        report = json.loads(out)
        reports.append(report)
        assert report["saved"] == PER_DESK
        # A refusal, if the other desk held the lock too long, is the app's sentence.
        for text in report["refused"]:
            assert "another Detainer Desk is saving" in text
    # The two desks really were saving at the same time.
    assert max(r["from"] for r in reports) < min(r["to"] for r in reports)

    db = open_database(db_path, create=False)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        numbers = [r[0] for r in db.execute("SELECT booking_number FROM bookings")]
        assert len(numbers) == 2 * PER_DESK
        assert sorted(numbers) == sorted(
            f"{p}-{n:04d}" for p in ("A", "B") for n in range(PER_DESK)
        )
        assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 2 * PER_DESK
        chain = verify_chain(db)
        assert chain.ok, chain.message
        # Every case has its creation in the audit log, by the desk that saved it.
        created = db.execute(
            "SELECT a.os_login, count(DISTINCT a.record_id) FROM audit_log a "
            "WHERE a.table_name = 'bookings' AND a.action = 'create' GROUP BY a.os_login"
        ).fetchall()
        assert sorted(created) == [("desk-A", PER_DESK), ("desk-B", PER_DESK)]
    finally:
        db.close()


@pytest.fixture(autouse=True)
def _no_go_file(db_path):
    yield
    for name in ("go", "ready-A", "ready-B"):
        db_path.with_name(name).unlink(missing_ok=True)
