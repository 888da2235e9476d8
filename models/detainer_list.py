"""The Detainers list across cases: filters, the matching ids, and the rows of one page.

Like the case list, the table model holds only ids (cheap even for every detainer a large county
has received) and asks for the rows it shows a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.records import Decision, DetainerRow, DetainerStatus, display_name
from models.store import reported
from models.timeutil import from_db_instant, to_db_instant


@dataclass(frozen=True)
class DetainerQuery:
    """What the Detainers list is filtered by; every field optional."""

    status: DetainerStatus | None = None
    form_code: str | None = None
    ice_office: str | None = None
    received_from: date | None = None  # inclusive, county dates
    received_to: date | None = None  # inclusive
    booking_id: int | None = None


def _where(q: DetainerQuery, tz: ZoneInfo) -> tuple[str, list]:
    clauses, params = [], []
    if q.status is not None:
        clauses.append("d.status = ?")
        params.append(str(q.status))
    if q.form_code:
        clauses.append("d.form_code = ?")
        params.append(q.form_code)
    if q.ice_office:
        clauses.append("d.ice_office = ?")
        params.append(q.ice_office)
    if q.booking_id is not None:
        clauses.append("d.booking_id = ?")
        params.append(q.booking_id)
    if q.received_from is not None:
        clauses.append("d.received_at >= ?")
        params.append(_day_start(q.received_from, tz))
    if q.received_to is not None:
        clauses.append("d.received_at < ?")
        params.append(_day_start(q.received_to + timedelta(days=1), tz))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _day_start(day: date, tz: ZoneInfo) -> str:
    return to_db_instant(datetime.combine(day, time(0), tzinfo=tz))


@reported
def detainer_ids(db: Database, q: DetainerQuery, tz: ZoneInfo) -> list[int]:
    """Ids of the detainers matching ``q``, newest received first."""
    where, params = _where(q, tz)
    sql = f"SELECT d.id FROM detainers d{where} ORDER BY d.received_at DESC, d.id DESC"
    return [r[0] for r in db.execute(sql, params)]


@reported
def detainer_rows(db: Database, ids: list[int]) -> list[DetainerRow]:
    """The list rows of ``ids``, in the order given (ids no longer there are left out)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT d.id, d.booking_id, p.family_name, p.given_names, b.booking_number,
                   d.form_code, d.received_at, d.status, d.ice_office, d.decision,
                   d.hold_expires_at
            FROM detainers d JOIN bookings b ON b.id = d.booking_id
            JOIN persons p ON p.id = b.person_id WHERE d.id IN ({marks})""",
        ids,
    ).fetchall()
    by_id = {
        r[0]: DetainerRow(
            id=r[0],
            booking_id=r[1],
            person_name=display_name(r[2], r[3]),
            booking_number=r[4],
            form_code=r[5],
            received_at=from_db_instant(r[6]),
            status=DetainerStatus(r[7]),
            ice_office=r[8],
            decision=Decision(r[9]) if r[9] else None,
            hold_expires_at=from_db_instant(r[10]),
        )
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


@reported
def ice_offices(db: Database) -> list[str]:
    """The ICE offices detainers have come from, for the list's filter."""
    rows = db.execute(
        "SELECT DISTINCT ice_office FROM detainers WHERE ice_office IS NOT NULL "
        "AND ice_office <> '' ORDER BY ice_office"
    )
    return [r[0] for r in rows]
