"""Output formats for audit reports (``aimm audit --format``), in a registry keyed by name.

A format is a function ``render(report) -> str`` over an :class:`~aimm.audit.AuditReport`,
registered under its name with :func:`register`. Built-in formats are imported on first use.
This registry is separate from the check reporters: an audit is a different document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from aimm.audit import AuditReport


class Render(Protocol):
    """Render an audit report as text."""

    def __call__(self, report: AuditReport) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "text": "aimm.audit_formats.text",
    "json": "aimm.audit_formats.json_matrix",
    "markdown": "aimm.audit_formats.markdown",
    "csv": "aimm.audit_formats.csv_matrix",
    "oscal": "aimm.audit_formats.oscal",
}
_REGISTRY: dict[str, Render] = {}


def register(name: str) -> Callable[[Render], Render]:
    """Decorator: make ``render`` available as ``aimm audit --format name``."""

    def decorate(render: Render) -> Render:
        _REGISTRY[name] = render
        return render

    return decorate


def get(name: str) -> Render:
    """The format registered under ``name`` (importing a built-in one on first use)."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])
    return _REGISTRY[name]


def names() -> list[str]:
    """Every format name: built-ins first, then any registered by other code."""
    return [*_BUILTIN, *(n for n in _REGISTRY if n not in _BUILTIN)]
