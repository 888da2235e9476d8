"""``import FILE`` and ``imports list|undo`` via ``main.main``: exit codes, JSON, error report."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os

import pytest

import main
from models.staff import current_staff
from models.store import open_database
from tests.importing.files import write_csv

HEADER = ["Booking Number", "ORI", "Last Name", "First Name", "DOB", "Booking Date", "Facility",
          "Charge"]  # fmt: skip
ROWS = [
    ["24-0001", "WA0170000", "Núñez", "María José", "3/9/1984", "4/21/2017 11:43", "Main Jail",
     "BURGLARY"],
    ["24-0002", "WA0170000", "O'Neil", "Sean", "12/1/1979", "4/22/2017 08:05", "Main Jail",
     "ROBBERY"],
    ["24-0003", "WA0170000", "Nguyễn", "Thị", "7/4/1990", "4/23/2017 23:59", "North Annex",
     "DUI"],
]  # fmt: skip
MAPPING = {
    "version": 1,
    "columns": {
        "booking.booking_number": "Booking Number",
        "booking.agency_ori": "ORI",
        "person.family_name": "Last Name",
        "person.given_names": "First Name",
        "person.date_of_birth": "DOB",
        "booking.booked_at": "Booking Date",
        "booking.facility": "Facility",
        "charge.description": "Charge",
    },
    "constants": {},
    "notes_from": [],
    "key_fallback": "reject",
    "read": {},
}
KEYS = {"created", "updated", "skipped", "rejected", "rows_read", "batch_id", "dry_run",
        "error_report", "encoding", "delimiter", "header_row", "profile"}  # fmt: skip


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    current_staff(db)  # the first login: administrator
    db.close()
    mapping = tmp_path / "jail.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    return path, mapping


def cli(capsys, *argv):
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_with_a_mapping_file_prints_json_counts_and_exits_0(desk, tmp_path, capsys):
    db_path, mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    code, out, err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json")
    assert code == 0, err
    got = json.loads(out)
    assert set(got) == KEYS
    assert (got["created"], got["updated"], got["skipped"], got["rejected"]) == (3, 0, 0, 0)
    assert got["rows_read"] == 3 and got["dry_run"] is False and got["error_report"] is None
    assert isinstance(got["batch_id"], int)
    # The same file again: everything unchanged.
    code, out, _err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json")
    again = json.loads(out)
    assert code == 0 and (again["created"], again["skipped"]) == (0, 3)


def test_some_rows_rejected_exit_3_and_the_error_report_lists_them(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = ["24-0009", "WA0170000", "Lopez", "Ana", "2/30/1984", "4/21/2017 11:43", "Main Jail",
           "THEFT"]  # fmt: skip
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS, bad])
    code, out, err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json")
    assert code == 3, err
    got = json.loads(out)
    assert (got["created"], got["rejected"]) == (3, 1)
    report = tmp_path / "jail.errors.csv"
    assert got["error_report"] == str(report)
    data = report.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["line", "column", "value", "reason"]
    assert rows[1][0] == "5" and "2/30/1984" in rows[1] and rows[1][3]


def test_nothing_imported_exits_1_and_leaves_no_batch(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = [[*row[:4], "13/45/1984", *row[5:]] for row in ROWS]
    source = write_csv(tmp_path / "jail.csv", [HEADER, *bad])
    errors = tmp_path / "elsewhere.csv"
    code, out, _err = cli(
        capsys, "--db", db_path, "import", source, "--mapping", mapping, "--errors", errors
    )
    assert code == 1
    assert "Nothing was imported" in out and str(errors) in out
    assert errors.exists() and not (tmp_path / "jail.errors.csv").exists()
    code, out, _err = cli(capsys, "--db", db_path, "imports", "list", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_report_folder_is_an_error_but_the_import_stands(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = [*ROWS[0][:4], "2/30/1984", *ROWS[0][5:]]
    source = write_csv(tmp_path / "jail.csv", [HEADER, ROWS[1], bad])
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, out, err = cli(
            capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json",
            "--errors", locked / "errors.csv",
        )  # fmt: skip
    finally:
        locked.chmod(0o700)
    assert code == 3
    assert json.loads(out)["created"] == 1 and json.loads(out)["error_report"] is None
    assert "error report could not be written" in err and "the import itself stands" in err


def test_a_report_to_a_missing_folder_is_an_error_but_the_import_stands(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = [*ROWS[0][:4], "2/30/1984", *ROWS[0][5:]]
    source = write_csv(tmp_path / "jail.csv", [HEADER, ROWS[1], bad])
    code, out, err = cli(
        capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json",
        "--errors", tmp_path / "no such folder" / "errors.csv",
    )  # fmt: skip
    assert code == 3
    assert json.loads(out)["created"] == 1
    assert "error report could not be written" in err and "the import itself stands" in err


def test_without_profile_or_mapping_the_guessed_columns_go_to_stderr_with_json(
    desk, tmp_path, capsys
):
    db_path, _mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    code, out, err = cli(capsys, "--db", db_path, "import", source, "--json", "--dry-run")
    assert code == 0, err
    got = json.loads(out)  # stdout is the JSON alone
    assert got["dry_run"] is True and got["batch_id"] is None and got["created"] == 3
    assert "Booking Number → booking.booking_number" in err
    assert "Last Name → person.family_name" in err
    code, out, _err = cli(capsys, "--db", db_path, "imports", "list", "--json")
    assert json.loads(out) == []  # the dry run left no batch


def test_imports_list_and_undo(desk, tmp_path, capsys):
    db_path, mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    _code, out, _err = cli(
        capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json"
    )
    batch = json.loads(out)["batch_id"]
    code, out, _err = cli(capsys, "--db", db_path, "imports", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [b["id"] for b in listed] == [batch]
    assert listed[0]["file_name"] == "jail.csv" and listed[0]["created"] == 3
    assert listed[0]["undone_at"] is None
    code, out, _err = cli(capsys, "--db", db_path, "imports", "list")
    assert code == 0 and "jail.csv" in out and "created 3" in out
    code, out, _err = cli(capsys, "--db", db_path, "imports", "undo", batch)
    assert code == 0 and "3 bookings removed" in out
    code, _out, err = cli(capsys, "--db", db_path, "imports", "undo", batch)
    assert code == 1 and err.startswith("detainer-desk: error: ") and "already undone" in err
    code, _out, err = cli(capsys, "--db", db_path, "imports", "undo", 999)
    assert code == 1 and "There is no import number 999" in err


def test_an_unknown_profile_is_a_one_line_error(desk, tmp_path, capsys):
    db_path, _mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    code, _out, err = cli(capsys, "--db", db_path, "import", source, "--profile", "Nope")
    assert code == 1 and err.startswith("detainer-desk: error: ") and err.count("\n") == 1


def test_an_error_report_onto_the_imported_file_is_refused_and_the_file_kept(
    desk, tmp_path, capsys
):
    db_path, mapping = desk
    bad = [*ROWS[0][:4], "2/30/1984", *ROWS[0][5:]]
    source = write_csv(tmp_path / "jail.csv", [HEADER, ROWS[1], bad])
    before = source.read_bytes()
    code, out, err = cli(
        capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json",
        "--errors", source,
    )  # fmt: skip
    assert code == 3
    assert json.loads(out)["error_report"] is None
    assert "would replace the imported file jail.csv" in err
    assert source.read_bytes() == before


def test_a_clean_run_removes_the_earlier_report_of_that_file(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = [*ROWS[0][:4], "2/30/1984", *ROWS[0][5:]]
    source = write_csv(tmp_path / "jail.csv", [HEADER, ROWS[1], bad])
    code, _out, _err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping)
    report = tmp_path / "jail.errors.csv"
    assert code == 3 and report.exists()
    write_csv(source, [HEADER, *ROWS])  # the clerk fixed the date of birth
    code, out, _err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping)
    assert code == 0
    assert not report.exists()
    assert "the earlier error report" in out and "was removed" in out


def test_a_file_beside_it_that_is_not_a_report_is_never_replaced(desk, tmp_path, capsys):
    db_path, mapping = desk
    bad = [*ROWS[0][:4], "2/30/1984", *ROWS[0][5:]]
    source = write_csv(tmp_path / "jail.csv", [HEADER, ROWS[1], bad])
    mine = tmp_path / "jail.errors.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    code, out, err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping)
    assert code == 3
    assert "already exists and is not an error report" in err
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_how_the_file_was_read_is_printed_and_in_the_json(desk, tmp_path, capsys):
    db_path, mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    code, out, _err = cli(capsys, "--db", db_path, "import", source, "--mapping", mapping)
    assert code == 0
    assert "Reading jail.csv:" in out and "encoding: UTF-8" in out and "header row: line 1" in out
    code, out, _err = cli(
        capsys, "--db", db_path, "import", source, "--mapping", mapping, "--json", "--dry-run"
    )
    got = json.loads(out)
    assert (got["encoding"], got["delimiter"], got["header_row"]) == ("utf-8", ",", 1)


def test_a_header_row_of_zero_is_a_usage_error(desk, tmp_path, capsys):
    db_path, mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    with pytest.raises(SystemExit) as caught:
        main.main(["--db", str(db_path), "import", str(source), "--header-row", "0"])
    assert caught.value.code == 2
    assert "is not a row number" in capsys.readouterr().err


def test_a_refused_import_with_json_still_prints_json(desk, tmp_path, capsys):
    db_path, _mapping = desk
    source = write_csv(tmp_path / "jail.csv", [HEADER, *ROWS])
    code, out, err = cli(capsys, "--db", db_path, "import", source, "--profile", "Nope", "--json")
    assert code == 1
    got = json.loads(out)
    assert got["imported"] is False and "Nope" in got["error"]
    assert err.startswith("detainer-desk: error: ")
