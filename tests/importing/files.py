"""Writers of the awkward files jails and FOIA offices send, for import tests (into tmp_path).

Every function takes the full path of the file to write and returns it, so a test reads::

    path = write_csv(tmp_path / "jail.csv", [["Name", "DOB"], ["Núñez", "3/4/1985"]],
                     encoding="cp1252", banner=["KING COUNTY JAIL EXPORT"])
"""

from __future__ import annotations

import codecs
import csv
import io
import sqlite3
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The real ICE FOIA release (read-only; never copy it into the project).
ICE_FILE = ROOT.parent / "shared" / "data" / "ice_cap_seattle_fy2017_arrests.psv"
ICE_COLUMNS = (
    "Event Number",
    "Area of Responsibility",
    "Apprehension Landmark",
    "Operation",
    "Processing Disposition",
    "Date of Birth",
    "Country of Citizenship",
    "Gender",
    "Arrest Method",
    "Arrest Date",
)
ICE_HEADER_ROW = 6
ICE_DATA_ROWS = 2656

BOM = codecs.BOM_UTF8


def csv_text(
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    banner: Iterable[str | Sequence[object]] = (),
    newline: str = "\r\n",
    quoting: int = csv.QUOTE_MINIMAL,
) -> str:
    """The text of a delimited file: banner lines first (a string is one cell), then the rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    for line in banner:
        writer.writerow([line] if isinstance(line, str) else line)
    writer.writerows(rows)
    return out.getvalue()


def write_csv(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
    banner: Iterable[str | Sequence[object]] = (),
    newline: str = "\r\n",
    quoting: int = csv.QUOTE_MINIMAL,
) -> Path:
    """Write rows as a delimited file.

    Args:
        path: the file to write.
        rows: the header row, then the data rows (cells are str()-ed; None is empty).
        encoding: "utf-8" or "cp1252" (Excel's plain "CSV"), or any Python codec.
        delimiter: "," "|" "\\t" ";".
        bom: start with the UTF-8 byte-order mark, whatever the encoding (Excel's "CSV UTF-8"
            with encoding "utf-8"; with "cp1252", a BOM in front of Windows-1252 text).
        banner: lines above the header (a string is written as one quoted-if-needed cell).
        newline: the line ending (Excel writes "\\r\\n").
        quoting: a csv.QUOTE_* constant.
    """
    cleaned = [["" if cell is None else str(cell) for cell in row] for row in rows]
    text = csv_text(cleaned, delimiter=delimiter, banner=banner, newline=newline, quoting=quoting)
    return write_bytes(path, (BOM if bom else b"") + text.encode(encoding))


def write_text(path: Path, text: str, *, encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write text exactly as given (for hand-made quirks: ragged rows, stray quotes)."""
    return write_bytes(path, (BOM if bom else b"") + text.encode(encoding))


def write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    banner: Iterable[str] = (),
    sheet: str = "Sheet1",
    other_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
    first: str | None = None,
) -> Path:
    """Write an Excel workbook with openpyxl (cells keep their Python types: datetime, float).

    Args:
        path: the file to write (.xlsx).
        rows: the header row, then the data rows; None leaves a cell empty.
        banner: lines above the header, each in column A.
        sheet: the name of the sheet holding the rows.
        other_sheets: more sheets, name → rows.
        first: the name of the sheet to put first (default: the rows' sheet).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for line in banner:
        worksheet.append([line])
    for row in rows:
        worksheet.append(list(row))
    for name, sheet_rows in (other_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    if first is not None:
        workbook.move_sheet(first, offset=-workbook.sheetnames.index(first))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_sqlite(path: Path) -> Path:
    """A small SQLite database (someone picks the desk's own file by mistake)."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (a, b)")
        db.execute("INSERT INTO t VALUES (1, 'x')")
    db.close()
    return Path(path)


def write_zip(path: Path, members: dict[str, bytes] | None = None) -> Path:
    """A zip archive that is not a workbook (a zipped CSV)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in (members or {"arrests.csv": b"a,b\r\n1,2\r\n"}).items():
            archive.writestr(name, data)
    return Path(path)


def write_xls(path: Path) -> Path:
    """The start of an old Excel (.xls, OLE2 compound file) workbook."""
    return write_bytes(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


def write_many_rows(path: Path, count: int, *, columns: int = 10, delimiter: str = ",") -> Path:
    """A large plain CSV: header ``Col 1``… then ``count`` rows of distinct values, streamed."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([f"Col {i}" for i in range(1, columns + 1)])
        day = datetime(2017, 1, 1)
        for n in range(count):
            row = [f"BK{n:08d}", "NÚÑEZ", f"{day.month}/{1 + n % 28}/2017"]
            row += [f"v{n}-{c}" for c in range(3, columns)]
            writer.writerow(row[:columns])
    return path
