"""Rules a case must satisfy before it is saved, with messages tied to the offending field.

Field names are dotted paths (``person.a_number``, ``booking.released_at``,
``charges[0].description``) so a form can put each message beside the right input.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date, datetime, timedelta
from enum import StrEnum

from models.errors import FieldError, ValidationError
from models.records import Case, CustodyStatus, Vocabularies
from models.timeutil import format_date

_A_NUMBER = re.compile(r"^A?([0-9]{8,9})$")
_ORI = re.compile(r"^[A-Z]{2}[A-Z0-9]{7}$")
EARLIEST_BIRTH = date(1900, 1, 1)


def normalise_a_number(text: str | None) -> str | None:
    """Return an A-number as ``A`` plus nine digits, or None for empty input.

    Accepts the forms clerks type (``A12345678``, ``a-123 456 789``, ``012-345-678``). An
    eight-digit number is the same number as its nine-digit form with a leading zero.

    Raises:
        ValueError: the text is not an A-number; the message says what one looks like.
    """
    if text is None:
        return None
    compact = re.sub(r"[\s\-.]", "", text).upper()
    if not compact:
        return None
    m = _A_NUMBER.match(compact)
    if not m:
        raise ValueError(
            f"“{text.strip()}” is not an A-number: it is the letter A and 8 or 9 digits, "
            "for example A012345678"
        )
    return "A" + m.group(1).zfill(9)


def sort_name_for(family_name: str, given_names: str | None) -> str:
    """A case- and accent-insensitive key so Núñez sorts with Nunez and O'Neil with Oneil."""
    text = f"{family_name} {given_names or ''}".strip()
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch) and ch not in "'’")


def known_spelling(name: str, known: tuple[str, ...]) -> str:
    """A facility typed in other capitals or spacing is the one already on file."""
    key = " ".join(name.split()).casefold()
    return next((k for k in known if " ".join(k.split()).casefold() == key), name)


def clean_case(case: Case, vocab: Vocabularies, now: datetime) -> Case:
    """Normalise what can be normalised and check everything else.

    Returns:
        The case with its A-number normalised and text fields trimmed.

    Raises:
        ValidationError: every problem found, not just the first.
    """
    errors: list[FieldError] = []
    person = _trim(case.person)
    booking = _trim(case.booking)
    try:
        person = dataclasses.replace(person, a_number=normalise_a_number(person.a_number))
    except ValueError as exc:
        errors.append(FieldError("person.a_number", str(exc)))
    aliases = tuple(a.strip() for a in person.aliases if a.strip())
    person = dataclasses.replace(person, aliases=tuple(dict.fromkeys(aliases)))
    if booking.agency_ori:
        booking = dataclasses.replace(booking, agency_ori=booking.agency_ori.upper())
    if booking.facility:
        booking = dataclasses.replace(
            booking, facility=known_spelling(booking.facility, vocab.facilities)
        )
    errors += _person_errors(person, now.date())
    errors += _booking_errors(booking, now)
    charges = tuple(_trim(c) for c in case.charges)
    matches = tuple(_trim(m) for m in case.matches)
    errors += _charge_errors(charges, vocab, now.date())
    errors += _match_errors(matches, vocab)
    if errors:
        raise ValidationError(errors)
    return Case(person=person, booking=booking, charges=charges, matches=matches)


def _trim(record):
    """Strip surrounding blanks from text fields and turn empty text into None."""
    changes = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and not isinstance(value, StrEnum):
            stripped = value.strip()
            changes[f.name] = stripped if stripped else (None if f.default is None else "")
    return dataclasses.replace(record, **changes)


def _person_errors(person, today: date) -> list[FieldError]:
    errors = []
    if not person.family_name:
        errors.append(FieldError("person.family_name", "Family name is required"))
    dob = person.date_of_birth
    if dob and dob > today:
        errors.append(
            FieldError("person.date_of_birth", f"Date of birth {format_date(dob)} is in the future")
        )
    elif dob and dob < EARLIEST_BIRTH:
        errors.append(
            FieldError("person.date_of_birth", f"Date of birth {format_date(dob)} is before 1900")
        )
    return errors


def _booking_errors(booking, now: datetime) -> list[FieldError]:
    errors = []
    for name, label in (
        ("booking_number", "Booking number"),
        ("agency_ori", "Agency ORI"),
        ("facility", "Facility"),
    ):
        if not getattr(booking, name):
            errors.append(FieldError(f"booking.{name}", f"{label} is required"))
    if booking.agency_ori and not _ORI.match(booking.agency_ori):
        errors.append(
            FieldError(
                "booking.agency_ori",
                f"“{booking.agency_ori}” is not an ORI: two letters for the state and seven "
                "letters or digits, for example CA0990000",
            )
        )
    booked = booking.booked_at
    if booked is None:
        errors.append(FieldError("booking.booked_at", "Booked at is required"))
        return errors
    if booked > now + timedelta(hours=1):
        errors.append(FieldError("booking.booked_at", "Booked at is in the future"))
    for name, label in (
        ("release_eligible_at", "Release eligible at"),
        ("released_at", "Released at"),
    ):
        value = getattr(booking, name)
        if value and value < booked:
            errors.append(FieldError(f"booking.{name}", f"{label} is before the booking time"))
    if booking.released_at and booking.released_at > now + timedelta(hours=1):
        errors.append(FieldError("booking.released_at", "Released at is in the future"))
    if booking.released_at and booking.custody_status == CustodyStatus.IN_CUSTODY:
        errors.append(
            FieldError(
                "booking.custody_status",
                "A release time is recorded, so custody status cannot be “In custody”",
            )
        )
    return errors


def _charge_errors(charges, vocab: Vocabularies, today: date) -> list[FieldError]:
    errors = []
    classes = {c.code for c in vocab.charge_classes}
    for i, charge in enumerate(charges):
        where = f"charges[{i}]"
        if not charge.description:
            errors.append(
                FieldError(f"{where}.description", f"Charge {i + 1}: a description is required")
            )
        if charge.charge_class and charge.charge_class not in classes:
            errors.append(
                FieldError(
                    f"{where}.charge_class",
                    f"Charge {i + 1}: unknown class “{charge.charge_class}”",
                )
            )
        for name, label in (
            ("disposition_date", "disposition date"),
            ("conviction_date", "conviction date"),
        ):
            value = getattr(charge, name)
            if value and value > today:
                errors.append(
                    FieldError(f"{where}.{name}", f"Charge {i + 1}: the {label} is in the future")
                )
    return errors


def _match_errors(matches, vocab: Vocabularies) -> list[FieldError]:
    errors = []
    eras = {e.code for e in vocab.program_eras}
    responses = {r.code for r in vocab.response_types}
    levels = {(lv.scheme, lv.level) for lv in vocab.offense_levels}
    codes = {c.code for c in vocab.criminality_codes}
    for i, match in enumerate(matches):
        where, n = f"matches[{i}]", i + 1
        if match.program_era not in eras:
            errors.append(FieldError(f"{where}.program_era", f"Match {n}: choose a program era"))
        if match.response_type not in responses:
            errors.append(
                FieldError(f"{where}.response_type", f"Match {n}: choose a response type")
            )
        if (match.offense_level is None) != (match.offense_level_scheme is None):
            errors.append(
                FieldError(
                    f"{where}.offense_level",
                    f"Match {n}: an offense level needs its scheme (levels of different schemes "
                    "mean different things)",
                )
            )
        elif match.offense_level and (
            (match.offense_level_scheme, match.offense_level) not in levels
        ):
            errors.append(
                FieldError(
                    f"{where}.offense_level", f"Match {n}: that level does not exist in that scheme"
                )
            )
        if match.criminality_code and match.criminality_code not in codes:
            errors.append(
                FieldError(f"{where}.criminality_code", f"Match {n}: unknown ICE criminality code")
            )
        if match.queried_at and match.responded_at and match.responded_at < match.queried_at:
            errors.append(
                FieldError(f"{where}.responded_at", f"Match {n}: the response is before the query")
            )
    return errors
