"""The values a letter is filled with, and whom it goes to by default, for the record it is about.

:func:`merge_values` builds, for one :class:`~models.letters.about.About`, a dict in exactly the
shape of :data:`models.letters.fields.CATALOGUE`: every letter has ``today``, ``letter`` and
``office``; a case adds the person, booking, charges, attorney and designee; a detainer adds
those of its case and the ``detainer`` group; a letter received adds ``request``; an opt-out
request ``optout``; a period ``period``. What a record lacks is left out (see
:mod:`models.letters.merge_records`). :func:`default_recipients` says whom a letter type's
``recipient`` kind means for that record.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from models.errors import FieldError, ValidationError
from models.letters.about import About
from models.letters.content import Recipient
from models.letters.fields import Record
from models.letters.language import LANGUAGES
from models.letters.merge_records import (
    Writer,
    case_row,
    case_values,
    detainer_row,
    detainer_values,
    full_name,
    letter_row,
    one_line,
    optout_row,
    optout_values,
    record,
    request_values,
)
from models.letters.office import OfficeSettings, address_lines, office_settings
from models.policies import policy_in_force
from models.settings import county_timezone
from models.store import reported

RECIPIENT_KINDS = ("person", "ice", "optout_addressee", "correspondent", "board")


@reported
def merge_values(
    db: Database,
    about: About,
    *,
    language: str,
    today: date,
    our_reference: str,
    their_reference: str = "",
) -> dict:
    """Every merge value of a letter in ``language`` about ``about``, written on ``today``.

    Args:
        db: the database.
        about: the record (or period) the letter is about.
        language: the letter's language code; dates and words are written in it.
        today: the letter's date (the county's day).
        our_reference: the letter's own reference.
        their_reference: the reference of the letter answered, if any.

    Returns:
        A dict of the catalogue's shape; its groups and list items are
        :class:`~models.letters.fields.Record` objects.

    Raises:
        NotFoundError: the record does not exist ("There is no detainer number 99.").
        ValidationError: on ``language``, a language letters cannot be printed in.
    """
    if language not in LANGUAGES:
        raise ValidationError(
            FieldError("language", f"Letters cannot be printed in the language “{language}”.")
        )
    w = Writer(language, county_timezone(db))
    if about.kind == "case":
        values = case_values(db, about.record_id, w)
    elif about.kind == "detainer":
        values = detainer_values(db, about.record_id, w)
    elif about.kind == "correspondence":
        values = request_values(db, about.record_id, w)
    elif about.kind == "optout":
        values = optout_values(db, about.record_id, w, today)
    else:
        values = {"period": record("period", start=w.day(about.start), end=w.day(about.end))}
    letter = record(
        "letter",
        our_reference=our_reference,
        their_reference=their_reference,
        language=language,
    )
    office = _office(db, office_settings(db, with_logo=False), today)
    return {"today": w.day(today), "letter": letter, "office": office, **values}


def _office(db: Database, s: OfficeSettings, today: date) -> Record:
    policy = policy_in_force(db, today)
    return record(
        "office",
        county=s.county_name,
        name=s.office_name,
        address=one_line(s.office_address),
        phone=s.office_phone,
        email=s.office_email,
        signer_name=s.signer_name,
        signer_title=s.signer_title,
        jail_name=s.jail_name,
        jail_address=one_line(s.jail_address),
        policy_name=policy.label,
        policy_code=policy.code,
        policy_source=policy.source,
    )


@reported
def default_recipients(db: Database, recipient_kind: str, about: About) -> tuple[Recipient, ...]:
    """Whom a letter about ``about`` goes to when the clerk does not choose.

    ``recipient_kind`` is a letter type's ``recipient``:

    - ``person``: the person, care of the jail, with their booking number; their attorney and
      designee, when recorded, as copies.
    - ``ice``: the detainer's ICE office: the ICE field office contact whose name or
      organisation is the office written on the detainer gives the address; without one, the
      office's name alone; with no office on the detainer (or for a period), the only ICE field
      office contact, if there is exactly one.
    - ``optout_addressee``: the contact an opt-out request is addressed to.
    - ``correspondent``: the other party of a letter (its sender if received); for a case, the
      person's attorney.
    - ``board``: the Board of Supervisors contact, if there is one.

    Returns:
        The recipients, the addressee first; empty when the record names nobody (the clerk
        then chooses).

    Raises:
        NotFoundError: the record does not exist.
        ValueError: an unknown recipient kind.
    """
    if recipient_kind not in RECIPIENT_KINDS:
        raise ValueError(f"unknown recipient kind {recipient_kind!r}")
    kind, rid = about.kind, about.record_id
    if recipient_kind == "person":
        booking_id = _booking_of(db, about)
        return _person(db, booking_id) if booking_id is not None else ()
    if recipient_kind == "ice":
        return _ice(db, detainer_row(db, rid)["ice_office"] if kind == "detainer" else None)
    if recipient_kind == "optout_addressee":
        if kind != "optout":
            return ()
        r = optout_row(db, rid)
        name, org = r["addressee_name"], r["addressee_organisation"]
        return _one(_contact(name, org, r["addressee_address"]))
    if recipient_kind == "correspondent":
        if kind == "correspondence":
            c = letter_row(db, rid)
            return _one(_contact(c["party_name"], c["party_organisation"], c["party_address"]))
        if kind == "case":
            r = case_row(db, rid)
            org, address = r["attorney_organisation"], r["attorney_address"]
            return _one(_contact(r["attorney_name"], org, address))
        return ()
    row = db.execute(
        "SELECT name, organisation, address FROM contacts WHERE kind = 'board_of_supervisors' "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    return _one(_contact(*row)) if row else ()


def _booking_of(db: Database, about: About) -> int | None:
    if about.kind == "case":
        return about.record_id
    if about.kind == "detainer":
        return detainer_row(db, about.record_id)["booking_id"]
    if about.kind == "correspondence":
        return letter_row(db, about.record_id)["booking_id"]
    return None


def _person(db: Database, booking_id: int) -> tuple[Recipient, ...]:
    r = case_row(db, booking_id)
    s = office_settings(db, with_logo=False)
    jail = s.jail_name or r["facility"]  # where the person is held, if the jail is not set
    lines = (f"Booking {r['booking_number']}", f"c/o {jail}", *address_lines(s.jail_address))
    person = Recipient(full_name(r["family_name"], r["given_names"]), lines)
    copies = [
        _contact(r["attorney_name"], r["attorney_organisation"], r["attorney_address"], "cc"),
        _contact(r["designee_name"], None, r["designee_address"], "cc"),
    ]
    return (person, *(c for c in copies if c))


def _ice(db: Database, ice_office: str | None) -> tuple[Recipient, ...]:
    office = (ice_office or "").strip()
    if office:
        row = db.execute(
            "SELECT name, organisation, address FROM contacts WHERE kind = 'ice_field_office' "
            "AND (lower(trim(name)) = lower(?) OR lower(trim(organisation)) = lower(?)) "
            "ORDER BY id LIMIT 1",
            [office, office],
        ).fetchone()
        return _one(_contact(*row)) if row else (Recipient(office),)
    rows = db.execute(
        "SELECT name, organisation, address FROM contacts WHERE kind = 'ice_field_office' "
        "ORDER BY id LIMIT 2"
    ).fetchall()
    return _one(_contact(*rows[0])) if len(rows) == 1 else ()


def _contact(
    name: str | None, organisation: str | None, address: str | None, role: str = "to"
) -> Recipient | None:
    """A contact as a recipient: name, then its organisation (if not the name), then address."""
    name = (name or "").strip()
    if not name:
        return None
    org = (organisation or "").strip()
    lines = ((org,) if org and org.lower() != name.lower() else ()) + address_lines(address)
    return Recipient(name, lines, role)


def _one(recipient: Recipient | None) -> tuple[Recipient, ...]:
    return (recipient,) if recipient else ()
