"""The violent and serious offences list driven through its dialog, checked in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.offense_categories import list_offense_categories
from models.records import StaffRole
from models.staff import update_staff
from tests.ui.conftest import keep_opened, type_text
from ui.dialogs.offense_categories_dialog import OffenseCategoriesDialog
from ui.offense_categories_controller import OffenseCategoriesController

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


@pytest.fixture
def open_list(qtbot, monkeypatch, db, boxes):
    keep_opened(monkeypatch, qtbot, OffenseCategoriesDialog)

    def open_as(staff):
        parent = QWidget()
        qtbot.addWidget(parent)
        controller = OffenseCategoriesController(db, staff, LA, parent, now=lambda: NOW)
        return controller, controller.open_dialog()

    return open_as


def statutes(db) -> set[tuple[str, str]]:
    return {(c.statute, c.category) for c in list_offense_categories(db)}


def test_a_statute_typed_in_the_dialog_is_listed_and_stored(qtbot, open_list, actor, db):
    controller, dialog = open_list(actor)
    type_text(dialog.form._widgets["statute"], "penal code 459")
    dialog.form._widgets["category"].setCurrentIndex(0)  # violent felony
    type_text(dialog.form._widgets["label"], "Burglary (county policy)")
    type_text(dialog.form._widgets["source"], "Board resolution 2026-14")
    with qtbot.waitSignal(controller.changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert ("PC 459", "violent_felony") in statutes(db)
    assert dialog.selected().statute == "PC 459"
    assert "PC 459 is now listed as a violent felony" in dialog.status.text()
    assert dialog.form.value("statute") == ""


def test_a_refused_listing_shows_beside_the_field_and_writes_nothing(qtbot, open_list, actor, db):
    _controller, dialog = open_list(actor)
    before = statutes(db)
    type_text(dialog.form._widgets["statute"], "PC 211")
    dialog.form._widgets["category"].setCurrentIndex(0)
    type_text(dialog.form._widgets["label"], "Robbery")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Say where the listing comes from" in dialog.form.error("source")
    type_text(dialog.form._widgets["source"], "again")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already listed as a violent felony" in dialog.form.error("statute")
    assert statutes(db) == before


def test_removing_asks_first_then_takes_it_off(qtbot, open_list, actor, db, boxes):
    controller, dialog = open_list(actor)
    row = next(i for i, c in enumerate(dialog.listed) if c.statute == "PC 211")
    dialog.table.selectRow(row)
    boxes.confirm_answer = False
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert ("PC 211", "violent_felony") in statutes(db)
    assert "PC 211" in boxes.confirms[-1]
    boxes.confirm_answer = True
    with qtbot.waitSignal(controller.changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert ("PC 211", "violent_felony") not in statutes(db)
    assert "PC 211" not in [c.statute for c in dialog.listed if c.category == "violent_felony"]


def test_a_clerk_sees_the_list_but_cannot_change_it(open_list, actor, db):
    clerk = update_staff(db, actor, "jdoe", full_name="Jane Doe", role=StaffRole.CLERK)
    _controller, dialog = open_list(clerk)
    assert dialog.table.rowCount() == len(list_offense_categories(db)) == 18  # the seeded list
    dialog.table.selectRow(0)
    assert not dialog.remove_button.isEnabled()
    assert not dialog.add_button.isEnabled()
