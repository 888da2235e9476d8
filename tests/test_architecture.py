"""Layering rules: models/ never touches Qt, ui/ never touches the database directly."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports at run time, at any depth (``if TYPE_CHECKING:`` excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)  # annotations only: never executed
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
        pending.extend(ast.iter_child_nodes(node))
    return names


def offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        bad = sorted(m for m in imported_modules(path)
                     if any(m == f or m.startswith(f + ".") for f in forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_imported_modules_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os.path\nfrom PySide6.QtCore import Qt\n"
                      "def f():\n    import sqlite3\n    from . import sibling\n"
                      "importlib.import_module('sqlite_utils')\n"
                      "if TYPE_CHECKING:\n    import typed_only\nelse:\n    import fallback\n")
    assert imported_modules(sample) == {
        "os.path", "PySide6.QtCore", "sqlite3", "sqlite_utils", "fallback"}


def test_models_never_import_qt():
    files = list((ROOT / "models").rglob("*.py"))
    assert len(files) > 10
    assert offenders("models", ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")) == {}


def test_ui_never_imports_the_database_layer_directly():
    if not (ROOT / "ui").is_dir() or not list((ROOT / "ui").rglob("*.py")):
        pytest.skip("ui/ is not written yet")
    assert offenders("ui", ("sqlite3", "sqlite_utils")) == {}


SQL_METHODS = ("execute", "executemany", "executescript", "query")


def sql_calls(path: Path) -> list[str]:
    """What would run SQL from this file: ``x.execute(...)``/``x.query(...)`` or ``x.conn``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_METHODS):
            found.add(f"line {node.lineno}: .{node.func.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.add(f"line {node.lineno}: .conn")
    return sorted(found)


def test_sql_calls_are_found(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(db, model):\n    db.execute('SELECT 1')\n    q = model.query\n"
                      "    db.query('SELECT 2')\n    return db.conn\n")
    assert sql_calls(sample) == ["line 2: .execute", "line 4: .query", "line 5: .conn"]


def test_ui_never_runs_sql():
    found = {str(p.relative_to(ROOT)): calls for p in sorted((ROOT / "ui").rglob("*.py"))
             if (calls := sql_calls(p))}
    assert found == {}
