"""The report dialog driven as a clerk drives it; every test ends in the saved PDF's text."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from models.reports import printer
from models.stats.period import Filters, Period
from tests.models.reports.report_helpers import NORTH, TZ, YEAR, county_year, text_of
from tests.models.stats.stats_dataset import build
from tests.ui.conftest import click
from ui import printing, report_dialog
from ui.report_dialog import ReportDialog, open_board_report


@pytest.fixture
def opened(qtbot, monkeypatch, db, actor, case_factory, boxes, settings, tmp_path):
    """Open the dialog for the county year (not modally); saving goes to tmp_path/report.pdf."""
    county_year(db, actor, case_factory)
    dialogs: list[ReportDialog] = []

    def keep(dialog):
        qtbot.addWidget(dialog)
        dialogs.append(dialog)

    monkeypatch.setattr(report_dialog, "show_modal", keep)
    monkeypatch.setattr(printing, "settings", lambda: settings)
    asked: list[str] = []
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(
        printing, "ask_save_path", lambda _p, _t, start: asked.append(start) or str(target)
    )

    def open_(filters: Filters | None = None) -> ReportDialog:
        open_board_report(None, db, actor, TZ, YEAR, filters or Filters())
        dialog = dialogs[-1]
        dialog.asked, dialog.target = asked, target
        return dialog

    return open_


def saved_text(qtbot, dialog) -> str:
    click(qtbot, dialog.save_button)
    assert dialog.target.exists()
    assert dialog.target.read_bytes() == dialog.pdf
    return text_of(dialog.target.read_bytes())


def test_the_board_report_is_previewed_and_saved_as_pdf(qtbot, opened):
    dialog = opened()
    assert dialog.isModal()
    assert (dialog.start_edit.text(), dialog.end_edit.text()) == ("01/01/2010", "12/31/2010")
    assert dialog.preview.has_pdf() and dialog.preview.page_count() >= 3
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert dialog.scope_label.text() == "All facilities and arresting agencies."
    text = saved_text(qtbot, dialog)
    assert dialog.asked[0].endswith("board-report-2010-01-01-2010-12-31-en.pdf")
    assert "50% of the people flagged (2 of 4) had no criminal conviction." in text
    assert "Staff cost estimate" not in text
    assert f"Saved as {dialog.target}" in dialog.status.text()


def test_spanish_with_a_staff_cost(qtbot, opened):
    dialog = opened()
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("es"))
    qtbot.keyClicks(dialog.hours_edit, "1.5")
    qtbot.keyClicks(dialog.rate_edit, "45.50")
    text = saved_text(qtbot, dialog)  # saved at once: the pause after typing need not be over
    assert dialog.asked[0].endswith("-es.pdf")
    assert "El 50 % de las personas señaladas (2 de 4) no tenía ninguna condena penal." in text
    assert "5 solicitudes × 1.5 horas de personal cada una × $45.50 por hora = $341.25." in text


def test_a_narrower_period_and_the_filters_given(qtbot, opened):
    dialog = opened(Filters(facility=NORTH))
    assert dialog.scope_label.text() == "Facility North Branch Jail."
    dialog.start_edit.setText("2010-12-01")
    qtbot.waitUntil(lambda: "page" in dialog.status.text(), timeout=5000)
    text = saved_text(qtbot, dialog)
    assert "Period: December 1, 2010 – December 31, 2010" in text
    assert "Arrests flagged (IDENT match) 1" in text


def test_bad_dates_are_shown_beside_their_fields_and_nothing_prints(qtbot, opened):
    dialog = opened()
    dialog.start_edit.setText("13/45/2010")
    assert not dialog.refresh()
    assert not dialog.start_error.isHidden()
    assert dialog.start_error.text() == "“13/45/2010” is not a real calendar date."
    assert dialog.end_error.isHidden()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert "cannot be printed yet" in dialog.preview.message_text()

    dialog.start_edit.setText("01/01/2011")
    dialog.refresh()
    assert dialog.start_error.isHidden()
    assert dialog.end_error.text() == "The period ends (12/31/2010) before it starts (01/01/2011)."
    click(qtbot, dialog.save_button)
    assert not dialog.target.exists()

    dialog.start_edit.setText("2010-01-01")
    assert dialog.refresh() and dialog.end_error.isHidden() and dialog.save_button.isEnabled()


def test_a_staff_cost_mistake_is_shown_beside_its_field(qtbot, opened):
    dialog = opened()
    qtbot.keyClicks(dialog.hours_edit, "lots")
    assert not dialog.refresh()
    assert dialog.hours_error.text().startswith("The hours per detainer “lots” is not a number")
    assert dialog.rate_error.text() == (
        "Give the hourly cost too, or leave the hours per detainer empty."
    )
    assert not dialog.save_button.isEnabled()
    dialog.hours_edit.clear()
    assert dialog.refresh() and dialog.hours_error.isHidden() and dialog.rate_error.isHidden()


def test_the_community_forum_report_takes_no_staff_cost(qtbot, opened):
    dialog = opened()
    qtbot.keyClicks(dialog.hours_edit, "lots")  # ignored for the forum report
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("forum"))
    assert not dialog.hours_edit.isEnabled() and not dialog.rate_edit.isEnabled()
    text = saved_text(qtbot, dialog)
    assert dialog.asked[0].endswith("community-forum-report-2010-01-01-2010-12-31-en.pdf")
    assert "ICE access by type" in text and "Consent outcome not recorded" in text


def test_print_sends_the_previewed_bytes(qtbot, opened, monkeypatch):
    dialog = opened()
    printed = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _p, data, title: printed.append((data, title)) or True
    )
    click(qtbot, dialog.print_button)
    assert printed == [(dialog.pdf, "Board of Supervisors report, 01/01/2010 – 12/31/2010")]


def test_the_title_follows_the_report_chosen(opened):
    dialog = opened()
    assert dialog.windowTitle() == "Report to the Board of Supervisors"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("forum"))
    assert dialog.windowTitle() == "TRUTH Act community forum report"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("board"))
    assert dialog.windowTitle() == "Report to the Board of Supervisors"


@pytest.fixture
def counting(monkeypatch):
    """Every time the figures are counted: the period, and the cursor shown meanwhile."""
    counts: list[tuple] = []
    real = printer.statistics

    def counted(db, period, filters, **kwargs):
        cursor = QGuiApplication.overrideCursor()
        counts.append((period, cursor.shape() if cursor is not None else None))
        return real(db, period, filters, **kwargs)

    monkeypatch.setattr(printer, "statistics", counted)
    return counts


def test_the_figures_are_counted_once_per_period_under_a_wait_cursor(qtbot, opened, counting):
    dialog = opened()
    assert counting == [(YEAR, Qt.CursorShape.WaitCursor)]
    assert QGuiApplication.overrideCursor() is None  # put back once printed
    first = dialog.pdf

    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("es"))
    assert dialog.refresh() and dialog.pdf != first
    qtbot.keyClicks(dialog.hours_edit, "1.5")
    qtbot.keyClicks(dialog.rate_edit, "45.50")
    assert dialog.refresh()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("forum"))
    assert dialog.refresh()
    assert "Acceso de ICE por tipo" in text_of(dialog.pdf)
    assert len(counting) == 1  # language, report and staff cost: laid out again, not counted

    dialog.start_edit.setText("12/01/2010")
    assert dialog.refresh()
    dialog.start_edit.setText("01/01/2010")
    assert dialog.refresh()
    assert [period for period, _cursor in counting] == [
        YEAR,
        Period(date(2010, 12, 1), YEAR.end),
    ]  # the year again: its figures were kept
    assert "Period: 1 de enero de 2010 – 31 de diciembre de 2010" not in text_of(dialog.pdf)
    assert "Período: 1 de enero de 2010 – 31 de diciembre de 2010" in text_of(dialog.pdf)


def test_without_a_letterhead_it_says_so_before_counting_anything(
    qtbot, monkeypatch, db, actor, case_factory, boxes, counting
):
    build(db, actor, case_factory)  # the figures, but no letterhead
    dialogs = []
    monkeypatch.setattr(report_dialog, "show_modal", dialogs.append)
    open_board_report(None, db, actor, TZ, YEAR, Filters())
    (dialog,) = dialogs
    qtbot.addWidget(dialog)
    assert "Set the county's name in Settings ▸ Letterhead" in dialog.preview.message_text()
    assert not dialog.save_button.isEnabled()
    assert counting == []


def test_the_dialog_is_freed_once_closed(qtbot, db, actor, case_factory, boxes):
    county_year(db, actor, case_factory)
    dashboard = QWidget()
    qtbot.addWidget(dashboard)
    seen = []

    def close_it():
        (dialog,) = dashboard.findChildren(ReportDialog)
        seen.append((dialog.isModal(), dialog.windowTitle()))
        dialog.reject()

    QTimer.singleShot(0, dashboard, close_it)
    open_board_report(dashboard, db, actor, TZ, YEAR, Filters())  # runs until closed
    assert seen == [(True, "Report to the Board of Supervisors")]
    qtbot.waitUntil(lambda: dashboard.findChildren(ReportDialog) == [], timeout=5000)
