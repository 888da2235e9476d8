"""A demo database: a few hundred clearly fictional flagged arrests, and their detainers.

Three hundred cases booked 2009–2011, a few later ones for each later detainer form, and a
handful from the last few days whose clocks are still running. Built through the same verbs
every clerk's save goes through (so the demo has a real audit trail), from a fixed random seed
so every demo database is the same apart from the running cases, which are dated from "now".
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlite_utils import Database

from models.cases import create_case
from models.demo_cases import DEMO_END, demo_case
from models.demo_detainers import LATER_CASES, add_demo_detainers
from models.demo_documents import add_demo_documents
from models.demo_letters import add_case_letters
from models.demo_optouts import add_2010_optouts
from models.records import Staff
from models.settings import county_timezone
from models.store import write_transaction
from models.timeutil import utc_now

DEMO_CASES = 300
#: Every case of a demo database: the first three hundred and the later ones.
DEMO_TOTAL = DEMO_CASES + LATER_CASES
REBOOKED_EVERY = 15  # one case in fifteen is a later arrest of someone already on file


def is_demo(db: Database) -> bool:
    row = db.execute("SELECT value FROM settings WHERE key = 'is_demo'").fetchone()
    return bool(row and row[0] == "1")


def fill_demo(
    db: Database,
    actor: Staff,
    cases: int = DEMO_CASES,
    seed: int = 2010,
    now: datetime | None = None,
) -> int:
    """Add ``cases`` fictional 2009–2011 cases and the later ones with their detainers.

    Only once: a database that already has cases is left alone. ``actor`` must be able to set
    the county policy and decide detainers (the first user of a new database is its
    administrator).

    Returns:
        How many cases were added in all.
    """
    if db.execute("SELECT count(*) FROM bookings").fetchone()[0]:
        return 0
    rng = random.Random(seed)
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('is_demo', '1')")
        db.execute(
            "UPDATE settings SET value = 'Office of the County Counsel, Alder County "
            "(demo)' WHERE key = 'office_name'"
        )
        people = []
        for i in range(cases):
            case = demo_case(rng, i)
            if people and i % REBOOKED_EVERY == REBOOKED_EVERY - 1:
                case = case.replace(person=rng.choice(people))  # the same person booked again
            saved = create_case(db, case, actor, now=DEMO_END + timedelta(days=120))
            people.append(saved.person)
        add_demo_detainers(db, actor, rng, now or utc_now())
        add_2010_optouts(db, actor, county_timezone(db), now or utc_now())
        add_case_letters(db, actor, county_timezone(db), now or utc_now())
        add_demo_documents(db, actor, now or utc_now())
        return db.execute("SELECT count(*) FROM bookings").fetchone()[0]
