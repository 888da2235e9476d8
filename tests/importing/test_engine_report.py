"""The error report: UTF-8 with BOM, one line per problem, written whole or not at all."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import replace

import pytest

from models.importing.report import ReportError, default_report_path, write_error_report
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
    target.write_text("old report\n" * 1000, encoding="utf-8")
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
