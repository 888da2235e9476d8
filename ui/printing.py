"""Print a letter's PDF through the system print dialog, or save it where the clerk chooses.

A printer that is not there, or that cannot be started, is an error the clerk sees — printing
never reports success for paper that will not come out. Printing to a PDF file writes the
letter's own bytes (its text stays text); on paper each page is drawn from the PDF at the
printer's resolution. Saving writes a temporary file beside the target and renames it into
place, so a reader never finds half a letter.

The two questions asked of the clerk — which printer, and where to save — are module functions
(:func:`ask_printer`, :func:`ask_save_path`) that tests replace; so is :func:`available_printers`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSettings, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from models.attachments import safe_file_name
from models.files import write_atomically
from ui import message_boxes

#: Pages are drawn at the printer's resolution, but never finer than this: a page at 600 dpi is
#: already 134 MB of pixels, and office printers print no finer.
MAX_DPI = 600
NO_PRINTER = (
    "No printer is set up on this computer, so nothing was printed.\n\n"
    "Ask IT to install the office printer, or use “Save PDF as…” and print the file "
    "from another computer."
)


class PrintError(Exception):
    """A printer refused to start or to finish; the message is for the clerk."""


# -- the questions tests replace --------------------------------------------------------------


def available_printers() -> list[str]:
    """The names of the printers installed on this computer."""
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def ask_printer(parent: QWidget | None, printer: QPrinter, title: str) -> bool:
    """Show the system print dialog for ``printer``; True if the clerk chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_save_path(parent: QWidget | None, title: str, start: str) -> str | None:
    """Ask where to save a PDF, starting at ``start`` (folder and file name); None if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, start, "PDF files (*.pdf)")
    return path or None


def settings() -> QSettings:
    """Where the last folder a letter was saved in is remembered (tests replace it)."""
    return QSettings()


# -- printing ----------------------------------------------------------------------------------


def open_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """``data`` as a Qt PDF document; keep the buffer as long as the document is used.

    Raises:
        PrintError: the bytes are not a PDF Qt can read.
    """
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintError("The letter's PDF could not be read, so nothing was printed.")
    return document, buffer


def print_pdf(parent: QWidget | None, data: bytes, title: str) -> bool:
    """Print ``data`` (a letter's PDF) through the system print dialog.

    Returns:
        True only when the pages went to the printer (or the PDF file chosen in the dialog);
        False when the clerk cancelled or printing failed (the clerk has been told why).
    """
    try:
        document, buffer = open_pdf(data)
    except PrintError as exc:
        message_boxes.show_error(parent, "Not printed", str(exc))
        return False
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)  # the letter's PDF has its own margins
        size = document.pagePointSize(0)
        printer.setPageSize(QPageSize(QSizeF(size), QPageSize.Unit.Point))
        orientation = (
            QPageLayout.Orientation.Landscape
            if size.width() > size.height()
            else QPageLayout.Orientation.Portrait
        )
        printer.setPageOrientation(orientation)
        if not ask_printer(parent, printer, title):
            return False
        # With no printer installed Qt makes a printer a PDF writer with no file: not a choice.
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(
            printer.outputFileName()
        )
        if not to_file and not available_printers():
            message_boxes.show_error(parent, "Not printed", NO_PRINTER)
            return False
        first, last = _page_range(printer, document.pageCount())
        if to_file and (first, last) == (0, document.pageCount() - 1):
            # The whole letter to a PDF file: its own bytes, text and fonts as they are.
            _write_pdf_file(printer.outputFileName(), data)
        else:
            paint_pages(printer, document, range(first, last + 1))
    except PrintError as exc:
        message_boxes.show_error(parent, "Not printed", str(exc))
        return False
    finally:
        document.close()
        buffer.close()
    return True


def _page_range(printer: QPrinter, pages: int) -> tuple[int, int]:
    """The pages chosen in the dialog, counted from 0 (all of them unless a range was typed)."""
    if printer.printRange() != QPrinter.PrintRange.PageRange or printer.fromPage() < 1:
        return 0, pages - 1
    first = min(printer.fromPage(), pages) - 1
    last = min(max(printer.toPage(), printer.fromPage()), pages) - 1
    return first, last


def _write_pdf_file(name: str, data: bytes) -> None:
    if not name:
        raise PrintError("No file was chosen to print to, so nothing was printed.")
    try:
        write_atomically(Path(name), data)
    except OSError as exc:
        raise PrintError(f"The file “{name}” could not be written: {exc.strerror or exc}.") from exc


def paint_pages(printer: QPrinter, document: QPdfDocument, pages) -> None:
    """Draw ``pages`` (0-based) of ``document`` on ``printer``, each filling the paper.

    Raises:
        PrintError: the printer could not be started, or refused the pages.
    """
    name = printer.printerName() or printer.outputFileName() or "chosen"
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            f"The printer “{name}” could not be started, so nothing was printed.\n\n"
            "Check that it is switched on and connected, then try again."
        )
    dpi = min(printer.resolution(), MAX_DPI)
    # A printer that cannot make copies itself gets each one sent in turn.
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        sequence = [page for _copy in range(copies) for page in pages]
        for number, page in enumerate(sequence):
            if number and not printer.newPage():
                raise PrintError(f"The printer “{name}” stopped taking pages: {number} printed.")
            points = document.pagePointSize(page)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, pixels)
            if image.isNull():
                raise PrintError(f"Page {page + 1} of the letter could not be drawn.")
            painter.drawImage(_fitted(QRectF(paper), QSizeF(points)), image)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintError(
            f"The printer “{name}” reported an error; the letter may not have printed."
        )


def _fitted(paper: QRectF, page: QSizeF) -> QRectF:
    """The largest rectangle of ``page``'s proportions centred on ``paper``."""
    scale = min(paper.width() / page.width(), paper.height() / page.height())
    width, height = page.width() * scale, page.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


# -- saving ------------------------------------------------------------------------------------


def save_pdf_as(
    parent: QWidget | None, data: bytes, suggested_name: str, folder_setting: str
) -> Path | None:
    """Ask where to save ``data`` and write it there; the folder is remembered for next time.

    Args:
        parent: Where the questions and messages are shown.
        data: The PDF bytes, written exactly.
        suggested_name: The file name offered (made safe; ``.pdf`` added when missing).
        folder_setting: The preference key under which the last folder used is kept.

    Returns:
        The file written, or None when the clerk cancelled or it could not be written (the
        clerk has been told why).
    """
    name = safe_file_name(suggested_name or "letter")
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    remembered = settings()
    folder = str(remembered.value(folder_setting, "") or "")
    if not folder or not Path(folder).is_dir():
        folder = str(Path.home())
    chosen = ask_save_path(parent, "Save the letter as PDF", str(Path(folder) / name))
    if not chosen:
        return None
    target = Path(chosen)
    if not target.suffix:
        target = target.with_suffix(".pdf")
    try:
        write_atomically(target, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message_boxes.show_error(
            parent,
            "Not saved",
            f"The letter could not be saved in the folder “{target.parent}”: {reason}.\n\n"
            "Choose a folder you can write to (your Documents folder, say).",
        )
        return None
    remembered.setValue(folder_setting, str(target.parent))
    return target
