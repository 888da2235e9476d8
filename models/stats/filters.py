"""Check the facility and arresting agency a report, ``stats`` or an export is filtered by."""

from __future__ import annotations

from sqlite_utils import Database

from models.errors import FieldError, ValidationError
from models.stats.period import Filters
from models.store import reported

#: How many known agencies a refusal names (a county may book for dozens).
LISTED_AGENCIES = 12


@reported
def resolve_filters(db: Database, facility: str | None, agency_ori: str | None) -> Filters:
    """The filters typed, spelled as the record spells them (any case is accepted).

    Raises:
        ValidationError: on ``facility``, a facility not recorded (the known ones named); on
            ``agency_ori``, an arresting agency no booking names (some known ones named).
    """
    errors = []
    facility = (facility or "").strip() or None
    agency_ori = (agency_ori or "").strip() or None
    if facility is not None:
        known = [r[0] for r in db.execute("SELECT name FROM facilities ORDER BY name")]
        found = [f for f in known if f.casefold() == facility.casefold()]
        if found:
            facility = found[0]
        else:
            listed = "; ".join(known) or "none is recorded yet"
            errors.append(
                FieldError(
                    "facility", f"There is no facility called “{facility}” (known: {listed})."
                )
            )
    if agency_ori is not None:
        spelled = _agency_spelling(db, agency_ori)
        if spelled is None:
            errors.append(
                FieldError(
                    "agency_ori",
                    f"No booking has the arresting agency ORI “{agency_ori}” "
                    f"(known: {_known_agencies(db)}).",
                )
            )
        agency_ori = spelled
    if errors:
        raise ValidationError(errors)
    return Filters(facility=facility, agency_ori=agency_ori)


def _agency_spelling(db: Database, ori: str) -> str | None:
    # The exact spelling first: it uses the (agency, booking number) index.
    for spelling in dict.fromkeys((ori, ori.upper())):
        if db.execute("SELECT 1 FROM bookings WHERE agency_ori = ? LIMIT 1", [spelling]).fetchone():
            return spelling
    row = db.execute(
        "SELECT agency_ori FROM bookings WHERE agency_ori = ? COLLATE NOCASE LIMIT 1", [ori]
    ).fetchone()
    return row[0] if row else None


def _known_agencies(db: Database) -> str:
    known = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT agency_ori FROM bookings ORDER BY agency_ori LIMIT ?",
            [LISTED_AGENCIES + 1],
        )
    ]
    listed = "; ".join(known[:LISTED_AGENCIES]) or "no booking is recorded yet"
    return listed + ("; …" if len(known) > LISTED_AGENCIES else "")
