"""Benchmark the statistics (every Dashboard figure) against plain sqlite3 running the same SQL.

    python tests/benchmarks/bench_stats.py [--bookings N] [--runs K] [--markdown] [--db PATH]

The database holds N sample bookings: without --db, a copy of /work/bench-data/bench-1m.sqlite3
when it exists and has at most N (the file itself is never opened for writing; the copy is
brought up to date by ``open_database``), otherwise a database built in a temporary folder with
``main.py sample`` (N defaults to 1,000,000 with the 1M file and to 100,000 without it, as on
CI). Sample bookings are one per person, 80 % of them flagged (an IDENT match), one charge each.

What the figures need is then added in bulk, bypassing the audit log on purpose (a benchmark
fixture is not a record): detainers on about one flagged booking in eight (and a few others),
received within two days of booking, with the form of their era and every decision and outcome
(released to ICE after a hold, released to the community, lifted, expired, superseded, still
open); convictions on 30 % of the charges (dated 1–14 months after booking, so some fall after
the period they are counted for); and the assault statute PC 245(a)(1) listed as a violent
felony beside robbery (PC 211, listed already).

Figures: ``statistics(db, Period(1 Jan, 31 Dec))`` for one busy year (2012), the same for one
facility and for one arresting agency, and for all the years there are bookings. Each is the
median (min–max) of K runs (at most 3 for all the years) after one untimed warm-up, timed with
perf_counter; its baseline is measured in the same run: the statements the app ran, captured
with a trace callback (parameters inlined), replayed on a plain ``sqlite3`` connection. Targets
for a year: under 1,000 ms and at most 1.5x raw. Then each statement of the one-year runs alone
on plain sqlite3, and the EXPLAIN QUERY PLAN of each statement that reads the records.

Sample bookings get random times, so a year's bookings are spread over every page of the
tables: a worst case for the page cache next to a real record, entered in time order (the
bookings of one year read as contiguous ids took a third of the time in one measurement).
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import (bench_detainers has Qt)

import argparse  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics as pystats  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

from bench_common import ms_since, raw_connect, replay, traced  # noqa: E402
from bench_detainers import (  # noqa: E402 (the script's folder is on sys.path)
    BULK,
    HISTORY_SQL,
    LIFT_REASONS,
    OFFICERS,
    OFFICES,
    VIA,
    count_bookings,
    form_of,
)

from models.clocks import hold_expiry  # noqa: E402
from models.county_calendar import load_calendar  # noqa: E402
from models.detainer_vocab import load_detainer_vocab  # noqa: E402
from models.settings import county_timezone  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.stats.compute import statistics  # noqa: E402
from models.stats.period import Filters, Period  # noqa: E402
from models.store import next_id, open_database, write_transaction  # noqa: E402
from models.synthetic import AGENCIES, FACILITIES  # noqa: E402
from models.timeutil import from_db_instant, to_db_instant  # noqa: E402

BENCH_1M = Path("/work/bench-data/bench-1m.sqlite3")
MAIN = Path(__file__).resolve().parents[2] / "main.py"
YEAR = 2012  # a busy year: sample bookings span 2008-11 to 2017-12 evenly
DETAINED = 0.125  # share of flagged bookings with a detainer (1 % of the others)
CONVICTED = 3  # in 10 charges
VIOLENT = ("PC 245(a)(1)", "violent_felony", "Assault with a deadly weapon", "benchmark")
#: What became of a detainer on a released booking: (status, decision, release, weight).
ENDINGS = (
    ("honoured", "honour", "ice", 30),
    ("expired", "honour", "community", 10),
    ("declined", "decline", "community", 20),
    ("notification_given", "notify_only", "community", 12),
    ("lifted", None, None, 15),
    ("superseded", None, None, 5),
    ("received", None, None, 2),
    ("under_review", None, None, 2),
    ("decided", "honour", None, 2),
    ("decided", "decline", None, 2),
)
#: On a booking still in custody nothing has ended yet.
OPEN_ENDINGS = (
    ("received", None, None, 3),
    ("under_review", None, None, 3),
    ("decided", "honour", None, 2),
    ("honoured", "honour", None, 6),
    ("declined", "decline", None, 4),
    ("notification_given", "notify_only", None, 2),
)
#: Which statement of ``statistics`` a traced SQL is (the first marker it contains).
STATEMENTS = (
    ("UNION ALL", "bookings, flagged people and convictions in one pass"),
    ("JOIN bookings b ON b.booked_at", "bookings by month, response, level, criminality"),
    ("JOIN detainers d ON d.received_at", "detainers by month, form, request, decision, outcome"),
    ("FROM persons p WHERE p.id IN", "flagged people by country and sex"),
    ("DISTINCT b2.person_id, c.statute", "convicted flagged people and statutes"),
    ("coalesce(d.released_to_ice_at", "held on an honoured detainer"),
)
LOOKUPS = "lookups and settings"
RECORDS = ("bookings", "detainers", "persons", "charges")
TARGET_MS, TARGET_RATIO = 1000, 1.5


# -- the database -------------------------------------------------------------------------------


def run_sample(path: Path, count: int) -> None:
    """Add ``count`` sample bookings to ``path`` with the app's own ``main.py sample``."""
    print(f"Adding {count:,} sample bookings to {path} (main.py sample)…", file=sys.stderr)
    cmd = [sys.executable, str(MAIN), "--db", str(path), "sample", "--bookings", str(count)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def add_detainers(db, actor, seed: int = 12) -> int:
    """A detainer on about one flagged booking in eight (1 % of the others); returns how many."""
    rng, tz = random.Random(seed), county_timezone(db)
    vocab, calendar = load_detainer_vocab(db), load_calendar(db)
    columns = [r[1] for r in db.execute("PRAGMA table_info(detainers)") if r[1] != "row_version"]
    names, marks = ", ".join(columns), ", ".join(f":{c}" for c in columns)
    endings = {False: ENDINGS, True: OPEN_ENDINGS}
    detainers, history, bookings = [], [], []
    rows = db.execute(
        "SELECT b.id, b.booked_at, b.release_eligible_at, b.released_at, "
        "m.response_type IN ('ident_match', 'ident_match_iar') FROM bookings b "
        "JOIN fingerprint_matches m ON m.booking_id = b.id ORDER BY b.id"
    )
    first = next_id(db, "detainers")
    for bid, booked, eligible, released, flagged in rows:
        if rng.random() >= (DETAINED if flagged else 0.01):
            continue
        det_id = first + len(detainers)
        booked, eligible = from_db_instant(booked), from_db_instant(eligible)
        released = from_db_instant(released)
        # Received after booking, before release eligibility when there is time for that.
        window = max(1800, min(48 * 3600, int((eligible - booked).total_seconds()) - 600))
        got = booked + timedelta(seconds=rng.randint(600, window))
        form = vocab.form(form_of(to_db_instant(got), rng))
        options = endings[released is None]
        status, decision, release, _w = rng.choices(options, [e[-1] for e in options])[0]
        hold = form.requests == "hold"
        rule = vocab.hold_rules[
            form.default_hold_rule if hold and decision in (None, "honour") else "not_permitted"
        ]
        start = max(eligible, got)
        expiry = hold_expiry(rule, start, tz, calendar).due_at if rule.is_permitted else None
        decided = got + timedelta(minutes=rng.randint(20, 6 * 60))
        row = dict.fromkeys(columns)
        row.update(id=det_id, booking_id=bid, form_code=form.code, edition=form.edition)
        row.update(received_at=to_db_instant(got), received_via=rng.choice(VIA), status=status)
        row.update(ice_office=rng.choice(OFFICES), ice_officer=rng.choice(OFFICERS))
        row.update(ice_subject_id=str(rng.randint(10**9, 10**10 - 1)), warrant_type="none")
        row.update(requests_hold=int(hold), requests_transfer=int(form.requests == "transfer"))
        row.update(requests_notification=int(form.requests == "notify" or rng.random() < 0.3))
        row.update(hold_rule=rule.code, hold_starts_at=to_db_instant(start))
        row.update(hold_expires_at=to_db_instant(expiry), policy_code="honour_all")
        row.update(recommendation="may_honour", recommendation_reasons=BULK)
        if form.code == "i247a":
            row.update(warrant_type=rng.choice(("i200", "i205")))
        if decision:
            row.update(decision=decision, decided_at=to_db_instant(decided))
            row.update(decided_by=actor.id, decision_reason=BULK)
        out = None
        if release == "ice":  # held past release eligibility until ICE came, within 48 hours
            out = max(start, decided) + timedelta(minutes=rng.randint(10, 47 * 60))
            row.update(released_to_ice_at=to_db_instant(out))
            bookings.append((to_db_instant(out), "released_to_ice", "ICE ERO", bid))
        elif release == "community":
            out = max(released, decided)
            row.update(released_to_community_at=to_db_instant(out))
        elif status == "lifted":
            out = got + timedelta(hours=rng.randint(2, 72))
            row.update(lift_reason=rng.choice(LIFT_REASONS), lifted_at=to_db_instant(out))
        elif status == "superseded":
            out = got + timedelta(hours=rng.randint(2, 24))
        detainers.append(row)
        history.append((det_id, "received", row["received_at"], actor.id, None))
        if decision:
            history.append((det_id, "decided", row["decided_at"], actor.id, None))
        if status not in ("received", "decided"):
            history.append((det_id, status, to_db_instant(out or decided), actor.id, BULK))
    with write_transaction(db):
        db.conn.executemany(f"INSERT INTO detainers ({names}) VALUES ({marks})", detainers)
        db.conn.executemany(HISTORY_SQL, history)
        db.conn.executemany(
            "UPDATE bookings SET released_at = ?, custody_status = ?, released_to = ?, "
            "release_reason = 'Released to ICE' WHERE id = ?",
            bookings,
        )
    return len(detainers)


def add_convictions(db) -> int:
    """Convict 30 % of the charges 1–14 months after booking; list PC 245(a)(1) as violent."""
    with write_transaction(db):
        db.execute(
            "UPDATE charges SET disposition = 'Pending' "
            f"WHERE disposition = 'Convicted' AND id % 10 >= {CONVICTED}"
        )
        db.execute(
            "UPDATE charges SET disposition = 'Convicted', conviction_date = date(("
            "SELECT b.booked_at FROM bookings b WHERE b.id = charges.booking_id), "
            "'+' || (30 + id * 37 % 400) || ' days') "
            f"WHERE disposition IS NOT NULL AND id % 10 < {CONVICTED}"
        )
        db.execute("UPDATE charges SET disposition_date = conviction_date "
                   "WHERE conviction_date IS NOT NULL")  # fmt: skip
        db.execute(
            "INSERT OR IGNORE INTO offense_categories (statute, category, label, source) "
            "VALUES (?, ?, ?, ?)",
            VIOLENT,
        )
    done = db.execute("SELECT count(*) FROM charges WHERE conviction_date IS NOT NULL")
    return done.fetchone()[0]


def prepare(args, tmp: Path) -> Path:
    """The database to measure: reused, copied or built, with detainers and convictions."""
    path = args.db or tmp / "bench.sqlite3"
    if not path.exists() and BENCH_1M.exists() and count_bookings(BENCH_1M) <= args.bookings:
        print(f"Copying {BENCH_1M} to {path}…", file=sys.stderr)
        shutil.copyfile(BENCH_1M, path)
    have = count_bookings(path) if path.exists() else 0
    if have < args.bookings:
        run_sample(path, args.bookings - have)
    db = open_database(path)  # brings a copy of an older database up to date (with a backup)
    if args.db is None:
        for backup in path.parent.glob(f"{path.stem}.before-*"):
            backup.unlink()  # the copy's own backup: the original is untouched anyway
    actor = current_staff(db)
    if not db.execute("SELECT 1 FROM detainers LIMIT 1").fetchone():
        t0 = time.perf_counter()
        made = add_detainers(db, actor)
        print(f"Added {made:,} detainers in {ms_since(t0) / 1000:.1f} s", file=sys.stderr)
    if not db.execute("SELECT 1 FROM charges WHERE conviction_date IS NOT NULL").fetchone():
        print(f"Convicted {add_convictions(db):,} charges", file=sys.stderr)
    db.close()
    return path


# -- the figures --------------------------------------------------------------------------------


def summary(s) -> str:
    return (
        f"{s.flagged.value:,} flagged, {s.detainers.value:,} detainers, "
        f"{s.released_to_ice.value:,} to ICE, no conviction {s.no_conviction.text}, "
        f"not violent {s.not_violent.text}"
    )


def check(s) -> None:
    """The run measured real work: every kind of figure has something in it."""
    empty = [
        key
        for key in ("flagged", "detainers", "released_to_ice", "convictions.violent",
                    "convictions.non_violent", "decisions.decline", "outcomes.lifted")
        if not s.figure(key).value
    ]  # fmt: skip
    if empty:
        raise RuntimeError(f"the benchmark database gives empty figures: {', '.join(empty)}")


def run_figures(k: int, path: Path):
    db = open_database(path)
    total = db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    detainers = db.execute("SELECT count(*) FROM detainers").fetchone()[0]
    convicted = db.execute("SELECT count(*) FROM charges WHERE conviction_date IS NOT NULL")
    convicted = convicted.fetchone()[0]
    first, last = db.execute("SELECT min(booked_at), max(booked_at) FROM bookings").fetchone()
    first, last = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    notes = [
        f"database: {total:,} bookings, {detainers:,} detainers, {convicted:,} charges with a "
        f"conviction date; bookings from {first} to {last}"
    ]
    year = YEAR if first.year <= YEAR <= last.year else last.year
    one_year = Period(date(year, 1, 1), date(year, 12, 31))
    ori = AGENCIES[0][0]
    cases = [
        (f"all figures, {year}", one_year, None, k),
        (f"all figures, {year}, facility '{FACILITIES[0]}'", one_year,
         Filters(facility=FACILITIES[0]), k),
        (f"all figures, {year}, agency {ori}", one_year, Filters(agency_ori=ori), k),
        (f"all figures, {first} – {last}", Period(first, last), None, min(k, 3)),
    ]  # fmt: skip
    notes.append(f"the all-years figure is the median of {min(k, 3)} runs (at most 3)")
    raw, rows, traces = raw_connect(path), [], {}
    for name, period, filters, runs in cases:
        targeted = period == one_year

        def action(period=period, filters=filters):
            return statistics(db, period, filters)

        check(action())  # the warm-up, untimed (page cache and statement cache)
        replay(raw, traced(db.conn, action, "fingerprint_matches")[2])
        app_ms, raw_ms = [], []
        for _ in range(runs):
            ms, result, stmts = traced(db.conn, action, "fingerprint_matches")
            app_ms.append(ms), raw_ms.append(replay(raw, stmts))
        rows.append((name, summary(result), app_ms, raw_ms, targeted))
        traces[name] = stmts
        notes.append(f"{name}: {len(stmts)} top-level SQL statement(s) per run")
    db.close()
    costs = {name: statement_costs(raw, traces[name], k) for name, *_r, runs in cases if runs == k}
    raw.close()
    return rows, notes, traces, costs


def statement_name(sql: str) -> str:
    for marker, name in STATEMENTS:
        if marker in sql:
            return name
    if not any(table in sql for table in RECORDS):
        return LOOKUPS
    short = " ".join(sql.split())
    return f"{short[:60]}…"


def statement_costs(raw: sqlite3.Connection, stmts: list[str], k: int) -> dict[str, tuple]:
    """Each statement alone on plain sqlite3: name → (median ms, rows), the lookups together."""
    out: dict[str, tuple] = {}
    for sql in stmts:
        if sql.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
            continue  # the read snapshot: each statement is timed on its own
        times, got = [], 0
        for _ in range(k):
            t0 = time.perf_counter()
            got = len(raw.execute(sql).fetchall())
            times.append(ms_since(t0))
        ms, n = out.get(statement_name(sql), (0.0, 0))
        out[statement_name(sql)] = (ms + pystats.median(times), n + got)
    return out


def cost_table(costs: dict[str, dict[str, tuple]]) -> list[tuple]:
    """Statements down, figures across: the median ms of each (rows returned)."""
    names = list(dict.fromkeys(n for per in costs.values() for n in per))
    table = [("statement alone on plain sqlite3: median ms (rows)", *costs)]
    for name in names:
        cells = []
        for per in costs.values():
            ms, n = per.get(name, (None, 0))
            cells.append("—" if ms is None else f"{ms:.1f} ({n:,})")
        table.append((name, *cells))
    return table


def cell(values: list[float]) -> str:
    fmt = "{:.2f}" if max(values) < 10 else "{:.1f}"
    spread = f" ({fmt.format(min(values))}–{fmt.format(max(values))})" if len(values) > 1 else ""
    return f"{fmt.format(pystats.median(values))} ms{spread}"


def verdict(app: list[float], raw: list[float], targeted: bool) -> tuple[str, str]:
    """The ratio app/raw of the medians, and the targets with whether they were met."""
    med = pystats.median(app)
    ratio = med / pystats.median(raw)
    text = f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"
    if not targeted:
        return text, "—"
    ms_ok = "ok" if med < TARGET_MS else "MISSED"
    ratio_ok = "ok" if ratio <= TARGET_RATIO else "MISSED"
    return text, f"< {TARGET_MS} ms: {ms_ok}; ≤ {TARGET_RATIO}× raw: {ratio_ok}"


def query_plans(path: Path, traces: dict[str, list[str]]) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement over the records, once per distinct shape."""
    conn, lines, seen = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True), [], set()
    for figure, statements in traces.items():
        for sql in dict.fromkeys(statements):
            name = statement_name(sql)
            if name == LOOKUPS:
                continue
            plan = [
                f"    {'  ' * (parent > 0)}{detail}"
                for _id, parent, _unused, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}")
            ]
            if (name, tuple(plan)) in seen:
                continue
            seen.add((name, tuple(plan)))
            short = " ".join(sql.split())
            short = f"{short[:400]}…" if len(short) > 400 else short
            lines += [f"\n{figure} — {name}:\n  {short}", *plan]
    conn.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, help="1,000,000 with the 1M file, else 100,000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--db", type=Path, help="reuse this database, or build it and keep it")
    args = parser.parse_args()
    if args.bookings is None:
        args.bookings = 1_000_000 if BENCH_1M.exists() else 100_000
    if args.db:
        args.db.parent.mkdir(parents=True, exist_ok=True)
    # Temporary databases go beside --db, on the same disk.
    with tempfile.TemporaryDirectory(dir=args.db.parent if args.db else None) as tmp:
        path = prepare(args, Path(tmp))
        rows, notes, traces, per_statement = run_figures(args.runs, path)
        plans = query_plans(path, traces)

    table = [("figure", "result", "app median (min–max)", "raw sqlite3 median", "ratio", "target")]
    table += [
        (name, result, cell(app_v), cell(raw_v), *verdict(app_v, raw_v, targeted))
        for name, result, app_v, raw_v, targeted in rows
    ]
    costs = cost_table(per_statement)
    machine = (
        f"Machine: nproc {len(os.sched_getaffinity(0))}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.platform()}"
    )
    command = f"Command: {shlex.join(['python', *sys.argv])}"
    if args.markdown:
        for t in (table, costs):
            t.insert(1, ("---",) * len(t[0]))
            print("\n".join("| " + " | ".join(line) + " |" for line in t) + "\n")
        print(f"{machine}  \n{command}\n\n" + "\n".join(f"- {note}" for note in notes))
    else:
        for t in (table, costs):
            widths = [max(len(line[c]) for line in t) for c in range(len(t[0]))]
            for line in t:
                print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
            print()
        print("\n".join([*notes, machine, command]))
    print("\nQuery plans:" + "\n".join(plans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
