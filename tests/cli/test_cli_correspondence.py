"""The correspondence and opt-out subcommands, run as a clerk would run them."""

from __future__ import annotations

import hashlib

import pytest

from models.attachments import attachment_content
from models.correspondence import get_letter
from models.demo import fill_demo
from models.staff import current_staff
from models.store import open_database
from tests.cli.test_cli_detainers import assert_one_line_error, ok_json, run


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    db = open_database(path)
    fill_demo(db, current_staff(db, login="mlopez"))
    db.close()
    return path


def counts(path):
    db = open_database(path)
    try:
        return tuple(
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("correspondence", "attachments", "attachment_blobs", "contacts")
        )
    finally:
        db.close()


def test_optouts_list_and_show_arlingtons_history_with_its_thread(tmp_path, demo_path):
    listed = ok_json(tmp_path, "--db", demo_path, "optouts", "list")
    arlington = next(r for r in listed if r["jurisdiction"].startswith("Arlington"))
    assert arlington["status"] == "denied"
    shown = ok_json(tmp_path, "--db", demo_path, "optouts", "show", arlington["id"])
    days = [e["day"] for e in shown["timeline"]]
    assert days == sorted(days) and days[0] == "2010-09-28" and days[-1] == "2011-03-01"
    assert [h["status"] for h in shown["history"]] == ["draft", "sent", "meeting_held", "denied"]
    answer = next(x for x in shown["letters"] if x["direction"] == "in")
    county = next(x for x in shown["letters"] if x["method"] == "mail" and x["direction"] == "out")
    assert answer["in_reply_to_id"] == county["id"]  # ICE's answer threads to the letter
    assert all("Source:" in x["notes"] for x in shown["letters"])
    text = run(tmp_path, "--db", demo_path, "optouts", "show", arlington["id"])
    assert "03/01/2011  Status: Denied" in text.stdout


def test_add_a_letter_with_a_file_then_list_it_awaiting_a_reply(tmp_path, demo_path):
    scan = tmp_path / "Carta a ICE – Núñez.pdf"
    scan.write_bytes(b"%PDF-1.4 fictional scan \x00\xff")
    saved = ok_json(
        tmp_path, "--db", demo_path, "correspondence", "add", "--direction", "out",
        "--method", "fax", "--subject", "Declination of detainer", "--sent", "11/19/2010",
        "--to", "ICE ERO San Francisco", "--to-kind", "ice_field_office",
        "--reply-rule", "reply_30_days", "--attach", scan,
    )  # fmt: skip
    # Fri 11/19/2010 + 30 days = Sun 12/19/2010, moved to Mon 12/20/2010.
    assert saved["reply_due_date"] == "2010-12-20"
    assert saved["attachments"][0]["file_name"] == scan.name
    db = open_database(demo_path)
    stored = get_letter(db, saved["id"])
    content = attachment_content(db, stored.attachments[0].id)
    db.close()
    assert content == scan.read_bytes()
    assert stored.attachments[0].sha256 == hashlib.sha256(content).hexdigest()
    waiting = ok_json(tmp_path, "--db", demo_path, "correspondence", "list", "--awaiting-reply")
    assert saved["id"] in [r["id"] for r in waiting]
    overdue = ok_json(tmp_path, "--db", demo_path, "correspondence", "list", "--overdue")
    assert saved["id"] in [r["id"] for r in overdue]  # 12/20/2010 is long past


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--sent", "12/05/2010", "--received", "12/01/2010"], ["before it was sent"]),
        (["--sent", "12/05/2010", "--in-reply-to", "999999"], ["999999"]),
        (["--sent", "13/45/2010"], ["--sent", "not a real calendar date"]),
        (["--sent", "12/05/2010", "--reply-rule", "whenever"], ["whenever"]),
    ],
)
def test_bad_letters_are_refused_in_one_line_and_nothing_is_written(
    tmp_path, demo_path, extra, words
):
    before = counts(demo_path)
    result = run(
        tmp_path, "--db", demo_path, "correspondence", "add", "--direction", "in",
        "--method", "mail", "--subject", "Bad", "--from", "A new sender", *extra,
    )  # fmt: skip
    assert_one_line_error(result, *words)
    assert counts(demo_path) == before  # no letter, no contact for the new sender


def test_a_missing_empty_or_oversized_attachment_is_refused_before_anything_is_written(
    tmp_path, demo_path
):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    before = counts(demo_path)
    for path, words in ((tmp_path / "gone.pdf", ["not found"]), (empty, ["empty"])):
        result = run(
            tmp_path, "--db", demo_path, "correspondence", "add", "--direction", "in",
            "--method", "mail", "--subject", "With a file", "--received", "12/01/2010",
            "--attach", path,
        )  # fmt: skip
        assert_one_line_error(result, *words)
    assert counts(demo_path) == before


def test_check_rehashes_every_stored_file_and_names_a_damaged_one(tmp_path, demo_path):
    import shutil
    import sqlite3

    copy = tmp_path / "copy.sqlite3"
    shutil.copy(demo_path, copy)
    good = run(tmp_path, "--db", copy, "check")
    assert good.returncode == 0 and "all intact" in good.stdout
    conn = sqlite3.connect(copy)
    sha = conn.execute("SELECT sha256 FROM attachment_blobs ORDER BY sha256 LIMIT 1").fetchone()[0]
    conn.execute(
        "UPDATE attachment_blobs SET content = CAST(upper(CAST(content AS TEXT)) AS BLOB) "
        "WHERE sha256 = ?",
        [sha],
    )
    conn.commit()
    conn.close()
    bad = run(tmp_path, "--db", copy, "check")
    assert bad.returncode == 1
    assert f"damaged ({sha[:12]})" in bad.stdout


def test_the_demo_has_letters_awaiting_a_reply_and_one_overdue(tmp_path, demo_path):
    waiting = ok_json(tmp_path, "--db", demo_path, "correspondence", "list", "--awaiting-reply")
    overdue = ok_json(tmp_path, "--db", demo_path, "correspondence", "list", "--overdue")
    assert any("Public records request" in r["subject"] for r in overdue)
    assert len(waiting) > len(overdue)


def test_listing_the_letters_of_an_unknown_case_or_request_says_so(tmp_path, demo_path):
    assert_one_line_error(
        run(tmp_path, "--db", demo_path, "correspondence", "list", "--case", "99999"), "99999"
    )
    assert_one_line_error(
        run(tmp_path, "--db", demo_path, "correspondence", "list", "--optout", "99999"), "99999"
    )
