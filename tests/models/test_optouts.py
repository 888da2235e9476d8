"""Opt-out requests (models.optouts): details, dated status history, audit, timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.audit import verify_chain
from models.contacts import resolve_contact
from models.correspondence import create_letter
from models.errors import ConflictError, NotFoundError, ValidationError
from models.optouts import (
    change_optout_status,
    create_optout,
    get_optout,
    list_optouts,
    optout_history,
    optout_kinds,
    optout_statuses,
    timeline,
    update_optout,
)
from models.records import Direction, Letter, OptOutRequest
from models.store import write_transaction
from tests.models.audit_helpers import audit_rows

TZ = ZoneInfo("America/Los_Angeles")
TODAY = date(2011, 6, 1)
RESOLVED = date(2010, 9, 28)
TABLES = ("optout_requests", "optout_status_history", "audit_log", "correspondence", "contacts")


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def request(**fields) -> OptOutRequest:
    values = dict(
        id=None,
        jurisdiction="Alder County, CA",
        request_kind="full_opt_out",
        resolution_date=RESOLVED,
        resolution_vote="5-0",
    )
    return OptOutRequest(**{**values, **fields})


def new(db, actor, on=RESOLVED, **fields) -> OptOutRequest:
    return create_optout(db, request(**fields), actor, on=on, today=TODAY)


def step(db, actor, req, status, on, reason=None) -> OptOutRequest:
    current = get_optout(db, req.id)
    return change_optout_status(
        db, req.id, current.row_version, status, on, actor, reason=reason, today=TODAY
    )


def steps(db, req) -> list[tuple]:
    return [(s.status, s.changed_on, s.reason) for s in optout_history(db, req.id)]


def refused(db, call, field, *words):
    """``call`` raises a ValidationError on ``field`` whose message has ``words``; no writes."""
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        call()
    messages = " ".join(caught.value.for_field(field))
    assert messages, f"no message on {field}: {caught.value}"
    for word in words:
        assert word in messages
    assert counts(db) == before
    return caught.value


# -- create -------------------------------------------------------------------------------------


def test_create_starts_a_draft_with_one_dated_history_line(db, actor):
    made = create_optout(
        db,
        request(status="denied", summary="  Stop sharing  ", notes=" "),
        actor,
        on=RESOLVED,
        reason="Board resolution adopted",
        today=TODAY,
    )
    assert (made.status, made.row_version, made.summary, made.notes) == (
        "draft", 0, "Stop sharing", None)
    assert get_optout(db, made.id) == made
    [line] = optout_history(db, made.id)
    assert (line.status, line.changed_on, line.reason) == ("draft", RESOLVED,
                                                          "Board resolution adopted")
    assert line.staff_name == actor.full_name and line.recorded_at.tzinfo is not None
    created = {r[2]: r[4] for r in audit_rows(db, "optout_requests") if r[0] == "create"}
    assert created["status"] == "draft" and created["jurisdiction"] == "Alder County, CA"
    assert created["resolution_date"] == "2010-09-28" and created["resolution_vote"] == "5-0"


def test_create_refuses_every_bad_field_at_once_and_writes_nothing(db, actor):
    bad = request(jurisdiction="   ", request_kind="secede", resolution_date=date(2011, 6, 2),
                  addressed_to_id=999)
    error = refused(db, lambda: create_optout(db, bad, actor, on=date(2011, 6, 3), today=TODAY),
                    "jurisdiction", "Jurisdiction is required")
    assert "is not a kind of request" in error.for_field("request_kind")[0]
    assert "Full opt-out of the program" in error.for_field("request_kind")[0]
    assert "06/02/2011 is in the future" in error.for_field("resolution_date")[0]
    assert "no contact number 999" in error.for_field("addressed_to_id")[0]
    assert "06/03/2011 is in the future (today is 06/01/2011)" in error.for_field("changed_on")[0]


def test_create_uses_the_county_today_when_none_is_given(db, actor):
    tomorrow = datetime.now(TZ).date().toordinal() + 1
    refused(db, lambda: create_optout(db, request(), actor, on=date.fromordinal(tomorrow)),
            "changed_on", "in the future")
    assert create_optout(db, request(), actor, on=RESOLVED).status == "draft"


def test_lookups_list_statuses_in_order_and_kinds(db):
    statuses = optout_statuses(db)
    assert statuses[:3] == [("draft", "Draft", 1, False), ("sent", "Sent", 2, False),
                            ("acknowledged", "Acknowledged", 3, False)]
    assert {s[0] for s in statuses if s[3]} == {"denied", "partly_granted", "no_answer",
                                                "withdrawn"}
    assert [k[0] for k in optout_kinds(db)] == [
        "full_opt_out", "stop_using_prints", "decline_results", "limit_to_convictions"]


def test_get_and_change_an_unknown_request_say_so(db, actor):
    with pytest.raises(NotFoundError, match="no opt-out request number 42"):
        get_optout(db, 42)
    with pytest.raises(NotFoundError):
        change_optout_status(db, 42, 0, "sent", RESOLVED, actor, today=TODAY)


# -- status steps -------------------------------------------------------------------------------


def test_each_step_adds_a_history_line_and_an_audit_row(db, actor):
    req = new(db, actor)
    sent = step(db, actor, req, "sent", date(2010, 10, 7), reason="  Letter to ICE  ")
    assert (sent.status, sent.row_version) == ("sent", 1)
    step(db, actor, req, "meeting_held", date(2010, 11, 5))
    denied = step(db, actor, req, "denied", date(2011, 3, 1))
    assert denied.status == "denied" and denied.row_version == 3
    assert steps(db, req) == [
        ("draft", RESOLVED, None),
        ("sent", date(2010, 10, 7), "Letter to ICE"),
        ("meeting_held", date(2010, 11, 5), None),
        ("denied", date(2011, 3, 1), None),
    ]
    changes = [r[1:] for r in audit_rows(db, "optout_requests") if r[0] == "update"]
    assert changes == [(req.id, "status", "draft", "sent"), (req.id, "status", "sent",
                       "meeting_held"), (req.id, "status", "meeting_held", "denied")]
    assert verify_chain(db).ok


def test_a_step_may_skip_forward_and_fall_on_the_same_day(db, actor):
    req = new(db, actor)
    assert step(db, actor, req, "answered", RESOLVED).status == "answered"


def test_an_unknown_status_is_refused(db, actor):
    req = new(db, actor)
    refused(db, lambda: step(db, actor, req, "granted", TODAY), "status",
            "“granted” is not a status", "Partly granted")


def test_the_same_status_again_is_refused(db, actor):
    req = new(db, actor)
    refused(db, lambda: step(db, actor, req, "draft", TODAY, "again"), "status", "already “Draft”")


def test_a_step_in_the_future_is_refused_even_with_a_reason(db, actor):
    req = new(db, actor)
    refused(db, lambda: step(db, actor, req, "sent", date(2011, 6, 2), "planned"), "changed_on",
            "06/02/2011 is in the future")


def test_a_step_dated_before_the_last_one_needs_a_reason(db, actor):
    req = new(db, actor)
    step(db, actor, req, "sent", date(2010, 10, 7))
    refused(db, lambda: step(db, actor, req, "acknowledged", date(2010, 10, 1)), "reason",
            "last step is dated 10/07/2010", "10/01/2010")
    step(db, actor, req, "acknowledged", date(2010, 10, 1), reason="Found the fax of 1 Oct")
    # The history reads by the day things happened, not the order they were entered.
    assert [s[0] for s in steps(db, req)] == ["draft", "acknowledged", "sent"]
    assert get_optout(db, req.id).status == "acknowledged"  # the latest recorded step


def test_a_status_change_that_skips_backwards_needs_a_reason(db, actor):
    req = new(db, actor)
    step(db, actor, req, "meeting_held", date(2010, 11, 5))
    refused(db, lambda: step(db, actor, req, "sent", date(2010, 11, 6)), "reason",
            "“Sent” comes before “Meeting held”")
    assert step(db, actor, req, "sent", date(2010, 11, 6), "Second letter").status == "sent"


def test_a_step_after_a_final_status_is_a_reopening_and_needs_a_reason(db, actor):
    req = new(db, actor)
    step(db, actor, req, "denied", date(2011, 3, 1))
    for status in ("answered", "no_answer", "sent"):  # later, equal and earlier positions
        refused(db, lambda s=status: step(db, actor, req, s, date(2011, 4, 1)), "reason",
                "closed as “Denied”", "reopening")
    reopened = step(db, actor, req, "sent", date(2011, 4, 1), reason="Board wrote again")
    assert reopened.status == "sent"
    assert steps(db, req)[-1] == ("sent", date(2011, 4, 1), "Board wrote again")


def test_a_stale_version_is_a_conflict_and_writes_nothing(db, actor):
    req = new(db, actor)
    step(db, actor, req, "sent", date(2010, 10, 7))
    before = counts(db)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        change_optout_status(db, req.id, req.row_version, "acknowledged", TODAY, actor,
                             today=TODAY)
    with pytest.raises(ConflictError):
        update_optout(db, req.replace(summary="stale"), actor, today=TODAY)
    assert counts(db) == before


# -- details ------------------------------------------------------------------------------------


def test_update_saves_details_audits_each_field_and_keeps_the_status(db, actor):
    req = new(db, actor)
    req = step(db, actor, req, "sent", date(2010, 10, 7))
    contact = _contact(db, actor, "ice_program_office", "ICE Director")
    saved = update_optout(
        db,
        req.replace(status="withdrawn", resolution_number=" 2010-41 ", addressed_to_id=contact,
                    follow_up_due_date=date(2011, 7, 1)),
        actor,
        today=TODAY,
    )
    assert (saved.status, saved.row_version) == ("sent", 2)
    assert (saved.resolution_number, saved.follow_up_due_date) == ("2010-41", date(2011, 7, 1))
    assert saved.addressed_to_id == contact
    updates = [r[2:] for r in audit_rows(db, "optout_requests") if r[0] == "update"]
    assert set(updates[1:]) == {("resolution_number", None, "2010-41"),
                                ("addressed_to_id", None, str(contact)),
                                ("follow_up_due_date", None, "2011-07-01")}
    assert len(steps(db, req)) == 2  # editing details adds no status step


def test_update_without_changes_writes_nothing(db, actor):
    req = new(db, actor)
    before = counts(db)
    assert update_optout(db, req, actor, today=TODAY).row_version == 0
    assert counts(db) == before


def test_update_refuses_bad_details(db, actor):
    req = new(db, actor)
    refused(db, lambda: update_optout(db, req.replace(jurisdiction=""), actor, today=TODAY),
            "jurisdiction", "required")
    refused(db, lambda: update_optout(db, req.replace(request_kind="x"), actor, today=TODAY),
            "request_kind", "not a kind of request")
    refused(db, lambda: update_optout(db, req.replace(resolution_date=date(2012, 1, 1)), actor,
                                      today=TODAY), "resolution_date", "in the future")
    with pytest.raises(ValueError):
        update_optout(db, request(), actor)


# -- lists and the timeline ---------------------------------------------------------------------


def test_list_shows_the_newest_activity_first(db, actor):
    old = new(db, actor, jurisdiction="Old", on=date(2010, 1, 5), resolution_date=None)
    late = new(db, actor, jurisdiction="Late", on=date(2010, 3, 1), resolution_date=None)
    assert [r.jurisdiction for r in list_optouts(db)] == ["Late", "Old"]
    step(db, actor, old, "sent", date(2010, 6, 1))
    assert [r.jurisdiction for r in list_optouts(db)] == ["Old", "Late"]
    _letter(db, actor, late, Direction.IN, "mail", date(2010, 7, 1), "Answer")
    assert [r.jurisdiction for r in list_optouts(db)] == ["Late", "Old"]


def test_timeline_is_in_date_order_with_ties_activation_resolution_letter_status(db, actor):
    day = date(2010, 9, 28)
    req = new(db, actor, on=day, activation_date=day, resolution_number="2010-41",
              jurisdiction="Alder County, CA")
    sent = step(db, actor, req, "sent", date(2010, 10, 7), reason="Letter mailed")
    later = _letter(db, actor, req, Direction.OUT, "mail", date(2010, 10, 7), "Please opt us out")
    first = _letter(db, actor, req, Direction.OUT, "phone", day, "Told ICE of the vote")
    meeting = _letter(db, actor, req, Direction.OUT, "meeting", date(2010, 11, 5), "With ICE")
    answer = _letter(db, actor, req, Direction.IN, "mail", date(2011, 3, 1), "No opt-out",
                     received=date(2011, 3, 4))
    step(db, actor, sent, "denied", date(2011, 3, 4))
    events = timeline(db, req.id)
    assert [(e.day, e.kind, e.letter_id) for e in events] == [
        (day, "activation", None),
        (day, "resolution", None),
        (day, "letter", first.id),
        (day, "status", None),
        (date(2010, 10, 7), "letter", later.id),
        (date(2010, 10, 7), "status", None),
        (date(2010, 11, 5), "letter", meeting.id),
        (date(2011, 3, 4), "letter", answer.id),  # filed under the day it was received
        (date(2011, 3, 4), "status", None),
    ]
    texts = [e.text for e in events]
    assert texts[0] == "Fingerprint sharing (interoperability) activated in Alder County, CA"
    assert texts[1] == "Resolution 2010-41 adopted (vote 5-0)"
    assert texts[2] == "Phone call from Alder County Counsel to ICE Director: Told ICE of the vote"
    assert texts[3] == "Status: Draft"
    assert texts[4] == "Letter from Alder County Counsel to ICE Director: Please opt us out"
    assert texts[5] == "Status: Sent — Letter mailed"
    assert texts[6] == "Meeting: With ICE"
    assert texts[7] == "Letter from ICE Director to Alder County Counsel: No opt-out"
    assert texts[8] == "Status: Denied"


def test_timeline_of_a_bare_request_is_its_first_step(db, actor):
    req = new(db, actor, resolution_date=None)
    [only] = timeline(db, req.id)
    assert (only.day, only.kind, only.text) == (RESOLVED, "status", "Status: Draft")


def test_history_lines_record_utc_instants(db, actor):
    req = new(db, actor)
    moment = datetime(2011, 5, 2, 17, 0, tzinfo=UTC)
    get = get_optout(db, req.id)
    change_optout_status(db, req.id, get.row_version, "sent", date(2011, 5, 2), actor,
                         today=TODAY, now=moment)
    assert optout_history(db, req.id)[-1].recorded_at == moment


# -- helpers ------------------------------------------------------------------------------------


def _contact(db, actor, kind, name) -> int:
    with write_transaction(db):
        return resolve_contact(db, kind, name, actor)


def _letter(db, actor, req, direction, method, day, subject, received=None) -> Letter:
    county = _contact(db, actor, "county_office", "Alder County Counsel")
    ice = _contact(db, actor, "ice_program_office", "ICE Director")
    sender, to = (county, ice) if direction is Direction.OUT else (ice, county)
    letter = Letter(id=None, direction=direction, method=method, subject=subject, sent_date=day,
                    received_date=received, from_contact_id=sender, to_contact_id=to,
                    optout_id=req.id)
    return create_letter(db, letter, actor, TZ, today=TODAY)

