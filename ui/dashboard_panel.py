"""The Dashboard work area: a period's figures as tiles, bar charts and a table, each clickable.

The clerk picks a period (a preset, or dates typed MM/DD/YYYY) and a facility; a mistyped or
impossible period is marked beside its field and nothing is worked out again, so the figures
shown always match the period named above them. A click on a tile, a bar or a row of the
figures table asks for the cases behind that figure (``cases_requested``), which the window
shows in the Cases list. Offense levels are charted once per scheme: levels of different
schemes measure different things and are never added up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.errors import DeskError
from models.stats.figures import Count, Selection, Statistics
from models.stats.period import Filters, Period
from models.timeutil import format_local
from ui import message_boxes
from ui.dashboard_charts import ChartGrid, FigureChart, FiguresTree, Tile
from ui.dashboard_controller import DashboardController, preset_period
from ui.dashboard_period import PeriodBar

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Tiles in reading order: figure key (or "held") and caption.
TILES = (
    ("flagged", "Arrests flagged"),
    ("flagged_persons", "People flagged"),
    ("detainers", "Detainers received"),
    ("released_to_ice", "Released to ICE"),
    ("share.no_conviction", "No criminal conviction"),
    ("share.not_violent", "Not convicted of a violent crime"),
    ("held", "Held beyond release"),
)


class DashboardPanel(QWidget):
    """Figures for a period and facility, worked out when asked, or when shown after a change.

    Args:
        controller: Checks periods and works the figures out.
        parent: The Qt parent.
    """

    #: The cases behind a figure the clerk clicked (a :class:`Selection`).
    cases_requested = Signal(object)

    def __init__(self, controller: DashboardController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.stats: Statistics | None = None
        self._stale = True
        self._started = False
        self.period_bar = PeriodBar(controller.check, controller.today)
        self.period_bar.changed.connect(self.apply)
        self.period_bar.refresh_requested.connect(lambda: self.apply(force=True))
        self.status = QLabel()
        self.status.setAccessibleName("Figures shown")
        self.status.setWordWrap(True)
        self.report_button = QPushButton("&Board report…")
        self.export_button = QPushButton("E&xport figures…")
        self.report_button.clicked.connect(self.open_board_report)
        self.export_button.clicked.connect(self._export)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #664d03;")
        self.notes.hide()
        self.tiles = {key: Tile(caption) for key, caption in TILES}
        for key, tile in self.tiles.items():
            tile.clicked.connect(lambda key=key: self._tile_clicked(key))
        self.months_chart = FigureChart(
            "Flagged arrests and detainers received, by month", height=300
        )
        self.decisions_chart = FigureChart("Decisions on the detainers received", horizontal=True)
        self.convictions_chart = FigureChart(
            "Conviction status of the people flagged", horizontal=True
        )
        #: One chart per offense-level scheme, in the order of ``Statistics.levels``.
        self.level_charts: list[FigureChart] = []
        for chart in (self.months_chart, self.decisions_chart, self.convictions_chart):
            chart.figure_clicked.connect(self._figure_clicked)
        self.grid = ChartGrid()
        self.figures = FiguresTree()
        self.figures.figure_activated.connect(self._row_activated)
        self._lay_out()

    def _lay_out(self) -> None:
        # What is shown, and what can be made of it, on one line below the choices.
        shown = QHBoxLayout()
        shown.addWidget(self.status, 1)
        shown.addWidget(self.report_button)
        shown.addWidget(self.export_button)
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for n, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, n // 4, n % 4)
        for column in range(4):
            tiles.setColumnStretch(column, 1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.addLayout(tiles)
        body.addWidget(self.notes)
        body.addWidget(self.months_chart)
        body.addWidget(self.grid)
        body.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        side = QWidget()
        side.setMinimumWidth(260)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("All figures — double-click a row to list its cases")
        caption.setWordWrap(True)
        caption.setBuddy(self.figures)
        side_layout.addWidget(caption)
        side_layout.addWidget(self.figures)
        self.splitter = QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([780, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.period_bar)
        layout.addLayout(shown)
        layout.addWidget(self.splitter, 1)

    def set_facilities(self, facilities: tuple[str, ...]) -> None:
        """Offer these facilities in the filter (after the office's lists changed)."""
        self.period_bar.set_facilities(facilities)

    # -- when to work the figures out --------------------------------------------------------

    def mark_stale(self) -> None:
        """The record changed: work the figures out again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.apply()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._started:  # the first showing: this year so far
            self._start()
            self.period_bar.choose_preset()
        elif self._stale:
            self.apply()

    def _start(self) -> None:
        self._started = True
        try:
            self.period_bar.set_facilities(self.controller.facilities())
        except DeskError as exc:
            self._failed(exc)

    def set_period(self, start: date, end: date) -> bool:
        """Type in a period and show its figures (False, with the problem shown, if invalid)."""
        if not self._started:
            self._start()
        self.period_bar.set_dates(start, end)
        return self.stats is not None and self.stats.period == Period(start, end)

    def period(self) -> Period | None:
        """The period typed, or None with the problem shown beside its field."""
        return self.period_bar.period()

    def filters(self) -> Filters:
        return self.period_bar.filters()

    def apply(self, force: bool = False) -> bool:
        """Work out the figures for the period and facility chosen, if they are valid.

        Nothing is worked out again when the period and filters are those shown and nothing
        changed since (unless ``force``, the Refresh button). Returns whether figures for the
        chosen period are shown.
        """
        period = self.period()
        if period is None:
            return False
        filters = self.filters()
        stats = self.stats
        shown = stats is not None and (stats.period, stats.filters) == (period, filters)
        if shown and not (force or self._stale):
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The one place figures are worked out: it could move to a worker thread whole.
            stats = self.controller.compute(period, filters)
        except DeskError as exc:
            self._failed(exc)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._stale = False
        self.show_statistics(stats)
        return True

    def _failed(self, exc: DeskError) -> None:
        message_boxes.show_error(
            self,
            "The figures could not be worked out",
            f"{exc}\n\nThe figures shown have not changed.",
        )

    # -- showing -------------------------------------------------------------------------------

    def show_statistics(self, stats: Statistics) -> None:
        """Show every figure of ``stats``."""
        self.stats = stats
        as_of = format_local(stats.as_of, self.controller.tz)
        self.status.setText(
            f"Figures for {stats.period.label}, {stats.filters.label}, as of {as_of}. "
            "Click a tile, bar or row to list its cases."
        )
        self.notes.setText(" ".join(n.text for n in stats.notes))
        self.notes.setVisible(bool(stats.notes))
        self._show_tiles(stats)
        months = [f"{MONTHS[m.month.month - 1]} {m.month.year}" for m in stats.months]
        self.months_chart.set_bars(
            months,
            [
                ("Arrests flagged", [m.flagged for m in stats.months]),
                ("Detainers received", [m.detainers for m in stats.months]),
            ],
            values_on_bars=len(months) <= 12,
        )
        for chart, table, name in (
            (self.decisions_chart, stats.decisions, "Detainers"),
            (self.convictions_chart, stats.convictions, "People"),
        ):
            chart.set_bars([r.label for r in table.rows], [(name, table.rows)])
        self._show_levels(stats)
        self.figures.show_tables(stats.tables())

    def _show_tiles(self, stats: Statistics) -> None:
        for count in stats.headline():
            self.tiles[count.key].set_value(f"{count.value:,}", tip=count.label)
        for share in (stats.no_conviction, stats.not_violent):
            pct = share.percent
            self.tiles[share.key].set_value(
                "no data" if pct is None else f"{pct:.0f}%",
                f"{share.numerator:,} of {share.denominator:,} people flagged",
                share.label,
                reading=share.text,
            )
        held = stats.held
        if held.count:
            value = f"{held.median_hours:,.1f} h median"
            reading = f"median {held.median_hours:,.1f} h, max {held.max_hours:,.1f} h"
            detail = f"max {held.max_hours:,.1f} h; n = {held.count:,}"
        else:
            value = reading = "no data"
            detail = "n = 0"
        self.tiles["held"].set_value(
            value,
            detail,
            "Hours held past release eligibility on an honoured detainer (n: detainers)",
            reading=f"{reading} (n = {held.count:,})",
        )

    def _show_levels(self, stats: Statistics) -> None:
        while len(self.level_charts) < len(stats.levels):
            chart = FigureChart("")
            chart.figure_clicked.connect(self._figure_clicked)
            self.level_charts.append(chart)
        del self.level_charts[len(stats.levels) :]
        for chart, table in zip(self.level_charts, stats.levels, strict=True):
            chart.set_title(table.title)
            chart.set_bars([r.label for r in table.rows], [("Arrests flagged", table.rows)])
            chart.setToolTip(f"Flagged arrests by {table.title.lower()} (this scheme only)")
        self.grid.set_widgets([self.decisions_chart, self.convictions_chart, *self.level_charts])

    # -- click-through -----------------------------------------------------------------------

    def _figure_clicked(self, figure: Count) -> None:
        self._request(figure.cases, figure.key)

    def _tile_clicked(self, key: str) -> None:
        if self.stats is None:
            return
        cases = self.stats.held.cases if key == "held" else self.stats.figure(key).cases
        self._request(cases, key)

    def _row_activated(self, key: str) -> None:
        if self.stats is not None:
            self._request(self.stats.figure(key).cases, key)

    def _request(self, selection: Selection, key: str) -> None:
        """Ask for the cases behind a figure, naming the period (a month names itself)."""
        stats = self.stats
        if stats is not None and not key.startswith("months."):
            where = stats.period.label
            if stats.filters.facility:
                where += f", {stats.filters.facility}"
            selection = replace(selection, label=f"{selection.label} ({where})")
        self.cases_requested.emit(selection)

    # -- reports -------------------------------------------------------------------------------

    def open_board_report(self) -> None:
        """The Board report dialog for the period shown (this year so far if none is)."""
        period = self.period() if self._started else None
        if period is None:
            period = Period(*preset_period("this_year", self.controller.today()))
        try:
            self.controller.board_report(self, period, self.filters())
        except DeskError as exc:
            message_boxes.show_error(self, "Board report", str(exc))

    def _export(self) -> None:
        if self.stats is None:
            message_boxes.show_info(self, "Export figures", "Choose a period to show first.")
            return
        try:
            self.controller.export(self, self.stats)
        except DeskError as exc:
            message_boxes.show_error(self, "Export figures", str(exc))
