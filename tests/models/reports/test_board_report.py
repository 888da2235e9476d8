"""The Board report read back from its PDF: the hand-worked figures, in English and Spanish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.errors import FieldError, ValidationError
from models.reports import board
from models.reports.board import board_report
from models.reports.common import StaffCost, check_staff_cost
from models.stats.period import Filters, Period
from tests.models.reports.report_helpers import NORTH, NOW, YEAR, county_year, numbers, text_of
from tests.models.stats.stats_dataset import build
from tests.pdf_tools import page_texts, pdf_fonts, pdf_info, qpdf_check, word_boxes

EN_TITLE = "Secure Communities and immigration detainers: January 1, 2010 – December 31, 2010"
ES_TITLE = (
    "Secure Communities y solicitudes de retención: 1 de enero de 2010 – 31 de diciembre de 2010"
)
COST = StaffCost(1.5, Decimal("45.50"))


@pytest.fixture
def year(db, actor, case_factory):
    return county_year(db, actor, case_factory)


@pytest.fixture
def english(db, actor, year) -> bytes:
    return board_report(db, actor, YEAR, lang="en", staff_cost=COST, now=NOW).data


@pytest.fixture
def spanish(db, actor, year) -> bytes:
    return board_report(db, actor, YEAR, lang="es", staff_cost=COST, now=NOW).data


def between(text: str, start: str, end: str) -> str:
    """The text from ``start`` up to ``end`` (both must be there, in that order)."""
    head = text.index(start)
    return text[head : text.index(end, head + len(start))]


def test_the_memo_names_the_board_the_office_the_subject_and_when_it_was_counted(english, actor):
    text = text_of(english)
    assert "Board of Supervisors County of Alder" in text
    assert f"Re: {EN_TITLE}" in text
    assert "From: Office of the County Counsel, Ana Ruiz" in text
    assert f"Prepared by: {actor.full_name}" in text
    # 06/01/2011 19:00 UTC is noon in the county, on summer time.
    assert "As of June 1, 2011, 12:00 PDT:" in text
    assert "Date: June 1, 2011" in text
    assert "Period: January 1, 2010 – December 31, 2010" in text
    assert "Arrests counted: all facilities and arresting agencies." in text
    assert "Respectfully submitted, Ana Ruiz Deputy County Counsel" in text
    assert pdf_info(english)["Title"] == EN_TITLE


def test_the_headline_figures_and_the_two_seed_figures_with_their_counts(english):
    text = text_of(english)
    headline = between(text, "Headline figures", "Convictions of the people flagged")
    for row in (
        "Arrests flagged (IDENT match) 5",
        "People flagged 4",
        "Detainers received 5",
        "Released to ICE 2",
    ):
        assert row in headline
    assert "50% of the people flagged (2 of 4) had no criminal conviction." in text
    assert "75% of the people flagged (3 of 4) had not been convicted of a violent crime." in text


def test_the_policy_in_force_and_the_change_inside_the_period(english):
    text = text_of(english)
    policy = between(text, "Policy in force", "Headline figures")
    assert (
        "On December 31, 2010, the last day of the period, the county's detainer policy was: "
        "California TRUST Act (AB 4)." in policy
    )
    assert "Source: Cal. Gov. Code 7282-7282.5 (AB 4)" in policy
    assert "The policy changed during the period:" in policy
    assert "From January 1, 2010, the start of the period: Honour every detainer" in policy
    assert "From June 1, 2010: California TRUST Act (AB 4) (The county follows AB 4 early)" in (
        policy
    )


def test_every_breakdown_is_a_table_with_shares_of_its_total(english):
    text = text_of(english)
    decisions = between(text, "The county's decisions Decision", "What became of")
    assert "Honoured 2 40% Declined 1 20% Notification only 1 20% No decision yet 1 20%" in (
        decisions
    )
    assert "Total 5 100%" in decisions
    outcomes = between(text, "What became of the detainers", "Conviction status of the people")
    assert "Released to ICE 2 40%" in outcomes and "Lifted by ICE 1 20%" in outcomes
    countries = between(text, "Country of birth of the people flagged", "Sex of the people")
    assert "Mexico 2 50% Guatemala 1 25% Not recorded 1 25% Total 4 100%" in countries
    for caption in (
        "Arrests by fingerprint result",
        "Detainers by form",
        "ICE criminality code of the flagged arrests",
        "Sex of the people flagged",
    ):
        assert caption in text


def test_what_the_detainers_asked_for_has_no_total(english):
    requests = between(text_of(english), "What the detainers asked for", "The county's decisions")
    assert "Hold requested 4 Notification of release requested 2 Transfer requested 0" in requests
    assert "Total" not in requests and "%" not in requests
    assert "so the rows are not added up" in requests


def test_offense_levels_one_table_per_scheme_never_added_together(english):
    text = text_of(english)
    sc = between(
        text, "Offense level of the flagged arrests: Secure Communities", "Offense level of"
    )
    assert "Level 1 Violent crimes, major drug offences, national security 1 33%" in sc
    assert "Total 3 100%" in sc
    threat = between(
        text, "Offense level of the flagged arrests: Sentence-based", "ICE criminality"
    )
    assert "L1 Aggravated felony" in threat and "Total 1 100%" in threat
    assert "levels of different schemes are never added together" in threat
    # 3 + 1 would be 4 levelled arrests: no such total appears anywhere.
    assert "Total 4 " not in sc + threat


def test_time_held_staff_cost_charts_and_notes(english):
    text = text_of(english)
    assert (
        "Of the 2 honoured detainers with both times recorded, 2 people were held past the time "
        "they would otherwise have been released: median 16.0 hours, longest 30.0 hours."
    ) in text
    assert "5 detainers × 1.5 staff hours each × $45.50 an hour = $341.25." in text
    assert "Arrests flagged and detainers received, by month, 2010" in text
    assert "The county's decisions on the detainers" in text
    assert "Of 5 detainers received in the period." in text
    assert "Of 4 people flagged in the period." in text
    assert "1 flagged arrest has no offense level recorded under any scheme." in text


def test_no_staff_cost_section_unless_asked(db, actor, year):
    text = text_of(board_report(db, actor, YEAR, now=NOW).data)
    assert "Staff cost estimate" not in text and "an hour =" not in text


def test_the_spanish_report_says_the_same_numbers_in_spanish(english, spanish):
    text = text_of(spanish)
    for phrase in (
        "Junta de Supervisores County of Alder",
        f"Asunto: {ES_TITLE}",
        "De: Office of the County Counsel, Ana Ruiz",
        "Datos al 1 de junio de 2011, 12:00 PDT:",
        "Fecha: 1 de junio de 2011",
        "El 50 % de las personas señaladas (2 de 4) no tenía ninguna condena penal.",
        "El 75 % de las personas señaladas (3 de 4) no había sido condenado por un delito "
        "violento.",
        "Atendida 2 40 % Rechazada 1 20 % Solo aviso 1 20 % Sin decisión todavía 1 20 %",
        "De las 2 solicitudes atendidas con ambas horas registradas, 2 personas permanecieron "
        "retenidas después del momento en que habrían quedado en libertad: mediana de 16.0 "
        "horas, máximo de 30.0 horas.",
        "la política del condado sobre las solicitudes de retención era: Ley TRUST de "
        "California (AB 4).",
        "Fuente: Código de Gobierno de California, 7282-7282.5 (AB 4), vigente desde el 1 de "
        "enero de 2014:",
        "Desde el 1 de enero de 2010, inicio del período: Atender todas las solicitudes de "
        "retención",
        "Desde el 1 de junio de 2010: Ley TRUST de California (AB 4) (The county follows AB 4 "
        "early)",
        "5 solicitudes × 1.5 horas de personal cada una × $45.50 por hora = $341.25.",
        "1 arresto señalado no tiene ningún nivel de delito registrado en ningún esquema.",
        "Nivel de delito de los arrestos señalados: Secure Communities crime-type level",
        "Atentamente, Ana Ruiz",
    ):
        assert phrase in text, phrase
    # Lookup labels stay as the office's tables have them.
    assert "IDENT match (IDR)" in text and "I-247 (pre-2012)" in text
    for english_word in ("Honoured", "Declined", "Headline figures", "Total 5 100%",
                         "TRUST Act", "Honour every", "Gov. Code", "effective"):  # fmt: skip
        assert english_word not in text
    assert numbers(text, ES_TITLE) == numbers(text_of(english), EN_TITLE)


def test_an_empty_period_says_there_is_no_data_and_divides_nothing(db, actor, year):
    empty = Period(date(2005, 1, 1), date(2005, 12, 31))
    for lang, phrase in (
        ("en", "There is no data on convictions: nobody was flagged in the period (0 of 0)"),
        ("es", "No hay datos sobre condenas: nadie fue señalado en el período (0 de 0)"),
    ):
        rendered = board_report(db, actor, empty, lang=lang, staff_cost=COST, now=NOW)
        text = text_of(rendered.data)
        assert phrase in text
        assert "0 of 0)" not in text.replace(phrase, "") and "0 de 0)" not in text.replace(
            phrase, ""
        )
        qpdf_check(rendered.data)
    text = text_of(board_report(db, actor, empty, now=NOW).data)
    assert "Nothing to chart: no arrest was flagged and no detainer received in the period." in text
    assert "No honoured detainer in the period has both" in text
    decisions = between(text, "The county's decisions Decision", "What became of")
    assert "Total 0" in decisions and "%" not in decisions  # no shares of nothing
    assert "% of the people flagged" not in text


def test_a_facility_filter_counts_only_its_arrests(db, actor, year):
    text = text_of(board_report(db, actor, YEAR, Filters(facility=NORTH), now=NOW).data)
    assert "Arrests counted: facility North Branch Jail." in text
    assert "100% of the people flagged (1 of 1) had no criminal conviction." in text


def test_the_pdf_is_sound_its_fonts_embedded_and_nothing_leaves_the_page(english, spanish):
    for data in (english, spanish):
        qpdf_check(data)
        fonts = pdf_fonts(data)
        assert {f["name"].split("+", 1)[1] for f in fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}
        assert all(f["emb"] and f["sub"] and f["uni"] for f in fonts), fonts
        for box in word_boxes(data):  # Letter paper, 1-inch margins: 72 to 540 points
            assert box["x_min"] >= 71 and box["x_max"] <= 541, box
    pages = page_texts(english)
    assert len(pages) >= 3 and f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_language_reports_are_not_printed_in_is_refused(db, actor, year):
    with pytest.raises(ValidationError) as caught:
        board_report(db, actor, YEAR, lang="zh", now=NOW)
    assert caught.value.errors[0].field == "language"
    assert "en (English) or es (Spanish)" in str(caught.value)


def test_no_letterhead_no_report_and_nothing_counted_first(db, actor, case_factory, monkeypatch):
    build(db, actor, case_factory)  # the figures, but no letterhead set up yet
    counted = []
    monkeypatch.setattr(board, "statistics", lambda *a, **k: counted.append(a))
    with pytest.raises(ValidationError) as caught:
        board_report(db, actor, YEAR, now=NOW)
    assert "Set the county's name in Settings ▸ Letterhead" in str(caught.value)
    assert counted == []  # refused before the (slow) figures were counted


def test_a_period_ending_after_today_names_today_in_the_policy_sentence(db, actor, year):
    to_come = Period(date(2010, 1, 1), date(2099, 12, 31))
    for lang, sentence in (
        ("en", "On June 1, 2011, the day these figures were counted (the period runs to "
               "December 31, 2099), the county's detainer policy was: California TRUST Act "
               "(AB 4)."),
        ("es", "El 1 de junio de 2011, día en que se contaron estas cifras (el período llega "
               "hasta el 31 de diciembre de 2099), la política del condado sobre las solicitudes "
               "de retención era: Ley TRUST de California (AB 4)."),
    ):  # fmt: skip
        text = text_of(board_report(db, actor, to_come, lang=lang, now=NOW).data)
        policy = text[text.index(sentence[:10]) :]
        assert sentence in text
        assert "2099, the last day" not in policy and "2099, último día" not in policy


def test_one_of_each_is_said_in_the_singular(db, actor, year):
    march = Period(date(2010, 3, 1), date(2010, 3, 31))  # Alpha flagged, D1 received
    one = StaffCost(1, Decimal("40"))
    text = text_of(board_report(db, actor, march, staff_cost=one, now=NOW).data)
    assert "Of 1 detainer received in the period." in text
    assert "Of 1 person flagged in the period." in text
    assert "1 detainer × 1 staff hour each × $40.00 an hour = $40.00." in text
    assert "Of 1 detainers" not in text and "Of 1 people" not in text
    spanish = text_of(board_report(db, actor, march, lang="es", staff_cost=one, now=NOW).data)
    assert "De 1 solicitud de retención recibida en el período." in spanish
    assert "De 1 persona señalada en el período." in spanish
    assert "1 solicitud × 1 hora de personal cada una × $40.00 por hora = $40.00." in spanish
    assert "1 solicitudes" not in spanish and "1 personas" not in spanish


@pytest.mark.parametrize(
    ("hours", "cost", "expected"),
    [
        ("", "", None),
        ("1.5", "$45.50", StaffCost(1.5, Decimal("45.50"))),
        ("2", "1,200", StaffCost(2.0, Decimal("1200"))),
        ("1,000", "$1,234.5", StaffCost(1000.0, Decimal("1234.5"))),
        ("0.5", "1,200.50", StaffCost(0.5, Decimal("1200.50"))),
    ],
)
def test_staff_cost_typed(hours, cost, expected):
    assert check_staff_cost(hours, cost) == expected


DECIMAL_COMMA = (
    "is not a number as typed: a comma only separates thousands (1,200); for a fraction type "
    "it as 1.5."
)


@pytest.mark.parametrize(
    ("hours", "cost", "fields"),
    [
        ("1,5", "45", ["staff_hours"]),  # not 15 hours
        ("1.5", "45,50", ["hourly_cost"]),  # not $4,550
        ("1,5", "$45,50", ["staff_hours", "hourly_cost"]),
        ("2", "1,20", ["hourly_cost"]),
        ("2", "12,345,6", ["hourly_cost"]),
        ("2", ",500", ["hourly_cost"]),
    ],
)
def test_a_decimal_comma_is_refused_not_read_as_thousands(hours, cost, fields):
    with pytest.raises(ValidationError) as caught:
        check_staff_cost(hours, cost)
    assert [e.field for e in caught.value.errors] == fields
    typed = {"staff_hours": hours, "hourly_cost": cost.lstrip("$")}
    names = {"staff_hours": "hours per detainer", "hourly_cost": "hourly cost"}
    assert [e.message for e in caught.value.errors] == [
        f"The {names[f]} “{typed[f]}” {DECIMAL_COMMA}" for f in fields
    ]


@pytest.mark.parametrize(
    ("hours", "cost", "errors"),
    [
        ("1.5", "", [FieldError("hourly_cost", "Give the hourly cost too, or leave the hours "
                                               "per detainer empty.")]),
        ("abc", "-3", [
            FieldError("staff_hours", "The hours per detainer “abc” is not a number; type it "
                                      "as 1.5."),
            FieldError("hourly_cost", "The hourly cost must be from 0 to 100,000."),
        ]),
        ("nan", "5", [FieldError("staff_hours", "The hours per detainer “nan” is not a number; "
                                                "type it as 1.5.")]),
    ],
)  # fmt: skip
def test_staff_cost_mistakes_are_named(hours, cost, errors):
    with pytest.raises(ValidationError) as caught:
        check_staff_cost(hours, cost)
    assert caught.value.errors == errors


def test_the_staff_cost_is_worked_out_to_the_cent():
    assert StaffCost(1.5, Decimal("45.50")).total(5) == Decimal("341.25")
    assert StaffCost(0.333, 10).total(3) == Decimal("9.99")
    assert StaffCost(2, Decimal("0")).total(0) == Decimal("0.00")
