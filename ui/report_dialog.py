"""Print the Board of Supervisors report or the community-forum report, with a live preview.

:func:`open_board_report` opens the dialog modally for a period and filters (the Dashboard's)
and frees it when it is closed. The dialog holds no database handle: it is given a ``render``
function that prints the report for what the form says (:class:`ReportRequest`) and returns the
PDF's bytes; that function counts the figures of a period once
(:class:`models.reports.printer.ReportPrinter`), so changing the language, the report or the
staff cost only lays the PDF out again. The preview follows the form once the typing pauses
(a wait cursor while it is printed); a date or staff cost that is wrong is shown beside its
field and nothing is printed until it is put right. Save as PDF… and Print… use the same bytes
the preview shows.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError, ValidationError
from models.records import Staff
from models.reports.common import StaffCost, check_staff_cost, scope_text
from models.reports.printer import ReportPrinter
from models.stats.period import Filters, Period, check_period
from models.timeutil import DATE_HINT, DateParseError, county_today, format_date, parse_date
from ui import printing
from ui.forms import ERROR_STYLE, INVALID_STYLE, buddy_label
from ui.pdf_preview import PdfPreview

PREVIEW_DELAY_MS = 400
SAVE_FOLDER_SETTING = "reports/save_folder"
NOTE_STYLE = "color: #555;"
BOARD, FORUM = "board", "forum"
KINDS = ((BOARD, "Board of Supervisors report"), (FORUM, "Community forum (TRUTH Act)"))
#: The dialog's title, by the report chosen.
TITLES = {BOARD: "Report to the Board of Supervisors", FORUM: "TRUTH Act community forum report"}
LANGS = (("en", "English"), ("es", "Español"))


@dataclass(frozen=True)
class ReportRequest:
    """What the form asks for: which report, for which period, in which language."""

    kind: str
    period: Period
    lang: str
    staff_cost: StaffCost | None = None


def open_board_report(
    parent: QWidget | None, db, actor: Staff, tz: ZoneInfo, period: Period, filters: Filters
) -> None:
    """Open the report dialog for ``period`` and ``filters``; returns when it is closed.

    The dialog is freed once closed (its parent, the Dashboard, lives on).
    """
    printer = ReportPrinter(db, actor, filters, tz=tz)

    def render(request: ReportRequest) -> bytes:
        if request.kind == FORUM:
            rendered = printer.forum(request.period, lang=request.lang)
        else:
            rendered = printer.board(
                request.period, lang=request.lang, staff_cost=request.staff_cost
            )
        return rendered.data

    dialog = ReportDialog(render, period, filters, county_today(tz), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    show_modal(dialog)


def show_modal(dialog: QDialog) -> None:
    """Run ``dialog`` until it is closed (tests replace this)."""
    dialog.exec()


class ReportDialog(QDialog):
    """From/To, report kind, language, optional staff cost; a preview; Save as PDF…, Print…."""

    def __init__(
        self,
        render: Callable[[ReportRequest], bytes],
        period: Period,
        filters: Filters,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(TITLES[BOARD])
        self.setModal(True)
        self.resize(1100, 780)
        self._render, self.filters, self.today = render, filters, today
        self.pdf: bytes | None = None
        self.request: ReportRequest | None = None

        self.start_edit, self.start_error = self._date_field("From", period.start)
        self.end_edit, self.end_error = self._date_field("To", period.end)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Report")
        for code, label in KINDS:
            self.kind_combo.addItem(label, code)
        self.lang_combo = QComboBox()
        self.lang_combo.setAccessibleName("Language")
        for code, label in LANGS:
            self.lang_combo.addItem(label, code)
        self.hours_edit, self.hours_error = self._field("Staff hours per detainer", "e.g. 1.5")
        self.rate_edit, self.rate_error = self._field("Hourly staff cost", "e.g. 45.00")
        scope = scope_text(filters, "en")
        self.scope_label = QLabel(f"{scope[:1].upper()}{scope[1:]}.")
        self.scope_label.setWordWrap(True)
        self.scope_label.setAccessibleName("Arrests counted")

        self.preview = PdfPreview("Report preview")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setAccessibleName("Preview status")
        self.save_button = QPushButton("&Save as PDF…")
        self.print_button = QPushButton("&Print…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.save_button, self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_report)
        self._lay_out(buttons)

        self._timer = QTimer(self)  # owned by the dialog: it dies with it
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.start_edit, self.end_edit, self.hours_edit, self.rate_edit):
            edit.textChanged.connect(lambda _text: self.schedule())
        for combo in (self.kind_combo, self.lang_combo):
            combo.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self._kind_changed()
        self.refresh()

    # -- the form -------------------------------------------------------------------------------

    def _field(self, name: str, hint: str) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        edit.setAccessibleName(name)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAccessibleName(f"{name}: problem")
        error.hide()
        return edit, error

    def _date_field(self, name: str, value: date) -> tuple[QLineEdit, QLabel]:
        edit, error = self._field(name, DATE_HINT)
        edit.setText(format_date(value))
        return edit, error

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        form = QFormLayout()
        form.addRow(buddy_label("&Report:", self.kind_combo), self.kind_combo)
        form.addRow(
            buddy_label("&From:", self.start_edit), _column(self.start_edit, self.start_error)
        )
        form.addRow(buddy_label("&To:", self.end_edit), _column(self.end_edit, self.end_error))
        form.addRow(buddy_label("&Language:", self.lang_combo), self.lang_combo)
        form.addRow("Arrests counted:", self.scope_label)
        cost_note = QLabel(
            "Optional: an estimate of staff time spent on detainers (detainers × hours × cost). "
            "Leave both empty for none."
        )
        cost_note.setWordWrap(True)
        cost_note.setStyleSheet(NOTE_STYLE)
        form.addRow("", cost_note)
        form.addRow(buddy_label("Staff &hours per detainer:", self.hours_edit),
                    _column(self.hours_edit, self.hours_error))  # fmt: skip
        form.addRow(buddy_label("Hourly staff &cost ($):", self.rate_edit),
                    _column(self.rate_edit, self.rate_error))  # fmt: skip
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(form)
        left_column.addStretch(1)
        left.setMaximumWidth(380)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def lang(self) -> str:
        return str(self.lang_combo.currentData())

    def _kind_changed(self) -> None:
        board = self.kind() == BOARD
        self.setWindowTitle(TITLES[self.kind()])
        for widget in (self.hours_edit, self.rate_edit):
            widget.setEnabled(board)
        self.schedule()

    def read_form(self) -> ReportRequest | None:
        """The request the form makes, or None with each problem shown beside its field."""
        problems: dict[QLineEdit, str] = {}
        start = self._read_date(self.start_edit, problems)
        end = self._read_date(self.end_edit, problems)
        period = cost = None
        if not problems:
            try:
                period = check_period(start, end, self.today)
            except ValidationError as exc:
                for error in exc.errors:
                    edit = self.start_edit if error.field == "start" else self.end_edit
                    problems[edit] = error.message
        if self.kind() == BOARD:
            try:
                cost = check_staff_cost(self.hours_edit.text(), self.rate_edit.text())
            except ValidationError as exc:
                for error in exc.errors:
                    edit = self.hours_edit if error.field == "staff_hours" else self.rate_edit
                    problems[edit] = error.message
        pairs = (
            (self.start_edit, self.start_error),
            (self.end_edit, self.end_error),
            (self.hours_edit, self.hours_error),
            (self.rate_edit, self.rate_error),
        )
        for edit, label in pairs:
            message = problems.get(edit, "")
            label.setText(message)
            label.setVisible(bool(message))
            edit.setStyleSheet(INVALID_STYLE if message else "")
        if problems or period is None:
            return None
        return ReportRequest(self.kind(), period, self.lang(), cost)

    @staticmethod
    def _read_date(edit: QLineEdit, problems: dict) -> date | None:
        try:
            return parse_date(edit.text())
        except DateParseError as exc:
            problems[edit] = f"{exc}."
            return None

    # -- the preview ----------------------------------------------------------------------------

    def schedule(self) -> None:
        """Print the report again once the typing pauses."""
        self.status.setText("Updating the preview…")
        self._timer.start()

    def refresh(self) -> bool:
        """Print the report for the form as it reads now; False (with the reason shown) if not."""
        self._timer.stop()
        request = self.read_form()
        if request is None:
            return self._failed("Put the dates or the staff cost right (see beside each field).")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = self._render(request)
        except DeskError as exc:
            return self._failed(str(exc))
        except Exception as exc:  # a bug: say so in the dialog, keep the clerk's typing
            traceback.print_exc(file=sys.stderr)
            return self._failed(
                "The report could not be made because of a problem Detainer Desk did not "
                f"expect ({type(exc).__name__}: {exc}). Please tell IT."
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not self.preview.set_pdf(data):
            return self._failed("The report's PDF could not be shown.")
        self.pdf, self.request = data, request
        pages = self.preview.page_count()
        self.status.setText(
            f"{pages} page{'s' if pages != 1 else ''}, printed from the record as it is now."
        )
        self._set_ready(True)
        return True

    def _failed(self, message: str) -> bool:
        self.pdf = self.request = None
        self.preview.show_message(f"The report cannot be printed yet.\n\n{message}", error=True)
        self.status.setText(message)
        self._set_ready(False)
        return False

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def current_pdf(self) -> bytes | None:
        """The report for the form as it reads now (printed at once if the pause is not over)."""
        if self._timer.isActive() or self.pdf is None:
            self.refresh()
        return self.pdf

    def title(self) -> str:
        request = self.request
        if request is None:
            return "Report"
        name = dict(KINDS)[request.kind]
        return f"{name}, {format_date(request.period.start)} – {format_date(request.period.end)}"

    def file_name(self) -> str:
        request = self.request
        if request is None:
            return "report.pdf"
        kind = "board-report" if request.kind == BOARD else "community-forum-report"
        return (
            f"{kind}-{request.period.start.isoformat()}-{request.period.end.isoformat()}"
            f"-{request.lang}.pdf"
        )

    def save_as(self):
        """Save the report as previewed where the clerk chooses; the file written, or None."""
        data = self.current_pdf()
        if data is None:
            return None
        saved = printing.save_pdf_as(self, data, self.file_name(), SAVE_FOLDER_SETTING)
        if saved is not None:
            self.status.setText(f"Saved as {saved}.")
        return saved

    def print_report(self) -> bool:
        """Print the report as previewed through the system print dialog."""
        data = self.current_pdf()
        return data is not None and printing.print_pdf(self, data, self.title())


def _column(edit: QLineEdit, error: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(edit)
    column.addWidget(error)
    return box
