"""What every controller of the window keeps: the database, who acts, the county's zone, the clock.

Controllers open the editors and dialogs of one area and carry out what they ask through the
models; they hold no widgets' state beyond the dialogs they keep open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from models.errors import DeskError
from models.records import Staff, StaffRole
from models.timeutil import utc_now
from ui import message_boxes

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlite_utils import Database


class Controller(QObject):
    """The shared state of a controller.

    Args:
        db: The database.
        actor: Who is working.
        tz: The county's time zone (its today decides what is due, overdue or in the future).
        parent_widget: Where dialogs and messages are shown.
        now: The clock (tests fix it); the real one when None.
    """

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz: ZoneInfo,
        parent_widget: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(parent_widget)
        self.db, self.actor, self.tz = db, actor, tz
        self.parent_widget = parent_widget
        self.now: Callable[[], datetime] = now or utc_now

    def today(self) -> date:
        """The county's calendar date now."""
        return self.now().astimezone(self.tz).date()

    def can_edit(self) -> bool:
        """Whether the actor may change office-wide settings (administrators only)."""
        return self.actor.role is StaffRole.ADMINISTRATOR

    def _failed(self, parent: QWidget | None, title: str, exc: DeskError) -> None:
        message_boxes.show_error(parent or self.parent_widget, title, str(exc))
