"""Print either report again and again for one set of filters, counting the figures once.

The report dialog prints the report anew whenever its form changes. Counting the figures is
the slow part (seconds on a county's million bookings), and the language, the report chosen
and the staff cost do not change them: :class:`ReportPrinter` keeps the figures of the last
few periods and only lays the PDF out again for those. The letterhead is checked before
anything is counted, so a desk without one is told at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.letters.layout import RenderedPdf
from models.records import Staff
from models.reports import common
from models.reports.board import print_board
from models.reports.common import StaffCost
from models.reports.forum import ConsentForms, consent_forms_issued, print_forum
from models.settings import county_timezone
from models.stats.compute import statistics
from models.stats.figures import Statistics
from models.stats.period import Filters, Period
from models.store import read_snapshot
from models.timeutil import utc_now

#: How many periods' figures are kept (the clerk trying a few periods back and forth).
KEEP = 8


class ReportPrinter:
    """Prints the Board or forum report for ``filters``, the figures of a period counted once.

    Args:
        db: the database (only read).
        actor: who prints ("Prepared by").
        filters: which bookings count, the same for every report printed.
        tz: the county's zone (default: the office's).
        now: the clock the figures are counted by (tests give a fixed one).
    """

    def __init__(
        self,
        db: Database,
        actor: Staff,
        filters: Filters | None = None,
        *,
        tz: ZoneInfo | None = None,
        now: Callable[[], datetime] = utc_now,
    ):
        self.db, self.actor, self.filters = db, actor, filters or Filters()
        self.tz = tz or county_timezone(db)
        self._now = now
        self._figures: OrderedDict[tuple[Period, Filters], Statistics] = OrderedDict()
        self._consent: dict[tuple[Period, Filters], ConsentForms] = {}

    def is_counted(self, period: Period) -> bool:
        """Whether the figures for ``period`` are already at hand (printing will be quick)."""
        return (period, self.filters) in self._figures

    def figures(self, period: Period) -> Statistics:
        """The figures for ``period``: counted the first time, then the same ones again."""
        key = (period, self.filters)
        if key in self._figures:
            self._figures.move_to_end(key)
            return self._figures[key]
        with read_snapshot(self.db):  # the figures and the consent forms from one moment
            stats = statistics(self.db, period, self.filters, tz=self.tz, now=self._now())
            self._consent[key] = consent_forms_issued(self.db, period, self.filters, tz=self.tz)
        self._figures[key] = stats
        while len(self._figures) > KEEP:
            old, _stats = self._figures.popitem(last=False)
            self._consent.pop(old, None)
        return stats

    def board(
        self, period: Period, *, lang: str = "en", staff_cost: StaffCost | None = None
    ) -> RenderedPdf:
        """The Board report for ``period`` (already checked).

        Raises:
            ValidationError: a language reports are not printed in, or the letterhead is not
                set (both before anything is counted).
        """
        self._check(lang)
        stats = self.figures(period)
        return print_board(self.db, self.actor, stats, lang=lang, staff_cost=staff_cost)

    def forum(self, period: Period, *, lang: str = "en") -> RenderedPdf:
        """The community-forum report for ``period`` (already checked).

        Raises:
            ValidationError: as :meth:`board`.
        """
        self._check(lang)
        stats = self.figures(period)
        consent = self._consent[(period, self.filters)]  # read with the figures
        return print_forum(self.db, self.actor, stats, consent, lang=lang)

    def _check(self, lang: str) -> None:
        common.check_language(lang)
        common.check_letterhead(self.db)
