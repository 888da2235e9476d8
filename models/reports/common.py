"""What the Board report and the community-forum report share: the memo, tables, charts, words.

Both are printed by the letter engine as one letter to the Board of Supervisors from the office
(its letterhead and signer), in English or Spanish, from :class:`Statistics` worked out as of
one moment. Nothing here writes to the database.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.errors import FieldError, ValidationError
from models.letters import office
from models.letters.content import (
    Block,
    BlockKind,
    ChartBlock,
    ChartSeries,
    LetterContent,
    Recipient,
    TableBlock,
)
from models.letters.language import LANGUAGES, format_letter_date
from models.letters.layout import RenderedPdf, render_pdf
from models.policies import get_policy, list_periods, policy_in_force
from models.records import Staff
from models.reports import words
from models.reports.policy_words import policy_label, policy_source
from models.reports.words import count, counted, word
from models.stats.figures import Statistics, Table
from models.stats.period import Filters, Period
from models.timeutil import county_today

#: Staff hours per detainer and the hourly cost are typed by people: refuse what cannot be meant.
MAX_HOURS = 1000
MAX_RATE = Decimal("100000")
CENT = Decimal("0.01")
#: A number typed with commas: only as thousands separators (``1,200.50``), never as a decimal
#: comma (``1,5`` would otherwise become 15).
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?", re.ASCII)


@dataclass(frozen=True)
class StaffCost:
    """An estimate of the staff time detainers take: hours per detainer at an hourly cost."""

    hours_per_detainer: float
    hourly_cost: Decimal | float

    def total(self, detainers: int) -> Decimal:
        """``detainers × hours × cost``, to the cent."""
        hours = Decimal(str(self.hours_per_detainer))
        rate = Decimal(str(self.hourly_cost))
        return (Decimal(detainers) * hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def check_staff_cost(hours_text: str | None, cost_text: str | None) -> StaffCost | None:
    """The staff cost typed as two numbers, or None when both are left empty.

    Raises:
        ValidationError: on ``staff_hours`` or ``hourly_cost``: only one of them given, or one
            that is not a number from 0 up to a sensible limit. Both problems at once.
    """
    hours_text, cost_text = (hours_text or "").strip(), (cost_text or "").strip()
    if not hours_text and not cost_text:
        return None
    errors = []
    hours = _number(hours_text, "staff_hours", "hours per detainer", MAX_HOURS, errors)
    rate = _number(cost_text.lstrip("$").strip(), "hourly_cost", "hourly cost", MAX_RATE, errors)
    if errors:
        raise ValidationError(errors)
    return StaffCost(float(hours), rate)


def _number(text: str, field: str, name: str, limit, errors: list) -> Decimal | None:
    if not text:
        other = "hourly cost" if field == "staff_hours" else "hours per detainer"
        errors.append(FieldError(field, f"Give the {name} too, or leave the {other} empty."))
        return None
    if "," in text and not _THOUSANDS.fullmatch(text):
        errors.append(
            FieldError(
                field,
                f"The {name} “{text}” is not a number as typed: a comma only separates "
                "thousands (1,200); for a fraction type it as 1.5.",
            )
        )
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.append(FieldError(field, f"The {name} “{text}” is not a number; type it as 1.5."))
        return None
    if not 0 <= value <= limit:
        errors.append(FieldError(field, f"The {name} must be from 0 to {limit:,}."))
        return None
    return value


def check_language(lang: str) -> str:
    """``lang`` if reports are printed in it (English or Spanish).

    Raises:
        ValidationError: on ``language``, naming the languages there are.
    """
    if lang not in words.LANGS:
        names = " or ".join(f"{c} ({LANGUAGES[c].name})" for c in words.LANGS)
        raise ValidationError(
            FieldError("language", f"Reports are printed in {names}, not “{lang}”.")
        )
    return lang


def check_letterhead(db: Database) -> None:
    """Refuse at once when the letterhead is not set up (before any figure is counted).

    Raises:
        ValidationError: the county's or the office's name is missing, with where to set it.
    """
    office.letterhead(db)


# -- markup -------------------------------------------------------------------------------------


def para(markup: str) -> Block:
    return Block(BlockKind.PARAGRAPH, markup)


def text(plain: str) -> Block:
    return Block(BlockKind.PARAGRAPH, escape(plain))


def heading(plain: str) -> Block:
    return Block(BlockKind.HEADING, escape(plain))


def bullet(plain: str) -> Block:
    return Block(BlockKind.BULLET, escape(plain))


def labelled(label: str, value: str) -> Block:
    """A paragraph "**Label** value" (plain label and value)."""
    return para(f"<b>{escape(label)}</b> {escape(value)}")


# -- the memo -----------------------------------------------------------------------------------


def period_text(period: Period, lang: str) -> str:
    start, end = (format_letter_date(d, lang) for d in (period.start, period.end))
    return start if period.start == period.end else f"{start} – {end}"


def scope_text(filters: Filters, lang: str) -> str:
    parts = []
    if filters.facility:
        parts.append(word(lang, "scope_facility", name=filters.facility))
    if filters.agency_ori:
        parts.append(word(lang, "scope_agency", ori=filters.agency_ori))
    return ", ".join(parts) or word(lang, "scope_all")


def as_of_text(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """``November 25, 2026, 10:27 PST``: when the figures were counted, in county time."""
    local = moment.astimezone(tz)
    return f"{format_letter_date(local.date(), lang)}, {local:%H:%M} {local.tzname()}"


def memo_blocks(
    db: Database, actor: Staff, stats: Statistics, tz: ZoneInfo, lang: str, intro: str
) -> list[Block]:
    """From, prepared by, the As-of line, the introduction, the period and what was counted."""
    settings = office.office_settings(db, with_logo=False)
    sender = ", ".join(x for x in (settings.office_name, settings.signer_name) if x)
    when = as_of_text(stats.as_of, tz, lang)
    return [
        labelled(word(lang, "from"), sender),
        labelled(word(lang, "prepared_by"), actor.full_name),
        para(f"<b>{escape(word(lang, 'as_of', when=when))}</b>"),
        text(word(lang, intro)),
        labelled(
            word(lang, "period"),
            f"{period_text(stats.period, lang)} ({word(lang, 'period_how')}).",
        ),
        labelled(word(lang, "scope"), f"{scope_text(stats.filters, lang)}."),
    ]


def letter(
    db: Database, lang: str, title: str, blocks: list[Block], now: datetime, tz: ZoneInfo
) -> RenderedPdf:
    """Print ``blocks`` as a letter to the Board from the office, dated today in the county."""
    settings = office.office_settings(db, with_logo=False)
    content = LetterContent(
        language=lang,
        title=title,
        letterhead=office.letterhead(db),
        date_text=format_letter_date(county_today(tz, now), lang),
        our_reference="",
        recipients=(Recipient(word(lang, "board"), (settings.county_name,)),),
        blocks=(*blocks, text(word(lang, "closing"))),
        signer_name=settings.signer_name,
        signer_title=settings.signer_title,
        draft=False,
    )
    return render_pdf([content], title=title)


def policy_blocks(db: Database, period: Period, lang: str, today: date) -> list[Block]:
    """The policy in force on the period's last day, and the changes made inside the period.

    A period that ends after ``today`` (the day the figures were counted) is read up to today:
    the report does not say which policy a day still to come will have.
    """
    last = min(period.end, today)
    policy = policy_in_force(db, last)
    label = escape(policy_label(lang, policy.code, policy.label))
    when = escape(format_letter_date(last, lang))
    if last == period.end:
        sentence = word(lang, "policy_end", date=when, label=label)
    else:
        end = escape(format_letter_date(period.end, lang))
        sentence = word(lang, "policy_today", date=when, end=end, label=label)
    out = [heading(word(lang, "h_policy")), para(sentence)]
    if policy.source:
        source = policy_source(lang, policy.code, policy.source)
        out.append(text(word(lang, "policy_source", source=source.rstrip("."))))
    changes = [p for p in list_periods(db) if period.start < p.in_force_from <= last]
    if not changes:
        out.append(text(word(lang, "policy_same")))
        return out
    out.append(text(word(lang, "policy_changed")))
    start = policy_in_force(db, period.start)
    out.append(
        bullet(word(lang, "policy_start", date=format_letter_date(period.start, lang),
                    label=policy_label(lang, start.code, start.label)))
    )  # fmt: skip
    for change in changes:
        changed = get_policy(db, change.policy_code)
        label = policy_label(lang, changed.code, changed.label)
        if change.notes:
            label = f"{label} ({change.notes})"
        out.append(
            bullet(word(lang, "policy_from", date=format_letter_date(change.in_force_from, lang),
                        label=label))
        )  # fmt: skip
    return out


# -- figures ------------------------------------------------------------------------------------


def two_columns(lang: str, rows: list[tuple[str, int]]) -> TableBlock:
    """A table of named figures: "Figure | Number"."""
    return TableBlock(
        (word(lang, "figure"), word(lang, "number")),
        tuple((name, count(value)) for name, value in rows),
        ("left", "right"),
    )


def share_sentences(stats: Statistics, lang: str) -> list[Block]:
    """The two seed figures with their numerators and denominators (no data: said so)."""
    out = [heading(word(lang, "h_shares"))]
    if stats.no_conviction.denominator == 0:
        out.append(text(word(lang, "share.no_data")))
    else:
        sentences = [
            word(
                lang,
                share.key,
                pct=words.percent(share.percent, lang),
                num=count(share.numerator),
                den=count(share.denominator),
            )
            for share in (stats.no_conviction, stats.not_violent)
        ]
        # One paragraph, so a page break never parts the two figures.
        out.append(para("<br/>".join(f"<b>{escape(s)}</b>" for s in sentences)))
    out.append(text(word(lang, "share.national")))
    return out


def breakdown(table: Table, lang: str, meanings: dict[str, str] | None = None) -> TableBlock:
    """One breakdown: label, count, share of the total; a total row unless it has none.

    A table whose rows may not be added up (``total`` None) has neither total nor shares, and
    one whose total is 0 has no shares (nothing is divided by 0).
    """
    title, first = words.table_words(lang, table.key)
    scheme_code = table.key.split(".", 1)[1] if table.key.startswith("levels.") else ""
    title = title.format(scheme=table.title)
    header = [first, words.UNITS[lang][str(table.unit)]]
    align = ["left", "right"]
    shares = bool(table.total)
    if meanings is not None:
        header.insert(1, word(lang, "level_meaning"))
        align.insert(1, "left")
    if shares:
        header.append(word(lang, "share_col"))
        align.append("right")
    rows = []
    for row in table.rows:
        cells = [words.row_label(lang, row.key, row.label), count(row.value)]
        if meanings is not None:
            code = row.key.rsplit(".", 1)[1]
            cells.insert(1, meanings.get(f"{scheme_code}.{code}", ""))
        if shares:
            cells.append(words.percent(100 * row.value / table.total, lang))
        rows.append(tuple(cells))
    footer = ()
    if table.total is not None:
        total = [word(lang, "total"), count(table.total)]
        if meanings is not None:
            total.insert(1, "")
        if shares:
            total.append(words.percent(100, lang))
        footer = (tuple(total),)
    return TableBlock(tuple(header), tuple(rows), tuple(align), caption=title, footer=footer)


def level_meanings(db: Database) -> dict[str, str]:
    """``scheme.level`` → what the level means, as the office's table describes it."""
    rows = db.execute("SELECT scheme, level, description FROM offense_levels").fetchall()
    return {f"{scheme}.{level}": description or "" for scheme, level, description in rows}


def month_chart(stats: Statistics, lang: str, *, flagged: bool = True) -> Block | ChartBlock:
    """Arrests flagged and detainers received by month (or detainers alone)."""
    months = stats.months
    series = [ChartSeries(word(lang, "series_detainers"), tuple(m.detainers.value for m in months))]
    if flagged:
        series.insert(
            0, ChartSeries(word(lang, "series_flagged"), tuple(m.flagged.value for m in months))
        )
    if not any(v for one in series for v in one.values):
        return text(word(lang, "chart_none", what=word(lang, "none_months")))
    # Months of one calendar year need no year under each bar: the title has it.
    years = months[0].month.year != months[-1].month.year
    title = word(lang, "chart_months" if flagged else "chart_detainers_months")
    if not years:
        title = f"{title}, {months[0].month.year}"
    return ChartBlock(
        title,
        tuple(words.month_label(lang, m.month, with_year=years) for m in months),
        tuple(series),
    )


def bar_chart(table: Table, lang: str, title_key: str, of_people: bool) -> Block | ChartBlock:
    """One breakdown as horizontal bars, "Of N …" under it; a sentence when N is 0."""
    if not table.total:
        what = word(lang, "none_people" if of_people else "none_detainers")
        return text(word(lang, "chart_none", what=what))
    return ChartBlock(
        word(lang, title_key),
        tuple(words.row_label(lang, r.key, r.label) for r in table.rows),
        (ChartSeries(words.UNITS[lang][str(table.unit)], tuple(r.value for r in table.rows)),),
        horizontal=True,
        caption=counted(
            lang, "chart_of_people" if of_people else "chart_of_detainers", table.total
        ),
    )


def held_blocks(stats: Statistics, lang: str) -> list[Block]:
    """Time held past release eligibility, said of the honoured detainers with both times.

    How many of them were recorded, how many people were held past the time, and the median
    and the longest time over those held.
    """
    held = stats.held
    out = [heading(word(lang, "h_held"))]
    recorded = max(held.recorded, held.count)
    was_held = held.count > 0 and held.median_hours is not None
    if recorded == 0:
        key = "held_none"
    elif recorded == 1:
        key = "held_only_one" if was_held else "held_only_one_not"
    elif not was_held:
        key = "held_nobody"
    else:
        key = "held_one" if held.count == 1 else "held"
    out.append(
        text(word(lang, key, recorded=count(recorded), n=count(held.count),
                  median=_hours(held.median_hours), max=_hours(held.max_hours)))
    )  # fmt: skip
    return out


def _hours(value: float | None) -> str:
    return "" if value is None else words.decimal(value)


def cost_blocks(stats: Statistics, cost: StaffCost, lang: str) -> list[Block]:
    """The estimate shown with its formula: detainers × hours × rate = total."""
    rate = Decimal(str(cost.hourly_cost)).quantize(CENT, rounding=ROUND_HALF_UP)
    hours = cost.hours_per_detainer
    hours_key = "cost_hours_one" if hours == 1 else "cost_hours"
    sentence = word(
        lang,
        "cost",
        detainers=counted(lang, "cost_detainers", stats.detainers.value),
        hours=word(lang, hours_key, n=f"{hours:g}" if math.isfinite(hours) else str(hours)),
        rate=escape(f"${rate:,}"),
        total=escape(f"${cost.total(stats.detainers.value):,}"),
    )
    return [heading(word(lang, "h_cost")), para(sentence), text(word(lang, "cost_note"))]


def notes_blocks(stats: Statistics, tz: ZoneInfo, lang: str) -> list[Block]:
    """The notes, then the As-of line again to close the report.

    The letter engine keeps the closing and the paragraph before it with the signature; that
    paragraph is the As-of line, so no heading is left alone at the foot of a page.
    """
    notes = [word(lang, "note_counting"), *(words.note(lang, n) for n in stats.notes)]
    return [
        heading(word(lang, "h_notes")),
        *(bullet(n) for n in notes),
        text(word(lang, "as_of_end", when=as_of_text(stats.as_of, tz, lang))),
    ]
