"""GUI fixtures: a fresh main window per test on a fresh database, message boxes patched."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from models.demo import fill_demo
from ui import message_boxes
from ui.dialogs.case_dialog import CaseDialog
from ui.main_window import MainWindow

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


@pytest.fixture
def opened(monkeypatch, qtbot):
    """Every CaseDialog the code opens, registered with qtbot, newest last."""
    dialogs: list[CaseDialog] = []
    original = CaseDialog.open.__func__

    def open_and_record(cls, *args, **kwargs):
        dialog = original(cls, *args, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog

    monkeypatch.setattr(CaseDialog, "open", classmethod(open_and_record))
    return dialogs


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
