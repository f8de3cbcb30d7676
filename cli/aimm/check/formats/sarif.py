"""SARIF 2.1.0 for GitHub code scanning (``--format sarif``).

One run whose driver lists every catalog control as a rule (catalog order), plus
``AIMM-INPUT`` for manifests that cannot be read or validated. Each control with status
``fail`` or ``waived`` becomes one result pointing at the manifest line of the fact that
decides it; passing controls produce nothing. Waived results carry an accepted external
suppression whose justification is the waiver (and, when the waiver is what lets the gate
pass, says so).

Levels follow the control's verdict (:func:`aimm.check.formats._common.verdict`), so code
scanning is red exactly when the gate is:

- ``error``: the control blocks the gate (or the run, with ``--fail-on any-fail``), and every
  input error;
- ``warning``: a failing control that does not block (the next level's, or one a baseline
  accepts);
- ``note``: an aspiration (a failure above the system's next level and its floor), a waived
  control, and every finding of an advisory model.

Each result's ``properties.verdict`` names its verdict.

Security severity (``properties["security-severity"]``, a string as GitHub expects):

- per rule, a default from the control's level: ``9.0 - 1.5 * (level - 1)`` (L2 7.5, L3 6.0,
  L4 4.5, L5 3.0); 8.0 for controls outside the grid (gate families) and for AIMM-INPUT;
- per result, from the system: ``min(10.0, base[tier] + 0.5 * gap)`` where base is low 3.0,
  medium 5.0, high 7.0, critical 9.0, prohibited 10.0 (an unknown tier counts as critical)
  and gap is how many levels the control's dimension is below its floor (0 for gate
  families). A result that neither keeps an enforced floor unmet nor blocks the gate is
  capped at 3.9 (GitHub's "low"). GitHub reads the rule's value; the result's value is for
  consumers that rank individual findings.

``partialFingerprints["aimm/v1"]`` is the SHA-256 of ``"<path>:<control id>"`` (for input
errors ``"<path>:AIMM-INPUT:<pointer>:<message>"``), so an alert survives edits that move
lines. The output is deterministic: no timestamps, keys in a fixed order.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

import aimm
from aimm.check.formats import register
from aimm.check.formats._common import (
    EVIDENCE_STATUSES,
    HOMEPAGE,
    NOT_VERIFIED_NOTE,
    aspiration_reason,
    below_floor,
    blocks_gate,
    carries_gate,
    control_line,
    evidence_counts,
    evidence_facts,
    keeps_floor_unmet,
    problem_text,
    verdict,
    waiver_text,
    with_next_step,
)
from aimm.core.errors import Problem
from aimm.core.model import Control, Model
from aimm.core.result import ManifestResult, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INPUT_RULE = "AIMM-INPUT"
SRCROOT = "%SRCROOT%"
TIER_BASE: dict[str, float] = {
    "low": 3.0,
    "medium": 5.0,
    "high": 7.0,
    "critical": 9.0,
    "prohibited": 10.0,
}
UNKNOWN_TIER_BASE = TIER_BASE["critical"]
GAP_STEP = 0.5
LOW_CAP = 3.9
MAX_SEVERITY = 10.0
OUTSIDE_GRID_SEVERITY = 8.0


def camel_case(text: str) -> str:
    """``Most requests are traced`` -> ``MostRequestsAreTraced`` (letters and digits only)."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words)


def rule_severity(level: int | None) -> float:
    """A rule's default security severity from its grid level (lower levels weigh more)."""
    if not isinstance(level, int):
        return OUTSIDE_GRID_SEVERITY
    return max(0.0, 9.0 - 1.5 * (level - 1))


def result_severity(result: ManifestResult, control: dict[str, Any], model: Model) -> float:
    """The severity of one finding on one system: tier base plus floor gap, see the module."""
    base = TIER_BASE.get(str(result.tier), UNKNOWN_TIER_BASE)
    gap = below_floor(result, str(control.get("dimension")))  # 0 outside the grid
    score = min(MAX_SEVERITY, base + GAP_STEP * gap)
    if not (keeps_floor_unmet(result, control) or blocks_gate(control)):
        score = min(score, LOW_CAP)
    return score


def _severity(value: float) -> str:
    return f"{value:.1f}"


def _control_rule(control: Control) -> dict[str, Any]:
    help_text = (
        f"{control.why}\n\nRemediation: {control.remediation}\n\nEvidence: {control.evidence}"
    )
    help_md = (
        f"**Check:** {control.check}\n\n**Why it matters.** {control.why}\n\n"
        f"**Remediation.** {control.remediation}\n\n**Evidence.** {control.evidence}"
    )
    return {
        "id": control.id,
        "name": camel_case(control.title) or camel_case(control.id),
        "shortDescription": {"text": control.title or control.id},
        "fullDescription": {"text": control.check or control.title or control.id},
        "defaultConfiguration": {"level": "warning" if control.level else "error"},
        "help": {"text": help_text, "markdown": help_md},
        "properties": {
            "tags": ["ai-governance", control.dimension],
            "security-severity": _severity(rule_severity(control.level)),
        },
    }


def _input_rule() -> dict[str, Any]:
    text = (
        "The manifest could not be read or validated against the aimm/v1 schema, so no "
        "control was evaluated and the check exits with code 2."
    )
    return {
        "id": INPUT_RULE,
        "name": "InvalidManifest",
        "shortDescription": {"text": "The manifest can be read and validated"},
        "fullDescription": {"text": text},
        "defaultConfiguration": {"level": "error"},
        "help": {
            "text": f"{text}\n\nRemediation: fix the reported key or value; "
            "`aimm validate` checks a manifest without evaluating it.",
            "markdown": f"{text}\n\n**Remediation.** Fix the reported key or value; "
            "`aimm validate` checks a manifest without evaluating it.",
        },
        "properties": {
            "tags": ["ai-governance", "input"],
            "security-severity": _severity(OUTSIDE_GRID_SEVERITY),
        },
    }


def _unknown_rule(control: dict[str, Any]) -> dict[str, Any]:
    """A rule for a reported control missing from the catalog (a custom model)."""
    title = str(control.get("title") or control["id"])
    remediation = str(control.get("remediation") or "")
    return {
        "id": str(control["id"]),
        "name": camel_case(title),
        "shortDescription": {"text": title},
        # A custom control's catalog text reaches the report through its remediation.
        **({"help": {"text": remediation}} if remediation else {}),
        "properties": {
            "tags": ["ai-governance", str(control.get("dimension"))],
            "security-severity": _severity(rule_severity(control.get("level"))),
        },
    }


def _artifact(path: str) -> dict[str, Any]:
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(posix.as_posix())}
    return {"uri": quote(posix.as_posix()), "uriBaseId": SRCROOT}


def _location(path: str, line: int) -> list[dict[str, Any]]:
    return [
        {
            "physicalLocation": {
                "artifactLocation": _artifact(path),
                "region": {"startLine": max(1, line)},
            }
        }
    ]


def _fingerprint(*parts: str) -> dict[str, str]:
    digest = hashlib.sha256(":".join(parts).encode("utf-8")).hexdigest()
    return {"aimm/v1": digest}


_LEVELS = {
    "blocking": "error",
    "warning": "warning",
    "baselined": "warning",
    "aspiration": "note",
    "advisory": "note",
    "waived": "note",
}


def _control_result(
    result: ManifestResult,
    control: dict[str, Any],
    index: int,
    model: Model,
    fail_on: str = "floors",
) -> dict[str, Any]:
    found = verdict(result, control, fail_on)
    waived = found == "waived"
    text = with_next_step(str(control["message"]), str(control.get("remediation", "")))
    if found == "aspiration":
        text = f"Aspiration ({aspiration_reason(result, control)}): {text}"
    entry: dict[str, Any] = {
        "ruleId": str(control["id"]),
        "ruleIndex": index,
        "level": _LEVELS[found],
        "message": {"text": text},
        "locations": _location(result.path, control_line(control)),
        "partialFingerprints": _fingerprint(result.path, str(control["id"])),
    }
    if result.baseline_accepted is not None:
        # SARIF's own baseline comparison: accepted failures are unchanged, the rest new.
        entry["baselineState"] = "unchanged" if control.get("baselined") else "new"
    waiver = control.get("waiver")
    if waived and isinstance(waiver, dict):
        justification = waiver_text(waiver)
        if carries_gate(result, control):
            justification += "; without it the gate would fail"
        entry["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": justification}
        ]
    entry["properties"] = {
        "security-severity": _severity(result_severity(result, control, model)),
        "system": result.system,
        "tier": result.tier,
        "dimension": control.get("dimension"),
        "verdict": found,
    }
    if isinstance(control.get("evidence"), dict):
        entry["properties"]["evidence"] = control["evidence"]
    return entry


def _evidence(report: Report, results: Sequence[ManifestResult]) -> dict[str, Any]:
    """The run's evidence: per manifest, the facts its controls relied on, by status (passing
    controls included, which have no result of their own)."""
    manifests = []
    for result in results:
        facts = evidence_facts(result)
        if not result.evaluated or not facts:
            continue
        manifests.append(
            {
                "path": result.path,
                "system": result.system,
                "counts": evidence_counts(result),
                **{
                    status: [{"control": cid, **item} for s, cid, item in facts if s == status]
                    for status in EVIDENCE_STATUSES
                },
            }
        )
    verified: dict[str, Any] = {"verified": report.evidence_verified}
    if not report.evidence_verified:
        verified["note"] = NOT_VERIFIED_NOTE
    return {**verified, "manifests": manifests}


def _input_result(result: ManifestResult, problem: Problem, index: int) -> dict[str, Any]:
    return {
        "ruleId": INPUT_RULE,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": problem_text(problem)},
        "locations": _location(result.path, problem.line or 1),
        "partialFingerprints": _fingerprint(
            result.path, INPUT_RULE, problem.pointer or "", problem.message
        ),
        "properties": {"security-severity": _severity(OUTSIDE_GRID_SEVERITY)},
    }


def _run(
    report: Report, catalog: Model, results_of: list[ManifestResult], primary: bool
) -> dict[str, Any]:
    """One run: the model's rules and the results judged by it (input errors in the
    primary run only)."""
    rules = [_control_rule(c) for c in catalog.controls]
    index = {c.id: i for i, c in enumerate(catalog.controls)}
    for result in results_of:
        for control in result.controls:
            if control["id"] not in index:
                index[control["id"]] = len(rules)
                rules.append(_unknown_rule(control))
    if primary:
        index[INPUT_RULE] = len(rules)
        rules.append(_input_rule())
    results: list[dict[str, Any]] = []
    for result in results_of:
        if not result.evaluated:
            problems = result.errors or (Problem("invalid manifest"),)
            results.extend(_input_result(result, p, index[INPUT_RULE]) for p in problems)
            continue
        results.extend(
            _control_result(result, c, index[c["id"]], catalog, report.fail_on)
            for c in result.controls
            if c["status"] in ("fail", "waived")
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aimm",
                "version": aimm.__version__,
                "informationUri": HOMEPAGE,
                "rules": rules,
            }
        },
        "results": results,
        "properties": {
            "today": report.today.isoformat(),
            "summary": report.summary(),
            "evidence": _evidence(report, results_of),
        },
    }
    if not primary:
        # A category per model, so code scanning keeps each model's alerts apart.
        run["automationDetails"] = {"id": f"aimm/{catalog.id}/"}
        run["properties"]["model"] = catalog.id
    return run


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict: one run for the primary model (with input
    errors), then one per further model (advisory models' findings as notes)."""
    runs = [_run(report, report.primary_model(), list(report.results), primary=True)]
    others: dict[str, list[ManifestResult]] = {}
    for result in report.results:
        for other in result.others:
            others.setdefault(other.model, []).append(other)
    runs += [_run(report, report.model_of(rs[0]), rs, primary=False) for rs in others.values()]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}


@register("sarif")
def render(report: Report, *, color: bool = False) -> str:
    """One SARIF 2.1.0 document (``color`` is ignored)."""
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
