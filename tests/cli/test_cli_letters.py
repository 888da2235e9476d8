"""The letter subcommands, run as a user runs them: ``python main.py`` in a subprocess.

The database is made here through the app's own verbs, by the same operating-system login the
subprocess runs as (so the command line's user is that staff member).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models.letters.documents import document_pdf
from models.records import StaffRole
from models.staff import current_staff, os_login, update_staff
from models.store import open_database
from tests.cli.test_cli_detainers import assert_one_line_error, ok_json, run
from tests.models.detainer_helpers import add_case, new
from tests.models.letters.test_compose import set_up_office
from tests.pdf_tools import page_count, pdf_text, squeeze

#: Two detainers received on Sat 10/16/2010 in county time, one on the day after.
RECEIVED = (
    datetime(2010, 10, 16, 16, 0, tzinfo=UTC),
    datetime(2010, 10, 17, 2, 0, tzinfo=UTC),  # 19:00 PDT on the 16th
    datetime(2010, 10, 17, 18, 0, tzinfo=UTC),
)


@pytest.fixture
def desk(tmp_path, case_factory):
    """A database with the letterhead set and three cases, each with a detainer."""
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    me = current_staff(db)  # this login, the database's first user: an administrator
    set_up_office(db, me)
    ids = [
        new(db, me, add_case(db, me, case_factory, n), received_at=at).id
        for n, at in enumerate(RECEIVED, 1)
    ]
    db.close()
    return path, ids


def make_me_a_clerk(path) -> None:
    db = open_database(path)
    me = current_staff(db)
    update_staff(db, me, "mlopez", full_name="M. López", role=StaffRole.ADMINISTRATOR)
    update_staff(db, current_staff(db, login="mlopez"), os_login(), role=StaffRole.CLERK)
    db.close()


def rows(path, sql: str) -> list[tuple]:
    db = open_database(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_templates_list_shows_every_slot_and_what_is_not_loaded(tmp_path, desk):
    path, _ = desk
    slots = ok_json(tmp_path, "--db", path, "templates", "list")
    by_slot = {(s["code"], s["language"]): s for s in slots}
    assert by_slot[("detainer_declination", "en")]["status"] == "active"
    assert by_slot[("detainer_declination", "en")]["version"] == 1
    for language in ("zh", "tl", "vi", "ko"):
        slot = by_slot[("truth_interview_consent", language)]
        assert (slot["status"], slot["version"], slot["title"]) == ("not yet loaded", None, None)
    assert len({s["code"] for s in slots}) == 12
    plain = run(tmp_path, "--db", path, "templates", "list")
    assert plain.returncode == 0 and "not yet loaded" in plain.stdout


def test_letter_writes_a_draft_pdf_naming_the_person(tmp_path, desk):
    path, ids = desk
    out = tmp_path / "notice.pdf"
    result = run(
        tmp_path, "--db", path, "letter", "truth_request_notice", "--for", f"detainer:{ids[0]}",
        "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Letter DD-{datetime.now().year}-00001 (draft")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and "María José Núñez1" in squeeze(pdf_text(data))
    stored = rows(path, "SELECT id, approved_at, issued_at FROM documents")
    assert [(r[1], r[2]) for r in stored] == [(None, None)]
    db = open_database(path)
    assert document_pdf(db, stored[0][0]) == data
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [out.name]
    assert not list(tmp_path.glob(".*.saving"))  # no temporary file left beside it


def test_letter_issue_files_the_letter_as_sent(tmp_path, desk):
    path, ids = desk
    out = tmp_path / "issued.pdf"
    doc = ok_json(
        tmp_path, "--db", path, "letter", "truth_request_notice", "--for", f"detainer:{ids[0]}",
        "-o", out, "--issue",
    )  # fmt: skip
    assert doc["status"] == "issued" and doc["filed_as_id"]
    filed = rows(
        path,
        "SELECT c.direction, a.file_name, a.sha256 FROM correspondence c "
        f"JOIN attachments a ON a.correspondence_id = c.id WHERE c.id = {doc['filed_as_id']}",
    )
    assert filed == [("out", f"{doc['our_reference']}.pdf", doc["sha256"])]
    assert "DRAFT" not in "".join(pdf_text(out.read_bytes()).split())
    check = run(tmp_path, "--db", path, "check")  # the letter's bytes count as in use
    assert check.returncode == 0 and "all intact" in check.stdout, check.stdout


def test_a_clerk_cannot_issue_and_nothing_is_saved_or_written(tmp_path, desk):
    path, ids = desk
    make_me_a_clerk(path)
    out = tmp_path / "issued.pdf"
    result = run(
        tmp_path, "--db", path, "letter", "truth_request_notice", "--for", f"detainer:{ids[0]}",
        "-o", out, "--issue",
    )  # fmt: skip
    assert_one_line_error(result, "--issue", "Only an attorney", "Nothing was saved")
    assert rows(path, "SELECT count(*) FROM documents") == [(0,)]
    assert not out.exists()


@pytest.mark.parametrize(
    ("about", "words"),
    [
        ("detainer", "is not something a letter can be about"),
        ("detainer:abc", "give the detainer's number"),
        ("case:1", "is not written about a case"),
        ("detainer:999", "There is no detainer number 999"),
    ],
)
def test_a_bad_for_is_one_line_and_saves_nothing(tmp_path, desk, about, words):
    path, _ = desk
    out = tmp_path / "x.pdf"
    result = run(
        tmp_path, "--db", path, "letter", "detainer_declination", "--for", about, "-o", out
    )
    assert_one_line_error(result, words)
    assert rows(path, "SELECT count(*) FROM documents") == [(0,)]
    assert not out.exists()


def test_an_unwritable_output_is_refused_before_anything_is_saved(tmp_path, desk):
    path, ids = desk
    for target, words in (
        (tmp_path / "missing" / "x.pdf", "does not exist"),
        (tmp_path, "is a folder"),
    ):
        result = run(
            tmp_path, "--db", path, "letter", "truth_request_notice", "--for",
            f"detainer:{ids[0]}", "-o", target,
        )  # fmt: skip
        assert_one_line_error(result, words)
    assert rows(path, "SELECT count(*) FROM documents") == [(0,)]


def test_batch_makes_a_letter_for_each_detainer_of_the_day_in_one_pdf(tmp_path, desk):
    path, ids = desk
    out = tmp_path / "batch.pdf"
    batch = ok_json(
        tmp_path, "--db", path, "letters", "batch", "truth_request_notice",
        "--detainers-received", "10/16/2010", "-o", out,
    )  # fmt: skip
    assert batch["count"] == 2
    stored = rows(path, "SELECT id, about_id, page_count, batch_id FROM documents ORDER BY id")
    assert [(r[0], r[1], r[3]) for r in stored] == [
        (batch["document_ids"][0], ids[0], batch["batch_id"]),
        (batch["document_ids"][1], ids[1], batch["batch_id"]),
    ]
    assert page_count(out.read_bytes()) == sum(r[2] for r in stored)
    text = squeeze(pdf_text(out.read_bytes()))
    assert "Núñez1" in text and "Núñez2" in text and "Núñez3" not in text
    plain = run(
        tmp_path, "--db", path, "letters", "batch", "truth_request_notice",
        "--detainers-received", "2010-10-17", "--lang", "es", "-o", tmp_path / "es.pdf",
    )  # fmt: skip
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith("1 letter (drafts, batch") and "es.pdf" in plain.stdout


def test_batch_on_a_day_without_detainers_is_one_line(tmp_path, desk):
    path, _ = desk
    result = run(
        tmp_path, "--db", path, "letters", "batch", "truth_request_notice",
        "--detainers-received", "10/18/2010", "-o", tmp_path / "none.pdf",
    )  # fmt: skip
    assert_one_line_error(result, "No detainer was received on 10/18/2010")
    bad = run(
        tmp_path, "--db", path, "letters", "batch", "truth_request_notice",
        "--detainers-received", "yesterday", "-o", tmp_path / "none.pdf",
    )  # fmt: skip
    assert_one_line_error(bad, "--detainers-received")
    assert rows(path, "SELECT count(*) FROM letter_batches") == [(0,)]
