"""Attachments: stored once per content, read back intact, refused with a clear message."""

import hashlib
import os
import sqlite3
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import models.attachments as attachments_module
from models.attachments import (
    MAX_ATTACHMENT_BYTES,
    FileToAttach,
    attach_files,
    attachment_content,
    attachments_of,
    orphaned_blobs,
    read_file_to_attach,
    remove_attachment,
    safe_file_name,
    save_attachment_copy,
    size_text,
)
from models.correspondence import create_letter
from models.errors import NotFoundError, StoreError, ValidationError
from models.records import Direction, Letter

TZ = ZoneInfo("America/Los_Angeles")
TODAY = date(2010, 12, 31)
BINARY = bytes(range(256)) * 40 + b"\x00\xff\x00"  # every byte value, NULs included
NAME = "Carta de Núñez — 2010 (ñ) 移民.pdf"


def letter(db, actor, subject="Records request", files=()):
    new = Letter(None, Direction.IN, "mail", subject, received_date=date(2010, 10, 14))
    return create_letter(db, new, actor, TZ, files=files, today=TODAY)


def pdf(content: bytes = b"%PDF-1.4 scan", name: str = "scan.pdf") -> FileToAttach:
    return FileToAttach(name, "application/pdf", content)


def counts(db) -> tuple[int, int]:
    return (
        db.execute("SELECT count(*) FROM attachments").fetchone()[0],
        db.execute("SELECT count(*) FROM attachment_blobs").fetchone()[0],
    )


def test_the_same_bytes_on_two_letters_are_stored_once(db, actor):
    a = letter(db, actor, files=[pdf(name="first.pdf")])
    b = letter(db, actor, files=[pdf(name="copy of first.pdf")])
    assert counts(db) == (2, 1)  # two attachments, one stored content
    assert a.attachments[0].sha256 == b.attachments[0].sha256
    assert a.attachments[0].sha256 == hashlib.sha256(b"%PDF-1.4 scan").hexdigest()
    assert [x.file_name for x in b.attachments] == ["copy of first.pdf"]


def test_bytes_and_a_non_ascii_file_name_read_back_identical(db, actor, tmp_path):
    path = tmp_path / NAME
    path.write_bytes(BINARY)
    f = read_file_to_attach(path)
    assert (f.file_name, f.media_type, f.size) == (NAME, "application/pdf", len(BINARY))
    saved = letter(db, actor, files=[f]).attachments[0]
    assert (saved.file_name, saved.size) == (NAME, len(BINARY))
    assert saved.sha256 == hashlib.sha256(BINARY).hexdigest()
    assert saved.added_by == actor.id and saved.added_at is not None
    assert attachment_content(db, saved.id) == BINARY


def test_an_unknown_type_is_stored_as_plain_bytes(tmp_path):
    path = tmp_path / "fax.xyzzy"
    path.write_bytes(b"\x01\x02")
    assert read_file_to_attach(path).media_type == "application/octet-stream"


def test_bytes_altered_in_the_file_are_reported_as_damaged_on_read(db, db_path, actor):
    saved = letter(db, actor, files=[pdf(BINARY)]).attachments[0]
    tampered = bytes([BINARY[0] ^ 0xFF]) + BINARY[1:]  # same length: the size CHECK still holds
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute(
            "UPDATE attachment_blobs SET content = ? WHERE sha256 = ?", [tampered, saved.sha256]
        )
    raw.close()
    with pytest.raises(StoreError, match="damaged.*Restore the database from a backup"):
        attachment_content(db, saved.id)


def test_a_fresh_good_copy_heals_damaged_bytes(db, db_path, actor):
    saved = letter(db, actor, files=[pdf(BINARY)]).attachments[0]
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("UPDATE attachment_blobs SET content = ?", [bytes(len(BINARY))])
    raw.close()
    letter(db, actor, subject="Same scan again", files=[pdf(BINARY)])
    assert attachment_content(db, saved.id) == BINARY


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(ValidationError, match=r"“.*gone\.pdf” was not found") as exc:
        read_file_to_attach(tmp_path / "gone.pdf")
    assert exc.value.errors[0].field == "attachments"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="is a folder, not a file"):
        read_file_to_attach(tmp_path)


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "blank.pdf").write_bytes(b"")
    with pytest.raises(ValidationError, match=r"“blank\.pdf” is empty \(0 bytes\)"):
        read_file_to_attach(tmp_path / "blank.pdf")


def test_a_file_over_the_limit_is_refused_saying_both_sizes(tmp_path, monkeypatch):
    monkeypatch.setattr(attachments_module, "MAX_ATTACHMENT_BYTES", 2 * 1024 * 1024)
    big = tmp_path / "big scan.tif"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 512 * 1024))
    with pytest.raises(ValidationError) as exc:
        read_file_to_attach(big)
    assert exc.value.errors[0].message.startswith(
        "“big scan.tif” is 3.5 MB; attachments are limited to 2 MB each."
    )
    exactly = tmp_path / "exactly.tif"
    exactly.write_bytes(b"x" * (2 * 1024 * 1024))
    assert read_file_to_attach(exactly).size == 2 * 1024 * 1024  # at the limit is allowed


def test_the_documented_limit_is_25_mb():
    assert MAX_ATTACHMENT_BYTES == 25 * 1024 * 1024
    assert size_text(MAX_ATTACHMENT_BYTES) == "25 MB"
    assert [size_text(n) for n in (1, 12, 2048)] == ["1 byte", "12 bytes", "2 KB"]


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"secret")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        with pytest.raises(ValidationError, match=r"“.*locked\.pdf” could not be read: permission"):
            read_file_to_attach(path)
    finally:
        path.chmod(0o600)


def test_a_permission_error_while_reading_is_refused_even_for_root(tmp_path, monkeypatch):
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"secret")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # what a share without read rights does
    with pytest.raises(ValidationError, match=r"“.*locked\.pdf” could not be read: permission"):
        read_file_to_attach(path)


def test_a_file_built_in_memory_is_checked_too(db, actor):
    a = letter(db, actor)
    with pytest.raises(ValidationError, match="empty"):
        attach_files(db, actor, a.id, [pdf(b"")])
    assert counts(db) == (0, 0)


def test_the_same_content_twice_on_one_letter_is_skipped(db, actor):
    a = letter(db, actor, files=[pdf(name="one.pdf"), pdf(name="again.pdf")])
    assert [x.file_name for x in a.attachments] == ["one.pdf"]
    assert attach_files(db, actor, a.id, [pdf(name="third time.pdf")]) == []
    added = attach_files(db, actor, a.id, [pdf(b"other"), pdf(name="x.pdf")])
    assert [x.file_name for x in added] == ["scan.pdf"] and added[0].size == 5
    assert counts(db) == (2, 2)


def test_remove_deletes_the_bytes_only_when_nothing_refers_to_them(db, actor):
    a = letter(db, actor, files=[pdf()])
    b = letter(db, actor, files=[pdf(), pdf(b"only on b")])
    remove_attachment(db, actor, a.attachments[0].id)
    assert counts(db) == (2, 2) and orphaned_blobs(db) == 0  # b still holds the shared scan
    assert attachment_content(db, b.attachments[0].id) == b"%PDF-1.4 scan"
    remove_attachment(db, actor, b.attachments[0].id)
    assert counts(db) == (1, 1) and orphaned_blobs(db) == 0
    assert [x.file_name for x in attachments_of(db, b.id)] == ["scan.pdf"]
    deleted = db.execute(
        "SELECT field, old_value FROM audit_log WHERE table_name = 'attachments' "
        "AND action = 'delete' AND record_id = ?",
        [a.attachments[0].id],
    ).fetchall()
    assert ("file_name", "scan.pdf") in deleted
    with pytest.raises(NotFoundError):
        remove_attachment(db, actor, a.attachments[0].id)


def test_a_copy_for_the_viewer_has_the_same_bytes_and_name(db, actor, tmp_path):
    saved = letter(db, actor, files=[pdf(BINARY, NAME)]).attachments[0]
    copy = save_attachment_copy(db, saved.id, tmp_path / "view")
    assert copy.name == NAME and copy.read_bytes() == BINARY
    assert save_attachment_copy(db, saved.id, tmp_path / "view") == copy  # reused, not doubled
    assert [p.name for p in copy.parent.iterdir()] == [NAME]  # no temporary file left behind


def test_a_hostile_file_name_stays_inside_the_folder(db, actor, tmp_path):
    saved = letter(db, actor, files=[pdf(name="..\\..\\evil:name?.pdf")]).attachments[0]
    copy = save_attachment_copy(db, saved.id, tmp_path)
    assert copy.parent.parent == tmp_path and copy.name == "evil_name_.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 scan"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("a/b/c.pdf", "c.pdf"),
        ("CON.txt", "_CON.txt"),
        ("...", "attachment"),
        ("tab\there.pdf", "tab_here.pdf"),
        ("é" * 150 + ".pdf", "é" * 98 + ".pdf"),  # 200 bytes of UTF-8, the type kept
    ],
)
def test_safe_file_name(name, safe):
    assert safe_file_name(name) == safe


def test_reading_an_attachment_that_is_not_there_says_so(db):
    with pytest.raises(NotFoundError, match="no attachment number 99"):
        attachment_content(db, 99)
    with pytest.raises(NotFoundError):
        save_attachment_copy(db, 99, Path("/nonexistent"))
