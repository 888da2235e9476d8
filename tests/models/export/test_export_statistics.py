"""The figures exported: the long CSV table and the workbook's sheets say what ``stats`` says."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from models.export import list_exports, run_export, statistics_source
from models.stats.compute import statistics
from models.stats.figures import Note
from models.stats.period import Filters, Period
from tests.models.detainer_helpers import new
from tests.models.export.export_helpers import NOW, add_people, csv_rows, sha256, xlsx_rows

LA = ZoneInfo("America/Los_Angeles")
PERIOD = Period(date(2010, 1, 1), date(2012, 12, 31))
AS_OF = datetime(2013, 1, 2, 17, 0, tzinfo=UTC)


@pytest.fixture
def stats(db, actor):
    """The three cases (all flagged, none convicted) and one detainer, on the first."""
    ids = add_people(db, actor)
    new(db, actor, ids[0])  # received Sat 10/16/2010, no decision yet
    return statistics(db, PERIOD, Filters(), tz=LA, now=AS_OF)


def export(db, actor, stats, path, **kw):
    return run_export(db, actor, statistics_source(stats), path, tz=LA, now=NOW, **kw)


def by_key(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header = rows[0]
    return {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}


def test_the_long_table_holds_every_figure_worked_out_by_hand(db, actor, stats, tmp_path):
    path = tmp_path / "figures.csv"
    result = export(db, actor, stats, path)
    rows = csv_rows(path)
    assert rows[0] == ["table", "key", "label", "value", "numerator", "denominator", "unit"]
    figures = by_key(rows)
    assert figures["period.from"]["value"] == "2010-01-01"
    assert figures["period.to"]["value"] == "2012-12-31"
    assert figures["flagged"] == {
        "table": "headline", "key": "flagged", "label": "Arrests flagged (IDENT match)",
        "value": "3", "numerator": "", "denominator": "", "unit": "bookings",
    }  # fmt: skip
    assert figures["detainers"]["value"] == "1"
    # Nobody has a conviction: 3 of 3 flagged people, 100 %.
    share = figures["share.no_conviction"]
    assert (share["value"], share["numerator"], share["denominator"], share["unit"]) == (
        "100.0", "3", "3", "percent",
    )  # fmt: skip
    assert figures["decisions.pending"]["value"] == "1"
    assert figures["decisions.total"]["value"] == "1"
    assert figures["forms.i247_2008"]["value"] == "1"
    assert figures["sexes.F"]["value"] == "2" and figures["sexes.M"]["value"] == "1"
    assert figures["months.2010-10.flagged"]["value"] == "1"
    assert figures["months.2011-01.flagged"]["value"] == "1"  # 01/31 in the county, not 02/01
    assert figures["months.2011-02.flagged"]["value"] == "0"
    assert figures["months.2010-10.detainers"]["value"] == "1"
    assert "requests.total" not in figures  # a detainer may ask for two things: no total
    assert result.row_count == len(rows) - 1


def test_every_number_in_the_long_table_is_the_figure_stats_gives(db, actor, stats, tmp_path):
    path = tmp_path / "figures.csv"
    export(db, actor, stats, path)
    checked = 0
    for key, row in by_key(csv_rows(path)).items():
        if row["table"] in ("about", "notes", "held_beyond_release"):
            continue
        if key.endswith(".total"):
            table = next(t for t in stats.tables() if t.key == row["table"])
            assert int(row["value"]) == table.total, key
        elif row["table"] == "shares":
            figure = stats.figure(key)
            assert (int(row["numerator"]), int(row["denominator"])) == (
                figure.numerator, figure.denominator,
            )  # fmt: skip
        else:
            assert int(row["value"]) == stats.figure(key).value, key
        checked += 1
    assert checked == 4 + 2 + sum(len(t.rows) + (t.total is not None) for t in stats.tables()) + (
        4 * len(stats.months)
    )


def test_the_workbook_has_a_summary_a_sheet_per_table_and_the_months(db, actor, stats, tmp_path):
    path = tmp_path / "figures.xlsx"
    result = export(db, actor, stats, path)
    book = openpyxl.load_workbook(path)
    tables = [t.key for t in stats.tables()]
    assert book.sheetnames == ["Summary", *tables, "Months"]
    summary = {r[0]: r for r in xlsx_rows(path, "Summary")[1:]}
    assert summary["flagged"][2] == 3
    assert summary["share.no_conviction"][2:] == [100.0, 3, 3, "percent"]
    decisions = xlsx_rows(path, "decisions")
    assert decisions[0] == ["Key", "The county's decisions", "Value", "Unit"]
    assert [r[2] for r in decisions[1:]] == [0, 0, 0, 1, 1]  # honour … pending, then the total
    months = xlsx_rows(path, "Months")
    assert months[0] == [
        "Month",
        "Arrests flagged",
        "Detainers received",
        "Detainers honoured",
        "Detainers declined",
    ]
    assert months[1] == ["2010-01", 0, 0, 0, 0] and len(months) == 1 + 36
    assert months[10] == ["2010-10", 1, 1, 0, 0]
    data_rows = sum(len(xlsx_rows(path, name)) - 1 for name in book.sheetnames)
    assert result.row_count == data_rows


def test_a_statistics_export_is_logged_with_its_period(db, actor, stats, tmp_path):
    path = tmp_path / "figures.xlsx"
    export(db, actor, stats, path, public_release=True)
    (logged,) = list_exports(db)
    assert (logged.what, logged.format, logged.public_release) == ("statistics", "xlsx", True)
    assert logged.filters["period"] == {"from": "2010-01-01", "to": "2012-12-31"}
    assert logged.filters["filters"] == {"facility": None, "agency_ori": None}
    assert logged.filters["as_of"] == AS_OF.isoformat()
    assert [s["name"] for s in logged.filters["sheets"]][:2] == ["Summary", "responses"]
    assert logged.sha256 == sha256(path)


def held_and_noted(stats):
    """``stats`` with time held past release eligibility and a note, as a county may have."""
    held = dataclasses.replace(stats.held, count=2, median_hours=16.0, max_hours=30.5)
    note = Note("no_level", 2, "2 flagged arrests have no offense level recorded under any scheme.")
    return dataclasses.replace(stats, held=held, notes=(note,))


def test_the_workbook_summary_has_the_time_held_and_the_notes_as_the_csv(
    db, actor, stats, tmp_path
):
    stats = held_and_noted(stats)
    export(db, actor, stats, tmp_path / "figures.csv")
    export(db, actor, stats, tmp_path / "figures.xlsx")
    summary = {r[0]: r for r in xlsx_rows(tmp_path / "figures.xlsx", "Summary")[1:]}
    assert summary["held_beyond_release.count"][1:] == [
        "Held past release eligibility on an honoured detainer", 2, None, None, "detainers",
    ]  # fmt: skip
    assert summary["held_beyond_release.median_hours"][2:] == [16, None, None, "hours"]
    assert summary["held_beyond_release.max_hours"][2:] == [30.5, None, None, "hours"]
    assert summary["notes.no_level"][1:3] == [
        "2 flagged arrests have no offense level recorded under any scheme.", 2,
    ]  # fmt: skip
    figures = by_key(csv_rows(tmp_path / "figures.csv"))
    for key in ("held_beyond_release.count", "held_beyond_release.median_hours",
                "held_beyond_release.max_hours", "notes.no_level"):  # fmt: skip
        assert figures[key]["label"] == summary[key][1], key
        assert float(figures[key]["value"]) == summary[key][2], key


def test_no_time_held_is_an_empty_cell_not_a_zero(db, actor, stats, tmp_path):
    assert (stats.held.count, stats.held.median_hours) == (0, None)
    export(db, actor, stats, tmp_path / "figures.xlsx")
    summary = {r[0]: r for r in xlsx_rows(tmp_path / "figures.xlsx", "Summary")[1:]}
    assert summary["held_beyond_release.count"][2] == 0
    assert summary["held_beyond_release.median_hours"][2] is None


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        (AS_OF, "2013-01-02 09:00 PST"),
        (datetime(2012, 7, 1, 3, 30, tzinfo=UTC), "2012-06-30 20:30 PDT"),
    ],
)
def test_as_of_is_county_time_with_its_zone_in_the_workbook_and_the_csv(
    db, actor, stats, tmp_path, as_of, shown
):
    stats = dataclasses.replace(stats, as_of=as_of)
    export(db, actor, stats, tmp_path / "figures.csv")
    export(db, actor, stats, tmp_path / "figures.xlsx")
    summary = {r[0]: r for r in xlsx_rows(tmp_path / "figures.xlsx", "Summary")[1:]}
    assert summary["as_of"][1] == f"As of: {shown}"
    assert by_key(csv_rows(tmp_path / "figures.csv"))["as_of"]["value"] == shown
    # The log keeps the moment itself, for a machine.
    assert list_exports(db)[0].filters["as_of"] == as_of.isoformat()


def test_the_zone_given_to_the_source_is_the_one_written(db, actor, stats, tmp_path):
    source = statistics_source(stats, ZoneInfo("America/New_York"))
    run_export(db, actor, source, tmp_path / "figures.csv", tz=LA, now=NOW)
    assert by_key(csv_rows(tmp_path / "figures.csv"))["as_of"]["value"] == "2013-01-02 12:00 EST"
