"""Judgements shared by the CI reporters (SARIF, JUnit, GitHub, Markdown).

Everything here reads a :class:`~aimm.core.result.ManifestResult` as reported; nothing is
evaluated again. Which controls block the gate is decided by the policies
(``policies/report/report.rego`` reports them) and arrives as each control's
``blocks_gate`` flag.
"""

from __future__ import annotations

from typing import Any

from aimm.core.errors import Problem
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
