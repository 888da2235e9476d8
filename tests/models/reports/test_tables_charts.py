"""Tables and bar charts in a letter's body: kept within the page, split with their header
repeated, labelled in the embedded fonts; and letters without them unchanged."""

from __future__ import annotations

import pytest
from reportlab.platypus import Table

from models.letters.content import (
    Block,
    BlockKind,
    ChartBlock,
    ChartSeries,
    LetterContent,
    Letterhead,
    Recipient,
    TableBlock,
)
from models.letters.layout import render_pdf
from models.letters.layout_parts import TEXT_WIDTH
from models.letters.layout_tables import column_widths, nice_step, table_flowables
from tests.pdf_tools import page_texts, pdf_fonts, qpdf_check, squeeze, word_boxes

HEAD = Letterhead(county="County of Alder", office="Office of the County Counsel")
MONTHS = tuple(f"{m} {y}" for y in (2009, 2010, 2011) for m in ("Jan", "Feb", "Mar", "Apr",
               "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))  # fmt: skip


def letter(*blocks, language="en") -> LetterContent:
    return LetterContent(
        language=language,
        title="Report",
        letterhead=HEAD,
        date_text="June 1, 2011",
        our_reference="",
        recipients=(Recipient("Board of Supervisors"),),
        blocks=(Block(BlockKind.PARAGRAPH, "Intro."), *blocks),
        draft=False,
    )


def countries(n: int) -> TableBlock:
    rows = tuple((f"País número {i} — Núñez", str(i), f"{i}%") for i in range(n))
    return TableBlock(
        ("Country of birth", "People", "Share"),
        rows,
        ("left", "right", "right"),
        caption="Country of birth of the people flagged",
        footer=(("Total", "999", "100%"),),
    )


def test_a_long_table_continues_on_the_next_page_with_its_header_repeated():
    data = render_pdf([letter(Block(BlockKind.HEADING, "Details"), countries(90))]).data
    pages = [squeeze(p) for p in page_texts(data)]
    with_header = [p for p in pages if "Country of birth People Share" in p]
    assert len(pages) >= 3 and len(with_header) == len(pages)
    assert "Details Country of birth of the people flagged" in pages[0]  # started on page 1
    text = " ".join(pages)
    assert all(f"País número {i} — Núñez {i} {i}%" in text for i in range(90))
    assert "Total 999 100%" in pages[-1]
    qpdf_check(data)


def test_a_short_table_that_does_not_fit_moves_whole_to_the_next_page():
    filler = tuple(Block(BlockKind.PARAGRAPH, f"Paragraph {i}.") for i in range(36))
    data = render_pdf([letter(*filler, countries(6))]).data
    pages = [squeeze(p) for p in page_texts(data)]
    where = [i for i, p in enumerate(pages) if "País número" in p]
    assert len(where) == 1  # all six rows on one page, with the caption
    assert "Country of birth of the people flagged" in pages[where[0]]


def test_wide_cells_wrap_within_the_page():
    long_text = "A very long description of an offence level as the office recorded it " * 3
    table = TableBlock(
        ("Level", "Meaning", "Arrests", "Share"),
        (("Level 1", long_text, "1,234", "56%"), ("Level 2", "Short", "7", "1%")),
        ("left", "left", "right", "right"),
    )
    widths = column_widths(table, "latin")
    assert sum(widths) == pytest.approx(TEXT_WIDTH)
    data = render_pdf([letter(table)]).data
    for box in word_boxes(data):
        assert box["x_min"] >= 71 and box["x_max"] <= 541, box
    assert "1,234 56%" in squeeze(" ".join(page_texts(data)))


def test_number_columns_keep_their_width_and_text_columns_share_the_rest():
    table = countries(3)
    widths = column_widths(table, "latin")
    assert sum(widths) == pytest.approx(TEXT_WIDTH)
    assert widths[0] > 3 * widths[1] and widths[1] < 60 and widths[2] < 60
    flowables = table_flowables(table, "latin")
    tables = [f for f in flowables[0]._content if isinstance(f, Table)]
    assert tables and tables[0].repeatRows == 1


def test_a_row_of_the_wrong_width_or_an_unknown_alignment_is_refused():
    with pytest.raises(ValueError, match="2 cells in a table of 3 columns"):
        TableBlock(("a", "b", "c"), (("1", "2"),))
    with pytest.raises(ValueError, match="alignments"):
        TableBlock(("a",), (("1",),), ("middle",))
    with pytest.raises(ValueError, match="3 values for 2 categories"):
        ChartBlock("t", ("x", "y"), (ChartSeries("s", (1, 2, 3)),))
    with pytest.raises(ValueError, match="negative"):
        ChartBlock("t", ("x",), (ChartSeries("s", (-1,)),))
    assert TableBlock(("a", "b"), ()).alignment(1) == "left"


def test_charts_print_their_title_labels_legend_and_values_in_embedded_fonts():
    months = ChartBlock(
        "Arrestos señalados y solicitudes recibidas, por mes",
        MONTHS,
        (
            ChartSeries("Arrestos señalados", tuple(i % 13 for i in range(36))),
            ChartSeries("Solicitudes recibidas", tuple(i % 5 for i in range(36))),
        ),
    )
    decisions = ChartBlock(
        "Las decisiones del condado",
        ("Atendida", "Rechazada", "Solo aviso", "Sin decisión todavía"),
        (ChartSeries("Solicitudes", (52, 3, 13, 69)),),
        horizontal=True,
        caption="De 137 solicitudes de retención recibidas en el período.",
    )
    data = render_pdf([letter(months, decisions, language="es")]).data
    qpdf_check(data)
    text = squeeze(" ".join(page_texts(data)))
    for phrase in (
        "Arrestos señalados y solicitudes recibidas, por mes",
        "Arrestos señalados Solicitudes recibidas",  # the legend
        "Sin decisión todavía",
        "De 137 solicitudes de retención recibidas en el período.",
    ):
        assert phrase in text, phrase
    for value in ("52", "69", "13"):  # each bar's number beside it
        assert value in text.split()
    assert all(f["emb"] and f["sub"] for f in pdf_fonts(data))
    words = word_boxes(data)
    # 36 months do not all fit under their bars: every fourth is labelled, and none overlap.
    labels = sorted(
        (w for w in words if w["text"] in ("Jan", "May", "Sep")), key=lambda w: w["x_min"]
    )
    assert [w["text"] for w in labels] == ["Jan", "May", "Sep"] * 3
    assert all(a["x_max"] < b["x_min"] for a, b in zip(labels, labels[1:], strict=False))
    assert not [w for w in words if w["text"] in ("Feb", "Mar", "Apr")]
    for box in words:
        assert box["x_min"] >= 71 and box["x_max"] <= 541, box


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (5, 1), (7, 2), (12, 5), (69, 20), (153, 50), (1200, 500)]
)
def test_value_axis_steps_are_whole_and_round(top, step):
    assert nice_step(top) == step
