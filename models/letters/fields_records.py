"""The merge fields of a detainer, an opt-out request, a letter received and a report period.

Part of the catalogue of :mod:`models.letters.fields`, kept apart for length.
"""

from __future__ import annotations

from models.letters.fields_common import MergeField

_DETAINER = ("detainer",)
_OPTOUT = ("optout",)
_REQUEST = ("correspondence",)

RECORD_FIELDS: tuple[MergeField, ...] = (
    # The detainer.
    MergeField(
        "detainer.form", "Form", "The form's number and edition.", _DETAINER, "I-247A (3/17)"
    ),
    MergeField(
        "detainer.form_label",
        "Form name",
        "The form's name.",
        _DETAINER,
        "Immigration Detainer – Notice of Action",
    ),
    MergeField(
        "detainer.issued_on",
        "Form date",
        "The date ICE issued the form (the day it was received when no other is recorded).",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.received_on",
        "Received on",
        "The day the county received it.",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.ice_office",
        "ICE office",
        "The ICE office that sent it.",
        _DETAINER,
        "San Francisco Field Office",
    ),
    MergeField(
        "detainer.ice_officer", "ICE officer", "The issuing officer.", _DETAINER, "SDDO J. Smith"
    ),
    MergeField(
        "detainer.ice_subject_id",
        "ICE subject ID",
        "ICE's subject identifier.",
        _DETAINER,
        "339912345",
    ),
    MergeField(
        "detainer.event_number", "Event number", "ICE's event number.", _DETAINER, "SFR2611000123"
    ),
    MergeField(
        "detainer.requests",
        "What ICE asks",
        'Each thing the form asks, as words: "hold", "notification", "transfer".',
        _DETAINER,
        ["hold", "notification"],
    ),
    MergeField(
        "detainer.requests_hold",
        "Asks for a hold",
        "Yes if the form asks the county to hold the person.",
        _DETAINER,
        True,
    ),
    MergeField(
        "detainer.requests_notification",
        "Asks for notification",
        "Yes if the form asks to be told of the release date.",
        _DETAINER,
        True,
    ),
    MergeField(
        "detainer.requests_transfer",
        "Asks for transfer",
        "Yes if the form asks for transfer into ICE custody.",
        _DETAINER,
        False,
    ),
    MergeField(
        "detainer.warrant", "Warrant", "The warrant attached, as words.", _DETAINER, "No warrant"
    ),
    MergeField(
        "detainer.has_judicial_warrant",
        "Judicial warrant",
        "Yes if a warrant signed by a judge came with it.",
        _DETAINER,
        False,
    ),
    MergeField(
        "detainer.decision", "Decision", "The county's decision, as words.", _DETAINER, "Declined"
    ),
    MergeField(
        "detainer.decision_code",
        "Decision code",
        "honour, decline or notify_only, for {% if %}.",
        _DETAINER,
        "decline",
    ),
    MergeField(
        "detainer.decision_reason",
        "Decision reason",
        "Why, as recorded.",
        _DETAINER,
        "No judicial warrant; no qualifying conviction.",
    ),
    MergeField(
        "detainer.decided_on",
        "Decided on",
        "The day of the decision.",
        _DETAINER,
        "November 21, 2026",
    ),
    MergeField(
        "detainer.hold_expires_at",
        "Hold expires",
        "When a hold would end under the rule that applies, in county time.",
        _DETAINER,
        "November 25, 2026 at 2:00 PM",
    ),
    MergeField(
        "detainer.policy_name",
        "Policy applied",
        "The county policy the decision was made under.",
        _DETAINER,
        "California Values Act (SB 54)",
    ),
    MergeField(
        "detainer.policy_source",
        "Policy source",
        "Where that policy is written.",
        _DETAINER,
        "Cal. Gov. Code §§ 7284–7284.12",
    ),
    MergeField(
        "detainer.reasons",
        "Policy reasons",
        "The reasons the policy gives, one per item.",
        _DETAINER,
        ["The request is not accompanied by a judicial warrant."],
    ),
    # Opt-out requests.
    MergeField(
        "optout.jurisdiction",
        "Jurisdiction",
        "Who asks to opt out.",
        _OPTOUT,
        "County of Santa Clara",
    ),
    MergeField("optout.kind", "Kind of request", "As words.", _OPTOUT, "Opt-out request"),
    MergeField(
        "optout.resolution_number",
        "Resolution",
        "The Board's resolution number.",
        _OPTOUT,
        "BOS-2010-316",
    ),
    MergeField(
        "optout.resolution_date",
        "Resolution date",
        "The day the Board adopted it.",
        _OPTOUT,
        "June 22, 2010",
    ),
    MergeField("optout.resolution_vote", "Vote", "The Board's vote.", _OPTOUT, "5–0"),
    MergeField("optout.status", "Status", "Where the request stands, as words.", _OPTOUT, "Sent"),
    MergeField(
        "optout.summary",
        "Summary",
        "What the county asks.",
        _OPTOUT,
        "The county asks to be removed from Secure Communities.",
    ),
    MergeField(
        "optout.first_sent_on",
        "First sent on",
        "The day the first letter went out.",
        _OPTOUT,
        "June 24, 2010",
    ),
    MergeField(
        "optout.days_without_answer",
        "Days without an answer",
        "Days since the last letter sent with no answer received, as digits.",
        _OPTOUT,
        "63",
    ),
    MergeField(
        "optout.addressee.name",
        "Addressee",
        "Who the request is addressed to.",
        _OPTOUT,
        "David Venturella",
    ),
    MergeField(
        "optout.addressee.organisation",
        "Addressee's office",
        "Their organisation.",
        _OPTOUT,
        "Secure Communities, ICE",
    ),
    MergeField(
        "optout.addressee.address",
        "Addressee's address",
        "On one line.",
        _OPTOUT,
        "500 12th St SW, Washington, DC 20536",
    ),
    MergeField(
        "optout.earlier_letters",
        "Earlier letters",
        "Every letter of the request so far, oldest first; each has the fields below.",
        _OPTOUT,
        [],
    ),
    MergeField(
        "optout.earlier_letters[].date", "Letter date", "Its date.", _OPTOUT, "June 24, 2010"
    ),
    MergeField(
        "optout.earlier_letters[].direction",
        "Sent or received",
        '"sent" or "received".',
        _OPTOUT,
        "sent",
    ),
    MergeField(
        "optout.earlier_letters[].party",
        "Other party",
        "Who it went to or came from.",
        _OPTOUT,
        "David Venturella",
    ),
    MergeField(
        "optout.earlier_letters[].subject",
        "Letter subject",
        "Its subject.",
        _OPTOUT,
        "Request to opt out of Secure Communities",
    ),
    MergeField(
        "optout.answers",
        "Answers",
        "The letters received in answer, oldest first; each has the fields of an earlier letter.",
        _OPTOUT,
        [],
    ),
    MergeField("optout.answers[].date", "Answer date", "Its date.", _OPTOUT, "August 20, 2010"),
    MergeField(
        "optout.answers[].party", "Answered by", "Who answered.", _OPTOUT, "David Venturella"
    ),
    MergeField(
        "optout.answers[].subject",
        "Answer subject",
        "Its subject.",
        _OPTOUT,
        "Secure Communities deployment",
    ),
    # A letter received (a public-records request, or a letter being answered).
    MergeField(
        "request.subject",
        "Request",
        "The subject of the letter or request answered.",
        _REQUEST,
        "Records of ICE detainers, 2026",
    ),
    MergeField(
        "request.received_on",
        "Request received on",
        "The day it was received.",
        _REQUEST,
        "November 16, 2026",
    ),
    MergeField(
        "request.sent_on",
        "Request dated",
        "The day it was sent, when known.",
        _REQUEST,
        "November 15, 2026",
    ),
    MergeField(
        "request.summary",
        "Request summary",
        "What it asks, as recorded.",
        _REQUEST,
        "All detainers received in 2026, with the county's decisions.",
    ),
    MergeField("request.requester.name", "Requester", "Who sent it.", _REQUEST, "Lee O'Brien"),
    MergeField(
        "request.requester.organisation",
        "Requester's organisation",
        "When recorded.",
        _REQUEST,
        "Bay Area News",
    ),
    MergeField(
        "request.requester.address",
        "Requester's address",
        "On one line.",
        _REQUEST,
        "1 Market St, San Francisco, CA 94105",
    ),
    MergeField(
        "request.determination_due",
        "Determination due",
        "Ten days after receipt "
        "(rolled off weekends and holidays): when the office must say whether it has "
        "records.",
        _REQUEST,
        "November 26, 2026",
    ),
    MergeField(
        "request.extended_due",
        "Extended due date",
        "The determination date with the fourteen-day extension.",
        _REQUEST,
        "December 10, 2026",
    ),
    # A report period.
    MergeField(
        "period.start",
        "Period from",
        "The first day of the period.",
        ("period",),
        "October 1, 2026",
    ),
    MergeField(
        "period.end", "Period to", "The last day of the period.", ("period",), "October 31, 2026"
    ),
)
