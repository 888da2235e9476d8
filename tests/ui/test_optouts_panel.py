"""The Opt-outs area driven through its widgets and the real controller, checked in the db."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from models.contacts import list_contacts
from models.correspondence import create_letter, resolve_party
from models.optouts import (
    change_optout_status,
    create_optout,
    get_optout,
    optout_history,
    update_optout,
)
from models.records import Direction, Letter, OptOutRequest
from models.settings import county_timezone
from models.store import open_database
from tests.ui.conftest import FIXED_NOW, choose, click, keep_opened, retype, type_text
from ui.dialogs.optout_dialog import OptOutDialog
from ui.dialogs.optout_status_dialog import OptOutStatusDialog
from ui.optouts_controller import OptOutsController
from ui.optouts_panel import FOLLOW_UP, OptOutsPanel

TODAY = date(2026, 11, 25)  # FIXED_NOW in county time
SEP_28, OCT_7 = date(2010, 9, 28), date(2010, 10, 7)


@pytest.fixture
def editors(monkeypatch, qtbot):
    return keep_opened(monkeypatch, qtbot, OptOutDialog)


@pytest.fixture
def status_dialogs(monkeypatch, qtbot):
    return keep_opened(monkeypatch, qtbot, OptOutStatusDialog)


@pytest.fixture
def area(qtbot, db, actor, boxes, editors, status_dialogs):
    """The panel and its controller, wired as the main window wires them."""
    tz = county_timezone(db)
    host = QWidget()
    qtbot.addWidget(host)
    controller = OptOutsController(db, actor, tz, host, now=lambda: FIXED_NOW)
    panel = OptOutsPanel(db, tz, now=lambda: FIXED_NOW)
    qtbot.addWidget(panel)
    panel.new_requested.connect(controller.new_optout)
    panel.edit_requested.connect(controller.open_optout)
    panel.status_change_requested.connect(controller.change_status)
    controller.optout_saved.connect(lambda optout_id: panel.refresh(select=optout_id))
    panel.show()
    return panel, controller


def _arlington(db, actor) -> OptOutRequest:
    request = OptOutRequest(
        None,
        "Arlington County, VA",
        "full_opt_out",
        resolution_number="R-2010-09",
        resolution_date=SEP_28,
        resolution_vote="5-0",
    )
    return create_optout(db, request, actor, on=SEP_28, today=TODAY)


def _cells(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(row, col).text() for col in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def _double_click(qtbot, table, row):
    pos = table.visualItemRect(table.item(row, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _ask_status(qtbot, status_dialogs, panel, status, on, reason=""):
    click(qtbot, panel.status_button)
    dialog = status_dialogs[-1]
    choose(dialog.form.widget("status"), status)
    retype(qtbot, dialog.form.widget("on"), on)
    if reason:
        qtbot.keyClicks(dialog.form.widget("reason"), reason)
    click(qtbot, dialog.ok_button)
    return dialog


def test_request_created_in_the_editor_is_stored_with_its_first_history_line(
    qtbot, db, actor, area, editors
):
    panel, _controller = area
    assert not panel.edit_button.isEnabled()  # nothing to edit yet
    click(qtbot, panel.new_button)
    dialog = editors[-1]
    form = dialog.form
    type_text(form.widget("jurisdiction"), "Condado de Doña Ana, NM")
    choose(form.widget("request_kind"), "stop_using_prints")
    qtbot.keyClicks(form.widget("resolution_number"), "2010-117")
    retype(qtbot, form.widget("resolution_date"), "09/28/2010")
    qtbot.keyClicks(form.widget("resolution_vote"), "5-0")
    type_text(form.widget("addressed_to").lineEdit(), "Director, ICE Secure Communities")
    retype(qtbot, form.widget("activation_date"), "05/04/2010")
    assert "(unsaved changes)" in dialog.title.text()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keySequence(dialog, "Ctrl+S")

    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    stored = get_optout(db, 1)
    assert (stored.jurisdiction, stored.request_kind, stored.status) == (
        "Condado de Doña Ana, NM",
        "stop_using_prints",
        "draft",
    )
    assert (stored.resolution_number, stored.resolution_date, stored.resolution_vote) == (
        "2010-117",
        SEP_28,
        "5-0",
    )
    assert stored.activation_date == date(2010, 5, 4)
    addressee = [c for c in list_contacts(db) if c.id == stored.addressed_to_id]
    assert [(c.name, c.kind) for c in addressee] == [
        ("Director, ICE Secure Communities", "ice_program_office")
    ]
    # The matter began with its resolution: the draft is dated that day, recorded by the clerk.
    history = optout_history(db, 1)
    assert [(h.status, h.changed_on, h.staff_name) for h in history] == [
        ("draft", SEP_28, actor.full_name)
    ]
    assert not dialog.is_dirty() and "unsaved" not in dialog.title.text()
    assert panel.selected_optout_id() == 1
    assert panel.model.data(panel.model.index(0, 0)) == "Condado de Doña Ana, NM"
    assert panel.fields[4].text() == "Director, ICE Secure Communities"


def test_refused_request_shows_the_models_message_and_leaves_no_stray_contact(
    qtbot, db, area, editors
):
    panel, _controller = area
    click(qtbot, panel.new_button)
    dialog = editors[-1]
    type_text(dialog.form.widget("addressed_to").lineEdit(), "Gobernador Núñez")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    assert "Jurisdiction is required" in dialog.form.error("jurisdiction")
    assert not dialog.error_summary.isHidden()
    assert panel.model.rowCount() == 0
    assert [c.name for c in list_contacts(db)] == []  # rolled back with the request


def test_status_change_records_who_and_why_and_the_timeline_reads_in_order(
    qtbot, db, actor, area, status_dialogs
):
    panel, _controller = area
    _arlington(db, actor)
    panel.refresh()
    dialog = _ask_status(
        qtbot, status_dialogs, panel, "sent", "10/07/2010", "County Manager wrote to ICE"
    )

    assert dialog.result() == OptOutStatusDialog.DialogCode.Accepted
    assert get_optout(db, 1).status == "sent"
    history = optout_history(db, 1)
    assert [(h.status, h.changed_on, h.staff_name, h.reason) for h in history] == [
        ("draft", SEP_28, actor.full_name, None),
        ("sent", OCT_7, actor.full_name, "County Manager wrote to ICE"),
    ]
    assert panel.model.data(panel.model.index(0, 2)) == "Sent"
    assert panel.model.data(panel.model.index(0, 3)) == "10/07/2010"  # last step
    assert [row[:2] for row in _cells(panel.timeline)] == [
        ("09/28/2010", "Resolution"),
        ("09/28/2010", "Status"),
        ("10/07/2010", "Status"),
    ]
    assert "Sent — County Manager wrote to ICE" in panel.timeline.item(2, 2).text()
    assert [(r[0], r[1], r[3], r[4]) for r in _cells(panel.history)][-1] == (
        "10/07/2010",
        "Sent",
        actor.full_name,
        "County Manager wrote to ICE",
    )


def test_step_back_without_a_reason_shows_the_models_message_and_changes_nothing(
    qtbot, db, actor, area, status_dialogs
):
    panel, _controller = area
    req = _arlington(db, actor)
    change_optout_status(db, req.id, req.row_version, "meeting_held", date(2010, 11, 5), actor)
    panel.refresh()
    dialog = _ask_status(qtbot, status_dialogs, panel, "sent", "11/06/2010")

    assert "give the reason for going back" in dialog.form.error("reason")
    assert not dialog.error_summary.isHidden() and dialog.isVisible()
    assert get_optout(db, 1).status == "meeting_held"
    assert len(optout_history(db, 1)) == 2


def test_a_day_still_to_come_is_refused(qtbot, db, actor, area, status_dialogs):
    panel, _controller = area
    _arlington(db, actor)
    panel.refresh()
    dialog = _ask_status(qtbot, status_dialogs, panel, "sent", "12/01/2026", "Planned")

    assert "is in the future" in dialog.form.error("on")
    assert get_optout(db, 1).status == "draft"
    assert len(optout_history(db, 1)) == 1


def test_a_date_that_is_not_a_date_is_shown_on_its_field_and_nothing_is_asked(qtbot):
    dialog = OptOutStatusDialog("Arlington", "Draft", [("sent", "Sent")], TODAY)
    qtbot.addWidget(dialog)
    asked = []
    dialog.status_requested.connect(lambda *args: asked.append(args))
    assert dialog.form.value("on") == "11/25/2026"  # today, offered
    retype(qtbot, dialog.form.widget("on"), "13/45/2010")
    click(qtbot, dialog.ok_button)
    assert "not a real calendar date" in dialog.form.error("on")
    assert asked == []


def test_status_change_keeps_an_open_editor_saveable(qtbot, db, actor, area, editors, boxes):
    panel, controller = area
    _arlington(db, actor)
    panel.refresh()
    click(qtbot, panel.edit_button)
    editor = editors[-1]
    retype(qtbot, editor.form.widget("follow_up_due_date"), "11/01/2010")
    status = controller.change_status(1)
    choose(status.form.widget("status"), "sent")
    retype(qtbot, status.form.widget("on"), "10/07/2010")
    click(qtbot, status.ok_button)
    assert "(Sent)" in editor.title.text() and editor.is_dirty()
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))

    assert boxes.errors == []
    stored = get_optout(db, 1)
    assert (stored.status, stored.follow_up_due_date) == ("sent", date(2010, 11, 1))
    # Long past and the matter still open: the follow-up date shows as overdue.
    index = panel.model.index(0, FOLLOW_UP)
    assert panel.model.data(index) == "11/01/2010"
    assert panel.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None


def test_a_status_change_never_lets_an_open_editor_undo_another_desks_edit(
    qtbot, db, db_path, actor, area, editors, boxes
):
    # Desk A has the request open and types; desk B changes its notes; desk A then moves the
    # status from the list and saves its editor. Desk B's notes must survive: the save is
    # refused as changed elsewhere, not merged over them.
    panel, controller = area
    _arlington(db, actor)
    panel.refresh()
    click(qtbot, panel.edit_button)
    editor = editors[-1]
    retype(qtbot, editor.form.widget("follow_up_due_date"), "11/01/2010")
    desk_b = open_database(db_path)
    update_optout(desk_b, get_optout(desk_b, 1).replace(notes="Desk B's note"), actor)
    desk_b.close()
    status = controller.change_status(1)
    choose(status.form.widget("status"), "sent")
    retype(qtbot, status.form.widget("on"), "10/07/2010")
    click(qtbot, status.ok_button)
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))
    stored = get_optout(db, 1)
    assert stored.notes == "Desk B's note" and stored.status == "sent"
    assert stored.follow_up_due_date is None
    assert any("changed" in text.lower() for _title, text in boxes.errors)


def test_timeline_lists_a_linked_letter_on_its_day_and_double_click_opens_it(
    qtbot, db, actor, area
):
    panel, _controller = area
    req = _arlington(db, actor)
    to = resolve_party(db, actor, "John Morton, Director of ICE", "ice_program_office")
    letter = Letter(
        None,
        Direction.OUT,
        "mail",
        "Arlington asks to opt out of Secure Communities",
        sent_date=OCT_7,
        to_contact_id=to,
        optout_id=req.id,
    )
    letter = create_letter(db, letter, actor, county_timezone(db), today=TODAY)
    panel.refresh()
    opened, letters = [], []
    panel.open_letter_requested.connect(opened.append)
    panel.new_letter_requested.connect(letters.append)

    rows = _cells(panel.timeline)
    assert [r[0] for r in rows] == ["09/28/2010", "09/28/2010", "10/07/2010"]
    assert rows[2][1] == "Correspondence" and "to John Morton" in rows[2][2]
    panel.resize(1200, 800)
    qtbot.waitExposed(panel)
    _double_click(qtbot, panel.timeline, 0)
    assert opened == []  # the resolution: not a letter
    _double_click(qtbot, panel.timeline, 2)
    assert opened == [letter.id]
    panel.timeline.setFocus()
    qtbot.keyClick(panel.timeline, Qt.Key.Key_Enter)  # the letter's row is current
    assert opened == [letter.id, letter.id]
    click(qtbot, panel.letter_button)
    assert letters == [req.id]


def test_keyboard_shortcuts_work_while_the_focus_is_in_the_area(qtbot, db, actor, area):
    panel, _controller = area
    _arlington(db, actor)
    panel.refresh()
    asked = []
    panel.status_change_requested.disconnect()
    panel.status_change_requested.connect(asked.append)
    panel.new_letter_requested.connect(lambda i: asked.append(("letter", i)))
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.table.setFocus()
    qtbot.keySequence(panel.table, "Ctrl+Alt+S")
    qtbot.keySequence(panel.table, "Ctrl+Alt+L")
    assert asked == [1, ("letter", 1)]
    assert [a.shortcut().toString() for a in panel.actions_for_menu] == [
        "Ctrl+Alt+N",
        "Ctrl+E",
        "Ctrl+Alt+S",
        "Ctrl+Alt+L",
    ]


def test_list_model_passes_the_model_tester(qtbot, db, actor, area, qtmodeltester):
    panel, _controller = area
    _arlington(db, actor)
    create_optout(
        db, OptOutRequest(None, "San Francisco, CA", "full_opt_out"), actor, on=date(2010, 5, 1)
    )
    panel.refresh()
    assert panel.model.rowCount() == 2
    qtmodeltester.check(panel.model, force_py=True)


def test_demo_arlington_matter_reads_as_it_happened_in_2010(qtbot, demo_db, area):
    panel, _controller = area
    panel.refresh()
    names = [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]
    row = names.index("Arlington County, VA")
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    assert panel.model.data(panel.model.index(row, 2)) == "Denied"
    assert [r[:2] for r in _cells(panel.timeline)] == [
        ("09/28/2010", "Resolution"),
        ("09/28/2010", "Status"),
        ("10/07/2010", "Correspondence"),
        ("10/07/2010", "Status"),
        ("11/05/2010", "Correspondence"),
        ("11/05/2010", "Status"),
        ("03/01/2011", "Correspondence"),
        ("03/01/2011", "Status"),
    ]
    assert panel.timeline.item(4, 2).text().startswith("Meeting")
    assert "Denied" in panel.timeline.item(7, 2).text()
    assert "Source:" in panel.fields[8].text()  # the notes carry the public source
