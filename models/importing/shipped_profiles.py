"""Import profiles that come with the app, seeded by migration m007 (never edited once released).

The ICE profile reads the Enforcement and Removal Operations statistical unit's FOIA releases of
Criminal Alien Program arrests (one arrest a row, five banner lines, pipe-delimited, names and
event numbers withheld). With no booking number in the release, each row's key is made from its
own content (see ``key_fallback`` in :mod:`models.importing.mapping`), so the same file imported
twice still changes nothing.
"""

from __future__ import annotations

import json

ICE_CAP_ARRESTS = {
    "version": 1,
    "columns": {
        "booking.booking_number": "Event Number",
        "booking.facility": "Apprehension Landmark",
        "booking.booked_at": "Arrest Date",
        "booking.released_at": "Arrest Date",
        "person.date_of_birth": "Date of Birth",
        "person.citizenship": "Country of Citizenship",
        "person.sex": "Gender",
    },
    "constants": {
        "person.family_name": "Not released (ICE FOIA)",
        "booking.agency_ori": "ICE-ERO-SEA",
        "booking.arresting_agency": "ICE ERO Criminal Alien Program",
        "booking.custody_status": "Released to ICE",
        "booking.released_to": "ICE",
    },
    "notes_from": [
        "Area of Responsibility",
        "Operation",
        "Processing Disposition",
        "Arrest Method",
    ],
    "key_fallback": "row_content",
    "read": {"delimiter": "|"},
}

ICE_NOTES = (
    "ICE ERO-LESA Statistical Tracking Unit FOIA releases of Criminal Alien Program arrests "
    "(for example FY2017, Seattle Area of Responsibility): one ICE arrest a row. Names and event "
    "numbers are withheld in these releases, so each row is keyed by its own content; the person's "
    "name is recorded as not released. The arrest date is taken as both booking and release to "
    "ICE; the arrest method and processing disposition are kept in the booking's notes."
)

#: Rows for ``import_profiles(name, mapping_json, is_shipped, notes, updated_at)``.
SHIPPED_PROFILES = [
    (
        "ICE CAP arrests (FOIA release)",
        json.dumps(ICE_CAP_ARRESTS, ensure_ascii=False),
        1,
        ICE_NOTES,
        "2026-11-25T00:00:00+00:00",
    ),
]
