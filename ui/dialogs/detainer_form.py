"""The detainer editor's fields, and the mapping between a Detainer and the form's values.

``detainer_to_values`` fills the form; ``values_to_detainer`` reads it back, turning every time
that is not a time into a :class:`FieldError` for its field, so the dialog can show them all.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from models.detainer_vocab import DetainerVocab
from models.errors import FieldError
from models.records import Detainer
from models.timeutil import DATETIME_HINT, DateParseError, format_local, parse_local_datetime
from ui.forms import FieldSpec

DETAINER_TIMES = ("received_at", "released_to_ice_at", "released_to_community_at")
REQUESTS = (
    ("requests_hold", "Hold beyond release"),
    ("requests_notification", "Notify before release"),
    ("requests_transfer", "Transfer to ICE"),
)


def _time_check(tz: ZoneInfo):
    def check(text: str) -> str | None:
        try:
            parse_local_datetime(text, tz)
        except DateParseError as exc:
            return str(exc)
        return None

    return check


def request_specs(vocab: DetainerVocab, tz: ZoneInfo) -> list[FieldSpec]:
    """The fields of the Request tab: what arrived, when, how and from whom."""
    return [
        FieldSpec(
            "form_code",
            "Form",
            "choice",
            choices=[(None, "")] + [(f.code, f.label) for f in vocab.forms],
            required=True,
        ),
        FieldSpec("edition", "Edition date on the form", placeholder="e.g. 02/17"),
        FieldSpec(
            "received_at",
            "Received at",
            placeholder=DATETIME_HINT,
            required=True,
            check=_time_check(tz),
        ),
        FieldSpec(
            "received_via",
            "Received by",
            "choice",
            choices=[(None, "")] + [(m.code, m.label) for m in vocab.receipt_methods],
            required=True,
        ),
        FieldSpec("ice_office", "Issuing ICE office", "editable"),
        FieldSpec("ice_officer", "Issuing officer"),
        FieldSpec("ice_subject_id", "ICE subject ID"),
        FieldSpec("event_number", "Event number"),
        FieldSpec(
            "warrant_type",
            "Warrant attached",
            "choice",
            choices=[(w.code, w.label) for w in vocab.warrant_types],
        ),
        *(FieldSpec(key, label, "check") for key, label in REQUESTS),
        FieldSpec("notes", "Notes", "multiline"),
    ]


def outcome_specs(tz: ZoneInfo) -> list[FieldSpec]:
    """The outcome fields: where the person went when released."""
    return [
        FieldSpec(
            "released_to_ice_at",
            "Released to ICE at",
            placeholder=DATETIME_HINT,
            check=_time_check(tz),
        ),
        FieldSpec(
            "released_to_community_at",
            "Released to the community at",
            placeholder=DATETIME_HINT,
            check=_time_check(tz),
        ),
    ]


def detainer_to_values(d: Detainer, tz: ZoneInfo) -> dict:
    """The form values that show ``d``."""
    values = {
        "form_code": d.form_code,
        "edition": d.edition or "",
        "received_via": d.received_via,
        "ice_office": d.ice_office or "",
        "ice_officer": d.ice_officer or "",
        "ice_subject_id": d.ice_subject_id or "",
        "event_number": d.event_number or "",
        "warrant_type": d.warrant_type,
        "notes": d.notes or "",
    }
    for key, _label in REQUESTS:
        values[key] = getattr(d, key)
    for key in DETAINER_TIMES:
        values[key] = format_local(getattr(d, key), tz)
    return values


def values_to_detainer(
    base: Detainer, values: dict, boxes: tuple[str, ...], tz: ZoneInfo
) -> tuple[Detainer | None, list[FieldError]]:
    """Read the form back onto ``base``; times that do not parse become field errors."""
    errors: list[FieldError] = []
    times = {}
    for key in DETAINER_TIMES:
        try:
            times[key] = parse_local_datetime(values.get(key, ""), tz)
        except DateParseError as exc:
            errors.append(FieldError(key, str(exc)))
    if not values.get("form_code"):
        errors.append(FieldError("form_code", "Choose the form ICE used."))
    if not values.get("received_via"):
        errors.append(FieldError("received_via", "Say how the detainer arrived."))
    if "received_at" in times and times["received_at"] is None:
        errors.append(FieldError("received_at", "Give the date and time it was received."))
    if errors:
        return None, errors

    def text(key: str) -> str | None:
        return (values.get(key) or "").strip() or None

    detainer = base.replace(
        form_code=values["form_code"],
        edition=text("edition"),
        received_via=values["received_via"],
        ice_office=text("ice_office"),
        ice_officer=text("ice_officer"),
        ice_subject_id=text("ice_subject_id"),
        event_number=text("event_number"),
        warrant_type=values.get("warrant_type") or "none",
        notes=text("notes"),
        boxes=boxes,
        **{key: bool(values.get(key)) for key, _label in REQUESTS},
        **times,
    )
    return detainer, []
