"""The detainer vocabularies (forms, boxes, warrants, receipt methods, lift reasons, hold rules).

All of them are lookup tables seeded by a migration, read here once per window into one bundle,
and the pure checks that only need them: which boxes a form has, and when a form looks out of
place for the date it arrived (a warning, never a refusal: real paperwork is messy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from models.clocks import HoldRule
from models.records import DetainerBox, DetainerForm, LookupItem
from models.rowmap import from_row
from models.store import reported
from models.timeutil import format_date

#: From this day an I-247A replaced the I-247D, always with an administrative warrant.
I247A_FROM = date(2017, 4, 2)


@dataclass(frozen=True)
class DetainerVocab:
    """Every lookup list the detainer editor and list need."""

    forms: tuple[DetainerForm, ...]
    boxes: tuple[DetainerBox, ...]
    warrant_types: tuple[LookupItem, ...]
    judicial_warrants: frozenset[str]
    receipt_methods: tuple[LookupItem, ...]
    lift_reasons: tuple[LookupItem, ...]
    hold_rules: dict[str, HoldRule]

    def form(self, code: str) -> DetainerForm | None:
        return next((f for f in self.forms if f.code == code), None)

    def boxes_for(self, form_code: str) -> tuple[DetainerBox, ...]:
        """The boxes printed on ``form_code``, in the order of the form."""
        return tuple(b for b in self.boxes if form_code in b.forms)


@reported
def load_detainer_vocab(db: Database) -> DetainerVocab:
    """Read every detainer lookup table."""
    forms = tuple(
        from_row(DetainerForm, r) for r in db.query("SELECT * FROM detainer_forms ORDER BY rowid")
    )
    boxes = tuple(
        DetainerBox(r["code"], r["box_group"], r["label"], tuple(r["forms"].split()))
        for r in db.query("SELECT * FROM detainer_boxes ORDER BY rowid")
    )
    warrants = db.execute("SELECT code, label, is_judicial FROM warrant_types ORDER BY rowid")
    warrants = warrants.fetchall()
    rules = {
        r["code"]: HoldRule(
            code=r["code"],
            label=r["label"],
            hours=r["hours"],
            skips_non_business_days=bool(r["skips_non_business_days"]),
            source=r["source"],
        )
        for r in db.query("SELECT * FROM hold_rules ORDER BY rowid")
    }
    return DetainerVocab(
        forms=forms,
        boxes=boxes,
        warrant_types=tuple(LookupItem(c, label) for c, label, _j in warrants),
        judicial_warrants=frozenset(c for c, _l, judicial in warrants if judicial),
        receipt_methods=_items(db, "receipt_methods"),
        lift_reasons=_items(db, "lift_reasons"),
        hold_rules=rules,
    )


def _items(db: Database, table: str) -> tuple[LookupItem, ...]:
    rows = db.execute(f"SELECT code, label FROM {table} ORDER BY rowid").fetchall()
    return tuple(LookupItem(code, label) for code, label in rows)


def form_warnings(
    form: DetainerForm, received_on: date, warrant_type: str, requests_hold: bool = False
) -> list[str]:
    """What looks out of place about this form on this date (shown, never enforced)."""
    warnings = []
    if requests_hold and form.requests != "hold":
        warnings.append(
            f"The {form.short_label} does not ask for detention, yet “Hold beyond release” is "
            "ticked. Check the form and what ICE asks for."
        )
    if form.in_use_from and received_on < form.in_use_from:
        warnings.append(
            f"{form.short_label} received {format_date(received_on)}: that form was not in use "
            f"before {format_date(form.in_use_from)}. Check the form type and the date."
        )
    if form.in_use_until and received_on > form.in_use_until:
        warnings.append(
            f"{form.short_label} received {format_date(received_on)}: that form was replaced "
            f"after {format_date(form.in_use_until)}. Check the form type and the date "
            "(an older detainer can still be active)."
        )
    if form.code == "i247a" and received_on >= I247A_FROM and warrant_type == "none":
        warnings.append(
            "An I-247A comes with an I-200 or I-205 administrative warrant; none is recorded."
        )
    return warnings


_CODE_LABELS = {
    "form_code": "SELECT code, short_label FROM detainer_forms",
    "hold_rule": "SELECT code, label FROM hold_rules",
    "warrant_type": "SELECT code, label FROM warrant_types",
    "received_via": "SELECT code, label FROM receipt_methods",
    "lift_reason": "SELECT code, label FROM lift_reasons",
    "policy_code": "SELECT code, label FROM county_policies",
    "decided_by": "SELECT id, full_name FROM staff",
    "added_by": "SELECT id, full_name FROM staff",
    "reply_rule": "SELECT code, label FROM due_rules",
    "method": "SELECT code, label FROM correspondence_methods",
    "boxes": "SELECT code, label FROM detainer_boxes",
}


@reported
def coded_column_labels(db: Database) -> dict[str, dict[str, str]]:
    """For each coded column of detainers and letters, its labels (the History shows labels)."""
    return {
        field: {str(code): label for code, label in db.execute(sql).fetchall()}
        for field, sql in _CODE_LABELS.items()
    }
