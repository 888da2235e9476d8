"""Read the lookup tables (vocabularies the outside world owns) into one bundle."""

from __future__ import annotations

from sqlite_utils import Database

from models.records import LookupItem, OffenseLevel, Vocabularies
from models.store import reported

_SIMPLE = {
    "program_eras": "SELECT code, label FROM program_eras ORDER BY start_date",
    "response_types": "SELECT code, label FROM match_response_types ORDER BY rowid",
    "offense_level_schemes": "SELECT code, label FROM offense_level_schemes ORDER BY rowid",
    "criminality_codes": "SELECT code, label FROM criminality_codes ORDER BY code",
    "charge_classes": "SELECT code, label FROM charge_classes ORDER BY rowid",
}


@reported
def load_vocabularies(db: Database) -> Vocabularies:
    lists = {
        name: tuple(LookupItem(code, label) for code, label in db.execute(sql).fetchall())
        for name, sql in _SIMPLE.items()
    }
    levels = tuple(
        OffenseLevel(scheme, level, label)
        for scheme, level, label in db.execute(
            "SELECT scheme, level, label FROM offense_levels ORDER BY scheme, level"
        ).fetchall()
    )
    facilities = tuple(r[0] for r in db.execute("SELECT name FROM facilities ORDER BY name"))
    return Vocabularies(offense_levels=levels, facilities=facilities, **lists)


def label_for(items: tuple[LookupItem, ...], code: str | None) -> str:
    """The label of ``code`` in a lookup list, or the code itself when it is not listed."""
    if code is None:
        return ""
    return next((item.label for item in items if item.code == code), code)
