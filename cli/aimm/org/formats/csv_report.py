"""The org report as CSV (``--format csv``): one row per manifest, for spreadsheets.

Evaluated systems carry their levels, floors, gate, spread and moves; manifests that could
not be evaluated have ``status`` ``error`` and the message.
"""

from __future__ import annotations

import csv
import io

from aimm.core.text import csv_row
from aimm.org.formats import register
from aimm.org.report import OrgReport


def header(report: OrgReport) -> list[str]:
    """The column names, the dimensions in model order."""
    dims = list(report.dimensions)
    return [
        "status",
        "business_unit",
        "team",
        "repository",
        "path",
        "system",
        "lifecycle",
        "tier",
        "gate",
        "judged_on",
        *dims,
        *(f"{d}_floor" for d in dims),
        "below_floor",
        "floors_enforced",
        "spread",
        "moves",
        "facts_checked",
        "facts_verified",
        "message",
    ]


@register("csv")
def render(report: OrgReport) -> str:
    """Header, then evaluated systems in heatmap order, then the rest."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(report))
    dims = list(report.dimensions)
    for row in report.systems:
        p = row.posture
        writer.writerow(
            csv_row(
                [
                    "evaluated",
                    p.business_unit or "",
                    p.team,
                    p.repository,
                    p.path,
                    p.system,
                    p.lifecycle or "",
                    p.tier or "",
                    "pass" if p.gate_passed else "fail",
                    p.judged_on or "",
                    *(p.levels[d] for d in dims),
                    *(p.floors.get(d, 1) for d in dims),
                    " ".join(row.below_floor),
                    "yes" if p.floors_enforced else "no",
                    row.spread,
                    " ".join(
                        [*(f"{d}:{m}" for d, m in row.moves.items()), *(["new"] if row.new else [])]
                    ),
                    p.facts_checked,
                    p.facts_verified,
                    "",
                ]
            )
        )
    for problem in report.unevaluated:
        blanks = [""] * (len(dims) * 2)
        writer.writerow(
            csv_row(
                [
                    "error",
                    "",
                    "",
                    problem.repository or "",
                    problem.path,
                    "",
                    "",
                    "",
                    "",
                    "",
                    *blanks,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    problem.message,
                ]
            )
        )
    return out.getvalue()
