"""Administrator settings: the letterhead every letter prints (office, signer, jail, logo).

The dialog takes an :class:`OfficeSettings` and hands back the settings as typed through
``save_requested``; it holds no database handle. A logo chosen from a file is read and checked
at once by :func:`models.letters.office.read_logo` (a file that is not a PNG or JPEG picture,
or too big, is refused beside the logo and nothing changes); it is stored only on Save.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenuBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.attachments import size_text
from models.errors import DeskError, FieldError
from models.letters.office import LETTERHEAD_KEYS, OfficeSettings, read_logo
from ui.dialogs.base import EditorDialog
from ui.forms import ERROR_STYLE, INVALID_STYLE, FieldSpec, FormPanel, scrolled

READ_ONLY_NOTE = "Only an administrator can change the letterhead; you can look at it."
THUMBNAIL = 96
LOGO = "logo"

SPECS = (
    FieldSpec("county_name", "County name", placeholder="County of Alder", required=True),
    FieldSpec(
        "office_name", "Office name", placeholder="Office of the County Counsel", required=True
    ),
    FieldSpec("office_address", "Office address", "multiline", placeholder="One line per line"),
    FieldSpec("office_phone", "Phone", placeholder="(555) 555-0100"),
    FieldSpec("office_email", "Email", placeholder="counsel@example.gov"),
    FieldSpec("signer_name", "Signer's name"),
    FieldSpec("signer_title", "Signer's title", placeholder="Deputy County Counsel"),
    FieldSpec("jail_name", "Jail name", placeholder="Main Jail Complex"),
    FieldSpec("jail_address", "Jail address", "multiline", placeholder="One line per line"),
    FieldSpec(
        "reference_prefix", "Reference prefix", placeholder="DD (1 to 8 letters, digits or -)"
    ),
)


def choose_logo_path(parent: QWidget | None) -> str | None:
    """Ask for the picture of the seal or logo (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the letterhead logo", "", "Pictures (*.png *.jpg *.jpeg);;All files (*)"
    )
    return path or None


class LetterheadDialog(EditorDialog):
    """The letterhead settings as a form, with the logo's thumbnail and its Choose/Remove."""

    record_name = "The letterhead"

    #: The settings as typed (an OfficeSettings).
    save_requested = Signal(object)

    def __init__(self, settings: OfficeSettings, can_edit: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Letterhead")
        self.resize(640, 720)
        self.can_edit = can_edit
        self.form = FormPanel(SPECS)
        for key in ("office_address", "jail_address"):
            self.form.widget(key).setFixedHeight(72)

        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(THUMBNAIL + 8, THUMBNAIL + 8)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumbnail.setAccessibleName("Logo")
        self.logo_info = QLabel()
        self.logo_info.setWordWrap(True)
        self.logo_info.setStyleSheet("color: #555;")
        self.choose_button = QPushButton("C&hoose…")
        self.remove_button = QPushButton("Re&move")
        for button, slot in (
            (self.choose_button, self.choose_logo),
            (self.remove_button, self.remove_logo),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, s=slot: s())
        self.logo_error = QLabel()
        self.logo_error.setStyleSheet(ERROR_STYLE)
        self.logo_error.setWordWrap(True)
        self.logo_error.setAccessibleName("Logo error")
        self.logo_error.hide()
        logo_box = QGroupBox("Seal or logo (PNG or JPEG, at most 2 MB)")
        logo_row = QHBoxLayout(logo_box)
        logo_row.addWidget(self.thumbnail)
        logo_side = QVBoxLayout()
        logo_side.addWidget(self.logo_info)
        logo_buttons = QHBoxLayout()
        logo_buttons.addWidget(self.choose_button)
        logo_buttons.addWidget(self.remove_button)
        logo_buttons.addStretch(1)
        logo_side.addLayout(logo_buttons)
        logo_side.addWidget(self.logo_error)
        logo_side.addStretch(1)
        logo_row.addLayout(logo_side, 1)

        self.note = QLabel(READ_ONLY_NOTE)
        self.note.setStyleSheet("color: #555;")
        self.error_summary = QLabel()
        self.error_summary.setStyleSheet(ERROR_STYLE)
        self.error_summary.setWordWrap(True)
        self.error_summary.setAccessibleName("Problems to fix before saving")
        self.error_summary.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What the last save did")
        self.buttons = self.save_close_buttons()
        self.save_button = self.buttons.button(self.buttons.StandardButton.Save)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        column.addWidget(logo_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.error_summary)
        layout.addWidget(scrolled(page), 1)
        hint = QLabel("Letters print these exactly as typed; * marks what every letter needs.")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        bar = QMenuBar(self)
        menu = bar.addMenu("&Letterhead")
        self.save_action = self.menu_action(menu, "&Save", "Ctrl+S", self.request_save)
        self.menu_action(menu, "&Close", "Ctrl+W", self.close)
        layout.setMenuBar(bar)
        self.form.changed.connect(self.status.clear)
        self.load(settings)

    def load(self, settings: OfficeSettings) -> None:
        """Show ``settings`` as stored, clean."""
        self.settings = settings
        self.form.set_values({key: getattr(settings, key) for key in LETTERHEAD_KEYS})
        self.logo = settings.logo
        self._show_logo()
        self._set_logo_error(None)
        self.error_summary.hide()
        self._loaded = self.settings_as_typed()
        self.note.setVisible(not self.can_edit)
        for key in self.form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
            self.form.widget(key).setReadOnly(not self.can_edit)  # still selectable and copyable
        for widget in (self.save_button, self.save_action, self.choose_button):
            widget.setEnabled(self.can_edit)
        self.remove_button.setEnabled(self.can_edit and self.logo is not None)

    def saved(self, settings: OfficeSettings) -> None:
        """A save went through: show what is stored now, clean."""
        self.load(settings)
        self.status.setText("The letterhead is saved; letters made from now on print it.")

    def settings_as_typed(self) -> OfficeSettings:
        return OfficeSettings(**self.form.values(), logo=self.logo)

    def is_dirty(self) -> bool:
        return self.can_edit and self.settings_as_typed() != self._loaded

    def request_save(self) -> None:
        if not self.can_edit:
            return
        self.error_summary.hide()
        self.form.clear_errors()
        self._set_logo_error(None)
        self.save_requested.emit(self.settings_as_typed())

    # -- logo ------------------------------------------------------------------------------------

    def choose_logo(self) -> bool:
        """Ask for a picture and take it as the logo; a refused file shows why beside it."""
        if not self.can_edit or not (path := choose_logo_path(self)):
            return False
        try:
            content = read_logo(path)
        except DeskError as exc:
            errors = getattr(exc, "errors", ())
            self._set_logo_error("\n".join(e.message for e in errors) or str(exc))
            return False
        self.logo = content
        self._set_logo_error(None)
        self._show_logo()
        self.status.clear()
        return True

    def remove_logo(self) -> None:
        if self.can_edit:
            self.logo = None
            self._set_logo_error(None)
            self._show_logo()

    def _show_logo(self) -> None:
        self.remove_button.setEnabled(self.can_edit and self.logo is not None)
        if self.logo is None:
            self.thumbnail.clear()
            self.thumbnail.setText("No logo")
            self.logo_info.setText("Letters print the county and office names without a logo.")
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(self.logo):
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    THUMBNAIL,
                    THUMBNAIL,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.logo_info.setText(
                f"{pixmap.width()} × {pixmap.height()} pixels, {size_text(len(self.logo))}."
            )
        else:  # the PDF may still print it; only this desk cannot draw it
            self.thumbnail.clear()
            self.thumbnail.setText("Cannot show")
            self.logo_info.setText(f"{size_text(len(self.logo))}.")

    def _set_logo_error(self, message: str | None) -> None:
        self.logo_error.setText(message or "")
        self.logo_error.setVisible(bool(message))
        self.thumbnail.setStyleSheet(INVALID_STYLE if message else "")

    # -- refusals --------------------------------------------------------------------------------

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Each message beside its field (the logo's beside the logo), and all of them on top."""
        for error in errors:
            if error.field == LOGO:
                self._set_logo_error(error.message)
            elif error.field in self.form.keys():  # noqa: SIM118 (a FormPanel, not a dict)
                self.form.set_error(error.field, error.message)
        lines = [error.message for error in errors]
        self.error_summary.setText("Not saved. Please fix:\n• " + "\n• ".join(lines))
        self.error_summary.show()
