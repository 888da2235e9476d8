"""What the Import window and the import history ask of the database, in one small object.

The dialogs hold no database handle: they ask this controller, which holds the window's
connection (for the quick reads and writes a clerk waits for: profiles, the preview's lookup
lists, the list of batches, an undo) and the database file's path (for the long runs, which a
worker thread does on a connection of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from models.errors import DeskError
from models.importing.batches import ImportBatch, list_batches, undo_batch, undo_refusal
from models.importing.mapping import Mapping
from models.importing.prepare import PrepareContext, load_context
from models.importing.profiles import Profile, delete_profile, list_profiles, save_profile
from models.records import Staff

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class ImportDesk:
    """The database side of importing, for one main window.

    Attributes:
        db: the window's connection (GUI thread only).
        actor: who imports.
        db_path: the database file (workers open their own connection to it).
        tz: the county's zone (booking times are shown in it).
    """

    db: Database
    actor: Staff
    db_path: Path
    tz: ZoneInfo

    def profiles(self) -> list[Profile]:
        """The saved profiles, shipped ones included."""
        return list_profiles(self.db)

    def save_profile(self, name: str, mapping: Mapping, row_version: int | None = None) -> None:
        """Save ``mapping`` under ``name`` (a new profile, or a newer version of one)."""
        save_profile(self.db, self.actor, name, mapping, row_version=row_version)

    def delete_profile(self, name: str) -> None:
        """Delete the profile ``name`` (a shipped one is refused with the reason)."""
        delete_profile(self.db, self.actor, name)

    def context(self) -> PrepareContext:
        """The lookup lists preparing rows needs (read again for each file)."""
        return load_context(self.db)

    def batches(self) -> list[ImportBatch]:
        """The files imported, newest first."""
        return list_batches(self.db)

    def undo_refusal(self, batch_id: int) -> str | None:
        """Why ``batch_id`` cannot be undone, in words; None when it can."""
        return undo_refusal(self.db, batch_id, self.actor)

    def undo(self, batch_id: int) -> tuple[int, int]:
        """Undo ``batch_id``: (bookings removed, bookings restored)."""
        return undo_batch(self.db, self.actor, batch_id)


def workbook_sheets(path: Path) -> list[str]:
    """The sheet names of an Excel workbook, in order ([] when it cannot be read as one)."""
    from models.importing.xlsx import sheet_names

    try:
        return sheet_names(path)
    except DeskError:  # not a workbook after all: the reader says why
        return []
