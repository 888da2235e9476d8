"""An import killed outright (SIGKILL, a power cut's equal) leaves no trace of itself.

The import runs in another process on a 60,000-row export; once its progress passes half way
it is killed with ``kill -9`` in the middle of its one transaction. The database must then be
sound, its audit chain intact, with no booking and no batch row of that import, and the same
file must import cleanly afterwards.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.audit import verify_chain
from models.importing.engine import run_import
from models.importing.mapping import Mapping
from models.importing.reader import open_table
from models.staff import current_staff
from models.store import open_database

ROOT = Path(__file__).resolve().parents[2]
ROWS = 60_000
MAPPING = {
    "version": 1,
    "columns": {
        "booking.booking_number": "Booking No",
        "person.family_name": "Last Name",
        "person.given_names": "First Name",
        "person.date_of_birth": "DOB",
        "booking.booked_at": "Booked",
        "booking.facility": "Facility",
        "charge.description": "Charge",
    },
    "constants": {"booking.agency_ori": "WA0170000"},
    "notes_from": [],
    "key_fallback": "reject",
    "read": {},
}
CHILD = """
import sys
from models.importing.engine import run_import
from models.importing.mapping import Mapping
from models.importing.reader import open_table
from models.staff import current_staff
from models.store import open_database

db = open_database(sys.argv[1])
actor = current_staff(db)
mapping = Mapping.from_json(sys.argv[3])
told = False

def progress(done, total):
    global told
    if not told and done * 2 > total:
        told = True
        print("HALF", flush=True)

run_import(db, actor, open_table(sys.argv[2], mapping.read), mapping, progress=progress)
print("DONE", flush=True)
"""


def _export(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["Booking No", "Last Name", "First Name", "DOB", "Booked", "Facility", "Charge"]
        )
        for i in range(ROWS):
            day = f"{1 + i % 12}/{1 + i % 28}"
            booked = f"{day}/2016 10:{i % 60:02d}"
            out.writerow(
                [
                    f"K-{i:07d}",
                    f"Family{i % 997}",
                    "Ana",
                    f"{day}/1980",
                    booked,
                    "Main Jail",
                    "BURGLARY",
                ]
            )
    return path


def _state(db) -> tuple:
    return tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("persons", "bookings", "charges", "import_batches", "import_batch_records",
                  "audit_log", "bookings_fts")
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_an_import_killed_mid_transaction_leaves_nothing_and_can_be_run_again(tmp_path):
    db_path = tmp_path / "desk.sqlite3"
    export = _export(tmp_path / "bookings.csv")
    db = open_database(db_path)
    current_staff(db)
    before = _state(db)
    db.close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(export), json.dumps(MAPPING)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = child.stdout.readline().strip()
        assert line == "HALF", f"the child said {line!r} (exit {child.poll()})"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    db = open_database(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert verify_chain(db).ok
    assert _state(db) == before
    assert (
        db.execute("SELECT count(*) FROM bookings WHERE booking_number LIKE 'K-%'").fetchone()[0]
        == 0
    )
    # The trigger the import dropped for its one indexing pass is back (rolled back with it).
    assert db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'bookings_fts_insert'"
    ).fetchone()

    mapping = Mapping.from_json(json.dumps(MAPPING))
    result = run_import(db, current_staff(db), open_table(export, mapping.read), mapping)
    assert (result.created, result.rejected) == (ROWS, 0)
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == ROWS
    assert verify_chain(db).ok
    db.close()
