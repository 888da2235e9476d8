"""Evaluate a county detainer policy against the facts of one detainer (pure: no database, no Qt).

Each ``county_policies.kind`` has one small evaluator here; its settings (windows in years, a
reimbursement agreement, a minimum age) come from ``policy.params``, so the office changes a
setting, not the code. Every outcome carries plain-sentence reasons that name the policy and
its source, cite the charges they rely on, and, for a decline, say what would have been needed.
The evaluators advise an attorney; they do not decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from models.records import CountyPolicy, PolicyOutcome, Recommendation
from models.timeutil import format_date

NO_HOLD = "not_permitted"
_NOT_FELONY = ("misdemeanor", "infraction")
_SV_LAW = "Penal Code 1192.7(c) or 667.5(c)"

#: The settings each kind of policy reads, with their types (checked before any evaluation).
PARAM_TYPES: dict[str, dict[str, type]] = {
    "honour_all": {},
    "ca_trust_act": {"felony_years": int, "wobbler_years": int},
    "ca_sb54": {"felony_years": int, "wobbler_years": int},
    "santa_clara_3_54": {"window_years": int, "reimbursement_agreement": bool},
    "dc_24h_cap": {"window_years": int, "min_age": int},
}


@dataclass(frozen=True)
class ChargeFact:
    """One charge of the person, as the policies see it."""

    booking_number: str
    seq: int
    statute: str | None
    description: str
    charge_class: str | None
    conviction_date: date | None  # None: not (yet) convicted
    categories: tuple[tuple[str, str], ...] = ()  # (category, source) per serious/violent match
    is_current_booking: bool = False

    @property
    def is_serious_or_violent(self) -> bool:
        """Listed as a serious or violent felony and not recorded as a lesser class."""
        return bool(self.categories) and self.charge_class not in _NOT_FELONY

    def cite(self) -> str:
        """The charge as a reason cites it, e.g. ``booking 2010-004512, charge 2: PC 211 ...``."""
        what = f"{self.statute} {self.description}" if self.statute else self.description
        if self.charge_class:
            what += f" ({self.charge_class})"
        when = (
            f"convicted {format_date(self.conviction_date)}"
            if self.conviction_date
            else "not convicted"
        )
        return f"booking {self.booking_number}, charge {self.seq}: {what}, {when}"

    def listing(self) -> str:
        """Which serious/violent lists name the statute, with their sources."""
        return "; ".join(f"{cat.replace('_', ' ')}, {src}" for cat, src in self.categories)


@dataclass(frozen=True)
class DetainerFacts:
    """Everything a policy needs to know about one detainer and its person."""

    received_on: date
    form_code: str
    form_label: str
    requests_hold: bool
    requests_notification: bool
    requests_transfer: bool
    warrant_type: str
    warrant_label: str
    warrant_is_judicial: bool
    date_of_birth: date | None
    charges: tuple[ChargeFact, ...]  # every charge of the person, all bookings

    @property
    def notification_only(self) -> bool:
        """ICE asks only to be told of the release date: no hold, no transfer."""
        return self.requests_notification and not (self.requests_hold or self.requests_transfer)

    @property
    def received(self) -> str:
        return format_date(self.received_on)

    @property
    def asked(self) -> str:
        """The request in words: ``The I-247A ... received 03/04/2015 asks for a hold``."""
        flags = (self.requests_hold, self.requests_notification, self.requests_transfer)
        words = ("a hold", "notice of the release date", "a transfer")
        parts = [w for flag, w in zip(flags, words, strict=True) if flag]
        what = " and ".join(parts) or "nothing (no hold, notification or transfer is marked)"
        return f"The {self.form_label} received {self.received} asks for {what}"


def param_problems(kind: str, params: dict) -> list[str]:
    """What is wrong with ``params`` for a policy of ``kind`` (empty when they are usable)."""
    if kind not in PARAM_TYPES:
        return [f"There is no policy kind “{kind}”."]
    wanted, problems = PARAM_TYPES[kind], []
    for name in sorted(set(params) - set(wanted)):
        problems.append(f"“{name}” is not a setting of this policy.")
    for name, kind_ in wanted.items():
        value = params.get(name)
        if kind_ is bool and not isinstance(value, bool):
            problems.append(f"“{name}” must be true or false.")
        elif kind_ is int and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100
        ):
            problems.append(f"“{name}” must be a whole number from 0 to 100.")
    return problems


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes 1 March (never widening)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 3, 1)


def age_on(born: date, on: date) -> int:
    """Whole years of age on ``on`` (a 29 February birthday comes round on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def evaluate(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """What ``policy`` recommends for the detainer described by ``facts``, with its reasons.

    Raises:
        ValueError: the policy's kind has no evaluator, or its settings are unusable.
    """
    evaluator = _EVALUATORS.get(policy.kind)
    if evaluator is None:
        raise ValueError(f"No evaluator for policy kind {policy.kind!r} (policy {policy.code}).")
    if problems := param_problems(policy.kind, policy.params):
        raise ValueError(f"Policy {policy.code} has unusable settings: {' '.join(problems)}")
    outcome = evaluator(policy, facts)
    if facts.notification_only and outcome.recommendation is Recommendation.MAY_HONOUR:
        # Nothing to hold and nobody to hand over: honouring it means telling ICE the date.
        note = (
            "Only notice of the release date is asked for, so honouring it means notification "
            "only; it does not authorise any detention."
        )
        return dataclasses.replace(
            outcome,
            recommendation=Recommendation.NOTIFICATION_ONLY,
            reasons=(*outcome.reasons, note),
            hold_rule=NO_HOLD,
        )
    return outcome


def _outcome(policy, rec, reasons, hold_rule) -> PolicyOutcome:
    head = f"Policy in force: {policy.label}. Source: {policy.source}."
    return PolicyOutcome(policy.code, policy.label, rec, (head, *reasons), hold_rule)


def _no_charges(facts: DetainerFacts) -> list[str]:
    return [] if facts.charges else ["No charges are recorded for this person."]


def _honour_all(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """Honour whatever was requested under the form's own hold rule (no local limit)."""
    reason = (
        f"{facts.asked}; this policy sets no local limit, so the request may be honoured under "
        "the form's own hold rule."
    )
    return _outcome(policy, Recommendation.MAY_HONOUR, [reason], policy.hold_rule)


def _gov_code_7282_5(policy: CountyPolicy, facts: DetainerFacts) -> tuple[list[str], list[str]]:
    """The convictions that meet Cal. Gov. Code 7282.5 as the office applies it, and notes.

    A conviction dated on or before receipt qualifies if it is of a serious or violent felony
    (Penal Code 1192.7(c) or 667.5(c)) at any time, of a felony within ``felony_years``, or of
    a wobbler within ``wobbler_years`` before the detainer was received.
    """
    recv, qualifying, notes = facts.received_on, [], []
    windows = {"felony": policy.params["felony_years"], "wobbler": policy.params["wobbler_years"]}
    for c in facts.charges:
        if c.conviction_date is None:
            if c.is_current_booking and c.is_serious_or_violent:
                notes.append(
                    f"Pending: {c.cite()}. A serious or violent felony charge ({c.listing()}) "
                    "without a conviction does not qualify on its own, but it may if a magistrate "
                    "has found probable cause on it (Penal Code 872; Cal. Gov. Code 7282.5). The "
                    "attorney should check the court record."
                )
            continue
        if c.conviction_date > recv:
            notes.append(
                f"Not counted: {c.cite()}, a conviction after receipt on {facts.received}."
            )
        elif c.is_serious_or_violent:
            qualifying.append(
                f"Qualifies: {c.cite()}, a serious or violent felony ({c.listing()}), which "
                "counts at any time (Cal. Gov. Code 7282.5(a)(1))."
            )
        elif c.charge_class in windows:
            years = windows[c.charge_class]
            start = years_before(recv, years)
            if c.conviction_date >= start:
                qualifying.append(
                    f"Qualifies: {c.cite()}, a {c.charge_class} conviction within {years} years "
                    f"before {facts.received} (Cal. Gov. Code 7282.5(a))."
                )
            else:
                notes.append(
                    f"Not counted: {c.cite()}, a {c.charge_class} conviction before "
                    f"{format_date(start)}, more than {years} years before receipt."
                )
        elif c.categories:
            notes.append(
                f"Not counted: {c.cite()}. The statute is listed ({c.listing()}), but the "
                f"conviction is recorded as a {c.charge_class}, not a felony."
            )
    return qualifying, notes


def _needed_7282_5(policy: CountyPolicy, facts: DetainerFacts) -> str:
    felony, wobbler = policy.params["felony_years"], policy.params["wobbler_years"]
    return (
        f"Cal. Gov. Code 7282.5 needs a conviction dated on or before {facts.received} of a "
        f"serious or violent felony ({_SV_LAW}) at any time, of a felony on or after "
        f"{format_date(years_before(facts.received_on, felony))} ({felony} years), or of a "
        f"wobbler on or after {format_date(years_before(facts.received_on, wobbler))} "
        f"({wobbler} years); the record shows none."
    )


def _ca_trust_act(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """California TRUST Act (AB 4; Cal. Gov. Code 7282-7282.5, effective 1 Jan 2014).

    A hold may be honoured only for a conviction meeting Gov. Code 7282.5 (see
    :func:`_gov_code_7282_5`); otherwise it must be declined. A request for notification only
    is answered with notification when the person qualifies, and declined otherwise. A current
    serious or violent felony charge without a conviction adds a note for the attorney (a
    magistrate's probable-cause finding may qualify it). Any other request follows the hold rule.
    """
    qualifying, notes = _gov_code_7282_5(policy, facts)
    notify_only = facts.requests_notification and not facts.requests_hold
    asked = facts.asked
    if not qualifying:
        needed = f"{asked}, which must be declined. {_needed_7282_5(policy, facts)}"
        reasons = [needed, *_no_charges(facts), *notes]
        return _outcome(policy, Recommendation.MUST_DECLINE, reasons, NO_HOLD)
    if notify_only:
        done = f"{asked}; notification may be given. It does not authorise any detention."
        rec, hold_rule = Recommendation.NOTIFICATION_ONLY, NO_HOLD
    else:
        done = f"{asked}; the TRUST Act leaves the office discretion to honour it."
        rec, hold_rule = Recommendation.MAY_HONOUR, policy.hold_rule
    return _outcome(policy, rec, [*qualifying, done, *notes], hold_rule)


def _ca_sb54(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """California Values Act (SB 54; Cal. Gov. Code 7284-7284.12, effective 1 Jan 2018).

    No one is held on an administrative request (Gov. Code 7284.6(a)(1)(B)). With a judicial
    warrant or judicial probable-cause determination the request may be honoured (transfer,
    Gov. Code 7284.6(a)(4)) under the form's rule. Otherwise, when a hold or notification is
    asked and the person meets Gov. Code 7282.5, release-date notification only
    (7284.6(a)(1)(C)); else the request must be declined. Only a judicial honour has no
    hold rule of its own; every other outcome is ``not_permitted``.
    """
    asked = facts.asked
    if facts.warrant_is_judicial:
        reason = (
            f"{asked}, with a {facts.warrant_label}: SB 54 allows a transfer on a judicial warrant "
            "or judicial probable-cause determination (Cal. Gov. Code 7284.6(a)(4)). The "
            "attorney should confirm that a judge signed it."
        )
        return _outcome(policy, Recommendation.MAY_HONOUR, [reason], None)
    no_hold = (
        f"{asked}; the warrant recorded is “{facts.warrant_label}”, not a judicial one, and SB 54 "
        "forbids holding anyone on an immigration hold request (Cal. Gov. Code 7284.6(a)(1)(B))."
    )
    qualifying, notes = _gov_code_7282_5(policy, facts)
    if qualifying and (facts.requests_hold or facts.requests_notification):
        notify = (
            "Release-date notification only may be given, as Cal. Gov. Code 7284.6(a)(1)(C) "
            "allows for a person who meets Gov. Code 7282.5."
        )
        reasons = [no_hold, *qualifying, notify, *notes]
        return _outcome(policy, Recommendation.NOTIFICATION_ONLY, reasons, NO_HOLD)
    transfer = (
        "A transfer needs a judicial warrant or judicial probable-cause determination "
        "(Cal. Gov. Code 7284.6(a)(4))."
    )
    if qualifying:  # only a transfer (or nothing) was asked
        needed = [
            transfer,
            *qualifying,
            "The person meets Gov. Code 7282.5, so release-date notification could be given "
            "if ICE asks for it.",
        ]
    else:
        needed = [
            f"Notification would need a qualifying conviction. {_needed_7282_5(policy, facts)}",
            transfer,
            *_no_charges(facts),
        ]
    return _outcome(policy, Recommendation.MUST_DECLINE, [no_hold, *needed, *notes], NO_HOLD)


def _sv_within(facts: DetainerFacts, years: int, *, current_counts: bool) -> list[str]:
    """Serious or violent felony convictions on or before receipt, within ``years`` of it."""
    start, found = years_before(facts.received_on, years), []
    for c in facts.charges:
        if not c.is_serious_or_violent or c.conviction_date is None:
            continue
        if c.conviction_date > facts.received_on:
            continue
        if c.conviction_date >= start:
            found.append(f"Qualifies: {c.cite()} ({c.listing()}), within {years} years.")
        elif current_counts and c.is_current_booking:
            found.append(f"Qualifies: {c.cite()} ({c.listing()}), on the current booking.")
    return found


def _sv_needed(facts: DetainerFacts, years: int) -> str:
    return (
        f"a serious or violent felony conviction ({_SV_LAW}) dated from "
        f"{format_date(years_before(facts.received_on, years))} to {facts.received} "
        f"(within {years} years before receipt)"
    )


def _santa_clara_3_54(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """Santa Clara County Board Policy 3.54 (18 Oct 2011).

    Honour only if the policy settings record a written agreement that ICE reimburses all
    costs (``reimbursement_agreement``) and the person has a serious or violent felony
    conviction within ``window_years`` before receipt, or one on the current booking (the
    person is in custody for it). Otherwise decline, naming each missing condition.
    """
    years = policy.params["window_years"]
    qualifying = _sv_within(facts, years, current_counts=True)
    missing = []
    if not policy.params["reimbursement_agreement"]:
        missing.append(
            "Missing: a written agreement that ICE reimburses all costs of honouring the "
            "detainer (the policy settings record none)."
        )
    if not qualifying:
        missing.append(
            f"Missing: {_sv_needed(facts, years)}, or one on the current booking."
            + (" No charges are recorded for this person." if not facts.charges else "")
        )
    asked = facts.asked
    if missing:
        reasons = [f"{asked}; it must be declined.", *missing, *qualifying]
        return _outcome(policy, Recommendation.MUST_DECLINE, reasons, NO_HOLD)
    agreement = "A written reimbursement agreement with ICE is recorded in the policy settings."
    done = f"{asked}; both conditions of Board Policy 3.54 are met, so it may be honoured."
    reasons = [agreement, *qualifying, done]
    return _outcome(policy, Recommendation.MAY_HONOUR, reasons, policy.hold_rule)


def _dc_24h_cap(policy: CountyPolicy, facts: DetainerFacts) -> PolicyOutcome:
    """District of Columbia Immigration Detainer Compliance Amendment Act of 2012.

    Honour, under the policy's own hold rule (a 24-hour cap), only if the person was at least
    ``min_age`` on receipt (an unknown date of birth does not meet this) and has a serious or
    violent felony conviction within ``window_years`` before receipt; otherwise decline.
    """
    min_age, years = policy.params["min_age"], policy.params["window_years"]
    qualifying = _sv_within(facts, years, current_counts=False)
    missing, met = [], []
    if facts.date_of_birth is None:
        missing.append(
            f"Missing: proof of age. The date of birth is not recorded, so an age of at least "
            f"{min_age} cannot be shown; record it and evaluate again."
        )
    elif (age := age_on(facts.date_of_birth, facts.received_on)) < min_age:
        missing.append(f"Missing: an age of at least {min_age}; the person was {age} on receipt.")
    else:
        met.append(f"The person was {age} on receipt (at least {min_age}).")
    if not qualifying:
        missing.append(f"Missing: {_sv_needed(facts, years)}.")
    asked = facts.asked
    if missing:
        reasons = [f"{asked}; it must be declined.", *missing, *met, *qualifying]
        reasons += _no_charges(facts)
        return _outcome(policy, Recommendation.MUST_DECLINE, reasons, NO_HOLD)
    done = (
        f"{asked}; it may be honoured, under the policy's hold rule ({policy.hold_rule}) "
        "instead of the form's."
    )
    return _outcome(policy, Recommendation.MAY_HONOUR, [*met, *qualifying, done], policy.hold_rule)


_EVALUATORS: dict[str, Callable[[CountyPolicy, DetainerFacts], PolicyOutcome]] = {
    "honour_all": _honour_all,
    "ca_trust_act": _ca_trust_act,
    "ca_sb54": _ca_sb54,
    "santa_clara_3_54": _santa_clara_3_54,
    "dc_24h_cap": _dc_24h_cap,
}
