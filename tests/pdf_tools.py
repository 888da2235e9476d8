"""Helpers for tests that check a PDF with poppler-utils and qpdf: text, fonts, pages, PNG.

Every helper writes the bytes to a temporary file, runs the tool, and raises AssertionError
with the tool's own error output when it fails.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path


def _run(args: list[str], data: bytes, *, ok_codes: tuple[int, ...] = (0,)) -> str:
    tool = args[0]
    if shutil.which(tool) is None:
        raise AssertionError(f"{tool} is not installed (apt-get install poppler-utils qpdf)")
    with tempfile.TemporaryDirectory(prefix="desk-pdf-") as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(data)
        done = subprocess.run(
            [part if part != "{pdf}" else str(path) for part in args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    if done.returncode not in ok_codes:
        raise AssertionError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}\n{done.stdout}"
        )
    return done.stdout


def pdf_text(
    data: bytes, *, layout: bool = False, first: int | None = None, last: int | None = None
) -> str:
    """The PDF's text by ``pdftotext``: ``-raw`` (drawing order) by default, or ``-layout``.

    ``-raw`` keeps each paragraph's lines together and puts the diagonal DRAFT watermark
    (drawn first, one letter per line) before the page's text instead of inside it.
    Pages are separated by form feeds (``\\f``); ``first``/``last`` pick a page range.
    """
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    return _run([*args, "{pdf}", "-"], data)


def page_texts(data: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page, in order."""
    pages = pdf_text(data, layout=layout).split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return pages


def squeeze(text: str) -> str:
    """``text`` with every run of whitespace made one space, for comparing extracted text."""
    return " ".join(text.split())


def no_space(text: str) -> str:
    """``text`` without any whitespace (CJK text extracts with its spacing changed)."""
    return "".join(text.split())


def pdf_fonts(data: bytes) -> list[dict]:
    """The fonts ``pdffonts`` lists: name, type, emb, sub, uni (the last three as booleans)."""
    out = _run(["pdffonts", "{pdf}"], data)
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    fonts = []
    for line in lines[rule + 1 :]:
        words = line.split()
        if not words:
            continue
        # name type... encoding emb sub uni object-number generation; long names push the
        # columns right, so read from both ends instead of by column widths.
        *left, emb, sub, uni, _number, _generation = words
        fonts.append(
            {
                "name": left[0],
                "type": " ".join(left[1:-1]),
                "encoding": left[-1],
                "emb": emb == "yes",
                "sub": sub == "yes",
                "uni": uni == "yes",
            }
        )
    return fonts


def qpdf_check(data: bytes) -> None:
    """Assert that ``qpdf --check`` finds the PDF sound (no errors, no warnings)."""
    out = _run(["qpdf", "--check", "{pdf}"], data)
    assert "No syntax or stream encoding errors found" in out, out


def pdf_info(data: bytes) -> dict[str, str]:
    """The document information ``pdfinfo`` shows, by field name (Title, Author, Pages...)."""
    out = _run(["pdfinfo", "-enc", "UTF-8", "{pdf}"], data)
    info = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def page_count(data: bytes) -> int:
    """How many pages the PDF has, by ``pdfinfo``."""
    return int(pdf_info(data)["Pages"])


def render_png(data: bytes, page: int, out_path: str | Path) -> Path:
    """Render page ``page`` (from 1) to a PNG at 60 dpi by ``pdftoppm``; returns the path."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="desk-png-") as folder:
        stem = Path(folder) / "page"
        _run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                "{pdf}",
                str(stem),
            ],
            data,
        )
        shutil.copyfile(stem.with_suffix(".png"), out_path)
    return out_path


def word_boxes(data: bytes) -> list[dict]:
    """Every word ``pdftotext -bbox`` finds: page (from 1), text, x_min, y_min, x_max, y_max.

    Coordinates are in points from the page's top-left corner.
    """
    out = _run(["pdftotext", "-enc", "UTF-8", "-bbox", "{pdf}", "-"], data)
    words = []
    page = 0
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("<page "):
            page += 1
        elif line.startswith("<word "):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', line))
            text = line[line.index(">") + 1 : line.rindex("</word>")]
            words.append(
                {
                    "page": page,
                    "text": html.unescape(text),
                    "x_min": float(attrs["xMin"]),
                    "y_min": float(attrs["yMin"]),
                    "x_max": float(attrs["xMax"]),
                    "y_max": float(attrs["yMax"]),
                }
            )
    return words
