"""The Correspondence area: the letter list, its filters and counts, and the thread view."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from models.contacts import list_contacts
from models.correspondence import create_letter, get_letter, resolve_party, thread_of
from models.correspondence_list import awaiting_counts, letter_ids, letter_rows
from models.errors import StoreError
from models.records import Direction, Letter
from models.settings import county_timezone
from tests.ui.conftest import keep_opened, stored_case
from ui.correspondence_controller import CorrespondenceController
from ui.correspondence_panel import CorrespondencePanel
from ui.correspondence_table_model import (
    ANSWERED,
    DUE_TODAY_COLOUR,
    FILES,
    FROM,
    ID_ROLE,
    OVERDUE_COLOUR,
    REPLY_DUE,
    SUBJECT,
    CorrespondenceTableModel,
    correspondence_model_for,
)
from ui.dialogs.letter_dialog import LetterDialog

TODAY = date(2010, 10, 20)  # Wed; the county's today at NOW
NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)


def _letter(db, actor, subject, day, **kw) -> int:
    direction = kw.pop("direction", Direction.IN)
    dated = {"received_date": day} if direction is Direction.IN else {"sent_date": day}
    letter = Letter(None, direction, kw.pop("method", "mail"), subject, **dated, **kw)
    return create_letter(db, letter, actor, county_timezone(db), today=TODAY).id


@pytest.fixture
def parties(db, actor) -> dict[str, int]:
    return {
        "ice": resolve_party(db, actor, "ERO San Francisco", "ice_field_office"),
        "counsel": resolve_party(db, actor, "County Counsel", "county_office"),
        "doj": resolve_party(db, actor, "California DOJ", "state_bureau"),
    }


@pytest.fixture
def five(db, actor, parties) -> list[int]:
    """Five letters, newest last; on TODAY (10/20/2010) three await a reply, one is overdue.

    1 overdue (due 10/15); 2 due today; 3 due 10/25; 4 due 10/10 but answered by 5.
    """
    ice, counsel, doj = parties["ice"], parties["counsel"], parties["doj"]
    one = _letter(
        db, actor, "Hold request policy", date(2010, 10, 1),
        reply_due_date=date(2010, 10, 15), from_contact_id=ice, to_contact_id=counsel,
    )  # fmt: skip
    two = _letter(
        db, actor, "Records request", date(2010, 10, 5), method="fax",
        reply_due_date=TODAY, from_contact_id=doj, to_contact_id=counsel,
    )  # fmt: skip
    three = _letter(
        db, actor, "Meeting dates", date(2010, 10, 10),
        reply_due_date=date(2010, 10, 25), from_contact_id=ice,
    )  # fmt: skip
    four = _letter(
        db, actor, "Opt-out letter", date(2010, 10, 2),
        reply_due_date=date(2010, 10, 10), from_contact_id=counsel,
    )  # fmt: skip
    five = _letter(
        db, actor, "Re: Opt-out letter", date(2010, 10, 8), direction=Direction.OUT,
        in_reply_to_id=four, from_contact_id=counsel, to_contact_id=ice,
    )  # fmt: skip
    return [one, two, three, four, five]


@pytest.fixture
def area(qtbot, db, actor, boxes, monkeypatch):
    """The panel and the controller, wired as the main window wires them; editors kept."""
    editors = keep_opened(monkeypatch, qtbot, LetterDialog)
    host = QWidget()
    qtbot.addWidget(host)
    controller = CorrespondenceController(db, actor, county_timezone(db), host, now=lambda: NOW)

    def make() -> CorrespondencePanel:
        model = correspondence_model_for(db, controller.today)
        panel = CorrespondencePanel(
            model,
            controller.choices().methods,
            lambda: list_contacts(db),
            lambda day: awaiting_counts(db, day),
            lambda letter_id: thread_of(db, letter_id),
        )
        qtbot.addWidget(panel)
        panel.open_requested.connect(controller.open_letter)
        panel.new_requested.connect(controller.new_letter)
        panel.reply_requested.connect(lambda i: controller.new_letter(in_reply_to=i))
        controller.letter_saved.connect(lambda i: panel.refresh(select=i))
        panel.show()
        return panel

    return make, controller, editors


def _ids(panel) -> list[int]:
    return [panel.model.letter_id(r) for r in range(panel.model.rowCount())]


def _cell(panel, letter_id, column, role=Qt.ItemDataRole.DisplayRole):
    index = panel.model.index(panel.model.row_of(letter_id), column)
    return panel.model.data(index, role)


def test_the_list_shows_letters_newest_first_with_what_is_due(qtbot, area, five):
    make, _controller, _editors = area
    panel = make()
    one, two, three, four, five_ = five
    assert _ids(panel) == [three, five_, two, four, one]
    assert _cell(panel, one, FROM) == "ERO San Francisco"
    assert _cell(panel, one, REPLY_DUE) == "10/15/2010"
    assert _cell(panel, one, REPLY_DUE, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    # Due today is not overdue: amber, and said so.
    assert _cell(panel, two, REPLY_DUE) == "10/20/2010 (today)"
    assert _cell(panel, two, REPLY_DUE, Qt.ItemDataRole.ForegroundRole).color() == (
        DUE_TODAY_COLOUR
    )
    assert _cell(panel, three, REPLY_DUE, Qt.ItemDataRole.ForegroundRole) is None
    # Answered: never red, however old its due date.
    assert _cell(panel, four, ANSWERED) == "Yes"
    assert _cell(panel, four, REPLY_DUE, Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(panel, two, 2) == "Fax" and _cell(panel, five_, 1) == "Out"
    assert _cell(panel, one, SUBJECT, ID_ROLE) == one
    assert panel.count_label.text() == "5 letters"


def test_awaiting_and_overdue_toggles_filter_and_count(qtbot, area, five):
    make, _controller, _editors = area
    panel = make()
    one, two, three, _four, _five = five
    assert panel.awaiting.text() == "&Awaiting reply (3)"
    assert panel.overdue.text() == "&Overdue (1)"
    qtbot.mouseClick(panel.awaiting, Qt.MouseButton.LeftButton)
    assert _ids(panel) == [three, two, one]
    qtbot.mouseClick(panel.overdue, Qt.MouseButton.LeftButton)
    assert _ids(panel) == [one]
    panel.clear_filters()
    assert not panel.awaiting.isChecked() and len(_ids(panel)) == 5


def test_party_method_direction_and_date_filters(qtbot, area, five):
    make, _controller, _editors = area
    panel = make()
    one, two, three, four, five_ = five
    qtbot.keyClicks(panel.party.lineEdit(), "california doj")
    panel.party.lineEdit().editingFinished.emit()
    assert _ids(panel) == [two]
    panel.party.lineEdit().clear()
    assert len(_ids(panel)) == 5
    qtbot.keyClicks(panel.party.lineEdit(), "Nobody at all")
    panel.party.lineEdit().editingFinished.emit()
    assert "No party is called “Nobody at all”" in panel.filter_error.text()
    assert len(_ids(panel)) == 5  # not applied
    panel.party.reset()
    panel.apply_filters()
    assert panel.filter_error.isHidden()
    panel.direction.setCurrentIndex(panel.direction.findData("out"))
    assert _ids(panel) == [five_]
    panel.clear_filters()
    panel.method.setCurrentIndex(panel.method.findData("fax"))
    assert _ids(panel) == [two]
    panel.clear_filters()
    qtbot.keyClicks(panel.date_from, "10/05/2010")
    panel.date_from.editingFinished.emit()
    assert _ids(panel) == [three, five_, two]
    panel.date_to.setText("13/45/2010")
    panel.date_to.editingFinished.emit()
    assert "Letters to: “13/45/2010” is not a real calendar date" in panel.filter_error.text()
    assert _ids(panel) == [three, five_, two]  # the bad date is not applied
    qtbot.keyClicks(panel.search, "records")
    panel.apply_filters()
    assert _ids(panel) == [two]
    assert four not in _ids(panel) and one not in _ids(panel)


def test_a_reply_made_from_the_selected_letter_appears_under_it_in_the_thread(
    qtbot, db, area, five
):
    make, _controller, editors = area
    panel = make()
    one, _two, three, _four, _five = five
    panel.select_letter(three)
    assert panel.thread_view.rows() == [(0, three, "Meeting dates")]
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    dialog = editors[-1]
    assert dialog.letter_form.value("direction") == "out"
    assert dialog.letter_form.value("to_name") == "ERO San Francisco"
    assert dialog.letter_form.value("sent_date") == "10/20/2010"
    assert dialog.link_form.value("in_reply_to_id") == str(three)
    assert dialog.letter_form.value("subject") == "Re: Meeting dates"
    dialog.letter_form.widget("from_name").setCurrentText("County Counsel")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    reply = get_letter(db, 6)
    assert (reply.in_reply_to_id, reply.direction) == (three, Direction.OUT)
    assert panel.selected_letter_id() == 6
    assert panel.thread_view.rows() == [(0, three, "Meeting dates"), (1, 6, "Re: Meeting dates")]
    assert panel.awaiting.text() == "&Awaiting reply (2)"  # three is answered now
    opened = []
    panel.open_requested.connect(opened.append)
    tree = panel.thread_view.tree
    top = tree.topLevelItem(0)
    tree.itemDoubleClicked.emit(top, 0)
    assert opened == [three]
    assert one not in [row[1] for row in panel.thread_view.rows()]


def test_a_thread_shows_each_reply_under_what_it_answers(qtbot, db, actor, area, five):
    make, _controller, _editors = area
    _one, _two, _three, four, five_ = five
    late = _letter(db, actor, "Second answer", date(2010, 10, 9), in_reply_to_id=four)
    deeper = _letter(db, actor, "Re: Re:", date(2010, 10, 11), in_reply_to_id=five_)
    panel = make()
    panel.select_letter(deeper)
    assert panel.thread_view.rows() == [
        (0, four, "Opt-out letter"),
        (1, five_, "Re: Opt-out letter"),
        (2, deeper, "Re: Re:"),
        (1, late, "Second answer"),
    ]
    current = panel.thread_view.tree.currentItem()
    assert current.data(0, Qt.ItemDataRole.UserRole) == deeper and current.font(0).bold()
    assert current.text(2) == "— → —"  # no parties recorded
    answer = current.parent()
    assert answer.text(2) == "County Counsel → ERO San Francisco"
    assert (answer.text(0), answer.text(1)) == (f"10/08/2010  (no. {five_})", "Out")


def test_the_link_filter_shows_one_cases_letters(qtbot, db, actor, area, five):
    make, controller, editors = area
    case = stored_case(db, actor)
    linked = _letter(db, actor, "About the booking", date(2010, 10, 19), booking_id=case.id)
    panel = make()
    panel.set_link_filter(booking_id=case.id)
    assert _ids(panel) == [linked]
    assert panel.link_label.text() == f"Only letters about case {case.id}"
    panel.clear_filters()  # the window's link filter stays
    assert _ids(panel) == [linked]
    panel.set_link_filter()
    assert len(_ids(panel)) == 6 and panel.link_label.isHidden()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert editors[-1].letter.id is None
    panel.select_letter(linked)
    panel.open_selected()
    assert editors[-1].letter.id == linked
    assert "Núñez" in editors[-1].link_notes["booking_id"].text()


def test_the_model_fetches_rows_a_page_at_a_time(qtbot, qtmodeltester, db, five):
    fetched = []

    def fetch(ids):
        fetched.append(list(ids))
        return letter_rows(db, ids)

    model = CorrespondenceTableModel(
        lambda q, day: letter_ids(db, q, day), fetch, lambda: TODAY, {"mail": "Mail"}, page_size=2
    )
    qtmodeltester.check(model)
    assert fetched and all(len(ids) <= 2 for ids in fetched)
    fetched.clear()
    row = model.row_of(five[3])
    model.data(model.index(row, SUBJECT))
    model.data(model.index(row, FILES))
    assert len(fetched) <= 1  # one page read once, then served from the cache


def test_a_failing_read_is_reported_once_not_raised_into_qt(qtbot):
    def broken(*_args):
        raise StoreError("The database could not be read: disk I/O error")

    model = CorrespondenceTableModel(broken, broken, lambda: TODAY)
    with qtbot.waitSignal(model.failed) as signal:
        pass
    assert signal.args == ["The database could not be read: disk I/O error"]
    assert model.rowCount() == 0


def test_a_reply_due_today_turns_overdue_after_midnight_with_the_app_left_open(qtbot, db, actor):
    # Due 10/20/2010. At 23:30 county time it is due today (not overdue); the next morning,
    # with nobody pressing F5, the day check reads the list again and it is overdue.
    from datetime import UTC, datetime, timedelta

    from models.contacts import list_contacts
    from models.correspondence import create_letter, thread_of
    from models.correspondence_list import awaiting_counts
    from models.correspondence_vocab import correspondence_methods
    from models.records import Direction, Letter
    from models.settings import county_timezone
    from ui.correspondence_panel import CorrespondencePanel
    from ui.correspondence_table_model import correspondence_model_for

    tz = county_timezone(db)
    letter = Letter(None, Direction.OUT, "mail", "Query", sent_date=date(2010, 10, 1))
    create_letter(
        db, letter.replace(reply_due_date=date(2010, 10, 20)), actor, tz, today=date(2010, 10, 20)
    )
    clock = {"now": datetime(2010, 10, 21, 6, 30, tzinfo=UTC)}  # 23:30 PDT on 10/20

    def today():
        return clock["now"].astimezone(tz).date()

    panel = CorrespondencePanel(
        correspondence_model_for(db, today),
        correspondence_methods(db),
        lambda: list_contacts(db),
        lambda day: awaiting_counts(db, day),
        lambda letter_id: thread_of(db, letter_id),
    )
    qtbot.addWidget(panel)
    assert panel.overdue.text().replace("&", "") == "Overdue (0)"
    clock["now"] += timedelta(hours=10)
    panel._day_timer.timeout.emit()
    assert panel.overdue.text().replace("&", "") == "Overdue (1)"
