"""Backups (models.backups): consistent copies, the daily copy, rotation, failures, settings."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import models.backups as backups
from models.backups import (
    auto_backup_if_due,
    backup_folder,
    list_backups,
    make_backup,
    set_backup_settings,
    verify_backup,
)
from models.errors import DeskError, StoreError, ValidationError
from models.settings import get_setting
from models.staff import current_staff
from models.store import open_database
from tests.models.backup_helpers import add_cases, dump

# 11/24/2026 23:30 PST (UTC-8 after the clocks went back on Sunday 11/1/2026).
LATE_ON_24TH = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
STILL_24TH = datetime(2026, 11, 25, 7, 59, tzinfo=UTC)  # 23:59 PST
MIDNIGHT_25TH = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 00:00 PST on the 25th


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_backup_holds_every_record_exactly_and_stands_alone(db, db_path, actor, case_factory):
    add_cases(db, actor, case_factory, 5)
    target = db_path.parent / "copy.sqlite3"
    assert make_backup(db, target) == target
    assert dump(target) == dump(db.conn)
    # A file that needs no -wal or -shm beside it, and no temporary file left in the folder.
    assert target.read_bytes()[18:20] == b"\x01\x01"
    assert names(target.parent) == sorted(
        ["copy.sqlite3", "desk.sqlite3", "desk.sqlite3-shm", "desk.sqlite3-wal"]
    )
    assert verify_backup(target).ok
    # As readable as the database (a temporary file starts private to whoever made it).
    assert target.stat().st_mode & 0o777 == db_path.stat().st_mode & 0o777


def test_a_backup_taken_during_another_desks_save_holds_the_committed_state_only(
    db, db_path, actor, case_factory
):
    add_cases(db, actor, case_factory, 3)
    other = open_database(db_path)
    try:
        other.conn.execute("BEGIN IMMEDIATE")  # desk B is half-way through a save
        add_cases(other, current_staff(other, login="mlopez"), case_factory, 1, start=10)
        target = make_backup(db, db_path.parent / "during.sqlite3")
        other.conn.execute("COMMIT")
    finally:
        other.close()
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT booking_number FROM bookings ORDER BY id").fetchall() == [
        ("B-00001",),
        ("B-00002",),
        ("B-00003",),
    ]
    conn.close()
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 4
    assert verify_backup(target).ok


def test_the_backup_folder_is_beside_the_database_unless_the_office_chose_one(
    db, db_path, actor, tmp_path
):
    default = backup_folder(db, db_path)
    assert default == db_path.parent / "desk backups"
    assert not default.exists()
    assert backup_folder(db, db_path, create=True).is_dir()
    chosen = tmp_path / "office share"
    chosen.mkdir()
    set_backup_settings(db, actor, folder=str(chosen))
    assert backup_folder(db, db_path) == chosen


def test_the_daily_backup_is_written_once_per_county_day(db, db_path):
    folder = db_path.parent / "desk backups"
    first = auto_backup_if_due(db, db_path, now=LATE_ON_24TH)
    assert first == folder / "desk-2026-11-24.sqlite3"
    assert auto_backup_if_due(db, db_path, now=STILL_24TH) is None
    second = auto_backup_if_due(db, db_path, now=MIDNIGHT_25TH)
    assert second == folder / "desk-2026-11-25.sqlite3"
    assert auto_backup_if_due(db, db_path, now=MIDNIGHT_25TH) is None
    assert names(folder) == ["desk-2026-11-24.sqlite3", "desk-2026-11-25.sqlite3"]
    assert [b.kind for b in list_backups(db, db_path)] == ["daily", "daily"]


def test_rotation_keeps_exactly_the_newest_dailies_and_never_a_manual_one(db, db_path, actor):
    set_backup_settings(db, actor, keep=3)
    folder = backup_folder(db, db_path, create=True)
    for day in range(1, 8):  # dailies of 11/01 … 11/07 (content does not matter to rotation)
        (folder / f"desk-2026-11-{day:02d}.sqlite3").write_bytes(b"old daily")
    kept_by_hand = [
        "desk-backup-2026-10-01-120000.sqlite3",
        "desk-before-restore-20261001-120000.sqlite3",
        "before the audit.sqlite3",
        "desk-2026-11-01 copy.sqlite3",
    ]
    for name in kept_by_hand:
        (folder / name).write_bytes(b"by hand")
    upgrade = db_path.parent / "desk.before-m007_imports-20261001-120000.sqlite3"
    upgrade.write_bytes(b"upgrade copy")

    auto_backup_if_due(db, db_path, now=MIDNIGHT_25TH)

    assert names(folder) == sorted(
        [*kept_by_hand, "desk-2026-11-06.sqlite3", "desk-2026-11-07.sqlite3"]
        + ["desk-2026-11-25.sqlite3"]
    )
    assert upgrade.exists()
    kinds = {b.path.name: b.kind for b in list_backups(db, db_path)}
    assert kinds == {
        "desk-2026-11-25.sqlite3": "daily",
        "desk-2026-11-07.sqlite3": "daily",
        "desk-2026-11-06.sqlite3": "daily",
        "desk-backup-2026-10-01-120000.sqlite3": "manual",
        "desk-before-restore-20261001-120000.sqlite3": "safety",
        "before the audit.sqlite3": "manual",
        "desk-2026-11-01 copy.sqlite3": "manual",
        upgrade.name: "upgrade",
    }


def test_two_desks_starting_at_once_both_succeed_and_leave_one_whole_daily(
    db, db_path, actor, case_factory
):
    add_cases(db, actor, case_factory, 3)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def start():
        desk = open_database(db_path, create=False)  # each desk its own connection
        barrier.wait()
        try:
            results.append(auto_backup_if_due(desk, db_path, now=MIDNIGHT_25TH))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            desk.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(results) == 2
    folder = db_path.parent / "desk backups"
    assert names(folder) == ["desk-2026-11-25.sqlite3"]  # no partial file, no second copy
    check = verify_backup(folder / "desk-2026-11-25.sqlite3")
    assert check.ok and check.cases == 3


def test_a_missing_folder_is_refused_and_not_created(db, tmp_path):
    target = tmp_path / "nowhere" / "copy.sqlite3"
    with pytest.raises(StoreError, match="does not exist"):
        make_backup(db, target)
    assert not target.parent.exists()


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_with_words(db, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only"):
            make_backup(db, folder / "copy.sqlite3")
        assert names(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_refused_permission_is_said_in_words_even_for_root(db, tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(backups.tempfile, "mkstemp", refuse)
    with pytest.raises(StoreError, match="read-only or you may not write there"):
        make_backup(db, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_full_disk_while_copying_leaves_no_partial_file(
    db, db_path, actor, case_factory, monkeypatch
):
    add_cases(db, actor, case_factory, 3)
    real_open = backups._open_copy

    def small_disk(temp):
        conn = real_open(temp)
        conn.execute("PRAGMA max_page_count = 8")  # the copy needs far more pages than this
        return conn

    monkeypatch.setattr(backups, "_open_copy", small_disk)
    folder = backup_folder(db, db_path, create=True)
    with pytest.raises(StoreError, match="the disk is full"):
        make_backup(db, folder / "copy.sqlite3")
    assert names(folder) == []


def test_a_full_disk_while_flushing_leaves_no_partial_file_and_keeps_the_old_copy(
    db, db_path, monkeypatch
):
    folder = backup_folder(db, db_path, create=True)
    old = make_backup(db, folder / "copy.sqlite3")
    before = old.read_bytes()

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "fsync", full)
    with pytest.raises(StoreError, match="the disk is full") as info:
        make_backup(db, old)
    assert "Nothing was left behind" in str(info.value)
    assert names(folder) == ["copy.sqlite3"]
    assert old.read_bytes() == before  # the earlier backup of that name is untouched


def test_only_an_administrator_changes_the_backup_settings_and_it_is_audited(db, actor):
    clerk = current_staff(db, login="jclerk")
    with pytest.raises(DeskError, match="Only an administrator"):
        set_backup_settings(db, clerk, keep=3)
    with pytest.raises(ValidationError, match="between 1 and"):
        set_backup_settings(db, actor, keep=0)
    with pytest.raises(ValidationError, match="does not exist"):
        set_backup_settings(db, actor, folder="/no/such/folder/anywhere")
    assert get_setting(db, "backup_keep") == "14"
    set_backup_settings(db, actor, keep=30)
    assert get_setting(db, "backup_keep") == "30"
    row = db.execute(
        "SELECT action, table_name, field, old_value, new_value, staff_id FROM audit_log "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row == ("update", "settings", "backup_keep", "14", "30", actor.id)


def test_daily_names_follow_the_database_name(tmp_path):
    assert backups.daily_name(tmp_path / "Office DB.sqlite3", date(2026, 1, 2)) == (
        "Office DB-2026-01-02.sqlite3"
    )
    manual = backups.manual_name(tmp_path / "desk.sqlite3", datetime(2026, 1, 2, 3, 4, 5))
    assert manual == "desk-backup-2026-01-02-030405.sqlite3"
    assert backups._kind_in_folder("desk", manual) == "manual"
