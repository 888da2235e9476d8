"""Benchmark the case list of Detainer Desk against plain sqlite3 running the same SQL.

    python benchmarks/bench_case_list.py [--bookings N] [--db PATH] [--repeat K] [--markdown]

Every figure is the median of K runs in this one process (time.perf_counter). Its baseline is
measured in the same run: the statements the app ran (captured with a trace callback on its
connection) are replayed, with their parameters inlined, on a plain ``sqlite3`` connection.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse  # noqa: E402
import json  # noqa: E402
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
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QtMsgType  # noqa: E402
from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.cases import get_case, update_case  # noqa: E402
from models.sample import INSERTS, insert_sample, sample_chunks  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.store import open_database  # noqa: E402
from ui.case_table_model import NAME  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

SLICE = 100_000
QT_WARNINGS: list[str] = []


def _qt_message(kind, _context, message) -> None:
    if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
        QT_WARNINGS.append(message)
        print(f"Qt: {message}", file=sys.stderr)


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def raw_connect(path) -> sqlite3.Connection:
    """A plain stdlib connection with the app's PRAGMAs (WAL, FULL, foreign keys, busy)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in ("busy_timeout = 5000", "journal_mode = WAL", "synchronous = FULL",
                   "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def replay(conn: sqlite3.Connection, statements: list[str]) -> float:
    t0 = time.perf_counter()
    for sql in statements:
        conn.execute(sql).fetchall()
    return ms_since(t0)


def traced(conn: sqlite3.Connection, action) -> tuple[float, list[str]]:
    """Time ``action``, returning the statements it ran on ``conn`` (parameters inlined)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        t0 = time.perf_counter()
        action()
        elapsed = ms_since(t0)
    finally:
        conn.set_trace_callback(None)
    return elapsed, statements


def painted(window: MainWindow) -> None:
    """Let the window lay out and paint: the table asks the model for its visible rows."""
    QApplication.processEvents()
    window.grab()


def dispose(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def open_window(path: Path, actor, ini: Path) -> MainWindow:
    return MainWindow(open_database(path), actor, path,
                      QSettings(str(ini), QSettings.Format.IniFormat))


def bookings_in(path: Path) -> int:
    if not path.exists():
        return 0
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT count(*) FROM bookings").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def raw_sample(path: Path, first: int, count: int) -> tuple[float, float]:
    """insert_sample's SQL on plain sqlite3; returns (SQL ms, row-generation ms, untimed)."""
    open_database(path).close()  # same schema, made by the app
    conn = raw_connect(path)
    gen_ms, t0 = 0.0, time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR IGNORE INTO facilities (name) VALUES (?)",
                     [(f,) for f in PySide6 and __import__("models.synthetic").synthetic.FACILITIES])
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'bookings_fts_insert'")
    trigger_sql = trigger.fetchone()[0]
    conn.execute("DROP TRIGGER bookings_fts_insert")
    chunks = sample_chunks(first, count)
    while True:
        g0 = time.perf_counter()
        chunk = next(chunks, None)
        gen_ms += ms_since(g0)
        if chunk is None:
            break
        for table, sql in INSERTS.items():
            conn.executemany(sql, chunk[table])
    conn.execute("INSERT INTO bookings_fts (rowid, names, identifiers) SELECT booking_id, names, "
                 "identifiers FROM booking_search_text WHERE booking_id >= ?", [first])
    conn.execute(trigger_sql)
    conn.execute("COMMIT")
    total = ms_since(t0)
    conn.close()
    return total - gen_ms, gen_ms
