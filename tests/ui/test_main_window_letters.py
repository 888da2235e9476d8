"""The main window's letter wiring: a letter logged from a case shows everywhere it should."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from models.correspondence_list import LetterQuery, letter_ids
from models.timeutil import county_today
from tests.ui.conftest import keep_opened, stored_case
from ui.dialogs.case_dialog import LETTERS_TAB
from ui.dialogs.letter_dialog import LetterDialog
from ui.main_window import LETTERS_PAGE, OPTOUTS_PAGE


def test_ctrl_4_and_ctrl_5_show_correspondence_and_opt_outs(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keySequence(window, "Ctrl+4")
    assert window.stack.currentIndex() == LETTERS_PAGE
    qtbot.keySequence(window, "Ctrl+5")
    assert window.stack.currentIndex() == OPTOUTS_PAGE


def test_a_letter_logged_from_a_case_shows_in_the_case_and_in_the_log(
    qtbot, monkeypatch, db, actor, window, opened
):
    letters = keep_opened(monkeypatch, qtbot, LetterDialog)
    case = stored_case(db, actor)
    editor = window.controller.open_case(case.id)
    editor.tabs.setCurrentIndex(LETTERS_TAB)
    editor.letters.new_button.click()
    dialog = letters[-1]
    assert dialog.link_form.value("booking_id") == str(case.id)  # the case is linked already
    form = dialog.letter_form
    form.widget("subject").setText("Notice of the detainer to the person's attorney")
    form.widget("sent_date").setText("10/20/2010")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    today = county_today(window.tz)
    [letter_id] = letter_ids(db, LetterQuery(booking_id=case.id), today)
    assert editor.letters.model.letter_id(0) == letter_id
    assert window.letters_area.panel.model.row_of(letter_id) is not None
