"""The real ICE FOIA release through the shipped profile: every arrest in, nothing twice.

The file (``../shared/data/ice_cap_seattle_fy2017_arrests.psv``) is 2,656 Criminal Alien Program
arrests in the Seattle area, FY2017: five banner lines, pipe-delimited, event numbers and dates
of birth withheld. Figures checked against the file with ``grep``/``cut``: 141 rows "Female",
2,515 "Male", 119 distinct apprehension landmarks, 158 lines that occur more than once (the
same arrest details on the same day; each is still its own row, so its own booking).
"""

from __future__ import annotations

import pytest

from models.importing.engine import run_import
from models.importing.profiles import get_profile
from models.importing.reader import open_table
from tests.importing.engine_cases import dump, healthy
from tests.importing.files import ICE_DATA_ROWS, ICE_FILE

PROFILE = "ICE CAP arrests (FOIA release)"
DOB_MARKER = "(b)(6),(b)(7)(c )"

pytestmark = pytest.mark.skipif(not ICE_FILE.exists(), reason="the shared ICE file is absent")


def _import(db, actor):
    mapping = get_profile(db, PROFILE).mapping
    return run_import(db, actor, open_table(ICE_FILE, mapping.read), mapping, profile_name=PROFILE)


def _booking_of_line(db, line: int) -> dict:
    cursor = db.execute(
        "SELECT b.*, p.family_name, p.date_of_birth, p.sex, p.citizenship_claimed "
        "FROM import_batch_records r JOIN bookings b ON b.id = r.booking_id "
        "JOIN persons p ON p.id = b.person_id WHERE r.line = ?",
        [line],
    )
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_the_ice_release_imports_every_arrest_through_the_shipped_profile(db, actor):
    result = _import(db, actor)
    assert (result.created, result.updated, result.skipped, result.rejected) == (
        ICE_DATA_ROWS, 0, 0, 0,
    )  # fmt: skip
    assert result.rows_read == ICE_DATA_ROWS == 2656 and not result.problems
    count = db.execute("SELECT count(*) FROM bookings WHERE agency_ori = 'ICE-ERO-SEA'")
    assert count.fetchone()[0] == 2656
    assert db.execute("SELECT count(DISTINCT facility) FROM bookings").fetchone()[0] == 119
    sexes = dict(db.execute("SELECT sex, count(*) FROM persons GROUP BY sex").fetchall())
    assert sexes == {"F": 141, "M": 2515}
    # Line 7, the first arrest: YAKIMA COUNTY JAIL, MEXICO, Male, 10/3/2016 (midnight in Seattle
    # is 07:00 UTC in October, daylight time).
    first = _booking_of_line(db, 7)
    assert first["facility"] == "YAKIMA COUNTY JAIL"
    assert first["booked_at"] == first["released_at"] == "2016-10-03T07:00:00+00:00"
    assert first["custody_status"] == "released_to_ice" and first["released_to"] == "ICE"
    assert first["arresting_agency"] == "ICE ERO Criminal Alien Program"
    assert first["booking_number"].startswith("ROW-")
    assert first["family_name"] == "Not released (ICE FOIA)"
    assert first["date_of_birth"] is None and first["sex"] == "M"
    assert first["citizenship_claimed"].upper() == "MEXICO"
    assert "REINSTATEMENT OF DEPORT ORDER I-871" in first["notes"]
    assert "CAP Local Incarceration" in first["notes"]
    markers = db.execute(
        "SELECT marker, count(*) FROM withheld_values WHERE table_name = 'persons' "
        "AND field = 'date_of_birth' GROUP BY marker"
    ).fetchall()
    assert markers == [(DOB_MARKER, 2656)]
    # Line 2662, the last: 9/29/2017, FEDERAL DETENTION CENTER is the line before it.
    last = _booking_of_line(db, 2662)
    assert last["facility"] == "YAKIMA COUNTY JAIL"
    assert last["booked_at"] == "2017-09-29T07:00:00+00:00"
    assert _booking_of_line(db, 2661)["facility"] == "FEDERAL DETENTION CENTER (FDC)"
    batch = db.execute(
        "SELECT file_name, profile_name, encoding, delimiter, header_row, created, rejected "
        "FROM import_batches WHERE id = ?",
        [result.batch_id],
    ).fetchone()
    assert batch == (ICE_FILE.name, PROFILE, "utf-8", "|", 6, 2656, 0)
    healthy(db)


def test_the_ice_release_imported_twice_is_skipped_whole_the_second_time(db, actor):
    _import(db, actor)
    before = dump(db, with_audit=False)
    again = _import(db, actor)
    assert (again.created, again.updated, again.skipped, again.rejected) == (0, 0, 2656, 0)
    assert dump(db, with_audit=False) == before
    healthy(db)
