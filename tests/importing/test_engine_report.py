"""The error report: UTF-8 with BOM, one line per problem, written whole or not at all."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import replace

import pytest

from models.importing.report import (
    ReportError,
    default_report_path,
    is_error_report,
    write_error_report,
)
from tests.importing.engine_cases import RowProblem, case, run

PROBLEMS = (
    RowProblem(4, "DOB", "2/30/1984", "February has no 30th day"),
    RowProblem(5, None, None, "not imported: line 4 of the same booking was rejected"),
    RowProblem(9, "Name", 'Nguyễn, "Thị"', "a name, quoted"),
)


@pytest.fixture
def result(db, actor):
    return replace(run(db, actor, [case("B-1")]), problems=PROBLEMS, rejected=3)


def test_default_report_path_is_beside_the_source(tmp_path):
    assert default_report_path(tmp_path / "jail export.psv") == tmp_path / "jail export.errors.csv"


def test_the_report_is_utf8_with_bom_and_one_line_per_problem(result, tmp_path):
    path = write_error_report(result, tmp_path / "x.errors.csv")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["line", "column", "value", "reason"],
        ["4", "DOB", "2/30/1984", "February has no 30th day"],
        ["5", "", "", "not imported: line 4 of the same booking was rejected"],
        ["9", "Name", 'Nguyễn, "Thị"', "a name, quoted"],
    ]


def test_the_report_replaces_an_old_one_whole_and_leaves_no_temporary_file(result, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "x.errors.csv"
    target.write_text("line,column,value,reason\n" + "old report\n" * 1000, encoding="utf-8")
    write_error_report(replace(result, problems=PROBLEMS[:1]), target)
    assert target.read_text(encoding="utf-8-sig").count("\n") == 2
    assert [p.name for p in folder.iterdir()] == ["x.errors.csv"]


def test_a_folder_that_cannot_be_written_is_a_clear_error_saying_the_import_stands(
    result, tmp_path
):
    with pytest.raises(ReportError) as caught:
        write_error_report(result, tmp_path / "missing" / "x.errors.csv")
    message = str(caught.value)
    assert "could not be written" in message and str(tmp_path / "missing") in message
    assert f"the import itself stands (import {result.batch_id})" in message


def test_the_report_never_replaces_the_imported_file(result, tmp_path):
    source = tmp_path / "jail.csv"
    source.write_text("Booking #,Last\nJ-1,Smith\n", encoding="utf-8")
    for replace_any in (False, True):
        with pytest.raises(ReportError, match="would replace the imported file jail.csv"):
            write_error_report(result, source, source=source, replace_any=replace_any)
    assert source.read_text(encoding="utf-8") == "Booking #,Last\nJ-1,Smith\n"


def test_a_file_that_is_not_an_error_report_is_replaced_only_when_the_clerk_chose_it(
    result, tmp_path
):
    target = tmp_path / "jail.errors.csv"
    target.write_text("my corrected copy\n", encoding="utf-8")
    with pytest.raises(ReportError, match="already exists and is not an error report"):
        write_error_report(result, target)
    assert target.read_text(encoding="utf-8") == "my corrected copy\n"
    write_error_report(result, target, replace_any=True)  # chosen in the Save dialog
    assert is_error_report(target)


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_inert(result, tmp_path):
    formulas = (
        RowProblem(4, "DOB", '=HYPERLINK("http://x","click")', "not a date"),
        RowProblem(5, "@Name", "+1-555", "-not a reason"),
        RowProblem(6, "Sex", "-", "not a sex"),
    )
    path = write_error_report(replace(result, problems=formulas), tmp_path / "x.errors.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[1:] == [
        ["4", "DOB", '\'=HYPERLINK("http://x","click")', "not a date"],
        ["5", "'@Name", "'+1-555", "'-not a reason"],
        ["6", "Sex", "'-", "not a sex"],
    ]
