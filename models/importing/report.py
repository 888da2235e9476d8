"""The error report of an import: one CSV line per problem, for the clerk to fix the file.

UTF-8 with a byte-order mark (so Excel shows accented names correctly), header
``line,column,value,reason``, written to a temporary file beside the target and moved into place,
so a half-written report never stands in for a whole one.

A report never replaces the imported file itself, nor (unless the clerk chose it in a Save
dialog, which asked first) a file that is not an earlier error report. Cells are outside data:
text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is written
with an apostrophe before it, so opening the report in Excel runs nothing.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import DeskError

if TYPE_CHECKING:
    from models.importing.engine import ImportResult

HEADER = ("line", "column", "value", "reason")


class ReportError(DeskError):
    """The error report could not be written (the import itself stands)."""


def default_report_path(source: str | os.PathLike) -> Path:
    """``<stem>.errors.csv`` beside the imported file."""
    source = Path(source)
    return source.with_name(f"{source.stem}.errors.csv")


def is_error_report(path: str | os.PathLike) -> bool:
    """True when ``path`` is a file whose first line is an error report's header."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline(200)
    except (OSError, UnicodeDecodeError):
        return False
    return first.rstrip("\r\n") == ",".join(HEADER)


def safe_cell(text: str) -> str:
    """``text``, with an apostrophe first when a spreadsheet would read it as a formula."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


_FORMULA_STARTS = frozenset("=+-@\t\r")


def write_error_report(
    result: ImportResult,
    path: str | os.PathLike,
    *,
    source: str | os.PathLike | None = None,
    replace_any: bool = False,
) -> Path:
    """Write one line per problem of ``result`` to ``path`` (replaced whole); return the path.

    Args:
        result: the import's result.
        path: where to write.
        source: the imported file, which is never replaced.
        replace_any: replace whatever file ``path`` is (the clerk chose it and confirmed);
            otherwise only an earlier error report is replaced.

    Raises:
        ReportError: ``path`` is the imported file or a file that is not an error report, or
            the folder does not exist or cannot be written; the message says that the
            import's result stands regardless.
    """
    path = Path(path)
    stands = (
        "the import itself was not affected"
        if result.dry_run or result.batch_id is None
        else f"the import itself stands (import {result.batch_id})"
    )
    if source is not None and _same_file(path, Path(source)):
        raise ReportError(
            f"The error report would replace the imported file {path.name}; it was not written. "
            f"Choose another name; {stands}."
        )
    if path.exists() and not replace_any and not is_error_report(path):
        raise ReportError(
            f"{path} already exists and is not an error report; it was left as it is. "
            f"Choose another name; {stands}."
        )
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ReportError(
            f"The error report could not be written to {path.parent}: "
            f"{exc.strerror or exc}. Choose another folder; {stands}."
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            for p in result.problems:
                writer.writerow(
                    (
                        p.line,
                        safe_cell(p.column or ""),
                        safe_cell(p.value or ""),
                        safe_cell(p.reason),
                    )
                )
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ReportError(
            f"The error report could not be written to {path}: {exc.strerror or exc}. "
            f"Choose another place; {stands}."
        ) from exc
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
