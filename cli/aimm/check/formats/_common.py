"""Judgements shared by the CI reporters (SARIF, JUnit, GitHub, Markdown).

Everything here reads a :class:`~aimm.core.result.ManifestResult` as reported; nothing is
evaluated again. Which controls block the gate is decided by the policies
(``policies/report/report.rego`` reports them) and arrives as each control's
``blocks_gate`` flag.
"""

from __future__ import annotations

from typing import Any

from aimm.core.errors import Problem
from aimm.core.evidence import fact_counts
from aimm.core.result import ManifestResult

HOMEPAGE = "https://github.com/aimm-dev/aimm"


def keeps_floor_unmet(result: ManifestResult, control: dict[str, Any]) -> bool:
    """Whether a control holds its dimension below an enforced floor: the policies list it
    among the next steps a floor needs. Waived controls count too (they keep the level
    down; the waiver only spares the gate)."""
    return any(
        s.get("reason") == "floor" and s.get("control") == control.get("id")
        for s in result.next_steps
    )


def blocks_gate(control: dict[str, Any]) -> bool:
    """Whether this control, as reported, is a reason the gate fails."""
    return control.get("blocks_gate") is True


def below_floor(result: ManifestResult, dimension: str) -> int:
    """How many levels ``dimension`` is below its floor (0 when it meets it)."""
    return max(0, result.floors.get(dimension, 0) - result.levels.get(dimension, 0))


def with_next_step(message: str, remediation: str) -> str:
    """``<message>. Next step: <remediation>`` (no doubled full stop, no empty step)."""
    message = message.strip()
    remediation = remediation.strip()
    if not remediation:
        return message
    if message and message[-1] not in ".!?":
        message += "."
    return f"{message} Next step: {remediation}".strip()


def problem_text(problem: Problem) -> str:
    """An input problem as one line: ``<pointer>: <message>``, or the message alone."""
    if problem.pointer:
        return f"{problem.pointer}: {problem.message}"
    return problem.message


def waiver_text(waiver: dict[str, Any]) -> str:
    """``<reason> (approved by X, expires D)``: the accepted risk in one line."""
    reason = " ".join(str(waiver.get("reason") or "").split())
    return f"{reason} (approved by {waiver.get('approved_by')}, expires {waiver.get('expires')})"


def waiver_line(result: ManifestResult, waiver: dict[str, Any]) -> int:
    """Where to point at a waiver: its own line when reported, else the waivers section
    (the line the waivers family reports), else the waived control's line, else 1."""
    line = waiver.get("line")
    if isinstance(line, int) and line > 0:
        return line
    for control in result.controls:
        if control.get("dimension") == "waivers":
            return control_line(control)
    for control in result.controls:
        if control.get("id") == waiver.get("control"):
            return control_line(control)
    return 1


def control_line(control: dict[str, Any]) -> int:
    """The manifest line of the fact that decides a control (1 when unknown)."""
    line = control.get("line")
    return line if isinstance(line, int) and line > 0 else 1


def display_name(result: ManifestResult) -> str:
    """The system's name, or its path when it has none (input errors)."""
    return result.system or result.path


# ---- evidence: what the probes verified, contradicted or left unverified ----------------------

EVIDENCE_STATUSES = ("contradicted", "verified", "unverified")
NOT_VERIFIED_NOTE = (
    "evidence not verified (--no-verify-evidence): every declared path counted as present and "
    "no file was read"
)


def evidence_facts(result: ManifestResult) -> list[tuple[str, str, dict[str, Any]]]:
    """Every fact a control relied on, as (status, control id, fact), contradicted facts first,
    then verified, then unverified; in control order within each status, as the policies
    reported them."""
    facts: list[tuple[str, str, dict[str, Any]]] = []
    for status in EVIDENCE_STATUSES:
        for control in result.controls:
            block = control.get("evidence")
            if not isinstance(block, dict):
                continue
            facts.extend(
                (status, str(control["id"]), item)
                for item in block.get(status, [])
                if isinstance(item, dict)
            )
    return facts


def evidence_counts(result: ManifestResult) -> dict[str, int]:
    """How many distinct facts (pointer, path and probe) each status holds. A fact several
    controls rely on counts once, under its worst status (contradicted, unverified, verified)."""
    return fact_counts(result.controls)


def evidence_summary(result: ManifestResult) -> str:
    """``2 contradicted, 9 verified, 3 unverified`` (the distinct facts checked)."""
    counts = evidence_counts(result)
    return ", ".join(f"{counts[s]} {s}" for s in EVIDENCE_STATUSES)


def fact_text(control_id: str, item: dict[str, Any]) -> str:
    """``EVA-3.2 /posture/evaluation/suites/0/cases (eval_suite): <detail>``."""
    return f"{control_id} {item.get('fact')} ({item.get('probe')}): {item.get('detail')}"
