"""The contract's JSON report (``--format json``)."""

from __future__ import annotations

import json

from aimm.check.formats import register
from aimm.core.result import Report


@register("json")
def render(report: Report, *, color: bool = False) -> str:
    """One JSON document; keys in a fixed order so identical inputs give identical bytes."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
