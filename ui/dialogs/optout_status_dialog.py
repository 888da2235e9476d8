"""Move an opt-out request to a new status: which one, the day it happened, and why.

The dialog reads what the clerk chose and hands it back through ``status_requested``; the
opener records it (and says no, through :meth:`OptOutStatusDialog.show_errors`, to a step back
without a reason or a day still to come).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from models.errors import FieldError
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.dialogs.base import ModelessDialog
from ui.forms import ERROR_STYLE, FieldSpec, FormPanel

#: Field names the models may use for the day of a change, all shown on the date field.
DATE_NAMES = ("on", "changed_on", "date", "day")


def _date_check(text: str) -> str | None:
    if not text.strip():
        return "Type the day it happened."
    try:
        parse_date(text)
    except DateParseError as exc:
        return str(exc)
    return None


class OptOutStatusDialog(ModelessDialog):
    """Ask for a request's next status.

    Args:
        title: What the request is ("Arlington County, VA — Stop using prints").
        current: The label of its status now.
        statuses: ``(code, label)`` of the statuses it may move to, in their usual order.
        today: The county's date today, offered as the day it happened.
        parent: The Qt parent.
    """

    #: The chosen status code, the day it happened, and the reason ("" when none is given).
    status_requested = Signal(str, object, str)

    def __init__(
        self,
        title: str,
        current: str,
        statuses: Sequence[tuple[str, str]],
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Change status — {title} — Detainer Desk")
        self.form = FormPanel(
            [
                FieldSpec("status", "New status", "choice", choices=statuses, required=True),
                FieldSpec(
                    "on",
                    "Date it happened",
                    placeholder=DATE_HINT,
                    required=True,
                    check=_date_check,
                ),
                FieldSpec(
                    "reason",
                    "Reason",
                    "multiline",
                    placeholder="Why; required when the request goes back a step",
                ),
            ]
        )
        self.form.set_values({"on": format_date(today)})
        heading = QLabel(f"{title}\nNow: {current}")
        heading.setStyleSheet("font-weight: 600;")
        heading.setWordWrap(True)
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Why the status was not changed")
        self.error_summary.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(
            "&Change status", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(bool(statuses))
        self.buttons.accepted.connect(self.request_change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.error_summary)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.form.widget("status").setFocus()

    def request_change(self) -> None:
        """Hand back the choice, or show why the date cannot be read."""
        self.error_summary.hide()
        self.form.clear_errors()
        status = self.form.value("status")
        if not status or not self.form.check_field("on"):
            return
        on = parse_date(self.form.value("on"))
        self.status_requested.emit(status, on, self.form.value("reason").strip())

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message beside its field where there is one, and all of them on top."""
        for error in errors:
            key = "on" if error.field in DATE_NAMES else error.field
            if key in self.form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                self.form.set_error(key, error.message)
        lines = [error.message for error in errors]
        self.error_summary.setText("Not changed:\n• " + "\n• ".join(lines))
        self.error_summary.show()
