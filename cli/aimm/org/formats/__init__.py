"""Output formats for the org report, in a registry keyed by format name.

An org reporter is a function ``render(report) -> str`` taking an
:class:`~aimm.org.report.OrgReport` and registered under a format name with :func:`register`;
every format lays out the same model. Built-in formats are imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from aimm.core.registry import Registry

if TYPE_CHECKING:  # the commands read the format names at start-up: not the report model
    from aimm.org.report import OrgReport


class Render(Protocol):
    """Render an org report as text."""

    def __call__(self, report: OrgReport) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "markdown": "aimm.org.formats.markdown",
    "html": "aimm.org.formats.html",
    "json": "aimm.org.formats.json_report",
    "csv": "aimm.org.formats.csv_report",
}
# File written for each format under --output-dir.
FILE_NAMES: dict[str, str] = {
    "markdown": "aimm-org.md",
    "html": "aimm-org.html",
    "json": "aimm-org.json",
    "csv": "aimm-org.csv",
}
_FORMATS: Registry[Render] = Registry(_BUILTIN)
register = _FORMATS.register
get = _FORMATS.get
names = _FORMATS.names


def file_name(name: str) -> str:
    """The file a format is written to under ``--output-dir``."""
    return FILE_NAMES.get(name, f"aimm-org.{name}")
