"""Dates and instants as a US county office types them (models.timeutil)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.timeutil import (
    DateParseError,
    format_date,
    format_local,
    from_db_instant,
    parse_date,
    parse_local_datetime,
    to_db_instant,
)

LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10/15/2010", date(2010, 10, 15)),
        ("1/5/2010", date(2010, 1, 5)),
        (" 02/29/2012 ", date(2012, 2, 29)),  # 2012 is a leap year
        ("2010-10-15", date(2010, 10, 15)),
        ("2010-1-5", date(2010, 1, 5)),
    ],
)
def test_parse_date_reads_us_and_iso_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_date_of_nothing_is_no_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["2/30/2010", "02/29/2010", "13/01/2010", "2010-13-01"])
def test_parse_date_refuses_days_that_do_not_exist(text):
    with pytest.raises(DateParseError, match="not a real calendar date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["tomorrow", "15.10.2010", "10/15/10", "Oct 15 2010"])
def test_parse_date_refuses_other_forms_and_says_how_to_type_one(text):
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert "MM/DD/YYYY" in str(info.value)


@pytest.mark.parametrize(
    "text, utc",
    [
        # October 2010 is daylight time, PDT = UTC-7: 10:30 + 7 h = 17:30 UTC.
        ("10/15/2010 10:30", datetime(2010, 10, 15, 17, 30, tzinfo=UTC)),
        # January is standard time, PST = UTC-8: 10:30 + 8 h = 18:30 UTC.
        ("01/15/2010 10:30", datetime(2010, 1, 15, 18, 30, tzinfo=UTC)),
        # 10:30 PM PDT = 22:30 + 7 h = 05:30 UTC the next day.
        ("10/15/2010 10:30 PM", datetime(2010, 10, 16, 5, 30, tzinfo=UTC)),
        ("10/15/2010 10:30 am", datetime(2010, 10, 15, 17, 30, tzinfo=UTC)),
        # 12:00 AM is midnight (00:00 PDT = 07:00 UTC); 12:15 PM is a quarter past noon (19:15 UTC).
        ("10/15/2010 12:00 AM", datetime(2010, 10, 15, 7, 0, tzinfo=UTC)),
        ("10/15/2010 12:15PM", datetime(2010, 10, 15, 19, 15, tzinfo=UTC)),
        ("10/15/2010 23:59:30", datetime(2010, 10, 16, 6, 59, 30, tzinfo=UTC)),
        # A date alone is local midnight: 00:00 PST = 08:00 UTC.
        ("01/15/2010", datetime(2010, 1, 15, 8, 0, tzinfo=UTC)),
    ],
)
def test_local_time_is_converted_to_utc(text, utc):
    value = parse_local_datetime(text, LA)
    assert value == utc
    assert value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text, utc",
    [
        # 2010 spring forward: Sunday 03/14/2010, 02:00 PST jumps to 03:00 PDT.
        ("03/14/2010 01:59", datetime(2010, 3, 14, 9, 59, tzinfo=UTC)),  # PST, +8 h
        ("03/14/2010 03:00", datetime(2010, 3, 14, 10, 0, tzinfo=UTC)),  # PDT, +7 h
        # 2010 fall back: Sunday 11/07/2010, 02:00 PDT goes back to 01:00 PST.
        ("11/06/2010 10:30", datetime(2010, 11, 6, 17, 30, tzinfo=UTC)),  # PDT, +7 h
        ("11/07/2010 00:30", datetime(2010, 11, 7, 7, 30, tzinfo=UTC)),  # PDT, +7 h
        ("11/07/2010 01:30 PDT", datetime(2010, 11, 7, 8, 30, tzinfo=UTC)),  # first 01:30
        ("11/07/2010 01:30 pst", datetime(2010, 11, 7, 9, 30, tzinfo=UTC)),  # second 01:30
        ("11/07/2010 03:00", datetime(2010, 11, 7, 11, 0, tzinfo=UTC)),  # PST, +8 h
        ("11/08/2010 10:30", datetime(2010, 11, 8, 18, 30, tzinfo=UTC)),  # PST, +8 h
    ],
)
def test_times_around_the_clock_changes_convert_with_the_right_offset(text, utc):
    assert parse_local_datetime(text, LA) == utc


@pytest.mark.parametrize("text", ["03/14/2010 02:30", "03/14/2010 02:00", "3/14/2010 2:59 AM"])
def test_time_in_the_spring_forward_gap_is_refused(text):
    with pytest.raises(DateParseError, match="does not exist in America/Los_Angeles"):
        parse_local_datetime(text, LA)


def test_iso_time_in_the_spring_forward_gap_is_refused():
    with pytest.raises(DateParseError):
        parse_local_datetime("2010-03-14T02:30", LA)


def test_iso_instant_with_an_offset_is_kept_as_that_instant():
    # 10:30-07:00 is 17:30 UTC; a naive ISO time is county time (January: PST, +8 h).
    assert parse_local_datetime("2010-10-15T10:30:00-07:00", LA) == datetime(
        2010, 10, 15, 17, 30, tzinfo=UTC
    )
    assert parse_local_datetime("2010-01-15T10:30", LA) == datetime(2010, 1, 15, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, words",
    [
        ("10/15/2010 25:00", "not a real time"),
        ("10/15/2010 10:61", "not a real time"),
        ("10/15/2010 13:00 PM", "1 to 12"),
        ("10/15/2010 0:30 AM", "1 to 12"),
        ("10/15/2010 noon", "MM/DD/YYYY HH:MM"),
        ("2/30/2010 10:00", "2/30/2010"),
    ],
)
def test_impossible_times_are_refused(text, words):
    with pytest.raises(DateParseError, match=words):
        parse_local_datetime(text, LA)


def test_empty_datetime_is_no_datetime():
    assert parse_local_datetime("  ", LA) is None


def test_instants_are_stored_as_fixed_width_utc_text():
    # 10:30 PDT = 17:30 UTC; microseconds are dropped.
    local = datetime(2010, 10, 15, 10, 30, 5, 999, tzinfo=LA)
    assert to_db_instant(local) == "2010-10-15T17:30:05+00:00"
    assert from_db_instant("2010-10-15T17:30:05+00:00") == local.replace(microsecond=0)
    assert to_db_instant(None) is None
    with pytest.raises(ValueError, match="naive"):
        to_db_instant(datetime(2010, 10, 15, 10, 30))


def test_instants_are_shown_in_county_wall_clock_time():
    # 18:30 UTC in January is 10:30 PST; 17:30 UTC in October is 10:30 PDT.
    assert format_local(datetime(2010, 1, 15, 18, 30, tzinfo=UTC), LA) == "01/15/2010 10:30"
    assert format_local(datetime(2010, 10, 15, 17, 30, tzinfo=UTC), LA) == "10/15/2010 10:30"
    assert format_local(None, LA) == ""
    assert format_date(date(2010, 3, 9)) == "03/09/2010"


def test_the_repeated_autumn_hour_must_name_its_zone():
    with pytest.raises(DateParseError, match="happens twice.*add PDT for the first or PST"):
        parse_local_datetime("11/07/2010 01:30", LA)
    with pytest.raises(DateParseError, match="is on PDT or PST"):
        parse_local_datetime("11/07/2010 01:30 EST", LA)


def test_an_ambiguous_instant_is_shown_with_its_zone_and_reads_back_the_same():
    from models.timeutil import format_local

    second = datetime(2010, 11, 7, 9, 30, tzinfo=UTC)  # 01:30 PST, the second one
    assert format_local(second, LA) == "11/07/2010 01:30 PST"
    assert parse_local_datetime(format_local(second, LA), LA) == second
    assert format_local(datetime(2010, 10, 15, 17, 30, tzinfo=UTC), LA) == "10/15/2010 10:30"


@pytest.mark.parametrize(
    "text",
    ["12/31/9999 23:59", "01/01/0001 00:00", "0001-01-01T00:00:00+00:00", "1899-12-31T23:00"],
)
def test_a_year_no_record_can_have_is_a_clear_error_not_a_crash(text):
    # 12/31/9999 and 01/01/0001 are exports' "no date" markers; near them the calendar ends.
    with pytest.raises(DateParseError, match="use a year from 1900 to 2100"):
        parse_local_datetime(text, LA)


def test_dates_outside_1900_to_2100_are_refused():
    from models.timeutil import parse_date

    with pytest.raises(DateParseError, match="use a year from 1900 to 2100"):
        parse_date("12/31/9999")
    assert parse_date("01/01/1900").year == 1900


def test_an_iso_time_in_the_repeated_autumn_hour_may_name_its_zone():
    # 11/07/2010 01:30 happens twice in Los Angeles: 08:30 UTC (PDT), then 09:30 UTC (PST).
    assert parse_local_datetime("2010-11-07T01:30 PDT", LA) == datetime(
        2010, 11, 7, 8, 30, tzinfo=UTC
    )
    assert parse_local_datetime("2010-11-07T01:30 PST", LA) == datetime(
        2010, 11, 7, 9, 30, tzinfo=UTC
    )
    with pytest.raises(DateParseError, match="happens twice"):
        parse_local_datetime("2010-11-07T01:30", LA)
