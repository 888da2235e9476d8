"""The Letters work area and the window's letter menus: list, filter, open, write, refresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.letters.about import About
from models.letters.compose import LetterRequest
from models.letters.document_records import DocumentStatus
from models.letters.documents import approve_document, create_document, list_documents
from models.optouts import create_optout
from models.records import OptOutRequest, StaffRole
from models.settings import county_timezone
from tests.ui.conftest import keep_opened
from tests.ui.letter_fixtures import NOW, staff
from tests.ui.letter_fixtures import composers as composers  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import desk as desk  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import viewers as viewers  # noqa: F401 (a fixture)
from ui.dialogs.detainer_dialog import DetainerDialog
from ui.dialogs.optout_dialog import OptOutDialog
from ui.letters_panel import LettersPanel
from ui.letters_table_model import HEADERS, LettersTableModel
from ui.main_window import CASES_PAGE, DETAINERS_PAGE, DOCUMENTS_PAGE, MainWindow

DECLINATION = "detainer_declination"


@pytest.fixture
def letters_made(db, actor, desk):
    """Two drafts about the desk's detainer; the second one approved. Newest is the approved."""
    request = LetterRequest(DECLINATION, "en", desk.about)
    first = create_document(db, actor, request, now=NOW)
    second = create_document(db, actor, request, now=NOW.replace(hour=18))
    approved = approve_document(db, actor, second.id, second.row_version, now=NOW.replace(hour=19))
    return first, approved


def codes_shown(panel: LettersPanel) -> list[str]:
    return [panel.model.row(r).our_reference for r in range(panel.model.rowCount())]


def _activate(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_the_table_model_passes_the_model_tester(qtmodeltester, db, letters_made):
    model = LettersTableModel(county_timezone(db))
    model.set_rows(list_documents(db))
    qtmodeltester.check(model)
    assert model.columnCount() == len(HEADERS) == 7
    assert model.data(model.index(0, 4)) == "Approved, not issued"
    assert model.data(model.index(1, 4)) == "Awaiting approval"


def test_the_list_is_newest_first_and_filters_by_status(qtbot, db, letters_made):
    draft, approved = letters_made
    panel = LettersPanel(db, county_timezone(db))
    qtbot.addWidget(panel)

    assert codes_shown(panel) == [approved.our_reference, draft.our_reference]
    assert panel.count_label.text() == "2 letters"
    panel.set_status_filter(DocumentStatus.DRAFT)
    assert codes_shown(panel) == [draft.our_reference]
    panel.set_status_filter(DocumentStatus.APPROVED)
    assert codes_shown(panel) == [approved.our_reference]
    panel.set_status_filter(DocumentStatus.ISSUED)
    assert codes_shown(panel) == []
    assert panel.count_label.text() == "0 letters"
    assert not panel.open_button.isEnabled()
    panel.status.setCurrentIndex(panel.status.findText("All letters"))
    assert len(codes_shown(panel)) == 2


def test_enter_and_double_click_open_the_selected_letter(qtbot, db, letters_made):
    panel = LettersPanel(db, county_timezone(db))
    qtbot.addWidget(panel)
    panel.show()
    opened = []
    panel.open_requested.connect(opened.append)
    panel.select_document(letters_made[0].id)

    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    index = panel.table.currentIndex()
    panel.table.doubleClicked.emit(index)

    assert opened == [letters_made[0].id, letters_made[0].id]


def test_ctrl_6_shows_the_letters_page_and_it_lists_the_letters(qtbot, window, letters_made):
    _activate(qtbot, window)
    qtbot.keySequence(window, "Ctrl+6")
    assert window.stack.currentIndex() == DOCUMENTS_PAGE
    assert window.stack.currentWidget() is window.documents.panel
    assert window.nav.currentItem().text() == "Letters"
    window.refresh()
    assert len(codes_shown(window.documents.panel)) == 2


def test_letter_actions_are_in_the_menus_with_their_shortcuts(window):
    entries = {
        (top.text().replace("&", ""), a.text().replace("&", "")): a.shortcut().toString()
        for top in window.menuBar().actions()
        for a in top.menu().actions()
        if not a.isSeparator()
    }
    assert entries[("Letters", "Write letter…")] == "Ctrl+L"
    assert entries[("Letters", "Batch letters…")] == "Ctrl+Shift+B"
    assert entries[("Letters", "Open letter")] == "Ctrl+O"
    assert entries[("Settings", "Letter templates…")] == "Ctrl+Alt+T"
    assert entries[("Settings", "Letterhead…")] == "Ctrl+Alt+E"
    assert entries[("View", "Letters")] == "Ctrl+6"


def test_ctrl_l_with_a_detainer_selected_writes_a_letter_about_it(
    qtbot,
    window,
    desk,
    composers,
):
    window.refresh()
    window.show_area(DETAINERS_PAGE)
    window.detainers.select_detainer(desk.detainer_id)
    _activate(qtbot, window)

    qtbot.keySequence(window, "Ctrl+L")

    assert composers[-1].setup.about == About("detainer", desk.detainer_id)


def test_ctrl_l_with_nothing_selected_says_what_to_select(qtbot, window, boxes, composers):
    window.show_area(DETAINERS_PAGE)
    _activate(qtbot, window)

    qtbot.keySequence(window, "Ctrl+L")

    assert composers == []
    [(title, text)] = boxes.infos
    assert title == "Write letter" and text.startswith("Select what the letter is about")


def test_an_issued_letter_appears_in_the_correspondence_log(
    db,
    actor,
    window,
    desk,
    composers,
    viewers,
    boxes,
):
    window.documents.controller.now = lambda: NOW
    compose = window.documents.controller.write_letter(desk.about)
    compose.form.widget("letter_type").setCurrentIndex(
        compose.form.widget("letter_type").findData(DECLINATION)
    )
    compose.refresh_preview()
    compose.save_button.click()
    dialog = viewers[-1]
    dialog.approve_button.click()
    dialog.issue_button.click()

    filed = dialog.document.filed_as_id
    assert filed is not None
    assert window.letters_area.panel.model.row_of(filed) is not None
    panel = window.documents.panel
    assert panel.selected_document_id() == dialog.document.id
    assert panel.model.data(panel.model.index(0, 4)) == "Issued"


def test_the_detainer_editor_writes_a_letter_about_its_detainer(
    monkeypatch,
    qtbot,
    window,
    desk,
    composers,
):
    editors = keep_opened(monkeypatch, qtbot, DetainerDialog)
    window.detainer_controller.open_detainer(desk.detainer_id)

    editors[-1].write_letter_button.click()

    assert composers[-1].setup.about == About("detainer", desk.detainer_id)


def test_the_opt_out_editor_writes_a_letter_about_its_request(
    monkeypatch,
    qtbot,
    db,
    actor,
    window,
    composers,
):
    request = OptOutRequest(
        id=None, jurisdiction="Arlington County, VA", request_kind="stop_using_prints"
    )
    saved = create_optout(db, request, actor, on=NOW.date(), today=NOW.date())
    editors = keep_opened(monkeypatch, qtbot, OptOutDialog)
    window.letters_area.optouts_controller.open_optout(saved.id)

    editors[-1].write_letter_button.click()

    assert composers[-1].setup.about == About("optout", saved.id)


def test_a_new_opt_out_request_cannot_have_a_letter_yet(monkeypatch, qtbot, window):
    editors = keep_opened(monkeypatch, qtbot, OptOutDialog)
    window.letters_area.optouts_controller.new_optout()
    assert not editors[-1].write_letter_button.isEnabled()


def test_a_clerk_s_window_opens_letters_with_approve_disabled(
    qtbot,
    db,
    actor,
    db_path,
    settings,
    letters_made,
    viewers,
):
    clerk = staff(db, actor, "clerk", StaffRole.CLERK)
    window = MainWindow(db, clerk, db_path, settings)
    qtbot.addWidget(window)
    window.show_area(DOCUMENTS_PAGE)
    window.documents.panel.select_document(letters_made[0].id)

    window.documents.open_selected()

    assert viewers[-1].document.id == letters_made[0].id
    assert not viewers[-1].approve_button.isEnabled()


def test_ctrl_l_on_the_cases_page_writes_about_the_selected_case(qtbot, window, desk, composers):
    window.refresh()
    window.show_area(CASES_PAGE)
    window.cases.select_case(desk.booking_id)
    _activate(qtbot, window)

    qtbot.keySequence(window, "Ctrl+L")

    assert composers[-1].setup.about == About("case", desk.booking_id)


def test_another_letter_about_the_same_record_from_the_letters_page(
    window, letters_made, desk, composers
):
    panel = window.documents.panel
    window.show_area(DOCUMENTS_PAGE)
    window.refresh()
    panel.select_document(letters_made[0].id)

    panel.write_button.click()

    assert composers[-1].setup.about == desk.about
