"""County policy settings driven through the dialog, each ending with a look at the database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSpinBox

from models.policies import add_period, get_policy, list_periods
from models.staff import current_staff
from tests.ui.conftest import click, type_text

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2012, 3, 1, 20, 0, tzinfo=UTC)


@pytest.fixture
def open_policy(make_settings_controller):
    """Open the policy dialog as ``staff`` through a fresh controller at ``NOW`` in ``LA``."""

    def open_as(staff):
        controller = make_settings_controller(staff, LA, NOW)
        return controller, controller.open_policy()

    return open_as


def _row_texts(dialog, row: int) -> tuple[str, ...]:
    return tuple(dialog.table.item(row, c).text() for c in range(3))


def test_a_period_added_in_the_dialog_is_stored_and_in_force_today(qtbot, open_policy, actor, db):
    controller, dialog = open_policy(actor)
    dialog.policy_combo.setCurrentIndex(dialog.policy_combo.findData("santa_clara_3_54"))
    qtbot.keyClicks(dialog.from_edit, "10/18/2011")
    type_text(dialog.notes_edit, "Board Policy 3.54 — adopted 10/18/2011")
    with qtbot.waitSignal(controller.clocks_changed):
        click(qtbot, dialog.add_button)

    periods = list_periods(db)
    assert [(p.policy_code, p.in_force_from, p.notes) for p in periods][-1] == (
        "santa_clara_3_54",
        date(2011, 10, 18),
        "Board Policy 3.54 — adopted 10/18/2011",
    )
    assert _row_texts(dialog, 1) == (
        "10/18/2011",
        "Santa Clara County Board Policy 3.54",
        "Board Policy 3.54 — adopted 10/18/2011",
    )
    # 03/01/2012 falls in the new period: it is the bold one, the old one is not.
    assert dialog.table.item(1, 0).font().bold()
    assert not dialog.table.item(0, 0).font().bold()
    assert "Santa Clara" in dialog.in_force_label.text()
    assert dialog.from_edit.text() == ""


def test_a_from_date_that_is_not_a_date_shows_inline_and_adds_nothing(
    qtbot, open_policy, actor, db
):
    _controller, dialog = open_policy(actor)
    qtbot.keyClicks(dialog.from_edit, "18/10/2011")
    click(qtbot, dialog.add_button)

    assert not dialog.from_error.isHidden()
    assert len(list_periods(db)) == 1


def test_reimbursement_agreement_toggled_and_saved_is_stored(qtbot, open_policy, actor, db):
    _controller, dialog = open_policy(actor)
    dialog.settings_combo.setCurrentIndex(dialog.settings_combo.findData("santa_clara_3_54"))
    agreement = dialog.param_widgets["reimbursement_agreement"]
    window = dialog.param_widgets["window_years"]
    assert isinstance(agreement, QCheckBox) and isinstance(window, QSpinBox)
    assert agreement.text() == "Written reimbursement agreement with ICE in place"
    assert "Board Policy 3.54" in dialog.source.text()

    agreement.setFocus()
    qtbot.keyClick(agreement, Qt.Key.Key_Space)
    window.setValue(5)
    click(qtbot, dialog.save_button)

    assert get_policy(db, "santa_clara_3_54").params == {
        "window_years": 5,
        "reimbursement_agreement": True,
    }
    assert dialog.param_widgets["reimbursement_agreement"].isChecked()  # shown as stored
    assert "saved" in dialog.status.text()


def test_removing_a_period_asks_and_cancel_keeps_it(qtbot, open_policy, actor, db, boxes):
    add_period(db, actor, "ca_trust_act", date(2014, 1, 1), None)
    _controller, dialog = open_policy(actor)
    dialog.table.selectRow(1)
    assert dialog.settings_combo.currentData() == "ca_trust_act"  # its settings beside it

    boxes.confirm_answer = False
    click(qtbot, dialog.remove_button)
    assert "01/01/2014" in boxes.confirms[-1]
    assert len(list_periods(db)) == 2

    boxes.confirm_answer = True
    click(qtbot, dialog.remove_button)
    assert [p.policy_code for p in list_periods(db)] == ["honour_all"]
    assert dialog.table.rowCount() == 1


def test_the_only_period_cannot_be_removed(qtbot, open_policy, actor, db):
    _controller, dialog = open_policy(actor)
    dialog.table.selectRow(0)
    click(qtbot, dialog.remove_button)

    assert len(list_periods(db)) == 1
    assert "only policy period" in dialog.errors.text()


def test_a_clerk_sees_the_policy_read_only(open_policy, actor, db):
    clerk = current_staff(db, login="clerk1")
    _controller, dialog = open_policy(clerk)
    dialog.settings_combo.setCurrentIndex(dialog.settings_combo.findData("santa_clara_3_54"))
    dialog.table.selectRow(0)

    for widget in (
        dialog.policy_combo,
        dialog.from_edit,
        dialog.notes_edit,
        dialog.add_button,
        dialog.remove_button,
        dialog.save_button,
        *dialog.param_widgets.values(),
    ):
        assert not widget.isEnabled()
    assert not dialog.note.isHidden()
    assert dialog.settings_combo.isEnabled()  # looking at another policy's text is fine
