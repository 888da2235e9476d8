"""The annual TRUTH Act community-forum report: ICE's access to people in county custody.

Gov. Code §§ 7283–7283.2 call for a yearly public forum on ICE's access to people held by local
law enforcement. This report gives the same figures as the Board report, arranged by that
access: ICE requests by type (hold, notification, transfer), what the county decided, who was
released to ICE, the interview consent forms issued, and the people flagged by sex and country
of birth. Whether a person consented to an interview is not recorded, and the report says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.letters.content import TableBlock
from models.letters.language import LANGUAGES
from models.letters.layout import RenderedPdf
from models.records import Staff
from models.reports import common, words
from models.reports.common import heading, text
from models.reports.words import count, word
from models.settings import county_timezone
from models.stats.compute import statistics
from models.stats.figures import Statistics
from models.stats.period import Filters, Period
from models.stats.scope import Scope
from models.store import read_snapshot, reported
from models.timeutil import county_today, utc_now

#: The letter type of the TRUTH Act interview consent form (see models/m004_letters.py).
CONSENT_CODE = "truth_interview_consent"


@dataclass(frozen=True)
class ConsentForms:
    """The interview consent forms issued in a period: how many, and in which languages."""

    issued: int
    by_language: tuple[tuple[str, int], ...]


@reported
def consent_forms_issued(
    db: Database, period: Period, filters: Filters | None = None, *, tz: ZoneInfo | None = None
) -> ConsentForms:
    """The TRUTH Act interview consent forms issued in ``period`` (county time).

    A form counts by the moment it was issued; with filters, only the forms about a booking
    that passes them.
    """
    filters = filters or Filters()
    scope = Scope(period, filters, tz or county_timezone(db))
    start, end = scope.bounds
    where, params = scope.filter_sql(use_index=False)  # the forms lead, not the bookings
    join = "LEFT JOIN bookings b ON b.id = doc.booking_id"
    rows = db.execute(
        f"SELECT doc.language, count(*) FROM documents doc {join} "
        "WHERE doc.template_code = ? AND doc.issued_at >= ? AND doc.issued_at < ? "
        f"AND {where} GROUP BY doc.language",
        (CONSENT_CODE, start, end, *params),
    ).fetchall()
    counts = Counter(dict(rows))
    order = [code for code in LANGUAGES if counts.get(code)]
    order += sorted(code for code in counts if code not in LANGUAGES)
    return ConsentForms(sum(counts.values()), tuple((code, counts[code]) for code in order))


@reported
def forum_report(
    db: Database,
    actor: Staff,
    period: Period,
    filters: Filters | None = None,
    *,
    lang: str = "en",
    now: datetime | None = None,
) -> RenderedPdf:
    """The community-forum report for ``period`` (already checked), as a PDF.

    Raises:
        ValidationError: a language reports are not printed in, or the letterhead is not set
            (both checked before any figure is counted).
    """
    common.check_language(lang)
    common.check_letterhead(db)
    tz = county_timezone(db)
    filters = filters or Filters()
    with read_snapshot(db):  # the figures and the consent forms from one moment
        stats = statistics(db, period, filters, tz=tz, now=now or utc_now())
        consent = consent_forms_issued(db, period, filters, tz=tz)
    return print_forum(db, actor, stats, consent, lang=lang)


def print_forum(
    db: Database, actor: Staff, stats: Statistics, consent: ConsentForms, *, lang: str = "en"
) -> RenderedPdf:
    """The forum report from figures already counted, dated the day they were counted.

    Raises:
        ValidationError: a language reports are not printed in, or the letterhead is not set.
    """
    common.check_language(lang)
    tz = county_timezone(db)
    title = word(lang, "forum_title", period=common.period_text(stats.period, lang))
    blocks = forum_blocks(db, actor, stats, consent, tz, lang)
    return common.letter(db, lang, title, blocks, stats.as_of, tz)


def forum_blocks(
    db: Database,
    actor: Staff,
    stats: Statistics,
    consent: ConsentForms,
    tz: ZoneInfo,
    lang: str,
) -> list:
    """Everything the forum report says, in order (the letter's body)."""
    blocks = common.memo_blocks(db, actor, stats, tz, lang, "forum_intro")
    blocks += common.policy_blocks(db, stats.period, lang, county_today(tz, stats.as_of))
    blocks += [
        heading(word(lang, "h_headline")),
        common.two_columns(
            lang,
            [
                (word(lang, "detainers"), stats.detainers.value),
                (word(lang, "released_to_ice"), stats.released_to_ice.value),
                (word(lang, "consent_forms"), consent.issued),
                (word(lang, "flagged"), stats.flagged.value),
                (word(lang, "flagged_persons"), stats.flagged_persons.value),
            ],
        ),
        heading(word(lang, "h_access")),
        text(words.counted(lang, "access_detainers", stats.detainers.value)),
        _access_table(stats, lang),
        text(word(lang, "requests_note")),
        common.month_chart(stats, lang, flagged=False),
        heading(word(lang, "h_decisions")),
        common.breakdown(stats.decisions, lang),
        common.breakdown(stats.outcomes, lang),
    ]
    blocks += _interview_blocks(consent, lang)
    blocks += [
        heading(word(lang, "h_people")),
        text(word(lang, "people_note")),
        common.breakdown(stats.sexes, lang),
        common.breakdown(stats.countries, lang),
    ]
    blocks += common.held_blocks(stats, lang)
    blocks += common.notes_blocks(stats, tz, lang)
    return blocks


def _access_table(stats: Statistics, lang: str) -> TableBlock:
    """Hold, notification and transfer requests: rows that may overlap, so no total."""
    table = stats.requests
    return TableBlock(
        (word(lang, "access_type"), words.UNITS[lang][str(table.unit)]),
        tuple((words.row_label(lang, r.key, r.label), count(r.value)) for r in table.rows),
        ("left", "right"),
    )


def _interview_blocks(consent: ConsentForms, lang: str) -> list:
    if consent.issued == 0:
        sentence = word(lang, "interviews_none")
    elif consent.issued == 1:
        sentence = word(lang, "interviews_one")
    else:
        sentence = word(lang, "interviews", n=count(consent.issued))
    out: list = [heading(word(lang, "h_interviews")), text(sentence)]
    if consent.issued:
        title, first = words.table_words(lang, "consent_languages")
        out.append(
            TableBlock(
                (first, word(lang, "forms")),
                tuple(
                    (LANGUAGES[c].native_name if c in LANGUAGES else c, count(n))
                    for c, n in consent.by_language
                ),
                ("left", "right"),
                caption=title,
                footer=((word(lang, "total"), count(consent.issued)),),
            )
        )
    out.append(text(word(lang, "interviews_outcome")))
    return out
