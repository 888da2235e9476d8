"""Shared pieces of the Import window's tests: files a jail sends, the window, its questions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox

from models.settings import county_timezone
from tests.importing.files import write_csv
from ui import import_dialog, import_profile_actions, import_source_panel, import_worker
from ui.import_controller import ImportDesk
from ui.import_dialog import ImportDialog

WAIT_MS = 60_000
JAIL_HEADER = [
    "Booking Number",
    "Last Name",
    "First Name",
    "Date of Birth",
    "Booking Date",
    "Facility",
    "Statute",
    "Charge Description",
    "Housing Unit",
]
JAIL_ROWS = [
    ["2017-000101", "Núñez", "María José", "3/9/1984", "3/4/2017 10:30", "Alder County Main Jail",
     "PC 459", "Burglary", "B-12"],
    ["2017-000102", "O'Neil", "Seán", "11/23/1979", "3/5/2017 22:15", "Alder County Main Jail",
     "VC 23152", "DUI", "C-3"],
    ["2017-000103", "Nguyễn", "Thị Thu", "2/30/1990", "3/6/2017 08:00", "Alder County Main Jail",
     "PC 211", "Robbery", "A-1"],
]  # fmt: skip
ORI = "CA0990000"


def write_jail_file(folder: Path, rows=None, **options) -> Path:
    """A small jail export: three bookings, the third with an impossible date of birth."""
    return write_csv(folder / "jail export.csv", [JAIL_HEADER, *(rows or JAIL_ROWS)], **options)


@pytest.fixture
def desk(db, actor, db_path) -> ImportDesk:
    return ImportDesk(db, actor, Path(db_path), county_timezone(db))


class Asked:
    """The answers the Import window's questions get (file to open, save path, profile name)."""

    def __init__(self):
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.profile_name: str | None = None
        self.save_starts: list[str] = []


@pytest.fixture
def asked(monkeypatch, settings) -> Asked:
    answers = Asked()
    monkeypatch.setattr(
        import_source_panel,
        "ask_open_path",
        lambda _parent, _start: str(answers.open_path) if answers.open_path else None,
    )
    monkeypatch.setattr(
        import_dialog,
        "ask_open_path",
        lambda _parent, _start: str(answers.open_path) if answers.open_path else None,
    )

    def save(_parent, _title, start):
        answers.save_starts.append(start)
        return str(answers.save_path) if answers.save_path else None

    monkeypatch.setattr(import_dialog, "ask_save_path", save)
    monkeypatch.setattr(
        import_profile_actions, "ask_profile_name", lambda _p, _s: answers.profile_name
    )
    monkeypatch.setattr(import_dialog, "settings", lambda: settings)
    return answers


@pytest.fixture
def make_dialog(qtbot, desk, boxes, asked):
    def make() -> ImportDialog:
        dialog = ImportDialog(desk)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def pick(combo: QComboBox, data) -> None:
    """Choose the entry whose data is ``data``, as a clerk would (signals follow)."""
    at = combo.findData(data)
    assert at >= 0, data
    combo.setCurrentIndex(at)


def finish(qtbot, dialog) -> None:
    """Wait until the run on the dialog's worker thread has ended and its end is on screen."""
    qtbot.waitUntil(
        lambda: dialog.worker is None and dialog.result_panel.isVisible(), timeout=WAIT_MS
    )


def many_rows(folder: Path, n: int) -> Path:
    """A jail export of ``n`` bookings, one charge each (large enough to cancel midway)."""
    rows = [
        [f"2017-{i:06d}", f"Family{i}", "Given", "3/9/1984", "3/4/2017 10:30",
         "Alder County Main Jail", "PC 459", "Burglary", ""]
        for i in range(n)
    ]  # fmt: skip
    return write_csv(folder / "large.csv", [JAIL_HEADER, *rows])


def hesitate(monkeypatch):
    """Make the run wait at its first progress report until the test says go on."""
    go_on, reported = threading.Event(), threading.Event()
    real = import_worker.run_import

    def hesitant(*args, progress, **kwargs):
        def step(done, total):
            reported.set()
            go_on.wait(WAIT_MS / 1000)
            progress(done, total)

        return real(*args, progress=step, **kwargs)

    monkeypatch.setattr(import_worker, "run_import", hesitant)
    return go_on, reported
