"""The command line, run as a user runs it: ``python main.py ...`` in a subprocess."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.demo import DEMO_TOTAL

ROOT = Path(__file__).resolve().parents[2]
ROW_KEYS = {"id", "booking_number", "name", "a_number", "booked_at", "facility",
            "custody_status", "charges", "response_type"}


def run(home, *args, stdout=subprocess.PIPE):
    env = {**os.environ, "DETAINER_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, env=env,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                          timeout=120)


def assert_one_line_error(result, *words):
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("detainer-desk: error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo database built once through the command line: (home, db path)."""
    home = tmp_path_factory.mktemp("cli")
    path = home / "demo.sqlite3"
    for command in ("init", "demo"):
        result = run(home, "--db", path, command)
        assert result.returncode == 0, result.stderr
    return home, path


def list_json(home, path, *extra):
    result = run(home, "--db", path, "cases", "list", "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_init_demo_and_check_succeed(tmp_path):
    path = tmp_path / "desk.sqlite3"
    init = run(tmp_path, "--db", path, "init")
    assert init.returncode == 0, init.stderr
    assert "Database ready" in init.stdout and path.exists()
    demo = run(tmp_path, "--db", path, "demo")
    assert demo.returncode == 0, demo.stderr
    assert f"Added {DEMO_TOTAL} fictional demo cases" in demo.stdout
    again = run(tmp_path, "--db", path, "demo")
    assert again.returncode == 0 and "no demo cases were added" in again.stdout
    check = run(tmp_path, "--db", path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity: ok" in check.stdout and "chain intact" in check.stdout


def test_init_without_db_uses_the_data_folder(tmp_path):
    result = run(tmp_path / "home", "init")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "home" / "detainer-desk.sqlite3").exists()


def test_cases_list_json_prints_rows_newest_first(demo):
    rows = list_json(*demo)
    assert len(rows) == 50  # the default --limit
    assert all(set(row) == ROW_KEYS for row in rows)
    booked = [row["booked_at"] for row in rows]
    assert booked == sorted(booked, reverse=True)
    assert all(isinstance(row["id"], int) and row["charges"] for row in rows)


def test_cases_list_search_narrows(demo):
    everything = list_json(*demo, "--limit", "1000")
    assert len(everything) == DEMO_TOTAL
    target = everything[17]
    hits = list_json(*demo, "--search", target["booking_number"])
    assert [row["id"] for row in hits] == [target["id"]]
    family = target["name"].split(",")[0]
    by_name = list_json(*demo, "--search", family, "--limit", "1000")
    assert target["id"] in {row["id"] for row in by_name}
    assert 0 < len(by_name) < DEMO_TOTAL


def test_cases_list_limit(demo):
    assert len(list_json(*demo, "--limit", "3")) == 3


def test_cases_list_as_a_table(demo):
    result = run(demo[0], "--db", demo[1], "cases", "list", "--limit", "2")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "Booking"] and len(lines) == 3


def test_cases_show_json_prints_the_whole_case(demo):
    target = list_json(*demo, "--limit", "1")[0]
    result = run(demo[0], "--db", demo[1], "cases", "show", target["id"], "--json")
    assert result.returncode == 0, result.stderr
    case = json.loads(result.stdout)
    assert {"person", "booking", "charges", "matches", "id"} <= set(case)
    assert case["id"] == case["booking"]["id"] == target["id"]
    assert case["booking"]["booking_number"] == target["booking_number"]
    assert isinstance(case["charges"], list) and case["charges"]
    assert isinstance(case["matches"], list) and case["matches"]
    assert case["person"]["family_name"] == target["name"].split(",")[0]


def test_missing_case_id_is_one_line_error(demo):
    assert_one_line_error(run(demo[0], "--db", demo[1], "cases", "show", "99999"),
                          "no case number 99999")


def test_directory_as_db_is_one_line_error(tmp_path):
    assert_one_line_error(run(tmp_path, "--db", tmp_path, "cases", "list"), "is a folder")


def test_text_file_as_db_is_one_line_error_and_file_unchanged(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("To whom it may concern\n")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (["init"], ["cases", "list"], ["check"]):
        assert_one_line_error(run(tmp_path, "--db", path, *command), "not a SQLite file")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]


def test_missing_database_for_cases_list_is_one_line_error_and_not_created(tmp_path):
    path = tmp_path / "nothing.sqlite3"
    assert_one_line_error(run(tmp_path, "--db", path, "cases", "list"), "init")
    assert_one_line_error(run(tmp_path, "--db", path, "check"), "init")
    assert not path.exists()


@pytest.mark.parametrize("args", [
    ["cases", "show", "not-a-number"], ["cases"], ["sample"], ["--bogus"],
    ["cases", "list", "--limit", "many"], ["frobnicate"],
])
def test_usage_errors_exit_2(tmp_path, args):
    result = run(tmp_path, "--db", tmp_path / "desk.sqlite3", *args)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "desk.sqlite3").exists()


def test_check_fails_after_the_audit_log_is_tampered_with(tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run(tmp_path, "--db", path, "demo").returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET new_value = 'Someone Else' WHERE id = 40")
    conn.commit()
    conn.close()
    result = run(tmp_path, "--db", path, "check")
    assert result.returncode == 1
    assert "audit row 40 was altered" in result.stdout


def test_subcommand_never_imports_pyside6(tmp_path):
    code = ("import sys, main; rc = main.main(['--db', sys.argv[1], 'init']); "
            "assert rc == 0, rc; "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 imported'")
    env = {**os.environ, "DETAINER_DESK_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "desk.sqlite3")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "desk.sqlite3").exists()


def test_closed_stdout_pipe_is_not_a_traceback(demo):
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` after it has read what it wanted
    try:
        result = run(demo[0], "--db", demo[1], "cases", "list", "--json", "--limit", "200",
                     stdout=write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr


def test_staff_set_and_list_from_the_command_line(tmp_path):
    db = tmp_path / "staff.sqlite3"
    assert run(tmp_path, "--db", db, "init").returncode == 0  # this login: administrator
    added = run(tmp_path, "--db", db, "staff", "set", "jdoe", "--name", "Jane Doe",
                "--role", "attorney")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "jdoe: Jane Doe (attorney)"
    listing = json.loads(run(tmp_path, "--db", db, "staff", "list", "--json").stdout)
    assert {(s["os_login"], s["full_name"], s["role"]) for s in listing} >= {
        ("jdoe", "Jane Doe", "attorney")}
    assert_one_line_error(run(tmp_path, "--db", db, "staff", "set", "nobody"), "Give --name")
    assert run(tmp_path, "--db", db, "staff", "set", "jdoe", "--role", "boss").returncode == 2
