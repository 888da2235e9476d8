"""A desk killed (kill -9) in the middle of saving a case: the file and the case stay whole."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.audit import verify_chain
from models.cases import create_case, get_case
from models.store import open_database

ROOT = Path(__file__).resolve().parents[2]
REPORTED = 40  # saves reported before the kill

#: Saves one case over and over, each time with new notes and a new facility, and reports
#: every save on stdout once ``update_case`` has returned (the clerk saw "saved").
EDITOR = r"""
import dataclasses, sys
sys.path.insert(0, sys.argv[3])
from models.cases import get_case, update_case
from models.staff import current_staff
from models.store import open_database

db = open_database(sys.argv[1], create=False)
actor = current_staff(db, login="mlopez")
case_id = int(sys.argv[2])
for n in range(1, 100_000):
    case = get_case(db, case_id)
    booking = dataclasses.replace(case.booking, notes=f"save {n}", facility=f"Facility {n}")
    update_case(db, case.replace(booking=booking), actor)
    print(n, flush=True)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_desk_killed_while_saving_leaves_the_case_as_one_of_its_saved_versions(
    db, db_path, actor, case_factory
):
    original = create_case(db, case_factory(), actor)
    db.close()
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(db_path), str(original.id), str(ROOT)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    last = 0
    try:
        while last < REPORTED:
            line = editor.stdout.readline()
            assert line, editor.stderr.read()
            last = int(line)
    finally:
        os.kill(editor.pid, signal.SIGKILL)  # mid-way through save REPORTED + 1, or soon after
        editor.wait(30)
    assert editor.returncode == -signal.SIGKILL

    reopened = open_database(db_path, create=False)
    try:
        assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        chain = verify_chain(reopened)
        assert chain.ok, chain.message
        stored = get_case(reopened, original.id)
        n = int(stored.booking.notes.removeprefix("save "))
        # Every save the clerk saw is kept; at most the one under way when killed is added.
        assert last <= n <= last + 1
        expected_booking = dataclasses.replace(
            original.booking, notes=f"save {n}", facility=f"Facility {n}", row_version=n
        )
        assert stored == original.replace(booking=expected_booking)
        # The history has exactly the saves that were made: no half-written one.
        notes = reopened.execute(
            "SELECT new_value FROM audit_log WHERE table_name = 'bookings' AND field = 'notes' "
            "AND record_id = ? ORDER BY id",
            [original.id],
        ).fetchall()
        assert [r[0] for r in notes] == [f"save {k}" for k in range(1, n + 1)]
    finally:
        reopened.close()
