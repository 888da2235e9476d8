"""Search, filters, sort and keyset paging of the case list (models.case_list)."""

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.case_list import (
    CaseQuery,
    SortColumn,
    count_cases,
    fetch_cases,
    fts_query,
    is_dense,
)
from models.case_window import CaseWindow
from models.cases import create_case
from models.records import CustodyStatus
from models.sample import insert_sample
from models.staff import current_staff
from models.stats.compute import statistics
from models.stats.figures import Selection
from models.stats.period import Period
from models.store import open_database

LA = ZoneInfo("America/Los_Angeles")
SAMPLED = 1234


def _case(factory, number, family, given=None, aliases=(), a_number=None, booked=None):
    case = factory()
    return case.replace(
        person=dataclasses.replace(case.person, family_name=family, given_names=given,
                                   aliases=aliases, a_number=a_number),
        booking=dataclasses.replace(case.booking, booking_number=number,
                                    booked_at=booked or case.booking.booked_at))


@pytest.fixture
def searchable(db, actor, case_factory):
    nunez = create_case(db, _case(case_factory, "2010-004512", "Núñez", "María José",
                                  aliases=("La Flaca",), a_number="A12345678"), actor)
    smith = create_case(db, _case(case_factory, "2010-000777", "Smith-Ortega", "Zoë"), actor)
    oneil = create_case(db, _case(case_factory, "2010-000778", "O'Neil", "Siobhán",
                                  a_number="A987654321"), actor)
    return db, nunez.id, smith.id, oneil.id


def found(db, text):
    return sorted(r.id for r in fetch_cases(db, CaseQuery(search=text), LA, limit=50))


def test_fts_query_quotes_each_word_as_a_prefix():
    assert fts_query("nunez maria") == '"nunez"* "maria"*'
    # Text that could be an A-number is searched both normalised and as typed.
    assert fts_query("a 12345678") == '"A012345678"* OR ("a"* "12345678"*)'
    assert fts_query("A012345678") == '"A012345678"*'
    assert fts_query('O"Neil') == '"O""Neil"*'


@pytest.mark.parametrize("text", ["", " ", "n", '"', "a.", "* -"])
def test_fewer_than_two_letters_or_digits_is_no_search(text):
    assert fts_query(text) is None


def test_search_ignores_accents_and_case(searchable):
    db, nunez, smith, _ = searchable
    assert found(db, "nunez") == [nunez]
    assert found(db, "NÚÑEZ maría") == [nunez]
    assert found(db, "zoe") == [smith]
    assert found(db, "ortega") == [smith]


@pytest.mark.parametrize("typed", ["a 12345678", "A012345678", "012345678", "12345678",
                                   "a-012-345-678"])
def test_search_by_a_number_in_any_typed_form(searchable, typed):
    db, nunez, _, _ = searchable
    assert found(db, typed) == [nunez]


def test_search_by_booking_number_and_alias(searchable):
    db, nunez, smith, oneil = searchable
    assert found(db, "2010-004512") == [nunez]
    assert found(db, "004512") == [nunez]
    assert found(db, "00077") == [smith, oneil]
    assert found(db, "flaca") == [nunez]
    assert found(db, "la fla") == [nunez]


@pytest.mark.parametrize("text", ['"', '"nunez', 'nunez"', '""', "O'Neil", 'O"Neil', "(nunez",
                                  "nunez OR", "NEAR(", "names:x", "a*b", "^nu", "-nunez", "'"])
def test_quotes_and_operators_in_the_search_do_not_crash(searchable, text):
    db = searchable[0]
    assert isinstance(count_cases(db, CaseQuery(search=text), LA), int)
    assert isinstance(fetch_cases(db, CaseQuery(search=text), LA), list)


def test_one_character_search_shows_everything(searchable):
    db = searchable[0]
    assert count_cases(db, CaseQuery(search="n"), LA) == 3


def test_search_by_booking_number_while_typing_and_numeric(searchable, actor, case_factory):
    db, _, smith, _ = searchable
    assert found(db, "2010-0007") == found(db, "2010-00077") == [smith, searchable[3]]
    numeric = create_case(db, _case(case_factory, "201004512", "Tran"), actor)
    assert found(db, "201004512") == [numeric.id]


def test_date_filter_uses_county_days(db, actor, case_factory):
    # 01/01/2010 00:00 PST is 2010-01-01 08:00 UTC: 07:59:59 UTC is still 12/31/2009 in county.
    late_2009 = datetime(2010, 1, 1, 7, 59, 59, tzinfo=UTC)
    early_2010 = datetime(2010, 1, 1, 8, 0, 0, tzinfo=UTC)
    # 07/04/2010 is PDT (UTC-7): 07/05/2010 00:00 local is 07:00 UTC, so 06:59 UTC is 07/04.
    july_4th_night = datetime(2010, 7, 5, 6, 59, tzinfo=UTC)
    july_5th = datetime(2010, 7, 5, 7, 0, tzinfo=UTC)
    ids = {}
    for n, when in enumerate((late_2009, early_2010, july_4th_night, july_5th)):
        ids[when] = create_case(db, _case(case_factory, f"B-{n}", "Tran", booked=when), actor).id

    def between(start, end):
        query = CaseQuery(booked_from=start, booked_to=end, descending=False)
        return [r.id for r in fetch_cases(db, query, LA)]

    assert between(date(2010, 1, 1), None) == [ids[early_2010], ids[july_4th_night],
                                              ids[july_5th]]
    assert between(None, date(2009, 12, 31)) == [ids[late_2009]]
    assert between(date(2010, 7, 4), date(2010, 7, 4)) == [ids[july_4th_night]]
    assert between(date(2010, 1, 1), date(2010, 7, 4)) == [ids[early_2010], ids[july_4th_night]]


@pytest.fixture(scope="module")
def sampled(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("window") / "sample.sqlite3")
    insert_sample(db, SAMPLED, current_staff(db, login="bench"))
    yield db
    db.close()


def _expected_ids(db, column, descending, where="", params=()):
    direction = "DESC" if descending else "ASC"
    # Facility and custody lists are ordered by booking time within each value.
    then = "b.booked_at, " if column in (SortColumn.FACILITY, SortColumn.CUSTODY) else ""
    order = ", ".join(f"{c.strip()} {direction}" for c in f"b.{column}, {then}b.id".split(","))
    return [r[0] for r in db.execute(
        f"SELECT b.id FROM bookings b JOIN persons p ON p.id = b.person_id {where} "
        f"ORDER BY {order}", list(params))]


def _access_order(n):
    return [n - 1, n // 2, *range(n), *range(n - 1, -1, -1)]


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("column", list(SortColumn))
def test_window_rows_equal_a_full_ordered_query(sampled, column, descending):
    expected = _expected_ids(sampled, column, descending)
    window = CaseWindow(sampled, LA, CaseQuery(sort=column, descending=descending),
                        page_size=50, max_pages=4)
    assert len(window) == len(expected) == SAMPLED
    order = _access_order(len(expected))
    assert [window.row(i).id for i in order] == [expected[i] for i in order]
    for i in (0, 1, 49, 50, 617, SAMPLED - 1):
        assert window.index_of(expected[i]) == i
    with pytest.raises(IndexError):
        window.row(SAMPLED)


FILTERS = {
    "facility": (CaseQuery(facility="Ridgeview Correctional Center"),
                 "WHERE b.facility = ?", ["Ridgeview Correctional Center"]),
    "custody": (CaseQuery(custody_status=CustodyStatus.IN_CUSTODY),
                "WHERE b.custody_status = ?", ["in_custody"]),
    # 01/01/2012 00:00 PST = 08:00 UTC; the day after 06/30/2014 starts 07/01 00:00 PDT = 07:00 UTC
    "dates": (CaseQuery(booked_from=date(2012, 1, 1), booked_to=date(2014, 6, 30)),
              "WHERE b.booked_at >= ? AND b.booked_at < ?",
              ["2012-01-01T08:00:00+00:00", "2014-07-01T07:00:00+00:00"]),
    "all_three": (CaseQuery(facility="Alder County Main Jail",
                            custody_status=CustodyStatus.RELEASED,
                            booked_from=date(2010, 7, 4), booked_to=date(2015, 1, 1)),
                  # 07/04/2010 00:00 PDT = 07:00 UTC; 01/02/2015 00:00 PST = 08:00 UTC
                  "WHERE b.facility = ? AND b.custody_status = ? AND b.booked_at >= ? "
                  "AND b.booked_at < ?", ["Alder County Main Jail", "released",
                                          "2010-07-04T07:00:00+00:00",
                                          "2015-01-02T08:00:00+00:00"]),
    "search": (CaseQuery(search="nunez"), "WHERE p.family_name = ?", ["Núñez"]),
}


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("column", [SortColumn.NAME, SortColumn.BOOKED_AT])
def test_filtered_window_rows_equal_a_full_ordered_query(sampled, name, column):
    base, where, params = FILTERS[name]
    query = dataclasses.replace(base, sort=column, descending=False)
    expected = _expected_ids(sampled, column, False, where, params)
    assert 10 < len(expected) < SAMPLED
    window = CaseWindow(sampled, LA, query, page_size=50, max_pages=3)
    assert len(window) == len(expected)
    order = _access_order(len(expected))
    assert [window.row(i).id for i in order] == [expected[i] for i in order]
    assert window.index_of(expected[-1]) == len(expected) - 1
    outside = next(i for i in range(1, SAMPLED + 1) if i not in set(expected))
    assert window.index_of(outside) is None


def test_window_rows_carry_what_the_table_shows(sampled):
    window = CaseWindow(sampled, LA, CaseQuery(sort=SortColumn.BOOKING_NUMBER), page_size=50)
    row = window.row(0)
    person = sampled.execute(
        "SELECT p.family_name, p.given_names, p.a_number, b.booking_number, b.facility "
        "FROM bookings b JOIN persons p ON p.id = b.person_id WHERE b.id = ?", [row.id]
    ).fetchone()
    assert row.person_name == f"{person[0]}, {person[1]}"
    assert (row.a_number, row.booking_number, row.facility) == person[2:]
    assert row.charge_summary
    assert row.response_type in {"ident_match", "no_match"}


def test_apostrophe_names_are_found_with_or_without_the_apostrophe(searchable):
    db, _, _, oneil = searchable
    assert found(db, "o'neil") == [oneil]
    assert found(db, "oneil") == [oneil]
    assert found(db, "neil siob") == [oneil]


@pytest.mark.parametrize("dense", [True, False], ids=["walk-sort-index", "filter-then-sort"])
@pytest.mark.parametrize("column", list(SortColumn))
def test_both_query_plans_give_the_same_pages(sampled, dense, column):
    base, where, params = FILTERS["all_three"]
    query = dataclasses.replace(base, sort=column, descending=True)
    expected = _expected_ids(sampled, column, True, where, params)
    got = fetch_cases(sampled, query, LA, limit=len(expected) + 5, dense=dense)
    assert [r.id for r in got] == expected
    last = fetch_cases(sampled, query, LA, limit=3, forward=False, dense=dense)
    assert [r.id for r in last] == expected[::-1][:3]


def test_dense_filters_walk_the_sort_index_and_sparse_ones_do_not(sampled):
    many = CaseQuery(facility="Alder County Main Jail", sort=SortColumn.NAME)
    assert is_dense(sampled, many, count_cases(sampled, many, LA))
    few = CaseQuery(search="nunez maria jose")
    assert not is_dense(sampled, few, count_cases(sampled, few, LA))
    assert not is_dense(sampled, CaseQuery(sort=SortColumn.NAME), SAMPLED)


def _two_by_number(*numbers) -> Selection:
    marks = ", ".join("?" * len(numbers))
    return Selection("Two bookings", f"SELECT b.id FROM bookings b WHERE b.booking_number IN "
                                     f"({marks})", tuple(numbers))


def test_a_subset_limits_the_rows_and_the_count_and_a_search_narrows_it(searchable, actor,
                                                                        case_factory):
    db, nunez, smith, oneil = searchable
    subset = _two_by_number("2010-004512", "2010-000778")  # Núñez and O'Neil, not Smith-Ortega
    query = CaseQuery(subset=subset)
    assert count_cases(db, query, LA) == 2
    assert sorted(r.id for r in fetch_cases(db, query, LA)) == [nunez, oneil]
    # "2010-0007" finds Smith-Ortega (000777) and O'Neil (000778); the subset keeps O'Neil.
    searched = dataclasses.replace(query, search="2010-0007")
    assert count_cases(db, searched, LA) == 1
    assert [r.id for r in fetch_cases(db, searched, LA)] == [oneil]
    assert CaseWindow(db, LA, searched).index_of(smith) is None
    assert count_cases(db, CaseQuery(search="2010-0007"), LA) == 2  # without it: both


def test_subset_parameters_follow_the_other_filters_in_order(searchable, actor, case_factory):
    db, nunez, _smith, oneil = searchable
    elsewhere = _case(case_factory, "2010-000779", "O'Neil", "Aoife",
                      booked=datetime(2011, 2, 1, 12, tzinfo=UTC))
    elsewhere = elsewhere.replace(booking=dataclasses.replace(elsewhere.booking,
                                                              facility="Ridgeview"))
    moved = create_case(db, elsewhere, actor).id
    subset = _two_by_number("2010-000778", "2010-000779")
    both = CaseQuery(search="oneil", subset=subset, sort=SortColumn.NAME, descending=False)
    assert sorted(r.id for r in fetch_cases(db, both, LA)) == sorted([oneil, moved])
    # Search, dates, facility and subset parameters each land on their own placeholder.
    narrowed = dataclasses.replace(both, booked_from=date(2011, 1, 1), facility="Ridgeview")
    for dense in (True, False):
        assert [r.id for r in fetch_cases(db, narrowed, LA, dense=dense)] == [moved]
    assert count_cases(db, narrowed, LA) == 1
    window = CaseWindow(db, LA, narrowed)
    assert (len(window), window.index_of(moved), window.index_of(nunez)) == (1, 0, None)


@pytest.mark.parametrize("dense", [True, False], ids=["walk-sort-index", "filter-then-sort"])
def test_the_cases_behind_a_figure_page_like_any_filtered_list(sampled, dense):
    stats = statistics(sampled, Period(date(2012, 1, 1), date(2014, 12, 31)), tz=LA)
    flagged = stats.flagged.cases
    expected = [r[0] for r in sampled.execute(
        f"SELECT b.id FROM bookings b WHERE b.id IN ({flagged.sql}) "
        "ORDER BY b.person_sort_name DESC, b.id DESC", flagged.params)]
    assert 10 < len(expected) == stats.flagged.value < SAMPLED
    query = CaseQuery(subset=flagged, sort=SortColumn.NAME)
    assert count_cases(sampled, query, LA) == len(expected)
    got = fetch_cases(sampled, query, LA, limit=len(expected) + 5, dense=dense)
    assert [r.id for r in got] == expected
    window = CaseWindow(sampled, LA, query, page_size=20, max_pages=2)
    order = _access_order(len(expected))
    assert [window.row(i).id for i in order] == [expected[i] for i in order]
    assert window.index_of(expected[-1]) == len(expected) - 1


def _temp_tables(db):
    return [r[0] for r in db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'")]


def test_the_window_finds_a_subset_once_and_again_on_refresh(searchable, actor, case_factory):
    db, nunez, _smith, oneil = searchable
    o_names = Selection("Family names in O", "SELECT b.id FROM bookings b JOIN persons p "
                        "ON p.id = b.person_id WHERE p.family_name LIKE ?", ("O%",))
    window = CaseWindow(db, LA, CaseQuery(subset=o_names))
    assert [window.row(i).id for i in range(len(window))] == [oneil]
    assert window.subset_total == 1 and len(_temp_tables(db)) == 1
    later = create_case(db, _case(case_factory, "2010-000900", "Ortiz",
                                  booked=datetime(2011, 5, 1, tzinfo=UTC)), actor).id
    window.set_query(CaseQuery(subset=o_names, search="2010-000"))  # same subset: kept as found
    assert len(window) == 1
    window.refresh()  # after a save: found again
    assert [window.row(i).id for i in range(len(window))] == [later, oneil]
    assert window.subset_total == 2 and window.index_of(nunez) is None
    window.set_query(CaseQuery())
    assert len(window) == 4 and _temp_tables(db) == []
