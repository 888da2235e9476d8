"""Where a case came from: the import batches that created or updated it, and withheld values.

A case brought in by an import has no per-field "created" rows in its history (a million rows
are audited as one bulk row per table), so its History tab tells the clerk instead which file
made it and which later files changed it, and which fields the source printed a FOIA
redaction marker for instead of a value ("withheld", not empty by mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from models.store import reported
from models.timeutil import from_db_instant

#: What each table's withheld field is called on screen.
WITHHELD_LABELS = {
    ("persons", "family_name"): "family name",
    ("persons", "given_names"): "given names",
    ("persons", "date_of_birth"): "date of birth",
    ("persons", "a_number"): "A-number",
    ("persons", "fbi_number"): "FBI number",
    ("persons", "state_id"): "state ID",
    ("bookings", "booking_number"): "booking number",
}


@dataclass(frozen=True)
class ImportOrigin:
    """One import batch's part in a case."""

    batch_id: int
    file_name: str
    action: str  # created | updated
    line: int
    at: datetime
    who: str
    undone_at: datetime | None


@dataclass(frozen=True)
class Withheld:
    """A field the source withheld, with the marker it printed (e.g. ``(b)(6),(b)(7)(c )``)."""

    table_name: str
    field: str
    marker: str

    @property
    def label(self) -> str:
        record = {"charges": "charge ", "fingerprint_matches": "match ", "detainers": "detainer "}
        name = WITHHELD_LABELS.get((self.table_name, self.field), self.field.replace("_", " "))
        return record.get(self.table_name, "") + name


@reported
def import_origins(db: Database, booking_id: int) -> list[ImportOrigin]:
    """The import batches that created or updated ``booking_id``, oldest first."""
    rows = db.execute(
        """
        SELECT r.batch_id, b.file_name, r.action, r.line, b.imported_at,
               coalesce(s.full_name, '?'), b.undone_at
        FROM import_batch_records r
        JOIN import_batches b ON b.id = r.batch_id
        LEFT JOIN staff s ON s.id = b.imported_by
        WHERE r.booking_id = ?
        ORDER BY r.batch_id
        """,
        [booking_id],
    ).fetchall()
    return [
        ImportOrigin(r[0], r[1], r[2], r[3], from_db_instant(r[4]), r[5], from_db_instant(r[6]))
        for r in rows
    ]


@reported
def withheld_for_case(db: Database, booking_id: int, person_id: int) -> list[Withheld]:
    """The withheld fields of a case's person, booking, charges, matches and detainers."""
    rows = db.execute(
        """
        SELECT table_name, field, marker FROM withheld_values
        WHERE (table_name = 'persons' AND record_id = :person)
           OR (table_name = 'bookings' AND record_id = :booking)
           OR (table_name = 'charges'
               AND record_id IN (SELECT id FROM charges WHERE booking_id = :booking))
           OR (table_name = 'fingerprint_matches'
               AND record_id IN (SELECT id FROM fingerprint_matches WHERE booking_id = :booking))
           OR (table_name = 'detainers'
               AND record_id IN (SELECT id FROM detainers WHERE booking_id = :booking))
        ORDER BY table_name = 'persons' DESC, table_name, record_id, field
        """,
        {"person": person_id, "booking": booking_id},
    ).fetchall()
    return [Withheld(*r) for r in rows]


def describe_origin(origin: ImportOrigin) -> str:
    """The History tab's words for one import's part in a case."""
    verb = "Imported" if origin.action == "created" else "Updated by import"
    text = f"{verb} from {origin.file_name} (import {origin.batch_id}, line {origin.line})"
    return text + (" — that import was undone" if origin.undone_at else "")


def describe_withheld(items: list[Withheld]) -> str:
    """One sentence naming every withheld field and its marker."""
    return "Withheld in the source: " + "; ".join(f"{w.label} {w.marker}" for w in items)
