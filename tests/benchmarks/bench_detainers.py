"""Benchmark the detainer side of Detainer Desk against plain sqlite3 running the same SQL.

    python tests/benchmarks/bench_detainers.py [--db PATH] [--bookings N] [--detainers D]
        [--repeat K] [--markdown] [--plans]

The database holds N sample bookings (``models.sample``; without --db a copy of
/work/bench-data/bench-1m.sqlite3 is used when it exists and has at most N, and that file itself
is never opened for writing) and D detainers. The detainers go straight into ``detainers`` and
``detainer_status_history`` with ``executemany`` in one transaction, so they bypass the audit
log on purpose: the audited verbs would take hours at this scale, and a benchmark fixture is
not a record. Their received dates spread over 2009–2026, each on a booking booked before it,
with the form of that date's era and every status, decision, office and receipt method. About
300 are open on in-custody bookings whose release-eligible time is moved near now before each
run (some holds overdue), so the Deadlines view has work. About one in ten of the rest is open
too, on a released booking (a record nobody closed), received while the person was held; these
are what ``refresh_clocks`` and the Deadlines queries walk past. Stored clocks are what the app
computes, so an untimed ``refresh_clocks`` before timing moves none (the notes say if it did).
One person gets two more bookings and a detainer through the app's own verbs (audited), for
the editor's preview.

Each figure is the median (min–max) of K runs in this one process, timed with perf_counter.
Its baseline is measured in the same run: the statements the app ran, captured with a trace
callback on its connection (parameters inlined), are replayed on a plain ``sqlite3`` connection.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse  # noqa: E402
import bisect  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import PySide6  # noqa: E402
from bench_common import (  # noqa: E402 (the script's folder is on sys.path)
    QT_WARNINGS,
    ms_since,
    qt_message,
    raw_connect,
    replay,
    traced,
)
from PySide6.QtCore import QEvent, QSettings, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.cases import create_case, get_case  # noqa: E402
from models.clocks import hold_expiry  # noqa: E402
from models.county_calendar import load_calendar  # noqa: E402
from models.detainer_clocks import assess, refresh_clocks, running_clocks  # noqa: E402
from models.detainer_list import DetainerQuery, detainer_ids, detainer_rows  # noqa: E402
from models.detainer_vocab import load_detainer_vocab  # noqa: E402
from models.detainers import create_detainer, get_detainer  # noqa: E402
from models.records import (  # noqa: E402
    OPEN_STATUSES,
    Case,
    CustodyStatus,
    Detainer,
    DetainerStatus,
)
from models.sample import insert_sample  # noqa: E402
from models.settings import county_timezone  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.store import next_id, open_database, write_transaction  # noqa: E402
from models.timeutil import from_db_instant, to_db_instant, utc_now  # noqa: E402
from ui.deadlines_model import PERSON  # noqa: E402
from ui.main_window import DEADLINES_PAGE, MainWindow  # noqa: E402

BENCH_1M = Path("/work/bench-data/bench-1m.sqlite3")
LIVE = 300  # open detainers on in-custody bookings with clocks near now
LIVE_NOTE = "benchmark: running clock"
THIRD_BOOKINGS = ("BENCH-P3-2", "BENCH-P3-3")  # the person with three bookings
FIRST_RECEIVED = datetime(2009, 1, 1, tzinfo=UTC)
OFFICES = tuple(
    f"ICE ERO {city} Field Office"
    for city in ("San Francisco", "Los Angeles", "San Diego", "Phoenix", "Seattle", "Denver")
)
OFFICERS = ("SDDO R. Whitfield", "IEA K. Moreno", "DO P. Lindqvist", "DO A. Okafor", "IEA S. Tran")
# About one detainer in ten still open, most closed long ago; "honoured" counts as open.
STATUS_WEIGHTS = {
    "received": 2,
    "under_review": 2,
    "decided": 2,
    "honoured": 4,
    "declined": 22,
    "notification_given": 14,
    "lifted": 24,
    "superseded": 8,
    "expired": 22,
}
DECISION_OF = {
    "honoured": "honour",
    "expired": "honour",
    "declined": "decline",
    "notification_given": "notify_only",
}
VIA = ("fax", "fax", "fax", "email", "mail", "in_person")
BULK = "Benchmark row (bulk insert, not audited)."
LIFT_REASONS = ("case_closed", "duplicate", "early_release", "no_longer_in_custody", "not_amenable")
OPEN = {str(s) for s in OPEN_STATUSES}
HISTORY_SQL = (
    "INSERT INTO detainer_status_history (detainer_id, status, changed_at, staff_id, note) "
    "VALUES (?, ?, ?, ?, ?)"
)
# The SELECT of refresh_clocks and running_clocks.
WALK = "FROM detainers d JOIN bookings b"
# When a figure counts as slow. The Deadlines view reads on start, after a save and every five
# minutes, never per keystroke: over 100 ms (a delay a clerk notices) is slow. A page of the
# Detainers list is read while scrolling: over 20 ms is slow.
LOAD, PAGE = ("<", 100), ("<", 20)







# -- the database -------------------------------------------------------------------------------


def count_bookings(path: Path) -> int:
    """Bookings in ``path``, read without writing anything to it (not even a -shm file)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM bookings").fetchone()[0]
    finally:
        conn.close()


def form_of(received: str, rng: random.Random) -> str:
    """The form ICE used on the day ``received`` (ISO text), notification and transfer too."""
    if received < "2012-12-01":
        return "i247_2008"
    if received < "2015-07-02":
        return "i247_2012"
    if received < "2017-04-02":
        return rng.choices(("i247d", "i247n", "i247x"), (7, 2, 1))[0]
    return rng.choices(("i247a", "i247n", "i247x"), (15, 4, 1))[0]


def booking_index(db) -> tuple[list[int], list[str], list[bool]]:
    """Every booking's id and booked time, earliest first, and whether it is still in custody."""
    ids, booked, held = [], [], []
    for bid, at, in_custody in db.execute(
        "SELECT id, booked_at, custody_status = 'in_custody' AND released_at IS NULL "
        "FROM bookings ORDER BY booked_at, id"
    ):
        ids.append(bid), booked.append(at), held.append(bool(in_custody))
    return ids, booked, held


def eligible_times(db, booking_ids: set[int]) -> dict[int, str | None]:
    out, ids = {}, sorted(booking_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, release_eligible_at FROM bookings WHERE id IN ({marks})"
        out.update(db.execute(sql, chunk).fetchall())
    return out


def add_detainers(db, actor, count: int, live: int, seed: int) -> None:
    """Insert ``count`` detainers (``live`` of them on in-custody bookings) in one transaction."""
    rng, tz = random.Random(seed), county_timezone(db)
    vocab, calendar = load_detainer_vocab(db), load_calendar(db)
    ids, booked, held = booking_index(db)
    custody = [bid for bid, h in zip(ids, held, strict=True) if h]
    live = min(live, len(custody))
    latest = to_db_instant(utc_now() - timedelta(days=14))
    span = int((datetime.fromisoformat(latest) - FIRST_RECEIVED).total_seconds())
    # [booking id, received, status, live, booked]: an open one other than the live ones is on
    # a released booking (nobody closed it) and arrived between booking and release eligibility,
    # so its hold starts at the release-eligible time; the others arrive any time after booking.
    plan = []
    for bid in rng.sample(custody, live):  # retime_live sets their times before every run
        plan.append([bid, to_db_instant(utc_now()), rng.choice(sorted(OPEN)), True, None])
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    for _ in range(count - live):
        status = rng.choices(statuses, weights)[0]
        if status in OPEN:
            i = rng.randrange(len(ids))
            while held[i]:
                i = rng.randrange(len(ids))
            plan.append([ids[i], None, status, False, booked[i]])
            continue
        received = to_db_instant(FIRST_RECEIVED + timedelta(seconds=rng.randrange(span)))
        i = rng.randrange(max(1, bisect.bisect_left(booked, received)))  # booked before it came
        plan.append([ids[i], received, status, False, None])
    eligible = eligible_times(db, {p[0] for p in plan})
    for entry in plan:
        if entry[1] is None:
            got, until = datetime.fromisoformat(entry[4]), from_db_instant(eligible[entry[0]])
            entry[1] = to_db_instant(got + (until - got) * rng.random()) if until else entry[4]
    del ids, booked, held, custody

    # Every column but row_version (its default); what a row does not set stays NULL.
    columns = [r[1] for r in db.execute("PRAGMA table_info(detainers)") if r[1] != "row_version"]
    names, marks = ", ".join(columns), ", ".join(f":{c}" for c in columns)
    detainers, history = [], []
    with write_transaction(db):
        first = next_id(db, "detainers")
        for n, (bid, received, status, is_live, _booked) in enumerate(plan):
            det_id, form = first + n, vocab.form(form_of(received, rng))
            got = datetime.fromisoformat(received)
            decision = DECISION_OF.get(status)
            if status == "decided":
                decision = rng.choice(("honour", "decline", "notify_only"))
            hold = form.requests == "hold"
            rule = vocab.hold_rules[
                form.default_hold_rule if hold and decision in (None, "honour") else "not_permitted"
            ]
            start = from_db_instant(eligible[bid])
            if start is not None:  # a hold starts no earlier than the request for it came
                start = max(start, got)
            permitted = rule.is_permitted and start is not None
            expiry = hold_expiry(rule, start, tz, calendar).due_at if permitted else None
            decided_at = to_db_instant(got + timedelta(hours=rng.randint(1, 30)))
            ended = to_db_instant(got + timedelta(hours=rng.randint(31, 24 * 30)))
            row = dict.fromkeys(columns)
            row.update(id=det_id, booking_id=bid, form_code=form.code, edition=form.edition)
            row.update(received_at=received, received_via=rng.choice(VIA), status=status)
            row.update(ice_office=rng.choice(OFFICES), ice_officer=rng.choice(OFFICERS))
            row.update(ice_subject_id=str(rng.randint(10**9, 10**10 - 1)))
            row.update(event_number=f"SFR{rng.randint(10**6, 10**7 - 1)}")
            row.update(
                warrant_type=rng.choice(("i200", "i205")) if form.code == "i247a" else "none"
            )
            row.update(requests_hold=int(hold), requests_transfer=int(form.requests == "transfer"))
            row.update(requests_notification=int(form.requests == "notify" or rng.random() < 0.3))
            row.update(hold_rule=rule.code, hold_starts_at=to_db_instant(start))
            row.update(hold_expires_at=to_db_instant(expiry), policy_code="honour_all")
            row.update(recommendation="may_honour", recommendation_reasons=BULK)
            if decision:
                row.update(decision=decision, decided_at=decided_at, decided_by=actor.id)
                row.update(decision_reason=BULK)
            if status == "lifted":
                row.update(lift_reason=rng.choice(LIFT_REASONS), lifted_at=ended)
            if status == "expired":
                row.update(released_to_community_at=ended)
            row.update(notes=LIVE_NOTE if is_live else None)
            detainers.append(row)
            history.append((det_id, "received", received, actor.id, None))
            if decision:
                history.append((det_id, "decided", decided_at, actor.id, None))
            if status not in ("received", "decided"):
                at = decided_at if status in ("under_review", "honoured") else ended
                history.append((det_id, status, at, actor.id, None))
        db.conn.executemany(f"INSERT INTO detainers ({names}) VALUES ({marks})", detainers)
        db.conn.executemany(HISTORY_SQL, history)


def retime_live(db, now: datetime) -> int:
    """Move the live detainers and their bookings' release-eligible times near ``now``.

    Release eligibility falls from 72 hours before to 30 hours after ``now``, and each detainer
    arrived up to two days before it (and before ``now``), so under a 48-hour rule about a
    quarter of the holds are overdue and some are due within the day. The stored clocks are set
    to what the app computes, as a save would leave them (unaudited, like the bulk rows).
    """
    rng, tz = random.Random(2), county_timezone(db)
    vocab, calendar = load_detainer_vocab(db), load_calendar(db)
    rows = db.execute(
        "SELECT id, booking_id, hold_rule FROM detainers WHERE notes = ? ORDER BY id", [LIVE_NOTE]
    ).fetchall()
    bookings, detainers, history = [], [], []
    for det_id, bid, code in rows:
        rule = vocab.hold_rules[code]
        start = now + timedelta(minutes=rng.randint(-72 * 60, 30 * 60))
        got = to_db_instant(min(start, now) - timedelta(minutes=rng.randint(60, 48 * 60)))
        expiry = hold_expiry(rule, start, tz, calendar).due_at if rule.is_permitted else None
        bookings.append((to_db_instant(start), bid))
        detainers.append((got, got, to_db_instant(start), to_db_instant(expiry), det_id))
        history.append((got, det_id))
    with write_transaction(db):
        db.conn.executemany("UPDATE bookings SET release_eligible_at = ? WHERE id = ?", bookings)
        db.conn.executemany(
            "UPDATE detainers SET received_at = ?, decided_at = iif(decided_at IS NULL, NULL, ?), "
            "hold_starts_at = ?, hold_expires_at = ? WHERE id = ?",
            detainers,
        )
        db.conn.executemany(
            "UPDATE detainer_status_history SET changed_at = ? WHERE detainer_id = ?", history
        )
    return len(rows)


def three_booking_detainer(db, actor, tz) -> Detainer:
    """A detainer of a person with three bookings, made once through the app's verbs."""
    found = db.execute(
        "SELECT id FROM bookings WHERE booking_number = ?", [THIRD_BOOKINGS[-1]]
    ).fetchone()
    if found is None:
        base = db.execute(
            "SELECT id FROM bookings WHERE custody_status = 'released' ORDER BY id LIMIT 1"
        ).fetchone()[0]
        case = get_case(db, base)
        for n, number in enumerate(THIRD_BOOKINGS):
            booked = datetime(2018 + 2 * n, 5, 6, 17, tzinfo=UTC)
            booking = replace(
                case.booking,
                id=None,
                booking_number=number,
                booked_at=booked,
                release_eligible_at=booked + timedelta(days=2),
                released_at=booked + timedelta(days=2, hours=1),
                custody_status=CustodyStatus.RELEASED,
                row_version=0,
            )
            new = create_case(
                db,
                Case(
                    case.person,
                    booking,
                    tuple(replace(c, id=None) for c in case.charges),
                    tuple(replace(m, id=None) for m in case.matches),
                ),
                actor,
            )
        create_detainer(
            db,
            Detainer(
                id=None,
                booking_id=new.id,
                form_code="i247a",
                received_at=booked + timedelta(hours=3),
                received_via="fax",
                ice_office=OFFICES[0],
                warrant_type="i200",
                requests_hold=True,
                boxes=("pc_biometric",),
            ),
            actor,
            tz,
        )
        found = (new.id,)
    det_id = db.execute(
        "SELECT id FROM detainers WHERE booking_id = ? ORDER BY id LIMIT 1", found
    ).fetchone()[0]
    return get_detainer(db, det_id)


def prepare(args, tmp: Path) -> Path:
    """The database to measure: reused, copied or built, with its detainers in place."""
    path = args.db or tmp / "bench.sqlite3"
    if args.db is None and BENCH_1M.exists() and count_bookings(BENCH_1M) <= args.bookings:
        print(f"Copying {BENCH_1M} to {path}…", file=sys.stderr)
        shutil.copyfile(BENCH_1M, path)
    db = open_database(path)  # adds the detainer tables to an older database (with a backup)
    if args.db is None:
        for backup in tmp.glob("*.before-*"):
            backup.unlink()  # the copy's own backup: the original is untouched anyway
    actor = current_staff(db)
    have = db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    if have < args.bookings:
        print(f"Adding {args.bookings - have:,} sample bookings…", file=sys.stderr)
        insert_sample(db, args.bookings - have, actor)
    detainers = db.execute("SELECT count(*) FROM detainers").fetchone()[0]
    if detainers < args.detainers:
        live = db.execute("SELECT count(*) FROM detainers WHERE notes = ?", [LIVE_NOTE])
        live = max(0, min(LIVE, args.detainers // 10) - live.fetchone()[0])
        print(f"Adding {args.detainers - detainers:,} detainers ({live} live)…", file=sys.stderr)
        t0 = time.perf_counter()
        add_detainers(db, actor, args.detainers - detainers, live, seed=detainers + 7)
        print(f"  took {ms_since(t0) / 1000:.1f} s", file=sys.stderr)
    three_booking_detainer(db, actor, county_timezone(db))
    db.close()
    return path


# -- the figures --------------------------------------------------------------------------------


def show_deadlines(window: MainWindow) -> None:
    """Let the window paint (offscreen, processEvents paints), then check the clocks shown."""
    QApplication.processEvents()
    table, model = window.deadlines.table, window.deadlines.model
    assert window.stack.currentIndex() == DEADLINES_PAGE and table.isVisible()
    last = table.rowAt(table.viewport().height() - 1)
    for row in (0, last if last >= 0 else model.rowCount() - 1):
        assert model.data(model.index(row, PERSON)), f"deadline row {row} not shown"


def dispose(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    window.db.close()


def run_figures(k: int, path: Path, tmp: Path, now: datetime):
    rows, notes, plans = [], [], {}

    def add(name, result, app, raw, target, stmts):
        rows.append((name, result, app, raw, target))
        notes.append(f"{name}: {len(stmts)} top-level SQL statement(s) per run")
        plans[name] = [s for s in stmts if "detainers" in s and s.lstrip().startswith("SELECT")]

    db = open_database(path)
    actor, tz = current_staff(db), county_timezone(db)
    live = retime_live(db, now)
    # The bulk clocks are meant to be what the app computes; one untimed refresh proves it (and
    # puts right, audited, any that are not, so that the timed runs measure a steady state).
    settled = len(refresh_clocks(db, actor))
    preview = three_booking_detainer(db, actor, tz)
    vocab = load_detainer_vocab(db)
    total = db.execute("SELECT count(*) FROM detainers").fetchone()[0]
    bookings = db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    db.close()
    notes.append(f"database: {bookings:,} bookings, {total:,} detainers ({live} live clocks)")
    notes.append(f"before timing, one refresh_clocks moved {settled} stored clock(s) (expected 0)")

    # 1. Opening the main window until the Deadlines page (shown first) has painted.
    app_ms, raw_ms, windows, stmts = [], [], [], []
    for i in range(k):
        if windows:
            dispose(windows.pop())
        db = open_database(path)

        def build(db=db, i=i):
            window = MainWindow(
                db, actor, path, QSettings(str(tmp / f"w-{i}.ini"), QSettings.Format.IniFormat)
            )
            window.show()
            show_deadlines(window)
            windows.append(window)
            return window.deadlines.model.rowCount()

        ms, shown, stmts = traced(db.conn, build, expect=WALK)
        raw = raw_connect(path)  # just opened too
        app_ms.append(ms), raw_ms.append(replay(raw, stmts))
        raw.close()
    dispose(windows.pop())
    add("open main window, Deadlines painted", f"{shown} clocks", app_ms, raw_ms, None, stmts)

    db, raw = open_database(path), raw_connect(path)

    def measure(name, action, expect, result, target=None, baseline=None):
        app_ms, raw_ms = [], []
        for _ in range(k):
            ms, value, stmts = traced(db.conn, action, expect)
            app_ms.append(ms)
            raw_ms.append(replay(raw, baseline(stmts) if baseline else stmts))
        add(name, result(value), app_ms, raw_ms, target, stmts)
        return value

    # 2. The Deadlines view's load, everything and the start-up "within 24 hours" notice.
    def clocks(value):
        holds = sum(c.kind == "hold" for c in value)
        return f"{holds} holds, {len(value) - holds} decisions"

    name, day = "running_clocks", timedelta(hours=24)
    measure(f"{name} (Deadlines load)", lambda: running_clocks(db, now=now), WALK, clocks, LOAD)
    soon = lambda: running_clocks(db, within=day, now=now)  # noqa: E731
    measure(f"{name} within 24 h", soon, WALK, clocks, LOAD)

    # 3. The Detainers list: the ids of a query, newest first, then one page of rows.
    def ids_of(query):
        return lambda: detainer_ids(db, query, tz)

    def count(value):
        return f"{len(value):,} ids"

    every = measure("detainer_ids, no filter", ids_of(DetainerQuery()), "FROM detainers", count)
    for status in (DetainerStatus.RECEIVED, DetainerStatus.DECLINED):
        query = DetainerQuery(status=status)
        measure(f"detainer_ids, status {status}", ids_of(query), "d.status", count)
    query = DetainerQuery(form_code="i247a", received_from=date(2019, 1, 1))
    query = replace(query, received_to=date(2019, 12, 31))
    measure("detainer_ids, I-247A received in 2019", ids_of(query), "d.form_code", count)
    page = every[:200]
    measure(
        "detainer_rows, first page of 200",
        lambda: detainer_rows(db, page),
        "WHERE d.id IN",
        lambda v: f"{len(v)} rows",
        PAGE,
    )

    # 4. What adding a county holiday costs: every open hold's clock worked out again (none
    # moves); and what a policy change costs: open undecided detainers assessed again too.
    marks = ", ".join("?" * len(OPEN))
    opened = db.execute(f"SELECT count(*) FROM detainers WHERE status IN ({marks})", list(OPEN))
    opened = opened.fetchone()[0]
    measure(
        "refresh_clocks after a holiday (clocks only)",
        lambda: refresh_clocks(db, actor, advice=False),
        WALK,
        lambda v: f"{opened:,} open walked, {len(v)} moved",
        baseline=lambda stmts: [s for s in stmts if WALK in s],
    )
    measure(
        "refresh_clocks after a policy change (advice too)",
        lambda: refresh_clocks(db, actor),
        WALK,
        lambda v: f"{opened:,} open walked, {len(v)} moved",
        baseline=lambda stmts: [s for s in stmts if WALK in s],
    )
    notes.append(
        "refresh_clocks: the raw column is its one SELECT of the open detainers; the "
        "app's time adds a write transaction, a hold expiry worked out per row and, after a "
        "policy change, the policy's evaluation of every open undecided detainer"
    )

    # 5. The editor's live preview: one assessment of a detainer of a person with 3 bookings.
    measure(
        "assess (editor preview, person with 3 bookings)",
        lambda: assess(db, preview, tz, vocab),
        "FROM charges",
        lambda v: f"rule {v.rule.code}",
    )
    raw.close()
    db.close()
    return rows, notes, plans


def cell(values: list[float]) -> str:
    if not values:
        return "—"
    fmt = "{:.2f}" if max(values) < 10 else "{:.1f}"
    spread = f" ({fmt.format(min(values))}–{fmt.format(max(values))})" if len(values) > 1 else ""
    return f"{fmt.format(statistics.median(values))} ms{spread}"


def verdict(app: list[float], raw: list[float], target) -> tuple[str, str]:
    """The ratio app/raw of the medians, and the target with whether it was met."""
    med = statistics.median(app)
    ratio = med / statistics.median(raw) if raw else None
    ratio_text = "—" if ratio is None else f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"
    if target is None:
        return ratio_text, "—"
    sign, value = target
    ok = med < value if sign == "<" else med <= value
    return ratio_text, f"{sign} {value} ms: {'ok' if ok else 'MISSED'}"


def query_plans(path: Path, plans: dict[str, list[str]]) -> list[str]:
    """EXPLAIN QUERY PLAN of every distinct SELECT over detainers, under its figure's name."""
    conn, lines = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True), []
    for name, statements in plans.items():
        for sql in dict.fromkeys(statements):
            short = " ".join(sql.split())
            lines.append(f"\n{name}:\n  {short[:300]}{'…' if len(short) > 300 else ''}")
            for _id, parent, _unused, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
                lines.append(f"    {'  ' * (parent > 0)}{detail}")
    conn.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse this database, or build it and keep it")
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--detainers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--plans", action="store_true", help="print the query plans too")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])  # noqa: F841 - must outlive every window
    qInstallMessageHandler(qt_message)
    if args.db:
        args.db.parent.mkdir(parents=True, exist_ok=True)
    # Temporary databases go beside --db, on the same disk.
    with tempfile.TemporaryDirectory(dir=args.db.parent if args.db else None) as tmp:
        path = prepare(args, Path(tmp))
        now = utc_now().replace(microsecond=0)
        rows, notes, plans = run_figures(args.repeat, path, Path(tmp), now)
        plan_lines = query_plans(path, plans) if args.plans else []

    table = [("figure", "result", "app median (min–max)", "raw sqlite3 median", "ratio", "target")]
    table += [
        (name, result, cell(app_v), cell(raw_v), *verdict(app_v, raw_v, target))
        for name, result, app_v, raw_v, target in rows
    ]
    machine = (
        f"Machine: nproc {len(os.sched_getaffinity(0))}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, PySide6 "
        f"{PySide6.__version__}, {platform.platform()}"
    )
    command = f"Command: {shlex.join(['python', *sys.argv])}"
    if args.markdown:
        table.insert(1, ("---",) * 6)
        print("\n".join("| " + " | ".join(line) + " |" for line in table))
        print(f"\n{machine}  \n{command}\n\n" + "\n".join(f"- {note}" for note in notes))
    else:
        widths = [max(len(line[c]) for line in table) for c in range(6)]
        for line in table:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
        print("\n".join(["", *notes, machine, command]))
    if plan_lines:
        print("\nQuery plans:" + "\n".join(plan_lines))
    print(f"Qt warnings: {len(QT_WARNINGS)}", file=sys.stderr)
    return 1 if QT_WARNINGS else 0


if __name__ == "__main__":
    sys.exit(main())
