"""A hand-worked county year (tests/models/stats/stats_dataset) with a letterhead, for reports.

Its figures for 2010, worked out by hand in that module: 5 arrests flagged of 4 people, 5
detainers received, 2 released to ICE; 2 of the 4 people had no conviction, 3 of 4 no violent
one; decisions 2 honoured, 1 declined, 1 notification only, 1 pending; offense levels 1/1/1 in
the SC crime-type scheme and 1/0/0 in the threat-level scheme; held beyond release eligibility
on 2 detainers, median 16.0 h, longest 30.0 h. Figures are counted as of 06/01/2011 12:00 PDT.
"""

from __future__ import annotations

import re
from datetime import date

from models.letters.office import OfficeSettings, save_office_settings
from models.policies import add_period
from tests.models.stats.stats_dataset import NORTH, NOW, TZ, YEAR, build
from tests.pdf_tools import pdf_text, squeeze

__all__ = ["NORTH", "NOW", "TZ", "YEAR", "OFFICE", "county_year", "text_of", "numbers"]

OFFICE = OfficeSettings(
    county_name="County of Alder",
    office_name="Office of the County Counsel",
    office_address="70 West Hedding Street\nSan José, CA 95110",
    office_phone="(408) 299-5900",
    signer_name="Ana Ruiz",
    signer_title="Deputy County Counsel",
)
#: The TRUST Act comes into force in the middle of the year (a made-up date, for the test).
TRUST_FROM = date(2010, 6, 1)


def county_year(db, actor, case_factory, *, policy_change: bool = True):
    """The dataset, the letterhead, and (by default) a policy change on 06/01/2010."""
    data = build(db, actor, case_factory)
    save_office_settings(db, actor, OFFICE)
    if policy_change:
        add_period(db, actor, "ca_trust_act", TRUST_FROM, "The county follows AB 4 early")
    return data


def text_of(data: bytes) -> str:
    """The PDF's text with every run of whitespace one space."""
    return squeeze(pdf_text(data))


_PAGE = re.compile(r"(?:Page|Página) \d+ (?:of|de) \d+")


def numbers(text: str, title: str) -> list[str]:
    """The numbers of a report's text in order, page labels and the title's repeats left out."""
    text = _PAGE.sub(" ", text).replace(title, " ")
    return re.findall(r"\d+(?:[.,]\d+)*", text)
