"""Import profiles: the shipped one read-only, saves and deletes audited, conflicts refused."""

from __future__ import annotations

import pytest

from models.audit import verify_chain
from models.errors import ConflictError, NotFoundError, ValidationError
from models.importing.mapping import Mapping
from models.importing.profiles import delete_profile, get_profile, list_profiles, save_profile

SHIPPED = "ICE CAP arrests (FOIA release)"
JAIL = Mapping(
    columns={"person.family_name": "Last Name", "booking.booked_at": "Booking Date"},
    constants={"booking.agency_ori": "CA0990000"},
)


def _audit(db, profile_id: int) -> list[tuple]:
    return db.execute(
        "SELECT action, field, old_value, new_value FROM audit_log "
        "WHERE table_name = 'import_profiles' AND record_id = ? ORDER BY id",
        [profile_id],
    ).fetchall()


def test_the_shipped_profile_is_listed_and_its_mapping_reads(db):
    (profile,) = list_profiles(db)
    assert (profile.name, profile.is_shipped, profile.row_version) == (SHIPPED, True, 0)
    assert profile.mapping.key_fallback == "row_content"
    assert get_profile(db, "ice cap ARRESTS (foia release)") == profile


def test_an_unknown_profile_is_not_found_naming_the_ones_there_are(db):
    with pytest.raises(NotFoundError) as caught:
        get_profile(db, "King County")
    assert str(caught.value) == (
        f"There is no import profile named “King County” (profiles: “{SHIPPED}”)."
    )


def test_a_new_profile_is_saved_and_audited(db, actor):
    saved = save_profile(db, actor, "  King   County jail ", JAIL, notes="Monthly export")
    assert (saved.name, saved.mapping, saved.notes, saved.is_shipped) == (
        "King County jail", JAIL, "Monthly export", False,
    )  # fmt: skip
    assert [p.name for p in list_profiles(db)] == [SHIPPED, "King County jail"]
    assert _audit(db, saved.id) == [
        ("create", "name", None, "King County jail"),
        ("create", "mapping_json", None, JAIL.to_json()),
        ("create", "notes", None, "Monthly export"),
    ]
    assert verify_chain(db).ok


def test_a_profile_saved_again_with_its_version_is_updated_field_by_field(db, actor):
    first = save_profile(db, actor, "King County jail", JAIL)
    changed = Mapping(JAIL.columns, {"booking.agency_ori": "WA0170000"})
    saved = save_profile(db, actor, "KING COUNTY JAIL", changed, row_version=first.row_version)
    assert (saved.id, saved.name, saved.mapping, saved.row_version) == (
        first.id, "KING COUNTY JAIL", changed, 1,
    )  # fmt: skip
    assert _audit(db, first.id)[-2:] == [
        ("update", "name", "King County jail", "KING COUNTY JAIL"),
        ("update", "mapping_json", JAIL.to_json(), changed.to_json()),
    ]


def test_a_stale_version_is_a_conflict_and_nothing_is_written(db, actor):
    first = save_profile(db, actor, "King County jail", JAIL)
    save_profile(db, actor, "King County jail", JAIL, notes="v2", row_version=0)
    with pytest.raises(ConflictError, match="was changed elsewhere since you opened it"):
        save_profile(db, actor, "King County jail", Mapping(), row_version=first.row_version)
    assert get_profile(db, "King County jail").mapping == JAIL
    deleted = save_profile(db, actor, "Pierce", JAIL)
    delete_profile(db, actor, "Pierce")
    with pytest.raises(ConflictError, match="was deleted or renamed elsewhere"):
        save_profile(db, actor, "Pierce", JAIL, row_version=deleted.row_version)


def test_a_name_in_use_in_other_capitals_is_refused_for_a_new_profile(db, actor):
    save_profile(db, actor, "King County jail", JAIL)
    with pytest.raises(ValidationError) as caught:
        save_profile(db, actor, "KING county JAIL", Mapping())
    assert str(caught.value) == (
        "There is already a profile named “King County jail” (names are the same whatever their "
        "capitals); choose another name, or open that profile to change it."
    )
    with pytest.raises(ValidationError, match="Give the profile a name"):
        save_profile(db, actor, "   ", JAIL)


def test_the_shipped_profile_cannot_be_overwritten_or_deleted(db, actor):
    shipped = get_profile(db, SHIPPED)
    with pytest.raises(ValidationError) as caught:
        save_profile(db, actor, SHIPPED.upper(), JAIL, row_version=shipped.row_version)
    assert str(caught.value) == (
        f"“{SHIPPED}” comes with the app and cannot be changed; save your mapping under another "
        "name."
    )
    with pytest.raises(ValidationError, match="comes with the app and cannot be deleted"):
        delete_profile(db, actor, SHIPPED)
    assert get_profile(db, SHIPPED) == shipped


def test_a_deleted_profile_is_gone_and_its_deletion_audited(db, actor):
    saved = save_profile(db, actor, "King County jail", JAIL)
    delete_profile(db, actor, "king county jail")
    assert [p.name for p in list_profiles(db)] == [SHIPPED]
    assert _audit(db, saved.id)[-2:] == [
        ("delete", "name", "King County jail", None),
        ("delete", "mapping_json", JAIL.to_json(), None),
    ]
    with pytest.raises(NotFoundError):
        delete_profile(db, actor, "King County jail")
    assert verify_chain(db).ok
