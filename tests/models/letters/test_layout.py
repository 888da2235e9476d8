"""The letter layout: text prints as typed in every script, pages count per letter, the PDF is
sound (qpdf), its fonts embedded and subset, its metadata minimal, its bytes reproducible."""

import io
from dataclasses import replace
from xml.sax.saxutils import escape

import pytest
from markupsafe import escape as jinja_escape
from PIL import Image
from reportlab.pdfbase import pdfmetrics

from models.errors import DeskError
from models.letters.content import Block, BlockKind, LetterContent, Letterhead, Recipient
from models.letters.fonts import HAN, HANGUL, LATIN, register_fonts, with_fallback
from models.letters.layout import LayoutError, RenderedPdf, render_pdf
from models.letters.layout_parts import styles
from tests.pdf_tools import (
    no_space,
    page_count,
    page_texts,
    pdf_fonts,
    pdf_info,
    pdf_text,
    qpdf_check,
    render_png,
    squeeze,
    word_boxes,
)

NAMES = {
    "markup": "Smith & <Jones> \"quoted\" 'single'",
    "accents": "Núñez O'Neil Müller Ş ś č",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "chinese": "张伟 李娜",
    "korean": "김민준 이서연",
}
CJK = {"chinese", "korean"}

HEAD = Letterhead(
    county="County of Alameda",
    office="Office of the County Counsel",
    address_lines=("1221 Oak Street, Suite 450", "Oakland, CA 94612"),
    contact_line="Tel (510) 272-6700 · counsel@acgov.org",
)


def markup(text: str) -> str:
    """``text`` as the template engine hands it over: Jinja's autoescape (``&#34;``, ``&#39;``)."""
    return str(jinja_escape(text))


def para(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, markup(text))


def make_letter(**overrides) -> LetterContent:
    values = dict(
        language="en",
        title="Notice of a request from ICE",
        letterhead=HEAD,
        date_text="November 25, 2026",
        our_reference="DD-2026-0042",
        recipients=(
            Recipient("Alex Doe", ("c/o Santa Rita Jail", "5325 Broder Blvd", "Dublin, CA 94568")),
        ),
        blocks=(para("Dear Alex Doe,"), para("The sheriff received a request about you.")),
        signer_name="Pat Example",
        signer_title="Deputy County Counsel",
        draft=False,
    )
    values.update(overrides)
    return LetterContent(**values)


def found(needle: str, text: str, *, cjk: bool = False) -> bool:
    if cjk:
        return no_space(needle) in no_space(text)
    return squeeze(needle) in squeeze(text)


def lines_of(data: bytes) -> list[str]:
    return [squeeze(line) for line in pdf_text(data).splitlines()]


# --- every script prints as typed ---------------------------------------------------------


@pytest.mark.parametrize("key", NAMES)
def test_name_prints_as_typed_inside_an_english_letter(key):
    name = NAMES[key]
    letter = make_letter(
        title=f"Notice for {name}",
        recipients=(Recipient(name, ("c/o Santa Rita Jail",)), Recipient(name, (), role="cc")),
        blocks=(para(name), Block(BlockKind.BULLET, markup(name))),
        signer_name=name,
        their_reference=name,
        enclosures=(name,),
    )
    data = render_pdf([letter]).data
    lines = lines_of(data)
    if key in CJK:
        compact = [no_space(line) for line in lines]
        assert compact.count(no_space(name)) >= 2  # the addressee and the paragraph, alone
        assert no_space(f"Re: Notice for {name}") in compact
        assert no_space(f"cc: {name}") in compact
        assert no_space(f"Enclosures: {name}") in compact
        assert no_space(f"Your reference: {name}") in compact
    else:
        assert lines.count(name) >= 3  # the addressee, the paragraph, the signer
        assert f"Re: Notice for {name}" in lines
        assert f"• {name}" in lines
        assert f"cc: {name}" in lines
        assert f"Enclosures: {name}" in lines
        assert f"Your reference: {name}" in lines


@pytest.mark.parametrize(
    ("language", "name", "sentence", "page_label"),
    [
        ("zh", NAMES["chinese"], "本处已收到美国移民及海关执法局关于您的请求。", "第1页，共1页"),
        ("ko", NAMES["korean"], "본 사무소는 귀하에 관한 요청을 받았습니다.", "1/1페이지"),
        (
            "vi",
            NAMES["vietnamese"],
            "Văn phòng đã nhận được yêu cầu của ICE về quý vị.",
            "Trang1/1",
        ),
    ],
)
def test_whole_letter_in_its_language_prints_as_typed(language, name, sentence, page_label):
    letter = make_letter(
        language=language,
        title=f"{sentence[:6]} {name}",
        recipients=(Recipient(name, ("5325 Broder Blvd", "Dublin, CA 94568")),),
        blocks=(para(f"{name}："), para(sentence * 3), Block(BlockKind.HEADING, markup(name))),
        signer_name="Pat Example",
    )
    text = no_space(pdf_text(render_pdf([letter]).data))
    for expected in (name, sentence * 3, "5325BroderBlvd", "DD-2026-0042", page_label):
        assert no_space(expected) in text


def test_names_in_chinese_and_korean_print_inside_each_other_s_letters():
    letter = make_letter(
        language="zh",
        blocks=(para(f"{NAMES['korean']} / {NAMES['accents']} / {NAMES['vietnamese']}"),),
    )
    text = no_space(pdf_text(render_pdf([letter]).data))
    for name in (NAMES["korean"], NAMES["accents"], NAMES["vietnamese"]):
        assert no_space(name) in text


def test_jinja_quote_entities_print_as_quotes():
    letter = make_letter(
        blocks=(Block(BlockKind.PARAGRAPH, "He said &#34;no&#34; &amp; it&#39;s"),)
    )
    assert 'He said "no" & it\'s' in lines_of(render_pdf([letter]).data)


def test_bold_italic_and_underline_markup_print_their_text():
    letter = make_letter(
        blocks=(Block(BlockKind.PARAGRAPH, "<b>Bold</b> <i>slanted</i> <u>张伟</u>"),)
    )
    assert "Bold slanted 张伟" in lines_of(render_pdf([letter]).data)


def test_long_chinese_paragraph_wraps_within_the_frame():
    sentence = "本处已收到美国移民及海关执法局关于您的请求，我们必须在面谈前通知您。"
    letter = make_letter(language="zh", blocks=(para(sentence * 8),))
    data = render_pdf([letter]).data
    assert no_space(sentence * 8) in no_space(pdf_text(data))
    han = [w for w in word_boxes(data) if any("\u4e00" <= ch <= "\u9fff" for ch in w["text"])]
    body = [w for w in han if set(w["text"]) <= set(sentence)]
    assert len({round(w["y_min"]) for w in body}) >= 5  # several lines, not one clipped one
    right_edge = 612 - 72
    assert max(w["x_max"] for w in han) <= right_edge + 1
    assert min(w["x_min"] for w in han) >= 72 - 1


# --- the PDF itself -----------------------------------------------------------------------


def every_script_letter(**overrides) -> LetterContent:
    text = " ".join(NAMES.values())
    return make_letter(blocks=(para(text),), **overrides)


def test_pdf_passes_qpdf_check_with_every_script():
    rendered = render_pdf([every_script_letter(), every_script_letter(language="ko", draft=True)])
    qpdf_check(rendered.data)


def test_every_font_is_embedded_and_subset():
    fonts = pdf_fonts(render_pdf([every_script_letter(draft=True)]).data)
    families = {font["name"].split("+", 1)[1] for font in fonts}
    assert {LATIN, "DejaVuSans-Bold", HAN, HANGUL} <= families
    for font in fonts:
        assert font["emb"] and font["sub"], font
        assert font["uni"], font  # text extraction maps glyphs back to characters


def test_invariant_renders_are_byte_identical():
    letters = [every_script_letter(draft=True), every_script_letter(language="zh")]
    first = render_pdf(letters, invariant=True).data
    second = render_pdf(letters, invariant=True).data
    assert first == second
    assert first.startswith(b"%PDF-")


def test_metadata_has_title_and_office_but_no_personal_data():
    letter = make_letter(
        title="Notice of a request from ICE",
        recipients=(Recipient("María José Núñez", ("c/o Santa Rita Jail",)),),
    )
    info = pdf_info(render_pdf([letter]).data)
    assert info["Title"] == "Notice of a request from ICE"
    assert info["Author"] == "Office of the County Counsel, County of Alameda"
    assert info["Creator"] == "Detainer Desk"
    assert info["Subject"] == ""
    assert info["Keywords"] == ""
    for key in ("Title", "Author", "Creator", "Producer", "Subject", "Keywords"):
        assert "Núñez" not in info[key] and "Santa Rita" not in info[key]


def test_metadata_title_of_several_letters():
    letters = [make_letter(title="First"), make_letter(title="Second")]
    assert pdf_info(render_pdf(letters).data)["Title"] == "First"
    assert pdf_info(render_pdf(letters, title="Batch of 2").data)["Title"] == "Batch of 2"


# --- pages --------------------------------------------------------------------------------


def two_page_letter(**overrides) -> LetterContent:
    blocks = tuple(para(f"Paragraph {i} of a long letter that needs two pages.") for i in range(38))
    return make_letter(blocks=blocks, **overrides)


def test_page_x_of_y_counts_each_letter_s_own_pages():
    rendered = render_pdf([two_page_letter(), make_letter()])
    assert isinstance(rendered, RenderedPdf)
    assert rendered.page_counts == (2, 1)
    pages = page_texts(rendered.data)
    assert page_count(rendered.data) == len(pages) == 3
    labels = [[x for x in ("Page 1 of 2", "Page 2 of 2", "Page 1 of 1") if x in p] for p in pages]
    assert labels == [["Page 1 of 2"], ["Page 2 of 2"], ["Page 1 of 1"]]
    # Each letter starts with its letterhead; its later pages carry the running header.
    assert "County of Alameda" in pages[0] and "County of Alameda" in pages[2]
    assert "County of Alameda" not in pages[1]
    assert "Office of the County Counsel · Notice of a request from ICE" in pages[1]


def _page_of(pages: list[str], needle: str) -> int:
    return next(i for i, page in enumerate(pages) if needle in squeeze(page))


def test_closing_and_the_paragraph_before_it_go_to_the_signature_s_page():
    # However much the body fills page one, "Sincerely," is never parted from the signature,
    # and the signature never starts a page on its own.
    on_page_two = 0
    for n in range(10, 22):
        blocks = [para(f"Paragraph {i} of a letter.") for i in range(n)]
        blocks += [para("The last paragraph."), para("Sincerely,")]
        pages = page_texts(render_pdf([make_letter(blocks=tuple(blocks))]).data)
        signer = _page_of(pages, "Pat Example")
        assert _page_of(pages, "Sincerely,") == signer, n
        assert _page_of(pages, "The last paragraph.") == signer, n
        on_page_two += signer == 1
    assert 0 < on_page_two < 12  # the sweep crossed the page break


def test_a_form_s_choices_and_lines_to_sign_stay_on_one_page_with_their_heading():
    form = (
        Block(BlockKind.HEADING, "Your choice"),
        Block(BlockKind.CHECKBOX, "I agree"),
        Block(BlockKind.CHECKBOX, "I do not agree"),
        Block(BlockKind.SIGNATURE_LINE, "Signature of the person"),
        Block(BlockKind.SIGNATURE_LINE, "Date and time"),
        Block(BlockKind.SIGNATURE_LINE, "Witness"),
    )
    moved = 0
    for n in range(6, 16):
        blocks = tuple(para(f"Paragraph {i} of a form.") for i in range(n)) + form
        pages = page_texts(render_pdf([make_letter(blocks=blocks, is_form=True)]).data)
        where = {_page_of(pages, text) for text in ("Your choice", "☐ I agree", "Witness")}
        assert len(where) == 1, n
        moved += where == {1}
    assert moved  # the sweep pushed the form's end onto page two


def test_no_line_breaks_after_a_section_sign_or_inside_a_telephone_number():
    # One paragraph for each place on the line the section sign and the number can fall.
    text = " word" * 10 + " (Gov. Code § 7920.000) and call (555) 010-4400 today."
    blocks = tuple(para("i" * n + text) for n in range(0, 90, 2))
    lines = lines_of(render_pdf([make_letter(blocks=blocks)]).data)
    assert len([line for line in lines if "7920.000" in line]) == len(blocks)
    assert not [line for line in lines if line.endswith(("§", "(555)"))]


def test_the_last_item_of_a_list_is_followed_by_a_paragraph_s_space():
    style = styles("latin")
    for name in ("Bullet", "Checkbox"):
        last = style[f"{name}Last"]
        assert last.spaceAfter == style["Body"].spaceAfter > style[name].spaceAfter
        assert (last.leftIndent, last.bulletIndent) == (
            style[name].leftIndent,
            style[name].bulletIndent,
        )


def test_a_long_title_leaves_the_office_out_of_the_running_header():
    title = "Formulario de consentimiento para entrevista con ICE – Número de registro 2026-000956"
    pages = page_texts(render_pdf([two_page_letter(title=title)]).data)
    assert squeeze(pages[1]).startswith(title)
    assert "…" not in pages[1]


def test_page_label_is_in_the_letter_s_language():
    rendered = render_pdf([two_page_letter(language="es"), make_letter(language="zh")])
    pages = page_texts(rendered.data)
    assert "Página 2 de 2" in pages[1]
    assert "第1页，共1页" in no_space(pages[2])


def test_draft_watermark_only_on_draft_letters():
    rendered = render_pdf(
        [two_page_letter(draft=True), make_letter(draft=False), make_letter(language="ko")]
    )
    pages = [no_space(p) for p in page_texts(rendered.data)]
    assert len(pages) == 4
    assert "DRAFT" in pages[0] and "DRAFT" in pages[1]
    assert "DRAFT" not in pages[2]
    assert "초안" not in pages[2]
    korean = replace(make_letter(language="ko"), draft=True)
    assert "초안" in no_space(pdf_text(render_pdf([korean]).data))


def test_long_address_and_many_bullets_flow_onto_page_two_with_nothing_lost():
    address = tuple(f"Address line {i} of a long address" for i in range(1, 13))
    bullets = tuple(
        Block(BlockKind.BULLET, markup(f"Charge {i}: PC 459 burglary & <entry>")) for i in range(60)
    )
    letter = make_letter(recipients=(Recipient("Nguyễn Thị Minh Khai", address),), blocks=bullets)
    rendered = render_pdf([letter])
    assert page_count(rendered.data) >= 2
    assert rendered.page_counts == (page_count(rendered.data),)
    lines = lines_of(rendered.data)
    for line in address:
        assert line in lines
    for i in range(60):
        assert f"• Charge {i}: PC 459 burglary & <entry>" in lines
    assert "Pat Example" in lines  # the signature after all of it


# --- blocks -------------------------------------------------------------------------------


def test_signature_line_captions_checkboxes_and_headings_print():
    letter = make_letter(
        blocks=(
            Block(BlockKind.HEADING, "Your choice"),
            Block(BlockKind.CHECKBOX, "I agree to be interviewed"),
            Block(BlockKind.CHECKBOX, "I do not agree"),
            Block(BlockKind.SIGNATURE_LINE, "Signature of the person"),
            Block(BlockKind.SIGNATURE_LINE, "Date"),
        ),
        is_form=True,
    )
    lines = lines_of(render_pdf([letter]).data)
    assert "Your choice" in lines
    assert "☐ I agree to be interviewed" in lines
    assert "☐ I do not agree" in lines
    assert "Signature of the person" in lines
    assert "Date" in lines
    assert "Pat Example" not in lines  # a form has no signature block of the office


def test_letter_signature_block_prints_signer():
    lines = lines_of(render_pdf([make_letter()]).data)
    assert lines.index("Pat Example") + 1 == lines.index("Deputy County Counsel")


def test_reference_block_and_addressee():
    letter = make_letter(their_reference="ICE-77/2026")
    lines = lines_of(render_pdf([letter]).data)
    assert "Our reference: DD-2026-0042" in lines
    assert "Your reference: ICE-77/2026" in lines
    assert "Date: November 25, 2026" in lines
    start = lines.index("Alex Doe")
    assert lines[start : start + 4] == [
        "Alex Doe",
        "c/o Santa Rita Jail",
        "5325 Broder Blvd",
        "Dublin, CA 94568",
    ]


def test_letterhead_texts_are_escaped():
    head = replace(HEAD, county="Smith & <Jones> County", office="Office <of> Counsel")
    lines = lines_of(render_pdf([make_letter(letterhead=head)]).data)
    assert "Smith & <Jones> County" in lines
    assert "Office <of> Counsel" in lines


# --- logo and errors ----------------------------------------------------------------------


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (20, 40, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def test_logo_is_drawn_in_the_letterhead():
    plain = render_pdf([make_letter()]).data
    with_logo = render_pdf([make_letter(letterhead=replace(HEAD, logo=png_logo()))]).data
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in plain
    qpdf_check(with_logo)


@pytest.mark.parametrize("logo", [b"not a picture", png_logo()[:200]], ids=["junk", "truncated"])
def test_bad_logo_raises_layout_error(logo):
    letter = make_letter(letterhead=replace(HEAD, logo=logo))
    with pytest.raises(LayoutError, match="letterhead logo could not be read"):
        render_pdf([letter])


def test_bad_markup_raises_layout_error_naming_its_text():
    letter = make_letter(blocks=(Block(BlockKind.PARAGRAPH, "<b>Unclosed bold &amp; more"),))
    with pytest.raises(LayoutError, match="Unclosed bold & more") as caught:
        render_pdf([letter])
    assert isinstance(caught.value, DeskError)


def test_no_letters_raises_layout_error():
    with pytest.raises(LayoutError):
        render_pdf([])


def test_first_page_renders_to_png(tmp_path):
    path = render_png(render_pdf([make_letter(draft=True)]).data, 1, tmp_path / "page1.png")
    with Image.open(path) as image:
        assert image.size == (510, 660)  # US Letter at 60 dpi


# --- fonts --------------------------------------------------------------------------------


def test_register_fonts_is_idempotent():
    register_fonts()
    register_fonts()
    for name in (LATIN, "DejaVuSans-Bold", "DejaVuSans-Oblique", HAN, HANGUL):
        assert pdfmetrics.getFont(name).fontName == name


def test_fallback_leaves_ascii_and_latin_alone():
    text = escape("Smith & <Jones> Núñez Ş ś č Nguyễn") + " &#34;q&#39;"
    assert with_fallback(text) == text
    assert with_fallback("<b>plain</b>") == "<b>plain</b>"


def test_fallback_wraps_runs_of_cjk_keeping_spaces_inside_a_run():
    assert with_fallback("Mr 张伟 李娜 and 김민준 이서연") == (
        f'Mr <font name="{HAN}">张伟 李娜</font> and <font name="{HANGUL}">김민준 이서연</font>'
    )


def test_fallback_keeps_a_word_in_one_face():
    # Nanum has the full stop and Droid has not: the word keeps the face that can print it all.
    assert with_fallback("김민준. 张伟.") == (
        f'<font name="{HANGUL}">김민준.</font> <font name="{HAN}">张伟</font>.'
    )
    assert with_fallback("김 Nguyễn", HANGUL) == f'김 <font name="{LATIN}">Nguyễn</font>'


def test_fallback_keeps_tags_and_entities_intact():
    assert with_fallback("<i>张伟</i> &amp; &#24352;") == (
        f'<i><font name="{HAN}">张伟</font></i> &amp; <font name="{HAN}">&#24352;</font>'
    )


def test_fallback_keeps_bold_for_latin_in_a_chinese_paragraph():
    assert with_fallback("案 <b>No 12</b> 2026", HAN) == (
        f'案 <b><font name="DejaVuSans-Bold">No 12</font></b> <font name="{LATIN}">2026</font>'
    )


def test_fallback_leaves_characters_no_font_has():
    assert with_fallback("x \U00013000 y") == "x \U00013000 y"


def test_latin_letterhead_of_a_korean_letter_stays_bold():
    # Nanum Gothic has Latin letters but no bold: the county's name takes DejaVu Sans Bold.
    fonts = pdf_fonts(render_pdf([make_letter(language="ko")]).data)
    assert "DejaVuSans-Bold" in {font["name"].split("+", 1)[1] for font in fonts}
