"""Opening, creating, upgrading and refusing database files (models.store)."""

import hashlib
import os
import sqlite3

import pytest
from sqlite_utils import Migrations

import models.store as store
from models.cases import create_case
from models.errors import StoreError
from models.migrations import APPLICATION_ID, MIGRATION_SET, known_migration_names, m001_initial
from models.staff import current_staff
from models.store import open_database, open_readonly

OLD_MTIME = 1_262_304_000  # 2010-01-01 00:00 UTC: any write moves the mtime away from it


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def sidecars(path):
    names = (path.name + "-wal", path.name + "-shm", path.name + "-journal")
    return sorted(n for n in names if (path.parent / n).exists())


def applied_names(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def make_current_db(path):
    open_database(path).close()
    os.utime(path, (OLD_MTIME, OLD_MTIME))


def assert_refused_untouched(path, *words, opener=open_database):
    """Open must raise StoreError naming ``words``; the file and its folder stay as they were."""
    os.utime(path, (OLD_MTIME, OLD_MTIME))
    before = fingerprint(path)
    with pytest.raises(StoreError) as info:
        opener(path)
    for word in words:
        assert word in str(info.value)
    assert fingerprint(path) == before
    assert sidecars(path) == []
    return str(info.value)


def test_fresh_database_gets_every_migration_and_pragmas(db, db_path):
    assert (
        applied_names(db_path)
        == known_migration_names()
        == [
            "m001_initial",
            "m002_detainers",
            "m003_correspondence",
            "m004_letters",
            "m005_exports",
            "m006_stats_indexes",
            "m007_imports",
        ]
    )
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(known_migration_names())
    assert {"persons", "bookings", "charges", "audit_log", "bookings_fts"} <= set(db.table_names())


def test_reopening_a_current_database_applies_nothing_and_makes_no_backup(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    conn = sqlite3.connect(path)
    rows_before = conn.execute("SELECT * FROM _sqlite_migrations").fetchall()
    conn.close()
    before = fingerprint(path)
    db = open_database(path)
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT * FROM _sqlite_migrations").fetchall() == rows_before
    conn.close()
    assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]


def _upgraded_migrations(monkeypatch, *extra):
    fresh = Migrations(MIGRATION_SET)
    for func in (m001_initial, *extra):
        fresh()(func)
    names = [f.__name__ for f in (m001_initial, *extra)]
    monkeypatch.setattr(store, "MIGRATIONS", fresh)
    monkeypatch.setattr(store, "known_migration_names", lambda: list(names))


def m002_extra(db):
    db.conn.execute("CREATE TABLE extra (x INTEGER)")


def m003_broken(db):
    db.conn.execute("CREATE TABLE extra (y INTEGER)")  # already exists: fails


def test_pending_migration_on_existing_database_writes_a_backup_first(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    _upgraded_migrations(monkeypatch)  # a database of the first release
    db = open_database(path)
    current_staff(db, login="mlopez")
    db.close()
    _upgraded_migrations(monkeypatch, m002_extra)

    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert "extra" in db.table_names()
    db.close()
    assert applied_names(path) == ["m001_initial", "m002_extra"]

    backups = list(tmp_path.glob("desk.before-m002_extra-*.sqlite3"))
    assert len(backups) == 1
    assert applied_names(backups[0]) == ["m001_initial"]
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT os_login FROM staff").fetchall() == [("mlopez",)]
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'extra'").fetchall()
    conn.close()


def test_first_release_database_upgrades_to_detainers_keeping_its_cases(
    tmp_path, monkeypatch, case_factory
):
    path = tmp_path / "desk.sqlite3"
    with monkeypatch.context() as patch:
        _upgraded_migrations(patch)
        db = open_database(path)
        create_case(db, case_factory(), current_staff(db, login="mlopez"))
        db.close()
    db = open_database(path)  # the real, current set of migrations
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM detainer_forms").fetchone()[0] == 6
    assert db.execute("SELECT policy_code FROM policy_periods").fetchall() == [("honour_all",)]
    db.close()
    assert applied_names(path) == [
        "m001_initial",
        "m002_detainers",
        "m003_correspondence",
        "m004_letters",
        "m005_exports",
        "m006_stats_indexes",
        "m007_imports",
    ]
    assert len(list(tmp_path.glob("desk.before-m002_detainers-*.sqlite3"))) == 1


def test_a_brand_new_database_is_not_backed_up(tmp_path, monkeypatch):
    _upgraded_migrations(monkeypatch, m002_extra)
    open_database(tmp_path / "desk.sqlite3").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]


def test_failed_upgrade_really_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    _upgraded_migrations(monkeypatch)
    make_current_db(path)
    _upgraded_migrations(monkeypatch, m002_extra, m003_broken)
    with pytest.raises(StoreError, match="Nothing was changed"):
        open_database(path)
    assert applied_names(path) == ["m001_initial"]


def test_text_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("Dear Board of Supervisors,\n" * 200)
    assert_refused_untouched(path, "not a SQLite file", "not changed")


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_database(folder)
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.sqlite3"]


def test_database_of_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES (?, 'm999_future', '2030-01-01')",
        [MIGRATION_SET],
    )
    conn.commit()
    conn.close()
    message = assert_refused_untouched(path, "newer version", "m999_future")
    assert "not changed" in message


def test_sqlite_database_of_another_program_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('tamales')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "another program", "not changed")


def test_database_of_another_sqlite_utils_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
        "name TEXT, applied_at TEXT)"
    )
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('notes_app', 'm001_notes', '2020-01-01')"
    )
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "another program")


def test_database_with_damaged_schema_page_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # page 1 after the file header: the schema b-tree
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "damaged")


def test_truncated_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(path, "damaged")


def test_read_only_file_is_refused_and_left_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    path.chmod(0o444)
    real_access = os.access

    def access(target, mode, *args, **kwargs):  # root may write anyway; act as a clerk would
        if os.fspath(target) == os.fspath(path) and mode & os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(store.os, "access", access)
    try:
        assert_refused_untouched(path, "read-only")
    finally:
        path.chmod(0o644)


def test_missing_parent_folder_is_refused_and_not_created(tmp_path):
    path = tmp_path / "no such folder" / "desk.sqlite3"
    with pytest.raises(StoreError, match="does not exist"):
        open_database(path)
    assert not path.parent.exists()


def test_missing_file_without_create_is_refused_and_not_created(tmp_path):
    path = tmp_path / "desk.sqlite3"
    for opener in (lambda p: open_database(p, create=False), open_readonly):
        with pytest.raises(StoreError, match="init"):
            opener(path)
    assert list(tmp_path.iterdir()) == []


def test_open_readonly_reads_without_writing(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    before = fingerprint(path)
    db = open_readonly(path)
    migrations = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert migrations == len(known_migration_names())
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    db.close()
    assert fingerprint(path) == before


def test_open_readonly_refuses_a_newer_database_without_writing(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    os.utime(path, (OLD_MTIME, OLD_MTIME))
    before = fingerprint(path)
    with pytest.raises(StoreError, match="newer version"):
        open_readonly(path)
    assert fingerprint(path) == before


def test_open_readonly_leaves_no_files_beside_the_database(tmp_path):
    path = tmp_path / "desk.sqlite3"
    make_current_db(path)
    open_readonly(path).close()
    assert sidecars(path) == []
