"""The fields an imported column can fill, with their labels, help and header synonyms.

A field key is ``group.name`` (``person.family_name``, ``booking.booked_at``): the group says
which record of a case the value goes to (the person, the booking, a charge, the fingerprint
match, the detainer). :data:`FIELDS` is what the Import window offers in its combo boxes, in
that order; each field's synonyms are the header names jail exports and ICE releases use for
it, which :func:`models.importing.mapping.guess_mapping` recognises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One field of the record an import column (or a fixed value) can fill.

    Attributes:
        key: ``group.name``, as a mapping names it.
        label: what a clerk reads in the mapping table.
        group: person, booking, charge, match or detainer.
        required: every mapping must fill it (a column or a fixed value).
        help: a sentence on what the field takes, for the combo box's tooltip.
        synonyms: header names that mean this field, best first (for guessing a mapping).
    """

    key: str
    label: str
    group: str
    required: bool = False
    help: str = ""
    synonyms: tuple[str, ...] = ()


def _f(key: str, label: str, help: str, synonyms: str, required: bool = False) -> Field:
    return Field(key, label, key.split(".", 1)[0], required, help, tuple(synonyms.split("|")))


_DATE = "A date: M/D/YYYY, MM/DD/YY, YYYY-MM-DD or 12MAR2008."
_INSTANT = (
    "A date, with or without a time (M/D/YYYY H:MM AM/PM, YYYY-MM-DD HH:MM); "
    "a date alone is midnight county time."
)

# (key, label, help, synonyms best first separated by "|", required)
FIELDS: tuple[Field, ...] = tuple(
    _f(*spec)
    for spec in (
        (
            "person.family_name",
            "Family name",
            "The person's last name.",
            "Last Name|LNAME|Family Name|Surname|Last|L Name|Inmate Last Name",
            True,
        ),
        (
            "person.given_names",
            "Given names",
            "First (and middle) names.",
            "First Name|FNAME|Given Names|Given Name|First|F Name|Inmate First Name",
        ),
        (
            "person.full_name",
            "Full name (FAMILY, Given)",
            "The whole name in one column: “FAMILY, Given” (or “Given Family”, last word "
            "the family name). Used for the family name when that has no column of its own.",
            "Name|Full Name|Inmate Name|Defendant Name|Subject Name|Person Name",
        ),
        (
            "person.date_of_birth",
            "Date of birth",
            _DATE,
            "DOB|Date of Birth|Birth Date|Birthdate|Birth Dt",
        ),
        ("person.sex", "Sex", "Male/Female/M/F, Unknown/U, X.", "Sex|Gender"),
        (
            "person.country_of_birth",
            "Country of birth",
            "Country names in capitals are written as names (EL SALVADOR → El Salvador).",
            "Country of Birth|Birth Country|Birthplace|Place of Birth|POB",
        ),
        (
            "person.citizenship",
            "Citizenship claimed",
            "The country of citizenship.",
            "Country of Citizenship|Citizenship|Nationality|Citizenship Country",
        ),
        (
            "person.a_number",
            "A-number",
            "The letter A and 8 or 9 digits (A012345678).",
            "A-Number|A Number|Alien #|Alien Number|A #|A-File|Alien No|A File Number",
        ),
        (
            "person.fbi_number",
            "FBI number",
            "The FBI (UCN) number.",
            "FBI #|FBI Number|FBI|UCN|FBI No",
        ),
        (
            "person.state_id",
            "State id (SID)",
            "The state identification number.",
            "SID|State ID|CII|CII Number|State Identification Number|SID Number",
        ),
        (
            "person.preferred_language",
            "Preferred language",
            "The person's language.",
            "Preferred Language|Language|Primary Language|Spoken Language",
        ),
        (
            "booking.booking_number",
            "Booking number",
            "The jail's booking number; with the agency ORI it names the booking.",
            "Booking #|Booking Number|Booking No|Booking|Book "
            "Number|Booking ID|Book #|Jacket Number",
            True,
        ),
        (
            "booking.agency_ori",
            "Agency ORI",
            "The booking agency's ORI (CA0990000).",
            "ORI|Agency ORI|ORI Number|Booking Agency ORI",
            True,
        ),
        (
            "booking.facility",
            "Facility",
            "The jail the person is held in.",
            "Facility|Jail|Facility Name|Detention Facility|Housing "
            "Facility|Apprehension Landmark|Location",
            True,
        ),
        (
            "booking.arresting_agency",
            "Arresting agency",
            "Who made the arrest.",
            "Arresting Agency|Agency|Arrest Agency|Arresting Agency Name",
        ),
        (
            "booking.booked_at",
            "Booked at",
            _INSTANT,
            "Booking Date|Book Date|Booking Date/Time|Booking Datetime|Booking Time|"
            "Booked|Booked At|Book Date Time|Arrest Date|Arrest Date/Time",
            True,
        ),
        (
            "booking.release_eligible_at",
            "Release eligible at",
            _INSTANT,
            "Release Eligible|Release Eligible Date|Eligible Release Date|Release Eligibility Date",
        ),
        (
            "booking.released_at",
            "Released at",
            _INSTANT,
            "Release Date|Released|Release Date/Time|Released At|Release Datetime|Release Time",
        ),
        (
            "booking.release_disposition",
            "Release disposition",
            "Why the person left: Immigration / RELEASED TO ICE (released to ICE), Bail, OR, "
            "Time served, Cancel Detainer (released), Transfer… (transferred); "
            "kept as the release reason.",
            "Release Disposition|Release Reason|Release Type|"
            "Disposition of Release|Reason Released",
        ),
        (
            "booking.released_to",
            "Released to",
            "Who the person was released to.",
            "Released To|Release To",
        ),
        (
            "booking.custody_status",
            "Custody status",
            "In custody, Released, Transferred, Released to ICE (the words or the codes).",
            "Custody Status|Custody|Custody State",
        ),
        (
            "booking.notes",
            "Booking notes",
            "Kept as the booking's notes.",
            "Notes|Comments|Remarks|Booking Notes",
        ),
        (
            "charge.statute",
            "Statute",
            "The code section charged (PC 459).",
            "Statute|Charge Code|Code Section|Statute Code|Offense Code|Charge Statute",
        ),
        (
            "charge.description",
            "Charge description",
            "The charge in words. Hold rows (HOLD IMMIGRAT, 4200 ICE "
            "DETAINER) are kept as holds, not charges.",
            "Charge Description|Charge|Charge Desc|Offense|Offense "
            "Description|Charge Text|Description",
        ),
        (
            "charge.charge_class",
            "Charge class",
            "F/M/I/W or Felony, Misdemeanor, Infraction, Wobbler.",
            "Charge Class|Charge Level|Charge Type|Offense Level "
            "Class|Severity|Charge Degree|Class",
        ),
        (
            "charge.disposition",
            "Charge disposition",
            "What became of the charge.",
            "Disposition|Charge Disposition|Court Disposition",
        ),
        (
            "charge.disposition_date",
            "Disposition date",
            _DATE,
            "Disposition Date|Charge Disposition Date",
        ),
        ("charge.conviction_date", "Conviction date", _DATE, "Conviction Date|Date of Conviction"),
        (
            "charge.jurisdiction",
            "Charge jurisdiction",
            "Only used to recognise hold rows (jurisdiction IMM or ICE); not stored.",
            "Jurisdiction|Juris|Charge Jurisdiction|Court",
        ),
        (
            "match.response_type",
            "Match response",
            "IDENT match, IDENT match + IAR, No match, Error (or IDR, IAR, match, no match…).",
            "Response Type|IDENT Response|Match Result|Match Response|Response|Match",
        ),
        (
            "match.queried_at",
            "Queried at",
            _INSTANT,
            "Query Date|Queried At|Submission Date|Submitted|IAQ Date",
        ),
        ("match.responded_at", "Responded at", _INSTANT, "Response Date|Responded At|IAR Date"),
        (
            "match.offense_level_scheme",
            "Offense level scheme",
            "Secure Communities crime-type level or sentence-based threat level (code or words).",
            "Offense Level Scheme|Level Scheme",
        ),
        (
            "match.offense_level",
            "Offense level",
            "1, 2, 3 (Level 1, L1…); needs its scheme.",
            "Offense Level|Threat Level|SC Level|Crime Level",
        ),
        (
            "match.criminality_code",
            "ICE criminality",
            "1 Convicted criminal, 2 Pending criminal charges, 3 Other immigration violator.",
            "Criminality|Criminality Code|ICE Criminality|Criminality Type",
        ),
        (
            "match.program_era",
            "Program era",
            "Secure Communities, PEP…; when not given it follows from the query or booking date.",
            "Program Era|Program|Era",
        ),
        (
            "detainer.form",
            "Detainer form",
            "The form: I-247, I-247D, I-247N, I-247X, I-247A…",
            "Detainer Type|Detainer Form|Form|Detainer Form Type",
        ),
        (
            "detainer.received_at",
            "Detainer received at",
            _INSTANT,
            "Detainer Date|Detainer Received|Detainer Received Date|Detainer "
            "Lodged Date|Date Detainer Received|Detainer Lodged",
        ),
        (
            "detainer.ice_office",
            "ICE office",
            "The ICE office that sent the detainer.",
            "ICE Office|Field Office|ICE Field Office|Detainer Office",
        ),
        (
            "detainer.event_number",
            "ICE event number",
            "ICE's event number.",
            "Event Number|Event #|Event No|Event ID",
        ),
        (
            "detainer.ice_subject_id",
            "ICE subject id",
            "ICE's subject identifier.",
            "Subject ID|ICE Subject ID|Subject Identifier|Subject #",
        ),
    )
)

FIELD_KEYS: frozenset[str] = frozenset(f.key for f in FIELDS)
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

_WORDS = re.compile(r"[^\w#]+|_+")
_ABBREVIATIONS = {"#": "number", "no": "number", "nbr": "number", "num": "number", "nr": "number"}


def header_words(name: str) -> str:
    """A header reduced for comparison: ``Booking #``, ``BOOKING_NO``, ``booking number`` agree."""
    spaced = name.casefold().replace("#", " # ")
    words = [w for w in _WORDS.split(spaced) if w]
    return "".join(_ABBREVIATIONS.get(w, w) for w in words)


def label_of(key: str) -> str:
    """A field's label for messages (the key itself when it is not a field)."""
    field = BY_KEY.get(key)
    return field.label if field else key
