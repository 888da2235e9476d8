"""The real ICE FOIA release prepared through the shipped profile: every row a case."""

from __future__ import annotations

import pytest

from models.importing.prepare import PreparedCase, load_context, prepare
from models.importing.profiles import get_profile
from models.importing.reader import open_table
from tests.importing.files import ICE_DATA_ROWS, ICE_FILE
from tests.importing.prepare_helpers import NOW

PROFILE = "ICE CAP arrests (FOIA release)"

pytestmark = pytest.mark.skipif(not ICE_FILE.exists(), reason="the shared ICE file is absent")


def _prepare(db) -> list:
    mapping = get_profile(db, PROFILE).mapping
    return list(prepare(open_table(ICE_FILE, mapping.read), mapping, load_context(db, now=NOW)))


def test_every_arrest_of_the_release_is_a_case_and_none_is_refused(db):
    items = _prepare(db)
    assert len(items) == ICE_DATA_ROWS == 2656
    assert all(isinstance(i, PreparedCase) for i in items)
    first = items[0]
    assert first.lines == (7,)
    assert first.agency_ori == "ICE-ERO-SEA"
    assert first.booking_number.startswith("ROW-") and len(first.booking_number) == 20
    assert first.person == {
        "family_name": "Not released (ICE FOIA)",
        "given_names": None,
        "sort_name": "not released (ice foia)",
        "date_of_birth": None,
        "sex": "M",
        "citizenship_claimed": "Mexico",
    }
    # 10/3/2016 at midnight in Seattle (daylight time, UTC-7) is 07:00 UTC.
    assert first.booking == {
        "facility": "YAKIMA COUNTY JAIL",
        "booked_at": "2016-10-03T07:00:00+00:00",
        "released_at": "2016-10-03T07:00:00+00:00",
        "arresting_agency": "ICE ERO Criminal Alien Program",
        "released_to": "ICE",
        "custody_status": "released_to_ice",
        "notes": "Area of Responsibility: Seattle Area of Responsibility\n"
        "Processing Disposition: REINSTATEMENT OF DEPORT ORDER I-871\n"
        "Arrest Method: CAP Local Incarceration",
    }
    assert first.withheld == {("persons", "date_of_birth"): "(b)(6),(b)(7)(c )"}
    assert (first.charges, first.match, first.detainer, first.holds) == ([], None, None, ())
    third = items[2]
    assert third.person["citizenship_claimed"] == "El Salvador"
    # Line 391 has no apprehension landmark.
    assert items[391 - 7].booking["facility"] == "(not given)"


def test_the_row_keys_are_unique_and_the_same_in_a_second_run(db):
    first = _prepare(db)
    again = _prepare(db)
    numbers = [c.booking_number for c in first]
    assert numbers == [c.booking_number for c in again]
    assert [c.content_hash for c in first] == [c.content_hash for c in again]
    assert len(set(numbers)) == 2656
    repeats = [n for n in numbers if n.count("-") == 2]
    assert repeats and all(n.rsplit("-", 1)[0] in numbers for n in repeats)
