"""The merge fields every letter has, and those of a person and their case (see fields).

Part of the catalogue of :mod:`models.letters.fields`, kept apart for length with
:class:`MergeField` itself; :mod:`models.letters.fields_records` holds the fields of a
detainer, an opt-out request, a letter received and a report period.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MergeField:
    """One merge field: its path (``person.family_name``), what it is, and an example."""

    path: str
    label: str
    description: str
    #: The record kinds whose letters have it ("any" for every letter).
    kinds: tuple[str, ...]
    example: object


_ANY = ("any",)
_PERSON = ("case", "detainer")

#: The letter itself, the office, the person, the booking and its charges, attorney, designee.
COMMON_FIELDS: tuple[MergeField, ...] = (
    # The letter itself and the office.
    MergeField(
        "today",
        "Letter date",
        "The letter's date, written in its language.",
        _ANY,
        "November 25, 2026",
    ),
    MergeField(
        "letter.our_reference",
        "Our reference",
        "The letter's own reference number.",
        _ANY,
        "DD-2026-00042",
    ),
    MergeField(
        "letter.their_reference",
        "Their reference",
        "The reference of the letter being answered, when there is one.",
        _ANY,
        "ERO-SFR-2026-118",
    ),
    MergeField(
        "letter.language", "Language", "The letter's language code (en, es, ...).", _ANY, "en"
    ),
    MergeField(
        "office.county",
        "County",
        "The county's name, from the office settings.",
        _ANY,
        "County of Santa Clara",
    ),
    MergeField("office.name", "Office", "The office's name.", _ANY, "Office of the County Counsel"),
    MergeField(
        "office.address",
        "Office address",
        "The office's postal address, on one line.",
        _ANY,
        "70 West Hedding Street, East Wing, San José, CA 95110",
    ),
    MergeField(
        "office.phone", "Office phone", "The office's telephone number.", _ANY, "(408) 299-5900"
    ),
    MergeField(
        "office.email", "Office email", "The office's email address.", _ANY, "counsel@example.gov"
    ),
    MergeField("office.signer_name", "Signer", "Who signs the office's letters.", _ANY, "Ana Ruiz"),
    MergeField(
        "office.signer_title",
        "Signer's title",
        "The signer's title.",
        _ANY,
        "Deputy County Counsel",
    ),
    MergeField("office.jail_name", "Jail", "The county jail's name.", _ANY, "Main Jail Complex"),
    MergeField(
        "office.jail_address",
        "Jail address",
        "The jail's postal address, on one line.",
        _ANY,
        "150 West Hedding Street, San José, CA 95110",
    ),
    MergeField(
        "office.policy_name",
        "Policy in force",
        "The county's detainer policy in force "
        "on the letter's date (or on the day the detainer arrived).",
        _ANY,
        "California Values Act (SB 54)",
    ),
    MergeField(
        "office.policy_code",
        "Policy code",
        "The code of the policy in force, for {% if %}: honour_all, ca_trust_act, ca_sb54, "
        "santa_clara_3_54, dc_24h_cap (or one the office added).",
        _ANY,
        "ca_sb54",
    ),
    MergeField(
        "office.policy_source",
        "Policy source",
        "Where the policy in force is written.",
        _ANY,
        "Cal. Gov. Code §§ 7284–7284.12",
    ),
    # The person and the booking.
    MergeField(
        "person.full_name", "Full name", "Given names then family name.", _PERSON, "José Núñez"
    ),
    MergeField(
        "person.family_name", "Family name", "The family name as recorded.", _PERSON, "Núñez"
    ),
    MergeField(
        "person.given_names", "Given names", "The given names as recorded.", _PERSON, "José"
    ),
    MergeField(
        "person.a_number",
        "A-number",
        "The person's alien number (A + 9 digits).",
        _PERSON,
        "A012345678",
    ),
    MergeField(
        "person.date_of_birth",
        "Date of birth",
        "Written in the letter's language.",
        _PERSON,
        "March 4, 1990",
    ),
    MergeField("person.country_of_birth", "Country of birth", "As recorded.", _PERSON, "Mexico"),
    MergeField(
        "person.preferred_language", "Preferred language", "As recorded.", _PERSON, "Spanish"
    ),
    MergeField(
        "booking.number", "Booking number", "The jail's booking number.", _PERSON, "2026-0012345"
    ),
    MergeField("booking.agency", "Agency ORI", "The booking agency's ORI.", _PERSON, "CA0430000"),
    MergeField(
        "booking.facility", "Facility", "Where the person is held.", _PERSON, "Main Jail North"
    ),
    MergeField("booking.booked_on", "Booked on", "The booking date.", _PERSON, "November 20, 2026"),
    MergeField(
        "booking.release_eligible_on",
        "Eligible for release on",
        "The date the person is eligible for release.",
        _PERSON,
        "November 28, 2026",
    ),
    MergeField(
        "booking.released_on",
        "Released on",
        "The release date, once released.",
        _PERSON,
        "November 28, 2026",
    ),
    MergeField(
        "charges",
        "Charges",
        "The booking's charges, in order; each has the fields below.",
        _PERSON,
        [],
    ),
    MergeField("charges[].statute", "Charge statute", "The statute charged.", _PERSON, "PC 459"),
    MergeField(
        "charges[].description", "Charge", "What the charge is.", _PERSON, "Burglary, second degree"
    ),
    MergeField(
        "charges[].disposition",
        "Disposition",
        "How the charge ended, if it has.",
        _PERSON,
        "Convicted",
    ),
    MergeField(
        "attorney.name",
        "Attorney",
        "The person's attorney, when recorded.",
        _PERSON,
        "Maria Chen, Esq.",
    ),
    MergeField(
        "attorney.organisation",
        "Attorney's office",
        "The attorney's organisation.",
        _PERSON,
        "Public Defender",
    ),
    MergeField(
        "attorney.address",
        "Attorney's address",
        "On one line.",
        _PERSON,
        "120 W Mission St, San José, CA 95110",
    ),
    MergeField(
        "designee.name",
        "Designee",
        "The one other person the detainee designated.",
        _PERSON,
        "Rosa Núñez",
    ),
    MergeField(
        "designee.address",
        "Designee's address",
        "On one line.",
        _PERSON,
        "12 Elm St, San José, CA 95112",
    ),
)
