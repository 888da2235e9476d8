"""Export of every list and every table of figures to CSV or Excel, logged in ``exports``.

Qt-free. :mod:`columns` says what an export is made of (columns that know their kind, sheets
of rows made on demand) and what a public release leaves out; :mod:`cases`, :mod:`lists` and
:mod:`statistics` turn each list (with its query) or a set of figures into an export source;
:mod:`writer` writes the file atomically and logs it with its audit rows.
"""

from models.export.cases import case_source
from models.export.columns import PUBLIC_RELEASE_TEXT, Column, ExportSource, Kind, Sheet
from models.export.lists import (
    correspondence_source,
    detainer_source,
    document_source,
    optout_source,
)
from models.export.log import ExportRecord, list_exports
from models.export.statistics import statistics_source
from models.export.writer import (
    FORMATS,
    ExportCancelled,
    ExportResult,
    check_target,
    database_file,
    export_format,
    run_export,
)

__all__ = [
    "FORMATS",
    "PUBLIC_RELEASE_TEXT",
    "Column",
    "ExportCancelled",
    "ExportRecord",
    "ExportResult",
    "ExportSource",
    "Kind",
    "Sheet",
    "case_source",
    "check_target",
    "correspondence_source",
    "database_file",
    "detainer_source",
    "document_source",
    "export_format",
    "list_exports",
    "optout_source",
    "run_export",
    "statistics_source",
]
