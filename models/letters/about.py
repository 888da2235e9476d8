"""What a letter is about: one record (case, detainer, letter, opt-out request) or a period.

Written on the command line and stored with each document as ``kind:id`` (``detainer:12``) or
``period:START..END`` (``period:2026-10-01..2026-10-31``; ``period:2026-10`` is that month).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from models.errors import FieldError, ValidationError

#: The kinds of record a letter can be about, and how a clerk names one of each.
RECORD_KINDS: dict[str, str] = {
    "case": "Case",
    "detainer": "Detainer",
    "correspondence": "Letter",
    "optout": "Opt-out request",
}
PERIOD = "period"
KINDS = (*RECORD_KINDS, PERIOD)

_FIELD = "for"
_USAGE = (
    "use case:ID, detainer:ID, correspondence:ID, optout:ID or period:FROM..TO "
    "(for example detainer:12, period:2026-10-01..2026-10-31 or period:2026-10)"
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


@dataclass(frozen=True)
class About:
    """The record a letter is about (``record_id``), or the period it covers (``start``, ``end``).

    Raises:
        ValueError: an unknown kind, a record kind without its id, or a period without both
            days or ending before it starts (a programming slip; typed text goes through
            :func:`parse_about`).
    """

    kind: str
    record_id: int | None = None
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of letter subject {self.kind!r}")
        if self.kind == PERIOD:
            if self.start is None or self.end is None or self.record_id is not None:
                raise ValueError("a period has a start and an end and no record id")
            if self.end < self.start:
                raise ValueError("a period cannot end before it starts")
        elif self.record_id is None or self.start is not None or self.end is not None:
            raise ValueError(f"a {self.kind} subject has a record id and no dates")

    @property
    def label(self) -> str:
        """As a clerk reads it: ``Detainer 12``, ``Period 2026-10-01 to 2026-10-31``."""
        if self.kind == PERIOD:
            return f"Period {self.start.isoformat()} to {self.end.isoformat()}"
        return f"{RECORD_KINDS[self.kind]} {self.record_id}"

    def to_text(self) -> str:
        """The text :func:`parse_about` reads back as this: ``detainer:12``."""
        if self.kind == PERIOD:
            return f"{PERIOD}:{self.start.isoformat()}..{self.end.isoformat()}"
        return f"{self.kind}:{self.record_id}"


def parse_about(text: str) -> About:
    """Read ``case:12``, ``detainer:12``, ``correspondence:7``, ``optout:3`` or a period.

    A period is ``period:2026-10-01..2026-10-31`` (both days included) or ``period:2026-10``
    (that whole month). The kind may be in any case; spaces around the parts are ignored.

    Raises:
        ValidationError: on field ``for``, saying what is wrong and what to type instead.
    """
    original = (text or "").strip()
    kind, colon, rest = original.partition(":")
    kind, rest = kind.strip().lower(), rest.strip()
    if not original:
        raise _refuse(f"Say what the letter is about: {_USAGE}.")
    if not colon or kind not in KINDS:
        raise _refuse(f"“{original}” is not something a letter can be about: {_USAGE}.")
    if kind == PERIOD:
        return _period(original, rest)
    if not rest.isascii() or not rest.isdigit() or int(rest) == 0:
        noun = RECORD_KINDS[kind].lower()
        raise _refuse(
            f"“{original}”: after “{kind}:” give the {noun}'s number, for example {kind}:12."
        )
    return About(kind, int(rest))


def _period(original: str, rest: str) -> About:
    if m := _MONTH.fullmatch(rest):
        year, month = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and year >= 1):
            raise _refuse(f"“{original}”: {rest} is not a month; write it as 2026-10.")
        last = calendar.monthrange(year, month)[1]
        return About(PERIOD, start=date(year, month, 1), end=date(year, month, last))
    first, dots, second = rest.partition("..")
    if not dots:
        raise _refuse(
            f"“{original}”: write a period as period:FROM..TO with days as YYYY-MM-DD "
            "(period:2026-10-01..2026-10-31), or a month as period:2026-10."
        )
    start, end = _day(original, first.strip()), _day(original, second.strip())
    if end < start:
        raise _refuse(
            f"“{original}”: the period ends ({end.isoformat()}) before it starts "
            f"({start.isoformat()})."
        )
    return About(PERIOD, start=start, end=end)


def _day(original: str, text: str) -> date:
    if not _DAY.fullmatch(text):
        raise _refuse(f"“{original}”: “{text}” is not a day; write days as YYYY-MM-DD.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _refuse(f"“{original}”: {text} is not a real calendar day.") from None


def _refuse(message: str) -> ValidationError:
    return ValidationError(FieldError(_FIELD, message))
