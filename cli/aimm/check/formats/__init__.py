"""Output formats for reports, in a registry keyed by format name.

A reporter is a function ``render(report, *, color) -> str`` registered under a format name
with :func:`register`. Built-in formats are imported only when used, so a JSON run never
pays for loading the terminal renderer.
"""

from __future__ import annotations

from typing import Protocol

from aimm.core.registry import Registry
from aimm.core.result import Report


class Render(Protocol):
    """Render a report as text."""

    def __call__(self, report: Report, *, color: bool) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "text": "aimm.check.formats.text",
    "json": "aimm.check.formats.json_report",
    "sarif": "aimm.check.formats.sarif",
    "junit": "aimm.check.formats.junit",
    "github": "aimm.check.formats.github",
    "markdown": "aimm.check.formats.markdown",
}
_FORMATS: Registry[Render] = Registry(_BUILTIN)
register = _FORMATS.register
get = _FORMATS.get
names = _FORMATS.names
