"""The county's starting template library: every shipped text is a valid template, the right
slots are filled (the certified consent translations are not), and each letter says what the
law and the record require, read back as text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from models.letters.about import About
from models.letters.blocks import markup_to_plain, parse_blocks
from models.letters.content import BlockKind
from models.letters.fields import Record, sample_context
from models.letters.merge_values import merge_values
from models.letters.templating import MissingFieldError, check_template, render_text
from models.m004_letter_texts import TEXTS
from tests.models.detainer_helpers import decide, new
from tests.models.letters.test_compose import TODAY, declined_detainer, set_up_office

CERTIFIED_ONLY = {("truth_interview_consent", lang) for lang in ("zh", "tl", "vi", "ko")}
SPANISH = {
    "truth_request_notice",
    "truth_release_notice",
    "truth_interview_consent",
    "transmittal",
    "cpra_determination",
    "cpra_extension",
    "cpra_production",
    "cpra_no_records",
}
CODES = (
    "truth_request_notice",
    "truth_release_notice",
    "truth_interview_consent",
    "detainer_declination",
    "policy_notice",
    "optout_request",
    "optout_followup",
    "transmittal",
    "cpra_determination",
    "cpra_extension",
    "cpra_production",
    "cpra_no_records",
)
#: The groups of values each kind of record gives a letter (the rest are left out).
RECORD_GROUPS = {
    "detainer": ("person", "booking", "charges", "attorney", "designee", "detainer"),
    "case": ("person", "booking", "charges", "attorney", "designee"),
    "correspondence": ("request",),
    "optout": ("optout",),
    "period": ("period",),
}
ALWAYS = ("today", "letter", "office")
TEXT_IDS = [f"{code}-{lang}" for code, lang, _, _ in TEXTS]


def _text(code: str, lang: str) -> tuple[str, str]:
    found = [(title, body) for c, lang_, title, body in TEXTS if (c, lang_) == (code, lang)]
    assert len(found) == 1, (code, lang)
    return found[0]


def values_for(kind: str, *, drop: tuple[str, ...] = (), **changes) -> dict:
    """The sample values of a letter about a record of ``kind``, less ``drop``, with ``changes``.

    ``drop`` names groups or fields (``attorney``, ``detainer.reasons``); ``changes`` sets
    fields, written with ``__`` for the dot (``detainer__decision_code="honour"``).
    """
    sample = sample_context()
    values = {k: v for k, v in sample.items() if k in ALWAYS + RECORD_GROUPS[kind]}
    for path in drop:
        group, _, name = path.rpartition(".")
        holder = values
        for step in group.split(".") if group else ():
            holder = holder[step]
        holder.pop(name)
    for path, value in changes.items():
        *groups, name = path.split("__")
        holder = values
        for step in groups:
            holder = holder[step]
        holder[name] = value
    return values


def render(code: str, lang: str, values: dict | None = None) -> tuple[str, list]:
    """The letter's title and its blocks as (kind, plain text)."""
    title, body = _text(code, lang)
    plain_title, markup = render_text(title, body, values or sample_context())
    return plain_title, [(b.kind, markup_to_plain(b.markup)) for b in parse_blocks(markup)]


def text_of(blocks: list) -> str:
    return "\n".join(text for _, text in blocks)


def of_kind(blocks: list, kind: BlockKind) -> list[str]:
    return [text for k, text in blocks if k == kind]


# -- the library as a whole -----------------------------------------------------------------


@pytest.mark.parametrize(("code", "lang", "title", "body"), TEXTS, ids=TEXT_IDS)
def test_every_shipped_text_passes_the_template_check(code, lang, title, body):
    check_template(title, body)


def test_shipped_slots_are_every_required_language_but_the_certified_consent_translations(db):
    required = {
        (code, lang)
        for code, languages in db.execute("SELECT code, languages FROM letter_types")
        for lang in languages.split()
    }
    shipped = [(code, lang) for code, lang, _, _ in TEXTS]
    assert len(shipped) == len(set(shipped)) == 20
    assert set(shipped) == required - CERTIFIED_ONLY
    assert required >= CERTIFIED_ONLY
    assert not CERTIFIED_ONLY & set(shipped)
    assert {code for code, _ in shipped} == set(CODES)
    assert {code for code, lang in shipped if lang == "es"} == SPANISH
    assert {lang for _, lang in shipped} == {"en", "es"}


def test_shipped_texts_are_seeded_as_active_version_one(db):
    rows = db.execute(
        "SELECT code, language, version, status, title, body, created_by FROM letter_templates "
        "ORDER BY id"
    ).fetchall()
    assert rows == [(c, lang, 1, "active", t, b, None) for c, lang, t, b in TEXTS]


@pytest.mark.parametrize(("code", "lang", "title", "body"), TEXTS, ids=TEXT_IDS)
def test_no_line_ends_in_a_block_tag_after_text(code, lang, title, body):
    # trim_blocks eats the newline after a block tag: "text{% endif %}" would glue the next
    # line (or paragraph) onto this one.
    glued = [line for line in body.splitlines() if re.search(r"\S.*%}$", line.strip())]
    assert [line for line in glued if not re.fullmatch(r"\{%[^%]*%\}", line.strip())] == []


@pytest.mark.parametrize(("code", "lang", "title", "body"), TEXTS, ids=TEXT_IDS)
def test_letters_open_with_a_salutation_and_close_with_a_closing_word(code, lang, title, body):
    plain_title, blocks = render(code, lang)
    assert plain_title and "{" not in plain_title
    if code == "truth_interview_consent":
        return  # a form: no salutation, no closing, its own lines to sign
    first, last = blocks[0], blocks[-1]
    assert first[0] == BlockKind.PARAGRAPH and first[1].endswith(":")
    greeting = ("Dear ",) if lang == "en" else ("Sr./Sra. ", "Estimado señor o señora")
    assert first[1].startswith(greeting)
    assert last == (BlockKind.PARAGRAPH, "Sincerely," if lang == "en" else "Atentamente,")


@pytest.mark.parametrize(("code", "lang", "title", "body"), TEXTS, ids=TEXT_IDS)
def test_no_letter_writes_the_address_date_or_signer_the_layout_prints(code, lang, title, body):
    _, blocks = render(code, lang)
    text = text_of(blocks)
    sample = sample_context()
    for value in (sample["today"], sample["office"]["signer_name"], "Deputy County Counsel"):
        assert value not in text
    assert "{{" not in text and "{%" not in text and "**" not in text


# -- TRUTH Act notice: ICE request received -------------------------------------------------


def test_request_notice_gives_the_form_its_date_what_was_asked_and_the_decision():
    title, blocks = render("truth_request_notice", "en", values_for("detainer"))
    text = text_of(blocks)
    assert title == "Notice of ICE request – Booking 2026-0012345"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear José Núñez:")
    assert "On November 21, 2026, the County of Santa Clara received a request about you" in text
    assert "Government Code section 7283.1(b)" in text
    assert "A copy of the request is enclosed with this letter." in text
    assert "The request is on ICE form I-247A (3/17), dated November 21, 2026." in text
    assert of_kind(blocks, BlockKind.BULLET) == [
        'keep you in custody after the time you would otherwise be released (a "hold")',
        'tell ICE ahead of time the date you will be released (a "notification")',
    ]
    assert "The County will not comply with this request." in text
    assert "Our records show Maria Chen, Esq. (Public Defender) as your attorney." in text
    assert "you may say no, or agree to it only with your attorney present" in text


@pytest.mark.parametrize(
    ("decision", "says"),
    [
        ("notify_only", "The County does intend to tell ICE the date you will be released."),
        ("honour", "but not after November 25, 2026 at 2:00 PM."),
        (None, "The County has not yet decided whether to comply with this request."),
    ],
)
def test_request_notice_says_what_each_decision_means(decision, says):
    if decision:
        values = values_for("detainer", detainer__decision_code=decision)
    else:
        values = values_for("detainer", drop=("detainer.decision_code",))
    text = text_of(render("truth_request_notice", "en", values)[1])
    assert says in text
    assert "The County will not comply with this request." not in text


def test_request_notice_without_an_attorney_or_optional_details_still_reads_whole():
    values = values_for(
        "detainer",
        drop=("attorney", "detainer.ice_office", "office.phone"),
        detainer__requests_hold=False,
        detainer__requests_notification=False,
        detainer__requests_transfer=True,
    )
    _, blocks = render("truth_request_notice", "en", values)
    text = text_of(blocks)
    assert "attorney is" not in text and "as your attorney" not in text
    assert "Enforcement (ICE). California's TRUTH Act" in text
    assert of_kind(blocks, BlockKind.BULLET) == ['hand you over to ICE custody (a "transfer")']
    assert "If you have questions about this notice, please ask jail staff." in text


def test_request_notice_in_spanish():
    title, blocks = render("truth_request_notice", "es", values_for("detainer"))
    text = text_of(blocks)
    assert title == "Aviso de solicitud de ICE – Número de registro 2026-0012345"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Sr./Sra. José Núñez:")
    assert "Servicio de Inmigración y Control de Aduanas de los Estados Unidos" in text
    assert "Código de Gobierno de California, sección 7283.1(b)" in text
    assert "El Condado no cumplirá con esta solicitud." in text
    assert "La entrevista es voluntaria" in text


# -- TRUTH Act notice: release date given to ICE --------------------------------------------


def test_release_notice_gives_the_date_and_who_else_is_told():
    title, blocks = render("truth_release_notice", "en", values_for("detainer"))
    text = text_of(blocks)
    assert title == "Notice of release date given to ICE – Booking 2026-0012345"
    assert (BlockKind.PARAGRAPH, "November 28, 2026") in blocks
    assert "Government Code section 7283.1(b)" in text
    assert "released from Main Jail North (booking number 2026-0012345)" in text
    assert "request on form I-247A (3/17), dated November 21, 2026" in text
    assert (
        "We are also sending this notice to Maria Chen, Esq., your attorney, and to Rosa Núñez, "
        "the person you designated."
    ) in text


def test_release_notice_about_a_case_with_nobody_to_copy_asks_for_a_designee():
    values = values_for("case", drop=("attorney", "designee"))
    text = text_of(render("truth_release_notice", "en", values)[1])
    assert "I-247" not in text
    assert "We do not have the name of an attorney for you." in text
    assert "one other person you choose" in text
    text_es = text_of(render("truth_release_notice", "es", values)[1])
    assert "No tenemos el nombre de su abogado o abogada." in text_es


def test_release_notice_without_a_release_date_stops_naming_the_field():
    values = values_for("case", drop=("booking.release_eligible_on",))
    with pytest.raises(MissingFieldError) as raised:
        render("truth_release_notice", "en", values)
    assert raised.value.path == "booking.release_eligible_on"


def test_release_notice_in_spanish():
    _, blocks = render("truth_release_notice", "es", values_for("detainer", drop=("designee",)))
    text = text_of(blocks)
    assert "Fecha de liberación comunicada a ICE" in of_kind(blocks, BlockKind.HEADING)
    assert "Código de Gobierno de California, sección 7283.1(b)" in text
    assert "También enviamos este aviso a Maria Chen, Esq., su abogado o abogada." in text


# -- TRUTH Act interview consent form --------------------------------------------------------


def test_consent_form_explains_the_purpose_the_three_rights_and_has_the_choices_to_mark():
    title, blocks = render("truth_interview_consent", "en", values_for("case"))
    text = text_of(blocks)
    assert title == "ICE interview consent form – Booking 2026-0012345"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Name: José Núñez · Booking number: 2026-0012345")
    assert "The purpose of the interview is for ICE to ask you questions" in text
    assert "Government Code section 7283.1(a)" in text
    assert "The interview is voluntary." in text
    assert "You may decline to be interviewed." in text
    assert "You may choose to be interviewed only with your attorney present." in text
    assert "English, Spanish, Chinese, Tagalog, Vietnamese and Korean" in text
    assert of_kind(blocks, BlockKind.CHECKBOX) == [
        "I agree to be interviewed by ICE.",
        "I agree to be interviewed by ICE only with my attorney present.",
        "I do not agree to be interviewed by ICE.",
    ]
    lines = of_kind(blocks, BlockKind.SIGNATURE_LINE)
    assert "Signature of the person" in lines
    assert "Name and signature of the officer or witness" in lines
    assert lines.count("Date and time") == 2
    assert "Sincerely," not in text


def test_consent_form_in_spanish():
    title, blocks = render("truth_interview_consent", "es", values_for("detainer"))
    text = text_of(blocks)
    assert title.startswith("Formulario de consentimiento para entrevista con ICE")
    assert "La entrevista es voluntaria." in text
    assert "Usted puede negarse a la entrevista." in text
    assert "solo si su abogado o abogada está presente" in text
    assert "Código de Gobierno de California, sección 7283.1(a)" in text
    assert of_kind(blocks, BlockKind.CHECKBOX) == [
        "Acepto que ICE me entreviste.",
        "Acepto que ICE me entreviste solo si mi abogado o abogada está presente.",
        "No acepto que ICE me entreviste.",
    ]
    assert "Firma de la persona" in of_kind(blocks, BlockKind.SIGNATURE_LINE)


def test_consent_form_without_an_attorney_leaves_that_line_out():
    for lang, attorney_line in (("en", "as your attorney"), ("es", "Según nuestros registros")):
        _, blocks = render("truth_interview_consent", lang, values_for("case", drop=("attorney",)))
        assert attorney_line not in text_of(blocks)
        assert len(of_kind(blocks, BlockKind.CHECKBOX)) == 3


# -- Detainer declination ---------------------------------------------------------------------


def test_declination_names_the_person_form_dates_reasons_and_authority():
    title, blocks = render("detainer_declination", "en", values_for("detainer"))
    text = text_of(blocks)
    assert title == "Declination of immigration detainer – José Núñez, Booking 2026-0012345"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear Sir or Madam:")
    assert "On November 21, 2026, the County of Santa Clara received your Form I-247A (3/17)" in (
        text
    )
    assert "signed by SDDO J. Smith" in text
    bullets = of_kind(blocks, BlockKind.BULLET)
    assert "Name: José Núñez" in bullets
    assert "A-number: A012345678" in bullets
    assert "Booking number: 2026-0012345" in bullets
    assert "Event number: SFR2611000123" in bullets
    assert "The request is not accompanied by a judicial warrant." in bullets
    assert "The County declines this request." in text
    assert "not accompanied by a warrant issued by a judge" in text
    assert "California Values Act (SB 54), set out in Cal. Gov. Code §§ 7284–7284.12" in text
    assert "Gov. Code § 7284.6(a)(1)(B)" in text and "§ 7284.6(a)(4)" in text
    assert "8 C.F.R. § 287.7(a)" in text
    assert "Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014)" in text
    assert (
        "Miranda-Olivares v. Clackamas County, No. 3:12-cv-02317-ST, 2014 WL 1414305 "
        "(D. Or. Apr. 11, 2014)"
    ) in text
    assert "Gov. Code § 7283.1(b)" in text


def test_declination_with_a_judicial_warrant_and_no_recorded_reasons_or_policy():
    values = values_for(
        "detainer",
        drop=("detainer.reasons", "detainer.policy_name", "person.a_number"),
        detainer__has_judicial_warrant=True,
        detainer__decision_code="notify_only",
    )
    _, blocks = render("detainer_declination", "en", values)
    text = text_of(blocks)
    assert "The request is accompanied by a warrant issued by a judge." in text
    assert "not accompanied by a warrant issued by a judge" not in text
    assert "The County declines the request to detain this individual." in text
    assert "The request does not meet the conditions of the County's policy." in of_kind(
        blocks, BlockKind.BULLET
    )
    # The policy in force on the letter's date stands in for the one the decision recorded.
    assert "made under its policy, California Values Act (SB 54)" in text
    assert not any(b.startswith("A-number") for b in of_kind(blocks, BlockKind.BULLET))


# -- Policy / reimbursement notice ------------------------------------------------------------


def test_policy_notice_under_3_54_states_the_conditions_and_asks_for_an_agreement():
    values = values_for("detainer", office__policy_code="santa_clara_3_54")
    title, blocks = render("policy_notice", "en", values)
    text = text_of(blocks)
    assert title == (
        "Notice of County of Santa Clara policy on ICE detainer requests – José Núñez, "
        "Form I-247A (3/17)"
    )
    assert "This notice concerns your Form I-247A (3/17) dated November 21, 2026" in text
    assert "The County has declined that request." in text
    assert "Policy in force: California Values Act (SB 54)" in text
    assert any("reimburse the County for all costs" in b for b in of_kind(blocks, BlockKind.BULLET))
    assert any("serious or violent felony" in b for b in of_kind(blocks, BlockKind.BULLET))
    assert "proposed written agreement" in text
    assert "Galarza v. Szalczyk" in text and "Miranda-Olivares v. Clackamas County" in text


def test_policy_notice_under_sb54_promises_no_holds_and_asks_for_no_agreement():
    title, blocks = render("policy_notice", "en", values_for("detainer"))
    text = text_of(blocks)
    assert "does not detain any individual on the basis of an ICE hold request" in text
    assert "§ 7284.6(a)(1)(B)" in text
    assert "reimburse" not in text and not of_kind(blocks, BlockKind.BULLET)
    assert "Galarza v. Szalczyk" in text


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("ca_trust_act", "only where Gov. Code § 7282.5 permits it"),
        ("dc_24h_cap", "no more than 24 hours beyond"),
        ("honour_all", "considers each request on its own"),
    ],
)
def test_policy_notice_follows_the_policy_in_force(code, says):
    _, blocks = render("policy_notice", "en", values_for("detainer", office__policy_code=code))
    assert says in text_of(blocks)


def test_policy_notice_for_a_period_names_the_period_and_no_person():
    title, blocks = render("policy_notice", "en", values_for("period"))
    text = text_of(blocks)
    assert title == "Notice of County of Santa Clara policy on ICE detainer requests"
    assert "This notice concerns the period from October 1, 2026 through October 31, 2026." in text
    assert "Núñez" not in text and "Booking" not in text


# -- Opt-out request and follow-up --------------------------------------------------------------


def test_optout_request_cites_the_resolution_and_states_the_request():
    title, blocks = render("optout_request", "en", values_for("optout"))
    text = text_of(blocks)
    assert title == "County of Santa Clara: Opt-out request (Secure Communities)"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear David Venturella:")
    assert (
        "On June 22, 2010, the Board of Supervisors of the County of Santa Clara adopted "
        "Resolution No. BOS-2010-316 by a vote of 5–0"
    ) in text
    assert (BlockKind.PARAGRAPH, "The county asks to be removed from Secure Communities.") in blocks
    assert "Secure Communities" in text


def test_optout_request_without_resolution_or_addressee():
    values = values_for("optout", drop=("optout.addressee", "optout.resolution_number"))
    _, blocks = render("optout_request", "en", values)
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear Sir or Madam:")
    assert blocks[1][1].startswith("On behalf of the County of Santa Clara, we write")
    assert "Resolution" not in text_of(blocks)


def test_optout_followup_cites_each_earlier_letter_the_answers_and_the_silence():
    values = values_for("optout")
    values["optout"]["earlier_letters"] = [
        Record(
            "optout.earlier_letters[]",
            {"date": d, "direction": way, "party": party, "subject": subject},
        )
        for d, way, party, subject in (
            ("June 24, 2010", "sent", "David Venturella", "Request to opt out"),
            ("August 20, 2010", "received", "David Venturella", "Secure Communities deployment"),
            ("September 30, 2010", "sent", "John Morton", "Second request to opt out"),
        )
    ]
    title, blocks = render("optout_followup", "en", values)
    text = text_of(blocks)
    assert title == "Follow-up: County of Santa Clara, Opt-out request (first sent June 24, 2010)"
    bullets = of_kind(blocks, BlockKind.BULLET)
    assert 'June 24, 2010: our letter to David Venturella, "Request to opt out"' in bullets
    assert 'September 30, 2010: our letter to John Morton, "Second request to opt out"' in bullets
    assert 'August 20, 2010: David Venturella, "Secure Communities deployment"' in bullets
    assert "these answers do not resolve the request" in text
    assert "Our most recent letter has now gone 63 days without an answer." in text


def test_optout_followup_with_no_answer_says_so():
    values = values_for("optout", drop=("optout.days_without_answer", "optout.first_sent_on"))
    values["optout"]["answers"] = []
    title, blocks = render("optout_followup", "en", values)
    text = text_of(blocks)
    assert title == "Follow-up: County of Santa Clara, Opt-out request"
    assert "We have not received an answer to the request." in text
    assert "days without an answer" not in text
    assert "do not resolve" not in text


# -- Transmittal --------------------------------------------------------------------------------


def test_transmittal_about_a_letter_refers_to_its_subject_and_dates():
    title, blocks = render("transmittal", "en", values_for("correspondence"))
    text = text_of(blocks)
    assert title == "Transmittal: Records of ICE detainers, 2026"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear Lee O'Brien:")
    assert "concerning Records of ICE detainers, 2026." in text
    assert "your letter dated November 15, 2026, received on November 16, 2026" in text
    assert "listed at the end of this letter" in text


def test_transmittal_about_a_case_refers_to_the_booking_and_greets_the_attorney():
    title, blocks = render("transmittal", "en", values_for("case"))
    text = text_of(blocks)
    assert title == "Transmittal: José Núñez, Booking 2026-0012345"
    assert blocks[0] == (BlockKind.PARAGRAPH, "Dear Maria Chen, Esq.:")
    assert "concerning José Núñez, booking number 2026-0012345." in text
    assert "your letter" not in text
    _, blocks_es = render("transmittal", "es", values_for("case", drop=("attorney",)))
    assert blocks_es[0] == (BlockKind.PARAGRAPH, "Estimado señor o señora:")
    assert "relativos a José Núñez, número de registro 2026-0012345" in text_of(blocks_es)


# -- Public records letters ---------------------------------------------------------------------


def test_cpra_determination_names_the_request_the_rule_and_the_due_date():
    title, blocks = render("cpra_determination", "en", values_for("correspondence"))
    text = text_of(blocks)
    assert title == "Public Records Act request received November 16, 2026: determination"
    assert "received on November 16, 2026" in text
    summary = "All detainers received in 2026, with the county's decisions."
    assert (BlockKind.PARAGRAPH, summary) in blocks
    assert "Government Code section 7922.535(a)" in text
    assert "that period ends on November 26, 2026" in text
    assert "copies of disclosable public records in its possession" in text
    assert of_kind(blocks, BlockKind.SIGNATURE_LINE) == [
        "Estimated date and time the records will be made available"
    ]


def test_cpra_extension_gives_the_unusual_circumstance_and_the_new_date():
    title, blocks = render("cpra_extension", "en", values_for("correspondence"))
    text = text_of(blocks)
    assert title.endswith(": extension of time")
    assert "section 7922.535(b)" in text and "no more than 14 days" in text
    assert "Gov. Code § 7922.535(c)(1)" in text
    assert of_kind(blocks, BlockKind.BULLET) == [
        "the need to search for and collect the requested records from field facilities or "
        "other establishments that are separate from the office processing the request."
    ]
    assert "on or before December 10, 2026" in text
    assert "ends on November 26, 2026" in text


def test_cpra_production_covers_the_records_and_the_withheld_index():
    _, blocks = render("cpra_production", "en", values_for("correspondence"))
    text = text_of(blocks)
    assert "Enclosed are the records of the office that are responsive to your request." in text
    assert (
        "Any record or part withheld is identified in the enclosed index with the exemption "
        "relied on"
    ) in text
    assert "Gov. Code § 7922.000" in text and "§ 7927.705" in text


def test_cpra_no_records_says_none_were_found_and_offers_help():
    _, blocks = render("cpra_no_records", "en", values_for("correspondence"))
    text = text_of(blocks)
    assert "it has no records responsive to your request" in text
    assert "Gov. Code § 7922.600" in text


@pytest.mark.parametrize(
    "code", ["cpra_determination", "cpra_extension", "cpra_production", "cpra_no_records"]
)
def test_cpra_letters_without_requester_or_summary_use_the_subject(code):
    values = values_for("correspondence", drop=("request.requester", "request.summary"))
    for lang in ("en", "es"):
        _, blocks = render(code, lang, values)
        assert blocks[0][1] in ("Dear Sir or Madam:", "Estimado señor o señora:")
        assert (BlockKind.PARAGRAPH, "Records of ICE detainers, 2026") in blocks


@pytest.mark.parametrize(
    ("code", "phrases"),
    [
        ("cpra_determination", ["Ley de Registros Públicos de California", "sección 7922.535(a)"]),
        ("cpra_extension", ["circunstancia inusual", "a más tardar el 10 de diciembre de 2026"]),
        ("cpra_production", ["Adjuntamos los registros", "sección 7927.705"]),
        ("cpra_no_records", ["no tiene registros que respondan", "sección 7922.600"]),
        ("transmittal", ["Adjuntamos copias de los documentos", "Records of ICE detainers"]),
    ],
)
def test_spanish_correspondence_letters(code, phrases):
    # The dates as the app writes them for a Spanish letter (the sample values are English).
    values = values_for("correspondence", request__extended_due="10 de diciembre de 2026")
    title, blocks = render(code, "es", values)
    text = text_of(blocks)
    assert blocks[0] == (BlockKind.PARAGRAPH, "Sr./Sra. Lee O'Brien:")
    assert "Dear" not in text and "Sincerely" not in text
    for phrase in phrases:
        assert phrase in text or phrase in title


# -- with the values the app really builds ----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_detainer_letters_render_from_a_real_declined_detainer(db, actor, case_factory, lang):
    set_up_office(db, actor)
    desk = declined_detainer(db, actor, case_factory)
    values = merge_values(
        db, About("detainer", desk.detainer_id), language=lang, today=TODAY, our_reference="R-1"
    )
    for code, text_lang, title, body in TEXTS:
        if text_lang != lang or code.startswith(("cpra", "optout", "transmittal")):
            continue
        plain_title, markup = render_text(title, body, values)
        assert "Núñez1" in plain_title or "2010-001" in plain_title
        assert "Núñez1" in markup_to_plain(markup)


def test_release_notice_renders_from_a_real_case_in_both_languages(db, actor, case_factory):
    set_up_office(db, actor)
    desk = declined_detainer(db, actor, case_factory)
    d = new(db, actor, desk.booking_id, requests_hold=False, requests_notification=True)
    decide(db, actor, d, "notify_only")
    for lang, date_text in (("en", "October 15, 2010"), ("es", "15 de octubre de 2010")):
        values = merge_values(
            db, About("detainer", d.id), language=lang, today=TODAY, our_reference="R-2"
        )
        _, markup = render_text(*_text("truth_release_notice", lang), values)
        blocks = parse_blocks(markup)
        assert date_text in [markup_to_plain(b.markup) for b in blocks]


def test_policy_notice_renders_for_a_real_period(db, actor):
    set_up_office(db, actor)
    about = About("period", start=date(2010, 10, 1), end=date(2010, 10, 31))
    values = merge_values(db, about, language="en", today=TODAY, our_reference="R-3")
    _, markup = render_text(*_text("policy_notice", "en"), values)
    assert "from October 1, 2010 through October 31, 2010" in markup_to_plain(markup)
