"""The report's sentences that depend on a count or on what the office recorded.

Time held past release eligibility is said of the honoured detainers with both times recorded
(``recorded``) and of the people held past it (``count``, over which the median and longest
are taken); county policies are said in Spanish when they are the ones the desk comes with.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.policies import add_period
from models.reports.board import board_report
from models.reports.common import held_blocks
from models.reports.policy_words import policy_label, policy_source
from models.stats.figures import HeldBeyond, Selection
from tests.models.reports.report_helpers import NOW, YEAR, county_year, text_of

NOTHING = Selection("", "SELECT NULL WHERE 0", ())


def held_sentence(lang: str, recorded: int, count: int, median=None, longest=None) -> str:
    stats = SimpleNamespace(held=HeldBeyond(count, median, longest, NOTHING, recorded=recorded))
    heading, sentence = held_blocks(stats, lang)
    return sentence.markup


@pytest.mark.parametrize(
    ("recorded", "count", "median", "longest", "english", "spanish"),
    [
        (12, 9, 16.0, 30.0,
         "Of the 12 honoured detainers with both times recorded, 9 people were held past the "
         "time they would otherwise have been released: median 16.0 hours, longest 30.0 hours.",
         "De las 12 solicitudes atendidas con ambas horas registradas, 9 personas permanecieron "
         "retenidas después del momento en que habrían quedado en libertad: mediana de 16.0 "
         "horas, máximo de 30.0 horas."),
        (12, 1, 2.5, 2.5,
         "Of the 12 honoured detainers with both times recorded, 1 person was held past the "
         "time they would otherwise have been released, by 2.5 hours.",
         "De las 12 solicitudes atendidas con ambas horas registradas, 1 persona permaneció "
         "retenida después del momento en que habría quedado en libertad, durante 2.5 horas."),
        (12, 0, None, None,
         "Of the 12 honoured detainers with both times recorded, nobody was held past the time "
         "they would otherwise have been released.",
         "De las 12 solicitudes atendidas con ambas horas registradas, ninguna persona "
         "permaneció retenida después del momento en que habría quedado en libertad."),
        (1, 1, 4.0, 4.0,
         "On the one honoured detainer with both times recorded, the person was held 4.0 hours "
         "past the time they would otherwise have been released.",
         "En la única solicitud atendida con ambas horas registradas, la persona permaneció "
         "retenida 4.0 horas después del momento en que habría quedado en libertad."),
        (1, 0, None, None,
         "On the one honoured detainer with both times recorded, the person was not held past "
         "the time they would otherwise have been released.",
         "En la única solicitud atendida con ambas horas registradas, la persona no permaneció "
         "retenida después del momento en que habría quedado en libertad."),
        (0, 0, None, None,
         "No honoured detainer in the period has both the time the person would otherwise have "
         "been released and the time of release recorded, so there is no time held to report.",
         "Ninguna solicitud atendida en el período tiene registradas a la vez la hora en que la "
         "persona habría quedado en libertad y la hora de salida, así que no hay tiempo de "
         "retención que informar."),
        (1234, 1000, 16.04, 1234.5,
         "Of the 1,234 honoured detainers with both times recorded, 1,000 people were held past "
         "the time they would otherwise have been released: median 16.0 hours, longest 1,234.5 "
         "hours.",
         "De las 1,234 solicitudes atendidas con ambas horas registradas, 1,000 personas "
         "permanecieron retenidas después del momento en que habrían quedado en libertad: "
         "mediana de 16.0 horas, máximo de 1,234.5 horas."),
    ],
)  # fmt: skip
def test_time_held_is_said_of_the_detainers_recorded_and_the_people_held(
    recorded, count, median, longest, english, spanish
):
    assert held_sentence("en", recorded, count, median, longest) == english
    assert held_sentence("es", recorded, count, median, longest) == spanish


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        ("honour_all", "Honour every detainer", "Atender todas las solicitudes de retención"),
        ("ca_trust_act", "California TRUST Act (AB 4)", "Ley TRUST de California (AB 4)"),
        ("ca_sb54", "California Values Act (SB 54)", "Ley de Valores de California (SB 54)"),
        ("santa_clara_3_54", "Santa Clara County Board Policy 3.54",
         "Política 3.54 de la Junta de Supervisores del Condado de Santa Clara"),
        ("dc_24h_cap", "District of Columbia 24-hour cap (2012)",
         "Límite de 24 horas del Distrito de Columbia (2012)"),
    ],
)  # fmt: skip
def test_every_seeded_policy_is_said_in_spanish(db, code, english, spanish):
    label, source = db.execute(
        "SELECT label, source FROM county_policies WHERE code = ?", [code]
    ).fetchone()
    assert label == english  # the seed these translations were made from
    assert policy_label("es", code, label) == spanish
    assert policy_label("en", code, label) == english
    translated = policy_source("es", code, source)
    assert translated != source and translated.strip()
    assert policy_source("en", code, source) == source


def test_a_policy_of_the_office_s_own_is_printed_as_recorded(db, actor, case_factory):
    county_year(db, actor, case_factory, policy_change=False)
    db.execute(
        "INSERT INTO county_policies (code, label, kind, params, source) "
        "VALUES ('alder_ordinance', 'Alder County Ordinance 12', 'honour_all', '{}', "
        "'Alder County Code § 12.3')"
    )
    add_period(db, actor, "alder_ordinance", YEAR.start.replace(month=7), None)
    text = text_of(board_report(db, actor, YEAR, lang="es", now=NOW).data)
    assert "era: Alder County Ordinance 12." in text
    assert "Fuente: Alder County Code § 12.3." in text
    assert "Desde el 1 de enero de 2010, inicio del período: Atender todas las solicitudes" in text
    # A seeded code whose recorded text is not the seed's is printed as recorded too.
    assert policy_label("es", "ca_sb54", "SB 54 as amended") == "SB 54 as amended"
