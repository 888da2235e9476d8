"""The mapping table of the Import window: one row per column of the file, and what it imports as.

Each row shows the column's name as the file has it (repaired where it had to be), what the
column imports as and three sample values. What it imports as is a field of the record
(grouped Person, Booking, Charge, Match, Detainer), "Add to booking notes" or "Not imported".
A field comes from one column, so choosing it for a column takes it from any other; one column
may feed two fields (the ICE release's arrest date is both the booking and the release), which
its combo shows as one choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from models.importing.fields import FIELDS
from ui.flat_table_model import FlatTableModel

_Index = QModelIndex | QPersistentModelIndex

NOT_IMPORTED = ""
TO_NOTES = "@notes"
NOT_IMPORTED_LABEL = "Not imported"
TO_NOTES_LABEL = "Add to booking notes"
SAMPLES = 3
COLUMN, ASSIGN, FIRST_SAMPLE = 0, 1, 2
GROUP_ORDER = ("person", "booking", "charge", "match", "detainer")
GROUP_LABELS = {
    "person": "Person",
    "booking": "Booking",
    "charge": "Charge",
    "match": "Fingerprint match",
    "detainer": "Detainer",
}
LABELS = {f.key: f.label for f in FIELDS}


def field_group(field) -> str:
    """The group a field belongs to (``person``), from its key when the field does not say."""
    group = str(getattr(field, "group", "") or field.key.split(".", 1)[0]).lower()
    return group if group in GROUP_LABELS else field.key.split(".", 1)[0]


def label_of(value: str) -> str:
    """How an assignment reads: a field's label, several joined with “+”, or the two others."""
    if value == NOT_IMPORTED:
        return NOT_IMPORTED_LABEL
    if value == TO_NOTES:
        return TO_NOTES_LABEL
    keys = value.split("|")
    if len(keys) > 1:  # the group is the same, or said by the labels: keep it short
        return " + ".join(LABELS.get(k, k) for k in keys)
    return _field_label(keys[0])


def _field_label(key: str) -> str:
    group = GROUP_LABELS.get(key.split(".", 1)[0], key.split(".", 1)[0].title())
    return f"{group}: {LABELS.get(key, key)}"


class MappingModel(FlatTableModel):
    """Rows: the file's columns; the last column (what it imports as) is editable.

    Signals:
        mapping_changed(): a column was given another field (or none, or notes).
    """

    mapping_changed = Signal()
    # Each column's first different values, not a row of the file: the headers say so.
    headers = ("Column in the file", "Imports as", "Values in it", "", "")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()
        self._samples: list[tuple[str, ...]] = []
        self._fields: dict[str, str] = {}  # field -> column
        self._notes: list[str] = []

    # -- what the table shows -------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._columns)

    def set_source(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Show the file's ``columns`` with up to three non-empty samples each from ``rows``."""
        self.beginResetModel()
        self._columns = tuple(columns)
        self._samples = []
        for at in range(len(self._columns)):
            seen: list[str] = []
            for row in rows:
                value = row[at] if at < len(row) else ""
                if value and value not in seen:
                    seen.append(value)
                if len(seen) == SAMPLES:
                    break
            self._samples.append(tuple(seen) + ("",) * (SAMPLES - len(seen)))
        self._fields = {f: c for f, c in self._fields.items() if c in self._columns}
        self._notes = [c for c in self._notes if c in self._columns]
        self.endResetModel()

    def set_assignments(self, fields: dict[str, str], notes: Sequence[str]) -> None:
        """Assign the fields (field → column) and the columns that go to notes, all at once."""
        self.beginResetModel()
        self._fields = {f: c for f, c in fields.items() if c in self._columns}
        self._notes = [c for c in notes if c in self._columns]
        self.endResetModel()
        self.mapping_changed.emit()

    def fields(self) -> dict[str, str]:
        """Field → column, in the order of the file's columns."""
        order = {c: i for i, c in enumerate(self._columns)}
        return dict(sorted(self._fields.items(), key=lambda item: order[item[1]]))

    def notes(self) -> tuple[str, ...]:
        """The columns added to the booking's notes, in the file's order."""
        return tuple(c for c in self._columns if c in self._notes)

    def columns(self) -> tuple[str, ...]:
        return self._columns

    def assignment(self, row: int) -> str:
        """What the column of ``row`` imports as: ``person.sex``, ``a|b``, TO_NOTES or ""."""
        column = self._columns[row]
        if column in self._notes:
            return TO_NOTES
        keys = [f for f, c in self._fields.items() if c == column]
        return "|".join(sorted(keys, key=_field_order)) if keys else NOT_IMPORTED

    def row_of(self, column: str) -> int:
        return self._columns.index(column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COLUMN:
                return self._columns[row]
            if col == ASSIGN:
                return label_of(self.assignment(row))
            return self._samples[row][col - FIRST_SAMPLE]
        if role == Qt.ItemDataRole.EditRole and col == ASSIGN:
            return self.assignment(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == ASSIGN:
            return f"{self._columns[row]} imports as {label_of(self.assignment(row))}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == ASSIGN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != ASSIGN or role != Qt.ItemDataRole.EditRole:
            return False
        value = str(value or "")
        if value == self.assignment(index.row()):
            return False
        self.assign(self._columns[index.row()], value)
        return True

    def assign(self, column: str, value: str) -> None:
        """Make ``column`` import as ``value`` (a field key, ``a|b``, TO_NOTES or "")."""
        touched = {column}
        self._fields = {f: c for f, c in self._fields.items() if c != column}
        self._notes = [c for c in self._notes if c != column]
        if value == TO_NOTES:
            self._notes.append(column)
        elif value:
            for key in value.split("|"):
                if key in self._fields:  # a field comes from one column: take it from the other
                    touched.add(self._fields[key])
                self._fields[key] = column
        for name in touched:
            at = self.index(self.row_of(name), ASSIGN)
            self.dataChanged.emit(at, at)
        self.mapping_changed.emit()


def _field_order(key: str) -> int:
    keys = [f.key for f in FIELDS]
    return keys.index(key) if key in keys else len(keys)


def field_choices() -> list[tuple[str | None, str]]:
    """The combo's entries: (data, text); data None for a group's heading (not choosable)."""
    choices: list[tuple[str | None, str]] = [
        (NOT_IMPORTED, NOT_IMPORTED_LABEL),
        (TO_NOTES, TO_NOTES_LABEL),
    ]
    groups: dict[str, list] = {}
    for field in FIELDS:
        groups.setdefault(field_group(field), []).append(field)
    ordered = [g for g in GROUP_ORDER if g in groups] + [g for g in groups if g not in GROUP_ORDER]
    for group in ordered:
        choices.append((None, f"— {GROUP_LABELS.get(group, group.title())} —"))
        for field in groups[group]:
            mark = " *" if getattr(field, "required", False) else ""
            choices.append((field.key, f"{field.label}{mark}"))
    return choices


def fill_field_combo(combo: QComboBox, current: str = NOT_IMPORTED) -> None:
    """Fill ``combo`` with every field, group headings not selectable; choose ``current``."""
    combo.clear()
    for data, text in field_choices():
        combo.addItem(text, data)
        if data is None:
            item = combo.model().item(combo.count() - 1)  # type: ignore[attr-defined]
            item.setEnabled(False)
    for field in FIELDS:
        at = combo.findData(field.key)
        if at >= 0 and getattr(field, "help", ""):
            combo.setItemData(at, field.help, Qt.ItemDataRole.ToolTipRole)
    select_assignment(combo, current)


def select_assignment(combo: QComboBox, value: str) -> None:
    """Choose ``value`` in ``combo``; a several-field value gets an entry of its own at the top."""
    model = combo.model()
    if isinstance(model, QStandardItemModel) and combo.count() and "|" in str(combo.itemData(0)):
        combo.removeItem(0)  # the previous several-field entry
    found = combo.findData(value)
    if found < 0 and "|" in value:
        combo.insertItem(0, label_of(value), value)
        found = 0
    combo.setCurrentIndex(max(found, 0))


class FieldDelegate(QStyledItemDelegate):
    """A combo of the fields in the "Imports as" column, committed as soon as one is chosen."""

    def createEditor(self, parent: QWidget, _option, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setAccessibleName(f"{index.siblingAtColumn(COLUMN).data()} imports as")
        combo.setMaxVisibleItems(24)
        fill_field_combo(combo, str(index.data(Qt.ItemDataRole.EditRole) or ""))
        combo.currentIndexChanged.connect(lambda _at, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox) and editor.currentData() != value:
            editor.blockSignals(True)
            select_assignment(editor, value)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox) and editor.currentData() is not None:
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
