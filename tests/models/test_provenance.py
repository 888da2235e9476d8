"""A case's History tells which import made or changed it and what the source withheld."""

from zoneinfo import ZoneInfo

from models.cases import create_case
from models.history import case_history
from models.provenance import import_origins, withheld_for_case
from models.store import write_transaction

TZ = ZoneInfo("America/Los_Angeles")


def _batch(db, actor, batch_id, file_name, at, undone_at=None):
    with write_transaction(db):
        db.execute(
            "INSERT INTO import_batches (id, file_name, file_sha256, file_size, mapping_json, "
            "encoding, header_row, rows_read, created, updated, skipped, rejected, imported_at, "
            "imported_by, undone_at, undone_by) VALUES (?, ?, ?, 10, '{}', 'utf-8', 1, 1, 1, 0, 0, "
            "0, ?, ?, ?, ?)",
            [
                batch_id,
                file_name,
                "a" * 64,
                at,
                actor.id,
                undone_at,
                actor.id if undone_at else None,
            ],
        )


def _record(db, batch_id, booking_id, action, line):
    with write_transaction(db):
        db.execute(
            "INSERT INTO import_batch_records VALUES (?, ?, ?, 0, ?, 'h')",
            [batch_id, booking_id, action, line],
        )


def test_history_tells_the_imports_in_time_order_with_the_withheld_fields(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    booking_id, person_id = case.booking.id, case.person.id
    _batch(db, actor, 1, "jail-2010.csv", "2030-01-02T10:00:00+00:00")
    _batch(db, actor, 2, "jail-2010b.csv", "2030-01-03T10:00:00+00:00", "2030-01-04T10:00:00+00:00")
    _record(db, 1, booking_id, "created", 7)
    _record(db, 2, booking_id, "updated", 9)
    with write_transaction(db):
        db.execute(
            "INSERT INTO withheld_values VALUES ('persons', ?, 'date_of_birth', ?)",
            [person_id, "(b)(6),(b)(7)(c )"],
        )
        db.execute(
            "INSERT INTO withheld_values VALUES ('bookings', ?, 'booking_number', '(b)(7)(E )')",
            [booking_id],
        )
    lines = case_history(db, booking_id, person_id, TZ)
    # Newest first: the second import (undone), then the first, then the case's creation.
    assert lines[0].what == (
        "Updated by import from jail-2010b.csv (import 2, line 9) — that import was undone"
    )
    assert lines[0].when == "01/03/2030 02:00"
    assert lines[1].what == (
        "Imported from jail-2010.csv (import 1, line 7). Withheld in the source: "
        "date of birth (b)(6),(b)(7)(c ); booking number (b)(7)(E )"
    )
    assert lines[1].who == actor.full_name
    assert lines[2].what.startswith("Created ")
    assert [o.batch_id for o in import_origins(db, booking_id)] == [1, 2]
    assert len(withheld_for_case(db, booking_id, person_id)) == 2


def test_a_case_typed_in_has_no_import_lines(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    lines = case_history(db, case.booking.id, case.person.id, TZ)
    assert not any("import" in line.what.lower() for line in lines)
    assert withheld_for_case(db, case.booking.id, case.person.id) == []
