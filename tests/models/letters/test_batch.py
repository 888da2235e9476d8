"""Batches: the same letter for every detainer received on a day, all stored or nothing."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from datetime import UTC, date, datetime

import pytest

from models.errors import DeskError, ValidationError
from models.letters import batch
from models.letters.about import About
from models.letters.batch import BatchCancelled, detainers_received_on, run_batch
from models.letters.documents import DocumentStatus, document_pdf, get_document
from models.letters.templates import save_template
from models.records import StaffRole
from models.staff import current_staff, update_staff
from tests.models.detainer_helpers import NOW, add_case, new
from tests.models.letters.test_compose import set_up_office
from tests.pdf_tools import no_space, page_count, pdf_text, squeeze

DAY = date(2010, 10, 16)  # a Saturday; the county is in Pacific daylight time
#: Received just after the day starts, at noon, and just before it ends, in county time.
ON_THE_DAY = (
    datetime(2010, 10, 16, 7, 5, tzinfo=UTC),  # 00:05 PDT
    datetime(2010, 10, 16, 19, 0, tzinfo=UTC),  # 12:00 PDT
    datetime(2010, 10, 17, 6, 55, tzinfo=UTC),  # 23:55 PDT
)
#: The evening before and the morning after, in county time (the 16th and the 17th in UTC).
OFF_THE_DAY = (
    datetime(2010, 10, 16, 6, 55, tzinfo=UTC),  # Fri 23:55 PDT
    datetime(2010, 10, 17, 7, 5, tzinfo=UTC),  # Sun 00:05 PDT
)
NOTICE_BODY = """Dear {{ person.full_name }},

The county received a {{ detainer.form }} about you on {{ detainer.received_on }}.
"""
SELECTION = "Detainers received 10/16/2010"


@pytest.fixture
def day_of_detainers(db, actor, case_factory) -> list[int]:
    """Detainers of five cases: three received on DAY (given out of order), two not."""
    set_up_office(db, actor)
    save_template(
        db, actor, "truth_request_notice", "en", "Notice to {{ person.full_name }}", NOTICE_BODY,
        now=NOW,
    )  # fmt: skip
    received = [ON_THE_DAY[1], OFF_THE_DAY[0], ON_THE_DAY[2], ON_THE_DAY[0], OFF_THE_DAY[1]]
    ids = {}
    for n, at in enumerate(received, 1):
        ids[at] = new(db, actor, add_case(db, actor, case_factory, n), received_at=at).id
    return [ids[at] for at in ON_THE_DAY]


def counts(db) -> tuple[int, ...]:
    tables = ("documents", "attachment_blobs", "letter_batches", "audit_log")
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def abouts(ids) -> list[About]:
    return [About("detainer", i) for i in ids]


def test_the_day_is_the_county_s_day_first_received_first(db, day_of_detainers):
    assert detainers_received_on(db, DAY) == abouts(day_of_detainers)
    assert len(detainers_received_on(db, date(2010, 10, 15))) == 1
    assert detainers_received_on(db, date(2010, 10, 18)) == []


def test_a_batch_stores_every_letter_and_one_combined_pdf(db, actor, day_of_detainers):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return True

    result = run_batch(
        db, actor, "truth_request_notice", "en", detainers_received_on(db, DAY),
        selection=SELECTION, progress=progress, now=NOW,
    )  # fmt: skip
    # One call per letter printed; then, with the same numbers, while the combined PDF prints
    # and just before the letters are stored (so Cancel is heard until the end).
    assert seen[:3] == [(1, 3), (2, 3), (3, 3)]
    assert set(seen[3:]) == {(3, 3)} and len(seen) > 4
    docs = [get_document(db, i) for i in result.document_ids]
    assert [d.about for d in docs] == abouts(day_of_detainers)
    assert {d.batch_id for d in docs} == {result.batch_id}
    assert [d.our_reference for d in docs] == ["DD-2010-00001", "DD-2010-00002", "DD-2010-00003"]
    assert {d.status for d in docs} == {DocumentStatus.DRAFT}
    assert page_count(result.pdf) == sum(d.page_count for d in docs)
    batch = db.execute(
        "SELECT template_code, language, selection, letter_count, sha256, created_by "
        "FROM letter_batches WHERE id = ?",
        [result.batch_id],
    ).fetchone()
    digest = hashlib.sha256(result.pdf).hexdigest()
    assert batch == ("truth_request_notice", "en", SELECTION, 3, digest, actor.id)
    stored = db.execute("SELECT content FROM attachment_blobs WHERE sha256 = ?", [digest])
    assert stored.fetchone()[0] == result.pdf
    combined = squeeze(pdf_text(result.pdf))
    for doc in docs:
        own = squeeze(pdf_text(document_pdf(db, doc.id)))
        name = doc.recipients[0].name
        assert f"Dear {name}," in own and f"Dear {name}," in combined
        assert doc.our_reference in own
    assert "DRAFT" in no_space(pdf_text(result.pdf))


def test_cancelling_writes_nothing(db, actor, day_of_detainers):
    before = counts(db)
    with pytest.raises(BatchCancelled, match="no letter was saved"):
        run_batch(
            db, actor, "truth_request_notice", "en", abouts(day_of_detainers),
            selection=SELECTION, progress=lambda done, total: done < 2, now=NOW,
        )  # fmt: skip
    assert counts(db) == before


def cancel_after_the_last_letter():
    """A clerk who presses Cancel once the bar shows every letter printed."""
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return seen.count((total, total)) < 2  # the first call at 100 % says go on

    return progress


def assert_cancelled_leaving_nothing(db, actor, ids, progress) -> None:
    """The batch for ``ids`` run with ``progress`` is cancelled, and no row is left of it."""
    before = counts(db)
    with pytest.raises(BatchCancelled, match="no letter was saved"):
        run_batch(
            db, actor, "truth_request_notice", "en", abouts(ids), selection=SELECTION,
            progress=progress, now=NOW,
        )  # fmt: skip
    assert counts(db) == before
    assert not db.conn.in_transaction


def test_cancelling_once_every_letter_is_printed_still_writes_nothing(db, actor, day_of_detainers):
    assert_cancelled_leaving_nothing(db, actor, day_of_detainers, cancel_after_the_last_letter())


def test_cancelling_while_the_letters_are_stored_rolls_them_all_back(db, actor, day_of_detainers):
    def progress(done, total):
        # Inside the write transaction this connection already sees the batch row.
        return db.execute("SELECT count(*) FROM letter_batches").fetchone()[0] == 0

    assert_cancelled_leaving_nothing(db, actor, day_of_detainers, progress)


def test_a_record_lacking_a_field_stops_the_batch_naming_the_record(db, actor, day_of_detainers):
    save_template(
        db, actor, "truth_request_notice", "en", "Notice", "A-number {{ person.a_number }}", now=NOW
    )
    first, second, third = day_of_detainers
    db.execute(
        "UPDATE persons SET a_number = 'A012345678' WHERE id IN (SELECT b.person_id FROM "
        "bookings b JOIN detainers d ON d.booking_id = b.id WHERE d.id IN (?, ?))",
        [first, third],
    )
    before = counts(db)
    with pytest.raises(DeskError) as caught:
        run_batch(db, actor, "truth_request_notice", "en", abouts(day_of_detainers),
                  selection=SELECTION, now=NOW)  # fmt: skip
    assert str(caught.value).startswith(f"Detainer {second}: This letter needs the A-number")
    assert counts(db) == before


def test_an_attorney_may_store_the_batch_approved_a_clerk_may_not(db, actor, day_of_detainers):
    update_staff(db, actor, "akim", full_name="Alex Kim", role=StaffRole.ATTORNEY)
    update_staff(db, actor, "jdoe", full_name="Jo Doe", role=StaffRole.CLERK)
    attorney, clerk = current_staff(db, login="akim"), current_staff(db, login="jdoe")
    with pytest.raises(DeskError, match="Only an attorney"):
        run_batch(db, clerk, "truth_request_notice", "en", abouts(day_of_detainers),
                  selection=SELECTION, now=NOW, approve=True)  # fmt: skip
    result = run_batch(db, attorney, "truth_request_notice", "en", abouts(day_of_detainers),
                       selection=SELECTION, now=NOW, approve=True)  # fmt: skip
    docs = [get_document(db, i) for i in result.document_ids]
    assert {(d.status, d.approved_by) for d in docs} == {(DocumentStatus.APPROVED, attorney.id)}
    assert "DRAFT" not in no_space(pdf_text(result.pdf))


def test_nothing_to_do_and_the_wrong_kind_of_record_are_refused_first(db, actor, day_of_detainers):
    with pytest.raises(ValidationError, match="No records"):
        run_batch(db, actor, "truth_request_notice", "en", [], selection=SELECTION)
    with pytest.raises(ValidationError, match="not written about a case"):
        run_batch(db, actor, "truth_request_notice", "en", [About("case", 1)], selection="x")


def test_a_big_batch_prints_in_worker_processes_with_the_same_result(
    db, actor, day_of_detainers, monkeypatch
):
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    monkeypatch.setattr(batch, "WORKERS", 2)
    monkeypatch.setattr(batch, "CHUNK", 2)
    seen = []
    result = run_batch(
        db, actor, "truth_request_notice", "en", abouts(day_of_detainers), selection=SELECTION,
        progress=lambda done, total: seen.append((done, total)) or True, now=NOW,
    )  # fmt: skip
    printed = sorted({step for step in seen if step[0]})  # (0, 3): while composing, Cancel heard
    assert printed in ([(1, 3), (3, 3)], [(2, 3), (3, 3)])
    docs = [get_document(db, i) for i in result.document_ids]
    assert [d.about for d in docs] == abouts(day_of_detainers)
    for doc in docs:  # each letter's own PDF is its own, in order
        assert f"Dear {doc.recipients[0].name}," in squeeze(pdf_text(document_pdf(db, doc.id)))
    assert page_count(result.pdf) == sum(d.page_count for d in docs)


@pytest.mark.parametrize("when", ["early", "after the last letter"])
def test_cancelling_a_batch_in_workers_ends_them_and_writes_nothing(
    db, actor, day_of_detainers, monkeypatch, when
):
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    monkeypatch.setattr(batch, "WORKERS", 2)
    monkeypatch.setattr(batch, "CHUNK", 1)
    ended = []
    in_workers = batch._render_in_workers

    def spy(*args, **kwargs):
        ended.append("started")
        try:
            return in_workers(*args, **kwargs)
        except Exception as exc:
            ended.append(type(exc))
            raise

    monkeypatch.setattr(batch, "_render_in_workers", spy)
    progress = (lambda done, total: done < 1) if when == "early" else cancel_after_the_last_letter()
    assert_cancelled_leaving_nothing(db, actor, day_of_detainers, progress)
    # The workers really ran (no fallback to this process) and a cancel while they print
    # stops them there. A cancel once every single letter is back is heard while the workers
    # still print the combined PDF or, if they have already finished it, just before the
    # letters are stored: which one depends on how fast the machine is.
    assert ended[0] == "started"
    if when == "early":
        assert ended == ["started", batch.BatchCancelled]
    else:
        assert ended in (["started"], ["started", batch.BatchCancelled])
    # No worker is left printing letters nobody wants, nor a thread of the pool's.
    assert multiprocessing.active_children() == []
    assert [t.name for t in threading.enumerate()] == [threading.current_thread().name]


def _big_result(size: int) -> bytes:
    return b"%" * size


def test_workers_ended_while_sending_a_result_never_hang_the_stop():
    """A worker killed mid-send leaves half a message; stopping must not wait for the rest."""
    import multiprocessing
    import threading
    import time
    from concurrent.futures import ProcessPoolExecutor

    for attempt in range(3):
        pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
        futures = [pool.submit(_big_result, 96_000_000) for _ in range(4)]
        if attempt == 0:
            futures[0].result()  # the workers are up and sending
        time.sleep(0.02 * attempt)
        stopper = threading.Thread(target=batch._stop_workers, args=(pool,), daemon=True)
        stopper.start()
        stopper.join(30)
        assert not stopper.is_alive(), f"stopping the workers hung (attempt {attempt + 1})"
