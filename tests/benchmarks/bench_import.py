"""Benchmark importing a jail's booking export against raw executemany of the same rows.

    python tests/benchmarks/bench_import.py [--rows N] [--runs K] [--markdown] [--keep DIR]

A booking export of N rows (default 1,000,000) is generated into a temporary folder: a CSV as a
jail management system writes it, with M/D/YYYY dates (booking times M/D/YYYY H:MM AM/PM), last
and first names, booking numbers, A-numbers on about 60 % of the people, facility, arresting
agency, statute, charge text and level. One booking in ten has a second charge row right below
it; the rows come from about N/3 distinct people (matched by A-number when they have one).

Each run times, on fresh migrated databases in the same folder:

(a) the import: ``open_table`` + ``run_import`` with the mapping of that export (what the GUI
    and ``detainer-desk import`` do: reading, parsing, checking, matching, writing, auditing);
(b) the raw baseline: the same rows, already parsed into tuples (not timed), inserted with
    ``executemany`` into persons, bookings and charges of a fresh migrated database in one
    transaction on a plain ``sqlite3`` connection with the app's PRAGMAs, the same indexes,
    the same page cache, and the search index built once at the end the same way.

Figures: rows/s of each (median of K runs, min–max) and the ratio import/raw of the medians.
Targets: at least 50,000 rows/s and at most 2x raw. ``--profile`` runs the import once more
under cProfile and prints the 25 costliest functions (cumulative and own time).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gc
import io
import json
import os
import platform
import pstats
import random
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.importing.engine import run_import  # noqa: E402
from models.importing.mapping import Mapping  # noqa: E402
from models.importing.reader import open_table  # noqa: E402
from models.sample import BULK_CACHE_KIB  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.store import open_database  # noqa: E402
from models.synthetic import AGENCIES, FACILITIES, FAMILY_NAMES, GIVEN_NAMES  # noqa: E402
from models.validation import sort_name_for  # noqa: E402

ORI = "WA0170000"
TZ = ZoneInfo("America/Los_Angeles")
HEADER = (
    "Booking Number", "Last Name", "First Name", "DOB", "Sex", "A-Number", "Booking Date",
    "Facility", "Arresting Agency", "Statute", "Charge Description", "Charge Level",
)  # fmt: skip
MAPPING = {
    "version": 1,
    "columns": {
        "booking.booking_number": "Booking Number",
        "person.family_name": "Last Name",
        "person.given_names": "First Name",
        "person.date_of_birth": "DOB",
        "person.sex": "Sex",
        "person.a_number": "A-Number",
        "booking.booked_at": "Booking Date",
        "booking.facility": "Facility",
        "booking.arresting_agency": "Arresting Agency",
        "charge.statute": "Statute",
        "charge.description": "Charge Description",
        "charge.charge_class": "Charge Level",
    },
    "constants": {"booking.agency_ori": ORI},
    "notes_from": [],
    "key_fallback": "reject",
    "read": {},
}
CHARGES = (
    ("PC 459", "BURGLARY", "F"), ("PC 211", "ROBBERY", "F"), ("VC 23152(A)", "DUI ALCOHOL", "M"),
    ("PC 242", "BATTERY", "M"), ("HS 11377(A)", "POSS CONTROLLED SUBSTANCE", "M"),
    ("PC 245(A)(1)", "ASSAULT W/DEADLY WEAPON", "F"), ("PC 484", "PETTY THEFT", "M"),
    ("VC 14601.1(A)", "DRIVING ON SUSPENDED LICENSE", "M"), ("PC 273.5(A)", "CORPORAL INJURY", "F"),
)  # fmt: skip
TARGET_RATE, TARGET_RATIO = 50_000, 2.0
RAW_SQL = {
    "persons": "INSERT INTO persons (id, family_name, given_names, sort_name, date_of_birth, "
    "sex, a_number) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "bookings": "INSERT INTO bookings (id, person_id, person_sort_name, booking_number, "
    "agency_ori, facility, arresting_agency, booked_at, custody_status) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in_custody')",
    "charges": "INSERT INTO charges (booking_id, seq, statute, description, charge_class) "
    "VALUES (?, ?, ?, ?, ?)",
}
CLASSES = {"F": "felony", "M": "misdemeanor"}


# -- the export -------------------------------------------------------------------------------


def generate(path: Path, rows: int, seed: int = 7) -> list[tuple]:
    """Write the export; return its rows as the raw baseline's already-parsed records."""
    rng = random.Random(seed)
    people = max(1, rows // 3)
    start = datetime(2012, 1, 1, tzinfo=TZ)
    parsed = []  # (person key, family, given, dob iso, sex, a_number, number, booked iso, ...)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(HEADER)
        n, b = 0, 0
        while n < rows:
            b += 1
            who = rng.randrange(people)
            prng = random.Random(who)
            family, given = prng.choice(FAMILY_NAMES), prng.choice(GIVEN_NAMES)
            dob = datetime(
                1950 + prng.randrange(50), 1 + prng.randrange(12), 1 + prng.randrange(28)
            )
            sex = "M" if prng.random() < 0.8 else "F"
            a_number = f"A{200_000_000 + who:09d}" if prng.random() < 0.6 else ""
            booked = start + timedelta(minutes=b * 5 + rng.randrange(5))
            number = f"{booked.year}-{b:07d}"
            facility, agency = rng.choice(FACILITIES), rng.choice(AGENCIES)[1]
            when = f"{booked.month}/{booked.day}/{booked.year} " + booked.strftime(
                "%I:%M %p"
            ).lstrip("0")
            for seq in range(1, 2 + (rng.random() < 0.1)):
                if n >= rows:
                    break
                statute, text, level = rng.choice(CHARGES)
                out.writerow((number, family, given, f"{dob.month}/{dob.day}/{dob.year}", sex,
                              a_number, when, facility, agency, statute, text, level))  # fmt: skip
                booked_utc = booked.astimezone(UTC).isoformat()
                parsed.append((who, family, given, dob.date().isoformat(), sex, a_number or None,
                               number, booked_utc, facility, agency, seq, statute, text,
                               CLASSES[level]))  # fmt: skip
                n += 1
    return parsed


def raw_tuples(parsed: list[tuple]) -> dict[str, list[tuple]]:
    """Persons, bookings and charges as the import would make them (ids from 1)."""
    persons, bookings, charges = [], [], []
    person_ids: dict[object, int] = {}
    booking_ids: dict[str, int] = {}
    for row in parsed:
        family, given, dob, sex, a_number, number, booked, facility, agency, *charge = row[1:]
        key = a_number or ("row", number)
        if key not in person_ids:
            person_ids[key] = len(persons) + 1
            persons.append((len(persons) + 1, family, given, sort_name_for(family, given), dob,
                            sex, a_number))  # fmt: skip
        pid = person_ids[key]
        if number not in booking_ids:
            booking_ids[number] = len(bookings) + 1
            sort_name = persons[pid - 1][3]
            bookings.append((len(bookings) + 1, pid, sort_name, number, ORI, facility, agency,
                             booked))  # fmt: skip
        seq, statute, text, klass = charge
        charges.append((booking_ids[number], seq, statute, text, klass))
    return {"persons": persons, "bookings": bookings, "charges": charges}


# -- the two measurements ---------------------------------------------------------------------


def fresh_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path).close()


def time_import(folder: Path, export: Path, profile: bool = False):
    path = folder / "import.sqlite3"
    fresh_database(path)
    db = open_database(path)
    actor = current_staff(db)
    mapping = Mapping.from_json(json.dumps(MAPPING))
    profiler = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    table = open_table(export, mapping.read)
    result = run_import(db, actor, table, mapping)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t0
    booked = db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    db.close()
    return seconds, result, booked, profiler


def time_raw(folder: Path, tuples: dict[str, list[tuple]]) -> float:
    path = folder / "raw.sqlite3"
    fresh_database(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in ("busy_timeout = 5000", "journal_mode = WAL", "synchronous = FULL",
                   "foreign_keys = ON", f"cache_size = {BULK_CACHE_KIB}"):  # fmt: skip
        conn.execute(f"PRAGMA {pragma}")
    facilities = sorted({b[5] for b in tuples["bookings"]})
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'bookings_fts_insert'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER bookings_fts_insert")
    conn.executemany(
        "INSERT OR IGNORE INTO facilities (name) VALUES (?)", [(f,) for f in facilities]
    )
    for table, sql in RAW_SQL.items():
        conn.executemany(sql, tuples[table])
    conn.execute(
        "INSERT INTO bookings_fts (rowid, names, identifiers) SELECT booking_id, names, "
        "identifiers FROM booking_search_text WHERE booking_id >= 1"
    )
    conn.execute(trigger)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - t0
    conn.close()
    return seconds


# -- the report -------------------------------------------------------------------------------


def rate_cell(rows: int, seconds: list[float]) -> str:
    rates = sorted(rows / s for s in seconds)
    spread = f" ({rates[0]:,.0f}–{rates[-1]:,.0f})" if len(rates) > 1 else ""
    return f"{rows / statistics.median(seconds):,.0f} rows/s{spread}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile one more import run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep its files")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        folder = args.keep or Path(tmp)
        export = folder / "bookings-export.csv"
        t0 = time.perf_counter()
        parsed = generate(export, args.rows)
        tuples = raw_tuples(parsed)
        del parsed
        # The baseline's million rows stay in memory through every run. Frozen, the cyclic
        # collector leaves them out of its passes, which would otherwise tax the measured
        # import for data the app never holds (on this machine 2.45x became 1.5x raw).
        gc.collect()
        gc.freeze()
        print(
            f"Generated {args.rows:,} rows ({export.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - t0:.0f} s: {len(tuples['bookings']):,} bookings of "
            f"{len(tuples['persons']):,} people",
            file=sys.stderr,
        )
        app_s, raw_s, checks = [], [], []
        for run in range(args.runs):
            seconds, result, booked, _p = time_import(folder, export)
            app_s.append(seconds)
            raw_s.append(time_raw(folder, tuples))
            checks.append((result.created, result.rejected, booked))
            print(f"run {run + 1}: import {seconds:.1f} s, raw {raw_s[-1]:.1f} s", file=sys.stderr)
        profile_text = ""
        if args.profile:
            *_r, profiler = time_import(folder, export, profile=True)
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(25)
            stats.sort_stats("tottime").print_stats(25)
            profile_text = out.getvalue()
    created, rejected, booked = checks[0]
    if rejected or created != len(tuples["bookings"]) or booked != created:
        raise RuntimeError(f"the import did not bring every booking in: {checks[0]}")
    app_rate = args.rows / statistics.median(app_s)
    ratio = statistics.median(app_s) / statistics.median(raw_s)
    table = [
        ("measure", f"{args.rows:,} rows, median of {args.runs} (min–max)", "target"),
        ("import (open_table + run_import)", rate_cell(args.rows, app_s),
         f"≥ {TARGET_RATE:,} rows/s: {'ok' if app_rate >= TARGET_RATE else 'MISSED'}"),
        ("raw executemany baseline", rate_cell(args.rows, raw_s), "—"),
        ("ratio import / raw", f"{ratio:.2f}×",
         f"≤ {TARGET_RATIO}×: {'ok' if ratio <= TARGET_RATIO else 'MISSED'}"),
    ]  # fmt: skip
    notes = [
        f"{created:,} bookings created from {args.rows:,} rows, {len(tuples['persons']):,} "
        f"people, {len(tuples['charges']):,} charges; 0 rejected",
        f"import seconds: {', '.join(f'{s:.1f}' for s in app_s)}; "
        f"raw seconds: {', '.join(f'{s:.1f}' for s in raw_s)}",
        f"Machine: nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.platform()}",
        f"Command: {shlex.join(['python', *sys.argv])}",
    ]
    if args.markdown:
        table.insert(1, ("---",) * 3)
        print("\n".join("| " + " | ".join(line) + " |" for line in table) + "\n")
        print("\n".join(f"- {n}" for n in notes))
    else:
        widths = [max(len(line[c]) for line in table) for c in range(3)]
        for line in table:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
        print("\n" + "\n".join(notes))
    if profile_text:
        print("\nProfile of one more import run:\n" + profile_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
