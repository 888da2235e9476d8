"""The middle of the Import window: the profile, what each column imports as, fixed values.

A profile is a saved mapping (the ICE release's comes with the app); "Guessed from the headers"
is the mapping worked out from the column names. The table says what each column imports as;
beside it, fixed values fill required fields the file has no column for (the agency's ORI for
a jail's own export, say), and a box keys rows by their content when the file has no booking
numbers. What still stops the import is listed in red under them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.importing.fields import FIELDS
from models.importing.mapping import Mapping
from models.importing.reader import ReadOptions
from ui.forms import ERROR_STYLE
from ui.import_mapping_model import (
    ASSIGN,
    COLUMN,
    FIRST_SAMPLE,
    SAMPLES,
    FieldDelegate,
    MappingModel,
    label_of,
)

GUESSED = "Guessed from the headers"
ROW_CONTENT = "row_content"
REJECT = "reject"
NAME_FIELDS = ("person.family_name", "person.full_name")
#: Fields a fixed value is usually given for when the file lacks them (the ICE release's too).
OFTEN_FIXED = (
    "booking.agency_ori",
    "booking.facility",
    "booking.arresting_agency",
    "booking.custody_status",
    "person.family_name",
)


def required_fields() -> list[str]:
    return [f.key for f in FIELDS if getattr(f, "required", False)]


class MappingPanel(QWidget):
    """Profile row, mapping table, fixed values, row-content key and the mapping's problems.

    Signals:
        changed(): what the mapping says changed (a column, a fixed value, the key, a profile).
        profile_chosen(object): a profile (its name) or None (guessed) was chosen.
        save_requested(), delete_requested(): the profile buttons.
    """

    changed = Signal()
    profile_chosen = Signal(object)
    save_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._constants: dict[str, str] = {}
        self._fixed_keys: tuple[str, ...] = ()
        self._fixed_edits: dict[str, QLineEdit] = {}
        self.profile = QComboBox()
        self.profile.setAccessibleName("Profile")
        self.profile.setMinimumContentsLength(28)
        self.profile.currentIndexChanged.connect(
            lambda _i: self.profile_chosen.emit(self.profile.currentData())
        )
        self.save_button = QPushButton("&Save profile…")
        self.delete_button = QPushButton("Dele&te profile")
        for button in (self.save_button, self.delete_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.model = MappingModel(self)
        self.model.mapping_changed.connect(self._mapping_changed)
        self.table = QTableView()
        self.table.setAccessibleName("What each column imports as")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(ASSIGN, FieldDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.model.modelReset.connect(self._open_editors)
        self.fixed_box = QGroupBox("Fixed values (for every row)")
        self.fixed_form = QFormLayout(self.fixed_box)
        self.add_fixed: QComboBox | None = None
        self.row_key = QCheckBox("No booking numbers in the file: key each row by its &content")
        self.row_key.setToolTip(
            "Each row becomes its own booking, numbered from its content (ROW-…), so importing "
            "the same file again changes nothing."
        )
        self.row_key.toggled.connect(lambda _on: self._refresh_fixed())
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setAccessibleName("Mapping problems")
        self.problems.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        profile_row = QHBoxLayout()
        profile_label = QLabel("&Profile:")
        profile_label.setBuddy(self.profile)
        profile_row.addWidget(profile_label)
        profile_row.addWidget(self.profile, 1)
        profile_row.addWidget(self.save_button)
        profile_row.addWidget(self.delete_button)
        side_box = QWidget()
        side_box.setMaximumWidth(400)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.fixed_box)
        side.addWidget(self.row_key)
        side.addWidget(self.problems, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 3)
        middle.addWidget(side_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(profile_row)
        layout.addLayout(middle, 1)
        self._refresh_fixed()

    # -- profiles --------------------------------------------------------------------------------

    def set_profiles(self, names: list[tuple[str, bool]], current: str | None) -> None:
        """Offer ``names`` ((name, shipped)) after the guessed mapping; choose ``current``."""
        self.profile.blockSignals(True)
        self.profile.clear()
        self.profile.addItem(GUESSED, None)
        for name, shipped in names:
            self.profile.addItem(f"{name} (comes with the app)" if shipped else name, name)
        self.profile.setCurrentIndex(max(self.profile.findData(current), 0))
        self.profile.blockSignals(False)

    def profile_name(self) -> str | None:
        return self.profile.currentData()

    def choose_profile(self, name: str | None) -> None:
        """Choose a profile as the clerk would (profile_chosen follows)."""
        self.profile.setCurrentIndex(max(self.profile.findData(name), 0))

    # -- the mapping -----------------------------------------------------------------------------

    def set_mapping(self, mapping: Mapping) -> None:
        """Show ``mapping`` (a profile's or the guessed one) on the file's columns."""
        self._constants = dict(mapping.constants)
        self.row_key.blockSignals(True)
        self.row_key.setChecked(mapping.key_fallback == ROW_CONTENT)
        self.row_key.blockSignals(False)
        self.model.set_assignments(dict(mapping.columns), mapping.notes_from)

    def mapping(self, read: ReadOptions) -> Mapping:
        """The mapping on screen, reading files with ``read``."""
        mapped = set(self.model.fields())
        constants = {
            k: v.strip() for k, v in self._constants.items() if v.strip() and k not in mapped
        }
        return Mapping(
            columns=self.model.fields(),
            constants=constants,
            notes_from=self.model.notes(),
            key_fallback=ROW_CONTENT if self.row_key.isChecked() else REJECT,
            read=read,
        )

    def set_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(f"• {p}" for p in problems))

    def combo(self, column: str) -> QComboBox:
        """The "Imports as" combo of ``column`` (what a clerk changes)."""
        return self.table.indexWidget(self.model.index(self.model.row_of(column), ASSIGN))

    def assign(self, column: str, value: str) -> None:
        self.model.assign(column, value)

    def fixed_edit(self, key: str) -> QLineEdit | None:
        return self._fixed_edits.get(key)

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COLUMN, min(self.table.columnWidth(COLUMN), 190))
        self.table.setColumnWidth(ASSIGN, 250)
        for col in range(FIRST_SAMPLE, FIRST_SAMPLE + SAMPLES):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 130))

    # -- inside ----------------------------------------------------------------------------------

    def _open_editors(self) -> None:
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, ASSIGN))
        self.fit_columns()

    def _mapping_changed(self) -> None:
        self._refresh_fixed()
        self.changed.emit()

    def _needed(self) -> tuple[str, ...]:
        """The fields offered a fixed value: required ones lacking a column, and those given one."""
        mapped = set(self.model.fields())
        keys = []
        for key in required_fields():
            if key in mapped:
                continue
            if key == "person.family_name" and "person.full_name" in mapped:
                continue
            if key == "booking.booking_number" and self.row_key.isChecked():
                continue
            keys.append(key)
        keys += [k for k in self._constants if k not in mapped]  # given one, or added (empty)
        return tuple(dict.fromkeys(keys))

    def _refresh_fixed(self) -> None:
        keys = self._needed()
        if keys != self._fixed_keys:
            self._rebuild_fixed(keys)
        self.changed.emit()

    def _rebuild_fixed(self, keys: tuple[str, ...]) -> None:
        while self.fixed_form.rowCount():
            self.fixed_form.removeRow(0)
        self._fixed_edits = {}
        self._fixed_keys = keys
        for key in keys:
            edit = QLineEdit(self._constants.get(key, ""))
            edit.setAccessibleName(f"Fixed value: {label_of(key)}")
            edit.setPlaceholderText("required: a column or a fixed value")
            if key not in required_fields():
                edit.setPlaceholderText("left empty: not imported")
            edit.textEdited.connect(lambda text, k=key: self._fixed_edited(k, text))
            label = QLabel(label_of(key).split(": ", 1)[-1] + ":")
            label.setToolTip(label_of(key))
            label.setBuddy(edit)
            self.fixed_form.addRow(label, edit)
            self._fixed_edits[key] = edit
        self.add_fixed = QComboBox()
        self.add_fixed.setAccessibleName("Add a fixed value for")
        self.add_fixed.addItem("Add a fixed value for…", None)
        offered = [f for f in FIELDS if f.key not in keys and f.key not in self.model.fields()]
        offered.sort(key=lambda f: (f.key not in OFTEN_FIXED, 0))
        for field in offered:
            self.add_fixed.addItem(label_of(field.key), field.key)
        self.add_fixed.activated.connect(self._add_fixed)
        self.fixed_form.addRow(self.add_fixed)
        if not keys:
            note = QLabel("Every required field has a column.")
            self.fixed_form.insertRow(0, note)

    def _fixed_edited(self, key: str, text: str) -> None:
        self._constants[key] = text
        self.changed.emit()

    def _add_fixed(self, _at: int) -> None:
        key = self.add_fixed.currentData()
        if not key:
            return
        self._constants.setdefault(key, "")
        self._rebuild_fixed(self._fixed_keys + (key,))
        edit = self._fixed_edits.get(key)
        if edit is not None:
            edit.setFocus()
