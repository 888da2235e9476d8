"""The import engine's create path: new bookings in bulk, with their persons matched or made.

Rows of new bookings are gathered per chunk and written with ``executemany``, their ids taken
from the run's sequences so that each table's new rows are one contiguous range (named in the
batch's ``bulk_create`` audit rows). A person is matched by A-number, then FBI number, then
state id (the oldest person on file with it wins), else made new. If a chunk breaks a rule of
the schema, it is written again one booking at a time so only the offending bookings are
rejected.
"""

from __future__ import annotations

import json
import sqlite3

from models.errors import DeskError
from models.importing.engine_update import Rejected, detainer_for

_IDS = ("a_number", "fbi_number", "state_id")
_TABLES = ("persons", "bookings", "charges", "fingerprint_matches")
#: The columns the engine appends to each prepared row, in order.
_EXTRA = {
    "persons": ("id",),
    "bookings": ("id", "person_id", "person_sort_name", "agency_ori", "booking_number"),
    "charges": ("id", "booking_id", "seq"),
    "fingerprint_matches": ("id", "booking_id"),
}


class Creates:
    """The create methods of the engine's run state (mixed into it)."""

    # -- creates -------------------------------------------------------------------------------

    def create_all(self, cases: list) -> None:
        """Insert new bookings in bulk; if a row breaks a constraint, one at a time."""
        db = self.db
        saved = dict(self.next), self.withheld, set(self.facilities)
        db.execute("SAVEPOINT import_chunk")
        try:
            self.insert(cases)
        except (sqlite3.IntegrityError, Rejected):
            db.execute("ROLLBACK TO import_chunk")
            db.execute("RELEASE import_chunk")
            self.next, self.withheld, self.facilities = dict(saved[0]), saved[1], saved[2]
            self.forget_pending()
            for case in cases:
                self.create_one(case)
            return
        db.execute("RELEASE import_chunk")
        self.pending_ids.clear()

    def create_one(self, case) -> None:
        db = self.db
        saved = dict(self.next), self.withheld, set(self.facilities)
        db.execute("SAVEPOINT import_case")
        try:
            self.insert([case])
        except (sqlite3.IntegrityError, Rejected) as exc:
            db.execute("ROLLBACK TO import_case")
            db.execute("RELEASE import_case")
            self.next, self.withheld, self.facilities = dict(saved[0]), saved[1], saved[2]
            self.forget_pending()
            self.reject(case, exc)
            return
        db.execute("RELEASE import_case")
        self.pending_ids.clear()

    def insert(self, cases: list) -> None:
        db = self.db
        persons = self.persons_for(cases)
        # Rows go in as tuples grouped by the prepared dict's columns, the ids and links the
        # engine sets appended at the end (no per-row dict is built).
        rows: dict[str, dict[tuple, list[tuple]]] = {t: {} for t in _TABLES}
        withheld, records, detainers = [], [], []
        new_persons, bookings, charges, matches = rows.values()
        batch, next_ids = self.batch_id, self.next
        booking_id = next_ids["bookings"]
        charge_id = next_ids["charges"]
        facilities = set()
        for case, (person_id, sort_name, is_new) in zip(cases, persons, strict=True):
            if is_new:
                p = case.person
                new_persons.setdefault(tuple(p), []).append((*p.values(), person_id))
            b = case.booking
            facilities.add(b.get("facility"))
            bookings.setdefault(tuple(b), []).append(
                (*b.values(), booking_id, person_id, sort_name, case.agency_ori,
                 case.booking_number)
            )  # fmt: skip
            first_charge = charge_id
            for seq, c in enumerate(case.charges, start=1):
                row = (*c.values(), charge_id, booking_id) if "seq" in c else (
                    *c.values(), charge_id, booking_id, seq)  # fmt: skip
                charges.setdefault(tuple(c), []).append(row)
                charge_id += 1
            if case.match is not None:
                match_id = self.take_id("fingerprint_matches")
                m = case.match
                matches.setdefault(tuple(m), []).append((*m.values(), match_id, booking_id))
            if case.withheld:
                ids = {
                    "persons": person_id if is_new else None,
                    "bookings": booking_id,
                    "fingerprint_matches": match_id if case.match is not None else None,
                }
                for (table, column), marker in case.withheld.items():
                    if table[:8] == "charges:":  # that charge's own: charges:<seq>
                        record_id, table = first_charge + int(table[8:]) - 1, "charges"
                    else:
                        record_id = ids.get(table)
                    if record_id is not None:
                        withheld.append((table, record_id, column, marker))
            line, digest = case.lines[0], case.content_hash
            records.append((batch, booking_id, "created", int(is_new), line, digest))
            if case.detainer is not None:
                detainers.append((case, booking_id))
            booking_id += 1
        next_ids["bookings"], next_ids["charges"] = booking_id, charge_id
        facilities -= self.facilities | {None}
        if facilities:
            db.conn.executemany(
                "INSERT OR IGNORE INTO facilities (name) VALUES (?)", [(f,) for f in facilities]
            )
            self.facilities |= facilities
        for table, groups in rows.items():
            for columns, values in groups.items():
                db.conn.executemany(self.insert_sql(table, columns), values)
        db.conn.executemany(
            "INSERT INTO withheld_values (table_name, record_id, field, marker) "
            "VALUES (?, ?, ?, ?)",
            withheld,
        )
        db.conn.executemany(
            "INSERT INTO import_batch_records (batch_id, booking_id, action, is_new_person, "
            "line, content_hash) VALUES (?, ?, ?, ?, ?, ?)",
            records,
        )
        for case, booking_id in detainers:
            self.add_detainer(case, booking_id)
        self.withheld += len(withheld)
        self.created += len(cases)

    def add_detainer(self, case, booking_id: int) -> None:
        """Record the case's detainer through the detainer verbs (validated, audited)."""
        from models.detainer_vocab import load_detainer_vocab
        from models.detainers import create_detainer

        if self.vocab is None:
            self.vocab = load_detainer_vocab(self.db)
        detainer = detainer_for(case, booking_id, self.vocab)
        try:
            saved = create_detainer(
                self.db, detainer, self.actor, self.tz, now=self.now, vocab=self.vocab
            )
        except DeskError as exc:
            raise Rejected([f"detainer not valid: {exc}"]) from exc
        markers = [
            ("detainers", saved.id, column, marker)
            for (table, column), marker in case.withheld.items()
            if table == "detainers"
        ]
        self.db.conn.executemany("INSERT INTO withheld_values VALUES (?, ?, ?, ?)", markers)
        self.withheld += len(markers)

    def insert_sql(self, table: str, columns: tuple) -> str:
        """The INSERT for rows of ``table`` prepared with ``columns``, the engine's appended.

        What the engine appends (ids, links, a charge's position) follows the prepared
        columns; a charge's position is appended only when the preparation did not give it.
        """
        key = (table, columns)
        if key not in self.sql:
            extra = _EXTRA[table]
            if table == "charges" and "seq" in columns:
                extra = extra[:2]
            clash = set(columns) & set(extra)
            if clash:
                raise ValueError(f"prepared {table} rows already carry {sorted(clash)}")
            names = (*columns, *extra)
            self.sql[key] = (
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            )
        return self.sql[key]

    def persons_for(self, cases: list) -> list[tuple[int, str, bool]]:
        """(person id, sort name, new?) for each case: matched by A-number, FBI, state id."""
        present = [k for k in _IDS if any(k in c.person for c in cases)]
        maps = [self.by_id.setdefault(k, {}) for k in present]
        for key in present:
            values = {c.person.get(key) for c in cases} - {None, ""}
            if values:
                self.load_ids(key, values)
        out = []
        person_id = self.next["persons"]
        pending = self.pending_ids
        for case in cases:
            person = case.person
            match = None
            for key, known in zip(present, maps, strict=True):
                value = person.get(key)
                if value and (match := known.get(value)):
                    break
            if match is not None:
                out.append((match[0], match[1], False))
                continue
            sort_name = person["sort_name"]
            for key, known in zip(present, maps, strict=True):
                if value := person.get(key):
                    known[value] = (person_id, sort_name)
                    pending.append((known, value))
            out.append((person_id, sort_name, True))
            person_id += 1
        self.next["persons"] = person_id
        return out

    def forget_pending(self) -> None:
        """After a rollback: the persons registered by the failed attempt do not exist."""
        for known, value in self.pending_ids:
            known.pop(value, None)
        self.pending_ids.clear()

    def load_ids(self, key: str, values: set[str]) -> None:
        """Known persons with these identifiers (A-numbers by index, others all at once)."""
        known = self.by_id.setdefault(key, {})
        if key == "a_number":
            missing = [v for v in values if v not in known]
            sql = (
                "SELECT p.a_number, p.id, p.sort_name FROM json_each(?) j "
                "JOIN persons p ON p.a_number = j.value ORDER BY p.id DESC"
            )
            rows = self.db.execute(sql, [json.dumps(missing)]) if missing else []
        elif f"loaded {key}" not in self.sql:
            self.sql[f"loaded {key}"] = ""
            rows = self.db.execute(
                f"SELECT {key}, id, sort_name FROM persons WHERE {key} IS NOT NULL ORDER BY id DESC"
            )
        else:
            return
        for value, person_id, sort_name in rows:
            known[value] = (person_id, sort_name)  # the oldest person wins (ordered newest first)


def integrity_words(exc: Exception) -> str:
    """A broken rule of the schema, in a clerk's words (the booking is not imported)."""
    text = str(exc)
    if "released_at" in text:
        return "not imported: the release time is before the booking time"
    if "release_eligible_at" in text:
        return "not imported: the time the person could be released is before the booking time"
    if "FOREIGN KEY" in text:
        return "not imported: a code in this row is not one the office knows"
    if "UNIQUE" in text:
        return "not imported: it would repeat a record already on file"
    return "not imported: a value in this row breaks a rule of the record"
