"""The org report as JSON (``--format json``): the whole model, keys in a fixed order."""

from __future__ import annotations

import json

from aimm.orgreport import OrgReport
from aimm.orgreporters import register


@register("json")
def render(report: OrgReport) -> str:
    """One JSON document; identical inputs give identical bytes."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
