"""The case list exported to CSV and Excel: rows, order, filters, public release, the log."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.audit import verify_chain
from models.case_list import CaseQuery, SortColumn
from models.export import case_source, list_exports, run_export
from models.export import cases as export_cases
from models.export.cases import CASE_COLUMNS
from models.stats.figures import Selection
from tests.models.export.export_helpers import (
    IDENTIFYING,
    NOTES,
    NOW,
    add_people,
    all_text,
    csv_rows,
    sha256,
    xlsx_rows,
)

LA = ZoneInfo("America/Los_Angeles")
HEADER = [c.header for c in CASE_COLUMNS]
IDENTIFYING_COLUMNS = {
    "Case ID", "Booking #", "Family name", "Given names", "Aliases", "Date of birth", "A-number",
    "FBI number", "State ID", "Release reason", "Released to", "Notes",
}  # fmt: skip


@pytest.fixture
def people(db, actor):
    return add_people(db, actor)


def export(db, actor, path, query=None, **kw):
    source = case_source(db, query or CaseQuery(), LA)
    return run_export(db, actor, source, path, tz=LA, now=NOW, **kw)


def column(rows, header):
    at = rows[0].index(header)
    return [r[at] for r in rows[1:]]


def test_csv_has_every_case_newest_first_with_iso_dates_and_accents(db, actor, people, tmp_path):
    result = export(db, actor, tmp_path / "cases.csv")
    rows = csv_rows(tmp_path / "cases.csv")
    assert result.row_count == 3 and result.format == "csv"
    assert rows[0] == HEADER
    assert column(rows, "Family name") == ["O'Neil", "Nguyễn", "Núñez"]
    assert column(rows, "Given names") == ["Seán", "Thị Thu", "María José"]
    assert column(rows, "Case ID") == [str(i) for i in reversed(people)]
    nguyen = dict(zip(HEADER, rows[2], strict=True))
    # Booked 03:15 UTC on Feb 1: in the county that is Monday 01/31/2011 19:15 PST.
    assert nguyen["Booked"] == "2011-01-31 19:15"
    assert nguyen["Date of birth"] == "1990-12-01"
    assert nguyen["A-number"] == "A087654321"
    assert nguyen["Aliases"] == "Thu Nguyen"
    assert nguyen["Facility"] == "North Valley Detention Annex"
    assert nguyen["Charges"] == "PC 459 Burglary"
    assert nguyen["Fingerprint response"] == "IDENT match + IAR"
    assert nguyen["Offense level"] == "Level 2"
    assert nguyen["Criminality code"] == "2 – Pending criminal charges"
    assert nguyen["Sex"] == "Female" and nguyen["Custody"] == "In custody"
    assert nguyen["Released"] == "" and nguyen["Detainers"] == "0"
    oneil = dict(zip(HEADER, rows[1], strict=True))
    assert oneil["Custody"] == "Released"
    assert oneil["Released"] == "2012-06-30 19:00"  # 07/01 02:00 UTC, in PDT
    assert dict(zip(HEADER, rows[3], strict=True))["Notes"] == NOTES


def test_xlsx_holds_the_same_rows_with_real_dates_and_numbers(db, actor, people, tmp_path):
    export(db, actor, tmp_path / "cases.xlsx")
    rows = xlsx_rows(tmp_path / "cases.xlsx")
    assert rows[0] == HEADER
    assert column(rows, "Family name") == ["O'Neil", "Nguyễn", "Núñez"]
    assert column(rows, "Given names") == ["Seán", "Thị Thu", "María José"]
    assert column(rows, "Case ID") == list(reversed(people))
    assert column(rows, "Booked") == [
        datetime(2012, 6, 29, 23, 0),
        datetime(2011, 1, 31, 19, 15),
        datetime(2010, 10, 15, 10, 30),
    ]
    assert column(rows, "Date of birth")[1] == datetime(1990, 12, 1)
    assert column(rows, "Detainers") == [0, 0, 0]


def test_a_formula_typed_into_a_record_is_written_as_text(db, actor, people, tmp_path):
    db.execute("UPDATE bookings SET notes = '=HYPERLINK(\"http://x\")' WHERE id = ?", [people[1]])
    export(db, actor, tmp_path / "cases.csv")
    export(db, actor, tmp_path / "cases.xlsx")
    assert column(csv_rows(tmp_path / "cases.csv"), "Notes")[1] == '\'=HYPERLINK("http://x")'
    assert column(xlsx_rows(tmp_path / "cases.xlsx"), "Notes")[1] == '=HYPERLINK("http://x")'
    assert "<f>" not in all_text(tmp_path / "cases.xlsx")


@pytest.mark.parametrize(
    ("query", "families"),
    [
        (CaseQuery(facility="Alder County Main Jail"), ["O'Neil", "Núñez"]),
        (CaseQuery(search="nguyen"), ["Nguyễn"]),
        (CaseQuery(search="A012345678"), ["Núñez"]),
        # The county's day: booked 02/01/2011 03:15 UTC is 01/31/2011 in the county.
        (CaseQuery(booked_from=date(2011, 1, 31), booked_to=date(2011, 1, 31)), ["Nguyễn"]),
        (CaseQuery(booked_from=date(2011, 2, 1)), ["O'Neil"]),
        (CaseQuery(sort=SortColumn.NAME, descending=False), ["Nguyễn", "Núñez", "O'Neil"]),
        (CaseQuery(search="zzz"), []),
    ],
)
def test_the_export_keeps_the_lists_filters_search_and_sort(
    db, actor, people, tmp_path, query, families
):
    result = export(db, actor, tmp_path / "cases.csv", query)
    assert column(csv_rows(tmp_path / "cases.csv"), "Family name") == families
    assert result.row_count == len(families)
    logged = list_exports(db)[0]
    assert logged.filters["query"]["search"] == (query.search or None)
    assert logged.filters["query"]["sort"] == str(query.sort)


def test_a_dashboard_subset_is_exported_and_named_in_the_log(db, actor, people, tmp_path):
    if "subset" not in {f.name for f in dataclasses.fields(CaseQuery)}:
        pytest.skip("this version of the case list has no subset")
    selection = Selection(
        "Declined, 2010", "SELECT id FROM bookings WHERE booking_number IN (?, ?)",
        ("2010-004512", "2012-000777"),
    )  # fmt: skip
    export(db, actor, tmp_path / "cases.csv", CaseQuery(subset=selection))
    assert column(csv_rows(tmp_path / "cases.csv"), "Family name") == ["O'Neil", "Núñez"]
    subset = list_exports(db)[0].filters["query"]["subset"]
    assert subset == {
        "label": "Declined, 2010",
        "sql": "SELECT id FROM bookings WHERE booking_number IN (?, ?)",
        "params": ["2010-004512", "2012-000777"],
    }
    # What the log says is enough to find the same cases again.
    found = db.execute(f"SELECT booking_number FROM bookings WHERE id IN ({subset['sql']}) "
                       "ORDER BY 1", subset["params"]).fetchall()  # fmt: skip
    assert [r[0] for r in found] == ["2010-004512", "2012-000777"]


def test_a_subsets_dates_and_instants_are_logged_as_iso_text(db, actor, people, tmp_path):
    selection = Selection(
        "Booked in 2010", "SELECT id FROM bookings WHERE date(booked_at) BETWEEN ? AND ?",
        (date(2010, 1, 1), datetime(2010, 12, 31, 23, 0, tzinfo=LA)),
    )  # fmt: skip
    export(db, actor, tmp_path / "cases.csv", CaseQuery(subset=selection))
    params = list_exports(db)[0].filters["query"]["subset"]["params"]
    assert params == ["2010-01-01", "2010-12-31T23:00:00-08:00"]


@pytest.mark.parametrize("search", ["x", " 1 ", "--", "  "])
def test_a_search_too_short_to_search_is_not_logged_as_one(db, actor, people, tmp_path, search):
    """The list ignores a search of fewer than 2 letters or digits, and so does the log."""
    result = export(db, actor, tmp_path / "cases.csv", CaseQuery(search=search))
    assert result.row_count == 3
    assert list_exports(db)[0].filters["query"]["search"] is None


def test_rows_are_read_a_page_at_a_time_in_list_order(db, actor, people, tmp_path, monkeypatch):
    monkeypatch.setattr(export_cases, "PAGE", 2)
    pages = []
    real = export_cases.fetch_cases

    def counted(*args, **kwargs):
        page = real(*args, **kwargs)
        pages.append(len(page))
        return page

    monkeypatch.setattr(export_cases, "fetch_cases", counted)
    export(db, actor, tmp_path / "cases.csv")
    assert pages == [2, 1, 0]
    assert column(csv_rows(tmp_path / "cases.csv"), "Family name") == ["O'Neil", "Nguyễn", "Núñez"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_public_release_holds_no_name_birth_date_or_identifier(
    db, actor, people, tmp_path, suffix
):
    path = tmp_path / f"public.{suffix}"
    result = export(db, actor, path, public_release=True)
    rows = csv_rows(path) if suffix == "csv" else xlsx_rows(path)
    assert result.public_release and result.row_count == 3
    assert IDENTIFYING_COLUMNS.isdisjoint(rows[0])
    assert rows[0][:2] == ["Agency ORI", "Sex"]  # the record's own id is left out too
    text = all_text(path)
    found = [value for value in (*IDENTIFYING, NOTES) if value in text]
    assert found == []
    assert column(rows, "Booked") == ["2012-06", "2011-01", "2010-10"]  # the county's months
    assert column(rows, "Released")[0] == "2012-06"
    assert column(rows, "Facility")[1] == "North Valley Detention Annex"
    cells = [c for r in rows[1:] for c in r if c is not None]
    assert not [c for c in cells if re.search(r"\d{4}-\d{2}-\d{2}", str(c))]
    assert not [c for c in cells if isinstance(c, datetime | date)]
    logged = list_exports(db)[0]
    assert logged.public_release and logged.filters["columns"] == rows[0]


def test_the_export_is_logged_with_its_audit_rows(db, actor, people, tmp_path):
    path = tmp_path / "cases.csv"
    query = CaseQuery(facility="Alder County Main Jail", booked_from=date(2010, 1, 1))
    result = export(db, actor, path, query)
    (logged,) = list_exports(db)
    assert logged.id == result.export_id
    assert (logged.staff_id, logged.os_login, logged.staff_name) == (actor.id, "mlopez", "mlopez")
    assert (logged.what, logged.format, logged.public_release) == ("cases", "csv", False)
    assert logged.at == NOW
    assert logged.row_count == 2 == len(csv_rows(path)) - 1
    assert logged.file_name == "cases.csv"
    assert logged.sha256 == sha256(path) == result.sha256
    assert logged.filters["columns"] == HEADER == csv_rows(path)[0]
    assert logged.filters["query"] == {
        "search": None,
        "booked_from": "2010-01-01",
        "booked_to": None,
        "facility": "Alder County Main Jail",
        "custody_status": None,
        "sort": "booked_at",
        "descending": True,
        "subset": None,
    }
    audit = dict(
        db.execute(
            "SELECT field, new_value FROM audit_log WHERE table_name = 'exports' AND record_id = ? "
            "AND action = 'create' AND staff_id = ?",
            [logged.id, actor.id],
        ).fetchall()
    )
    assert audit["what"] == "cases" and audit["row_count"] == "2"
    assert audit["sha256"] == sha256(path) and audit["file_name"] == "cases.csv"
    assert audit["format"] == "csv" and audit["public_release"] == "0"
    assert '"facility": "Alder County Main Jail"' in audit["filters"]
    assert verify_chain(db).ok


def test_the_export_log_cannot_be_changed_or_emptied(db, actor, people, tmp_path):
    export(db, actor, tmp_path / "cases.csv")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE exports SET row_count = 0")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM exports")
    assert list_exports(db)[0].row_count == 3


def test_exporting_again_replaces_the_file_and_logs_a_second_row(db, actor, people, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("an older file")
    export(db, actor, path, CaseQuery(search="nguyen"))
    export(db, actor, path)
    assert len(csv_rows(path)) == 4
    assert [e.row_count for e in list_exports(db)] == [3, 1]
    assert list(tmp_path.glob(".*.saving")) == []


def test_an_instant_in_the_hour_that_happens_twice_names_its_zone(db, actor, people, tmp_path):
    # 11/07/2010: 01:30 PDT is 08:30 UTC, 01:30 PST an hour later.
    db.execute("UPDATE bookings SET booked_at = '2010-11-07T09:30:00+00:00' WHERE id = ?",
               [people[0]])  # fmt: skip
    db.execute("UPDATE bookings SET booked_at = '2010-11-07T12:00:00+00:00' WHERE id = ?",
               [people[1]])  # fmt: skip
    export(db, actor, tmp_path / "cases.csv", CaseQuery(sort=SortColumn.BOOKED_AT,
                                                        descending=False))  # fmt: skip
    booked = column(csv_rows(tmp_path / "cases.csv"), "Booked")
    assert booked[:2] == ["2010-11-07 01:30 PST", "2010-11-07 04:00"]
