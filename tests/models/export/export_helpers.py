"""Three stored cases whose every identifying value the export tests look for in the files.

Names carry accents and Vietnamese diacritics (they must round-trip through CSV and Excel);
every date of birth, A-number, FBI number, state id, alias and booking number is listed in
:data:`IDENTIFYING`, which a public release must contain none of.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zipfile import ZipFile

import openpyxl

from models.cases import create_case
from models.records import CustodyStatus, Sex
from tests.conftest import make_case

NOW = datetime(2012, 7, 1, 12, 0, tzinfo=UTC)

#: family, given, alias, dob, A-number, FBI, state id, booking #, booked (UTC), facility, sex
PEOPLE = (
    ("Núñez", "María José", "Maria Nunez", date(1984, 3, 9), "A012345678", "123456AB7",
     "CA1234567", "2010-004512", datetime(2010, 10, 15, 17, 30, tzinfo=UTC),
     "Alder County Main Jail", Sex.FEMALE),
    # Booked 01/31/2011 19:15 PST, which is 02/01/2011 in UTC: the county's day and month count.
    ("Nguyễn", "Thị Thu", "Thu Nguyen", date(1990, 12, 1), "A087654321", "654321CD9",
     "CA7654321", "2011-000101", datetime(2011, 2, 1, 3, 15, tzinfo=UTC),
     "North Valley Detention Annex", Sex.FEMALE),
    ("O'Neil", "Seán", "Sean ONeil", date(1977, 7, 4), "A055555555", "777777EF1",
     "CA5555555", "2012-000777", datetime(2012, 6, 30, 6, 0, tzinfo=UTC),
     "Alder County Main Jail", Sex.MALE),
)  # fmt: skip

#: Every value of the dataset that names or identifies a person, in every form a file may use.
IDENTIFYING = tuple(
    text
    for family, given, alias, dob, a_number, fbi, state, booking, *_ in PEOPLE
    for text in (
        family,
        given,
        alias,
        *given.split(),
        dob.isoformat(),
        dob.strftime("%m/%d/%Y"),
        a_number,
        a_number[1:],
        fbi,
        state,
        booking,
    )
)
#: Notes of the first case: free text that names a relative.
NOTES = "Sister Rosa Núñez will pick her up"


def add_people(db, actor) -> list[int]:
    """Store the three cases of :data:`PEOPLE`; their booking ids, in that order."""
    ids = []
    for n, (
        family,
        given,
        alias,
        dob,
        a_number,
        fbi,
        state,
        booking,
        booked,
        facility,
        sex,
    ) in enumerate(PEOPLE):
        case = make_case()
        person = replace(
            case.person,
            family_name=family,
            given_names=given,
            aliases=(alias,),
            date_of_birth=dob,
            a_number=a_number,
            fbi_number=fbi,
            state_id=state,
            sex=sex,
        )
        custody = CustodyStatus.RELEASED if n == 2 else CustodyStatus.IN_CUSTODY
        released = datetime(2012, 7, 1, 2, 0, tzinfo=UTC) if n == 2 else None
        b = replace(
            case.booking,
            booking_number=booking,
            booked_at=booked,
            facility=facility,
            custody_status=custody,
            released_at=released,
            notes=NOTES if n == 0 else None,
        )
        ids.append(create_case(db, replace(case, person=person, booking=b), actor, now=NOW).id)
    return ids


def csv_rows(path: Path) -> list[list[str]]:
    """A CSV export read back (after checking it starts with the UTF-8 byte-order mark)."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def xlsx_rows(path: Path, sheet: str | None = None) -> list[list]:
    """One worksheet of an Excel export read back (the first unless named)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def all_text(path: Path) -> str:
    """Everything a file holds as text: a CSV's characters, or every XML part of a workbook."""
    if path.suffix == ".csv":
        return path.read_bytes().decode("utf-8-sig")
    with ZipFile(path) as z:
        return "\n".join(z.read(name).decode("utf-8") for name in z.namelist())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` (temporary ones included)."""
    return sorted(p.name for p in folder.iterdir())
