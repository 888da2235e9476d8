"""The public 2010 opt-out history (DOMAIN.md §5) as reference data in the demo database.

In 2010 Santa Clara County, Arlington County (VA), San Francisco and Washington, DC each tried
to leave Secure Communities fingerprint sharing; none succeeded. Their requests, letters,
meetings and answers are recorded here through the same verbs a clerk uses, each record with
its public source in its notes (a status step, which has no notes, in its reason), so a
newcomer opens the Opt-outs area on real matters. Only what DOMAIN.md §5 states is recorded:
no resolution number, addressee or method is made up. Where a status step must have a day and
the source gives only the month, the first of the month stands for it and the reason says so.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from models.correspondence import create_letter
from models.optouts import change_optout_status, create_optout
from models.records import Direction, Letter, OptOutRequest, Staff
from models.store import write_transaction
from models.writes import insert_audited

REFERENCE = "Public 2010 history, not a case of this office."
SECTION = "(DOMAIN.md §5)"
ICE = "U.S. Immigration and Customs Enforcement"
ICE_DIRECTOR = "ICE Director, U.S. Immigration and Customs Enforcement"
ICE_ASSISTANT = "ICE Assistant Director, U.S. Immigration and Customs Enforcement"
ARLINGTON_MANAGER = "Arlington County Manager"
CA_AG = "California Attorney General"
KINDS = {
    ICE: "ice_program_office",
    ICE_DIRECTOR: "ice_program_office",
    ICE_ASSISTANT: "ice_program_office",
    ARLINGTON_MANAGER: "county_office",
    CA_AG: "state_attorney_general",
}
ARLINGTON_SOURCE = (
    "Arlington County Board resolution, 28 Sep 2010; County Manager letter to the ICE Director, "
    "7 Oct 2010; meeting with ICE, 5 Nov 2010; ICE Assistant Director letter, 1 Mar 2011"
)

# Each matter: the request, its first step (day, reason), its letters, its later steps.
# A letter is (direction, method, day, sender, addressee, subject, notes); a step is
# (status, day, reason). Every note and reason names its source as DOMAIN.md §5 does.
HISTORY: list[dict] = [
    {
        "request": dict(
            jurisdiction="Santa Clara County, CA",
            request_kind="stop_using_prints",
            resolution_date=date(2010, 9, 28),
            resolution_vote="5-0",
            addressed_to=ICE,
            activation_date=date(2010, 5, 4),
            summary="The Board of Supervisors voted 5-0 to send formal notice asking ICE to stop "
            "using fingerprints collected in the county. On 9–10 Nov 2010 federal and state "
            "officials said the county could not opt out.",
            notes=f"{REFERENCE} Source: Santa Clara County resolution (interoperability activated "
            "4 May 2010); Board of Supervisors vote, 28 Sep 2010; statements of federal and state "
            f"officials, 9–10 Nov 2010 {SECTION}. The sources conflict on the activation date: the "
            "county resolution gives 4 May 2010 (recorded here), County Counsel later said Oct "
            "2009. Supervisor Shirakawa called the vote “merely symbolic”. The day the notice "
            "went to ICE and how the officials' answer was given are not in the source, so no "
            "'Sent' step and no letters are recorded.",
        ),
        "first": (
            date(2010, 9, 28),
            "Board of Supervisors voted 5-0 to send formal notice asking ICE to stop using "
            "fingerprints collected in the county. Source: Santa Clara County Board of Supervisors "
            f"vote, 28 Sep 2010 {SECTION}.",
        ),
        "letters": [],
        "steps": [
            (
                "denied",
                date(2010, 11, 9),
                "Federal and state officials said the county could not opt out (9–10 Nov 2010; "
                "recorded on the first of the two days). Source: statements of federal and state "
                f"officials, 9–10 Nov 2010 {SECTION}.",
            ),
        ],
    },
    {
        "request": dict(
            jurisdiction="Arlington County, VA",
            request_kind="full_opt_out",
            resolution_date=date(2010, 9, 28),
            resolution_vote="5-0",
            addressed_to=ICE_DIRECTOR,
            summary="County Board resolution (5-0) to opt out; the County Manager wrote to the ICE "
            "Director and met ICE; ICE's Assistant Director answered that Arlington could not "
            "opt out.",
            notes=f"{REFERENCE} Source: {ARLINGTON_SOURCE} {SECTION}. The resolution's number "
            "and the day sharing began in Arlington are not in the source.",
        ),
        "first": (
            date(2010, 9, 28),
            f"County Board resolution adopted 5-0. Source: Arlington County Board resolution, "
            f"28 Sep 2010 {SECTION}.",
        ),
        "letters": [
            (
                Direction.OUT,
                "mail",
                date(2010, 10, 7),
                ARLINGTON_MANAGER,
                ICE_DIRECTOR,
                "Arlington County's request to opt out of Secure Communities",
                f"{REFERENCE} Source: County Manager letter to the ICE Director, 7 Oct 2010 "
                f"{SECTION}. Logged as mail: the source says “letter”, not how it was sent.",
            ),
            (
                Direction.OUT,
                "meeting",
                date(2010, 11, 5),
                None,
                ICE,
                "Meeting with ICE on Arlington's request to opt out",
                f"{REFERENCE} Source: meeting with ICE, 5 Nov 2010 {SECTION}. Who attended is "
                "not in the source.",
            ),
            (
                Direction.IN,
                "mail",
                date(2011, 3, 1),
                ICE_ASSISTANT,
                None,
                "ICE's answer: Arlington cannot opt out of Secure Communities",
                f"{REFERENCE} Source: ICE Assistant Director letter, 1 Mar 2011 {SECTION}. The "
                "letter's date is recorded as sent; its addressee and the day it was received "
                "are not in the source.",
            ),
        ],
        "steps": [
            (
                "sent",
                date(2010, 10, 7),
                "County Manager wrote to the ICE Director. Source: County Manager letter to the "
                f"ICE Director, 7 Oct 2010 {SECTION}.",
            ),
            (
                "meeting_held",
                date(2010, 11, 5),
                f"Met ICE. Source: meeting with ICE, 5 Nov 2010 {SECTION}.",
            ),
            (
                "denied",
                date(2011, 3, 1),
                "ICE's Assistant Director wrote that Arlington could not opt out. Source: ICE "
                f"Assistant Director letter, 1 Mar 2011 {SECTION}.",
            ),
        ],
    },
    {
        "request": dict(
            jurisdiction="San Francisco, CA",
            request_kind="full_opt_out",
            addressed_to=CA_AG,
            summary="The Sheriff asked the state Attorney General to let San Francisco opt out; "
            "the Attorney General refused (May 2010).",
            notes=f"{REFERENCE} Source: the Sheriff's request to the state Attorney General and "
            f"its refusal, May 2010 {SECTION}. The source gives no day for either and does not "
            "say how they were made, so no letters are recorded and both status steps stand on "
            "1 May 2010 for “May 2010”. No Board resolution is recorded in the source.",
        ),
        "first": (
            date(2010, 5, 1),
            "The Sheriff asked the state Attorney General to opt out (the day is not known; "
            "recorded on 1 May 2010, the month of the refusal). Source: the Sheriff's request to "
            f"the state Attorney General {SECTION}.",
        ),
        "letters": [],
        "steps": [
            (
                "denied",
                date(2010, 5, 1),
                "The state Attorney General refused (May 2010; the day is not known, 1 May 2010 "
                "stands for it). Source: "
                f"the Attorney General's refusal, May 2010 {SECTION}.",
            ),
        ],
    },
    {
        "request": dict(
            jurisdiction="Washington, DC",
            request_kind="full_opt_out",
            summary="The Council introduced the “Secure Communities Act of 2010” on 4 May 2010. "
            "FBI fingerprint sharing began in June 2012 anyway; the Council then capped "
            "immigration holds at 24 hours.",
            notes=f"{REFERENCE} Source: the Council's “Secure Communities Act of 2010”, "
            f"introduced 4 May 2010; FBI sharing from June 2012 {SECTION}. Sharing began in June "
            "2012 (the day is not known, so no activation date is recorded). The bill was "
            "introduced, not a resolution adopted, so no resolution or vote is recorded; what it "
            "provided beyond being the District's opt-out step, and any answer to it, are not in "
            "the source.",
        ),
        "first": (
            date(2010, 5, 4),
            "The Council introduced the “Secure Communities Act of 2010”. Source: the Council's "
            f"bill, introduced 4 May 2010 {SECTION}.",
        ),
        "letters": [],
        "steps": [
            (
                "no_answer",
                date(2012, 6, 1),
                "No answer is recorded; FBI sharing began in June 2012 anyway (the day is not "
                "known; 1 Jun 2012 stands for June 2012). Source: FBI sharing from June 2012 "
                f"{SECTION}.",
            ),
        ],
    },
]


def add_2010_optouts(db: Database, actor: Staff, tz: ZoneInfo, now: datetime) -> int:
    """Add the four 2010 opt-out matters with their contacts, letters and status histories.

    Args:
        db: the demo database.
        actor: who records them (the demo's administrator).
        tz: the county's zone (for the letters' dates).
        now: the demo's "now"; the county's today is worked out from it.

    Returns:
        How many opt-out requests were added.
    """
    today = now.astimezone(tz).date()
    with write_transaction(db):
        for matter in HISTORY:
            fields = dict(matter["request"])
            addressee = _contact(db, actor, fields.pop("addressed_to", None))
            req = OptOutRequest(id=None, addressed_to_id=addressee, **fields)
            day, reason = matter["first"]
            req = create_optout(db, req, actor, on=day, reason=reason, today=today, now=now)
            last_sent = None  # an answer that came in replies to the county's last letter
            for direction, method, sent, sender, to, subject, notes in matter["letters"]:
                letter = Letter(
                    id=None,
                    direction=direction,
                    method=method,
                    subject=subject,
                    sent_date=sent,
                    from_contact_id=_contact(db, actor, sender),
                    to_contact_id=_contact(db, actor, to),
                    optout_id=req.id,
                    in_reply_to_id=last_sent if direction is Direction.IN else None,
                    notes=notes,
                )
                saved = create_letter(db, letter, actor, tz, today=today)
                if direction is Direction.OUT and method != "meeting":
                    last_sent = saved.id
            for status, day, reason in matter["steps"]:
                req = change_optout_status(
                    db, req.id, req.row_version, status, day, actor, reason=reason, today=today,
                    now=now,
                )  # fmt: skip
    return len(HISTORY)


def _contact(db: Database, actor: Staff, name: str | None) -> int | None:
    """The public office called ``name``, added (audited, with its source) the first time."""
    if name is None:
        return None
    kind = KINDS[name]
    row = db.execute("SELECT id FROM contacts WHERE kind = ? AND name = ?", [kind, name]).fetchone()
    if row:
        return row[0]
    notes = f"{REFERENCE} A public office named in the 2010 opt-out history {SECTION}."
    return insert_audited(db, actor, "contacts", {"kind": kind, "name": name, "notes": notes})
