"""Where Detainer Desk keeps its data on this computer."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Detainer Desk"
DB_FILENAME = "detainer-desk.sqlite3"
DEMO_FILENAME = "demo.sqlite3"


def data_dir() -> Path:
    """The per-user data folder (``DETAINER_DESK_HOME`` overrides it, for IT and tests)."""
    override = os.environ.get("DETAINER_DESK_HOME")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path(demo: bool = False) -> Path:
    return data_dir() / (DEMO_FILENAME if demo else DB_FILENAME)


def ensure_data_dir() -> Path:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
