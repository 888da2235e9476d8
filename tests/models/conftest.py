"""Model fixtures shared by the detainer tests."""

import pytest

from tests.models.detainer_helpers import add_case


@pytest.fixture
def case_id(db, actor, case_factory):
    """The booking id of case 1 (Núñez1, 2010-001), release-eligible Fri 10/15/2010 15:00 PDT."""
    return add_case(db, actor, case_factory)
