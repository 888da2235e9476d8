"""The Dashboard work area: a period's figures as tiles, bar charts and a table, each clickable.

The clerk picks a period (a preset, or dates typed MM/DD/YYYY) and a facility; a mistyped or
impossible period is marked beside its field and nothing is worked out again, so the figures
shown always match the period named above them. The figures are worked out on a worker thread
(:mod:`ui.dashboard_worker`): meanwhile the figures of the last period stay on screen, marked as
being refreshed, and only the answer to the newest request is shown. A click on a tile, a bar
or a row of the figures table asks for the cases behind that figure (``cases_requested``),
which the window shows in the Cases list. Offense levels are charted once per scheme: levels of
different schemes measure different things and are never added up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
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
from ui.dashboard_charts import NOTHING, ChartGrid, FigureChart, FiguresTree, Tile
from ui.dashboard_controller import (
    SERIES_KEYS,
    DashboardController,
    month_groups,
    preset_period,
    readable_month,
)
from ui.dashboard_period import PeriodBar
from ui.dashboard_worker import FiguresRunner

BUSY = "Working out the figures…"
BUSY_STYLE = "background: #fff3cd; color: #664d03; padding: 2px 6px;"
#: How faint the figures being replaced are drawn while the new ones are worked out.
REFRESHING_OPACITY = 0.45
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
    #: New figures are on screen (the :class:`Statistics` shown).
    shown = Signal(object)

    def __init__(self, controller: DashboardController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.stats: Statistics | None = None
        self._stale = True
        self._started = False
        self._closing = False
        #: The period and filters being worked out (None when not working).
        self._wanted: tuple[Period, Filters] | None = None
        self.runner = FiguresRunner(controller.db_path, self)
        self.runner.succeeded.connect(self._computed)
        self.runner.failed.connect(self._compute_failed)
        # Several saves in a row (or one save's several signals) make one recount.
        self._stale_timer = QTimer(self)
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(0)
        self._stale_timer.timeout.connect(self._refresh_if_stale)
        self.period_bar = PeriodBar(controller.check, controller.today)
        self.period_bar.changed.connect(self._choice_changed)
        self.period_bar.refresh_requested.connect(lambda: self.apply(force=True))
        self.status = QLabel()
        self.status.setAccessibleName("Figures shown")
        self.status.setWordWrap(True)
        self.busy = QLabel(BUSY)
        self.busy.setAccessibleName("Working")
        self.busy.setStyleSheet(BUSY_STYLE)
        self.busy.setWordWrap(True)
        self.busy.hide()
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
        self._set_tab_order()

    def _lay_out(self) -> None:
        # What is shown, and what can be made of it, on one line below the choices.
        shown = QHBoxLayout()
        info = QVBoxLayout()
        info.setSpacing(2)
        info.addWidget(self.busy)
        info.addWidget(self.status)
        shown.addLayout(info, 1)
        shown.addWidget(self.report_button)
        shown.addWidget(self.export_button)
        self.tile_box = QWidget()
        tiles = QGridLayout(self.tile_box)
        tiles.setContentsMargins(0, 0, 0, 0)
        tiles.setSpacing(8)
        for n, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, n // 4, n % 4)
        for column in range(4):
            tiles.setColumnStretch(column, 1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.addWidget(self.tile_box)
        body.addWidget(self.notes)
        body.addWidget(self.months_chart)
        body.addWidget(self.grid)
        body.addStretch()
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tiles and the table take the keys
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
        # Faded while newer figures are worked out (the effect is off, and costs nothing, else).
        # The charts fade themselves: an effect over a graphics view paints it dark.
        self._fade = QGraphicsOpacityEffect(self.tile_box)
        self._fade.setOpacity(REFRESHING_OPACITY)
        self._fade.setEnabled(False)
        self.tile_box.setGraphicsEffect(self._fade)

    def _set_tab_order(self) -> None:
        """Tab goes through the choices, the tiles, the table of every figure, then the buttons."""
        chain = [
            *self.period_bar.tab_stops(),
            *self.tiles.values(),
            self.figures,
            self.report_button,
            self.export_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_facilities(self, facilities: tuple[str, ...]) -> None:
        """Offer these facilities in the filter (after the office's lists changed)."""
        self.period_bar.set_facilities(facilities)

    # -- when to work the figures out --------------------------------------------------------

    def mark_stale(self) -> None:
        """The record changed: count again soon if shown (once for many saves), else when shown.

        Called from inside a save's signal: the recount is only scheduled here, never run.
        """
        self._stale = True
        if self.isVisible() and not self._closing:
            self._stale_timer.start()

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible() and not self._closing:
            self.apply()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._closing:
            return
        if not self._started:  # the first showing: this year so far
            self._start()
            self.period_bar.choose_preset()
        elif self._stale:
            self.apply()

    def _choice_changed(self) -> None:
        """The clerk changed the period or facility: count now if shown, else when shown."""
        if self._closing:
            return
        if not self.isVisible():
            self._stale = True
            return
        self.apply()

    def _start(self) -> None:
        self._started = True
        try:
            self.period_bar.set_facilities(self.controller.facilities())
        except DeskError as exc:
            self._failed(exc)

    def set_period(self, start: date, end: date) -> bool:
        """Type in a period and ask for its figures (False, with the problem shown, if invalid).

        The figures are worked out on the worker thread: ``shown`` says when they are on screen
        (or at once if they already are).
        """
        if not self._started:
            self._start()
        self.period_bar.set_dates(start, end)
        return self.period() is not None

    def is_busy(self) -> bool:
        """Whether figures asked for are still being worked out."""
        return self._wanted is not None

    def period(self) -> Period | None:
        """The period typed, or None with the problem shown beside its field."""
        return self.period_bar.period()

    def filters(self) -> Filters:
        return self.period_bar.filters()

    def apply(self, force: bool = False) -> bool:
        """Ask for the figures of the period and facility chosen, if they are valid.

        Nothing is worked out again when the period and filters are those shown (or being
        worked out) and nothing changed since, unless ``force`` (the Refresh button). Returns
        whether the choice is valid: its figures are then shown, or on their way.
        """
        if self._closing:
            return False
        period = self.period()
        if period is None:
            return False
        wanted = (period, self.filters())
        if not (force or self._stale):
            if self._wanted == wanted:
                return True  # already being worked out
            stats = self.stats
            if stats is not None and (stats.period, stats.filters) == wanted:
                self._drop_requests()  # back to the figures shown: nothing else is wanted
                return True
        self._request(*wanted)
        return True

    def _request(self, period: Period, filters: Filters) -> None:
        """Have the worker count ``period`` and ``filters``; the newest request wins."""
        self._stale = False  # a save from now on marks the figures asked for stale again
        self._wanted = (period, filters)
        now = self.controller.now()  # read here: the clock is the GUI's (tests fix it)
        controller = self.controller

        def compute(db):  # runs on the worker thread: no widget here
            return controller.compute(period, filters, db=db, now=now)

        self._show_busy(period, filters)
        self.runner.request(compute)

    def _computed(self, stats: Statistics) -> None:
        self._end_busy()
        self.show_statistics(stats)
        self.shown.emit(stats)

    def _compute_failed(self, message: str) -> None:
        self._end_busy()
        self._stale = True  # try again when next asked
        self._failed(message)

    def _drop_requests(self) -> None:
        """Forget every request made: whatever comes back is dropped."""
        self.runner.drop()
        self._end_busy()

    def _show_busy(self, period: Period, filters: Filters) -> None:
        self.busy.setText(f"{BUSY} ({period.label}, {filters.label})")
        self.busy.show()
        if self.stats is not None:  # the figures below are those of the last request
            self._set_refreshing(True)
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _end_busy(self) -> None:
        self._wanted = None
        self.busy.hide()
        self._set_refreshing(False)
        self.unsetCursor()

    def _set_refreshing(self, on: bool) -> None:
        """Mark the figures on screen as being replaced (faded), or as current."""
        if on == self.is_refreshing():
            return
        self._fade.setEnabled(on)
        for chart in (self.months_chart, self.decisions_chart, self.convictions_chart):
            chart.chart().setOpacity(REFRESHING_OPACITY if on else 1.0)
        for chart in self.level_charts:
            chart.chart().setOpacity(REFRESHING_OPACITY if on else 1.0)
        self.figures.setEnabled(not on)
        self.figures.setToolTip("Being refreshed: these are the figures named above." if on else "")

    def is_refreshing(self) -> bool:
        """Whether the figures on screen are marked as being replaced by newer ones."""
        return self._fade.isEnabled()

    def shutdown(self) -> None:
        """The window is closing: ask for nothing more and wait for a count still running."""
        self._closing = True
        self.period_bar.closing = True
        self._stale_timer.stop()
        self.runner.shutdown()

    def _failed(self, exc: DeskError | str) -> None:
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
        unit, groups = month_groups(stats, self.controller.tz)
        self.months_chart.set_title(f"Flagged arrests and detainers received, by {unit}")
        self.months_chart.set_bars(
            [g.label for g in groups],
            [
                ("Arrests flagged", [g.flagged for g in groups]),
                ("Detainers received", [g.detainers for g in groups]),
            ],
            values_on_bars=len(groups) <= 12,
        )
        for chart, table, name in (
            (self.decisions_chart, stats.decisions, "Detainers"),
            (self.convictions_chart, stats.convictions, "People"),
        ):
            chart.set_bars([r.label for r in table.rows], [(name, table.rows)])
        self._show_levels(stats)
        self.figures.show_tables(stats.tables(), stats.months)

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
        flagged = stats.flagged.value
        # Flagged arrests with no level under this scheme are not "none in this period".
        empty = (
            f"No flagged arrest in this period has a level under this scheme (0 of {flagged:,})"
            if flagged
            else NOTHING
        )
        for chart, table in zip(self.level_charts, stats.levels, strict=True):
            chart.set_title(table.title)
            chart.set_bars(
                [r.label for r in table.rows], [("Arrests flagged", table.rows)], empty=empty
            )
            chart.setToolTip(f"Flagged arrests by {table.title.lower()} (this scheme only)")
        self.grid.set_widgets([self.decisions_chart, self.convictions_chart, *self.level_charts])

    # -- click-through -----------------------------------------------------------------------

    def _figure_clicked(self, figure: Count) -> None:
        self._request_cases(figure.cases, figure.key)

    def _tile_clicked(self, key: str) -> None:
        if self.stats is None:
            return
        cases = self.stats.held.cases if key == "held" else self.stats.figure(key).cases
        self._request_cases(cases, key)

    def _row_activated(self, key: str) -> None:
        if self.stats is not None:
            self._request_cases(self.stats.figure(key).cases, key)

    def _request_cases(self, selection: Selection, key: str) -> None:
        """Ask for the cases behind a figure, naming the period and the facility.

        A month, quarter or year names its own dates (a month as the axis writes it, Jul 2010).
        """
        stats = self.stats
        label = selection.label
        if key.startswith(SERIES_KEYS):
            label = readable_month(label, key)
            if stats is not None and stats.filters.facility:
                label += f" ({stats.filters.facility})"
        elif stats is not None:
            where = stats.period.label
            if stats.filters.facility:
                where += f", {stats.filters.facility}"
            label += f" ({where})"
        self.cases_requested.emit(replace(selection, label=label))

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
