"""The obligations matrix as Markdown (``aimm audit --format markdown``), also the evidence
pack's matrix section: per system a table of clauses with status, reason, controls and evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from aimm.audit.formats import register
from aimm.audit.formats._common import (
    accepted_text,
    caveats_text,
    checks_text,
    context_line,
    counts_line,
    disclaimers,
    requirement_text,
    status_text,
    upcoming_text,
)
from aimm.audit.matrix import BASIS_NOTE, AuditReport, EvidenceFile, Obligation, SystemAudit
from aimm.core.errors import format_problem
from aimm.core.text import markdown_cell


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (:func:`aimm.core.text.markdown_cell`)."""
    return markdown_cell(text)


def _file(f: EvidenceFile) -> str:
    if f.status == "missing":
        return f"`{f.path}` **missing**"
    mark = " **contradicted**" if f.status == "contradicted" else ""
    return f"`{f.path}`{mark} sha256 `{f.sha256}` ({checks_text(f)})"


def _evidence(obligation: Obligation) -> str:
    files = [_file(f) for f in obligation.evidence]
    declared = sum(1 for d in obligation.declared if d.get("basis") == "declared")
    if declared:
        files.append(f"{declared} declared fact(s), not measured")
    return "<br>".join(cell(f) for f in files) or "-"


def _why(o: Obligation) -> str:
    """Why the clause applies, why from another date than its own when it does, and its
    caveats."""
    why = f"{o.reason}; {o.date_note}" if o.date_note else o.reason
    if o.status == "not-assessed":
        why = f"{why}; not assessed by aimm: {o.clause.not_assessed}"
    return f"{why}; {caveats_text(o)}" if o.caveats and o.status != "not-applicable" else why


def _accepted(o: Obligation) -> str:
    """``(risk accepted by <approver> until <date> (<control>: <reason>))`` after UNMET."""
    return f"({'; '.join(accepted_text(w) for w in o.risk_accepted)})" if o.risk_accepted else ""


def matrix_table(system: SystemAudit) -> str:
    """The system's obligations as one Markdown table."""
    lines = [
        "| Status | Clause | Obligation | Why | Requirements | Evidence |",
        "|---|---|---|---|---|---|",
    ]
    for o in system.obligations:
        reqs = "<br>".join(cell(requirement_text(r)) for r in o.requirements) or "-"
        if o.status == "not-applicable":
            reqs = "-"
        lines.append(
            f"| {cell(' '.join([status_text(o), upcoming_text(o), _accepted(o)]).strip())} | "
            f"{cell(o.framework + ' ' + o.clause.id)} | "
            f"{cell(o.clause.title)} | {cell(_why(o))} | {reqs} | "
            f"{_evidence(o) if o.status != 'not-applicable' else '-'} |"
        )
    return "\n".join(lines) + "\n"


def system_section(system: SystemAudit, frameworks: Sequence[str], level: str = "##") -> str:
    """A system's heading, context, counts and matrix."""
    if not system.evaluated:
        problems = "\n".join(
            f"- `{cell(format_problem(system.path, p))}`" for p in system.check.errors
        )
        return f"{level} {cell(system.path)}\n\nCould not be evaluated:\n\n{problems}\n"
    gate = "passed" if system.check.gate_passed else "**failed**"
    context = cell(context_line(system, frameworks))
    return (
        f"{level} {cell(system.system)}\n\n`{cell(system.path)}` · {context}\n\n"
        f"Gate with these profiles: {gate}. Obligations: {counts_line(system)}.\n\n"
        f"{matrix_table(system)}"
    )


@register("markdown")
def render(report: AuditReport) -> str:
    """A title, the basis note, then one section per system."""
    titles = ", ".join(p.short_title for p in report.profiles)
    parts = [f"# aimm audit: {titles} ({report.today.isoformat()})\n", f"> {BASIS_NOTE}\n"]
    parts += [f"> {cell(note)}\n" for note in disclaimers(report.profiles)]
    parts += [system_section(s, [p.id for p in report.profiles]) for s in report.systems]
    return "\n".join(parts)
