"""A generated letter: its stored PDF, what made it and who acted on it, and what can be done next.

The PDF shown, printed and saved is the one stored with the letter, byte for byte — never made
again. The dialog holds no database handle: it shows a :class:`DocumentFacts` and asks its
opener, through signals, to approve, issue, correct or discard the letter; the opener hands the
letter back as it then is through :meth:`DocumentDialog.load`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QMenuBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.errors import FieldError
from models.letters.content import Recipient
from models.letters.document_records import Document, DocumentStatus
from models.timeutil import format_date, format_local
from ui import message_boxes, printing
from ui.dialogs.base import ModelessDialog
from ui.dialogs.compose_form import SAVE_FOLDER_SETTING, language_name
from ui.forms import ERROR_STYLE
from ui.letters_table_model import STATUS_LABELS
from ui.pdf_preview import PdfPreview

FACTS = (
    ("reference", "Reference"),
    ("status", "Status"),
    ("letter", "Letter"),
    ("language", "Language"),
    ("about", "About"),
    ("to", "To"),
    ("copies", "Copies"),
    ("their_reference", "Their reference"),
    ("enclosures", "Enclosures"),
    ("generated", "Generated"),
    ("approved", "Approved"),
    ("issued", "Issued"),
    ("filed", "Filed as"),
    ("supersedes", "Supersedes"),
    ("superseded_by", "Superseded by"),
    ("pdf", "Stored PDF"),
)
NOT_YET = "Not yet"


@dataclass(frozen=True)
class DocumentFacts:
    """A letter and the names its numbers stand for.

    Attributes:
        document: The letter as stored.
        type_label: The name of its letter type ("Detainer declination letter to ICE").
        about_label: How the clerk knows the record it is about.
        names: Staff names by id (who generated, approved, issued it).
        references: Other letters' references by id (the one it supersedes or that corrects it).
    """

    document: Document
    type_label: str
    about_label: str
    names: Mapping[int, str] = field(default_factory=dict)
    references: Mapping[int, str] = field(default_factory=dict)


def recipient_text(recipient: Recipient) -> str:
    return "\n".join((recipient.name, *recipient.address_lines))


class DocumentDialog(ModelessDialog):
    """Show one generated letter; emits what the clerk asks to do with it."""

    approve_requested = Signal()
    issue_requested = Signal()
    correction_requested = Signal()
    discard_requested = Signal()
    #: Open the correspondence entry the issued letter was filed as (its id).
    open_filed_requested = Signal(int)

    def __init__(
        self,
        facts: DocumentFacts,
        pdf: bytes,
        tz: ZoneInfo,
        *,
        can_approve: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1240, 860)
        self.tz, self.can_approve = tz, can_approve
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Why the last step was refused")
        self.error_summary.hide()
        self.fields: dict[str, QLabel] = {}
        self.preview = PdfPreview("Stored letter")
        self._build(self._facts_box())
        self.load(facts, pdf)

    def _facts_box(self) -> QWidget:
        box = QGroupBox("This letter")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, text in FACTS:
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(text)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            form.addRow(text, label)
            self.fields[key] = label
        self.open_filed_button = QPushButton("Open the &filed letter")
        self.open_filed_button.clicked.connect(self._open_filed)
        form.addRow("", self.open_filed_button)
        return box

    def _build(self, facts: QWidget) -> None:
        # Not in a scroll area: wrapped labels there are cut to their first lines.
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(facts)
        column.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 810])
        self.approve_button = QPushButton("&Approve")
        self.issue_button = QPushButton("&Issue…")
        self.print_button = QPushButton("&Print…")
        self.save_as_button = QPushButton("Save PDF &as…")
        self.correct_button = QPushButton("Write &correction…")
        self.discard_button = QPushButton("&Discard draft…")
        self.buttons = self.close_buttons(
            self.approve_button,
            self.issue_button,
            self.print_button,
            self.save_as_button,
            self.correct_button,
            self.discard_button,
        )
        self.approve_button.clicked.connect(self.approve_requested)
        self.issue_button.clicked.connect(self.request_issue)
        self.print_button.clicked.connect(self.print_letter)
        self.save_as_button.clicked.connect(self.save_letter_as)
        self.correct_button.clicked.connect(self.correction_requested)
        self.discard_button.clicked.connect(self.request_discard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.error_summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        bar = QMenuBar(self)
        menu = bar.addMenu("&Letter")
        for text, keys, button in (
            ("&Approve", "Ctrl+Shift+A", self.approve_button),
            ("&Issue…", "Ctrl+Shift+I", self.issue_button),
            ("&Print…", "Ctrl+P", self.print_button),
            ("Save PDF &as…", "Ctrl+Shift+S", self.save_as_button),
            ("Write &correction…", "Ctrl+Shift+C", self.correct_button),
            ("&Discard draft…", "Ctrl+Shift+Del", self.discard_button),
        ):
            action = menu.addAction(text)
            action.setShortcut(keys)
            action.triggered.connect(lambda _c=False, b=button: b.isEnabled() and b.click())
            self.addAction(action)
            button.setToolTip(f"{text.replace('&', '')} ({keys})")
        menu.addSeparator()
        close = menu.addAction("&Close")
        close.setShortcut("Ctrl+W")
        close.triggered.connect(self.close)
        self.addAction(close)
        layout.setMenuBar(bar)

    # -- showing -------------------------------------------------------------------------------

    def load(self, facts: DocumentFacts, pdf: bytes) -> None:
        """Show ``facts`` and the letter's stored ``pdf``; the buttons follow its status."""
        self.facts, self.document, self.pdf = facts, facts.document, bytes(pdf)
        doc = self.document
        self.error_summary.hide()
        self.preview.set_pdf(self.pdf)
        status = doc.status
        texts = {
            "reference": doc.our_reference,
            "status": STATUS_LABELS.get(status, str(status)),
            "letter": f"{facts.type_label}\n(template {doc.template_code}, "
            f"version {doc.template_version})",
            "language": language_name(doc.language),
            "about": facts.about_label,
            "to": recipient_text(doc.addressee) if doc.addressee else "",
            "copies": "\n\n".join(recipient_text(r) for r in doc.recipients if r.role == "cc"),
            "their_reference": doc.their_reference,
            "enclosures": "\n".join(doc.enclosures),
            "generated": self._when(doc.generated_at, doc.generated_by)
            + (f" (letter dated {format_date(doc.letter_date)})" if doc.letter_date else ""),
            "approved": self._when(doc.approved_at, doc.approved_by),
            "issued": self._when(doc.issued_at, doc.issued_by),
            "filed": f"Outgoing letter {doc.filed_as_id} in Correspondence"
            if doc.filed_as_id
            else "",
            "supersedes": self._reference(doc.supersedes_id),
            "superseded_by": self._reference(doc.superseded_by_id),
            "pdf": f"{doc.page_count} page{'s' if doc.page_count != 1 else ''}, "
            f"SHA-256 {doc.sha256[:16]}…",
        }
        for key, text in texts.items():
            label = self.fields[key]
            label.setText(text)
            # Rows that say nothing are left out, except the steps still to come.
            shown = bool(text) or key in ("approved", "issued")
            label.setVisible(shown)
            self._row_label(label).setVisible(shown)
        self.fields["pdf"].setToolTip(f"SHA-256 of the stored PDF: {doc.sha256}")
        self.open_filed_button.setVisible(doc.filed_as_id is not None)
        self._update_buttons()
        self._update_title()

    def _row_label(self, field_label: QLabel) -> QWidget:
        form = field_label.parentWidget().layout()
        return form.labelForField(field_label)

    def _when(self, at, staff_id: int | None) -> str:
        if at is None:
            return NOT_YET
        who = self.facts.names.get(staff_id, f"staff {staff_id}") if staff_id else ""
        return f"{format_local(at, self.tz)} by {who}" if who else format_local(at, self.tz)

    def _reference(self, document_id: int | None) -> str:
        if document_id is None:
            return ""
        return self.facts.references.get(document_id, f"letter {document_id}")

    def _update_buttons(self) -> None:
        status = self.document.status
        draft = status is DocumentStatus.DRAFT
        self.approve_button.setEnabled(self.can_approve and draft)
        if not self.can_approve:
            why = "Only an attorney, a supervisor or an administrator approves letters."
        elif not draft:
            why = "Only a draft is approved."
        else:
            why = "Approve the letter: it is printed again without the DRAFT watermark."
        self.approve_button.setToolTip(why)
        self.issue_button.setEnabled(status is DocumentStatus.APPROVED)
        self.issue_button.setToolTip(
            "Issue: lock the letter and file it as outgoing correspondence."
            if status is DocumentStatus.APPROVED
            else "A letter is issued once it is approved, and only once."
        )
        self.correct_button.setEnabled(status is DocumentStatus.ISSUED)
        self.discard_button.setEnabled(status in (DocumentStatus.DRAFT, DocumentStatus.APPROVED))

    def _update_title(self) -> None:
        doc = self.document
        status = STATUS_LABELS.get(doc.status, str(doc.status))
        text = f"{doc.our_reference} — {doc.title} ({status})"
        self.title.setText(text)
        self.setWindowTitle(f"{text} — Detainer Desk")

    # -- asking ----------------------------------------------------------------------------------

    def request_issue(self) -> None:
        """Ask first (an issued letter is locked for good), then ask the opener to issue it."""
        ref = self.document.our_reference
        if message_boxes.confirm(
            self,
            "Issue letter",
            f"Issue {ref}? It will be locked and filed as outgoing correspondence.",
            "Issue",
        ):
            self.issue_requested.emit()

    def request_discard(self) -> None:
        ref = self.document.our_reference
        if message_boxes.confirm(
            self,
            "Discard draft",
            f"Discard {ref}? The letter and its PDF are deleted; this cannot be undone.",
            "Discard",
        ):
            self.discard_requested.emit()

    def print_letter(self) -> bool:
        """Print the stored PDF through the system print dialog."""
        doc = self.document
        return printing.print_pdf(self, self.pdf, f"{doc.our_reference} {doc.title}")

    def save_letter_as(self):
        """Save the stored PDF, byte for byte, where the clerk chooses."""
        name = f"{self.document.our_reference} {self.document.title}.pdf"
        return printing.save_pdf_as(self, self.pdf, name, SAVE_FOLDER_SETTING)

    def _open_filed(self) -> None:
        if self.document.filed_as_id is not None:
            self.open_filed_requested.emit(self.document.filed_as_id)

    def show_errors(self, errors: list[FieldError]) -> None:
        """Why the last step was refused (nothing changed)."""
        lines = [error.message for error in errors]
        self.error_summary.setText("Nothing was changed:\n• " + "\n• ".join(lines))
        self.error_summary.show()
