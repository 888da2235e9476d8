"""Checking a file before it is imported: what kind of file it is, its encoding and delimiter.

One pass over the file's bytes, in chunks (never the whole file in memory), works out its
size and SHA-256, refuses what is not a delimited text file or an Excel workbook, and settles
the text encoding: a byte-order mark means UTF-8 with BOM, else text that is valid UTF-8 all
the way through is UTF-8, else it is Windows-1252 (what Excel's plain "CSV" writes in the US).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from models.errors import DeskError

#: Codec → how a clerk knows it.
ENCODINGS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252",
}
#: Delimiter → its name.
DELIMITERS: dict[str, str] = {",": "Comma", "|": "Pipe", "\t": "Tab", ";": "Semicolon"}

BOM = codecs.BOM_UTF8
CHUNK = 1 << 20
SAMPLE = 1 << 16
SAMPLE_LINES = 50
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: A well-formed UTF-8 letter of two to four bytes (rare by chance in Windows-1252 text).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CP1252_UNDEFINED = re.compile(b"[\x81\x8d\x8f\x90\x9d]")
_SAVE_AS = "save it as .xlsx or CSV and import that"


class ImportFileError(DeskError):
    """A file cannot be imported as it is; the message names the file (and the line).

    Attributes:
        path: the file, when known.
        line: the 1-based line (or sheet row) the problem is on, when there is one.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        self.reason = message
        where = f"“{self.path.name}”" if self.path is not None else ""
        if line is not None:
            where = f"{where}, line {line}" if where else f"Line {line}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class FileFacts:
    """What one pass over a file's bytes found."""

    path: Path
    kind: str  # "csv" or "xlsx"
    size: int
    sha256: str
    encoding: str | None  # codec for "csv"; None for "xlsx"
    encoding_note: str  # how the encoding was chosen, in words


def examine(path: Path, encoding: str | None = None) -> FileFacts:
    """Hash the file, refuse what cannot be imported and settle the encoding.

    Args:
        path: the file.
        encoding: a codec from :data:`ENCODINGS` to use instead of detecting one.

    Raises:
        ImportFileError: a missing, empty, binary or old-Excel file, or text that is not in
            the encoding (the message names the line).
    """
    if encoding is not None and encoding not in ENCODINGS:
        known = ", ".join(ENCODINGS.values())
        raise ImportFileError(f"“{encoding}” is not an encoding this import reads ({known})")
    fh = _open(path)
    with fh:
        head = fh.read(SAMPLE)
        kind = _kind(path, head)
        digest = hashlib.sha256(head)
        if kind == "xlsx":
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                digest.update(chunk)
            return FileFacts(path, "xlsx", fh.tell(), digest.hexdigest(), None, "Excel workbook")
        fh.seek(0)
        return _scan_text(path, fh, encoding)


def _open(path: Path) -> BinaryIO:
    try:
        if path.is_dir():
            raise ImportFileError("is a folder, not a file; choose the export inside it", path=path)
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise ImportFileError(
            "was not found; check the folder and the file name", path=path
        ) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise ImportFileError(f"cannot be opened ({why})", path=path) from None


def _kind(path: Path, head: bytes) -> str:
    """The kind of file, "csv" or "xlsx"; refuses the file with the reason otherwise."""

    def refuse(message: str) -> ImportFileError:
        return ImportFileError(message, path=path)

    suffix = path.suffix.lower()
    if not head:
        raise refuse("is empty (0 bytes); export it again")
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(f"is an old Excel workbook (.xls); open it in Excel, {_SAVE_AS}")
    if head.startswith(b"SQLite format 3\x00"):
        raise refuse("is a SQLite database, not an export; export a CSV or Excel file from it")
    if head.startswith(b"PK\x03\x04") or suffix in XLSX_SUFFIXES:
        if _is_workbook(path):
            return "xlsx"
        if suffix in XLSX_SUFFIXES:
            raise refuse("is named like an Excel workbook but is not one (it may be damaged)")
        raise refuse("is a zip archive; unzip it and import the CSV or .xlsx file inside")
    if head.startswith(b"\x1f\x8b"):
        raise refuse("is compressed (gzip); unzip it and import the file inside")
    if head.startswith(b"%PDF"):
        raise refuse("is a PDF; ask for the data as CSV or Excel")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refuse("is saved as Unicode text (UTF-16); save it from Excel as “CSV UTF-8”")
    return "csv"


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "xl/workbook.xml" in names


def _scan_text(path: Path, fh: BinaryIO, override: str | None) -> FileFacts:
    """Read the whole file once: hash, NUL bytes, and whether it decodes."""
    digest = hashlib.sha256()
    has_bom = fh.read(len(BOM)) == BOM
    if not has_bom:
        fh.seek(0)
    else:
        digest.update(BOM)
    trial = "utf-8" if override in (None, "utf-8-sig") else override
    decoder = codecs.getincrementaldecoder(trial)()
    decodes = True
    failed_line = undefined_line = utf8_line = None
    lines_before = 1  # the line the next chunk starts on
    size = fh.tell()
    for chunk in iter(lambda: fh.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        if b"\x00" in chunk:
            line = lines_before + chunk[: chunk.index(b"\x00")].count(b"\n")
            raise ImportFileError(
                "holds binary data, so it is not a text export; export the data as CSV or .xlsx",
                path=path,
                line=line,
            )
        if decodes:
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                decodes = False
                failed_line = lines_before + chunk[: max(0, exc.start - pending)].count(b"\n")
        if undefined_line is None and (bad := _CP1252_UNDEFINED.search(chunk)):
            undefined_line = lines_before + chunk[: bad.start()].count(b"\n")
        if utf8_line is None and (multi := _UTF8_MULTIBYTE.search(chunk)):
            utf8_line = lines_before + chunk[: multi.start()].count(b"\n")
        lines_before += chunk.count(b"\n")
    if decodes:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            decodes, failed_line = False, lines_before
    if size == len(BOM) and has_bom:
        raise ImportFileError("is empty (only a byte-order mark); export it again", path=path)
    if not decodes and override is None and utf8_line is not None:
        # Read as Windows-1252, every accented letter of the UTF-8 lines would be garbled
        # ("José" as "JosÃ©"): a person has to say which encoding the file is in.
        raise ImportFileError(
            f"mixes two encodings: line {utf8_line} has UTF-8 letters but this line is not "
            "UTF-8 (perhaps pasted from another file); correct it, or choose the encoding to "
            "read the whole file in",
            path=path,
            line=failed_line,
        )
    encoding, note = _settle(path, override, has_bom, decodes, failed_line, undefined_line)
    return FileFacts(path, "csv", size, digest.hexdigest(), encoding, note)


def _settle(path, override, has_bom, decodes, failed_line, undefined_line) -> tuple[str, str]:
    if override is not None:
        if not decodes:
            raise ImportFileError(
                f"is not {ENCODINGS[override]} text (choose another encoding, or let the "
                "import detect it)",
                path=path,
                line=failed_line,
            )
        return override, f"{ENCODINGS[override]}, as chosen"
    if decodes:
        if has_bom:
            return "utf-8-sig", "UTF-8 with BOM: the file starts with a byte-order mark"
        return "utf-8", "UTF-8: every byte of the file is valid UTF-8"
    if undefined_line is not None:
        raise ImportFileError(
            "has bytes that are neither UTF-8 nor Windows-1252 text; the file may be damaged "
            "or in another encoding",
            path=path,
            line=undefined_line,
        )
    bom = " after a UTF-8 byte-order mark" if has_bom else ""
    return "cp1252", f"Windows-1252: line {failed_line} is not valid UTF-8{bom}"


def open_text(path: Path, encoding: str) -> TextIO:
    """The file as text lines, the byte-order mark skipped, line endings kept (for csv)."""
    raw = _open(path)
    if raw.read(len(BOM)) != BOM:
        raw.seek(0)
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    return io.TextIOWrapper(raw, encoding=codec, newline="")


def decode_error_line(path: Path, encoding: str) -> int:
    """The line of the first byte that is not text in ``encoding`` (1 if none is found)."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    with _open(path) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: max(0, exc.start - pending)].count(b"\n")
            line += chunk.count(b"\n")
    return line


def detect_delimiter(path: Path, encoding: str) -> tuple[str, str]:
    """The delimiter that splits the first lines most consistently, and why, in words.

    The winner is the candidate that gives the most lines the same number (two or more) of
    fields; ties go to more fields, then to the order of :data:`DELIMITERS`.
    """
    with open_text(path, encoding) as fh:
        text = fh.read(SAMPLE)
        more = bool(fh.read(1))
    lines = text.splitlines(keepends=True)
    if more and len(lines) > 1:
        lines.pop()  # cut short by the sample
    lines = lines[:SAMPLE_LINES]
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=candidate) if row)
        widths.pop(1, None)
        widths.pop(0, None)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (count, width)
        if score > best_score:
            best, best_score = candidate, score
    name = DELIMITERS[best]
    if best_score == (0, 0):
        return best, f"{name}: no delimiter found in the first lines (one column)"
    count, width = best_score
    return best, f"{name}: splits {count} of the first {len(lines)} lines into {width} fields"
