"""What goes wrong while exporting leaves no file (not even half of one) and no log row."""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from models.case_list import CaseQuery
from models.errors import DeskError, StoreError
from models.export import ExportCancelled, case_source, list_exports, run_export
from models.export import writer as export_writer
from tests.models.export.export_helpers import NOW, add_people, leftovers

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def people(db, actor):
    return add_people(db, actor)


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def export(db, actor, path, **kw):
    source = case_source(db, CaseQuery(), LA)
    return run_export(db, actor, source, path, tz=LA, now=NOW, **kw)


def nothing_logged(db) -> bool:
    audit = db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'exports'").fetchone()
    return list_exports(db) == [] and audit[0] == 0


@pytest.mark.parametrize("name", ["cases.txt", "cases", "cases.xls", "cases.csv.bak"])
def test_a_file_name_ending_in_neither_csv_nor_xlsx_is_refused(db, actor, people, out, name):
    with pytest.raises(DeskError) as info:
        export(db, actor, out / name)
    message = str(info.value)
    assert str(out / name) in message and ".csv" in message and ".xlsx" in message
    assert leftovers(out) == [] and nothing_logged(db)


def test_the_ending_is_read_in_any_case(db, actor, people, out):
    assert export(db, actor, out / "CASES.XLSX").format == "xlsx"


def test_a_missing_folder_is_named(db, actor, people, out):
    target = out / "no such folder" / "cases.csv"
    with pytest.raises(DeskError, match="the folder .*no such folder does not exist"):
        export(db, actor, target)
    assert leftovers(out) == [] and nothing_logged(db)


def test_a_folder_given_as_the_file_is_refused(db, actor, people, out):
    with pytest.raises(DeskError, match="that is a folder"):
        export(db, actor, out)
    assert nothing_logged(db)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_by_name(db, actor, people, out):
    out.chmod(0o500)
    try:
        with pytest.raises(DeskError, match=f"Could not write {out / 'cases.csv'}: you do not"):
            export(db, actor, out / "cases.csv")
    finally:
        out.chmod(0o700)
    assert leftovers(out) == [] and nothing_logged(db)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux's /sys")
def test_a_folder_nobody_may_write_is_refused_by_name(db, actor, people):
    with pytest.raises(DeskError, match="Could not write /sys/cases.csv: you do not have perm"):
        export(db, actor, "/sys/cases.csv")
    assert nothing_logged(db)


def test_a_folder_refusing_the_check_file_is_refused(db, actor, people, out, monkeypatch):
    def refuse(_folder):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(export_writer, "check_writable_folder", refuse)
    with pytest.raises(DeskError, match="you do not have permission to write there"):
        export(db, actor, out / "cases.xlsx")
    assert leftovers(out) == [] and nothing_logged(db)


class FullDisk(io.FileIO):
    """A file on a disk with ``room`` bytes left: the write that passes it fails (ENOSPC)."""

    room = 400
    failed = False

    def write(self, data) -> int:
        if self.tell() + len(data) > self.room:
            FullDisk.failed = True
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_disk_filling_up_mid_write_leaves_the_old_file_and_no_row(
    db, actor, people, out, monkeypatch, suffix
):
    FullDisk.failed = False
    monkeypatch.setattr(export_writer, "open_temporary", lambda path: FullDisk(path, "x"))
    target = out / f"cases.{suffix}"
    target.write_bytes(b"last week's export")
    with pytest.raises(DeskError) as info:
        export(db, actor, target)
    assert FullDisk.failed  # the disk really filled up part-way through
    assert str(info.value) == f"Could not write {target}: the disk is full. Nothing was exported."
    assert target.read_bytes() == b"last week's export"
    assert leftovers(out) == [f"cases.{suffix}"]
    assert nothing_logged(db)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_cancel_at_the_first_report_leaves_nothing(db, actor, people, out, suffix):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return False

    with pytest.raises(ExportCancelled):
        export(db, actor, out / f"cases.{suffix}", progress=progress)
    assert seen == [(0, 3)]
    assert leftovers(out) == [] and nothing_logged(db)


def test_a_cancel_once_every_row_is_written_still_leaves_nothing(db, actor, people, out):
    seen = []

    def progress(done, total):
        seen.append(done)
        return done < total

    with pytest.raises(ExportCancelled):
        export(db, actor, out / "cases.csv", progress=progress)
    assert seen == [0, 3]
    assert leftovers(out) == [] and nothing_logged(db)


def test_progress_is_reported_every_so_many_rows(db, actor, people, out, monkeypatch):
    monkeypatch.setattr(export_writer, "PROGRESS_EVERY", 2)
    seen = []
    export(db, actor, out / "cases.csv", progress=lambda done, total: seen.append(done) or True)
    assert seen == [0, 2, 3]


def test_a_log_row_that_cannot_be_written_leaves_no_file(db, actor, people, out, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise StoreError("Nothing was saved: the database file is read-only")

    monkeypatch.setattr(export_writer, "insert_audited", refuse)
    with pytest.raises(StoreError, match="read-only"):
        export(db, actor, out / "cases.csv")
    assert leftovers(out) == [] and nothing_logged(db)


def test_a_commit_failing_after_the_rename_takes_the_file_back_out(
    db, actor, people, out, monkeypatch
):
    """The rename happens inside the transaction; if the commit then fails, so does the file."""
    real = export_writer.write_transaction
    renamed = []

    @contextmanager
    def failing_commit(database):
        with real(database):
            yield database
            renamed.append(sorted(p.name for p in out.iterdir()))
            raise StoreError("Nothing was saved: the disk is full")

    monkeypatch.setattr(export_writer, "write_transaction", failing_commit)
    with pytest.raises(StoreError, match="disk is full"):
        export(db, actor, out / "cases.csv")
    assert renamed == [["cases.csv"]]  # it was in place when the commit failed
    assert leftovers(out) == [] and nothing_logged(db)


def test_more_rows_than_an_excel_sheet_holds_are_refused(db, actor, people, out, monkeypatch):
    monkeypatch.setattr(export_writer, "EXCEL_MAX_ROWS", 2)
    with pytest.raises(DeskError, match="the list has 3 rows; an Excel sheet holds at most 2"):
        export(db, actor, out / "cases.xlsx")
    # A list that grows past the limit while it is written is stopped there.
    source = dataclasses.replace(case_source(db, CaseQuery(), LA), total=None)
    with pytest.raises(
        DeskError, match=r"cases\.xlsx: the list has more than 2 rows.*as a \.csv file"
    ):
        run_export(db, actor, source, out / "cases.xlsx", tz=LA)
    assert leftovers(out) == [] and nothing_logged(db)
    assert export(db, actor, out / "cases.csv").row_count == 3  # CSV has no such limit
