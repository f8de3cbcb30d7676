"""The org report as CSV (``--format csv``): one row per manifest, for spreadsheets.

Evaluated systems carry their levels, floors, gate, spread and moves; manifests that could
not be evaluated have ``status`` ``error`` and the message. Columns added later come after
``message``: the gate's first reason, then per other model the organisation runs (a pack)
its level per dimension (``<model>:<dimension>``, empty where it does not apply), its
gate and its track.
"""

from __future__ import annotations

import csv
import io

from aimm.core.text import csv_row
from aimm.org.formats import register
from aimm.org.report import OrgReport, SystemRow


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
        "gate_reason",
        *(
            column
            for pack in report.packs
            for column in (
                *(f"{pack.model}:{d}" for d in pack.dimensions),
                f"{pack.model}:gate",
                f"{pack.model}:track",
            )
        ),
    ]


def _pack_cells(report: OrgReport, row: SystemRow | None) -> list[object]:
    cells: list[object] = []
    for pack in report.packs:
        posture = row.posture.pack(pack.model) if row is not None else None
        if posture is None:
            cells.extend([""] * (len(pack.dimensions) + 2))
            continue
        cells.extend(posture.levels.get(d, "") for d in pack.dimensions)
        cells.extend(["pass" if posture.gate_passed else "fail", posture.track or ""])
    return cells


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
                    p.gate_reason or "",
                    *_pack_cells(report, row),
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
                    "",
                    *_pack_cells(report, None),
                ]
            )
        )
    return out.getvalue()
