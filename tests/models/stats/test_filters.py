"""The facility and agency a figure is filtered by are checked against the record."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.stats.filters import resolve_filters
from models.stats.period import Filters
from tests.models.stats.stats_dataset import MAIN, NORTH, build


def test_names_are_spelled_as_the_record_spells_them(db, actor, case_factory):
    build(db, actor, case_factory)
    assert resolve_filters(db, "  north branch JAIL ", "ca0990000") == Filters(NORTH, "CA0990000")
    assert resolve_filters(db, "", None) == Filters()


def test_an_unknown_facility_and_agency_are_refused_naming_the_known_ones(db, actor, case_factory):
    build(db, actor, case_factory)
    with pytest.raises(ValidationError) as caught:
        resolve_filters(db, "South Jail", "CA0000001")
    facility, agency = caught.value.errors
    assert facility.field == "facility" and MAIN in facility.message and NORTH in facility.message
    assert agency.field == "agency_ori" and "(known: CA0990000)" in agency.message
