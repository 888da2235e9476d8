"""Schema of migration m004: letter types, the template library, documents (never edited).

Kept apart from :mod:`models.migrations` for length; like every released migration, frozen.
A template version that has been active is never edited (a trigger refuses it): a change is a
new version, so every issued letter keeps the exact text it was made from. An issued document
is locked the same way; a correction is a new document that names the one it supersedes.
"""

from __future__ import annotations

DDL = """
CREATE TABLE letter_languages (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    native_name TEXT NOT NULL
);

-- The kinds of letter the office produces. The code is stable forever: templates, documents
-- and other programs refer to it.
CREATE TABLE letter_types (
    code        TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    -- The records a letter of this type can be about, space-separated:
    -- case, detainer, correspondence, optout, period.
    about_kinds TEXT NOT NULL,
    -- Who it goes to unless the clerk says otherwise: person, ice, optout_addressee,
    -- correspondent, board.
    recipient   TEXT NOT NULL,
    -- The languages it must be producible in, space-separated.
    languages   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE letter_templates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL REFERENCES letter_types(code) ON DELETE RESTRICT,
    language    TEXT NOT NULL REFERENCES letter_languages(code) ON DELETE RESTRICT,
    version     INTEGER NOT NULL CHECK (version >= 1),
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body        TEXT NOT NULL CHECK (length(trim(body)) > 0),
    notes       TEXT,
    created_by  INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    created_at  TEXT NOT NULL,
    UNIQUE (code, language, version)
);
-- At most one active version of a type in a language.
CREATE UNIQUE INDEX letter_templates_active ON letter_templates(code, language)
    WHERE status = 'active';
CREATE TRIGGER letter_templates_frozen
BEFORE UPDATE OF code, language, version, title, body ON letter_templates
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a template version that has been active is never edited'); END;
-- Nor made a draft again, which would let its text be edited the statement after.
CREATE TRIGGER letter_templates_never_draft_again
BEFORE UPDATE OF status ON letter_templates
WHEN OLD.status <> 'draft' AND NEW.status = 'draft'
BEGIN SELECT RAISE(ABORT, 'a template version that has been active is never edited'); END;
CREATE TRIGGER letter_templates_no_delete BEFORE DELETE ON letter_templates
WHEN OLD.status <> 'draft' OR EXISTS (SELECT 1 FROM documents WHERE template_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a template version that has been used is kept'); END;

-- A run of the same letter for many records; its combined PDF is kept with the letters.
CREATE TABLE letter_batches (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    template_code TEXT NOT NULL REFERENCES letter_types(code) ON DELETE RESTRICT,
    language      TEXT NOT NULL REFERENCES letter_languages(code) ON DELETE RESTRICT,
    selection     TEXT NOT NULL,
    letter_count  INTEGER NOT NULL CHECK (letter_count > 0),
    sha256        TEXT NOT NULL REFERENCES attachment_blobs(sha256) ON DELETE RESTRICT,
    created_by    INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
    created_at    TEXT NOT NULL
);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    template_id      INTEGER NOT NULL REFERENCES letter_templates(id) ON DELETE RESTRICT,
    template_code    TEXT NOT NULL REFERENCES letter_types(code) ON DELETE RESTRICT,
    template_version INTEGER NOT NULL,
    language         TEXT NOT NULL REFERENCES letter_languages(code) ON DELETE RESTRICT,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    our_reference    TEXT NOT NULL UNIQUE,
    -- What it is about: one record, or a period (about_id NULL, dates set).
    about_kind       TEXT NOT NULL
                     CHECK (about_kind IN ('case', 'detainer', 'correspondence', 'optout', 'period')),
    about_id         INTEGER,
    period_start     TEXT CHECK (period_start IS NULL OR date(period_start) = period_start),
    period_end       TEXT CHECK (period_end IS NULL OR date(period_end) = period_end),
    -- The case, detainer and opt-out request it belongs to, for their letter lists.
    booking_id       INTEGER REFERENCES bookings(id) ON DELETE RESTRICT,
    detainer_id      INTEGER REFERENCES detainers(id) ON DELETE RESTRICT,
    optout_id        INTEGER REFERENCES optout_requests(id) ON DELETE RESTRICT,
    correspondence_id INTEGER REFERENCES correspondence(id) ON DELETE RESTRICT,
    -- JSON list of {"name", "address_lines", "role"}.
    recipients       TEXT NOT NULL,
    -- JSON of the merge values it was made from, so approving it prints the same words.
    merge_values     TEXT NOT NULL,
    generated_by     INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
    generated_at     TEXT NOT NULL,
    -- The PDF bytes, stored once per content beside the attachments.
    sha256           TEXT NOT NULL REFERENCES attachment_blobs(sha256) ON DELETE RESTRICT,
    page_count       INTEGER NOT NULL CHECK (page_count > 0),
    approved_by      INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    approved_at      TEXT,
    issued_by        INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    issued_at        TEXT,
    -- The outgoing correspondence it was filed as when issued.
    filed_as_id      INTEGER UNIQUE REFERENCES correspondence(id) ON DELETE RESTRICT,
    supersedes_id    INTEGER UNIQUE REFERENCES documents(id) ON DELETE RESTRICT,
    batch_id         INTEGER REFERENCES letter_batches(id) ON DELETE RESTRICT,
    row_version      INTEGER NOT NULL DEFAULT 0,
    CHECK ((about_kind = 'period') = (about_id IS NULL)),
    CHECK ((about_kind = 'period') = (period_start IS NOT NULL AND period_end IS NOT NULL)),
    CHECK (period_end IS NULL OR period_end >= period_start),
    CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
    CHECK ((issued_by IS NULL) = (issued_at IS NULL)),
    CHECK (issued_at IS NULL OR approved_at IS NOT NULL),
    CHECK ((issued_at IS NULL) = (filed_as_id IS NULL)),
    CHECK (supersedes_id IS NULL OR supersedes_id <> id)
);
CREATE INDEX documents_about ON documents(about_kind, about_id, id);
CREATE INDEX documents_booking ON documents(booking_id, id) WHERE booking_id IS NOT NULL;
CREATE INDEX documents_detainer ON documents(detainer_id, id) WHERE detainer_id IS NOT NULL;
CREATE INDEX documents_optout ON documents(optout_id, id) WHERE optout_id IS NOT NULL;
CREATE INDEX documents_generated ON documents(generated_at, id);
CREATE INDEX documents_batch ON documents(batch_id) WHERE batch_id IS NOT NULL;
-- An issued letter is locked: nothing about it changes, and it is never deleted.
CREATE TRIGGER documents_issued_locked BEFORE UPDATE ON documents
WHEN OLD.issued_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an issued letter is locked; a correction is a new letter'); END;
CREATE TRIGGER documents_issued_kept BEFORE DELETE ON documents
WHEN OLD.issued_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an issued letter is kept'); END;
"""

_PERSON = "en es"
_CONSENT = "en es zh tl vi ko"

SEEDS: dict[str, list[tuple]] = {
    "letter_languages(code, name, native_name)": [
        ("en", "English", "English"),
        ("es", "Spanish", "Español"),
        ("zh", "Chinese", "中文"),
        ("tl", "Tagalog", "Tagalog"),
        ("vi", "Vietnamese", "Tiếng Việt"),
        ("ko", "Korean", "한국어"),
    ],
    "letter_types(code, label, about_kinds, recipient, languages, position, description)": [
        (
            "truth_request_notice",
            "TRUTH Act notice: ICE request received",
            "detainer",
            "person",
            _PERSON,
            1,
            "Tells the person that ICE asked for a hold, notification or transfer, with a copy of the request, and what the county decided.",
        ),
        (
            "truth_release_notice",
            "TRUTH Act notice: release date given to ICE",
            "detainer case",
            "person",
            _PERSON,
            2,
            "Tells the person and their attorney or designee that the county will give ICE the release date.",
        ),
        (
            "truth_interview_consent",
            "TRUTH Act ICE interview consent form",
            "case detainer",
            "person",
            _CONSENT,
            3,
            "Explains the interview's purpose, that it is voluntary, and the right to decline or to have an attorney present; in the six statutory languages.",
        ),
        (
            "detainer_declination",
            "Detainer declination letter to ICE",
            "detainer",
            "ice",
            "en",
            4,
            "Tells the ICE field office that the county declines the request, with the reason and the authority.",
        ),
        (
            "policy_notice",
            "Policy and reimbursement notice to ICE",
            "detainer period",
            "ice",
            "en",
            5,
            "States the county's detainer policy and the conditions (judicial warrant, reimbursement agreement) for honouring requests.",
        ),
        (
            "optout_request",
            "Opt-out request letter",
            "optout",
            "optout_addressee",
            "en",
            6,
            "The county's formal request to opt out of, or limit its part in, the program.",
        ),
        (
            "optout_followup",
            "Opt-out follow-up letter",
            "optout",
            "optout_addressee",
            "en",
            7,
            "Follows up an opt-out request, citing the earlier letters and any answer.",
        ),
        (
            "transmittal",
            "Transmittal letter",
            "correspondence case",
            "correspondent",
            "en es",
            8,
            "Covers copies sent to counsel, a court or a clerk.",
        ),
        (
            "cpra_determination",
            "Public records: 10-day determination",
            "correspondence",
            "correspondent",
            "en es",
            9,
            "Says within ten days whether disclosable records exist and when they will be produced.",
        ),
        (
            "cpra_extension",
            "Public records: 14-day extension notice",
            "correspondence",
            "correspondent",
            "en es",
            10,
            "Extends the determination by up to fourteen days for an unusual circumstance, with the reason and the new date.",
        ),
        (
            "cpra_production",
            "Public records: production cover letter",
            "correspondence",
            "correspondent",
            "en es",
            11,
            "Covers the records produced, with anything withheld and the exemption relied on.",
        ),
        (
            "cpra_no_records",
            "Public records: no responsive records",
            "correspondence",
            "correspondent",
            "en es",
            12,
            "Says that the office has no records responsive to the request.",
        ),
    ],
}
