"""Output formats for the org report, in a registry keyed by format name.

An org reporter is a function ``render(report) -> str`` taking an
:class:`~aimm.orgreport.OrgReport` and registered under a format name with :func:`register`;
every format lays out the same model. Built-in formats are imported only when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from aimm.orgreport import OrgReport


class Render(Protocol):
    """Render an org report as text."""

    def __call__(self, report: OrgReport) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "markdown": "aimm.orgreporters.markdown",
    "html": "aimm.orgreporters.html",
    "json": "aimm.orgreporters.json_report",
    "csv": "aimm.orgreporters.csv_report",
}
# File written for each format under --output-dir.
FILE_NAMES: dict[str, str] = {
    "markdown": "aimm-org.md",
    "html": "aimm-org.html",
    "json": "aimm-org.json",
    "csv": "aimm-org.csv",
}
_REGISTRY: dict[str, Render] = {}


def register(name: str) -> Callable[[Render], Render]:
    """Decorator: make ``render`` available as ``--format name`` of the org commands."""

    def decorate(render: Render) -> Render:
        _REGISTRY[name] = render
        return render

    return decorate


def get(name: str) -> Render:
    """The org reporter registered under ``name`` (importing a built-in one on first use)."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])
    return _REGISTRY[name]


def names() -> list[str]:
    """Every format name: built-ins first, then any registered by other code."""
    return [*_BUILTIN, *(n for n in _REGISTRY if n not in _BUILTIN)]


def file_name(name: str) -> str:
    """The file a format is written to under ``--output-dir``."""
    return FILE_NAMES.get(name, f"aimm-org.{name}")
