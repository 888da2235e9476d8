"""Reader: encodings, delimiters, banner lines, and the real ICE FOIA release."""

import hashlib
import os

import pytest

from models.importing.reader import (
    DELIMITERS,
    ENCODINGS,
    ImportFileError,
    ReadOptions,
    SourceRow,
    open_table,
)
from tests.importing.files import (
    ICE_COLUMNS,
    ICE_DATA_ROWS,
    ICE_FILE,
    ICE_HEADER_ROW,
    write_bytes,
    write_csv,
    write_text,
)

NAMES = [["Family name", "Given names", "Date of birth"]]


def test_the_contract_names_the_encodings_and_delimiters():
    assert ENCODINGS == {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 with BOM",
        "cp1252": "Windows-1252",
    }
    assert DELIMITERS == {",": "Comma", "|": "Pipe", "\t": "Tab", ";": "Semicolon"}


def test_utf8(tmp_path):
    path = write_csv(tmp_path / "a.csv", [*NAMES, ["Nguyễn", "Văn An", "3/4/1985"]])
    table = open_table(path)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.columns == ("Family name", "Given names", "Date of birth")
    assert list(table.rows()) == [SourceRow(2, ("Nguyễn", "Văn An", "3/4/1985"))]
    assert "UTF-8" in table.detected["encoding"]


def test_utf8_with_bom_from_excel(tmp_path):
    path = write_csv(tmp_path / "a.csv", [*NAMES, ["Nguyễn", "Thị", "1/2/1990"]], bom=True)
    table = open_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.columns[0] == "Family name"  # no "\ufeff" glued to the first name
    assert table.source_columns[0] == "Family name"
    assert [r.cells[0] for r in table.rows()] == ["Nguyễn"]


def test_windows_1252_as_excel_saves_plain_csv(tmp_path):
    rows = [*NAMES, ["Núñez", "María José", "3/9/1984"], ["O’Neil", "Seán", "1/1/1970"]]
    path = write_csv(tmp_path / "a.csv", rows, encoding="cp1252")
    assert b"N\xfa\xf1ez" in path.read_bytes() and b"O\x92Neil" in path.read_bytes()
    table = open_table(path)
    assert table.encoding == "cp1252"
    assert table.detected["encoding"] == "Windows-1252: line 2 is not valid UTF-8"
    assert [r.cells[:2] for r in table.rows()] == [("Núñez", "María José"), ("O’Neil", "Seán")]


def test_windows_1252_behind_a_byte_order_mark(tmp_path):
    rows = [*NAMES, ["O'Neil", "Pat", "1/1/1970"], ["Núñez", "Ana", "2/2/1980"]]
    path = write_csv(tmp_path / "a.csv", rows, encoding="cp1252", bom=True)
    table = open_table(path)
    assert table.encoding == "cp1252"
    assert table.columns[0] == "Family name"  # not "ï»¿Family name"
    assert [r.cells[0] for r in table.rows()] == ["O'Neil", "Núñez"]
    assert "byte-order mark" in table.detected["encoding"]


def test_an_encoding_override_is_used(tmp_path):
    path = write_csv(tmp_path / "a.csv", [*NAMES, ["Núñez", "Ana", "2/2/1980"]])
    table = open_table(path, ReadOptions(encoding="cp1252"))
    assert table.encoding == "cp1252"
    assert table.detected["encoding"] == "Windows-1252, as chosen"
    # The UTF-8 bytes of ú (C3 BA) and ñ (C3 B1) read as four Windows-1252 letters.
    assert next(table.rows()).cells[0] == "NÃºÃ±ez"


def test_a_wrong_encoding_override_names_the_line(tmp_path):
    rows = [*NAMES, ["Smith", "Al", "1/1/1970"], ["Jones", "Bo", "1/1/1971"], ["Núñez", "Ana", ""]]
    path = write_csv(tmp_path / "names.csv", rows, encoding="cp1252")
    with pytest.raises(ImportFileError) as caught:
        open_table(path, ReadOptions(encoding="utf-8"))
    assert caught.value.line == 4
    assert str(caught.value).startswith("“names.csv”, line 4: is not UTF-8 text")


def test_an_unknown_encoding_is_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", NAMES)
    with pytest.raises(ImportFileError, match="“latin-9” is not an encoding this import reads"):
        open_table(path, ReadOptions(encoding="latin-9"))


def test_bytes_that_are_not_windows_1252_either_name_the_line(tmp_path):
    path = write_bytes(tmp_path / "odd.csv", b"a,b\r\nx,y\r\nN\xfa\x81ez,z\r\n")
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert caught.value.line == 3
    assert "“odd.csv”, line 3" in str(caught.value)


@pytest.mark.parametrize(
    ("delimiter", "name"), [(",", "Comma"), ("|", "Pipe"), ("\t", "Tab"), (";", "Semicolon")]
)
def test_delimiters_are_detected(tmp_path, delimiter, name):
    # Every row carries the other candidates inside its values to tempt the detector.
    rows = [["Name", "Charge", "Booked"]]
    rows += [[f"Smith, John; Jr {n}", "DUI | RECKLESS\tDRIVING", "4/21/2017"] for n in range(5)]
    path = write_csv(tmp_path / "a.txt", rows, delimiter=delimiter)
    table = open_table(path)
    assert table.delimiter == delimiter
    assert table.detected["delimiter"].startswith(name)
    assert table.columns == ("Name", "Charge", "Booked")
    assert next(table.rows()).cells == ("Smith, John; Jr 0", "DUI | RECKLESS\tDRIVING", "4/21/2017")


@pytest.mark.parametrize("given", ["|", "pipe", "Pipe"])
def test_a_delimiter_override_wins(tmp_path, given):
    path = write_text(tmp_path / "a.txt", "a|b,c\r\n1|2,3\r\n4|5,6\r\n")
    assert open_table(path).delimiter == ","  # two fields either way; comma comes first
    table = open_table(path, ReadOptions(delimiter=given))
    assert table.delimiter == "|"
    assert table.columns == ("a", "b,c")
    assert [r.cells for r in table.rows()] == [("1", "2,3"), ("4", "5,6")]


def test_a_delimiter_override_must_be_one_character(tmp_path):
    path = write_csv(tmp_path / "a.csv", NAMES)
    with pytest.raises(ImportFileError, match="“::” cannot be a delimiter"):
        open_table(path, ReadOptions(delimiter="::"))


def test_banner_lines_above_the_header_are_skipped(tmp_path):
    banner = ["KING COUNTY JAIL - BOOKINGS", "Run 4/21/2017 11:43", ""]
    path = write_csv(tmp_path / "a.csv", [*NAMES, ["Smith", "Al", "1/1/1970"]], banner=banner)
    table = open_table(path)
    assert table.header_row == 4
    assert table.banner == ("KING COUNTY JAIL - BOOKINGS", "Run 4/21/2017 11:43", "")
    assert [(r.line, r.cells[0]) for r in table.rows()] == [(5, "Smith")]


def test_a_row_of_dates_and_numbers_is_not_taken_for_the_header(tmp_path):
    text = "4/21/2017,1,2\r\nName,DOB,Count\r\nSmith,1/1/1970,3\r\n"
    table = open_table(write_text(tmp_path / "a.csv", text))
    assert table.header_row == 2
    assert table.banner == ("4/21/2017 1 2",)


def test_the_header_row_can_be_chosen(tmp_path):
    text = "Exported by,jail system\r\nName,DOB\r\nSmith,1/1/1970\r\n"
    path = write_text(tmp_path / "a.csv", text)
    assert open_table(path).header_row == 1  # two names: looks like a header to detection
    table = open_table(path, ReadOptions(header_row=2))
    assert (table.header_row, table.columns, table.banner) == (
        2,
        ("Name", "DOB"),
        ("Exported by jail system",),
    )
    assert table.detected["header_row"] == "line 2, as chosen"
    assert [r.line for r in table.rows()] == [3]


# The real file: ICE ERO-LESA's FY2017 Seattle CAP arrests release.
ICE_FIRST_ROW = (
    "(b)(7)(E )",
    "Seattle Area of Responsibility",
    "YAKIMA COUNTY JAIL",
    "",
    "REINSTATEMENT OF DEPORT ORDER I-871",
    "(b)(6),(b)(7)(c )",
    "MEXICO",
    "Male",
    "CAP Local Incarceration",
    "10/3/2016",
)


def test_the_ice_release_reads_as_published():
    table = open_table(ICE_FILE)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-8", "|")
    assert table.header_row == ICE_HEADER_ROW == 6
    assert table.columns == table.source_columns == ICE_COLUMNS
    assert len(table.columns) == 10
    assert table.renamed == ()
    assert table.banner[0] == "ERO-LESA Statistical Tracking Unit"
    assert len(table.banner) == 5
    data = ICE_FILE.read_bytes()
    assert table.size == len(data)
    assert table.sha256 == hashlib.sha256(data).hexdigest()
    rows = list(table.rows())
    assert len(rows) == ICE_DATA_ROWS == 2656
    assert rows[0] == SourceRow(7, ICE_FIRST_ROW)
    assert rows[-1].line == 6 + 2656
    assert rows[-1].cells[-1] == "9/29/2017"
    assert all(len(r.cells) == 10 and r.extra == () for r in rows)


def test_the_ice_release_with_the_shipped_profiles_read_options():
    table = open_table(ICE_FILE, ReadOptions(delimiter="|", header_row=6))
    assert table.preview(1) == [SourceRow(7, ICE_FIRST_ROW)]
    assert len(table.preview()) == 50


def test_rows_name_the_line_of_a_decode_error(tmp_path):
    # Detection read the whole file as UTF-8; a same-size edit since then breaks line 80.
    lines = ["Name,Notes"] + [f"P{n},ok" for n in range(2, 100)]
    path = write_text(tmp_path / "later.csv", "\r\n".join(lines) + "\r\n")
    table = open_table(path)
    data = bytearray(path.read_bytes())
    data[data.index(b"P80,ok") + 4] = 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(table.mtime_ns, table.mtime_ns))  # as if within the clock's resolution
    rows = table.rows()
    with pytest.raises(ImportFileError) as caught:
        list(rows)
    assert caught.value.line == 80
    assert str(caught.value) == "“later.csv”, line 80: is not UTF-8 text"


def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_both_lines(tmp_path):
    text = "Family name,Given names,DOB\r\nNÚÑEZ,José,3/9/1984\r\nSmith,Al,1/1/1970\r\n"
    data = text.encode("utf-8") + "Café,Ana,2/2/1980\r\n".encode("cp1252")
    path = write_bytes(tmp_path / "mixed.csv", data)
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    assert caught.value.line == 4
    assert "mixes two encodings: line 2 has UTF-8 letters" in str(caught.value)
    # Chosen by a person, the file is read as they say.
    table = open_table(path, ReadOptions(encoding="cp1252"))
    assert [r.cells[0] for r in table.rows()] == ["NÃšÃ‘EZ", "Smith", "Café"]
