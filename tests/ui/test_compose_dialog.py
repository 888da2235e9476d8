"""Writing a letter about a record: the types and languages offered, the preview, the draft."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from models.letters.about import About
from models.letters.documents import get_document, list_documents
from models.letters.templates import save_template
from tests.models.letters.test_compose import ICE_OFFICE, declined_detainer
from tests.pdf_tools import pdf_text, squeeze
from tests.ui.conftest import choose
from tests.ui.letter_fixtures import NOW
from tests.ui.letter_fixtures import composers as composers  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import desk as desk  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import make_letters as make_letters  # noqa: F401 (a fixture)
from tests.ui.letter_fixtures import viewers as viewers  # noqa: F401 (a fixture)
from ui import printing

DECLINATION = "detainer_declination"


@pytest.fixture
def compose(make_letters, actor, desk):
    """A compose dialog about the desk's detainer, written by the administrator."""

    def open_one(code: str | None = None):
        controller = make_letters(actor)
        dialog = controller.write_letter(desk.about)
        if code is not None:
            choose(dialog.form.widget("letter_type"), code)
        dialog.refresh_preview()
        return controller, dialog

    return open_one


def test_the_letter_types_offered_are_those_written_about_a_detainer(compose):
    _controller, dialog = compose()
    combo = dialog.form.widget("letter_type")
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert DECLINATION in codes and "truth_request_notice" in codes
    assert "optout_request" not in codes and "cpra_extension" not in codes
    assert "Detainer 1" in dialog.title.text() and "booking 2010-001" in dialog.title.text()


def test_languages_follow_the_type_and_start_in_the_person_s_own(compose):
    _controller, dialog = compose("truth_request_notice")
    language = dialog.form.widget("language")
    assert [language.itemData(i) for i in range(language.count())] == ["en", "es"]
    assert language.currentData() == "es"  # the case's person prefers Spanish

    choose(dialog.form.widget("letter_type"), DECLINATION)
    assert [language.itemData(i) for i in range(language.count())] == ["en"]


def test_the_preview_follows_the_form_after_a_pause(qtbot, compose):
    _controller, dialog = compose(DECLINATION)
    first = dialog.pdf

    dialog.form.widget("their_reference").setText("ICE file SF-2010-77")

    assert dialog.preview_status.text() == "Updating the preview…"
    qtbot.waitUntil(lambda: dialog.pdf is not first, timeout=10000)
    assert "ICE file SF-2010-77" in squeeze(pdf_text(dialog.pdf))
    assert dialog.preview.page_count() >= 1


def test_save_draft_stores_the_letter_and_opens_it(db, compose, composers, viewers):
    _controller, dialog = compose(DECLINATION)
    assert dialog.form.value("addressee_name") == ICE_OFFICE  # filled from the record
    assert "Declination of immigration detainer" in squeeze(pdf_text(dialog.pdf))
    dialog.form.widget("addressee_name").setText("Smith & <Jones>, ICE")

    dialog.save_button.click()

    [row] = list_documents(db)
    assert (row.template_code, row.about, row.status.value) == (
        DECLINATION,
        dialog.setup.about,
        "draft",
    )
    document = get_document(db, row.id)
    assert document.addressee.name == "Smith & <Jones>, ICE"
    assert not dialog.isVisible()
    assert viewers[-1].document.id == row.id
    assert "Smith & <Jones>, ICE" in squeeze(pdf_text(viewers[-1].pdf))


def test_a_field_the_record_lacks_shows_instead_of_the_preview_and_nothing_is_saved(
    db, actor, compose, boxes
):
    save_template(
        db, actor, DECLINATION, "en", "Declination", "Alien number: {{ person.a_number }}"
    )
    _controller, dialog = compose(DECLINATION)

    message = dialog.preview.message_text()
    assert "A-number" in message and "person.a_number" in message
    assert not dialog.save_button.isEnabled()
    assert not dialog.print_button.isEnabled()
    dialog.request_save()  # Ctrl+S while the letter cannot be made
    assert list_documents(db) == []
    assert boxes.errors == []  # said in the dialog, not in a box


def test_a_translation_not_loaded_is_said_in_the_dialog(compose):
    _controller, dialog = compose("truth_interview_consent")
    choose(dialog.form.widget("language"), "ko")
    dialog.refresh_preview()

    assert "Korean" in dialog.preview.message_text()
    assert dialog.pdf is None


def test_no_letterhead_is_said_in_the_dialog(db, actor, case_factory, make_letters):
    desk_without_office = declined_detainer(db, actor, case_factory)
    dialog = make_letters(actor).write_letter(desk_without_office.about)
    choose(dialog.form.widget("letter_type"), DECLINATION)
    dialog.refresh_preview()

    assert "Settings ▸ Letterhead" in dialog.preview.message_text()


def test_print_and_save_as_hand_over_the_draft_as_previewed(monkeypatch, tmp_path, compose):
    _controller, dialog = compose(DECLINATION)
    printed = []
    monkeypatch.setattr(printing, "print_pdf", lambda _p, data, title: printed.append(data) or True)
    monkeypatch.setattr(printing, "ask_save_path", lambda _p, _t, _s: str(tmp_path / "d.pdf"))
    monkeypatch.setattr(printing, "settings", lambda: _memory_settings(tmp_path))

    assert dialog.print_button.isEnabled()
    assert dialog.print_preview()
    dialog.save_as_button.click()

    assert printed == [dialog.pdf]
    assert (tmp_path / "d.pdf").read_bytes() == dialog.pdf


def test_a_letter_about_a_period_offers_only_the_letters_written_about_periods(
    actor,
    desk,
    make_letters,
):
    period = About("period", start=NOW.date().replace(day=1), end=NOW.date())
    dialog = make_letters(actor).write_letter(period)
    assert [t.code for t in dialog.setup.letter_types] == ["policy_notice"]
    assert dialog.title.text().endswith("Period 2026-11-01 to 2026-11-25")


def _memory_settings(folder):
    return QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat)


def test_a_type_for_another_addressee_brings_its_own_recipients(compose):
    _controller, dialog = compose("truth_request_notice")
    assert dialog.form.value("addressee_name") == "María José Núñez1"
    dialog.copies.add_row({"name": "Lee & Park, Attorneys", "address": "1 Main St; San José"})
    choose(dialog.form.widget("letter_type"), "truth_release_notice")  # to the person too
    assert dialog.copies.rows()[-1]["name"] == "Lee & Park, Attorneys"  # typed, kept

    choose(dialog.form.widget("letter_type"), DECLINATION)  # to ICE

    assert dialog.form.value("addressee_name") == ICE_OFFICE
    assert dialog.copies.rows() == []
    request = dialog.request()
    assert [(r.name, r.role) for r in request.recipients] == [(ICE_OFFICE, "to")]


def test_copies_typed_go_into_the_request_with_their_address_lines(compose):
    _controller, dialog = compose(DECLINATION)
    dialog.copies.add_row({"name": "Lee & Park", "address": "1 Main St;  San José, CA ; "})

    request = dialog.request()

    assert request.recipients[-1].name == "Lee & Park"
    assert request.recipients[-1].address_lines == ("1 Main St", "San José, CA")
    assert request.recipients[-1].role == "cc"
