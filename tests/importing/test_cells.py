"""Cells: redaction markers, the date forms jail exports use, and instants in county time."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.importing.cells import CellError, parse_date, parse_instant, redaction_marker

TODAY = date(2026, 11, 25)
LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    "text",
    ["(b)(6),(b)(7)(c )", "(b)(7)(E )", "(b)(6)", "(b)(7)(C)", "(b)(6), (b)(7)(C)", "(B)(6)"],
)
def test_foia_redaction_markers_are_recognised_as_written(text):
    assert redaction_marker(text) == text
    assert redaction_marker(f"  {text} ") == text


@pytest.mark.parametrize(
    "text", ["(b) street", "(b)", "b6", "(b)(6) SMITH", "SMITH (b)(6)", "", "(6)(b)", "MEXICO"]
)
def test_ordinary_text_is_not_a_redaction_marker(text):
    assert redaction_marker(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/3/2016", date(2016, 10, 3)),  # M/D/YYYY without padding (the ICE release)
        ("9/29/2017", date(2017, 9, 29)),
        ("03/04/1985", date(1985, 3, 4)),
        ("2017-04-21", date(2017, 4, 21)),
        ("2017-04-21 11:43:00", date(2017, 4, 21)),
        ("2017-04-21 11:43", date(2017, 4, 21)),
        ("2017-04-21T11:43:00", date(2017, 4, 21)),
        ("12MAR08", date(2008, 3, 12)),
        ("12-MAR-2008", date(2008, 3, 12)),
        ("12MAR2008", date(2008, 3, 12)),
        ("3-Mar-08", date(2008, 3, 3)),
        ("4/21/2017 11:43 AM", date(2017, 4, 21)),
        ("4/21/2017 11:43 PM", date(2017, 4, 21)),
        ("4/21/2017 11:43:05 pm", date(2017, 4, 21)),
        (" 4/21/2017 ", date(2017, 4, 21)),
    ],
)
def test_date_forms(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/55", date(1955, 3, 4)),  # 2055 is after today
        ("12MAR08", date(2008, 3, 12)),  # 2008 is not
        ("01/02/03", date(2003, 1, 2)),
        ("11/25/26", date(2026, 11, 25)),  # this year
        ("12/20/26", date(2026, 12, 20)),  # later this year is still this year (a release date)
        ("01/02/27", date(1927, 1, 2)),  # next year is not
        ("02-JAN-99", date(1999, 1, 2)),
    ],
)
def test_two_digit_years_are_this_century_unless_that_year_is_after_this_one(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_the_century_follows_the_today_passed_in_even_when_memoised():
    assert parse_date("01/02/27", today=date(2026, 11, 25)) == date(1927, 1, 2)
    assert parse_date("01/02/27", today=date(2027, 1, 1)) == date(2027, 1, 2)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2/30/2017", "February has no 30th day"),
        ("4/31/2017", "April has no 31st day"),
        ("2/29/2017", "February 2017 has no 29th day (2017 is not a leap year)"),
        ("13/01/2017", "there is no month 13"),
        ("0/10/2017", "there is no month 0"),
        ("1/0/2017", "there is no day 0"),
        ("2017-02-30", "February has no 30th day"),
        ("31JUN2008", "June has no 31st day"),
        ("12FOO08", "“FOO” is not a month (use JAN, FEB, … DEC)"),
        ("12/31/9999", "the year 9999 is outside 1900–2100"),
        ("4/21/2017 13:00 PM", "with AM/PM the hour must be 1 to 12, not 13"),
        ("2017-04-21 24:00", "there is no hour 24"),
        ("2017-04-21 11:60", "11:60 is not a time of day"),
        ("", "no date given"),
        ("yesterday", "not a date this import can read (use M/D/YYYY, YYYY-MM-DD or 12MAR2008)"),
        ("21/4/2017x", "not a date this import can read (use M/D/YYYY, YYYY-MM-DD or 12MAR2008)"),
    ],
)
def test_impossible_dates_give_a_reason(text, reason):
    with pytest.raises(CellError) as caught:
        parse_date(text, today=TODAY)
    assert str(caught.value) == reason


def test_leap_day_is_a_real_date():
    assert parse_date("2/29/2016", today=TODAY) == date(2016, 2, 29)


def test_a_memoised_error_is_raised_fresh_each_time():
    with pytest.raises(CellError) as first:
        parse_date("2/30/2017", today=TODAY)
    with pytest.raises(CellError) as second:
        parse_date("2/30/2017", today=TODAY)
    assert first.value is not second.value
    assert str(first.value) == str(second.value)


# Instants. Los Angeles is UTC-7 in summer (PDT) and UTC-8 in winter (PST); in 2017 the clocks
# went forward at 02:00 on Sunday 12 March and back at 02:00 on Sunday 5 November.
@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("7/4/2017", datetime(2017, 7, 4, 7, 0, tzinfo=UTC)),  # date only: 00:00 PDT
        ("1/15/2017", datetime(2017, 1, 15, 8, 0, tzinfo=UTC)),  # 00:00 PST
        ("2017-04-21 11:43:00", datetime(2017, 4, 21, 18, 43, tzinfo=UTC)),
        ("4/21/2017 11:43 PM", datetime(2017, 4, 22, 6, 43, tzinfo=UTC)),  # next day in UTC
        ("4/21/2017 12:05 AM", datetime(2017, 4, 21, 7, 5, tzinfo=UTC)),
        ("4/21/2017 12:05 PM", datetime(2017, 4, 21, 19, 5, tzinfo=UTC)),
        ("12-DEC-2016", datetime(2016, 12, 12, 8, 0, tzinfo=UTC)),
        ("2017-04-21T11:43:00Z", datetime(2017, 4, 21, 11, 43, tzinfo=UTC)),  # offset kept
        ("2017-04-21T11:43:00-05:00", datetime(2017, 4, 21, 16, 43, tzinfo=UTC)),
    ],
)
def test_instants_are_county_wall_time_in_utc(text, utc):
    value = parse_instant(text, LA, today=TODAY)
    assert value == utc
    assert value.utcoffset().total_seconds() == 0


def test_the_same_date_in_another_county_is_another_instant():
    new_york = ZoneInfo("America/New_York")
    assert parse_instant("1/15/2017", new_york, today=TODAY) == datetime(
        2017, 1, 15, 5, 0, tzinfo=UTC
    )


def test_a_time_the_clocks_skip_is_read_with_the_offset_before_the_change():
    # 02:30 does not exist on 12 March 2017 in Los Angeles; read as 02:30 PST (UTC-8), which
    # is 10:30 UTC, shown on the clock after the change as 03:30 PDT.
    value = parse_instant("2017-03-12 02:30", LA, today=TODAY)
    assert value == datetime(2017, 3, 12, 10, 30, tzinfo=UTC)
    assert value.astimezone(LA).strftime("%H:%M %Z") == "03:30 PDT"


def test_a_time_that_happens_twice_is_the_first_one():
    # 01:30 on 5 November 2017 happens in PDT (08:30 UTC) and again in PST (09:30 UTC).
    value = parse_instant("11/5/2017 1:30 AM", LA, today=TODAY)
    assert value == datetime(2017, 11, 5, 8, 30, tzinfo=UTC)


def test_instant_errors_are_cell_errors_with_the_same_reasons():
    with pytest.raises(CellError, match="^February has no 30th day$"):
        parse_instant("2/30/2017 10:00", LA, today=TODAY)
    with pytest.raises(CellError, match="^no date given$"):
        parse_instant("  ", LA, today=TODAY)
