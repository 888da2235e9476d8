"""The export log read back: who exported what, when, with which filters, and the file's hash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from models.store import reported
from models.timeutil import from_db_instant


@dataclass(frozen=True)
class ExportRecord:
    """One row of the export log."""

    id: int
    at: datetime
    staff_id: int
    staff_name: str
    os_login: str
    what: str
    filters: dict
    public_release: bool
    format: str
    row_count: int
    file_name: str
    sha256: str


@reported
def list_exports(db: Database, *, limit: int = 100) -> list[ExportRecord]:
    """The newest exports first, at most ``limit``."""
    rows = db.execute(
        "SELECT e.id, e.at, e.staff_id, coalesce(s.full_name, e.os_login), e.os_login, e.what, "
        "e.filters, e.public_release, e.format, e.row_count, e.file_name, e.sha256 "
        "FROM exports e LEFT JOIN staff s ON s.id = e.staff_id ORDER BY e.id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [
        ExportRecord(
            id=r[0],
            at=from_db_instant(r[1]),
            staff_id=r[2],
            staff_name=r[3],
            os_login=r[4],
            what=r[5],
            filters=json.loads(r[6]),
            public_release=bool(r[7]),
            format=r[8],
            row_count=r[9],
            file_name=r[10],
            sha256=r[11],
        )
        for r in rows
    ]
