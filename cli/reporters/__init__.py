"""Output formats for reports, in a registry keyed by format name.

A reporter is a function ``render(report, *, color) -> str`` registered under a format name
with :func:`register`. Built-in formats are imported only when used, so a JSON run never
pays for loading the terminal renderer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from aimm.result import Report


class Render(Protocol):
    """Render a report as text."""

    def __call__(self, report: Report, *, color: bool) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "text": "aimm.reporters.text",
    "json": "aimm.reporters.json_report",
    "sarif": "aimm.reporters.sarif",
    "junit": "aimm.reporters.junit",
    "github": "aimm.reporters.github",
    "markdown": "aimm.reporters.markdown",
}
_REGISTRY: dict[str, Render] = {}


def register(name: str) -> Callable[[Render], Render]:
    """Decorator: make ``render`` available as ``--format name``."""

    def decorate(render: Render) -> Render:
        _REGISTRY[name] = render
        return render

    return decorate


def get(name: str) -> Render:
    """The reporter registered under ``name`` (importing a built-in one on first use)."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])
    return _REGISTRY[name]


def names() -> list[str]:
    """Every format name: built-ins first, then any registered by other code."""
    return [*_BUILTIN, *(n for n in _REGISTRY if n not in _BUILTIN)]
