"""Shared by the GUI tests of letters: a two-page PDF, an office with a declined detainer, staff.

The detainer and the office come from the model tests' helpers (``tests.models.letters``), so
the GUI tests print the same letters the model tests check.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QWidget

from models.letters.content import Block, BlockKind, LetterContent, Letterhead, Recipient
from models.letters.layout import render_pdf
from models.records import StaffRole
from models.settings import county_timezone
from models.staff import update_staff
from tests.models.letters.test_compose import declined_detainer, set_up_office
from tests.ui.conftest import keep_opened
from ui.dialogs.compose_dialog import ComposeDialog
from ui.dialogs.document_dialog import DocumentDialog
from ui.letter_settings_controller import LetterSettingsController
from ui.letters_controller import LettersController

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # Wed 11/25/2026 09:00 in the county
LA = ZoneInfo("America/Los_Angeles")
#: How long a batch's worker thread may take to end when a test is over (never a tight limit).
THREAD_WAIT_MS = 60_000
MARK = "Smith & <Jones> printed"


def two_page_letter(draft: bool = False) -> bytes:
    """A letter long enough for two pages, whose first paragraph says ``MARK``."""
    blocks = [Block(BlockKind.PARAGRAPH, MARK.replace("&", "&amp;").replace("<", "&lt;"))]
    blocks += [
        Block(BlockKind.PARAGRAPH, f"Paragraph {n}: " + "the county declines the request. " * 12)
        for n in range(1, 14)
    ]
    content = LetterContent(
        language="en",
        title="Two-page test letter",
        letterhead=Letterhead("County of Alder", "Office of the County Counsel"),
        date_text="November 25, 2026",
        our_reference="DD-2026-00099",
        recipients=(Recipient("ICE Field Office", ("630 Sansome Street",)),),
        blocks=tuple(blocks),
        draft=draft,
    )
    rendered = render_pdf([content], invariant=True)
    assert rendered.page_counts == (2,), rendered.page_counts
    return rendered.data


def dark_pixels(image, step: int = 3) -> int:
    """How many sampled pixels of ``image`` are dark (text), every ``step`` pixels."""
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if image.pixelColor(x, y).lightness() < 100
    )


def staff(db, actor, login: str, role: StaffRole):
    return update_staff(db, actor, login, full_name=login.capitalize(), role=role)


@pytest.fixture
def desk(db, actor, case_factory):
    """An office with its letterhead, and a case with a declined detainer from a known office."""
    set_up_office(db, actor)
    return declined_detainer(db, actor, case_factory)


@pytest.fixture
def composers(monkeypatch, qtbot) -> list[ComposeDialog]:
    return keep_opened(monkeypatch, qtbot, ComposeDialog)


@pytest.fixture
def viewers(monkeypatch, qtbot) -> list[DocumentDialog]:
    return keep_opened(monkeypatch, qtbot, DocumentDialog)


@pytest.fixture
def make_letters(qtbot, db, boxes, composers, viewers):
    """Make a LettersController for a staff member, at ``NOW``, on a fresh parent."""

    def make(who) -> LettersController:
        parent = QWidget()
        qtbot.addWidget(parent)
        return LettersController(db, who, county_timezone(db), parent, now=lambda: NOW)

    return make


@pytest.fixture
def letter_settings(qtbot, db, db_path):
    """Make a LetterSettingsController for a staff member at ``now``, on a fresh stand-in window.

    The window knows the database file (``db_path``), as a batch run opens it again; every
    batch worker thread a controller started is joined when the test ends.
    """
    made: list[LetterSettingsController] = []

    def make(who, now: datetime = NOW) -> LetterSettingsController:
        window = QWidget()
        window.db_path = db_path
        qtbot.addWidget(window)
        controller = LetterSettingsController(db, who, LA, window, now=lambda: now)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        assert controller.shutdown(THREAD_WAIT_MS), "the batch worker thread was left running"
