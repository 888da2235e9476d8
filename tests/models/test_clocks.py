"""Hold expiry, due dates, holidays and countdowns (models.clocks), each worked out by hand."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.clocks import (
    BUILTIN_DUE_RULES,
    BUILTIN_HOLD_RULES,
    ClockState,
    DueRule,
    HoldRule,
    HolidayCalendar,
    SkippedDay,
    clock_state,
    countdown,
    due_by,
    due_rule,
    hold_expiry,
    hold_rule,
)

LA = ZoneInfo("America/Los_Angeles")
FURLOUGH = {date(2010, 10, 18): "Furlough day"}


def at(year, month, day, hour=0, minute=0, second=0):
    """A wall-clock time in Los Angeles (never in the repeated autumn hour here)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=LA)


def expiry(code, start, state="CA", county=None):
    return hold_expiry(hold_rule(code), start, LA, HolidayCalendar(state, county))


SKIP = "48h_excluding_weekends_holidays"


# fmt: off
@pytest.mark.parametrize("code, state, county, start, expected", [
    # Fri 9 h; Sat and Sun skipped; Mon 24 h (33); the last 15 h end Tue 15:00.
    (SKIP, "CA", None, at(2010, 10, 15, 15), at(2010, 10, 19, 15)),
    # Fri 9 h; Sat, Sun and Labor Day Mon skipped; Tue 24 h (33); Wed 15 h.
    (SKIP, "CA", None, at(2010, 9, 3, 15), at(2010, 9, 8, 15)),
    # Wed 14 h; Thanksgiving Thu, Day After Thanksgiving (CA) Fri, Sat, Sun skipped;
    # Mon 24 h (38); Tue the last 10 h.
    (SKIP, "CA", None, at(2010, 11, 24, 10), at(2010, 11, 30, 10)),
    # Without a state the Friday after Thanksgiving counts: Wed 14, Fri 24 (38), Mon 10 h.
    (SKIP, None, None, at(2010, 11, 24, 10), at(2010, 11, 29, 10)),
    # Tue 12 h; Cesar Chavez Day Wed 3/31 is a CA holiday, skipped; Thu 24 h (36); Fri 12 h.
    (SKIP, "CA", None, at(2010, 3, 30, 12), at(2010, 4, 2, 12)),
    # New York does not keep Cesar Chavez Day: Tue 12, Wed 24 (36), Thu 12 h.
    (SKIP, "NY", None, at(2010, 3, 30, 12), at(2010, 4, 1, 12)),
    # Fri 9 h; Sat, Sun and the county furlough Mon skipped; Tue 24 h (33); Wed 15 h.
    (SKIP, "CA", FURLOUGH, at(2010, 10, 15, 15), at(2010, 10, 20, 15)),
    # A Saturday start counts from Mon 00:00: Mon 24, Tue 24, so it ends as Tuesday ends.
    (SKIP, "CA", None, at(2010, 10, 16, 10), at(2010, 10, 20, 0)),
    # A start on Labor Day counts from Tue 00:00: Tue 24, Wed 24, ends as Wednesday ends.
    (SKIP, "CA", None, at(2010, 9, 6, 8), at(2010, 9, 9, 0)),
    # Thu 7 h; Christmas observed Fri 12/24, Sat, Sun skipped; Mon 24 h (31); Tue 17 h.
    (SKIP, "CA", None, at(2010, 12, 23, 17), at(2010, 12, 28, 17)),
    # Thu 9 h; New Year's Day observed Fri 12/31, Sat 1/1, Sun skipped; Mon 24 (33); Tue 15.
    (SKIP, "CA", None, at(2010, 12, 30, 15), at(2011, 1, 4, 15)),
    # Fri 9 h PST; the skipped Sunday holds the spring change; Mon 24 h PDT; Tue 15:00 PDT.
    (SKIP, "CA", None, at(2010, 3, 12, 15), at(2010, 3, 16, 15)),
    # 48 real hours from Sat 10:00 PDT; clocks go back Sun, so the wall clock shows 09:00 PST.
    ("48h_clock", "CA", None, at(2010, 11, 6, 10), at(2010, 11, 8, 9)),
    # Clock time: the weekend counts, Fri 15:00 + 48 h = Sun 15:00.
    ("48h_clock", "CA", None, at(2010, 10, 15, 15), at(2010, 10, 17, 15)),
    # Clock time: Thanksgiving and the day after count, Wed 10:00 + 48 h = Fri 10:00.
    ("48h_clock", "CA", None, at(2010, 11, 24, 10), at(2010, 11, 26, 10)),
    # The local 24-hour cap: Fri 15:00 + 24 h = Sat 15:00, weekends count.
    ("24h_local_cap", "CA", None, at(2010, 10, 15, 15), at(2010, 10, 16, 15)),
])
# fmt: on
def test_hold_expiry_worked_by_hand(code, state, county, start, expected):
    deadline = expiry(code, start, state, county)
    assert deadline.is_permitted
    assert deadline.due_at == expected
    assert deadline.due_at.tzinfo == UTC
    assert deadline.starts_at == start


def test_hold_over_the_spring_change_lasts_one_real_hour_less_than_four_days():
    deadline = expiry(SKIP, at(2010, 3, 12, 15))
    # Fri 15:00 PST to Tue 15:00 PDT: 4 days less the hour skipped on the (skipped) Sunday.
    assert deadline.due_at - deadline.starts_at == timedelta(days=4, hours=-1)
    assert deadline.steps[-1] == "The hold ends at the latest Tue 03/16/2010 15:00 PDT."


def test_hold_trail_names_the_rule_the_start_and_each_skipped_day():
    deadline = expiry(SKIP, at(2010, 11, 24, 10))
    assert deadline.skipped == (
        SkippedDay(date(2010, 11, 25), "Thanksgiving Day (federal holiday)"),
        SkippedDay(date(2010, 11, 26), "Day After Thanksgiving (California holiday)"),
        SkippedDay(date(2010, 11, 27), "Saturday"),
        SkippedDay(date(2010, 11, 28), "Sunday"),
    )
    steps = deadline.steps
    assert steps[0].startswith("Rule: 48 hours, not counting weekends and holidays")
    assert "8 CFR 287.7(d)" in steps[0]
    assert steps[1] == (
        "Clock starts Wed 11/24/2010 10:00 PST, when the person would otherwise be released."
    )
    for text in ("Thu 11/25/2010", "Fri 11/26/2010", "Sat 11/27/2010", "Sun 11/28/2010"):
        assert sum(text in s and "skipped" in s for s in steps) == 1
    assert "Wed 11/24/2010 counts 14 h (from 10:00 PST); 34 h left." in steps
    assert "Mon 11/29/2010 counts 24 h (the whole day); 10 h left." in steps
    assert steps[-1] == "The hold ends at the latest Tue 11/30/2010 10:00 PST."


def test_hold_that_ends_at_midnight_says_so():
    steps = expiry(SKIP, at(2010, 10, 16, 10)).steps
    assert "Tue 10/19/2010: the last 24 h run out at midnight, the end of the day." in steps
    assert steps[-1] == "The hold ends at the latest Wed 10/20/2010 00:00 PDT."


def test_clock_time_hold_explains_the_autumn_change():
    deadline = expiry("48h_clock", at(2010, 11, 6, 10))
    assert deadline.skipped == ()
    assert (
        "Clocks went back one hour on Sun 11/07/2010; the hold still lasts 48 hours of real "
        "time and ends at 09:00 PST." in deadline.steps
    )
    assert deadline.due_at - deadline.starts_at == timedelta(hours=48)


def test_clock_time_hold_without_a_change_does_not_mention_one():
    deadline = expiry("48h_clock", at(2010, 10, 15, 15))
    assert not any("Clocks went" in s for s in deadline.steps)


def test_not_permitted_means_no_hold_and_one_explanation():
    start = at(2010, 10, 15, 15)
    deadline = expiry("not_permitted", start)
    assert not deadline.is_permitted
    assert (deadline.due_at, deadline.due_date, deadline.skipped) == (None, None, ())
    assert deadline.starts_at == start
    (step,) = deadline.steps
    assert step.startswith("Rule: No hold permitted")
    assert "No hold is permitted" in step and "Fri 10/15/2010 15:00 PDT" in step


def test_a_hold_cannot_start_at_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        expiry(SKIP, datetime(2010, 10, 15, 15))


def test_unknown_rule_codes_are_named():
    with pytest.raises(ValueError, match="unknown hold rule 'x'; known: 48h_excluding"):
        hold_rule("x")
    with pytest.raises(ValueError, match="unknown due rule 'y'; known: cpra_determination"):
        due_rule("y")


# fmt: off
@pytest.mark.parametrize("code, start, extended, expected", [
    # +30 = Sat 10/16; Sat and Sun pass over to Mon 10/18.
    ("reply_30_days", date(2010, 9, 16), False, date(2010, 10, 18)),
    # +14 = Mon 9/6, Labor Day; moves to Tue 9/7.
    ("followup_14_days", date(2010, 8, 23), False, date(2010, 9, 7)),
    # +14 = Thu 11/25 Thanksgiving; Fri (CA), Sat, Sun pass over to Mon 11/29.
    ("followup_14_days", date(2010, 11, 11), False, date(2010, 11, 29)),
    # +14 = Fri 10/15, a business day: no move.
    ("followup_14_days", date(2010, 10, 1), False, date(2010, 10, 15)),
    # Tue 9/7 .. Fri 9/10 are business days 1-4 (Sat, Sun, Labor Day skipped); Mon 9/13 is 5.
    ("business_days_5", date(2010, 9, 3), False, date(2010, 9, 13)),
    # Tue 23, Wed 24 (2); Thu-Sun skipped; Mon 29 - Fri 12/3 (7); Mon 6, Tue 7, Wed 12/8 (10).
    ("business_days_10", date(2010, 11, 22), False, date(2010, 12, 8)),
    # +10 = Mon 10/25, a business day.
    ("cpra_determination", date(2010, 10, 15), False, date(2010, 10, 25)),
    # +10 = Sat 11/27; Sat and Sun pass over to Mon 11/29.
    ("cpra_determination", date(2010, 11, 17), False, date(2010, 11, 29)),
    # Extended: 10/25 + 14 = Mon 11/8.
    ("cpra_determination", date(2010, 10, 15), True, date(2010, 11, 8)),
    # Extended from the unmoved base Sat 11/27: + 14 = Sat 12/11, moves to Mon 12/13.
    ("cpra_determination", date(2010, 11, 17), True, date(2010, 12, 13)),
    # Extended: Thu 10/28 + 14 = Thu 11/11, Veterans Day; moves to Fri 11/12.
    ("cpra_determination", date(2010, 10, 18), True, date(2010, 11, 12)),
])
# fmt: on
def test_due_dates_worked_by_hand(code, start, extended, expected):
    deadline = due_by(due_rule(code), start, LA, HolidayCalendar("CA"), extended=extended)
    assert deadline.due_date == expected
    assert deadline.start_date == start
    assert deadline.starts_at is None
    # Overdue only once the due day has ended: due_at is the next local midnight.
    next_day = expected + timedelta(days=1)
    assert deadline.due_at == at(next_day.year, next_day.month, next_day.day)


def test_roll_forward_trail_names_each_day_passed_over():
    deadline = due_by(due_rule("followup_14_days"), date(2010, 11, 11), LA, HolidayCalendar("CA"))
    assert [s.day for s in deadline.skipped] == [date(2010, 11, d) for d in (25, 26, 27, 28)]
    assert deadline.steps[0] == "Rule: Follow up after 14 days (source: Office practice)."
    assert deadline.steps[1] == (
        "The count starts on Thu 11/11/2010; that day itself is not counted."
    )
    assert (
        "Thu 11/25/2010 is not a business day (Thanksgiving Day (federal holiday)): the due "
        "date moves on." in deadline.steps
    )
    for text in ("Fri 11/26/2010", "Sat 11/27/2010", "Sun 11/28/2010"):
        assert any(s.startswith(text) for s in deadline.steps)
    assert deadline.steps[-1] == "Due Mon 11/29/2010; overdue only once that day has ended."


def test_business_day_trail_names_each_day_not_counted():
    deadline = due_by(due_rule("business_days_5"), date(2010, 9, 3), LA, HolidayCalendar("CA"))
    assert [s.reason for s in deadline.skipped] == [
        "Saturday",
        "Sunday",
        "Labor Day (federal holiday)",
        "Saturday",
        "Sunday",
    ]
    assert "Mon 09/06/2010 is not a business day: Labor Day (federal holiday)." in deadline.steps


def test_extension_trail_shows_the_original_and_the_extended_date():
    deadline = due_by(
        due_rule("cpra_determination"), date(2010, 11, 17), LA, HolidayCalendar("CA"), extended=True
    )
    assert "Cal. Gov. Code 7922.535" in deadline.steps[0]
    assert "Original due date without the extension: Mon 11/29/2010." in deadline.steps
    assert (
        "The extension adds 14 days: Sat 11/27/2010 plus 14 days is Sat 12/11/2010."
        in deadline.steps
    )
    # Only the extended date's roll-forward is in `skipped`.
    assert [s.day for s in deadline.skipped] == [date(2010, 12, 11), date(2010, 12, 12)]
    assert deadline.steps[-1] == (
        "Due (extended) Mon 12/13/2010; overdue only once that day has ended."
    )


def test_extension_of_a_rule_without_one_is_refused():
    with pytest.raises(ValueError, match="no extension"):
        due_by(due_rule("reply_30_days"), date(2010, 9, 16), LA, HolidayCalendar(), extended=True)


def test_a_rule_that_does_not_roll_forward_keeps_a_weekend_due_date():
    rule = DueRule("fixed_14", "Exactly 14 days", "calendar_days", 14, None, False, "Test")
    deadline = due_by(rule, date(2010, 10, 2), LA, HolidayCalendar("CA"))
    # Sat 10/2 + 14 = Sat 10/16, which this rule does not move.
    assert deadline.due_date == date(2010, 10, 16)
    assert deadline.skipped == ()
    assert "Sat 10/16/2010 is Saturday; this rule does not move the due date." in deadline.steps


# fmt: off
@pytest.mark.parametrize("state, county, day, expected", [
    ("CA", None, date(2010, 11, 25), "Thanksgiving Day (federal holiday)"),
    ("CA", None, date(2010, 11, 26), "Day After Thanksgiving (California holiday)"),
    (None, None, date(2010, 11, 26), None),  # not a federal holiday
    ("CA", None, date(2010, 3, 31), "Cesar Chavez Day (California holiday)"),
    ("ny", None, date(2010, 3, 31), None),  # only California keeps it
    ("CA", None, date(2010, 12, 24), "Christmas Day (observed) (federal holiday)"),
    ("CA", None, date(2010, 12, 31), "New Year's Day (observed) (federal holiday)"),
    # California calls it Presidents' Day; the federal holiday is listed once, by its name.
    ("CA", None, date(2010, 2, 15), "Washington's Birthday (federal holiday)"),
    ("CA", None, date(2010, 10, 11), "Columbus Day (federal holiday)"),  # federal still counts
    ("DC", None, date(2010, 4, 16), "Emancipation Day (District of Columbia holiday)"),
    ("CA", FURLOUGH, date(2010, 10, 18), "Furlough day (county holiday)"),
    ("CA", {date(2010, 11, 25): "Staff day"}, date(2010, 11, 25),
     "Thanksgiving Day (federal holiday); Staff day (county holiday)"),
    ("CA", None, date(2010, 10, 18), None),
])
# fmt: on
def test_holiday_labels(state, county, day, expected):
    assert HolidayCalendar(state, county).holiday(day) == expected


@pytest.mark.parametrize(
    "day, reason",
    [
        (date(2010, 10, 16), "Saturday"),
        (date(2010, 10, 17), "Sunday"),
        (date(2010, 12, 25), "Saturday; Christmas Day (federal holiday)"),
        (date(2010, 9, 6), "Labor Day (federal holiday)"),
        (date(2010, 10, 18), None),
    ],
)
def test_skip_reason_and_business_days(day, reason):
    calendar = HolidayCalendar("CA")
    assert calendar.skip_reason(day) == reason
    assert calendar.is_business_day(day) is (reason is None)


def test_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown US state"):
        HolidayCalendar("ZZ")


HOLD_DUE = at(2010, 10, 19, 15)
DATE_DUE = at(2010, 10, 26)  # the end of Mon 10/25/2010, a date deadline's due_at


# fmt: off
@pytest.mark.parametrize("due_at, now, expected", [
    (HOLD_DUE, HOLD_DUE - timedelta(seconds=1), ClockState.DUE_TODAY),  # a second to go
    (HOLD_DUE, HOLD_DUE, ClockState.DUE_TODAY),  # at the instant it is not yet overdue
    (HOLD_DUE, HOLD_DUE + timedelta(seconds=1), ClockState.OVERDUE),  # strictly after
    (HOLD_DUE, at(2010, 10, 19, 0, 0), ClockState.DUE_TODAY),  # same local day
    (HOLD_DUE, at(2010, 10, 18, 23, 59), ClockState.RUNNING),  # the day before
    (DATE_DUE, at(2010, 10, 25, 23, 59), ClockState.DUE_TODAY),  # due today is not overdue
    (DATE_DUE, at(2010, 10, 25, 0, 0), ClockState.DUE_TODAY),  # the due day has begun
    (DATE_DUE, at(2010, 10, 26, 0, 0, 1), ClockState.OVERDUE),  # the due day has ended
    (DATE_DUE, at(2010, 10, 24, 12), ClockState.RUNNING),  # the day before
])
# fmt: on
def test_clock_state_at_the_boundaries(due_at, now, expected):
    assert clock_state(due_at, now, LA) == expected


def test_date_deadline_state_follows_due_by():
    deadline = due_by(due_rule("cpra_determination"), date(2010, 10, 15), LA, HolidayCalendar())
    assert deadline.due_at == DATE_DUE
    assert clock_state(deadline.due_at, at(2010, 10, 25, 17), LA) == ClockState.DUE_TODAY


# fmt: off
@pytest.mark.parametrize("left, expected", [
    (timedelta(days=1, hours=3), "1 d 3 h left"),
    (timedelta(hours=2, minutes=5), "2 h 05 min left"),
    (timedelta(minutes=45), "45 min left"),
    (timedelta(minutes=45, seconds=30), "45 min left"),  # time left rounds down
    (timedelta(seconds=20), "under 1 min left"),
    (timedelta(0), "0 min left"),
    (-timedelta(hours=3, minutes=10), "overdue by 3 h 10 min"),
    (-timedelta(days=2, hours=1), "overdue by 2 d 1 h"),
    (-timedelta(seconds=30), "overdue by 1 min"),  # time overdue rounds up
])
# fmt: on
def test_countdown_texts(left, expected):
    now = at(2010, 10, 19, 9)
    assert countdown(now + left, now) == expected


def test_builtin_rules_equal_the_seeded_rows(db):
    holds = db.execute(
        "SELECT code, label, hours, skips_non_business_days, source FROM hold_rules"
    ).fetchall()
    assert {r[0]: HoldRule(*r[:3], bool(r[3]), r[4]) for r in holds} == BUILTIN_HOLD_RULES
    dues = db.execute(
        "SELECT code, label, kind, days, extension_days, roll_forward, source FROM due_rules"
    ).fetchall()
    assert {r[0]: DueRule(*r[:5], bool(r[5]), r[6]) for r in dues} == BUILTIN_DUE_RULES
    assert all(isinstance(r.skips_non_business_days, bool) for r in BUILTIN_HOLD_RULES.values())
    assert not BUILTIN_HOLD_RULES["not_permitted"].is_permitted
