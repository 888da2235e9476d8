"""Plain helpers for reading the audit trail in model tests."""


def audit_rows(db, table):
    """``(action, record_id, field, old_value, new_value)`` for every audit line of ``table``."""
    return db.execute(
        "SELECT action, record_id, field, old_value, new_value FROM audit_log "
        "WHERE table_name = ? ORDER BY id",
        [table],
    ).fetchall()
