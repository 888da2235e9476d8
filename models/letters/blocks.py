"""Split a rendered template body into the blocks of a letter, and read markup back as text.

A rendered body is escaped paragraph markup in the template text format: blank lines separate
blocks, consecutive plain lines join into one paragraph, and a line that starts with a marker
is a block of its own (``# `` heading, ``- `` bullet, ``[ ] `` checkbox, ``___ caption``
signature line). Nothing here knows about templates or merge fields.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree

from models.letters.content import Block, BlockKind

#: Tags a block's markup may carry (``font`` is added by the layout for other scripts).
MARKUP_TAGS = frozenset({"b", "i", "u", "font"})

_SIGNATURE = re.compile(r"_{3,}(?!_)\s*(\S.*)")
_MARKERS = (
    ("# ", BlockKind.HEADING),
    ("- ", BlockKind.BULLET),
    ("[ ] ", BlockKind.CHECKBOX),
)
_TAG = re.compile(r"<[^>]*>")


def parse_blocks(markup_body: str) -> tuple[Block, ...]:
    """The blocks of a rendered body, in order; empty lines and empty blocks are dropped.

    Args:
        markup_body: the body as rendered: escaped markup, one source line per line.

    Returns:
        Paragraphs (their lines joined with a space), headings, bullets, checkboxes and
        signature lines (whose markup is the caption under the line).
    """
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block(BlockKind.PARAGRAPH, " ".join(paragraph)))
            paragraph.clear()

    for raw in markup_body.splitlines():
        line = raw.strip()
        if not line:
            end_paragraph()
            continue
        # Markers are matched before the end is stripped, so "- " alone is an empty bullet.
        marked = _marked(raw.lstrip())
        if marked is None:
            paragraph.append(line)
            continue
        end_paragraph()
        kind, text = marked
        if text:
            blocks.append(Block(kind, text))
    end_paragraph()
    return tuple(blocks)


def _marked(line: str) -> tuple[BlockKind, str] | None:
    """The kind and text of a marker line, or None for a plain line."""
    for marker, kind in _MARKERS:
        if line.startswith(marker):
            return kind, line[len(marker) :].strip()
    if match := _SIGNATURE.fullmatch(line):
        return BlockKind.SIGNATURE_LINE, match.group(1).strip()
    return None


def markup_to_plain(markup: str) -> str:
    """The text a reader sees: tags removed, ``&amp;``, ``&lt;``, ``&gt;`` ... read back."""
    return html.unescape(_TAG.sub("", markup))


def markup_problem(markup: str) -> str | None:
    """Why ``markup`` is not well-formed paragraph markup, or None when it is.

    The layout hands a block's markup to reportlab, which refuses (or worse, misprints)
    unbalanced tags and stray ``&`` or ``<``.
    """
    try:
        root = ElementTree.fromstring(f"<p>{markup}</p>")
    except ElementTree.ParseError:
        if "<b>" in markup or "</b>" in markup:
            return "bold text (**) must open and close within one paragraph"
        return "the text is not well-formed"
    for element in root.iter():
        if element is not root and element.tag not in MARKUP_TAGS:
            return f"the tag <{element.tag}> is not allowed"
    return None
