"""Reading the rows of an Excel workbook (.xlsx) one at a time, as text like a CSV's cells.

The workbook is opened read-only (openpyxl streams the sheet's XML, so a large sheet is never
held in memory) and cell values become the text a clerk would see: dates as ``YYYY-MM-DD``
(with ``HH:MM:SS`` when the time is not midnight), whole numbers without ``.0``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from models.importing.sniff import ImportFileError


def cell_text(value: object) -> str:
    """The text of one cell value as openpyxl reads it (None is "")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def sheet_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    """Every row of a sheet as (row number, cells as text), empty rows included.

    Args:
        path: the workbook.
        sheet: the sheet's name; None for the first sheet.

    Raises:
        ImportFileError: the workbook cannot be read or has no such sheet.
    """
    workbook = _load(path)
    try:
        worksheet = pick_sheet(workbook, sheet, path)
        # A sheet's stated size can be far larger than its data (formatting down to row
        # 1,048,576): without it, rows end at their last cell and the sheet at its last row.
        worksheet.reset_dimensions()
        try:
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
                yield number, [cell_text(value) for value in values]
        except ImportFileError:
            raise
        except Exception:  # openpyxl raises many kinds on a damaged sheet
            raise ImportFileError(
                f"sheet “{worksheet.title}” cannot be read; the workbook may be damaged: open it "
                "in Excel and save it again",
                path=path,
            ) from None
    finally:
        workbook.close()


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's worksheets, in order (chart sheets, holding no rows, left out).

    Raises:
        ImportFileError: the file cannot be read as a workbook.
    """
    workbook = _load(path)
    try:
        return [worksheet.title for worksheet in workbook.worksheets]
    finally:
        workbook.close()


def sheet_title(path: Path, sheet: str | None) -> str:
    """The name of the sheet that ``sheet`` selects (the first one for None)."""
    workbook = _load(path)
    try:
        return pick_sheet(workbook, sheet, path).title
    finally:
        workbook.close()


def pick_sheet(workbook, sheet: str | None, path: Path):
    """The worksheet named ``sheet`` (case-insensitively), or the first one."""
    sheets = workbook.worksheets
    if not sheets:
        raise ImportFileError("has no worksheets", path=path)
    if sheet is None:
        return sheets[0]
    for candidate in sheets:
        if candidate.title.casefold() == sheet.strip().casefold():
            return candidate
    names = ", ".join(f"“{s.title}”" for s in sheets)
    raise ImportFileError(f"has no sheet “{sheet}” (its sheets: {names})", path=path)


def _load(path: Path):
    from openpyxl import load_workbook  # imported on first use: it takes a while to load

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # BadZipFile, KeyError, XML errors, InvalidFileException...
        raise ImportFileError(
            "cannot be read as an Excel workbook (it may be damaged or only named like one); "
            "open it in Excel and save it again as .xlsx or CSV",
            path=path,
        ) from None
