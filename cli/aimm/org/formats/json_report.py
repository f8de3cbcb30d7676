"""The org report as JSON (``--format json``): the whole model, keys in a fixed order."""

from __future__ import annotations

import json

from aimm.org.formats import register
from aimm.org.report import OrgReport

_MARK = "\x00systems\x00"


@register("json")
def render(report: OrgReport) -> str:
    """One JSON document; identical inputs give identical bytes.

    The text is ``json.dumps(report.as_dict(), indent=2)``, but the systems (the bulk of a
    large report) are serialised one at a time, so a 10,000-system report never holds all
    their dictionaries at once.
    """
    skeleton = {**report.as_dict(systems=False), "systems": _MARK}
    text = json.dumps(skeleton, indent=2, ensure_ascii=False)
    rows = ",\n".join(
        "\n".join(
            "    " + line
            for line in json.dumps(row.as_dict(), indent=2, ensure_ascii=False).splitlines()
        )
        for row in report.systems
    )
    body = f"[\n{rows}\n  ]" if rows else "[]"
    head, tail = text.split(json.dumps(_MARK), 1)
    return head + body + tail + "\n"
