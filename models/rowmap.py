"""Convert record dataclasses to database rows and back, by their type annotations.

Calendar dates become ISO text, instants fixed-width UTC text, booleans 0/1 and enums their
value. Fields that are not columns (a person's aliases, say) are named in ``skip``.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from types import UnionType

from models.timeutil import from_db_date, from_db_instant, to_db_date, to_db_instant


@cache
def _field_types(cls) -> dict[str, type]:
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        out[f.name] = hint
    return out


def to_row(record, skip: tuple[str, ...] = ("id",)) -> dict:
    """The column values of ``record``, ready for SQLite."""
    row = {}
    for name, kind in _field_types(type(record)).items():
        if name in skip:
            continue
        value = getattr(record, name)
        if value is None:
            row[name] = None
        elif kind is datetime:
            row[name] = to_db_instant(value)
        elif kind is date:
            row[name] = to_db_date(value)
        elif kind is bool:
            row[name] = int(bool(value))
        elif isinstance(value, Enum):
            row[name] = value.value
        else:
            row[name] = value
    return row


def from_row(cls, row: dict, **extra):
    """Build a ``cls`` from a database row (unknown columns are ignored)."""
    values = {}
    for name, kind in _field_types(cls).items():
        if name not in row:
            continue
        value = row[name]
        if value is not None:
            if kind is datetime:
                value = from_db_instant(value)
            elif kind is date:
                value = from_db_date(value)
            elif kind is bool:
                value = bool(value)
            elif isinstance(kind, type) and issubclass(kind, Enum):
                value = kind(value)
        values[name] = value
    values.update(extra)
    return cls(**values)
