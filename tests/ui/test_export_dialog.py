"""Exporting from the window: File ▸ Export list…, the dialog, its worker, the file, the log.

Each test drives the dialog as a clerk does — the public-release box ticked or not, the file
chosen in the save dialog (``QFileDialog.getSaveFileName`` replaced), Export pressed — and ends
by reading the file back and the export log from the database. The worker thread opens its own
connection to the same file, as the app does; every test waits for it to end.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from models.case_list import CaseQuery
from models.detainer_list import DetainerQuery
from models.export import list_exports
from models.records import DetainerStatus
from models.stats.compute import statistics
from models.stats.period import Filters, Period
from tests.models.detainer_helpers import move, new
from tests.models.export.export_helpers import (
    IDENTIFYING,
    add_people,
    all_text,
    csv_rows,
    xlsx_rows,
)
from tests.ui.conftest import choose, click, keep_opened
from ui import export_dialog, export_wiring
from ui.export_dialog import ExportDialog, export_statistics
from ui.main_window import (
    CASES_PAGE,
    DEADLINES_PAGE,
    DETAINERS_PAGE,
    DOCUMENTS_PAGE,
    LETTERS_PAGE,
    OPTOUTS_PAGE,
)

WAIT_MS = 60_000
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def dialogs(monkeypatch, qtbot, settings):
    monkeypatch.setattr(export_dialog, "settings", lambda: settings)
    return keep_opened(monkeypatch, qtbot, ExportDialog)


@pytest.fixture
def save_as(monkeypatch):
    """Answer the save dialog with the path (and file type) a test puts in ``answer``."""
    asked = {"answer": None, "filter": "", "starts": []}

    def get_save_file_name(_parent, _title, start, filters):
        asked["starts"].append(start)
        assert "*.csv" in filters and "*.xlsx" in filters
        return (str(asked["answer"]) if asked["answer"] else "", asked["filter"])

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    return asked


@pytest.fixture
def people(db, actor):
    return add_people(db, actor)


def installed(window):
    """The window with its Export list… action (the main window installs it itself)."""
    assert window.export_action in window.actions()
    return window


def finish(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=WAIT_MS)


def test_export_list_is_on_the_file_menu_with_a_shortcut_of_its_own(window):
    from PySide6.QtGui import QAction

    installed(window)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    entries = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    assert entries[-2:] == ["Export list…", "Quit"]
    assert window.export_action.shortcut().toString() == "Ctrl+Shift+E"
    seen, clashes = {}, []
    for action in window.findChildren(QAction):
        for key in (k.toString() for k in action.shortcuts()):
            if key in seen and seen[key] is not action:
                clashes.append((key, seen[key].text(), action.text()))
            seen.setdefault(key, action)
    assert clashes == []


def test_the_filtered_case_list_is_exported_as_a_public_release(
    qtbot, db, people, window, dialogs, save_as, boxes, tmp_path
):
    installed(window)
    window.show_area(CASES_PAGE)
    choose(window.cases.facility, "Alder County Main Jail")
    window.export_action.trigger()
    (dialog,) = dialogs
    assert "facility “Alder County Main Jail”" in dialog.summary.text()
    assert dialog.public_release.text().startswith("Public release (removes names, dates of")
    assert not dialog.public_release.isHidden()
    dialog.public_release.setChecked(True)
    save_as["answer"] = tmp_path / "jail.csv"

    click(qtbot, dialog.export_button)
    assert dialog.worker is not None and dialog.progress is not None
    finish(qtbot, dialog)

    rows = csv_rows(tmp_path / "jail.csv")
    assert len(rows) == 3 and "Family name" not in rows[0] and "A-number" not in rows[0]
    assert [r[rows[0].index("Booked")] for r in rows[1:]] == ["2012-06", "2010-10"]
    assert [v for v in IDENTIFYING if v in all_text(tmp_path / "jail.csv")] == []
    (logged,) = list_exports(db)
    assert (logged.what, logged.public_release, logged.row_count) == ("cases", True, 2)
    assert logged.filters["query"]["facility"] == "Alder County Main Jail"
    assert logged.filters["columns"] == rows[0]
    text = f"2 rows written to {tmp_path / 'jail.csv'} as a public release."
    assert boxes.infos == [("Export written", text)] and boxes.errors == []
    assert dialog.status.text() == text and not dialog.isVisible()


def test_names_with_accents_round_trip_through_a_workbook(
    qtbot, db, people, window, dialogs, save_as, boxes, tmp_path
):
    installed(window)
    window.show_area(CASES_PAGE)
    window.export_action.trigger()
    (dialog,) = dialogs
    save_as["answer"], save_as["filter"] = tmp_path / "all cases", "Excel workbook (*.xlsx)"
    click(qtbot, dialog.export_button)
    finish(qtbot, dialog)

    rows = xlsx_rows(tmp_path / "all cases.xlsx")  # no ending typed: the file type chose it
    names = [(r[rows[0].index("Family name")], r[rows[0].index("Given names")]) for r in rows[1:]]
    assert names == [("O'Neil", "Seán"), ("Nguyễn", "Thị Thu"), ("Núñez", "María José")]
    (logged,) = list_exports(db)
    assert (logged.format, logged.public_release, logged.file_name) == (
        "xlsx", False, "all cases.xlsx",
    )  # fmt: skip
    assert save_as["starts"][0].endswith(".xlsx")


def test_a_file_name_of_another_type_is_refused_before_anything_runs(
    qtbot, db, people, window, dialogs, save_as, boxes, tmp_path
):
    installed(window)
    window.show_area(CASES_PAGE)
    window.export_action.trigger()
    (dialog,) = dialogs
    save_as["answer"] = tmp_path / "cases.txt"
    click(qtbot, dialog.export_button)
    assert dialog.worker is None
    assert boxes.errors and boxes.errors[0][0] == "Nothing was exported"
    assert "cases.txt" in boxes.errors[0][1] and ".xlsx" in boxes.errors[0][1]
    assert not (tmp_path / "cases.txt").exists() and list_exports(db) == []

    save_as["answer"] = None  # the clerk cancels the save dialog: nothing happens
    click(qtbot, dialog.export_button)
    assert dialog.worker is None and len(boxes.errors) == 1


def test_cancel_during_the_export_leaves_no_file_and_no_log_row(
    qtbot, db, people, window, dialogs, save_as, boxes, tmp_path, monkeypatch
):
    clicked = threading.Event()
    seen = []
    real = export_dialog.run_export

    def hesitant(*args, progress, **kwargs):
        def step(done, total):  # at the first report, wait until Cancel is clicked
            seen.append(done)
            clicked.wait(WAIT_MS / 1000)
            return progress(done, total)

        return real(*args, progress=step, **kwargs)

    monkeypatch.setattr(export_dialog, "run_export", hesitant)
    installed(window)
    window.show_area(CASES_PAGE)
    window.export_action.trigger()
    (dialog,) = dialogs
    save_as["answer"] = tmp_path / "cases.csv"
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)

    click(qtbot, dialog.progress.findChild(QPushButton))
    clicked.set()
    finish(qtbot, dialog)

    assert seen == [0]
    assert dialog.status.text() == "Cancelled: no file was written."
    assert [p.name for p in tmp_path.iterdir() if "cases.csv" in p.name] == []
    assert list_exports(db) == [] and boxes.errors == [] and boxes.infos == []
    assert dialog.export_button.isEnabled() and dialog.progress is None


def test_the_detainers_list_is_exported_with_its_status_filter(
    qtbot, db, actor, people, window, dialogs, save_as, boxes, tmp_path
):
    first = move(db, actor, new(db, actor, people[0]), DetainerStatus.UNDER_REVIEW)
    new(db, actor, people[1], received_at=datetime(2011, 2, 2, 18, 0, tzinfo=UTC),
        now=datetime(2011, 2, 3, tzinfo=UTC))  # fmt: skip
    installed(window)
    window.refresh()
    window.show_area(DETAINERS_PAGE)
    choose(window.detainers.status, "under_review")
    window.export_action.trigger()
    (dialog,) = dialogs
    assert "1 row" in dialog.summary.text() and "status “under_review”" in dialog.summary.text()
    save_as["answer"] = tmp_path / "detainers.csv"
    click(qtbot, dialog.export_button)
    finish(qtbot, dialog)

    rows = csv_rows(tmp_path / "detainers.csv")
    assert [r[0] for r in rows[1:]] == [str(first.id)]
    assert rows[1][rows[0].index("Name")] == "Núñez, María José"
    (logged,) = list_exports(db)
    assert logged.what == "detainers" and logged.filters["query"]["status"] == "under_review"
    assert window.detainers.model.query == DetainerQuery(status=DetainerStatus.UNDER_REVIEW)


@pytest.mark.parametrize(
    ("page", "what"),
    [(LETTERS_PAGE, "correspondence"), (OPTOUTS_PAGE, "optouts"), (DOCUMENTS_PAGE, "letters")],
)
def test_each_list_page_offers_its_own_list(
    qtbot, db, window, dialogs, save_as, boxes, tmp_path, page, what
):
    installed(window)
    window.show_area(page)
    window.export_action.trigger()
    (dialog,) = dialogs
    assert dialog.offer.what == what
    save_as["answer"] = tmp_path / f"{what}.csv"
    click(qtbot, dialog.export_button)
    finish(qtbot, dialog)
    assert csv_rows(tmp_path / f"{what}.csv")[1:] == []  # a new database: no rows, a header
    assert [(e.what, e.row_count) for e in list_exports(db)] == [(what, 0)]


def test_a_page_without_a_list_says_so(window, dialogs, boxes):
    installed(window)
    window.show_area(DEADLINES_PAGE)
    assert export_wiring.export_current(window) is None
    assert dialogs == []
    assert boxes.infos and "Deadlines page has no list to export" in boxes.infos[0][1]


def test_a_page_showing_figures_exports_them(qtbot, db, actor, people, window, dialogs, boxes):
    from PySide6.QtWidgets import QWidget

    installed(window)
    page = QWidget()  # stands for the Dashboard: a page with the figures it shows
    page.stats = None
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    assert export_wiring.export_current(window) is None
    assert boxes.infos[-1] == ("Export list", export_wiring.NO_FIGURES) and dialogs == []

    page.stats = statistics(db, Period(date(2010, 1, 1), date(2010, 12, 31)), Filters(), tz=LA)
    dialog = export_wiring.export_current(window)
    assert dialog is dialogs[0] and dialog.offer.what == "statistics"
    assert dialog.summary.text().startswith("Every figure for 01/01/2010 – 12/31/2010")


def test_figures_are_exported_as_a_workbook_of_sheets(
    qtbot, db, actor, people, dialogs, save_as, boxes, tmp_path
):
    stats = statistics(db, Period(date(2010, 1, 1), date(2012, 12, 31)), Filters(), tz=LA)
    dialog = export_statistics(None, db, actor, stats)  # as the Dashboard's button calls it
    assert dialog is dialogs[0]
    assert dialog.summary.text() == (
        "Every figure for 01/01/2010 – 12/31/2012, all facilities and agencies."
    )
    # Figures identify nobody: no public-release option, and none logged even if ticked.
    assert dialog.public_release.isHidden()
    dialog.public_release.setChecked(True)
    save_as["answer"] = tmp_path / "figures.xlsx"
    click(qtbot, dialog.export_button)
    finish(qtbot, dialog)

    summary = {r[0]: r for r in xlsx_rows(tmp_path / "figures.xlsx", "Summary")[1:]}
    assert summary["flagged"][2] == 3
    assert summary["share.no_conviction"][2:5] == [100.0, 3, 3]
    (logged,) = list_exports(db)
    assert logged.what == "statistics" and logged.filters["period"]["to"] == "2012-12-31"
    assert logged.public_release is False
    written = f"{logged.row_count:,} rows written to {tmp_path / 'figures.xlsx'}."
    assert boxes.infos[-1][1] == written  # not "as a public release"
    assert save_as["starts"][0].endswith(f"statistics-2010-01-01-to-2012-12-31-"
                                         f"{date.today().isoformat()}.xlsx")  # fmt: skip


@pytest.fixture
def slow_cases(monkeypatch):
    """Cases exported slowly (half a second a row); ``started`` is set at the first row."""
    started = threading.Event()
    real = export_dialog.case_source

    def slow_source(conn, query, tz):
        source = real(conn, query, tz)
        sheet = source.csv_sheet

        def rows():
            started.set()
            for row in sheet.rows():
                time.sleep(0.5)
                yield row

        slow = dataclasses.replace(sheet, rows=rows)
        return dataclasses.replace(source, csv_sheet=slow, xlsx_sheets=())

    monkeypatch.setattr(export_dialog, "case_source", slow_source)
    return started


def workers() -> list:
    return QCoreApplication.instance().findChildren(export_dialog.ExportWorker)


def test_escape_during_an_export_cancels_it_and_waits_for_its_thread(
    qtbot, db, actor, people, dialogs, save_as, boxes, tmp_path, slow_cases
):
    dialog = export_dialog.export_cases(None, db, actor, LA, CaseQuery())
    out = tmp_path / "out"
    out.mkdir()
    save_as["answer"] = out / "cases.csv"
    click(qtbot, dialog.export_button)
    worker = dialog.worker
    qtbot.waitUntil(slow_cases.is_set, timeout=WAIT_MS)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert worker.isFinished()  # joined before the dialog went, not left running
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.worker is None and workers() == [], timeout=WAIT_MS)
    assert dialog.status.text() == "Cancelled: no file was written."
    assert list(out.iterdir()) == []
    assert list_exports(db) == [] and boxes.errors == [] and boxes.infos == []


def test_a_dialog_freed_mid_export_leaves_its_thread_to_end_cancelled(
    qtbot, db, actor, people, dialogs, save_as, boxes, tmp_path, slow_cases
):
    parent = QWidget()  # stands for a window closed while its export runs
    dialog = export_dialog.export_cases(parent, db, actor, LA, CaseQuery())
    out = tmp_path / "out"
    out.mkdir()
    save_as["answer"] = out / "cases.csv"
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(slow_cases.is_set, timeout=WAIT_MS)

    shiboken6.delete(parent)  # the dialog goes with it, without being closed
    del dialog
    dialogs.clear()
    gc.collect()  # nothing in Python holds the thread now: the application does

    qtbot.waitUntil(lambda: workers() == [], timeout=WAIT_MS)
    assert list(out.iterdir()) == []
    assert list_exports(db) == [] and boxes.errors == [] and boxes.infos == []
