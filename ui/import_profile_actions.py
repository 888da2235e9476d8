"""Saving the Import window's mapping as a profile, and deleting a profile, with their questions.

A profile is saved under a name the clerk gives (an existing one is replaced after asking; one
that comes with the app never is: the clerk is told to choose another name). Deleting asks
first; files already imported with the profile keep the mapping they were imported with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QWidget

from models.errors import DeskError
from ui import message_boxes

if TYPE_CHECKING:
    from ui.import_dialog import ImportDialog


def ask_profile_name(parent: QWidget | None, start: str) -> str | None:
    """Ask the name to save the mapping under; None if the clerk cancelled."""
    name, ok = QInputDialog.getText(
        parent, "Save profile", "Save this mapping as the profile named:", text=start
    )
    return name.strip() if ok and name.strip() else None


def save_profile(dialog: ImportDialog) -> str | None:
    """Save the mapping on screen as a profile (asking its name); the name, or None."""
    current = dialog.profile_named(dialog.mapping_panel.profile_name())
    start = current.name if current is not None and not current.is_shipped else ""
    name = ask_profile_name(dialog, start)
    if not name:
        return None
    existing = dialog.profile_named(name)
    if existing is not None and existing.is_shipped:
        message_boxes.show_error(
            dialog,
            "Profile not saved",
            f"“{existing.name}” comes with the app and cannot be changed. "
            "Save your mapping under another name.",
        )
        return None
    if existing is not None and not message_boxes.confirm(
        dialog,
        "Replace profile",
        f"There is already a profile named “{existing.name}”. Replace it with this mapping?",
        "Replace",
    ):
        return None
    mapping = dialog.mapping_panel.mapping(dialog.source.options())
    try:
        version = existing.row_version if existing is not None else None
        dialog.desk.save_profile(existing.name if existing else name, mapping, version)
    except DeskError as exc:
        message_boxes.show_error(dialog, "Profile not saved", str(exc))
        return None
    saved = existing.name if existing else name
    dialog.load_profiles(saved)
    return saved


def delete_profile(dialog: ImportDialog) -> bool:
    """Delete the chosen profile after asking; the mapping on screen stays."""
    profile = dialog.profile_named(dialog.mapping_panel.profile_name())
    if profile is None or profile.is_shipped:
        return False
    if not message_boxes.confirm(
        dialog,
        "Delete profile",
        f"Delete the profile “{profile.name}”? Files already imported with it are not affected.",
        "Delete profile",
    ):
        return False
    try:
        dialog.desk.delete_profile(profile.name)
    except DeskError as exc:
        message_boxes.show_error(dialog, "Profile not deleted", str(exc))
        return False
    dialog.load_profiles(None)
    return True
