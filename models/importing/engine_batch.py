"""The import engine's batch row: opened before the first booking, closed with the counts.

The row goes in first (its records refer to it) with zero counts; at the end the new rows are
audited with one ``bulk_create`` line per table naming the batch and the id range, the counts and
the batch's audit range are filled in, and the batch itself is audited as a create. Its own
audit rows are the last of the range, so ``last_audit_id`` is known before they are written.
"""

from __future__ import annotations

from models.audit import record_changes
from models.records import AuditAction
from models.timeutil import to_db_instant

_NEW = ("persons", "bookings", "charges", "fingerprint_matches")


def open_batch(run) -> None:
    """Insert the batch row of ``run`` (the engine's state) with its counts still zero."""
    source = run.source
    run.db.execute(
        "INSERT INTO import_batches (id, file_name, file_sha256, file_size, profile_name, "
        "mapping_json, encoding, delimiter, header_row, rows_read, created, updated, "
        "skipped, rejected, imported_at, imported_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?)",
        [
            run.batch_id,
            source.file_name,
            source.sha256,
            source.size,
            source.profile_name,
            source.mapping_json,
            source.encoding,
            source.delimiter,
            source.header_row,
            to_db_instant(run.now),
            run.actor.id,
        ],
    )


def close_batch(run) -> dict[str, int]:
    """Audit the run's new rows and its batch, fill in the counts; return them."""
    db, actor, batch, source = run.db, run.actor, run.batch_id, run.source
    for table in _NEW:
        first, last = run.first[table], run.next[table] - 1
        if last >= first:
            text = f"import batch {batch}: new rows, ids {first}–{last}"
            record_changes(db, actor, AuditAction.BULK_CREATE, table, first, [(None, None, text)])
    if run.withheld:
        text = f"import batch {batch}: {run.withheld} withheld-value markers"
        action = AuditAction.BULK_CREATE
        record_changes(db, actor, action, "withheld_values", batch, [(None, None, text)])
    counts = {
        "rows_read": run.lines + len(run.bad_lines),
        "created": run.created,
        "updated": run.updated,
        "skipped": run.skipped,
        "rejected": len(run.bad_lines),
    }
    fields = {
        "file_name": source.file_name,
        "file_sha256": source.sha256,
        "file_size": source.size,
        "profile_name": source.profile_name,
        "mapping_json": source.mapping_json,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "header_row": source.header_row,
        **counts,
        "imported_at": to_db_instant(run.now),
        "imported_by": actor.id,
    }
    audit = [(k, None, v) for k, v in fields.items() if v is not None]
    last = db.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    # The batch's own create rows close its range: two more for the range itself.
    last_audit = last + len(audit) + 2
    audit += [("first_audit_id", None, run.first_audit), ("last_audit_id", None, last_audit)]
    sets = ", ".join(f"{k} = ?" for k in (*counts, "first_audit_id", "last_audit_id"))
    db.execute(
        f"UPDATE import_batches SET {sets} WHERE id = ?",
        [*counts.values(), run.first_audit, last_audit, batch],
    )
    record_changes(db, actor, AuditAction.CREATE, "import_batches", batch, audit)
    return counts
