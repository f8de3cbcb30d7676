"""The obligations matrix as CSV (``aimm audit --format csv``): one row per system and clause."""

from __future__ import annotations

import csv
import io
import json

from aimm.audit.formats import register
from aimm.audit.formats._common import requirement_text
from aimm.audit.matrix import AuditReport, Obligation
from aimm.core.text import csv_row

COLUMNS = (
    "system",
    "path",
    "framework",
    "clause",
    "title",
    "status",
    "outcome",
    "applicable",
    "applies_from",
    "in_force",
    "why",
    "requirements",
    "evidence",
    "declared",
    "source",
    "verification",
    "caveats",
)


def _not_assessed(o: Obligation) -> str:
    return f"not assessed by aimm: {o.clause.not_assessed}" if o.status == "not-assessed" else ""


@register("csv")
def render(report: AuditReport) -> str:
    """RFC 4180 CSV with a header row; lists inside a cell are joined with ``; ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for system in report.systems:
        for o in system.obligations:
            declared = [
                f"{d['fact']}={json.dumps(d['value'], ensure_ascii=False)} ({d['basis']})"
                for d in o.declared
            ]
            writer.writerow(
                csv_row(
                    (
                        system.system,
                        system.path,
                        o.framework,
                        o.clause.id,
                        o.clause.title,
                        o.status,
                        o.outcome,
                        "yes" if o.applies else "no",
                        o.applies_from or "",
                        "yes" if o.in_force else "no",
                        "; ".join(x for x in (o.reason, o.date_note, _not_assessed(o)) if x),
                        "; ".join(requirement_text(r) for r in o.requirements),
                        "; ".join(
                            f"{f.path} {f.status} sha256:{f.sha256 or '-'}" for f in o.evidence
                        ),
                        "; ".join(declared),
                        o.clause.source.get("ref", ""),
                        o.clause.source.get("verification", ""),
                        " ".join(o.caveats),
                    )
                )
            )
    return buffer.getvalue()
