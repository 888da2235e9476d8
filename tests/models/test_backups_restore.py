"""Checking and restoring backups (models.backup_restore): exact, audited, refusing bad files."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest

import models.backup_restore as restore_module
import models.backups as backups
from models.audit import verify_chain
from models.backups import backup_folder, list_backups, make_backup, restore_backup, verify_backup
from models.cases import get_case, update_case
from models.errors import DeskError, StoreError
from models.migrations import MIGRATION_SET, known_migration_names
from models.staff import current_staff
from models.store import open_database
from tests.models.backup_helpers import add_cases, dump, file_state

#: What a restore changes besides the restored records: its own audit rows and the head.
AUDIT = ("audit_log", "audit_head")


@pytest.fixture
def backed_up(db, db_path, actor, case_factory):
    """Five cases backed up, then the live database changed: (backup path, its rows)."""
    ids = add_cases(db, actor, case_factory, 5)
    target = make_backup(db, backup_folder(db, db_path, create=True) / "desk-manual.sqlite3")
    rows = dump(target)
    case = get_case(db, ids[0])
    update_case(db, case.replace(booking=dataclasses.replace(case.booking, notes="later")), actor)
    add_cases(db, actor, case_factory, 2, start=100)
    return target, rows


def test_restore_brings_back_every_record_exactly_and_continues_the_audit_chain(
    db, db_path, actor, backed_up
):
    target, before = backed_up
    sha = hashlib.sha256(target.read_bytes()).hexdigest()
    live_before = dump(db.conn)
    assert live_before != before

    safety = restore_backup(db_path, target, "mlopez")

    after = dump(db.conn)  # read through the connection that stayed open all along
    assert {k: v for k, v in after.items() if k not in AUDIT} == {
        k: v for k, v in before.items() if k not in AUDIT
    }
    old_audit = before["audit_log"]
    assert after["audit_log"][: len(old_audit)] == old_audit
    restore_rows = after["audit_log"][len(old_audit) :]
    assert [(r[4], r[5], r[7], r[8], r[10]) for r in restore_rows] == [
        ("update", "database", None, "restored_from", "desk-manual.sqlite3"),
        ("update", "database", None, "restored_sha256", sha),
        ("update", "database", None, "safety_copy", safety.name),
    ]
    chain = verify_chain(db)
    assert chain.ok and chain.rows_checked == len(old_audit) + 3
    # The safety copy is the database exactly as it was before the restore.
    assert safety.parent == backup_folder(db, db_path)
    assert safety.name.startswith("desk-before-restore-")
    assert dump(safety) == live_before
    assert {b.path: b.kind for b in list_backups(db, db_path)}[safety] == "safety"


def test_a_desk_with_the_file_open_keeps_working_after_a_restore(
    db, db_path, actor, backed_up, case_factory
):
    target, _rows = backed_up
    other = open_database(db_path)
    try:
        assert other.execute("SELECT count(*) FROM bookings").fetchone()[0] == 7
        restore_backup(db_path, target, "mlopez")
        assert other.execute("SELECT count(*) FROM bookings").fetchone()[0] == 5
        add_cases(other, current_staff(other, login="mlopez"), case_factory, 1, start=200)
    finally:
        other.close()
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 6
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert verify_chain(db).ok


def _damaged(target: Path) -> Path:
    data = bytearray(target.read_bytes())
    last = len(data) // 4096 - 1  # the newest page: it holds rows
    data[last * 4096 : (last + 1) * 4096] = bytes(b ^ 0x5A for b in data[last * 4096 :])
    path = target.with_name("damaged.sqlite3")
    path.write_bytes(bytes(data))
    return path


def _not_a_database(target: Path) -> Path:
    path = target.with_name("notes.sqlite3")
    path.write_text("Dear Board of Supervisors,\n" * 300)
    return path


def _another_program(target: Path) -> Path:
    path = target.with_name("recipes.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('tamales')")
    conn.commit()
    conn.close()
    return path


def _newer_version(target: Path) -> Path:
    path = target.with_name("newer.sqlite3")
    path.write_bytes(target.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES (?, 'm999_future', '2030-01-01')",
        [MIGRATION_SET],
    )
    conn.commit()
    conn.close()
    return path


def _tampered_audit(target: Path) -> Path:
    path = target.with_name("tampered.sqlite3")
    path.write_bytes(target.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET new_value = 'someone else' WHERE id = 5")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make_bad", "words"),
    [
        (_damaged, "damaged"),
        (_not_a_database, "not a SQLite file"),
        (_another_program, "another program"),
        (_newer_version, "newer version"),
        (_tampered_audit, "audit log does not check out"),
    ],
)
def test_a_bad_backup_is_refused_and_the_database_is_byte_identical(
    db, db_path, backed_up, make_bad, words
):
    target, _rows = backed_up
    bad = make_bad(target)
    bad_bytes = bad.read_bytes()
    check = verify_backup(bad)
    assert not check.ok and words in check.message
    before, folder = file_state(db_path), sorted(backup_folder(db, db_path).iterdir())
    with pytest.raises(StoreError, match=words) as info:
        restore_backup(db_path, bad, "mlopez")
    assert "The database was not changed" in str(info.value)
    assert file_state(db_path) == before
    assert sorted(backup_folder(db, db_path).iterdir()) == folder  # no safety copy either
    assert bad.read_bytes() == bad_bytes
    assert not bad.with_name(bad.name + "-wal").exists()
    assert not bad.with_name(bad.name + "-shm").exists()


def test_checking_a_backup_writes_nothing_to_it_or_beside_it(backed_up):
    target, _rows = backed_up
    before = sorted(p.name for p in target.parent.iterdir()), target.read_bytes()
    check = verify_backup(target)
    assert check.ok, check.message
    assert check.cases == 5 and check.schema == known_migration_names()[-1]
    assert "5 cases" in check.message
    assert (sorted(p.name for p in target.parent.iterdir()), target.read_bytes()) == before


def test_an_older_backup_is_restored_and_upgraded(db, db_path, backed_up):
    target, _rows = backed_up
    older = target.with_name("older.sqlite3")
    older.write_bytes(target.read_bytes())
    conn = sqlite3.connect(older)  # the database as version 6 left it: no m007 tables
    for table in ("import_batch_records", "withheld_values", "import_batches", "import_profiles"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM settings WHERE key IN ('backup_keep', 'backup_folder')")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_imports'")
    conn.execute(f"PRAGMA user_version = {len(known_migration_names()) - 1}")
    conn.commit()
    conn.close()
    check = verify_backup(older)
    assert check.ok and "older version" in check.message

    restore_backup(db_path, older, "mlopez")

    fresh = open_database(db_path, create=False)
    try:
        applied = [r[0] for r in fresh.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == known_migration_names()
        assert fresh.execute("SELECT count(*) FROM bookings").fetchone()[0] == 5
        assert verify_chain(fresh).ok
    finally:
        fresh.close()
    assert len(list(db_path.parent.glob("desk.before-m007_imports-*.sqlite3"))) == 1


def test_only_an_administrator_may_restore(db, db_path, backed_up):
    target, _rows = backed_up
    current_staff(db, login="jclerk")
    before = dump(db.conn)
    with pytest.raises(DeskError, match="Only an administrator"):
        restore_backup(db_path, target, "jclerk")
    assert dump(db.conn) == before


def test_a_full_disk_during_a_restore_changes_nothing_and_names_the_safety_copy(
    db, db_path, backed_up, monkeypatch
):
    target, _rows = backed_up
    grow = sqlite3.connect(target)  # the backup holds 200 pages more than the live file
    grow.execute(
        "CREATE TABLE padding AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM n WHERE i < 200) SELECT randomblob(4000) AS b FROM n"
    )
    grow.commit()
    grow.close()
    assert verify_backup(target).ok
    real_copy = restore_module._copy_backup_into

    def small_disk(source, live, safety):
        pages = live.execute("PRAGMA page_count").fetchone()[0]
        live.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: the disk is full
        real_copy(source, live, safety)

    monkeypatch.setattr(restore_module, "_copy_backup_into", small_disk)
    before = dump(db.conn)
    with pytest.raises(StoreError, match="the disk is full") as info:
        restore_backup(db_path, target, "mlopez")
    assert "The database was not changed" in str(info.value)
    assert "desk-before-restore-" in str(info.value)
    assert dump(db.conn) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert verify_chain(db).ok


def test_the_database_itself_is_not_a_backup_of_it(db, db_path):
    with pytest.raises(StoreError, match="the database itself"):
        restore_backup(db_path, db_path, "mlopez")


def test_no_restore_without_a_safety_copy(db, db_path, backed_up, monkeypatch):
    target, _rows = backed_up

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups.os, "fsync", full)
    before = dump(db.conn)
    with pytest.raises(
        StoreError, match="safety copy of the database could not be written"
    ) as info:
        restore_backup(db_path, target, "mlopez")
    assert "the disk is full" in str(info.value) and "was not changed" in str(info.value)
    assert dump(db.conn) == before
    assert not list(backup_folder(db, db_path).glob("*before-restore*"))


@pytest.mark.parametrize("damage", ["schema page", "truncated"])
def test_a_database_too_damaged_to_open_is_replaced_by_the_backup_and_kept_aside(
    db, db_path, backed_up, damage
):
    target, before = backed_up
    folder = backup_folder(db, db_path)
    db.close()
    data = bytearray(db_path.read_bytes())
    if damage == "schema page":
        data[100:4096] = b"\xa5" * (4096 - 100)
    else:
        data = data[: len(data) // 2]
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        open_database(db_path, create=False)

    kept = restore_backup(db_path, target, "mlopez")

    assert kept.parent == folder and kept.name.startswith("desk-damaged-")
    assert kept.read_bytes() == bytes(data)  # the damaged file, byte for byte, for IT
    restored = open_database(db_path, create=False)
    try:
        after = dump(restored.conn)
        assert {k: v for k, v in after.items() if k not in AUDIT} == {
            k: v for k, v in before.items() if k not in AUDIT
        }
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert verify_chain(restored).ok
        last = restored.execute(
            "SELECT field, new_value FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert last == ("safety_copy", kept.name)
    finally:
        restored.close()


def test_a_file_of_another_program_in_the_database_s_place_is_not_restored_over(
    tmp_path, backed_up
):
    target, _rows = backed_up
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another program.*Nothing was restored"):
        restore_backup(other, target, "mlopez")
    assert other.read_bytes() == before


def test_no_desk_can_save_while_the_safety_copy_is_written(
    db, db_path, actor, backed_up, case_factory, monkeypatch
):
    target, _rows = backed_up
    other = open_database(db_path)  # another desk on the same file
    other.execute("PRAGMA busy_timeout = 100")
    real = backups.make_backup
    refused = []

    def copy_while_another_desk_tries_to_save(live, path):
        try:
            add_cases(other, current_staff(other, "mlopez"), case_factory, 1, 500)
        except StoreError as exc:
            refused.append(str(exc))
        return real(live, path)

    monkeypatch.setattr(backups, "make_backup", copy_while_another_desk_tries_to_save)
    live_before = dump(db.conn)
    safety = restore_backup(db_path, target, "mlopez")
    # The other desk was told its save did not happen (nothing was lost without a word), and
    # the safety copy is the database exactly as it was committed before the restore.
    assert refused and "another Detainer Desk is saving" in refused[0]
    assert dump(safety) == live_before
    other.close()


def test_a_restore_waits_for_an_import_or_a_save_then_is_refused(db, db_path, backed_up):
    target, _rows = backed_up
    importing = open_database(db_path)
    importing.conn.execute("BEGIN IMMEDIATE")  # an import holds the lock for its whole run
    before = dump(db.conn)
    try:
        with pytest.raises(StoreError, match="Another desk may be saving or importing"):
            restore_backup(db_path, target, "mlopez")
    finally:
        importing.conn.execute("ROLLBACK")
        importing.close()
    assert dump(db.conn) == before
    assert not list(backup_folder(db, db_path).glob("*before-restore*"))


def test_a_restore_leaves_no_private_copy_behind_done_or_refused(db, db_path, backed_up):
    target, _rows = backed_up
    restore_backup(db_path, target, "mlopez")
    broken = db_path.parent / "broken.sqlite3"
    broken.write_bytes(b"not a database")
    with pytest.raises(StoreError, match="broken.sqlite3 cannot be restored: it is not a database"):
        restore_backup(db_path, broken, "mlopez")
    assert not list(db_path.parent.glob(".*restore*"))
