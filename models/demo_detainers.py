"""Detainers for the demo database: every form edition, status and outcome, some still running.

The historical cases (2009–2011) get I-247 detainers carried through to every outcome; a few
later cases show each later form (the Dec 2012 I-247, the PEP forms, the I-247A) under the
policies the fictional county adopted (TRUST Act from 2014, SB 54 from 2018); and a handful of
bookings from the last few days keep clocks running, so the Deadlines view is alive when a
newcomer opens the demo. Everything goes through the same verbs a clerk's save does, so the
audit trail and status histories are real.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.cases import create_case, get_case, update_case
from models.demo_cases import demo_case
from models.detainers import change_status, create_detainer, record_decision, update_detainer
from models.policies import add_period
from models.records import (
    Case,
    Charge,
    CustodyStatus,
    Decision,
    Detainer,
    DetainerStatus,
    Recommendation,
    Staff,
)
from models.settings import county_timezone

ICE_OFFICE = "ICE ERO San Francisco Field Office"
OFFICERS = (
    "SDDO R. Whitfield (fictional)",
    "IEA K. Moreno (fictional)",
    "DO P. Lindqvist (fictional)",
)
FOLLOW = {
    Recommendation.MAY_HONOUR: Decision.HONOUR,
    Recommendation.MUST_DECLINE: Decision.DECLINE,
    Recommendation.NOTIFICATION_ONLY: Decision.NOTIFY_ONLY,
}
HOUR = timedelta(hours=1)


class _Demo:
    """The demo's actor, zone and random source, and small steps built on the real verbs."""

    def __init__(self, db: Database, actor: Staff, rng: random.Random):
        self.db, self.actor, self.rng = db, actor, rng
        self.tz: ZoneInfo = county_timezone(db)

    def detainer(self, booking_id: int, form: str, received: datetime, **fields) -> Detainer:
        fields.setdefault("requests_hold", form not in ("i247n", "i247x"))
        fields.setdefault("requests_notification", form == "i247n")
        fields.setdefault("requests_transfer", form == "i247x")
        d = Detainer(
            id=None,
            booking_id=booking_id,
            form_code=form,
            received_at=received,
            received_via=self.rng.choice(("fax", "fax", "fax", "email", "mail", "in_person")),
            ice_office=ICE_OFFICE,
            ice_officer=self.rng.choice(OFFICERS),
            ice_subject_id=f"{self.rng.randint(1_000_000_000, 9_999_999_999)}",
            event_number=f"SFR{self.rng.randint(1_000_000, 9_999_999)}",
            notes="Fictional demo record.",
            **fields,
        )
        return create_detainer(self.db, d, self.actor, self.tz, now=received + HOUR)

    def decide(self, d: Detainer, at: datetime, decision: Decision | None = None, why=None):
        decision = decision or FOLLOW[d.recommendation]
        if decision is not FOLLOW[d.recommendation] and why is None:
            why = "Demo: decided against the recommendation for the example."
        return record_decision(
            self.db, d.id, d.row_version, decision, why, self.actor, self.tz, now=at
        )

    def move(self, d: Detainer, status: DetainerStatus, at: datetime, **kw) -> Detainer:
        return change_status(
            self.db, d.id, d.row_version, status, self.actor, self.tz, at=at, now=at, **kw
        )

    def outcome(self, d: Detainer, **times) -> Detainer:
        return update_detainer(
            self.db, d.replace(**times), self.actor, self.tz, now=max(times.values()) + HOUR
        )


def add_demo_detainers(db: Database, actor: Staff, rng: random.Random, now: datetime) -> int:
    """Add the demo's policy history and detainers; return how many detainers were added."""
    demo = _Demo(db, actor, rng)
    add_period(
        db, actor, "ca_trust_act", date(2014, 1, 1), "Demo: the county follows the TRUST Act"
    )
    add_period(db, actor, "ca_sb54", date(2018, 1, 1), "Demo: the county follows SB 54")
    count = _historical(demo)
    count += _later_forms(demo)
    count += _running(demo, now)
    return count


def _historical(demo: _Demo) -> int:
    """I-247s on about half the flagged 2009–2011 bookings, carried to every outcome."""
    rows = demo.db.execute(
        """SELECT b.id, b.booked_at, b.released_at, b.custody_status, p.is_us_citizenship_claimed
           FROM bookings b JOIN persons p ON p.id = b.person_id
           WHERE EXISTS (SELECT 1 FROM fingerprint_matches m WHERE m.booking_id = b.id
                         AND m.response_type LIKE 'ident%') ORDER BY b.id"""
    ).fetchall()
    count = 0
    for i, (booking_id, booked, released, custody, citizen) in enumerate(rows):
        if i % 2:
            continue
        booked = datetime.fromisoformat(booked)
        released = datetime.fromisoformat(released) if released else None
        received = booked + timedelta(hours=demo.rng.randint(2, 30))
        if released is not None and received > released:
            received = booked + HOUR
        box = demo.rng.choice(("basis_investigation", "basis_nta", "basis_warrant", "basis_order"))
        d = demo.detainer(
            booking_id,
            "i247_2008",
            received,
            boxes=(box,),
            requests_notification=demo.rng.random() < 0.3,
        )
        count += 1
        later = received + timedelta(hours=3)
        if citizen:
            d = demo.decide(d, later, Decision.DECLINE, "The person claims US citizenship.")
            d = demo.move(d, DetainerStatus.DECLINED, later + HOUR)
        elif custody == CustodyStatus.RELEASED_TO_ICE:
            d = demo.move(demo.decide(d, later), DetainerStatus.HONOURED, later + HOUR)
            demo.outcome(d, released_to_ice_at=released)
        elif custody == CustodyStatus.TRANSFERRED or released is None:
            reason = "no_longer_in_custody" if released else "prosecutorial_discretion"
            demo.move(d, DetainerStatus.LIFTED, later, lift_reason=reason)
        else:
            count += _community_release(demo, d, later, released, i)
    return count


def _community_release(
    demo: _Demo, d: Detainer, later: datetime, released: datetime, i: int
) -> int:
    """A detainer on a person later released to the community: one of five endings."""
    match i % 10:
        case 0 | 2:  # honoured, ICE never came: the hold expired
            d = demo.move(demo.decide(d, later), DetainerStatus.HONOURED, later + HOUR)
            d = demo.move(d, DetainerStatus.EXPIRED, released, note="ICE did not assume custody")
            demo.outcome(d, released_to_community_at=released)
        case 4:  # ICE lifted it
            reason = demo.rng.choice(("case_closed", "early_release", "not_amenable", "duplicate"))
            demo.move(d, DetainerStatus.LIFTED, later, lift_reason=reason)
        case 6:  # notification only
            d = demo.decide(
                d, later, Decision.NOTIFY_ONLY, "Demo: ICE told of the release date only."
            )
            d = demo.move(d, DetainerStatus.NOTIFICATION_GIVEN, released - HOUR)
            demo.outcome(d, released_to_community_at=released)
        case _:  # ICE sent a new form that replaced the first
            d = demo.move(d, DetainerStatus.UNDER_REVIEW, later)
            new = demo.detainer(d.booking_id, "i247_2008", later + HOUR, boxes=d.boxes)
            demo.move(d, DetainerStatus.SUPERSEDED, later + 2 * HOUR, superseded_by_id=new.id)
            new = demo.move(
                demo.decide(new, later + 3 * HOUR), DetainerStatus.HONOURED, later + 4 * HOUR
            )
            new = demo.move(new, DetainerStatus.EXPIRED, released)
            demo.outcome(new, released_to_community_at=released)
            return 1
    return 0


def _case(demo: _Demo, i: int, booked: datetime, eligible: datetime | None, era: str) -> Case:
    """A demo case booked at ``booked``, still in custody, its charges still pending."""
    case = demo_case(demo.rng, i)
    booking = dataclasses.replace(
        case.booking,
        booking_number=f"{booked.year}-{i + 1:06d}",
        booked_at=booked,
        release_eligible_at=eligible,
        released_at=None,
        release_reason=None,
        released_to=None,
        custody_status=CustodyStatus.IN_CUSTODY,
    )
    charges = tuple(
        dataclasses.replace(
            c, disposition="Pending", disposition_date=None, conviction_date=None, sentence=None
        )
        for c in case.charges
    )
    matches = tuple(
        dataclasses.replace(
            m,
            program_era=era,
            response_type="ident_match_iar",
            queried_at=booked + HOUR,
            responded_at=booked + 2 * HOUR,
            offense_level_scheme="threat_level"
            if era != "sc_2008"
            else m.offense_level_scheme or "sc_crime_type",
            offense_level=m.offense_level or "3",
            criminality_code=m.criminality_code or "2",
        )
        for m in case.matches
    )
    case = case.replace(booking=booking, charges=charges, matches=matches)
    return create_case(demo.db, case, demo.actor, now=max(booked, eligible or booked) + HOUR)


_PRIOR_ROBBERY = Charge(
    id=None,
    statute="PC 211",
    description="Robbery",
    charge_class="felony",
    disposition="Convicted",
    disposition_date=date(2012, 6, 4),
    conviction_date=date(2012, 6, 4),
    sentence="3 years state prison",
)


#: One later case for each later form: (booked, form, warrant, program era, earlier
#: conviction), decided under the policy in force when its detainer arrived.
_LATER_PLANS = (
    (datetime(2013, 5, 14, 18, 20, tzinfo=UTC), "i247_2012", "none", "sc_2008", None),
    (datetime(2016, 2, 9, 3, 45, tzinfo=UTC), "i247d", "none", "pep", None),
    (datetime(2016, 3, 22, 21, 5, tzinfo=UTC), "i247d", "none", "pep", _PRIOR_ROBBERY),
    (datetime(2016, 8, 30, 16, 0, tzinfo=UTC), "i247n", "none", "pep", _PRIOR_ROBBERY),
    (datetime(2016, 11, 3, 19, 40, tzinfo=UTC), "i247x", "none", "pep", None),
    (datetime(2017, 6, 12, 22, 15, tzinfo=UTC), "i247a", "i200", "sc_2017", _PRIOR_ROBBERY),
    (datetime(2019, 9, 5, 17, 0, tzinfo=UTC), "i247a", "i205", "sc_2017", None),
    (datetime(2022, 1, 18, 20, 30, tzinfo=UTC), "i247a", "judicial_warrant", "sc_2017", None),
)
#: Cases of the last few days: (hours since booking, hours to release eligibility or None,
#: form, warrant, how far the detainer has got).
_RUNNING_PLANS = (
    (20, 5, "i247a", "i200", "received"),
    (30, 30, "i247a", "i205", "under_review"),
    (40, -6, "i247a", "judicial_warrant", "honoured"),
    (60, -47, "i247a", "judicial_pc", "honoured"),
    (70, -50, "i247a", "judicial_warrant", "honoured"),
    (50, 20, "i247n", "none", "decided"),
    (26, 40, "i247a", "i200", "declined"),
    (12, None, "i247a", "i200", "received"),
)
#: How many cases the demo adds after its first three hundred.
LATER_CASES = len(_LATER_PLANS) + len(_RUNNING_PLANS)


def _later_forms(demo: _Demo) -> int:
    """One case for each later form, decided under the policy in force when it arrived."""
    plans = _LATER_PLANS
    boxes = {
        "i247_2012": ("pc_biometric",),
        "i247d": ("pc_pending", "pep_1d"),
        "i247n": ("pep_2b",),
        "i247x": ("pep_1c",),
        "i247a": ("pc_biometric", "pc_statements"),
    }
    for n, (booked, form, warrant, era, prior) in enumerate(plans):
        eligible = booked + timedelta(days=3, hours=n)
        case = _case(demo, 900 + n, booked, eligible, era)
        if prior is not None:
            case = _with_prior(demo, case, eligible + HOUR)
        received = booked + timedelta(hours=5)
        d = demo.detainer(case.id, form, received, warrant_type=warrant, boxes=boxes[form])
        d = demo.decide(d, received + 4 * HOUR)
        final = {
            Decision.HONOUR: DetainerStatus.HONOURED,
            Decision.DECLINE: DetainerStatus.DECLINED,
            Decision.NOTIFY_ONLY: DetainerStatus.NOTIFICATION_GIVEN,
        }[d.decision]
        d = demo.move(d, final, eligible - HOUR)
        if final is DetainerStatus.HONOURED:
            demo.outcome(d, released_to_ice_at=eligible + 5 * HOUR)
            _release(demo, case, eligible + 5 * HOUR, to_ice=True)
        else:
            demo.outcome(d, released_to_community_at=eligible)
            _release(demo, case, eligible, to_ice=False)
    return len(plans)


def _release(demo: _Demo, case: Case, at: datetime, *, to_ice: bool) -> None:
    """Record on the booking the release the detainer's outcome tells of."""
    case = get_case(demo.db, case.id)
    booking = dataclasses.replace(
        case.booking,
        released_at=at,
        release_reason="Released to ICE" if to_ice else "Bail posted",
        released_to="ICE ERO San Francisco" if to_ice else "Self",
        custody_status=CustodyStatus.RELEASED_TO_ICE if to_ice else CustodyStatus.RELEASED,
    )
    update_case(demo.db, case.replace(booking=booking), demo.actor, now=at + HOUR)


def _running(demo: _Demo, now: datetime) -> int:
    """Bookings of the last few days whose detainers keep the Deadlines view alive."""
    now = now.replace(second=0, microsecond=0)
    plans = _RUNNING_PLANS
    for n, (since, to_eligible, form, warrant, ending) in enumerate(plans):
        booked = now - timedelta(hours=since)
        eligible = now + timedelta(hours=to_eligible) if to_eligible is not None else None
        case = _case(demo, 950 + n, booked, eligible, "sc_2017")
        if form == "i247n":
            case = _with_prior(demo, case, now)
        received = booked + timedelta(hours=2)
        box = ("pep_2b",) if form == "i247n" else ("pc_biometric",)
        d = demo.detainer(case.id, form, received, warrant_type=warrant, boxes=box)
        if ending == "received":
            continue
        if ending == "under_review":
            demo.move(d, DetainerStatus.UNDER_REVIEW, received + HOUR)
            continue
        d = demo.decide(d, received + 3 * HOUR)
        if ending == "honoured":
            demo.move(d, DetainerStatus.HONOURED, received + 4 * HOUR)
        elif ending == "declined":
            demo.move(d, DetainerStatus.DECLINED, received + 4 * HOUR)
    return len(plans)


def _with_prior(demo: _Demo, case: Case, now: datetime) -> Case:
    """The same case with an earlier robbery conviction on record (a qualifying one)."""
    prior = case.replace(charges=(*case.charges, _PRIOR_ROBBERY))
    return update_case(demo.db, prior, demo.actor, now=now)
