"""Settings ▸ Backups…: make, check and restore backups from the dialog; the daily backup."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel

from models.audit import verify_chain
from models.backups import backup_folder, make_backup, verify_backup
from models.cases import get_case, update_case
from models.settings import get_setting
from models.staff import current_staff
from tests.ui.conftest import click, keep_opened, stored_case
from ui import backup_wiring
from ui.backups_dialog import BackupsDialog
from ui.main_window import MainWindow


@pytest.fixture
def dialogs(monkeypatch, qtbot):
    return keep_opened(monkeypatch, qtbot, BackupsDialog)


@pytest.fixture
def chosen(monkeypatch):
    """Answer the file question with the path proposed (or the one set in ``answer``)."""
    asked = {"answer": None, "starts": []}

    def ask(_parent, start):
        asked["starts"].append(start)
        return asked["answer"] or start

    monkeypatch.setattr(backup_wiring, "ask_backup_path", ask)
    return asked


def open_backups(window, dialogs) -> BackupsDialog:
    window.backups_action.trigger()
    assert dialogs, "Settings ▸ Backups… opened no dialog"
    return dialogs[-1]


def wait_idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def row_of(dialog, name: str) -> int:
    names = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert name in names, names
    return names.index(name)


def test_the_menu_entry_has_its_shortcut_and_opens_the_list(window, dialogs, db, db_path):
    assert window.backups_action.shortcut().toString() == "Ctrl+Alt+K"
    settings_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Settings"
    )
    assert window.backups_action in settings_menu.actions()
    folder = backup_folder(db, db_path, create=True)
    make_backup(db, folder / "desk-2026-11-20.sqlite3")
    dialog = open_backups(window, dialogs)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Daily"
    assert str(folder) in dialog.folder_label.text()
    assert not dialog.verify_button.isEnabled()  # nothing selected yet
    for widget in (dialog.table, dialog.keep, dialog.status, dialog.busy_bar):
        assert widget.accessibleName()


def test_back_up_now_writes_a_checked_copy_in_the_backup_folder(
    qtbot, window, dialogs, chosen, db, db_path, actor, boxes
):
    stored_case(db, actor)
    dialog = open_backups(window, dialogs)
    click(qtbot, dialog.backup_button)
    assert dialog.busy and dialog.busy_bar.isVisibleTo(dialog)
    wait_idle(qtbot, dialog)
    start = chosen["starts"][0]
    assert start.parent == backup_folder(db, db_path)
    assert start.name.startswith("desk-backup-")
    assert start.exists() and verify_backup(start).cases == 1
    assert "Backup written" in dialog.status.text()
    assert dialog.selected().path == start  # the new file is listed and selected
    assert dialog.table.item(row_of(dialog, start.name), 1).text() == "Made by hand"
    assert boxes.errors == []


def test_a_backup_into_a_missing_folder_is_refused_with_words(
    qtbot, window, dialogs, chosen, tmp_path, boxes
):
    chosen["answer"] = tmp_path / "gone" / "copy.sqlite3"
    dialog = open_backups(window, dialogs)
    click(qtbot, dialog.backup_button)
    wait_idle(qtbot, dialog)
    assert boxes.errors and "does not exist" in boxes.errors[-1][1]
    assert "does not exist" in dialog.status.text()
    assert not (tmp_path / "gone").exists()


def test_verify_says_what_the_backup_holds(qtbot, window, dialogs, db, db_path, actor, boxes):
    stored_case(db, actor)
    folder = backup_folder(db, db_path, create=True)
    make_backup(db, folder / "copy.sqlite3")
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "copy.sqlite3"))
    click(qtbot, dialog.verify_button)
    wait_idle(qtbot, dialog)
    assert "copy.sqlite3 checks out: 1 case," in dialog.status.text()
    assert boxes.errors == []


def test_verify_of_a_damaged_backup_says_so(qtbot, window, dialogs, db, db_path, boxes):
    folder = backup_folder(db, db_path, create=True)
    (folder / "broken.sqlite3").write_text("not a database at all")
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "broken.sqlite3"))
    click(qtbot, dialog.verify_button)
    wait_idle(qtbot, dialog)
    assert "not a SQLite file" in boxes.errors[-1][1]


def test_restore_asks_naming_the_safety_copy_then_brings_the_records_back(
    qtbot, window, dialogs, db, db_path, actor, boxes, monkeypatch
):
    saved = stored_case(db, actor)
    folder = backup_folder(db, db_path, create=True)
    make_backup(db, folder / "before the edit.sqlite3")
    edited = saved.replace(booking=dataclasses.replace(saved.booking, notes="edited later"))
    update_case(db, edited, actor)
    refreshed = []
    original_refresh = window.refresh
    monkeypatch.setattr(window, "refresh", lambda: (refreshed.append(1), original_refresh()))

    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "before the edit.sqlite3"))
    click(qtbot, dialog.restore_button)
    wait_idle(qtbot, dialog)

    assert len(boxes.confirms) == 1
    question = boxes.confirms[0]
    assert "before the edit.sqlite3" in question and "desk-before-restore-" in question
    assert "1 case" in question
    assert get_case(db, saved.id).booking.notes is None
    assert refreshed == [1]
    safety = dialog.selected().path
    assert safety.name.startswith("desk-before-restore-") and safety.name in question
    assert dialog.table.item(row_of(dialog, safety.name), 1).text() == "Before a restore"
    assert boxes.infos and boxes.infos[-1][0] == "Backup restored"
    assert verify_chain(db).ok
    assert db.execute(
        "SELECT new_value FROM audit_log WHERE table_name = 'database' AND field = 'restored_from'"
    ).fetchall() == [("before the edit.sqlite3",)]


def test_restore_answered_no_changes_nothing(qtbot, window, dialogs, db, db_path, actor, boxes):
    saved = stored_case(db, actor)
    folder = backup_folder(db, db_path, create=True)
    make_backup(db, folder / "old.sqlite3")
    update_case(db, saved.replace(booking=dataclasses.replace(saved.booking, notes="kept")), actor)
    boxes.confirm_answer = False
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "old.sqlite3"))
    click(qtbot, dialog.restore_button)
    wait_idle(qtbot, dialog)
    assert boxes.confirms and "nothing was changed" in dialog.status.text()
    assert get_case(db, saved.id).booking.notes == "kept"
    assert not list(folder.glob("desk-before-restore-*"))


def test_a_clerk_may_look_but_not_restore_or_change_the_number_kept(
    qtbot, db, db_path, settings, boxes, dialogs, actor
):
    clerk = current_staff(db, login="jclerk")
    window = MainWindow(db, clerk, db_path, settings)
    qtbot.addWidget(window)
    make_backup(db, backup_folder(db, db_path, create=True) / "copy.sqlite3")
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(0)
    assert dialog.verify_button.isEnabled()
    assert not dialog.restore_button.isEnabled()
    assert not dialog.keep.isEnabled()
    # Asked all the same (a shortcut, a script): the controller refuses and changes nothing.
    assert window.backups_controller.restore(dialog, dialog.selected()) is None
    assert boxes.errors[-1] == ("Not restored", "Only an administrator can restore a backup.")
    assert boxes.confirms == []


def test_the_number_of_dailies_kept_is_saved_once_and_audited(qtbot, window, dialogs, db, actor):
    dialog = open_backups(window, dialogs)
    assert dialog.keep.value() == 14
    for value in (15, 16, 20):  # arrow clicks, then the field is left
        dialog.keep.setValue(value)
    dialog.keep.editingFinished.emit()
    assert get_setting(db, "backup_keep") == "20"
    rows = db.execute(
        "SELECT old_value, new_value FROM audit_log WHERE field = 'backup_keep'"
    ).fetchall()
    assert rows == [("14", "20")]
    assert "newest 20 daily backups" in dialog.status.text()


def test_open_folder_shows_the_backup_folder(qtbot, window, dialogs, db, db_path, monkeypatch):
    shown = []
    monkeypatch.setattr(backup_wiring, "open_folder", lambda folder: shown.append(folder) or True)
    dialog = open_backups(window, dialogs)
    click(qtbot, dialog.folder_button)
    assert shown == [backup_folder(db, db_path)] and shown[0].is_dir()


def test_the_daily_backup_on_start_says_so_in_the_status_bar(qtbot, window, db, db_path):
    backup_wiring.start_auto_backup(window)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Daily backup written"),
        timeout=20_000,
    )
    written = list(backup_folder(db, db_path).glob("desk-*.sqlite3"))
    assert len(written) == 1 and str(written[0]) in window.statusBar().currentMessage()


def test_a_failed_daily_backup_is_a_warning_in_the_status_bar(
    qtbot, window, db, db_path, monkeypatch
):
    (db_path.parent / "desk backups").write_text("a file where the folder should be")
    backup_wiring.start_auto_backup(window)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Warning: the daily backup"),
        timeout=20_000,
    )
    assert "could not be made" in window.statusBar().currentMessage()
    # The message goes when a menu entry is hovered; a warning in the bar's corner stays.
    window.statusBar().clearMessage()
    label = window.statusBar().findChild(QLabel, "daily_backup_warning")
    assert label is not None and label.isVisible()
    assert "could not be made" in label.toolTip()


def test_closing_the_dialog_while_a_backup_runs_is_safe(qtbot, window, dialogs, chosen, db_path):
    dialog = open_backups(window, dialogs)
    click(qtbot, dialog.backup_button)
    dialog.close()
    controller = window.backups_controller
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        pass
    assert chosen["starts"][0].exists()
    assert verify_backup(chosen["starts"][0]).ok


def test_closing_the_dialog_while_a_restore_is_checked_asks_nothing_and_changes_nothing(
    qtbot, window, db, db_path, actor, boxes
):
    saved = stored_case(db, actor)
    folder = backup_folder(db, db_path, create=True)
    make_backup(db, folder / "old.sqlite3")
    update_case(db, saved.replace(booking=dataclasses.replace(saved.booking, notes="kept")), actor)
    window.backups_action.trigger()  # the real dialog, deleted when closed as in the app
    controller = window.backups_controller
    dialog = controller.dialog
    dialog.table.selectRow(row_of(dialog, "old.sqlite3"))
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        click(qtbot, dialog.restore_button)
        dialog.close()
    assert boxes.confirms == [] and boxes.errors == []
    assert get_case(db, saved.id).booking.notes == "kept"
    # The window opens again ready for work.
    window.backups_action.trigger()
    assert controller.dialog is not None and not controller.dialog.busy
    controller.dialog.close()


def test_no_restore_while_this_window_imports(qtbot, window, dialogs, db, db_path, actor, boxes):
    class Running:
        def isRunning(self):
            return True

    class ImportWindow:
        worker = Running()

    stored_case(db, actor)
    make_backup(db, backup_folder(db, db_path, create=True) / "old.sqlite3")
    window.import_dialog = ImportWindow()
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "old.sqlite3"))
    click(qtbot, dialog.restore_button)
    assert boxes.errors and "An import is running" in boxes.errors[-1][1]
    assert boxes.confirms == []
    window.import_dialog = None


def test_no_restore_while_an_editor_has_unsaved_changes(
    qtbot, window, dialogs, db, db_path, actor, boxes, monkeypatch
):
    from ui.dialogs.case_dialog import CaseDialog

    saved = stored_case(db, actor)
    make_backup(db, backup_folder(db, db_path, create=True) / "old.sqlite3")
    window.controller.open_case(saved.id)
    (editor,) = window.controller.editors
    qtbot.addWidget(editor)
    monkeypatch.setattr(CaseDialog, "is_dirty", lambda self: True)  # the clerk typed something
    dialog = open_backups(window, dialogs)
    dialog.table.selectRow(row_of(dialog, "old.sqlite3"))
    click(qtbot, dialog.restore_button)
    assert boxes.errors and "1 editor has changes that are not saved" in boxes.errors[-1][1]
    assert boxes.confirms == []
    monkeypatch.setattr(CaseDialog, "is_dirty", lambda self: False)
