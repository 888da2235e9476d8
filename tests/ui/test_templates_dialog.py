"""The template library driven through its dialog, each change ending with a look at the model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from models.errors import NotFoundError
from models.letters.office import OfficeSettings, save_office_settings
from models.letters.templates import active_template, save_template, template_versions
from models.staff import current_staff
from tests.pdf_tools import pdf_text, squeeze
from tests.ui.conftest import click, keep_opened, type_text
from tests.ui.letter_fixtures import letter_settings as letter_settings  # noqa: F401 (a fixture)
from ui.dialogs.template_editor import insertion
from ui.dialogs.templates_dialog import NOT_LOADED, TemplatesDialog

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
DECLINATION = ("detainer_declination", "en")
BODY = (
    "To the {{ detainer.ice_office }}:\n"
    "\n"
    "The county declines the request for {{ person.full_name }}.\n"
    "\n"
    "{{ detainer.decision_reason }}\n"
)


@pytest.fixture
def open_templates(qtbot, monkeypatch, letter_settings, boxes):
    """Open the templates dialog as ``staff`` through a fresh controller."""
    keep_opened(monkeypatch, qtbot, TemplatesDialog)
    return lambda staff: letter_settings(staff, now=NOW).open_templates()


@pytest.fixture
def declination(db, actor) -> int:
    """The declination letter has an active English text (the shipped one, or one made here)."""
    try:
        return active_template(db, *DECLINATION).version
    except NotFoundError:
        return save_template(db, actor, *DECLINATION, "Detainer declined", BODY).version


def _row_of(table, text: str, column: int = 0) -> int:
    rows = [r for r in range(table.rowCount()) if table.item(r, column).text() == text]
    assert rows, text
    return rows[0]


def _slot_row_texts(dialog, code: str, language_name: str) -> tuple[str, str, str]:
    table = dialog.slots_table
    for row in range(table.rowCount()):
        slot = table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if slot[0] == code and table.item(row, 1).text() == language_name:
            return tuple(table.item(row, c).text() for c in range(3))
    raise AssertionError((code, language_name))


def type_lines(qtbot, edit, text: str) -> None:
    """Type ``text`` key by key, pressing Return for each line break."""
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        type_text(edit, line)


def _put_cursor(edit, line: int, column: int) -> None:
    cursor = QTextCursor(edit.document().findBlockByNumber(line - 1))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    edit.setTextCursor(cursor)


def test_check_names_the_bad_field_and_its_line_and_a_fix_saves_version_2(
    qtbot, open_templates, actor, db, declination, boxes
):
    dialog = open_templates(actor)
    assert dialog.select_slot(*DECLINATION)
    body = dialog.body_edit
    assert body.toPlainText() == active_template(db, *DECLINATION).body
    lines_before = body.blockCount()
    body.moveCursor(QTextCursor.MoveOperation.End)
    type_lines(qtbot, body, "\n\nRegards to {{ person.nickname }}.")
    bad_line = lines_before + 2

    click(qtbot, dialog.check_button)

    assert "person.nickname" in dialog.outcome.text()
    assert f"Line {bad_line}" in dialog.outcome.text()
    assert dialog.current_line() == bad_line
    assert [v.version for v in template_versions(db, *DECLINATION)] == [declination]

    cursor = body.textCursor()
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    cursor.insertText("\nRegards to {{ person.full_name }}.")
    click(qtbot, dialog.check_button)
    assert dialog.outcome.text() == "No problems found."

    click(qtbot, dialog.save_button)

    versions = {v.version: v.status for v in template_versions(db, *DECLINATION)}
    assert versions[declination] == "archived"
    assert versions[declination + 1] == "active"
    active = active_template(db, *DECLINATION)
    assert active.version == declination + 1
    assert active.body.rstrip().endswith("Regards to {{ person.full_name }}.")
    assert active.created_by == actor.id
    assert _slot_row_texts(dialog, "detainer_declination", "English")[2] == (
        f"Version {declination + 1}"
    )
    assert not dialog.is_dirty()
    assert f"Version {declination + 1} is active" in dialog.outcome.text()
    assert boxes.errors == []


def test_a_bad_field_is_refused_on_save_too(qtbot, open_templates, actor, db, declination):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.body_edit.setPlainText("Hello {{ person.__class__ }}")
    click(qtbot, dialog.save_button)
    assert dialog.outcome.text()
    assert [v.version for v in template_versions(db, *DECLINATION)] == [declination]


def test_a_draft_is_kept_aside_until_it_is_activated(qtbot, open_templates, actor, db, declination):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.title_edit.setText("Declination of the detainer")
    click(qtbot, dialog.draft_button)
    draft = max(template_versions(db, *DECLINATION), key=lambda v: v.version)
    assert (draft.version, draft.status) == (declination + 1, "draft")
    assert active_template(db, *DECLINATION).version == declination
    assert dialog.selected_version().id == draft.id
    assert dialog.activate_button.isEnabled() and dialog.archive_button.isEnabled()

    click(qtbot, dialog.activate_button)
    assert active_template(db, *DECLINATION).title == "Declination of the detainer"
    assert dialog.selected_version().status == "active"


def test_a_clerk_reads_the_templates_but_cannot_change_them(
    qtbot, open_templates, actor, db, declination
):
    clerk = current_staff(db, login="clerk1")
    dialog = open_templates(clerk)
    dialog.select_slot(*DECLINATION)

    assert not dialog.note.isHidden()
    assert dialog.body_edit.isReadOnly() and dialog.title_edit.isReadOnly()
    for button in (
        dialog.save_button,
        dialog.draft_button,
        dialog.activate_button,
        dialog.archive_button,
        dialog.insert_button,
    ):
        assert not button.isEnabled()
    assert dialog.check_button.isEnabled()  # checking and previewing change nothing
    dialog._request_save(True)
    assert [v.version for v in template_versions(db, *DECLINATION)] == [declination]


def test_double_clicking_a_merge_field_types_it_at_the_cursor(
    qtbot, open_templates, actor, declination
):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.body_edit.setPlainText("Dear ,\n\nText.")
    _put_cursor(dialog.body_edit, 1, len("Dear "))
    type_text(dialog.field_search, "full name")
    table = dialog.fields_table
    row = _row_of(table, "person.full_name")
    assert not table.isRowHidden(row)
    assert table.isRowHidden(_row_of(table, "booking.number"))
    table.scrollToItem(table.item(row, 0))

    where = table.visualItemRect(table.item(row, 1)).center()
    # A real double click starts with a click: item views act on it only after a press there.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)

    assert dialog.body_edit.toPlainText() == "Dear {{ person.full_name }},\n\nText."
    assert dialog.is_dirty()


def test_a_list_field_is_inserted_as_a_loop_that_checks_clean(open_templates, actor, declination):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.body_edit.setPlainText("Charges: ")
    dialog.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    dialog.fields_table.selectRow(_row_of(dialog.fields_table, "charges"))
    dialog.insert_selected_field()

    assert dialog.body_edit.toPlainText() == (
        "Charges: \n{% for charge in charges %}\n"
        "- {{ charge.statute }} {{ charge.description }}\n{% endfor %}\n"
    )
    assert dialog.check()
    assert dialog.show_preview()
    text = squeeze(pdf_text(dialog.preview_pdf))
    assert "PC 459 Burglary, second degree" in text
    assert "PC 459 (2) Burglary, second degree (2)" in text


def test_insertion_names_list_items_as_the_loop_does():
    from models.letters.fields import FIELDS

    assert insertion(FIELDS["person.full_name"]) == "{{ person.full_name }}"
    assert insertion(FIELDS["charges[].statute"]) == "{{ charge.statute }}"
    assert insertion(FIELDS["optout.earlier_letters[].date"]) == "{{ letter.date }}"
    assert insertion(FIELDS["detainer.reasons"]).startswith(
        "{% for reason in detainer.reasons %}\n- {{ reason }}\n"
    )
    # A yes/no field does not print (the check refuses it): it is asked about.
    assert insertion(FIELDS["detainer.requests_hold"]) == (
        "{% if detainer.requests_hold %}{% endif %}"
    )


def test_every_field_inserted_as_the_panel_types_it_passes_the_check():
    from models.letters.fields import CATALOGUE
    from models.letters.templating import check_template

    for field in CATALOGUE:
        text = insertion(field)
        if "[]." in field.path:  # an item's field goes inside its list's loop
            list_path, _item = field.path.split("[].", 1)
            name = text.split()[1].split(".")[0]
            text = f"{{% for {name} in {list_path} %}}{text}{{% endfor %}}"
        check_template("Title", f"Text {text}")


def test_preview_lays_out_the_letter_with_the_example_values(
    qtbot, open_templates, actor, db, declination
):
    save_office_settings(
        db, actor, OfficeSettings(county_name="County of Alder", office_name="County Counsel")
    )
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.title_edit.setText("Declined: {{ person.full_name }}")
    dialog.body_edit.setPlainText("Dear {{ detainer.ice_officer }} & <co>,\n\n- **one**\n")
    click(qtbot, dialog.preview_button)

    assert dialog.tabs.currentWidget() is dialog.preview
    assert dialog.preview.has_pdf()
    text = squeeze(pdf_text(dialog.preview_pdf))
    assert "County of Alder" in text  # the office's own letterhead
    assert "Declined: José Núñez" in text
    assert "Dear SDDO J. Smith & <co>," in text
    assert "San Francisco Field Office" in text  # a letter to ICE goes to the ICE office
    assert "office's letterhead" in dialog.outcome.text()


def test_preview_of_a_text_that_prints_nothing_says_why(qtbot, open_templates, actor):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.body_edit.setPlainText("{% if attorney %}{% endif %}")
    click(qtbot, dialog.preview_button)
    assert dialog.preview_pdf is None
    assert "prints nothing" in dialog.outcome.text()


def test_a_translation_not_yet_loaded_is_typed_into_an_empty_editor(
    qtbot, open_templates, actor, db
):
    slot = ("truth_interview_consent", "ko")
    dialog = open_templates(actor)
    assert _slot_row_texts(dialog, *slot[:1], "Korean")[2] == NOT_LOADED
    assert dialog.select_slot(*slot)
    assert dialog.body_edit.toPlainText() == "" and dialog.versions.rowCount() == 0
    assert "Korean" in dialog.heading.text()

    type_text(dialog.title_edit, "ICE 면담 동의서")
    type_lines(qtbot, dialog.body_edit, "{{ person.full_name }} 님께,\n\n면담은 자발적입니다.")
    click(qtbot, dialog.save_button)

    stored = active_template(db, *slot)
    assert (stored.version, stored.title) == (1, "ICE 면담 동의서")
    assert stored.body == "{{ person.full_name }} 님께,\n\n면담은 자발적입니다."
    assert _slot_row_texts(dialog, slot[0], "Korean")[2] == "Version 1"


def test_switching_slots_with_unsaved_text_asks_first(
    qtbot, open_templates, actor, declination, boxes
):
    dialog = open_templates(actor)
    dialog.select_slot(*DECLINATION)
    dialog.body_edit.setPlainText("Half-typed text")
    boxes.confirm_answer = False
    dialog.select_slot("truth_interview_consent", "ko")
    assert boxes.confirms and "not saved" in boxes.confirms[-1]
    assert dialog.slot == DECLINATION
    assert dialog.body_edit.toPlainText() == "Half-typed text"

    boxes.confirm_answer = True
    dialog.select_slot("truth_interview_consent", "ko")
    assert dialog.slot == ("truth_interview_consent", "ko")
    assert not dialog.is_dirty()
