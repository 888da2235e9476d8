"""Staff members and the OS login each one signs in with.

The audit trail names a staff member, not a login: whoever runs the app is looked up by their
operating-system login. The first person to open a new database becomes its administrator;
anyone else not yet known is registered as a clerk, and that registration is itself audited.
"""

from __future__ import annotations

import getpass

from sqlite_utils import Database

from models.audit import record_changes
from models.errors import DeskError, FieldError, ValidationError
from models.records import AuditAction, Staff, StaffRole
from models.store import write_transaction
from models.writes import insert_audited


def os_login() -> str:
    """The login name of whoever runs this process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry or no USERNAME variable
        return "unknown"


def _from_row(row) -> Staff:
    return Staff(
        id=row[0], full_name=row[1], role=StaffRole(row[2]), os_login=row[3], is_active=bool(row[4])
    )


def find_by_login(db: Database, login: str) -> Staff | None:
    row = db.execute(
        "SELECT id, full_name, role, os_login, is_active FROM staff WHERE os_login = ?", [login]
    ).fetchone()
    return _from_row(row) if row else None


def list_staff(db: Database) -> list[Staff]:
    rows = db.execute(
        "SELECT id, full_name, role, os_login, is_active FROM staff ORDER BY full_name"
    ).fetchall()
    return [_from_row(r) for r in rows]


def current_staff(db: Database, login: str | None = None) -> Staff:
    """Return the staff member for ``login`` (default: this OS user), registering them if new."""
    login = login or os_login()
    if found := find_by_login(db, login):
        return found
    with write_transaction(db):
        if found := find_by_login(db, login):  # another desk registered them meanwhile
            return found
        first = db.execute("SELECT count(*) FROM staff").fetchone()[0] == 0
        role = StaffRole.ADMINISTRATOR if first else StaffRole.CLERK
        cursor = db.execute(
            "INSERT INTO staff (full_name, role, os_login) VALUES (?, ?, ?)", [login, role, login]
        )
        staff = Staff(id=cursor.lastrowid, full_name=login, role=role, os_login=login)
        record_changes(
            db,
            staff,
            AuditAction.CREATE,
            "staff",
            staff.id,
            [("full_name", None, login), ("role", None, str(role)), ("os_login", None, login)],
        )
    return staff


def update_staff(
    db: Database,
    actor: Staff,
    login: str,
    *,
    full_name: str | None = None,
    role: StaffRole | None = None,
) -> Staff:
    """Name a staff member or set their role (administrators only), audited.

    Someone not yet known is added (with a name, as a clerk unless ``role`` says otherwise), so
    an administrator can set up the office before everyone has opened the database.

    Raises:
        DeskError: the actor is not an administrator.
        ValidationError: no or an empty name for someone new, or the last administrator
            would lose the role.
    """
    if actor.role != StaffRole.ADMINISTRATOR:
        raise DeskError("Only an administrator can change staff names and roles.")
    with write_transaction(db):
        current = find_by_login(db, login)
        if current is None:
            if not (full_name or "").strip():
                raise ValidationError(
                    FieldError("full_name", f"“{login}” is new here: give their name too.")
                )
            row = {
                "full_name": full_name.strip(),
                "role": str(role or StaffRole.CLERK),
                "os_login": login,
            }
            insert_audited(db, actor, "staff", row)
            return find_by_login(db, login)
        changes = []
        if full_name is not None:
            if not full_name.strip():
                raise ValidationError(FieldError("full_name", "A staff member needs a name."))
            if full_name.strip() != current.full_name:
                changes.append(("full_name", current.full_name, full_name.strip()))
        if role is not None and role != current.role:
            admins = db.execute(
                "SELECT count(*) FROM staff WHERE role = 'administrator' AND is_active = 1"
            ).fetchone()[0]
            if current.role == StaffRole.ADMINISTRATOR and admins == 1:
                raise ValidationError(
                    FieldError("role", "This is the only administrator; name another first.")
                )
            changes.append(("role", str(current.role), str(role)))
        for field, _old, new in changes:
            db.execute(f"UPDATE staff SET {field} = ? WHERE id = ?", [new, current.id])
        if changes:
            record_changes(db, actor, AuditAction.UPDATE, "staff", current.id, changes)
    return find_by_login(db, login)
