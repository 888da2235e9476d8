"""The report to the Board of Supervisors (DOMAIN §6 item 7), from the statistics for a period.

A memo from the office to the Board: the period and what was counted, the policy in force, the
headline figures, the two seed figures with their numerators and denominators, charts, every
breakdown as a table (offense levels one table per scheme), time held beyond release
eligibility, an optional staff-cost estimate with its formula, and notes. It is printed from the
record as it stands now (the "As of" line says when) and is not stored.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.letters.layout import RenderedPdf
from models.records import Staff
from models.reports import common
from models.reports.common import StaffCost, heading, text
from models.reports.words import word
from models.settings import county_timezone
from models.stats.compute import statistics
from models.stats.figures import Statistics
from models.stats.period import Filters, Period
from models.store import reported
from models.timeutil import county_today, utc_now


@reported
def board_report(
    db: Database,
    actor: Staff,
    period: Period,
    filters: Filters | None = None,
    *,
    lang: str = "en",
    staff_cost: StaffCost | None = None,
    now: datetime | None = None,
) -> RenderedPdf:
    """The Board report for ``period`` (already checked) and ``filters``, as a PDF.

    Args:
        db: the database (only read).
        actor: who prints it ("Prepared by").
        period: the period, checked with :func:`models.stats.period.check_period`.
        filters: which bookings count (default: all).
        lang: ``en`` or ``es``.
        staff_cost: hours per detainer and hourly cost, for the estimate (none: no section).
        now: the moment the figures are counted as of (default: now).

    Raises:
        ValidationError: a language reports are not printed in, or the letterhead is not set
            (both checked before any figure is counted).
    """
    common.check_language(lang)
    common.check_letterhead(db)
    tz = county_timezone(db)
    stats = statistics(db, period, filters or Filters(), tz=tz, now=now or utc_now())
    return print_board(db, actor, stats, lang=lang, staff_cost=staff_cost)


def print_board(
    db: Database,
    actor: Staff,
    stats: Statistics,
    *,
    lang: str = "en",
    staff_cost: StaffCost | None = None,
) -> RenderedPdf:
    """The Board report from figures already counted, dated the day they were counted.

    Raises:
        ValidationError: a language reports are not printed in, or the letterhead is not set.
    """
    common.check_language(lang)
    tz = county_timezone(db)
    title = word(lang, "board_title", period=common.period_text(stats.period, lang))
    blocks = board_blocks(db, actor, stats, tz, lang, staff_cost)
    return common.letter(db, lang, title, blocks, stats.as_of, tz)


def board_blocks(
    db: Database,
    actor: Staff,
    stats: Statistics,
    tz: ZoneInfo,
    lang: str,
    staff_cost: StaffCost | None = None,
) -> list:
    """Everything the report says, in order (the letter's body)."""
    blocks = common.memo_blocks(db, actor, stats, tz, lang, "board_intro")
    blocks += common.policy_blocks(db, stats.period, lang, county_today(tz, stats.as_of))
    blocks += [
        heading(word(lang, "h_headline")),
        common.two_columns(lang, [(word(lang, c.key), c.value) for c in stats.headline()]),
    ]
    blocks += common.share_sentences(stats, lang)
    blocks += [
        heading(word(lang, "h_charts")),
        common.month_chart(stats, lang),
        common.bar_chart(stats.decisions, lang, "chart_decisions", of_people=False),
        common.bar_chart(stats.convictions, lang, "chart_convictions", of_people=True),
    ]
    blocks += detail_tables(db, stats, lang)
    blocks += common.held_blocks(stats, lang)
    if staff_cost is not None:
        blocks += common.cost_blocks(stats, staff_cost, lang)
    blocks += common.notes_blocks(stats, tz, lang)
    return blocks


def detail_tables(db: Database, stats: Statistics, lang: str) -> list:
    """Every breakdown of :meth:`Statistics.tables`, with the notes two of them need."""
    meanings = common.level_meanings(db)
    out: list = [heading(word(lang, "h_details"))]
    for table in stats.tables():
        is_level = table.key.startswith("levels.")
        out.append(common.breakdown(table, lang, meanings if is_level else None))
        if table.key == "requests":
            out.append(text(word(lang, "requests_note")))
        if is_level and table is stats.levels[-1]:
            out.append(text(word(lang, "levels_note")))
    return out
