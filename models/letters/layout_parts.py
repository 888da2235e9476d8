"""Page geometry, named styles, letterhead, header, watermark and page-counting canvas.

These are the pieces :mod:`models.letters.layout` builds letters from. Nothing here knows
about templates or records; everything drawn straight on the canvas goes through
:func:`draw_text` so a name in any script prints with a font that has its glyphs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from models.letters.fonts import LATIN, LATIN_BOLD, SCRIPT_FONTS, font_runs, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = LETTER
LEFT = RIGHT = 1.0 * inch
#: The letterhead starts this far below the top edge; later pages' header sits here too.
TOP = 0.6 * inch
BOTTOM = 0.9 * inch
FOOTER_Y = 0.5 * inch
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
#: Room the later pages' running header takes above their frame.
HEADER_HEIGHT = 0.45 * inch
HEADER_FONT_SIZE = 8
LOGO_HEIGHT = 0.8 * inch
LOGO_MAX_WIDTH = 1.6 * inch
LOGO_GAP = 0.18 * inch
#: Space between the letterhead's rule and the first line of the letter.
LETTERHEAD_GAP = 0.3 * inch
SIGNATURE_LINE_WIDTH = 3.5 * inch

GREY = Color(0.35, 0.35, 0.35)
RULE = Color(0.55, 0.55, 0.55)
WATERMARK = Color(0.86, 0.86, 0.86)


def base_font(script: str) -> str:
    """The regular font a language in ``script`` (latin, han, hangul) is set in."""
    return SCRIPT_FONTS[script]


def bold_font(script: str) -> str:
    """The bold font of ``script`` (the CJK fonts have no bold: the regular one)."""
    return LATIN_BOLD if script == "latin" else SCRIPT_FONTS[script]


def bold_font_of(font: str) -> str:
    """The bold of regular font ``font`` (itself for the CJK fonts, which have no bold)."""
    return LATIN_BOLD if font == LATIN else font


def colon(script: str) -> str:
    """What follows a label: a full-width colon in Chinese, ": " elsewhere."""
    return "：" if script == "han" else ": "


@cache
def styles(script: str) -> dict[str, ParagraphStyle]:
    """The named paragraph styles of a letter in ``script``, built once per process."""
    register_fonts()
    regular, bold = base_font(script), bold_font(script)
    # CJK has no spaces between words: wrap between any two characters.
    wrap = "CJK" if script in ("han", "hangul") else None
    body = ParagraphStyle(
        "Body", fontName=regular, fontSize=10.5, leading=14.5, spaceAfter=7, wordWrap=wrap
    )

    def like(name: str, parent: ParagraphStyle = body, **values) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **values)

    named = {
        "Body": body,
        "Heading": like(
            "Heading",
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=6,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "Bullet": like(
            "Bullet",
            leftIndent=20,
            bulletIndent=6,
            bulletFontName=LATIN,
            spaceAfter=3,
        ),
        "Checkbox": like(
            "Checkbox",
            leftIndent=20,
            bulletIndent=4,
            bulletFontName=LATIN,
            bulletFontSize=12,
            spaceAfter=5,
        ),
        "Reference": like("Reference", fontSize=9, leading=12, spaceAfter=0, alignment=TA_RIGHT),
        "Address": like("Address", leading=13.5, spaceBefore=14, spaceAfter=16),
        "Subject": like("Subject", fontName=bold, spaceAfter=12),
        "Caption": like("Caption", fontSize=8, leading=10, textColor=GREY, spaceAfter=8),
        "Signature": like("Signature", spaceAfter=0, keepWithNext=1),
        "Small": like("Small", fontSize=9, leading=12, spaceAfter=2),
        "County": like(
            "County", fontName=bold, fontSize=15, leading=18, spaceAfter=0, alignment=TA_LEFT
        ),
        "Office": like("Office", fontSize=11, leading=14, spaceAfter=1),
        "LetterheadSmall": like(
            "LetterheadSmall", fontSize=8.5, leading=11, spaceAfter=0, textColor=GREY
        ),
        # A table's caption, over it: bold, close to its table.
        "TableCaption": like(
            "TableCaption", fontName=bold, fontSize=10, leading=13, spaceBefore=4, spaceAfter=4
        ),
    }
    for name in ("Bullet", "Checkbox"):
        # The last item of a list is followed by a paragraph's space, not an item's.
        named[f"{name}Last"] = like(f"{name}Last", named[name], spaceAfter=body.spaceAfter)
    for name in ("Heading", "Subject", "County"):
        # Read by layout._para: the CJK fonts have no bold, so a CJK letter's bold line set
        # wholly in Latin (the county's name, say) takes DejaVu Sans Bold instead.
        named[name].latin_bold = like(f"{name}LatinBold", named[name], fontName=LATIN_BOLD)
    return named


def text_width(text: str, font: str, size: float) -> float:
    """Width of plain ``text`` as :func:`draw_text` draws it, fallback fonts included."""
    return sum(stringWidth(part, name, size) for name, part in font_runs(text, font))


def draw_text(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, *, centred=False
) -> None:
    """Draw one line of plain ``text`` at ``(x, y)``, each run in a font that has its glyphs."""
    runs = font_runs(text, font)
    if centred:
        x -= sum(stringWidth(part, name, size) for name, part in runs) / 2
    for name, part in runs:
        canv.setFont(name, size)
        canv.drawString(x, y, part)
        x += stringWidth(part, name, size)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with "…" until it fits ``width``."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class SignatureRule(Flowable):
    """A line to sign or write on, drawn at the left of the frame."""

    def __init__(self, width: float = SIGNATURE_LINE_WIDTH, space: float = 0.45 * inch):
        super().__init__()
        self.width = width
        self.height = space

    def wrap(self, avail_width, avail_height):
        return min(self.width, avail_width), self.height

    def draw(self):
        self.canv.setStrokeColor(Color(0, 0, 0))
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self.width, 0)


@dataclass
class LetterPlan:
    """What the page templates and the canvas need to know of one letter."""

    language: str
    script: str
    draft: bool
    #: The letterhead's paragraphs, with the logo (an ImageReader) and its drawn size.
    letterhead: list[Paragraph]
    logo: object | None
    logo_size: tuple[float, float]
    #: Height from the top margin to the letterhead's rule.
    letterhead_height: float
    header_text: str
    draft_label: str
    page_label: object  # callable (page, pages) -> str


def measure_letterhead(paras: list[Paragraph], logo_size: tuple[float, float]) -> float:
    """Lay out the letterhead's text beside the logo; its height down to the rule."""
    logo_w, logo_h = logo_size
    text_x = logo_w + LOGO_GAP if logo_w else 0
    height = 0.0
    for para in paras:
        _, h = para.wrap(TEXT_WIDTH - text_x, PAGE_HEIGHT)
        height += h
    return max(height, logo_h) + 4


def draw_letterhead(canv: Canvas, plan: LetterPlan) -> None:
    """The first page's letterhead: logo at left, county, office, address, contact, rule."""
    top = PAGE_HEIGHT - TOP
    logo_w, logo_h = plan.logo_size
    text_x = LEFT
    if plan.logo is not None:
        canv.drawImage(plan.logo, LEFT, top - logo_h, logo_w, logo_h, mask="auto")
        text_x += logo_w + LOGO_GAP
    y = top
    for para in plan.letterhead:
        _, h = para.wrap(PAGE_WIDTH - RIGHT - text_x, PAGE_HEIGHT)
        para.drawOn(canv, text_x, y - h)
        y -= h
    rule_y = top - plan.letterhead_height
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.75)
    canv.line(LEFT, rule_y, PAGE_WIDTH - RIGHT, rule_y)


def draw_running_header(canv: Canvas, plan: LetterPlan) -> None:
    """Later pages: "office · title" in small grey type over a thin rule."""
    font, size = base_font(plan.script), HEADER_FONT_SIZE
    y = PAGE_HEIGHT - TOP - size
    canv.setFillColor(GREY)
    draw_text(canv, LEFT, y, fit_text(plan.header_text, font, size, TEXT_WIDTH), font, size)
    canv.setFillColor(Color(0, 0, 0))
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(LEFT, y - 5, PAGE_WIDTH - RIGHT, y - 5)


def draw_watermark(canv: Canvas, plan: LetterPlan) -> None:
    """The DRAFT mark across the page, pale enough for the text over it to stay readable."""
    font = bold_font(plan.script)
    size = 110.0
    width = text_width(plan.draft_label, font, size)
    if width > 6.5 * inch:
        size *= 6.5 * inch / width
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(45)
    draw_text(canv, 0, -size * 0.35, plan.draft_label, font, size, centred=True)
    canv.restoreState()


class LetterCanvas(Canvas):
    """A canvas that holds pages back until the end to print "Page X of Y" per letter.

    The known NumberedCanvas pattern: ``showPage`` saves the page's state instead of writing
    it; ``save`` writes every page with its footer once each letter's page count is known.
    The page templates set ``_letter_index`` (which letter a page belongs to) and ``_plans``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_page_states: list[dict] = []
        self._letter_index = 0
        self._plans: list[LetterPlan] = []
        self.page_counts: tuple[int, ...] = ()

    def showPage(self):  # noqa: N802 - reportlab's name
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        states = self._saved_page_states
        counts = Counter(state["_letter_index"] for state in states)
        page_counts = tuple(counts[i] for i in range(len(self._plans)))
        seen: Counter[int] = Counter()
        for state in states:
            self.__dict__.update(state)
            index = state["_letter_index"]
            seen[index] += 1
            plan = self._plans[index]
            self.setFillColor(GREY)
            text = plan.page_label(seen[index], counts[index])
            draw_text(self, PAGE_WIDTH / 2, FOOTER_Y, text, base_font(plan.script), 8, centred=True)
            super().showPage()
        # After the loop: restoring each page's state would undo it.
        self.page_counts = page_counts
        super().save()
