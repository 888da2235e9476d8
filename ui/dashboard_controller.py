"""The Dashboard's link to the models: check a period, work out its figures, open the reports.

Working out the figures is one call (:meth:`DashboardController.compute`) that runs on a worker
thread (:mod:`ui.dashboard_worker`) with a connection of its own: a year of a county with a
million bookings takes seconds. A long period's months are charted by quarter or by year
(:func:`month_groups`); a group's bar lists the cases of its whole date range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from models.lookups import load_vocabularies
from models.stats.compute import statistics
from models.stats.figures import Count, Statistics, Unit
from models.stats.period import Filters, Period, check_period
from models.stats.scope import Scope
from ui.controller_base import Controller

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

    from models.records import Staff

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


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Above this many months the month chart shows quarters; above ``YEARS_ABOVE``, years.
QUARTERS_ABOVE = 36
YEARS_ABOVE = 120
#: Key prefixes of the figures of one stretch of the period (they name their own dates).
SERIES_KEYS = ("months.", "quarters.", "years.")


def month_name(month: date) -> str:
    """A month as the chart's axis writes it: ``Jul 2010``."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def readable_month(text: str, key: str) -> str:
    """``text`` with the ``YYYY-MM`` of a month figure's ``key`` written as ``Jul 2010``."""
    parts = key.split(".")
    if len(parts) < 3 or parts[0] != "months":
        return text
    tag = parts[1]
    try:
        month = date(int(tag[:4]), int(tag[5:7]), 1)
    except ValueError:
        return text
    return text.replace(tag, month_name(month))


@dataclass(frozen=True)
class MonthGroup:
    """One bar group of the month chart: a month, a quarter or a year."""

    label: str
    flagged: Count
    detainers: Count


def month_groups(stats: Statistics, tz: ZoneInfo) -> tuple[str, list[MonthGroup]]:
    """The month chart's bars: ``("month" | "quarter" | "year", groups)``.

    Up to 36 months are charted month by month; longer periods by quarter, and periods over ten
    years by year, so the axis stays readable. A group's counts are the sums of its months, and
    its cases are those of its whole date range (within the period), the union of its months.
    """
    months = list(stats.months)
    if len(months) <= QUARTERS_ABOVE:
        return "month", [
            MonthGroup(
                month_name(m.month),
                replace(m.flagged, label=readable_month(m.flagged.label, m.flagged.key)),
                replace(m.detainers, label=readable_month(m.detainers.label, m.detainers.key)),
            )
            for m in months
        ]
    unit = "year" if len(months) > YEARS_ABOVE else "quarter"
    ranges = {m: (first, last) for m, first, last in stats.period.months()}
    groups: dict[tuple[int, int], list] = {}
    for m in months:
        part = 0 if unit == "year" else (m.month.month - 1) // 3 + 1
        groups.setdefault((m.month.year, part), []).append(m)
    out = []
    for (year, part), members in groups.items():
        label, tag = (f"Q{part} {year}", f"{year}-Q{part}") if part else (str(year), str(year))
        first = ranges[members[0].month][0]
        last = ranges[members[-1].month][1]
        scope = Scope(Period(first, last), stats.filters, tz)
        flagged = f"Arrests flagged, {label}"
        received = f"Detainers received, {label}"
        out.append(
            MonthGroup(
                label,
                Count(
                    f"{unit}s.{tag}.flagged",
                    flagged,
                    sum(m.flagged.value for m in members),
                    Unit.BOOKINGS,
                    scope.flagged(flagged),
                ),
                Count(
                    f"{unit}s.{tag}.detainers",
                    received,
                    sum(m.detainers.value for m in members),
                    Unit.DETAINERS,
                    scope.detainers(f"Detainers, {label}"),
                ),
            )
        )
    return unit, out


class DashboardController(Controller):
    """Figures for the Dashboard, and the Board report and export it opens.

    Args:
        db: The window's database (the figures are worked out on a connection of their own).
        actor: Who is working.
        tz: The county's time zone.
        parent_widget: Where dialogs and messages are shown.
        db_path: The database file, which the worker opens again.
        now: The clock (tests fix it).
    """

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz: ZoneInfo,
        parent_widget: QWidget,
        db_path: str | Path,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, parent_widget, now=now)
        self.db_path = Path(db_path)

    def check(self, start: date | None, end: date | None) -> Period:
        """The period typed, or a ValidationError naming the field to fix."""
        return check_period(start, end, self.today())

    def compute(
        self,
        period: Period,
        filters: Filters,
        *,
        db: Database | None = None,
        now: datetime | None = None,
    ) -> Statistics:
        """Every figure for ``period`` and ``filters`` (raises DeskError if the record fails).

        Args:
            period: The period chosen.
            filters: The facility chosen.
            db: The connection to count on (the worker's own); the window's when None.
            now: The moment the figures are "as of" (read on the GUI thread); now when None.
        """
        return statistics(db or self.db, period, filters, tz=self.tz, now=now or self.now())

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
