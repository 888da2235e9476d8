"""The fast booking-time path gives exactly what the full parser gives, DST days included."""

from __future__ import annotations

from datetime import UTC, date
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from models.importing.cells import parse_instant
from models.importing.convert import _quick_instant

TODAY = date(2026, 11, 25)
NAMES = ("America/Los_Angeles", "America/New_York", "Pacific/Honolulu", "America/Phoenix",
         "Australia/Lord_Howe", "Asia/Kolkata")  # fmt: skip
ZONES = [ZoneInfo(z) for z in NAMES]
#: Days around the changes of offset, where a cached hour could go wrong.
DAYS = [date(2017, 3, 12), date(2017, 11, 5), date(2016, 3, 13), date(2016, 11, 6),
        date(2017, 4, 2), date(2017, 10, 1), date(2017, 6, 15)]  # fmt: skip


def _full(cell: str, tz: ZoneInfo) -> str:
    value = parse_instant(cell, tz, today=TODAY)
    return value.astimezone(UTC).isoformat()


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(DAYS),
    st.integers(0, 23),
    st.integers(0, 59),
    st.booleans(),
)
def test_the_cached_hour_gives_what_the_parser_gives(tz, day, hour, minute, twelve_hour):
    days, hours = {}, {}
    if twelve_hour:
        clock = f"{hour % 12 or 12}:{minute:02d} {'PM' if hour >= 12 else 'AM'}"
    else:
        clock = f"{hour}:{minute:02d}"
    cell = f"{day.month}/{day.day}/{day.year} {clock}"
    quick = _quick_instant(cell, days, hours, tz, TODAY)
    again = _quick_instant(cell, days, hours, tz, TODAY)  # from the cache this time
    full = _full(cell, tz)
    if quick is not None:
        assert quick == full == again


def test_a_booking_time_is_stored_in_utc_worked_out_by_hand():
    la = ZoneInfo("America/Los_Angeles")
    # 3/1/2017 is PST (UTC-8): 8:05 PM is 04:05 UTC the next day.
    assert _quick_instant("3/1/2017 8:05 PM", {}, {}, la, TODAY) == "2017-03-02T04:05:00+00:00"
    # 7/4/2017 is PDT (UTC-7).
    assert _quick_instant("7/4/2017 9:30", {}, {}, la, TODAY) == "2017-07-04T16:30:00+00:00"
    # Offsets of half hours are left to the full parser (Kolkata is UTC+5:30).
    assert _quick_instant("7/4/2017 9:30", {}, {}, ZoneInfo("Asia/Kolkata"), TODAY) is None
    # So is an hour whose offset changes half way (Lord Howe, 1 October 2017, 2:00 → 2:30).
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    assert _quick_instant("10/1/2017 2:15", {}, {}, lord_howe, TODAY) is None
    assert _full("7/4/2017 9:30", ZoneInfo("Asia/Kolkata")) == "2017-07-04T04:00:00+00:00"
