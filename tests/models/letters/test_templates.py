"""The county's template library (models.letters.templates): types, versions, languages."""

import sqlite3
from datetime import UTC, datetime

import pytest

from models.audit import verify_chain
from models.errors import DeskError, NotFoundError, ValidationError
from models.letters.templates import (
    LetterType,
    TemplateStatus,
    active_template,
    get_template,
    letter_type,
    letter_types,
    save_template,
    set_template_status,
    template_library,
    template_versions,
)
from models.letters.templating import TemplateError
from models.records import StaffRole
from models.staff import find_by_login, update_staff
from tests.models.audit_helpers import audit_rows

NOW = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)
CONSENT = "truth_interview_consent"
TITLE = "Consentimiento para entrevista con ICE"
BODY = "Nombre: {{ person.full_name }}\n\n[ ] Acepto la entrevista.\n\n___ Firma"


@pytest.fixture
def clerk(db, actor):
    update_staff(db, actor, "jdoe", full_name="Jane Doe", role=StaffRole.CLERK)
    return find_by_login(db, "jdoe")


def count_rows(db, table="letter_templates"):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def statuses(db, code, language):
    return {t.version: t.status for t in template_versions(db, code, language)}


def test_letter_types_come_in_the_office_s_order_with_their_languages(db):
    types = letter_types(db)
    assert [t.code for t in types][:3] == [
        "truth_request_notice",
        "truth_release_notice",
        CONSENT,
    ]
    assert len(types) == 12
    consent = letter_type(db, CONSENT)
    assert isinstance(consent, LetterType)
    assert consent.languages == ("en", "es", "zh", "tl", "vi", "ko")
    assert consent.about_kinds == ("case", "detainer")
    assert consent.recipient == "person"
    assert letter_type(db, "detainer_declination").languages == ("en",)


def test_an_unknown_letter_type_is_not_found(db):
    with pytest.raises(NotFoundError, match="“nonsense”"):
        letter_type(db, "nonsense")


def test_saving_makes_version_one_then_two_and_archives_the_one_before(db, actor):
    first = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY, now=NOW)
    assert (first.version, first.status) == (1, TemplateStatus.ACTIVE)
    assert (first.created_by, first.created_at) == (actor.id, NOW)
    second = save_template(db, actor, CONSENT, "vi", "Đồng ý phỏng vấn", BODY, "Bản dịch mới")
    assert (second.version, second.status, second.notes) == (2, "active", "Bản dịch mới")
    assert statuses(db, CONSENT, "vi") == {2: "active", 1: "archived"}
    assert get_template(db, first.id).title == "Đồng ý"  # the old text is kept as it was
    assert active_template(db, CONSENT, "vi").id == second.id
    active = db.execute(
        "SELECT count(*) FROM letter_templates WHERE code = ? AND language = 'vi' "
        "AND status = 'active'",
        [CONSENT],
    ).fetchone()[0]
    assert active == 1


def test_a_new_version_follows_the_shipped_one(db, actor):
    shipped = active_template(db, CONSENT, "es")
    assert shipped.created_by is None
    saved = save_template(db, actor, CONSENT, "es", TITLE, BODY)
    assert saved.version == shipped.version + 1
    assert get_template(db, shipped.id).status is TemplateStatus.ARCHIVED


def test_saving_is_audited_with_the_archived_version_in_the_same_chain(db, actor):
    first = save_template(db, actor, CONSENT, "tl", "Pahintulot", BODY, now=NOW)
    second = save_template(db, actor, CONSENT, "tl", "Pahintulot 2", BODY, now=NOW)
    rows = audit_rows(db, "letter_templates")
    assert ("update", first.id, "status", "active", "archived") in rows
    created = {(r[1], r[2]): r[4] for r in rows if r[0] == "create"}
    assert created[(second.id, "title")] == "Pahintulot 2"
    assert created[(second.id, "version")] == "2"
    assert verify_chain(db).ok


def test_a_draft_is_saved_beside_the_active_version_without_replacing_it(db, actor):
    active = save_template(db, actor, CONSENT, "ko", "동의서", BODY)
    draft = save_template(db, actor, CONSENT, "ko", "동의서 초안", BODY, activate=False)
    assert (draft.version, draft.status) == (2, TemplateStatus.DRAFT)
    assert active_template(db, CONSENT, "ko").id == active.id


def test_a_clerk_cannot_save_a_template_and_nothing_is_written(db, clerk):
    before = count_rows(db)
    with pytest.raises(DeskError, match="Only an administrator"):
        save_template(db, clerk, CONSENT, "vi", "Đồng ý", BODY)
    assert count_rows(db) == before


def test_a_bad_template_is_refused_and_nothing_is_written(db, actor):
    before, audit_before = count_rows(db), count_rows(db, "audit_log")
    with pytest.raises(TemplateError) as caught:
        save_template(db, actor, CONSENT, "es", TITLE, "Hola\n{{ person.famly_name }}")
    assert caught.value.for_field("body")[0].startswith(
        "Line 2: there is no merge field “person.famly_name”."
    )
    assert (count_rows(db), count_rows(db, "audit_log")) == (before, audit_before)
    assert active_template(db, CONSENT, "es").created_by is None  # the shipped text stays


def test_a_language_the_type_is_not_produced_in_is_refused(db, actor):
    with pytest.raises(ValidationError) as caught:
        save_template(db, actor, "detainer_declination", "es", "Declinación", "Texto")
    assert caught.value.for_field("language") == [
        "The detainer declination letter to ICE is not produced in Spanish."
    ]


def test_a_missing_translation_is_refused_as_not_yet_loaded_naming_the_language(db):
    with pytest.raises(NotFoundError) as caught:
        active_template(db, CONSENT, "ko")
    message = str(caught.value)
    assert message == (
        "The Korean translation of the TRUTH Act ICE interview consent form is not yet loaded. "
        "An administrator loads the county's certified translation in "
        "Settings ▸ Letter templates."
    )


def test_a_language_the_type_does_not_list_is_refused_as_not_produced(db):
    with pytest.raises(NotFoundError, match="^The detainer declination letter to ICE is not "):
        active_template(db, "detainer_declination", "ko")


def test_a_draft_does_not_count_as_loaded(db, actor):
    save_template(db, actor, CONSENT, "zh", "同意书", BODY, activate=False)
    with pytest.raises(NotFoundError, match="Chinese translation .* not yet loaded"):
        active_template(db, CONSENT, "zh")


def test_an_active_version_cannot_be_edited_in_place(db, actor):
    saved = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    with pytest.raises(sqlite3.IntegrityError, match="never edited"):
        db.execute("UPDATE letter_templates SET body = 'changed' WHERE id = ?", [saved.id])
    assert get_template(db, saved.id).body == BODY


@pytest.mark.parametrize("status", ["active", "archived"])
def test_a_version_that_has_been_active_never_becomes_a_draft_to_be_edited(db, actor, status):
    saved = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    set_template_status(db, actor, saved.id, status)
    with pytest.raises(sqlite3.IntegrityError, match="never edited"):
        db.execute("UPDATE letter_templates SET status = 'draft' WHERE id = ?", [saved.id])
    db.execute("UPDATE letter_templates SET status = 'archived' WHERE id = ?", [saved.id])
    with pytest.raises(sqlite3.IntegrityError, match="never edited"):
        db.execute("UPDATE letter_templates SET body = 'changed' WHERE id = ?", [saved.id])
    assert get_template(db, saved.id).body == BODY


def test_activating_a_draft_archives_the_active_version(db, actor):
    first = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    draft = save_template(db, actor, CONSENT, "vi", "Đồng ý 2", BODY, activate=False)
    activated = set_template_status(db, actor, draft.id, "active")
    assert activated.status is TemplateStatus.ACTIVE
    assert statuses(db, CONSENT, "vi") == {2: "active", 1: "archived"}
    assert ("update", first.id, "status", "active", "archived") in audit_rows(
        db, "letter_templates"
    )


def test_an_archived_version_can_be_put_back_in_force(db, actor):
    first = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    save_template(db, actor, CONSENT, "vi", "Đồng ý 2", BODY)
    set_template_status(db, actor, first.id, TemplateStatus.ACTIVE)
    assert statuses(db, CONSENT, "vi") == {2: "archived", 1: "active"}


def test_archiving_the_active_version_leaves_the_language_not_yet_loaded(db, actor):
    saved = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    set_template_status(db, actor, saved.id, "archived")
    with pytest.raises(NotFoundError, match="Vietnamese translation .* not yet loaded"):
        active_template(db, CONSENT, "vi")


def test_a_draft_that_fails_the_check_cannot_be_activated(db, actor):
    draft = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY, activate=False)
    # A draft can be edited in place (by a future editor); an edit that breaks it is refused
    # when it is put in force.
    db.execute(
        "UPDATE letter_templates SET body = '{{ person.__class__ }}' WHERE id = ?", [draft.id]
    )
    with pytest.raises(TemplateError, match="“__class__” is not allowed"):
        set_template_status(db, actor, draft.id, "active")
    assert get_template(db, draft.id).status is TemplateStatus.DRAFT


def test_a_version_that_was_in_force_never_goes_back_to_draft(db, actor):
    saved = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    with pytest.raises(ValidationError, match="save a new version"):
        set_template_status(db, actor, saved.id, "draft")
    with pytest.raises(ValidationError, match="“retired” is not a template status"):
        set_template_status(db, actor, saved.id, "retired")


def test_a_clerk_cannot_change_a_version_s_status(db, actor, clerk):
    saved = save_template(db, actor, CONSENT, "vi", "Đồng ý", BODY)
    with pytest.raises(DeskError, match="Only an administrator"):
        set_template_status(db, clerk, saved.id, "archived")
    assert get_template(db, saved.id).status is TemplateStatus.ACTIVE


def test_an_unknown_template_id_is_not_found(db):
    with pytest.raises(NotFoundError):
        get_template(db, 99999)


def test_the_library_lists_six_language_slots_for_the_consent_form(db, actor):
    save_template(db, actor, CONSENT, "ko", "동의서", BODY)
    save_template(db, actor, CONSENT, "ko", "동의서 2", BODY)
    slots = [s for s in template_library(db) if s.code == CONSENT]
    assert [s.language for s in slots] == ["en", "es", "zh", "tl", "vi", "ko"]
    by_language = {s.language: s for s in slots}
    assert by_language["ko"].active_version == 2
    assert by_language["ko"].version_count == 2
    assert by_language["ko"].language_name == "Korean"
    assert by_language["ko"].type_label == "TRUTH Act ICE interview consent form"
    assert by_language["zh"].active is None and not by_language["zh"].is_loaded
    assert by_language["zh"].version_count == 0


def test_the_library_has_one_slot_per_type_and_required_language(db):
    slots = template_library(db)
    expected = [(t.code, lang) for t in letter_types(db) for lang in t.languages]
    assert [(s.code, s.language) for s in slots] == expected


def test_template_versions_lists_languages_in_office_order_newest_first(db, actor):
    save_template(db, actor, CONSENT, "ko", "동의서", BODY)
    save_template(db, actor, CONSENT, "ko", "동의서 2", BODY, activate=False)
    versions = [(t.language, t.version) for t in template_versions(db, CONSENT)]
    assert versions[-2:] == [("ko", 2), ("ko", 1)]
    assert versions[0][0] == "en"
