"""The Correspondence tab of a case or detainer: what it lists, and what it asks its owner for."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.correspondence import create_letter, resolve_party
from models.correspondence_list import LetterQuery, letter_ids, letter_rows
from models.correspondence_vocab import correspondence_methods
from models.records import Direction, Letter
from models.settings import county_timezone
from tests.ui.conftest import stored_case
from ui.linked_letters_tab import REPLY_DUE, LinkedLettersTab

TODAY = date(2010, 12, 1)


@pytest.fixture
def case_letters(db, actor):
    """A case with two letters: a fax from ICE awaiting an answer, then the county's reply."""
    booking_id = stored_case(db, actor).id
    tz = county_timezone(db)
    ice = resolve_party(db, actor, "ERO San Francisco", "ice_field_office")
    lawyer = resolve_party(db, actor, "Lic. Begoña Ibáñez", "attorney")
    asked = create_letter(
        db,
        Letter(
            None,
            Direction.IN,
            "fax",
            "Request for release date",
            received_date=date(2010, 10, 18),
            from_contact_id=ice,
            booking_id=booking_id,
            reply_due_date=date(2010, 10, 25),
        ),
        actor,
        tz,
        today=TODAY,
    )
    answer = create_letter(
        db,
        Letter(
            None,
            Direction.OUT,
            "hand_delivery",
            "Copy of the detainer for counsel",
            sent_date=date(2010, 10, 20),
            to_contact_id=lawyer,
            booking_id=booking_id,
        ),
        actor,
        tz,
        today=TODAY,
    )
    ids = letter_ids(db, LetterQuery(booking_id=booking_id), TODAY)
    return letter_rows(db, ids), asked.id, answer.id


@pytest.fixture
def tab(qtbot, db):
    widget = LinkedLettersTab("case", dict(correspondence_methods(db)))
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _shown(tab) -> list[list[str]]:
    model = tab.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_tab_lists_the_linked_letters_as_the_model_reads_them(tab, case_letters):
    rows, _asked, _answer = case_letters
    assert not tab.empty.isHidden() and not tab.open_button.isEnabled()
    tab.set_rows(rows)
    assert _shown(tab) == [
        [
            "10/20/2010",
            "Out",
            "Hand delivery",
            "",
            "Lic. Begoña Ibáñez",
            "Copy of the detainer for counsel",
            "",
        ],
        [
            "10/18/2010",
            "In",
            "Fax",
            "ERO San Francisco",
            "",
            "Request for release date",
            "10/25/2010",
        ],
    ]
    due = tab.model.index(1, REPLY_DUE)
    assert tab.model.data(due, Qt.ItemDataRole.ToolTipRole) == "Awaiting a reply"
    assert tab.empty.isHidden() and tab.open_button.isEnabled()


def test_double_click_enter_and_open_ask_for_the_letter(qtbot, tab, case_letters):
    rows, asked, answer = case_letters
    tab.set_rows(rows)
    opened = []
    tab.open_requested.connect(opened.append)
    pos = tab.table.visualRect(tab.model.index(1, 2)).center()
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert opened == [asked]
    tab.select_letter(answer)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert opened == [asked, answer, answer]


def test_new_letter_is_asked_for_only_once_the_record_is_saved(qtbot, tab):
    asked = []
    tab.new_requested.connect(lambda: asked.append(True))
    tab.set_enabled_for_new_record(False)
    assert not tab.new_button.isEnabled()
    assert "Save the case first" in tab.empty.text()
    tab.set_enabled_for_new_record(True)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert asked == [True]
    assert tab.empty.text() == "No correspondence is linked to this case."


def test_answered_letter_says_so_and_unknown_method_reads_plainly(tab, case_letters):
    rows, _asked, _answer = case_letters
    fax = rows[1]
    tab.set_rows([dataclasses.replace(fax, is_answered=True, method="carrier_pigeon")])
    assert tab.model.data(tab.model.index(0, REPLY_DUE)) == "10/25/2010 (answered)"
    assert tab.model.data(tab.model.index(0, 2)) == "Carrier pigeon"


def test_letter_rows_model_passes_the_model_tester(tab, case_letters, qtmodeltester):
    rows, _asked, _answer = case_letters
    tab.set_rows(rows)
    qtmodeltester.check(tab.model, force_py=True)


def test_the_tab_colours_an_overdue_reply_red_and_one_due_today_amber(qtbot):
    from models.records import LetterRow
    from ui.correspondence_table_model import DUE_TODAY_COLOUR, OVERDUE_COLOUR

    def row(letter_id, due):
        return LetterRow(
            letter_id, Direction.OUT, "mail", date(2010, 10, 1), "County", "ICE", "Query",
            due, False, 0, 1, None, None,
        )  # fmt: skip

    tab = LinkedLettersTab("case")
    qtbot.addWidget(tab)
    # On 10/20/2010: due 10/19 is overdue, due 10/20 is due today (not overdue), 10/21 running.
    rows = [row(1, date(2010, 10, 19)), row(2, date(2010, 10, 20)), row(3, date(2010, 10, 21))]
    tab.set_rows(rows, date(2010, 10, 20))
    colours = [
        tab.model.data(tab.model.index(r, REPLY_DUE), Qt.ItemDataRole.ForegroundRole)
        for r in range(3)
    ]
    assert colours[0].color() == OVERDUE_COLOUR
    assert colours[1].color() == DUE_TODAY_COLOUR
    assert colours[2] is None
