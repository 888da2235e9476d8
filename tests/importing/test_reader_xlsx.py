"""Reader: Excel workbooks (.xlsx) written with openpyxl, as jails' report tools save them."""

import hashlib
from datetime import date, datetime

import pytest

from models.importing.reader import ImportFileError, ReadOptions, SourceRow, open_table
from models.importing.xlsx import sheet_names
from tests.importing.files import write_text, write_xlsx, write_zip

HEADER = ["Booking", "Name", "Booked", "DOB", "Bail", "Charges", "Notes"]


def booking_workbook(path):
    rows = [
        HEADER,
        ["B1", " Núñez ", datetime(2017, 4, 21, 11, 43), datetime(1985, 3, 4), 12.0, 2, None],
        [None] * 7,  # a blank row (row 5)
        ["B2", "Nguyễn", datetime(2017, 4, 22, 0, 0, 30), date(1990, 1, 2), 1500.5, 1, "hold"],
    ]
    return write_xlsx(path, rows, banner=["KING COUNTY JAIL", "Bookings 4/21/2017"])


def test_a_workbook_reads_like_a_csv_with_excel_row_numbers(tmp_path):
    path = booking_workbook(tmp_path / "bookings.xlsx")
    table = open_table(path)
    assert (table.kind, table.encoding, table.delimiter, table.sheet) == (
        "xlsx",
        "xlsx",
        None,
        "Sheet1",
    )
    assert table.header_row == 3
    assert table.banner == ("KING COUNTY JAIL", "Bookings 4/21/2017")
    assert table.columns == tuple(HEADER)
    assert list(table.rows()) == [
        SourceRow(4, ("B1", "Núñez", "2017-04-21 11:43:00", "1985-03-04", "12", "2", "")),
        SourceRow(6, ("B2", "Nguyễn", "2017-04-22 00:00:30", "1990-01-02", "1500.5", "1", "hold")),
    ]
    data = path.read_bytes()
    assert (table.size, table.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert table.detected["sheet"] == "“Sheet1”, the first sheet"


def test_repeated_names_and_ragged_rows_in_a_workbook(tmp_path):
    rows = [["Where?", "WHere?", None], ["a", "b"], ["c", "d", "e"]]
    table = open_table(write_xlsx(tmp_path / "a.xlsx", rows))
    assert table.columns == ("Where?", "WHere? (2)", "Column 3")
    assert [r.cells for r in table.rows()] == [("a", "b", ""), ("c", "d", "e")]


def test_cells_beyond_the_header_are_extra(tmp_path):
    rows = [["A", "B", "C", "D"], ["1", "2", "3", "4"]]
    table = open_table(write_xlsx(tmp_path / "a.xlsx", rows), ReadOptions(header_row=1))
    assert table.columns == ("A", "B", "C", "D")
    narrow = write_xlsx(tmp_path / "b.xlsx", [["A", "B"], *[["1", "2"]] * 60, ["1", "2", "3"]])
    table = open_table(narrow)
    assert table.columns == ("A", "B")  # row 62 is past the rows looked at for the width
    assert list(table.rows())[-1] == SourceRow(62, ("1", "2"), ("3",))


def test_a_sheet_can_be_chosen_by_name(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["Name", "DOB"], ["Smith", "1/1/1970"]],
        sheet="Bookings",
        other_sheets={"Summary": [["Total", "Count"], ["all", 1]]},
        first="Summary",
    )
    assert sheet_names(path) == ["Summary", "Bookings"]
    assert open_table(path).sheet == "Summary"
    table = open_table(path, ReadOptions(sheet="bookings"))
    assert table.sheet == "Bookings"
    assert [r.cells for r in table.rows()] == [("Smith", "1/1/1970")]
    with pytest.raises(ImportFileError, match="has no sheet “Arrests” \\(its sheets: “Summary”"):
        open_table(path, ReadOptions(sheet="Arrests"))


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: write_text(p, "Name,DOB\n"), "is named like an Excel workbook but is not one"),
        (lambda p: write_zip(p, {"xl/workbook.xml": b"<nonsense"}), "cannot be read as an Excel"),
    ],
)
def test_broken_workbooks_are_refused(tmp_path, make, words):
    path = make(tmp_path / "report.xlsx")
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert str(caught.value).startswith("“report.xlsx”")
    assert words in str(caught.value)


def test_a_sheet_formatted_far_beyond_its_data_reads_only_the_data(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "DOB"])
    sheet.append(["Smith", "1/1/1970"])
    sheet["XFD1"].number_format = "0.00"  # styled cells stretch the stated size to XFD50000
    sheet["XFD50000"].number_format = "0.00"
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    table = open_table(path)
    assert table.columns == ("Name", "DOB")
    assert list(table.rows()) == [SourceRow(2, ("Smith", "1/1/1970"))]
