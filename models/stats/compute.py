"""Work out every figure for a period: a handful of aggregate queries, grouped in SQLite.

Each query groups a whole breakdown in one pass (bookings by month, fingerprint result, level
and criminality code; detainers by month, form, requests, decision and outcome), so the cost
is a few index range scans however many figures the Dashboard shows.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.settings import county_timezone
from models.stats import labels
from models.stats.convictions import convicted_sql, conviction_counts, conviction_pairs_sql
from models.stats.figures import Count, HeldBeyond, Month, Note, Share, Statistics, Table, Unit
from models.stats.period import Filters, Period
from models.stats.scope import FLAGGED, LATEST_MATCH, MATCH_TYPES, OUTCOME, Scope, equals
from models.store import read_snapshot, reported
from models.timeutil import from_db_instant, utc_now


@reported
def statistics(
    db: Database,
    period: Period,
    filters: Filters | None = None,
    *,
    tz: ZoneInfo | None = None,
    now: datetime | None = None,
) -> Statistics:
    """Every figure for ``period`` and ``filters`` (check the period with ``check_period``)."""
    scope = Scope(period, filters or Filters(), tz or county_timezone(db))
    with read_snapshot(db):  # every figure sees the same moment of the record
        return _compute(db, scope, now or utc_now())


def _compute(db: Database, scope: Scope, now: datetime) -> Statistics:
    names = labels.Lookups.read(db)
    b_rows, persons, pairs = _booking_pass(db, scope)
    d_rows = _detainer_groups(db, scope)
    months = scope.period.months()

    flagged_rows = [r for r in b_rows if r[1] in MATCH_TYPES]
    flagged_total = sum(r[-1] for r in flagged_rows)
    flagged = Count(
        "flagged",
        "Arrests flagged (IDENT match)",
        flagged_total,
        Unit.BOOKINGS,
        scope.flagged("Arrests flagged"),
    )
    flagged_persons = Count(
        "flagged_persons",
        "People flagged",
        sum(persons.values()),
        Unit.PERSONS,
        scope.flagged("Arrests of the people flagged"),
    )
    detainers_total = sum(r[-1] for r in d_rows)
    detainers = Count(
        "detainers", "Detainers received", detainers_total, Unit.DETAINERS,
        scope.detainers("Detainers received"),
    )  # fmt: skip
    outcome_counts = _sum_by(d_rows, 7)
    released = Count(
        "released_to_ice",
        "Released to ICE",
        outcome_counts.get("released_to_ice", 0),
        Unit.DETAINERS,
        scope.detainers("Released to ICE", "d.released_to_ice_at IS NOT NULL"),
    )
    convicted, violent_people, violent = conviction_counts(db, pairs)
    none = flagged_persons.value - convicted
    any_sql, any_params = convicted_sql(scope, None)
    violent_sql, violent_params = convicted_sql(scope, violent)
    no_conviction = Share(
        "share.no_conviction",
        "Flagged people with no criminal conviction",
        none,
        flagged_persons.value,
        Unit.PERSONS,
        scope.flagged("No conviction", f"b.person_id NOT IN ({any_sql})", any_params),
    )
    not_violent = Share(
        "share.not_violent",
        "Flagged people not convicted of a violent crime",
        flagged_persons.value - violent_people,
        flagged_persons.value,
        Unit.PERSONS,
        scope.flagged("Not convicted of a violent crime", f"b.person_id NOT IN ({violent_sql})",
                      violent_params),
    )  # fmt: skip
    convictions = Table(
        "convictions",
        "Conviction status of the people flagged",
        Unit.PERSONS,
        (
            Count("convictions.none", "No conviction", none, Unit.PERSONS, no_conviction.cases),
            Count(
                "convictions.non_violent",
                "Convicted, no violent offence",
                convicted - violent_people,
                Unit.PERSONS,
                scope.flagged(
                    "Convicted, no violent offence",
                    f"b.person_id IN ({any_sql}) AND b.person_id NOT IN ({violent_sql})",
                    (*any_params, *violent_params),
                ),
            ),
            Count(
                "convictions.violent",
                "Convicted of a violent offence",
                violent_people,
                Unit.PERSONS,
                scope.flagged(
                    "Convicted of a violent offence",
                    f"b.person_id IN ({violent_sql})",
                    violent_params,
                ),
            ),  # fmt: skip
        ),
        flagged_persons.value,
    )
    return Statistics(
        period=scope.period,
        filters=scope.filters,
        as_of=now,
        flagged=flagged,
        flagged_persons=flagged_persons,
        detainers=detainers,
        released_to_ice=released,
        no_conviction=no_conviction,
        not_violent=not_violent,
        responses=_responses(scope, names, b_rows),
        forms=_coded(scope, names.forms, d_rows, 1, "forms", "Detainers by form", "d.form_code"),
        requests=_requests(scope, d_rows),
        decisions=_decisions(scope, d_rows),
        outcomes=_outcomes(scope, outcome_counts),
        convictions=convictions,
        levels=_levels(scope, names, flagged_rows),
        criminality=_criminality(scope, names, flagged_rows),
        countries=_persons_table(scope, persons, 0, "countries", "Country of birth recorded"),
        sexes=_persons_table(scope, persons, 1, "sexes", "Sex recorded"),
        months=_months(scope, months, flagged_rows, d_rows),
        held=_held(db, scope),
        notes=_notes(flagged_rows),
    )


# -- the queries ---------------------------------------------------------------------------


def _booking_pass(db: Database, scope: Scope) -> tuple[list[tuple], Counter, list[tuple]]:
    """The period's bookings walked once for three results (the walk is the costly part).

    Returns ``(month k, response type, level scheme, level, criminality code, bookings)``
    rows; the flagged people by ``(country of birth, sex)``; and their convictions by the
    period's end as ``(person, statute)`` pairs.
    """
    cte, cte_params = scope.months_cte()
    where, params = scope.filter_sql()
    pairs, pairs_params = conviction_pairs_sql(scope, "flagged")
    sql = (
        f"WITH {cte}, period AS MATERIALIZED (SELECT months.k, b.person_id, m.response_type, "
        "m.offense_level_scheme, m.offense_level, m.criminality_code FROM months "
        "JOIN bookings b ON b.booked_at >= months.lo AND b.booked_at < months.hi "
        f"{LATEST_MATCH} WHERE {where}), "
        f"flagged AS (SELECT m.person_id FROM period m WHERE {FLAGGED}) "
        "SELECT 0, k, response_type, offense_level_scheme, offense_level, criminality_code, "
        "count(*) FROM period GROUP BY 2, 3, 4, 5, 6 "
        "UNION ALL SELECT 1, p.country_of_birth, p.sex, NULL, NULL, NULL, count(*) "
        "FROM persons p WHERE p.id IN flagged GROUP BY 2, 3 "
        f"UNION ALL SELECT 2, *, NULL, NULL, NULL, NULL FROM ({pairs})"
    )
    groups, persons, convictions = [], Counter(), []
    for part, *row in db.execute(sql, (*cte_params, *params, *pairs_params)).fetchall():
        if part == 0:
            groups.append(tuple(row))
        elif part == 1:
            persons[(row[0], row[1])] = row[-1]
        else:
            convictions.append((row[0], row[1]))
    return groups, persons, convictions


def _detainer_groups(db: Database, scope: Scope) -> list[tuple]:
    """``(k, form, hold, notification, transfer, decision, status, outcome, detainers)`` rows."""
    cte, cte_params = scope.months_cte()
    where, params = scope.filter_sql(use_index=False)
    sql = (
        f"WITH {cte} SELECT months.k, d.form_code, d.requests_hold, d.requests_notification, "
        f"d.requests_transfer, d.decision, d.status, {OUTCOME} AS outcome, count(*) FROM months "
        "JOIN detainers d ON d.received_at >= months.lo AND d.received_at < months.hi "
        f"JOIN bookings b ON b.id = d.booking_id WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    return db.execute(sql, (*cte_params, *params)).fetchall()


def _held(db: Database, scope: Scope) -> HeldBeyond:
    where, params = scope.detainers_where()
    released = "coalesce(d.released_to_ice_at, d.released_to_community_at)"
    cond = f"d.decision = 'honour' AND b.release_eligible_at IS NOT NULL AND {released} IS NOT NULL"
    rows = db.execute(
        "SELECT b.release_eligible_at, coalesce(d.released_to_ice_at, d.released_to_community_at) "
        f"FROM detainers d JOIN bookings b ON b.id = d.booking_id WHERE {where} AND {cond}",
        params,
    ).fetchall()
    hours = [
        (from_db_instant(out) - from_db_instant(eligible)).total_seconds() / 3600
        for eligible, out in rows
    ]
    held = [h for h in hours if h > 0]
    return HeldBeyond(
        len(held),
        round(pystats.median(held), 1) if held else None,
        round(max(held), 1) if held else None,
        scope.detainers(
            "Held past release eligibility on an honoured detainer",
            f"{cond} AND {released} > b.release_eligible_at",
        ),
        recorded=len(hours),
    )


# -- the tables ----------------------------------------------------------------------------


def _sum_by(rows: list[tuple], *columns: int) -> Counter:
    out: Counter = Counter()
    for r in rows:
        key = r[columns[0]] if len(columns) == 1 else tuple(r[c] for c in columns)
        out[key] += r[-1]
    return out


def _responses(scope: Scope, names: labels.Lookups, rows: list[tuple]) -> Table:
    counts = _sum_by(rows, 1)
    out = []
    for code in [*names.responses, None]:
        if code is None and not counts.get(None):
            continue
        label = names.responses.get(code, "No fingerprint result recorded")
        cond, params = equals("m.response_type", code)
        out.append(Count(f"responses.{code or 'none'}", label, counts.get(code, 0),
                         Unit.BOOKINGS, scope.bookings(label, cond, params)))  # fmt: skip
    total = sum(counts.values())
    return Table("responses", "Bookings by fingerprint result", Unit.BOOKINGS, tuple(out), total)


def _coded(scope, vocab: dict, rows, column, key, title, sql_column) -> Table:
    counts = _sum_by(rows, column)
    out = []
    for code, label in vocab.items():
        if counts.get(code):
            out.append(Count(f"{key}.{code}", label, counts[code], Unit.DETAINERS,
                             scope.detainers(label, f"{sql_column} = ?", (code,))))  # fmt: skip
    return Table(key, title, Unit.DETAINERS, tuple(out), sum(counts.values()))


def _requests(scope: Scope, rows: list[tuple]) -> Table:
    out = []
    for column, code in ((2, "hold"), (3, "notification"), (4, "transfer")):
        label = labels.REQUESTS[code]
        value = sum(r[-1] for r in rows if r[column])
        out.append(Count(f"requests.{code}", label, value, Unit.DETAINERS,
                         scope.detainers(label, f"d.requests_{code} = 1")))  # fmt: skip
    # A detainer may ask for a hold and a notification at once: the rows do not add up.
    return Table("requests", "What the detainers asked for", Unit.DETAINERS, tuple(out), None)


def _decisions(scope: Scope, rows: list[tuple]) -> Table:
    counts = _sum_by(rows, 5)
    out = []
    for code, label in labels.DECISIONS.items():
        value = counts.get(None if code == "pending" else code, 0)
        cond, params = equals("d.decision", None if code == "pending" else code)
        out.append(Count(f"decisions.{code}", label, value, Unit.DETAINERS,
                         scope.detainers(label, cond, params)))  # fmt: skip
    return Table("decisions", "The county's decisions", Unit.DETAINERS, tuple(out),
                 sum(counts.values()))  # fmt: skip


def _outcomes(scope: Scope, counts: Counter) -> Table:
    out = [
        Count(
            f"outcomes.{code}",
            label,
            counts.get(code, 0),
            Unit.DETAINERS,
            scope.detainers(label, f"{OUTCOME} = ?", (code,)),
        )  # fmt: skip
        for code, label in labels.OUTCOMES.items()
    ]
    return Table("outcomes", "What became of the detainers", Unit.DETAINERS, tuple(out),
                 sum(counts.values()))  # fmt: skip


def _levels(scope: Scope, names: labels.Lookups, flagged_rows: list[tuple]) -> tuple[Table, ...]:
    counts = _sum_by(flagged_rows, 2, 3)
    tables = []
    for scheme, (title, levels) in names.levels.items():
        out = []
        for level, label in levels.items():
            out.append(
                Count(
                    f"levels.{scheme}.{level}",
                    label,
                    counts.get((scheme, level), 0),
                    Unit.BOOKINGS,
                    scope.flagged(
                        f"{title}: {label}",
                        "m.offense_level_scheme = ? AND m.offense_level = ?",
                        (scheme, level),
                    ),
                )  # fmt: skip
            )
        tables.append(
            Table(f"levels.{scheme}", title, Unit.BOOKINGS, tuple(out), sum(c.value for c in out))
        )
    return tuple(tables)


def _criminality(scope: Scope, names: labels.Lookups, flagged_rows: list[tuple]) -> Table:
    counts = _sum_by(flagged_rows, 4)
    out = []
    for code in [*names.criminality, None]:
        label = names.criminality.get(code, "Not recorded")
        cond, params = equals("m.criminality_code", code)
        out.append(Count(f"criminality.{code or 'none'}", label, counts.get(code, 0),
                         Unit.BOOKINGS, scope.flagged(label, cond, params)))  # fmt: skip
    return Table("criminality", "ICE criminality code of the flagged arrests", Unit.BOOKINGS,
                 tuple(out), sum(counts.values()))  # fmt: skip


def _persons_table(scope: Scope, persons: Counter, column: int, key: str, title: str) -> Table:
    counts: Counter = Counter()
    for pair, n in persons.items():
        counts[pair[column]] += n
    sql_column = ("p.country_of_birth", "p.sex")[column]
    out = []
    for code, n in sorted(counts.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or "")):
        label = (labels.SEXES.get(code, code) if column else code) or "Not recorded"
        cond, params = equals(sql_column, code)
        out.append(
            Count(
                f"{key}.{code or 'none'}",
                label,
                n,
                Unit.PERSONS,
                scope.flagged(
                    f"{title}: {label}",
                    f"b.person_id IN (SELECT p.id FROM persons p WHERE {cond})",
                    params,
                ),
            )  # fmt: skip
        )
    return Table(key, title, Unit.PERSONS, tuple(out), sum(counts.values()))


def _months(scope: Scope, months, flagged_rows, d_rows) -> tuple[Month, ...]:
    flagged = _sum_by(flagged_rows, 0)
    received = _sum_by(d_rows, 0)
    decided = _sum_by(d_rows, 0, 5)
    out = []
    for k, (month, first, last) in enumerate(months):
        sub = Scope(Period(first, last), scope.filters, scope.tz)
        tag = month.strftime("%Y-%m")
        out.append(
            Month(
                month,
                Count(
                    f"months.{tag}.flagged",
                    f"Arrests flagged, {tag}",
                    flagged.get(k, 0),
                    Unit.BOOKINGS,
                    sub.flagged(f"Arrests flagged, {tag}"),
                ),
                Count(
                    f"months.{tag}.detainers",
                    f"Detainers received, {tag}",
                    received.get(k, 0),
                    Unit.DETAINERS,
                    sub.detainers(f"Detainers, {tag}"),
                ),
                Count(
                    f"months.{tag}.honoured",
                    f"Detainers honoured, {tag}",
                    decided.get((k, "honour"), 0),
                    Unit.DETAINERS,
                    sub.detainers(f"Honoured, {tag}", "d.decision = 'honour'"),
                ),
                Count(
                    f"months.{tag}.declined",
                    f"Detainers declined, {tag}",
                    decided.get((k, "decline"), 0),
                    Unit.DETAINERS,
                    sub.detainers(f"Declined, {tag}", "d.decision = 'decline'"),
                ),
            )  # fmt: skip
        )
    return tuple(out)


def _notes(flagged_rows: list[tuple]) -> tuple[Note, ...]:
    n = sum(r[-1] for r in flagged_rows if r[2] is None)
    if not n:
        return ()
    arrests = "1 flagged arrest has" if n == 1 else f"{n:,} flagged arrests have"
    return (Note("no_level", n, f"{arrests} no offense level recorded under any scheme."),)
