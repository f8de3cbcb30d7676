"""Locate the data aimm ships: policies, schemas and the control catalogs.

In a wheel they sit inside the package (``aimm/policies`` ...); in a source checkout
(editable install or running from the tree) they sit at the repository root, two folders
above the package (``cli/aimm`` -> the root).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder holding the shipped data ``name`` (policies, schemas or controls)."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"aimm data folder {name!r} is missing from the installation")


def policies_dir() -> Path:
    """The folder of built-in Rego policies."""
    return data_dir("policies")


def schema_path(name: str = "manifest") -> Path:
    """A shipped JSON Schema: ``manifest`` (default), ``org-config`` and ``baseline`` from
    ``schemas/``; ``catalog``, ``model`` and ``core`` (the catalogs' own) from ``controls/``."""
    if name in ("catalog", "model", "core"):
        return controls_dir() / f"{name}.schema.json"
    return data_dir("schemas") / f"{name}.schema.json"


def controls_dir() -> Path:
    """The folder of maturity models and their control catalogs."""
    return data_dir("controls")
