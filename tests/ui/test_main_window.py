"""Main window: menus and shortcuts, the demo banner, deleting a case, the screenshot option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from models.cases import create_case
from models.records import StaffRole
from models.staff import current_staff
from tests.conftest import make_case
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_every_action_has_a_menu_entry_and_a_shortcut(window):
    actions = {
        a.text().replace("&", ""): a.shortcut().toString()
        for top in window.menuBar().actions()
        for a in top.menu().actions()
        if not a.isSeparator()
    }
    assert actions["New case…"] == "Ctrl+N"
    assert actions["Find case…"] == "Ctrl+F"
    assert actions["Quit"] == "Ctrl+Q"
    assert actions["Refresh"] == "F5"
    assert all(actions.values()), actions


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    """Two actions on one key make Qt fire neither ("Ambiguous shortcut overload")."""
    from PySide6.QtGui import QAction

    seen: dict[str, QAction] = {}
    clashes = []
    for action in window.findChildren(QAction):
        for key in (k.toString() for k in action.shortcuts()):
            if key in seen and seen[key] is not action:
                clashes.append((key, seen[key].text(), action.text()))
            seen.setdefault(key, action)
    assert seen and not clashes


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keySequence(window, "Ctrl+F")
    assert QApplication.focusWidget() is window.cases.search


def test_demo_database_says_so_in_title_and_status_bar(window, demo_db, make_window):
    demo_window = make_window()
    assert "DEMO DATA" in demo_window.windowTitle()
    banners = [w.text() for w in demo_window.statusBar().findChildren(QLabel)]
    assert any("fictional" in text for text in banners)


def test_supervisor_deletes_a_case_after_confirming(qtbot, db, db_path, actor, settings,
                                                    boxes):
    from models.staff import update_staff

    supervisor = update_staff(db, actor, "rsantos", full_name="Rosa Santos",
                              role=StaffRole.SUPERVISOR)
    window = MainWindow(db, supervisor, db_path, settings)
    qtbot.addWidget(window)
    saved = create_case(db, make_case(), actor)
    window.cases.refresh()
    window.cases.select_case(saved.id)
    boxes.confirm_answer = False
    window.delete_action.trigger()
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    boxes.confirm_answer = True
    window.delete_action.trigger()
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0
    assert window.cases.model.rowCount() == 0
    audit = db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'delete' AND table_name = 'bookings'"
    ).fetchone()[0]
    assert audit > 0


def test_a_clerk_cannot_delete(qtbot, db, db_path, actor, settings, boxes):
    clerk = current_staff(db, login="jclerk")
    assert clerk.role == StaffRole.CLERK
    saved = create_case(db, make_case(), actor)
    window = MainWindow(db, clerk, db_path, settings)
    qtbot.addWidget(window)
    assert not window.delete_action.isEnabled()
    assert not window.controller.delete(saved.id)
    assert boxes.errors[-1][0] == "Not allowed"
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1


def test_screenshot_option_writes_a_png_of_the_main_window(tmp_path):
    target = tmp_path / "main.png"
    env = {
        "DETAINER_DESK_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "main.py", "--demo", "--screenshot", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000
    assert (tmp_path / "home" / "demo.sqlite3").exists()
