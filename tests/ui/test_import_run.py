"""Running an import from the window: the counts, the rejected rows, Cancel, closing mid-run.

The worker thread opens its own connection to the test's database file, as the app does; each
test waits for the run's end to be on screen, then reads the database.
"""

from __future__ import annotations

import threading

from models.importing.batches import list_batches
from tests.ui.import_fixtures import (
    ORI,
    WAIT_MS,
    finish,
    hesitate,
    many_rows,
    write_jail_file,
)
from tests.ui.import_fixtures import asked as asked  # noqa: F401 (a fixture)
from tests.ui.import_fixtures import desk as desk  # noqa: F401 (a fixture)
from tests.ui.import_fixtures import make_dialog as make_dialog  # noqa: F401 (a fixture)
from ui import import_worker


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def ready(make_dialog, asked, path):
    dialog = make_dialog()
    asked.open_path = path
    dialog.source.choose_button.click()
    edit = dialog.mapping_panel.fixed_edit("booking.agency_ori")
    edit.setText(ORI)
    edit.textEdited.emit(ORI)
    assert dialog.import_button.isEnabled(), dialog.mapping_panel.problems.text()
    return dialog


def counts(dialog) -> dict[str, str]:
    return {key: label.text() for key, label in dialog.result_panel.counts.items()}


def test_import_creates_the_bookings_and_shows_the_counts_and_problems(
    qtbot, db, make_dialog, asked, tmp_path, boxes
):
    dialog = ready(make_dialog, asked, write_jail_file(tmp_path))
    imported = []
    dialog.imported.connect(imported.append)

    dialog.import_button.click()
    finish(qtbot, dialog)

    assert counts(dialog) == {
        "created": "2", "updated": "0", "skipped": "0", "rejected": "1", "holds": "0",
    }  # fmt: skip
    numbers = [r[0] for r in db.execute("SELECT booking_number FROM bookings ORDER BY 1")]
    assert numbers == ["2017-000101", "2017-000102"]
    names = [r[0] for r in db.execute("SELECT family_name FROM persons ORDER BY 1")]
    assert names == ["Núñez", "O'Neil"]
    (batch,) = list_batches(db)
    assert (batch.file_name, batch.created, batch.rejected) == ("jail export.csv", 2, 1)
    assert [r.batch_id for r in imported] == [batch.id]
    assert f"import #{batch.id}" in dialog.result_panel.headline.text()
    problems = dialog.result_panel.problems
    assert problems.rowCount() == 1
    line, column, value, reason = problems.row_texts(0)
    assert (line, column, value) == ("4", "Date of Birth", "2/30/1990")
    assert "30" in reason
    assert dialog.result_panel.save_report.isEnabled()
    assert boxes.errors == []

    dialog.import_button.click()  # the same file again: nothing changes
    finish(qtbot, dialog)
    assert counts(dialog)["skipped"] == "2" and counts(dialog)["created"] == "0"
    assert count(db, "bookings") == 2


def test_the_error_report_is_saved_where_the_clerk_says(qtbot, make_dialog, asked, tmp_path, boxes):
    dialog = ready(make_dialog, asked, write_jail_file(tmp_path))
    dialog.import_button.click()
    finish(qtbot, dialog)
    asked.save_path = tmp_path / "problems.csv"

    dialog.result_panel.save_report.click()

    assert asked.save_starts == [str(tmp_path / "jail export.errors.csv")]
    text = (tmp_path / "problems.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "line,column,value,reason"
    assert text[1].startswith("4,Date of Birth,2/30/1990,")
    assert len(text) == 2
    assert boxes.infos[-1][0] == "Error report saved"


def test_check_file_counts_without_importing(qtbot, db, make_dialog, asked, tmp_path, boxes):
    dialog = ready(make_dialog, asked, write_jail_file(tmp_path))
    dialog.check_button.click()
    finish(qtbot, dialog)
    assert counts(dialog)["created"] == "2" and counts(dialog)["rejected"] == "1"
    assert "nothing was imported" in dialog.result_panel.headline.text()
    assert count(db, "bookings") == 0 and list_batches(db) == []


def test_cancel_during_a_large_import_leaves_no_booking_and_no_batch(
    qtbot, db, make_dialog, asked, tmp_path, boxes, monkeypatch
):
    go_on, reported = hesitate(monkeypatch)
    dialog = ready(make_dialog, asked, many_rows(tmp_path, 5000))
    dialog.import_button.click()
    qtbot.waitUntil(reported.is_set, timeout=WAIT_MS)
    assert dialog.progress.isVisible() and not dialog.import_button.isEnabled()

    dialog.progress.cancel_button.click()
    go_on.set()
    finish(qtbot, dialog)

    assert dialog.result_panel.headline.text() == "Cancelled: nothing was imported."
    assert count(db, "bookings") == 0 and count(db, "persons") == 0
    assert list_batches(db) == [] and boxes.errors == []
    assert dialog.import_button.isEnabled() and not dialog.progress.isVisible()


def test_closing_during_an_import_asks_and_then_cancels_it(
    qtbot, db, make_dialog, asked, tmp_path, boxes, monkeypatch
):
    go_on, reported = hesitate(monkeypatch)
    dialog = ready(make_dialog, asked, many_rows(tmp_path, 5000))
    dialog.import_button.click()
    qtbot.waitUntil(reported.is_set, timeout=WAIT_MS)

    boxes.confirm_answer = False  # keep importing
    dialog.reject()
    assert dialog.isVisible() and dialog.worker is not None
    assert "Stop now?" in boxes.confirms[-1]

    boxes.confirm_answer = True
    threading.Timer(0.2, go_on.set).start()  # the run goes on to its next check, and stops
    dialog.close()

    assert not dialog.isVisible() and dialog.worker is None
    assert count(db, "bookings") == 0 and list_batches(db) == []


def test_an_import_the_database_refuses_says_why_and_imports_nothing(
    qtbot, db, make_dialog, asked, tmp_path, boxes, monkeypatch
):
    from models.errors import StoreError

    def refused(*_args, **_kwargs):
        raise StoreError("The database is busy at another desk; try again in a moment.")

    monkeypatch.setattr(import_worker, "run_import", refused)
    dialog = ready(make_dialog, asked, write_jail_file(tmp_path))
    imported = []
    dialog.imported.connect(imported.append)
    dialog.import_button.click()
    finish(qtbot, dialog)

    text = "The database is busy at another desk; try again in a moment."
    assert boxes.errors == [("Nothing was imported", text)]
    assert dialog.result_panel.headline.text() == text
    assert not dialog.result_panel.save_report.isEnabled() and imported == []
    assert dialog.import_button.isEnabled() and count(db, "bookings") == 0


def test_a_big_file_is_prepared_in_a_worker_process_from_the_window(
    qtbot, db, make_dialog, asked, tmp_path, boxes, monkeypatch
):
    import multiprocessing

    from models.importing import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM_BYTES", 0)  # any file counts as big here
    started = []
    real_start = pipeline._start

    def spy(*args):
        worker = real_start(*args)
        started.append(worker is not None)
        return worker

    monkeypatch.setattr(pipeline, "_start", spy)
    dialog = ready(make_dialog, asked, write_jail_file(tmp_path))
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert started == [True]  # spawned from the import's thread while Qt runs
    assert counts(dialog)["created"] == "2" and counts(dialog)["rejected"] == "1"
    assert count(db, "bookings") == 2
    for child in multiprocessing.active_children():
        child.join(5)
    assert not multiprocessing.active_children()
