"""A rendered body split into letter blocks (models.letters.blocks), and markup read back."""

import pytest

from models.letters.blocks import markup_problem, markup_to_plain, parse_blocks
from models.letters.content import Block, BlockKind

P, H, B, C, S = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.BULLET,
    BlockKind.CHECKBOX,
    BlockKind.SIGNATURE_LINE,
)


def kinds_and_text(markup):
    return [(b.kind, b.markup) for b in parse_blocks(markup)]


def test_consecutive_lines_join_into_one_paragraph_and_blank_lines_separate():
    body = "Dear Ms. Núñez,\n\nThe county received\na request from ICE.\n   \nSincerely,"
    assert kinds_and_text(body) == [
        (P, "Dear Ms. Núñez,"),
        (P, "The county received a request from ICE."),
        (P, "Sincerely,"),
    ]


def test_a_heading_line_is_its_own_block_even_between_paragraph_lines():
    assert kinds_and_text("Before\n# Your rights\nAfter") == [
        (P, "Before"),
        (H, "Your rights"),
        (P, "After"),
    ]


def test_bullets_are_one_block_each():
    body = "The charges:\n- PC 459 Burglary\n- VC 23152 DUI\nEnd"
    assert kinds_and_text(body) == [
        (P, "The charges:"),
        (B, "PC 459 Burglary"),
        (B, "VC 23152 DUI"),
        (P, "End"),
    ]


def test_checkboxes_are_one_block_each():
    body = "[ ] I agree to the interview.\n[ ] I do not agree."
    assert kinds_and_text(body) == [(C, "I agree to the interview."), (C, "I do not agree.")]


def test_a_line_of_underscores_with_text_is_a_signature_line_whose_markup_is_the_caption():
    body = "Signed:\n___ Signature of the person\n__________   Date"
    assert kinds_and_text(body) == [
        (P, "Signed:"),
        (S, "Signature of the person"),
        (S, "Date"),
    ]


def test_two_underscores_or_underscores_alone_are_plain_text():
    assert kinds_and_text("__ not a line\n\n_____") == [(P, "__ not a line"), (P, "_____")]


def test_markers_need_their_space_and_are_only_markers_at_the_start_of_a_line():
    body = "#hashtag\n-dash\n[x] box\nA - B # C [ ] D"
    assert kinds_and_text(body) == [(P, "#hashtag -dash [x] box A - B # C [ ] D")]


def test_lines_are_stripped_and_empty_marker_blocks_dropped():
    assert kinds_and_text("\n\n   Indented line   \n- \n#  \n\n") == [(P, "Indented line")]


def test_an_empty_body_has_no_blocks():
    assert parse_blocks("") == ()
    assert parse_blocks(" \n\n\t\n") == ()


def test_blocks_are_block_dataclasses_keeping_their_markup():
    assert parse_blocks("# <b>Notice</b> &amp; rights") == (
        Block(BlockKind.HEADING, "<b>Notice</b> &amp; rights"),
    )


@pytest.mark.parametrize(
    ("markup", "plain"),
    [
        ("Smith &amp; &lt;Jones&gt;", "Smith & <Jones>"),
        ('<b>O\'Neil</b> &amp; "Co"', 'O\'Neil & "Co"'),
        ("&amp;lt; stays as typed", "&lt; stays as typed"),
        ("Nguyễn Thị Minh Khai — 김민준 — 王小明", "Nguyễn Thị Minh Khai — 김민준 — 王小明"),
    ],
)
def test_markup_to_plain_removes_tags_and_reads_entities_back(markup, plain):
    assert markup_to_plain(markup) == plain


def test_markup_problem_accepts_escaped_text_with_inline_tags():
    assert markup_problem('A <b>bold</b> &amp; <i>it</i> <font name="X">字</font>') is None


@pytest.mark.parametrize(
    ("markup", "says"),
    [
        ("<b>opened only", "bold"),
        ("closed only</b>", "bold"),
        ("a & b", "not well-formed"),
        ("a < b", "not well-formed"),
        ("<img src='x'/>", "<img>"),
    ],
)
def test_markup_problem_names_what_is_wrong(markup, says):
    assert says in markup_problem(markup)
