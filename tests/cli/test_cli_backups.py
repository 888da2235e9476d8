"""``backup``, ``backups`` and ``restore`` on the command line, run as a user runs them."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.cli.test_cli import ROOT, assert_one_line_error, run


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bookings(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM bookings").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def desk(tmp_path):
    """A database made by this OS user (its administrator) with 3 sample cases."""
    path = tmp_path / "desk.sqlite3"
    for command in (("init",), ("sample", "--bookings", "3")):
        result = run(tmp_path, "--db", path, *command)
        assert result.returncode == 0, result.stderr
    return tmp_path, path


def test_backup_writes_a_checked_copy_and_prints_its_path_and_size(desk):
    home, path = desk
    target = home / "copy.sqlite3"
    result = run(home, "--db", path, "backup", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Backup written: {target} (")
    assert "KB)" in result.stdout or "MB)" in result.stdout
    assert bookings(target) == 3


def test_backup_refuses_an_existing_file_and_leaves_it(desk):
    home, path = desk
    target = home / "precious.sqlite3"
    target.write_text("do not overwrite me")
    result = run(home, "--db", path, "backup", "-o", target)
    assert_one_line_error(result, "already exists", "not changed")
    assert target.read_text() == "do not overwrite me"


def test_backup_into_a_missing_folder_is_refused_with_words(desk):
    home, path = desk
    result = run(home, "--db", path, "backup", "-o", home / "nowhere" / "copy.sqlite3")
    assert_one_line_error(result, "does not exist")
    assert not (home / "nowhere").exists()


def test_backups_lists_json_with_kinds(desk):
    home, path = desk
    folder = home / "desk backups"
    folder.mkdir()
    assert run(home, "--db", path, "backup", "-o", folder / "by-hand.sqlite3").returncode == 0
    assert (
        run(home, "--db", path, "backup", "-o", folder / "desk-2026-11-20.sqlite3").returncode == 0
    )
    result = run(home, "--db", path, "backups", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert {p: r["kind"] for p, r in rows.items()} == {
        str(folder / "by-hand.sqlite3"): "manual",
        str(folder / "desk-2026-11-20.sqlite3"): "daily",
    }
    assert all(r["size"] > 0 and r["made_at"].endswith("+00:00") for r in rows.values())
    text = run(home, "--db", path, "backups")
    assert "Made by hand" in text.stdout and "Daily" in text.stdout


def test_restore_without_yes_off_a_terminal_asks_for_it_and_changes_nothing(desk):
    home, path = desk
    target = home / "copy.sqlite3"
    assert run(home, "--db", path, "backup", "-o", target).returncode == 0
    before = digest(path)
    result = run(home, "--db", path, "restore", target)
    assert_one_line_error(result, "--yes", "nothing was changed")
    assert digest(path) == before


def test_restore_with_yes_brings_the_backup_back_and_keeps_a_safety_copy(desk):
    home, path = desk
    target = home / "copy.sqlite3"
    assert run(home, "--db", path, "backup", "-o", target).returncode == 0
    assert run(home, "--db", path, "sample", "--bookings", "2").returncode == 0
    assert bookings(path) == 5
    result = run(home, "--db", path, "restore", target, "--yes")
    assert result.returncode == 0, result.stderr
    assert bookings(path) == 3
    safety = next((home / "desk backups").glob("desk-before-restore-*.sqlite3"))
    assert str(safety) in result.stdout
    assert bookings(safety) == 5
    check = run(home, "--db", path, "check")
    assert check.returncode == 0 and "chain intact" in check.stdout


def test_restore_of_a_file_that_is_not_a_backup_is_refused(desk):
    home, path = desk
    bad = home / "letter.sqlite3"
    bad.write_text("Dear Board,\n" * 100)
    before = digest(path)
    result = run(home, "--db", path, "restore", bad, "--yes")
    assert_one_line_error(result, "not a SQLite file", "not changed")
    assert digest(path) == before


@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal is POSIX")
def test_restore_at_a_terminal_asks_and_no_keeps_everything(desk):
    import pty

    home, path = desk
    target = home / "copy.sqlite3"
    assert run(home, "--db", path, "backup", "-o", target).returncode == 0
    before = digest(path)
    main, secondary = pty.openpty()
    env = {**os.environ, "DETAINER_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(path), "restore", str(target)],
        cwd=ROOT,
        env=env,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(secondary)
    os.write(main, b"n\n")
    out, err = process.communicate(timeout=60)
    os.close(main)
    assert process.returncode == 1, err
    assert "Nothing was changed." in out
    assert digest(path) == before
