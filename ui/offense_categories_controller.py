"""Open the violent and serious offences list and make the changes an administrator asks for."""

from __future__ import annotations

from PySide6.QtCore import Signal

from models.errors import DeskError, ValidationError
from models.offense_categories import (
    OffenseCategory,
    add_offense_category,
    list_offense_categories,
    remove_offense_category,
)
from ui import message_boxes
from ui.controller_base import Controller
from ui.dialogs.offense_categories_dialog import OffenseCategoriesDialog
from ui.saving import bring_forward
from ui.settings_controller import describe_clock_changes


class OffenseCategoriesController(Controller):
    """Settings ▸ Violent and serious offences.

    Signals:
        changed: emitted after the list changed (open detainers may have new advice).
    """

    changed = Signal()
    dialog: OffenseCategoriesDialog | None = None

    def open_dialog(self) -> OffenseCategoriesDialog | None:
        """Open the list (or bring the open one forward); None if it cannot be read."""
        if self.dialog is not None:
            return bring_forward(self.dialog)
        try:
            listed = list_offense_categories(self.db)
        except DeskError as exc:
            self._failed(None, "Cannot open the list of offences", exc)
            return None
        dialog = OffenseCategoriesDialog.open(listed, self.can_edit(), parent=self.parent_widget)
        dialog.add_requested.connect(lambda values, d=dialog: self.add(d, values))
        dialog.remove_requested.connect(lambda item, d=dialog: self.remove(d, item))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        return dialog

    def add(self, dialog: OffenseCategoriesDialog, values: dict) -> OffenseCategory | None:
        try:
            item, changes = add_offense_category(
                self.db, self.actor, values["statute"], values["category"], values["label"],
                values["source"],
            )  # fmt: skip
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return None
        except DeskError as exc:
            self._failed(dialog, "Not added to the list", exc)
            return None
        self._reload(dialog)
        self.changed.emit()
        dialog.added(
            item,
            f"{item.statute} is now listed as a {item.category_label.lower()}. "
            f"{describe_clock_changes(changes, self.tz)}",
        )
        return item

    def remove(self, dialog: OffenseCategoriesDialog, item: OffenseCategory) -> bool:
        if not message_boxes.confirm(
            dialog,
            "Remove from the list",
            f"Stop counting {item.statute} ({item.label}) as a {item.category_label.lower()}?\n\n"
            "Open detainers are advised again, and the Dashboard counts convictions anew.",
            "Remove",
        ):
            return False
        try:
            changes = remove_offense_category(self.db, self.actor, item.id)
        except DeskError as exc:
            self._failed(dialog, "Not removed from the list", exc)
            self._reload(dialog)
            return False
        self._reload(dialog)
        self.changed.emit()
        dialog.show_outcome(
            f"{item.statute} is no longer listed. {describe_clock_changes(changes, self.tz)}"
        )
        return True

    def _reload(self, dialog: OffenseCategoriesDialog) -> None:
        try:
            dialog.load(list_offense_categories(self.db))
        except DeskError as exc:
            self._failed(dialog, "Cannot show the list of offences", exc)
