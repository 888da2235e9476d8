"""``report board`` and ``report forum``, run as a user runs them: ``main.py`` in a subprocess.

The database is the hand-worked county year of tests/models/stats, made by the same
operating-system login the subprocess runs as.
"""

from __future__ import annotations

import argparse

import pytest

from models import cli_reports
from models.errors import DeskError
from models.staff import current_staff
from models.store import open_database
from tests.cli.test_cli_detainers import assert_one_line_error, run
from tests.models.reports.report_helpers import county_year, text_of
from tests.pdf_tools import qpdf_check


@pytest.fixture
def desk(tmp_path, case_factory):
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    county_year(db, current_staff(db), case_factory)
    db.close()
    return path


def report(tmp_path, path, *args):
    return run(tmp_path, "--db", path, "report", *args)


def test_board_writes_the_report_in_english_and_spanish(tmp_path, desk):
    out = tmp_path / "board.pdf"
    result = report(
        tmp_path, desk, "board", "--from", "01/01/2010", "--to", "2010-12-31",
        "--staff-hours", "1.5", "--hourly-cost", "45.50", "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Board report (English, ")
    assert result.stdout.rstrip().endswith(f"01/01/2010 – 12/31/2010) written to {out}.")
    data = out.read_bytes()
    qpdf_check(data)
    text = text_of(data)
    assert "50% of the people flagged (2 of 4) had no criminal conviction." in text
    assert "5 detainers × 1.5 staff hours each × $45.50 an hour = $341.25." in text

    spanish = tmp_path / "junta.pdf"
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--lang", "es", "--facility", "North Branch Jail", "-o", spanish)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Board report (Spanish, ")
    text = text_of(spanish.read_bytes())
    assert "Arrestos contados: centro de detención North Branch Jail." in text
    assert "El 100 % de las personas señaladas (1 de 1) no tenía ninguna condena penal." in text
    assert "Estimación del costo" not in text


def test_forum_writes_the_community_forum_report(tmp_path, desk):
    out = tmp_path / "forum.pdf"
    result = report(tmp_path, desk, "forum", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--lang", "ES", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Community-forum report (Spanish, ")
    text = text_of(out.read_bytes())
    assert "Acceso de ICE por tipo" in text and "Retención solicitada 4" in text


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        (("2010-12-31", "2010-01-01"), "--to: The period ends (01/01/2010) before it starts"),
        (("2099-01-01", "2099-12-31"), "--from: The period starts on 01/01/2099, after today"),
        (("2010-02-30", "2010-12-31"), "--from: “2010-02-30” is not a real calendar date"),
        (("01/01/2010", "someday"), "--to: “someday” is not a date"),
        (("", "2010-12-31"), "--from: Enter the first day of the period."),
    ],
)
def test_a_bad_period_exits_1_and_writes_nothing(tmp_path, desk, dates, words):
    out = tmp_path / "board.pdf"
    result = report(tmp_path, desk, "board", "--from", dates[0], "--to", dates[1], "-o", out)
    assert_one_line_error(result, words)
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*saving"))


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--staff-hours", "1.5"), "--hourly-cost: Give the hourly cost too"),
        (("--staff-hours", "lots", "--hourly-cost", "40"), "--staff-hours: The hours per detainer"),
        (("--lang", "zh"), "--lang: Reports are printed in en (English) or es (Spanish)"),
    ],
)
def test_a_bad_option_exits_1_and_writes_nothing(tmp_path, desk, extra, words):
    out = tmp_path / "board.pdf"
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    *extra, "-o", out)  # fmt: skip
    assert_one_line_error(result, words)
    assert not out.exists()


def test_the_facility_is_matched_in_any_case_and_an_unknown_one_is_refused(tmp_path, desk):
    out = tmp_path / "board.pdf"
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--facility", "  north BRANCH jail ", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = text_of(out.read_bytes())
    assert "Arrests counted: facility North Branch Jail." in text
    assert "100% of the people flagged (1 of 1) had no criminal conviction." in text
    out.unlink()

    result = report(tmp_path, desk, "forum", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--facility", "South Jail", "-o", out)  # fmt: skip
    assert_one_line_error(
        result,
        "--facility: There is no facility called “South Jail” (known: Alder County Main Jail; "
        "North Branch Jail).",
    )
    assert not out.exists()


def test_an_agency_no_booking_names_is_refused(tmp_path, desk):
    out = tmp_path / "board.pdf"
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--agency", "CA9999999", "-o", out)  # fmt: skip
    assert_one_line_error(
        result, "--agency: No booking has the arresting agency ORI “CA9999999” (known: CA0990000"
    )
    assert not out.exists()
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    "--agency", "ca0990000", "-o", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = text_of(out.read_bytes())
    assert "Arrests counted: arresting agency ORI CA0990000." in text
    assert "Arrests flagged (IDENT match) 5" in text  # every booking of the county year


@pytest.mark.parametrize("name", ["board.txt", "board", "board.pdf.docx"])
def test_the_output_must_be_a_pdf(tmp_path, desk, name):
    result = report(tmp_path, desk, "board", "--from", "2010-01-01", "--to", "2010-12-31",
                    "-o", tmp_path / name)  # fmt: skip
    assert_one_line_error(result, "the report is a PDF; give a file name ending in .pdf.")
    assert not (tmp_path / name).exists()


def test_an_unwritable_output_exits_1_with_the_reason(tmp_path, desk):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for target, words in (
        (tmp_path / "missing" / "board.pdf", "the folder"),
        (tmp_path, "is a folder"),
        (blocker / "board.pdf", "does not exist"),
    ):
        result = report(tmp_path, desk, "forum", "--from", "2010-01-01", "--to", "2010-12-31",
                        "-o", target)  # fmt: skip
        assert_one_line_error(result, words)
    assert list(tmp_path.glob("**/*.pdf")) == []


def test_a_write_that_fails_at_the_end_leaves_no_file(tmp_path, desk, monkeypatch):
    out = tmp_path / "board.pdf"

    def fail(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli_reports, "write_atomically", fail)
    args = argparse.Namespace(report_command="board", start="2010-01-01", end="2010-12-31",
                              lang="en", staff_hours=None, hourly_cost=None, facility=None,
                              agency=None, output=str(out))  # fmt: skip
    with pytest.raises(DeskError, match="No space left on device. Nothing was saved."):
        cli_reports.run(desk, args)
    assert not out.exists()


def test_the_report_needs_a_kind(tmp_path, desk):
    result = report(tmp_path, desk)
    assert result.returncode == 2 and "KIND" in result.stderr
