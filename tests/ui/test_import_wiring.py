"""The main window's part: File ▸ Import… and Import history…, dropped files, undo, refresh."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from models.importing.batches import list_batches
from tests.importing.files import write_xlsx
from tests.ui.conftest import keep_opened
from tests.ui.import_fixtures import (
    JAIL_HEADER,
    JAIL_ROWS,
    ORI,
    WAIT_MS,
    finish,
    hesitate,
    many_rows,
    write_jail_file,
)
from tests.ui.import_fixtures import asked as asked  # noqa: F401 (a fixture)
from ui.import_dialog import ImportDialog
from ui.import_history_dialog import ImportHistoryDialog
from ui.import_wiring import open_import
from ui.main_window import CASES_PAGE


def file_entries(window) -> dict[str, str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in menu.actions()
        if not a.isSeparator()
    }


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_import_and_its_history_are_on_the_file_menu_with_shortcuts(window):
    entries = file_entries(window)
    assert entries["Import…"] == "Ctrl+I"
    assert entries["Import history…"] == "Ctrl+Alt+I"
    assert list(entries)[-4:] == ["Import…", "Import history…", "Export list…", "Quit"]
    seen, clashes = {}, []
    for action in window.findChildren(QAction):
        for key in (k.toString() for k in action.shortcuts()):
            if key in seen and seen[key] is not action:
                clashes.append((key, seen[key].text(), action.text()))
            seen.setdefault(key, action)
    assert clashes == []


def mime_for(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag(widget, event_class, mime: QMimeData):
    """Send ``widget`` a drag-enter or drop of ``mime`` at (20, 20), as Qt would; the event."""
    event = event_class(
        QPoint(20, 20) if event_class is QDragEnterEvent else QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.ignore()  # as Qt hands it over: nobody has taken it yet
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_a_file_dropped_on_the_main_window_opens_the_import_window_with_it(
    qtbot, monkeypatch, window, asked, tmp_path
):
    opened = keep_opened(monkeypatch, qtbot, ImportDialog)
    path = write_jail_file(tmp_path)
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert window.acceptDrops()

    refused = mime_for(pdf)  # not a file the import reads
    assert not drag(window, QDragEnterEvent, refused)
    assert not drag(window, QDropEvent, refused)
    assert opened == []

    taken = mime_for(path)
    assert drag(window, QDragEnterEvent, taken)
    assert drag(window, QDropEvent, taken)
    (dialog,) = opened
    assert dialog.isVisible() and dialog.path == path
    assert dialog.mapping_panel.model.columns() == tuple(JAIL_HEADER)

    other = write_xlsx(tmp_path / "other.xlsx", [JAIL_HEADER, *JAIL_ROWS])
    assert window.import_drops.drop(mime_for(other))
    assert len(opened) == 1 and dialog.path == other  # the same window, the new file
    assert dialog.table is not None and dialog.table.kind == "xlsx"


def test_an_import_shows_its_bookings_in_the_case_list_and_undo_takes_them_away(
    qtbot, db, monkeypatch, window, asked, tmp_path, boxes
):
    dialogs = keep_opened(monkeypatch, qtbot, ImportDialog)
    histories = keep_opened(monkeypatch, qtbot, ImportHistoryDialog)
    window.show_area(CASES_PAGE)
    shown_before = window.cases.model.rowCount()
    asked.open_path = write_jail_file(tmp_path)
    window.import_action.trigger()
    (dialog,) = dialogs
    dialog.source.choose_button.click()
    edit = dialog.mapping_panel.fixed_edit("booking.agency_ori")
    edit.setText(ORI)
    edit.textEdited.emit(ORI)
    dialog.import_button.click()
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == shown_before + 2, timeout=10_000)

    window.import_history_action.trigger()
    (history,) = histories
    assert history.model.rowCount() == 1
    texts = history.model.texts(history.model.batches[0])
    assert texts[1] == "jail export.csv" and texts[5:9] == ("2", "0", "0", "1")
    assert texts[2] == "(guessed from the headers)" and texts[9] == ""

    boxes.confirm_answer = False
    asked = len(boxes.confirms)
    history.undo_button.click()  # answered No: nothing undone
    assert len(boxes.confirms) == asked + 1 and "Undo import" in boxes.confirms[-1]
    assert count(db, "bookings") == 2 and list_batches(db)[0].undone_at is None
    boxes.confirm_answer = True
    history.undo_button.click()

    assert count(db, "bookings") == 0 and count(db, "persons") == 0
    (batch,) = list_batches(db)
    assert batch.undone_at is not None
    assert history.model.texts(history.model.batches[0])[9].endswith(batch.undone_by_name)
    assert not history.undo_button.isEnabled()
    assert "2 bookings removed" in boxes.infos[-1][1]
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == shown_before, timeout=10_000)


def test_an_undo_the_database_refuses_is_explained(
    qtbot, db, monkeypatch, window, asked, tmp_path, boxes
):
    histories = keep_opened(monkeypatch, qtbot, ImportHistoryDialog)
    window.import_history_action.trigger()
    (history,) = histories
    assert history.model.rowCount() == 0 and not history.undo_button.isEnabled()
    assert history.undo_selected() is False

    monkeypatch.setattr(history.desk, "batches", lambda: [_batch()])
    monkeypatch.setattr(history.desk, "undo_refusal", lambda _id: "Booking 7 was edited since.")
    history.reload()
    assert history.undo_button.isEnabled()
    history.undo_button.click()
    assert boxes.errors[-1] == ("This import cannot be undone", "Booking 7 was edited since.")
    assert boxes.confirms == []


def _batch():
    from datetime import UTC, datetime

    from models.importing.batches import ImportBatch

    return ImportBatch(
        id=9, file_name="a.csv", file_sha256="0" * 64, file_size=10, profile_name=None,
        encoding="utf-8", delimiter=",", header_row=1, rows_read=1, created=1, updated=0,
        skipped=0, rejected=0, imported_at=datetime(2026, 11, 25, 12, tzinfo=UTC),
        imported_by_name="M. López", undone_at=None, undone_by_name=None,
    )  # fmt: skip


def test_closing_the_main_window_during_an_import_asks_first(
    qtbot, db, monkeypatch, window, asked, tmp_path, boxes
):
    dialogs = keep_opened(monkeypatch, qtbot, ImportDialog)
    go_on, reported = hesitate(monkeypatch)
    dialog = open_import(window, many_rows(tmp_path, 5000))
    assert dialogs == [dialog]
    edit = dialog.mapping_panel.fixed_edit("booking.agency_ori")
    edit.setText(ORI)
    edit.textEdited.emit(ORI)
    dialog.import_button.click()
    qtbot.waitUntil(reported.is_set, timeout=WAIT_MS)

    boxes.confirm_answer = False  # "keep importing": the window stays
    assert not window.close()
    assert window.isVisible() and dialog.worker is not None
    assert "Stop now?" in boxes.confirms[-1]

    boxes.confirm_answer = True
    threading.Timer(0.2, go_on.set).start()
    assert window.close()
    assert dialog.worker is None and count(db, "bookings") == 0 and list_batches(db) == []
