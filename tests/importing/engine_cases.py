"""Hand-built prepared bookings and database dumps for the import engine's tests."""

from __future__ import annotations

import hashlib
import json

from models.importing.engine import Source, import_cases
from models.importing.prepare import PreparedCase, RowProblem  # noqa: F401 (for tests)
from models.validation import sort_name_for

#: Tables a whole-record comparison covers (row_version excluded: it only ever moves on).
DUMPED = {
    "persons": "id",
    "bookings": "id",
    "charges": "id",
    "fingerprint_matches": "id",
    "withheld_values": "table_name, record_id, field",
    "detainers": "id",
    "facilities": "name",
    "bookings_fts": "rowid",
}


def case(
    number: str,
    family: str = "Núñez",
    given: str | None = "María",
    *,
    line: int = 2,
    ori: str = "CA0990000",
    facility: str = "Alder County Main Jail",
    booked_at: str = "2017-03-04T18:30:00+00:00",
    a_number: str | None = None,
    dob: str | None = "1984-03-09",
    charges: list[dict] | None = None,
    match: dict | None = None,
    detainer: dict | None = None,
    withheld: dict | None = None,
    holds: tuple[str, ...] = (),
    booking: dict | None = None,
    derived: tuple[str, ...] = (),
) -> PreparedCase:
    """A prepared booking; its content hash covers every value, as prepare's does."""
    person = {
        "family_name": family,
        "given_names": given,
        "sort_name": sort_name_for(family, given),
        "date_of_birth": dob,
    }
    if a_number:
        person["a_number"] = a_number
    booking = {
        "facility": facility,
        "booked_at": booked_at,
        "custody_status": "in_custody",
        **(booking or {}),
    }
    charges = (
        charges
        if charges is not None
        else [{"statute": "PC 459", "description": "Burglary", "charge_class": "felony"}]
    )
    withheld = withheld or {}
    content = [
        ori,
        number,
        person,
        booking,
        charges,
        match,
        detainer,
        sorted(withheld.items()),
        holds,
    ]
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    return PreparedCase(
        lines=tuple(range(line, line + max(1, len(charges)))),
        agency_ori=ori,
        booking_number=number,
        person=person,
        booking=booking,
        charges=charges,
        match=match,
        detainer=detainer,
        holds=holds,
        withheld=withheld,
        content_hash=digest,
        derived=derived,
    )


def source(name: str = "jail.csv", sha: str = "a" * 64) -> Source:
    return Source(
        file_name=name,
        sha256=sha,
        size=1234,
        mapping_json=json.dumps({"version": 1, "columns": {}}),
        encoding="utf-8",
        delimiter=",",
        header_row=1,
    )


def run(db, actor, items, **kwargs):
    """Import ``items`` as one batch of the test file."""
    return import_cases(db, actor, list(items), kwargs.pop("src", source()), **kwargs)


def dump(db, with_audit: bool = True) -> dict[str, list]:
    """Every row of the record's tables (and the audit log), to compare before and after."""
    out = {}
    for table, order in DUMPED.items():
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "row_version"]
        select = ", ".join(cols) if cols else "rowid, *"
        out[table] = db.execute(f"SELECT {select} FROM {table} ORDER BY {order}").fetchall()
    if with_audit:
        out["audit_log"] = db.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    return out


def counts(db) -> dict[str, int]:
    tables = ("persons", "bookings", "charges", "fingerprint_matches", "withheld_values",
              "import_batches", "import_batch_records", "audit_log", "bookings_fts")  # fmt: skip
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def healthy(db) -> None:
    """The file is sound and the audit chain unbroken."""
    from models.audit import verify_chain

    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    report = verify_chain(db)
    assert report.ok, report.message
