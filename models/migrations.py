"""Schema migrations: ordered, named, transactional; never edited once released.

Each migration is a function registered on :data:`MIGRATIONS`. The first one is explicit SQL
DDL so that every NOT NULL, CHECK and RESTRICT is visible in one place. A new version of the
schema is a new function appended at the end, never a change to an old one.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

from models import m002_detainers as m002_detainers_schema
from models import m003_correspondence as m003_correspondence_schema
from models import m004_letter_texts
from models import m004_letters as m004_letters_schema
from models import m005_exports as m005_exports_schema
from models import m007_imports as m007_imports_schema

MIGRATION_SET = "detainer_desk"
MIGRATIONS = Migrations(MIGRATION_SET)
_NAMES: list[str] = []


def migration(func):
    """Register ``func`` as the next migration, in the order of this file."""
    _NAMES.append(func.__name__)
    return MIGRATIONS()(func)


#: Written into the SQLite header so a stray database from another program is recognised.
APPLICATION_ID = 0x44444B31  # "DDK1"

_M001_DDL = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE staff (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    role      TEXT NOT NULL CHECK (role IN ('clerk', 'attorney', 'supervisor', 'administrator')),
    os_login  TEXT UNIQUE COLLATE NOCASE,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);

-- Ids of audited records are AUTOINCREMENT: an id is never reused after a delete, so the
-- audit history of a deleted record can never be mistaken for that of a later one.

-- Lookup tables: vocabularies the outside world owns. A new value is a row, not a code change.
CREATE TABLE contact_kinds (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
CREATE TABLE program_eras (
    code       TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT,
    source     TEXT NOT NULL
);
CREATE TABLE match_response_types (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
CREATE TABLE offense_level_schemes (
    code   TEXT PRIMARY KEY,
    label  TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE offense_levels (
    scheme      TEXT NOT NULL REFERENCES offense_level_schemes(code) ON DELETE RESTRICT,
    level       TEXT NOT NULL,
    label       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (scheme, level)
);
CREATE TABLE criminality_codes (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
CREATE TABLE charge_classes (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL REFERENCES contact_kinds(code) ON DELETE RESTRICT,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation TEXT,
    address      TEXT,
    phone        TEXT,
    email        TEXT,
    notes        TEXT
);

CREATE TABLE facilities (
    name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0)
);

CREATE TABLE persons (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    family_name               TEXT NOT NULL CHECK (length(trim(family_name)) > 0),
    given_names               TEXT,
    sort_name                 TEXT NOT NULL,
    date_of_birth             TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) = date_of_birth),
    sex                       TEXT CHECK (sex IN ('F', 'M', 'X', 'U')),
    country_of_birth          TEXT,
    citizenship_claimed       TEXT,
    is_us_citizenship_claimed INTEGER NOT NULL DEFAULT 0 CHECK (is_us_citizenship_claimed IN (0, 1)),
    a_number                  TEXT CHECK (a_number IS NULL OR a_number GLOB 'A[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    fbi_number                TEXT,
    state_id                  TEXT,
    preferred_language        TEXT,
    is_interpreter_needed     INTEGER NOT NULL DEFAULT 0 CHECK (is_interpreter_needed IN (0, 1)),
    attorney_contact_id       INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
    designee_contact_id       INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
    notes                     TEXT,
    row_version               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX persons_a_number ON persons(a_number) WHERE a_number IS NOT NULL;

CREATE TABLE person_aliases (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE RESTRICT,
    alias     TEXT NOT NULL CHECK (length(trim(alias)) > 0),
    UNIQUE (person_id, alias)
);

CREATE TABLE bookings (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id           INTEGER NOT NULL REFERENCES persons(id) ON DELETE RESTRICT,
    person_sort_name    TEXT NOT NULL,
    booking_number      TEXT NOT NULL CHECK (length(trim(booking_number)) > 0),
    agency_ori          TEXT NOT NULL CHECK (length(trim(agency_ori)) > 0),
    facility            TEXT NOT NULL REFERENCES facilities(name) ON DELETE RESTRICT ON UPDATE CASCADE,
    arresting_agency    TEXT,
    booked_at           TEXT NOT NULL,
    release_eligible_at TEXT,
    released_at         TEXT,
    release_reason      TEXT,
    released_to         TEXT,
    custody_status      TEXT NOT NULL DEFAULT 'in_custody'
                        CHECK (custody_status IN ('in_custody', 'released', 'transferred', 'released_to_ice')),
    notes               TEXT,
    row_version         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (agency_ori, booking_number),
    CHECK (released_at IS NULL OR released_at >= booked_at),
    CHECK (release_eligible_at IS NULL OR release_eligible_at >= booked_at)
);
CREATE INDEX bookings_person ON bookings(person_id);
CREATE INDEX bookings_booked_at ON bookings(booked_at, id);
CREATE INDEX bookings_number ON bookings(booking_number, id);
CREATE INDEX bookings_sort_name ON bookings(person_sort_name, id);
CREATE INDEX bookings_facility ON bookings(facility, booked_at, id);
CREATE INDEX bookings_custody ON bookings(custody_status, booked_at, id);

CREATE TABLE charges (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id       INTEGER NOT NULL REFERENCES bookings(id) ON DELETE RESTRICT,
    seq              INTEGER NOT NULL,
    statute          TEXT,
    description      TEXT NOT NULL CHECK (length(trim(description)) > 0),
    charge_class     TEXT REFERENCES charge_classes(code) ON DELETE RESTRICT,
    disposition      TEXT,
    disposition_date TEXT CHECK (disposition_date IS NULL OR date(disposition_date) = disposition_date),
    conviction_date  TEXT CHECK (conviction_date IS NULL OR date(conviction_date) = conviction_date),
    sentence         TEXT
);
CREATE INDEX charges_booking ON charges(booking_id, seq);

CREATE TABLE fingerprint_matches (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id           INTEGER NOT NULL REFERENCES bookings(id) ON DELETE RESTRICT,
    program_era          TEXT NOT NULL REFERENCES program_eras(code) ON DELETE RESTRICT,
    response_type        TEXT NOT NULL REFERENCES match_response_types(code) ON DELETE RESTRICT,
    queried_at           TEXT,
    responded_at         TEXT,
    offense_level_scheme TEXT,
    offense_level        TEXT,
    criminality_code     TEXT REFERENCES criminality_codes(code) ON DELETE RESTRICT,
    ice_response         TEXT,
    notes                TEXT,
    -- A level means nothing without its scheme: both or neither.
    CHECK ((offense_level IS NULL) = (offense_level_scheme IS NULL)),
    CHECK (responded_at IS NULL OR queried_at IS NULL OR responded_at >= queried_at),
    FOREIGN KEY (offense_level_scheme, offense_level)
        REFERENCES offense_levels(scheme, level) ON DELETE RESTRICT
);
CREATE INDEX fingerprint_matches_booking ON fingerprint_matches(booking_id);

-- Append-only, hash-chained: each row carries the hash of the row before it.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    staff_id   INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    os_login   TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'bulk_create')),
    table_name TEXT NOT NULL,
    record_id  INTEGER NOT NULL,
    booking_id INTEGER,
    field      TEXT,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL,
    row_hash   TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_record ON audit_log(table_name, record_id, id);
CREATE INDEX audit_log_booking ON audit_log(booking_id, id) WHERE booking_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- The chain proves no row was changed or taken out of the middle; the head, kept by a trigger
-- in the same transaction, says where it must end, so removing the newest rows shows too.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    row_count INTEGER NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash, row_count)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log BEGIN
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.row_hash, row_count = row_count + 1
    WHERE id = 1;
END;

-- Full-text search over names, aliases, A-number and booking number, one row per booking.
CREATE VIEW booking_search_text AS
SELECT b.id AS booking_id,
       p.family_name || ' ' || coalesce(p.given_names, '') || ' ' ||
       -- O'Neil is also indexed as ONeil, so "oneil" finds it as the list's sort order does.
       CASE WHEN p.family_name GLOB '*[''’]*'
            THEN replace(replace(p.family_name, '''', ''), '’', '') || ' ' ELSE '' END ||
       coalesce((SELECT group_concat(a.alias, ' ') FROM person_aliases a
                 WHERE a.person_id = p.id), '') AS names,
       b.booking_number || ' ' ||
       coalesce(p.a_number || ' ' || substr(p.a_number, 2) || ' ' ||
                ltrim(substr(p.a_number, 2), '0'), '') AS identifiers
FROM bookings b JOIN persons p ON p.id = b.person_id;

CREATE VIRTUAL TABLE bookings_fts USING fts5(
    names, identifiers, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER bookings_fts_insert AFTER INSERT ON bookings BEGIN
    INSERT INTO bookings_fts(rowid, names, identifiers)
    SELECT booking_id, names, identifiers FROM booking_search_text WHERE booking_id = NEW.id;
END;
CREATE TRIGGER bookings_fts_update AFTER UPDATE OF booking_number, person_id ON bookings BEGIN
    DELETE FROM bookings_fts WHERE rowid = OLD.id;
    INSERT INTO bookings_fts(rowid, names, identifiers)
    SELECT booking_id, names, identifiers FROM booking_search_text WHERE booking_id = NEW.id;
END;
CREATE TRIGGER bookings_fts_delete AFTER DELETE ON bookings BEGIN
    DELETE FROM bookings_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER persons_search_update
AFTER UPDATE OF family_name, given_names, a_number, sort_name ON persons BEGIN
    UPDATE bookings SET person_sort_name = NEW.sort_name
    WHERE person_id = NEW.id AND person_sort_name <> NEW.sort_name;
    DELETE FROM bookings_fts WHERE rowid IN (SELECT id FROM bookings WHERE person_id = NEW.id);
    INSERT INTO bookings_fts(rowid, names, identifiers)
    SELECT booking_id, names, identifiers FROM booking_search_text
    WHERE booking_id IN (SELECT id FROM bookings WHERE person_id = NEW.id);
END;
CREATE TRIGGER person_aliases_search_insert AFTER INSERT ON person_aliases BEGIN
    DELETE FROM bookings_fts WHERE rowid IN (SELECT id FROM bookings WHERE person_id = NEW.person_id);
    INSERT INTO bookings_fts(rowid, names, identifiers)
    SELECT booking_id, names, identifiers FROM booking_search_text
    WHERE booking_id IN (SELECT id FROM bookings WHERE person_id = NEW.person_id);
END;
CREATE TRIGGER person_aliases_search_delete AFTER DELETE ON person_aliases BEGIN
    DELETE FROM bookings_fts WHERE rowid IN (SELECT id FROM bookings WHERE person_id = OLD.person_id);
    INSERT INTO bookings_fts(rowid, names, identifiers)
    SELECT booking_id, names, identifiers FROM booking_search_text
    WHERE booking_id IN (SELECT id FROM bookings WHERE person_id = OLD.person_id);
END;
"""

_SEEDS: dict[str, list[tuple]] = {
    "settings(key, value)": [
        ("county_timezone", "America/Los_Angeles"),
        ("office_name", "Office of the County Counsel"),
    ],
    "contact_kinds(code, label)": [
        ("attorney", "Attorney"),
        ("designee", "Designee"),
        ("ice_field_office", "ICE field office"),
        ("ice_program_office", "Secure Communities program office"),
        ("state_bureau", "State identification bureau"),
        ("state_attorney_general", "State Attorney General"),
        ("governor", "Governor"),
        ("congressional_office", "Congressional office"),
        ("board_of_supervisors", "Board of Supervisors"),
        ("other", "Other"),
    ],
    "program_eras(code, label, start_date, end_date, source)": [
        (
            "sc_2008",
            "Secure Communities (2008–2014)",
            "2008-10-27",
            "2014-11-20",
            "ICE Secure Communities pilot Oct 2008; replaced by PEP memo of 20 Nov 2014",
        ),
        (
            "pep",
            "Priority Enforcement Program (2015–2017)",
            "2014-11-20",
            "2017-01-25",
            "DHS memo 20 Nov 2014; rolled out 2 Jul 2015; ended by Executive Order 13768",
        ),
        (
            "sc_2017",
            "Secure Communities (2017–)",
            "2017-01-25",
            None,
            "Executive Order 13768, 25 Jan 2017",
        ),
    ],
    "match_response_types(code, label)": [
        ("ident_match", "IDENT match (IDR)"),
        ("ident_match_iar", "IDENT match + IAR"),
        ("no_match", "No match"),
        ("error", "Error"),
    ],
    "offense_level_schemes(code, label, source)": [
        (
            "sc_crime_type",
            "Secure Communities crime-type level",
            "Early Secure Communities: level by type of crime",
        ),
        (
            "threat_level",
            "Sentence-based threat level",
            "Later ICE threat levels: level by sentence and number of offences",
        ),
    ],
    "offense_levels(scheme, level, label, description)": [
        ("sc_crime_type", "1", "Level 1", "Violent crimes, major drug offences, national security"),
        ("sc_crime_type", "2", "Level 2", "Minor drug and property offences"),
        ("sc_crime_type", "3", "Level 3", "Other offences"),
        (
            "threat_level",
            "1",
            "L1",
            "Aggravated felony, or two or more offences punishable by more than a year",
        ),
        (
            "threat_level",
            "2",
            "L2",
            "One offence punishable by more than a year, or three or more lesser offences",
        ),
        ("threat_level", "3", "L3", "Offence punishable by less than a year"),
    ],
    "criminality_codes(code, label)": [
        ("1", "1 – Convicted criminal"),
        ("2", "2 – Pending criminal charges"),
        ("3", "3 – Other immigration violator"),
    ],
    "charge_classes(code, label)": [
        ("felony", "Felony"),
        ("misdemeanor", "Misdemeanor"),
        ("wobbler", "Wobbler"),
        ("infraction", "Infraction"),
    ],
}


@migration
def m001_initial(db: Database) -> None:
    """Create the flagged-arrest log: people, bookings, charges, matches, audit, search."""
    run_script(db, _M001_DDL)
    seed(db, _SEEDS)
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migration
def m002_detainers(db: Database) -> None:
    """Add detainers with their status history, hold and due-date rules, holidays, policies."""
    run_script(db, m002_detainers_schema.DDL)
    seed(db, m002_detainers_schema.SEEDS)


@migration
def m003_correspondence(db: Database) -> None:
    """Add the correspondence log with attachments, and opt-out requests with their history."""
    run_script(db, m003_correspondence_schema.DDL)
    seed(db, m003_correspondence_schema.SEEDS)


@migration
def m004_letters(db: Database) -> None:
    """Letter types, the template library with the shipped texts, and documents."""
    run_script(db, m004_letters_schema.DDL)
    seed(db, m004_letters_schema.SEEDS)
    m004_letter_texts.seed(db)


@migration
def m005_exports(db: Database) -> None:
    """The export log: every list or table of figures written to CSV or Excel, append-only."""
    run_script(db, m005_exports_schema.DDL)


@migration
def m006_stats_indexes(db: Database) -> None:
    """Statistics read a period's bookings from indexes only: person and latest result too."""
    run_script(db, M006_DDL)


@migration
def m007_imports(db: Database) -> None:
    """Import profiles (with the shipped ICE example), import batches, withheld values, backups."""
    from models.importing.shipped_profiles import SHIPPED_PROFILES

    run_script(db, m007_imports_schema.DDL)
    seed(db, {"settings(key, value)": m007_imports_schema.SETTINGS})
    seed(
        db, {"import_profiles(name, mapping_json, is_shipped, notes, updated_at)": SHIPPED_PROFILES}
    )


#: A period's flagged people come from the booking-time index (the case list's sort index,
#: whose order is unchanged), and a booking's latest fingerprint result from its match index.
M006_DDL = """
DROP INDEX bookings_booked_at;
CREATE INDEX bookings_booked_at ON bookings(booked_at, id, person_id);
DROP INDEX fingerprint_matches_booking;
CREATE INDEX fingerprint_matches_booking ON fingerprint_matches(booking_id, id, response_type,
    offense_level_scheme, offense_level, criminality_code);
"""


def seed(db: Database, seeds: dict[str, list[tuple]]) -> None:
    """Insert each lookup table's seed rows (``"table(col, col)": [rows]``)."""
    for target, rows in seeds.items():
        width = target.count(",") + 1
        placeholders = ", ".join("?" * width)
        db.conn.executemany(f"INSERT INTO {target} VALUES ({placeholders})", rows)


def run_script(db: Database, script: str) -> None:
    """Run each statement of ``script`` inside the caller's transaction.

    ``sqlite3.executescript`` would COMMIT first and so break the migration's transaction;
    statements are split where SQLite itself says one is complete (so a trigger body with its
    own semicolons stays whole).
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:80]!r}")


def known_migration_names() -> list[str]:
    """Names of every migration this version of the application knows, in order."""
    return list(_NAMES)
