"""A letter's PDF shown inside the app: pages, page count, zoom, and a message when there is none.

The bytes shown are exactly the PDF that prints or is saved (a draft preview, or a stored
letter's own bytes): Qt PDF reads them from a buffer the widget keeps alive for as long as the
document is open. When there is nothing to show — no letter yet, or the letter cannot be made
— the widget shows a message in the page's place instead.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.forms import buddy_label

#: The zoom choices: label and zoom mode, or a factor for a fixed percentage.
ZOOMS: tuple[tuple[str, QPdfView.ZoomMode | float], ...] = (
    ("Fit width", QPdfView.ZoomMode.FitToWidth),
    ("Fit page", QPdfView.ZoomMode.FitInView),
    ("50%", 0.5),
    ("75%", 0.75),
    ("100%", 1.0),
    ("125%", 1.25),
    ("150%", 1.5),
    ("200%", 2.0),
)
FIT_WIDTH, FIT_PAGE = 0, 1
VIEW_PAGE, MESSAGE_PAGE = 0, 1
MESSAGE_STYLE = "color: #555; font-size: 14px; padding: 24px;"
ERROR_MESSAGE_STYLE = "color: #b00020; font-size: 14px; padding: 24px;"


class PdfPreview(QWidget):
    """Shows a PDF's pages one under the other, with page and zoom controls.

    Keys (while the focus is in the preview): Ctrl+PgUp / Ctrl+PgDown go to the previous or next
    page, Ctrl++ and Ctrl+- zoom, Ctrl+0 fits the page's width; PgUp, PgDown and the arrows
    scroll.
    """

    def __init__(self, name: str = "Letter preview", parent: QWidget | None = None):
        super().__init__(parent)
        self._data = QByteArray()
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(name)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        self.message = QLabel()
        self.message.setAccessibleName(f"{name}: message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        self.previous_button = QPushButton("◀ &Previous")
        self.previous_button.setAccessibleName("Previous page")
        self.previous_button.setToolTip("Previous page (Ctrl+PgUp)")
        self.next_button = QPushButton("Ne&xt ▶")
        self.next_button.setAccessibleName("Next page")
        self.next_button.setToolTip("Next page (Ctrl+PgDown)")
        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page number")
        self.page_label.setMinimumWidth(90)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for label, _how in ZOOMS:
            self.zoom.addItem(label)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom.currentIndexChanged.connect(self._zoom_chosen)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self._add_keys()
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(buddy_label("&Zoom", self.zoom))
        bar.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.clear()

    def _add_keys(self) -> None:
        keys = (
            ("Previous page", "Ctrl+PgUp", lambda: self.go_to_page(self.current_page() - 1)),
            ("Next page", "Ctrl+PgDown", lambda: self.go_to_page(self.current_page() + 1)),
            ("Zoom in", QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(+1)),
            ("Zoom out", QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
            ("Fit width", "Ctrl+0", lambda: self.zoom.setCurrentIndex(FIT_WIDTH)),
        )
        for text, key, slot in keys:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            # Only while the focus is in the preview: the dialogs around it have their own keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)

    # -- what is shown -------------------------------------------------------------------------

    def _drop_buffer(self) -> None:
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def set_pdf(self, data: bytes) -> bool:
        """Show ``data``; the page shown stays the same when it still exists (a new preview).

        Returns:
            Whether the PDF could be read (if not, a message says so in its place).
        """
        page = self.current_page() if self.has_pdf() else 0
        self.document.close()
        # The document reads from the buffer while it is open: keep both until the next load.
        self._data = QByteArray(bytes(data))
        self._drop_buffer()  # the last preview's buffer goes with its document
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self.show_message("This PDF could not be shown: the file is damaged.", error=True)
            return False
        self.stack.setCurrentIndex(VIEW_PAGE)
        self.go_to_page(min(page, self.page_count() - 1))
        self._update_controls()
        return True

    def clear(self, text: str = "No letter to show yet.") -> None:
        """Show no PDF, with ``text`` in the page's place."""
        self.show_message(text)

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` instead of the pages (why there is no preview, say)."""
        self.document.close()
        self._drop_buffer()
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_MESSAGE_STYLE if error else MESSAGE_STYLE)
        self.stack.setCurrentIndex(MESSAGE_PAGE)
        self._update_controls()

    def message_text(self) -> str:
        """The message shown instead of the pages ("" while pages are shown)."""
        return self.message.text() if self.stack.currentIndex() == MESSAGE_PAGE else ""

    def has_pdf(self) -> bool:
        return (
            self.stack.currentIndex() == VIEW_PAGE
            and self.document.status() == QPdfDocument.Status.Ready
        )

    def page_count(self) -> int:
        return self.document.pageCount() if self.has_pdf() else 0

    def current_page(self) -> int:
        """The page shown, counted from 0."""
        return self.view.pageNavigator().currentPage()

    # -- moving and zooming -------------------------------------------------------------------

    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (counted from 0) at its top; a page that does not exist is ignored."""
        if not 0 <= page < self.page_count():
            return
        self.view.pageNavigator().jump(page, QPointF())
        self._update_controls()

    def step_zoom(self, step: int) -> None:
        """One fixed percentage up or down from where the zoom is now."""
        factors = [how for _label, how in ZOOMS if isinstance(how, float)]
        current = self.view.zoomFactor()
        if step > 0:
            bigger = [f for f in factors if f > current + 1e-6]
            target = bigger[0] if bigger else factors[-1]
        else:
            smaller = [f for f in factors if f < current - 1e-6]
            target = smaller[-1] if smaller else factors[0]
        self.zoom.setCurrentIndex(next(i for i, (_l, f) in enumerate(ZOOMS) if f == target))

    def _zoom_chosen(self, index: int) -> None:
        how = ZOOMS[index][1]
        if isinstance(how, float):
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(how)
        else:
            self.view.setZoomMode(how)

    def _page_changed(self, _page: int) -> None:
        # The view's navigator may still say so while the preview is being destroyed, after
        # its document is gone (Qt 6.11): then there is nothing left to update.
        if shiboken6.isValid(self.document) and shiboken6.isValid(self.page_label):
            self._update_controls()

    def _update_controls(self) -> None:
        pages, page = self.page_count(), self.current_page()
        self.page_label.setText(f"Page {page + 1} of {pages}" if pages else "No pages")
        self.previous_button.setEnabled(pages > 0 and page > 0)
        self.next_button.setEnabled(pages > 0 and page < pages - 1)
        self.zoom.setEnabled(pages > 0)
