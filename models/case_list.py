"""The case list's queries: filters, full-text search and sort, a page at a time by key.

The list can hold a million bookings, so nothing here ever loads every row. Counting uses an
index; a page is found by keyset (``(sort key) > last key``) reading only the sort key, and
the details are joined for that page alone. Which rows to keep in memory is
``models.case_window``'s business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.records import CaseRow, CustodyStatus, display_name
from models.stats.figures import Selection
from models.store import reported
from models.timeutil import from_db_instant, to_db_instant
from models.validation import normalise_a_number


class SortColumn(StrEnum):
    """Columns the list can be sorted by; each has an index in that order (see SORT_KEYS)."""

    BOOKED_AT = "booked_at"
    BOOKING_NUMBER = "booking_number"
    NAME = "person_sort_name"
    FACILITY = "facility"
    CUSTODY = "custody_status"


MIN_SEARCH_CHARS = 2


@dataclass(frozen=True)
class CaseQuery:
    """What the clerk asked the list to show.

    ``subset`` keeps only the bookings behind a figure (a click on the Dashboard); the other
    filters, the search and the sort still apply within it.
    """

    search: str = ""
    booked_from: date | None = None
    booked_to: date | None = None
    facility: str | None = None
    custody_status: CustodyStatus | None = None
    sort: SortColumn = SortColumn.BOOKED_AT
    descending: bool = True
    subset: Selection | None = None
    #: The first and last ``booked_at`` (stored form) among the subset's cases, when known: a
    #: bound that lets a walk of the booking-time index skip to them (set by ``CaseWindow``).
    subset_span: tuple[str, str] | None = None


def fts_query(text: str) -> str | None:
    """Turn what was typed in the search box into an FTS5 query, or None for no search.

    Every word must match the start of a name, alias, A-number or booking-number token, in any
    order. Text that could be an A-number is also tried in its normalised form, so
    ``a 12345678`` finds ``A012345678`` while ``2010-0007`` still finds booking ``2010-000777``.
    Quotes are doubled so no input can break out of the FTS5 string syntax.
    """
    text = (text or "").strip()
    if sum(ch.isalnum() for ch in text) < MIN_SEARCH_CHARS:
        return None
    terms = [w.replace('"', '""') for w in text.split() if any(ch.isalnum() for ch in w)]
    if not terms:
        return None
    words = " ".join(f'"{term}"*' for term in terms)
    try:
        a_number = normalise_a_number(text)
    except ValueError:
        return words
    if a_number is None or words == f'"{a_number}"*':
        return words
    return f'"{a_number}"* OR ' + (words if len(terms) == 1 else f"({words})")


_DETAILS = """
SELECT b.id, b.booking_number, p.family_name, p.given_names, p.a_number, b.booked_at,
       b.facility, b.custody_status,
       (SELECT c.description || CASE WHEN n.k > 1 THEN ' (+' || (n.k - 1) || ')' ELSE '' END
          FROM charges c, (SELECT count(*) AS k FROM charges WHERE booking_id = b.id) n
         WHERE c.booking_id = b.id ORDER BY c.seq LIMIT 1) AS charge_summary,
       (SELECT m.response_type FROM fingerprint_matches m
         WHERE m.booking_id = b.id ORDER BY m.id DESC LIMIT 1) AS response_type
FROM bookings b JOIN persons p ON p.id = b.person_id
"""

#: The columns each sort orders by (ending in the id, which makes every key unique) and the
#: index that holds bookings in exactly that order.
SORT_KEYS: dict[SortColumn, tuple[tuple[str, ...], str]] = {
    SortColumn.BOOKED_AT: (("booked_at", "id"), "bookings_booked_at"),
    SortColumn.BOOKING_NUMBER: (("booking_number", "id"), "bookings_number"),
    SortColumn.NAME: (("person_sort_name", "id"), "bookings_sort_name"),
    SortColumn.FACILITY: (("facility", "booked_at", "id"), "bookings_facility"),
    SortColumn.CUSTODY: (("custody_status", "booked_at", "id"), "bookings_custody"),
}

#: Above this share of all bookings a filter is "dense": walking the sort's index and skipping
#: the rows that fail the filter reads about page/share rows, fewer than sorting every match
#: (share × total) once share² > page/total, i.e. about 1% for a 100-row page of a million.
DENSE_SHARE = 0.01


def _where(query: CaseQuery, tz: ZoneInfo, walk: bool = False) -> tuple[list[str], list]:
    """SQL conditions for the query's filters.

    With ``walk`` the filters on columns outside the sort key are written ``+b.col`` so that
    SQLite cannot pick their index and walks the sort's index instead (see DENSE_SHARE).
    """
    sort_columns = SORT_KEYS[query.sort][0]

    def col(name: str) -> str:
        return f"+b.{name}" if walk and name not in sort_columns else f"b.{name}"

    clauses, params = [], []
    if match := fts_query(query.search):
        clauses.append("b.id IN (SELECT rowid FROM bookings_fts WHERE bookings_fts MATCH ?)")
        params.append(match)
    if query.booked_from:
        clauses.append(f"{col('booked_at')} >= ?")
        params.append(to_db_instant(datetime.combine(query.booked_from, time(), tz)))
    if query.booked_to:
        clauses.append(f"{col('booked_at')} < ?")
        day_after = query.booked_to + timedelta(days=1)
        params.append(to_db_instant(datetime.combine(day_after, time(), tz)))
    if query.facility:
        clauses.append(f"{col('facility')} = ?")
        params.append(query.facility)
    if query.custody_status:
        clauses.append(f"{col('custody_status')} = ?")
        params.append(str(query.custody_status))
    if query.subset is not None:
        # The selection is an uncorrelated subquery (its own ``b`` shadows ours): SQLite runs
        # it once into a lookup table whichever plan reads the list.
        clauses.append(f"b.id IN ({query.subset.sql})")
        params.extend(query.subset.params)
        if query.subset_span is not None:
            clauses.append(f"{col('booked_at')} BETWEEN ? AND ?")
            params.extend(query.subset_span)
    return clauses, params


def _filters_beyond_search(query: CaseQuery) -> bool:
    """Whether the query has a date, facility, custody or subset filter (search, sort aside)."""
    return replace(query, search="", sort=SortColumn.BOOKED_AT, descending=True) != CaseQuery()


@reported
def count_cases(db: Database, query: CaseQuery, tz: ZoneInfo) -> int:
    match = fts_query(query.search)
    if match and not _filters_beyond_search(query):
        # One search row per booking: count the index, not the bookings.
        return db.execute(
            "SELECT count(*) FROM bookings_fts WHERE bookings_fts MATCH ?", [match]
        ).fetchone()[0]
    clauses, params = _where(query, tz)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return db.execute(f"SELECT count(*) FROM bookings b {where}", params).fetchone()[0]


@reported
def is_dense(db: Database, query: CaseQuery, count: int) -> bool:
    """Whether a filtered list is best read by walking the sort index (see DENSE_SHARE)."""
    if not fts_query(query.search) and not _filters_beyond_search(query):
        return False  # no filter at all: the sort index is the only sensible plan anyway
    total = db.execute("SELECT coalesce(max(id), 0) FROM bookings").fetchone()[0]
    return total > 0 and count > DENSE_SHARE * total


@reported
def fetch_cases(
    db: Database,
    query: CaseQuery,
    tz: ZoneInfo,
    *,
    limit: int = 100,
    offset: int = 0,
    after: tuple | None = None,
    forward: bool = True,
    dense: bool | None = None,
) -> list[CaseRow]:
    """Fetch rows of the list in display order (or reverse order when ``forward`` is False).

    The page's ids are found first, reading only the sort key; the details (person, charges,
    match) are then joined for those rows alone.

    Args:
        db: the database.
        query: filters, search and sort.
        tz: the county's zone, for the date filters.
        limit: how many rows.
        offset: rows to skip after the key (kept small by the caller).
        after: the ``sort_key`` of the row to continue after (or before, going backward).
        forward: True for display order, False to walk back from ``after`` or from the end.
        dense: whether the filters keep many rows (None: count them to find out).
    """
    if dense is None:
        dense = is_dense(db, query, count_cases(db, query, tz))
    columns, index = SORT_KEYS[query.sort]
    clauses, params = _where(query, tz, walk=dense)
    ascending = forward != query.descending
    key = ", ".join(f"b.{c}" for c in columns)
    if after is not None:
        marks = ", ".join("?" * len(columns))
        clauses.append(f"({key}) {'>' if ascending else '<'} ({marks})")
        params.extend(after)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    direction = "ASC" if ascending else "DESC"
    order = ", ".join(f"b.{c} {direction}" for c in columns)
    hint = f"INDEXED BY {index}" if dense else ""
    keys = db.execute(
        f"SELECT {key} FROM bookings b {hint} {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    details = _details(db, [k[-1] for k in keys])
    return [_to_row(details[k[-1]], tuple(k)) for k in keys if k[-1] in details]


@reported
def pin_subset(
    db: Database, selection: Selection, table: str
) -> tuple[Selection, int, tuple[str, str] | None]:
    """Copy the ids of a figure's cases into the temporary table ``table``, replacing it.

    A figure's selection may join a year of bookings to their matches and charges (a few
    hundred ms at a million rows); the list asks for every page and count it shows, so the ids
    are found once here and read back by primary key. The table lives with this connection
    only; the list pins the selection again on refresh, so it follows later saves.

    Returns:
        A selection reading the table, how many cases it holds, and the first and last
        ``booked_at`` among them (None when it holds none).
    """
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    began = not db.conn.in_transaction
    if began:
        db.conn.execute("BEGIN")  # deferred: writing a temporary table locks nothing shared
    try:
        db.execute(f"DROP TABLE IF EXISTS temp.{table}")
        db.execute(f"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY)")
        db.execute(
            f"INSERT OR IGNORE INTO temp.{table} (id) SELECT * FROM ({selection.sql})",
            selection.params,
        )
        count, first, last = db.execute(
            f"SELECT count(*), min(b.booked_at), max(b.booked_at) FROM temp.{table} t "
            "JOIN bookings b ON b.id = t.id"
        ).fetchone()
        if began:
            db.conn.execute("COMMIT")
    except BaseException:
        if began and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    span = (first, last) if count else None
    return Selection(selection.label, f"SELECT id FROM temp.{table}"), count, span


@reported
def unpin_subset(db: Database, table: str) -> None:
    """Drop a table :func:`pin_subset` made (the list no longer shows a figure's cases)."""
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    db.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _details(db: Database, ids: list[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.execute(_DETAILS + f"WHERE b.id IN ({marks})", ids).fetchall()
    return {r[0]: r for r in rows}


@reported
def position_of(db: Database, query: CaseQuery, tz: ZoneInfo, booking_id: int) -> int | None:
    """Where a booking sits in the list for ``query``, or None if the query leaves it out."""
    columns = SORT_KEYS[query.sort][0]
    key = ", ".join(f"b.{c}" for c in columns)
    clauses, params = _where(query, tz)
    found = db.execute(
        f"SELECT {key} FROM bookings b WHERE {' AND '.join(['b.id = ?', *clauses])}",
        [booking_id, *params],
    ).fetchone()
    if found is None:
        return None
    marks = ", ".join("?" * len(columns))
    clauses.append(f"({key}) {'>' if query.descending else '<'} ({marks})")
    sql = f"SELECT count(*) FROM bookings b WHERE {' AND '.join(clauses)}"
    return db.execute(sql, [*params, *found]).fetchone()[0]


def _to_row(r, sort_key: tuple) -> CaseRow:
    name = display_name(r[2], r[3])
    return CaseRow(
        id=r[0],
        booking_number=r[1],
        person_name=name,
        a_number=r[4],
        booked_at=from_db_instant(r[5]),
        facility=r[6],
        custody_status=CustodyStatus(r[7]),
        charge_summary=r[8] or "",
        response_type=r[9],
        sort_key=sort_key,
    )
