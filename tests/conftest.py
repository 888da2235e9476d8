"""Shared fixtures: a fresh migrated database per test, a staff member, a case factory."""

import os

# Before any Qt import anywhere in the test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import UTC, date, datetime  # noqa: E402

import pytest  # noqa: E402

from models.records import (  # noqa: E402
    Booking,
    Case,
    Charge,
    CustodyStatus,
    FingerprintMatch,
    Person,
    Sex,
)
from models.staff import current_staff  # noqa: E402
from models.store import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Never touch the real user's data folder or settings."""
    monkeypatch.setenv("DETAINER_DESK_HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def actor(db):
    return current_staff(db, login="mlopez")


def make_case(**overrides) -> Case:
    """A valid case; keyword overrides replace person, booking, charges or matches."""
    person = Person(
        id=None,
        family_name="Núñez",
        given_names="María José",
        aliases=("Maria Nunez",),
        date_of_birth=date(1984, 3, 9),
        sex=Sex.FEMALE,
        country_of_birth="Mexico",
        a_number="A12345678",
        preferred_language="Spanish",
        is_interpreter_needed=True,
    )
    booking = Booking(
        id=None,
        booking_number="2010-004512",
        agency_ori="CA0990000",
        facility="Alder County Main Jail",
        arresting_agency="Alder County Sheriff's Office",
        booked_at=datetime(2010, 10, 15, 17, 30, tzinfo=UTC),
        custody_status=CustodyStatus.IN_CUSTODY,
    )
    charges = (Charge(id=None, statute="PC 459", description="Burglary", charge_class="felony"),)
    matches = (
        FingerprintMatch(
            id=None,
            program_era="sc_2008",
            response_type="ident_match_iar",
            offense_level_scheme="sc_crime_type",
            offense_level="2",
            criminality_code="2",
        ),
    )
    values = {"person": person, "booking": booking, "charges": charges, "matches": matches}
    values.update(overrides)
    return Case(**values)


@pytest.fixture
def case_factory():
    return make_case


def office_state(db, state: str) -> None:
    """Set the state whose holidays count, as an office that chose it would have (unaudited).

    A new database counts federal holidays only; tests of state holidays start from here.
    """
    db.execute("UPDATE settings SET value = ? WHERE key = 'holiday_state'", [state])
