"""The error report of an import: one CSV line per problem, for the clerk to fix the file.

UTF-8 with a byte-order mark (so Excel shows accented names correctly), header
``line,column,value,reason``, written to a temporary file beside the target and moved into place,
so a half-written report never stands in for a whole one.
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


def write_error_report(result: ImportResult, path: str | os.PathLike) -> Path:
    """Write one line per problem of ``result`` to ``path`` (replaced whole); return the path.

    Raises:
        ReportError: the folder does not exist or cannot be written; the message says that the
            import's result stands regardless.
    """
    path = Path(path)
    stands = (
        "the import itself was not affected"
        if result.dry_run or result.batch_id is None
        else f"the import itself stands (import {result.batch_id})"
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
                writer.writerow((p.line, p.column or "", p.value or "", p.reason))
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
