"""The Correspondence list: filters, the matching ids, the rows of one page, awaiting counts.

Like the case and detainer lists, a table model holds only ids and asks for the rows it shows.
A letter is *awaiting a reply* when it has a reply due date and no letter answers it yet; it is
*overdue* when it is awaiting and its due day has ended (due today is not overdue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from models.correspondence import DAY_SQL
from models.records import Direction, LetterRow
from models.store import reported
from models.timeutil import from_db_date, to_db_date

_DAY = DAY_SQL.format(t="c.")
_ANSWERED = "EXISTS (SELECT 1 FROM correspondence r WHERE r.in_reply_to_id = c.id)"
_AWAITING = f"(c.reply_due_date IS NOT NULL AND NOT {_ANSWERED})"


@dataclass(frozen=True)
class LetterQuery:
    """What the Correspondence list is filtered by; every field optional."""

    awaiting_reply: bool = False
    overdue: bool = False
    contact_id: int | None = None  # from or to
    method: str | None = None
    direction: Direction | None = None
    date_from: date | None = None  # inclusive, the letter's day
    date_to: date | None = None  # inclusive
    booking_id: int | None = None
    detainer_id: int | None = None
    optout_id: int | None = None
    search: str = ""  # in subject and summary, ignoring case


def _fold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _where(db: Database, q: LetterQuery, today: date) -> tuple[str, list]:
    clauses, params = [], []
    if q.awaiting_reply or q.overdue:
        clauses.append(_AWAITING)
    if q.overdue:
        clauses.append("c.reply_due_date < ?")
        params.append(to_db_date(today))
    if q.contact_id is not None:
        clauses.append("(c.from_contact_id = ? OR c.to_contact_id = ?)")
        params += [q.contact_id, q.contact_id]
    for column in ("method", "booking_id", "detainer_id", "optout_id"):
        value = getattr(q, column)
        if value is not None and value != "":
            clauses.append(f"c.{column} = ?")
            params.append(value)
    if q.direction is not None:
        clauses.append("c.direction = ?")
        params.append(str(Direction(q.direction)))
    if q.date_from is not None:
        clauses.append(f"{_DAY} >= ?")
        params.append(to_db_date(q.date_from))
    if q.date_to is not None:
        clauses.append(f"{_DAY} <= ?")
        params.append(to_db_date(q.date_to))
    if needle := q.search.strip():
        # SQLite's LIKE and lower() fold ASCII only; Python's casefold also finds "Núñez"
        # when "NÚÑEZ" is typed.
        db.conn.create_function("desk_fold", 1, _fold, deterministic=True)
        clauses.append("(instr(desk_fold(c.subject), ?) > 0 OR instr(desk_fold(c.summary), ?) > 0)")
        params += [needle.casefold()] * 2
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@reported
def letter_ids(db: Database, q: LetterQuery, today: date) -> list[int]:
    """Ids of the letters matching ``q``, newest day first (then newest logged first).

    Args:
        db: the database.
        q: the filters.
        today: the county's today, which decides what is overdue.
    """
    where, params = _where(db, q, today)
    sql = f"SELECT c.id FROM correspondence c{where} ORDER BY {_DAY} DESC, c.id DESC"
    return [r[0] for r in db.execute(sql, params)]


@reported
def letter_rows(db: Database, ids: list[int]) -> list[LetterRow]:
    """The list rows of ``ids``, in the order given (ids no longer there are left out)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT c.id, c.direction, c.method, {_DAY}, coalesce(f.name, ''),
                   coalesce(t.name, ''), c.subject, c.reply_due_date, {_ANSWERED},
                   (SELECT count(*) FROM attachments a WHERE a.correspondence_id = c.id),
                   c.booking_id, c.detainer_id, c.optout_id
            FROM correspondence c
            LEFT JOIN contacts f ON f.id = c.from_contact_id
            LEFT JOIN contacts t ON t.id = c.to_contact_id
            WHERE c.id IN ({marks})""",
        ids,
    ).fetchall()
    by_id = {
        r[0]: LetterRow(
            id=r[0],
            direction=Direction(r[1]),
            method=r[2],
            day=from_db_date(r[3]),
            from_name=r[4],
            to_name=r[5],
            subject=r[6],
            reply_due_date=from_db_date(r[7]),
            is_answered=bool(r[8]),
            attachment_count=r[9],
            booking_id=r[10],
            detainer_id=r[11],
            optout_id=r[12],
        )
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


@reported
def awaiting_counts(db: Database, today: date) -> tuple[int, int]:
    """How many letters await a reply, and how many of those are overdue ``today``."""
    row = db.execute(
        f"SELECT count(*), coalesce(sum(c.reply_due_date < ?), 0) "
        f"FROM correspondence c WHERE {_AWAITING}",
        [to_db_date(today)],
    ).fetchone()
    return row[0], row[1]
