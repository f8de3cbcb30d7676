"""The ISO/IEC 42001 Statement of Applicability (``aimm audit --format soa``; in the evidence
pack as ``report/statement-of-applicability.md``).

ISO/IEC 42001 clause 6.1.3 asks for a Statement of Applicability covering every Annex A control:
whether it applies, why (or why not), and how it is implemented. The ``iso-42001`` profile holds
all 38 Annex A controls, so the statement has one row per control for each system: applicable or
not (the profile's applicability, judged on the manifest), the justification, aimm's status and
the aimm evidence behind it (controls, evidence files with their sha256, declared facts), or why
aimm cannot evidence the control. Needs ``--framework iso-42001``.
"""

from __future__ import annotations

from aimm.audit.formats import register
from aimm.audit.formats._common import status_text
from aimm.audit.formats.markdown import cell
from aimm.audit.matrix import BASIS_NOTE, AuditReport, Obligation, SystemAudit
from aimm.core.errors import UsageError
from aimm.core.frameworks import Profile

ISO = "iso-42001"
TITLE = "Statement of Applicability: ISO/IEC 42001:2023 Annex A"


def iso_profile(report: AuditReport) -> Profile | None:
    """The ISO/IEC 42001 profile of the audit, if it was chosen."""
    return next((p for p in report.profiles if p.id == ISO), None)


def justification(o: Obligation) -> str:
    """Why the control applies to the system, or why not."""
    return f"Applicable: {o.reason}." if o.applies else f"Not applicable: {o.reason}."


def evidence_text(o: Obligation) -> str:
    """The aimm evidence behind the control (controls, files, declared facts), or why none."""
    if o.status == "not-assessed":
        return f"None in aimm: {o.clause.not_assessed}"
    if not o.applies:
        return "-"
    parts = []
    if o.controls:
        parts.append("controls " + ", ".join(o.controls))
    levels = [f"{r['dimension']} level {r['min_level']}" for r in o.requirements
              if r.get("kind") == "level"]  # fmt: skip
    if levels:
        parts.append("grid " + ", ".join(levels))
    parts += [f"{f.path} ({f.status}, sha256 {(f.sha256 or '-')[:12]})" for f in o.evidence]
    declared = [d["fact"] for d in o.declared if d.get("basis") == "declared"]
    if declared:
        parts.append("declared " + ", ".join(declared))
    return "; ".join(parts) or "-"


def system_statement(system: SystemAudit) -> list[str]:
    """One system's statement: a Markdown table, one row per Annex A control."""
    rows = [o for o in system.obligations if o.framework == ISO]
    applicable = sum(1 for o in rows if o.applies)
    lines = [
        f"## {cell(system.system)}",
        "",
        f"`{cell(system.path)}`: {len(rows)} Annex A controls, {applicable} applicable, "
        f"{len(rows) - applicable} not applicable.",
        "",
        "| Control | Title | Applicable | Justification | aimm status | aimm evidence |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {o.clause.id} | {cell(o.clause.title)} | {'yes' if o.applies else 'no'} | "
        f"{cell(justification(o))} | {status_text(o) if o.applies else '-'} | "
        f"{cell(evidence_text(o))} |"
        for o in rows
    ]
    return [*lines, ""]


@register("soa")
def render(report: AuditReport) -> str:
    """The Statement of Applicability of every evaluated system, as Markdown."""
    profile = iso_profile(report)
    if profile is None:
        raise UsageError("--format soa is the ISO/IEC 42001 Statement of Applicability: "
                         "add --framework iso-42001")  # fmt: skip
    lines = [
        f"# {TITLE} ({report.today.isoformat()})",
        "",
        "> ISO/IEC 42001 clause 6.1.3 asks for a Statement of Applicability over every Annex A "
        "control (the standard was not read; control ids and titles agree across two public "
        "lists, V-2SRC). This statement is per AI system, judged on its manifest: the "
        "organisation's own statement also covers controls it implements outside any one "
        "system. The justifications are aimm's scoping (judgement, INF): review them with the "
        "owner of the AI management system.",
        "",
        f"> {cell(profile.disclaimer)}",
        "",
        f"> {BASIS_NOTE}",
        "",
    ]
    for system in report.systems:
        if system.evaluated:
            lines += system_statement(system)
        else:
            lines += [f"## {cell(system.path)}", "", "Could not be evaluated.", ""]
    return "\n".join(lines)
