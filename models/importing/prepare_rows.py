"""Reading one row of an import file into the values of a case (person, booking, charge, …).

:class:`RowReader` is built once per file from the mapping: which cell feeds which field,
through which converter, with the fixed values already converted. :meth:`RowReader.read` then
turns a :class:`~models.importing.reader.SourceRow` into a :class:`Row`: the records' column
values as the database stores them, the FOIA markers found instead of values, a hold recognised
in place of a charge, and every problem with the row in words.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from dataclasses import dataclass, field

from models.importing.cells import CellError, redaction_marker
from models.importing.convert import PrepareContext, converter
from models.importing.fields import label_of
from models.importing.mapping import (
    ROW_CONTENT,
    Mapping,
    MappingError,
    find_column,
    mapping_problems,
)
from models.importing.prepare_links import LinkedRecords, column_of
from models.validation import sort_name_for

TABLES = {
    "person": "persons",
    "booking": "bookings",
    "charge": "charges",
    "match": "fingerprint_matches",
    "detainer": "detainers",
}
#: Fields that are not stored as they are (names, key, derived or only used to recognise holds).
SPECIAL = {
    "person.family_name",
    "person.given_names",
    "person.full_name",
    "booking.booking_number",
    "booking.agency_ori",
    "booking.custody_status",
    "booking.release_disposition",
    "booking.notes",
    "charge.jurisdiction",
    "charge.description",
    "match.program_era",
}
WITHHELD_NAME = "(withheld)"
#: The most distinct texts one field's converter remembers.
MEMO_LIMIT = 200_000
_MISS = object()
#: The facility of a booking whose facility cell is empty (a booking must name one).
NO_FACILITY = "(not given)"
_HOLD = re.compile(
    r"\bHOLD\W+IMMIGRAT|\bIMMIGRATION\W+(?:HOLD|DETAINER)|\b(?:ICE|INS)\W+(?:DETAINER|HOLD)",
    re.IGNORECASE,
)
_HOLD_JURISDICTIONS = {"IMM", "ICE", "INS", "IMMIGRATION"}
_TO_ICE = {
    "immigration",
    "releasedtoice",
    "ice",
    "toice",
    "releasedtoimmigration",
    "icecustody",
    "immigrationhold",
    "releasedtoicecustody",
    "ins",
}
_RELEASED = re.compile(
    r"^(cancel|released?$|release\b|bail|bond|or$|o\.?r\.?$|own recog|time served|sentence "
    r"(served|complete)|charges? dropped|dismiss|acquit|cite|citation|court release|probation|"
    r"no charges|pr\b|personal recog)",
    re.IGNORECASE,
)


def disposition_status(text: str) -> str | None:
    """The custody status a release disposition means, or None when it does not say."""
    words = re.sub(r"[\W_]+", "", text.casefold())
    if words in _TO_ICE or text.casefold().startswith(("released to ice", "release to ice")):
        return "released_to_ice"
    if text.casefold().startswith("transfer"):
        return "transferred"
    if _RELEASED.match(text.strip()):
        return "released"
    return None


@dataclass(slots=True)
class Row:
    """One file row read into record values (see :class:`RowReader`)."""

    line: int
    key: tuple[str, str] | None = None
    from_content: bool = False
    person: dict = field(default_factory=dict)
    booking: dict = field(default_factory=dict)
    charge: dict | None = None
    hold: str | None = None
    match: dict | None = None
    detainer: dict | None = None
    withheld: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    derived: tuple = ()  # booking columns the file did not give (a placeholder or worked out)


class RowReader(LinkedRecords):
    """Reads rows of one file through one mapping (everything per-column decided up front)."""

    def __init__(self, columns: tuple[str, ...], mapping: Mapping, ctx: PrepareContext) -> None:
        problems = mapping_problems(mapping, columns)
        if problems:
            raise MappingError(" ".join(problems))
        self.ctx = ctx
        self.row_content = mapping.key_fallback == ROW_CONTENT
        cells = []
        for key, column in mapping.columns.items():
            index = find_column(columns, column)
            cells.append((key, index, columns[index], converter(key, ctx), {}))
        cells.sort(key=lambda c: (c[1], c[0]))  # the file's order: problems read left to right
        self.cells = cells
        self.column_name = {key: name for key, _i, name, *_c in cells}
        self.constants = {}
        for key, value in mapping.constants.items():
            if key in mapping.columns:
                continue
            convert = converter(key, ctx)
            try:
                self.constants[key] = value.strip() if convert is None else convert(value.strip())
            except CellError as exc:
                raise MappingError(
                    f"The fixed value of {label_of(key)}, “{value}”: {exc}."
                ) from None
        self.notes = []
        for column in mapping.notes_from:
            index = find_column(columns, column)
            if index is None:
                raise MappingError(f"Booking notes: the column “{column}” is not in this file.")
            self.notes.append((index, f"{columns[index]}: "))
        mapped = set(self.column_name) | set(self.constants)
        self.mapped = mapped
        self.simple = {
            group: [(k, column_of(k)) for k in sorted(mapped) if k.startswith(group + ".")]
            for group in TABLES
        }
        for group, pairs in self.simple.items():
            self.simple[group] = [(k, c) for k, c in pairs if k not in SPECIAL]
        self.has_charge = any(k.startswith("charge.") for k in mapped)
        self.has_match = any(k.startswith("match.") for k in mapped)
        self.has_detainer = any(k.startswith("detainer.") for k in mapped)
        # A row's own key covers its cells by field, so the order of the columns does not count.
        self.content_keys = sorted(k for k, *_ in cells if k != "booking.booking_number")
        self.key_counts: dict[str, int] = {}
        self.sort_names: dict[tuple, str] = {}
        self.era_of: dict[str, str | None] = {}
        self.holds: dict[str, bool] = {}
        self.dispositions: dict[str, str | None] = {}
        self.has_disposition = "booking.release_disposition" in mapped
        self.has_notes = "booking.notes" in mapped or bool(self.notes)
        self.after_booking = [
            (k, column_of(k))
            for k in ("booking.released_at", "booking.release_eligible_at")
            if k in mapped
        ]

    # -- one row ---------------------------------------------------------------------------------

    def read(self, source) -> Row:
        """Read one SourceRow into a :class:`Row` (problems included, never raised)."""
        line = source.line
        row = Row(line)
        problems = row.problems
        values = dict(self.constants)
        held: dict[str, str] = {}
        bad: set[str] = set()
        texts = source.cells
        for key, index, column, convert, cache in self.cells:
            text = texts[index]
            if not text:
                values[key] = None
                continue
            if text[0] == "(" and (marker := redaction_marker(text)):
                values[key] = None
                held[key] = marker
                continue
            if convert is None:  # stored as written
                values[key] = text
                continue
            value = cache.get(text, _MISS)
            if value is _MISS:
                try:
                    value = convert(text)
                except CellError as exc:
                    values[key] = None
                    bad.add(key)
                    problems.append(_problem(line, column, text, str(exc)))
                    continue
                if len(cache) < MEMO_LIMIT:
                    cache[text] = value
            values[key] = value
        if source.extra:
            n = len(source.extra)
            problems.append(
                _problem(
                    line,
                    None,
                    " | ".join(source.extra),
                    f"this row has {n} more cell{'s' if n > 1 else ''} than the header has columns",
                )
            )
        notes = [name + texts[i] for i, name in self.notes if texts[i]]
        self._person(row, values, held, bad)
        self._booking(row, values, held, bad, notes)
        if self.has_charge:
            self._charge(row, values, held, bad)
        if self.has_match:
            self._match(row, values, held, bad)
        if self.has_detainer:
            self._detainer(row, values, held, bad)
        self._key(row, values, held, bad, notes)
        return row

    def _add(self, row: Row, key: str | None, value: str | None, reason: str) -> None:
        """A problem with field ``key``'s cell (its column named) on ``row``."""
        row.problems.append(_problem(row.line, self.column_name.get(key), value, reason))

    def _need(self, row: Row, key: str, held: dict, bad: set, what: str) -> None:
        if key in bad:
            return
        column = self.column_name.get(key)
        if key in held:
            reason = f"{what} is withheld by the source ({held[key]}); every booking needs one"
        else:
            reason = f"no {what}: every booking needs one"
        row.problems.append(_problem(row.line, column, held.get(key, ""), reason))

    @staticmethod
    def _markers(row: Row, table: str, held: dict, pairs: list) -> None:
        for key, column in pairs:
            if key in held:
                row.withheld[(table, column)] = held[key]

    def _person(self, row: Row, values: dict, held: dict, bad: set) -> None:
        family = values.get("person.family_name")
        given = values.get("person.given_names")
        full = values.get("person.full_name")
        if full:
            split_family, split_given = split_full_name(full)
            if family is None and "person.family_name" not in held:
                family = split_family
            if given is None and "person.given_names" not in held:
                given = split_given
        marker = held.get("person.family_name") or held.get("person.full_name")
        if family is None and marker:
            family = WITHHELD_NAME
            row.withheld[("persons", "family_name")] = marker
        if family is None:
            if not bad & {"person.family_name", "person.full_name"}:
                column = self.column_name.get("person.family_name") or self.column_name.get(
                    "person.full_name"
                )
                row.problems.append(_problem(row.line, column, "", "no family name"))
            family = ""
        names = (family, given)
        sort_name = self.sort_names.get(names)
        if sort_name is None:
            sort_name = self.sort_names[names] = sort_name_for(family, given)
        person = {"family_name": family, "given_names": given, "sort_name": sort_name}
        person.update({column: values[key] for key, column in self.simple["person"]})
        if held:
            self._markers(row, "persons", held, self.simple["person"])
            if "person.given_names" in held:
                row.withheld[("persons", "given_names")] = held["person.given_names"]
        row.person = person

    def _booking(self, row: Row, values: dict, held: dict, bad: set, notes: list) -> None:
        booking = {column: values[key] for key, column in self.simple["booking"]}
        if held:
            self._markers(row, "bookings", held, self.simple["booking"])
        derived = ()
        if booking["facility"] is None:  # the ICE releases leave a few landmarks empty
            booking["facility"] = WITHHELD_NAME if "booking.facility" in held else NO_FACILITY
            derived = ("facility",)
        booked = booking["booked_at"]
        if booked is None:
            self._need(row, "booking.booked_at", held, bad, "booking time")
        if values["booking.agency_ori"] is None:
            self._need(row, "booking.agency_ori", held, bad, "agency ORI")
        status = values.get("booking.custody_status")
        released = booking.get("released_at")
        if self.has_disposition:
            reason = values["booking.release_disposition"]
            booking["release_reason"] = reason
            if "booking.release_disposition" in held:
                row.withheld[("bookings", "release_reason")] = held["booking.release_disposition"]
            if status is None and reason:
                status = self.dispositions.get(reason, _MISS)
                if status is _MISS:
                    status = self.dispositions[reason] = disposition_status(reason)
        if status is None:
            status = "released" if released else "in_custody"
            derived += ("custody_status",)
        booking["custody_status"] = status
        row.derived = derived
        if released and status == "in_custody" and "booking.custody_status" not in bad:
            reason = "a release time is given, so the person cannot be in custody"
            self._add(row, "booking.custody_status", "", reason)
        if booked:
            for key, column in self.after_booking:
                value = booking[column]
                if value and value < booked:
                    self._add(row, key, value, f"{label_of(key)} is before the booking time")
        if self.has_notes:
            text = values.get("booking.notes")
            lines = [text, *notes] if text else notes
            booking["notes"] = "\n".join(lines) or None
        row.booking = booking

    def _charge(self, row: Row, values: dict, held: dict, bad: set) -> None:
        description = values.get("charge.description")
        statute = values.get("charge.statute")
        jurisdiction = values.get("charge.jurisdiction")
        charge = {column: values[key] for key, column in self.simple["charge"]}
        markers = {column_of(k): held[k] for k in held if k[:7] == "charge."} if held else None
        if description is None and not markers and not any(charge.values()):
            return
        words = f"{statute} {description}" if statute and description else statute or description
        is_hold = self.holds.get(words)
        if is_hold is None:
            is_hold = self.holds[words] = bool(description and _HOLD.search(words))
        if is_hold or (jurisdiction and jurisdiction.upper() in _HOLD_JURISDICTIONS):
            row.hold = f"{words} ({jurisdiction})" if jurisdiction else words
            return
        if description is None:
            if "charge.description" in held:
                description = WITHHELD_NAME
            elif statute:
                description = statute
            elif "charge.description" not in bad:
                column = self.column_name.get("charge.description")
                row.problems.append(_problem(row.line, column, "", "a charge needs a description"))
        charge["description"] = description
        row.charge = charge
        if markers:
            markers.pop("jurisdiction", None)
            for column, marker in markers.items():
                row.withheld[("charges", column)] = marker

    def _key(self, row: Row, values: dict, held: dict, bad: set, notes: list) -> None:
        ori = values.get("booking.agency_ori")
        number = values.get("booking.booking_number")
        if number is None and self.row_content:
            content = marshal.dumps(
                ([values[k] for k in self.content_keys], sorted(held.items()), notes), 2
            )
            digest = hashlib.sha256(content).hexdigest()[:16]
            n = self.key_counts.get(digest, 0) + 1
            self.key_counts[digest] = n
            number = f"ROW-{digest}" if n == 1 else f"ROW-{digest}-{n}"
            row.from_content = True
        elif number is None and "booking.booking_number" not in bad:
            column = self.column_name.get("booking.booking_number")
            marker = held.get("booking.booking_number")
            reason = (
                f"the booking number is withheld by the source ({marker}); to import such rows, "
                "key them by their content"
                if marker
                else "no booking number"
            )
            row.problems.append(_problem(row.line, column, marker or "", reason))
        if ori is not None and number is not None:
            row.key = (ori, number)


def split_full_name(full: str) -> tuple[str, str | None]:
    """``NÚÑEZ, María José`` → (``NÚÑEZ``, ``María José``); without a comma the last word."""
    if "," in full:
        family, _, given = full.partition(",")
        return family.strip(), given.strip() or None
    words = full.split()
    if len(words) == 1:
        return words[0], None
    return words[-1], " ".join(words[:-1])


def _problem(line: int, column: str | None, value: str | None, reason: str):
    from models.importing.prepare import RowProblem

    return RowProblem(line, column, value, reason)
