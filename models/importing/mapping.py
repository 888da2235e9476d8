"""Which column of a file fills which field: the mapping, its JSON form, guessing and checking it.

A mapping (version 1) is stored in profiles and on every import batch as JSON::

    {"version": 1,
     "columns": {"person.family_name": "Last Name", ...},   # field -> column of the file
     "constants": {"booking.agency_ori": "CA0990000"},      # field -> the same text every row
     "notes_from": ["Operation", ...],                       # columns kept in the booking notes
     "key_fallback": "reject" | "row_content",
     "read": {"encoding": ..., "delimiter": ..., "header_row": ..., "sheet": ...}}

``key_fallback`` says what a row without a booking number gets: ``reject`` refuses it;
``row_content`` keys it by its own content (``ROW-`` and a hash), so that importing the same
file again finds the same bookings (see :mod:`models.importing.prepare`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.errors import DeskError
from models.importing.fields import BY_KEY, FIELD_KEYS, FIELDS, header_words, label_of
from models.importing.reader import DELIMITERS, ENCODINGS, ReadOptions

VERSION = 1
REJECT, ROW_CONTENT = "reject", "row_content"
KEY_FALLBACKS = (REJECT, ROW_CONTENT)
_TOP = ("version", "columns", "constants", "notes_from", "key_fallback", "read")
_READ = ("encoding", "delimiter", "header_row", "sheet")
#: Required fields besides the person's name (booking number: unless keyed by row content).
REQUIRED = ("booking.booking_number", "booking.agency_ori", "booking.facility", "booking.booked_at")


class MappingError(DeskError):
    """A mapping (a profile's or a mapping file's) that cannot be used; the message says why."""


@dataclass(frozen=True)
class Mapping:
    """Which column (or fixed value) fills each field, and how the file is read."""

    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    notes_from: tuple[str, ...] = ()
    key_fallback: str = REJECT
    read: ReadOptions = ReadOptions()

    def to_json(self) -> str:
        """The mapping as version-1 JSON (what profiles and import batches store)."""
        read = {k: getattr(self.read, k) for k in _READ if getattr(self.read, k) is not None}
        data = {
            "version": VERSION,
            "columns": dict(self.columns),
            "constants": dict(self.constants),
            "notes_from": list(self.notes_from),
            "key_fallback": self.key_fallback,
            "read": read,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        """Read a version-1 mapping.

        Raises:
            MappingError: not JSON, another version, an unknown field or entry, a wrong type.
        """
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError) as exc:
            where = f" (line {exc.lineno}, column {exc.colno})" if hasattr(exc, "lineno") else ""
            raise MappingError(f"The mapping is not valid JSON{where}.") from None
        if not isinstance(data, dict):
            raise MappingError("The mapping must be a JSON object with “version” and “columns”.")
        version = data.get("version")
        if version != VERSION or isinstance(version, bool):
            raise MappingError(
                f"The mapping is version {json.dumps(version)}; this Detainer Desk reads "
                f"version {VERSION} mappings."
            )
        unknown = [k for k in data if k not in _TOP]
        if unknown:
            raise MappingError(
                f"The mapping has an entry this version does not know: “{unknown[0]}”."
            )
        columns = _text_dict(data.get("columns", {}), "columns")
        constants = _text_dict(data.get("constants", {}), "constants")
        notes = data.get("notes_from", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) and n.strip() for n in notes):
            raise MappingError("“notes_from” must be a list of column names.")
        fallback = data.get("key_fallback", REJECT)
        if fallback not in KEY_FALLBACKS:
            raise MappingError(
                f"“key_fallback” must be “{REJECT}” or “{ROW_CONTENT}”, not {json.dumps(fallback)}."
            )
        return cls(columns, constants, tuple(notes), fallback, _read_options(data.get("read", {})))


def _text_dict(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise MappingError(f"“{name}” must be an object of field names and texts.")
    for key, text in value.items():
        if key not in FIELD_KEYS:
            raise MappingError(f"“{name}” names a field this version does not know: “{key}”.")
        if not isinstance(text, str) or not text.strip():
            raise MappingError(f"“{name}”: the value for “{key}” must be non-empty text.")
    return dict(value)


def _read_options(value: object) -> ReadOptions:
    if not isinstance(value, dict):
        raise MappingError("“read” must be an object (encoding, delimiter, header_row, sheet).")
    unknown = [k for k in value if k not in _READ]
    if unknown:
        raise MappingError(f"“read” has an entry this version does not know: “{unknown[0]}”.")
    encoding, delimiter = value.get("encoding"), value.get("delimiter")
    header, sheet = value.get("header_row"), value.get("sheet")
    if encoding is not None and encoding not in ENCODINGS:
        raise MappingError(
            f"“read”: the encoding {json.dumps(encoding)} is not one of {', '.join(ENCODINGS)}."
        )
    if delimiter is not None and delimiter not in DELIMITERS:
        names = ", ".join(json.dumps(d) for d in DELIMITERS)
        raise MappingError(f"“read”: the delimiter {json.dumps(delimiter)} is not one of {names}.")
    if header is not None and (
        not isinstance(header, int) or isinstance(header, bool) or header < 1
    ):
        raise MappingError("“read”: “header_row” must be a row number, 1 or more.")
    if sheet is not None and not isinstance(sheet, str):
        raise MappingError("“read”: “sheet” must be a sheet's name.")
    return ReadOptions(encoding=encoding, delimiter=delimiter, header_row=header, sheet=sheet)


def find_column(columns: Sequence[str], name: str) -> int | None:
    """The index of ``name`` among ``columns``: exactly, else ignoring capitals and spacing."""
    try:
        return list(columns).index(name)
    except ValueError:
        pass
    key = " ".join(name.split()).casefold()
    found = [i for i, c in enumerate(columns) if " ".join(c.split()).casefold() == key]
    # Headers that differed only in capitals were renamed apart ("Date", "DATE (2)"): which
    # one a name typed another way means cannot be told, so it matches neither.
    renamed = re.compile(re.escape(key) + r" \(\d+\)")
    if len(found) != 1 or any(renamed.fullmatch(c.casefold()) for c in columns):
        return None
    return found[0]


def guess_mapping(columns: Sequence[str]) -> Mapping:
    """A first mapping for a file, from header names jail exports and ICE releases use.

    Headers are compared ignoring capitals, spaces and punctuation (``Booking #``,
    ``BOOKING_NO`` and ``Booking Number`` agree). Each column fills at most one field and each
    field comes from at most one column; where several headers could fill a field, the better
    synonym wins (``Booking Date`` before ``Arrest Date``).
    """
    candidates = []
    words = [header_words(c) for c in columns]
    for order, spec in enumerate(FIELDS):
        for rank, synonym in enumerate(spec.synonyms):
            wanted = header_words(synonym)
            for index, have in enumerate(words):
                if have == wanted:
                    candidates.append((rank, order, index, spec.key))
    taken_fields: dict[str, str] = {}
    taken_columns: set[int] = set()
    for _rank, _order, index, key in sorted(candidates):
        if key in taken_fields or index in taken_columns:
            continue
        taken_fields[key] = columns[index]
        taken_columns.add(index)
    ordered = {f.key: taken_fields[f.key] for f in FIELDS if f.key in taken_fields}
    return Mapping(columns=ordered)


def fit_to_columns(mapping: Mapping, columns: Sequence[str]) -> tuple[Mapping, list[str]]:
    """``mapping`` with its column names as this file spells them, and what had to be left out.

    A profile saved from last month's export may name ``Date of Birth`` where this one has
    ``DATE OF BIRTH`` (the same column) or nothing at all: the first is kept under the file's
    name, the second dropped and named in the list, in words.
    """
    kept, missing = {}, []
    for key, column in mapping.columns.items():
        index = find_column(columns, column)
        if index is None:
            missing.append(f"{label_of(key)}: the column “{column}” is not in this file.")
        else:
            kept[key] = columns[index]
    notes = []
    for column in mapping.notes_from:
        index = find_column(columns, column)
        if index is None:
            missing.append(f"Booking notes: the column “{column}” is not in this file.")
        else:
            notes.append(columns[index])
    return dataclasses.replace(mapping, columns=kept, notes_from=tuple(notes)), missing


def mapping_problems(mapping: Mapping, columns: Sequence[str]) -> list[str]:
    """What stops ``mapping`` from reading a file with ``columns``, in words; [] when nothing.

    Unknown fields, columns the file does not have, and required fields that are neither a
    column nor a fixed value: the family name (or full name), the booking number (unless rows
    without one are keyed by their content), the agency ORI, the facility and the booking time.
    """
    problems = []
    for key in [*mapping.columns, *mapping.constants]:
        if key not in FIELD_KEYS:
            problems.append(f"“{key}” is not a field this version knows.")
    for key, column in mapping.columns.items():
        if find_column(columns, column) is None:
            problems.append(f"{label_of(key)}: the column “{column}” is not in this file.")
    for column in mapping.notes_from:
        if find_column(columns, column) is None:
            problems.append(f"Booking notes: the column “{column}” is not in this file.")
    if mapping.key_fallback not in KEY_FALLBACKS:
        problems.append(f"“{mapping.key_fallback}” is not a way to key rows without a number.")
    filled = set(mapping.columns) | set(mapping.constants)
    if not filled & {"person.family_name", "person.full_name"}:
        problems.append(
            "Family name is needed: choose its column (or a full-name column) "
            "or give a fixed value."
        )
    for key in REQUIRED:
        if key in filled or (
            key == "booking.booking_number" and mapping.key_fallback == ROW_CONTENT
        ):
            continue
        extra = ", or key rows by their content" if key == "booking.booking_number" else ""
        problems.append(
            f"{BY_KEY[key].label} is needed: choose its column or give a fixed value{extra}."
        )
    return problems
