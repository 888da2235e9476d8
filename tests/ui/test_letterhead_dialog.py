"""Letterhead settings driven through the dialog, each ending with a look at the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from models.letters.office import office_settings
from models.staff import current_staff
from tests.ui.conftest import click, keep_opened, type_text
from tests.ui.letter_fixtures import letter_settings as letter_settings  # noqa: F401 (a fixture)
from ui.dialogs import letterhead_dialog
from ui.dialogs.letterhead_dialog import LetterheadDialog

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


@pytest.fixture
def open_letterhead(qtbot, monkeypatch, letter_settings, boxes):
    """Open the letterhead dialog as ``staff`` through a fresh controller."""
    keep_opened(monkeypatch, qtbot, LetterheadDialog)
    return lambda staff: letter_settings(staff, now=NOW).open_letterhead()


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(letterhead_dialog, "choose_logo_path", lambda _parent: str(path))


def png_bytes(width=40, height=20) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f4e79"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def test_typed_letterhead_is_saved_exactly_as_typed(qtbot, open_letterhead, actor, db, boxes):
    dialog = open_letterhead(actor)
    form = dialog.form
    for key in form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
        form.widget(key).clear()
    type_text(form.widget("county_name"), "County of Alder")
    type_text(form.widget("office_name"), "Office of the County Counsel — San José")
    address = form.widget("office_address")
    type_text(address, "70 West Hedding St.")
    qtbot.keyClick(address, Qt.Key.Key_Return)
    type_text(address, "San José, CA 95110")
    type_text(form.widget("signer_name"), "Ana Núñez & <Partners>")
    form.widget("reference_prefix").clear()
    type_text(form.widget("reference_prefix"), "CC-LIT")
    assert dialog.is_dirty()

    click(qtbot, dialog.save_button)

    stored = office_settings(db)
    assert stored.county_name == "County of Alder"
    assert stored.office_name == "Office of the County Counsel — San José"
    assert stored.office_address == "70 West Hedding St.\nSan José, CA 95110"
    assert stored.signer_name == "Ana Núñez & <Partners>"
    assert stored.reference_prefix == "CC-LIT"
    assert stored.logo is None
    assert not dialog.is_dirty()
    assert "saved" in dialog.status.text()
    assert boxes.errors == []


def test_a_missing_county_and_a_bad_prefix_show_beside_their_fields(
    qtbot, open_letterhead, actor, db
):
    dialog = open_letterhead(actor)
    dialog.form.widget("office_name").setText("Office of the Public Defender")
    dialog.form.widget("reference_prefix").setText("DD 2026!")
    click(qtbot, dialog.save_button)

    assert "county's name" in dialog.form.error("county_name")
    assert "reference prefix" in dialog.form.error("reference_prefix")
    assert dialog.form.error("office_name") == ""
    assert not dialog.error_summary.isHidden()
    assert office_settings(db).office_name == "Office of the County Counsel"  # nothing saved
    assert dialog.is_dirty()


def test_a_file_that_is_not_a_picture_is_refused_beside_the_logo(
    qtbot, open_letterhead, actor, db, tmp_path, monkeypatch
):
    fake = tmp_path / "seal.png"
    fake.write_bytes(b"%PDF-1.4 not a picture at all")
    choose_file(monkeypatch, fake)
    dialog = open_letterhead(actor)
    type_text(dialog.form.widget("county_name"), "County of Alder")

    click(qtbot, dialog.choose_button)

    assert not dialog.logo_error.isHidden()
    assert "not a PNG or JPEG picture" in dialog.logo_error.text()
    assert dialog.logo is None
    assert dialog.thumbnail.text() == "No logo"
    assert not dialog.remove_button.isEnabled()
    click(qtbot, dialog.save_button)
    assert office_settings(db).county_name == "County of Alder"
    assert office_settings(db).logo is None


def test_a_chosen_logo_shows_as_a_thumbnail_is_saved_and_can_be_removed(
    qtbot, open_letterhead, actor, db, tmp_path, monkeypatch
):
    picture = png_bytes()
    (tmp_path / "seal.png").write_bytes(picture)
    choose_file(monkeypatch, tmp_path / "seal.png")
    dialog = open_letterhead(actor)
    type_text(dialog.form.widget("county_name"), "County of Alder")

    click(qtbot, dialog.choose_button)
    assert dialog.logo_error.isHidden()
    assert not dialog.thumbnail.pixmap().isNull()
    assert "40 × 20 pixels" in dialog.logo_info.text()
    click(qtbot, dialog.save_button)
    assert office_settings(db).logo == picture

    click(qtbot, dialog.remove_button)
    assert dialog.thumbnail.text() == "No logo"
    click(qtbot, dialog.save_button)
    assert office_settings(db).logo is None


def test_a_clerk_sees_the_letterhead_read_only_and_cannot_save(qtbot, open_letterhead, actor, db):
    clerk = current_staff(db, login="clerk1")
    dialog = open_letterhead(clerk)

    assert not dialog.note.isHidden()
    assert not dialog.save_button.isEnabled()
    assert not dialog.choose_button.isEnabled()
    assert all(dialog.form.widget(key).isReadOnly() for key in dialog.form.keys())  # noqa: SIM118
    dialog.form.widget("county_name").setText("County of Nowhere")  # even if text got in
    dialog.request_save()
    assert office_settings(db).county_name == ""
    assert not dialog.is_dirty()  # nothing to lose when closing
