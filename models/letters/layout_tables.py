"""Tables and bar charts in a letter's body: :class:`TableBlock` and :class:`ChartBlock` laid out.

A table takes the text's full width; its columns get the room their text needs, wrapped cells
where the page is too narrow, and a table longer than the page continues with its header row
repeated. A chart is a reportlab drawing in the letter's own embedded fonts (so accents print),
with whole-number value steps and category labels thinned out until they no longer overlap.
"""

from __future__ import annotations

import math
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from models.letters import layout_parts as parts
from models.letters.content import ChartBlock, TableBlock
from models.letters.fonts import with_fallback

CELL_SIZE, CELL_LEADING = 9, 11.5
#: Padding left and right of a cell's text, and above and below it.
PAD_X, PAD_Y = 5, 2.5
HEAD_FILL = Color(0.9, 0.92, 0.95)
STRIPE = Color(0.965, 0.965, 0.965)
#: Bar colours, told apart in grey print too (dark blue, amber, green, plum).
PALETTE = tuple(HexColor(c) for c in ("#2f5f8a", "#d08c2a", "#5b8c5a", "#8a5a83"))
CHART_FONT_SIZE = 7.5
TITLE_SIZE = 9.5
VERTICAL_HEIGHT = 190.0
BAR_ROW = 15.0
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


#: A table up to this share of a page moves whole to the next page rather than split.
WHOLE_SHARE = 0.55
#: Rows that must fit under a table's header before it may start at the foot of a page.
FIRST_ROWS = 3


class KeepStart(KeepTogether):
    """A table with what leads into it: kept whole when short, else split after a good start.

    It stays where it is when it fits. When it does not, a short one (up to
    :data:`WHOLE_SHARE` of the page) goes whole to the next page; a long one starts here
    unless not even ``start_height`` (its heading, caption, header and first rows) fits.
    """

    def __init__(self, flowables: list[Flowable], start_height: float):
        super().__init__(flowables)
        self._start_height = start_height

    def split(self, aW, aH):  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = self._content[:]
        frame = getattr(self, "_frame", None)
        if aH >= self._H or frame is None or getattr(frame, "_atTop", False):
            return content
        if aH < self._start_height or WHOLE_SHARE * frame._height >= self._H:
            content.insert(0, self.FrameBreak())
        return content


# -- tables ------------------------------------------------------------------------------------


@cache
def _cell_style(script: str, kind: str, align: str) -> ParagraphStyle:
    """Cell text: ``kind`` is body, head or total (the last two bold)."""
    font = parts.base_font(script) if kind == "body" else parts.bold_font(script)
    wrap = "CJK" if script in ("han", "hangul") else None
    return ParagraphStyle(
        f"Cell-{kind}-{align}",
        fontName=font,
        fontSize=CELL_SIZE,
        leading=CELL_LEADING,
        alignment=_ALIGN[align],
        wordWrap=wrap,
        splitLongWords=1,
    )


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(with_fallback(escape(text), style.fontName), style)


def _natural(text: str, font: str) -> tuple[float, float]:
    """The width ``text`` takes on one line, and its longest word's (what it can wrap to)."""
    words = text.split() or [""]
    widest = max(parts.text_width(w, font, CELL_SIZE) for w in words)
    return parts.text_width(text, font, CELL_SIZE), widest


def column_widths(block: TableBlock, script: str, width: float = parts.TEXT_WIDTH) -> list[float]:
    """Widths that fill ``width``: every column as wide as its text where it fits.

    Right-aligned (number) columns keep their full width; the others share what is left in
    proportion to their text and wrap, but never narrower than their longest word where that
    can be helped.
    """
    regular, bold = parts.base_font(script), parts.bold_font(script)
    n = len(block.header)
    natural, minimum = [0.0] * n, [0.0] * n
    for row, font in (
        [(block.header, bold)]
        + [(r, regular) for r in block.rows]
        + [(r, bold) for r in block.footer]
    ):
        for i, text in enumerate(row):
            full, word = _natural(text, font)
            # A point to spare: a cell exactly as wide as its text may still wrap it.
            natural[i] = max(natural[i], full + 2 * PAD_X + 1)
            minimum[i] = max(minimum[i], word + 2 * PAD_X + 1)
    fixed = [i for i in range(n) if block.alignment(i) != "left"]
    free = [i for i in range(n) if i not in fixed] or list(range(n))
    if len(free) == n:
        fixed = []
    if sum(natural) <= width:
        extra = width - sum(natural)
        share = sum(natural[i] for i in free)
        return [natural[i] + (extra * natural[i] / share if i in free else 0) for i in range(n)]
    room = width - sum(natural[i] for i in fixed)
    if room < sum(minimum[i] for i in free):  # even the words do not fit: shrink everything
        scale = width / sum(max(natural[i], 1.0) for i in range(n))
        return [max(natural[i], 1.0) * scale for i in range(n)]
    widths = list(natural)
    # Share the room in proportion to each free column's text, none below its longest word.
    pending = list(free)
    while pending:
        share = sum(natural[i] for i in pending)
        left = room - sum(widths[i] for i in free if i not in pending)
        short = [i for i in pending if left * natural[i] / share < minimum[i]]
        if not short:
            for i in pending:
                widths[i] = left * natural[i] / share
            break
        for i in short:
            widths[i] = minimum[i]
            pending.remove(i)
    return widths


def table_flowables(
    block: TableBlock, script: str, heading: Flowable | None = None
) -> list[Flowable]:
    """The table, its header repeated on each page, with ``heading`` and caption over it."""
    n = len(block.header)
    aligns = [block.alignment(i) for i in range(n)]

    def row(cells, kind: str) -> list[Paragraph]:
        return [_cell(text, _cell_style(script, kind, aligns[i])) for i, text in enumerate(cells)]

    data = [row(block.header, "head")]
    data += [row(cells, "body") for cells in block.rows]
    data += [row(cells, "total") for cells in block.footer]
    table = Table(data, colWidths=column_widths(block, script), repeatRows=1, hAlign="LEFT")
    commands = [
        # The cells are paragraphs, but a table still sets its cells' font: else Helvetica,
        # a font the PDF would not embed, is named on the page.
        ("FONT", (0, 0), (-1, -1), parts.base_font(script), CELL_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, parts.RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, parts.RULE),
    ]
    body_end = len(block.rows)
    if body_end > 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, body_end), [white, STRIPE]))
    if block.footer:
        commands.append(("LINEABOVE", (0, body_end + 1), (-1, body_end + 1), 0.75, parts.RULE))
    table.setStyle(TableStyle(commands))
    lead = [] if heading is None else [heading]
    if block.caption:
        lead.append(_cell(block.caption, parts.styles(script)["TableCaption"]))
    for flowable in lead:  # KeepStart keeps them with the table; platypus need not
        flowable.keepWithNext = 0
    start = sum(f.wrap(parts.TEXT_WIDTH, parts.PAGE_HEIGHT)[1] for f in lead)
    start += sum(table._rowHeights[: 1 + FIRST_ROWS]) if _wrapped(table) else 0
    return [KeepStart([*lead, table], start), Spacer(1, 10)]


def _wrapped(table: Table) -> bool:
    table.wrap(parts.TEXT_WIDTH, parts.PAGE_HEIGHT)
    return bool(getattr(table, "_rowHeights", None))


# -- charts ------------------------------------------------------------------------------------


def nice_step(top: float, ticks: int = 5) -> int:
    """A whole step (1, 2, 5, 10, 20, 50…) giving about ``ticks`` steps up to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _value_axis(axis, top: float, font: str) -> None:
    step = nice_step(top)
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = max(step, math.ceil(top / step) * step)
    axis.labels.fontName = font
    axis.labels.fontSize = CHART_FONT_SIZE
    axis.labelTextFormat = _number
    axis.strokeColor = parts.RULE
    axis.visibleGrid = 1
    axis.gridStrokeColor = Color(0.88, 0.88, 0.88)
    axis.gridStrokeWidth = 0.5


def _colour_bars(chart, block: ChartBlock) -> None:
    for i in range(len(block.series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None


def _legend(block: ChartBlock, font: str, right: float, top: float) -> Legend:
    legend = Legend()
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], one.name) for i, one in enumerate(block.series)
    ]
    legend.fontName = font
    legend.fontSize = CHART_FONT_SIZE
    legend.alignment = "right"
    legend.boxAnchor = "ne"
    legend.x, legend.y = right, top
    legend.columnMaximum = 1
    legend.deltax = 8
    legend.dxTextSpace = 4
    legend.dx = legend.dy = 7
    legend.strokeColor = None
    legend.subCols.minWidth = 0
    # Side by side: one column per series.
    legend.variColumn = 1
    return legend


#: Label steps preferred, so months fall on quarters and half-years.
STEPS = (1, 2, 3, 4, 6, 12)


def _label_step(labels: tuple[str, ...], font: str, slot: float) -> int:
    """Print every n-th category label, n as small as keeps neighbours from touching."""
    widest = max(parts.text_width(text, font, CHART_FONT_SIZE) for text in labels)
    needed = max(1, math.ceil((widest + 6) / max(slot, 0.1)))
    return next((step for step in STEPS if step >= needed), 12 * math.ceil(needed / 12))


def _legend_width(block: ChartBlock, font: str) -> float:
    names = sum(parts.text_width(one.name, font, CHART_FONT_SIZE) for one in block.series)
    return names + len(block.series) * (7 + 4 + 8)


def _legend_room(block: ChartBlock, font: str) -> float:
    """Height a legend needs under the title: none when it fits on the title's line."""
    if len(block.series) < 2:
        return 0.0
    title = parts.text_width(block.title, parts.bold_font_of(font), TITLE_SIZE)
    return 0.0 if title + 16 + _legend_width(block, font) <= parts.TEXT_WIDTH else 14.0


def chart_flowables(block: ChartBlock, script: str) -> list[Flowable]:
    """The chart as a drawing the width of the text, with its caption under it."""
    font, bold = parts.base_font(script), parts.bold_font(script)
    drawing = _horizontal(block, font) if block.horizontal else _vertical(block, font)
    title_y = drawing.height - TITLE_SIZE
    drawing.add(String(0, title_y, block.title, fontName=bold, fontSize=TITLE_SIZE))
    drawing.hAlign = "LEFT"
    # Else the drawing's first text state names Helvetica, a font the PDF would not embed.
    drawing.initialFontName = font
    drawing.initialFontSize = CHART_FONT_SIZE
    story: list[Flowable] = [drawing]
    if block.caption:
        story.append(_cell(block.caption, parts.styles(script)["Caption"]))
    story.append(Spacer(1, 8))
    return story


def _legend_top(height: float, room: float) -> float:
    """The legend's top: on the title's line, or under it when ``room`` was made."""
    return height - 1 - (TITLE_SIZE + 4 if room else 0)


def _top(block: ChartBlock) -> float:
    return max(max(one.values) for one in block.series)


def _vertical(block: ChartBlock, font: str) -> Drawing:
    width = parts.TEXT_WIDTH
    legend_room = _legend_room(block, font)
    drawing = Drawing(width, VERTICAL_HEIGHT + legend_room)
    chart = VerticalBarChart()
    top = _top(block)
    _value_axis(chart.valueAxis, top, font)
    widest_value = parts.text_width(_number(chart.valueAxis.valueMax), font, CHART_FONT_SIZE)
    chart.x = widest_value + 8
    chart.y = 16
    chart.width = width - chart.x - 4
    chart.height = VERTICAL_HEIGHT - chart.y - TITLE_SIZE - 12
    chart.data = [list(one.values) for one in block.series]
    slot = chart.width / len(block.categories)
    step = _label_step(block.categories, font, slot)
    chart.categoryAxis.categoryNames = [
        text if i % step == 0 else "" for i, text in enumerate(block.categories)
    ]
    axis = chart.categoryAxis
    axis.labels.fontName = font
    axis.labels.fontSize = CHART_FONT_SIZE
    axis.labels.boxAnchor = "n"
    axis.labels.dy = -3
    axis.strokeColor = parts.RULE
    axis.tickDown = 2
    chart.groupSpacing = max(1.0, slot * 0.25)
    chart.barSpacing = 0.5
    _colour_bars(chart, block)
    # Each bar's number on top while there is room for it.
    bars = len(block.categories) * len(block.series)
    if chart.width / bars >= parts.text_width(_number(top), font, CHART_FONT_SIZE) + 2:
        chart.barLabelFormat = _number
        chart.barLabels.fontName = font
        chart.barLabels.fontSize = CHART_FONT_SIZE - 0.5
        chart.barLabels.nudge = 6
    drawing.add(chart)
    if len(block.series) > 1:
        drawing.add(_legend(block, font, width, _legend_top(drawing.height, legend_room)))
    return drawing


def _horizontal(block: ChartBlock, font: str) -> Drawing:
    width = parts.TEXT_WIDTH
    label_room = min(
        0.42 * width,
        max(parts.text_width(t, font, CHART_FONT_SIZE) for t in block.categories) + 8,
    )
    lines = max(
        len(simpleSplit(t, font, CHART_FONT_SIZE, label_room - 8)) for t in block.categories
    )
    per_row = max(BAR_ROW, lines * (CHART_FONT_SIZE + 1.5) + 5) * max(1, len(block.series) * 0.8)
    legend_room = _legend_room(block, font)
    plot_height = per_row * len(block.categories)
    height = plot_height + 16 + TITLE_SIZE + 10 + legend_room
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    top = _top(block)
    _value_axis(chart.valueAxis, top, font)
    chart.x = label_room
    chart.y = 16
    value_room = parts.text_width(_number(top), font, CHART_FONT_SIZE) + 10
    chart.width = width - chart.x - value_room
    chart.height = plot_height
    chart.data = [list(one.values) for one in block.series]
    axis = chart.categoryAxis
    axis.categoryNames = list(block.categories)
    axis.reverseDirection = 1  # the first category at the top
    axis.labels.fontName = font
    axis.labels.fontSize = CHART_FONT_SIZE
    axis.labels.boxAnchor = "e"
    axis.labels.dx = -4
    axis.labels.maxWidth = label_room - 8
    axis.labels.textAnchor = "end"
    axis.strokeColor = parts.RULE
    chart.groupSpacing = per_row * 0.3
    chart.barSpacing = 1
    _colour_bars(chart, block)
    chart.barLabelFormat = _number
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = CHART_FONT_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 3
    drawing.add(chart)
    if len(block.series) > 1:
        drawing.add(_legend(block, font, width, _legend_top(height, legend_room)))
    return drawing
