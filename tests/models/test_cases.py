"""Reading, creating, updating and deleting cases, each write audited (models.cases)."""

import dataclasses
import sqlite3
from datetime import UTC, date, datetime

import pytest

import models.cases as cases
from models.cases import create_case, delete_case, get_case, update_case
from models.errors import ConflictError, NotFoundError, StoreError, ValidationError
from models.records import Charge, CustodyStatus, FingerprintMatch, Sex

BOOKED = datetime(2010, 10, 15, 17, 30, tzinfo=UTC)  # 10:30 PDT


def row_counts(db):
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def audit_rows_after(db, audit_id):
    return db.execute(
        "SELECT action, table_name, record_id, field, old_value, new_value FROM audit_log "
        "WHERE id > ? ORDER BY id", [audit_id]).fetchall()


def last_audit_id(db):
    return db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def other_booking(case, number, ori="CA0990000"):
    return case.replace(booking=dataclasses.replace(case.booking, booking_number=number,
                                                    agency_ori=ori))


def full_case(factory):
    case = factory()
    person = dataclasses.replace(
        case.person, aliases=("Maria Nunez", "La Flaca"), citizenship_claimed="Mexico",
        is_us_citizenship_claimed=True, fbi_number="734697G8", state_id="CA26957968",
        notes="Asked for the consulate.", sex=Sex.FEMALE)
    booking = dataclasses.replace(
        case.booking, release_eligible_at=datetime(2010, 10, 17, 16, 0, tzinfo=UTC),
        released_at=datetime(2010, 10, 17, 18, 5, tzinfo=UTC), release_reason="Bail posted",
        released_to="Self", custody_status=CustodyStatus.RELEASED, notes="Bail $5,000")
    charges = (
        Charge(id=None, description="Burglary", statute="PC 459", charge_class="felony",
               disposition="Convicted", disposition_date=date(2011, 2, 1),
               conviction_date=date(2011, 2, 1), sentence="16 months"),
        Charge(id=None, description="Petty theft", statute="PC 484(a)",
               charge_class="misdemeanor", disposition="Dismissed"),
    )
    matches = (
        FingerprintMatch(id=None, program_era="sc_2008", response_type="ident_match_iar",
                         queried_at=datetime(2010, 10, 15, 18, 0, tzinfo=UTC),
                         responded_at=datetime(2010, 10, 15, 18, 42, tzinfo=UTC),
                         offense_level_scheme="sc_crime_type", offense_level="2",
                         criminality_code="2", ice_response="Detainer (I-247) issued",
                         notes="Faxed"),
        FingerprintMatch(id=None, program_era="sc_2008", response_type="no_match"),
    )
    return case.replace(person=person, booking=booking, charges=charges, matches=matches)


def without_ids(case):
    return case.replace(
        person=dataclasses.replace(case.person, id=None, row_version=0),
        booking=dataclasses.replace(case.booking, id=None, row_version=0),
        charges=tuple(dataclasses.replace(c, id=None) for c in case.charges),
        matches=tuple(dataclasses.replace(m, id=None) for m in case.matches))


def test_created_case_reads_back_with_every_field(db, actor, case_factory):
    entered = full_case(case_factory)
    saved = create_case(db, entered, actor)
    loaded = get_case(db, saved.id)
    assert loaded == saved
    assert loaded.id == loaded.booking.id is not None
    expected = entered.replace(person=dataclasses.replace(entered.person, a_number="A012345678"))
    assert without_ids(loaded) == expected
    assert [c.description for c in loaded.charges] == ["Burglary", "Petty theft"]
    assert db.execute("SELECT seq FROM charges ORDER BY id").fetchall() == [(1,), (2,)]


def test_missing_case_is_not_found(db):
    with pytest.raises(NotFoundError, match="no case number 404"):
        get_case(db, 404)


def test_duplicate_booking_number_is_refused_and_writes_nothing(db, actor, case_factory):
    first = create_case(db, case_factory(), actor)
    before = row_counts(db)
    again = other_booking(case_factory(), "2010-004512", ori="ca0990000")  # same after upper()
    again = again.replace(person=dataclasses.replace(again.person, family_name="Otra"))
    with pytest.raises(ValidationError) as info:
        create_case(db, again, actor)
    messages = info.value.for_field("booking.booking_number")
    assert messages and f"case {first.id}" in messages[0]
    assert row_counts(db) == before


def test_same_booking_number_of_another_agency_is_allowed(db, actor, case_factory):
    first = create_case(db, case_factory(), actor)
    # The same person booked by another agency: a new booking for the person on file.
    second_case = other_booking(case_factory(), "2010-004512", "CA0990100")
    second = create_case(db, second_case.replace(person=first.person), actor)
    assert second.person.id == first.person.id
    assert second.id != first.id
    assert second.booking.agency_ori == "CA0990100"
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 2


def test_update_audits_exactly_the_changed_field(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    mark = last_audit_id(db)
    changed = case.replace(
        booking=dataclasses.replace(case.booking, facility="Ridgeview Correctional Center"))
    saved = update_case(db, changed, actor)
    assert audit_rows_after(db, mark) == [
        ("update", "bookings", case.id, "facility", "Alder County Main Jail",
         "Ridgeview Correctional Center")]
    assert saved.booking.facility == "Ridgeview Correctional Center"
    assert saved.booking.row_version == case.booking.row_version + 1

    mark = last_audit_id(db)
    renamed = saved.replace(person=dataclasses.replace(saved.person, given_names="María"))
    update_case(db, renamed, actor)
    assert audit_rows_after(db, mark) == [
        ("update", "persons", case.person.id, "given_names", "María José", "María")]


def test_update_with_stale_row_version_is_refused_and_writes_nothing(db, actor, case_factory):
    loaded = create_case(db, case_factory(), actor)
    update_case(db, loaded.replace(
        booking=dataclasses.replace(loaded.booking, notes="first desk")), actor)
    before = row_counts(db)
    stale = loaded.replace(
        booking=dataclasses.replace(loaded.booking, notes="second desk"),
        charges=(),
        person=dataclasses.replace(loaded.person, family_name="Nunez"))
    with pytest.raises(ConflictError, match="This case was changed elsewhere"):
        update_case(db, stale, actor)
    assert row_counts(db) == before
    now = get_case(db, loaded.id)
    assert now.booking.notes == "first desk"
    assert now.person.family_name == "Núñez"
    assert len(now.charges) == 1


def test_removing_a_charge_in_an_update_audits_its_deletion(db, actor, case_factory):
    case = create_case(db, full_case(case_factory), actor)
    burglary, theft = case.charges
    mark = last_audit_id(db)
    saved = update_case(db, case.replace(charges=(burglary,)), actor)
    assert [c.id for c in saved.charges] == [burglary.id]
    deleted = [r for r in audit_rows_after(db, mark) if r[0] == "delete"]
    assert {r[3]: r[4] for r in deleted} == {
        "booking_id": str(case.id), "seq": "2", "statute": "PC 484(a)",
        "description": "Petty theft", "charge_class": "misdemeanor", "disposition": "Dismissed"}
    assert all(r[1:3] == ("charges", theft.id) and r[5] is None for r in deleted)


def test_delete_case_removes_booking_and_children_keeps_person_and_audits(
        db, actor, case_factory):
    case = create_case(db, full_case(case_factory), actor)
    mark = last_audit_id(db)
    delete_case(db, case.id, actor, case.booking.row_version)
    for table in ("bookings", "charges", "fingerprint_matches", "bookings_fts"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert db.execute("SELECT family_name FROM persons").fetchall() == [("Núñez",)]
    assert db.execute("SELECT count(*) FROM person_aliases").fetchone()[0] == 2
    deleted = {(r[1], r[2]) for r in audit_rows_after(db, mark)}
    assert deleted == {("bookings", case.id), *(("charges", c.id) for c in case.charges),
                       *(("fingerprint_matches", m.id) for m in case.matches)}
    assert {r[0] for r in audit_rows_after(db, mark)} == {"delete"}
    assert ("delete", "bookings", case.id, "booking_number", "2010-004512", None) in \
        audit_rows_after(db, mark)
    with pytest.raises(NotFoundError):
        get_case(db, case.id)


def test_delete_with_stale_row_version_is_refused(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    update_case(db, case.replace(booking=dataclasses.replace(case.booking, notes="x")), actor)
    before = row_counts(db)
    with pytest.raises(ConflictError):
        delete_case(db, case.id, actor, case.booking.row_version)
    with pytest.raises(NotFoundError):
        delete_case(db, 999, actor, 0)
    assert row_counts(db) == before


def test_failure_after_the_person_was_written_leaves_nothing_behind(
        db, actor, case_factory, monkeypatch):
    before = row_counts(db)

    def fail(db_, *args):
        assert db_.execute("SELECT count(*) FROM persons").fetchone()[0] == 1  # written...
        raise RuntimeError("power cut")

    monkeypatch.setattr(cases, "_save_children", fail)
    with pytest.raises(RuntimeError, match="power cut"):
        create_case(db, case_factory(), actor)
    assert row_counts(db) == before  # ...and rolled back
    assert not db.conn.in_transaction


def test_disk_full_becomes_store_error_and_writes_nothing(db, actor, case_factory, monkeypatch):
    before = row_counts(db)

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cases, "_save_children", full)
    with pytest.raises(StoreError, match="disk is full"):
        create_case(db, case_factory(), actor)
    assert row_counts(db) == before
    assert not db.conn.in_transaction


def test_update_with_full_width_a_number_is_a_validation_error(db, actor, case_factory):
    case = create_case(db, case_factory(), actor)
    odd = case.replace(person=dataclasses.replace(case.person, a_number="A１２３４５６７８"))
    with pytest.raises(ValidationError) as info:
        update_case(db, odd, actor)
    assert info.value.for_field("person.a_number")


def test_renaming_a_person_moves_them_in_the_list_and_the_search(db, actor, case_factory):
    from models.case_list import CaseQuery, SortColumn, fetch_cases
    from models.settings import county_timezone

    tz = county_timezone(db)
    saved = create_case(db, case_factory(), actor)
    other = create_case(db, case_factory(booking=dataclasses.replace(
        case_factory().booking, booking_number="2010-009999")).replace(
        person=dataclasses.replace(case_factory().person, family_name="Martínez",
                                   a_number=None)), actor)
    by_name = CaseQuery(sort=SortColumn.NAME, descending=False)
    assert [r.id for r in fetch_cases(db, by_name, tz)] == [other.id, saved.id]  # M < N
    renamed = saved.replace(person=dataclasses.replace(saved.person, family_name="Abara"))
    update_case(db, renamed, actor)
    assert [r.id for r in fetch_cases(db, by_name, tz)] == [saved.id, other.id]  # A < M
    assert [r.id for r in fetch_cases(db, CaseQuery(search="abara"), tz)] == [saved.id]
    names = db.execute("SELECT names FROM bookings_fts WHERE rowid = ?", [saved.id]).fetchone()[0]
    assert names.startswith("Abara María José") and "Núñez" not in names
    # A notes-only edit leaves the search row alone and still moves the case's version on.
    version = get_case(db, saved.id).booking.row_version
    notes = get_case(db, saved.id)
    update_case(db, notes.replace(booking=dataclasses.replace(notes.booking, notes="x")), actor)
    assert get_case(db, saved.id).booking.row_version == version + 1
    assert [r.id for r in fetch_cases(db, CaseQuery(search="abara"), tz)] == [saved.id]


def test_a_second_person_with_an_a_number_on_file_is_refused(db, actor, case_factory):
    first = create_case(db, case_factory(), actor)
    again = other_booking(case_factory(), "2011-000001", "CA0990000")
    again = again.replace(person=dataclasses.replace(again.person, family_name="Nunes",
                                                     a_number="012-345-678"))
    audit = last_audit_id(db)
    with pytest.raises(ValidationError) as raised:
        create_case(db, again, actor)
    assert raised.value.errors[0].field == "person.a_number"
    assert "already recorded for Núñez, María José (case 1)" in str(raised.value)
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 1
    assert last_audit_id(db) == audit
    # Added to the person on file it is accepted, and both bookings share one history.
    second = create_case(db, again.replace(person=first.person), actor)
    assert second.person.id == first.person.id
    assert db.execute("SELECT count(*) FROM bookings WHERE person_id = ?",
                      [first.person.id]).fetchone()[0] == 2


def test_a_save_with_no_change_writes_nothing(db, actor, case_factory):
    saved = create_case(db, case_factory(), actor)
    mark = last_audit_id(db)
    again = update_case(db, saved, actor)
    assert again.booking.row_version == saved.booking.row_version
    assert last_audit_id(db) == mark


def test_reordering_aliases_is_not_a_change(db, actor, case_factory):
    case = case_factory()
    saved = create_case(db, case.replace(
        person=dataclasses.replace(case.person, aliases=("La Flaca", "Maria Nunez"))), actor)
    mark = last_audit_id(db)
    update_case(db, saved.replace(person=dataclasses.replace(
        saved.person, aliases=("Maria Nunez", "La Flaca"))), actor)
    assert last_audit_id(db) == mark


def test_a_case_whose_a_number_was_already_duplicated_can_still_be_edited(db, actor,
                                                                          case_factory):
    first = create_case(db, case_factory(), actor)
    other = create_case(db, other_booking(case_factory(), "2010-000002").replace(
        person=dataclasses.replace(case_factory().person, a_number=None)), actor)
    # Imported before the rule existed: two person records share the A-number.
    db.execute("UPDATE persons SET a_number = ? WHERE id = ?",
               [first.person.a_number, other.person.id])
    stale = get_case(db, other.id)
    edited = update_case(db, stale.replace(
        booking=dataclasses.replace(stale.booking, notes="checked")), actor)
    assert edited.booking.notes == "checked"
