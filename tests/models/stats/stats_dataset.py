"""A small county year whose every figure is worked out by hand (period: calendar 2010).

People and bookings (times are county time, America/Los_Angeles):

| person | booking  | booked           | fingerprint result      | level         | crim | facility |
|--------|----------|------------------|-------------------------|---------------|------|----------|
| Alpha  | 2008-A1  | 05/01/2008       | no match (outside 2010) |               |      | Main     |
| Alpha  | 2010-B1  | 03/10/2010 09:00 | IDENT match             | SC crime 1    | 1    | Main     |
| Bravo  | 2010-B2A | 04/05/2010 09:00 | IDENT match + IAR       | SC crime 2    | 2    | Main     |
| Bravo  | 2010-B2B | 09/20/2010 09:00 | IDENT match             | threat L1     | 1    | Main     |
| Charlie| 2010-B3  | 06/15/2010 09:00 | IDENT match             | none recorded | none | Main     |
| Delta  | 2010-B4  | 07/01/2010 09:00 | no match                |               |      | Main     |
| Echo   | 2010-B5  | 12/31/2010 23:30 | IDENT match             | SC crime 3    | 3    | North    |
| Fox    | 2011-B6  | 01/01/2011 00:30 | IDENT match (outside)   | SC crime 1    | 1    | Main     |
| Golf   | 2010-B7  | 02/01/2010 09:00 | error                   |               |      | Main     |

Convictions: Alpha, robbery (PC 211(a), a listed violent felony) on 09/01/2008 (earlier
booking); Bravo, burglary (PC 459, not violent) on 06/01/2010; Charlie has no charges at all;
Delta, murder on 08/01/2010 (but Delta was never flagged); Echo, assault PC 245(a)(1) (listed
as a serious felony, not a violent one) on 02/01/2011 (after the period: not counted).

Detainers: D1 on B1 received 03/11/2010, hold, honoured, released to ICE 30 h after release
eligibility; D2 on B2A 04/06/2010, hold + notification, declined, released to the community;
D3 on B3 06/16/2010, hold, lifted by ICE before any decision; D4 on B2B 09/21/2010,
notification only, decided "notification only", still open; D6 on B4 07/02/2010, hold,
honoured, released to ICE 2 h after eligibility; D5 on B5 received 01/02/2011 (outside).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from models.cases import create_case
from models.detainers import (
    change_status,
    create_detainer,
    get_detainer,
    record_decision,
    update_detainer,
)
from models.persons import get_person
from models.records import Charge, Detainer, DetainerStatus, FingerprintMatch, Sex
from models.stats.period import Period

TZ = ZoneInfo("America/Los_Angeles")
YEAR = Period(date(2010, 1, 1), date(2010, 12, 31))
NOW = datetime(2011, 6, 1, 19, 0, tzinfo=UTC)
MAIN, NORTH = "Alder County Main Jail", "North Branch Jail"


def local(y, mo, d, h=9, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def match(response, scheme=None, level=None, code=None) -> FingerprintMatch:
    return FingerprintMatch(None, "sc_2008", response, offense_level_scheme=scheme,
                            offense_level=level, criminality_code=code)  # fmt: skip


def charge(statute, description, convicted: date | None = None) -> Charge:
    return Charge(None, description, statute=statute, charge_class="felony",
                  disposition="Convicted" if convicted else "Pending",
                  disposition_date=convicted, conviction_date=convicted)  # fmt: skip


@dataclass
class Dataset:
    bookings: dict[str, int]
    persons: dict[str, int]
    detainers: dict[str, int]

    def numbers(self, booking_ids) -> set[str]:
        by_id = {v: k for k, v in self.bookings.items()}
        return {by_id[i] for i in booking_ids}


def build(db, actor, case_factory) -> Dataset:
    base = case_factory()
    persons: dict[str, int] = {}
    bookings: dict[str, int] = {}

    def book(who, number, booked, matches, charges=(), *, sex=None, country=None,
             facility=MAIN, eligible=None):  # fmt: skip
        if who in persons:  # booked again: the stored person
            person = get_person(db, persons[who])
        else:
            person = replace(base.person, family_name=who, given_names="Test", aliases=(),
                             a_number=None, sex=sex, country_of_birth=country)  # fmt: skip
        booking = replace(base.booking, booking_number=number, booked_at=booked,
                          facility=facility, release_eligible_at=eligible)  # fmt: skip
        case = create_case(
            db, replace(base, person=person, booking=booking, charges=tuple(charges),
                        matches=tuple(matches)), actor, now=NOW)  # fmt: skip
        persons[who] = case.person.id
        bookings[number] = case.id

    book(
        "Alpha",
        "2008-A1",
        local(2008, 5, 1),
        [match("no_match")],
        [charge("PC 211(a)", "Robbery", date(2008, 9, 1))],
        sex=Sex.MALE,
        country="Mexico",
    )
    book(
        "Alpha",
        "2010-B1",
        local(2010, 3, 10),
        [match("ident_match", "sc_crime_type", "1", "1")],
        eligible=local(2010, 3, 12, 10),
    )
    book(
        "Bravo",
        "2010-B2A",
        local(2010, 4, 5),
        [match("ident_match_iar", "sc_crime_type", "2", "2")],
        [charge("PC 459", "Burglary", date(2010, 6, 1))],
        sex=Sex.FEMALE,
        country="Guatemala",
    )
    book("Bravo", "2010-B2B", local(2010, 9, 20), [match("ident_match", "threat_level", "1", "1")])
    book("Charlie", "2010-B3", local(2010, 6, 15), [match("ident_match")], [], sex=Sex.MALE)
    book(
        "Delta",
        "2010-B4",
        local(2010, 7, 1),
        [match("no_match")],
        [charge("PC 187", "Murder", date(2010, 8, 1))],
        sex=Sex.MALE,
        country="Canada",
        eligible=local(2010, 7, 3, 8),
    )
    book(
        "Echo",
        "2010-B5",
        local(2010, 12, 31, 23, 30),
        [match("ident_match", "sc_crime_type", "3", "3")],
        [charge("PC 245(a)(1)", "Assault with a deadly weapon", date(2011, 2, 1))],
        sex=Sex.FEMALE,
        country="Mexico",
        facility=NORTH,
    )
    book(
        "Fox",
        "2011-B6",
        local(2011, 1, 1, 0, 30),
        [match("ident_match", "sc_crime_type", "1", "1")],
        sex=Sex.MALE,
        country="Mexico",
    )
    book("Golf", "2010-B7", local(2010, 2, 1), [match("error")], sex=Sex.MALE, country="Peru")

    def detainer(booking, received, **kw) -> Detainer:
        values = {"form_code": "i247_2008", "received_at": received, "received_via": "fax",
                  "requests_hold": True, **kw}  # fmt: skip
        return create_detainer(db, Detainer(None, bookings[booking], **values), actor, TZ,
                               now=received)  # fmt: skip

    def decide(d, decision, reason="Per the county's policy."):
        d = get_detainer(db, d.id)
        return record_decision(db, d.id, d.row_version, decision, reason, actor, TZ,
                               now=d.received_at + timedelta(hours=2))  # fmt: skip

    def outcome(d, **times):
        d = get_detainer(db, d.id)
        return update_detainer(db, d.replace(**times), actor, TZ,
                               now=max(times.values()) + timedelta(hours=1))  # fmt: skip

    d1 = detainer("2010-B1", local(2010, 3, 11))
    decide(d1, "honour")
    outcome(d1, released_to_ice_at=local(2010, 3, 13, 16))
    d2 = detainer("2010-B2A", local(2010, 4, 6), requests_notification=True)
    decide(d2, "decline")
    outcome(d2, released_to_community_at=local(2010, 4, 7, 12))
    d3 = detainer("2010-B3", local(2010, 6, 16))
    d3 = get_detainer(db, d3.id)
    lifted = local(2010, 6, 17)
    change_status(db, d3.id, d3.row_version, DetainerStatus.LIFTED, actor, TZ,
                  lift_reason="case_closed", at=lifted, now=lifted)  # fmt: skip
    d4 = detainer("2010-B2B", local(2010, 9, 21), requests_hold=False, requests_notification=True)
    decide(d4, "notify_only")
    d6 = detainer("2010-B4", local(2010, 7, 2))
    decide(d6, "honour")
    outcome(d6, released_to_ice_at=local(2010, 7, 3, 10))
    d5 = detainer("2010-B5", local(2011, 1, 2))
    ids = {"D1": d1.id, "D2": d2.id, "D3": d3.id, "D4": d4.id, "D5": d5.id, "D6": d6.id}
    return Dataset(bookings, persons, ids)
