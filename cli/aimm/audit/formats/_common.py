"""Phrasing shared by the audit formats: one wording of statuses, requirements and evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aimm.audit.matrix import EvidenceFile, Obligation, SystemAudit
from aimm.core.frameworks import Profile

STATUS_LABELS = {
    "met": "met",
    "partially-evidenced": "partial",
    "unmet": "UNMET",
    "waived": "waived",
    "upcoming": "upcoming",
    "not-applicable": "n/a",
    "not-assessed": "not-assessed",
}


def status_text(obligation: Obligation) -> str:
    """``met``, ``UNMET``, ``upcoming``, ``waived``, ``n/a``."""
    return STATUS_LABELS.get(obligation.status, obligation.status)


def upcoming_text(obligation: Obligation) -> str:
    """For an upcoming obligation: ``applies from 2027-12-02; not met yet`` (else empty)."""
    if obligation.status != "upcoming":
        return ""
    state = {
        "met": "already met",
        "partially-evidenced": "partially evidenced already",
        "waived": "waived for now",
    }.get(obligation.outcome, "not met yet")
    return f"applies from {obligation.applies_from}; {state}"


def risk_text(obligation: Obligation) -> str:
    """For an obligation of a regulation whose controls carry waivers: ``unmet, risk accepted by
    <approver> until <date> (<control>: <reason>)``, one per waiver (else empty). A waiver
    cannot suspend the law, so it is reported as accepted risk, never as a pass."""
    if not obligation.risk_accepted:
        return ""
    accepted = "; ".join(accepted_text(w) for w in obligation.risk_accepted)
    # An upcoming obligation is not unmet yet; the waiver is still only accepted risk.
    return f"unmet, {accepted}" if obligation.status == "unmet" else accepted


def accepted_text(waiver: dict[str, Any]) -> str:
    """``risk accepted by <approver> until <date> (<control>: <reason>)``."""
    return (
        f"risk accepted by {waiver.get('approved_by')} until {waiver.get('expires')} "
        f"({waiver.get('control')}: {waiver.get('reason')})"
    )


def caveats_text(obligation: Obligation) -> str:
    """``caveat: <text> <text>`` for a clause with caveats (else empty)."""
    return "caveat: " + " ".join(obligation.caveats) if obligation.caveats else ""


def disclaimers(profiles: Sequence[Profile]) -> list[str]:
    """``<short title>: <disclaimer>`` per framework that has one ("confirm with counsel")."""
    return [f"{p.short_title}: {p.disclaimer}" for p in profiles if p.disclaimer]


def requirement_text(req: dict[str, Any]) -> str:
    """One requirement: ``EU-4 pass: <message>`` or ``evaluation >= 4: fail; <detail>``."""
    waivers = [w for w in req.get("waivers", []) if isinstance(w, dict)]
    behind = "".join(f"; {_waiver_text(w)}" for w in waivers)
    if req.get("kind") == "level":
        need = f"{req.get('dimension')} >= {req.get('min_level')}"
        return f"{need}: {req.get('status')}; {req.get('detail')}{behind}"
    return f"{req.get('id')} {req.get('status')}: {req.get('detail')}{behind}"


def _waiver_text(waiver: dict[str, Any]) -> str:
    return (
        f"waived by {waiver.get('approved_by')} until {waiver.get('expires')} "
        f"({waiver.get('control')}: {waiver.get('reason')})"
    )


def file_text(file: EvidenceFile) -> str:
    """``docs/x.md present, sha256 <hex> (<what the probes found>)``, ``... CONTRADICTED`` or
    ``docs/x.md MISSING (<why>)``."""
    if file.status == "missing":
        return f"{file.path} MISSING ({file.detail})"
    found = checks_text(file)
    if file.status == "contradicted":
        return f"{file.path} present but CONTRADICTED, sha256 {file.sha256} ({found})"
    return f"{file.path} present, sha256 {file.sha256} ({found})"


def checks_text(file: EvidenceFile) -> str:
    """What the probes found in the file (contradicted first), or that none read it."""
    order = {"contradicted": 0, "unverified": 1, "verified": 2}
    checks = sorted(file.checks, key=lambda c: order.get(c["status"], 3))
    if not checks:
        return "content not assessed"
    return "; ".join(f"{c['status']}: {c['detail']}" for c in checks)


def declared_text(obligation: Obligation, shown: int = 3) -> str:
    """The declared facts behind an obligation, marked as declared (never as measured)."""
    declared = [d for d in obligation.declared if d.get("basis") == "declared"]
    if not declared:
        return ""
    if len(declared) > shown:
        return f"declared, not measured: {len(declared)} manifest facts"
    items = [f"{d['fact']} = {json.dumps(d['value'], ensure_ascii=False)}" for d in declared]
    return "declared, not measured: " + "; ".join(items)


def context_line(system: SystemAudit, frameworks: Sequence[str] = ("eu-ai-act",)) -> str:
    """``tier high · EU risk category high-risk (why) · roles provider``; the EU risk category
    only when the audit covers the EU AI Act (other frameworks do not have one)."""
    ctx = system.context
    roles = ", ".join(ctx.get("roles", [])) or "?"
    if not ctx.get("roles_declared"):
        roles += " (compliance.roles not declared: every role's duties apply)"
    parts = [f"tier {system.check.tier}"]
    if "eu-ai-act" in frameworks:
        parts.append(
            f"EU risk category {ctx.get('eu_risk_category')} ({ctx.get('eu_risk_category_reason')})"
        )
    parts.append(f"roles {roles}")
    return " · ".join(parts)


def counts_line(system: SystemAudit) -> str:
    """``2 met, 1 partially evidenced, 1 unmet, 0 waived, 18 upcoming, 2 not applicable``."""
    counts = system.counts()
    return (
        f"{counts['met']} met, {counts['partially-evidenced']} partially evidenced, "
        f"{counts['unmet']} unmet, {counts['waived']} waived, "
        f"{counts['upcoming']} upcoming, {counts['not-applicable']} not applicable"
        # Only when some clause is outside what aimm evidences, so other audits keep their shape.
        + (f", {counts['not-assessed']} not assessed" if counts["not-assessed"] else "")
    )
