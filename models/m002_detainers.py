"""Schema of migration m002: detainers, hold rules, holidays and county policies (never edited).

Kept apart from :mod:`models.migrations` only for length; like every released migration, the
text here is frozen. Vocabularies the outside world owns (forms, boxes, warrants, lift reasons,
hold and due-date rules, policies, serious and violent offences) are seeded rows, so a new form
edition or a new county policy is a row, not a code change.
"""

from __future__ import annotations

DDL = """
CREATE TABLE hold_rules (
    code                    TEXT PRIMARY KEY,
    label                   TEXT NOT NULL,
    -- NULL hours: no hold at all is permitted under this rule.
    hours                   INTEGER CHECK (hours IS NULL OR hours > 0),
    skips_non_business_days INTEGER NOT NULL DEFAULT 0 CHECK (skips_non_business_days IN (0, 1)),
    source                  TEXT NOT NULL
);

CREATE TABLE due_rules (
    code           TEXT PRIMARY KEY,
    label          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('calendar_days', 'business_days')),
    days           INTEGER NOT NULL CHECK (days > 0),
    extension_days INTEGER CHECK (extension_days IS NULL OR extension_days > 0),
    -- A calendar-day deadline that lands on a weekend or holiday moves to the next business day.
    roll_forward   INTEGER NOT NULL DEFAULT 1 CHECK (roll_forward IN (0, 1)),
    source         TEXT NOT NULL
);

CREATE TABLE detainer_forms (
    code              TEXT PRIMARY KEY,
    label             TEXT NOT NULL,
    short_label       TEXT NOT NULL,
    edition           TEXT,
    -- The dates between which this form was in use; outside them a detainer only warns.
    in_use_from       TEXT CHECK (in_use_from IS NULL OR date(in_use_from) = in_use_from),
    in_use_until      TEXT CHECK (in_use_until IS NULL OR date(in_use_until) = in_use_until),
    default_hold_rule TEXT NOT NULL REFERENCES hold_rules(code) ON DELETE RESTRICT,
    requests          TEXT NOT NULL CHECK (requests IN ('hold', 'notify', 'transfer')),
    source            TEXT NOT NULL
);

CREATE TABLE detainer_boxes (
    code     TEXT PRIMARY KEY,
    box_group TEXT NOT NULL CHECK (box_group IN ('basis', 'probable_cause', 'priority')),
    label    TEXT NOT NULL,
    -- Space-separated form codes the box appears on.
    forms    TEXT NOT NULL
);

CREATE TABLE warrant_types (
    code        TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    is_judicial INTEGER NOT NULL CHECK (is_judicial IN (0, 1))
);

CREATE TABLE receipt_methods (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE lift_reasons (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

-- Statutes the office counts as serious or violent felonies (policies and statistics use it).
CREATE TABLE offense_categories (
    id       INTEGER PRIMARY KEY,
    statute  TEXT NOT NULL CHECK (length(trim(statute)) > 0),
    category TEXT NOT NULL CHECK (category IN ('violent_felony', 'serious_felony')),
    label    TEXT NOT NULL,
    source   TEXT NOT NULL,
    UNIQUE (statute, category)
);

-- County-declared closure days; federal and state holidays come from the holidays package.
CREATE TABLE county_holidays (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    day  TEXT NOT NULL UNIQUE CHECK (date(day) = day),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)
);

CREATE TABLE county_policies (
    code           TEXT PRIMARY KEY,
    label          TEXT NOT NULL,
    -- Which evaluator reads the parameters: the logic is code, its settings are data.
    kind           TEXT NOT NULL
                   CHECK (kind IN ('honour_all', 'ca_trust_act', 'ca_sb54', 'santa_clara_3_54', 'dc_24h_cap')),
    hold_rule      TEXT REFERENCES hold_rules(code) ON DELETE RESTRICT,
    params         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
    effective_date TEXT CHECK (effective_date IS NULL OR date(effective_date) = effective_date),
    source         TEXT NOT NULL
);

-- Which policy the office had in force from which date: the one with the latest start on or
-- before a detainer's receipt governs it.
CREATE TABLE policy_periods (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_code TEXT NOT NULL REFERENCES county_policies(code) ON DELETE RESTRICT,
    in_force_from TEXT NOT NULL UNIQUE CHECK (date(in_force_from) = in_force_from),
    notes       TEXT
);

CREATE TABLE detainers (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id               INTEGER NOT NULL REFERENCES bookings(id) ON DELETE RESTRICT,
    form_code                TEXT NOT NULL REFERENCES detainer_forms(code) ON DELETE RESTRICT,
    edition                  TEXT,
    received_at              TEXT NOT NULL,
    received_via             TEXT NOT NULL REFERENCES receipt_methods(code) ON DELETE RESTRICT,
    ice_office               TEXT,
    ice_officer              TEXT,
    ice_subject_id           TEXT,
    event_number             TEXT,
    warrant_type             TEXT NOT NULL DEFAULT 'none' REFERENCES warrant_types(code) ON DELETE RESTRICT,
    requests_hold            INTEGER NOT NULL DEFAULT 0 CHECK (requests_hold IN (0, 1)),
    requests_notification    INTEGER NOT NULL DEFAULT 0 CHECK (requests_notification IN (0, 1)),
    requests_transfer        INTEGER NOT NULL DEFAULT 0 CHECK (requests_transfer IN (0, 1)),
    status                   TEXT NOT NULL DEFAULT 'received'
                             CHECK (status IN ('received', 'under_review', 'decided', 'honoured', 'declined',
                                               'notification_given', 'lifted', 'superseded', 'expired')),
    hold_rule                TEXT NOT NULL REFERENCES hold_rules(code) ON DELETE RESTRICT,
    hold_starts_at           TEXT,
    hold_expires_at          TEXT,
    policy_code              TEXT REFERENCES county_policies(code) ON DELETE RESTRICT,
    recommendation           TEXT CHECK (recommendation IN ('may_honour', 'must_decline', 'notification_only')),
    recommendation_reasons   TEXT,
    decision                 TEXT CHECK (decision IN ('honour', 'decline', 'notify_only')),
    decided_at               TEXT,
    decided_by               INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    decision_reason          TEXT,
    lift_reason              TEXT REFERENCES lift_reasons(code) ON DELETE RESTRICT,
    lifted_at                TEXT,
    superseded_by_id         INTEGER REFERENCES detainers(id) ON DELETE RESTRICT,
    released_to_ice_at       TEXT,
    released_to_community_at TEXT,
    notes                    TEXT,
    row_version              INTEGER NOT NULL DEFAULT 0,
    -- A decision is whole: what, when and by whom, or nothing yet.
    CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)),
    CHECK (released_to_ice_at IS NULL OR released_to_community_at IS NULL),
    CHECK (superseded_by_id IS NULL OR superseded_by_id <> id)
);
CREATE INDEX detainers_booking ON detainers(booking_id, id);
CREATE INDEX detainers_received ON detainers(received_at, id);
CREATE INDEX detainers_status ON detainers(status, hold_expires_at);
CREATE INDEX detainers_form ON detainers(form_code, received_at);
-- The Detainers list filtered by status, newest first, without a sort; and its office filter.
CREATE INDEX detainers_status_received ON detainers(status, received_at);
CREATE INDEX detainers_office ON detainers(ice_office) WHERE ice_office IS NOT NULL;

CREATE TABLE detainer_box_marks (
    detainer_id INTEGER NOT NULL REFERENCES detainers(id) ON DELETE RESTRICT,
    box_code    TEXT NOT NULL REFERENCES detainer_boxes(code) ON DELETE RESTRICT,
    PRIMARY KEY (detainer_id, box_code)
) WITHOUT ROWID;

CREATE TABLE detainer_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    detainer_id INTEGER NOT NULL REFERENCES detainers(id) ON DELETE RESTRICT,
    status      TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
    note        TEXT
);
CREATE INDEX detainer_status_history_detainer ON detainer_status_history(detainer_id, id);
"""

_CFR = "8 CFR 287.7(d): not to exceed 48 hours, excluding Saturdays, Sundays, and holidays"

SEEDS: dict[str, list[tuple]] = {
    # No state by default: federal holidays plus the days the county declares (DOMAIN §3);
    # an office whose closures match its state's list chooses the state in Settings.
    "settings(key, value)": [("holiday_state", "")],
    "hold_rules(code, label, hours, skips_non_business_days, source)": [
        (
            "48h_excluding_weekends_holidays",
            "48 hours, not counting weekends and holidays",
            48,
            1,
            _CFR,
        ),
        (
            "48h_clock",
            "48 hours of clock time",
            48,
            0,
            "Form I-247A (02/17): not to exceed 48 hours beyond the time he or she would "
            "otherwise have been released",
        ),
        (
            "24h_local_cap",
            "24 hours (local cap)",
            24,
            0,
            "Local law capping a hold at 24 hours (District of Columbia, 2012)",
        ),
        (
            "not_permitted",
            "No hold permitted",
            None,
            0,
            "No detention beyond the time of release: local law or policy forbids it, or the "
            "request does not ask for detention",
        ),
    ],
    "due_rules(code, label, kind, days, extension_days, roll_forward, source)": [
        (
            "cpra_determination",
            "Public records determination: 10 days, one extension of up to 14",
            "calendar_days",
            10,
            14,
            1,
            "Cal. Gov. Code 7922.535",
        ),
        (
            "reply_30_days",
            "Reply expected within 30 days",
            "calendar_days",
            30,
            None,
            1,
            "Office practice",
        ),
        (
            "followup_14_days",
            "Follow up after 14 days",
            "calendar_days",
            14,
            None,
            1,
            "Office practice",
        ),
        (
            "business_days_5",
            "Within 5 business days",
            "business_days",
            5,
            None,
            0,
            "Office practice",
        ),
        (
            "business_days_10",
            "Within 10 business days",
            "business_days",
            10,
            None,
            0,
            "Office practice",
        ),
    ],
    "detainer_forms(code, label, short_label, edition, in_use_from, in_use_until, default_hold_rule, requests, source)": [
        (
            "i247_2008",
            "I-247 Immigration Detainer – Notice of Action (before Dec 2012)",
            "I-247 (pre-2012)",
            None,
            None,
            "2012-12-31",
            "48h_excluding_weekends_holidays",
            "hold",
            "Hold not to exceed 48 hours excluding Saturdays, Sundays and Federal holidays; "
            + _CFR,
        ),
        (
            "i247_2012",
            "I-247 Immigration Detainer – Notice of Action (Dec 2012 edition)",
            "I-247 (12/12)",
            "12/12",
            "2012-12-01",
            "2015-07-01",
            "48h_excluding_weekends_holidays",
            "hold",
            "Dec 2012 edition: probable-cause boxes replace 'initiated an investigation'; " + _CFR,
        ),
        (
            "i247d",
            "I-247D Immigration Detainer – Request for Voluntary Action",
            "I-247D",
            None,
            "2015-07-02",
            "2017-04-01",
            "48h_excluding_weekends_holidays",
            "hold",
            "Priority Enforcement Program, 2015 to 2 Apr 2017; " + _CFR,
        ),
        (
            "i247n",
            "I-247N Request for Voluntary Notification of Release",
            "I-247N",
            None,
            "2015-07-02",
            None,
            "not_permitted",
            "notify",
            "Priority Enforcement Program: notification only; it does not request or authorise "
            "detention",
        ),
        (
            "i247x",
            "I-247X Request for Voluntary Transfer",
            "I-247X",
            None,
            "2015-07-02",
            None,
            "not_permitted",
            "transfer",
            "Priority Enforcement Program: transfer request",
        ),
        (
            "i247a",
            "I-247A Immigration Detainer – Notice of Action (02/17)",
            "I-247A",
            "02/17",
            "2017-04-02",
            None,
            "48h_clock",
            "hold",
            "From 2 Apr 2017, always with an I-200 or I-205 administrative warrant; hold not to "
            "exceed 48 hours beyond the time the person would otherwise have been released",
        ),
    ],
    "detainer_boxes(code, box_group, label, forms)": [
        (
            "basis_investigation",
            "basis",
            "Initiated an investigation to determine whether the person is subject to removal",
            "i247_2008",
        ),
        (
            "basis_nta",
            "basis",
            "Initiated removal proceedings and served a Notice to Appear or other charging document",
            "i247_2008",
        ),
        (
            "basis_warrant",
            "basis",
            "Served a warrant of arrest for removal proceedings",
            "i247_2008",
        ),
        ("basis_order", "basis", "Obtained an order of deportation or removal", "i247_2008"),
        (
            "pc_final_order",
            "probable_cause",
            "A final order of removal against the person",
            "i247_2012 i247d i247a",
        ),
        (
            "pc_pending",
            "probable_cause",
            "Removal proceedings pending against the person",
            "i247_2012 i247d i247a",
        ),
        (
            "pc_biometric",
            "probable_cause",
            "Biometric confirmation of identity plus records checks showing removability",
            "i247_2012 i247d i247a",
        ),
        (
            "pc_statements",
            "probable_cause",
            "Statements by the person or other reliable evidence of removability",
            "i247_2012 i247d i247a",
        ),
        (
            "a_transferred",
            "probable_cause",
            "Box 2: the person was transferred to local custody by DHS",
            "i247a",
        ),
        ("pep_1c", "priority", "Priority 1(c): gang participation", "i247d i247n i247x"),
        ("pep_1d", "priority", "Priority 1(d): convicted of a felony", "i247d i247n i247x"),
        (
            "pep_1e",
            "priority",
            "Priority 1(e): convicted of an aggravated felony",
            "i247d i247n i247x",
        ),
        ("pep_2a", "priority", "Priority 2(a): three or more misdemeanours", "i247d i247n i247x"),
        ("pep_2b", "priority", "Priority 2(b): a significant misdemeanour", "i247d i247n i247x"),
    ],
    "warrant_types(code, label, is_judicial)": [
        ("none", "None attached", 0),
        ("i200", "I-200 Warrant for Arrest of Alien (administrative)", 0),
        ("i205", "I-205 Warrant of Removal/Deportation (administrative)", 0),
        ("judicial_warrant", "Judicial warrant", 1),
        ("judicial_pc", "Judicial probable-cause determination", 1),
    ],
    "receipt_methods(code, label)": [
        ("fax", "Fax"),
        ("email", "Email"),
        ("mail", "Mail"),
        ("in_person", "In person"),
    ],
    "lift_reasons(code, label)": [
        ("booked_into_detention", "Booked into Detention"),
        ("declined_by_lea", "Detainer Declined by LEA"),
        ("case_closed", "Case Closed"),
        ("duplicate", "Duplicate"),
        ("early_release", "Early Release"),
        ("resource_constraint", "ICE Temporary Resource Constraint"),
        ("insufficient_notice", "Insufficient Notice to ICE"),
        ("no_longer_in_custody", "No longer in State, Local, or Federal Custody"),
        ("not_amenable", "Not Amenable to Removal"),
        ("prosecutorial_discretion", "Prosecutorial Discretion"),
        ("superseding_form", "Superseding – New Form Issued"),
        ("usc_claim", "USC or Presumptive Claim to US Citizenship"),
    ],
    "offense_categories(statute, category, label, source)": [
        ("PC 187", "violent_felony", "Murder", "Cal. Penal Code 667.5(c)(1)"),
        ("PC 192(a)", "violent_felony", "Voluntary manslaughter", "Cal. Penal Code 667.5(c)(1)"),
        ("PC 203", "violent_felony", "Mayhem", "Cal. Penal Code 667.5(c)(2)"),
        ("PC 205", "violent_felony", "Aggravated mayhem", "Cal. Penal Code 667.5(c)(2)"),
        ("PC 207", "violent_felony", "Kidnapping", "Cal. Penal Code 667.5(c)(14)"),
        ("PC 209", "violent_felony", "Kidnapping for ransom", "Cal. Penal Code 667.5(c)(14)"),
        ("PC 211", "violent_felony", "Robbery", "Cal. Penal Code 667.5(c)(9)"),
        ("PC 215", "violent_felony", "Carjacking", "Cal. Penal Code 667.5(c)(17)"),
        ("PC 261", "violent_felony", "Rape", "Cal. Penal Code 667.5(c)(3)"),
        ("PC 288", "violent_felony", "Lewd act on a child", "Cal. Penal Code 667.5(c)(6)"),
        ("PC 451", "violent_felony", "Arson", "Cal. Penal Code 667.5(c)(10)"),
        ("PC 664/187", "violent_felony", "Attempted murder", "Cal. Penal Code 667.5(c)(12)"),
        (
            "PC 245(a)(1)",
            "serious_felony",
            "Assault with a deadly weapon",
            "Cal. Penal Code 1192.7(c)(31)",
        ),
        (
            "PC 245(a)(2)",
            "serious_felony",
            "Assault with a firearm",
            "Cal. Penal Code 1192.7(c)(31)",
        ),
        (
            "PC 246",
            "serious_felony",
            "Shooting at an inhabited dwelling or vehicle",
            "Cal. Penal Code 1192.7(c)(33)",
        ),
        ("PC 422", "serious_felony", "Criminal threats", "Cal. Penal Code 1192.7(c)(38)"),
        ("PC 211", "serious_felony", "Robbery", "Cal. Penal Code 1192.7(c)(19)"),
        ("PC 187", "serious_felony", "Murder", "Cal. Penal Code 1192.7(c)(1)"),
    ],
    "county_policies(code, label, kind, hold_rule, params, effective_date, source)": [
        (
            "honour_all",
            "Honour every detainer",
            "honour_all",
            None,
            "{}",
            None,
            "No local limit: the hold rule of the form applies",
        ),
        (
            "ca_trust_act",
            "California TRUST Act (AB 4)",
            "ca_trust_act",
            None,
            '{"felony_years": 15, "wobbler_years": 5}',
            "2014-01-01",
            "Cal. Gov. Code 7282-7282.5 (AB 4), effective 1 Jan 2014: a hold only for the "
            "conviction categories of Gov. Code 7282.5",
        ),
        (
            "ca_sb54",
            "California Values Act (SB 54)",
            "ca_sb54",
            "not_permitted",
            '{"felony_years": 15, "wobbler_years": 5}',
            "2018-01-01",
            "Cal. Gov. Code 7284-7284.12 (SB 54), effective 1 Jan 2018: no holds; release-date "
            "notification only as Gov. Code 7282.5 allows; transfer only on a judicial warrant "
            "or judicial probable-cause determination",
        ),
        (
            "santa_clara_3_54",
            "Santa Clara County Board Policy 3.54",
            "santa_clara_3_54",
            None,
            '{"window_years": 10, "reimbursement_agreement": false}',
            "2011-10-18",
            "Santa Clara County Board Policy 3.54 (18 Oct 2011): honour only with a written "
            "agreement that ICE reimburses all costs and a serious or violent felony conviction "
            "within the listed window",
        ),
        (
            "dc_24h_cap",
            "District of Columbia 24-hour cap (2012)",
            "dc_24h_cap",
            "24h_local_cap",
            '{"window_years": 10, "min_age": 18}',
            None,
            "District of Columbia Immigration Detainer Compliance Amendment Act of 2012: a hold "
            "of at most 24 hours, only for listed convictions",
        ),
    ],
    "policy_periods(policy_code, in_force_from, notes)": [
        ("honour_all", "1900-01-01", "Until the office records another policy"),
    ],
}
