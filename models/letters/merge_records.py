"""The merge values of one record — a case, a detainer, a letter received, an opt-out request.

Each function reads its record in a few indexed queries (a 1,000-letter batch calls them a
thousand times) and returns the groups of :mod:`models.letters.fields` for it, as
:class:`~models.letters.fields.Record` objects: a value the record lacks is left out, never
``None`` or ``""``; lists are always there, perhaps empty. Dates are written the way the
letter's language writes them (:class:`Writer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.clocks import DueRule, due_by
from models.correspondence import DAY_SQL
from models.county_calendar import load_calendar
from models.errors import NotFoundError
from models.letters.fields import Record
from models.letters.language import format_letter_date
from models.letters.office import address_lines

CPRA_RULE = "cpra_determination"
#: Words for what ICE asks and for the county's decision, in the languages that have them. A
#: letter in another language gets no such words (a template uses the yes/no fields instead):
#: an English word under a Korean title is what the office must never print.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "hold": "hold",
        "notification": "notification",
        "transfer": "transfer",
        "honour": "Honoured",
        "decline": "Declined",
        "notify_only": "Notification only",
    },
    "es": {
        "hold": "retención",
        "notification": "notificación",
        "transfer": "traslado",
        "honour": "Aceptada",
        "decline": "Rechazada",
        "notify_only": "Solo notificación",
    },
}
#: The seeded warrant types in Spanish; English (and a type the office added) use its label.
WARRANT_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "none": "Ninguna orden adjunta",
        "i200": "Orden de arresto I-200 (administrativa)",
        "i205": "Orden de expulsión o deportación I-205 (administrativa)",
        "judicial_warrant": "Orden judicial",
        "judicial_pc": "Determinación judicial de causa probable",
    }
}
_TWELVE_HOUR = ("en", "tl")
#: The policy evaluators (:mod:`models.policy_rules`) advise the attorney: their first reason
#: names the policy and its source (a letter prints ``policy_name`` and ``policy_source``
#: itself), a "Pending:" note is about a charge not yet tried, and "The attorney should ..."
#: asks the attorney to check something. None of that belongs in a letter to ICE.
_ADVICE_LINES = ("Policy in force:", "Pending:")
_ADVICE_SENTENCE = re.compile(r"\s*The attorney should [^.]*\.")


def record(path: str, **values: object) -> Record:
    """A group at ``path`` holding the values given, text trimmed, absent ones left out."""
    kept = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if value is not None and value != "":
            kept[key] = value
    return Record(path, kept)


def one_line(address: str | None) -> str:
    """A postal address on one line: its lines joined with ", "."""
    return ", ".join(address_lines(address))


@dataclass(frozen=True)
class Writer:
    """Writes dates and times the way a letter in ``language`` does, in the county's zone."""

    language: str
    tz: ZoneInfo

    def day(self, value: date | str | None) -> str | None:
        """A calendar date (or its ISO text from the database), or None for none."""
        if not value:
            return None
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return format_letter_date(value, self.language)

    def local_day(self, instant: str | None) -> str | None:
        """The county's calendar day of a stored instant."""
        return self.day(self._local(instant).date()) if instant else None

    def moment(self, instant: str | None) -> str | None:
        """A stored instant as county date and time: ``November 25, 2026 at 2:00 PM``."""
        if not instant:
            return None
        local = self._local(instant)
        day = format_letter_date(local.date(), self.language)
        if self.language in _TWELVE_HOUR:
            noon = "AM" if local.hour < 12 else "PM"
            clock = f"{local.hour % 12 or 12}:{local.minute:02d} {noon}"
        else:
            clock = f"{local.hour:02d}:{local.minute:02d}"
        if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
            clock += f" {local.tzname()}"  # the autumn hour that happens twice: say which
        if self.language == "en":
            return f"{day} at {clock}"
        if self.language == "vi":
            return f"{clock} {day}"
        if self.language in ("zh", "ko"):
            return f"{day} {clock}"
        return f"{day}, {clock}"

    def _local(self, instant: str) -> datetime:
        value = datetime.fromisoformat(instant)  # stored in UTC, with its offset
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(self.tz)


# -- a case (one booking of one person) -----------------------------------------------------

_CASE_SQL = """
SELECT b.booking_number, b.agency_ori, b.facility, b.booked_at, b.release_eligible_at,
       b.released_at, p.family_name, p.given_names, p.a_number, p.date_of_birth,
       p.country_of_birth, p.preferred_language,
       a.name AS attorney_name, a.organisation AS attorney_organisation,
       a.address AS attorney_address, g.name AS designee_name, g.address AS designee_address
FROM bookings b JOIN persons p ON p.id = b.person_id
LEFT JOIN contacts a ON a.id = p.attorney_contact_id
LEFT JOIN contacts g ON g.id = p.designee_contact_id
WHERE b.id = ?
"""


def case_row(db: Database, booking_id: int) -> dict:
    """The booking, its person and their attorney's and designee's contacts, as one row.

    Raises:
        NotFoundError: there is no such case.
    """
    return one_row(db, _CASE_SQL, booking_id, "case number")


def one_row(db: Database, sql: str, record_id: int, what: str) -> dict:
    """The one row ``sql`` finds for ``record_id``, or NotFoundError "There is no {what} N."."""
    rows = list(db.query(sql, [record_id]))
    if not rows:
        raise NotFoundError(f"There is no {what} {record_id}.")
    return rows[0]


def full_name(family_name: str, given_names: str | None) -> str:
    """Given names then family name, as a letter addresses a person."""
    given = (given_names or "").strip()
    return f"{given} {family_name.strip()}" if given else family_name.strip()


def case_values(db: Database, booking_id: int, w: Writer) -> dict:
    """``person``, ``booking``, ``charges`` and (when recorded) ``attorney`` and ``designee``."""
    r = case_row(db, booking_id)
    values = {
        "person": record(
            "person",
            full_name=full_name(r["family_name"], r["given_names"]),
            family_name=r["family_name"],
            given_names=r["given_names"],
            a_number=r["a_number"],
            date_of_birth=w.day(r["date_of_birth"]),
            country_of_birth=r["country_of_birth"],
            preferred_language=r["preferred_language"],
        ),
        "booking": record(
            "booking",
            number=r["booking_number"],
            agency=r["agency_ori"],
            facility=r["facility"],
            booked_on=w.local_day(r["booked_at"]),
            release_eligible_on=w.local_day(r["release_eligible_at"]),
            released_on=w.local_day(r["released_at"]),
        ),
        "charges": [
            record("charges[]", statute=statute, description=description, disposition=disposition)
            for statute, description, disposition in db.execute(
                "SELECT statute, description, disposition FROM charges WHERE booking_id = ? "
                "ORDER BY seq, id",
                [booking_id],
            )
        ],
    }
    if r["attorney_name"]:
        values["attorney"] = record(
            "attorney",
            name=r["attorney_name"],
            organisation=r["attorney_organisation"],
            address=one_line(r["attorney_address"]),
        )
    if r["designee_name"]:
        values["designee"] = record(
            "designee", name=r["designee_name"], address=one_line(r["designee_address"])
        )
    return values


# -- a detainer -----------------------------------------------------------------------------

_DETAINER_SQL = """
SELECT d.*, f.short_label, f.label AS form_label, f.edition AS form_edition,
       w.label AS warrant_label, w.is_judicial, p.label AS policy_label, p.source AS policy_source
FROM detainers d JOIN detainer_forms f ON f.code = d.form_code
JOIN warrant_types w ON w.code = d.warrant_type
LEFT JOIN county_policies p ON p.code = d.policy_code
WHERE d.id = ?
"""


def detainer_row(db: Database, detainer_id: int) -> dict:
    """The detainer with its form's, warrant's and policy's names.

    Raises:
        NotFoundError: there is no such detainer.
    """
    return one_row(db, _DETAINER_SQL, detainer_id, "detainer number")


def form_text(short_label: str, edition: str | None) -> str:
    """``I-247A (02/17)``: the form's number and its edition, when one is known.

    The number is the form's short name without the app's own note in brackets ("I-247
    (pre-2012)" is the I-247), so an edition is never written twice.
    """
    number = short_label.split(" (", 1)[0].strip()
    edition = (edition or "").strip()
    return f"{number} ({edition})" if edition else number


def detainer_values(db: Database, detainer_id: int, w: Writer) -> dict:
    """The detainer's case groups and its ``detainer`` group."""
    d = detainer_row(db, detainer_id)
    words = WORDS.get(w.language)
    asked = [k for k in ("hold", "notification", "transfer") if d[f"requests_{k}"]]
    warrant = WARRANT_WORDS.get(w.language, {}).get(d["warrant_type"], d["warrant_label"])
    reasons = letter_reasons(d["recommendation_reasons"])
    group = record(
        "detainer",
        form=form_text(d["short_label"], d["edition"] or d["form_edition"]),
        form_label=d["form_label"],
        # No form date is recorded apart from its arrival; the catalogue says so.
        issued_on=w.local_day(d["received_at"]),
        received_on=w.local_day(d["received_at"]),
        ice_office=d["ice_office"],
        ice_officer=d["ice_officer"],
        ice_subject_id=d["ice_subject_id"],
        event_number=d["event_number"],
        requests=[words[k] for k in asked] if words else None,
        requests_hold=bool(d["requests_hold"]),
        requests_notification=bool(d["requests_notification"]),
        requests_transfer=bool(d["requests_transfer"]),
        warrant=warrant if words else None,
        has_judicial_warrant=bool(d["is_judicial"]),
        decision=words[d["decision"]] if words and d["decision"] else None,
        decision_code=d["decision"],
        decision_reason=d["decision_reason"],
        decided_on=w.local_day(d["decided_at"]),
        hold_expires_at=w.moment(d["hold_expires_at"]),
        policy_name=d["policy_label"],
        policy_source=d["policy_source"],
        reasons=reasons,
    )
    return {**case_values(db, d["booking_id"], w), "detainer": group}


def letter_reasons(recommendation_reasons: str | None) -> list[str]:
    """The policy's reasons a letter may state: its advice to the attorney left out."""
    kept = []
    for line in (recommendation_reasons or "").splitlines():
        line = _ADVICE_SENTENCE.sub("", line.strip()).strip()
        if line and not line.startswith(_ADVICE_LINES):
            kept.append(line)
    return kept


# -- a letter received (a public-records request, or a letter being answered) ----------------

_PARTY = "CASE WHEN c.direction = 'in' THEN c.from_contact_id ELSE c.to_contact_id END"


def letter_row(db: Database, letter_id: int) -> dict:
    """The letter with its other party's contact (the sender of what came in).

    Raises:
        NotFoundError: there is no such letter.
    """
    sql = (
        "SELECT c.*, k.name AS party_name, k.organisation AS party_organisation, "
        f"k.address AS party_address FROM correspondence c "
        f"LEFT JOIN contacts k ON k.id = {_PARTY} WHERE c.id = ?"
    )
    return one_row(db, sql, letter_id, "letter number")


def request_values(db: Database, letter_id: int, w: Writer) -> dict:
    """The ``request`` group, with the public-records due dates counted from its receipt."""
    c = letter_row(db, letter_id)
    values = dict(
        subject=c["subject"],
        received_on=w.day(c["received_date"]),
        sent_on=w.day(c["sent_date"]),
        summary=c["summary"],
    )
    if c["party_name"]:
        values["requester"] = record(
            "request.requester",
            name=c["party_name"],
            organisation=c["party_organisation"],
            address=one_line(c["party_address"]),
        )
    if c["received_date"] and (rule := _due_rule(db, CPRA_RULE)):
        received, calendar = date.fromisoformat(c["received_date"]), load_calendar(db)
        values["determination_due"] = w.day(due_by(rule, received, w.tz, calendar).due_date)
        if rule.extension_days:
            extended = due_by(rule, received, w.tz, calendar, extended=True).due_date
            values["extended_due"] = w.day(extended)
    return {"request": record("request", **values)}


def _due_rule(db: Database, code: str) -> DueRule | None:
    row = db.execute(
        "SELECT code, label, kind, days, extension_days, roll_forward, source FROM due_rules "
        "WHERE code = ?",
        [code],
    ).fetchone()
    return DueRule(*row[:5], bool(row[5]), row[6]) if row else None


# -- an opt-out request ---------------------------------------------------------------------

_OPTOUT_SQL = """
SELECT r.jurisdiction, r.resolution_number, r.resolution_date, r.resolution_vote, r.summary,
       k.label AS kind, s.label AS status,
       a.name AS addressee_name, a.organisation AS addressee_organisation,
       a.address AS addressee_address
FROM optout_requests r
LEFT JOIN optout_request_kinds k ON k.code = r.request_kind
LEFT JOIN optout_statuses s ON s.code = r.status
LEFT JOIN contacts a ON a.id = r.addressed_to_id
WHERE r.id = ?
"""


def optout_row(db: Database, optout_id: int) -> dict:
    """The opt-out request with its kind's and status's labels and its addressee's contact.

    Raises:
        NotFoundError: there is no such request.
    """
    return one_row(db, _OPTOUT_SQL, optout_id, "opt-out request number")


def optout_values(db: Database, optout_id: int, w: Writer, today: date) -> dict:
    """The ``optout`` group: the request, its letters oldest first, its answers, its silence."""
    r = optout_row(db, optout_id)
    day = DAY_SQL.format(t="c.")
    letters = db.execute(
        f"SELECT c.direction, {day} AS day, c.subject, k.name FROM correspondence c "
        f"LEFT JOIN contacts k ON k.id = {_PARTY} WHERE c.optout_id = ? ORDER BY day, c.id",
        [optout_id],
    ).fetchall()
    earlier, answers = [], []
    for direction, on, subject, party in letters:
        item = dict(date=w.day(on), party=party, subject=subject)
        way = "received" if direction == "in" else "sent"
        earlier.append(record("optout.earlier_letters[]", direction=way, **item))
        if direction == "in":
            answers.append(record("optout.answers[]", **item))
    sent = [i for i, letter in enumerate(letters) if letter[0] == "out"]
    waiting = None
    if sent and not any(letter[0] == "in" for letter in letters[sent[-1] + 1 :]):
        days = (today - date.fromisoformat(letters[sent[-1]][1])).days
        waiting = str(days) if days >= 0 else None  # a letter dated after the letter's own day
    values = dict(
        jurisdiction=r["jurisdiction"],
        kind=r["kind"],
        resolution_number=r["resolution_number"],
        resolution_date=w.day(r["resolution_date"]),
        resolution_vote=r["resolution_vote"],
        status=r["status"],
        summary=r["summary"],
        first_sent_on=w.day(letters[sent[0]][1]) if sent else None,
        days_without_answer=waiting,
        earlier_letters=earlier,
        answers=answers,
    )
    if r["addressee_name"]:
        values["addressee"] = record(
            "optout.addressee",
            name=r["addressee_name"],
            organisation=r["addressee_organisation"],
            address=one_line(r["addressee_address"]),
        )
    return {"optout": record("optout", **values)}
