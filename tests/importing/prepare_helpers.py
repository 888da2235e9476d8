"""A tiny in-memory source table and a jail-export mapping for the tests of prepare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from models.importing.mapping import Mapping
from models.importing.prepare import PreparedCase, RowProblem, prepare
from models.importing.reader import SourceRow

#: "Now" for every test: 25 Nov 2026, 12:00 in Los Angeles (PST).
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
ORI = "CA0990000"
JAIL = "Alder County Main Jail"
COLUMNS = (
    "Booking #", "Last Name", "First Name", "DOB", "Sex", "Booking Date", "Release Date",
    "Release Disposition", "Statute", "Charge", "Jurisdiction", "Charge Class",
)  # fmt: skip
JAIL_MAPPING = Mapping(
    columns={
        "booking.booking_number": "Booking #",
        "person.family_name": "Last Name",
        "person.given_names": "First Name",
        "person.date_of_birth": "DOB",
        "person.sex": "Sex",
        "booking.booked_at": "Booking Date",
        "booking.released_at": "Release Date",
        "booking.release_disposition": "Release Disposition",
        "charge.statute": "Statute",
        "charge.description": "Charge",
        "charge.jurisdiction": "Jurisdiction",
        "charge.charge_class": "Charge Class",
    },
    constants={"booking.agency_ori": ORI, "booking.facility": JAIL},
)


class Table:
    """Just what prepare reads of a SourceTable: columns, and rows from line 2 on."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, extra=None):
        self.columns = tuple(columns)
        self._rows = [tuple(r) for r in rows]
        self._extra = extra or {}

    def rows(self):
        for line, cells in enumerate(self._rows, start=2):
            yield SourceRow(line, cells, self._extra.get(line, ()))


def row(number="2017-001", last="NÚÑEZ", first="María", dob="3/9/1984", sex="F",
        booked="4/21/2017 11:43 AM", released="", disposition="", statute="PC 459",
        charge="BURGLARY", jurisdiction="", klass="F") -> tuple[str, ...]:  # fmt: skip
    """One row of the jail export (COLUMNS), every cell a keyword."""
    return (number, last, first, dob, sex, booked, released, disposition, statute, charge,
            jurisdiction, klass)  # fmt: skip


def run(ctx, rows, mapping: Mapping = JAIL_MAPPING, columns=COLUMNS, **table) -> list:
    """Every item prepare yields for ``rows``."""
    return list(prepare(Table(columns, rows, **table), mapping, ctx))


def cases(items) -> list[PreparedCase]:
    return [i for i in items if isinstance(i, PreparedCase)]


def problems(items) -> list[RowProblem]:
    return [i for i in items if isinstance(i, RowProblem)]


def only_case(ctx, rows, **kwargs) -> PreparedCase:
    items = run(ctx, rows, **kwargs)
    assert problems(items) == []
    (case,) = items
    return case
