"""The documented merge fields a template may use, with an example value of each.

This list is the contract between the template texts, the template checks and the code that
fills a letter from a record (:mod:`models.letters.merge_values`): a template may only name a
field listed here, and the values for a record are built in exactly this shape. Values are
text, already written for the letter's language (dates as the language writes them), except
lists (``charges``, ``detainer.requests`` ...), whose items are listed with ``[]``, and the
yes/no fields, which are booleans for ``{% if %}``.

A value the record does not have is left out, never ``None``: printing a field that is left out
stops the letter with a message naming the field; ``{% if attorney %}`` tests for it.
"""

from __future__ import annotations

from models.letters.fields_common import COMMON_FIELDS, MergeField
from models.letters.fields_records import RECORD_FIELDS


class Record(dict):
    """A group of merge values that knows its own path (``booking``), for error messages."""

    def __init__(self, path: str, values: dict | None = None) -> None:
        super().__init__(values or {})
        self.path = path


#: Every documented field, in the order the list of merge fields shows them.
CATALOGUE: tuple[MergeField, ...] = (*COMMON_FIELDS, *RECORD_FIELDS)
FIELDS: dict[str, MergeField] = {f.path: f for f in CATALOGUE}


def field_label(path: str) -> str:
    """The label of a field path (``charges[].statute`` or ``charges.statute``), or the path."""
    found = FIELDS.get(path) or FIELDS.get(_listed(path))
    return found.label if found else path


def is_known(path: str) -> bool:
    """Whether ``path`` (or a prefix group of it, such as ``person``) is a documented field."""
    path = _listed(path)
    return path in FIELDS or any(p.startswith(path + ".") for p in FIELDS)


def sample_context() -> dict:
    """Every field filled with its example: what template checks render against.

    Lists get two items each so a template's loops are exercised.
    """
    context: dict = {}
    for f in CATALOGUE:
        if "[]" in f.path:
            continue
        parts = f.path.split(".")
        group = context
        for i, part in enumerate(parts[:-1]):
            group = group.setdefault(part, Record(".".join(parts[: i + 1])))
        value = f.example
        if isinstance(value, list) and not value:
            value = [_sample_item(f.path, n) for n in (1, 2)]
        group[parts[-1]] = value
    return context


def _sample_item(list_path: str, n: int) -> Record:
    prefix = list_path + "[]."
    item = Record(list_path + "[]")
    for f in CATALOGUE:
        if f.path.startswith(prefix):
            item[f.path[len(prefix) :]] = f.example if n == 1 else f"{f.example} ({n})"
    return item


def _listed(path: str) -> str:
    """``charges.statute`` -> ``charges[].statute`` when ``charges`` is a list field."""
    parts = path.split(".")
    for i in range(1, len(parts)):
        head = ".".join(parts[:i])
        if head + "[]." + parts[i] in FIELDS or any(
            p.startswith(head + "[].") for p in FIELDS if i == len(parts) - 1
        ):
            rest = ".".join(parts[i:])
            return f"{head}[].{rest}"
    return path
