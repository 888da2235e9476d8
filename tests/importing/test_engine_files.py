"""The whole pipeline on hand-made jail exports: reader, mapping, prepare and engine together."""

from __future__ import annotations

import dataclasses
import json

import pytest

from models.cases import get_case, update_case
from models.importing.batches import undo_batch, undo_refusal
from models.importing.engine import run_import
from models.importing.mapping import Mapping
from models.importing.reader import open_table
from tests.importing.engine_cases import dump, healthy
from tests.importing.files import write_csv

HEADER = ["Booking #", "Last", "First", "DOB", "Booked", "Facility", "Statute", "Charge",
          "Jurisdiction"]  # fmt: skip
ROWS = [
    ["J-100", "Núñez", "María José", "3/9/1984", "4/21/2017 11:43", "Main Jail", "PC 459",
     "BURGLARY", "WA"],
    ["J-100", "Núñez", "María José", "3/9/1984", "4/21/2017 11:43", "Main Jail", "",
     "HOLD IMMIGRAT", "IMM"],
    ["J-100", "Núñez", "María José", "3/9/1984", "4/21/2017 11:43", "Main Jail", "PC 211",
     "ROBBERY", "WA"],
    ["J-101", "O'Neil", "Seán", "12/1/1979", "4/22/2017 08:05", "Main Jail", "VC 23152",
     "DUI", "WA"],
    ["J-102", "Nguyễn", "Thị", "7/4/1990", "4/23/2017 23:59", "North Annex", "PC 242",
     "BATTERY", "WA"],
]  # fmt: skip
MAPPING = Mapping.from_json(
    json.dumps(
        {
            "version": 1,
            "columns": {
                "booking.booking_number": "Booking #",
                "person.family_name": "Last",
                "person.given_names": "First",
                "person.date_of_birth": "DOB",
                "booking.booked_at": "Booked",
                "booking.facility": "Facility",
                "charge.statute": "Statute",
                "charge.description": "Charge",
                "charge.jurisdiction": "Jurisdiction",
            },
            "constants": {"booking.agency_ori": "WA0170000"},
        }
    )
)


def _import(db, actor, path, **kwargs):
    return run_import(db, actor, open_table(path, MAPPING.read), MAPPING, **kwargs)


def _write(tmp_path, rows, name="export.csv"):
    # Excel's "CSV UTF-8" (with a byte-order mark), a banner line above the header.
    return write_csv(tmp_path / name, [HEADER, *rows], bom=True, banner=["JAIL EXPORT"])


def test_a_jail_export_creates_bookings_with_their_charges_and_counts_the_hold(db, actor, tmp_path):
    result = _import(db, actor, _write(tmp_path, ROWS))
    assert (result.created, result.updated, result.skipped, result.rejected) == (3, 0, 0, 0)
    assert (result.rows_read, result.holds) == (5, 1)
    charges = db.execute(
        "SELECT b.booking_number, c.seq, c.description FROM charges c "
        "JOIN bookings b ON b.id = c.booking_id ORDER BY b.booking_number, c.seq"
    ).fetchall()
    assert charges == [
        ("J-100", 1, "BURGLARY"), ("J-100", 2, "ROBBERY"), ("J-101", 1, "DUI"),
        ("J-102", 1, "BATTERY"),
    ]  # fmt: skip
    lines = db.execute(
        "SELECT b.booking_number, r.line FROM import_batch_records r "
        "JOIN bookings b ON b.id = r.booking_id ORDER BY r.line"
    ).fetchall()
    assert lines == [("J-100", 3), ("J-101", 6), ("J-102", 7)]  # banner line 1, header line 2
    healthy(db)


def test_the_same_file_twice_changes_nothing_but_its_batch_row(db, actor, tmp_path):
    path = _write(tmp_path, ROWS)
    _import(db, actor, path)
    before = dump(db)
    second = _import(db, actor, path)
    assert (second.created, second.updated, second.skipped) == (0, 0, 3)
    after = dump(db)
    added = after["audit_log"][len(before["audit_log"]) :]
    assert after["audit_log"][: len(before["audit_log"])] == before["audit_log"]
    assert {row[5] for row in added} == {"import_batches"}  # table_name of each new audit row
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    batch = db.execute(
        "SELECT created, updated, skipped, rejected FROM import_batches WHERE id = ?",
        [second.batch_id],
    ).fetchone()
    assert batch == (0, 0, 3, 0)


def test_a_changed_cell_updates_that_field_only_and_undo_puts_it_back(db, actor, tmp_path):
    _import(db, actor, _write(tmp_path, ROWS))
    before = dump(db, with_audit=False)
    changed = [row[:] for row in ROWS]
    changed[3][5] = "North Annex"  # J-101 moved
    result = _import(db, actor, _write(tmp_path, changed, "export2.csv"))
    assert (result.created, result.updated, result.skipped) == (0, 1, 2)
    booking_id = db.execute("SELECT id FROM bookings WHERE booking_number = 'J-101'").fetchone()[0]
    updates = db.execute(
        "SELECT table_name, record_id, field, old_value, new_value, booking_id FROM audit_log "
        "WHERE action = 'update' AND id > (SELECT first_audit_id - 1 FROM import_batches "
        "WHERE id = ?)",
        [result.batch_id],
    ).fetchall()
    assert updates == [("bookings", booking_id, "facility", "Main Jail", "North Annex", booking_id)]
    undo_batch(db, actor, result.batch_id)
    assert dump(db, with_audit=False) == before
    healthy(db)


def test_undo_is_refused_once_a_clerk_edited_a_booking_of_the_batch(db, actor, tmp_path):
    result = _import(db, actor, _write(tmp_path, ROWS))
    booking_id = db.execute("SELECT id FROM bookings WHERE booking_number = 'J-102'").fetchone()[0]
    case = get_case(db, booking_id)
    update_case(db, case.replace(booking=dataclasses.replace(case.booking, notes="seen")), actor)
    assert "J-102" in undo_refusal(db, result.batch_id, actor)


def test_a_cancel_after_the_last_row_still_writes_nothing(db, actor, tmp_path):
    from models.importing.engine import ImportCancelled
    from tests.importing.engine_cases import counts

    path = _write(tmp_path, ROWS)
    asked = []
    before = counts(db)

    def progress(done, total):
        if done >= total:
            asked.append(True)  # the clerk presses Stop as the bar reaches its end

    with pytest.raises(ImportCancelled):
        _import(db, actor, path, progress=progress, cancelled=lambda: bool(asked))
    assert asked and counts(db) == before


def test_a_file_removed_after_it_was_opened_is_refused_in_words(db, actor, tmp_path):
    from models.importing.sniff import ImportFileError

    path = _write(tmp_path, ROWS)
    table = open_table(path, MAPPING.read)
    path.unlink()
    with pytest.raises(ImportFileError, match="has changed since it was opened; open it again"):
        run_import(db, actor, table, MAPPING)
