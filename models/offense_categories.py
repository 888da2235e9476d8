"""The office's list of violent and serious felonies, which administrators keep up to date.

Policies read it to advise on detainers (California's TRUST Act and SB 54 lists) and the
statistics read it to say who was convicted of a violent crime. A change assesses the open,
undecided detainers again in the same transaction, as a policy change does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from models.detainer_clocks import ClockChange, refresh_clocks
from models.errors import DeskError, FieldError, NotFoundError, ValidationError
from models.policies import normalise_statute
from models.records import Staff, StaffRole
from models.store import reported, write_transaction
from models.writes import delete_row, insert_audited

CATEGORIES = {
    "violent_felony": "Violent felony",
    "serious_felony": "Serious felony",
}
_COLUMNS = ("id", "statute", "category", "label", "source")


@dataclass(frozen=True)
class OffenseCategory:
    id: int
    statute: str
    category: str
    label: str
    source: str

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


@reported
def list_offense_categories(db: Database) -> list[OffenseCategory]:
    """Every listed statute, violent felonies first, then by statute."""
    rows = db.execute(
        "SELECT id, statute, category, label, source FROM offense_categories "
        "ORDER BY category DESC, statute, id"
    ).fetchall()
    return [OffenseCategory(*r) for r in rows]


def _require_administrator(actor: Staff) -> None:
    if actor.role is not StaffRole.ADMINISTRATOR:
        raise DeskError(
            "Only an administrator can change the list of violent and serious offences."
        )


def add_offense_category(
    db: Database, actor: Staff, statute: str, category: str, label: str, source: str
) -> tuple[OffenseCategory, list[ClockChange]]:
    """List ``statute`` as a violent or serious felony; return it and the detainers reassessed.

    The statute is stored in the normalised form the policies compare ("Penal Code § 211" is
    "PC 211"); a charge matches it exactly or as a subdivision of it.

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: a field is empty, the category unknown, or the statute already listed so.
    """
    _require_administrator(actor)
    statute = normalise_statute(statute or "")
    label, source = (label or "").strip(), (source or "").strip()
    errors = []
    if not statute:
        errors.append(FieldError("statute", "Enter the statute, for example PC 211."))
    if category not in CATEGORIES:
        errors.append(FieldError("category", "Choose violent felony or serious felony."))
    if not label:
        errors.append(FieldError("label", "Name the offence, for example Robbery."))
    if not source:
        errors.append(FieldError("source", "Say where the listing comes from (the law or policy)."))
    if errors:
        raise ValidationError(errors)
    with write_transaction(db):
        if db.execute(
            "SELECT 1 FROM offense_categories WHERE statute = ? AND category = ?",
            [statute, category],
        ).fetchone():
            raise ValidationError(
                FieldError(
                    "statute",
                    f"{statute} is already listed as a {CATEGORIES[category].lower()}.",
                )
            )
        row = {
            # The table's ids are not AUTOINCREMENT: never reuse one the audit log has seen.
            "id": _unused_id(db),
            "statute": statute,
            "category": category,
            "label": label,
            "source": source,
        }
        new_id = insert_audited(db, actor, "offense_categories", row, hidden=("id",))
        changes = refresh_clocks(db, actor)
    return OffenseCategory(new_id, statute, category, label, source), changes


def remove_offense_category(db: Database, actor: Staff, category_id: int) -> list[ClockChange]:
    """Take a statute off the list; return the detainers reassessed.

    Raises:
        DeskError: the actor is not an administrator.
        NotFoundError: it is no longer listed (removed at another desk).
    """
    _require_administrator(actor)
    with write_transaction(db):
        row = db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM offense_categories WHERE id = ?", [category_id]
        ).fetchone()
        if row is None:
            raise NotFoundError("That listing no longer exists; someone may have removed it.")
        delete_row(db, actor, "offense_categories", dict(zip(_COLUMNS, row, strict=True)), None)
        return refresh_clocks(db, actor)


def _unused_id(db: Database) -> int:
    return db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM offense_categories), 0), coalesce((SELECT "
        "max(record_id) FROM audit_log WHERE table_name = 'offense_categories'), 0)) + 1"
    ).fetchone()[0]
