"""The Qt binding the app runs on keeps Python's books straight.

PySide6 6.12.0 on Python 3.11 released a reference to ``None`` on every call of a Qt method
that returns nothing; after some thousands of clicks and repaints the interpreter freed
``None`` and aborted. The project pins a binding without that fault; this test fails on one
that has it.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_returning_nothing_leave_none_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.hide()
    # A few references may come and go with the interpreter's own work; 4,000 lost would not.
    assert abs(sys.getrefcount(None) - before) < 100
