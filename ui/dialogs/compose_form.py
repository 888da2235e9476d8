"""The compose dialog's form as data: what it is opened with, its fields, and the recipients.

Kept apart from :mod:`ui.dialogs.compose_dialog` for length. The form reads recipients as an
addressee (name and address lines) and copies (a table row each, the address lines of a copy
separated by ``;`` in its one cell), and turns them into :class:`Recipient` records and back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from models.letters.about import About
from models.letters.compose import LetterRequest
from models.letters.content import Recipient
from models.letters.language import LANGUAGES
from models.letters.templates import LetterType
from ui.forms import FieldSpec

SAVE_FOLDER_SETTING = "letters/save_folder"
#: Where a model's field problem shows in the form.
FIELD_KEYS = {
    "template_code": "letter_type",
    "code": "letter_type",
    "language": "language",
    "recipients": "addressee_name",
    "their_reference": "their_reference",
    "enclosures": "enclosures",
}
#: Separates the lines of a copy's address in its one table cell.
ADDRESS_SEPARATOR = ";"

#: Makes the draft PDF for a request (``preview_letter`` bound to a database).
Preview = Callable[[LetterRequest], bytes]
#: The usual recipients of a letter type (by code) about the dialog's record.
Recipients = Callable[[str], Sequence[Recipient]]


@dataclass(frozen=True)
class ComposeSetup:
    """What the dialog is opened with.

    Attributes:
        about: The record the letter is about.
        about_label: How the clerk knows that record ("Detainer 12 — María Núñez, booking …").
        letter_types: The types written about that kind of record, in the library's order.
        start: A request to start from (a correction of an issued letter), or None.
        language: The language to start in when the type offers it (the person's), or None.
        supersedes: The id and reference of the issued letter this one corrects, or None.
    """

    about: About
    about_label: str
    letter_types: tuple[LetterType, ...]
    start: LetterRequest | None = None
    language: str | None = None
    supersedes: tuple[int, str] | None = None


def language_name(code: str) -> str:
    """``Spanish — Español`` (a language's English name, and its own when it differs)."""
    lang = LANGUAGES.get(code)
    if lang is None:
        return code
    return lang.name if lang.native_name == lang.name else f"{lang.name} — {lang.native_name}"


def compose_specs(types: Sequence[LetterType]) -> list[FieldSpec]:
    return [
        FieldSpec("letter_type", "Letter", "choice", choices=[(t.code, t.label) for t in types]),
        FieldSpec("language", "Language", "choice"),
        FieldSpec("addressee_name", "Addressee", placeholder="Name of the person or office"),
        FieldSpec("addressee_address", "Address", "multiline", placeholder="One line a line"),
        FieldSpec("their_reference", "Their reference", placeholder="Their file or case number"),
        FieldSpec("enclosures", "Enclosures", "multiline", placeholder="One enclosure a line"),
    ]


def recipients_to_form(recipients: Sequence[Recipient]) -> tuple[str, str, list[dict]]:
    """The addressee's name and address text, and a copies row each (the first "to" addresses)."""
    to = next((r for r in recipients if r.role == "to"), None)
    sep = f"{ADDRESS_SEPARATOR} "
    rows = [
        {"name": r.name, "address": sep.join(r.address_lines)} for r in recipients if r is not to
    ]
    return (to.name if to else ""), "\n".join(to.address_lines if to else ()), rows


def form_to_recipients(values: Mapping, rows: Sequence[Mapping]) -> tuple[Recipient, ...]:
    """The addressee typed, then each copy with a name (blank rows are left out)."""
    recipients = [
        Recipient(
            values["addressee_name"].strip(), lines(values["addressee_address"].splitlines()), "to"
        )
    ]
    for row in rows:
        if row["name"].strip():
            address = lines(row["address"].split(ADDRESS_SEPARATOR))
            recipients.append(Recipient(row["name"].strip(), address, "cc"))
    return tuple(recipients)


def lines(parts: Sequence[str]) -> tuple[str, ...]:
    """The parts that say something, stripped."""
    return tuple(part.strip() for part in parts if part.strip())
