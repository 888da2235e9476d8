"""Reader: repaired header names, quoted values, ragged and blank rows, refused files."""

import gc
import os
import tracemalloc

import pytest

from models.importing.reader import ImportFileError, ReadOptions, SourceRow, open_table
from tests.importing.files import (
    write_bytes,
    write_csv,
    write_many_rows,
    write_sqlite,
    write_text,
    write_xls,
    write_zip,
)


def test_repeated_and_case_only_different_names_are_numbered(tmp_path):
    header = ["Name", "Where?", "WHere?", "where?", "", "NAME", "  Date   of\nBirth "]
    path = write_csv(tmp_path / "a.csv", [header, list("abcdefg")])
    table = open_table(path)
    assert table.columns == (
        "Name",
        "Where?",
        "WHere? (2)",
        "where? (3)",
        "Column 5",
        "NAME (2)",
        "Date of Birth",
    )
    assert table.source_columns == tuple(header)
    assert table.renamed == (
        ("WHere?", "WHere? (2)"),
        ("where?", "where? (3)"),
        ("", "Column 5"),
        ("NAME", "NAME (2)"),
        ("  Date   of\nBirth ", "Date of Birth"),
    )
    assert len({c.casefold() for c in table.columns}) == 7


def test_unnamed_columns_at_the_end_are_dropped_unless_they_hold_data(tmp_path):
    empty_tail = write_text(tmp_path / "a.csv", "Name,DOB,,\r\nSmith,1/1/1970,,\r\n")
    assert open_table(empty_tail).columns == ("Name", "DOB")
    used_tail = write_text(tmp_path / "b.csv", "Name,DOB,,\r\nSmith,1/1/1970,,note\r\n")
    table = open_table(used_tail)
    assert table.columns == ("Name", "DOB", "Column 3", "Column 4")
    assert next(table.rows()).cells == ("Smith", "1/1/1970", "", "note")


def test_quoted_values_keep_delimiters_and_line_breaks_and_lines_stay_right(tmp_path):
    text = (
        "Name,Notes,Booked\r\n"  # line 1
        '"Smith, John","first line\r\nsecond line",4/21/2017\r\n'  # lines 2-3
        'Jones,"a\nb\nc",4/22/2017\r\n'  # lines 4-6
        "Brown,plain,4/23/2017\r\n"  # line 7
        '"O""Neil",x,4/24/2017\r\n'  # line 8
    )
    table = open_table(write_text(tmp_path / "a.csv", text))
    assert [(r.line, r.cells) for r in table.rows()] == [
        (2, ("Smith, John", "first line\r\nsecond line", "4/21/2017")),
        (4, ("Jones", "a\nb\nc", "4/22/2017")),
        (7, ("Brown", "plain", "4/23/2017")),
        (8, ('O"Neil', "x", "4/24/2017")),
    ]


def test_old_mac_line_endings_count_as_lines(tmp_path):
    table = open_table(write_text(tmp_path / "a.csv", "Name,DOB\rSmith,1/1/1970\rJones,\r"))
    assert [(r.line, r.cells) for r in table.rows()] == [
        (2, ("Smith", "1/1/1970")),
        (3, ("Jones", "")),
    ]


def test_short_rows_are_padded_and_long_rows_keep_their_extra_cells(tmp_path):
    text = "A,B,C\n1\n1,2\n1,2,3,4,,5\n1,2,3,,\n,,,x\n"
    table = open_table(write_text(tmp_path / "a.csv", text))
    assert list(table.rows()) == [
        SourceRow(2, ("1", "", "")),
        SourceRow(3, ("1", "2", "")),
        SourceRow(4, ("1", "2", "3"), ("4", "5")),
        SourceRow(5, ("1", "2", "3")),
        SourceRow(6, ("", "", ""), ("x",)),
    ]


def test_cells_are_stripped(tmp_path):
    table = open_table(write_text(tmp_path / "a.csv", "A,B\n  Smith ,\t1/1/1970 \n"))
    assert next(table.rows()).cells == ("Smith", "1/1/1970")


def test_blank_rows_are_skipped_but_counted(tmp_path):
    text = "A,B\r\n\r\n1,2\r\n,\r\n  ,  \r\n\r\n3,4\r\n\r\n"
    table = open_table(write_text(tmp_path / "a.csv", text))
    assert [(r.line, r.cells) for r in table.rows()] == [(3, ("1", "2")), (7, ("3", "4"))]


def test_rows_stream_from_disk_on_every_call(tmp_path):
    path = write_many_rows(tmp_path / "big.csv", 8_000)
    table = open_table(path)
    assert table.preview(2)[1].cells[0] == "BK00000001"
    gc.collect()
    tracemalloc.start()
    try:
        count = sum(1 for _ in table.rows())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 8_000
    # Holding every row would take tens of megabytes; streaming needs a few buffers.
    assert path.stat().st_size > 500_000
    assert peak < 300_000
    assert sum(1 for _ in table.rows()) == 8_000  # a second pass reads the file again


def test_a_file_changed_since_it_was_opened_is_refused(tmp_path):
    path = write_text(tmp_path / "a.csv", "A,B\n1,2\n")
    table = open_table(path)
    write_text(path, "A,B\n1,2\n3,4\n")
    with pytest.raises(ImportFileError, match="has changed since it was opened"):
        list(table.rows())


def test_a_file_edited_to_the_same_size_since_it_was_opened_is_refused(tmp_path):
    path = write_text(tmp_path / "a.csv", "A,DOB\nJ-1,1/2/2020\n")
    table = open_table(path)
    os.utime(path, ns=(table.mtime_ns, table.mtime_ns))
    write_text(path, "A,DOB\nJ-1,1/3/2020\n")  # one character fixed in Excel, saved
    os.utime(path, ns=(table.mtime_ns + 1_000_000, table.mtime_ns + 1_000_000))
    assert path.stat().st_size == table.size
    with pytest.raises(ImportFileError, match="has changed since it was opened"):
        list(table.rows())


def test_an_unclosed_quote_names_the_line_it_starts_on(tmp_path):
    lines = ["Name,Notes"] + [f"P{n},ok" for n in range(2, 120)]
    lines.append('P120,"never closed')
    lines += [f"P{n},{'x' * 100}" for n in range(121, 3000)]
    path = write_text(tmp_path / "a.csv", "\r\n".join(lines) + "\r\n")
    table = open_table(path)
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())
    assert caught.value.line == 120
    assert "quote" in str(caught.value)


def test_a_header_row_that_is_blank_or_missing_is_refused(tmp_path):
    path = write_text(tmp_path / "a.csv", "Title\r\n\r\nName,DOB\r\nSmith,1/1/1970\r\n")
    with pytest.raises(ImportFileError, match="line 2: is empty"):
        open_table(path, ReadOptions(header_row=2))
    with pytest.raises(ImportFileError, match="has no row 9 to use as the header"):
        open_table(path, ReadOptions(header_row=9))
    spanning = write_text(tmp_path / "b.csv", 'Title,"two\r\nlines"\r\nName,DOB\r\n')
    with pytest.raises(ImportFileError, match="line 2: is inside a quoted value that starts on"):
        open_table(spanning, ReadOptions(header_row=2))
    with pytest.raises(ImportFileError, match="the header row must be 1 or more"):
        open_table(path, ReadOptions(header_row=0))


def test_a_file_without_a_header_row_is_refused(tmp_path):
    path = write_text(tmp_path / "list.txt", "Smith\r\nJones\r\nBrown\r\n")
    with pytest.raises(ImportFileError, match="has no row of column names in its first 3 rows"):
        open_table(path)


@pytest.mark.parametrize(
    ("make", "name", "words"),
    [
        (lambda p: p, "missing.csv", "was not found"),
        (lambda p: p.mkdir() or p, "exports", "is a folder, not a file"),
        (lambda p: write_bytes(p, b""), "empty.csv", "is empty (0 bytes)"),
        (lambda p: write_bytes(p, b"\xef\xbb\xbf"), "bom.csv", "is empty (only a byte-order mark)"),
        (lambda p: write_text(p, "a,b\n1,2\n"), "old.xls", "old Excel workbook (.xls)"),
        (write_xls, "renamed.csv", "save it as .xlsx or CSV"),
        (write_sqlite, "desk.sqlite3", "is a SQLite database, not an export"),
        (write_zip, "arrests.zip", "is a zip archive; unzip it"),
        (lambda p: write_bytes(p, b"\x1f\x8b\x08\x00rest"), "a.csv.gz", "is compressed (gzip)"),
        (lambda p: write_bytes(p, b"a,b\n1,\x002\n"), "nul.csv", "line 2: holds binary data"),
        (lambda p: write_text(p, "a\tb\n", encoding="utf-16"), "u.txt", "UTF-16"),
        (lambda p: write_bytes(p, b"%PDF-1.7\n"), "scan.pdf", "is a PDF"),
    ],
)
def test_files_that_are_not_exports_are_refused_in_clerk_words(tmp_path, make, name, words):
    path = make(tmp_path / name)
    with pytest.raises(ImportFileError) as caught:
        open_table(path)
    message = str(caught.value)
    assert message.startswith(f"“{name}”")
    assert words in message
