"""The PDF of one or more letters, laid out by reportlab from :class:`LetterContent`.

Each letter starts on a new page with the office's letterhead, counts its own pages ("Page 1 of
2"), and carries a DRAFT watermark while it is a draft. Every plain string is escaped before it
reaches a paragraph, and every paragraph goes through :func:`with_fallback` so names in any
script print as typed. Fonts are embedded and subset.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from html import unescape
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import Flowable

from models.errors import DeskError
from models.letters import layout_parts as parts
from models.letters import layout_tables
from models.letters.blocks import markup_to_plain
from models.letters.content import (
    Block,
    BlockKind,
    ChartBlock,
    LetterContent,
    Letterhead,
    TableBlock,
)
from models.letters.fonts import LATIN_BOLD, register_fonts, with_fallback
from models.letters.language import LANGUAGES, label
from models.letters.layout_parts import LetterCanvas, LetterPlan

CREATOR = "Detainer Desk"
_TAG = re.compile(r"<[^>]*>")
_CJK = re.compile("[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: Spaces a line must not break at: after "§" ("Gov. Code § 7283.1") and inside a telephone
#: number ("(555) 010-4400"). They print as a no-break space.
_TIES = (
    (re.compile(r"(§+) (?=\d)"), "\\1\u00a0"),
    (re.compile(r"(\(\d{3}\)) (?=\d{3}-\d{4})"), "\\1\u00a0"),
)
#: Blocks that are parts of a form to fill in: a run of them is kept on one page.
_FORM_KINDS = frozenset({BlockKind.CHECKBOX, BlockKind.SIGNATURE_LINE})


class LayoutError(DeskError):
    """A letter cannot be laid out: a bad logo, or text with broken formatting marks."""


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF and how many pages each of its letters took, in order."""

    data: bytes
    page_counts: tuple[int, ...]


def render_pdf(
    letters: Sequence[LetterContent],
    *,
    title: str | None = None,
    invariant: bool = False,
    on_page: Callable[[], object] | None = None,
) -> RenderedPdf:
    """Lay out ``letters`` in one PDF, each from a new page with its own letterhead.

    Args:
        letters: the letters, in order.
        title: the PDF's title; by default the (first) letter's title.
        invariant: make the bytes depend on the content only (no time stamp or random id),
            so two renders of the same letters are byte-identical.
        on_page: called as each page is finished (a long batch checks for Cancel there; an
            exception it raises stops the render).

    Returns:
        The PDF bytes and the page count of each letter.

    Raises:
        LayoutError: no letters, a letterhead logo that is not a readable image, or a block
            whose formatting marks are broken.
    """
    if not letters:
        raise LayoutError("There is no letter to print.")
    register_fonts()
    cache: dict = {}  # letterheads and logos, by value
    plans = [_plan(letter, cache) for letter in letters]
    story: list[Flowable] = []
    for index, (letter, plan) in enumerate(zip(letters, plans, strict=True)):
        if index:
            story += [NextPageTemplate("first"), PageBreak()]
        story += _letter_story(letter, plan)

    first = letters[0]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=parts.LEFT,
        rightMargin=parts.RIGHT,
        topMargin=parts.TOP,
        bottomMargin=parts.BOTTOM,
        title=title if title is not None else first.title,
        author=f"{first.letterhead.office}, {first.letterhead.county}",
        creator=CREATOR,
        subject="",
        keywords="",
        invariant=1 if invariant else 0,
        # Else every page names Helvetica, a font the PDF would not embed.
        initialFontName=parts.base_font("latin"),
        initialFontSize=10,
    )
    doc.page_templates_state = {"letter": -1, "plans": plans}
    doc.addPageTemplates(_page_templates())
    canvases: list[LetterCanvas] = []

    def make_canvas(*args, **kwargs) -> LetterCanvas:
        canv = LetterCanvas(*args, **kwargs)
        canv._plans = plans
        canvases.append(canv)
        return canv

    if on_page is not None:
        doc.setProgressCallBack(lambda kind, _value: on_page() if kind == "PAGE" else None)
    doc.build(story, canvasmaker=make_canvas)
    return RenderedPdf(buffer.getvalue(), canvases[-1].page_counts)


def _page_templates() -> list[PageTemplate]:
    body_height = parts.PAGE_HEIGHT - parts.TOP - parts.BOTTOM
    first = Frame(
        parts.LEFT,
        parts.BOTTOM,
        parts.TEXT_WIDTH,
        body_height,
        id="first_body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        parts.LEFT,
        parts.BOTTOM,
        parts.TEXT_WIDTH,
        body_height - parts.HEADER_HEIGHT,
        id="later_body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return [
        PageTemplate("first", [first], onPage=_on_first_page, autoNextPageTemplate="later"),
        PageTemplate("later", [later], onPage=_on_later_page),
    ]


def _on_first_page(canv: LetterCanvas, doc: BaseDocTemplate) -> None:
    # The first template is used exactly once per letter, at its start: that is how the pages
    # are told apart by letter (see LetterCanvas.save).
    state = doc.page_templates_state
    state["letter"] += 1
    canv._letter_index = state["letter"]
    plan = state["plans"][state["letter"]]
    canv.saveState()
    if plan.draft:
        parts.draw_watermark(canv, plan)
    parts.draw_letterhead(canv, plan)
    canv.restoreState()


def _on_later_page(canv: LetterCanvas, doc: BaseDocTemplate) -> None:
    plan = doc.page_templates_state["plans"][canv._letter_index]
    canv.saveState()
    if plan.draft:
        parts.draw_watermark(canv, plan)
    parts.draw_running_header(canv, plan)
    canv.restoreState()


def _plan(letter: LetterContent, cache: dict) -> LetterPlan:
    lang = letter.language
    script = LANGUAGES[lang].script
    head = letter.letterhead
    # A batch repeats one letterhead a thousand times: lay it out once per render.
    key = (head, script)
    if key not in cache:
        cache[key] = _letterhead(head, script, cache)
    paras, logo, logo_size, height = cache[key]
    return LetterPlan(
        language=lang,
        script=script,
        draft=letter.draft,
        letterhead=paras,
        logo=logo,
        logo_size=logo_size,
        letterhead_height=height,
        header_text=_header_text(head.office, letter.title, script),
        draft_label=label(lang, "draft"),
        page_label=partial(_page_label, lang),
    )


def _letterhead(head: Letterhead, script: str, cache: dict) -> tuple:
    style = parts.styles(script)
    logo, logo_size = _logo(head, cache)
    paras = [
        _para(escape(head.county), style["County"]),
        _para(escape(head.office), style["Office"]),
    ]
    small = [escape(line) for line in (*head.address_lines, head.contact_line) if line.strip()]
    if small:
        paras.append(_para("<br/>".join(small), style["LetterheadSmall"]))
    return paras, logo, logo_size, parts.measure_letterhead(paras, logo_size)


def _header_text(office: str, title: str, script: str) -> str:
    """Later pages' header: "office · title", or the title alone when both do not fit."""
    text = f"{office} · {title}"
    font = parts.base_font(script)
    if parts.text_width(text, font, parts.HEADER_FONT_SIZE) <= parts.TEXT_WIDTH:
        return text
    return title


def _page_label(lang: str, page: int, pages: int) -> str:
    return label(lang, "page", page=page, pages=pages)


def _logo(head: Letterhead, cache: dict) -> tuple[ImageReader | None, tuple[float, float]]:
    if not head.logo:
        return None, (0.0, 0.0)
    if head.logo not in cache:
        try:
            reader = ImageReader(io.BytesIO(head.logo))
            width, height = reader.getSize()
            if width <= 0 or height <= 0:
                raise ValueError("empty image")
            reader.getRGBData()  # decode it all now: a truncated file fails here, not mid-build
        except Exception as error:  # Pillow raises many kinds for a file that is not an image
            raise LayoutError(
                "The letterhead logo could not be read; choose a PNG or JPEG image in "
                "Settings ▸ Letterhead."
            ) from error
        draw_h = parts.LOGO_HEIGHT
        draw_w = width * draw_h / height
        if draw_w > parts.LOGO_MAX_WIDTH:  # a wide banner: keep it within its corner
            draw_w, draw_h = parts.LOGO_MAX_WIDTH, height * parts.LOGO_MAX_WIDTH / width
        cache[head.logo] = (reader, (draw_w, draw_h))
    return cache[head.logo]


def _para(markup: str, style, **kwargs) -> Paragraph:
    """A paragraph of ``markup`` (already escaped) with fallback fonts for other scripts."""
    latin_bold = getattr(style, "latin_bold", None)
    if latin_bold is not None and style.fontName != LATIN_BOLD and not _CJK.search(markup):
        # A bold line of a CJK letter set wholly in Latin prints bold; mixed text keeps the
        # CJK font's one weight rather than a patchwork.
        style = latin_bold
    try:
        return Paragraph(with_fallback(markup, style.fontName), style, **kwargs)
    except ValueError as error:  # reportlab's parser: unclosed or mismatched tags
        text = " ".join(unescape(_TAG.sub(" ", markup)).split())
        start = text[:40] + ("…" if len(text) > 40 else "")
        raise LayoutError(
            f"Part of the letter has broken formatting and cannot be printed: “{start}”. "
            "Check the bold and italic marks in the template near that text."
        ) from error


def _letter_story(letter: LetterContent, plan: LetterPlan) -> list[Flowable]:
    lang, script = letter.language, plan.script
    style = parts.styles(script)
    sep = parts.colon(script)
    story: list[Flowable] = [Spacer(1, plan.letterhead_height + parts.LETTERHEAD_GAP)]

    refs = [(label(lang, "our_reference"), letter.our_reference)]
    if letter.their_reference:
        refs.append((label(lang, "their_reference"), letter.their_reference))
    refs.append((label(lang, "date"), letter.date_text))
    story += [
        _para(
            f'<font color="#595959">{escape(name)}{sep}</font>{escape(value)}', style["Reference"]
        )
        for name, value in refs
        if value
    ]

    addressee = letter.addressee
    if addressee is not None:
        lines = [addressee.name, *addressee.address_lines]
        story.append(_para("<br/>".join(escape(x) for x in lines if x), style["Address"]))
    else:
        story.append(Spacer(1, 16))
    story.append(_para(_labelled(label(lang, "re"), letter.title), style["Subject"]))

    blocks = list(letter.blocks)
    signer = [
        _para(escape(text), style["Signature"])
        for text in (letter.signer_name, letter.signer_title)
        if text and not letter.is_form
    ]
    # The closing word ("Sincerely,") and the paragraph before it go to the next page with the
    # signature: the signature never starts a page alone, nor is it parted from its closing.
    ending: list[Block] = []
    while signer and blocks and blocks[-1].kind == BlockKind.PARAGRAPH and len(ending) < 2:
        ending.insert(0, blocks.pop())
    story += _body(blocks, style, script)
    if signer:
        head = [_block(block, style) for block in ending]
        story.append(KeepTogether([*head, Spacer(1, 0.6 * inch), *signer]))

    tail: list[Flowable] = []
    if letter.enclosures:
        items = "; ".join(escape(x) for x in letter.enclosures)
        tail.append(_para(f"{escape(label(lang, 'enclosures'))}{sep}{items}", style["Small"]))
    for copy in letter.copies:
        tail.append(_para(_labelled(label(lang, "cc"), copy.name), style["Small"]))
    if tail:
        story += [Spacer(1, 14), *tail]
    return story


def _labelled(name: str, value: str) -> str:
    """Markup of "Re: value" (the label ends with its colon); a full-width colon needs no space."""
    space = "" if name.endswith("：") else " "
    return f"{escape(name)}{space}{escape(value)}"


def _body(
    blocks: list[Block | TableBlock | ChartBlock], style: dict, script: str = "latin"
) -> list[Flowable]:
    """The flowables of a letter's blocks, kept together where a page break would hurt.

    A heading stays with what follows it (its style), and so does a paragraph that leads into
    the next block ("You asked for:"). A run of checkboxes and lines to sign, with the heading
    over it, is kept on one page. The last item of a list is followed by a paragraph's space.
    Tables and charts are laid out by :mod:`models.letters.layout_tables`.
    """
    story: list[Flowable] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == BlockKind.TABLE:
            heading = story.pop() if i and blocks[i - 1].kind == BlockKind.HEADING else None
            story += layout_tables.table_flowables(block, script, heading)
            i += 1
            continue
        if block.kind == BlockKind.CHART:
            story += layout_tables.chart_flowables(block, script)
            i += 1
            continue
        if block.kind in _FORM_KINDS:
            end = i
            while end < len(blocks) and blocks[end].kind in _FORM_KINDS:
                end += 1
            group: list[Flowable] = []
            if i and blocks[i - 1].kind == BlockKind.HEADING:
                group.append(story.pop())
            for j in range(i, end):
                group += _form_part(blocks[j], style, last=j + 1 == end)
            story.append(KeepTogether(group))
            i = end
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        last = following is None or following.kind != block.kind
        flowable = _block(block, style, last=last)
        if (
            following is not None
            and block.kind == BlockKind.PARAGRAPH
            and markup_to_plain(block.markup).rstrip().endswith((":", "："))
        ):
            flowable.keepWithNext = 1
        story.append(flowable)
        i += 1
    return story


def _block(block: Block, style: dict, *, last: bool = True) -> Flowable:
    """A heading, bullet (``last`` of its list or not) or paragraph."""
    kind = block.kind
    markup = _tie(block.markup)
    if kind == BlockKind.HEADING:
        return _para(markup, style["Heading"])
    if kind == BlockKind.BULLET:
        return _para(markup, style["Bullet" if not last else "BulletLast"], bulletText="•")
    return _para(markup, style["Body"])


def _form_part(block: Block, style: dict, *, last: bool) -> list[Flowable]:
    """A checkbox, or a line to sign with its caption under it."""
    markup = _tie(block.markup)
    if block.kind == BlockKind.CHECKBOX:
        name = "Checkbox" if not last else "CheckboxLast"
        return [_para(markup, style[name], bulletText="☐")]
    return [parts.SignatureRule(), _para(markup, style["Caption"])]


def _tie(markup: str) -> str:
    for pattern, tied in _TIES:
        markup = pattern.sub(tied, markup)
    return markup
