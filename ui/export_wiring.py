"""File ▸ Export list…: the list of the work area on screen, with its filters, to CSV or Excel.

:func:`install` adds the menu entry (Ctrl+Shift+E; Ctrl+E edits an opt-out request) to a main
window. Each work area's list is exported as it is filtered now: the Cases list with its
search, filters, sort and Dashboard subset, the Detainers and Correspondence lists with their
filters, every opt-out request, the Letters page's letters with its status filter. A page that
shows figures (the Dashboard, whose ``stats`` are the figures on screen) exports those.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from models.export import correspondence_source, detainer_source, document_source, optout_source
from models.stats.figures import Statistics
from ui import message_boxes
from ui.export_dialog import ExportOffer, describe, export_cases, export_list, export_statistics

SHORTCUT = "Ctrl+Shift+E"
NO_FIGURES = "The Dashboard shows no figures yet: choose a period first, then export them."
NO_LIST = (
    "The {area} page has no list to export. Choose Cases, Detainers, Correspondence, Opt-outs "
    "or Letters first (View menu)."
)


def install(window) -> QAction:
    """Add File ▸ Export list… to ``window`` (before Quit); return the action."""
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    )
    action = QAction("E&xport list…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Write the list on screen, as filtered, to a CSV or Excel file")
    action.triggered.connect(lambda _checked=False: export_current(window))
    entries = file_menu.actions()
    quit_at = entries.index(window.quit_action) if window.quit_action in entries else len(entries)
    # Before the separator above Quit, with the other things File makes.
    before = entries[quit_at - 1] if quit_at and entries[quit_at - 1].isSeparator() else None
    file_menu.insertAction(before or window.quit_action, action)
    window.addAction(action)
    window.export_action = action
    return action


def export_current(window):
    """Open the export dialog for the work area on screen; None when it has nothing to export."""
    page = window.stack.currentWidget()
    db, actor, tz = window.db, window.actor, window.tz
    if page is window.cases:
        window.cases.apply_filters()  # a search typed a moment ago counts
        return export_cases(window, db, actor, tz, window.cases.model.query)
    if page is window.detainers:
        page.apply_filters()
        query = page.model.query
        return _offer(
            window,
            "detainers",
            "Detainers",
            page.model.rowCount(),
            lambda conn: detainer_source(conn, query, tz),
            _filters(query),
        )
    letters = getattr(window, "letters_area", None)
    if letters is not None and page is letters.panel:
        page.apply_filters()
        query, day = page.model.query, page.model.day
        return _offer(
            window,
            "correspondence",
            "Correspondence",
            page.model.rowCount(),
            lambda conn: correspondence_source(conn, query, day),
            _filters(query),
        )
    if letters is not None and page is letters.optouts:
        return _offer(
            window, "optouts", "Opt-out requests", page.model.rowCount(), optout_source, {}
        )
    documents = getattr(window, "documents", None)
    if documents is not None and page is documents.panel:
        status = page.status_filter()
        return _offer(
            window,
            "letters",
            "Generated letters",
            None,
            lambda conn: document_source(conn, status),
            {"status": status.label if status else None},
        )
    if hasattr(page, "stats"):  # the Dashboard: the figures it shows
        if isinstance(page.stats, Statistics):
            return export_statistics(window, db, actor, page.stats)
        message_boxes.show_info(window, "Export list", NO_FIGURES)
        return None
    area = window.nav.currentItem().text() if window.nav.currentItem() else "current"
    message_boxes.show_info(window, "Export list", NO_LIST.format(area=area))
    return None


def _offer(window, what, title, count, make_source, filters):
    shown = "every row" if count is None else f"{count:,} row{'s' if count != 1 else ''}"
    limit = " (all of them, not only the newest shown)" if what == "letters" else ""
    summary = (
        f"The {title.lower()} list as it is filtered now, {shown}{limit}: {describe(filters)}."
    )
    offer = ExportOffer(what, title, summary, what, make_source, window.tz)
    return export_list(window, window.db, window.actor, offer)


def _filters(query) -> dict:
    """A list query's fields, as text for the summary."""
    values = {}
    for name, value in vars(query).items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        values[name] = str(value) if value is not None and not isinstance(value, bool) else value
    return values
