"""Preparing an import: a file's rows, read through a mapping, become cases or row problems.

:func:`prepare` streams :class:`PreparedCase` objects (one booking with its person, charges,
match and detainer, every value as the database stores it) and :class:`RowProblem` objects (a
line that cannot be imported, with the column, the value and the reason in words). Nothing is
written: the engine (:mod:`models.importing.engine`) does that.

Rules (see the shared contract for the import, issue 7):

* consecutive rows with the same (agency ORI, booking number) are one booking's charge rows;
  their person and booking values must agree;
* a hold written as a charge row (``HOLD IMMIGRAT``, jurisdiction ``IMM``; ``4200 ICE
  DETAINER``) is kept in ``holds``, not as a charge;
* any invalid cell rejects the whole booking: one problem per bad cell, and one per other line of
  the booking ("not imported: line N of the same booking was rejected");
* a FOIA redaction marker leaves the field empty and is kept in ``withheld``;
* rows without a booking number are refused, or (``key_fallback`` ``row_content``) keyed
  ``ROW-`` + 16 hex digits of the hash of their values, ``-2``, ``-3``… for repeats;
* a booking seen earlier in the file comes again when identical (the engine counts it
  skipped) and is refused when its details differ.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from models.importing.convert import PrepareContext, load_context
from models.importing.mapping import Mapping
from models.importing.prepare_rows import Row, RowReader

__all__ = ["PrepareContext", "PreparedCase", "RowProblem", "load_context", "prepare"]


@dataclass(frozen=True)
class RowProblem:
    """A line of the file that was not imported, and why (in words a clerk reads)."""

    line: int
    column: str | None
    value: str | None
    reason: str


@dataclass
class PreparedCase:
    """One booking read from the file, every value in the form the database stores.

    Attributes:
        lines: the source lines that made it (one per charge row).
        agency_ori: with ``booking_number``, the booking's natural key.
        booking_number: as in the file, or ``ROW-<hash>`` for a row keyed by its content.
        person: persons columns (mapped ones, always family_name, given_names, sort_name).
        booking: bookings columns without the key (instants as UTC text, custody_status).
        charges: charges columns without booking_id; ``seq`` 1..n.
        match: fingerprint_matches columns without booking_id, or None.
        detainer: ``form_code``, ``received_at`` (aware datetime) and the other mapped
            detainer columns, or None.
        holds: hold rows recognised (``HOLD IMMIGRAT (IMM)``), which are not charges.
        withheld: (table, column) → the redaction marker the source printed instead; a
            charge's markers under ``charges:<seq>``, the charge's position.
        content_hash: SHA-256 (hex) of all of the above; the same file gives the same hash.
        derived: booking columns the file did not give: a placeholder facility, a custody
            status worked out from the release time (an update never writes them over a
            value on file).
    """

    lines: tuple[int, ...]
    agency_ori: str
    booking_number: str
    person: dict[str, object]
    booking: dict[str, object]
    charges: list[dict[str, object]]
    match: dict[str, object] | None
    detainer: dict[str, object] | None
    holds: tuple[str, ...]
    withheld: dict[tuple[str, str], str]
    content_hash: str
    derived: tuple[str, ...] = ()


def prepare(table, mapping: Mapping, ctx: PrepareContext) -> Iterator[PreparedCase | RowProblem]:
    """Read every row of ``table`` through ``mapping``; yield cases and problems in file order.

    Args:
        table: a SourceTable (anything with ``columns`` and ``rows()`` of SourceRow).
        mapping: which column fills which field.
        ctx: the lookup lists, from :func:`load_context`.

    Raises:
        MappingError: a mapped column is not in the file, or a fixed value is not valid
            (raised when the first item is asked for).
        ImportFileError: the file cannot be read to the end.
    """
    reader = RowReader(tuple(table.columns), mapping, ctx)
    seen: dict[str, tuple[int, bytes]] = {}
    group: list[Row] = []
    read = reader.read
    for source in table.rows():
        row = read(source)
        if group:
            if row.key is not None and row.key == group[0].key and not row.from_content:
                group.append(row)
                continue
            yield from _finish(group, seen)
        group = [row]
    if group:
        yield from _finish(group, seen)


def _finish(group: list[Row], seen: dict) -> Iterator[PreparedCase | RowProblem]:
    """The case (or the problems) of one booking's consecutive rows."""
    first = group[0]
    if len(group) == 1:
        if first.problems:
            yield from first.problems
            return
        charges = [first.charge] if first.charge is not None else []
        holds = (first.hold,) if first.hold is not None else ()
        withheld = _numbered(first.withheld, 1) if first.withheld else first.withheld
    else:
        problems = _group_problems(group)
        if problems:
            yield from _rejected(group, problems)
            return
        charges, hold_list, withheld = [], [], {}
        for row in group:
            if row.charge is not None:
                charges.append(row.charge)
            if row.hold is not None:
                hold_list.append(row.hold)
            if row.withheld:
                withheld.update(_numbered(row.withheld, len(charges)))
        holds = tuple(hold_list)
    for seq, charge in enumerate(charges, start=1):
        charge["seq"] = seq
    ori, number = first.key
    digest = content_digest(
        ori, number, first.person, first.booking, charges, first.match, first.detainer,
        withheld, holds,
    )  # fmt: skip
    lines = (first.line,) if len(group) == 1 else tuple(row.line for row in group)
    if not first.from_content:
        key = f"{ori}\x1f{number}"
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (first.line, digest[:8])
        elif earlier[1] != digest[:8]:
            reason = (
                f"booking {number} of agency {ori} already appeared at line {earlier[0]} "
                "with other details"
            )
            for line in lines:
                yield RowProblem(line, None, None, reason)
            return
    yield PreparedCase(
        lines, ori, number, first.person, first.booking, charges, first.match, first.detainer,
        holds, withheld, digest.hex(), first.derived,
    )  # fmt: skip


def _numbered(withheld: dict, seq: int) -> dict:
    """A row's markers, its charge's (if any) under ``charges:<seq>``: that charge's own."""
    return {(f"charges:{seq}" if t == "charges" else t, c): m for (t, c), m in withheld.items()}


def content_digest(ori, number, person, booking, charges, match, detainer, withheld, holds):
    """SHA-256 of a case's values, the same whatever order its dicts were built in."""
    if detainer is not None:
        detainer = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in detainer.items()}
    # marshal format 2 has no back-references, so equal values always give equal bytes.
    material = marshal.dumps(
        (
            ori, number, sorted(person.items()), sorted(booking.items()),
            [sorted(c.items()) for c in charges],
            sorted(match.items()) if match is not None else None,
            sorted(detainer.items()) if detainer is not None else None,
            sorted(withheld.items()), list(holds),
        ),
        2,
    )  # fmt: skip
    return hashlib.sha256(material).digest()


def _group_problems(group: list[Row]) -> list[RowProblem]:
    """The problems of a booking's rows, and rows whose person or booking details differ."""
    first = group[0]
    problems = [p for row in group for p in row.problems]
    for row in group[1:]:
        if not row.problems and (row.person, row.booking, row.match, row.detainer) != (
            first.person,
            first.booking,
            first.match,
            first.detainer,
        ):
            ori, number = first.key
            problems.append(
                RowProblem(
                    row.line,
                    None,
                    None,
                    f"booking {number} of agency {ori} is on line {first.line} with other "
                    "person or booking details",
                )
            )
    return problems


def _rejected(group: list[Row], problems: list[RowProblem]) -> Iterator[RowProblem]:
    """Every problem of a rejected booking, and a line for each of its other rows."""
    bad = sorted({p.line for p in problems})
    for row in group:
        for problem in problems:
            if problem.line == row.line:
                yield problem
        if row.line not in bad:
            yield RowProblem(
                row.line,
                None,
                None,
                f"not imported: line {bad[0]} of the same booking was rejected",
            )
