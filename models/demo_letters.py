"""Letters for the demo's cases: detainers that came by fax, declinations, and open requests.

So the Correspondence area is alive when a newcomer opens the demo: every detainer of the last
few days is logged as the fax it came as, every declined detainer has its declination letter
to ICE, one fictional public-records request is overdue and one letter awaits an attorney's
answer. All fictional, filed through the same verbs as a clerk's entry.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.attachments import FileToAttach
from models.correspondence import create_letter, resolve_party
from models.records import Direction, Letter, Staff

ICE_FIELD_OFFICE = "ICE ERO San Francisco Field Office"
OFFICE = "Office of the County Counsel (demo)"
REQUESTER = "Valley Immigrant Legal Aid (fictional)"
DEFENDER = "A. Okafor, Deputy Public Defender (fictional)"
NOTE = "Fictional demo record."


def add_case_letters(db: Database, actor: Staff, tz: ZoneInfo, now: datetime) -> int:
    """Add the demo's case letters; return how many."""
    today = now.astimezone(tz).date()
    ice = resolve_party(db, actor, ICE_FIELD_OFFICE, "ice_field_office")
    office = resolve_party(db, actor, OFFICE, "county_office")
    count = 0
    for det_id, booking_id, received_at, form, status, decided_at in db.execute(
        "SELECT d.id, d.booking_id, d.received_at, f.short_label, d.status, d.decided_at "
        "FROM detainers d JOIN detainer_forms f ON f.code = d.form_code ORDER BY d.id"
    ).fetchall():
        received = datetime.fromisoformat(received_at).astimezone(tz).date()
        recent = received >= today - timedelta(days=10)
        if recent:  # the request itself, as the fax it came as
            fax = FileToAttach(
                f"{form} booking {booking_id} (fictional).pdf",
                "application/pdf",
                f"%PDF-1.4 fictional {form} for demo detainer {det_id}\n".encode(),
            )
            _letter(
                db, actor, tz, today, Direction.IN, "fax", f"{form} received for case {booking_id}",
                received, ice, office, booking_id, det_id, files=(fax,),
            )  # fmt: skip
            count += 1
        if status == "declined" and decided_at:
            day = datetime.fromisoformat(decided_at).astimezone(tz).date()
            _letter(
                db, actor, tz, today, Direction.OUT, "fax",
                f"Declination of the {form} for case {booking_id}", day, office, ice,
                booking_id, det_id,
            )  # fmt: skip
            count += 1
    requester = resolve_party(db, actor, REQUESTER, "other")
    _letter(
        db, actor, tz, today, Direction.IN, "email",
        "Public records request: detainer statistics for the last year",
        today - timedelta(days=14), requester, office, None, None, rule="cpra_determination",
    )  # fmt: skip
    defender = resolve_party(db, actor, DEFENDER, "attorney")
    latest = db.execute("SELECT max(booking_id) FROM detainers").fetchone()[0]
    _letter(
        db, actor, tz, today, Direction.OUT, "email",
        f"Release-date notice sent to the person's attorney (case {latest})",
        today - timedelta(days=2), office, defender, latest, None, rule="reply_30_days",
    )  # fmt: skip
    return count + 2


def _letter(
    db, actor, tz, today: date, direction, method, subject, day: date, sender, to,
    booking_id, detainer_id, *, files=(), rule=None,
) -> Letter:  # fmt: skip
    letter = Letter(
        id=None,
        direction=direction,
        method=method,
        subject=subject,
        sent_date=day,
        received_date=day if direction is Direction.IN else None,
        from_contact_id=sender,
        to_contact_id=to,
        booking_id=booking_id,
        detainer_id=detainer_id,
        reply_rule=rule,
        notes=NOTE,
    )
    return create_letter(db, letter, actor, tz, files=files, today=today)
