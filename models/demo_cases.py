"""One fictional demo case: a person, a booking in 2009–2011, charges and a fingerprint match.

Shared by the demo's first 300 cases (:mod:`models.demo`) and its later ones
(:mod:`models.demo_detainers`), from a seeded random source so every demo is the same.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from models import synthetic as syn
from models.records import (
    Booking,
    Case,
    Charge,
    CustodyStatus,
    FingerprintMatch,
    Person,
    Sex,
)

DEMO_START = datetime(2009, 1, 5, tzinfo=UTC)
DEMO_END = datetime(2011, 12, 20, tzinfo=UTC)
DEMO_NOTE = "Fictional demo record."


def demo_case(rng: random.Random, i: int) -> Case:
    """One fictional case; ``i`` makes its booking number unique."""
    span = (DEMO_END - DEMO_START).total_seconds()
    booked = DEMO_START + timedelta(seconds=int(rng.random() * span))
    booked = booked.replace(second=0)
    ori, agency = rng.choice(syn.AGENCIES)
    born = date(rng.randint(1950, 1992), rng.randint(1, 12), rng.randint(1, 28))
    response = (
        syn.RESPONSE_TYPES[i % len(syn.RESPONSE_TYPES)]
        if i < 8
        else rng.choices(syn.RESPONSE_TYPES, weights=(50, 30, 15, 5))[0]
    )
    matched = response.startswith("ident")
    person = Person(
        id=None,
        family_name=rng.choice(syn.FAMILY_NAMES),
        given_names=rng.choice(syn.GIVEN_NAMES),
        aliases=tuple(rng.sample(syn.FAMILY_NAMES, k=rng.choice((0, 0, 0, 1, 2)))),
        date_of_birth=born,
        sex=rng.choice((Sex.MALE, Sex.MALE, Sex.MALE, Sex.FEMALE)),
        country_of_birth=rng.choice(syn.COUNTRIES),
        citizenship_claimed=rng.choice(syn.COUNTRIES),
        is_us_citizenship_claimed=rng.random() < 0.03,
        a_number=f"A0{rng.randint(10_000_000, 99_999_999)}" if matched else None,
        fbi_number=f"{rng.randint(100000, 999999)}{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}",
        state_id=f"CA{rng.randint(10_000_000, 99_999_999)}",
        preferred_language=rng.choice(syn.LANGUAGES),
        is_interpreter_needed=rng.random() < 0.6,
        notes=DEMO_NOTE,
    )
    released, release_reason, released_to, status = None, None, None, CustodyStatus.IN_CUSTODY
    eligible = booked + timedelta(hours=rng.randint(6, 24 * 40))
    if rng.random() < 0.8:
        released = eligible + timedelta(hours=rng.choice((0, 0, 1, 20, 47)))
        release_reason, released_to = rng.choice(
            syn.RELEASE_REASONS if matched else syn.RELEASE_REASONS[:3]
        )
        status = {
            "ICE ERO San Francisco": CustodyStatus.RELEASED_TO_ICE,
            "State prison": CustodyStatus.TRANSFERRED,
        }.get(released_to, CustodyStatus.RELEASED)
    booking = Booking(
        id=None,
        booking_number=f"{booked.year}-{i + 1:06d}",
        agency_ori=ori,
        facility=rng.choice(syn.FACILITIES),
        arresting_agency=agency,
        booked_at=booked,
        release_eligible_at=eligible,
        released_at=released,
        release_reason=release_reason,
        released_to=released_to,
        custody_status=status,
        notes=DEMO_NOTE,
    )
    charges = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        statute, description, klass, _level = rng.choice(syn.CHARGES)
        disposition = rng.choice(syn.DISPOSITIONS)
        decided = booked.date() + timedelta(days=rng.randint(10, 200))
        decided = min(decided, DEMO_END.date())
        charges.append(
            Charge(
                id=None,
                statute=statute,
                description=description,
                charge_class=klass,
                disposition=disposition,
                disposition_date=None if disposition == "Pending" else decided,
                conviction_date=decided if disposition == "Convicted" else None,
                sentence=rng.choice(("90 days county jail", "3 years probation", "16 months"))
                if disposition == "Convicted"
                else None,
            )
        )
    level = min(c[3] for c in syn.CHARGES if c[1] in {ch.description for ch in charges})
    queried = booked + timedelta(minutes=rng.randint(20, 180))
    match = FingerprintMatch(
        id=None,
        program_era="sc_2008",
        response_type=response,
        queried_at=queried,
        responded_at=queried + timedelta(minutes=rng.randint(1, 240)),
        offense_level_scheme="sc_crime_type" if matched else None,
        offense_level=level if matched else None,
        criminality_code=rng.choice(("1", "2", "3")) if matched else None,
        ice_response=rng.choice(syn.ICE_RESPONSES) if matched else None,
    )
    return Case(person=person, booking=booking, charges=tuple(charges), matches=(match,))
