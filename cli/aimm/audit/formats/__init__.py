"""Output formats for audit reports (``aimm audit --format``), in a registry keyed by name.

A format is a function ``render(report) -> str`` over an :class:`~aimm.audit.matrix.AuditReport`,
registered under its name with :func:`register`. Built-in formats are imported on first use.
This registry is separate from the check reporters: an audit is a different document.
"""

from __future__ import annotations

from typing import Protocol

from aimm.audit.matrix import AuditReport
from aimm.core.registry import Registry


class Render(Protocol):
    """Render an audit report as text."""

    def __call__(self, report: AuditReport) -> str: ...


# Format name -> module that registers it; the order is the order --help shows.
_BUILTIN: dict[str, str] = {
    "text": "aimm.audit.formats.text",
    "json": "aimm.audit.formats.json_matrix",
    "markdown": "aimm.audit.formats.markdown",
    "csv": "aimm.audit.formats.csv_matrix",
    "oscal": "aimm.audit.formats.oscal",
    "soa": "aimm.audit.formats.soa",
    # The rest of the OSCAL chain (the pack holds all four documents).
    "oscal-plan": "aimm.audit.oscal_chain",
    "oscal-component": "aimm.audit.oscal_chain",
    "oscal-catalog": "aimm.audit.oscal_chain",
}
_FORMATS: Registry[Render] = Registry(_BUILTIN)
register = _FORMATS.register
get = _FORMATS.get
names = _FORMATS.names
