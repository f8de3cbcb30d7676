"""The shipped examples, checked end to end through the real CLI against the manifest-v1 contract.

Each folder under ``examples/`` holds one ``aimm.yaml`` with its evidence files. The expectations
below are the examples table (``examples/README.md``) kept as data: the tier, the level per
dimension, the floors, which control caps each dimension below level 5, the gate verdict and the
exit code. Every run uses ``--today 2026-11-21`` so waiver expiry is reproducible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.core.evidence import declared_paths
from tests.support import DIMENSIONS, ROOT, TODAY, Cli
from tests.support import EXAMPLES as EXAMPLES_DIR

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schemas/manifest.schema.json"


@dataclass(frozen=True)
class Expected:
    """What the contract says ``aimm check`` reports for one example."""

    tier: str
    levels: dict[str, int]
    floors: dict[str, int]
    floors_enforced: bool
    gate_passed: bool
    exit_code: int
    # For every dimension below level 5: a control of the next level that does not pass.
    capped_by: dict[str, str]
    # Controls that must be reported with status "waived".
    waived: tuple[str, ...] = ()
    # Controls that must be reported with status "fail" (and that fail the gate).
    failing: tuple[str, ...] = ()


def _dims(visibility: int, evaluation: int, cost: int, access: int, audit: int) -> dict[str, int]:
    """A level or floor per dimension, in the contract's dimension order."""
    return dict(zip(DIMENSIONS, (visibility, evaluation, cost, access, audit), strict=True))


EXPECTED: dict[str, Expected] = {
    # score 2 (suggest 0 + confidential 1 + internal 0 + medium 1) -> low
    "internal-copilot": Expected(
        tier="low",
        levels=_dims(2, 2, 2, 2, 2),
        floors=_dims(1, 1, 1, 1, 1),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-3.1",  # dashboards per-team
            "evaluation": "EVA-3.2",  # 12 cases, level 3 needs 20
            "cost": "COS-3.1",  # cost dashboards per-team
            "access": "ACC-3.1",  # sso partial
            "audit": "AUD-3.1",  # records scattered
        },
    ),
    # score 5 (act-with-approval 1 + personal 2 + customers 1 + medium 1) -> high
    "support-agent": Expected(
        tier="high",
        levels=_dims(4, 3, 3, 4, 3),
        floors=_dims(3, 3, 3, 3, 3),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-5.1",  # agent_readable_traces false
            "evaluation": "EVA-4.2",  # ci_gate not blocking
            "cost": "COS-4.1",  # limits enforced client-side
            "access": "ACC-5.1",  # no policy as code
            "audit": "AUD-4.2",  # audit trail not immutable
        },
    ),
    # score 8 (act-autonomously 2 + personal 2 + customers 1 + critical 3) -> critical
    "billing-agent": Expected(
        tier="critical",
        levels=_dims(4, 4, 4, 4, 4),
        floors=_dims(4, 4, 3, 4, 4),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-5.1",  # agent_readable_traces false
            "evaluation": "EVA-5.1",  # online evals disabled
            "cost": "COS-5.1",  # unit_economics unit is conversation
            "access": "ACC-5.2",  # keys rotated every 180 days
            "audit": "AUD-5.1",  # no continuous compliance
        },
    ),
    # score 6 -> high; domain credit-scoring raises evaluation and audit floors to 4
    "credit-scoring": Expected(
        tier="high",
        levels=_dims(3, 3, 3, 4, 3),
        floors=_dims(3, 4, 3, 3, 4),
        floors_enforced=True,
        gate_passed=False,
        exit_code=1,
        capped_by={
            "visibility": "VIS-4.1",  # no trace propagation
            "evaluation": "EVA-4.2",  # CI validation only warns
            "cost": "COS-4.1",  # no server-enforced limits
            "access": "ACC-5.1",  # no policy as code
            "audit": "AUD-4.2",  # decisions in a mutable table
        },
        failing=("EVA-4.2", "AUD-4.2"),
    ),
    # score 3 (suggest 0 + personal 2 + internal 0 + medium 1) -> medium; experiment
    "prompt-lab": Expected(
        tier="medium",
        levels=_dims(1, 2, 1, 1, 1),
        floors=_dims(2, 2, 2, 2, 2),
        floors_enforced=False,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-2.1",  # no dashboards
            "evaluation": "EVA-3.1",  # no suites
            "cost": "COS-2.1",  # no cost section at all
            "access": "ACC-2.1",  # shared API key
            "audit": "AUD-2.1",  # no audit section at all
        },
    ),
    # score 5 (suggest 0 + personal 2 + customers 1 + high 2) -> high; COS-3.2 waived
    "claims-triage": Expected(
        tier="high",
        levels=_dims(4, 3, 2, 3, 3),
        floors=_dims(3, 3, 3, 3, 3),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-5.1",  # agent_readable_traces false
            "evaluation": "EVA-4.4",  # 40 regression cases, level 4 needs 50
            "cost": "COS-3.2",  # budget alerts off (waived)
            "access": "ACC-4.1",  # rbac coarse
            "audit": "AUD-4.1",  # audit trail not mandatory
        },
        waived=("COS-3.2",),
    ),
    # score 6 (act-autonomously 2 + personal 2 + customers 1 + medium 1) -> high; the
    # ai-operations pack's example (tests/models/ai_operations checks its pack levels)
    "dispatch-agent": Expected(
        tier="high",
        levels=_dims(4, 4, 3, 4, 4),
        floors=_dims(3, 3, 3, 3, 3),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-5.1",  # agent_readable_traces not set
            "evaluation": "EVA-5.1",  # no online evaluation
            "cost": "COS-4.1",  # limits enforced by the client
            "access": "ACC-5.1",  # no policy as code
            "audit": "AUD-5.1",  # compliance not checked continuously
        },
    ),
    # score 3 (suggest 0 + personal 2 + internal 0 + medium 1) -> medium; the mlops pack's
    # example (tests/models/mlops checks its pack levels)
    "churn-model": Expected(
        tier="medium",
        levels=_dims(2, 4, 2, 3, 3),
        floors=_dims(2, 2, 2, 2, 2),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-3.2",  # a batch job: no request tracing
            "evaluation": "EVA-5.1",  # no online evaluation
            "cost": "COS-3.1",  # team cost dashboards only
            "access": "ACC-4.1",  # rbac coarse
            "audit": "AUD-4.2",  # audit trail not immutable
        },
    ),
    # score 0 (suggest 0 + internal 0 + internal 0 + low 0) -> low; the aiops-capability
    # pack's example (tests/models/aiops_capability checks its pack levels and self-assessment)
    "helpdesk-assistant": Expected(
        tier="low",
        levels=_dims(2, 3, 2, 2, 2),
        floors=_dims(1, 1, 1, 1, 1),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-3.1",  # dashboards per-team
            "evaluation": "EVA-4.2",  # CI job does not block
            "cost": "COS-3.1",  # cost dashboards per-team
            "access": "ACC-3.2",  # no roles
            "audit": "AUD-3.3",  # no audit trail
        },
    ),
    # score 1 (suggest 0 + internal 0 + internal 0 + medium 1) -> low; the ai-platform pack's
    # example (tests/models/ai_platform checks its ladder, areas and delivery bands)
    "demand-forecast": Expected(
        tier="low",
        levels=_dims(2, 3, 2, 3, 2),
        floors=_dims(1, 1, 1, 1, 1),
        floors_enforced=True,
        gate_passed=True,
        exit_code=0,
        capped_by={
            "visibility": "VIS-3.2",  # a batch job: no request tracing
            "evaluation": "EVA-4.2",  # CI job does not block
            "cost": "COS-3.2",  # no budget alerts
            "access": "ACC-4.1",  # rbac coarse
            "audit": "AUD-3.3",  # no audit trail
        },
    ),
}

NAMES = sorted(EXPECTED)
GRID_PREFIXES = {
    "VIS": "visibility",
    "EVA": "evaluation",
    "COS": "cost",
    "ACC": "access",
    "AUD": "audit",
}


Checks = dict[str, tuple[int, dict[str, Any]]]


@pytest.fixture(scope="module")
def checks(cli: Cli) -> Checks:
    """``aimm check examples/<name> --format json --today TODAY`` from the repository root,
    run once per example; the exit code and the parsed report by example name."""
    found: Checks = {}
    for name in NAMES:
        code, out, err = cli(
            "check", f"examples/{name}", "--format", "json", "--today", TODAY.isoformat(), cwd=ROOT
        )
        try:
            report = json.loads(out)
        except json.JSONDecodeError as exc:
            pytest.fail(
                f"aimm check {name} (exit {code}) did not print a JSON report: {exc}\n"
                f"stdout: {out[:2000]}\nstderr: {err[:2000]}"
            )
        assert isinstance(report, dict), f"the report for {name} is not a JSON object"
        found[name] = (code, report)
    return found


def only_result(checks: Checks, name: str) -> dict[str, Any]:
    """The single result of an example's report (each example folder holds one manifest)."""
    _, report = checks[name]
    results = report["results"]
    assert isinstance(results, list)
    assert len(results) == 1, f"{name}: expected one result, got {len(results)}"
    result = results[0]
    assert isinstance(result, dict)
    return result


def control_status(result: dict[str, Any]) -> dict[str, str]:
    """Control id -> status for one result."""
    return {str(c["id"]): str(c["status"]) for c in result["controls"]}


def load_manifest(name: str) -> dict[str, Any]:
    """An example's ``aimm.yaml`` as plain data."""
    with (EXAMPLES_DIR / name / "aimm.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{name}/aimm.yaml is not a mapping"
    return data


def declared_evidence(manifest: dict[str, Any]) -> list[str]:
    """Every evidence path the manifest declares (every field the checker verifies)."""
    return declared_paths(manifest)


# --- the examples on disk match the table -------------------------------------------------------


def test_every_example_folder_has_expectations() -> None:
    """Each folder with an aimm.yaml under examples/ is in the table, and nothing else is."""
    on_disk = {p.parent.name for p in EXAMPLES_DIR.glob("*/aimm.yaml")}
    assert on_disk == set(EXPECTED)


def test_examples_readme_lists_every_example() -> None:
    """examples/README.md names every example with its reproducible check command."""
    text = (EXAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"aimm check examples/{name} --today {TODAY.isoformat()}" in text, name


@pytest.mark.parametrize("name", NAMES)
def test_example_has_readme(name: str) -> None:
    """Every example folder explains itself and its expected verdict in a README.md."""
    readme = EXAMPLES_DIR / name / "README.md"
    assert readme.is_file()
    assert name in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_manifest_starts_with_schema_modeline(name: str) -> None:
    """Editors validate the manifest against the shipped schema via the first-line modeline."""
    first_line = (EXAMPLES_DIR / name / "aimm.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == SCHEMA_MODELINE


@pytest.mark.parametrize("name", NAMES)
def test_declared_evidence_exists(name: str) -> None:
    """Every path the manifest declares exists as a file inside the example folder."""
    folder = (EXAMPLES_DIR / name).resolve()
    for declared in declared_evidence(load_manifest(name)):
        target = (folder / declared).resolve()
        assert folder in target.parents, f"{name}: {declared} escapes the example folder"
        assert target.is_file(), f"{name}: declared evidence {declared} is missing"


@pytest.mark.parametrize("name", NAMES)
def test_manifest_name_matches_folder(name: str) -> None:
    """Each example's metadata.name is its folder name, so reports are easy to match up."""
    assert load_manifest(name)["metadata"]["name"] == name


# --- the CLI's JSON report against the contract ---------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_example_exit_code_and_summary(name: str, checks: Checks) -> None:
    """Exit 0 when the gate passes, 1 when it fails; the summary counts the one manifest."""
    expected = EXPECTED[name]
    exit_code, report = checks[name]
    assert exit_code == expected.exit_code
    assert report["schema_version"] == 1
    assert report["summary"] == {
        "manifests": 1,
        "passed": 1 if expected.gate_passed else 0,
        "failed": 0 if expected.gate_passed else 1,
        "errors": 0,
    }


@pytest.mark.parametrize("name", NAMES)
def test_example_tier_levels_and_gate(name: str, checks: Checks) -> None:
    """Tier, levels, floors and the gate verdict are those of the examples table."""
    expected = EXPECTED[name]
    result = only_result(checks, name)
    assert result["status"] == "evaluated"
    assert result["system"] == name
    assert result["team"] == load_manifest(name)["metadata"]["team"]
    assert Path(result["path"]).name == "aimm.yaml"
    assert Path(result["path"]).parent.name == name
    assert result["tier"] == expected.tier
    assert result["levels"] == expected.levels
    assert result["floors"] == expected.floors
    assert result["floors_enforced"] is expected.floors_enforced
    assert result["gate"]["passed"] is expected.gate_passed
    if expected.gate_passed:
        assert result["gate"]["reasons"] == []
    else:
        assert result["gate"]["reasons"], "a failed gate must say why"


@pytest.mark.parametrize("name", NAMES)
def test_example_controls_explain_levels(name: str, checks: Checks) -> None:
    """Controls up to each level pass, and the named control caps each dimension below 5."""
    expected = EXPECTED[name]
    result = only_result(checks, name)
    status = control_status(result)
    assert set(status.values()) <= {"pass", "fail", "waived"}
    for control in result["controls"]:
        dimension = GRID_PREFIXES.get(str(control["id"]).split("-")[0])
        if dimension is None:
            continue
        assert control["dimension"] == dimension
        if control["level"] <= expected.levels[dimension]:
            assert control["status"] == "pass", f"{control['id']} is below the reported level"
    for dimension, control_id in expected.capped_by.items():
        assert expected.levels[dimension] < 5
        assert status[control_id] != "pass", f"{control_id} should cap {dimension}"
    for control_id in expected.failing:
        assert status[control_id] == "fail", control_id
    for control_id in expected.waived:
        assert status[control_id] == "waived", control_id
    if not expected.waived:
        assert "waived" not in status.values()


@pytest.mark.parametrize("name", NAMES)
def test_example_ownership_and_risk_controls_pass(name: str, checks: Checks) -> None:
    """Every example declares the owners its lifecycle and tier need, and an honest tier."""
    status = control_status(only_result(checks, name))
    for control_id in ("OWN-1", "OWN-2", "OWN-3", "RISK-1", "RISK-2", "WVR-1", "WVR-2", "WVR-3"):
        assert status.get(control_id) == "pass", control_id


def test_waiver_covers_the_floor_gap_without_changing_levels(checks: Checks) -> None:
    """claims-triage: cost stays under its floor, and the waived COS-3.2 alone keeps it there."""
    manifest = load_manifest("claims-triage")
    waiver = manifest["waivers"][0]
    assert waiver["control"] == "COS-3.2"
    assert str(waiver["expires"]) == "2027-03-31"
    assert waiver["reason"].strip()
    assert waiver["approved_by"].strip()

    result = only_result(checks, "claims-triage")
    waived = [c for c in result["controls"] if c["status"] == "waived"]
    assert [c["id"] for c in waived] == ["COS-3.2"]
    assert waived[0]["dimension"] == "cost"
    assert waived[0]["level"] == 3
    # Waivers never change levels: cost stays at 2, under its floor of 3.
    assert result["levels"]["cost"] == 2
    assert result["floors"]["cost"] == 3
    # No other cost control at or below the floor fails, so the waiver alone carries the gate.
    for control in result["controls"]:
        if control["dimension"] == "cost" and control["level"] <= 3 and control["id"] != "COS-3.2":
            assert control["status"] == "pass", control["id"]
    assert result["gate"]["passed"] is True


def test_regulated_domain_floors_fail_the_gate(checks: Checks) -> None:
    """credit-scoring: evaluation and audit at 3 under regulatory floors of 4 fail the gate."""
    result = only_result(checks, "credit-scoring")
    for dimension in ("evaluation", "audit"):
        assert result["levels"][dimension] < result["floors"][dimension] == 4
    assert result["gate"]["passed"] is False
    assert checks["credit-scoring"][0] == 1


def test_experiment_floors_are_reported_not_enforced(checks: Checks) -> None:
    """prompt-lab: unmet floors are reported, but an experiment's gate passes."""
    result = only_result(checks, "prompt-lab")
    unmet = [d for d in DIMENSIONS if result["levels"][d] < result["floors"][d]]
    assert unmet == ["visibility", "cost", "access", "audit"]
    assert result["floors_enforced"] is False
    assert result["gate"]["passed"] is True
