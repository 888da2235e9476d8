"""Render the README's screenshots offscreen: ``python tests/screenshots.py [OUTPUT_DIR]``.

Builds a demo database in a temporary folder, opens the main window and a case editor, and
saves PNGs of what a clerk sees. Not a test; run it after changing a screen, then look.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QSettings, QSize, QThread  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import ui.report_dialog  # noqa: E402
from models.attachments import read_file_to_attach  # noqa: E402
from models.backups import backup_folder, make_backup, manual_name  # noqa: E402
from models.cases import get_case, update_case  # noqa: E402
from models.correspondence import get_letter, update_letter  # noqa: E402
from models.correspondence_list import LetterQuery, letter_ids, letter_rows  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from models.letters.about import About  # noqa: E402
from models.letters.documents import document_pdf, list_documents  # noqa: E402
from models.optouts import list_optouts  # noqa: E402
from models.staff import current_staff  # noqa: E402
from models.store import open_database  # noqa: E402
from ui import backup_wiring, message_boxes  # noqa: E402
from ui.dialogs.case_dialog import HISTORY_TAB  # noqa: E402
from ui.import_history_dialog import ImportHistoryDialog  # noqa: E402
from ui.main_window import (  # noqa: E402
    CASES_PAGE,
    DASHBOARD_PAGE,
    DOCUMENTS_PAGE,
    LETTERS_PAGE,
    OPTOUTS_PAGE,
    MainWindow,
)
from ui.printing import open_pdf  # noqa: E402

#: ICE's FOIA release of the Seattle CAP arrests (read-only, beside the project; never copied).
ICE_FILE = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ice_cap_seattle_fy2017_arrests.psv"
)
ICE_PROFILE = "ICE CAP arrests (FOIA release)"
JAIL_ORI = "CA0990000"  # the Alder County Sheriff's Office, as in the demo
JAIL_HEADER = (
    "Booking Number",
    "Last Name",
    "First Name",
    "DOB",
    "Booking Date",
    "Facility",
    "Statute",
    "Charge Description",
    "Jurisdiction",
)
#: A made-up jail export, one row a charge: (booking, last name, first name, date of birth,
#: booked how many hours ago, facility, statute, charge). Three dates of birth are impossible;
#: Nguyễn's booking has two charges and an ICE hold.
JAIL_ROWS = (
    ("J26-04101", "Núñez", "María José", "3/9/1984", 150, "Main", "PC 459", "Burglary"),
    ("J26-04102", "O'Neil", "Seán", "11/23/1979", 141, "Main", "VC 23152(a)", "DUI"),
    ("J26-04103", "Nguyễn", "Thị Thu", "7/14/1991", 122, "Main", "PC 211", "Robbery"),
    ("J26-04103", "Nguyễn", "Thị Thu", "7/14/1991", 122, "Main", "PC 148(a)(1)", "Resisting"),
    ("J26-04103", "Nguyễn", "Thị Thu", "7/14/1991", 122, "Main", "", "HOLD IMMIGRAT"),
    ("J26-04104", "Gómez Peña", "José Luis", "2/30/1988", 117, "Main", "PC 496", "Stolen property"),
    ("J26-04105", "Okafor", "Chidi", "5/2/1995", 98, "Women", "HS 11350", "Possession"),
    ("J26-04106", "Søndergaard", "Åsa", "12/1/1972", 90, "Women", "PC 273.5", "Domestic battery"),
    ("J26-04107", "Hernández", "Ana Lucía", "4/31/1990", 75, "Women", "PC 488", "Petty theft"),
    ("J26-04108", "Kowalski", "Zoë", "8/19/1986", 70, "Ridgeview", "PC 245(a)(1)", "Assault"),
    ("J26-04109", "Al-Masri", "Yusuf", "1/7/1993", 49, "Ridgeview", "VC 14601.1", "Susp. licence"),
    ("J26-04110", "Fernández", "Ignacio", "6/25/1981", 44, "Main", "PC 602", "Trespass"),
    ("J26-04111", "D'Angelo", "Chiara", "2/29/1990", 26, "Main", "PC 594", "Vandalism"),
    ("J26-04112", "Tran", "Minh Đức", "10/3/1998", 20, "Main", "PC 10851", "Vehicle theft"),
)
FACILITY_NAMES = {
    "Main": "Alder County Main Jail",
    "Women": "Alder County Women's Facility",
    "Ridgeview": "Ridgeview Correctional Center",
}


def list_optout_letters(db):
    """The letters of the 2010 opt-out matters (the demo's reference data)."""
    arlington = next(o.id for o in list_optouts(db) if o.jurisdiction.startswith("Arlington"))
    today = datetime.now(UTC).date()
    return letter_rows(db, letter_ids(db, LetterQuery(optout_id=arlington), today))


def settle(app: QApplication, ms: int = 700) -> None:
    """Let debounced previews and Qt PDF's lazy page painting finish before a grab."""
    for _ in range(ms // 50):
        app.processEvents()
        QThread.msleep(50)
    app.processEvents()


def wait_for_figures(app: QApplication, dashboard, timeout_ms: int = 60_000) -> None:
    """Let the Dashboard's worker thread finish the figures asked for, then let them paint."""
    clock = QElapsedTimer()
    clock.start()
    while dashboard.is_busy():
        if clock.elapsed() > timeout_ms:
            raise RuntimeError("The Dashboard's figures took too long to be worked out.")
        app.processEvents()
        QThread.msleep(20)
    settle(app, 200)


def save_page(data: bytes, page: int, target: Path, width: int = 850) -> None:
    """One page of a PDF as a PNG on white, drawn by Qt PDF (what the preview shows)."""
    document, _keep = open_pdf(data)
    size = document.pagePointSize(page)
    image = document.render(page, QSize(width, round(width * size.height() / size.width())))
    page_image = QImage(image.size(), QImage.Format.Format_RGB32)
    page_image.fill(QColor("white"))
    painter = QPainter(page_image)
    painter.drawImage(0, 0, image)
    painter.end()
    page_image.save(str(target))


def letter_screens(app: QApplication, window: MainWindow, db, out: Path) -> None:
    """The Letters page, a letter being written, an issued one, and the template library."""
    documents = window.documents
    window.show_area(DOCUMENTS_PAGE)
    settle(app, 200)
    window.grab().save(str(out / "letters.png"))
    issued = next(r for r in list_documents(db) if r.status.value == "issued")
    save_page(document_pdf(db, issued.id), 0, out / "letter-declination.png")
    draft = next(r for r in list_documents(db) if r.language == "es")
    save_page(document_pdf(db, draft.id), 0, out / "letter-truth-notice-es.png")
    viewer = documents.controller.open_document(issued.id)
    viewer.resize(1180, 780)
    settle(app)
    viewer.grab().save(str(out / "letter-issued.png"))
    viewer.done(0)
    detainer_id = db.execute("SELECT id FROM detainers ORDER BY received_at DESC").fetchone()[0]
    composer = documents.controller.write_letter(About("detainer", detainer_id))
    composer.resize(1240, 800)
    settle(app)
    composer.grab().save(str(out / "letter-compose.png"))
    composer.done(0)
    library = documents.settings.open_templates()
    library.resize(1280, 780)
    settle(app)
    library.grab().save(str(out / "letter-templates.png"))
    library.done(0)


def dashboard_screens(app: QApplication, window: MainWindow, out: Path) -> None:
    """The Dashboard for the demo's historical years, the cases behind a bar, the Board report."""
    window.show_area(DASHBOARD_PAGE)
    dashboard = window.dashboard
    wait_for_figures(app, dashboard)  # the first showing asks for this year so far
    assert dashboard.set_period(date(2009, 1, 1), date(2011, 12, 31))
    wait_for_figures(app, dashboard)
    assert dashboard.stats.period.start == date(2009, 1, 1)
    window.grab().save(str(out / "dashboard.png"))
    report_screen(app, window, out)
    chart = dashboard.decisions_chart
    bar_set, counts = chart.sets[0]
    bar_set.clicked.emit(next(i for i, c in enumerate(counts) if c.key == "decisions.decline"))
    settle(app, 200)
    window.grab().save(str(out / "dashboard-cases.png"))
    window.cases.clear_filters()
    window.show_area(CASES_PAGE)


def report_screen(app: QApplication, window: MainWindow, out: Path) -> None:
    """Letters ▸ Board of Supervisors report… for the period the Dashboard shows."""
    shown = []
    modal = ui.report_dialog.show_modal
    ui.report_dialog.show_modal = lambda dialog: (shown.append(dialog), dialog.show())
    try:
        window.board_report_action.trigger()
    finally:
        ui.report_dialog.show_modal = modal
    dialog = shown[0]
    settle(app, 1500)  # the preview waits for typing to pause, then paints its pages lazily
    dialog.grab().save(str(out / "report-dialog.png"))
    dialog.done(0)


def offenses_screen(app: QApplication, window: MainWindow, out: Path) -> None:
    """Settings ▸ Violent and serious offences."""
    dialog = window.offense_controller.open_dialog()
    settle(app, 200)
    dialog.grab().save(str(out / "offenses.png"))
    dialog.done(0)


def write_jail_export(folder: Path, today: datetime) -> Path:
    """A jail's CSV export as the jail sends it: a banner line, then one row per charge."""
    path = folder / "Alder jail bookings.csv"
    now = today.replace(minute=0, second=0, microsecond=0)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow([f"ALDER COUNTY SHERIFF — BOOKINGS EXPORT {now:%m/%d/%Y}"])
        writer.writerow(JAIL_HEADER)
        for number, last, first, born, hours_ago, facility, statute, charge in JAIL_ROWS:
            booked = now - timedelta(hours=hours_ago)
            booked_text = f"{booked.month}/{booked.day}/{booked.year} {booked:%H:%M}"
            jurisdiction = "IMM" if charge.startswith("HOLD") else "CA"
            writer.writerow(
                (number, last, first, born, booked_text, FACILITY_NAMES[facility], statute,
                 charge, jurisdiction)
            )  # fmt: skip
    return path


def wait_for_import(app: QApplication, dialog, timeout_ms: int = 120_000) -> None:
    """Let the Import window's worker thread finish the run, and its counts show."""
    clock = QElapsedTimer()
    clock.start()
    while dialog.worker is not None or not dialog.result_panel.isVisible():
        if clock.elapsed() > timeout_ms:
            raise RuntimeError("The import took too long.")
        app.processEvents()
        QThread.msleep(20)
    settle(app, 300)


def import_screens(app: QApplication, window: MainWindow, db, out: Path) -> None:
    """File ▸ Import… with ICE's release and a jail export, Import history, and the Backups."""
    folder = Path(window.db_path).parent
    errors: list[tuple[str, str]] = []
    show_error = message_boxes.show_error
    message_boxes.show_error = lambda _parent, title, text: errors.append((title, text))
    try:
        window.import_action.trigger()
        dialog = window.import_dialog
        dialog.resize(1280, 860)
        dialog.open_file(ICE_FILE)
        if dialog.mapping_panel.profile_name() != ICE_PROFILE:
            dialog.mapping_panel.choose_profile(ICE_PROFILE)
        assert dialog.import_button.isEnabled(), dialog.mapping_panel.problems.text()
        settle(app)
        dialog.grab().save(str(out / "import.png"))
        dialog.import_button.click()
        wait_for_import(app, dialog)
        dialog.open_file(write_jail_export(folder, datetime.now(window.tz)))
        ori = dialog.mapping_panel.fixed_edit("booking.agency_ori")
        ori.setText(JAIL_ORI)
        ori.textEdited.emit(JAIL_ORI)
        assert dialog.import_button.isEnabled(), dialog.mapping_panel.problems.text()
        dialog.import_button.click()
        wait_for_import(app, dialog)
        mapping, preview, result = dialog.splitter.sizes()  # drag the splitter up a little,
        dialog.splitter.setSizes([mapping, preview - 48, result + 48])  # every problem in view
        settle(app, 200)
        dialog.grab().save(str(out / "import-result.png"))
        dialog.close()
        window.import_history_action.trigger()
        history = next(d for d in window.findChildren(ImportHistoryDialog) if d.isVisible())
        settle(app, 200)
        history.grab().save(str(out / "import-history.png"))
        history.close()
    finally:
        message_boxes.show_error = show_error
    assert not errors, errors
    backups_screen(app, window, db, out)


def backups_screen(app: QApplication, window: MainWindow, db, out: Path) -> None:
    """Settings ▸ Backups… with the day's backup (written as the app does on start) and one more."""
    backup_wiring.start_auto_backup(window)
    clock = QElapsedTimer()
    clock.start()
    while window._backup_jobs:  # the job's delivery goes once the job has ended
        if clock.elapsed() > 60_000:
            raise RuntimeError("The daily backup took too long.")
        app.processEvents()
        QThread.msleep(20)
    db_path = Path(window.db_path)
    made = datetime.now(window.tz)  # named in county time, as on a desk in the county
    make_backup(db, backup_folder(db, db_path, create=True) / manual_name(db_path, made))
    window.backups_action.trigger()
    dialog = window.backups_controller.dialog
    dialog.table.selectRow(0)
    settle(app, 200)
    dialog.grab().save(str(out / "backups.png"))
    dialog.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory(prefix="detainer-desk-") as tmp:
        path = Path(tmp) / "demo.sqlite3"
        db = open_database(path)
        current_staff(db, login="mlopez")
        db.execute("UPDATE staff SET full_name = 'Maria López' WHERE os_login = 'mlopez'")
        actor = current_staff(db, login="mlopez")
        fill_demo(db, actor)
        case = get_case(db, 42)
        person = dataclasses.replace(
            case.person,
            preferred_language="Spanish",
            date_of_birth=case.person.date_of_birth.replace(day=3),
        )
        update_case(db, case.replace(person=person), actor)
        window = MainWindow(
            db, actor, path, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1280, 760)
        window.show()
        window.show_area(1)
        app.processEvents()
        window.grab().save(str(out / "main-window.png"))
        window.show_area(0)
        app.processEvents()
        window.grab().save(str(out / "deadlines.png"))
        window.show_area(2)
        app.processEvents()
        window.grab().save(str(out / "detainers.png"))
        dashboard_screens(app, window, out)
        running = window.deadlines.model.clock(0).detainer_id
        editor = window.detainer_controller.open_detainer(running)
        editor.resize(1120, 760)
        app.processEvents()
        editor.grab().save(str(out / "detainer-clock.png"))
        editor.tabs.setCurrentIndex(2)
        app.processEvents()
        editor.grab().save(str(out / "detainer-status.png"))
        editor.done(0)
        holidays = window.settings_controller.open_holidays()
        app.processEvents()
        holidays.grab().save(str(out / "holidays.png"))
        holidays.done(0)
        policy = window.settings_controller.open_policy()
        app.processEvents()
        policy.grab().save(str(out / "policy.png"))
        policy.done(0)
        offenses_screen(app, window, out)
        window.show_area(LETTERS_PAGE)
        area = window.letters_area
        area.panel.select_letter(next(r.id for r in list_optout_letters(db)))
        app.processEvents()
        window.grab().save(str(out / "correspondence.png"))
        window.show_area(OPTOUTS_PAGE)
        arlington = next(o.id for o in list_optouts(db) if o.jurisdiction.startswith("Arlington"))
        area.optouts.select_optout(arlington)
        app.processEvents()
        window.grab().save(str(out / "optouts.png"))
        scan = Path(tmp) / "County Manager letter 2010-10-07.pdf"
        scan.write_bytes(b"%PDF-1.4 fictional scan for the screenshot")
        first = min(r.id for r in list_optout_letters(db))
        letter = get_letter(db, first)
        update_letter(db, letter, actor, window.tz, add_files=[read_file_to_attach(scan)])
        editor = area.letters.open_letter(first)
        app.processEvents()
        editor.grab().save(str(out / "letter.png"))
        editor.done(0)
        dialog = window.controller.open_case(42)
        dialog.resize(1000, 720)
        for tab, name in (
            (0, "case-person"),
            (2, "case-charges"),
            (3, "case-match"),
            (HISTORY_TAB, "case-history"),
        ):
            dialog.tabs.setCurrentIndex(tab)
            app.processEvents()
            dialog.grab().save(str(out / f"{name}.png"))
        dialog.tabs.setCurrentIndex(0)
        dialog.person_form.widget("a_number").setText("A1234")
        dialog.request_save()
        app.processEvents()
        dialog.grab().save(str(out / "case-error.png"))
        dialog.done(0)
        letter_screens(app, window, db, out)
        import_screens(app, window, db, out)
        window.close()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("resources/screenshots"))
