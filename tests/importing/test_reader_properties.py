"""Properties of the reader and the cell parsers on generated input (hypothesis)."""

import csv
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.importing.cells import CellError, parse_date, parse_instant
from models.importing.reader import ImportFileError, ReadOptions, SourceRow, open_table
from tests.importing.files import csv_text, write_bytes

TODAY = date(2026, 11, 25)
LA = ZoneInfo("America/Los_Angeles")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATE_LIKE = st.from_regex(
    r"\A\s?\d{1,4}[/-](\d{1,2}|[A-Za-z]{3})[/-]?\d{0,4}"
    r"([ T]\d{1,2}:\d{1,2}(:\d{1,2})?\s?([AaPp][Mm])?)?(Z|[+-]\d{2}:?\d{2})?\s?\Z"
)


@FAST
@given(st.one_of(st.text(max_size=30), DATE_LIKE))
def test_date_parsers_return_a_value_or_raise_a_cell_error(text):
    try:
        value = parse_date(text, today=TODAY)
    except CellError as exc:
        assert str(exc)
    else:
        assert isinstance(value, date) and not isinstance(value, datetime)
    try:
        instant = parse_instant(text, LA, today=TODAY)
    except CellError as exc:
        assert str(exc)
    else:
        assert instant.tzinfo is not None and instant.utcoffset().total_seconds() == 0


@FAST
@given(st.dates(min_value=date(1900, 1, 2), max_value=date(2100, 12, 30)))
def test_every_written_form_of_a_date_reads_back(day):
    month = day.strftime("%b").upper()
    for text in (
        f"{day.month}/{day.day}/{day.year}",
        day.isoformat(),
        f"{day.day:02d}{month}{day.year}",
        f"{day.day}-{month}-{day.year}",
        f"{day.month}/{day.day}/{day.year} 11:43 PM",
    ):
        assert parse_date(text, today=TODAY) == day
    midnight = parse_instant(day.isoformat(), LA, today=TODAY).astimezone(LA)
    assert (midnight.date(), midnight.hour, midnight.minute) == (day, 0, 0)
    assert parse_instant(f"{day.isoformat()}T12:00:00Z", LA, today=TODAY) == datetime(
        day.year, day.month, day.day, 12, tzinfo=UTC
    )


@settings(max_examples=80, deadline=None)
@given(
    st.binary(max_size=400)
    | st.binary(max_size=60).map(lambda b: b"PK\x03\x04" + b)
    | st.text(alphabet='ab1/ ,|;\t"\r\né\x81', max_size=200).map(
        lambda t: t.encode("utf-8") if "\x81" in t else t.encode("cp1252")
    ),
    st.sampled_from([".csv", ".txt", ".xlsx", ".psv"]),
)
def test_any_bytes_give_a_table_of_full_rows_or_an_import_file_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = write_bytes(Path(folder) / f"upload{suffix}", data)
        try:
            table = open_table(path)
            rows = list(table.rows())
        except ImportFileError as exc:
            assert str(exc).startswith("“upload")
            return
        assert table.columns and len(set(c.casefold() for c in table.columns)) == len(table.columns)
        for row in rows:
            assert type(row) is SourceRow
            assert len(row.cells) == len(table.columns)
            assert row.line > table.header_row


CELL = st.text(alphabet="ab é,|;\t\"'\r\nễ", max_size=8)
NEWLINE = re.compile(r"\r\n|\r|\n")


@FAST
@given(
    rows=st.lists(st.lists(CELL, max_size=5), max_size=25),
    delimiter=st.sampled_from([",", "|", "\t", ";"]),
    # csv.writer leaves a lone "\r" unquoted unless it is part of the line terminator.
    ending=st.sampled_from(
        [("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_ALL), ("\n", csv.QUOTE_ALL)]
    ),
)
def test_every_non_blank_row_comes_out_once_with_its_line(rows, delimiter, ending):
    newline, quoting = ending
    header = ["Name", "City", "Notes"]
    text = csv_text([header], delimiter=delimiter, newline=newline, quoting=quoting)
    expected = []
    for row in rows:
        line = 1 + len(NEWLINE.findall(text))
        text += csv_text([row], delimiter=delimiter, newline=newline, quoting=quoting)
        cells = [c.strip() for c in row]
        fitted = tuple((cells + [""] * 3)[:3])
        extra = tuple(c for c in cells[3:] if c)
        if any(fitted) or extra:
            expected.append(SourceRow(line, fitted, extra))
    with tempfile.TemporaryDirectory() as folder:
        path = write_bytes(Path(folder) / "rows.csv", text.encode("utf-8"))
        table = open_table(path, ReadOptions(delimiter=delimiter, header_row=1))
        assert table.columns == tuple(header)
        assert list(table.rows()) == expected
    assert csv.field_size_limit() >= 131072  # the reader left the csv module as it was
