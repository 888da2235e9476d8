"""Conviction status of the people flagged in a period: none, non-violent only, or violent.

A conviction is a charge of the person's (on any booking) with a conviction date on or before
the last day of the period, so a report for a past period reads the same as long as the record
does. "Violent" is the office's own list of violent felonies (Settings ▸ Violent and serious
offences), matched as the detainer policies match it: the charge's statute, or a subdivision
of it.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from models.policies import normalise_statute
from models.stats.scope import Scope


def violent_statutes(db: Database, statutes: set[str]) -> list[str]:
    """Which of the charge statutes ``statutes`` (as recorded) name a listed violent felony."""
    listed = [
        normalise_statute(s)
        for (s,) in db.execute(
            "SELECT statute FROM offense_categories WHERE category = 'violent_felony'"
        ).fetchall()
    ]
    out = []
    for statute in statutes:
        charge = normalise_statute(statute)
        if any(charge == v or charge.startswith(v + "(") for v in listed):
            out.append(statute)
    return sorted(out)


def _convictions(scope: Scope, people: str) -> tuple[str, tuple]:
    """``FROM … WHERE …`` of the convictions by the period's end of the people ``IN people``."""
    return (
        "FROM charges c JOIN bookings b2 ON b2.id = c.booking_id "
        "WHERE c.conviction_date IS NOT NULL AND c.conviction_date <= ? "
        f"AND b2.person_id IN {people}",
        (scope.period.end.isoformat(),),
    )


def convicted_sql(scope: Scope, violent: list[str] | None) -> tuple[str, tuple]:
    """Ids of flagged people convicted by the period's end (of a violent felony if ``violent``)."""
    persons, persons_params = scope.flagged_persons_sql()
    tail, params = _convictions(scope, f"({persons})")
    sql, params = f"SELECT b2.person_id {tail}", (*params, *persons_params)
    if violent is not None:
        sql += " AND c.statute IN (SELECT value FROM json_each(?))"
        params = (*params, json.dumps(violent))
    return sql, params


def conviction_pairs_sql(scope: Scope, people: str) -> tuple[str, tuple]:
    """``(person, statute)`` of the convictions of the people in the table ``people``."""
    tail, params = _convictions(scope, people)
    return f"SELECT DISTINCT b2.person_id, c.statute {tail}", params


def conviction_counts(db: Database, pairs: list[tuple]) -> tuple[int, int, list[str]]:
    """``(people convicted, people convicted of a violent felony, violent statutes seen)``.

    ``pairs``: the flagged people's convictions as ``(person, statute)``.
    """
    violent = violent_statutes(db, {s for _p, s in pairs if s})
    chosen = set(violent)
    convicted = {p for p, _s in pairs}
    violent_people = {p for p, s in pairs if s in chosen}
    return len(convicted), len(violent_people), violent
