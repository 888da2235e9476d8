"""What every controller does with an editor: bring it forward, and save and report failures.

A save either goes through or leaves the editor as it was with the reason shown: field
problems beside their fields, a save refused because another desk changed the record, or
anything else the store refused, in a message box over the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from models.errors import ConflictError, DeskError, FieldError, ValidationError
from ui import message_boxes

T = TypeVar("T")
D = TypeVar("D", bound=QWidget)


def bring_forward(dialog: D) -> D:
    """Show an editor that is already open instead of opening a second one."""
    dialog.show()  # a minimised or hidden one comes back too
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def attempt_save(
    dialog,
    action: Callable[[], T],
    *,
    failed: str = "Not saved",
    for_form: Callable[[FieldError], FieldError] | None = None,
) -> T | None:
    """Run ``action``; on a refusal tell the clerk in ``dialog`` and return None.

    Args:
        dialog: the editor (it has ``show_errors``).
        action: the save.
        failed: the title of the message for a refusal that is not about one field.
        for_form: maps a model's field name onto the form's, where they differ.
    """
    try:
        return action()
    except ValidationError as exc:
        errors = [for_form(e) for e in exc.errors] if for_form else exc.errors
        dialog.show_errors(errors)
    except ConflictError as exc:
        message_boxes.show_error(dialog, "Changed by someone else", str(exc))
    except DeskError as exc:
        message_boxes.show_error(dialog, failed, str(exc))
    return None
