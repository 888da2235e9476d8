"""Shared by the Dashboard's GUI tests: a dataset counted by hand, the Dashboard showing it.

The dataset is made by hand so every number below can be counted on one's fingers:

=========  ==========  =========  ======================  ============================  ========
booking    booked      result     level                   conviction by 12/31/2010      detainer
=========  ==========  =========  ======================  ============================  ========
2010-101   03/10/2010  IDENT      SC crime type 1         PC 211 robbery 05/01/2009      honoured,
                                                          (violent)                     released
                                                                                        to ICE
2010-102   03/20/2010  IDENT+IAR  SC crime type 2         PC 459 burglary 01/15/2008     declined
2010-103   06/05/2010  IDENT      threat level L2         none                          undecided
2010-104   06/15/2010  IDENT      SC crime type 2         none (Ridgeview facility)     —
2010-105   07/01/2010  no match   —                       —                             —
2011-106   02/01/2011  IDENT      SC crime type 3         —                             —
=========  ==========  =========  ======================  ============================  ========

For 01/01/2010 – 12/31/2010: 4 arrests flagged (101–104; 105 is no match, 106 is in 2011) of
4 people; 3 detainers received, 1 released to ICE; no conviction 2 of 4 (103, 104) = 50%; not
convicted of a violent crime 3 of 4 = 75%; booking 101 was release-eligible at 10:00 UTC on
03/12/2010 and released to ICE at 16:00 UTC, so held 6.0 hours beyond release (n = 1).

The figures are worked out on a worker thread: the helpers here wait until they are on screen.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from models.cases import create_case
from models.detainers import change_status, create_detainer, record_decision, update_detainer
from models.records import (
    Charge,
    Decision,
    Detainer,
    DetainerStatus,
    FingerprintMatch,
    StaffRole,
)
from models.settings import county_timezone
from models.staff import find_by_login, update_staff
from tests.conftest import make_case
from tests.ui.conftest import retype
from ui.case_table_model import NUMBER
from ui.main_window import DASHBOARD_PAGE

HOUR = timedelta(hours=1)
#: How long a test waits for figures worked out on the worker thread (never a tight limit).
WAIT_MS = 20_000
ELIGIBLE = datetime(2010, 3, 12, 10, 0, tzinfo=UTC)


def _case(
    db,
    actor,
    n: int,
    booked: datetime,
    response="ident_match",
    scheme=None,
    level=None,
    charge=None,
    facility="Alder County Main Jail",
    eligible=None,
) -> int:
    base = make_case()
    person = dataclasses.replace(base.person, family_name=f"Tester{n}", a_number=None)
    booking = dataclasses.replace(
        base.booking,
        booking_number=f"{booked.year}-{n:03d}",
        booked_at=booked,
        facility=facility,
        release_eligible_at=eligible,
    )
    charges = (charge or Charge(id=None, statute="PC 484", description="Petty theft"),)
    match = FingerprintMatch(
        id=None,
        program_era="sc_2008",
        response_type=response,
        offense_level_scheme=scheme,
        offense_level=level,
        criminality_code="2" if scheme else None,
    )
    case = base.replace(person=person, booking=booking, charges=charges, matches=(match,))
    return create_case(db, case, actor, now=booked + HOUR).id


def _detainer(db, actor, booking_id: int, received: datetime) -> Detainer:
    d = Detainer(
        None,
        booking_id,
        form_code="i247_2008",
        received_at=received,
        received_via="fax",
        requests_hold=True,
    )
    return create_detainer(db, d, actor, county_timezone(db), now=received + HOUR)


def _decide(db, attorney, d: Detainer, decision: Decision, at: datetime) -> Detainer:
    return record_decision(
        db,
        d.id,
        d.row_version,
        decision,
        "Test: decided by hand.",
        attorney,
        county_timezone(db),
        now=at,
    )


@pytest.fixture
def stats_db(db, actor):
    """The dataset of the module docstring; returns ``{booking number: booking id}``."""
    update_staff(db, actor, "atty", full_name="Ann Attorney", role=StaffRole.ATTORNEY)
    attorney = find_by_login(db, "atty")
    tz = county_timezone(db)
    robbery = Charge(
        id=None, statute="PC 211", description="Robbery", conviction_date=date(2009, 5, 1)
    )
    burglary = Charge(
        id=None, statute="PC 459", description="Burglary", conviction_date=date(2008, 1, 15)
    )
    ids = {
        "2010-101": _case(
            db,
            actor,
            101,
            datetime(2010, 3, 10, 18, tzinfo=UTC),
            scheme="sc_crime_type",
            level="1",
            charge=robbery,
            eligible=ELIGIBLE,
        ),
        "2010-102": _case(
            db,
            actor,
            102,
            datetime(2010, 3, 20, 18, tzinfo=UTC),
            response="ident_match_iar",
            scheme="sc_crime_type",
            level="2",
            charge=burglary,
        ),
        "2010-103": _case(
            db, actor, 103, datetime(2010, 6, 5, 18, tzinfo=UTC), scheme="threat_level", level="2"
        ),
        "2010-104": _case(
            db,
            actor,
            104,
            datetime(2010, 6, 15, 18, tzinfo=UTC),
            scheme="sc_crime_type",
            level="2",
            facility="Ridgeview",
        ),
        "2010-105": _case(
            db, actor, 105, datetime(2010, 7, 1, 18, tzinfo=UTC), response="no_match"
        ),
        "2011-106": _case(
            db, actor, 106, datetime(2011, 2, 1, 18, tzinfo=UTC), scheme="sc_crime_type", level="3"
        ),
    }
    honoured = _detainer(db, actor, ids["2010-101"], datetime(2010, 3, 11, 18, tzinfo=UTC))
    at = datetime(2010, 3, 11, 20, tzinfo=UTC)
    honoured = _decide(db, attorney, honoured, Decision.HONOUR, at)
    honoured = change_status(
        db,
        honoured.id,
        honoured.row_version,
        DetainerStatus.HONOURED,
        actor,
        tz,
        at=at + HOUR,
        now=at + HOUR,
    )
    update_detainer(
        db,
        honoured.replace(released_to_ice_at=ELIGIBLE + 6 * HOUR),
        actor,
        tz,
        now=ELIGIBLE + 7 * HOUR,
    )
    declined = _detainer(db, actor, ids["2010-102"], datetime(2010, 3, 21, 18, tzinfo=UTC))
    _decide(db, attorney, declined, Decision.DECLINE, datetime(2010, 3, 21, 20, tzinfo=UTC))
    _detainer(db, actor, ids["2010-103"], datetime(2010, 6, 6, 18, tzinfo=UTC))
    return ids


@pytest.fixture
def dashboard(qtbot, stats_db, window):
    """The window's Dashboard, shown, with 2010 typed in as the period."""
    window.show_area(DASHBOARD_PAGE)
    panel = window.dashboard
    type_period(qtbot, panel, "01/01/2010", "12/31/2010")
    return panel


def type_period(qtbot, panel, start: str, end: str) -> None:
    """Type a period into the Dashboard and wait for its figures."""
    retype(qtbot, panel.period_bar.date_from, start)
    retype(qtbot, panel.period_bar.date_to, end)
    wait_for_figures(qtbot, panel)


def wait_for_figures(qtbot, panel) -> None:
    """Wait until the figures asked for are on screen (or their failure was said)."""
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)


def choose_facility(qtbot, panel, name: str | None) -> None:
    """Pick a facility in the filter, as the clerk would, and wait for its figures."""
    facility = panel.period_bar.facility
    facility.setCurrentIndex(facility.findData(name))
    facility.activated.emit(facility.currentIndex())
    wait_for_figures(qtbot, panel)


def recording(monkeypatch, controller) -> list[tuple]:
    """Record the ``(period, filters)`` of every count the controller works out."""
    computed = []
    original = controller.compute

    def compute(*args, **kwargs):
        # Counted off the GUI thread, on the worker's own connection.
        assert threading.current_thread() is not threading.main_thread()
        assert kwargs.get("db") is not None and kwargs["db"] is not controller.db
        computed.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(controller, "compute", compute)
    return computed


def tiles(panel) -> list[str]:
    return [tile.text() for tile in panel.tiles.values()]


def booking_numbers(window) -> list[str]:
    model = window.cases.model
    return sorted(model.data(model.index(r, NUMBER)) for r in range(model.rowCount()))


def counts(chart) -> dict[str, int]:
    """``{figure key: value}`` of every bar of a chart."""
    return {c.key: c.value for _bar_set, cs in chart.sets for c in cs}


def click_bar(chart, key: str) -> None:
    """Click (emit ``clicked`` of) the bar showing the figure ``key``."""
    for bar_set, cs in chart.sets:
        for index, count in enumerate(cs):
            if count.key == key:
                bar_set.clicked.emit(index)
                return
    raise AssertionError(f"no bar for {key}")
