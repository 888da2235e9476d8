"""Write an export to CSV or Excel, atomically, and log it: the file and its row, or neither.

The file is written row by row to a short temporary name in the target folder
(``.export-<hex>.saving``, so a long file name still leaves room for it; CSV as UTF-8 with a
byte-order mark, so Excel on Windows reads accents right; Excel through openpyxl's write-only
mode, so a million rows never sit in memory), flushed to disk and hashed. Then, in one
transaction, the ``exports`` row is inserted with its audit rows, a file already at the target
is moved aside and the new one renamed into place. A folder that cannot be written, a full
disk, a cancel or a failed insert or commit leaves no new file, the earlier file where it was,
and no row; the clerk gets a message naming the file.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter
from sqlite_utils import Database

from models.errors import DeskError, StoreError, ValidationError
from models.export.columns import ExportSource, Sheet, headers, local_text, public_sheet
from models.files import check_writable_folder
from models.records import Staff
from models.settings import county_timezone
from models.store import describe_sqlite_error, write_transaction
from models.timeutil import to_db_instant, utc_now
from models.writes import insert_audited

#: File name endings and the format each means.
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
#: What can be exported (the ``what`` of the exports log).
WHATS = frozenset({"cases", "detainers", "correspondence", "optouts", "letters", "statistics"})
#: The most data rows an Excel worksheet holds (1,048,576 less the header row).
EXCEL_MAX_ROWS = 1_048_575
#: Rows between two progress reports (each one a chance to cancel).
PROGRESS_EVERY = 500
#: A text cell starting with one of these would run as a formula when a spreadsheet opens the
#: file ("CSV injection"); such text is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "you do not have permission to write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "a file cannot be created in that folder",
    errno.ENAMETOOLONG: "the file name or its folder's path is too long",
}
#: The longest file name (in bytes) where the system does not say.
_NAME_MAX = 255

Progress = Callable[[int, int | None], bool]


class ExportCancelled(Exception):
    """The clerk cancelled the export; no file and no exports row were written."""


@dataclass(frozen=True)
class ExportResult:
    """An export written and logged."""

    export_id: int
    path: Path
    format: str
    row_count: int
    sha256: str
    public_release: bool


def export_format(path: str | os.PathLike) -> str:
    """``csv`` or ``xlsx`` from the file name's ending.

    Raises:
        DeskError: any other ending.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"“{suffix}”" if suffix else "no ending"
        raise DeskError(
            f"Cannot export to {path}: the file name has {shown}; name a .csv file (CSV, opens "
            "in Excel) or an .xlsx file (Excel workbook). Nothing was exported."
        )
    return FORMATS[suffix]


def check_target(path: str | os.PathLike) -> Path:
    """The file to write, once its name and folder are found fit; else a DeskError."""
    target = Path(path).expanduser()
    try:
        _check_name_length(target)
        if target.is_dir():
            raise DeskError(f"Cannot export to {target}: that is a folder; give a file name.")
        export_format(target)
        folder = target.parent
        if not folder.is_dir():
            raise DeskError(
                f"Cannot export to {target}: the folder {folder} does not exist. "
                "Nothing was exported."
            )
        check_writable_folder(folder)
    except OSError as exc:
        raise DeskError(_cannot_write(target, exc)) from None
    return target


def _check_name_length(target: Path) -> None:
    """A DeskError when the file's name is longer than its folder's disk allows."""
    size = len(os.fsencode(target.name))
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):  # Windows, or a folder not there (said later)
        limit = _NAME_MAX
    if size > limit:
        raise DeskError(
            f"Cannot export to {target}: the file name is too long ({size} bytes; this disk "
            f"takes at most {limit}, and an accented letter takes two). Choose a shorter name. "
            "Nothing was exported."
        )


def run_export(
    db: Database,
    actor: Staff,
    source: ExportSource,
    path: str | os.PathLike,
    *,
    public_release: bool = False,
    tz: ZoneInfo | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write ``source`` to ``path`` (its ending decides the format) and log the export.

    Args:
        db: the database (the rows are read from it, the exports row written to it).
        actor: who exports.
        source: the list or figures, with the query that chose them.
        path: a ``.csv`` or ``.xlsx`` file; an existing file is replaced.
        public_release: leave out names, dates of birth and identifiers; dates to the month.
        tz: the county's zone (instants are written in county time).
        progress: told ``(rows written, rows expected)`` now and then; False cancels.
        now: when the export happens (for tests).

    Raises:
        DeskError: the name, the folder or the disk refused the file, or the database failed;
            nothing was written.
        ExportCancelled: ``progress`` said stop; nothing was written.
    """
    if source.what not in WHATS:
        raise ValueError(f"unknown export {source.what!r}")
    target = check_target(path)
    fmt = export_format(target)
    tz = tz or county_timezone(db)
    if source.in_zone is not None:
        source = source.in_zone(tz)
    sheets = source.sheets(fmt)
    if public_release:
        sheets = tuple(public_sheet(s, tz) for s in sheets)
    if fmt == "xlsx" and (source.total or 0) > EXCEL_MAX_ROWS and len(sheets) == 1:
        raise DeskError(_too_many(target, f"{source.total:,}"))
    tick = _ticker(progress, source.total)
    temporary = _aside(target, "saving")
    replaced: Path | None = None  # the earlier file at the target, moved aside meanwhile
    moved = committed = False
    try:
        with open_temporary(temporary) as out:
            if fmt == "csv":
                count = _write_csv(out, sheets, tz, tick)
            else:
                count = _write_xlsx(out, sheets, tz, tick, target)
            out.flush()
            os.fsync(out.fileno())
        digest = _sha256(temporary)
        tick(count, final=True)  # the last chance to cancel: nothing is logged yet
        row = {
            "at": to_db_instant(now or utc_now()),
            "staff_id": actor.id,
            "os_login": actor.os_login or "",
            "what": source.what,
            "filters": json.dumps(_filters(source, sheets), ensure_ascii=False),
            "public_release": int(public_release),
            "format": fmt,
            "row_count": count,
            "file_name": target.name,
            "sha256": digest,
        }
        with write_transaction(db):
            export_id = insert_audited(db, actor, "exports", row)
            if os.path.lexists(target):
                replaced = _aside(target, "replaced")
                os.replace(target, replaced)
            os.replace(temporary, target)
            moved = True
        committed = True
    except OSError as exc:
        raise DeskError(_cannot_write(target, exc)) from None
    except (sqlite3.IntegrityError, ValidationError) as exc:  # a constraint refused the row
        raise StoreError(
            f"Nothing was exported: the export log refused the entry for {target.name} "
            f"({_first_line(exc.__cause__ or exc)})."
        ) from None
    except sqlite3.Error as exc:
        raise StoreError(
            f"Nothing was exported: the database could not be read: {describe_sqlite_error(exc)}"
        ) from None
    finally:
        _clean_up(target, temporary, replaced, moved=moved, committed=committed)
    return ExportResult(export_id, target, fmt, count, digest, public_release)


def _aside(target: Path, ending: str) -> Path:
    """A short unused name beside ``target`` (a long target name leaves no room for more)."""
    return target.with_name(f".export-{secrets.token_hex(6)}.{ending}")


def _clean_up(
    target: Path, temporary: Path, replaced: Path | None, *, moved: bool, committed: bool
) -> None:
    """Leave the new file if the export committed, else the earlier one; never a stray file.

    Nothing here raises: a clean-up that fails must not hide why the export failed.
    """
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)
    if committed:
        if replaced is not None:
            with contextlib.suppress(OSError):
                replaced.unlink(missing_ok=True)
        return
    if moved:  # renamed, but the transaction did not commit: take the file back out
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
    if replaced is not None:  # and put back the file that was there before
        with contextlib.suppress(OSError):
            os.replace(replaced, target)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def open_temporary(path: Path) -> io.BufferedWriter:
    """Create the temporary file (never an existing one) to write the export into."""
    return open(path, "xb")  # noqa: SIM115 (the caller closes it)


def _ticker(progress: Progress | None, total: int | None):
    def tick(done: int, final: bool = False) -> None:
        due = final or done % PROGRESS_EVERY == 0
        if progress is not None and due and not progress(done, total):
            raise ExportCancelled(f"Cancelled after {done:,} rows; nothing was exported.")

    return tick


def _filters(source: ExportSource, sheets: Sequence[Sheet]) -> dict:
    """What the exports log keeps of the query, with the columns as written."""
    data = dict(source.filters)
    if len(sheets) == 1:
        data["columns"] = headers(sheets[0].columns)
    else:
        data["sheets"] = [{"name": s.name, "columns": headers(s.columns)} for s in sheets]
    return data


def _write_csv(out: io.BufferedWriter, sheets: Sequence[Sheet], tz: ZoneInfo, tick) -> int:
    (sheet,) = sheets
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow([_csv_text(h) for h in headers(sheet.columns)])
        count = 0
        tick(count)
        formula, cell = _FORMULA_START, _csv_cell
        for row in sheet.rows():
            # Plain text, the commonest cell, is written as it is without a call per cell.
            writer.writerow(
                [v if type(v) is str and not v.startswith(formula) else cell(v, tz) for v in row]
            )
            count += 1
            tick(count)
        text.flush()
        return count
    finally:
        text.detach()  # the caller closes the file itself


def _csv_cell(value, tz: ZoneInfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_text(value, tz)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _csv_text(value)
    return str(value)


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


_BOLD = Font(bold=True)


def _write_xlsx(out, sheets: Sequence[Sheet], tz: ZoneInfo, tick, target: Path) -> int:
    book = Workbook(write_only=True)
    count = 0
    try:
        tick(count)
        for sheet in sheets:
            ws = book.create_sheet(sheet.name)
            for n, column in enumerate(sheet.columns):
                letter = _column_letter(n)
                ws.column_dimensions[letter].width = min(max(len(column.header) + 2, 10), 40)
            ws.freeze_panes = "A2"
            ws.append([_xlsx_cell(ws, h, tz, bold=True) for h in headers(sheet.columns)])
            for n, row in enumerate(sheet.rows(), 1):
                if n > EXCEL_MAX_ROWS:  # the list grew past what a sheet holds while written
                    raise DeskError(_too_many(target, f"more than {EXCEL_MAX_ROWS:,}"))
                ws.append([_xlsx_cell(ws, v, tz) for v in row])
                count += 1
                tick(count)
        archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            ExcelWriter(book, archive).save()  # what Workbook.save does, on our file
        except BaseException:
            with contextlib.suppress(Exception):
                archive.close()  # now, while the file is open, not when collected
            raise
    except BaseException:
        _discard(book)
        raise
    return count


def _discard(book: Workbook) -> None:
    """Remove the sheets' temporary files openpyxl would otherwise keep until the app quits."""
    for ws in book.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()  # ends the sheet's rows while its file is still open
        with contextlib.suppress(Exception):
            writer.xf.close()  # ends the XML stream, closing its file
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


def _xlsx_cell(ws, value, tz: ZoneInfo, bold: bool = False):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value.astimezone(tz).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        if bold:
            cell.font = _BOLD
        return cell
    return value


def _column_letter(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _too_many(target: Path, rows: str) -> str:
    return (
        f"Cannot export to {target}: the list has {rows} rows; an Excel sheet holds at most "
        f"{EXCEL_MAX_ROWS:,}. Export it as a .csv file instead. Nothing was exported."
    )


def _cannot_write(target: Path, exc: OSError) -> str:
    reason = _REASONS.get(exc.errno, exc.strerror or str(exc))
    return f"Could not write {target}: {reason}. Nothing was exported."


def database_file(db: Database) -> Path:
    """The file ``db`` is open on (a worker thread opens its own connection to it)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file)
    raise DeskError("The database is not a file on disk.")
