"""The TrueType fonts letters embed, and the fallback that prints any script in any letter.

DejaVu Sans prints Latin with every accent and Vietnamese; Droid Sans Fallback prints Han;
Nanum Gothic prints Hangul. A Chinese name in an English letter (or a case number in a Chinese
letter) is wrapped by :func:`with_fallback` in a ``<font>`` tag for the font that has its glyphs,
so every name prints as typed whatever the letter's language.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

LATIN = "DejaVuSans"
LATIN_BOLD = "DejaVuSans-Bold"
HAN = "DroidSansFallback"
HANGUL = "NanumGothic"

#: The regular font that prints each script of :data:`models.letters.language.LANGUAGES`.
SCRIPT_FONTS = {"latin": LATIN, "han": HAN, "hangul": HANGUL}

_FILES = {
    LATIN: "DejaVuSans.ttf",
    LATIN_BOLD: "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    HAN: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumGothic.ttf",
}
#: Where to look, in order, for a character the base font lacks (the base itself is skipped).
_FALLBACK_FAMILIES = (LATIN, HAN, HANGUL)

_registered = False
_coverage: dict[str, frozenset[int]] = {}
#: (base font, character) -> family of the first fallback font that has it, or None.
_char_font: dict[tuple[str, str], str | None] = {}
#: A tag ``<...>`` of paragraph markup, kept intact (entities are handled with the text).
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&#?\w+;")
_NUMERIC_ENTITY = re.compile(r"&#(?:\d+|[xX][0-9a-fA-F]+);")
_BOLD_TAGS = ("b", "strong")
_ITALIC_TAGS = ("i", "em")


def register_fonts() -> None:
    """Register the letter fonts with reportlab, once per process (later calls do nothing)."""
    global _registered
    if _registered:
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic="DejaVuSans-Oblique", boldItalic=LATIN_BOLD
    )
    # The CJK fonts have no bold or italic: <b> inside Chinese or Korean keeps the same face.
    for family in (HAN, HANGUL):
        pdfmetrics.registerFontFamily(
            family, normal=family, bold=family, italic=family, boldItalic=family
        )
        # The family's last mapping wins the reverse lookup: make the name itself read as
        # regular, or reportlab and the fallback would take every CJK paragraph for bold.
        addMapping(family, 0, 0, family)
    _registered = True


def coverage(font_name: str) -> frozenset[int]:
    """The code points font ``font_name`` has a glyph for (cached)."""
    found = _coverage.get(font_name)
    if found is None:
        register_fonts()
        face = pdfmetrics.getFont(font_name).face
        found = _coverage[font_name] = frozenset(face.charToGlyph)
    return found


def _covers_ascii(font_name: str) -> bool:
    return all(code in coverage(font_name) for code in range(32, 127))


def fallback_family(char: str, base_font: str) -> str | None:
    """The family that prints ``char`` when ``base_font`` cannot, or None if none can."""
    key = (base_font, char)
    try:
        return _char_font[key]
    except KeyError:
        pass
    base_family = ps2tt(base_font)[0]
    found = None
    for family in _FALLBACK_FAMILIES:
        if family.lower() != base_family and ord(char) in coverage(family):
            found = family
            break
    _char_font[key] = found
    return found


def font_runs(text: str, base_font: str) -> list[tuple[str, str]]:
    """Split plain ``text`` into ``(font name, text)`` runs that each font can print.

    For drawing straight on the canvas (footer, watermark), where no markup is parsed.
    """
    runs: list[tuple[str, str]] = []
    register_fonts()
    bold, italic = ps2tt(base_font)[1:]
    for unit, font in _assign(list(text), list(text), base_font, bold, italic):
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + unit)
        else:
            runs.append((font, unit))
    return runs


def with_fallback(markup: str, base_font: str = LATIN) -> str:
    """Wrap each run of characters ``base_font`` has no glyph for in a font that has them.

    ``markup`` is reportlab paragraph markup: tags and entities are kept intact (an entity counts
    as the character it stands for). Runs are maximal; spaces between two characters of a run
    stay inside it, so "张 伟" is one run. A character no font has is left as it is.

    Args:
        markup: escaped paragraph markup.
        base_font: the font name of the paragraph's style.

    Returns:
        The markup with ``<font name="...">`` tags added where needed.
    """
    register_fonts()
    if _plain_ascii(markup) and _covers_ascii(base_font):
        return markup  # the common case: nothing to look up
    base_bold, base_italic = ps2tt(base_font)[1:]
    bold, italic = base_bold, base_italic
    out: list[str] = []
    pos = 0
    for match in _TAG.finditer(markup):
        start = match.start()
        token = match.group()
        if start > pos:
            out.append(_wrap_segment(markup[pos:start], base_font, min(bold, 1), min(italic, 1)))
        out.append(token)
        pos = match.end()
        name = token.strip("</>").split(None, 1)[0].lower() if len(token) > 2 else ""
        step = -1 if token.startswith("</") else 1
        if name in _BOLD_TAGS:
            bold = max(base_bold, bold + step)
        elif name in _ITALIC_TAGS:
            italic = max(base_italic, italic + step)
    if pos < len(markup):
        out.append(_wrap_segment(markup[pos:], base_font, min(bold, 1), min(italic, 1)))
    return "".join(out)


def _plain_ascii(text: str) -> bool:
    """Whether ``text`` is ASCII and so are the characters of its numeric entities."""
    if not text.isascii():
        return False
    if "&#" not in text:
        return True
    return all(ord(unescape(entity)) < 128 for entity in _NUMERIC_ENTITY.findall(text))


def _units(segment: str) -> tuple[list[str], list[str]]:
    """A text segment as units (single characters, or whole entities) and what each prints."""
    units: list[str] = []
    chars: list[str] = []
    pos = 0
    for match in _ENTITY.finditer(segment):
        for ch in segment[pos : match.start()]:
            units.append(ch)
            chars.append(ch)
        entity = match.group()
        decoded = unescape(entity)
        units.append(entity)
        chars.append(decoded if len(decoded) == 1 else " ")
        pos = match.end()
    for ch in segment[pos:]:
        units.append(ch)
        chars.append(ch)
    return units, chars


def _wrap_segment(segment: str, base_font: str, bold: int, italic: int) -> str:
    if _plain_ascii(segment) and _covers_ascii(base_font):
        return segment
    units, chars = _units(segment)
    parts: list[str] = []
    for text, font in _merge(_assign(units, chars, base_font, bold, italic)):
        parts.append(text if font == base_font else f'<font name="{font}">{text}</font>')
    return "".join(parts)


def _merge(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for text, font in pieces:
        if merged and merged[-1][1] == font:
            merged[-1] = (merged[-1][0] + text, font)
        else:
            merged.append((text, font))
    return merged


def _assign(
    units: list[str], chars: list[str], base_font: str, bold: int, italic: int
) -> list[tuple[str, str]]:
    """Pair each unit with the font name that prints it (the base font when it can)."""
    base = coverage(base_font)
    families: list[str | None] = []
    for ch in chars:
        families.append(None if ord(ch) in base else fallback_family(ch, base_font))
    # Runs of characters the base lacks, with the spaces between them, go to one font.
    n = len(units)
    i = 0
    while i < n:
        if families[i] is None:  # the base prints it, or no font does
            i += 1
            continue
        j = i
        end = i
        while j < n:
            ch = chars[j]
            if ord(ch) not in base and families[j] is not None:
                end = j
            elif not ch.isspace():
                break
            j += 1
        _settle_run(chars, families, i, end + 1)
        i = end + 1
    # A word keeps one face: "Nguyễn" in a Korean letter prints wholly in DejaVu, not with a
    # single DejaVu letter among Nanum ones.
    for order in (range(1, n), range(n - 2, -1, -1)):
        step = -1 if order.step == 1 else 1
        for k in order:
            near = families[k + step]
            if (
                families[k] is None
                and near is not None
                and not chars[k].isspace()
                and ord(chars[k]) in base
                and ord(chars[k]) in coverage(near)
            ):
                families[k] = near
    result = []
    for unit, family in zip(units, families, strict=True):
        font = base_font if family is None else tt2ps(family, bold, italic)
        result.append((unit, font))
    return result


def _settle_run(chars: list[str], families: list[str | None], start: int, stop: int) -> None:
    """Give the run ``start:stop`` the first fallback font that has all of it, if one does."""
    needed = {ord(ch) for ch in chars[start:stop]}
    for family in _FALLBACK_FAMILIES:
        if needed <= coverage(family):
            for k in range(start, stop):
                families[k] = family
            return
    # No single font has the whole run: keep each character's own font; spaces go with
    # the character before them.
    for k in range(start + 1, stop):
        if families[k] is None:
            families[k] = families[k - 1]
