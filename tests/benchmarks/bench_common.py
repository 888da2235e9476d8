"""What both benchmarks share: timing, the raw-sqlite3 baseline, and Qt's warnings.

The baseline of every figure is the SQL the app ran, captured with a trace callback on its own
connection and replayed on a plain ``sqlite3`` connection opened with the app's PRAGMAs.
"""

import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtCore import QtMsgType

# The offscreen plugin cannot apply new size hints to a native window (the minimum size moves
# when a label's text changes); desktop platforms can. It says nothing about the app.
OFFSCREEN_ONLY = "This plugin does not support propagateSizeHints()"
#: Every other Qt warning seen during a run; a run with any fails.
QT_WARNINGS: list[str] = []


def qt_message(kind, _context, message: str) -> None:
    """Qt's message handler for a benchmark run: keep and print what is not just noise."""
    if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and message != OFFSCREEN_ONLY:
        QT_WARNINGS.append(message)
        print(f"Qt: {message}", file=sys.stderr)


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain stdlib connection with the app's PRAGMAs (WAL, FULL, foreign keys, busy)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for pragma in (
        "busy_timeout = 5000",
        "journal_mode = WAL",
        "synchronous = FULL",
        "foreign_keys = ON",
    ):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def replay(conn: sqlite3.Connection, statements: list[str]) -> float:
    """Run ``statements`` on the plain connection; the milliseconds they took."""
    t0 = time.perf_counter()
    for sql in statements:
        conn.execute(sql).fetchall()
    return ms_since(t0)


def traced(conn: sqlite3.Connection, action, expect: str):
    """Time ``action``: (ms, its result, the top-level statements it ran on ``conn``)."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        t0 = time.perf_counter()
        result = action()
        elapsed = ms_since(t0)
    finally:
        conn.set_trace_callback(None)
    # Trigger and virtual-table steps trace as "-- …" or as repeats of the outer statement.
    top = [s for i, s in enumerate(seen) if not s.startswith("--") and s not in seen[i - 1 : i]]
    if not any(expect in s for s in top):
        raise RuntimeError(f"the timed action ran no statement containing {expect!r}")
    return elapsed, result, top
