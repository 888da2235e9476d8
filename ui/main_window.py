"""The main window: navigation between work areas, menus with shortcuts, the status line.

The work areas are Deadlines (shown first: what must be done before a clock runs out), Cases,
Detainers, Correspondence, Opt-outs, Letters (the letters the app generated) and the Dashboard
(a period's figures; a click on one lists the cases behind it in Cases). Controllers open the
editors and save what they hand back; the window keeps the lists in step after every save
(the Dashboard is worked out again when next shown) and tells the clerk on start what expires
within a day.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
)

from models.case_window import CaseWindow
from models.demo import is_demo
from models.detainer_list import ice_offices
from models.errors import DeskError
from models.lookups import load_vocabularies
from models.records import Staff
from models.settings import county_timezone, get_setting
from models.timeutil import format_local, utc_now
from ui import backup_wiring, export_wiring, import_wiring, message_boxes
from ui.case_controller import CaseController
from ui.case_table_model import CaseTableModel
from ui.cases_panel import CasesPanel
from ui.dashboard_controller import DashboardController
from ui.dashboard_panel import DashboardPanel
from ui.deadlines_model import deadlines_model_for
from ui.deadlines_panel import DeadlinesPanel
from ui.detainer_controller import DetainerController
from ui.detainer_table_model import detainer_model_for
from ui.detainers_panel import DetainersPanel
from ui.letters_area import LettersArea
from ui.letters_wiring import LetterDocuments
from ui.offense_categories_controller import OffenseCategoriesController
from ui.settings_controller import SettingsController

if TYPE_CHECKING:
    from sqlite_utils import Database

    from models.stats.figures import Selection

APP_TITLE = "Detainer Desk"
AREAS = ("Deadlines", "Cases", "Detainers", "Correspondence", "Opt-outs", "Letters", "Dashboard")
DEADLINES_PAGE, CASES_PAGE, DETAINERS_PAGE, LETTERS_PAGE, OPTOUTS_PAGE, DOCUMENTS_PAGE = range(6)
DASHBOARD_PAGE = 6
NOTICE_LINES = 8  # per section of the start-up notice


class MainWindow(QMainWindow):
    """One window per database, with its work areas and their controllers."""

    def __init__(self, db: Database, actor: Staff, db_path: Path, settings: QSettings, parent=None):
        super().__init__(parent)
        self.db, self.actor, self.db_path, self.settings = db, actor, db_path, settings
        self.tz = county_timezone(db)
        self.demo = is_demo(db)
        vocab = load_vocabularies(db)
        self.controller = CaseController(db, actor, self.tz, vocab, self)
        self.case_model = CaseTableModel(CaseWindow(db, self.tz), vocab, self)
        self.cases = CasesPanel(self.case_model, vocab.facilities)
        self.cases.open_requested.connect(self.controller.open_case)
        self.controller.case_saved.connect(self._after_save)
        self.controller.vocab_changed.connect(self.cases.set_vocabularies)
        self.case_model.failed.connect(self._list_failed)
        self.controller.case_deleted.connect(lambda _id: self.cases.refresh())
        self.detainer_controller = DetainerController(db, actor, self.tz, self)
        self.settings_controller = SettingsController(db, actor, self.tz, self)
        self.offense_controller = OffenseCategoriesController(db, actor, self.tz, self)
        forms = self.detainer_controller.vocab.forms
        self.deadlines = DeadlinesPanel(deadlines_model_for(db, self.tz, parent=self))
        self.detainers = DetainersPanel(
            detainer_model_for(db, self.tz, parent=self), forms, lambda: ice_offices(db)
        )
        self._connect_detainers()
        self.letters_area = LettersArea(
            db, actor, self.tz, self, self.controller, self.detainer_controller
        )
        self.letters_area.panel.model.failed.connect(self._list_failed)
        self.documents = LetterDocuments(self)
        self._build_dashboard()

        self.nav = QListWidget()
        self.nav.setAccessibleName("Work areas")
        self.nav.setMaximumWidth(160)
        self.stack = QStackedWidget()
        pages = (
            self.deadlines,
            self.cases,
            self.detainers,
            self.letters_area.panel,
            self.letters_area.optouts,
            self.documents.panel,
            self.dashboard,
        )
        for name, page in zip(AREAS, pages, strict=True):
            self.nav.addItem(QListWidgetItem(name))
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([110, 1170])
        self.setCentralWidget(splitter)
        self._build_menus()
        export_wiring.install(self)  # File ▸ Export list… for whichever area is shown
        import_wiring.install(self)  # File ▸ Import…, Import history…, files dropped on it
        backup_wiring.install(self)  # Settings ▸ Backups…
        self._build_status()
        office = get_setting(db, "office_name", "")
        demo = " — DEMO DATA (fictional)" if self.demo else ""
        self.setWindowTitle(f"{APP_TITLE} — {office}{demo}")
        self.resize(QSize(1280, 800))
        self._restore_state()

    def _connect_detainers(self) -> None:
        """Editors open from every list; a save anywhere refreshes every list that shows it."""
        detainers = self.detainer_controller
        self.controller.new_detainer_requested.connect(detainers.new_detainer)
        self.controller.open_detainer_requested.connect(detainers.open_detainer)
        self.deadlines.open_requested.connect(detainers.open_detainer)
        self.detainers.open_requested.connect(detainers.open_detainer)
        detainers.detainer_saved.connect(self._after_detainer_save)
        self.controller.case_saved.connect(lambda _id: self._refresh_detainer_lists())
        self.settings_controller.clocks_changed.connect(self._refresh_detainer_lists)
        self.offense_controller.changed.connect(self._refresh_detainer_lists)
        self.deadlines.model.failed.connect(self._list_failed)
        self.detainers.model.failed.connect(self._list_failed)

    def _build_dashboard(self) -> None:
        """The Dashboard, worked out when first shown and again when shown after a change."""
        # The dashboard reads the same clock as the case controller (tests fix that one).
        # It works the figures out on a connection of its own to the same file, off this thread.
        self.dashboard_controller = DashboardController(
            self.db,
            self.actor,
            self.tz,
            self,
            self.db_path,
            now=lambda: (self.controller.now or utc_now)(),
        )
        self.dashboard = DashboardPanel(self.dashboard_controller)
        self.dashboard.cases_requested.connect(self.show_cases_behind)
        stale = self.dashboard.mark_stale
        self.controller.case_saved.connect(lambda _id: stale())
        self.controller.case_deleted.connect(lambda _id: stale())
        self.controller.vocab_changed.connect(
            lambda vocab: self.dashboard.set_facilities(vocab.facilities)
        )
        self.detainer_controller.detainer_saved.connect(lambda _d, _b: stale())
        # Who counts as convicted of a violent crime follows the office's list.
        self.offense_controller.changed.connect(stale)

    def show_cases_behind(self, selection: Selection) -> None:
        """Show the Cases area limited to the cases behind a figure."""
        self.cases.show_subset(selection)
        self.show_area(CASES_PAGE)
        self.cases.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _after_detainer_save(self, detainer_id: int, booking_id: int) -> None:
        self.controller.show_detainers(booking_id)
        self.deadlines.reload()
        self.detainers.refresh(select=detainer_id)

    def _refresh_detainer_lists(self) -> None:
        self.deadlines.reload()
        self.detainers.refresh()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(
            file_menu, "&New case…", QKeySequence("Ctrl+N"), self.controller.new_case
        )
        self.new_booking_action = self._action(
            file_menu,
            "New &booking for the selected person…",
            QKeySequence("Ctrl+Shift+N"),
            self.new_booking_for_selected,
        )
        self.new_detainer_action = self._action(
            file_menu,
            "New &detainer for the selected case…",
            QKeySequence("Ctrl+Shift+D"),
            self.new_detainer_for_selected,
        )
        self._action(
            file_menu,
            "New &letter…",
            QKeySequence("Ctrl+Shift+T"),
            lambda: self.letters_area.letters.new_letter(),
        )
        self._action(
            file_menu,
            "New o&pt-out request…",
            QKeySequence("Ctrl+Shift+O"),
            self.letters_area.optouts_controller.new_optout,
        )
        self.open_action = self._action(
            file_menu, "&Open selected case", QKeySequence(Qt.Key.Key_Return), self.open_selected
        )
        # Enter opens a case only from the list: in the search box or a date filter it must not.
        self.removeAction(self.open_action)
        self.cases.table.addAction(self.open_action)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", QKeySequence("Ctrl+Q"), self.close)
        edit_menu = bar.addMenu("&Edit")
        self.find_action = self._action(
            edit_menu, "&Find case…", QKeySequence("Ctrl+F"), self.cases.focus_search
        )
        self.clear_action = self._action(
            edit_menu, "C&lear filters", QKeySequence("Ctrl+Shift+L"), self.cases.clear_filters
        )
        edit_menu.addSeparator()
        self.delete_action = self._action(
            edit_menu, "&Delete case…", QKeySequence("Ctrl+Shift+Del"), self.delete_selected
        )
        self.delete_action.setEnabled(self.controller.can_delete())
        view_menu = bar.addMenu("&View")
        for page, name in enumerate(AREAS):
            self._action(
                view_menu,
                f"&{name}",
                QKeySequence(f"Ctrl+{page + 1}"),
                lambda page=page: self.show_area(page),
            )
        view_menu.addSeparator()
        self.refresh_action = self._action(view_menu, "&Refresh", QKeySequence("F5"), self.refresh)
        letters_menu = bar.addMenu("&Letters")
        self.documents.add_letters_menu(letters_menu, self._action)
        letters_menu.addSeparator()
        self.board_report_action = self._action(
            letters_menu,
            "Board of &Supervisors report…",
            QKeySequence("Ctrl+Alt+B"),
            self.dashboard.open_board_report,
        )
        settings_menu = bar.addMenu("&Settings")
        self._action(
            settings_menu,
            "&Holidays…",
            QKeySequence("Ctrl+Alt+H"),
            self.settings_controller.open_holidays,
        )
        self._action(
            settings_menu,
            "County &policy…",
            QKeySequence("Ctrl+Alt+P"),
            self.settings_controller.open_policy,
        )
        self._action(
            settings_menu,
            "&Violent and serious offences…",
            QKeySequence("Ctrl+Alt+V"),
            self.offense_controller.open_dialog,
        )
        self.documents.add_settings_items(settings_menu, self._action)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About Detainer Desk", QKeySequence("F1"), self.about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_status(self) -> None:
        status = self.statusBar()
        who = QLabel(f"{self.actor.full_name} ({self.actor.role})")
        where = QLabel(str(self.db_path))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(who)
        status.addWidget(where, 1)
        if self.demo:
            demo = QLabel("  DEMO DATA — every record is fictional  ")
            demo.setStyleSheet("background: #fff3cd; color: #664d03; font-weight: 600;")
            status.addPermanentWidget(demo)

    def refresh(self) -> None:
        """Show what other desks have saved: lists, counts and lookup lists read again."""
        try:
            self.controller.reload_vocab()
        except DeskError as exc:
            self._list_failed(str(exc))
            return
        self.cases.refresh()
        self._refresh_detainer_lists()
        self.letters_area.refresh()
        self.documents.refresh()
        self.dashboard.mark_stale()

    def show_area(self, page: int) -> None:
        """Show one work area (Ctrl+1 Deadlines … Ctrl+7 Dashboard, in the order of AREAS)."""
        self.nav.setCurrentRow(page)

    def notify_due_soon(self) -> None:
        """On start: say what runs out within a day, soonest first, then what already has."""
        soon = self.deadlines.due_soon(24)
        if not soon:
            return
        now = utc_now()
        coming = [c for c in soon if c.due_at >= now]
        # Holds first among what is already late: a person may be held without authority.
        late = sorted(
            (c for c in soon if c.due_at < now),
            key=lambda c: (c.kind != "hold", -c.due_at.timestamp()),
        )
        sections = []
        for title, clocks in (("Within the next 24 hours", coming), ("Already overdue", late)):
            if not clocks:
                continue
            lines = [
                f"• {format_local(c.due_at, self.tz)} — {c.label}: {c.person_name}, "
                f"booking {c.booking_number}"
                for c in clocks[:NOTICE_LINES]
            ]
            if len(clocks) > NOTICE_LINES:
                lines.append(f"… and {len(clocks) - NOTICE_LINES} more on the Deadlines page.")
            sections.append(f"{title} ({len(clocks)}):\n" + "\n".join(lines))
        message_boxes.show_info(self, "Clocks running out", "\n\n".join(sections))

    def _after_save(self, booking_id: int) -> None:
        self.cases.refresh(select=booking_id)

    def _list_failed(self, message: str) -> None:
        message_boxes.show_error(
            self,
            "The case list could not be read",
            f"{message}\n\nNothing was changed. Run “detainer-desk check” on this database, or "
            "ask IT to restore it from a backup.",
        )

    def open_selected(self) -> None:
        case_id = self.cases.selected_case_id()
        if case_id is not None:
            self.controller.open_case(case_id)

    def new_booking_for_selected(self) -> None:
        case_id = self.cases.selected_case_id()
        if case_id is None:
            message_boxes.show_info(
                self, "New booking", "Select a case of the person who was booked again first."
            )
            return
        self.controller.new_booking_for(case_id)

    def new_detainer_for_selected(self) -> None:
        case_id = self.cases.selected_case_id()
        if case_id is None:
            message_boxes.show_info(
                self,
                "New detainer",
                "Select the case in the Cases list first (or open the case and use its "
                "Detainers tab).",
            )
            self.show_area(CASES_PAGE)
            return
        self.detainer_controller.new_detainer(case_id)

    def delete_selected(self) -> None:
        case_id = self.cases.selected_case_id()
        if case_id is None:
            message_boxes.show_info(self, "Delete case", "Select a case in the list first.")
            return
        self.controller.delete(case_id)

    def about(self) -> None:
        message_boxes.show_info(
            self,
            "About Detainer Desk",
            "Detainer Desk keeps a county legal office's record of arrests flagged through "
            "fingerprint sharing, and the detainers, letters and opt-out requests that follow.\n\n"
            f"Database: {self.db_path}\nSigned in as: {self.actor.full_name} ({self.actor.role})",
        )

    def _restore_state(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        header_state = self.settings.value("cases/header")
        if header_state is not None:
            header = self.cases.table.horizontalHeader()
            # Column widths, order and the sort last used; restoring the sort indicator re-sorts
            # the list through the header's signal.
            header.restoreState(header_state)

    def save_state(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("cases/header", self.cases.table.horizontalHeader().saveState())
        self.settings.sync()

    def open_editors(self) -> list:
        """Every editor open from this window: cases, detainers, letters, documents."""
        return [
            *self.controller.editors,
            *self.detainer_controller.editors,
            *self.letters_area.editors,
            *self.documents.editors,
        ]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for dialog in self.open_editors():
            dialog.reject()
            if dialog.isVisible():  # the clerk chose to keep editing
                event.ignore()
                return
        self.documents.shutdown()
        self.dashboard.shutdown()  # waits for a count still running on its worker thread
        self.save_state()
        event.accept()
