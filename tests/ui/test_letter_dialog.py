"""The letter editor and its attachments, driven through the widgets and the real controller."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QWidget

import models.attachments
from models.attachments import FileToAttach, attachment_content, orphaned_blobs
from models.contacts import list_contacts
from models.correspondence import create_letter, get_letter
from models.records import Direction, Letter
from models.settings import county_timezone
from tests.ui.conftest import choose, click, keep_opened, retype, type_text
from ui import attachment_panel, message_boxes
from ui.correspondence_controller import CorrespondenceController
from ui.dialogs.letter_dialog import LetterDialog

# 10/20/2010 12:00 PDT: the county's today is Wed 10/20/2010.
NOW = datetime(2010, 10, 20, 19, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n" + b"\x00\x01\xfe\xff" * 747 + b"\n%%"  # 3,000 bytes, not all text


@pytest.fixture
def editors(monkeypatch, qtbot) -> list[LetterDialog]:
    return keep_opened(monkeypatch, qtbot, LetterDialog)


@pytest.fixture
def controller(qtbot, db, actor, boxes, editors) -> CorrespondenceController:
    host = QWidget()
    qtbot.addWidget(host)
    return CorrespondenceController(db, actor, county_timezone(db), host, now=lambda: NOW)


@pytest.fixture
def chosen(monkeypatch) -> list[str]:
    """What the patched file dialog answers (the paths put in this list)."""
    answer: list[str] = []
    monkeypatch.setattr(attachment_panel, "choose_files", lambda _parent: list(answer))
    return answer


@pytest.fixture
def opened_files(monkeypatch) -> list[Path]:
    """Every path handed to the system viewer."""
    paths: list[Path] = []

    def fake_open(path):
        paths.append(Path(path))
        return True

    monkeypatch.setattr(attachment_panel, "open_file", fake_open)
    return paths


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def _fill(qtbot, dialog, subject="Detainer policy question"):
    """A fax received 10/18/2010 from an ICE field office to County Counsel."""
    form = dialog.letter_form
    choose(form.widget("method"), "fax")
    retype(qtbot, form.widget("received_date"), "10/18/2010")
    type_text(form.widget("from_name").lineEdit(), "ERO San Francisco (Núñez)")
    choose(form.widget("from_kind"), "ice_field_office")
    qtbot.keyClicks(form.widget("to_name").lineEdit(), "County Counsel")
    choose(form.widget("to_kind"), "county_office")
    qtbot.keyClicks(form.widget("subject"), subject)


def _stored(db, actor, files=(), **kw) -> Letter:
    values = {"direction": Direction.IN, "method": "mail", "subject": "Records request"}
    values["received_date"] = date(2010, 10, 14)
    letter = Letter(None, **{**values, **kw})
    return create_letter(db, letter, actor, county_timezone(db), files=files, today=NOW.date())


def test_a_new_letter_with_an_attachment_is_saved_with_its_bytes(
    qtbot, db, controller, editors, chosen, tmp_path
):
    scan = tmp_path / "ERO reply.pdf"
    scan.write_bytes(PDF)
    chosen.append(str(scan))
    saved_ids = []
    controller.letter_saved.connect(saved_ids.append)
    dialog = controller.new_letter()
    assert dialog is editors[-1]
    _fill(qtbot, dialog)
    click(qtbot, dialog.attachments.add_button)
    [row] = dialog.attachments.row_texts()
    digest = models.attachments.FileToAttach("x", "", PDF).sha256
    assert row == ("ERO reply.pdf", "application/pdf", "3 KB", digest[:12], "Not saved yet")
    assert dialog.attachments.table.item(0, 3).toolTip() == f"SHA-256 {digest}"
    assert dialog.attachments.table.item(0, 2).toolTip() == "3,000 bytes"
    assert "(unsaved changes)" in dialog.title.text()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keySequence(dialog, "Ctrl+S")

    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    letter = get_letter(db, 1)
    assert (letter.direction, letter.method, letter.received_date) == (
        Direction.IN,
        "fax",
        date(2010, 10, 18),
    )
    assert letter.subject == "Detainer policy question"
    contacts = {c.id: (c.name, c.kind) for c in list_contacts(db)}
    assert contacts[letter.from_contact_id] == ("ERO San Francisco (Núñez)", "ice_field_office")
    assert contacts[letter.to_contact_id] == ("County Counsel", "county_office")
    [attachment] = letter.attachments
    assert (attachment.file_name, attachment.size, attachment.sha256) == (
        "ERO reply.pdf",
        3000,
        digest,
    )
    blob = db.execute("SELECT size, content FROM attachment_blobs WHERE sha256 = ?", [digest])
    assert blob.fetchone() == (len(PDF), PDF)
    assert attachment_content(db, attachment.id) == PDF
    assert saved_ids == [1]
    assert dialog.title.text() == "Letter 1 — Detainer policy question"
    assert dialog.attachments.row_texts()[0][4].startswith("Saved ")  # the real clock


def test_an_attachment_over_the_limit_is_refused_with_its_reason(
    qtbot, db, controller, chosen, boxes, tmp_path, monkeypatch
):
    monkeypatch.setattr(models.attachments, "MAX_ATTACHMENT_BYTES", 1024)
    big = tmp_path / "big scan.pdf"
    big.write_bytes(b"x" * 1025)
    chosen.append(str(big))
    dialog = controller.new_letter()
    _fill(qtbot, dialog)
    click(qtbot, dialog.attachments.add_button)
    [(title, text)] = boxes.errors
    assert title == "File not attached"
    assert (
        "“big scan.pdf” is 1,025 bytes (more than 1,024); attachments are limited to 1 KB" in text
    )
    assert dialog.attachments.row_texts() == [] and dialog.attachments.pending_files() == []
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    assert _count(db, "correspondence") == 1
    assert (_count(db, "attachments"), _count(db, "attachment_blobs")) == (0, 0)


def test_a_file_refused_at_save_leaves_nothing_half_saved(
    qtbot, db, controller, chosen, tmp_path, monkeypatch
):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    chosen.append(str(scan))
    dialog = controller.new_letter()
    _fill(qtbot, dialog)
    click(qtbot, dialog.attachments.add_button)
    monkeypatch.setattr(models.attachments, "MAX_ATTACHMENT_BYTES", 100)  # lowered meanwhile
    _save(qtbot, dialog)
    assert "“scan.pdf” is 3 KB; attachments are limited to 100 bytes" in (
        dialog.error_summary.text()
    )
    tables = ("correspondence", "contacts", "attachments", "attachment_blobs")
    assert [_count(db, t) for t in tables] == [0, 0, 0, 0]  # not even the new parties
    assert dialog.is_dirty() and dialog.attachments.pending_files()


def test_files_dropped_on_the_panel_are_attached_like_chosen_ones(
    qtbot, db, controller, tmp_path, boxes
):
    first, empty = tmp_path / "fax cover.txt", tmp_path / "empty.txt"
    first.write_bytes("Señor Núñez".encode())
    empty.write_bytes(b"")
    dialog = controller.new_letter()
    panel = dialog.attachments

    def drop(*paths):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        panel.dropEvent(event)

    drop(first, empty)  # one refused: neither is added
    assert "“empty.txt” is empty (0 bytes)" in boxes.errors[-1][1]
    assert panel.pending_files() == []
    drop(first)
    assert [f.file_name for f in panel.pending_files()] == ["fax cover.txt"]
    drop(first)  # the same content again is refused by name
    assert "same content as “fax cover.txt”" in boxes.errors[-1][1]
    assert len(panel.pending_files()) == 1


def test_open_writes_a_copy_with_the_same_bytes_for_the_viewer(
    qtbot, db, actor, controller, opened_files
):
    stored = _stored(db, actor, files=[FileToAttach("ICE answer.pdf", "application/pdf", PDF)])
    dialog = controller.open_letter(stored.id)
    dialog.attachments.table.selectRow(0)
    dialog.attachments.open_action.trigger()
    [copy] = opened_files
    assert copy.name == "ICE answer.pdf" and copy.read_bytes() == PDF
    assert not copy.stat().st_mode & 0o222  # read-only: the viewer cannot change the record
    dialog.attachments.add_paths([])  # nothing chosen, nothing changes
    assert not dialog.is_dirty()


def test_an_unsaved_file_can_be_opened_before_the_letter_is_saved(
    qtbot, controller, chosen, opened_files, tmp_path
):
    scan = tmp_path / "draft reply.txt"
    scan.write_bytes(b"Dear Director Morton,")
    chosen.append(str(scan))
    dialog = controller.new_letter()
    dialog.attachments.add_files()
    dialog.attachments.open_selected()
    assert opened_files[0].read_bytes() == b"Dear Director Morton,"
    assert opened_files[0] != scan


def test_a_removed_attachment_goes_with_its_bytes_on_save(qtbot, db, actor, controller):
    stored = _stored(db, actor, files=[FileToAttach("old.pdf", "application/pdf", PDF)])
    dialog = controller.open_letter(stored.id)
    dialog.attachments.table.selectRow(0)
    click(qtbot, dialog.attachments.remove_button)
    assert dialog.attachments.row_texts() == [] and dialog.is_dirty()
    assert _count(db, "attachments") == 1  # only when the letter is saved
    _save(qtbot, dialog)
    assert get_letter(db, stored.id).attachments == ()
    assert (_count(db, "attachment_blobs"), orphaned_blobs(db)) == (0, 0)


@pytest.mark.parametrize(
    ("reply_to", "message"),
    [
        ("self", "A letter cannot be a reply to itself."),
        ("reply", "is itself a reply, directly or further down the thread, to this letter"),
    ],
)
def test_a_reply_link_to_itself_or_in_a_loop_shows_the_reason(
    qtbot, db, actor, controller, reply_to, message
):
    first = _stored(db, actor, subject="Request for records")
    reply = _stored(db, actor, subject="Answer", in_reply_to_id=first.id)
    dialog = controller.open_letter(first.id)
    number = first.id if reply_to == "self" else reply.id
    retype(qtbot, dialog.link_form.widget("in_reply_to_id"), str(number))
    assert (
        dialog.link_notes["in_reply_to_id"]
        .text()
        .startswith("“Request for records”" if reply_to == "self" else "“Answer”")
    )
    _save(qtbot, dialog)
    assert message in dialog.link_form.error("in_reply_to_id")
    assert message in dialog.error_summary.text()
    assert get_letter(db, first.id) == first  # nothing written


def test_a_reply_rule_shows_and_saves_the_due_date(qtbot, db, controller):
    dialog = controller.new_letter()
    _fill(qtbot, dialog)
    choose(dialog.reply_form.widget("reply_rule"), "reply_30_days")
    # Received Mon 10/18/2010 + 30 calendar days = Wed 11/17/2010.
    assert dialog.reply_form.value("reply_due_date") == "11/17/2010"
    assert dialog.reply_form.widget("reply_due_date").isReadOnly()
    assert dialog.due_note.text() == "Counted from 10/18/2010, the day it was received."
    _save(qtbot, dialog)
    stored = get_letter(db, 1)
    assert (stored.reply_rule, stored.reply_due_date) == ("reply_30_days", date(2010, 11, 17))


def test_a_case_number_that_is_not_a_number_is_shown_beside_its_field(qtbot, db, controller):
    dialog = controller.new_letter()
    _fill(qtbot, dialog)
    retype(qtbot, dialog.link_form.widget("booking_id"), "2010-44")
    assert "not a case number" in dialog.link_form.error("booking_id")
    _save(qtbot, dialog)
    assert "not a case number" in dialog.error_summary.text()
    retype(qtbot, dialog.link_form.widget("booking_id"), "99")
    assert dialog.link_notes["booking_id"].text() == "There is no case number 99."
    _save(qtbot, dialog)
    assert dialog.link_form.error("booking_id") == "There is no case number 99."
    assert _count(db, "correspondence") == 0


def test_closing_with_unsaved_changes_asks_first(qtbot, db, actor, controller, boxes):
    stored = _stored(db, actor)
    dialog = controller.open_letter(stored.id)
    assert not dialog.is_dirty()
    qtbot.keyClicks(dialog.letter_form.widget("subject"), " (second copy)")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keySequence(dialog, "Ctrl+W")
    assert boxes.unsaved_asked == 1 and dialog.isVisible()  # Cancel keeps it open
    boxes.unsaved_answer = message_boxes.UnsavedChoice.DISCARD
    dialog.close()
    assert boxes.unsaved_asked == 2 and not dialog.isVisible()
    assert get_letter(db, stored.id).subject == "Records request"
    assert controller.editors == []


def test_every_input_has_a_name_a_screen_reader_can_read(controller):
    dialog = controller.new_letter()
    for form in dialog.forms:
        for key in form.keys():  # noqa: SIM118 (a FormPanel)
            assert form.widget(key).accessibleName(), key
    shortcuts = {a.shortcut().toString() for a in dialog.actions()}
    assert {"Ctrl+S", "Ctrl+W"} <= shortcuts
    panel_shortcuts = {a.shortcut().toString() for a in dialog.attachments.actions()}
    assert panel_shortcuts == {"Ctrl+Shift+A", "Ctrl+Shift+O", "Ctrl+Shift+R"}


def test_a_new_party_needs_its_kind_and_a_known_one_brings_it(qtbot, db, actor, controller):
    dialog = controller.new_letter()
    _fill(qtbot, dialog)
    form = dialog.letter_form
    form.widget("to_kind").setCurrentIndex(0)
    _save(qtbot, dialog)
    assert form.error("to_kind") == "Say what kind of party “County Counsel” is."
    assert _count(db, "correspondence") == 0
    choose(form.widget("to_kind"), "county_office")
    _save(qtbot, dialog)
    assert dialog.error_summary.isHidden(), dialog.error_summary.text()
    second = controller.new_letter()
    second.letter_form.widget("from_name").setCurrentText("county counsel")
    assert second.letter_form.value("from_kind") == "county_office"
