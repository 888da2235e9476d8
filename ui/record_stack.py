"""Child records shown as a stack of small forms (one fingerprint match, usually, or a few).

A table cramps records with many fields; a form per record keeps every field readable and
labelled. The widget offers the same reading and writing calls as ``forms.RowTable``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.forms import FieldSpec, FormPanel


class RecordStack(QWidget):
    """Editable child records, each a titled form with its own Remove button."""

    changed = Signal()

    def __init__(
        self, specs: Callable[[], Sequence[FieldSpec]], noun: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._specs, self._noun = specs, noun
        self._panels: list[tuple[QGroupBox, FormPanel, list]] = []  # box, form, [record id]
        self._column = QVBoxLayout()
        self._column.addStretch(1)
        page = QWidget()
        page.setLayout(self._column)
        area = self._area = QScrollArea()
        area.setWidget(page)
        area.setWidgetResizable(True)
        self.add_button = QPushButton(f"&Add {noun}")
        self.add_button.clicked.connect(lambda: self.add_row())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        layout.addLayout(buttons)

    def add_row(self, values: dict | None = None) -> int:
        values = values or {}
        form = FormPanel(self._specs())
        form.set_values({k: v for k, v in values.items() if k != "id"})
        form.changed.connect(self.changed)
        box = QGroupBox()
        remove = QPushButton(f"Remove this {self._noun}")
        inner = QVBoxLayout(box)
        inner.addWidget(form)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(remove)
        inner.addLayout(row)
        entry = (box, form, [values.get("id")])
        remove.clicked.connect(lambda: self._remove(entry))
        self._panels.append(entry)
        self._column.insertWidget(self._column.count() - 1, box)
        self._retitle()
        self.changed.emit()
        return len(self._panels) - 1

    def _remove(self, entry) -> None:
        self._panels.remove(entry)
        entry[0].setParent(None)
        entry[0].deleteLater()
        self._retitle()
        self.changed.emit()

    def _retitle(self) -> None:
        for i, (box, _form, _id) in enumerate(self._panels, start=1):
            box.setTitle(f"{self._noun.capitalize()} {i}")

    def set_rows(self, rows: Sequence[dict]) -> None:
        for entry in list(self._panels):
            self._panels.remove(entry)
            entry[0].setParent(None)
            entry[0].deleteLater()
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[dict]:
        return [{"id": ident[0], **form.values()} for _box, form, ident in self._panels]

    def drop_rows(self, blank: Callable[[dict], bool]) -> None:
        for entry, values in list(zip(self._panels, self.rows(), strict=True)):
            if blank(values):
                self._remove(entry)

    def form(self, row: int) -> FormPanel:
        return self._panels[row][1]

    def forms(self) -> list[FormPanel]:
        return [form for _box, form, _id in self._panels]

    def set_cell(self, row: int, key: str, value) -> None:
        """Set one field of one record as a user would."""
        self.form(row).set_values({key: value})

    def select_row(self, row: int) -> None:
        """Bring a record with a problem into view, its first field focused."""
        if 0 <= row < len(self._panels):
            box, form, _id = self._panels[row]
            self._area.ensureWidgetVisible(box)
            form.widget(form.keys()[0]).setFocus()
