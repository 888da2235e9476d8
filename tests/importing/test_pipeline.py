"""Rows prepared in a worker process arrive exactly as prepared here, errors and all."""

from __future__ import annotations

import multiprocessing
import os
import signal
from datetime import UTC, datetime

import pytest

from models.importing.engine import ImportCancelled, run_import
from models.importing.mapping import MappingError
from models.importing.pipeline import PreparationFailed, _pack, _unpack, prepared_items
from models.importing.prepare import load_context
from models.importing.profiles import get_profile
from models.importing.reader import open_table
from models.importing.sniff import ImportFileError
from tests.importing.engine_cases import case, dump, healthy
from tests.importing.files import ICE_FILE, write_many_rows
from tests.importing.test_engine_files import MAPPING, ROWS, _write

ICE = "ICE CAP arrests (FOIA release)"


def _both(table, mapping, ctx):
    serial = list(prepared_items(table, mapping, ctx, parallel=False))
    parallel = list(prepared_items(table, mapping, ctx, parallel=True))
    return serial, parallel


def _no_workers_left():
    for child in multiprocessing.active_children():
        child.join(5)
    return not multiprocessing.active_children()


@pytest.mark.skipif(not ICE_FILE.exists(), reason="the shared ICE file is absent")
def test_the_ice_file_prepared_in_a_worker_is_item_for_item_the_same(db):
    mapping = get_profile(db, ICE).mapping
    serial, parallel = _both(open_table(ICE_FILE, mapping.read), mapping, load_context(db))
    assert len(serial) == 2656
    assert parallel == serial
    assert _no_workers_left()


def test_a_jail_export_imported_through_a_worker_gives_the_same_records(db, actor, tmp_path):
    from models.staff import current_staff
    from models.store import open_database

    bad = ["J-103", "Smith", "Ann", "2/30/1988", "4/24/2017 09:00", "Main Jail", "PC 1", "X", "WA"]
    path = _write(tmp_path, [*ROWS, bad])
    other = open_database(tmp_path / "other.sqlite3")
    other_actor = current_staff(other)
    here = run_import(db, actor, open_table(path, MAPPING.read), MAPPING, parallel=False)
    there = run_import(other, other_actor, open_table(path, MAPPING.read), MAPPING, parallel=True)
    assert (
        (there.created, there.rejected, there.holds) == (here.created, 1, here.holds) == (3, 1, 1)
    )
    assert there.problems == here.problems
    assert dump(other, with_audit=False) == dump(db, with_audit=False)
    healthy(other)
    other.close()


def test_items_marshal_cannot_carry_go_as_a_pickle_and_come_back_equal():
    plain = [case("B-1"), case("B-2", withheld={("persons", "date_of_birth"): "(b)(6)"})]
    received = datetime(2017, 4, 21, 18, 43, tzinfo=UTC)
    with_detainer = [*plain, case("B-3", detainer={"form_code": "I-247A", "received_at": received})]
    for chunk, kind in ((plain, b"M"), (with_detainer, b"P")):
        message = _pack(chunk)
        assert message[:1] == kind
        assert _unpack(message[:1], message[1:]) == chunk


def test_a_mapping_the_file_does_not_have_is_refused_the_same_from_the_worker(db, tmp_path):
    path = _write(tmp_path, ROWS)
    broken = MAPPING.__class__(
        columns={**MAPPING.columns, "person.a_number": "A-Number"}, constants=MAPPING.constants
    )
    table = open_table(path, MAPPING.read)
    with pytest.raises(MappingError) as here:
        list(prepared_items(table, broken, load_context(db), parallel=False))
    with pytest.raises(MappingError) as there:
        list(prepared_items(table, broken, load_context(db), parallel=True))
    assert str(there.value) == str(here.value)
    assert "A-Number" in str(there.value)


def test_a_file_changed_since_it_was_opened_is_refused_the_same_from_the_worker(db, tmp_path):
    path = _write(tmp_path, ROWS)
    table = open_table(path, MAPPING.read)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("J-200,Late,Row,1/1/1990,4/25/2017 10:00,Main Jail,PC 1,THEFT,WA\r\n")
    with pytest.raises(ImportFileError) as here:
        list(prepared_items(table, MAPPING, load_context(db), parallel=False))
    with pytest.raises(ImportFileError) as there:
        list(prepared_items(table, MAPPING, load_context(db), parallel=True))
    assert str(there.value) == str(here.value)
    assert "has changed since it was opened" in str(there.value)
    assert there.value.path == path


def test_a_cancelled_import_ends_its_worker_and_writes_nothing(db, actor, tmp_path):
    path = _write(tmp_path, ROWS * 400)  # repeated lines of one booking are its charge rows
    before = dump(db)
    with pytest.raises(ImportCancelled):
        run_import(
            db,
            actor,
            open_table(path, MAPPING.read),
            MAPPING,
            parallel=True,
            cancelled=lambda: True,
        )
    assert dump(db) == before
    assert _no_workers_left()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_a_worker_that_dies_is_reported_in_words(db, tmp_path):
    path = write_many_rows(tmp_path / "many.csv", 60_000)
    mapping = MAPPING.__class__(
        columns={
            "booking.booking_number": "Col 1",
            "person.family_name": "Col 2",
            "booking.booked_at": "Col 3",
            "booking.facility": "Col 4",
        },
        constants={"booking.agency_ori": "WA0170000"},
    )
    items = prepared_items(open_table(path), mapping, load_context(db), parallel=True)
    next(items)
    (worker,) = multiprocessing.active_children()
    os.kill(worker.pid, signal.SIGKILL)
    with pytest.raises(PreparationFailed, match="stopped unexpectedly"):
        for _ in items:
            pass
    assert _no_workers_left()


def _end_at_once(sender, *_args) -> None:
    os._exit(3)  # as a process stopped by security software before it does anything


def test_a_worker_that_ends_before_its_first_message_leaves_the_work_to_this_process(
    db, actor, tmp_path, monkeypatch
):
    from models.importing import pipeline

    real = pipeline._start
    monkeypatch.setattr(pipeline, "_start", lambda *a: real(*a, target=_end_at_once))
    path = _write(tmp_path, ROWS)
    result = run_import(db, actor, open_table(path, MAPPING.read), MAPPING, parallel=True)
    assert (result.created, result.rejected, result.holds) == (3, 0, 1)
    assert _no_workers_left()
