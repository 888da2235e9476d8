"""Find the application's plain resource files (icons, fonts, templates)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file under ``resources/``."""
    return RESOURCES.joinpath(*parts)
