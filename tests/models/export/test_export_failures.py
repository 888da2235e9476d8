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
from tests.models.export.export_helpers import NOW, add_people, csv_rows, leftovers

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


@pytest.mark.parametrize("length", [239, 250, 255])
def test_a_long_but_legal_file_name_is_exported(db, actor, people, out, length):
    """The temporary file's name is short: a name the disk takes is never too long for it."""
    name = "c" * (length - len(".csv")) + ".csv"
    result = export(db, actor, out / name)
    assert result.row_count == 3 and (out / name).is_file()
    assert leftovers(out) == [name]
    assert list_exports(db)[0].file_name == name


def test_a_file_name_too_long_for_the_disk_is_refused_in_one_line(db, actor, people, out):
    target = out / ("c" * 300 + ".csv")
    with pytest.raises(DeskError) as info:
        export(db, actor, target)
    message = str(info.value)
    assert str(target) in message and "too long" in message and "\n" not in message
    assert leftovers(out) == [] and nothing_logged(db)


def test_a_name_of_accented_letters_is_measured_in_bytes(db, actor, people, out):
    target = out / ("é" * 130 + ".csv")  # 134 letters, 264 bytes
    with pytest.raises(DeskError, match=r"too long \(264 bytes"):
        export(db, actor, target)
    assert leftovers(out) == [] and nothing_logged(db)


def test_a_clean_up_that_fails_does_not_hide_why_the_export_failed(
    db, actor, people, out, monkeypatch
):
    def refuse(*_args, **_kwargs):
        raise StoreError("Nothing was saved: the database file is read-only")

    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name.endswith(".saving"):
            raise OSError(errno.EIO, "Input/output error")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(export_writer, "insert_audited", refuse)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StoreError, match="read-only"):
        export(db, actor, out / "cases.csv")
    assert nothing_logged(db)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_commit_failing_after_the_rename_puts_the_earlier_file_back(
    db, actor, people, out, monkeypatch, suffix
):
    target = out / f"cases.{suffix}"
    target.write_bytes(b"last week's export")
    real = export_writer.write_transaction

    @contextmanager
    def failing_commit(database):
        with real(database):
            yield database
            assert target.read_bytes() != b"last week's export"  # the new file was in place
            raise StoreError("Nothing was saved: the disk is full")

    monkeypatch.setattr(export_writer, "write_transaction", failing_commit)
    with pytest.raises(StoreError, match="disk is full"):
        export(db, actor, target)
    assert target.read_bytes() == b"last week's export"
    assert leftovers(out) == [f"cases.{suffix}"] and nothing_logged(db)


def test_a_rename_failing_puts_the_earlier_file_back(db, actor, people, out, monkeypatch):
    target = out / "cases.csv"
    target.write_bytes(b"last week's export")
    real = os.replace

    def replace(src, dst):
        if Path(src).name.endswith(".saving"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(export_writer.os, "replace", replace)
    with pytest.raises(DeskError, match=f"Could not write {target}: Input/output error"):
        export(db, actor, target)
    assert target.read_bytes() == b"last week's export"
    assert leftovers(out) == ["cases.csv"] and nothing_logged(db)


def test_a_successful_export_leaves_no_copy_of_the_earlier_file(db, actor, people, out):
    target = out / "cases.csv"
    target.write_bytes(b"last week's export")
    export(db, actor, target)
    assert b"last week" not in target.read_bytes() and len(csv_rows(target)) == 4
    assert leftovers(out) == ["cases.csv"]


@pytest.mark.skipif(os.name == "nt", reason="a backslash separates folders on Windows")
def test_a_backslash_in_a_file_name_is_a_legal_name_and_logged(db, actor, people, out):
    name = "cases\\2010.csv"
    result = export(db, actor, out / name)
    assert result.row_count == 3 and leftovers(out) == [name]
    assert list_exports(db)[0].file_name == name


def test_a_log_row_the_database_refuses_is_said_so_not_called_a_read_failure(
    db, actor, people, out
):
    db.execute(
        "CREATE TEMP TRIGGER refuse_exports BEFORE INSERT ON main.exports "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: refused'); END"
    )
    with pytest.raises(StoreError) as info:
        export(db, actor, out / "cases.csv")
    message = str(info.value)
    assert "could not be read" not in message and "export log refused" in message
    assert "cases.csv" in message and "\n" not in message
    db.execute("DROP TRIGGER temp.refuse_exports")
    assert leftovers(out) == [] and nothing_logged(db)
