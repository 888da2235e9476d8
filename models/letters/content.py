"""What a letter says, as plain data: built by pure functions, laid out by :mod:`layout`.

Every text here that is marked *markup* is already escaped for reportlab's paragraph markup
(``&amp;``, ``&lt;``, ``&gt;``) and may carry only ``<b>``, ``<i>`` and ``<u>`` tags; every other
text is plain and is escaped by the layout. Tests read these objects as text.
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


@dataclass(frozen=True)
class Block:
    """One block of a letter's body; ``markup`` is escaped paragraph markup."""

    kind: BlockKind
    markup: str


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
    blocks: tuple[Block, ...]
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
