"""Printing and saving a letter's PDF: what reaches the printer or the file, and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from tests.pdf_tools import page_count, pdf_text, render_png, squeeze
from tests.ui.letter_fixtures import MARK, dark_pixels, two_page_letter
from ui import printing


@pytest.fixture(autouse=True)
def _application(qapp):
    """Printers and PDF documents need the Qt application to exist."""
    return qapp


@pytest.fixture
def remembered(monkeypatch, tmp_path) -> QSettings:
    """The preferences the folder is remembered in, in the test's own file."""
    store = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(printing, "settings", lambda: store)
    return store


def choose_pdf_file(monkeypatch, target: Path, pages: tuple[int, int] | None = None) -> list:
    """The print dialog, answered: print to the PDF file ``target`` (only ``pages`` if given)."""
    asked = []

    def ask(_parent, printer: QPrinter, title: str) -> bool:
        asked.append(title)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        if pages is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*pages)
        return True

    monkeypatch.setattr(printing, "ask_printer", ask)
    return asked


def test_printing_to_a_pdf_file_writes_the_letter_with_its_text(monkeypatch, tmp_path, boxes):
    data = two_page_letter()
    target = tmp_path / "printed.pdf"
    asked = choose_pdf_file(monkeypatch, target)

    assert printing.print_pdf(None, data, "DD-2026-00099 Two-page test letter")

    assert asked == ["DD-2026-00099 Two-page test letter"]
    assert MARK in squeeze(pdf_text(target.read_bytes()))
    assert page_count(target.read_bytes()) == 2
    assert boxes.errors == []


def test_a_page_range_is_drawn_page_by_page_at_the_printers_resolution(
    monkeypatch, tmp_path, boxes
):
    target = tmp_path / "page-two.pdf"
    choose_pdf_file(monkeypatch, target, pages=(2, 2))

    assert printing.print_pdf(None, two_page_letter(), "Two-page test letter")

    printed = target.read_bytes()
    assert page_count(printed) == 1
    # Drawn as a picture of the page: the text is there to the eye, not as text.
    image = QImage(str(render_png(printed, 1, tmp_path / "page.png")))
    assert dark_pixels(image) > 200
    assert boxes.errors == []


def test_with_no_printer_set_up_the_clerk_is_told_and_nothing_counts_as_printed(monkeypatch, boxes):
    monkeypatch.setattr(printing, "available_printers", lambda: [])
    monkeypatch.setattr(printing, "ask_printer", lambda _p, _printer, _t: True)

    assert not printing.print_pdf(None, two_page_letter(), "Two-page test letter")

    [(title, text)] = boxes.errors
    assert title == "Not printed"
    assert text.startswith("No printer is set up on this computer")


@pytest.mark.qt_log_ignore("QPainter::begin", "QPdfWriter", "QFile::open")
def test_a_printer_that_cannot_start_is_an_error_not_a_success(monkeypatch, tmp_path, boxes):
    choose_pdf_file(monkeypatch, tmp_path / "no such folder" / "out.pdf", pages=(1, 1))

    assert not printing.print_pdf(None, two_page_letter(), "Two-page test letter")

    [(_title, text)] = boxes.errors
    assert "could not be started" in text


def test_a_pdf_file_that_cannot_be_written_is_an_error(monkeypatch, tmp_path, boxes):
    choose_pdf_file(monkeypatch, tmp_path / "no such folder" / "out.pdf")

    assert not printing.print_pdf(None, two_page_letter(), "Two-page test letter")

    [(_title, text)] = boxes.errors
    assert "could not be written" in text


def test_cancelling_the_print_dialog_prints_nothing_and_says_nothing(monkeypatch, boxes):
    monkeypatch.setattr(printing, "ask_printer", lambda _p, _printer, _t: False)

    assert not printing.print_pdf(None, two_page_letter(), "Two-page test letter")
    assert boxes.errors == []


def test_save_as_writes_the_bytes_exactly_and_remembers_the_folder(
    monkeypatch, tmp_path, remembered, boxes
):
    data = two_page_letter()
    offered = []

    def ask(_parent, _title, start):
        offered.append(start)
        return str(tmp_path / "Letter DD-2026-00099")  # typed without .pdf

    monkeypatch.setattr(printing, "ask_save_path", ask)

    written = printing.save_pdf_as(None, data, "DD-2026-00099 Smith: <draft>", "letters/folder")

    assert written == tmp_path / "Letter DD-2026-00099.pdf"
    assert written.read_bytes() == data
    assert Path(offered[0]).name == "DD-2026-00099 Smith_ _draft_.pdf"
    assert remembered.value("letters/folder") == str(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".saving")] == []


def test_save_as_into_a_folder_that_cannot_be_written_says_so(
    monkeypatch, tmp_path, remembered, boxes
):
    target = tmp_path / "gone" / "letter.pdf"
    monkeypatch.setattr(printing, "ask_save_path", lambda _p, _t, _s: str(target))

    assert printing.save_pdf_as(None, two_page_letter(), "letter", "letters/folder") is None

    [(title, text)] = boxes.errors
    assert title == "Not saved"
    assert str(target.parent) in text
    assert remembered.value("letters/folder") is None


def test_cancelling_save_as_writes_nothing(monkeypatch, tmp_path, remembered, boxes):
    monkeypatch.setattr(printing, "ask_save_path", lambda _p, _t, _s: None)

    assert printing.save_pdf_as(None, two_page_letter(), "letter", "letters/folder") is None
    assert list(tmp_path.glob("*.pdf")) == []
    assert boxes.errors == []
