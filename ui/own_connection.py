"""Work done on a worker thread, on a database connection of its own.

SQLite connections are not shared between threads, so a worker opens its own connection to the
file the window has open, runs its work and closes it. Every way that can fail becomes a
sentence a clerk can read: a refusal says itself, and anything unexpected is logged and said
rather than dying silently on a thread nobody watches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import DeskError
from models.store import open_database

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the work gave back, or why it gave nothing (``error``, or ``cancelled``)."""

    value: object = None
    error: str | None = None
    cancelled: bool = False


def on_own_connection(
    db_path: Path,
    work: Callable[[Database], object],
    *,
    failing: str,
    cancelled: type[BaseException] | tuple[type[BaseException], ...] = (),
) -> Outcome:
    """Run ``work(db)`` on a new connection to ``db_path`` and close it; never raises.

    Args:
        db_path: The database file.
        work: What to do with the connection; its result is the outcome's value.
        failing: How an unexpected error's message starts ("Nothing was exported").
        cancelled: The exception(s) that mean the clerk cancelled.
    """
    try:
        db = open_database(db_path, create=False)
    except DeskError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # an OSError reading the file, say
        log.exception("The database could not be opened on a worker thread")
        return Outcome(error=f"The database could not be opened: {exc}")
    try:
        return Outcome(value=work(db))
    except cancelled:
        return Outcome(cancelled=True)
    except DeskError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:
        log.exception(failing)
        return Outcome(error=f"{failing} because of an unexpected error: {exc}")
    finally:
        db.close()
