"""Letters for a day's detainers, run on a worker thread from the dialog; each test ends in the DB.

The worker opens its own connection to the database file (``db_path``), as the app does; every
test joins the worker thread before it ends.
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QPushButton

from models.letters import batch
from models.letters.document_records import list_documents
from models.letters.office import OfficeSettings, save_office_settings
from models.letters.templates import save_template
from tests.models.detainer_helpers import add_case, new
from tests.pdf_tools import pdf_text, squeeze
from tests.ui.conftest import click, keep_opened
from tests.ui.letter_fixtures import THREAD_WAIT_MS as WAIT_MS
from tests.ui.letter_fixtures import letter_settings as letter_settings  # noqa: F401 (a fixture)
from ui import batch_worker, printing
from ui.dialogs.batch_dialog import BatchDialog

RECEIVED_DAY = date(2010, 10, 16)  # the helpers' detainers arrive on Sat 10/16/2010
NOON = datetime(2010, 10, 16, 19, 0, tzinfo=UTC)  # that day at noon in the county
CODE = "truth_request_notice"


@pytest.fixture
def received(db, actor, case_factory) -> list[int]:
    """Three detainers received on ``RECEIVED_DAY``, a letterhead and an English notice text."""
    save_office_settings(
        db, actor, OfficeSettings(county_name="County of Alder", office_name="County Counsel")
    )
    save_template(
        db,
        actor,
        CODE,
        "en",
        "Notice: ICE asked about {{ person.full_name }}",
        "Dear {{ person.full_name }},\n\n"
        "On {{ detainer.received_on }} the county received a request from ICE about you.",
    )
    return [new(db, actor, add_case(db, actor, case_factory, n)).id for n in (1, 2, 3)]


@pytest.fixture
def controllers(qtbot, actor, letter_settings, boxes, monkeypatch):
    """A controller per test on a stand-in window; its worker thread is joined at the end."""
    keep_opened(monkeypatch, qtbot, BatchDialog)
    return lambda: letter_settings(actor, now=NOON)


def _ready(qtbot, controller) -> BatchDialog:
    dialog = controller.run_batch()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(CODE))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.day_edit.setText("10/16/2010")
    return dialog


def _wait_done(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: controller.worker is None, timeout=WAIT_MS)


def _wrap_progress(monkeypatch, step) -> None:
    """Runs report through ``step(progress, done, total)``, which calls the worker's own."""
    real = batch_worker.run_batch

    def run(*args, progress, **kwargs):
        return real(*args, progress=lambda done, total: step(progress, done, total), **kwargs)

    monkeypatch.setattr(batch_worker, "run_batch", run)


def test_only_detainer_letters_are_offered_and_the_day_is_counted(qtbot, controllers, received):
    dialog = controllers().run_batch()
    codes = [dialog.type_combo.itemData(i) for i in range(dialog.type_combo.count())]
    assert CODE in codes and "detainer_declination" in codes
    assert "cpra_no_records" not in codes and "optout_request" not in codes
    assert dialog.day_edit.text() == "10/16/2010"  # today in the county
    assert dialog.count_label.text() == "3 detainers were received on 10/16/2010: one letter each."

    dialog.day_edit.setText("10/17/2010")
    assert dialog.count_label.text() == "No detainer was received on 10/17/2010."
    assert not dialog.run_button.isEnabled()
    dialog.day_edit.setText("10/32/2010")
    assert not dialog.day_error.isHidden() and not dialog.run_button.isEnabled()


def test_a_run_writes_one_draft_per_detainer_in_one_batch_and_saves_the_pdf(
    qtbot, controllers, received, db, boxes, tmp_path, monkeypatch, settings
):
    controller = controllers()
    dialog = _ready(qtbot, controller)
    changed = []
    controller.documents_changed.connect(lambda: changed.append(True))

    click(qtbot, dialog.run_button)
    assert controller.worker is not None and dialog.progress is not None
    assert not dialog.run_button.isEnabled()
    _wait_done(qtbot, controller)

    documents = list_documents(db)
    assert len(documents) == 3
    batch_ids = {d.batch_id for d in documents}
    assert len(batch_ids) == 1 and None not in batch_ids
    assert sorted(d.about.record_id for d in documents) == sorted(received)
    assert {d.status for d in documents} == {"draft"}
    batch_id = batch_ids.pop()
    assert dialog.status.text() == f"3 letters written as drafts (batch {batch_id})."
    assert boxes.infos == [("Letters made", dialog.status.text())]
    assert changed == [True]
    assert dialog.progress is None and dialog.run_button.isEnabled()

    target = tmp_path / "out" / "batch.pdf"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(printing, "settings", lambda: settings)
    monkeypatch.setattr(
        printing, "ask_save_path", lambda _p, _t, start: asked.append(start) or str(target)
    )
    click(qtbot, dialog.save_button)
    assert asked[0].endswith(f"{CODE}-2010-10-16-batch-{batch_id}.pdf")
    assert target.read_bytes() == dialog.pdf
    text = squeeze(pdf_text(dialog.pdf))
    assert [n for n in (1, 2, 3) if f"Dear María José Núñez{n}," in text] == [1, 2, 3]
    assert f"Saved as {target}" in dialog.status.text()

    printed = []
    monkeypatch.setattr(printing, "print_pdf", lambda _p, data, _t: printed.append(data) or True)
    click(qtbot, dialog.print_button)
    assert printed == [dialog.pdf]


def test_cancel_during_the_run_writes_no_letter(
    qtbot, controllers, received, db, boxes, monkeypatch
):
    clicked = threading.Event()
    progressed = []

    def hesitant(progress, done, total):  # after the first letter, wait until Cancel is clicked
        progressed.append(done)
        if not progress(done, total):
            return False
        clicked.wait(WAIT_MS / 1000)
        return progress(done, total)

    _wrap_progress(monkeypatch, hesitant)
    controller = controllers()
    dialog = _ready(qtbot, controller)
    click(qtbot, dialog.run_button)
    qtbot.waitUntil(lambda: bool(progressed), timeout=WAIT_MS)

    click(qtbot, dialog.progress.findChild(QPushButton))
    clicked.set()
    _wait_done(qtbot, controller)

    assert progressed == [1]  # stopped at the first letter
    assert dialog.status.text() == "Cancelled: no letters were written."
    assert list_documents(db) == []
    assert boxes.errors == [] and boxes.infos == []
    assert dialog.pdf is None and not dialog.save_button.isEnabled()


def test_cancel_once_every_letter_is_made_still_writes_no_letter(
    qtbot, controllers, received, db, boxes, monkeypatch
):
    """The bar is full while the combined PDF still prints: Cancel then must still hold."""
    clicked = threading.Event()
    real = batch._render_combined

    def slow_combined(*args, **kwargs):
        clicked.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_render_combined", slow_combined)
    controller = controllers()
    dialog = _ready(qtbot, controller)
    click(qtbot, dialog.run_button)
    qtbot.waitUntil(lambda: dialog.progress.value() == 3, timeout=WAIT_MS)

    click(qtbot, dialog.progress.findChild(QPushButton))
    clicked.set()
    _wait_done(qtbot, controller)

    assert dialog.status.text() == "Cancelled: no letters were written."
    assert list_documents(db) == []
    assert boxes.errors == [] and boxes.infos == []


@pytest.mark.parametrize("cancel", [False, True])
def test_a_big_run_prints_in_worker_processes_from_the_worker_thread_and_leaves_none(
    qtbot, controllers, received, db, boxes, monkeypatch, cancel
):
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    monkeypatch.setattr(batch, "WORKERS", 2)
    monkeypatch.setattr(batch, "CHUNK", 1)
    used = []
    in_workers = batch._render_in_workers

    def spy(*args, **kwargs):
        used.append("started")
        result = in_workers(*args, **kwargs)
        used.append("printed")
        return result

    monkeypatch.setattr(batch, "_render_in_workers", spy)
    controller = controllers()
    dialog = _ready(qtbot, controller)
    if cancel:  # Cancel pressed once the workers have printed a letter

        def cancel_at_first(progress, done, total):
            if done:
                controller.worker.request_cancel()
            return progress(done, total)

        _wrap_progress(monkeypatch, cancel_at_first)
    click(qtbot, dialog.run_button)
    _wait_done(qtbot, controller)

    if cancel:
        assert used == ["started"]
        assert dialog.status.text() == "Cancelled: no letters were written."
        assert list_documents(db) == []
    else:
        assert used == ["started", "printed"]  # by the worker processes, not in this one
        assert len(list_documents(db)) == 3 and boxes.errors == []
        text = squeeze(pdf_text(dialog.pdf))
        assert [n for n in (1, 2, 3) if f"Dear María José Núñez{n}," in text] == [1, 2, 3]
    assert multiprocessing.active_children() == []


def test_a_record_lacking_a_printed_field_stops_the_run_and_names_it(
    qtbot, controllers, received, db, actor, boxes
):
    save_template(db, actor, CODE, "en", "Notice", "A-number: {{ person.a_number }}")
    controller = controllers()
    dialog = _ready(qtbot, controller)

    click(qtbot, dialog.run_button)
    _wait_done(qtbot, controller)

    assert list_documents(db) == []
    assert len(boxes.errors) == 1
    title, text = boxes.errors[0]
    assert title == "No letters were written"
    assert f"Detainer {received[0]}" in text and "person.a_number" in text
    assert text in dialog.status.text()


def test_closing_the_dialog_during_a_run_cancels_it(qtbot, controllers, received, db, monkeypatch):
    clicked = threading.Event()

    def hesitant(progress, done, total):
        clicked.wait(WAIT_MS / 1000)
        return progress(done, total)

    _wrap_progress(monkeypatch, hesitant)
    controller = controllers()
    dialog = _ready(qtbot, controller)
    click(qtbot, dialog.run_button)
    dialog.reject()  # Esc or Close while it runs
    clicked.set()
    _wait_done(qtbot, controller)

    assert dialog.isVisible()  # it stayed open to say what happened
    assert dialog.status.text() == "Cancelled: no letters were written."
    assert list_documents(db) == []
