"""The documented merge fields a template may use, with an example value of each.

This list is the contract between the template texts, the template checks and the code that
fills a letter from a record (:mod:`models.letters.merge_values`): a template may only name a
field listed here, and the values for a record are built in exactly this shape. Values are
text, already written for the letter's language (dates as the language writes them), except
lists (``charges``, ``detainer.requests`` ...), whose items are listed with ``[]``, and the
yes/no fields, which are booleans for ``{% if %}``.

A value the record does not have is left out, never ``None``: printing a field that is left out
stops the letter with a message naming the field; ``{% if attorney %}`` tests for it.
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


class Record(dict):
    """A group of merge values that knows its own path (``booking``), for error messages."""

    def __init__(self, path: str, values: dict | None = None) -> None:
        super().__init__(values or {})
        self.path = path


_ANY = ("any",)
_PERSON = ("case", "detainer")
_DETAINER = ("detainer",)
_OPTOUT = ("optout",)
_REQUEST = ("correspondence",)

CATALOGUE: tuple[MergeField, ...] = (
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
    # The detainer.
    MergeField(
        "detainer.form", "Form", "The form's number and edition.", _DETAINER, "I-247A (3/17)"
    ),
    MergeField(
        "detainer.form_label",
        "Form name",
        "The form's name.",
        _DETAINER,
        "Immigration Detainer – Notice of Action",
    ),
    MergeField(
        "detainer.issued_on",
        "Form date",
        "The date ICE issued the form (the day it was received when no other is recorded).",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.received_on",
        "Received on",
        "The day the county received it.",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.ice_office",
        "ICE office",
        "The ICE office that sent it.",
        _DETAINER,
        "San Francisco Field Office",
    ),
    MergeField(
        "detainer.ice_officer", "ICE officer", "The issuing officer.", _DETAINER, "SDDO J. Smith"
    ),
    MergeField(
        "detainer.ice_subject_id",
        "ICE subject ID",
        "ICE's subject identifier.",
        _DETAINER,
        "339912345",
    ),
    MergeField(
        "detainer.event_number", "Event number", "ICE's event number.", _DETAINER, "SFR2611000123"
    ),
    MergeField(
        "detainer.requests",
        "What ICE asks",
        'Each thing the form asks, as words: "hold", "notification", "transfer".',
        _DETAINER,
        ["hold", "notification"],
    ),
    MergeField(
        "detainer.requests_hold",
        "Asks for a hold",
        "Yes if the form asks the county to hold the person.",
        _DETAINER,
        True,
    ),
    MergeField(
        "detainer.requests_notification",
        "Asks for notification",
        "Yes if the form asks to be told of the release date.",
        _DETAINER,
        True,
    ),
    MergeField(
        "detainer.requests_transfer",
        "Asks for transfer",
        "Yes if the form asks for transfer into ICE custody.",
        _DETAINER,
        False,
    ),
    MergeField(
        "detainer.warrant", "Warrant", "The warrant attached, as words.", _DETAINER, "No warrant"
    ),
    MergeField(
        "detainer.has_judicial_warrant",
        "Judicial warrant",
        "Yes if a warrant signed by a judge came with it.",
        _DETAINER,
        False,
    ),
    MergeField(
        "detainer.decision", "Decision", "The county's decision, as words.", _DETAINER, "Declined"
    ),
    MergeField(
        "detainer.decision_code",
        "Decision code",
        "honour, decline or notify_only, for {% if %}.",
        _DETAINER,
        "decline",
    ),
    MergeField(
        "detainer.decision_reason",
        "Decision reason",
        "Why, as recorded.",
        _DETAINER,
        "No judicial warrant; no qualifying conviction.",
    ),
    MergeField(
        "detainer.decided_on",
        "Decided on",
        "The day of the decision.",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.hold_expires_at",
        "Hold expires",
        "When a hold would end under the rule that applies, in county time.",
        _DETAINER,
        "November 25, 2026 at 2:00 PM",
    ),
    MergeField(
        "detainer.policy_name",
        "Policy applied",
        "The county policy the decision was made under.",
        _DETAINER,
        "California Values Act (SB 54)",
    ),
    MergeField(
        "detainer.policy_source",
        "Policy source",
        "Where that policy is written.",
        _DETAINER,
        "Cal. Gov. Code §§ 7284–7284.12",
    ),
    MergeField(
        "detainer.reasons",
        "Policy reasons",
        "The reasons the policy gives, one per item.",
        _DETAINER,
        ["The request is not accompanied by a judicial warrant."],
    ),
    # Opt-out requests.
    MergeField(
        "optout.jurisdiction",
        "Jurisdiction",
        "Who asks to opt out.",
        _OPTOUT,
        "County of Santa Clara",
    ),
    MergeField("optout.kind", "Kind of request", "As words.", _OPTOUT, "Opt-out request"),
    MergeField(
        "optout.resolution_number",
        "Resolution",
        "The Board's resolution number.",
        _OPTOUT,
        "BOS-2010-316",
    ),
    MergeField(
        "optout.resolution_date",
        "Resolution date",
        "The day the Board adopted it.",
        _OPTOUT,
        "June 22, 2010",
    ),
    MergeField("optout.resolution_vote", "Vote", "The Board's vote.", _OPTOUT, "5–0"),
    MergeField("optout.status", "Status", "Where the request stands, as words.", _OPTOUT, "Sent"),
    MergeField(
        "optout.summary",
        "Summary",
        "What the county asks.",
        _OPTOUT,
        "The county asks to be removed from Secure Communities.",
    ),
    MergeField(
        "optout.first_sent_on",
        "First sent on",
        "The day the first letter went out.",
        _OPTOUT,
        "June 24, 2010",
    ),
    MergeField(
        "optout.days_without_answer",
        "Days without an answer",
        "Days since the last letter sent with no answer received, as digits.",
        _OPTOUT,
        "63",
    ),
    MergeField(
        "optout.addressee.name",
        "Addressee",
        "Who the request is addressed to.",
        _OPTOUT,
        "David Venturella",
    ),
    MergeField(
        "optout.addressee.organisation",
        "Addressee's office",
        "Their organisation.",
        _OPTOUT,
        "Secure Communities, ICE",
    ),
    MergeField(
        "optout.addressee.address",
        "Addressee's address",
        "On one line.",
        _OPTOUT,
        "500 12th St SW, Washington, DC 20536",
    ),
    MergeField(
        "optout.earlier_letters",
        "Earlier letters",
        "Every letter of the request so far, oldest first; each has the fields below.",
        _OPTOUT,
        [],
    ),
    MergeField(
        "optout.earlier_letters[].date", "Letter date", "Its date.", _OPTOUT, "June 24, 2010"
    ),
    MergeField(
        "optout.earlier_letters[].direction",
        "Sent or received",
        '"sent" or "received".',
        _OPTOUT,
        "sent",
    ),
    MergeField(
        "optout.earlier_letters[].party",
        "Other party",
        "Who it went to or came from.",
        _OPTOUT,
        "David Venturella",
    ),
    MergeField(
        "optout.earlier_letters[].subject",
        "Letter subject",
        "Its subject.",
        _OPTOUT,
        "Request to opt out of Secure Communities",
    ),
    MergeField(
        "optout.answers",
        "Answers",
        "The letters received in answer, oldest first; each has the fields of an earlier letter.",
        _OPTOUT,
        [],
    ),
    MergeField("optout.answers[].date", "Answer date", "Its date.", _OPTOUT, "August 20, 2010"),
    MergeField(
        "optout.answers[].party", "Answered by", "Who answered.", _OPTOUT, "David Venturella"
    ),
    MergeField(
        "optout.answers[].subject",
        "Answer subject",
        "Its subject.",
        _OPTOUT,
        "Secure Communities deployment",
    ),
    # A letter received (a public-records request, or a letter being answered).
    MergeField(
        "request.subject",
        "Request",
        "The subject of the letter or request answered.",
        _REQUEST,
        "Records of ICE detainers, 2026",
    ),
    MergeField(
        "request.received_on",
        "Request received on",
        "The day it was received.",
        _REQUEST,
        "November 16, 2026",
    ),
    MergeField(
        "request.sent_on",
        "Request dated",
        "The day it was sent, when known.",
        _REQUEST,
        "November 15, 2026",
    ),
    MergeField(
        "request.summary",
        "Request summary",
        "What it asks, as recorded.",
        _REQUEST,
        "All detainers received in 2026, with the county's decisions.",
    ),
    MergeField("request.requester.name", "Requester", "Who sent it.", _REQUEST, "Lee O'Brien"),
    MergeField(
        "request.requester.organisation",
        "Requester's organisation",
        "When recorded.",
        _REQUEST,
        "Bay Area News",
    ),
    MergeField(
        "request.requester.address",
        "Requester's address",
        "On one line.",
        _REQUEST,
        "1 Market St, San Francisco, CA 94105",
    ),
    MergeField(
        "request.determination_due",
        "Determination due",
        "Ten days after receipt "
        "(rolled off weekends and holidays): when the office must say whether it has "
        "records.",
        _REQUEST,
        "November 26, 2026",
    ),
    MergeField(
        "request.extended_due",
        "Extended due date",
        "The determination date with the fourteen-day extension.",
        _REQUEST,
        "December 10, 2026",
    ),
    # A report period.
    MergeField(
        "period.start",
        "Period from",
        "The first day of the period.",
        ("period",),
        "October 1, 2026",
    ),
    MergeField(
        "period.end", "Period to", "The last day of the period.", ("period",), "October 31, 2026"
    ),
)

FIELDS: dict[str, MergeField] = {f.path: f for f in CATALOGUE}


def field_label(path: str) -> str:
    """The label of a field path (``charges[].statute`` or ``charges.statute``), or the path."""
    found = FIELDS.get(path) or FIELDS.get(_listed(path))
    return found.label if found else path


def is_known(path: str) -> bool:
    """Whether ``path`` (or a prefix group of it, such as ``person``) is a documented field."""
    path = _listed(path)
    return path in FIELDS or any(p.startswith(path + ".") for p in FIELDS)


def sample_context() -> dict:
    """Every field filled with its example: what template checks render against.

    Lists get two items each so a template's loops are exercised.
    """
    context: dict = {}
    for f in CATALOGUE:
        if "[]" in f.path:
            continue
        parts = f.path.split(".")
        group = context
        for i, part in enumerate(parts[:-1]):
            group = group.setdefault(part, Record(".".join(parts[: i + 1])))
        value = f.example
        if isinstance(value, list) and not value:
            value = [_sample_item(f.path, n) for n in (1, 2)]
        group[parts[-1]] = value
    return context


def _sample_item(list_path: str, n: int) -> Record:
    prefix = list_path + "[]."
    item = Record(list_path + "[]")
    for f in CATALOGUE:
        if f.path.startswith(prefix):
            item[f.path[len(prefix) :]] = f.example if n == 1 else f"{f.example} ({n})"
    return item


def _listed(path: str) -> str:
    """``charges.statute`` -> ``charges[].statute`` when ``charges`` is a list field."""
    parts = path.split(".")
    for i in range(1, len(parts)):
        head = ".".join(parts[:i])
        if head + "[]." + parts[i] in FIELDS or any(
            p.startswith(head + "[].") for p in FIELDS if i == len(parts) - 1
        ):
            rest = ".".join(parts[i:])
            return f"{head}[].{rest}"
    return path
