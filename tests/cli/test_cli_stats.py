"""``stats`` and ``export``, run as a user runs them: ``python main.py`` in a subprocess.

The database is made through the app's own verbs by the login the subprocess runs as, so the
command line's user is that staff member (and the export log names them).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

import main
from models.export import list_exports
from models.staff import current_staff
from models.store import open_database
from tests.cli.test_cli_detainers import assert_one_line_error, ok_json, run
from tests.models.detainer_helpers import new
from tests.models.export.export_helpers import (
    IDENTIFYING,
    add_people,
    all_text,
    csv_rows,
    sha256,
    xlsx_rows,
)

PERIOD = ("--from", "01/01/2010", "--to", "2012-12-31")


@pytest.fixture
def desk(tmp_path):
    """Three flagged cases (2010, 2011, 2012; none convicted) and one open detainer."""
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    me = current_staff(db)
    ids = add_people(db, me)
    new(db, me, ids[0])
    db.close()
    return path


def exports(path):
    db = open_database(path)
    try:
        return list_exports(db)
    finally:
        db.close()


def test_stats_json_gives_every_figure_and_each_share_with_its_counts(tmp_path, desk):
    data = ok_json(tmp_path, "--db", desk, "stats", *PERIOD)
    assert data["period"] == {"from": "2010-01-01", "to": "2012-12-31"}
    headline = {c["key"]: c["value"] for c in data["headline"]}
    assert headline == {"flagged": 3, "flagged_persons": 3, "detainers": 1, "released_to_ice": 0}
    shares = {s["key"]: s for s in data["shares"]}
    assert shares["share.no_conviction"] == {
        "key": "share.no_conviction",
        "label": "Flagged people with no criminal conviction",
        "numerator": 3,
        "denominator": 3,
        "percent": 100.0,
        "unit": "persons",
    }
    decisions = next(t for t in data["tables"] if t["key"] == "decisions")
    assert {r["key"]: r["value"] for r in decisions["rows"]}["decisions.pending"] == 1
    months = {m["month"]: m for m in data["months"]}
    assert months["2011-01"]["flagged"] == 1 and months["2011-02"]["flagged"] == 0


def test_stats_text_lines_up_label_key_and_value(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "stats", *PERIOD, "--facility", "alder county main jail")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Statistics for 01/01/2010 – 12/31/2012, facility Alder County Main Jail")
    flagged = next(line for line in lines if "Arrests flagged (IDENT match)" in line)
    share = next(line for line in lines if "share.no_conviction" in line)
    assert re.fullmatch(r"  Arrests flagged \(IDENT match\) +flagged +2", flagged)
    assert share.endswith("100% (2 of 2)")
    assert flagged.index("  flagged ") + 2 == share.index("share.no_conviction")  # one Key column
    assert len(flagged) == len(share)  # values right-aligned to one edge


def test_stats_csv_is_the_long_table(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "stats", *PERIOD, "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["table", "key", "label", "value", "numerator", "denominator", "unit"]
    by_key = {r[1]: r for r in rows[1:]}
    assert by_key["flagged"][3] == "3"
    assert by_key["share.not_violent"][3:] == ["100.0", "3", "3", "percent"]
    assert by_key["forms.total"][3] == "1"


def test_stats_cases_lists_the_bookings_behind_a_figure(tmp_path, desk):
    data = ok_json(tmp_path, "--db", desk, "stats", *PERIOD, "--cases", "flagged")
    assert data["count"] == 3
    assert [c["booking_number"] for c in data["cases"]] == [
        "2010-004512", "2011-000101", "2012-000777",
    ]  # fmt: skip
    result = run(tmp_path, "--db", desk, "stats", *PERIOD, "--cases", "decisions.pending")
    assert result.returncode == 0, result.stderr
    assert "No decision yet (decisions.pending): 1 case" in result.stdout
    assert "2010-004512" in result.stdout and "2011-000101" not in result.stdout
    assert "Núñez" not in result.stdout  # ids and numbers, never names
    month = ok_json(tmp_path, "--db", desk, "stats", *PERIOD, "--cases", "months.2011-01.flagged")
    assert [c["booking_number"] for c in month["cases"]] == ["2011-000101"]


def test_stats_refuses_an_unknown_figure(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "stats", *PERIOD, "--cases", "decisions.maybe")
    assert_one_line_error(result, "decisions.maybe", "stats --json")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "2012-12-31", "--to", "2010-01-01"), ("--to", "ends (01/01/2010) before")),
        (("--from", "13/45/2010", "--to", "2010-01-01"), ("--from", "13/45/2010")),
        (("--to", "2010-01-01"), ("--from", "first day")),
        (("--from", "01/01/2099", "--to", "12/31/2099"), ("--from", "after today")),
        ((*PERIOD, "--facility", "Nowhere Jail"), ("Nowhere Jail", "Alder County Main Jail")),
    ],
)
def test_stats_refuses_a_bad_period_in_one_line(tmp_path, desk, args, words):
    assert_one_line_error(run(tmp_path, "--db", desk, "stats", *args), *words)


def test_export_cases_writes_the_csv_and_logs_it(tmp_path, desk):
    out = tmp_path / "cases.csv"
    result = run(tmp_path, "--db", desk, "export", "cases", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"3 rows of cases written to {out}; export ")
    rows = csv_rows(out)
    at = rows[0].index("Family name")
    assert [r[at] for r in rows[1:]] == ["O'Neil", "Nguyễn", "Núñez"]
    (logged,) = exports(desk)
    db = open_database(desk)
    me = current_staff(db)
    db.close()
    assert (logged.staff_id, logged.what, logged.format, logged.row_count) == (me.id, "cases",
                                                                              "csv", 3)  # fmt: skip
    assert logged.sha256 == sha256(out) and logged.file_name == "cases.csv"


def test_export_cases_keeps_the_filters_given(tmp_path, desk):
    out = tmp_path / "cases.csv"
    args = ("--from", "01/31/2011", "--to", "2012-12-31", "--facility", "North Valley Detention "
            "Annex")  # fmt: skip
    result = run(tmp_path, "--db", desk, "export", "cases", *args, "-o", out)
    assert result.stdout.startswith("1 row of cases written"), result.stderr
    assert csv_rows(out)[1][1] == "2011-000101"
    result = run(tmp_path, "--db", desk, "export", "cases", "--search", "oneil", "-o", out)
    assert result.stdout.startswith("1 row of cases written"), result.stderr
    assert csv_rows(out)[1][1] == "2012-000777"
    assert [e.filters["query"]["search"] for e in exports(desk)] == ["oneil", None]
    assert exports(desk)[1].filters["query"]["booked_from"] == "2011-01-31"


def test_export_cases_as_a_public_release_workbook(tmp_path, desk):
    out = tmp_path / "public.xlsx"
    result = run(tmp_path, "--db", desk, "export", "cases", "--public-release", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "public release" in result.stdout
    rows = xlsx_rows(out)
    assert len(rows) == 4 and "Family name" not in rows[0] and "Booking #" not in rows[0]
    assert [v for v in IDENTIFYING if v in all_text(out)] == []
    assert [r[rows[0].index("Booked")] for r in rows[1:]] == ["2012-06", "2011-01", "2010-10"]
    (logged,) = exports(desk)
    assert logged.public_release and logged.format == "xlsx"


def test_export_statistics_writes_the_long_table(tmp_path, desk):
    out = tmp_path / "figures.csv"
    result = run(tmp_path, "--db", desk, "export", "statistics", *PERIOD, "-o", out)
    assert result.returncode == 0, result.stderr
    by_key = {r[1]: r for r in csv_rows(out)[1:]}
    assert by_key["detainers"][3] == "1"
    assert exports(desk)[0].what == "statistics"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("-o", "{tmp}/cases.txt"), ("cases.txt", ".csv", ".xlsx")),
        (("-o", "{tmp}/no such folder/cases.csv"), ("no such folder", "does not exist")),
        (("--from", "2011-01-01", "--to", "2010-01-01", "-o", "{tmp}/c.csv"), ("--to", "before")),
        (("--from", "02/30/2010", "-o", "{tmp}/c.csv"), ("--from", "02/30/2010")),
        (("--facility", "Nowhere", "-o", "{tmp}/c.csv"), ("--facility", "Nowhere")),
    ],
)
def test_export_refuses_in_one_line_and_writes_nothing(tmp_path, desk, args, words):
    args = [a.format(tmp=tmp_path) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert_one_line_error(run(tmp_path, "--db", desk, "export", "cases", *args), *words)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert exports(desk) == []


def test_export_refuses_an_option_the_list_does_not_have(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "export", "optouts", "--search", "x", "-o",
                 tmp_path / "o.csv")  # fmt: skip
    assert_one_line_error(result, "--search", "export optouts")


def test_every_key_the_text_shows_is_one_cases_takes(desk, capsys):
    """Totals have no key (no figure's cases add up to them); every key printed works."""
    assert main.main(["--db", str(desk), "stats", *PERIOD]) == 0
    text = capsys.readouterr().out
    shown = set(re.findall(r"(?<!\S)([a-z_]+(?:\.[A-Za-z0-9_-]+)+)(?!\S)", text))
    shown = {key for key in shown if "YYYY" not in key}  # the months' pattern, in a title
    assert {"decisions.pending", "forms.i247_2008", "share.no_conviction"} <= shown
    assert not [key for key in shown if key.endswith(".total")]
    assert "(held_beyond_release)" in text and "held_beyond_release." not in text
    for key in sorted(shown | {"held_beyond_release", "flagged"}):
        assert main.main(["--db", str(desk), "stats", *PERIOD, "--cases", key, "--json"]) == 0, (
            key, capsys.readouterr().err,
        )  # fmt: skip
    capsys.readouterr()


@pytest.fixture
def two_agencies(desk):
    """The 2012 case booked by another agency (ORI CA0010000)."""
    db = open_database(desk)
    db.execute("UPDATE bookings SET agency_ori = 'CA0010000' WHERE booking_number = '2012-000777'")
    db.close()
    return desk


def test_stats_and_export_statistics_count_one_agency(tmp_path, two_agencies):
    data = ok_json(tmp_path, "--db", two_agencies, "stats", *PERIOD, "--agency", "ca0010000")
    assert data["filters"] == {"facility": None, "agency_ori": "CA0010000"}
    assert {c["key"]: c["value"] for c in data["headline"]}["flagged"] == 1
    out = tmp_path / "figures.csv"
    result = run(tmp_path, "--db", two_agencies, "export", "statistics", *PERIOD, "--agency",
                 "CA0990000", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {r[1]: r for r in csv_rows(out)[1:]}["flagged"][3] == "2"
    assert exports(two_agencies)[0].filters["filters"]["agency_ori"] == "CA0990000"


@pytest.mark.parametrize("command", [("stats",), ("export", "statistics", "-o", "{tmp}/f.csv")])
def test_an_unknown_agency_is_refused_in_one_line(tmp_path, two_agencies, command):
    command = [a.format(tmp=tmp_path) for a in command]
    result = run(tmp_path, "--db", two_agencies, *command, *PERIOD, "--agency", "CA9999999")
    assert_one_line_error(result, "--agency", "CA9999999", "CA0010000; CA0990000")
    assert not (tmp_path / "f.csv").exists() and exports(two_agencies) == []


def test_the_agency_is_not_an_option_of_a_list(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "export", "cases", "--agency", "CA0990000", "-o",
                 tmp_path / "c.csv")  # fmt: skip
    assert_one_line_error(result, "--agency", "export cases")


@pytest.mark.parametrize("search", ["x", "7", "--search=-.", "  ", "é"])
def test_a_case_search_too_short_to_search_is_refused(tmp_path, desk, search):
    option = [search] if search.startswith("--search=") else ["--search", search]
    result = run(tmp_path, "--db", desk, "export", "cases", *option, "-o", tmp_path / "c.csv")
    assert_one_line_error(result, "--search: type at least 2 letters or digits")
    assert not (tmp_path / "c.csv").exists() and exports(desk) == []


def test_a_blank_correspondence_search_is_refused(tmp_path, desk):
    result = run(tmp_path, "--db", desk, "export", "correspondence", "--search", " ", "-o",
                 tmp_path / "c.csv")  # fmt: skip
    assert_one_line_error(result, "--search")
    assert exports(desk) == []


@pytest.mark.parametrize("what", ["optouts", "letters", "detainers", "statistics"])
def test_a_search_given_to_a_list_without_one_is_refused_even_empty(tmp_path, desk, what):
    result = run(tmp_path, "--db", desk, "export", what, *PERIOD, "--search", "", "-o",
                 tmp_path / "o.csv")  # fmt: skip
    assert_one_line_error(result, "--search", f"export {what}")
    assert not (tmp_path / "o.csv").exists() and exports(desk) == []


def test_a_file_name_too_long_is_refused_in_one_line_and_a_long_one_is_written(tmp_path, desk):
    too_long = tmp_path / ("c" * 300 + ".csv")
    result = run(tmp_path, "--db", desk, "export", "cases", "-o", too_long)
    assert_one_line_error(result, str(too_long), "too long")
    long = tmp_path / ("c" * 251 + ".csv")  # 255 characters: the most a name may have
    result = run(tmp_path, "--db", desk, "export", "cases", "-o", long)
    assert result.returncode == 0, result.stderr
    assert len(csv_rows(long)) == 4 and [e.file_name for e in exports(desk)] == [long.name]


def test_export_statistics_and_stats_csv_say_as_of_in_county_time(tmp_path, desk):
    out = tmp_path / "figures.xlsx"
    result = run(tmp_path, "--db", desk, "export", "statistics", *PERIOD, "-o", out)
    assert result.returncode == 0, result.stderr
    as_of = {r[0]: r for r in xlsx_rows(out, "Summary")[1:]}["as_of"][1]
    assert re.fullmatch(r"As of: \d{4}-\d{2}-\d{2} \d{2}:\d{2} P[SD]T", as_of), as_of
    text = run(tmp_path, "--db", desk, "stats", *PERIOD, "--csv").stdout
    row = next(r for r in csv.reader(io.StringIO(text)) if r[1] == "as_of")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} P[SD]T", row[3]), row
