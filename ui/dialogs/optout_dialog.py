"""The opt-out request editor: the jurisdiction, what it asks, the Board resolution, the dates.

The dialog takes an :class:`OptOutRequest` and hands back, through ``save_requested``, the
request as typed with the name of whom it is addressed to (the opener turns that name into a
contact). It holds no database handle. Its status moves through its own dialog
(:mod:`ui.dialogs.optout_status_dialog`), never through Save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMenuBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import FieldError
from models.records import OptOutRequest
from models.timeutil import DATE_HINT, DateParseError, format_date, parse_date
from ui.dialogs.base import EditorDialog
from ui.forms import ERROR_STYLE, FieldSpec, FormPanel, scrolled

DATE_FIELDS = ("resolution_date", "activation_date", "follow_up_due_date")
TEXT_FIELDS = ("jurisdiction", "resolution_number", "resolution_vote", "summary", "notes")


def _date_check(text: str) -> str | None:
    try:
        parse_date(text)
    except DateParseError as exc:
        return str(exc)
    return None


def optout_specs(kinds: Sequence[tuple[str, str]], contacts: Sequence[str]) -> list[FieldSpec]:
    """The editor's fields; ``kinds`` are ``(code, label)``, ``contacts`` names to suggest."""

    def date_spec(key: str, label: str) -> FieldSpec:
        return FieldSpec(key, label, placeholder=DATE_HINT, check=_date_check)

    return [
        FieldSpec(
            "jurisdiction", "Jurisdiction", placeholder="e.g. Arlington County, VA", required=True
        ),
        FieldSpec(
            "request_kind",
            "What is requested",
            "choice",
            choices=[(None, ""), *kinds],
            required=True,
        ),
        FieldSpec("resolution_number", "Board resolution number"),
        date_spec("resolution_date", "Resolution date"),
        FieldSpec("resolution_vote", "Vote", placeholder="e.g. 5-0"),
        FieldSpec(
            "addressed_to", "Addressed to", "editable", choices=[(None, name) for name in contacts]
        ),
        date_spec("activation_date", "Program activated in the jurisdiction"),
        date_spec("follow_up_due_date", "Follow up by"),
        FieldSpec("summary", "Summary", "multiline"),
        FieldSpec("notes", "Notes and sources", "multiline"),
    ]


def request_to_values(request: OptOutRequest, addressed_to: str) -> dict:
    values = {key: getattr(request, key) or "" for key in TEXT_FIELDS}
    values.update({key: format_date(getattr(request, key)) for key in DATE_FIELDS})
    values["request_kind"] = request.request_kind or None
    values["addressed_to"] = addressed_to
    return values


def values_to_request(
    request: OptOutRequest, values: dict
) -> tuple[OptOutRequest | None, list[FieldError]]:
    """The request as typed, or every date that cannot be read (tied to its field)."""
    errors, dates = [], {}
    for key in DATE_FIELDS:
        try:
            dates[key] = parse_date(values[key])
        except DateParseError as exc:
            errors.append(FieldError(key, str(exc)))
    if errors:
        return None, errors
    texts = {key: values[key].strip() or None for key in TEXT_FIELDS}
    texts["jurisdiction"] = texts["jurisdiction"] or ""  # the model says it is required
    return request.replace(**texts, **dates, request_kind=values["request_kind"] or ""), []


class OptOutDialog(EditorDialog):
    """Edit one opt-out request; emits what the clerk typed, the opener saves it.

    Args:
        request: The request to show (``id=None`` for a new one).
        kinds: ``(code, label)`` of what a request can ask for.
        contacts: Names to suggest for "Addressed to" (a new name becomes a contact).
        addressed_to: The name of whom the stored request is addressed to.
        status_label: The request's current status, shown in the title line.
        parent: The Qt parent.
    """

    record_name = "This opt-out request"

    #: The request as typed, and the name it is addressed to ("" for nobody).
    save_requested = Signal(object, str)
    #: A generated letter about this (saved) request.
    write_letter_requested = Signal()

    def __init__(
        self,
        request: OptOutRequest,
        kinds: Sequence[tuple[str, str]],
        contacts: Sequence[str] = (),
        addressed_to: str = "",
        status_label: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.resize(720, 640)
        self.form = FormPanel(optout_specs(kinds, contacts))
        self.form.widget("addressed_to").setMinimumWidth(360)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        self.buttons = self.save_close_buttons()
        self.write_letter_button = QPushButton("&Write letter…")
        self.write_letter_button.setAutoDefault(False)
        self.write_letter_button.clicked.connect(self.write_letter_requested)
        self.buttons.addButton(self.write_letter_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.error_summary)
        layout.addWidget(scrolled(self.form), 1)
        hint = QLabel(f"Dates are typed as {DATE_HINT}. Change the status from the Opt-outs list.")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        bar = QMenuBar(self)
        menu = bar.addMenu("&Request")
        self.save_action = self.menu_action(menu, "&Save", "Ctrl+S", self.request_save)
        self.menu_action(menu, "&Write letter…", "Ctrl+L", self.write_letter_button.click)
        self.menu_action(menu, "&Close", "Ctrl+W", self.close)
        layout.setMenuBar(bar)
        self.form.changed.connect(self._update_title)
        self.load(request, addressed_to, status_label)
        self.form.widget("jurisdiction").setFocus(Qt.FocusReason.OtherFocusReason)

    def load(self, request: OptOutRequest, addressed_to: str = "", status_label: str = "") -> None:
        """Show ``request`` (new or stored), clean."""
        self.request = request
        self.status_label = status_label
        self.form.set_values(request_to_values(request, addressed_to))
        self.write_letter_button.setEnabled(request.id is not None)
        self.error_summary.hide()
        self._loaded = self.form.values()
        self._update_title()

    def saved(self, request: OptOutRequest, addressed_to: str = "", status_label: str = "") -> None:
        """A save went through: show the stored request, now clean."""
        self.load(request, addressed_to, status_label)

    def status_changed(self, request: OptOutRequest, status_label: str) -> None:
        """The status moved (from the list): show it without losing what is being typed.

        Untouched, the editor simply shows the stored request. With changes typed, it takes the
        new version only if nothing but the status moved; if another desk also changed the
        details, it keeps the version it loaded, so saving is refused instead of silently
        putting the old details back over theirs.
        """
        if not self.is_dirty():
            self.load(request, self.form.values().get("addressed_to") or "", status_label)
            return
        only_status = (
            dataclasses.replace(
                request, status=self.request.status, row_version=self.request.row_version
            )
            == self.request
        )
        if only_status:
            self.request = request
        self.status_label = status_label
        self._update_title()

    def is_dirty(self) -> bool:
        return self.form.values() != self._loaded

    def draft(self) -> tuple[OptOutRequest | None, list[FieldError]]:
        return values_to_request(self.request, self.form.values())

    def request_save(self) -> None:
        self.error_summary.hide()
        self.form.clear_errors()
        request, errors = self.draft()
        if errors:
            self.show_errors(errors)
            return
        self.save_requested.emit(request, self.form.value("addressed_to").strip())

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message beside its field where there is one, and all of them on top."""
        for error in errors:
            if error.field in self.form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                self.form.set_error(error.field, error.message)
        lines = [error.message for error in errors]
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()

    def _update_title(self) -> None:
        name = self.form.value("jurisdiction").strip()
        text = "Opt-out request" + (f" — {name}" if name else "")
        if self.request.id is None:
            text = "New " + text[0].lower() + text[1:]
        elif self.status_label:
            text += f" ({self.status_label})"
        dirty = hasattr(self, "_loaded") and self.is_dirty()
        self.title.setText(text + (" (unsaved changes)" if dirty else ""))
        self.setWindowTitle(("* " if dirty else "") + text + " — Detainer Desk")


def new_request() -> OptOutRequest:
    """A blank request: a draft, asking to stop using the county's prints (the usual ask)."""
    return OptOutRequest(id=None, jurisdiction="", request_kind="stop_using_prints")
