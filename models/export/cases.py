"""The case list as an export: every booking the list's query shows, in the list's order.

The rows are read a page at a time by key, exactly as the list reads them
(:func:`models.case_list.fetch_cases`, so its filters, search, sort and subset all apply), and
the columns a spreadsheet wants beyond the list's (date of birth, identifiers, charges, the
fingerprint result) are joined for that page alone. A million bookings stream through a few
hundred rows of memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.case_list import CaseQuery, count_cases, fetch_cases, fts_query, is_dense
from models.export.columns import Column, ExportSource, Kind, PublicText, Sheet
from models.records import CUSTODY_LABELS
from models.stats.figures import Selection
from models.store import reported
from models.timeutil import from_db_date, from_db_instant

#: Rows read per page (one keyset query and one details query each).
PAGE = 500

CASE_COLUMNS = (
    Column("Case ID", Kind.IDENTIFIER),
    Column("Booking #", Kind.IDENTIFIER),
    Column("Agency ORI"),
    Column("Family name", Kind.NAME),
    Column("Given names", Kind.NAME),
    Column("Aliases", Kind.NAME),
    Column("Date of birth", Kind.DATE_OF_BIRTH),
    Column("Sex"),
    Column("Country of birth"),
    Column("A-number", Kind.IDENTIFIER),
    Column("FBI number", Kind.IDENTIFIER),
    Column("State ID", Kind.IDENTIFIER),
    Column("Booked", Kind.INSTANT),
    Column("Facility"),
    Column("Arresting agency"),
    Column("Custody"),
    Column("Release eligible", Kind.INSTANT),
    Column("Released", Kind.INSTANT),
    Column("Release reason", public=False),
    Column("Released to", public=False),
    # Statute and description of each charge; a public release keeps the statutes only (a
    # description is typed, and may name a victim or a place).
    Column("Charges"),
    Column("Fingerprint response"),
    Column("Program era"),
    Column("Offense level scheme"),
    Column("Offense level"),
    Column("Criminality code"),
    Column("Detainers", Kind.NUMBER),
    Column("Notes", public=False),
)

_SEXES = {"F": "Female", "M": "Male", "X": "Non-binary (X)", "U": "Unknown"}

_DETAILS = """
SELECT b.id, b.booking_number, b.agency_ori, p.family_name, p.given_names,
       (SELECT group_concat(alias, '; ') FROM
           (SELECT alias FROM person_aliases WHERE person_id = p.id ORDER BY alias)),
       p.date_of_birth, p.sex, p.country_of_birth, p.a_number, p.fbi_number, p.state_id,
       b.booked_at, b.facility, b.arresting_agency, b.custody_status, b.release_eligible_at,
       b.released_at, b.release_reason, b.released_to,
       (SELECT group_concat(text, '; ') FROM
           (SELECT coalesce(statute || ' ', '') || description AS text
              FROM charges WHERE booking_id = b.id ORDER BY seq)),
       (SELECT group_concat(statute, '; ') FROM
           (SELECT trim(statute) AS statute FROM charges
             WHERE booking_id = b.id AND trim(statute) <> '' ORDER BY seq)),
       coalesce(rt.label, m.response_type), coalesce(pe.label, m.program_era),
       coalesce(ls.label, m.offense_level_scheme), coalesce(ol.label, m.offense_level),
       coalesce(cc.label, m.criminality_code),
       (SELECT count(*) FROM detainers d WHERE d.booking_id = b.id),
       b.notes
FROM bookings b JOIN persons p ON p.id = b.person_id
LEFT JOIN fingerprint_matches m
       ON m.id = (SELECT max(id) FROM fingerprint_matches WHERE booking_id = b.id)
LEFT JOIN match_response_types rt ON rt.code = m.response_type
LEFT JOIN program_eras pe ON pe.code = m.program_era
LEFT JOIN offense_level_schemes ls ON ls.code = m.offense_level_scheme
LEFT JOIN offense_levels ol ON ol.scheme = m.offense_level_scheme AND ol.level = m.offense_level
LEFT JOIN criminality_codes cc ON cc.code = m.criminality_code
"""


def query_json(query: CaseQuery) -> dict:
    """The case list's query as the exports log records it.

    A search too short to search (the list ignores it) is not recorded; a Dashboard figure's
    cases are recorded by the figure's label and the query that selects them, with its
    parameters, so the log says which cases were exported.
    """
    subset = query.subset
    return {
        "search": query.search.strip() if fts_query(query.search) is not None else None,
        "booked_from": query.booked_from.isoformat() if query.booked_from else None,
        "booked_to": query.booked_to.isoformat() if query.booked_to else None,
        "facility": query.facility,
        "custody_status": str(query.custody_status) if query.custody_status else None,
        "sort": str(query.sort),
        "descending": query.descending,
        "subset": _selection_json(subset) if subset is not None else None,
    }


def _selection_json(selection: Selection) -> dict:
    return {
        "label": selection.label,
        "sql": selection.sql,
        "params": [_json_value(v) for v in selection.params],
    }


def _json_value(value):
    """A query parameter as JSON holds it (a date or an instant as ISO text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


@reported
def case_source(db: Database, query: CaseQuery, tz: ZoneInfo) -> ExportSource:
    """The cases ``query`` lists, in its order, with every column of :data:`CASE_COLUMNS`."""
    total = count_cases(db, query, tz)
    dense = is_dense(db, query, total)

    def rows() -> Iterator[tuple]:
        after = None
        while True:
            page = fetch_cases(db, query, tz, limit=PAGE, after=after, dense=dense)
            if not page:
                return
            yield from _details(db, [r.id for r in page])
            after = page[-1].sort_key

    sheet = Sheet("Cases", CASE_COLUMNS, rows)
    return ExportSource("cases", "Cases", {"query": query_json(query)}, total, sheet)


@reported
def _details(db: Database, ids: list[int]) -> list[tuple]:
    """The export rows of ``ids``, in that order (cases deleted meanwhile are left out)."""
    marks = ", ".join("?" * len(ids))
    found = {r[0]: r for r in db.execute(f"{_DETAILS} WHERE b.id IN ({marks})", ids)}
    return [_row(found[i]) for i in ids if i in found]


def _row(r: tuple) -> tuple:
    return (
        *r[0:6],
        from_db_date(r[6]),
        _SEXES.get(r[7], r[7]),
        *r[8:12],
        from_db_instant(r[12]),
        r[13],
        r[14],
        CUSTODY_LABELS.get(r[15], r[15]),
        from_db_instant(r[16]),
        from_db_instant(r[17]),
        r[18],
        r[19],
        None if r[20] is None else PublicText(r[20], r[21]),
        *r[22:],
    )
