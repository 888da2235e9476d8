"""Names of what the figures count: the office's lookup tables and the fixed vocabularies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

REQUESTS = {
    "hold": "Hold requested",
    "notification": "Notification of release requested",
    "transfer": "Transfer requested",
}
DECISIONS = {
    "honour": "Honoured",
    "decline": "Declined",
    "notify_only": "Notification only",
    "pending": "No decision yet",
}
OUTCOMES = {
    "released_to_ice": "Released to ICE",
    "released": "Released to the community",
    "lifted": "Lifted by ICE",
    "expired": "Expired",
    "superseded": "Superseded by a new form",
    "open": "Still open",
}
SEXES = {"F": "Female", "M": "Male", "X": "Non-binary (X)", "U": "Unknown"}


@dataclass(frozen=True)
class Lookups:
    """The labels of the codes the figures group by, as the office's tables have them."""

    responses: dict[str, str]
    forms: dict[str, str]
    criminality: dict[str, str]
    #: scheme code → (scheme label, level code → level label)
    levels: dict[str, tuple[str, dict[str, str]]]

    @classmethod
    def read(cls, db: Database) -> Lookups:
        def pairs(sql: str, params: tuple = ()) -> dict[str, str]:
            return {code: label for code, label in db.execute(sql, params).fetchall()}

        levels: dict[str, tuple[str, dict[str, str]]] = {}
        for code, label in db.execute(
            "SELECT code, label FROM offense_level_schemes ORDER BY rowid"
        ).fetchall():
            levels[code] = (
                label,
                pairs(
                    "SELECT level, label FROM offense_levels WHERE scheme = ? ORDER BY level",
                    (code,),
                ),
            )
        return cls(
            responses=pairs("SELECT code, label FROM match_response_types ORDER BY rowid"),
            forms=pairs("SELECT code, short_label FROM detainer_forms ORDER BY rowid"),
            criminality=pairs("SELECT code, label FROM criminality_codes ORDER BY code"),
            levels=levels,
        )
