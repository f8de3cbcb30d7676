"""Judgements shared by the CI reporters (SARIF, JUnit, GitHub, Markdown, text).

Everything here reads a :class:`~aimm.core.result.ManifestResult` as reported; nothing is
evaluated again. Which controls block the gate, and which failures are aspirations, is
decided by the policies (``policies/core/report/report.rego`` reports them) and arrives as
each control's ``blocks_gate`` flag and the result's ``aspirations``.

Every reporter sorts a control into one :func:`verdict`, so a CI consumer is red exactly
when the gate is:

====================  =============================  ===========  =========================
verdict               what it is                     SARIF level  JUnit
====================  =============================  ===========  =========================
``blocking``          fails the gate (or the run,    error        failure
                      with ``--fail-on any-fail``)
``warning``           fails, does not block          warning      skipped, "does not block"
``aspiration``        fails above the system's next  note         skipped, "aspiration"
                      level and its floor
``baselined``         accepted by the baseline       warning      skipped
``advisory``          a further model that does not  note         skipped
                      gate
``waived``            covered by a valid waiver      note         skipped, the waiver
``disabled``          disabled by the org config     (none)       skipped
``pass``              passes                         (none)       passes
====================  =============================  ===========  =========================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


def verdict(result: ManifestResult, control: dict[str, Any], fail_on: str = "floors") -> str:
    """What a control means for CI (see the module's table). ``fail_on`` is the run's
    ``--fail-on``: with ``any-fail`` every failure a baseline does not accept fails the run."""
    status = control.get("status")
    if status in ("pass", "waived", "disabled"):
        return str(status)
    if not result.gating:
        return "advisory"
    if blocks_gate(control):
        return "blocking"
    baselined = control.get("baselined") is True
    if fail_on == "any-fail" and not baselined:
        return "blocking"
    if result.is_aspiration(control):
        return "aspiration"
    return "baselined" if baselined else "warning"


def by_verdict(result: ManifestResult, fail_on: str = "floors") -> dict[str, list[dict[str, Any]]]:
    """The controls that do not pass, grouped by verdict, each group in report order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for control in result.controls:
        found = verdict(result, control, fail_on)
        if found != "pass":
            groups.setdefault(found, []).append(control)
    return groups


def next_level(result: ManifestResult) -> int:
    """The system's next level: one above its lowest dimension (what the next steps aim at)."""
    return min(result.levels.values(), default=0) + 1


def aspiration_reason(result: ManifestResult, control: dict[str, Any]) -> str:
    """Why a failure is an aspiration: ``level 5 is above the system's next level (4) and
    the evaluation floor (3)``."""
    dim = str(control.get("dimension"))
    return (
        f"level {control.get('level')} is above the system's next level ({next_level(result)}) "
        f"and the {dim} floor ({result.floors.get(dim, 0)})"
    )


@dataclass(frozen=True)
class FloorMiss:
    """A dimension below its floor, and what carries it: ``blocking`` (unwaived controls fail
    the gate), ``waived`` (valid waivers carry it; ``waivers`` are (control, waiver) pairs),
    ``baselined``, ``disabled`` (by the org config), or ``not-enforced`` (the lifecycle)."""

    dimension: str
    level: int
    floor: int
    kind: str
    waivers: tuple[tuple[str, dict[str, Any]], ...] = ()


def floor_miss(result: ManifestResult, dimension: str) -> FloorMiss | None:
    """Why ``dimension`` is below its floor and why the gate still passes or not; None when
    the floor is met. The controls that keep a floor unmet are the policies' floor steps."""
    level, floor = result.levels.get(dimension, 0), result.floors.get(dimension, 0)
    if level >= floor:
        return None
    if not result.floors_enforced or result.lifecycle == "retired":
        return FloorMiss(dimension, level, floor, "not-enforced")
    holding = [
        c
        for c in result.controls
        if c.get("dimension") == dimension and keeps_floor_unmet(result, c)
    ]
    statuses = {str(c.get("status")) for c in holding}
    waived = tuple(
        (str(c["id"]), c["waiver"])
        for c in holding
        if c.get("status") == "waived" and isinstance(c.get("waiver"), dict)
    )
    if any(blocks_gate(c) for c in holding) or not holding:
        kind = "blocking"
    elif waived:
        kind = "waived"
    elif any(c.get("baselined") for c in holding):
        kind = "baselined"
    elif "disabled" in statuses:
        kind = "disabled"
    else:
        kind = "blocking"
    return FloorMiss(dimension, level, floor, kind, waived)


def carried_by(miss: FloorMiss) -> str:
    """``waived: EVA-4.2 until 2027-01-31, approved by cto@example.com`` (several joined)."""
    return "; ".join(
        f"{cid} until {w.get('expires')}, approved by {w.get('approved_by')}"
        for cid, w in miss.waivers
    )


def floor_status(miss: FloorMiss) -> str:
    """A floor miss in words: ``below floor``, ``below floor, waived: EVA-4.2 until ...``."""
    if miss.kind == "waived":
        return f"below floor, waived: {carried_by(miss)}"
    if miss.kind == "baselined":
        return "below floor, accepted by the baseline"
    if miss.kind == "disabled":
        return "below floor, its controls disabled by the org config"
    if miss.kind == "not-enforced":
        return "below floor (not enforced)"
    return "below floor"


def carries_gate(result: ManifestResult, control: dict[str, Any]) -> bool:
    """Whether a waived control is what lets the gate pass: it keeps an enforced floor unmet,
    or it is a gate-family control (ownership) where floors are enforced. Without the
    waiver the gate would fail."""
    if control.get("status") != "waived" or not result.gating:
        return False
    if not isinstance(control.get("level"), int):
        return result.floors_enforced and result.lifecycle != "retired"
    miss = floor_miss(result, str(control.get("dimension")))
    return miss is not None and miss.kind == "waived" and keeps_floor_unmet(result, control)


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


def _named(part: Mapping[str, Any]) -> str:
    return f"{part.get('total')} (L{part.get('level')} {part.get('name')})"


def assessment_lines(extras: Mapping[str, Any]) -> list[str]:
    """What a check report says of a self-assessment (report rule ``assessment``) and of the
    model's notes (rule ``notes``): claimed against evidenced, the claims the facts do not
    show, and the notes. Empty for a model without them."""
    lines: list[str] = []
    assessment = extras.get("assessment")
    if isinstance(assessment, Mapping) and isinstance(assessment.get("evidenced"), Mapping):
        evidenced = assessment["evidenced"]
        claimed = assessment.get("claimed")
        if isinstance(claimed, Mapping):
            lines.append(
                f"self-assessment: claimed {_named(claimed)}, evidenced {_named(evidenced)}"
                " (only evidenced values gate)"
            )
            gaps = [g for g in assessment.get("gaps") or [] if isinstance(g, Mapping)]
            if gaps:
                lines.append("  claims the facts do not show:")
                lines += [
                    f"  - {g.get('question')} {g.get('short')}: claimed {g.get('claimed')}, "
                    f"evidenced {g.get('evidenced')}; needs {g.get('needs')}"
                    for g in gaps
                ]
        else:
            lines.append(
                f"self-assessment from the facts: {_named(evidenced)} "
                f"(facts can show at most {assessment.get('derivable_max')}; "
                "aimm assess records the team's answers)"
            )
        sections = [s for s in evidenced.get("sections") or [] if isinstance(s, Mapping)]
        if sections:
            lines.append(
                "  evidenced by section: "
                + ", ".join(f"{s.get('title')} {s.get('score')}" for s in sections)
            )
    notes = [n for n in extras.get("notes") or [] if isinstance(n, str)]
    lines += [f"note: {n}" for n in notes]
    return lines
