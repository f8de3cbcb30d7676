"""The obligations matrix for a terminal (``aimm audit --format text``), plain ASCII.

Per system: a header (name, path, tier, EU risk category, roles), the counts, then one block
per clause: its status, why it applies or not, each requirement with its status, and the
evidence files with their sha256. Not-applicable clauses get one line and the reason.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from aimm.audit.formats import register
from aimm.audit.formats._common import (
    caveats_text,
    context_line,
    counts_line,
    declared_text,
    disclaimers,
    file_text,
    requirement_text,
    risk_text,
    status_text,
    upcoming_text,
)
from aimm.audit.matrix import BASIS_NOTE, AuditReport, Obligation, SystemAudit
from aimm.core.errors import format_problem
from aimm.core.text import one_line, terminal

WIDTH = 100
INDENT = " " * 6


def _wrap(text: str, indent: str = INDENT) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )


def _obligation(obligation: Obligation) -> list[str]:
    head = f"  {status_text(obligation):<9} {obligation.framework} {obligation.clause.id}"
    lines = [f"{head}: {obligation.clause.title}"]
    if obligation.status == "upcoming":
        lines += _wrap(upcoming_text(obligation))
    lines += _wrap(f"why: {obligation.reason}")
    if obligation.date_note:
        lines += _wrap(f"date: {obligation.date_note}")
    if obligation.status == "not-applicable":
        return lines
    if obligation.status == "not-assessed":
        return lines + _wrap(f"not assessed by aimm: {obligation.clause.not_assessed}")
    if obligation.risk_accepted:
        lines += _wrap(risk_text(obligation))
    if obligation.caveats:
        lines += _wrap(caveats_text(obligation))
    for req in obligation.requirements:
        lines += _wrap(requirement_text(req))
    for file in obligation.evidence:
        lines += _wrap(f"file {file_text(file)}")
    declared = declared_text(obligation)
    if declared:
        lines += _wrap(declared)
    return lines


def _system(system: SystemAudit, frameworks: Sequence[str]) -> list[str]:
    if not system.evaluated:
        return [one_line(f"error: {format_problem(system.path, p)}") for p in system.check.errors]
    context = context_line(system, frameworks)
    lines = [f"{one_line(system.system)}  {one_line(system.path)}", *_wrap(context, "")]
    gate = "PASSED" if system.check.gate_passed else "FAILED"
    lines.append(f"gate with these profiles: {gate}")
    lines.append(f"obligations: {counts_line(system)}")
    for obligation in system.obligations:
        lines += _obligation(obligation)
    return [*lines, ""]


@register("text")
def render(report: AuditReport) -> str:
    """Every system's matrix, then a summary line."""
    titles = ", ".join(p.short_title for p in report.profiles)
    early = " (upcoming obligations enforced early)" if report.enforce_upcoming else ""
    lines = [f"aimm audit: {titles} on {report.today.isoformat()}{early}", *_wrap(BASIS_NOTE, "")]
    for note in disclaimers(report.profiles):
        lines += _wrap(note, "")
    lines.append("")
    for system in report.systems:
        lines += _system(system, [p.id for p in report.profiles])
    s = report.summary()
    lines.append(
        f"{s['systems']} system(s): {s['with_unmet']} with unmet obligations, "
        f"{s['errors']} error(s)"
    )
    return terminal("\n".join(lines) + "\n")
