"""The command-line subcommands: everything here runs without Qt.

Each function takes parsed arguments, writes to stdout, and returns the process exit code.
Errors a user can fix are raised as :class:`DeskError` and reported by ``main`` in one line.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from models.attachments import check_attachment_store
from models.audit import verify_chain
from models.case_list import CaseQuery, fetch_cases
from models.cases import get_case
from models.demo import fill_demo
from models.errors import DeskError
from models.paths import default_db_path, ensure_data_dir
from models.provenance import (
    describe_origin,
    describe_withheld,
    import_origins,
    withheld_for_case,
)
from models.records import CaseRow, StaffRole
from models.sample import insert_sample
from models.settings import county_timezone
from models.staff import current_staff, list_staff, update_staff
from models.store import open_database, open_readonly
from models.timeutil import format_local


def resolve_db(path: str | None, demo: bool = False) -> Path:
    """The database path the user named, or the default one in the data folder."""
    if path:
        return Path(path).expanduser()
    ensure_data_dir()
    return default_db_path(demo)


def cmd_init(db_path: Path) -> int:
    db = open_database(db_path)
    staff = current_staff(db)
    print(f"Database ready: {db_path} (you are {staff.full_name}, {staff.role})")
    return 0


def cmd_demo(db_path: Path) -> int:
    db = open_database(db_path)
    added = fill_demo(db, current_staff(db))
    if added:
        print(f"Added {added} fictional demo cases to {db_path}")
    else:
        print(f"{db_path} already has cases; no demo cases were added")
    return 0


def cmd_check(db_path: Path) -> int:
    db = open_readonly(db_path)
    problems = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    chain = verify_chain(db)
    files = check_attachment_store(db)
    print(f"integrity: {'ok' if not problems else '; '.join(problems[:5])}")
    print(f"foreign keys: {'ok' if not fk else f'{len(fk)} rows point at missing records'}")
    print(f"audit chain: {chain.message}")
    print(f"attachments: {files.message}")
    return 0 if not problems and not fk and chain.ok and files.ok else 1


def cmd_sample(db_path: Path, bookings: int) -> int:
    if bookings < 1:
        raise DeskError("--bookings must be at least 1")
    db = open_database(db_path)
    first = insert_sample(db, bookings, current_staff(db))
    print(f"Added {bookings} synthetic bookings (ids {first}–{first + bookings - 1}) to {db_path}")
    return 0


def cmd_cases_list(db_path: Path, search: str | None, limit: int, as_json: bool) -> int:
    if limit < 1:
        raise DeskError("--limit must be at least 1")
    db = open_database(db_path, create=False)
    tz = county_timezone(db)
    rows = fetch_cases(db, CaseQuery(search=search or ""), tz, limit=limit)
    if as_json:
        json.dump([_row_json(r) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    header = ("ID", "Booking #", "Name", "A-number", "Booked", "Facility", "Custody")
    table = [header] + [
        (
            str(r.id),
            r.booking_number,
            r.person_name,
            r.a_number or "",
            format_local(r.booked_at, tz),
            r.facility,
            r.custody_status.label,
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


def cmd_cases_show(db_path: Path, case_id: int, as_json: bool) -> int:
    db = open_database(db_path, create=False)
    case = get_case(db, case_id)
    data = _jsonable(dataclasses.asdict(case))
    data["id"] = case.id
    withheld = withheld_for_case(db, case.booking.id, case.person.id)
    data["withheld"] = [dataclasses.asdict(w) for w in withheld]
    data["imports"] = [
        {"batch_id": o.batch_id, "file_name": o.file_name, "action": o.action, "line": o.line}
        for o in import_origins(db, case.booking.id)
    ]
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    tz = county_timezone(db)
    p, b = case.person, case.booking
    print(f"Case {case.id}: {p.display_name}  ({p.a_number or 'no A-number'})")
    print(
        f"  Booking {b.booking_number} ({b.agency_ori}) at {b.facility}, "
        f"booked {format_local(b.booked_at, tz)}, {b.custody_status.label}"
    )
    for i, c in enumerate(case.charges, 1):
        print(
            f"  Charge {i}: {c.statute or ''} {c.description} [{c.charge_class or '?'}] "
            f"{c.disposition or ''}".rstrip()
        )
    for i, m in enumerate(case.matches, 1):
        level = f", level {m.offense_level} ({m.offense_level_scheme})" if m.offense_level else ""
        print(f"  Match {i}: {m.response_type} ({m.program_era}){level}")
    for origin in import_origins(db, case.booking.id):
        print(f"  {describe_origin(origin)}")
    if withheld:
        print(f"  {describe_withheld(withheld)}")
    return 0


def cmd_staff_list(db_path: Path, as_json: bool) -> int:
    db = open_database(db_path, create=False)
    staff = list_staff(db)
    if as_json:
        json.dump(
            [_jsonable(dataclasses.asdict(s)) for s in staff],
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return 0
    for s in staff:
        print(f"{s.os_login or '':<16} {s.role:<14} {s.full_name}")
    return 0


def cmd_staff_set(db_path: Path, login: str, name: str | None, role: str | None) -> int:
    if name is None and role is None:
        raise DeskError("Give --name, --role or both.")
    db = open_database(db_path, create=False)
    staff = update_staff(
        db, current_staff(db), login, full_name=name, role=StaffRole(role) if role else None
    )
    print(f"{staff.os_login}: {staff.full_name} ({staff.role})")
    return 0


def _row_json(row: CaseRow) -> dict:
    return {
        "id": row.id,
        "booking_number": row.booking_number,
        "name": row.person_name,
        "a_number": row.a_number,
        "booked_at": row.booked_at.isoformat(),
        "facility": row.facility,
        "custody_status": str(row.custody_status),
        "charges": row.charge_summary,
        "response_type": row.response_type,
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
