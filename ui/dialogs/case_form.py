"""The case editor's fields, and the mapping between a Case and the form's plain values.

Kept apart from the dialog's widgets so the mapping can be read (and tested) on its own:
``case_to_values`` fills the forms; ``values_to_case`` reads them back, turning every text that
is not a date, a time or an A-number into a :class:`FieldError` for the field it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from models.errors import FieldError
from models.records import (
    CUSTODY_LABELS,
    SEX_LABELS,
    Booking,
    Case,
    Charge,
    CustodyStatus,
    FingerprintMatch,
    Person,
    Sex,
    Vocabularies,
)
from models.timeutil import (
    DATE_HINT,
    DATETIME_HINT,
    DateParseError,
    format_date,
    format_local,
    parse_date,
    parse_local_datetime,
)
from models.validation import normalise_a_number
from ui.forms import ColumnSpec, FieldSpec

BOOKING_TIMES = ("booked_at", "release_eligible_at", "released_at")
CHARGE_DATES = ("disposition_date", "conviction_date")
MATCH_TIMES = ("queried_at", "responded_at")
LEVEL_SEPARATOR = "|"


@dataclass(frozen=True)
class CaseDraft:
    """What the editor hands back to be saved: the case, and contacts typed by name."""

    case: Case
    attorney: str
    designee: str
    person_edited: bool = True


def _blank_first(items) -> list[tuple[str | None, str]]:
    """A lookup list as choices, led by an empty one: nothing is chosen until the clerk does."""
    return [(None, "")] + [(item.code, item.label) for item in items]


def _check(parse, *errors):
    """A field check: the message of the error ``parse`` raises for the text, or None."""

    def check(text: str) -> str | None:
        try:
            parse(text)
        except errors as exc:
            return str(exc)
        return None

    return check


_date_check = _check(parse_date, DateParseError)
_a_number_check = _check(normalise_a_number, ValueError)


def _time_check(tz: ZoneInfo):
    return _check(lambda text: parse_local_datetime(text, tz), DateParseError)


def person_specs() -> list[FieldSpec]:
    sexes = [(None, "")] + [(code.value, label) for code, label in SEX_LABELS.items()]
    return [
        FieldSpec("family_name", "Family name", required=True),
        FieldSpec("given_names", "Given names"),
        FieldSpec("aliases", "Aliases", kind="multiline", placeholder="One alias per line"),
        FieldSpec("date_of_birth", "Date of birth", placeholder=DATE_HINT, check=_date_check),
        FieldSpec("sex", "Sex", kind="choice", choices=sexes),
        FieldSpec("country_of_birth", "Country of birth"),
        FieldSpec("citizenship_claimed", "Claimed citizenship"),
        FieldSpec("is_us_citizenship_claimed", "Claims US citizenship", kind="check"),
        FieldSpec("a_number", "A-number", placeholder="A012345678", check=_a_number_check),
        FieldSpec("fbi_number", "FBI number"),
        FieldSpec("state_id", "State ID (SID)"),
        FieldSpec("preferred_language", "Preferred language"),
        FieldSpec("is_interpreter_needed", "Interpreter needed", kind="check"),
        FieldSpec("attorney", "Attorney", placeholder="Name (added to contacts if new)"),
        FieldSpec("designee", "Designee", placeholder="Name (added to contacts if new)"),
        FieldSpec("notes", "Notes", kind="multiline"),
    ]


def booking_specs(tz: ZoneInfo) -> list[FieldSpec]:
    time_check = _time_check(tz)

    statuses = [(s.value, CUSTODY_LABELS[s]) for s in CustodyStatus]
    hint = f"{DATETIME_HINT} ({tz.key})"
    return [
        FieldSpec("booking_number", "Booking number", required=True),
        FieldSpec("agency_ori", "Agency ORI", required=True, placeholder="CA0990000"),
        FieldSpec("facility", "Facility", kind="editable", required=True),
        FieldSpec("arresting_agency", "Arresting agency"),
        FieldSpec("booked_at", "Booked at", required=True, placeholder=hint, check=time_check),
        FieldSpec("release_eligible_at", "Release eligible at", placeholder=hint, check=time_check),
        FieldSpec("released_at", "Released at", placeholder=hint, check=time_check),
        FieldSpec("release_reason", "Release reason"),
        FieldSpec("released_to", "Released to"),
        FieldSpec("custody_status", "Custody status", kind="choice", choices=statuses),
        FieldSpec("notes", "Notes", kind="multiline"),
    ]


def charge_columns(vocab: Vocabularies) -> list[ColumnSpec]:
    classes = _blank_first(vocab.charge_classes)
    return [
        ColumnSpec("statute", "Statute", width=100),
        ColumnSpec("description", "Description *", width=220),
        ColumnSpec("charge_class", "Class", choices=classes, width=110),
        ColumnSpec("disposition", "Disposition", width=110),
        ColumnSpec("disposition_date", "Disposition date", width=120),
        ColumnSpec("conviction_date", "Conviction date", width=120),
        ColumnSpec("sentence", "Sentence", width=140),
    ]


def match_specs(vocab: Vocabularies, tz: ZoneInfo) -> list[FieldSpec]:
    """One fingerprint match's fields; the offense level is chosen together with its scheme."""
    schemes = {s.code: s.label for s in vocab.offense_level_schemes}
    levels = [(None, "")] + [
        (
            f"{lv.scheme}{LEVEL_SEPARATOR}{lv.level}",
            f"{schemes.get(lv.scheme, lv.scheme)}: {lv.label}",
        )
        for lv in vocab.offense_levels
    ]
    hint = f"{DATETIME_HINT} ({tz.key})"
    return [
        FieldSpec(
            "program_era",
            "Program era",
            kind="choice",
            required=True,
            choices=_blank_first(vocab.program_eras),
        ),
        FieldSpec(
            "response_type",
            "Response",
            kind="choice",
            required=True,
            choices=_blank_first(vocab.response_types),
        ),
        FieldSpec("queried_at", "Queried at", placeholder=hint, check=_time_check(tz)),
        FieldSpec("responded_at", "Responded at", placeholder=hint, check=_time_check(tz)),
        FieldSpec("level", "Offense level (with its scheme)", kind="choice", choices=levels),
        FieldSpec(
            "criminality_code",
            "ICE criminality code",
            kind="choice",
            choices=_blank_first(vocab.criminality_codes),
        ),
        FieldSpec("ice_response", "ICE response"),
        FieldSpec("notes", "Notes", kind="multiline"),
    ]


def person_to_values(p: Person, attorney: str = "", designee: str = "") -> dict:
    """The Person tab's values for ``p``."""
    person = {f.name: getattr(p, f.name) for f in dataclasses.fields(p)}
    person.update(
        aliases="\n".join(p.aliases),
        date_of_birth=format_date(p.date_of_birth),
        sex=p.sex.value if p.sex else None,
        attorney=attorney,
        designee=designee,
    )
    return person


def case_to_values(
    case: Case, tz: ZoneInfo, attorney: str = "", designee: str = ""
) -> tuple[dict, dict, list[dict], list[dict]]:
    """The form values for ``case``: person, booking, charge rows and match rows."""
    b = case.booking
    person = person_to_values(case.person, attorney, designee)
    booking = {f.name: getattr(b, f.name) for f in dataclasses.fields(b)}
    booking.update({name: format_local(getattr(b, name), tz) for name in BOOKING_TIMES})
    booking["custody_status"] = b.custody_status.value
    charges = []
    for c in case.charges:
        row = dataclasses.asdict(c)
        row.update({name: format_date(getattr(c, name)) for name in CHARGE_DATES})
        charges.append(row)
    matches = []
    for m in case.matches:
        row = dataclasses.asdict(m)
        row.update({name: format_local(getattr(m, name), tz) for name in MATCH_TIMES})
        row["level"] = (
            f"{m.offense_level_scheme}{LEVEL_SEPARATOR}{m.offense_level}"
            if m.offense_level
            else None
        )
        matches.append(row)
    return person, booking, charges, matches


def kept_instant(old: datetime | None, text: str, tz: ZoneInfo, read) -> datetime | None:
    """The stored instant when its text was left as shown, else what the text now says.

    The form shows minutes; reading an untouched field back must not drop the seconds of an
    imported time or move anything, so an unchanged text keeps the stored value exactly.
    """
    if old is not None and text.strip() == format_local(old, tz):
        return old
    return read(text)


def is_blank_row(row: dict) -> bool:
    """A charge or match row the clerk added but never filled in: not a record."""
    return row.get("id") is None and not any(v for k, v in row.items() if k != "id")


def values_to_case(
    base: Case | None,
    person: dict,
    booking: dict,
    charges: list[dict],
    matches: list[dict],
    tz: ZoneInfo,
    known_person: Person | None = None,
) -> tuple[CaseDraft, list[FieldError]]:
    """Read the forms back into a draft, with a FieldError for each text that does not parse.

    A field that does not parse is None in the draft, so the draft can still be checked
    against the rules and every mistake shown at once; it must not be saved while errors exist.

    ``base`` is the case being edited; for a new booking of a person already on file,
    ``known_person`` is that person (so the save updates them instead of adding a duplicate).
    """
    errors: list[FieldError] = []

    def read(path: str, parse, text: str):
        try:
            return parse(text)
        except (DateParseError, ValueError) as exc:
            errors.append(FieldError(path, str(exc)))
            return None

    def local(text):
        return parse_local_datetime(text, tz)

    old_person = base.person if base else known_person
    new_person = Person(
        id=old_person.id if old_person else None,
        row_version=old_person.row_version if old_person else 0,
        family_name=person["family_name"],
        given_names=person["given_names"],
        aliases=tuple(line for line in person["aliases"].splitlines()),
        date_of_birth=read("person.date_of_birth", parse_date, person["date_of_birth"]),
        sex=Sex(person["sex"]) if person["sex"] else None,
        country_of_birth=person["country_of_birth"],
        citizenship_claimed=person["citizenship_claimed"],
        is_us_citizenship_claimed=person["is_us_citizenship_claimed"],
        a_number=person["a_number"],
        fbi_number=person["fbi_number"],
        state_id=person["state_id"],
        preferred_language=person["preferred_language"],
        is_interpreter_needed=person["is_interpreter_needed"],
        notes=person["notes"],
    )
    old_booking = base.booking if base else None
    times = {
        name: kept_instant(
            getattr(old_booking, name, None),
            booking[name],
            tz,
            lambda text, name=name: read(f"booking.{name}", local, text),
        )
        for name in BOOKING_TIMES
    }
    new_booking = Booking(
        id=old_booking.id if old_booking else None,
        row_version=old_booking.row_version if old_booking else 0,
        booking_number=booking["booking_number"],
        agency_ori=booking["agency_ori"],
        facility=booking["facility"],
        arresting_agency=booking["arresting_agency"],
        release_reason=booking["release_reason"],
        released_to=booking["released_to"],
        custody_status=CustodyStatus(booking["custody_status"]),
        notes=booking["notes"],
        **times,
    )
    new_charges = []
    for i, row in enumerate(charges):
        dates = {name: read(f"charges[{i}].{name}", parse_date, row[name]) for name in CHARGE_DATES}
        new_charges.append(
            Charge(
                id=row["id"],
                statute=row["statute"],
                description=row["description"],
                charge_class=row["charge_class"],
                disposition=row["disposition"],
                sentence=row["sentence"],
                **dates,
            )
        )
    new_matches = []
    old_matches = {m.id: m for m in base.matches} if base else {}
    for i, row in enumerate(matches):
        old_match = old_matches.get(row["id"])
        stamps = {
            name: kept_instant(
                getattr(old_match, name, None),
                row[name],
                tz,
                lambda text, name=name, i=i: read(f"matches[{i}].{name}", local, text),
            )
            for name in MATCH_TIMES
        }
        scheme, _, level = (row["level"] or "").partition(LEVEL_SEPARATOR)
        new_matches.append(
            FingerprintMatch(
                id=row["id"],
                program_era=row["program_era"] or "",
                response_type=row["response_type"] or "",
                offense_level_scheme=scheme or None,
                offense_level=level or None,
                criminality_code=row["criminality_code"],
                ice_response=row["ice_response"],
                notes=row["notes"],
                **stamps,
            )
        )
    case = Case(
        person=new_person,
        booking=new_booking,
        charges=tuple(new_charges),
        matches=tuple(new_matches),
    )
    return CaseDraft(case, attorney=person["attorney"], designee=person["designee"]), errors
