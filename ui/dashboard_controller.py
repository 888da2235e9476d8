"""The Dashboard's link to the models: check a period, work out its figures, open the reports.

Working out the figures is one call (:meth:`DashboardController.compute`), so it can move to a
worker thread whole if a county's year grows past what the GUI thread may take (a year over a
million bookings takes about half a second).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from models.lookups import load_vocabularies
from models.stats.compute import statistics
from models.stats.figures import Statistics
from models.stats.period import Filters, Period, check_period
from ui.controller_base import Controller

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: Preset periods, in the order the combo offers them; "custom" is whatever was typed.
PRESETS = (
    ("this_year", "This year"),
    ("last_year", "Last year"),
    ("last_12_months", "Last 12 months"),
    ("custom", "Custom"),
)


def preset_period(code: str, today: date) -> tuple[date, date] | None:
    """The first and last day of a preset period as of ``today`` (None for "custom").

    "This year" and "Last 12 months" end today; "Last 12 months" starts the day after the same
    date a year ago (02/29 a year on counts from 03/01), so it holds 365 or 366 days.
    """
    if code == "this_year":
        return date(today.year, 1, 1), today
    if code == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if code == "last_12_months":
        try:
            year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 02/29: a year earlier has no such day
            year_ago = date(today.year - 1, 2, 28)
        return year_ago + timedelta(days=1), today
    return None


class DashboardController(Controller):
    """Figures for the Dashboard, and the Board report and export it opens.

    Args are those of :class:`ui.controller_base.Controller`.
    """

    def check(self, start: date | None, end: date | None) -> Period:
        """The period typed, or a ValidationError naming the field to fix."""
        return check_period(start, end, self.today())

    def compute(self, period: Period, filters: Filters) -> Statistics:
        """Every figure for ``period`` and ``filters`` (raises DeskError if the record fails)."""
        return statistics(self.db, period, filters, tz=self.tz, now=self.now())

    def facilities(self) -> tuple[str, ...]:
        """The facilities the office books into, for the filter."""
        return load_vocabularies(self.db).facilities

    def board_report(self, parent: QWidget, period: Period, filters: Filters) -> None:
        """Open the Board report dialog for the period shown."""
        from ui.report_dialog import open_board_report  # written alongside; loaded when asked

        open_board_report(parent, self.db, self.actor, self.tz, period, filters)

    def export(self, parent: QWidget, stats: Statistics) -> None:
        """Open the export of the figures shown."""
        from ui.export_dialog import export_statistics  # written alongside; loaded when asked

        export_statistics(parent, self.db, self.actor, stats)
