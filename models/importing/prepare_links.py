"""Reading the fingerprint match and the detainer of an imported row (part of the row reader).

A row has a match when any match field has a value (fixed values count), and then needs its
response; the offense level and its scheme come both or neither (levels of the two schemes are
never mixed); the program era, when not given, follows from the query's date (else the
booking's) and the program eras' dates. A row has a detainer when any detainer field has a
value, and then needs its form and the time it was received.
"""

from __future__ import annotations

from datetime import datetime

#: Fields whose column in the record has another name (the rest: the key's second part).
RENAMED = {
    "person.citizenship": "citizenship_claimed",
    "booking.release_disposition": "release_reason",
    "detainer.form": "form_code",
}


def column_of(key: str) -> str:
    """The record's column a field fills (``person.citizenship`` → ``citizenship_claimed``)."""
    return RENAMED.get(key) or key.split(".", 1)[1]


class LinkedRecords:
    """The match and detainer parts of :class:`~models.importing.prepare_rows.RowReader`."""

    def _match(self, row, values: dict, held: dict, bad: set) -> None:
        match = {column: values[key] for key, column in self.simple["match"]}
        era = values.get("match.program_era")
        response = values.get("match.response_type")
        present = any(match.values()) or era or response
        if not present and not any(k.startswith("match.") for k in (*held, *bad)):
            return
        if response is None and "match.response_type" not in bad:
            reason = "a fingerprint match needs its response (IDENT match, no match…)"
            self._add(row, "match.response_type", "", reason)
        level = match.get("offense_level")
        scheme = match.get("offense_level_scheme")
        if level and not scheme and "match.offense_level_scheme" not in bad:
            reason = (
                "an offense level needs its scheme (levels of different schemes mean "
                "different things)"
            )
            self._add(row, "match.offense_level", level, reason)
        elif scheme and not level:
            if "match.offense_level_scheme" in self.column_name:
                reason = "an offense level scheme without an offense level"
                self._add(row, "match.offense_level_scheme", scheme, reason)
            match["offense_level_scheme"] = None  # a fixed scheme where no level is given
        elif level and (scheme, level) not in self.ctx.offense_levels:
            reason = f"there is no level {level} in the scheme {scheme}"
            self._add(row, "match.offense_level", level, reason)
        if era is None and "match.program_era" not in bad:
            when = match.get("queried_at") or row.booking.get("booked_at")
            era = self._era(when)
            if era is None and when:
                reason = "no program era covers that date; give the era"
                self._add(row, "match.program_era", "", reason)
        match["program_era"] = era
        match["response_type"] = response
        for key in held:
            if key.startswith("match."):
                row.withheld[("fingerprint_matches", column_of(key))] = held[key]
        row.match = match

    def _era(self, instant: str | None) -> str | None:
        """The program era in force on the county day of ``instant`` (UTC text), or None."""
        if instant is None:
            return None
        if instant in self.era_of:
            return self.era_of[instant]
        day = datetime.fromisoformat(instant).astimezone(self.ctx.tz).date().isoformat()
        era = next(
            (c for c, start, end in self.ctx.eras if start <= day and (end is None or day < end)),
            None,
        )
        self.era_of[instant] = era
        return era

    def _detainer(self, row, values: dict, held: dict, bad: set) -> None:
        detainer = {column: values[key] for key, column in self.simple["detainer"]}
        form = values.get("detainer.form")
        markers = {column_of(k): held[k] for k in held if k.startswith("detainer.")}
        present = any(detainer.values()) or form is not None or markers
        if not present and not any(k.startswith("detainer.") for k in bad):
            return
        for key, what in (("detainer.form", "form"), ("detainer.received_at", "date received")):
            if values.get(key) is None and key not in bad:
                self._add(row, key, held.get(key, ""), f"a detainer needs its {what}")
        detainer["form_code"] = form
        if received := detainer.get("received_at"):
            detainer["received_at"] = datetime.fromisoformat(received)
        for column, marker in markers.items():
            row.withheld[("detainers", column)] = marker
        row.detainer = detainer
