"""Opening a file to import: finds its header row and streams its data rows as text cells.

:func:`open_table` works out how to read a delimited text file or an Excel workbook (encoding,
delimiter, the header row below any banner lines, the column names, repaired so they are unique
and never empty) without loading the file; :meth:`SourceTable.rows` then reads it from disk on
every call, one row at a time, so a file of a million rows costs no more memory than one row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from models.importing import sniff, xlsx
from models.importing.sniff import DELIMITERS, ENCODINGS, ImportFileError

__all__ = [
    "DELIMITERS",
    "ENCODINGS",
    "ImportFileError",
    "ReadOptions",
    "SourceRow",
    "SourceTable",
    "open_table",
]

#: Rows looked at to find the header (and to see whether unnamed last columns hold data).
HEAD_ROWS = 50
_DELIMITER_WORDS = {"comma": ",", "pipe": "|", "tab": "\t", "\\t": "\t", "semicolon": ";"}
_DATA_LIKE = re.compile(
    r"^[-+$(]?[\d.,:/ -]*\d[\d.,:/ -]*\)?%?(?:\s*[AaPp]\.?[Mm]\.?)?$"
    r"|^\d{1,2}[- ]?[A-Za-z]{3}[- ]?\d{2,4}$",
    re.ASCII,
)


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file; None everywhere means work it out from the file."""

    encoding: str | None = None  # None = detect; else a codec of ENCODINGS
    delimiter: str | None = None  # None = detect among DELIMITERS
    header_row: int | None = None  # 1-based line (sheet row) of the header; None = detect
    sheet: str | None = None  # xlsx only; None = the first sheet


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row of a file."""

    line: int  # where the row starts, 1-based, as a text editor (or Excel) numbers it
    cells: tuple[str, ...]  # exactly one stripped string per column, "" when empty or missing
    extra: tuple[str, ...] = ()  # the non-empty cells beyond the header's width


@dataclass(frozen=True)
class SourceTable:
    """A file opened for import: how it is read, its columns, and its rows on demand."""

    path: Path
    kind: str  # "csv" (any delimited text) or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", or "xlsx"
    delimiter: str | None  # None for xlsx
    sheet: str | None
    header_row: int  # 1-based
    banner: tuple[str, ...]  # the rows above the header, each as its cells joined by spaces
    columns: tuple[str, ...]  # header names as used: unique case-insensitively, never empty
    source_columns: tuple[str, ...]  # header names as in the file
    renamed: tuple[tuple[str, str], ...]  # (as in the file, as used) for every repaired name
    size: int
    sha256: str  # of the file's bytes
    detected: dict[str, str]  # how each choice was made, in words
    mtime_ns: int = 0  # when the file was last written, as it was opened (0: not known)

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header, read from disk on every call; blank rows skipped.

        Raises:
            ImportFileError: the file changed since it was opened, or a line cannot be read
                (not text in the table's encoding, an unclosed quote); the message names it.
        """
        try:
            stat = self.path.stat()
            now = stat.st_size, (stat.st_mtime_ns if self.mtime_ns else 0)
        except OSError:
            now = -1, 0
        if now != (self.size, self.mtime_ns):  # the batch must name the bytes it imported
            raise ImportFileError("has changed since it was opened; open it again", path=self.path)
        if self.kind == "xlsx":
            return self._sheet_rows()
        return self._text_rows()

    def preview(self, limit: int = 50) -> list[SourceRow]:
        """The first ``limit`` data rows."""
        rows = self.rows()
        try:
            return list(islice(rows, limit))
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    def _text_rows(self) -> Iterator[SourceRow]:
        width = len(self.columns)
        pad = [("",) * (width - n) for n in range(width + 1)]
        strip, make = str.strip, SourceRow
        end = 0
        with sniff.open_text(self.path, self.encoding) as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            try:
                while end < self.header_row:
                    if next(reader, None) is None:
                        return
                    end = reader.line_num
                for row in reader:
                    start, end = end + 1, reader.line_num
                    n = len(row)
                    if n == width:
                        cells = tuple(map(strip, row))
                        if any(cells):
                            yield make(start, cells)
                    elif n < width:
                        cells = tuple(map(strip, row)) + pad[n]
                        if any(cells):
                            yield make(start, cells)
                    else:
                        cells = tuple(map(strip, row[:width]))
                        extra = tuple(c for c in map(strip, row[width:]) if c)
                        if extra or any(cells):
                            yield make(start, cells, extra)
            except (UnicodeDecodeError, csv.Error) as exc:
                raise _read_failure(self.path, self.encoding, exc, end + 1) from None

    def _sheet_rows(self) -> Iterator[SourceRow]:
        width = len(self.columns)
        for number, values in xlsx.sheet_rows(self.path, self.sheet):
            if number <= self.header_row:
                continue
            cells, extra = _fit(values, width)
            if extra or any(cells):
                yield SourceRow(number, cells, extra)


def open_table(path: str | Path, options: ReadOptions = ReadOptions()) -> SourceTable:  # noqa: B008
    """Open a delimited text file or an .xlsx workbook for import, without reading it all in.

    Args:
        path: the file.
        options: choices that override detection (from an import profile or the clerk).

    Raises:
        ImportFileError: the file cannot be imported; the message says why in clerk words.
    """
    path = Path(path)
    if options.header_row is not None and options.header_row < 1:
        raise ImportFileError("the header row must be 1 or more", path=path)
    try:  # taken first: a change while the file is read for its hash shows as a change too
        mtime_ns = path.stat().st_mtime_ns
    except OSError:
        mtime_ns = 0  # examine says why it cannot be read
    facts = sniff.examine(path, options.encoding)
    detected: dict[str, str] = {"encoding": facts.encoding_note}
    if facts.kind == "xlsx":
        sheet = xlsx.sheet_title(path, options.sheet)
        detected["sheet"] = f"“{sheet}”, " + ("as chosen" if options.sheet else "the first sheet")
        records: Iterable[tuple[int, list[str]]] = xlsx.sheet_rows(path, sheet)
        encoding, delimiter = "xlsx", None
    else:
        sheet, encoding = None, facts.encoding or "utf-8"
        if options.delimiter is not None:
            delimiter = _chosen_delimiter(path, options.delimiter)
            detected["delimiter"] = f"{DELIMITERS.get(delimiter, repr(delimiter))}, as chosen"
        else:
            delimiter, detected["delimiter"] = sniff.detect_delimiter(path, encoding)
        records = _text_records(path, encoding, delimiter)
    header_row, header, banner, widths = _find_header(path, records, options.header_row)
    word = "row" if facts.kind == "xlsx" else "line"
    detected["header_row"] = (
        f"{word} {header_row}, as chosen"
        if options.header_row
        else f"{word} {header_row}: the first row that reads as column names"
        + (
            f" ({len(banner)} {'row' if len(banner) == 1 else 'rows'} above it skipped)"
            if banner
            else ""
        )
    )
    source = _fit_header(header, widths, grow=facts.kind == "xlsx")
    columns, renamed = repair_columns(source)
    return SourceTable(
        path=path,
        kind=facts.kind,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        header_row=header_row,
        banner=tuple(banner),
        columns=columns,
        source_columns=tuple(source),
        renamed=renamed,
        size=facts.size,
        sha256=facts.sha256,
        detected=detected,
        mtime_ns=mtime_ns,
    )


def repair_columns(source: Iterable[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Header names made usable: whitespace collapsed, empty ones named, repeats numbered.

    Names that are equal ignoring case (``Where?`` and ``WHere?``) would collide in SQLite, so
    the second becomes ``WHere? (2)``; an empty name in the third column becomes ``Column 3``.

    Returns:
        The names as used, and (as in the file, as used) for every name that changed.
    """
    seen: set[str] = set()
    columns, renamed = [], []
    for position, raw in enumerate(source, 1):
        base = " ".join(raw.split()) or f"Column {position}"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        columns.append(name)
        if name != raw:
            renamed.append((raw, name))
    return tuple(columns), tuple(renamed)


def _chosen_delimiter(path: Path, text: str) -> str:
    delimiter = _DELIMITER_WORDS.get(text.strip().casefold(), text)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        names = ", ".join(f"{name} ({d!r})" for d, name in DELIMITERS.items())
        raise ImportFileError(f"“{text}” cannot be a delimiter; use one of {names}", path=path)
    return delimiter


def _text_records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Every record of a text file as (line it starts on, raw cells), blank ones included."""
    end = 0
    with sniff.open_text(path, encoding) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for row in reader:
                start, end = end + 1, reader.line_num
                yield start, row
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _read_failure(path, encoding, exc, end + 1) from None


def _read_failure(path: Path, encoding: str, exc: Exception, line: int) -> ImportFileError:
    if isinstance(exc, UnicodeDecodeError):
        line = sniff.decode_error_line(path, encoding)
        return ImportFileError(f"is not {ENCODINGS[encoding]} text", path=path, line=line)
    if "field larger than field limit" in str(exc):
        reason = (
            f"a value runs on for more than {csv.field_size_limit():,} characters, usually "
            'because a quote (") is never closed; fix the quote and import again'
        )
    else:
        reason = f"cannot be read as delimited text ({exc})"
    return ImportFileError(reason, path=path, line=line)


def _find_header(
    path: Path, records: Iterable[tuple[int, list[str]]], wanted: int | None
) -> tuple[int, list[str], list[str], list[int]]:
    """(header line, header cells, banner lines, widths of the data rows that follow it)."""
    rows = iter(records)
    try:
        head = list(islice(rows, HEAD_ROWS))
        index = _header_index(path, head) if wanted is None else None
        if wanted is not None:
            while head and head[-1][0] < wanted:
                more = list(islice(rows, HEAD_ROWS))
                if not more:
                    break
                head.extend(more)
            index = next((i for i, (line, _) in enumerate(head) if line >= wanted), None)
            if index is None:
                raise ImportFileError(f"has no row {wanted} to use as the header", path=path)
            if head[index][0] != wanted:
                start = head[index - 1][0]
                raise ImportFileError(
                    f"is inside a quoted value that starts on line {start}; choose another "
                    "header row",
                    path=path,
                    line=wanted,
                )
            if not any(cell.strip() for cell in head[index][1]):
                raise ImportFileError(
                    "is empty; choose the row that holds the column names", path=path, line=wanted
                )
        after = head[index + 1 :]
        after.extend(islice(rows, max(0, HEAD_ROWS - len(after))))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    banner = [" ".join(c.strip() for c in row if c.strip()) for _, row in head[:index]]
    widths = [_filled_width(row) for _, row in after]
    return head[index][0], head[index][1], banner, widths


def _header_index(path: Path, head: list[tuple[int, list[str]]]) -> int:
    """The first row with enough names, and mostly not dates or numbers."""
    if not head:
        raise ImportFileError("has no rows", path=path)
    counts = [sum(1 for cell in row if cell.strip()) for _, row in head]
    widest = max(counts)
    for index, (_, row) in enumerate(head):
        filled = counts[index]
        if filled < 2 or filled < 0.6 * widest:
            continue
        data_like = sum(1 for cell in row if _DATA_LIKE.match(cell.strip()))
        if data_like * 2 < filled:
            return index
    raise ImportFileError(
        f"has no row of column names in its first {len(head)} rows (a header needs at least two "
        "names); choose the header row and the delimiter by hand",
        path=path,
    )


def _filled_width(row: list[str]) -> int:
    for position in range(len(row), 0, -1):
        if row[position - 1].strip():
            return position
    return 0


def _fit_header(header: list[str], widths: list[int], *, grow: bool) -> list[str]:
    """The header cut or grown to the columns the first data rows use.

    Unnamed columns at the right end are dropped unless those rows use them. A sheet does not
    store empty cells, so its header also grows (with unnamed columns) to the widest of those
    rows; a text file's delimiters say how wide its header is, and cells beyond it are extra.
    """
    keep = max([_filled_width(header), *widths])
    if keep < len(header):
        return header[: max(keep, 1)]
    if grow:
        return [*header, *[""] * (keep - len(header))]
    return list(header)


def _fit(values: list[str], width: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Cells padded or cut to ``width``, and the non-empty ones cut off."""
    if len(values) <= width:
        return tuple(values) + ("",) * (width - len(values)), ()
    return tuple(values[:width]), tuple(v for v in values[width:] if v)
