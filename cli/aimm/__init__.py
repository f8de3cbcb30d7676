"""aimm: a policy-as-code checker for AI operations maturity.

Use it as a library::

    from datetime import date
    from aimm import check_paths
    report = check_paths(["services/billing/aimm.yaml"], today=date(2026, 11, 21))
    report.exit_code()

The names below are imported on first use, so ``import aimm`` (and the CLI) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "check_paths": "aimm.check.run",
    "audit_paths": "aimm.audit.matrix",
    "scan": "aimm.org.scan",
    "aggregate": "aimm.org.aggregate",
    "Report": "aimm.core.result",
    "ManifestResult": "aimm.core.result",
    "Model": "aimm.core.model",
    "ModelPath": "aimm.core.model",
    "load_model": "aimm.core.model",
}

__all__ = [
    "ManifestResult",
    "Model",
    "ModelPath",
    "Report",
    "__version__",
    "aggregate",
    "audit_paths",
    "check_paths",
    "load_model",
    "scan",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from aimm.audit.matrix import audit_paths
    from aimm.check.run import check_paths
    from aimm.core.model import Model, ModelPath, load_model
    from aimm.core.result import ManifestResult, Report
    from aimm.org.aggregate import aggregate
    from aimm.org.scan import scan


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'aimm' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
