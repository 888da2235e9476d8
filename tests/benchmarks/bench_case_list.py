"""Benchmark the case list of Detainer Desk against plain sqlite3 running the same SQL.

    python tests/benchmarks/bench_case_list.py [--bookings N] [--db PATH] [--repeat K] [--markdown]

Each figure is the median (min–max) of K runs in this one process, timed with perf_counter.
Its baseline is measured in the same run: the statements the app ran, captured with a trace
callback on its connection (parameters inlined), are replayed on a plain ``sqlite3`` connection.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
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
from PySide6.QtCore import QEvent, QSettings, Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.cases import get_case, update_case  # noqa: E402
from models.sample import BULK_CACHE_KIB, INSERTS, insert_sample, sample_chunks  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.store import open_database  # noqa: E402
from models.synthetic import FACILITIES  # noqa: E402
from ui.case_table_model import BOOKED, NAME  # noqa: E402
from ui.main_window import CASES_PAGE, MainWindow  # noqa: E402

SLICE = 100_000
# A child's ru_maxrss starts at its parent's peak (Linux keeps it across fork and exec), so the
# child processes print VmHWM instead: the peak of their own address space, in KiB.
HWM = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
RAW_PROBE = ("import json, sqlite3, sys\nconn = sqlite3.connect(sys.argv[1])\n"
             "for sql in json.load(sys.stdin):\n    conn.execute(sql).fetchall()\n" + HWM)







def show_rows(window: MainWindow) -> None:
    """Let the window paint (offscreen, processEvents paints), then check the rows shown."""
    QApplication.processEvents()
    table, model = window.cases.table, window.case_model
    for y in (0, table.viewport().height() - 1):
        row = table.rowAt(y) if table.rowAt(y) >= 0 else model.rowCount() - 1
        assert not model.rowCount() or model.data(model.index(row, NAME)), f"row {row} not shown"


def new_window(db, actor, path: Path, ini: Path) -> MainWindow:
    window = MainWindow(db, actor, path, QSettings(str(ini), QSettings.Format.IniFormat))
    window.show_area(CASES_PAGE)  # the app opens on Deadlines; this measures the case list
    window.show()
    show_rows(window)
    return window


def dispose(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    window.db.close()


def app_sample(path: Path, count: int) -> tuple[float, int]:
    """Time insert_sample of ``count`` bookings into ``path``: (ms, first new booking id)."""
    db = open_database(path)
    actor, t0 = current_staff(db), time.perf_counter()
    first, elapsed = insert_sample(db, count, actor), ms_since(t0)
    db.close()
    return elapsed, first


def raw_sample(path: Path, first: int, count: int) -> tuple[float, float]:
    """insert_sample's SQL on plain sqlite3 into a fresh database: (SQL ms, generation ms)."""
    open_database(path).close()  # the same schema, made by the app
    conn = raw_connect(path)
    conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")  # as insert_sample does
    gen_ms, t0 = 0.0, time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR IGNORE INTO facilities (name) VALUES (?)",
                     [(f,) for f in FACILITIES])
    trigger_sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                               "name = 'bookings_fts_insert'").fetchone()[0]
    conn.execute("DROP TRIGGER bookings_fts_insert")
    chunks, g0 = sample_chunks(first, count), time.perf_counter()
    for chunk in chunks:  # the rows are generated off the clock, as if pre-generated
        gen_ms += ms_since(g0)
        for table, sql in INSERTS.items():
            conn.executemany(sql, chunk[table])
        g0 = time.perf_counter()
    gen_ms += ms_since(g0)
    conn.execute("INSERT INTO bookings_fts (rowid, names, identifiers) SELECT booking_id, names, "
                 "identifiers FROM booking_search_text WHERE booking_id >= ?", [first])
    conn.execute(trigger_sql)
    conn.execute("COMMIT")
    total = ms_since(t0)
    conn.close()
    return total - gen_ms, gen_ms


def probe_app(path: Path) -> int:
    """Child process for peak memory: open the database and show the first page, nothing else."""
    app = QApplication([])  # noqa: F841 - must outlive the window
    qInstallMessageHandler(qt_message)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(path)
        dispose(new_window(db, current_staff(db), path, Path(tmp) / "probe.ini"))
    exec(HWM)
    return 1 if QT_WARNINGS else 0


def peak_mb(path: Path, statements: list[str] | None = None) -> float:
    """Peak RSS of a child: this script's app probe, or plain sqlite3 running ``statements``."""
    argv = ["-c", RAW_PROBE, str(path)] if statements else [__file__, "--probe", str(path)]
    out = subprocess.run([sys.executable, *argv], input=json.dumps(statements or []),
                         capture_output=True, text=True)
    if out.returncode or out.stderr.strip():
        QT_WARNINGS.append(f"memory probe: {out.stderr.strip()}")
        print(out.stderr, file=sys.stderr)
    return int(out.stdout.split()[-1]) / 1024


def run_figures(k: int, path: Path, tmp: Path, sample: tuple[int, int, float] | None):
    rows, notes = [], []

    def add(name, unit, app, raw, target, stmts=None):
        rows.append((name, unit, app, raw, target))
        if stmts is not None:
            notes.append(f"{name}: {len(stmts)} top-level SQL statement(s) per run")

    db = open_database(path)
    actor, total = current_staff(db), db.execute("SELECT count(*) FROM bookings").fetchone()[0]
    mid, person = db.execute("SELECT id, person_id FROM bookings ORDER BY id LIMIT 1 OFFSET ?",
                             [total // 2]).fetchone()
    a_number = db.execute("SELECT a_number FROM persons WHERE id >= ? AND a_number IS NOT NULL "
                          "ORDER BY id LIMIT 1", [person]).fetchone()[0]
    db.close()

    # 1. First page: from a just-opened database to the main window painted (construction too).
    app_ms, raw_ms, windows = [], [], []
    for i in range(k):
        if windows:
            dispose(windows.pop())
        db = open_database(path)
        ms, _result, first_page_sql = traced(db.conn, lambda db=db, i=i: windows.append(
            new_window(db, actor, path, tmp / f"first-{i}.ini")), expect="LIMIT")
        raw = raw_connect(path)  # just opened too
        app_ms.append(ms), raw_ms.append(replay(raw, first_page_sql))
        raw.close()
    add("first page (window built + painted)", "ms", app_ms, raw_ms, ("≤", 150), first_page_sql)

    window, raw = windows[0], raw_connect(path)
    db, panel, model, table = window.db, window.cases, window.case_model, window.cases.table

    def measure(name, prepare, action):
        app_ms, raw_ms, stmts = [], [], []
        for _ in range(k):
            prepare()
            QApplication.processEvents()
            ms, _result, stmts = traced(db.conn, action, expect="LIMIT")
            app_ms.append(ms), raw_ms.append(replay(raw, stmts))
        add(name, "ms", app_ms, raw_ms, ("<", 50), stmts)

    # 2. Jump to the last row with a cold page cache (only the top page is cached).
    def to_bottom():
        table.scrollToBottom()
        show_rows(window)
        assert table.rowAt(table.viewport().height() - 1) == model.rowCount() - 1

    measure("jump to last row", lambda: (table.scrollToTop(), model.refresh()), to_bottom)

    # 3. Search: the text typed, then the filter applied at once (no 150 ms debounce wait).
    def search(text):
        def action():
            panel.search.setText(text)
            panel.apply_filters()
            show_rows(window)
            assert model.rowCount(), f"the search {text!r} found nothing"
        return action

    measure("name-prefix search 'garc'", panel.clear_filters, search("garc"))
    prefix = a_number[:6]
    measure(f"A-number prefix search '{prefix}'", panel.clear_filters, search(prefix))
    panel.clear_filters()

    # 4. One facility picked while the list is sorted by name (the sort was clicked earlier).
    header, facility = table.horizontalHeader(), window.controller.vocab.facilities[0]
    header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)

    def pick_facility():
        panel.facility.setCurrentIndex(panel.facility.findData(facility))
        show_rows(window)

    measure(f"facility '{facility}', by name", lambda: panel.facility.setCurrentIndex(0),
            pick_facility)
    panel.facility.setCurrentIndex(0)
    header.setSortIndicator(BOOKED, Qt.SortOrder.DescendingOrder)

    # 5. Save one edit (the notes alternate, so every run changes something), audit included.
    case, app_ms, raw_ms, saved = get_case(db, mid), [], [], []
    for _ in range(k):
        text = "benchmark edit " + ("B" if case.booking.notes == "benchmark edit A" else "A")
        edited = case.replace(booking=replace(case.booking, notes=text))
        ms, _result, stmts = traced(
            db.conn, lambda e=edited: saved.append(update_case(db, e, actor)),
            expect="INSERT INTO audit_log")
        case, t0 = saved[-1], time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE bookings SET notes = ? WHERE id = ?", [text, mid + 1])
        raw.execute("COMMIT")
        app_ms.append(ms), raw_ms.append(ms_since(t0))
    add("save one edit (update_case)", "ms", app_ms, raw_ms, None, stmts)
    raw.close()
    dispose(window)

    # 6. Sample insert rate: insert_sample vs the same SQL on plain sqlite3, both into new files.
    if sample is not None:
        first, count, ms = sample
        sql_ms, gen_ms = raw_sample(tmp / "raw-sample.sqlite3", first, count)
        app_rate, raw_rate, gen = [count / ms * 1000], [count / sql_ms * 1000], [gen_ms]
        notes.append(f"sample: building the database with insert_sample ({count:,} bookings, "
                     f"1 run) took {ms / 1000:.1f} s")
    else:
        count, app_rate, raw_rate, gen = min(SLICE, total), [], [], []
        for i in range(k):
            ms, first = app_sample(tmp / f"app-{i}.sqlite3", count)
            sql_ms, gen_ms = raw_sample(tmp / f"raw-{i}.sqlite3", first, count)
            app_rate.append(count / ms * 1000), raw_rate.append(count / sql_ms * 1000)
            gen.append(gen_ms)
            for file in tmp.glob(f"*-{i}.sqlite3*"):
                file.unlink()
        notes.append(f"sample: the database was reused, so the rate is of {count:,}-booking "
                     "slices, each into a fresh database")
    notes.append(f"sample: generating the rows in Python (sample_chunks) takes "
                 f"{statistics.median(gen) / 1000:.2f} s of the app's time; raw gets them free")
    add(f"sample insert rate ({count:,} bookings)", "rows/s", app_rate, raw_rate, ("≥", 0.5))

    # 7. Peak memory, headline from a process that only opens the database and shows page one.
    add("peak memory: open + first page (subprocess)", "MB", [peak_mb(path)],
        [peak_mb(path, first_page_sql)], ("<", 200))
    in_process = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    add("peak memory: this whole benchmark run", "MB", [in_process], [], None)
    return rows, notes


def cell(values: list[float], unit: str) -> str:
    if not values:
        return "—"
    fmt = {"ms": "{:.1f}", "rows/s": "{:,.0f}", "MB": "{:.0f}"}[unit].format
    spread = f" ({fmt(min(values))}–{fmt(max(values))})" if len(values) > 1 else ""
    return f"{fmt(statistics.median(values))} {unit}{spread}"


def verdict(unit: str, app: list[float], raw: list[float], target) -> tuple[str, str]:
    """The ratio app/raw of the medians, and the target with whether it was met."""
    med = statistics.median(app)
    ratio = med / statistics.median(raw) if raw else None
    ratio_text = "—" if ratio is None else f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"
    if target is None:
        return ratio_text, "—"
    sign, value = target
    measured = ratio if unit == "rows/s" else med  # the rate's target is relative to raw
    ok = {"≤": measured <= value, "<": measured < value, "≥": measured >= value}[sign]
    goal = f"{sign} {value}× raw" if unit == "rows/s" else f"{sign} {value} {unit}"
    return ratio_text, f"{goal}: {'ok' if ok else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse this database, or build it and keep it")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe_app(args.probe)
    app = QApplication(sys.argv[:1])  # noqa: F841 - must outlive every window
    qInstallMessageHandler(qt_message)
    if args.db:
        args.db.parent.mkdir(parents=True, exist_ok=True)
    # Temporary databases go beside --db, on the same disk.
    with tempfile.TemporaryDirectory(dir=args.db.parent if args.db else None) as tmp:
        path, sample, have = args.db or Path(tmp) / "bench.sqlite3", None, 0
        if path.exists():
            conn = sqlite3.connect(path)
            have = conn.execute("SELECT count(*) FROM bookings").fetchone()[0]
            conn.close()
        if have < args.bookings:
            print(f"Adding {args.bookings - have:,} sample bookings to {path}…", file=sys.stderr)
            ms, first = app_sample(path, args.bookings - have)
            sample = (first, args.bookings - have, ms)
        rows, notes = run_figures(args.repeat, path, Path(tmp), sample)

    table = [("figure", "app median (min–max)", "raw sqlite3 median", "ratio", "target")]
    table += [(name, cell(app_v, unit), cell(raw_v, unit), *verdict(unit, app_v, raw_v, target))
              for name, unit, app_v, raw_v, target in rows]
    machine = (f"Machine: nproc {len(os.sched_getaffinity(0))}, Python "
               f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, PySide6 "
               f"{PySide6.__version__}, {platform.platform()}")
    command = f"Command: {shlex.join(['python', *sys.argv])}"
    if args.markdown:
        table.insert(1, ("---",) * 5)
        print("\n".join("| " + " | ".join(line) + " |" for line in table))
        print(f"\n{machine}  \n{command}\n\n" + "\n".join(f"- {note}" for note in notes))
    else:
        widths = [max(len(line[c]) for line in table) for c in range(5)]
        for line in table:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
        print("\n".join(["", *notes, machine, command]))
    print(f"Qt warnings: {len(QT_WARNINGS)}", file=sys.stderr)
    return 1 if QT_WARNINGS else 0


if __name__ == "__main__":
    sys.exit(main())
