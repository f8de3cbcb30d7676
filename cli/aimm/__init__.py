"""aimm: a policy-as-code checker for AI operations maturity.

Use it as a library::

    from aimm import check_paths
    report = check_paths(["services/billing/aimm.yaml"], today=date(2026, 11, 21))
"""

from __future__ import annotations

__version__ = "0.1.0"
