"""Benchmark the letter engine against bare reportlab building the same letters, in one run.

    python tests/benchmarks/bench_letters.py [--letters N] [--repeat K] [--batch-repeat B]
        [--markdown] [--profile]

The database is new (in a temporary folder): the letterhead set, N synthetic bookings
(``models.sample``) and one detainer on each, all received on the same day. The detainers go
straight into ``detainers`` with ``executemany`` in one transaction, bypassing the audit log on
purpose: a benchmark fixture is not a record. The letter is the shipped English "TRUTH Act
notice: ICE request received" (a two-page letter to the person, care of the jail).

Figures, each the median (min–max) of K runs (B for the batch) in this one process:

1. One letter, warm: ``compose`` (merge values read from the database, the template rendered)
   plus ``render_pdf``, against bare reportlab laying out the same content — the same
   paragraphs and markup, the same embedded DejaVu fonts, a plain ``BaseDocTemplate`` with a
   first-page and a later-pages template, the letterhead, running header, DRAFT watermark and
   "Page X of Y" drawn on the canvas.
2. The N-letter batch, ``run_batch``: every letter composed and printed as its own PDF, one
   combined PDF, and all stored in one transaction. Against bare reportlab building the N
   letters in one PDF, and building the same files the batch makes (N one-letter PDFs and the
   combined one).

Targets (issue 5): at most 1.5× bare reportlab for a letter; a 1,000-letter batch under 20 s.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from models.letters import batch as batch_module
from models.letters.about import About
from models.letters.batch import detainers_received_on, run_batch
from models.letters.compose import LetterRequest, compose
from models.letters.content import BlockKind, LetterContent
from models.letters.fonts import FONT_DIR
from models.letters.layout import render_pdf
from models.letters.office import OfficeSettings, save_office_settings
from models.sample import insert_sample
from models.staff import current_staff
from models.store import open_database, write_transaction

CODE = "truth_request_notice"
DAY = date(2018, 3, 6)  # every sample booking was booked before it
RECEIVED = datetime(2018, 3, 6, 17, 0, tzinfo=UTC)  # 09:00 PST
TODAY = date(2026, 11, 25)
OFFICE = OfficeSettings(
    county_name="County of Alder",
    office_name="Office of the County Counsel",
    office_address="70 West Hedding Street, East Wing\nSan José, CA 95110",
    office_phone="(408) 299-5900",
    office_email="counsel@alder.example.gov",
    signer_name="Ana Ruiz",
    signer_title="Deputy County Counsel",
    jail_name="Alder County Main Jail",
    jail_address="150 West Hedding Street\nSan José, CA 95110",
)
DETAINER_SQL = (
    "INSERT INTO detainers (booking_id, form_code, edition, received_at, received_via, "
    "ice_office, requests_hold, requests_notification, hold_rule, notes) "
    "VALUES (?, 'i247a', '3/17', ?, 'fax', 'ICE ERO San Francisco Field Office', 1, 1, "
    "'not_permitted', 'Benchmark row (bulk insert, not audited).')"
)
PAGE = re.compile(rb"/Type /Page\b(?!s)")
#: Targets: (sign, value, unit) — a ratio to bare reportlab, or seconds.
LETTER_TARGET, BATCH_TARGET = ("<=", 1.5, "×"), ("<", 20.0, "s")


# -- the database -------------------------------------------------------------------------------


def prepare(path: Path, letters: int) -> list[About]:
    """A new database with the letterhead, ``letters`` bookings and a detainer on each."""
    db = open_database(path)
    actor = current_staff(db)
    save_office_settings(db, actor, OFFICE)
    insert_sample(db, letters, actor)
    bookings = [r[0] for r in db.execute("SELECT id FROM bookings ORDER BY id")]
    rows = [(b, (RECEIVED + timedelta(seconds=n)).isoformat()) for n, b in enumerate(bookings)]
    with write_transaction(db):
        db.conn.executemany(DETAINER_SQL, rows)
    abouts = detainers_received_on(db, DAY)
    db.close()
    assert len(abouts) == letters, (len(abouts), letters)
    return abouts


# -- bare reportlab -----------------------------------------------------------------------------


def bare_fonts() -> None:
    """The same TrueType files as the app, registered under names of their own."""
    for name, file in (
        ("BareSans", "DejaVuSans.ttf"),
        ("BareSans-Bold", "DejaVuSans-Bold.ttf"),
        ("BareSans-Oblique", "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        "BareSans", normal="BareSans", bold="BareSans-Bold", italic="BareSans-Oblique",
        boldItalic="BareSans-Bold",
    )  # fmt: skip


def bare_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("Body", fontName="BareSans", fontSize=10.5, leading=14, spaceAfter=7,
                          alignment=TA_LEFT)  # fmt: skip
    return {
        "Body": body,
        "Small": ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11),
        "Heading": ParagraphStyle("Heading", parent=body, fontName="BareSans-Bold", fontSize=12),
        "Bullet": ParagraphStyle("Bullet", parent=body, leftIndent=16, bulletIndent=4),
        "Subject": ParagraphStyle("Subject", parent=body, fontName="BareSans-Bold"),
        "County": ParagraphStyle("County", parent=body, fontName="BareSans-Bold", fontSize=14),
    }


class _LetterStart(Flowable):
    """Marks where a letter begins, so the canvas can number each letter's pages."""

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.canv.starts.append(self.canv.getPageNumber())


class _BareCanvas(Canvas):
    """Holds pages back until the end to write "Page X of Y" per letter (reportlab's recipe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages, self.starts = [], []

    def showPage(self):  # noqa: N802 - reportlab's name
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        bounds = [*self.starts, len(self.pages) + 1]
        for number, state in enumerate(self.pages, 1):
            self.__dict__.update(state)
            letter = max(i for i, s in enumerate(self.starts) if s <= number)
            first, after = bounds[letter], bounds[letter + 1]
            self.setFont("BareSans", 8)
            self.drawRightString(7.5 * inch, 0.5 * inch, f"Page {number - first + 1} of "
                                 f"{after - first}")  # fmt: skip
            super().showPage()
        super().save()


def _first_page(canv, doc):
    head, draft = doc.head, doc.draft_now
    canv.saveState()
    if draft:
        _watermark(canv)
    canv.setFont("BareSans-Bold", 14)
    canv.drawString(inch, 10.2 * inch, head.county)
    canv.setFont("BareSans", 11)
    canv.drawString(inch, 9.98 * inch, head.office)
    canv.setFont("BareSans", 8.5)
    for n, line in enumerate((*head.address_lines, head.contact_line)):
        canv.drawString(inch, (9.78 - 0.15 * n) * inch, line)
    canv.restoreState()


def _later_page(canv, doc):
    canv.saveState()
    if doc.draft_now:
        _watermark(canv)
    canv.setFont("BareSans", 8.5)
    canv.drawString(inch, 10.4 * inch, f"{doc.head.office} · {doc.title_now}")
    canv.restoreState()


def _watermark(canv):
    canv.setFillColor(Color(0.86, 0.86, 0.86))
    canv.setFont("BareSans-Bold", 110)
    canv.translate(4.25 * inch, 5.5 * inch)
    canv.rotate(45)
    canv.drawCentredString(0, 0, "DRAFT")


class _Switch(Flowable):
    """Tells the page callbacks which letter's title and draft state they are drawing."""

    def __init__(self, doc_state: dict, letter: LetterContent):
        super().__init__()
        self.state, self.letter = doc_state, letter

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.state["doc"].draft_now = self.letter.draft
        self.state["doc"].title_now = self.letter.title


def bare_pdf(letters: list[LetterContent], styles: dict) -> bytes:
    """The letters laid out by reportlab alone, the way a hand-written script would."""
    buffer, state = io.BytesIO(), {}
    doc = BaseDocTemplate(buffer, pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                          topMargin=0.6 * inch, bottomMargin=0.9 * inch, title=letters[0].title,
                          author=f"{OFFICE.office_name}, {OFFICE.county_name}",
                          initialFontName="BareSans")  # fmt: skip
    state["doc"], doc.head = doc, letters[0].letterhead
    doc.draft_now, doc.title_now = letters[0].draft, letters[0].title
    first = Frame(inch, 0.9 * inch, 6.5 * inch, 9.5 * inch, id="first")
    later = Frame(inch, 0.9 * inch, 6.5 * inch, 9.05 * inch, id="later")
    doc.addPageTemplates([
        PageTemplate("first", [first], onPage=_first_page, autoNextPageTemplate="later"),
        PageTemplate("later", [later], onPage=_later_page),
    ])  # fmt: skip
    story: list[Flowable] = []
    for n, letter in enumerate(letters):
        if n:
            story += [NextPageTemplate("first"), PageBreak()]
        story += [_Switch(state, letter), _LetterStart(), Spacer(1, 1.1 * inch)]
        for name, value in (("Our reference", letter.our_reference), ("Date", letter.date_text)):
            story.append(Paragraph(f"{name}: {escape(value)}", styles["Small"]))
        to = letter.addressee
        story.append(Paragraph("<br/>".join(escape(x) for x in (to.name, *to.address_lines)),
                               styles["Body"]))  # fmt: skip
        story.append(Paragraph(f"Re: {escape(letter.title)}", styles["Subject"]))
        for block in letter.blocks:
            if block.kind == BlockKind.HEADING:
                story.append(Paragraph(block.markup, styles["Heading"]))
            elif block.kind in (BlockKind.BULLET, BlockKind.CHECKBOX):
                story.append(Paragraph(block.markup, styles["Bullet"], bulletText="•"))
            else:
                story.append(Paragraph(block.markup, styles["Body"]))
        signer = [Paragraph(escape(t), styles["Body"])
                  for t in (letter.signer_name, letter.signer_title)]  # fmt: skip
        story.append(KeepTogether([Spacer(1, 0.6 * inch), *signer]))
        for copy in letter.copies:
            story.append(Paragraph(f"cc: {escape(copy.name)}", styles["Small"]))
    doc.build(story, canvasmaker=_BareCanvas)
    return buffer.getvalue()


# -- timing -------------------------------------------------------------------------------------


def timed(action) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = action()
    return time.perf_counter() - t0, result


def runs(k: int, action) -> tuple[list[float], object]:
    values, result = [], None
    for _ in range(k):
        seconds, result = timed(action)
        values.append(seconds)
    return values, result


def run_figures(args, path: Path, abouts: list[About]):
    db = open_database(path)
    actor = current_staff(db)
    styles = bare_styles()
    request = LetterRequest(CODE, "en", abouts[0])
    rows, notes = [], []

    def ours_one():
        content, _ = compose(db, request, today=TODAY, our_reference="DD-2026-00001")
        return render_pdf([content])

    content, _ = compose(db, request, today=TODAY, our_reference="DD-2026-00001")
    for _ in range(3):  # warm: fonts registered and parsed, templates compiled, caches full
        ours_one(), bare_pdf([content], styles)
    app, rendered = runs(args.repeat, ours_one)
    render_only, _ = runs(args.repeat, lambda: render_pdf([content]))
    bare, bare_one = runs(args.repeat, lambda: bare_pdf([content], styles))
    pages = f"{sum(rendered.page_counts)} pages"
    rows.append(("one letter, warm: compose + render_pdf", pages, app, bare, LETTER_TARGET))
    rows.append(("one letter, warm: render_pdf alone", pages, render_only, bare, LETTER_TARGET))
    notes.append(
        f"one letter: ours {len(rendered.data):,} bytes, bare {len(bare_one):,} bytes and "
        f"{len(PAGE.findall(bare_one))} pages"
    )

    contents = [
        compose(db, LetterRequest(CODE, "en", about), today=TODAY,
                our_reference=f"DD-2026-{n:05d}")[0]
        for n, about in enumerate(abouts, 1)
    ]  # fmt: skip
    profile = cProfile.Profile() if args.profile else None

    def batch():
        if profile:
            profile.enable()
        try:
            return run_batch(db, actor, CODE, "en", abouts, selection="Benchmark")
        finally:
            if profile:
                profile.disable()

    app, result = runs(args.batch_repeat, batch)
    combined, _ = runs(args.batch_repeat, lambda: bare_pdf(contents, styles))
    files, _ = runs(
        args.batch_repeat,
        lambda: [bare_pdf([c], styles) for c in contents] + [bare_pdf(contents, styles)],
    )
    n = len(abouts)
    result_text = f"{len(result.document_ids):,} letters, {len(result.pdf) / 1e6:.1f} MB combined"
    rows.append((f"{n:,}-letter batch vs bare, one combined PDF", result_text, app, combined,
                 BATCH_TARGET))  # fmt: skip
    rows.append((f"{n:,}-letter batch vs bare, the same files ({n:,} + 1 PDFs)", result_text,
                 app, files, BATCH_TARGET))  # fmt: skip
    stored = db.execute(
        "SELECT count(*), sum(length(b.content)) FROM documents d "
        "JOIN attachment_blobs b ON b.sha256 = d.sha256 WHERE d.batch_id = ?",
        [result.batch_id],
    ).fetchone()
    notes.append(
        f"batch: prints in {batch_module.WORKERS} worker processes (one per processor, from "
        f"{batch_module.PARALLEL_FROM} letters); the bare figures use this one process"
    )
    notes.append(f"batch: each run stores {stored[0]:,} documents, {stored[1] / 1e6:.1f} MB of "
                 "one-letter PDFs, plus the combined PDF, in one transaction")  # fmt: skip
    db.close()
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
        notes.append("profile of the batch runs (cumulative):\n" + out.getvalue())
    return rows, notes


# -- the table ----------------------------------------------------------------------------------


def cell(values: list[float], unit: str) -> str:
    scale, suffix = (1000, "ms") if unit == "ms" else (1, "s")
    values = [v * scale for v in values]
    fmt = "{:.1f}" if max(values) < 100 else "{:.0f}"
    spread = f" ({fmt.format(min(values))}–{fmt.format(max(values))})" if len(values) > 1 else ""
    return f"{fmt.format(statistics.median(values))} {suffix}{spread}"


def verdict(app: list[float], bare: list[float], target) -> tuple[str, str]:
    ratio = statistics.median(app) / statistics.median(bare)
    sign, value, unit = target
    measured = ratio if unit == "×" else statistics.median(app)
    ok = measured <= value if sign == "<=" else measured < value
    return f"{ratio:.2f}×", f"{sign} {value:g}{' ' if unit == 's' else ''}{unit}: " + (
        "ok" if ok else "MISSED"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000, help="letters in the batch")
    parser.add_argument("--repeat", type=int, default=15, help="runs of the one-letter figures")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of the batch figures")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the batch runs")
    args = parser.parse_args()
    bare_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letters.sqlite3"
        print(f"Preparing {args.letters:,} detainers…", file=sys.stderr)
        abouts = prepare(path, args.letters)
        rows, notes = run_figures(args, path, abouts)

    header = ("figure", "result", "app median (min–max)", "bare reportlab median", "ratio",
              "target")  # fmt: skip
    table = [header]
    for name, result, app, bare, target in rows:
        unit = "ms" if target is LETTER_TARGET else "s"
        table.append((name, result, cell(app, unit), cell(bare, unit), *verdict(app, bare, target)))
    machine = (
        f"Machine: nproc {len(os.sched_getaffinity(0))}, Python {platform.python_version()}, "
        f"reportlab {reportlab.Version}, SQLite {sqlite3.sqlite_version}, {platform.platform()}"
    )
    command = f"Command: {shlex.join(['python', *sys.argv])}"
    if args.markdown:
        table.insert(1, ("---",) * 6)
        print("\n".join("| " + " | ".join(line) + " |" for line in table))
        print(f"\n{machine}  \n{command}\n\n" + "\n".join(f"- {note}" for note in notes))
    else:
        widths = [max(len(line[c]) for line in table) for c in range(6)]
        for line in table:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
        print("\n".join(["", *notes, machine, command]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
