"""Output formats for reports, in a registry keyed by format name.

A reporter is a function ``render(report, *, color) -> str``. Register one with
:func:`register`; the CLI lists the registry for ``--format``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from aimm.result import Report


class Render(Protocol):
    """Render a report as text."""

    def __call__(self, report: Report, *, color: bool) -> str: ...


_REGISTRY: dict[str, Render] = {}


def register(name: str) -> Callable[[Render], Render]:
    """Decorator: make ``render`` available as ``--format name``."""

    def decorate(render: Render) -> Render:
        _REGISTRY[name] = render
        return render

    return decorate


def get(name: str) -> Render:
    """The reporter registered under ``name``."""
    return _REGISTRY[name]


def names() -> list[str]:
    """Registered format names, in registration order."""
    return list(_REGISTRY)


# Importing the modules registers them; order here is the order --help shows.
from aimm.reporters import json_report, text  # noqa: E402,F401
