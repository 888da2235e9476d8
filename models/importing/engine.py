"""The import engine: write prepared bookings to the record in one transaction, as a batch.

A file is imported whole or not at all: every row is written inside one ``write_transaction``,
so a cancel, an error or a full disk leaves the database as it was, and a dry run does all the
work and then rolls it back (its counts are exact). Bookings are matched on their natural key
(agency ORI, booking number): a new key is created, a known one is skipped when its content is
unchanged and otherwise updated field by field (see :mod:`models.importing.engine_update`).

New rows go in with ``executemany`` and ids assigned here, contiguous per table, with the search
index built once at the end (:func:`models.sample.deferred_search_index`); the audit log gets one
``bulk_create`` row per table naming the batch and the id range, and the batch row itself is
audited as a create. Updates are audited field by field, like an edit at the desk.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from models.errors import DeskError
from models.importing.engine_batch import close_batch, open_batch
from models.importing.engine_create import Creates, integrity_words
from models.importing.engine_update import Existing, Rejected, apply_update
from models.records import Staff
from models.sample import BULK_CACHE_KIB, deferred_search_index
from models.settings import county_timezone
from models.store import next_id, write_transaction
from models.timeutil import utc_now

if TYPE_CHECKING:
    from models.importing.mapping import Mapping
    from models.importing.prepare import PreparedCase, RowProblem
    from models.importing.reader import SourceTable

#: Rows between two progress reports (and two looks at the cancel button).
CHUNK = 2_000
_IDS = ("a_number", "fbi_number", "state_id")
_LOOKUP = (
    "SELECT j.key, b.id, b.person_id, (SELECT r.content_hash FROM import_batch_records r "
    "JOIN import_batches ib ON ib.id = r.batch_id WHERE r.booking_id = b.id "
    "AND ib.undone_at IS NULL ORDER BY r.batch_id DESC LIMIT 1) "
    "FROM json_each(?) j JOIN bookings b "
    "ON b.agency_ori = j.value ->> 0 AND b.booking_number = j.value ->> 1"
)


class ImportCancelled(DeskError):
    """The clerk cancelled the import; everything it had written was rolled back."""

    def __init__(self, message: str = "The import was cancelled; nothing was imported.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would have done).

    ``created``, ``updated`` and ``skipped`` count bookings; ``rejected`` and ``rows_read``
    count rows of the file (a booking may span several rows, one per charge).
    """

    batch_id: int | None
    dry_run: bool
    rows_read: int
    created: int
    updated: int
    skipped: int
    rejected: int
    problems: tuple[RowProblem, ...]
    holds: int
    file_name: str
    sha256: str

    @property
    def imported(self) -> int:
        """Bookings brought in or confirmed unchanged: created + updated + skipped."""
        return self.created + self.updated + self.skipped


@dataclass(frozen=True)
class Source:
    """How the file was read: what the batch row records besides the counts."""

    file_name: str
    sha256: str
    size: int
    mapping_json: str
    encoding: str
    delimiter: str | None
    header_row: int
    profile_name: str | None = None
    total_rows: int = 0  # an estimate for progress reports (0 = unknown)


class _RollBack(Exception):
    """Raised inside the transaction to undo it on purpose (dry run, nothing imported)."""


def run_import(
    db: Database,
    actor: Staff,
    table: SourceTable,
    mapping: Mapping,
    *,
    profile_name: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    parallel: bool | None = None,
) -> ImportResult:
    """Import every row of ``table`` read through ``mapping``, as one batch, all or nothing.

    Args:
        db: the open database (not inside a transaction of the caller's, normally).
        actor: who imports; recorded on the batch and in the audit log.
        table: the opened source file.
        mapping: which column feeds which field.
        profile_name: the profile chosen, kept on the batch (None: guessed or a mapping file).
        dry_run: do all the work, then roll it back; the counts are exact.
        progress: called with (rows done, rows in the file, estimated) about every 2,000 rows.
        cancelled: polled as often; returning True rolls everything back.
        parallel: prepare the rows in a worker process (True), here (False), or decide by
            the file's size (None); see :mod:`models.importing.pipeline`.

    Returns:
        The counts and the rejected rows' problems.

    Raises:
        ImportCancelled: ``cancelled`` returned True; nothing was written.
        StoreError: the database could not be written (full disk, read-only, locked).
        ImportFileError: the file could not be read to the end; nothing was written.
    """
    from models.importing.pipeline import prepared_items
    from models.importing.prepare import load_context

    source = Source(
        file_name=Path(table.path).name,
        sha256=table.sha256,
        size=table.size,
        mapping_json=mapping.to_json(),
        encoding=table.encoding,
        delimiter=table.delimiter,
        header_row=table.header_row,
        profile_name=profile_name,
        total_rows=estimate_rows(table),
    )
    items = prepared_items(table, mapping, load_context(db), parallel=parallel)
    try:
        return import_cases(
            db, actor, items, source, dry_run=dry_run, progress=progress, cancelled=cancelled
        )
    finally:
        items.close()  # a worker process still preparing rows is ended now


def estimate_rows(table: SourceTable) -> int:
    """The number of data rows, counted as line ends below the header (0 for Excel)."""
    if table.kind != "csv":
        return 0
    lines = 0
    try:
        with open(table.path, "rb") as fh:
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
    except OSError:
        return 0  # moved or removed since it was opened: reading its rows says so in words
    return max(0, lines - table.header_row)


def import_cases(
    db: Database,
    actor: Staff,
    items: Iterable[PreparedCase | RowProblem],
    source: Source,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import prepared bookings (and count the row problems) as one batch; see run_import."""
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    run = _Run(db, actor, source, progress, cancelled)
    try:
        with write_transaction(db):
            run.start()
            with deferred_search_index(db, run.first_booking):
                run.feed(items)
                # A person updated meanwhile re-indexed the new bookings of theirs through
                # its trigger; clear those rows so the one indexing pass adds each once.
                db.execute("DELETE FROM bookings_fts WHERE rowid >= ?", [run.first_booking])
            if cancelled is not None and cancelled():  # asked while the rows were indexed
                raise ImportCancelled
            run.finish()
            if dry_run or not run.imported:
                raise _RollBack
    except _RollBack:
        pass
    finally:
        db.execute(f"PRAGMA cache_size = {cache}")
    return run.result(dry_run)


@dataclass
class _Run(Creates):
    """The state of one import while its transaction is open."""

    db: Database
    actor: Staff
    source: Source
    progress: Callable[[int, int], None] | None
    cancelled: Callable[[], bool] | None
    created: int = 0
    updated: int = 0
    skipped: int = 0
    holds: int = 0
    lines: int = 0
    problems: list = field(default_factory=list)
    bad_lines: set = field(default_factory=set)
    rejected_keys: set = field(default_factory=set)
    batch_id: int = 0
    first_audit: int = 0
    first_booking: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.skipped

    def start(self) -> None:
        db = self.db
        self.tz = county_timezone(db)
        self.now = utc_now()
        self.batch_id = next_id(db, "import_batches")
        self.first_audit = (db.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0) + 1
        self.next = {
            t: next_id(db, t) for t in ("persons", "bookings", "charges", "fingerprint_matches")
        }
        self.first = dict(self.next)
        self.first_booking = self.next["bookings"]
        self.withheld = 0
        self.facilities: set[str] = set()
        self.by_id: dict[str, dict[str, tuple[int, str]]] = {}
        self.pending_ids: list = []
        self.sql: dict[tuple, str] = {}
        self.vocab = None
        open_batch(self)

    # -- reading -------------------------------------------------------------------------------

    def feed(self, items: Iterable) -> None:
        chunk: list = []
        rows = 0
        for item in items:
            if hasattr(item, "reason"):
                self.problems.append(item)
                self.bad_lines.add(item.line)
                rows += 1
            else:
                chunk.append(item)
                rows += len(item.lines)
            if rows >= CHUNK:
                self.flush(chunk)
                chunk, rows = [], 0
        self.flush(chunk)

    def flush(self, chunk: list) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled
        if chunk:
            self.write(chunk)
        if self.progress is not None:
            done = self.lines + len(self.bad_lines)
            self.progress(done, max(done, self.source.total_rows))

    def write(self, chunk: list) -> None:
        keys = [[c.agency_ori, c.booking_number] for c in chunk]
        found = {
            row[0]: Existing(row[1], row[2], row[3])
            for row in self.db.execute(_LOOKUP, [json.dumps(keys, ensure_ascii=False)])
        }
        fresh: list = []
        repeats: list = []
        pending: set[tuple[str, str]] = set()
        for i, case in enumerate(chunk):
            self.lines += len(case.lines)
            self.holds += len(case.holds)
            key = (case.agency_ori, case.booking_number)
            existing = found.get(i)
            if key in pending:  # the same booking again, further down this chunk
                repeats.append(case)
            elif existing is None:
                pending.add(key)
                fresh.append(case)
            elif existing.last_hash == case.content_hash:
                self.skipped += 1
            else:
                self.update(case, existing)
        if fresh:
            self.create_all(fresh)
        for case in repeats:  # as its first appearance went: created, or rejected
            if (case.agency_ori, case.booking_number) in self.rejected_keys:
                self.reject(case, Rejected(["not imported: the same booking was rejected above"]))
            else:
                self.skipped += 1

    # -- updates -------------------------------------------------------------------------------

    def update(self, case, existing: Existing) -> None:
        db = self.db
        db.execute("SAVEPOINT import_case")
        try:
            changed = apply_update(self, case, existing)
        except (sqlite3.IntegrityError, Rejected) as exc:
            db.execute("ROLLBACK TO import_case")
            db.execute("RELEASE import_case")
            self.reject(case, exc)
            return
        db.execute("RELEASE import_case")
        if not changed:
            self.skipped += 1
            return
        self.updated += 1
        self.record(existing.booking_id, "updated", 0, case)

    def reject(self, case, exc: Exception) -> None:
        from models.importing.prepare import RowProblem

        reasons = exc.reasons if isinstance(exc, Rejected) else [integrity_words(exc)]
        for reason in reasons:
            self.problems.append(RowProblem(case.lines[0], None, None, reason))
        for line in case.lines[1:]:
            self.problems.append(
                RowProblem(line, None, None, f"not imported: line {case.lines[0]} was rejected")
            )
        self.bad_lines.update(case.lines)
        self.rejected_keys.add((case.agency_ori, case.booking_number))
        self.lines -= len(case.lines)
        self.holds -= len(case.holds)

    def record(self, booking_id: int, action: str, new_person: int, case) -> None:
        self.db.execute(
            "INSERT INTO import_batch_records (batch_id, booking_id, action, is_new_person, "
            "line, content_hash) VALUES (?, ?, ?, ?, ?, ?)",
            [self.batch_id, booking_id, action, new_person, case.lines[0], case.content_hash],
        )

    def take_id(self, table: str) -> int:
        """The next id of ``table`` (one sequence for new bookings' rows and updates' rows)."""
        value = self.next[table]
        self.next[table] = value + 1
        return value

    # -- the end -------------------------------------------------------------------------------

    def finish(self) -> None:
        """Audit the new rows (one line per table) and the batch; fill in its counts."""
        self.counts = close_batch(self)

    def result(self, dry_run: bool) -> ImportResult:
        counts = getattr(self, "counts", None) or {
            "rows_read": self.lines + len(self.bad_lines),
            "rejected": len(self.bad_lines),
        }
        problems = tuple(sorted(self.problems, key=lambda p: p.line))
        return ImportResult(
            batch_id=None if dry_run or not self.imported else self.batch_id,
            dry_run=dry_run,
            rows_read=counts["rows_read"],
            created=self.created,
            updated=self.updated,
            skipped=self.skipped,
            rejected=counts["rejected"],
            problems=problems,
            holds=self.holds,
            file_name=self.source.file_name,
            sha256=self.source.sha256,
        )
