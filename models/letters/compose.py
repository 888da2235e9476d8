"""Compose a letter: a template and a record make the :class:`LetterContent` the layout prints.

Pure apart from reading the database: nothing is written. The same function makes a preview, a
draft, and the approved copy of a draft (from the template version and merge values stored with
it, so an approved letter says exactly what the draft said). The office's parts of a letter —
the letterhead and the signer — are read once per run and shared when many letters are composed
(:class:`Shared`), so a batch does not read the same settings a thousand times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from models.errors import FieldError, ValidationError
from models.letters import office
from models.letters.about import PERIOD, RECORD_KINDS, About
from models.letters.blocks import parse_blocks
from models.letters.content import LetterContent, Letterhead, Recipient
from models.letters.language import LANGUAGES, format_letter_date
from models.letters.merge_values import default_recipients, merge_values
from models.letters.templates import LetterType, Template, active_template, letter_type
from models.letters.templating import render_text

#: The letter types that are forms to fill in and sign, not letters from the office.
FORM_CODES = frozenset({"truth_interview_consent"})
#: How a clerk names each kind of subject in a sentence ("a detainer", "an opt-out request").
_NOUNS = {**{k: v.lower() for k, v in RECORD_KINDS.items()}, PERIOD: "report period"}


@dataclass(frozen=True)
class LetterRequest:
    """What a clerk asks for: which letter, in which language, about what, to whom.

    ``recipients`` None means the letter type's usual recipients for the record.
    """

    template_code: str
    language: str
    about: About
    recipients: tuple[Recipient, ...] | None = None
    their_reference: str = ""
    enclosures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shared:
    """What every letter of one type and language has in common, read once."""

    letter_type: LetterType
    template: Template
    letterhead: Letterhead
    signer_name: str
    signer_title: str

    @classmethod
    def load(
        cls, db: Database, code: str, language: str, template: Template | None = None
    ) -> Shared:
        """Check the type and language and read the template and the office's settings.

        Raises:
            NotFoundError: an unknown letter type, or no active template in ``language``.
            ValidationError: an unknown language, or the letterhead is not set up.
        """
        kind = letter_type(db, code)
        if language not in LANGUAGES:
            known = ", ".join(f"{c} ({lang.name})" for c, lang in LANGUAGES.items())
            raise ValidationError(
                FieldError("language", f"“{language}” is not a language letters are printed in; "
                           f"use one of {known}.")
            )  # fmt: skip
        template = template or active_template(db, code, language)
        settings = office.office_settings(db, with_logo=False)
        return cls(
            kind,
            template,
            office.letterhead(db),
            settings.signer_name or "",
            settings.signer_title or "",
        )


def compose(
    db: Database,
    request: LetterRequest,
    *,
    today: date,
    our_reference: str,
    draft: bool = True,
    template: Template | None = None,
    values: Mapping | None = None,
    shared: Shared | None = None,
) -> tuple[LetterContent, dict]:
    """What one letter says, from its template and the record it is about.

    Args:
        db: the database (only read).
        request: the letter asked for.
        today: the letter's date (the county's today).
        our_reference: the letter's reference, printed on it.
        draft: whether it carries the DRAFT watermark.
        template: the template version to use (a stored document's); default the active one.
        values: the merge values to use (a stored document's); default read from the record.
        shared: the type, template and office parts already read (a batch reads them once).

    Returns:
        The letter's content and the merge values it was filled from.

    Raises:
        ValidationError: the letter type is not written about this kind of record, the
            language is unknown, the letter has no addressee, or the letterhead is not set up.
        NotFoundError: an unknown letter type or record, or no active template in the language.
        MissingFieldError: the template prints a field the record does not have.
    """
    if shared is None:
        shared = Shared.load(db, request.template_code, request.language, template)
    kind = shared.letter_type
    check_about(kind, request.about)
    template = template or shared.template
    if values is None:
        values = merge_values(
            db,
            request.about,
            language=request.language,
            today=today,
            our_reference=our_reference,
            their_reference=request.their_reference,
        )
    title, body = render_text(template.title, template.body, values)
    recipients = request.recipients
    if recipients is None:
        recipients = default_recipients(db, kind.recipient, request.about)
    recipients = tuple(recipients)
    if not any(r.role == "to" and r.name.strip() for r in recipients):
        raise ValidationError(
            FieldError(
                "recipients",
                f"The {_lower(kind.label)} about {request.about.label.lower()} has nobody to "
                "go to: the record names no addressee. Record one, or type the addressee in.",
            )
        )
    content = LetterContent(
        language=request.language,
        title=title.strip(),
        letterhead=shared.letterhead,
        date_text=format_letter_date(today, request.language),
        our_reference=our_reference,
        recipients=recipients,
        blocks=parse_blocks(body),
        signer_name=shared.signer_name,
        signer_title=shared.signer_title,
        their_reference=request.their_reference.strip(),
        enclosures=tuple(e.strip() for e in request.enclosures if e.strip()),
        draft=draft,
        is_form=kind.code in FORM_CODES,
        meta={
            "template_id": template.id,
            "template_code": template.code,
            "template_version": template.version,
            "about": request.about.to_text(),
        },
    )
    return content, dict(values)


def check_about(kind: LetterType, about: About) -> None:
    """Refuse a letter about a kind of record its type is not written about.

    Raises:
        ValidationError: on ``for``, naming the kinds it is written about.
    """
    if about.kind in kind.about_kinds:
        return
    allowed = " or ".join(_with_article(_NOUNS[k]) for k in kind.about_kinds)
    raise ValidationError(
        FieldError(
            "for",
            f"A {_lower(kind.label)} is not written about {_with_article(_NOUNS[about.kind])}; "
            f"it is written about {allowed}.",
        )
    )


def _lower(label: str) -> str:
    """A label inside a sentence: first letter small unless it starts an acronym (TRUTH)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
