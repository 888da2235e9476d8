"""The main window: navigation between work areas, menus with shortcuts, the status line."""

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
from models.errors import DeskError
from models.lookups import load_vocabularies
from models.records import Staff
from models.settings import county_timezone, get_setting
from ui import message_boxes
from ui.case_controller import CaseController
from ui.case_table_model import CaseTableModel
from ui.cases_panel import CasesPanel

if TYPE_CHECKING:
    from sqlite_utils import Database

APP_TITLE = "Detainer Desk"


class MainWindow(QMainWindow):
    """One window per database: the Cases area now; detainers, letters and more join later."""

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

        self.nav = QListWidget()
        self.nav.setAccessibleName("Work areas")
        self.nav.setMaximumWidth(160)
        self.nav.addItem(QListWidgetItem("Cases"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.cases)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([110, 1170])
        self.setCentralWidget(splitter)
        self._build_menus()
        self._build_status()
        office = get_setting(db, "office_name", "")
        demo = " — DEMO DATA (fictional)" if self.demo else ""
        self.setWindowTitle(f"{APP_TITLE} — {office}{demo}")
        self.resize(QSize(1280, 800))
        self._restore_state()

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
        self.refresh_action = self._action(view_menu, "&Refresh", QKeySequence("F5"), self.refresh)
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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for dialog in list(self.controller.editors):
            dialog.reject()
            if dialog.isVisible():  # the clerk chose to keep editing
                event.ignore()
                return
        self.save_state()
        event.accept()
