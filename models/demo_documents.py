"""The demo's letterhead and a few generated letters, so the Letters area has something to show.

The fictional Alder County gets a letterhead with a made-up seal; the bookings of the last few
days get their TRUTH Act notices (drafts awaiting an attorney, one in Spanish), and the declined
detainer gets its declination letter approved and issued, so it is also in the correspondence
log with its PDF.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from models.letters.about import About
from models.letters.compose import LetterRequest
from models.letters.documents import approve_document, create_document, issue_document
from models.letters.office import OfficeSettings, save_office_settings
from models.records import Staff
from models.timeutil import to_db_instant

SEAL = Path(__file__).resolve().parent.parent / "resources" / "demo" / "alder-seal.png"

DEMO_OFFICE = OfficeSettings(
    county_name="County of Alder (demo)",
    office_name="Office of the County Counsel",
    office_address="1 Civic Center Plaza, Suite 300\nAlder, CA 95999",
    office_phone="(555) 010-4400",
    office_email="counsel@alder.example",
    signer_name="Dana Whitfield",
    signer_title="Deputy County Counsel",
    jail_name="Alder County Main Jail",
    jail_address="200 Court Street\nAlder, CA 95999",
    reference_prefix="ALD",
)


def add_demo_documents(db: Database, actor: Staff, now: datetime) -> int:
    """Set the demo letterhead and write the demo's letters; return how many were written."""
    save_office_settings(db, actor, _with_seal(DEMO_OFFICE))
    recent = db.execute(
        "SELECT id, status FROM detainers WHERE received_at >= ? ORDER BY received_at, id",
        [to_db_instant(now - timedelta(days=5))],
    ).fetchall()
    count = 0
    for n, (detainer_id, status) in enumerate(recent):
        about = About("detainer", detainer_id)
        if status == "declined":
            request = LetterRequest("detainer_declination", "en", about)
            doc = create_document(db, actor, request, now=now - timedelta(hours=3))
            doc = approve_document(db, actor, doc.id, doc.row_version, now=now - timedelta(hours=2))
            issue_document(db, actor, doc.id, doc.row_version, now=now - timedelta(hours=1))
            count += 1
        language = "es" if n % 3 == 1 else "en"
        request = LetterRequest("truth_request_notice", language, about)
        create_document(db, actor, request, now=now - timedelta(minutes=30 - n))
        count += 1
    return count


def _with_seal(settings: OfficeSettings) -> OfficeSettings:
    try:
        logo = SEAL.read_bytes()
    except OSError:  # an installation without the demo picture still gets a letterhead
        return settings
    return dataclasses.replace(settings, logo=logo)
