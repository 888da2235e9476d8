"""The letter editor's fields, and the mapping between a Letter and the form's plain values.

``letter_to_values`` fills the forms; ``values_to_letter`` reads them back, turning every date
that is not a date and every number that is not a number into a :class:`FieldError` for its
field. Parties are typed by name (and kind): they come back as names, for whoever saves the
letter to find or add the contacts, because the dialog holds no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.contacts import Contact
from models.errors import FieldError
from models.records import Direction, Letter
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.forms import FieldSpec

DATES = ("sent_date", "received_date", "reply_due_date")
NUMBERS = {
    "booking_id": "case number",
    "detainer_id": "detainer number",
    "in_reply_to_id": "letter number",
}
PARTIES = ("from", "to")
#: Where the models' field names show in this form (a party is typed, not picked by id).
FIELD_ALIASES = {"from_contact_id": "from_name", "to_contact_id": "to_name"}
DIRECTION_CHOICES = [
    (Direction.IN.value, "In — received by the office"),
    (Direction.OUT.value, "Out — sent by the office"),
]
NO_RULE = "No rule: type the date"


@dataclass(frozen=True)
class LetterChoices:
    """The lists the editor offers, read once by whoever opens it.

    Attributes:
        methods: ``(code, label)`` of every way a letter travels.
        due_rules: ``(code, label)`` of every rule a reply can be due under.
        contact_kinds: ``(code, label)`` of every kind of party.
        contacts: Known parties, suggested as the clerk types a name.
        optouts: ``(id, label)`` of the opt-out requests a letter can be about.
    """

    methods: Sequence[tuple[str, str]] = ()
    due_rules: Sequence[tuple[str, str]] = ()
    contact_kinds: Sequence[tuple[str, str]] = ()
    contacts: Sequence[Contact] = ()
    optouts: Sequence[tuple[int, str]] = ()

    def contact(self, contact_id: int | None) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def contacts_named(self, name: str) -> list[Contact]:
        key = name.strip().casefold()
        return [c for c in self.contacts if c.name.casefold() == key] if key else []


def _date_check(text: str) -> str | None:
    try:
        parse_date(text)
    except DateParseError as exc:
        return str(exc)
    return None


def _number_check(noun: str):
    def check(text: str) -> str | None:
        return _number(text, noun)[1]

    return check


def _number(text: str, noun: str) -> tuple[int | None, str | None]:
    text = (text or "").strip().lstrip("#").strip()
    if not text:
        return None, None
    # A record number is a positive 64-bit integer (SQLite's); anything longer is a typing slip.
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 2**63:
        return None, f"“{text}” is not a {noun}; type the number only, such as 12."
    return int(text), None


def letter_specs(choices: LetterChoices) -> list[FieldSpec]:
    """The fields of the letter itself: how it travelled, when, between whom, what it says."""
    kinds = [(None, "")] + list(choices.contact_kinds)
    names = [(c.name, c.name) for c in choices.contacts]
    return [
        FieldSpec("direction", "Direction", "choice", DIRECTION_CHOICES, required=True),
        FieldSpec("method", "Method", "choice", [(None, "")] + list(choices.methods), True),
        FieldSpec("sent_date", "Sent on", placeholder=DATE_HINT, check=_date_check),
        FieldSpec("received_date", "Received on", placeholder=DATE_HINT, check=_date_check),
        FieldSpec("from_name", "From", "editable", names),
        FieldSpec("from_kind", "From is a", "choice", kinds),
        FieldSpec("to_name", "To", "editable", names),
        FieldSpec("to_kind", "To is a", "choice", kinds),
        FieldSpec("subject", "Subject", required=True),
        FieldSpec("summary", "Summary", "multiline"),
        FieldSpec("notes", "Notes", "multiline"),
    ]


def link_specs(choices: LetterChoices) -> list[FieldSpec]:
    """What the letter is about, and what it answers."""
    optouts = [(None, "")] + [(str(i), label) for i, label in choices.optouts]
    return [
        FieldSpec(
            "booking_id",
            "Case number",
            placeholder="e.g. 12",
            check=_number_check(NUMBERS["booking_id"]),
        ),
        FieldSpec(
            "detainer_id",
            "Detainer number",
            placeholder="e.g. 7",
            check=_number_check(NUMBERS["detainer_id"]),
        ),
        FieldSpec("optout_id", "Opt-out request", "choice", optouts),
        FieldSpec(
            "in_reply_to_id",
            "In reply to letter",
            placeholder="letter number",
            check=_number_check(NUMBERS["in_reply_to_id"]),
        ),
    ]


def reply_specs(choices: LetterChoices) -> list[FieldSpec]:
    """When an answer to this letter is due: a rule, or a date typed by hand."""
    rules = [(None, NO_RULE)] + list(choices.due_rules)
    return [
        FieldSpec("reply_rule", "Reply due under", "choice", rules),
        FieldSpec("is_reply_extended", "Extension granted", "check"),
        FieldSpec("reply_due_date", "Reply due on", placeholder=DATE_HINT, check=_date_check),
    ]


def letter_to_values(letter: Letter, choices: LetterChoices) -> dict:
    """The form values that show ``letter``."""
    values = {
        "direction": letter.direction.value,
        "method": letter.method or None,
        "subject": letter.subject or "",
        "summary": letter.summary or "",
        "notes": letter.notes or "",
        "optout_id": str(letter.optout_id) if letter.optout_id is not None else None,
        "reply_rule": letter.reply_rule,
        "is_reply_extended": letter.is_reply_extended,
    }
    for key in DATES:
        values[key] = format_date(getattr(letter, key))
    for key in NUMBERS:
        number = getattr(letter, key)
        values[key] = str(number) if number is not None else ""
    for side in PARTIES:
        contact = choices.contact(getattr(letter, f"{side}_contact_id"))
        values[f"{side}_name"] = contact.name if contact else ""
        values[f"{side}_kind"] = contact.kind if contact else None
    return values


def party_names(values: Mapping) -> dict:
    """The parties as typed: ``from_name``, ``from_kind``, ``to_name``, ``to_kind``."""
    names = {}
    for side in PARTIES:
        names[f"{side}_name"] = (values.get(f"{side}_name") or "").strip()
        names[f"{side}_kind"] = values.get(f"{side}_kind") or None
    return names


def values_to_letter(base: Letter, values: Mapping) -> tuple[Letter | None, list[FieldError]]:
    """Read the forms back onto ``base``; what cannot be read becomes field errors.

    The parties are not set here (they are names until saved): see :func:`party_names`.
    """
    errors: list[FieldError] = []
    dates, numbers = {}, {}
    for key in DATES:
        try:
            dates[key] = parse_date(values.get(key, ""))
        except DateParseError as exc:
            errors.append(FieldError(key, str(exc)))
    for key, noun in NUMBERS.items():
        numbers[key], problem = _number(values.get(key, ""), noun)
        if problem:
            errors.append(FieldError(key, problem))
    names = party_names(values)
    for side in PARTIES:
        if names[f"{side}_name"] and not names[f"{side}_kind"]:
            errors.append(
                FieldError(f"{side}_kind", f"Say what kind of party “{names[side + '_name']}” is.")
            )
    if not values.get("method"):
        errors.append(FieldError("method", "Say how the letter travelled (mail, fax, email…)."))
    if errors:
        return None, errors

    def text(key: str) -> str | None:
        return (values.get(key) or "").strip() or None

    rule = values.get("reply_rule") or None
    optout = values.get("optout_id")
    letter = base.replace(
        direction=Direction(values["direction"]),
        method=values["method"],
        subject=(values.get("subject") or "").strip(),
        summary=text("summary"),
        notes=text("notes"),
        optout_id=int(optout) if optout else None,
        reply_rule=rule,
        is_reply_extended=bool(values.get("is_reply_extended")) and rule is not None,
        **dates,
        **numbers,
    )
    return letter, []
