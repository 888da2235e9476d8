"""Figures as an export: one long table for CSV, a Summary and a sheet per table for Excel.

The long form has one row a figure — ``table, key, label, value, numerator, denominator,
unit`` — so a spreadsheet or a script can pick any figure by its stable key. A share's value
is its percentage (unit ``percent``), with the counts it was worked out from beside it, and no
value at all when there was nothing to divide. A table whose rows may be added up ends in a
``<table>.total`` row. The workbook's Summary sheet holds the headline, the shares, the time
held past release eligibility and the notes, as the long table does. When the figures were
counted is written in county time with its zone (``2013-01-02 09:00 PST``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from models.export.columns import Column, ExportSource, Kind, Sheet
from models.stats.figures import Count, Share, Statistics, Table

LONG_COLUMNS = (
    Column("table"),
    Column("key"),
    Column("label"),
    Column("value", Kind.NUMBER),
    Column("numerator", Kind.NUMBER),
    Column("denominator", Kind.NUMBER),
    Column("unit"),
)
SUMMARY_COLUMNS = (
    Column("Key"),
    Column("Figure"),
    Column("Value", Kind.NUMBER),
    Column("Numerator", Kind.NUMBER),
    Column("Denominator", Kind.NUMBER),
    Column("Unit"),
)
MONTH_COLUMNS = (
    Column("Month"),
    Column("Arrests flagged", Kind.NUMBER),
    Column("Detainers received", Kind.NUMBER),
    Column("Detainers honoured", Kind.NUMBER),
    Column("Detainers declined", Kind.NUMBER),
)
#: Characters a worksheet's name may not hold, and its longest length.
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})
_SHEET_NAME_MAX = 31


def share_value(share: Share) -> float | None:
    """A share's percentage, to one decimal; None when the denominator is 0."""
    pct = share.percent
    return None if pct is None else round(pct, 1)


def as_of_text(moment: datetime, tz: ZoneInfo | None) -> str:
    """``2013-01-02 09:00 PST``: the moment in ``tz`` (else its own zone), with the zone."""
    local = moment.astimezone(tz) if tz is not None else moment
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()


def held_rows(stats: Statistics) -> Iterator[tuple]:
    """``(key, label, value, unit)`` of the time held past release eligibility."""
    held = stats.held
    for key, label, value, unit in (
        ("count", "Held past release eligibility on an honoured detainer", held.count,
         "detainers"),
        ("median_hours", "Median time held past release eligibility", held.median_hours,
         "hours"),
        ("max_hours", "Longest time held past release eligibility", held.max_hours, "hours"),
    ):  # fmt: skip
        yield (f"held_beyond_release.{key}", label, value, unit)


def long_rows(stats: Statistics, tz: ZoneInfo | None = None) -> Iterator[tuple]:
    """Every figure as ``(table, key, label, value, numerator, denominator, unit)``.

    Args:
        stats: the figures.
        tz: the county's zone, which the as-of moment is written in.
    """
    yield ("about", "period.from", "First day of the period", stats.period.start.isoformat(),
           None, None, None)  # fmt: skip
    yield ("about", "period.to", "Last day of the period", stats.period.end.isoformat(),
           None, None, None)  # fmt: skip
    yield ("about", "filters", "Counted", stats.filters.label, None, None, None)
    yield ("about", "as_of", "Figures as of", as_of_text(stats.as_of, tz), None, None, None)
    for c in stats.headline():
        yield ("headline", c.key, c.label, c.value, None, None, str(c.unit))
    for s in (stats.no_conviction, stats.not_violent):
        yield ("shares", s.key, s.label, share_value(s), s.numerator, s.denominator, "percent")
    for table in stats.tables():
        yield from _table_rows(table)
    for m in stats.months:
        for c in (m.flagged, m.detainers, m.honoured, m.declined):
            yield ("months", c.key, c.label, c.value, None, None, str(c.unit))
    for key, label, value, unit in held_rows(stats):
        yield ("held_beyond_release", key, label, value, None, None, unit)
    for note in stats.notes:
        yield ("notes", f"notes.{note.key}", note.text, note.value, None, None, None)


def _table_rows(table: Table) -> Iterator[tuple]:
    for c in table.rows:
        yield (table.key, c.key, c.label, c.value, None, None, str(c.unit))
    if table.total is not None:
        yield (table.key, f"{table.key}.total", "Total", table.total, None, None, str(table.unit))


def statistics_source(stats: Statistics, tz: ZoneInfo | None = None) -> ExportSource:
    """``stats`` as an export: the long table for CSV, named sheets for a workbook.

    Args:
        stats: the figures.
        tz: the county's zone; if None, the writer's (``run_export`` gives the county's).
    """
    long_form = Sheet("Figures", LONG_COLUMNS, lambda: long_rows(stats, tz))
    names: set[str] = {"Summary", "Months"}
    sheets = [Sheet("Summary", SUMMARY_COLUMNS, lambda: _summary_rows(stats, tz))]
    for table in stats.tables():
        # The table's title heads its label column: the sheet's name is only its key.
        columns = (Column("Key"), Column(table.title), Column("Value", Kind.NUMBER), Column("Unit"))
        sheets.append(Sheet(_sheet_name(table.key, names), columns, _counts(table)))
    sheets.append(Sheet("Months", MONTH_COLUMNS, lambda: _month_rows(stats)))
    filters = {
        "period": stats.period.to_json(),
        "filters": stats.filters.to_json(),
        "as_of": stats.as_of.isoformat(),
    }
    total = sum(1 for _ in long_rows(stats, tz))
    source = ExportSource("statistics", "Statistics", filters, total, long_form, tuple(sheets))
    if tz is None:  # the as-of moment is written in the zone the writer is given
        source = replace(source, in_zone=lambda zone: statistics_source(stats, zone))
    return source


def _summary_rows(stats: Statistics, tz: ZoneInfo | None) -> Iterator[tuple]:
    yield ("period", f"Period: {stats.period.label}", None, None, None, None)
    yield ("filters", f"Counted: {stats.filters.label}", None, None, None, None)
    yield ("as_of", f"As of: {as_of_text(stats.as_of, tz)}", None, None, None, None)
    for c in stats.headline():
        yield (c.key, c.label, c.value, None, None, str(c.unit))
    for s in (stats.no_conviction, stats.not_violent):
        yield (s.key, s.label, share_value(s), s.numerator, s.denominator, "percent")
    for key, label, value, unit in held_rows(stats):
        yield (key, label, value, None, None, unit)
    for note in stats.notes:
        yield (f"notes.{note.key}", note.text, note.value, None, None, None)


def _counts(table: Table):
    def rows() -> Iterator[tuple]:
        for c in table.rows:
            yield _count_row(c)
        if table.total is not None:
            yield (f"{table.key}.total", "Total", table.total, str(table.unit))

    return rows


def _count_row(c: Count) -> tuple:
    return (c.key, c.label, c.value, str(c.unit))


def _month_rows(stats: Statistics) -> Iterator[tuple]:
    for m in stats.months:
        yield (
            m.month.strftime("%Y-%m"),
            m.flagged.value,
            m.detainers.value,
            m.honoured.value,
            m.declined.value,
        )


def _sheet_name(key: str, taken: set[str]) -> str:
    """A worksheet name for ``key``: without the characters Excel refuses, short, unique."""
    base = key.translate(_NOT_IN_SHEET_NAMES)[:_SHEET_NAME_MAX]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: _SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name
