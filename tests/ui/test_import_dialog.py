"""The Import window before a run: reading the file, the profile, the mapping, the preview.

Each test writes a small file into tmp_path as a jail or a FOIA office sends it, opens it in the
window as a clerk does (the file dialog replaced) and checks what the window says and offers.
"""

from __future__ import annotations

from models.importing.profiles import list_profiles
from tests.importing.files import ICE_FILE, write_csv
from tests.ui.import_fixtures import JAIL_HEADER, JAIL_ROWS, ORI, pick, write_jail_file
from tests.ui.import_fixtures import asked as asked  # noqa: F401 (a fixture)
from tests.ui.import_fixtures import desk as desk  # noqa: F401 (a fixture)
from tests.ui.import_fixtures import make_dialog as make_dialog  # noqa: F401 (a fixture)
from ui.import_mapping_model import NOT_IMPORTED, TO_NOTES
from ui.import_mapping_panel import GUESSED


def open_jail(make_dialog, asked, tmp_path, **options):
    dialog = make_dialog()
    asked.open_path = write_jail_file(tmp_path, **options)
    dialog.source.choose_button.click()
    return dialog


def fill_ori(dialog, text: str = ORI) -> None:
    edit = dialog.mapping_panel.fixed_edit("booking.agency_ori")
    assert edit is not None, "no fixed value offered for the agency ORI"
    edit.setText(text)
    edit.textEdited.emit(text)


def test_a_chosen_file_shows_its_encoding_delimiter_and_skipped_banner(
    make_dialog, asked, tmp_path
):
    dialog = open_jail(
        make_dialog,
        asked,
        tmp_path,
        rows=[JAIL_ROWS[1]],  # Seán: é is one byte in Windows-1252, not UTF-8
        encoding="cp1252",
        delimiter=";",
        banner=["ALDER COUNTY JAIL — BOOKINGS EXPORT"],
    )
    source = dialog.source
    assert dialog.path == tmp_path / "jail export.csv"
    assert source.path_edit.text() == str(tmp_path / "jail export.csv")
    assert source.encoding.itemText(0) == "Detected: Windows-1252"
    assert source.delimiter.itemText(0) == "Detected: Semicolon"
    assert source.header_row.value() == 2
    assert "ALDER COUNTY JAIL" in source.detected.text()
    assert dialog.mapping_panel.model.columns() == tuple(JAIL_HEADER)
    fill_ori(dialog)
    assert dialog.preview.row_texts(0)[1] == "O'Neil, Seán"


def test_choosing_another_delimiter_reads_the_file_again(make_dialog, asked, tmp_path):
    dialog = open_jail(make_dialog, asked, tmp_path, delimiter=";")
    assert len(dialog.mapping_panel.model.columns()) == len(JAIL_HEADER)
    pick(dialog.source.delimiter, ",")  # no comma in the file: no header can be found
    assert dialog.table is None and "header row" in dialog.source.detected.text()
    assert dialog.mapping_panel.model.columns() == ()
    assert not dialog.import_button.isEnabled() and dialog.preview.rowCount() == 0
    pick(dialog.source.delimiter, None)  # back to the detected one
    assert dialog.table.delimiter == ";"
    assert len(dialog.mapping_panel.model.columns()) == len(JAIL_HEADER)


def test_choosing_the_header_row_reads_the_file_again(make_dialog, asked, tmp_path):
    dialog = open_jail(make_dialog, asked, tmp_path, banner=["ALDER COUNTY JAIL EXPORT"])
    assert dialog.table.header_row == 2 and dialog.source.header_row.value() == 2
    dialog.source.header_row.setValue(3)  # the first booking's row taken for the header
    assert dialog.table.header_row == 3
    assert dialog.mapping_panel.model.columns()[0] == "2017-000101"
    assert dialog.source.options().header_row == 3
    dialog.source.header_row.setValue(0)  # "Detect" again
    assert dialog.source.options().header_row is None
    assert dialog.table.header_row == 2
    assert dialog.mapping_panel.model.columns() == tuple(JAIL_HEADER)
    assert dialog.mapping_panel.model.fields()["booking.booking_number"] == "Booking Number"


def test_a_required_field_without_a_column_disables_import_and_says_why(
    make_dialog, asked, tmp_path
):
    dialog = open_jail(make_dialog, asked, tmp_path)
    assert dialog.mapping_panel.profile_name() is None  # no profile fits: guessed
    assert dialog.mapping_panel.profile.currentText() == GUESSED
    assert not dialog.import_button.isEnabled() and not dialog.check_button.isEnabled()
    problems = dialog.mapping_panel.problems.text()
    assert "agency" in problems.lower()
    assert dialog.import_button.toolTip() and "agency" in dialog.import_button.toolTip().lower()
    assert dialog.preview.rowCount() == 0

    fill_ori(dialog)

    assert dialog.mapping_panel.problems.text() == ""
    assert dialog.import_button.isEnabled() and dialog.check_button.isEnabled()
    assert dialog.current_mapping().constants["booking.agency_ori"] == ORI
    rows = [dialog.preview.row_texts(r) for r in range(dialog.preview.rowCount())]
    assert [r[2] for at, r in enumerate(rows) if not dialog.preview.is_problem(at)] == [
        "2017-000101",
        "2017-000102",
    ]
    assert rows[0][1] == "Núñez, María José" and rows[0][3] == ORI
    assert rows[0][5] == "03/04/2017 10:30"  # county time, as the file gives it
    assert rows[0][6] == "PC 459 Burglary"
    assert dialog.preview_view.isColumnHidden(7)  # the jail withholds nothing
    bad = [r for at, r in enumerate(rows) if dialog.preview.is_problem(at)]
    assert len(bad) == 1 and bad[0][0] == "4" and "2/30/1990" in bad[0][1]
    at = rows.index(bad[0])
    assert dialog.preview_view.columnSpan(at, 1) == 7  # the reason is read across the row
    assert dialog.preview.problem_count() == 1


def test_a_column_given_another_field_changes_the_preview(make_dialog, asked, tmp_path):
    dialog = open_jail(make_dialog, asked, tmp_path)
    fill_ori(dialog)
    panel = dialog.mapping_panel
    assert panel.model.assignment(panel.model.row_of("Statute")) == "charge.statute"
    assert dialog.preview.row_texts(0)[6] == "PC 459 Burglary"

    combo = panel.combo("Statute")
    pick(combo, NOT_IMPORTED)

    assert "charge.statute" not in dialog.current_mapping().columns
    assert dialog.preview.row_texts(0)[6] == "Burglary"

    pick(panel.combo("Housing Unit"), TO_NOTES)
    assert dialog.current_mapping().notes_from == ("Housing Unit",)

    pick(panel.combo("Last Name"), NOT_IMPORTED)  # the person's name is required
    assert not dialog.import_button.isEnabled()
    assert dialog.mapping_panel.fixed_edit("person.family_name") is not None


def test_a_field_chosen_for_a_second_column_leaves_the_first(make_dialog, asked, tmp_path):
    dialog = open_jail(make_dialog, asked, tmp_path)
    model = dialog.mapping_panel.model
    pick(dialog.mapping_panel.combo("Housing Unit"), "booking.facility")
    assert model.fields()["booking.facility"] == "Housing Unit"
    assert model.assignment(model.row_of("Facility")) == NOT_IMPORTED
    assert dialog.mapping_panel.combo("Facility").currentData() == NOT_IMPORTED


def test_a_saved_profile_is_stored_offered_and_can_be_deleted(
    db, make_dialog, asked, tmp_path, boxes
):
    dialog = open_jail(make_dialog, asked, tmp_path)
    fill_ori(dialog)
    pick(dialog.mapping_panel.combo("Housing Unit"), TO_NOTES)
    asked.profile_name = "Alder jail export"

    assert dialog.mapping_panel.save_button.isEnabled()
    dialog.mapping_panel.save_button.click()

    saved = {p.name: p for p in list_profiles(db)}["Alder jail export"]
    assert saved.mapping.constants == {"booking.agency_ori": ORI}
    assert saved.mapping.notes_from == ("Housing Unit",)
    assert saved.mapping.columns["booking.booking_number"] == "Booking Number"
    assert not saved.is_shipped
    assert dialog.mapping_panel.profile_name() == "Alder jail export"
    assert dialog.mapping_panel.delete_button.isEnabled()

    boxes.confirm_answer = False  # saved again under the same name: asked first
    pick(dialog.mapping_panel.combo("Housing Unit"), NOT_IMPORTED)
    assert dialog.save_profile() is None
    assert "already a profile named “Alder jail export”" in boxes.confirms[-1]
    assert {p.name: p for p in list_profiles(db)}["Alder jail export"].mapping.notes_from == (
        "Housing Unit",
    )
    boxes.confirm_answer = True
    assert dialog.save_profile() == "Alder jail export"
    replaced = {p.name: p for p in list_profiles(db)}["Alder jail export"]
    assert replaced.mapping.notes_from == () and replaced.row_version > saved.row_version

    other = make_dialog()  # the next file like it gets the profile by itself
    asked.open_path = write_jail_file(tmp_path / "..", rows=JAIL_ROWS[:1])
    other.source.choose_button.click()
    assert other.mapping_panel.profile_name() == "Alder jail export"
    assert other.import_button.isEnabled()

    boxes.confirm_answer = False
    dialog.mapping_panel.delete_button.click()
    assert "Alder jail export" in {p.name for p in list_profiles(db)}
    boxes.confirm_answer = True
    dialog.mapping_panel.delete_button.click()
    assert "Alder jail export" not in {p.name for p in list_profiles(db)}
    assert dialog.mapping_panel.profile_name() is None
    assert "Delete the profile “Alder jail export”" in boxes.confirms[-1]


def test_the_shipped_profile_is_chosen_for_the_ice_release_and_cannot_be_replaced(
    db, make_dialog, asked, boxes
):
    dialog = make_dialog()
    asked.open_path = ICE_FILE
    dialog.source.choose_button.click()

    shipped = dialog.mapping_panel.profile_name()
    assert shipped == "ICE CAP arrests (FOIA release)"
    assert dialog.table.header_row == 6 and dialog.source.delimiter.itemText(0).endswith("Pipe")
    assert "ERO-LESA Statistical Tracking Unit" in dialog.source.detected.text()
    assert dialog.import_button.isEnabled()
    assert not dialog.mapping_panel.delete_button.isEnabled()
    first = dialog.preview.row_texts(0)
    assert first[0] == "7" and first[4] == "YAKIMA COUNTY JAIL"
    assert "withheld (b)(6),(b)(7)(c )" in first[7]
    assert first[2].startswith("ROW-")
    view = dialog.preview_view
    assert view.isColumnHidden(6) and not view.isColumnHidden(7)  # no charges; withheld values

    asked.profile_name = "ice cap arrests (foia release)"  # the same name, in other case
    assert dialog.save_profile() is None
    assert boxes.errors and "comes with the app" in boxes.errors[-1][1]
    assert [p.name for p in list_profiles(db)] == [shipped]


def test_a_file_that_cannot_be_read_says_why_and_offers_nothing(make_dialog, asked, tmp_path):
    dialog = make_dialog()
    asked.open_path = tmp_path / "old.xls"
    asked.open_path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    dialog.source.choose_button.click()
    assert dialog.table is None
    assert ".xlsx" in dialog.source.detected.text()
    assert not dialog.import_button.isEnabled() and dialog.preview.rowCount() == 0

    asked.open_path = None  # cancelling the file dialog changes nothing
    assert dialog.choose_file() is None and dialog.path == tmp_path / "old.xls"


def test_a_workbook_offers_its_sheets_and_reads_the_one_chosen(make_dialog, asked, tmp_path):
    from tests.importing.files import write_xlsx

    path = write_xlsx(
        tmp_path / "jail.xlsx",
        [JAIL_HEADER, *JAIL_ROWS],
        sheet="Bookings",
        other_sheets={"Notes": [["Exported by the jail"], ["on 3/7/2017"]]},
        first="Notes",
    )
    dialog = make_dialog()
    asked.open_path = path
    dialog.source.choose_button.click()
    sheets = [dialog.source.sheet.itemText(i) for i in range(dialog.source.sheet.count())]
    assert sheets == ["Notes", "Bookings"] and dialog.source.sheet.isEnabled()
    assert not dialog.source.delimiter.isEnabled()
    assert dialog.table is None  # the first sheet holds two lines of text, no column names
    pick(dialog.source.sheet, "Bookings")
    assert dialog.table.sheet == "Bookings"
    assert dialog.mapping_panel.model.columns() == tuple(JAIL_HEADER)


def test_a_file_with_a_byte_order_mark_says_so(make_dialog, asked, tmp_path):
    path = write_csv(tmp_path / "names.csv", [JAIL_HEADER, JAIL_ROWS[2]], bom=True)
    dialog = make_dialog()
    asked.open_path = path
    dialog.source.choose_button.click()
    assert dialog.source.encoding.itemText(0) == "Detected: UTF-8 with BOM"
    assert dialog.mapping_panel.model.data(dialog.mapping_panel.model.index(0, 0)) == (
        "Booking Number"
    )


def test_every_input_of_the_window_has_a_name_a_screen_reader_reads(make_dialog, asked):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QTableView

    dialog = make_dialog()
    asked.open_path = ICE_FILE
    dialog.source.choose_button.click()
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    unnamed = [
        widget
        for kind in (QComboBox, QLineEdit, QAbstractSpinBox, QTableView)
        for widget in dialog.findChildren(kind)
        if not widget.accessibleName()
        and widget not in buddies
        and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox))  # their inner edit
    ]
    assert unnamed == []
    combos = [dialog.mapping_panel.combo(c) for c in dialog.table.columns]
    assert combos[0].accessibleName() == "Event Number imports as"


def test_a_profile_fits_a_later_file_with_other_capitals_and_names_what_is_missing(
    db, make_dialog, asked, tmp_path, boxes
):
    dialog = open_jail(make_dialog, asked, tmp_path)
    fill_ori(dialog)
    asked.profile_name = "Alder jail export"
    dialog.mapping_panel.save_button.click()
    saved = {p.name: p for p in list_profiles(db)}["Alder jail export"]
    assert saved.mapping.columns["person.date_of_birth"] == "Date of Birth"
    dialog.close()

    # April's export: the same columns in capitals. The profile is chosen and fits whole.
    april = tmp_path / "april"
    april.mkdir()
    upper = [h.upper() for h in JAIL_HEADER]
    asked.open_path = write_csv(april / "april.csv", [upper, *JAIL_ROWS])
    second = make_dialog()
    second.source.choose_button.click()
    assert second.mapping_panel.profile_name() == "Alder jail export"
    fields = second.mapping_panel.model.fields()
    assert fields["person.date_of_birth"] == "DATE OF BIRTH"
    assert fields["booking.booking_number"] == "BOOKING NUMBER"
    assert second.import_button.isEnabled()
    assert not [t for t, _ in boxes.infos if t == "Columns of the profile missing"]
    second.close()

    # May's export has no date of birth: chosen by hand, the profile says what is left out.
    may = tmp_path / "may"
    may.mkdir()
    keep = [i for i, h in enumerate(JAIL_HEADER) if h != "Date of Birth"]
    rows = [[row[i] for i in keep] for row in JAIL_ROWS]
    asked.open_path = write_csv(may / "may.csv", [[JAIL_HEADER[i] for i in keep], *rows])
    third = make_dialog()
    third.source.choose_button.click()
    third.mapping_panel.choose_profile("Alder jail export")
    third._apply_profile("Alder jail export")
    missing = [text for title, text in boxes.infos if title == "Columns of the profile missing"]
    assert (
        missing and "Date of birth: the column “Date of Birth” is not in this file" in (missing[-1])
    )
    # The profile itself is unchanged until the clerk saves it again.
    assert {p.name: p for p in list_profiles(db)}["Alder jail export"].mapping == saved.mapping


def test_typing_a_fixed_value_does_not_read_the_file_again(
    make_dialog, asked, tmp_path, monkeypatch
):
    from models.importing.reader import SourceTable

    reads = []
    real = SourceTable.rows
    monkeypatch.setattr(SourceTable, "rows", lambda self: (reads.append(1), real(self))[1])
    dialog = open_jail(make_dialog, asked, tmp_path)
    opened = len(reads)
    for text in ("C", "CA", "CA09", ORI):  # each keystroke checks and previews again
        fill_ori(dialog, text)
    assert len(reads) == opened  # from the rows read when the file was opened
    assert dialog.preview.rowCount() == 3


def test_a_file_still_being_written_says_so_instead_of_an_unexpected_error(
    make_dialog, asked, tmp_path, monkeypatch, boxes
):
    from models.importing.reader import SourceTable
    from models.importing.sniff import ImportFileError

    def growing(self, limit=50):
        raise ImportFileError("has changed since it was opened; open it again", path=self.path)

    monkeypatch.setattr(SourceTable, "preview", growing)  # the jail system is still writing it
    dialog = open_jail(make_dialog, asked, tmp_path)
    assert dialog.table is None
    assert "has changed since it was opened" in dialog.source.detected.text()
    assert not dialog.import_button.isEnabled()
    assert boxes.errors == []
