"""What every window-like dialog of the app shares: how it opens, and how an editor closes.

:class:`ModelessDialog` opens without blocking through one classmethod that tests replace.
:class:`EditorDialog` adds what an editor of a record needs: Enter never saves a half-typed
correction, every action has a menu entry with its shortcut, and closing with unsaved changes
asks first (Save, Discard, Cancel) whichever way it is closed.
"""

from __future__ import annotations

from typing import Self

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from ui import message_boxes


class ModelessDialog(QDialog):
    """A dialog shown beside the main window, freed when closed."""

    @classmethod
    def open(cls, *args, **kwargs) -> Self:
        """Show a new dialog without blocking (tests replace this entry point)."""
        dialog = cls(*args, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def close_buttons(self, *actions: QPushButton) -> QDialogButtonBox:
        """Close after the ``actions`` buttons; none is a default, so Enter never presses one."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in actions:
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.rejected.connect(self.close)
        return buttons


class EditorDialog(ModelessDialog):
    """An editor of one record: subclasses say what it is and how to save and compare it."""

    #: How the unsaved-changes question names the record ("This case").
    record_name = "This record"

    def is_dirty(self) -> bool:  # pragma: no cover - every editor overrides it
        raise NotImplementedError

    def request_save(self) -> None:  # pragma: no cover - every editor overrides it
        raise NotImplementedError

    def save_close_buttons(self) -> QDialogButtonBox:
        """Save and Close; neither is a default button, so Enter in a field never saves."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.request_save)
        buttons.rejected.connect(self.close)
        for button in buttons.buttons():
            button.setAutoDefault(False)
            button.setDefault(False)
        return buttons

    def menu_action(self, menu, text: str, shortcut: str, slot) -> QAction:
        """A menu entry with its shortcut, active anywhere in the editor."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # QDialog presses its default button on Enter; here a half-typed correction must never
        # be saved by it (Ctrl+S or the Save button saves).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close, asking first about unsaved changes (Esc, Close, Ctrl+W and the title bar)."""
        if self.is_dirty():
            choice = message_boxes.ask_unsaved(self, self.record_name)
            if choice is message_boxes.UnsavedChoice.CANCEL:
                return
            if choice is message_boxes.UnsavedChoice.SAVE:
                self.request_save()
                if self.is_dirty():  # the save failed; its errors are on screen
                    return
        super().reject()
