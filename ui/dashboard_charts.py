"""The Dashboard's figure widgets: bar charts, headline tiles, every figure in a table.

Every bar, tile and row knows the figure it shows, so a click asks for the cases behind exactly
that figure (``figure_clicked`` / ``clicked`` / ``figure_activated``); the panel turns that into
the Cases list. The charts are for the mouse; every figure they show is also a row of the
figures table, which the keyboard reaches. A grid fits the charts to the window's width.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from math import ceil

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsSimpleTextItem,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.stats.figures import Count, Month, Table
from ui.dashboard_controller import month_name

#: Bar colours, one per series of a chart, in order.
COLOURS = ("#2f6db5", "#e08a2e", "#4f9a57", "#a05195")
AXIS_POINT_SIZE = 8
TITLE_POINT_SIZE = 10
#: Above this many categories the category labels are turned on their side.
UPRIGHT_LABELS = 8
NOTHING = "None in this period"
#: A note under a chart's title is broken into lines of about this many characters.
NOTE_CHARS = 48
LABEL_COLOUR = "#222222"
#: Category names longer than this are broken into lines (Qt draws axis labels as HTML).
LABEL_CHARS = 18
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
TILE_STYLE = (
    "#tile { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }"
    "#tile:focus { border: 2px solid palette(highlight); }"
)


def wrap_label(text: str, width: int = LABEL_CHARS) -> str:
    """A category name as axis-label HTML: escaped, broken into lines of about ``width``."""
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(html.escape(line) for line in lines)


def nice_axis(largest: int) -> tuple[int, int]:
    """``(top, tick count)`` of a count axis: whole-number ticks, room above the largest bar."""
    wanted = max(largest * 1.1, 1)
    step = 1
    for base in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000):
        step = base
        if ceil(wanted / step) <= 6:
            break
    else:
        while ceil(wanted / step) > 6:
            step *= 10
    intervals = max(ceil(wanted / step), 1)
    return intervals * step, intervals + 1


class FigureChart(QChartView):
    """A bar chart of counts; clicking a bar emits ``figure_clicked`` with its :class:`Count`.

    Args:
        title: What the chart shows (also its accessible name).
        horizontal: Bars run left to right (for long category names).
        height: A height that keeps the axis labels readable.
    """

    figure_clicked = Signal(object)

    def __init__(
        self,
        title: str,
        horizontal: bool = False,
        height: int = 250,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.horizontal = horizontal
        #: Each bar set with the counts of its bars, in category order (tests read them too).
        self.sets: list[tuple[QBarSet, list[Count]]] = []
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        title_font = QFont(chart.titleFont())
        title_font.setPointSize(TITLE_POINT_SIZE)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        self.setChart(chart)
        self.set_title(title)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A mouse target only: the figures table offers every bar to the keyboard.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._values_on_bars = False
        #: The "0" drawn beside each bar of zero (Qt draws no label for them).
        self.zero_labels: list[QGraphicsSimpleTextItem] = []
        chart.plotAreaChanged.connect(lambda _area: self._place_zero_labels())
        self.setFixedHeight(height)
        self.setMinimumWidth(320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_title(self, title: str) -> None:
        self._title = title
        self.chart().setTitle(html.escape(title))
        self.setAccessibleName(title)

    def title(self) -> str:
        return self._title

    def set_bars(
        self,
        categories: Sequence[str],
        sets: Sequence[tuple[str, Sequence[Count]]],
        values_on_bars: bool = True,
        empty: str = NOTHING,
    ) -> None:
        """Show one bar per category for each ``(name, counts)`` set; replaces what was shown.

        A legend is shown only when there is more than one set. Horizontal bars read top down in
        the order given (Qt draws the first category at the bottom, so both are reversed).
        ``empty`` is said under the title when every count is zero. With ``values_on_bars``
        a bar of zero gets its "0" too (Qt labels only the bars it draws).
        """
        if self.horizontal:
            categories = list(reversed(categories))
            sets = [(name, list(reversed(counts))) for name, counts in sets]
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.sets = []
        series = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        for n, (name, counts) in enumerate(sets):
            bar_set = QBarSet(name)
            bar_set.append([float(c.value) for c in counts])
            bar_set.setColor(QColor(COLOURS[n % len(COLOURS)]))
            bar_set.setBorderColor(QColor(COLOURS[n % len(COLOURS)]))
            bar_set.setLabelColor(QColor(LABEL_COLOUR))
            counts = list(counts)
            bar_set.clicked.connect(lambda index, counts=counts: self._clicked(counts, index))
            bar_set.hovered.connect(
                lambda on, index, counts=counts: self._hovered(on, counts, index)
            )
            series.append(bar_set)
            self.sets.append((bar_set, counts))
        self._values_on_bars = values_on_bars
        if values_on_bars:
            series.setLabelsVisible(True)
            series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
            series.setLabelsFormat("@value")
        chart.addSeries(series)
        category_axis = QBarCategoryAxis()
        upright = not self.horizontal and len(categories) > UPRIGHT_LABELS
        category_axis.append([c if upright else wrap_label(c) for c in categories])
        value_axis = QValueAxis()
        largest = max((c.value for _name, counts in sets for c in counts), default=0)
        title = html.escape(self._title)
        if not largest:  # say so: an empty plot could pass for one that failed to draw
            note = "<br>".join(html.escape(line) for line in textwrap.wrap(empty, NOTE_CHARS))
            title += f"<br><span style='font-weight:normal'>{note}</span>"
        chart.setTitle(title)
        top, ticks = nice_axis(largest)
        value_axis.setRange(0, top)
        value_axis.setTickCount(ticks)
        value_axis.setLabelFormat("%d")
        font = QFont(category_axis.labelsFont())
        font.setPointSize(AXIS_POINT_SIZE)
        for axis in (category_axis, value_axis):
            axis.setLabelsFont(font)
        if upright:
            category_axis.setLabelsAngle(-90)
        # Qt shortens a label that is wider than its bar group to "…", even one turned on its
        # side or beside a horizontal bar, where the room is there; never shorten a category.
        category_axis.setTruncateLabels(False)
        value_axis.setGridLineColor(QColor("#dddddd"))
        category_axis.setGridLineVisible(False)
        if self.horizontal:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        legend = chart.legend()
        legend.setVisible(len(sets) > 1)
        legend.setAlignment(Qt.AlignmentFlag.AlignTop)
        legend.setFont(font)
        self._make_zero_labels(font)

    def zero_marks(self) -> list[tuple[QPointF, Count]]:
        """Where each bar of zero is (on the count axis, in chart coordinates), with its count.

        Qt lays the sets of a category side by side across ``barWidth`` of the category, so a
        set's bar is centred at ``category - width/2 + (set + 0.5) * width/sets``.
        """
        chart = self.chart()
        series = chart.series()
        if not (self._values_on_bars and series and self.sets):
            return []
        width = series[0].barWidth()
        n = len(self.sets)
        marks = []
        for s, (_bar_set, counts) in enumerate(self.sets):
            for category, count in enumerate(counts):
                if count.value:
                    continue
                along = category - width / 2 + (s + 0.5) * width / n
                value = QPointF(0, along) if self.horizontal else QPointF(along, 0)
                marks.append((chart.mapToPosition(value, series[0]), count))
        return marks

    def _make_zero_labels(self, font: QFont) -> None:
        """A "0" for each bar of zero (Qt labels only the bars it draws), placed by the layout.

        They are items of the chart, placed again only when its plot area moves, not at every
        paint: PySide 6.12 on Python 3.11 miscounts the references to None on each call into
        Qt that returns nothing, so a paint routine calling Qt would wear None's count down.
        """
        for item in self.zero_labels:
            self.scene().removeItem(item)
        self.zero_labels = []
        for _point, count in self.zero_marks():
            item = QGraphicsSimpleTextItem("0", self.chart())
            item.setFont(font)
            item.setBrush(QColor(LABEL_COLOUR))
            item.setToolTip(f"{count.label}: 0")
            self.zero_labels.append(item)
        self._place_zero_labels()

    def _place_zero_labels(self) -> None:
        if not self.zero_labels:
            return
        for item, (point, _count) in zip(self.zero_labels, self.zero_marks(), strict=True):
            box = item.boundingRect()
            if self.horizontal:  # just right of the axis, centred on the bar
                item.setPos(point.x() + 3, point.y() - box.height() / 2)
            else:  # just above the axis, centred on the bar
                item.setPos(point.x() - box.width() / 2, point.y() - box.height() - 1)

    def _clicked(self, counts: list[Count], index: int) -> None:
        if 0 <= index < len(counts):
            self.figure_clicked.emit(counts[index])

    def _hovered(self, on: bool, counts: list[Count], index: int) -> None:
        if on and 0 <= index < len(counts):
            count = counts[index]
            self.setToolTip(f"{count.label}: {count.value:,}\nClick to list the cases.")
        else:
            self.setToolTip("")


class Tile(QFrame):
    """A headline figure: a caption, the value in large type, a line of detail.

    Clicking it (or Enter/Space when it has focus) emits ``clicked``.
    """

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.setStyleSheet(TILE_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: palette(dark);")
        self.value = QLabel("–")
        self.value.setWordWrap(True)
        font = QFont(self.value.font())
        font.setPointSize(15)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: palette(dark);")
        for label in (self.caption, self.value, self.detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.set_value("–")

    def set_value(self, value: str, detail: str = "", tip: str = "", reading: str = "") -> None:
        """Show ``value`` large and ``detail`` below it.

        ``reading`` is the whole figure in one phrase (``26% (13 of 50)``) for :meth:`text`
        and screen readers, when value and detail split it.
        """
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self._reading = reading or value
        self.setToolTip(f"{tip}\nClick to list the cases." if tip else "")
        self.setAccessibleName(self.text())

    def text(self) -> str:
        """``Caption: figure`` as a screen reader (and a test) reads it."""
        return f"{self.caption.text()}: {self._reading}"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class ChartGrid(QWidget):
    """Charts in two columns when there is room, one column when the window is narrow."""

    def __init__(self, min_column_width: int = 360, parent: QWidget | None = None):
        super().__init__(parent)
        self.min_column_width = min_column_width
        self._widgets: list[QWidget] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)

    def set_widgets(self, widgets: Sequence[QWidget]) -> None:
        for widget in self._widgets:
            self._grid.removeWidget(widget)
            if widget not in widgets:
                widget.setParent(None)
                widget.deleteLater()
        self._widgets = list(widgets)
        self._columns = 0
        self._place(self.width())

    def columns(self) -> int:
        return self._columns

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place(event.size().width())

    def _place(self, width: int) -> None:
        columns = 2 if width >= 2 * self.min_column_width else 1
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self._widgets:
            self._grid.removeWidget(widget)
        for n, widget in enumerate(self._widgets):
            self._grid.addWidget(widget, n // columns, n % columns)
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)


class FiguresTree(QTreeWidget):
    """Every breakdown as a title row and its counts; activating a count emits its key."""

    figure_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("All figures")
        self.setHeaderLabels(["Figure", "Count"])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Double-click and Enter both activate a row.
        self.itemActivated.connect(self._activated)

    def show_tables(self, tables: Sequence[Table], months: Sequence[Month] = ()) -> None:
        """Show every table, then "By month": each month's four counts under its name."""
        self.clear()
        for table in tables:
            # The title spans both columns (a narrow pane must not cut it); the total joins it.
            total = "" if table.total is None else f": {table.total:,}"
            parent = QTreeWidgetItem([f"{table.title}{total}"])
            parent.setBackground(0, QColor("#e9eef5"))
            tip = f"{table.title}, counted in {table.unit}."
            if table.total is None:
                tip += " These rows overlap (one detainer can ask for several things): no total."
            parent.setToolTip(0, tip)
            self.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
            for row in table.rows:
                parent.addChild(_figure_item(row, row.label))
        if months:
            top = QTreeWidgetItem(["By month"])
            top.setBackground(0, QColor("#e9eef5"))
            top.setToolTip(0, "Each month's arrests flagged and detainers received and decided.")
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for month in months:
                item = QTreeWidgetItem([month_name(month.month)])
                top.addChild(item)
                item.setFirstColumnSpanned(True)
                for count, label in (
                    (month.flagged, "Arrests flagged"),
                    (month.detainers, "Detainers received"),
                    (month.honoured, "Detainers honoured"),
                    (month.declined, "Detainers declined"),
                ):
                    item.addChild(_figure_item(count, label))
        self.expandAll()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.figure_activated.emit(key)


def _figure_item(count: Count, label: str) -> QTreeWidgetItem:
    """A row of the figures table: the figure's name, its value, and its key to activate."""
    item = QTreeWidgetItem([label, f"{count.value:,}"])
    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setData(0, KEY_ROLE, count.key)
    item.setToolTip(0, f"{label}: double-click to list the cases")
    return item
