"""The audit as one JSON document (``aimm audit --format json``)."""

from __future__ import annotations

import json

from aimm.audit.formats import register
from aimm.audit.matrix import AuditReport


@register("json")
def render(report: AuditReport) -> str:
    """Keys in a fixed order, so identical inputs give identical bytes."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
