"""SARIF: validated against the official 2.1.0 schema (vendored in ``tests/data``) and loaded
with sarif-tools; rules, severities, suppressions and locations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sarif import loader  # type: ignore[import-untyped]

from aimm.check.formats import sarif
from aimm.check.formats._common import with_next_step
from aimm.core.model import extend_model, load_model
from aimm.core.result import ManifestResult, Report
from tests.check.formats.samples import control_named, ctl, result_named, synthetic
from tests.support import ORG_CONFIG_EXAMPLE, TODAY, dims

FORMATS = ("sarif", "junit", "github", "markdown")

# ---- SARIF ------------------------------------------------------------------------------------


def _sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(report, color=False))
    return log


def _sarif_results(report: Report, control_id: str, path: str) -> list[dict[str, Any]]:
    results = _sarif(report)["runs"][0]["results"]
    return [
        r
        for r in results
        if r["ruleId"] == control_id
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
    ]


@pytest.mark.parametrize("name", ["examples", "broken"])
def test_sarif_validates_against_the_official_schema(
    name: str, all_reports: dict[str, Report], sarif_schema: dict[str, Any]
) -> None:
    """The log is valid SARIF 2.1.0 (validator chosen by the schema's own $schema)."""
    validator_class = jsonschema.validators.validator_for(sarif_schema)
    validator_class.check_schema(sarif_schema)
    errors = list(validator_class(sarif_schema).iter_errors(_sarif(all_reports[name])))
    assert errors == [], [e.message for e in errors[:3]]


@pytest.mark.parametrize("name", ["examples", "broken"])
def test_sarif_loads_with_sarif_tools(
    name: str, all_reports: dict[str, Report], tmp_path: Path
) -> None:
    """sarif-tools reads the file and sees one result per non-passing control or input problem."""
    report = all_reports[name]
    path = tmp_path / "aimm.sarif"
    path.write_text(sarif.render(report, color=False), encoding="utf-8")
    loaded = loader.load_sarif_file(str(path))
    controls = [c for r in report.results for c in r.controls]
    problems = sum(len(r.errors) for r in report.results)
    waived = sum(1 for c in controls if c["status"] == "waived")
    expected = sum(1 for c in controls if c["status"] in ("fail", "waived")) + problems
    assert loaded.get_result_count() == expected
    assert loaded.get_distinct_tool_names() == ["aimm"]
    results = loaded.get_results()
    assert sum(1 for r in results if r.get("suppressions")) == waived
    severities = [rec["Severity"] for rec in loaded.get_records()]
    # Red exactly where the gate is: errors are the blocking controls (and input problems);
    # aspirations are notes like waived controls; other failures are warnings.
    blocking = sum(1 for r in report.results for c in r.controls if _blocks(r, c))
    aspirations = sum(1 for r in report.results for c in r.controls if c["id"] in r.aspirations)
    fails = sum(1 for c in controls if c["status"] == "fail")
    assert aspirations > 0
    assert severities.count("error") == problems + blocking
    assert severities.count("note") == waived + aspirations
    assert severities.count("warning") == fails - blocking - aspirations
    for result in report.results:
        levels = [r["level"] for r in results if _in(r, result.path)]
        if result.evaluated and result.gate_passed:
            assert "error" not in levels


def _in(found: dict[str, Any], path: str) -> bool:
    location = found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return bool(location == path)


def _blocks(result: ManifestResult, control: dict[str, Any]) -> bool:
    """Independent restatement of the gate rule for the example data: a failing control blocks
    when a gate reason names it (floor reasons list their unwaived blockers; gate-family
    reasons start with the control id)."""
    if control["status"] != "fail" or not result.evaluated:
        return False
    return any(control["id"] in reason for reason in result.gate_reasons)


def test_sarif_rules_are_the_catalog_plus_input(systems_report: Report) -> None:
    """One rule per control of the results' model in its catalog order (examples/org-config's
    model: the default one with Acme's controls, which get full rules from their catalog),
    then AIMM-INPUT; indexes match."""
    catalog = extend_model(load_model(), [ORG_CONFIG_EXAMPLE / "policies" / "acme"])
    run = _sarif(systems_report)["runs"][0]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [c.id for c in catalog.controls] + ["AIMM-INPUT"]
    assert {"ACME-3.1", "ACME-1"} <= {r["id"] for r in rules}
    assert driver["name"] == "aimm"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for rule in rules[:-1]:
        control = catalog.by_id[rule["id"]]
        assert rule["shortDescription"]["text"] == control.title
        assert rule["fullDescription"]["text"] == control.check
        assert control.why in rule["help"]["text"]
        assert control.remediation in rule["help"]["markdown"]
        assert control.evidence in rule["help"]["markdown"]
        assert rule["properties"]["tags"] == ["ai-governance", control.dimension]
    assert all(r["name"].isalnum() and r["name"][0].isupper() for r in rules)


def test_sarif_waived_control_is_a_suppressed_note(systems_report: Report) -> None:
    """claims-triage's waived COS-3.2 is an accepted external suppression with the waiver."""
    result = result_named(systems_report, "claims-triage")
    waiver = control_named(result, "COS-3.2")["waiver"]
    [found] = _sarif_results(systems_report, "COS-3.2", result.path)
    assert found["level"] == "note"
    reason = " ".join(waiver["reason"].split())
    assert found["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            # The waiver carries the cost floor, so the justification says the gate needs it.
            "justification": f"{reason} (approved by cfo-office@example.com, expires 2027-03-31)"
            "; without it the gate would fail",
        }
    ]
    assert found["properties"]["verdict"] == "waived"


@pytest.mark.parametrize(
    ("control_id", "level", "severity"),
    [
        ("EVA-4.2", "error", "7.5"),  # keeps evaluation (3) below its floor (4): high 7.0 + 0.5
        ("AUD-4.2", "error", "7.5"),
        ("VIS-4.1", "warning", "3.9"),  # visibility meets its floor: capped low
    ],
)
def test_sarif_gate_blocking_failures_are_errors_at_their_line(
    systems_report: Report, control_id: str, level: str, severity: str
) -> None:
    """credit-scoring: the unwaived floor blockers are errors at the deciding fact's line."""
    result = result_named(systems_report, "credit-scoring")
    [found] = _sarif_results(systems_report, control_id, result.path)
    control = control_named(result, control_id)
    assert found["level"] == level
    assert found["properties"]["security-severity"] == severity
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"]["startLine"] == control["line"]
    assert found["message"]["text"] == with_next_step(control["message"], control["remediation"])
    assert "Next step: " in found["message"]["text"]
    assert len(found["partialFingerprints"]["aimm/v1"]) == 64


def test_sarif_aspirations_are_notes_saying_why(systems_report: Report) -> None:
    """credit-scoring (next level 4): a failure above it and its floor, as the policies report
    it, is a note whose message says why it does not block; none of its aspirations is red."""
    result = result_named(systems_report, "credit-scoring")
    assert result.aspirations
    for control_id in result.aspirations:
        [found] = _sarif_results(systems_report, control_id, result.path)
        control = control_named(result, control_id)
        assert (found["level"], found["properties"]["verdict"]) == ("note", "aspiration")
        assert found["message"]["text"] == (
            f"Aspiration (level {control['level']} is above the system's next level (4) and the "
            f"{control['dimension']} floor ({result.floors[control['dimension']]})): "
            + with_next_step(control["message"], control["remediation"])
        )


def test_sarif_input_errors_point_at_each_problem(broken_report: Report) -> None:
    """A manifest that cannot be validated gives one AIMM-INPUT error per problem, at its line."""
    broken = next(r for r in broken_report.results if not r.evaluated)
    results = [
        r for r in _sarif(broken_report)["runs"][0]["results"] if r["ruleId"] == "AIMM-INPUT"
    ]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [
        p.line or 1 for p in broken.errors
    ]
    assert {r["level"] for r in results} == {"error"}
    assert any("ownerz" in r["message"]["text"] for r in results)


# Whether the control keeps an enforced floor unmet is the policies' verdict: it is among the
# next steps they give for a floor (never where floors are not enforced, never above the
# floor). ``holds`` says which cases carry that step.
@pytest.mark.parametrize(
    ("tier", "level", "floor", "control", "enforced", "holds", "expected"),
    [
        # tier base + 0.5 per level below the floor, for a control that keeps the floor unmet
        ("low", 1, 2, ctl("EVA-2.1", "evaluation", 2), True, True, 3.5),
        ("medium", 1, 2, ctl("EVA-2.1", "evaluation", 2), True, True, 5.5),
        ("high", 2, 4, ctl("EVA-3.1", "evaluation", 3), True, True, 8.0),
        ("critical", 1, 4, ctl("EVA-2.1", "evaluation", 2), True, True, 10.0),  # 10.5 capped
        (None, 3, 4, ctl("EVA-4.1", "evaluation", 4), True, True, 9.5),  # unknown: critical
        # waived, still holding the floor down: the accepted risk keeps its weight
        ("high", 3, 4, ctl("EVA-4.1", "evaluation", 4, "waived"), True, True, 7.5),
        # gate families that block the gate: the tier base (no gap)
        ("high", 3, 3, ctl("OWN-2", "ownership", None, blocks_gate=True), True, False, 7.0),
        ("prohibited", 3, 3, ctl("RISK-1", "risk", None, blocks_gate=True), True, False, 10.0),
        # nothing blocked: at most 3.9
        ("high", 3, 3, ctl("EVA-5.1", "evaluation", 5), True, False, 3.9),
        ("low", 3, 3, ctl("EVA-5.1", "evaluation", 5), True, False, 3.0),
        ("high", 3, 4, ctl("EVA-5.1", "evaluation", 5), True, False, 3.9),  # above the floor
        ("medium", 1, 2, ctl("EVA-2.1", "evaluation", 2), False, False, 3.9),  # experiment
        ("high", 3, 3, ctl("OWN-2", "ownership", None), False, False, 3.9),  # not enforced
    ],
)
def test_sarif_result_severity_formula(
    tier: str | None,
    level: int,
    floor: int,
    control: dict[str, Any],
    enforced: bool,
    holds: bool,
    expected: float,
) -> None:
    """security-severity per result: tier base + 0.5 per level below floor, capped 10 and 3.9."""
    levels = dims(3, level, 3, 3, 3)
    floors = dims(3, floor, 3, 3, 3)
    step = {"control": control["id"], "dimension": "evaluation", "level": 0, "reason": "floor"}
    result = replace(
        synthetic(tier=tier, levels=levels, floors=floors, enforced=enforced, controls=(control,)),
        next_steps=(step,) if holds else (),
    )
    assert sarif.result_severity(result, control, load_model()) == pytest.approx(expected)
    [found] = _sarif(Report((result,), TODAY))["runs"][0]["results"]
    assert found["properties"]["security-severity"] == f"{expected:.1f}"


@pytest.mark.parametrize(
    ("level", "expected"), [(2, "7.5"), (3, "6.0"), (4, "4.5"), (5, "3.0"), (None, "8.0")]
)
def test_sarif_rule_default_severity_from_level(level: int | None, expected: str) -> None:
    """A rule's default security-severity falls 1.5 per level; outside the grid it is 8.0."""
    assert f"{sarif.rule_severity(level):.1f}" == expected


def test_sarif_level_follows_the_policy_blocking_flag() -> None:
    """error where the policies say a control fails the gate, warning for other failures.

    (Which controls block, e.g. only RISK-1 on a retired system, is decided and tested in
    policies/report; the reporter only reads the flag.)
    """
    controls = (
        ctl("RISK-1", "risk", None, blocks_gate=True),
        ctl("WVR-3", "waivers", None),
        ctl("EVA-2.1", "evaluation", 2),
    )
    result = synthetic(
        tier="prohibited",
        lifecycle="retired",
        enforced=False,
        levels=dims(3, 1, 3, 3, 3),
        controls=controls,
    )
    levels = [r["level"] for r in _sarif(Report((result,), TODAY))["runs"][0]["results"]]
    assert levels == ["error", "warning", "warning"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Most production requests are traced end to end",
            "MostProductionRequestsAreTracedEndToEnd",
        ),
        ("Spend limits nest: user <= project <= org", "SpendLimitsNestUserProjectOrg"),
        ("", ""),
    ],
)
def test_sarif_rule_names_are_camel_case(title: str, expected: str) -> None:
    """Rule names are the title in CamelCase, letters and digits only."""
    assert sarif.camel_case(title) == expected


def test_sarif_absolute_paths_are_file_uris() -> None:
    """A manifest outside the working folder is reported by an absolute file URI."""
    result = synthetic(path="/tmp/a b/aimm.yaml", controls=(ctl("VIS-5.1", "visibility", 5),))
    [found] = _sarif(Report((result,), TODAY))["runs"][0]["results"]
    artifact = found["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///tmp/a%20b/aimm.yaml"}


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_sarif_has_no_wall_clock(systems_report: Report) -> None:
    """The only date in the log is the report's own (no run timestamps)."""
    log = _sarif(systems_report)
    assert "invocations" not in log["runs"][0]
    assert log["runs"][0]["properties"]["today"] == "2026-11-21"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert not any(isinstance(v, str) and v.endswith("Z") and "T" in v for v in _walk(log))
