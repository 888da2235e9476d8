"""Plain helpers for the detainer model tests: a case, a detainer, a decision, a status move.

Every helper writes at ``NOW`` in the county's zone ``TZ`` unless told otherwise; the times the
tests assert against (``RECEIVED``, ``FRI_3PM``) are the helpers' defaults, named here once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from models.cases import create_case
from models.detainers import change_status, create_detainer, get_detainer, record_decision
from models.records import Detainer

TZ = ZoneInfo("America/Los_Angeles")
NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)  # Wed 10/20/2010 12:00 PDT
LATER = datetime(2020, 1, 6, 20, 0, tzinfo=UTC)  # a `now` for detainers received in later years
RECEIVED = datetime(2010, 10, 16, 18, 0, tzinfo=UTC)  # Sat 10/16/2010 11:00 PDT
FRI_3PM = datetime(2010, 10, 15, 22, 0, tzinfo=UTC)  # Fri 10/15/2010 15:00 PDT


def add_case(db, actor, case_factory, n: int = 1, eligible: datetime | None = FRI_3PM) -> int:
    """Case ``n``: person ``Núñez{n}``, booking ``2010-00{n}``, release-eligible ``eligible``."""
    case = case_factory()
    person = replace(case.person, family_name=f"Núñez{n}", a_number=None)
    booking = replace(case.booking, booking_number=f"2010-00{n}", release_eligible_at=eligible)
    return create_case(db, replace(case, person=person, booking=booking), actor, now=NOW).id


def new(db, actor, booking_id, now=NOW, **kw) -> Detainer:
    """An I-247 (pre-2012) received by fax at ``RECEIVED`` asking for a hold; ``kw`` overrides."""
    values = {"form_code": "i247_2008", "received_at": RECEIVED, "received_via": "fax", **kw}
    values.setdefault("requests_hold", True)
    return create_detainer(db, Detainer(None, booking_id, **values), actor, TZ, now=now)


def decide(db, who, d, decision, reason=None) -> Detainer:
    """``who`` records ``decision`` on the stored version of ``d``."""
    version = get_detainer(db, d.id).row_version
    return record_decision(db, d.id, version, decision, reason, who, TZ, now=NOW)


def move(db, who, d, status, **kw) -> Detainer:
    """``who`` moves the stored version of ``d`` to ``status``."""
    version = get_detainer(db, d.id).row_version
    return change_status(db, d.id, version, status, who, TZ, now=NOW, **kw)
