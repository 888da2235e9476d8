"""GUI fixtures: a fresh main window per test on a fresh database, message boxes patched."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from models.cases import create_case
from models.demo import fill_demo
from models.records import Case
from tests.conftest import make_case
from ui import message_boxes
from ui.dialogs.case_dialog import CaseDialog
from ui.dialogs.detainer_dialog import DetainerDialog
from ui.dialogs.holidays_dialog import HolidaysDialog
from ui.dialogs.policy_dialog import PolicyDialog
from ui.main_window import MainWindow
from ui.settings_controller import SettingsController

FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def type_text(widget, text: str) -> None:
    """Type text key by key, including characters qtbot.keyClicks cannot send (ü, ñ, ễ)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Press, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
        QTest.sendKeyEvent(
            QTest.KeyAction.Release, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def stored_case(db, actor, **booking) -> Case:
    """``make_case()`` stored in ``db``, with its booking fields replaced by ``booking``."""
    case = make_case()
    booking = dataclasses.replace(case.booking, **booking)
    return create_case(db, case.replace(booking=booking), actor)


class Boxes:
    """Records every message box the code under test asked for, and answers as told."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.confirm_answer = True
        self.confirms: list[str] = []
        self.unsaved_answer = message_boxes.UnsavedChoice.CANCEL
        self.unsaved_asked = 0


@pytest.fixture
def boxes(monkeypatch):
    record = Boxes()
    monkeypatch.setattr(
        message_boxes, "show_error", lambda _p, title, text: record.errors.append((title, text))
    )
    monkeypatch.setattr(
        message_boxes, "show_info", lambda _p, title, text: record.infos.append((title, text))
    )

    def confirm(_parent, _title, text, _action):
        record.confirms.append(text)
        return record.confirm_answer

    monkeypatch.setattr(message_boxes, "confirm", confirm)

    def ask(_parent, _what):
        record.unsaved_asked += 1
        return record.unsaved_answer

    monkeypatch.setattr(message_boxes, "ask_unsaved", ask)
    return record


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def keep_opened(monkeypatch, qtbot, dialog_class) -> list:
    """Patch ``dialog_class.open`` so every dialog it opens is kept for qtbot to close.

    Returns the list of those dialogs, newest last, filled as the code under test opens them.
    """
    dialogs = []
    original = dialog_class.open.__func__

    def open_and_keep(cls, *args, **kwargs):
        dialog = original(cls, *args, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog

    monkeypatch.setattr(dialog_class, "open", classmethod(open_and_keep))
    return dialogs


@pytest.fixture
def opened(monkeypatch, qtbot) -> list[CaseDialog]:
    """Every CaseDialog the code opens, registered with qtbot, newest last."""
    return keep_opened(monkeypatch, qtbot, CaseDialog)


@pytest.fixture
def editors(monkeypatch, qtbot) -> list[DetainerDialog]:
    """Every DetainerDialog the code opens, registered with qtbot, newest last."""
    return keep_opened(monkeypatch, qtbot, DetainerDialog)


@pytest.fixture
def make_settings_controller(qtbot, monkeypatch, db, boxes):
    """Make a SettingsController for ``staff`` in zone ``tz`` at ``now``, on a fresh parent.

    Every holiday or policy dialog it opens is kept for qtbot to close.
    """
    keep_opened(monkeypatch, qtbot, HolidaysDialog)
    keep_opened(monkeypatch, qtbot, PolicyDialog)

    def make(staff, tz, now) -> SettingsController:
        parent = QWidget()
        qtbot.addWidget(parent)
        return SettingsController(db, staff, tz, parent, now=lambda: now)

    return make


@pytest.fixture
def make_window(qtbot, db, db_path, actor, settings, boxes):
    def make():
        window = MainWindow(db, actor, db_path, settings)
        window.controller.now = lambda: FIXED_NOW
        qtbot.addWidget(window)
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def demo_db(db, actor):
    fill_demo(db, actor, now=FIXED_NOW)
    return db


def choose(combo, code) -> None:
    """Pick the item whose data is ``code`` (failing if the combo does not offer it)."""
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def retype(qtbot, line_edit, text: str) -> None:
    """Replace a line edit's text by typing, then leave the field (its check runs)."""
    line_edit.clear()
    qtbot.keyClicks(line_edit, text)
    line_edit.editingFinished.emit()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
