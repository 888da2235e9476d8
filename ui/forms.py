"""Form building blocks: labelled fields with inline error messages, and editable row tables.

A form is described by :class:`FieldSpec` rows and read back as plain values (text, a code, a
bool); turning those into records and checking them is the dialog's and the models' business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"

Choices = Sequence[tuple[str | None, str]]


def select_code(combo: QComboBox, code) -> None:
    """Choose the item whose data is ``code``; a code no longer listed is added, not lost."""
    found = combo.findData(code)
    if found < 0 and code is not None:
        combo.addItem(str(code), code)
        found = combo.count() - 1
    combo.setCurrentIndex(max(found, 0))


@dataclass(frozen=True)
class FieldSpec:
    """One input: ``kind`` is text, multiline, choice, editable (a choice or new text) or check."""

    key: str
    label: str
    kind: str = "text"
    choices: Choices = ()
    placeholder: str = ""
    required: bool = False
    check: Callable[[str], str | None] | None = field(default=None, compare=False)


class FormPanel(QWidget):
    """Inputs laid out in a form, each with an error line that shows only when needed."""

    changed = Signal()

    def __init__(self, specs: Sequence[FieldSpec], parent: QWidget | None = None):
        super().__init__(parent)
        self._specs = {s.key: s for s in specs}
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in specs:
            widget = self._make(spec)
            widget.setAccessibleName(spec.label)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            error.setAccessibleName(f"{spec.label} error")
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(widget)
            col.addWidget(error)
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(widget)
            layout.addRow(label, box)
            self._widgets[spec.key] = widget
            self._errors[spec.key] = error

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "multiline":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(64)
            widget.setPlaceholderText(spec.placeholder)
            widget.textChanged.connect(self.changed)
        elif spec.kind == "choice":
            widget = QComboBox()
            for code, label in spec.choices:
                widget.addItem(label, code)
            widget.currentIndexChanged.connect(self.changed)
        elif spec.kind == "editable":
            widget = QComboBox()
            widget.setEditable(True)
            # Suggest known names in a list, never complete inside the text: a new facility
            # whose name begins like an old one must be typeable, and Enter adds nothing.
            widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            widget.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            widget.addItems([label for _code, label in spec.choices])
            widget.setCurrentIndex(-1)
            widget.currentTextChanged.connect(self.changed)
        elif spec.kind == "check":
            widget = QCheckBox()
            widget.toggled.connect(self.changed)
        else:
            widget = QLineEdit()
            widget.setPlaceholderText(spec.placeholder)
            widget.textChanged.connect(self.changed)
            if spec.check:
                widget.editingFinished.connect(lambda key=spec.key: self.check_field(key))
        return widget

    def set_choices(self, key: str, choices: Choices) -> None:
        """Replace an editable field's suggestions (the facilities known so far, say)."""
        widget = self._widgets[key]
        text = widget.currentText()
        widget.blockSignals(True)
        widget.clear()
        widget.addItems([label for _code, label in choices])
        widget.setCurrentText(text)
        widget.blockSignals(False)

    def label(self, key: str) -> str:
        return self._specs[key].label

    def widget(self, key: str) -> QWidget:
        return self._widgets[key]

    def keys(self) -> list[str]:
        return list(self._widgets)

    def value(self, key: str):
        widget = self._widgets[key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText() if widget.isEditable() else widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return widget.text()

    def values(self) -> dict:
        return {key: self.value(key) for key in self._widgets}

    def set_values(self, values: dict) -> None:
        for key, value in values.items():
            widget = self._widgets.get(key)
            if widget is None:
                continue
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QComboBox) and widget.isEditable():
                widget.setCurrentText(value or "")
            elif isinstance(widget, QComboBox):
                select_code(widget, value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.setText(value or "")
        self.clear_errors()

    def check_field(self, key: str) -> bool:
        """Run the field's own check (a date that is not a date, say) and show its message."""
        spec = self._specs[key]
        message = spec.check(self.value(key)) if spec.check else None
        self.set_error(key, message)
        return message is None

    def set_error(self, key: str, message: str | None) -> None:
        label, widget = self._errors[key], self._widgets[key]
        label.setText(message or "")
        label.setVisible(bool(message))
        widget.setStyleSheet(INVALID_STYLE if message else "")

    def error(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if not label.isHidden() else ""

    def clear_errors(self) -> None:
        for key in self._widgets:
            self.set_error(key, None)


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a :class:`RowTable`: free text, or a choice of ``(code, label)``."""

    key: str
    label: str
    choices: Choices | None = None
    width: int = 120


class RowTable(QWidget):
    """An editable table of child records (charges, matches) with Add and Remove buttons."""

    changed = Signal()

    def __init__(self, columns: Sequence[ColumnSpec], noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._columns = list(columns)
        self.table = QTableWidget(0, len(columns))
        self.table.setAccessibleName(f"{noun.capitalize()} table")
        self.table.setHorizontalHeaderLabels([c.label for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for i, column in enumerate(columns):
            self.table.setColumnWidth(i, column.width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemChanged.connect(self.changed)
        self.add_button = QPushButton(f"&Add {noun}")
        self.remove_button = QPushButton(f"&Remove {noun}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: dict | None = None) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for col, spec in enumerate(self._columns):
            value = values.get(spec.key)
            if spec.choices is not None:
                combo = QComboBox()
                combo.setAccessibleName(spec.label)
                for code, label in spec.choices:
                    combo.addItem(label, code)
                select_code(combo, value)
                combo.currentIndexChanged.connect(self.changed)
                self.table.setCellWidget(row, col, combo)
                self.table.setItem(row, col, QTableWidgetItem())
            else:
                self.table.setItem(row, col, QTableWidgetItem(value or ""))
        self.table.item(row, 0).setData(Qt.ItemDataRole.UserRole, values.get("id"))
        self.table.blockSignals(False)
        self.table.selectRow(row)
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def set_rows(self, rows: Sequence[dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for values in rows:
            self.add_row(values)
        self.table.clearSelection()

    def commit_editing(self) -> None:
        """Hand a cell still being typed in to the table (Ctrl+S must not lose those letters)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def drop_rows(self, blank: Callable[[dict], bool]) -> None:
        """Remove the rows for which ``blank(values)`` is true (added but never filled in)."""
        for row, values in reversed(list(enumerate(self.rows()))):
            if blank(values):
                self.table.removeRow(row)

    def rows(self) -> list[dict]:
        self.commit_editing()
        out = []
        for row in range(self.table.rowCount()):
            values = {"id": self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)}
            for col, spec in enumerate(self._columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    values[spec.key] = widget.currentData()
                else:
                    values[spec.key] = self.table.item(row, col).text()
            out.append(values)
        return out

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def set_cell(self, row: int, key: str, value) -> None:
        """Set one cell as a user would (tests and keyboard-free flows use this)."""
        col = next(i for i, c in enumerate(self._columns) if c.key == key)
        widget = self.table.cellWidget(row, col)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        else:
            self.table.item(row, col).setText(value)


def scrolled(widget: QWidget) -> QScrollArea:
    """The form at its natural height, top-aligned, scrolling when the window is small."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(widget)
    column.addStretch(1)
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    return area


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label whose mnemonic (``&Date``) moves the focus to ``widget``, paired for readers."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def list_view(
    model, name: str, widths: Sequence[int] = (), *, alternating: bool = True
) -> QTableView:
    """A read-only list of whole rows, one selected at a time, with fixed-height rows.

    Every list of the app (cases, clocks, detainers, letters, opt-outs) looks and moves alike.
    """
    view = QTableView()
    if model is not None:
        view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view
