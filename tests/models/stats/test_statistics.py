"""Every figure of a hand-worked county year (see stats_dataset for the table)."""

from __future__ import annotations

from datetime import date

import pytest

from models.errors import ValidationError
from models.stats.compute import statistics
from models.stats.figures import Unit
from models.stats.period import Filters, Period, check_period
from tests.models.stats.stats_dataset import NORTH, NOW, TZ, YEAR, build


@pytest.fixture
def year(db, actor, case_factory):
    data = build(db, actor, case_factory)
    return data, statistics(db, YEAR, tz=TZ, now=NOW)


def values(table) -> dict[str, int]:
    return {r.key.removeprefix(table.key + "."): r.value for r in table.rows}


def cases(db, data, figure) -> set[str]:
    rows = db.execute(f"SELECT id FROM bookings WHERE id IN ({figure.cases.sql})",
                      figure.cases.params).fetchall()  # fmt: skip
    return data.numbers(i for (i,) in rows)


def test_headline_counts_bookings_people_and_detainers_of_the_year(year):
    _data, s = year
    # B1, B2A, B2B, B3 and B5 (11:30 pm on New Year's Eve, county time, is still 2010).
    assert s.flagged.value == 5
    assert s.flagged_persons.value == 4  # Alpha, Bravo (twice), Charlie, Echo
    assert s.detainers.value == 5  # D1, D2, D3, D4, D6; D5 arrived in 2011
    assert s.released_to_ice.value == 2  # D1 and D6


def test_the_seed_figures_count_people_with_their_denominators(year):
    _data, s = year
    # Alpha: violent (robbery, 2008). Bravo: burglary. Charlie: no charges at all. Echo: the
    # assault conviction is dated 2011, after the period, so none by its end.
    assert (s.no_conviction.numerator, s.no_conviction.denominator) == (2, 4)
    assert s.no_conviction.text == "50% (2 of 4)"
    assert (s.not_violent.numerator, s.not_violent.denominator) == (3, 4)
    assert s.not_violent.percent == 75.0
    assert values(s.convictions) == {"none": 2, "non_violent": 1, "violent": 1}
    assert s.convictions.total == 4


def test_fingerprint_results_levels_and_criminality(year):
    _data, s = year
    assert values(s.responses) == {"ident_match": 4, "ident_match_iar": 1, "no_match": 1,
                                   "error": 1}  # fmt: skip
    sc, threat = s.levels
    assert (sc.key, threat.key) == ("levels.sc_crime_type", "levels.threat_level")
    # Bravo's two flagged arrests count once under each scheme; nothing adds the schemes up.
    assert values(sc) == {"1": 1, "2": 1, "3": 1} and sc.total == 3
    assert values(threat) == {"1": 1, "2": 0, "3": 0} and threat.total == 1
    assert [(n.key, n.value, n.text) for n in s.notes] == [
        ("no_level", 1, "1 flagged arrest has no offense level recorded under any scheme.")
    ]
    assert values(s.criminality) == {"1": 2, "2": 1, "3": 1, "none": 1}


def test_detainers_by_form_request_decision_and_outcome(year):
    _data, s = year
    assert values(s.forms) == {"i247_2008": 5}
    assert values(s.requests) == {"hold": 4, "notification": 2, "transfer": 0}
    assert s.requests.total is None  # D2 asked for both: the rows must not be added up
    # D3 was lifted before anyone decided it.
    assert values(s.decisions) == {"honour": 2, "decline": 1, "notify_only": 1, "pending": 1}
    assert values(s.outcomes) == {"released_to_ice": 2, "released": 1, "lifted": 1,
                                  "expired": 0, "superseded": 0, "open": 1}  # fmt: skip


def test_people_by_country_and_sex(year):
    _data, s = year
    assert values(s.countries) == {"Mexico": 2, "Guatemala": 1, "none": 1}
    assert [r.label for r in s.countries.rows][-1] == "Not recorded"
    assert values(s.sexes) == {"F": 2, "M": 2}


def test_month_by_month(year):
    _data, s = year
    assert len(s.months) == 12
    by = {m.month.month: m for m in s.months}
    assert [m.month for m in s.months if m.flagged.value] == [
        date(2010, 3, 1), date(2010, 4, 1), date(2010, 6, 1), date(2010, 9, 1), date(2010, 12, 1)
    ]  # fmt: skip
    assert {k: m.detainers.value for k, m in by.items() if m.detainers.value} == {
        3: 1, 4: 1, 6: 1, 7: 1, 9: 1
    }  # fmt: skip
    assert {k for k, m in by.items() if m.honoured.value} == {3, 7}
    assert {k for k, m in by.items() if m.declined.value} == {4}


def test_time_held_beyond_release_eligibility(year):
    _data, s = year
    # D1: eligible 03/12 10:00, to ICE 03/13 16:00 = 30 h; D6: 07/03 08:00 → 10:00 = 2 h.
    assert (s.held.count, s.held.median_hours, s.held.max_hours) == (2, 16.0, 30.0)


def test_each_figure_lists_exactly_its_cases(db, year):
    data, s = year
    assert cases(db, data, s.flagged) == {"2010-B1", "2010-B2A", "2010-B2B", "2010-B3", "2010-B5"}
    assert cases(db, data, s.convictions.row("violent")) == {"2010-B1"}
    assert cases(db, data, s.convictions.row("non_violent")) == {"2010-B2A", "2010-B2B"}
    assert cases(db, data, s.no_conviction) == {"2010-B3", "2010-B5"}
    assert cases(db, data, s.not_violent) == {"2010-B2A", "2010-B2B", "2010-B3", "2010-B5"}
    assert cases(db, data, s.decisions.row("pending")) == {"2010-B3"}
    assert cases(db, data, s.outcomes.row("released_to_ice")) == {"2010-B1", "2010-B4"}
    assert cases(db, data, s.figure("levels.threat_level.1")) == {"2010-B2B"}
    assert cases(db, data, s.figure("criminality.none")) == {"2010-B3"}
    assert cases(db, data, s.figure("months.2010-12.flagged")) == {"2010-B5"}
    assert cases(db, data, s.figure("countries.none")) == {"2010-B3"}
    assert cases(db, data, s.responses.row("error")) == {"2010-B7"}
    assert cases(db, data, s.held) == {"2010-B1", "2010-B4"}
    # Every booking-counting figure lists as many cases as it counts.
    for table in s.tables():
        for row in table.rows:
            if row.unit is Unit.BOOKINGS:
                assert len(cases(db, data, row)) == row.value, row.key


def test_a_facility_filter_keeps_only_its_bookings(db, year):
    data, _s = year
    north = statistics(db, YEAR, Filters(facility=NORTH), tz=TZ, now=NOW)
    assert north.flagged.value == 1 and cases(db, data, north.flagged) == {"2010-B5"}
    assert north.detainers.value == 0
    assert (north.no_conviction.numerator, north.no_conviction.denominator) == (1, 1)


def test_the_conviction_cutoff_is_the_end_of_the_period(db, year):
    _data, _s = year
    later = statistics(db, Period(date(2010, 1, 1), date(2011, 12, 31)), tz=TZ, now=NOW)
    # Echo's 2011 conviction now counts: PC 245(a)(1) is on the office's list as a serious
    # felony, not a violent one. Fox (flagged in 2011) joins, unconvicted.
    assert values(later.convictions) == {"none": 2, "non_violent": 2, "violent": 1}


def test_the_violent_list_is_the_office_s_data(db, year):
    data, _s = year
    db.execute("DELETE FROM offense_categories WHERE statute = 'PC 211'")
    s = statistics(db, YEAR, tz=TZ, now=NOW)
    assert values(s.convictions) == {"none": 2, "non_violent": 2, "violent": 0}
    db.execute(
        "INSERT INTO offense_categories (statute, category, label, source) "
        "VALUES ('PC 459', 'violent_felony', 'Burglary', 'test')"
    )
    s = statistics(db, YEAR, tz=TZ, now=NOW)
    assert values(s.convictions) == {"none": 2, "non_violent": 1, "violent": 1}
    assert cases(db, data, s.convictions.row("violent")) == {"2010-B2A", "2010-B2B"}


def test_an_empty_period_is_all_zeros_and_no_data(db, year):
    s = statistics(db, Period(date(2005, 1, 1), date(2005, 12, 31)), tz=TZ, now=NOW)
    assert [c.value for c in s.headline()] == [0, 0, 0, 0]
    assert s.no_conviction.percent is None and s.no_conviction.text == "no data (0 of 0)"
    assert s.not_violent.to_json()["percent"] is None
    assert all(r.value == 0 for t in s.tables() for r in t.rows)
    assert (s.held.count, s.held.median_hours, s.held.max_hours) == (0, None, None)


def test_json_names_numerators_and_denominators(year):
    _data, s = year
    j = s.to_json()
    assert j["period"] == {"from": "2010-01-01", "to": "2010-12-31"}
    assert j["shares"][0] == {"key": "share.no_conviction",
                              "label": "Flagged people with no criminal conviction",
                              "numerator": 2, "denominator": 4, "percent": 50.0,
                              "unit": "persons"}  # fmt: skip
    assert {t["key"] for t in j["tables"]} >= {"levels.sc_crime_type", "levels.threat_level"}


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (date(2010, 12, 31), date(2010, 1, 1), "end", "before it starts"),
        (date(2027, 1, 1), date(2027, 12, 31), "start", "after today"),
        (None, date(2010, 1, 1), "start", "first day"),
        (date(2010, 1, 1), None, "end", "last day"),
    ],
)
def test_a_period_that_cannot_be_is_refused_with_a_reason(start, end, field, words):
    with pytest.raises(ValidationError) as caught:
        check_period(start, end, today=date(2026, 11, 25))
    assert caught.value.errors[0].field == field and words in str(caught.value)


def test_a_period_may_run_past_today():
    assert check_period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 25)).end == date(
        2026, 12, 31
    )


def test_every_figure_is_read_from_one_moment_of_the_record(db, db_path, year, monkeypatch):
    from models.stats import compute
    from models.store import open_database

    other = open_database(db_path)
    real = compute._detainer_groups

    def meanwhile(db_, scope):
        # Another desk deletes every detainer after the bookings were counted.
        other.execute("DELETE FROM detainer_status_history")
        other.execute("DELETE FROM detainers")
        other.conn.commit()
        return real(db_, scope)

    monkeypatch.setattr(compute, "_detainer_groups", meanwhile)
    s = statistics(db, YEAR, tz=TZ, now=NOW)
    assert s.detainers.value == 5 and s.flagged.value == 5
    assert not db.conn.in_transaction
    other.close()


def test_a_release_before_eligibility_is_not_time_held(db, actor, year):
    data, _s = year
    # D6's person is released to ICE an hour before they were eligible for release.
    from models.detainers import get_detainer, update_detainer
    from tests.models.stats.stats_dataset import local

    d6 = get_detainer(db, data.detainers["D6"])
    update_detainer(db, d6.replace(released_to_ice_at=local(2010, 7, 3, 7)), actor, TZ,
                    now=local(2010, 7, 3, 12))  # fmt: skip
    s = statistics(db, YEAR, tz=TZ, now=NOW)
    assert (s.held.recorded, s.held.count, s.held.median_hours, s.held.max_hours) == (
        2,
        1,
        30.0,
        30.0,
    )
    assert cases(db, data, s.held) == {"2010-B1"}
