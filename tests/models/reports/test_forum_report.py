"""The TRUTH Act community-forum report read back from its PDF, in English and Spanish."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from models.errors import ValidationError
from models.letters.about import About
from models.letters.compose import LetterRequest
from models.letters.documents import approve_document, create_document, issue_document
from models.reports.forum import CONSENT_CODE, ConsentForms, consent_forms_issued, forum_report
from models.stats.period import Filters, Period
from tests.models.reports.report_helpers import NORTH, NOW, TZ, YEAR, county_year, numbers, text_of
from tests.pdf_tools import pdf_fonts, qpdf_check

EN_TITLE = (
    "TRUTH Act community forum: ICE access to people in county custody, January 1, 2010 – "
    "December 31, 2010"
)
ES_TITLE = (
    "Foro comunitario de la Ley TRUTH: acceso de ICE, 1 de enero de 2010 – 31 de diciembre de 2010"
)


def consent_form(db, actor, booking_id: int, lang: str, at: datetime, *, issue: bool = True):
    """An interview consent form about a case, made (and issued) at ``at``."""
    request = LetterRequest(CONSENT_CODE, lang, About("case", booking_id))
    doc = create_document(db, actor, request, now=at)
    if issue:
        doc = approve_document(db, actor, doc.id, doc.row_version, now=at)
        doc = issue_document(db, actor, doc.id, doc.row_version, now=at)
    return doc


@pytest.fixture
def year(db, actor, case_factory):
    data = county_year(db, actor, case_factory)
    b1, b2 = data.bookings["2010-B1"], data.bookings["2010-B2A"]
    consent_form(db, actor, b1, "en", datetime(2010, 3, 12, 18, 0, tzinfo=UTC))
    consent_form(db, actor, b2, "es", datetime(2010, 4, 6, 20, 0, tzinfo=UTC))
    consent_form(db, actor, b2, "en", datetime(2010, 4, 7, 20, 0, tzinfo=UTC))
    # Issued at 23:30 on 12/31/2010 in the county, though already 2011 in UTC: counts.
    consent_form(db, actor, b1, "es", datetime(2011, 1, 1, 7, 30, tzinfo=UTC))
    # Issued in 2011 county time; and a draft never issued: neither counts.
    consent_form(db, actor, b1, "en", datetime(2011, 1, 1, 8, 30, tzinfo=UTC))
    consent_form(db, actor, b2, "en", datetime(2010, 5, 1, 18, 0, tzinfo=UTC), issue=False)
    return data


def test_consent_forms_issued_in_the_period_by_language(db, year):
    assert consent_forms_issued(db, YEAR, tz=TZ) == ConsentForms(4, (("en", 2), ("es", 2)))
    assert consent_forms_issued(db, YEAR, Filters(facility=NORTH), tz=TZ) == ConsentForms(0, ())
    spring = Period(date(2010, 4, 1), date(2010, 4, 30))
    assert consent_forms_issued(db, spring, tz=TZ) == ConsentForms(2, (("en", 1), ("es", 1)))


def test_the_english_report_gives_ice_access_by_type_decisions_and_interviews(db, actor, year):
    data = forum_report(db, actor, YEAR, now=NOW).data
    qpdf_check(data)
    assert all(f["emb"] and f["sub"] for f in pdf_fonts(data))
    text = text_of(data)
    for phrase in (
        f"Re: {EN_TITLE}",
        "As of June 1, 2011, 12:00 PDT:",
        "The TRUTH Act (Gov. Code §§ 7283–7283.2) calls for an annual community forum",
        "Detainers received 5 Released to ICE 2 TRUTH Act interview consent forms issued 4",
        "In the period the county received 5 ICE requests (detainers, notification and transfer "
        "requests). They asked for:",
        "Type of ICE request Detainers Hold requested 4 Notification of release requested 2 "
        "Transfer requested 0",
        "Honoured 2 40% Declined 1 20% Notification only 1 20% No decision yet 1 20% Total 5 100%",
        "Released to ICE 2 40%",
        "4 TRUTH Act interview consent forms were issued in the period.",
        "Interview consent forms issued, by language Language Forms English 2 Español 2 Total 4",
        "Consent outcome not recorded: the record does not say whether each person agreed",
        "Female 2 50% Male 2 50% Total 4 100%",
        "ICE requests (detainers) received, by month, 2010",
        "The policy changed during the period:",
    ):
        assert phrase in text, phrase


def test_the_spanish_report_says_the_same_numbers_in_spanish(db, actor, year):
    english = text_of(forum_report(db, actor, YEAR, now=NOW).data)
    text = text_of(forum_report(db, actor, YEAR, lang="es", now=NOW).data)
    for phrase in (
        f"Asunto: {ES_TITLE}",
        "Datos al 1 de junio de 2011, 12:00 PDT:",
        "Acceso de ICE por tipo",
        "Retención solicitada 4 Aviso de puesta en libertad solicitado 2 Traslado solicitado 0",
        "Atendida 2 40 % Rechazada 1 20 %",
        "En el período se emitieron 4 formularios de consentimiento para entrevistas de la Ley "
        "TRUTH.",
        "Resultado del consentimiento no registrado",
        "Mujer 2 50 % Hombre 2 50 %",
    ):
        assert phrase in text, phrase
    assert "Consent outcome" not in text and "Hold requested" not in text
    assert numbers(text, ES_TITLE) == numbers(english, EN_TITLE)


def test_no_forms_no_requests_nothing_divided(db, actor, year):
    empty = Period(date(2005, 1, 1), date(2005, 12, 31))
    text = text_of(forum_report(db, actor, empty, now=NOW).data)
    assert "No TRUTH Act interview consent form was issued in the period." in text
    assert "Consent outcome not recorded" in text
    assert "Nothing to chart: no arrest was flagged and no detainer received" in text
    assert "%" not in text.split("Headline figures", 1)[1]
    spanish = text_of(forum_report(db, actor, empty, lang="es", now=NOW).data)
    assert "En el período no se emitió ningún formulario de consentimiento" in spanish


def test_one_form_is_said_as_one(db, actor, year):
    spring = Period(date(2010, 3, 1), date(2010, 3, 31))
    text = text_of(forum_report(db, actor, spring, now=NOW).data)
    assert "One TRUTH Act interview consent form was issued in the period." in text


def test_one_request_is_said_in_the_singular_and_none_as_none(db, actor, year):
    march = Period(date(2010, 3, 1), date(2010, 3, 31))  # D1 alone received
    text = text_of(forum_report(db, actor, march, now=NOW).data)
    assert "In the period the county received 1 ICE request (a detainer, notification or " \
        "transfer request). It asked for:" in text  # fmt: skip
    assert "received 1 ICE requests" not in text
    spanish = text_of(forum_report(db, actor, march, lang="es", now=NOW).data)
    assert "En el período el condado recibió 1 solicitud de ICE (de retención, de aviso o de " \
        "traslado). Pedía:" in spanish  # fmt: skip
    assert "1 solicitudes" not in spanish
    empty = Period(date(2005, 1, 1), date(2005, 12, 31))
    text = text_of(forum_report(db, actor, empty, now=NOW).data)
    assert "In the period the county received no ICE request (detainer, notification or " \
        "transfer request)." in text  # fmt: skip
    spanish = text_of(forum_report(db, actor, empty, lang="es", now=NOW).data)
    assert "En el período el condado no recibió ninguna solicitud de ICE" in spanish


def test_no_letterhead_nothing_counted(db, actor, case_factory, monkeypatch):
    from models.reports import forum
    from tests.models.stats.stats_dataset import build

    build(db, actor, case_factory)
    monkeypatch.setattr(forum, "statistics", lambda *a, **k: pytest.fail("counted"))
    with pytest.raises(ValidationError, match="Settings ▸ Letterhead"):
        forum_report(db, actor, YEAR, now=NOW)


def test_the_running_header_holds_the_whole_title_even_for_long_dates(db, actor, year):
    from models.reports.board import board_report

    long_dates = Period(date(2009, 9, 30), date(2010, 9, 30))
    for make in (forum_report, board_report):
        for lang in ("en", "es"):
            text = text_of(make(db, actor, long_dates, lang=lang, now=NOW).data)
            assert "…" not in text, (make.__name__, lang)
