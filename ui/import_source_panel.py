"""The top of the Import window: which file, how to read it, and what was found out reading it.

The clerk chooses a file (or drops one on the window); "Read as" offers the encoding, the
delimiter, the header's row and, for a workbook, the sheet. Each starts at what the reader
detected, and choosing another reads the file again that way. A line under them says, in
words, what was detected and what was repaired: banner lines skipped above the header, empty
or repeated column names renamed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.importing.reader import DELIMITERS, ENCODINGS, ReadOptions, SourceTable
from ui.forms import ERROR_STYLE

FILTERS = "Data files (*.csv *.txt *.psv *.tsv *.xlsx);;All files (*)"
SUFFIXES = (".csv", ".txt", ".psv", ".tsv", ".xlsx", ".xlsm", ".xls")
DETECT = "Detect"
NOTE_STYLE = "color: #444;"


def ask_open_path(parent: QWidget | None, start: str) -> str | None:
    """Ask which file to import; None if the clerk cancelled (tests replace this)."""
    path, _chosen = QFileDialog.getOpenFileName(parent, "Import which file?", start, FILTERS)
    return path or None


def describe(table: SourceTable) -> str:
    """What was detected and repaired reading ``table``, in sentences."""
    parts = []
    for key, how in table.detected.items():
        how = str(how).strip().rstrip(".")
        if not how:
            continue
        what, _sep, why = how.partition(": ")
        name = key.replace("_", " ").capitalize()
        parts.append(f"{name}: {what} — {why}." if why else f"{name}: {what}.")
    shown = [f"“{line}”" for line in table.banner if line.strip()]
    if shown:
        text = "; ".join(shown)
        text = text if len(text) <= 140 else text[:139] + "…"
        parts.append(f"Above the header: {text}" + ("" if text.endswith("…") else "."))
    if table.renamed:
        renamed = ", ".join(f"“{old}” → “{new}”" for old, new in table.renamed)
        parts.append(f"Column names repaired: {renamed}.")
    return " ".join(parts)


class SourcePanel(QWidget):
    """File chooser, "Read as" choices and the detection line.

    Signals:
        choose_requested(): Choose file… was pressed.
        options_changed(): the clerk chose another encoding, delimiter, header row or sheet.
    """

    choose_requested = Signal()
    options_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._header_chosen = self._sheet_chosen = False
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(
            "Choose a CSV, TXT, PSV, TSV or XLSX file, or drop one here"
        )
        self.path_edit.setAccessibleName("File to import")
        self.choose_button = QPushButton("Choose &file…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_requested)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName("Encoding")
        self.encoding.addItem(DETECT, None)
        for codec, label in ENCODINGS.items():
            self.encoding.addItem(label, codec)
        self.delimiter = QComboBox()
        self.delimiter.setAccessibleName("Delimiter")
        self.delimiter.addItem(DETECT, None)
        for mark, label in DELIMITERS.items():
            self.delimiter.addItem(label, mark)
        for box in (self.encoding, self.delimiter):  # "Detected: Semicolon" must fit
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.header_row = QSpinBox()
        self.header_row.setAccessibleName("Header row")
        self.header_row.setRange(0, 1000)
        self.header_row.setSpecialValueText(DETECT)
        self.header_row.setToolTip("The row the column names are on; lower it to Detect to find it")
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet.setMinimumContentsLength(12)
        self.detected = QLabel()
        self.detected.setWordWrap(True)
        self.detected.setAccessibleName("What was detected")

        file_row = QHBoxLayout()
        file_label = QLabel("File:")
        file_label.setBuddy(self.choose_button)
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        read_row = QHBoxLayout()
        read_row.addWidget(QLabel("Read as:"))
        for text, widget in (
            ("&Encoding", self.encoding),
            ("&Delimiter", self.delimiter),
            ("Header &row", self.header_row),
            ("S&heet", self.sheet),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            read_row.addWidget(label)
            read_row.addWidget(widget)
            if widget is self.sheet:
                self.sheet_label = label
        read_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(file_row)
        layout.addLayout(read_row)
        layout.addWidget(self.detected)
        self.encoding.currentIndexChanged.connect(lambda _i: self.options_changed.emit())
        self.delimiter.currentIndexChanged.connect(lambda _i: self.options_changed.emit())
        self.header_row.valueChanged.connect(self._header_changed)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.set_sheets([])
        self.set_table(None)

    def options(self) -> ReadOptions:
        """The choices made by the clerk (None where the reader is to detect)."""
        header = self.header_row.value() or None
        sheet = self.sheet.currentData() if self.sheet.isEnabled() else None
        return ReadOptions(
            encoding=self.encoding.currentData(),
            delimiter=self.delimiter.currentData(),
            header_row=header if self._header_chosen else None,
            sheet=sheet if self._sheet_chosen else None,
        )

    def set_options(self, options: ReadOptions) -> None:
        """Show ``options`` as the clerk's choices (a profile's), without reading again."""
        widgets = (self.encoding, self.delimiter, self.header_row, self.sheet)
        for widget in widgets:
            widget.blockSignals(True)
        self.encoding.setCurrentIndex(max(self.encoding.findData(options.encoding), 0))
        self.delimiter.setCurrentIndex(max(self.delimiter.findData(options.delimiter), 0))
        self._header_chosen = options.header_row is not None
        self.header_row.setValue(options.header_row or 0)
        self._sheet_chosen = options.sheet is not None
        if options.sheet is not None:
            if self.sheet.findData(options.sheet) < 0:
                self.sheet.addItem(options.sheet, options.sheet)
            self.sheet.setCurrentIndex(self.sheet.findData(options.sheet))
        for widget in widgets:
            widget.blockSignals(False)

    def set_path(self, path: Path | None) -> None:
        self.path_edit.setText(str(path) if path else "")
        self._header_chosen = self._sheet_chosen = False

    def set_sheets(self, names: list[str]) -> None:
        """Offer the workbook's sheets (none: the file is not a workbook)."""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name in names:
            self.sheet.addItem(name, name)
        self.sheet.setEnabled(bool(names))
        self.sheet.setVisible(bool(names))  # a text file has no sheets: nothing to offer
        self.sheet_label.setVisible(bool(names))
        self.sheet.blockSignals(False)

    def set_table(self, table: SourceTable | None, error: str | None = None) -> None:
        """Show what reading the file found (or why it could not be read)."""
        for widget in (self.encoding, self.delimiter, self.header_row):
            widget.blockSignals(True)
        if table is None:
            self.detected.setText(error or "")
            self.detected.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        else:
            self.encoding.setItemText(
                0, f"Detected: {ENCODINGS.get(table.encoding, table.encoding)}"
            )
            delimiter = DELIMITERS.get(table.delimiter or "", "none")
            self.delimiter.setItemText(0, f"Detected: {delimiter}")
            if not self._header_chosen:
                self.header_row.setValue(table.header_row)
            self.detected.setText(describe(table))
            self.detected.setStyleSheet(NOTE_STYLE)
        is_text = not self.sheet.isEnabled() if table is None else table.kind != "xlsx"
        self.encoding.setEnabled(is_text)
        self.delimiter.setEnabled(is_text)
        if table is not None and table.kind == "xlsx" and table.sheet:
            self.sheet.blockSignals(True)
            self.sheet.setCurrentIndex(max(self.sheet.findData(table.sheet), 0))
            self.sheet.blockSignals(False)
        for widget in (self.encoding, self.delimiter, self.header_row):
            widget.blockSignals(False)

    def _header_changed(self, value: int) -> None:
        self._header_chosen = value > 0  # lowered to Detect: found again
        self.options_changed.emit()

    def _sheet_changed(self, _at: int) -> None:
        self._sheet_chosen = True
        self.options_changed.emit()
