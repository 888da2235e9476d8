"""Correspondence: letters with files, threads, reply due dates, versions, the awaiting list."""

import sqlite3
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest

import models.writes
from models.attachments import FileToAttach, orphaned_blobs
from models.audit import verify_chain
from models.cases import create_case, get_case
from models.contacts import contact_kinds, list_contacts
from models.correspondence import (
    create_letter,
    get_letter,
    replies_to,
    reply_due_for,
    resolve_party,
    thread_of,
    update_letter,
)
from models.correspondence_list import LetterQuery, awaiting_counts, letter_ids, letter_rows
from models.errors import ConflictError, NotFoundError, StoreError, ValidationError
from models.history import case_history
from models.records import Direction, Letter
from tests.models.detainer_helpers import add_case, new

TZ = ZoneInfo("America/Los_Angeles")
TODAY = date(2010, 12, 31)
THU = date(2010, 10, 14)  # Thu 10/14/2010


def draft(**kw) -> Letter:
    """A letter received by mail on Thu 10/14/2010; ``kw`` overrides."""
    values = {"direction": Direction.IN, "method": "mail", "subject": "Records request"}
    values.setdefault("received_date", THU)
    return Letter(None, **{**values, **kw})


def add(db, actor, files=(), today=TODAY, **kw) -> Letter:
    return create_letter(db, draft(**kw), actor, TZ, files=files, today=today)


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def written(db) -> tuple[int, ...]:
    return tuple(
        count(db, t) for t in ("correspondence", "attachments", "attachment_blobs", "audit_log")
    )


def problems(exc: pytest.ExceptionInfo) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


FILES = (
    FileToAttach("resolution.pdf", "application/pdf", b"%PDF resolution"),
    FileToAttach("cover letter.txt", "text/plain", "Señor Núñez".encode()),
)


def test_a_letter_with_two_files_is_saved_and_told_in_its_case_history(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    saved = add(db, actor, FILES, booking_id=case.id, summary="  Asks for the hold policy.  ")
    assert saved.id and saved.row_version == 0 and saved.summary == "Asks for the hold policy."
    assert [a.file_name for a in saved.attachments] == ["resolution.pdf", "cover letter.txt"]
    assert get_letter(db, saved.id) == saved
    rows = db.execute(
        "SELECT table_name, field, new_value, booking_id FROM audit_log "
        "WHERE table_name IN ('correspondence', 'attachments') AND action = 'create'"
    ).fetchall()
    assert ("correspondence", "subject", "Records request", case.id) in rows
    assert ("attachments", "file_name", "cover letter.txt", case.id) in rows
    assert not [r for r in rows if r[1] == "booking_id"]  # the case's own History needs no link
    history = " | ".join(h.what for h in case_history(db, case.id, case.person.id, TZ))
    assert "Records request" in history and "resolution.pdf" in history


def test_a_thread_is_read_whole_from_any_of_its_letters(db, actor):
    a = add(db, actor, subject="Request", received_date=date(2010, 10, 1))
    b = add(db, actor, subject="Answer", in_reply_to_id=a.id, received_date=date(2010, 10, 5))
    c = add(db, actor, subject="Follow-up", in_reply_to_id=b.id, received_date=date(2010, 10, 9))
    add(db, actor, subject="Unrelated")
    # Logged late but dated before C: the thread is in date order, not the order of logging.
    d = add(db, actor, subject="Side note", in_reply_to_id=a.id, received_date=date(2010, 10, 7))
    expected = [a.id, b.id, d.id, c.id]
    assert [x.id for x in thread_of(db, c.id)] == expected
    assert [x.id for x in thread_of(db, a.id)] == expected
    assert replies_to(db, a.id) == [b.id, d.id] and replies_to(db, c.id) == []
    with pytest.raises(NotFoundError):
        thread_of(db, 999)


def test_a_reply_to_itself_is_refused_and_nothing_is_written(db, actor):
    a = add(db, actor)
    before = written(db)
    with pytest.raises(ValidationError) as exc:
        update_letter(db, a.replace(in_reply_to_id=a.id), actor, TZ, today=TODAY)
    assert problems(exc) == {"in_reply_to_id": "A letter cannot be a reply to itself."}
    assert written(db) == before and get_letter(db, a.id).row_version == 0


def test_a_reply_link_that_makes_a_loop_is_refused(db, actor):
    a = add(db, actor, subject="A")
    b = add(db, actor, subject="B", in_reply_to_id=a.id)
    c = add(db, actor, subject="C", in_reply_to_id=b.id)
    before = written(db)
    with pytest.raises(ValidationError, match=f"Letter {c.id} is itself a reply.*a loop"):
        update_letter(db, a.replace(in_reply_to_id=c.id), actor, TZ, today=TODAY)
    assert written(db) == before and get_letter(db, a.id).in_reply_to_id is None
    with pytest.raises(ValidationError, match="no letter number 99 to reply to"):
        add(db, actor, in_reply_to_id=99)


def test_received_before_it_was_sent_is_refused(db, actor):
    with pytest.raises(ValidationError) as exc:
        add(db, actor, sent_date=date(2010, 10, 14), received_date=date(2010, 10, 13))
    assert problems(exc) == {
        "received_date": "Received 10/13/2010 before it was sent 10/14/2010.",
    }
    assert written(db)[:3] == (0, 0, 0)


def test_a_date_after_today_is_refused(db, actor):
    with pytest.raises(ValidationError) as exc:
        add(db, actor, today=date(2010, 10, 13))  # received Thu 10/14, today Wed 10/13
    assert problems(exc)["received_date"].startswith(
        "The received date 10/14/2010 is after today (10/13/2010)"
    )
    assert add(db, actor, today=THU).received_date == THU  # received today is fine


def test_every_problem_is_reported_at_once(db, actor):
    bad = draft(subject="  ", method="pigeon", received_date=None, reply_rule="nope")
    with pytest.raises(ValidationError) as exc:
        create_letter(db, bad, actor, TZ, today=TODAY)
    assert set(problems(exc)) == {"subject", "method", "sent_date", "reply_rule"}
    assert "mail, fax, email, phone call, hand delivery, meeting" in problems(exc)["method"]


def test_reply_due_in_30_days_rolls_off_a_saturday(db, actor):
    # Sent Thu 10/14/2010; 30 calendar days later is Sat 11/13/2010, so Mon 11/15/2010.
    sent = add(db, actor, direction=Direction.OUT, sent_date=THU, received_date=None,
               reply_rule="reply_30_days")  # fmt: skip
    assert sent.reply_due_date == date(2010, 11, 15)


def test_public_records_determination_with_its_extension(db, actor):
    mon = date(2010, 11, 1)
    # 10 days after Mon 11/01/2010 is Thu 11/11, Veterans Day, so Fri 11/12/2010.
    assert reply_due_for(db, "cpra_determination", mon, TZ) == date(2010, 11, 12)
    # Extended: 11/11 plus 14 days is Thu 11/25, Thanksgiving, so Fri 11/26/2010.
    got = add(db, actor, received_date=mon, reply_rule="cpra_determination", is_reply_extended=True)
    assert got.reply_due_date == date(2010, 11, 26) and got.is_reply_extended


def test_a_typed_due_date_wins_over_the_rule_but_not_before_the_letter(db, actor):
    typed = add(db, actor, reply_rule="reply_30_days", reply_due_date=date(2010, 10, 20))
    assert typed.reply_due_date == date(2010, 10, 20)
    with pytest.raises(ValidationError, match="due date 10/13/2010 is before the letter's own"):
        add(db, actor, reply_due_date=date(2010, 10, 13))


def test_unknown_rules_and_impossible_extensions_are_refused(db, actor):
    with pytest.raises(ValidationError) as exc:
        reply_due_for(db, "reply_99_days", THU, TZ)
    assert problems(exc) == {
        "reply_rule": "“reply_99_days” is not one of the office's reply rules."
    }
    with pytest.raises(ValidationError, match="allows no extension"):
        add(db, actor, reply_rule="reply_30_days", is_reply_extended=True)
    with pytest.raises(ValidationError, match="extension needs a reply rule"):
        add(db, actor, is_reply_extended=True)


def test_changing_the_day_works_the_due_date_out_again(db, actor):
    a = add(db, actor, reply_rule="reply_30_days")  # Thu 10/14 + 30 = Sat 11/13 -> Mon 11/15
    # Received Fri 10/15 instead: + 30 = Sun 11/14 -> Mon 11/15 again; Mon 10/18 -> Wed 11/17.
    moved = update_letter(db, a.replace(received_date=date(2010, 10, 18)), actor, TZ, today=TODAY)
    assert moved.reply_due_date == date(2010, 11, 17)


def test_awaiting_and_overdue_at_the_boundary(db, actor):
    day = date(2010, 10, 1)
    due_today = add(db, actor, subject="due today", reply_due_date=date(2010, 11, 15),
                    received_date=day)  # fmt: skip
    late = add(db, actor, subject="late", reply_due_date=date(2010, 11, 12), received_date=day)
    answered = add(db, actor, subject="answered", reply_due_date=date(2010, 11, 1),
                   received_date=day)  # fmt: skip
    reply = add(db, actor, subject="the answer", in_reply_to_id=answered.id, received_date=day)
    today = date(2010, 11, 15)
    assert awaiting_counts(db, today) == (2, 1)  # due today is not overdue
    awaiting = letter_ids(db, LetterQuery(awaiting_reply=True), today)
    assert sorted(awaiting) == sorted([due_today.id, late.id])
    assert letter_ids(db, LetterQuery(overdue=True), today) == [late.id]
    assert awaiting_counts(db, date(2010, 11, 16)) == (2, 2)  # once the due day has ended
    rows = {r.id: r for r in letter_rows(db, [answered.id, reply.id])}
    assert rows[answered.id].is_answered and not rows[reply.id].is_answered


def test_update_is_versioned_audited_per_field_and_a_no_op_writes_nothing(db, actor):
    a = add(db, actor)
    edited = a.replace(subject="Records request (amended)", summary="Second page added")
    saved = update_letter(db, edited, actor, TZ, today=TODAY)
    assert saved.row_version == 1 and saved.subject == "Records request (amended)"
    changes = db.execute(
        "SELECT field, old_value, new_value FROM audit_log WHERE action = 'update' "
        "AND table_name = 'correspondence' ORDER BY id"
    ).fetchall()
    assert changes == [
        ("subject", "Records request", "Records request (amended)"),
        ("summary", None, "Second page added"),
    ]
    before = written(db)
    assert update_letter(db, saved, actor, TZ, today=TODAY).row_version == 1
    assert written(db) == before
    with pytest.raises(ConflictError, match="changed elsewhere"):
        update_letter(db, edited.replace(notes="stale"), actor, TZ, today=TODAY)  # version 0
    assert written(db) == before


def test_adding_and_removing_files_on_update_is_a_new_version(db, actor):
    a = add(db, actor, FILES[:1])
    saved = update_letter(
        db, a, actor, TZ, add_files=FILES[1:], remove_attachments=[a.attachments[0].id]
    )
    assert [x.file_name for x in saved.attachments] == ["cover letter.txt"]
    assert saved.row_version == 1 and orphaned_blobs(db) == 0
    with pytest.raises(ValidationError, match="Attachment 999 is not on this letter"):
        update_letter(db, saved, actor, TZ, remove_attachments=[999])


def test_a_failure_midway_leaves_no_letter_no_attachment_and_no_bytes(db, actor, monkeypatch):
    before = written(db)
    real = models.writes.record_changes
    calls = []

    def fail_on_second_file(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 3:  # the letter, the first file, then the second file's audit fails
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(models.writes, "record_changes", fail_on_second_file)
    with pytest.raises(StoreError, match="Nothing was saved"):
        add(db, actor, FILES)
    assert calls == ["correspondence", "attachments", "attachments"]
    assert written(db) == before and orphaned_blobs(db) == 0
    assert verify_chain(db).ok


def test_links_to_records_that_do_not_exist_are_refused(db, actor):
    with pytest.raises(ValidationError) as exc:
        add(db, actor, booking_id=91, detainer_id=92, optout_id=93, from_contact_id=94)
    assert problems(exc) == {
        "booking_id": "There is no case number 91.",
        "detainer_id": "There is no detainer number 92.",
        "optout_id": "There is no opt-out request number 93.",
        "from_contact_id": "There is no contact number 94.",
    }
    assert written(db)[0] == 0


def test_a_detainer_of_another_case_is_refused_and_its_own_case_filled_in(db, actor, case_factory):
    first, second = add_case(db, actor, case_factory, 1), add_case(db, actor, case_factory, 2)
    detainer = new(db, actor, first)
    with pytest.raises(ValidationError, match=f"Detainer {detainer.id} belongs to another case"):
        add(db, actor, booking_id=second, detainer_id=detainer.id)
    assert add(db, actor, detainer_id=detainer.id).booking_id == first
    person = get_case(db, first).person.id
    assert any("Records request" in h.what for h in case_history(db, first, person, TZ))


def test_the_list_filters_by_party_method_date_and_text(db, actor):
    ice = resolve_party(db, actor, "San Francisco Field Office", "ice_field_office")
    assert resolve_party(db, actor, "San Francisco Field Office", "ice_field_office") == ice
    assert resolve_party(db, actor, "  ", "attorney") is None
    with pytest.raises(ValidationError, match="not a kind of contact"):
        resolve_party(db, actor, "Someone", "astrologer")
    a = add(db, actor, subject="Hold request for NÚÑEZ", from_contact_id=ice)
    b = add(db, actor, subject="Fax cover", method="fax", received_date=date(2010, 10, 20),
            summary="About the núñez file")  # fmt: skip
    c = add(db, actor, subject="Board letter", direction=Direction.OUT, sent_date=date(2010, 9, 1),
            received_date=date(2010, 10, 30), to_contact_id=ice)  # fmt: skip

    def ids(**kw):
        return letter_ids(db, LetterQuery(**kw), TODAY)

    assert ids() == [b.id, a.id, c.id]  # newest day first; c is filed under the day it was sent
    assert ids(contact_id=ice) == [a.id, c.id]
    assert ids(method="fax") == [b.id] and ids(direction=Direction.OUT) == [c.id]
    assert ids(date_from=date(2010, 10, 14), date_to=date(2010, 10, 14)) == [a.id]
    assert ids(search="núñez") == [b.id, a.id]  # accents and case folded, summary searched
    row = letter_rows(db, [c.id, a.id])
    assert [r.id for r in row] == [c.id, a.id]
    assert (row[0].to_name, row[0].from_name, row[0].day) == (
        "San Francisco Field Office",
        "",
        date(2010, 9, 1),
    )
    assert [x.name for x in list_contacts(db, "ice_field_office")] == ["San Francisco Field Office"]
    assert ("attorney", "Attorney") in contact_kinds(db)


def test_the_list_filters_by_case_and_counts_attachments(db, actor, case_factory):
    case = add_case(db, actor, case_factory)
    a = add(db, actor, FILES, booking_id=case)
    add(db, actor)
    assert letter_ids(db, LetterQuery(booking_id=case), TODAY) == [a.id]
    assert letter_rows(db, [a.id])[0].attachment_count == 2
    assert letter_rows(db, []) == [] and letter_rows(db, [999]) == []


def test_a_letter_that_is_not_there_is_not_found(db, actor):
    with pytest.raises(NotFoundError, match="no letter number 5"):
        get_letter(db, 5)
    with pytest.raises(NotFoundError):
        update_letter(db, replace(draft(), id=5), actor, TZ, today=TODAY)


def test_a_reply_dated_before_the_letter_it_answers_is_refused(db, actor):
    # A reply "received 01/01/2009" to a letter sent 10/01/2010 is a mistyped year: saved, it
    # would count as the answer and hide that the letter still awaits one.
    from models.correspondence import create_letter
    from models.records import Direction, Letter
    from models.settings import county_timezone

    tz = county_timezone(db)
    asked = create_letter(
        db,
        Letter(None, Direction.OUT, "mail", "Query", sent_date=date(2010, 10, 1)),
        actor,
        tz,
        today=date(2010, 12, 1),
    )
    reply = Letter(
        None,
        Direction.IN,
        "mail",
        "Answer",
        received_date=date(2009, 1, 1),
        in_reply_to_id=asked.id,
    )
    with pytest.raises(ValidationError) as info:
        create_letter(db, reply, actor, tz, today=date(2010, 12, 1))
    assert "before letter" in info.value.for_field("in_reply_to_id")[0]
    assert db.execute("SELECT count(*) FROM correspondence").fetchone()[0] == 1
