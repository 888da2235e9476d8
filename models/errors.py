"""Exceptions whose message is written for a clerk, not a programmer.

Everything the GUI or the command line shows to a user comes from one of these; anything else
that escapes is a bug.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


class DeskError(Exception):
    """An error with a message that can be shown to a user as it is."""


class StoreError(DeskError):
    """The database file cannot be opened, created, migrated or written."""


class NotFoundError(DeskError):
    """A record that was asked for does not exist."""


class ConflictError(DeskError):
    """Someone else saved the same record since it was opened; nothing was written."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a record being saved."""

    field: str
    message: str
    #: The line of a text the problem is on (a template's body), when it names one.
    line: int | None = dataclasses.field(default=None, compare=False)


class ValidationError(DeskError):
    """A record failed validation; nothing was written.

    Attributes:
        errors: every problem found, each tied to the field a form should highlight.
    """

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__("; ".join(e.message for e in self.errors))

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]
