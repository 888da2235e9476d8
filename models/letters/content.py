"""What a letter says, as plain data: built by pure functions, laid out by :mod:`layout`.

Every text here that is marked *markup* is already escaped for reportlab's paragraph markup
(``&amp;``, ``&lt;``, ``&gt;``) and may carry only ``<b>``, ``<i>`` and ``<u>`` tags; every other
text is plain and is escaped by the layout. Tests read these objects as text.

Besides paragraphs, a letter's body (a report, say) may hold a :class:`TableBlock` of plain-text
cells and a :class:`ChartBlock`, a bar chart drawn from plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    BULLET = "bullet"
    #: A box to tick, as on the interview consent form ("[ ] I agree ...").
    CHECKBOX = "checkbox"
    #: A line to sign or fill in by hand: its text is the caption under the line.
    SIGNATURE_LINE = "signature_line"
    #: A table of plain-text cells (:class:`TableBlock`).
    TABLE = "table"
    #: A bar chart (:class:`ChartBlock`).
    CHART = "chart"


@dataclass(frozen=True)
class Block:
    """One block of a letter's body; ``markup`` is escaped paragraph markup."""

    kind: BlockKind
    markup: str


#: How a table column's cells are aligned.
ALIGNMENTS = ("left", "right", "center")


@dataclass(frozen=True)
class TableBlock:
    """A table in a letter's body: a header row and rows of plain-text cells.

    The layout keeps it within the page's width (cells wrap), and a table longer than a page
    continues on the next with its header row repeated.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: One of :data:`ALIGNMENTS` per column; missing columns are aligned left.
    align: tuple[str, ...] = ()
    #: Printed above the table (plain), kept on the same page as its first rows.
    caption: str = ""
    #: Rows printed after the others in bold over a rule (a total, say).
    footer: tuple[tuple[str, ...], ...] = ()
    kind: BlockKind = field(default=BlockKind.TABLE, init=False)

    def __post_init__(self) -> None:
        width = len(self.header)
        if not width:
            raise ValueError("a table needs at least one column")
        for row in (*self.rows, *self.footer):
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")
        if len(self.align) > width or any(a not in ALIGNMENTS for a in self.align):
            raise ValueError(f"column alignments must be {', '.join(ALIGNMENTS)}, one per column")

    def alignment(self, column: int) -> str:
        """How column ``column`` (from 0) is aligned."""
        return self.align[column] if column < len(self.align) else "left"


@dataclass(frozen=True)
class ChartSeries:
    """One named series of a bar chart: a value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartBlock:
    """A bar chart in a letter's body, drawn by the layout from plain data.

    Bars stand up from the categories below them, or with ``horizontal`` lie along them with
    the categories at the left. More than one series draws a legend.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    horizontal: bool = False
    #: A line under the chart (plain): the unit, say, or where the figures come from.
    caption: str = ""
    kind: BlockKind = field(default=BlockKind.CHART, init=False)

    def __post_init__(self) -> None:
        if not self.categories or not self.series:
            raise ValueError("a chart needs at least one category and one series")
        for one in self.series:
            if len(one.values) != len(self.categories):
                raise ValueError(
                    f"series “{one.name}” has {len(one.values)} values for "
                    f"{len(self.categories)} categories"
                )
            if any(v < 0 for v in one.values):
                raise ValueError(f"series “{one.name}” has a negative value")


@dataclass(frozen=True)
class Letterhead:
    """The office's letterhead, from the office settings (plain text)."""

    county: str
    office: str
    address_lines: tuple[str, ...] = ()
    contact_line: str = ""
    #: PNG or JPEG bytes of the county seal or logo, drawn at the left of the letterhead.
    logo: bytes | None = None


@dataclass(frozen=True)
class Recipient:
    """Who a letter goes to (plain text); the first recipient of a letter is the addressee."""

    name: str
    address_lines: tuple[str, ...] = ()
    #: ``"to"`` for the addressee, ``"cc"`` for a copy (the person's attorney, say).
    role: str = "to"


@dataclass(frozen=True)
class LetterContent:
    """Everything one letter says, in its language, ready for the layout."""

    language: str
    #: The letter's title (plain): the "Re:" line and the PDF's title.
    title: str
    letterhead: Letterhead
    #: The letter's date, already written the way its language writes dates.
    date_text: str
    our_reference: str
    recipients: tuple[Recipient, ...]
    blocks: tuple[Block | TableBlock | ChartBlock, ...]
    signer_name: str = ""
    signer_title: str = ""
    their_reference: str = ""
    enclosures: tuple[str, ...] = ()
    #: A draft carries a DRAFT watermark on every page.
    draft: bool = True
    #: Forms (the consent form) have no salutation block or signature of the office.
    is_form: bool = False
    #: Free keywords the layout ignores; kept for tests and records.
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def addressee(self) -> Recipient | None:
        return next((r for r in self.recipients if r.role == "to"), None)

    @property
    def copies(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.role == "cc")
