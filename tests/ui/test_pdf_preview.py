"""The PDF preview: page count, pages drawn, page moves, zoom, and a message instead of pages."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.letter_fixtures import MARK, dark_pixels, two_page_letter
from ui.pdf_preview import FIT_PAGE, FIT_WIDTH, PdfPreview


def shown_preview(qtbot) -> PdfPreview:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(640, 820)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def test_a_two_page_letter_shows_its_page_count_and_draws_its_first_page(qtbot):
    preview = shown_preview(qtbot)
    blank = dark_pixels(preview.view.grab().toImage())

    assert preview.set_pdf(two_page_letter())

    assert preview.page_count() == 2
    assert preview.page_label.text() == "Page 1 of 2"
    assert not preview.previous_button.isEnabled()
    assert preview.next_button.isEnabled()
    # Qt PDF draws pages on a worker thread: wait for the text to appear on the page.
    qtbot.waitUntil(lambda: dark_pixels(preview.view.grab().toImage()) > blank + 200, timeout=10000)


def test_next_and_previous_move_between_pages_and_stop_at_the_ends(qtbot):
    preview = shown_preview(qtbot)
    preview.set_pdf(two_page_letter())

    preview.next_button.click()
    assert preview.current_page() == 1
    assert preview.page_label.text() == "Page 2 of 2"
    assert not preview.next_button.isEnabled()
    preview.go_to_page(5)  # no such page: nothing moves
    assert preview.current_page() == 1
    preview.previous_button.click()
    assert preview.page_label.text() == "Page 1 of 2"


def test_keys_move_pages_and_zoom_while_the_focus_is_in_the_preview(qtbot):
    preview = shown_preview(qtbot)
    preview.set_pdf(two_page_letter())
    preview.view.setFocus()
    qtbot.waitUntil(preview.view.hasFocus)

    qtbot.keyClick(preview.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert preview.page_label.text() == "Page 2 of 2"
    qtbot.keyClick(preview.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert preview.page_label.text() == "Page 1 of 2"
    preview.zoom.setCurrentIndex(preview.zoom.findText("100%"))
    qtbot.keyClick(preview.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom.currentText() == "125%"
    assert preview.view.zoomFactor() == 1.25
    qtbot.keyClick(preview.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom.currentIndex() == FIT_WIDTH


def test_zoom_choices_set_the_view_zoom(qtbot):
    preview = shown_preview(qtbot)
    preview.set_pdf(two_page_letter())

    preview.zoom.setCurrentIndex(FIT_PAGE)
    assert preview.view.zoomMode() == preview.view.ZoomMode.FitInView
    preview.zoom.setCurrentIndex(preview.zoom.findText("50%"))
    assert preview.view.zoomMode() == preview.view.ZoomMode.Custom
    assert preview.view.zoomFactor() == 0.5


def test_a_new_preview_keeps_the_page_the_clerk_was_reading(qtbot):
    preview = shown_preview(qtbot)
    preview.set_pdf(two_page_letter())
    preview.next_button.click()

    preview.set_pdf(two_page_letter(draft=True))

    assert preview.page_label.text() == "Page 2 of 2"


def test_a_message_replaces_the_pages_and_the_controls_rest(qtbot):
    preview = shown_preview(qtbot)
    preview.set_pdf(two_page_letter())

    preview.show_message("This letter needs the booking number.", error=True)

    assert preview.message_text() == "This letter needs the booking number."
    assert preview.page_count() == 0
    assert preview.page_label.text() == "No pages"
    assert not preview.next_button.isEnabled()
    assert not preview.zoom.isEnabled()


def test_bytes_that_are_not_a_pdf_say_so_instead_of_showing_nothing(qtbot):
    preview = shown_preview(qtbot)

    assert not preview.set_pdf(b"%PDF-1.4 broken " + MARK.encode())

    assert "could not be shown" in preview.message_text()


def test_every_control_has_a_name_a_screen_reader_reads(qtbot):
    preview = shown_preview(qtbot)
    for widget in (preview.view, preview.previous_button, preview.next_button, preview.zoom):
        assert widget.accessibleName()
    assert preview.page_label.accessibleName() == "Page number"


def test_a_new_preview_lets_the_last_one_s_buffer_go(qtbot):
    from PySide6.QtCore import QBuffer, QCoreApplication, QEvent

    preview = shown_preview(qtbot)
    data = two_page_letter()
    for _ in range(5):  # a clerk typing: one preview per pause
        preview.set_pdf(data)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(preview.findChildren(QBuffer)) == 1
    preview.clear()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert preview.findChildren(QBuffer) == []
