"""Merge values of each kind of record, checked against values worked out by hand; recipients."""

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.cases import create_case
from models.correspondence import create_letter
from models.detainers import create_detainer, get_detainer, record_decision
from models.errors import NotFoundError, ValidationError
from models.letters.about import About
from models.letters.content import Recipient
from models.letters.fields import FIELDS, Record
from models.letters.merge_records import letter_reasons
from models.letters.merge_values import default_recipients, merge_values
from models.letters.office import OfficeSettings, save_office_settings
from models.optouts import change_optout_status, create_optout
from models.policies import add_period
from models.records import Case, Charge, Decision, Detainer, Direction, Letter, OptOutRequest
from models.store import write_transaction
from models.writes import insert_audited
from tests.conftest import make_case, office_state

TZ = ZoneInfo("America/Los_Angeles")
TODAY = date(2026, 11, 25)  # Wed
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # Wed 11/25/2026 12:00 PST
# Thu 11/19/2026 23:30 PST: already Friday in UTC, so a day taken in UTC would be wrong.
BOOKED = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
ELIGIBLE = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # Mon 11/23/2026 14:00 PST
RECEIVED = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # Fri 11/20/2026 10:00 PST
DECIDED = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)  # Sat 11/21/2026 09:00 PST
REF = "CC-LIT-2026-00042"
OFFICE = OfficeSettings(
    county_name="County of Alder",
    office_name="Office of the County Counsel",
    office_address="70 West Hedding Street\nEast Wing\nSan José, CA 95110",
    office_phone="(408) 299-5900",
    office_email="counsel@alder.example.gov",
    signer_name="Ana Ruiz",
    signer_title="Deputy County Counsel",
    jail_name="Alder County Main Jail",
    jail_address="150 West Hedding Street\nSan José, CA 95110",
    reference_prefix="CC-LIT",
)
CHARGES = (
    Charge(None, "Burglary, second degree", statute="PC 459", charge_class="felony"),
    Charge(
        None,
        "Resisting arrest",
        statute="PC 148(a)(1)",
        charge_class="misdemeanor",
        disposition="Dismissed",
        disposition_date=date(2026, 11, 24),
    ),
)
HONOUR_ALL_SOURCE = "No local limit: the hold rule of the form applies"


@pytest.fixture
def office(db, actor):
    return save_office_settings(db, actor, OFFICE)


def contact(db, actor, kind, name, organisation=None, address=None) -> int:
    row = {"kind": kind, "name": name, "organisation": organisation, "address": address}
    with write_transaction(db):
        return insert_audited(db, actor, "contacts", row)


def attorney(db, actor) -> int:
    return contact(
        db, actor, "attorney", "Maria Chen, Esq.", "Public Defender",
        "120 W Mission St\n San José, CA 95110 \n",
    )  # fmt: skip


def add_case(db, actor, charges=CHARGES, number="2026-0012345", **person) -> int:
    base = make_case()
    booking = replace(
        base.booking, booking_number=number, booked_at=BOOKED, release_eligible_at=ELIGIBLE
    )
    case = Case(replace(base.person, **person), booking, charges, ())
    return create_case(db, case, actor, now=NOW).id


def add_detainer(db, actor, booking_id, **kw) -> Detainer:
    values = dict(
        form_code="i247a",
        received_at=RECEIVED,
        received_via="fax",
        warrant_type="i200",
        requests_hold=True,
        requests_notification=True,
        ice_office="San Francisco Field Office",
        ice_officer="SDDO J. Smith",
        ice_subject_id="339912345",
        event_number="SFR2611000123",
    )
    return create_detainer(db, Detainer(None, booking_id, **{**values, **kw}), actor, TZ, now=NOW)


def values_of(db, about, language="en", today=TODAY, **kw) -> dict:
    return merge_values(db, about, language=language, today=today, our_reference=REF, **kw)


def paths(values: dict, prefix: str = "") -> set[str]:
    """Every field path in ``values``, checking each group and item knows its own path."""
    found = set()
    for key, value in values.items():
        path = f"{prefix}{key}"
        found.add(path)
        if isinstance(value, Record):
            assert value.path == path
            found |= paths(value, path + ".")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Record):
                    assert item.path == path + "[]"
                    found |= {path + "[]"} | paths(item, path + "[].")
                else:
                    assert isinstance(item, str)
        else:
            assert isinstance(value, str | bool) and value != "", (path, value)
    return found


def unknown_paths(values: dict) -> set[str]:
    groups = {p.rsplit(".", 1)[0] for p in FIELDS if "." in p} | {
        p.split("[]")[0] + "[]" for p in FIELDS if "[]" in p
    }
    groups |= {g.rsplit(".", 1)[0] for g in list(groups) if "." in g}
    return {p for p in paths(values) if p not in FIELDS and p not in groups}


# -- every letter ---------------------------------------------------------------------------


def test_every_letter_has_the_date_its_references_and_the_office(db, actor, office):
    values = values_of(db, About("case", add_case(db, actor)), their_reference="ERO-SFR-118")
    assert values["today"] == "November 25, 2026"
    assert values["letter"] == {
        "our_reference": REF,
        "their_reference": "ERO-SFR-118",
        "language": "en",
    }
    assert values["office"] == {
        "county": "County of Alder",
        "name": "Office of the County Counsel",
        "address": "70 West Hedding Street, East Wing, San José, CA 95110",
        "phone": "(408) 299-5900",
        "email": "counsel@alder.example.gov",
        "signer_name": "Ana Ruiz",
        "signer_title": "Deputy County Counsel",
        "jail_name": "Alder County Main Jail",
        "jail_address": "150 West Hedding Street, San José, CA 95110",
        "policy_name": "Honour every detainer",
        "policy_code": "honour_all",
        "policy_source": HONOUR_ALL_SOURCE,
    }


def test_what_the_office_has_not_set_and_no_their_reference_are_left_out(db, actor):
    values = values_of(db, About("period", start=date(2026, 10, 1), end=date(2026, 10, 31)))
    assert values["letter"] == {"our_reference": REF, "language": "en"}
    assert set(values["office"]) == {"name", "policy_name", "policy_code", "policy_source"}


def test_the_policy_named_is_the_one_in_force_on_the_letters_date(db, actor, office):
    add_period(db, actor, "ca_sb54", date(2018, 1, 1), None)
    about = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert values_of(db, about)["office"]["policy_name"] == "California Values Act (SB 54)"
    assert values_of(db, about)["office"]["policy_code"] == "ca_sb54"
    assert values_of(db, about)["office"]["policy_source"].startswith(
        "Cal. Gov. Code 7284-7284.12 (SB 54)"
    )
    earlier = values_of(db, about, today=date(2017, 12, 31))["office"]
    assert (earlier["policy_name"], earlier["policy_source"]) == (
        "Honour every detainer",
        HONOUR_ALL_SOURCE,
    )


@pytest.mark.parametrize(
    ("language", "today", "start", "end"),
    [
        ("en", "November 25, 2026", "October 1, 2026", "October 31, 2026"),
        ("es", "25 de noviembre de 2026", "1 de octubre de 2026", "31 de octubre de 2026"),
        ("zh", "2026年11月25日", "2026年10月1日", "2026年10月31日"),
    ],
)
def test_a_period_gives_its_days_in_the_letters_language(db, language, today, start, end):
    about = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    values = values_of(db, about, language=language)
    assert values["today"] == today
    assert values["period"] == {"start": start, "end": end}
    assert values["period"].path == "period"
    assert values["letter"]["language"] == language
    assert "person" not in values and "detainer" not in values


def test_a_language_letters_cannot_be_printed_in_is_refused(db):
    about = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    with pytest.raises(ValidationError) as caught:
        values_of(db, about, language="fr")
    assert caught.value.for_field("language") == ["Letters cannot be printed in the language “fr”."]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("case", "There is no case number 99."),
        ("detainer", "There is no detainer number 99."),
        ("correspondence", "There is no letter number 99."),
        ("optout", "There is no opt-out request number 99."),
    ],
)
def test_a_record_that_does_not_exist_is_named(db, kind, message):
    with pytest.raises(NotFoundError) as caught:
        values_of(db, About(kind, 99))
    assert str(caught.value) == message
    with pytest.raises(NotFoundError):
        default_recipients(
            db, "person" if kind != "optout" else "optout_addressee", About(kind, 99)
        )


# -- a case ---------------------------------------------------------------------------------


def test_a_case_gives_the_person_booking_charges_and_attorney(db, actor, office):
    booking_id = add_case(db, actor, attorney_contact_id=attorney(db, actor))
    values = values_of(db, About("case", booking_id))
    assert values["person"] == {
        "full_name": "María José Núñez",
        "family_name": "Núñez",
        "given_names": "María José",
        "a_number": "A012345678",  # typed A12345678: eight digits are stored as nine
        "date_of_birth": "March 9, 1984",
        "country_of_birth": "Mexico",
        "preferred_language": "Spanish",
    }
    assert values["booking"] == {
        "number": "2026-0012345",
        "agency": "CA0990000",
        "facility": "Alder County Main Jail",
        "booked_on": "November 19, 2026",  # 23:30 in the county, not the next day in UTC
        "release_eligible_on": "November 23, 2026",
    }
    assert values["charges"] == [
        {"statute": "PC 459", "description": "Burglary, second degree"},
        {"statute": "PC 148(a)(1)", "description": "Resisting arrest", "disposition": "Dismissed"},
    ]
    assert values["attorney"] == {
        "name": "Maria Chen, Esq.",
        "organisation": "Public Defender",
        "address": "120 W Mission St, San José, CA 95110",
    }
    assert "designee" not in values  # none recorded: left out, so {% if designee %} is false
    assert "detainer" not in values and "request" not in values


def test_a_case_in_spanish_writes_its_dates_in_spanish(db, actor):
    values = values_of(db, About("case", add_case(db, actor)), language="es")
    assert values["today"] == "25 de noviembre de 2026"
    assert values["person"]["date_of_birth"] == "9 de marzo de 1984"
    assert values["booking"]["booked_on"] == "19 de noviembre de 2026"
    assert values["booking"]["release_eligible_on"] == "23 de noviembre de 2026"


def test_no_attorney_no_charges_and_a_release_are_told_as_they_are(db, actor):
    designee = contact(db, actor, "designee", "Rosa Núñez", address="12 Elm St, San José, CA 95112")
    booking_id = add_case(db, actor, charges=(), given_names=None, designee_contact_id=designee)
    db.execute(
        "UPDATE bookings SET released_at = '2026-11-24T17:15:00+00:00', custody_status = "
        "'released' WHERE id = ?",
        [booking_id],
    )
    values = values_of(db, About("case", booking_id))
    assert values["charges"] == []
    assert "attorney" not in values
    assert values["designee"] == {"name": "Rosa Núñez", "address": "12 Elm St, San José, CA 95112"}
    assert values["person"]["full_name"] == "Núñez" and "given_names" not in values["person"]
    assert values["booking"]["released_on"] == "November 24, 2026"


def test_names_and_addresses_keep_every_character_as_typed(db, actor):
    odd = contact(
        db, actor, "attorney", "O'Brien & <Partners> \"Law\"", "Nguyễn 法律 사무소",
        "1 Rue d'Été\nHà Nội",
    )  # fmt: skip
    booking_id = add_case(
        db, actor, family_name="Nguyễn", given_names="Thị Minh", attorney_contact_id=odd
    )
    values = values_of(db, About("case", booking_id))
    assert values["person"]["full_name"] == "Thị Minh Nguyễn"
    assert values["attorney"] == {
        "name": 'O\'Brien & <Partners> "Law"',
        "organisation": "Nguyễn 法律 사무소",
        "address": "1 Rue d'Été, Hà Nội",
    }


def test_many_charges_cost_no_more_queries_than_one(db, actor, office):
    one = add_case(db, actor, charges=CHARGES[:1], number="2026-1")
    many = add_case(
        db, actor, charges=tuple(replace(CHARGES[0], description=f"Count {n}") for n in range(40)),
        number="2026-2", a_number=None,
    )  # fmt: skip

    def statements(booking_id) -> tuple[int, dict]:
        about = About("detainer", add_detainer(db, actor, booking_id).id)
        seen = []
        db.conn.set_trace_callback(seen.append)
        try:
            values = values_of(db, about)
        finally:
            db.conn.set_trace_callback(None)
        return len([s for s in seen if s.lstrip().upper().startswith("SELECT")]), values

    few, small = statements(one)
    lots, large = statements(many)
    assert len(large["charges"]) == 40 and len(small["charges"]) == 1
    assert lots == few <= 14


# -- a detainer -----------------------------------------------------------------------------


def test_a_detainer_gives_its_case_and_itself_in_english(db, actor, office):
    booking_id = add_case(db, actor, attorney_contact_id=attorney(db, actor))
    d = add_detainer(db, actor, booking_id)
    # The premise, worked out by hand: the I-247A's own rule (48 hours of clock time, no local
    # limit under "honour every detainer") from Mon 11/23 14:00 PST ends Wed 11/25 14:00 PST.
    assert d.hold_rule == "48h_clock"
    assert d.hold_expires_at == datetime(2026, 11, 25, 22, 0, tzinfo=UTC)
    values = values_of(db, About("detainer", d.id))
    assert values["person"]["full_name"] == "María José Núñez"
    assert values["booking"]["number"] == "2026-0012345"
    assert [c["statute"] for c in values["charges"]] == ["PC 459", "PC 148(a)(1)"]
    assert values["attorney"]["name"] == "Maria Chen, Esq."
    reasons = values["detainer"].pop("reasons")
    assert values["detainer"] == {
        "form": "I-247A (02/17)",
        "form_label": "I-247A Immigration Detainer – Notice of Action (02/17)",
        "issued_on": "November 20, 2026",
        "received_on": "November 20, 2026",
        "ice_office": "San Francisco Field Office",
        "ice_officer": "SDDO J. Smith",
        "ice_subject_id": "339912345",
        "event_number": "SFR2611000123",
        "requests": ["hold", "notification"],
        "requests_hold": True,
        "requests_notification": True,
        "requests_transfer": False,
        "warrant": "I-200 Warrant for Arrest of Alien (administrative)",
        "has_judicial_warrant": False,
        "hold_expires_at": "November 25, 2026 at 2:00 PM",
        "policy_name": "Honour every detainer",
        "policy_source": HONOUR_ALL_SOURCE,
    }
    # The policy's reasons, less the line naming the policy (the letter names it itself).
    assert d.recommendation_reasons.splitlines()[0].startswith("Policy in force:")
    assert reasons == d.recommendation_reasons.splitlines()[1:]
    assert len(reasons) == 1 and "sets no local limit" in reasons[0]


def test_reasons_leave_out_the_policy_s_advice_to_the_attorney():
    # Lines as models.policy_rules writes them: the head names the policy, "Pending:" and
    # "The attorney should ..." are for the attorney, never for a letter to ICE.
    advice = "\n".join(
        (
            "Policy in force: California Values Act (SB 54). Source: Cal. Gov. Code 7284.",
            "The I-247A asks for a hold, with a Judicial warrant: SB 54 allows a transfer on a "
            "judicial warrant (Cal. Gov. Code 7284.6(a)(4)). The attorney should confirm that a "
            "judge signed it.",
            "A transfer needs a judicial warrant (Cal. Gov. Code 7284.6(a)(4)).",
            "Pending: booking 2026-000958, charge 1: PC 211 Robbery (felony), not convicted. The "
            "attorney should check the court record.",
            "",
        )
    )
    assert letter_reasons(advice) == [
        "The I-247A asks for a hold, with a Judicial warrant: SB 54 allows a transfer on a "
        "judicial warrant (Cal. Gov. Code 7284.6(a)(4)).",
        "A transfer needs a judicial warrant (Cal. Gov. Code 7284.6(a)(4)).",
    ]
    assert letter_reasons(None) == []


def test_a_declined_detainer_gives_the_decision_and_no_hold_expiry(db, actor, office):
    d = add_detainer(db, actor, add_case(db, actor))
    reason = "No judicial warrant; no qualifying conviction."
    record_decision(db, d.id, d.row_version, Decision.DECLINE, reason, actor, TZ, now=DECIDED)
    assert get_detainer(db, d.id).hold_expires_at is None  # a declined hold runs no clock
    english = values_of(db, About("detainer", d.id))["detainer"]
    assert (english["decision"], english["decision_code"]) == ("Declined", "decline")
    assert english["decision_reason"] == reason
    assert english["decided_on"] == "November 21, 2026"
    assert "hold_expires_at" not in english
    spanish = values_of(db, About("detainer", d.id), language="es")["detainer"]
    assert (spanish["decision"], spanish["decision_code"]) == ("Rechazada", "decline")
    assert spanish["decided_on"] == "21 de noviembre de 2026"


@pytest.mark.parametrize(
    ("decision", "reason", "english", "spanish"),
    [
        (Decision.HONOUR, None, "Honoured", "Aceptada"),
        (Decision.NOTIFY_ONLY, "Notification only.", "Notification only", "Solo notificación"),
    ],
)
def test_each_decision_has_its_words(db, actor, decision, reason, english, spanish):
    d = add_detainer(db, actor, add_case(db, actor))
    record_decision(db, d.id, d.row_version, decision, reason, actor, TZ, now=DECIDED)
    assert values_of(db, About("detainer", d.id))["detainer"]["decision"] == english
    assert values_of(db, About("detainer", d.id), language="es")["detainer"]["decision"] == spanish
    assert values_of(db, About("detainer", d.id))["detainer"]["decision_code"] == decision.value


def test_an_undecided_detainer_has_no_decision(db, actor):
    detainer = values_of(db, About("detainer", add_detainer(db, actor, add_case(db, actor)).id))
    assert not {"decision", "decision_code", "decision_reason", "decided_on"} & set(
        detainer["detainer"]
    )


def test_a_detainer_in_spanish_has_spanish_dates_and_words(db, actor, office):
    d = add_detainer(db, actor, add_case(db, actor), requests_transfer=True)
    detainer = values_of(db, About("detainer", d.id), language="es")["detainer"]
    assert detainer["received_on"] == "20 de noviembre de 2026"
    assert detainer["issued_on"] == "20 de noviembre de 2026"
    assert detainer["requests"] == ["retención", "notificación", "traslado"]
    assert detainer["warrant"] == "Orden de arresto I-200 (administrativa)"
    assert detainer["hold_expires_at"] == "25 de noviembre de 2026, 14:00"


def test_a_judicial_warrant_and_an_older_form_are_told(db, actor):
    d = add_detainer(
        db, actor, add_case(db, actor), form_code="i247_2012", warrant_type="judicial_warrant",
        requests_hold=False, requests_notification=True, ice_office=None, ice_officer=None,
        ice_subject_id=None, event_number=None,
    )  # fmt: skip
    detainer = values_of(db, About("detainer", d.id))["detainer"]
    assert detainer["form"] == "I-247 (12/12)"  # the edition once, though the name has it too
    assert detainer["has_judicial_warrant"] is True
    assert detainer["warrant"] == "Judicial warrant"
    assert detainer["requests"] == ["notification"]
    assert not {"ice_office", "ice_officer", "ice_subject_id", "event_number"} & set(detainer)


@pytest.mark.parametrize(
    ("form_code", "edition", "expected"),
    [
        ("i247_2008", None, "I-247"),  # "I-247 (pre-2012)" is the app's name, not the form's
        ("i247_2008", "4/07", "I-247 (4/07)"),  # the detainer's own edition when recorded
        ("i247d", None, "I-247D"),
        ("i247a", "3/17", "I-247A (3/17)"),
    ],
)
def test_the_form_is_its_number_and_edition(db, actor, form_code, edition, expected):
    d = add_detainer(db, actor, add_case(db, actor), form_code=form_code, edition=edition)
    assert values_of(db, About("detainer", d.id))["detainer"]["form"] == expected


def test_a_language_without_words_gets_dates_and_yes_no_fields_only(db, actor):
    d = add_detainer(db, actor, add_case(db, actor))
    detainer = values_of(db, About("detainer", d.id), language="zh")["detainer"]
    assert detainer["received_on"] == "2026年11月20日"
    assert detainer["hold_expires_at"] == "2026年11月25日 14:00"
    assert detainer["requests_hold"] is True and detainer["has_judicial_warrant"] is False
    # No Chinese words for these: left out rather than printed in English.
    assert not {"requests", "warrant", "decision"} & set(detainer)
    korean = values_of(db, About("detainer", d.id), language="ko")["detainer"]
    assert korean["hold_expires_at"] == "2026년 11월 25일 14:00"
    vietnamese = values_of(db, About("detainer", d.id), language="vi")["detainer"]
    assert vietnamese["hold_expires_at"] == "14:00 ngày 25 tháng 11 năm 2026"


# -- a letter received: a public-records request --------------------------------------------


def requester(db, actor) -> int:
    return contact(
        db, actor, "other", "Lee O'Brien", "Bay Area News", "1 Market St\nSan Francisco, CA 94105"
    )


def add_request(db, actor, **kw) -> int:
    values = dict(
        direction=Direction.IN,
        method="email",
        subject="Records of ICE detainers, 2026",
        sent_date=date(2026, 11, 13),
        received_date=date(2026, 11, 16),
        from_contact_id=requester(db, actor),
        summary="All detainers received in 2026, with the county's decisions.",
    )
    return create_letter(db, Letter(None, **{**values, **kw}), actor, TZ, today=TODAY).id


def test_a_records_request_gives_its_due_dates_rolled_past_thanksgiving(db, actor, office):
    values = values_of(db, About("correspondence", add_request(db, actor)))
    # The rule is due_rules "cpra_determination" (Cal. Gov. Code 7922.535): 10 calendar days,
    # rolled forward to a business day, one extension of 14 days. Received Mon 11/16/2026;
    # 16 + 10 = Thu 11/26/2026, Thanksgiving (Thursdays of November 2026: 5, 12, 19, 26 — the
    # fourth), a federal holiday, so the determination is due Fri 11/27/2026 (no state's
    # holidays count by default). The extension adds 14 days to the unmoved date 11/26: Thu
    # 12/10/2026, a business day.
    assert values["request"] == {
        "subject": "Records of ICE detainers, 2026",
        "received_on": "November 16, 2026",
        "sent_on": "November 13, 2026",
        "summary": "All detainers received in 2026, with the county's decisions.",
        "requester": {
            "name": "Lee O'Brien",
            "organisation": "Bay Area News",
            "address": "1 Market St, San Francisco, CA 94105",
        },
        "determination_due": "November 27, 2026",
        "extended_due": "December 10, 2026",
    }
    assert values["request"]["requester"].path == "request.requester"
    spanish = values_of(db, About("correspondence", add_request(db, actor)), language="es")
    assert spanish["request"]["determination_due"] == "27 de noviembre de 2026"
    assert spanish["request"]["extended_due"] == "10 de diciembre de 2026"


def test_in_california_the_day_after_thanksgiving_moves_it_to_monday(db, actor):
    office_state(db, "CA")
    values = values_of(db, About("correspondence", add_request(db, actor)))
    # Fri 11/27/2026 is California's "Day after Thanksgiving"; Sat 11/28 and Sun 11/29 are the
    # weekend: due Mon 11/30/2026. The extended date, Thu 12/10, is a business day there too.
    assert values["request"]["determination_due"] == "November 30, 2026"
    assert values["request"]["extended_due"] == "December 10, 2026"


def test_a_letter_sent_names_its_addressee_and_counts_no_due_date(db, actor):
    to = requester(db, actor)
    letter_id = add_request(
        db, actor, direction=Direction.OUT, sent_date=date(2026, 11, 24), received_date=None,
        from_contact_id=None, to_contact_id=to, summary=None, subject="Your request",
    )  # fmt: skip
    assert values_of(db, About("correspondence", letter_id))["request"] == {
        "subject": "Your request",
        "sent_on": "November 24, 2026",
        "requester": {
            "name": "Lee O'Brien",
            "organisation": "Bay Area News",
            "address": "1 Market St, San Francisco, CA 94105",
        },
    }


# -- an opt-out request ---------------------------------------------------------------------

OPTOUT_DAY = date(2026, 6, 22)


def add_optout(db, actor):
    addressee = contact(
        db, actor, "ice_program_office", "David Venturella", "Secure Communities, ICE",
        "500 12th St SW\nWashington, DC 20536",
    )  # fmt: skip
    req = create_optout(
        db,
        OptOutRequest(
            None,
            jurisdiction="County of Alder",
            request_kind="full_opt_out",
            resolution_number="BOS-2026-316",
            resolution_date=OPTOUT_DAY,
            resolution_vote="5–0",
            addressed_to_id=addressee,
            summary="The county asks to be removed from Secure Communities.",
        ),
        actor,
        on=OPTOUT_DAY,
        today=TODAY,
    )
    return req, addressee


def log(db, actor, req, addressee, direction, day, subject) -> None:
    party = {"to_contact_id" if direction == Direction.OUT else "from_contact_id": addressee}
    dates = {"sent_date" if direction == Direction.OUT else "received_date": day}
    letter = Letter(None, direction, "mail", subject, optout_id=req.id, **party, **dates)
    create_letter(db, letter, actor, TZ, today=TODAY)


def test_an_optout_sent_twice_without_an_answer_counts_the_days_waited(db, actor, office):
    req, addressee = add_optout(db, actor)
    # Logged out of order: the letters are listed by their dates, not as entered.
    log(db, actor, req, addressee, Direction.OUT, date(2026, 8, 20), "Follow-up: opt-out request")
    log(db, actor, req, addressee, Direction.OUT, date(2026, 6, 24), "Request to opt out")
    change_optout_status(db, req.id, 0, "sent", date(2026, 6, 24), actor, today=TODAY)
    optout = values_of(db, About("optout", req.id))["optout"]
    # From the last letter sent, Thu 8/20/2026, to the letter's date, Wed 11/25/2026: 11 days
    # (8/21–8/31) + 30 (September) + 31 (October) + 25 (November 1–25) = 97.
    assert optout == {
        "jurisdiction": "County of Alder",
        "kind": "Full opt-out of the program",
        "resolution_number": "BOS-2026-316",
        "resolution_date": "June 22, 2026",
        "resolution_vote": "5–0",
        "status": "Sent",
        "summary": "The county asks to be removed from Secure Communities.",
        "first_sent_on": "June 24, 2026",
        "days_without_answer": "97",
        "addressee": {
            "name": "David Venturella",
            "organisation": "Secure Communities, ICE",
            "address": "500 12th St SW, Washington, DC 20536",
        },
        "earlier_letters": [
            {
                "date": "June 24, 2026",
                "direction": "sent",
                "party": "David Venturella",
                "subject": "Request to opt out",
            },
            {
                "date": "August 20, 2026",
                "direction": "sent",
                "party": "David Venturella",
                "subject": "Follow-up: opt-out request",
            },
        ],
        "answers": [],
    }
    assert [item.path for item in optout["earlier_letters"]] == ["optout.earlier_letters[]"] * 2


def test_an_answer_stops_the_count_until_the_next_letter_sent(db, actor):
    req, addressee = add_optout(db, actor)
    log(db, actor, req, addressee, Direction.OUT, date(2026, 6, 24), "Request to opt out")
    log(db, actor, req, addressee, Direction.IN, date(2026, 9, 10), "Secure Communities deployment")
    optout = values_of(db, About("optout", req.id))["optout"]
    assert "days_without_answer" not in optout
    assert optout["answers"] == [
        {
            "date": "September 10, 2026",
            "party": "David Venturella",
            "subject": "Secure Communities deployment",
        }
    ]
    assert optout["answers"][0].path == "optout.answers[]"
    assert [e["direction"] for e in optout["earlier_letters"]] == ["sent", "received"]
    log(db, actor, req, addressee, Direction.OUT, date(2026, 10, 1), "Our reply")
    # From Thu 10/1/2026: 30 days (10/2–10/31) + 25 (November 1–25) = 55.
    assert values_of(db, About("optout", req.id))["optout"]["days_without_answer"] == "55"


def test_an_optout_with_no_letters_has_empty_lists_and_no_dates(db, actor):
    req = create_optout(
        db, OptOutRequest(None, "County of Alder", "stop_using_prints"), actor, on=OPTOUT_DAY,
        today=TODAY,
    )  # fmt: skip
    assert values_of(db, About("optout", req.id))["optout"] == {
        "jurisdiction": "County of Alder",
        "kind": "Stop using fingerprints taken in the county",
        "status": "Draft",
        "earlier_letters": [],
        "answers": [],
    }


# -- the shape of it all --------------------------------------------------------------------


def test_every_value_produced_is_a_catalogue_field_and_every_field_can_be_produced(
    db, actor, office
):
    booking_id = add_case(db, actor, attorney_contact_id=attorney(db, actor))
    designee = contact(db, actor, "designee", "Rosa Núñez", address="12 Elm St")
    released = add_case(db, actor, number="2026-9", a_number=None, designee_contact_id=designee)
    db.execute(
        "UPDATE bookings SET released_at = '2026-11-24T17:15:00+00:00' WHERE id = ?", [released]
    )
    undecided = add_detainer(db, actor, booking_id)
    decided = add_detainer(db, actor, booking_id)
    record_decision(
        db, decided.id, decided.row_version, "decline", "No warrant.", actor, TZ, now=DECIDED
    )
    req, addressee = add_optout(db, actor)
    log(db, actor, req, addressee, Direction.OUT, date(2026, 6, 24), "Request")
    log(db, actor, req, addressee, Direction.IN, date(2026, 7, 1), "Answer")
    log(db, actor, req, addressee, Direction.OUT, date(2026, 7, 20), "Follow-up")
    abouts = [
        About("case", released),
        About("detainer", undecided.id),
        About("detainer", decided.id),
        About("correspondence", add_request(db, actor)),
        About("optout", req.id),
        About("period", start=date(2026, 10, 1), end=date(2026, 10, 31)),
    ]
    produced = set()
    for about in abouts:
        for language in ("en", "es"):
            values = values_of(db, about, language=language, their_reference="X-1")
            assert unknown_paths(values) == set(), about
            produced |= paths(values)
    assert set(FIELDS) - produced == set()


# -- default recipients ---------------------------------------------------------------------


def test_the_person_is_written_to_care_of_the_jail_with_copies_to_counsel(db, actor, office):
    designee = contact(db, actor, "designee", "Rosa Núñez", address="12 Elm St, San José, CA 95112")
    booking_id = add_case(
        db, actor, attorney_contact_id=attorney(db, actor), designee_contact_id=designee
    )
    expected = (
        Recipient(
            "María José Núñez",
            (
                "Booking 2026-0012345",
                "c/o Alder County Main Jail",
                "150 West Hedding Street",
                "San José, CA 95110",
            ),
        ),
        Recipient(
            "Maria Chen, Esq.", ("Public Defender", "120 W Mission St", "San José, CA 95110"), "cc"
        ),
        Recipient("Rosa Núñez", ("12 Elm St, San José, CA 95112",), "cc"),
    )
    assert default_recipients(db, "person", About("case", booking_id)) == expected
    d = add_detainer(db, actor, booking_id)
    assert default_recipients(db, "person", About("detainer", d.id)) == expected


def test_without_a_jail_set_the_person_is_written_to_care_of_their_facility(db, actor):
    booking_id = add_case(db, actor)
    assert default_recipients(db, "person", About("case", booking_id)) == (
        Recipient("María José Núñez", ("Booking 2026-0012345", "c/o Alder County Main Jail")),
    )
    optout, _ = add_optout(db, actor)
    assert default_recipients(db, "person", About("optout", optout.id)) == ()


def test_ice_is_written_to_at_the_field_office_the_detainer_names(db, actor):
    d = add_detainer(db, actor, add_case(db, actor))
    about = About("detainer", d.id)
    assert default_recipients(db, "ice", about) == (Recipient("San Francisco Field Office"),)
    contact(
        db, actor, "ice_field_office", "Field Office Director", "san francisco field office ",
        "630 Sansome St\nSan Francisco, CA 94111",
    )  # fmt: skip
    contact(db, actor, "ice_field_office", "Los Angeles Field Office", None, "300 N Los Angeles St")
    assert default_recipients(db, "ice", about) == (
        Recipient(
            "Field Office Director",
            ("san francisco field office", "630 Sansome St", "San Francisco, CA 94111"),
        ),
    )
    period = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert default_recipients(db, "ice", period) == ()  # two field offices: the clerk chooses


def test_a_period_letter_to_ice_goes_to_the_only_field_office(db, actor):
    contact(db, actor, "ice_field_office", "ICE ERO San Francisco", None, "630 Sansome St")
    period = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert default_recipients(db, "ice", period) == (
        Recipient("ICE ERO San Francisco", ("630 Sansome St",)),
    )


def test_the_optout_addressee_the_correspondent_and_the_board(db, actor):
    req, _ = add_optout(db, actor)
    assert default_recipients(db, "optout_addressee", About("optout", req.id)) == (
        Recipient(
            "David Venturella",
            ("Secure Communities, ICE", "500 12th St SW", "Washington, DC 20536"),
        ),
    )
    letter = About("correspondence", add_request(db, actor))
    assert default_recipients(db, "correspondent", letter) == (
        Recipient("Lee O'Brien", ("Bay Area News", "1 Market St", "San Francisco, CA 94105")),
    )
    case = About("case", add_case(db, actor, attorney_contact_id=attorney(db, actor)))
    assert default_recipients(db, "correspondent", case) == (
        Recipient(
            "Maria Chen, Esq.", ("Public Defender", "120 W Mission St", "San José, CA 95110")
        ),
    )
    period = About("period", start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert default_recipients(db, "board", period) == ()
    contact(
        db,
        actor,
        "board_of_supervisors",
        "Board of Supervisors",
        "County of Alder",
        "70 W Hedding St",
    )
    assert default_recipients(db, "board", period) == (
        Recipient("Board of Supervisors", ("County of Alder", "70 W Hedding St")),
    )


def test_an_unknown_recipient_kind_is_a_programming_slip(db):
    with pytest.raises(ValueError, match="unknown recipient kind"):
        default_recipients(db, "court", About("case", 1))
