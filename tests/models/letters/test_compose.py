"""Composing a letter: a template and a record make the content the layout prints, read as text.

The helpers at the top (an office with its letterhead, a case with a declined detainer from an
ICE office the county has an address for, test templates) are shared with the document and
batch tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.contacts import resolve_contact
from models.errors import NotFoundError, ValidationError
from models.letters.about import About
from models.letters.blocks import markup_to_plain
from models.letters.compose import LetterRequest, compose
from models.letters.content import BlockKind, Recipient
from models.letters.office import OfficeSettings, save_office_settings
from models.letters.templates import save_template
from models.letters.templating import MissingFieldError
from models.store import write_transaction
from tests.models.detainer_helpers import NOW, add_case, decide, new

ICE_OFFICE = "ICE ERO San Francisco Field Office"
ICE_ADDRESS = "630 Sansome Street, Rm 590\nSan Francisco, CA 94111"
OFFICE = OfficeSettings(
    county_name="County of Alder",
    office_name="Office of the County Counsel",
    office_address="70 West Hedding Street\nSan José, CA 95110",
    office_phone="(408) 299-5900",
    signer_name="Ana Ruiz",
    signer_title="Deputy County Counsel",
    jail_name="Alder County Main Jail",
    jail_address="150 West Hedding Street\nSan José, CA 95110",
)
DECLINATION_TITLE = "Declination – {{ person.full_name }}, Booking {{ booking.number }}"
DECLINATION_BODY = """# Declination of immigration detainer

The {{ office.county }} declines the detainer ({{ detainer.form }}) for **{{ person.full_name }}**,
booking {{ booking.number }}.

Reason given: {{ detainer.decision_reason }}

- A detainer is a request, not an order.
- No judicial warrant came with it.
"""
REASON = "No judicial warrant & no conviction <listed>."
TODAY = NOW.date()  # Wed 10/20/2010


@dataclass(frozen=True)
class Desk:
    """What the letter tests work on: a case and its declined detainer from a known ICE office."""

    booking_id: int
    detainer_id: int

    @property
    def about(self) -> About:
        return About("detainer", self.detainer_id)


def set_up_office(db, actor) -> None:
    """The letterhead, and the ICE office's address as a contact."""
    save_office_settings(db, actor, OFFICE)
    with write_transaction(db):
        ice = resolve_contact(db, "ice_field_office", ICE_OFFICE, actor)
        db.execute("UPDATE contacts SET address = ? WHERE id = ?", [ICE_ADDRESS, ice])


def declined_detainer(db, actor, case_factory, n: int = 1, **kw) -> Desk:
    """Case ``n`` (María José Núñez{n}, booking 2010-00{n}) with a declined I-247."""
    booking_id = add_case(db, actor, case_factory, n)
    detainer = new(db, actor, booking_id, ice_office=ICE_OFFICE, **kw)
    decide(db, actor, detainer, "decline", REASON)
    return Desk(booking_id, detainer.id)


def declination_template(db, actor, title=DECLINATION_TITLE, body=DECLINATION_BODY):
    return save_template(db, actor, "detainer_declination", "en", title, body, now=NOW)


@pytest.fixture
def desk(db, actor, case_factory) -> Desk:
    set_up_office(db, actor)
    declination_template(db, actor)
    return declined_detainer(db, actor, case_factory)


def declination(desk: Desk, **kw) -> LetterRequest:
    return LetterRequest("detainer_declination", "en", desk.about, **kw)


# -- the content ----------------------------------------------------------------------------


def test_declination_says_who_what_and_why_from_the_record(db, desk):
    content, values = compose(db, declination(desk), today=TODAY, our_reference="DD-2010-00007")
    assert content.title == "Declination – María José Núñez1, Booking 2010-001"
    assert content.recipients == (
        Recipient(ICE_OFFICE, ("630 Sansome Street, Rm 590", "San Francisco, CA 94111"), "to"),
    )
    assert [(b.kind, markup_to_plain(b.markup)) for b in content.blocks] == [
        (BlockKind.HEADING, "Declination of immigration detainer"),
        (
            BlockKind.PARAGRAPH,
            "The County of Alder declines the detainer (I-247) for María José Núñez1, "
            "booking 2010-001.",
        ),
        (BlockKind.PARAGRAPH, f"Reason given: {REASON}"),
        (BlockKind.BULLET, "A detainer is a request, not an order."),
        (BlockKind.BULLET, "No judicial warrant came with it."),
    ]
    # The name is bold, and the reason's & < > are escaped for the layout, never markup.
    assert "<b>María José Núñez1</b>" in content.blocks[1].markup
    assert "&amp; no conviction &lt;listed&gt;." in content.blocks[2].markup
    assert (content.date_text, content.our_reference) == ("October 20, 2010", "DD-2010-00007")
    assert (content.signer_name, content.signer_title) == ("Ana Ruiz", "Deputy County Counsel")
    assert (content.letterhead.county, content.letterhead.office) == (
        "County of Alder",
        "Office of the County Counsel",
    )
    assert content.draft and not content.is_form
    assert values["booking"]["number"] == "2010-001"
    assert values["letter"]["our_reference"] == "DD-2010-00007"


def test_approved_content_has_no_draft_mark_and_their_reference_and_enclosures(db, desk):
    request = declination(desk, their_reference=" ERO-118 ", enclosures=("Copy of I-247", " "))
    content, _ = compose(db, request, today=TODAY, our_reference="DD-2010-00001", draft=False)
    assert not content.draft
    assert content.their_reference == "ERO-118"
    assert content.enclosures == ("Copy of I-247",)


def test_stored_values_give_the_same_words_after_the_record_changed(db, desk):
    request = declination(desk)
    first, values = compose(db, request, today=TODAY, our_reference="DD-2010-00001")
    db.execute("UPDATE persons SET family_name = 'Changed'")
    again, _ = compose(db, request, today=TODAY, our_reference="DD-2010-00001", values=values)
    fresh, _ = compose(db, request, today=TODAY, our_reference="DD-2010-00001")
    assert again == first
    assert "Changed" in fresh.title and "Changed" not in again.title


def test_recipients_given_replace_the_usual_ones(db, desk):
    chosen = (Recipient("Smith & <Jones> LLP", ("1 Main St",)), Recipient("Rosa", (), "cc"))
    content, _ = compose(
        db, declination(desk, recipients=chosen), today=TODAY, our_reference="DD-2010-00001"
    )
    assert content.recipients == chosen
    assert content.addressee.name == "Smith & <Jones> LLP"


def test_the_consent_form_is_a_form(db, actor, desk):
    save_template(
        db, actor, "truth_interview_consent", "en", "Consent – {{ person.full_name }}",
        "[ ] I agree to be interviewed.\n\n___ Signature of {{ person.full_name }}", now=NOW,
    )  # fmt: skip
    request = LetterRequest("truth_interview_consent", "en", desk.about)
    content, _ = compose(db, request, today=TODAY, our_reference="DD-2010-00001")
    assert content.is_form
    assert [b.kind for b in content.blocks] == [BlockKind.CHECKBOX, BlockKind.SIGNATURE_LINE]
    assert content.addressee.name == "María José Núñez1"


# -- refusals -------------------------------------------------------------------------------


def test_a_letter_about_a_kind_of_record_its_type_is_not_written_about_is_refused(db, desk):
    request = LetterRequest("detainer_declination", "en", About("case", desk.booking_id))
    with pytest.raises(ValidationError) as caught:
        compose(db, request, today=TODAY, our_reference="DD-2010-00001")
    assert caught.value.errors[0].field == "for"
    assert str(caught.value) == (
        "A detainer declination letter to ICE is not written about a case; it is written "
        "about a detainer."
    )


def test_a_language_without_a_loaded_translation_is_refused(db, desk):
    request = LetterRequest("detainer_declination", "ko", desk.about)
    with pytest.raises(NotFoundError, match="Korean"):
        compose(db, request, today=TODAY, our_reference="DD-2010-00001")


def test_an_unknown_language_is_refused(db, desk):
    request = LetterRequest("detainer_declination", "xx", desk.about)
    with pytest.raises(ValidationError, match="“xx” is not a language"):
        compose(db, request, today=TODAY, our_reference="DD-2010-00001")


def test_a_letter_with_nobody_to_go_to_is_refused(db, actor, case_factory):
    set_up_office(db, actor)
    declination_template(db, actor, body="The county declines the request.")
    booking_id = add_case(db, actor, case_factory, 2)
    detainer = new(db, actor, booking_id)  # no ICE office written on it
    db.execute("DELETE FROM contacts WHERE kind = 'ice_field_office'")
    request = LetterRequest("detainer_declination", "en", About("detainer", detainer.id))
    with pytest.raises(ValidationError, match="nobody to go to") as caught:
        compose(db, request, today=TODAY, our_reference="DD-2010-00001")
    assert caught.value.errors[0].field == "recipients"


def test_a_field_the_record_lacks_stops_the_letter_naming_it(db, actor, desk):
    declination_template(db, actor, body="Alien number: {{ person.a_number }}")
    with pytest.raises(MissingFieldError) as caught:
        compose(db, declination(desk), today=TODAY, our_reference="DD-2010-00001")
    assert caught.value.path == "person.a_number"
    assert "A-number" in str(caught.value) and "person.a_number" in str(caught.value)


def test_an_unknown_record_is_refused(db, desk):
    request = LetterRequest("detainer_declination", "en", About("detainer", 999))
    with pytest.raises(NotFoundError, match="999"):
        compose(db, request, today=TODAY, our_reference="DD-2010-00001")
