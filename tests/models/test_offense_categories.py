"""The office's violent and serious felony list: administrators edit it, audited, and the
open detainers' advice follows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from models.cases import get_case, update_case
from models.detainers import get_detainer
from models.errors import DeskError, NotFoundError, ValidationError
from models.offense_categories import (
    add_offense_category,
    list_offense_categories,
    remove_offense_category,
)
from models.policies import add_period
from models.records import Charge, StaffRole
from models.staff import update_staff
from tests.models.detainer_helpers import NOW, add_case, new


def audit_rows(db, record_id):
    return db.execute(
        "SELECT action, field, old_value, new_value FROM audit_log "
        "WHERE table_name = 'offense_categories' AND record_id = ? ORDER BY id",
        [record_id],
    ).fetchall()


def test_a_statute_is_listed_in_its_normalised_form_and_audited(db, actor):
    listed, _changes = add_offense_category(
        db, actor, " penal code § 459 ", "violent_felony", "Burglary", "County policy 2026-3"
    )
    assert listed.statute == "PC 459"
    assert listed in list_offense_categories(db)
    assert ("create", "statute", None, "PC 459") in audit_rows(db, listed.id)
    assert ("create", "category", None, "violent_felony") in audit_rows(db, listed.id)


def test_the_same_listing_twice_or_empty_fields_are_refused_and_nothing_is_written(db, actor):
    before = len(list_offense_categories(db))
    with pytest.raises(ValidationError, match="already listed as a violent felony"):
        add_offense_category(db, actor, "PC 211", "violent_felony", "Robbery", "again")
    with pytest.raises(ValidationError) as caught:
        add_offense_category(db, actor, " ", "dangerous", "", "")
    assert {e.field for e in caught.value.errors} == {"statute", "category", "label", "source"}
    assert len(list_offense_categories(db)) == before


def test_only_an_administrator_changes_the_list(db, actor):
    clerk = update_staff(db, actor, "jdoe", full_name="Jane Doe", role=StaffRole.CLERK)
    with pytest.raises(DeskError, match="Only an administrator"):
        add_offense_category(db, clerk, "PC 459", "violent_felony", "Burglary", "x")
    first = list_offense_categories(db)[0]
    with pytest.raises(DeskError, match="Only an administrator"):
        remove_offense_category(db, clerk, first.id)
    assert list_offense_categories(db)[0] == first


def test_removing_is_audited_and_an_id_is_never_reused(db, actor):
    listed, _ = add_offense_category(db, actor, "PC 459", "violent_felony", "Burglary", "x")
    remove_offense_category(db, actor, listed.id)
    assert listed not in list_offense_categories(db)
    assert ("delete", "statute", "PC 459", None) in audit_rows(db, listed.id)
    again, _ = add_offense_category(db, actor, "PC 459", "violent_felony", "Burglary", "x")
    assert again.id != listed.id
    with pytest.raises(NotFoundError):
        remove_offense_category(db, actor, listed.id)


def test_an_open_detainer_is_advised_again_when_the_list_changes(db, actor, case_factory):
    add_period(db, actor, "ca_trust_act", date(2010, 1, 1), None)
    booking_id = add_case(db, actor, case_factory)
    case = get_case(db, booking_id)
    earlier = Charge(None, "Vandalism", statute="PC 594", charge_class="felony",
                     disposition="Convicted", conviction_date=date(1990, 5, 1))  # fmt: skip
    update_case(db, replace(case, charges=(earlier,)), actor, now=NOW)
    d = new(db, actor, booking_id)
    # A 1990 felony is outside the TRUST Act's five-year window: it counts only once listed.
    assert d.recommendation == "must_decline"
    add_offense_category(db, actor, "PC 594", "serious_felony", "Vandalism", "test listing")
    assert get_detainer(db, d.id).recommendation == "may_honour"
