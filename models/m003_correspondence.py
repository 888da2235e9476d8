"""Schema of migration m003: correspondence, attachments, opt-out requests (never edited).

Kept apart from :mod:`models.migrations` for length; like every released migration, frozen.
Attachments live inside the database, stored once per content (SHA-256), so one file is the
whole record and a backup is complete.
"""

from __future__ import annotations

DDL = """
CREATE TABLE correspondence_methods (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE optout_statuses (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    position INTEGER NOT NULL,        -- order along the usual path; endings share the last
    is_final INTEGER NOT NULL CHECK (is_final IN (0, 1))
);

CREATE TABLE optout_request_kinds (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE optout_requests (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    jurisdiction         TEXT NOT NULL CHECK (length(trim(jurisdiction)) > 0),
    request_kind         TEXT NOT NULL REFERENCES optout_request_kinds(code) ON DELETE RESTRICT,
    resolution_number    TEXT,
    resolution_date      TEXT CHECK (resolution_date IS NULL OR date(resolution_date) = resolution_date),
    resolution_vote      TEXT,
    addressed_to_id      INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
    activation_date      TEXT CHECK (activation_date IS NULL OR date(activation_date) = activation_date),
    status               TEXT NOT NULL DEFAULT 'draft' REFERENCES optout_statuses(code) ON DELETE RESTRICT,
    follow_up_due_date   TEXT CHECK (follow_up_due_date IS NULL OR date(follow_up_due_date) = follow_up_due_date),
    summary              TEXT,
    notes                TEXT,
    row_version          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE optout_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    optout_id   INTEGER NOT NULL REFERENCES optout_requests(id) ON DELETE RESTRICT,
    status      TEXT NOT NULL REFERENCES optout_statuses(code) ON DELETE RESTRICT,
    -- The day it happened (2010 history is dated, not timed) and when it was recorded.
    changed_on  TEXT NOT NULL CHECK (date(changed_on) = changed_on),
    recorded_at TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    reason      TEXT
);
CREATE INDEX optout_status_history_optout ON optout_status_history(optout_id, changed_on, id);

CREATE TABLE correspondence (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    direction        TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    method           TEXT NOT NULL REFERENCES correspondence_methods(code) ON DELETE RESTRICT,
    sent_date        TEXT CHECK (sent_date IS NULL OR date(sent_date) = sent_date),
    received_date    TEXT CHECK (received_date IS NULL OR date(received_date) = received_date),
    from_contact_id  INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
    to_contact_id    INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
    subject          TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    summary          TEXT,
    booking_id       INTEGER REFERENCES bookings(id) ON DELETE RESTRICT,
    detainer_id      INTEGER REFERENCES detainers(id) ON DELETE RESTRICT,
    optout_id        INTEGER REFERENCES optout_requests(id) ON DELETE RESTRICT,
    in_reply_to_id   INTEGER REFERENCES correspondence(id) ON DELETE RESTRICT,
    reply_due_date   TEXT CHECK (reply_due_date IS NULL OR date(reply_due_date) = reply_due_date),
    reply_rule       TEXT REFERENCES due_rules(code) ON DELETE RESTRICT,
    is_reply_extended INTEGER NOT NULL DEFAULT 0 CHECK (is_reply_extended IN (0, 1)),
    notes            TEXT,
    row_version      INTEGER NOT NULL DEFAULT 0,
    CHECK (sent_date IS NOT NULL OR received_date IS NOT NULL),
    CHECK (received_date IS NULL OR sent_date IS NULL OR received_date >= sent_date),
    CHECK (in_reply_to_id IS NULL OR in_reply_to_id <> id)
);
CREATE INDEX correspondence_dates ON correspondence(coalesce(received_date, sent_date), id);
CREATE INDEX correspondence_reply_due ON correspondence(reply_due_date) WHERE reply_due_date IS NOT NULL;
CREATE INDEX correspondence_in_reply_to ON correspondence(in_reply_to_id) WHERE in_reply_to_id IS NOT NULL;
CREATE INDEX correspondence_booking ON correspondence(booking_id) WHERE booking_id IS NOT NULL;
CREATE INDEX correspondence_detainer ON correspondence(detainer_id) WHERE detainer_id IS NOT NULL;
CREATE INDEX correspondence_optout ON correspondence(optout_id) WHERE optout_id IS NOT NULL;
CREATE INDEX correspondence_from ON correspondence(from_contact_id);
CREATE INDEX correspondence_to ON correspondence(to_contact_id);

-- One row per distinct content, however often it is attached.
CREATE TABLE attachment_blobs (
    sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size    INTEGER NOT NULL CHECK (size > 0),
    content BLOB NOT NULL CHECK (length(content) = size)
);

CREATE TABLE attachments (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    correspondence_id INTEGER NOT NULL REFERENCES correspondence(id) ON DELETE RESTRICT,
    sha256            TEXT NOT NULL REFERENCES attachment_blobs(sha256) ON DELETE RESTRICT,
    file_name         TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    media_type        TEXT NOT NULL,
    added_at          TEXT NOT NULL,
    added_by          INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    UNIQUE (correspondence_id, sha256)
);
CREATE INDEX attachments_blob ON attachments(sha256);
"""

SEEDS: dict[str, list[tuple]] = {
    "contact_kinds(code, label)": [
        ("detainee", "Detainee"),
        ("county_office", "County office"),
    ],
    "correspondence_methods(code, label)": [
        ("mail", "Mail"),
        ("fax", "Fax"),
        ("email", "Email"),
        ("phone", "Phone call"),
        ("hand_delivery", "Hand delivery"),
        ("meeting", "Meeting"),
    ],
    "optout_request_kinds(code, label)": [
        ("full_opt_out", "Full opt-out of the program"),
        ("stop_using_prints", "Stop using fingerprints taken in the county"),
        ("decline_results", "Decline to receive match results"),
        ("limit_to_convictions", "Limit to people convicted"),
    ],
    "optout_statuses(code, label, position, is_final)": [
        ("draft", "Draft", 1, 0),
        ("sent", "Sent", 2, 0),
        ("acknowledged", "Acknowledged", 3, 0),
        ("meeting_held", "Meeting held", 4, 0),
        ("answered", "Answered", 5, 0),
        ("denied", "Denied", 6, 1),
        ("partly_granted", "Partly granted", 6, 1),
        ("no_answer", "No answer", 6, 1),
        ("withdrawn", "Withdrawn", 6, 1),
    ],
}
