"""The CI reporters (SARIF, JUnit, GitHub workflow commands, Markdown), checked by real consumers.

Reports come from the shipped examples (``--today 2026-11-21``), from a manifest that cannot be
validated, and from small results built by hand where exact output is asserted. SARIF is
validated against the official 2.1.0 schema (vendored in ``tests/data``) and loaded with
sarif-tools; JUnit is parsed with junitparser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import JUnitXml, TestCase
from sarif import loader  # type: ignore[import-untyped]

from aimm.check import formats as reporters
from aimm.check.formats import github, junit, markdown, sarif
from aimm.check.formats._common import with_next_step
from aimm.cli import main
from aimm.core.engine import Engine
from aimm.core.errors import Problem
from aimm.core.model import load_model
from aimm.core.pipeline import check_paths
from aimm.core.result import ManifestResult, Report

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
TODAY = date(2026, 11, 21)
FORMATS = ("sarif", "junit", "github", "markdown")
DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")
BROKEN_MANIFEST = """\
apiVersion: aimm/v1
kind: AISystem
metadata:
  name: broken
  team: t
  ownerz: {}
system: {type: agent, lifecycle: production}
"""


# ---- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One compiled policy engine for the whole module."""
    return Engine()


@pytest.fixture(scope="module")
def examples_report(engine: Engine) -> Report:
    """Every shipped single-system example and the org-config example (its config applies),
    judged on 2026-11-21: credit-scoring fails its gate, and returns-assistant fails Acme's
    evaluation floor. examples/org and examples/regulated have their own tests."""
    systems = sorted(p.parent for p in EXAMPLES.glob("*/aimm.yaml"))
    return check_paths([*systems, EXAMPLES / "org-config"], today=TODAY, engine=engine)


@pytest.fixture(scope="module")
def broken_report(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """A manifest with schema errors (three problems) next to a valid example."""
    folder = tmp_path_factory.mktemp("broken")
    (folder / "aimm.yaml").write_text(BROKEN_MANIFEST, encoding="utf-8")
    return check_paths(
        [folder / "aimm.yaml", EXAMPLES / "claims-triage"], today=TODAY, engine=engine
    )


@pytest.fixture(scope="module")
def all_reports(examples_report: Report, broken_report: Report) -> dict[str, Report]:
    """The real reports by name, for parametrised tests."""
    return {"examples": examples_report, "broken": broken_report}


def _result(report: Report, system: str) -> ManifestResult:
    return next(r for r in report.results if r.system == system)


def _control(result: ManifestResult, control_id: str) -> dict[str, Any]:
    return next(c for c in result.controls if c["id"] == control_id)


def _dims(*values: int) -> dict[str, int]:
    return dict(zip(DIMENSIONS, values, strict=True))


def _synthetic(
    *,
    tier: str | None = "high",
    levels: dict[str, int] | None = None,
    floors: dict[str, int] | None = None,
    enforced: bool = True,
    lifecycle: str = "production",
    controls: tuple[dict[str, Any], ...] = (),
    waivers: tuple[dict[str, Any], ...] = (),
    path: str = "svc/aimm.yaml",
    gate_passed: bool = False,
) -> ManifestResult:
    """A hand-built evaluated result (the reporters never re-evaluate, so any shape goes)."""
    return ManifestResult(
        path=path,
        status="evaluated",
        system="demo",
        team="demo-team",
        lifecycle=lifecycle,
        system_type="agent",
        tier=tier,
        levels=levels or _dims(3, 3, 3, 3, 3),
        floors=floors or _dims(3, 3, 3, 3, 3),
        floors_enforced=enforced,
        controls=controls,
        gate_passed=gate_passed,
        waivers=waivers,
    )


def _ctl(
    control_id: str,
    dimension: str,
    level: int | None,
    status: str = "fail",
    line: int = 10,
    **extra: Any,
) -> dict[str, Any]:
    """A control entry as the report carries it."""
    entry: dict[str, Any] = {
        "id": control_id,
        "dimension": dimension,
        "level": level,
        "status": status,
        "message": f"{control_id} message",
        "title": f"{control_id} title",
        "remediation": f"fix {control_id}",
        "line": line,
    }
    entry.update(extra)
    return entry


# ---- registry and CLI -------------------------------------------------------------------------


def test_formats_are_registered_after_json() -> None:
    """The four formats follow text and json in --format, and each resolves to a renderer."""
    assert reporters.names()[:6] == ["text", "json", *FORMATS]
    for name in FORMATS:
        assert callable(reporters.get(name))


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_the_reporter_output(
    fmt: str, examples_report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``aimm check --format F -o FILE`` writes exactly what the reporter renders."""
    monkeypatch.chdir(REPO_ROOT)
    out = tmp_path / f"report.{fmt}"
    code = main(["check", "examples", "--format", fmt, "--today", "2026-11-21", "-o", str(out)])
    assert code == 1
    expected = reporters.get(fmt)(check_paths(["examples"], today=TODAY), color=False)
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["examples", "broken"])
def test_rendering_is_deterministic(fmt: str, name: str, all_reports: dict[str, Report]) -> None:
    """The same report renders to identical text every time, in every format."""
    render = reporters.get(fmt)
    first = render(all_reports[name], color=False)
    assert first == render(all_reports[name], color=False)
    assert first.endswith("\n")


# ---- SARIF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema (vendored test data)."""
    path = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


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
    assert severities.count("note") == waived
    assert severities.count("error") == problems + sum(
        1 for r in report.results for c in r.controls if _blocks(r, c)
    )


def _blocks(result: ManifestResult, control: dict[str, Any]) -> bool:
    """Independent restatement of the gate rule for the example data: a failing control blocks
    when a gate reason names it (floor reasons list their unwaived blockers; gate-family
    reasons start with the control id)."""
    if control["status"] != "fail" or not result.evaluated:
        return False
    return any(control["id"] in reason for reason in result.gate_reasons)


def test_sarif_rules_are_the_catalog_plus_input(examples_report: Report) -> None:
    """One rule per catalog control in catalog order, then the custom controls the report
    holds (examples/org-config's ACME-*), then AIMM-INPUT; indexes match."""
    catalog = load_model()
    run = _sarif(examples_report)["runs"][0]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    custom = ["ACME-3.1", "ACME-1"]  # in report order: evaluation, then the org family
    assert [r["id"] for r in rules] == [c.id for c in catalog.controls] + custom + ["AIMM-INPUT"]
    assert driver["name"] == "aimm"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first, control = rules[0], catalog.controls[0]
    assert first["shortDescription"]["text"] == control.title
    assert first["fullDescription"]["text"] == control.check
    assert control.why in first["help"]["text"]
    assert control.remediation in first["help"]["markdown"]
    assert control.evidence in first["help"]["markdown"]
    assert first["properties"]["tags"] == ["ai-governance", control.dimension]
    assert all(r["name"].isalnum() and r["name"][0].isupper() for r in rules)


def test_sarif_waived_control_is_a_suppressed_note(examples_report: Report) -> None:
    """claims-triage's waived COS-3.2 is an accepted external suppression with the waiver."""
    result = _result(examples_report, "claims-triage")
    waiver = _control(result, "COS-3.2")["waiver"]
    [found] = _sarif_results(examples_report, "COS-3.2", result.path)
    assert found["level"] == "note"
    reason = " ".join(waiver["reason"].split())
    assert found["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": f"{reason} (approved by cfo-office@example.com, expires 2027-03-31)",
        }
    ]


@pytest.mark.parametrize(
    ("control_id", "level", "severity"),
    [
        ("EVA-4.2", "error", "7.5"),  # keeps evaluation (3) below its floor (4): high 7.0 + 0.5
        ("AUD-4.2", "error", "7.5"),
        ("VIS-4.1", "warning", "3.9"),  # visibility meets its floor: capped low
    ],
)
def test_sarif_gate_blocking_failures_are_errors_at_their_line(
    examples_report: Report, control_id: str, level: str, severity: str
) -> None:
    """credit-scoring: the unwaived floor blockers are errors at the deciding fact's line."""
    result = _result(examples_report, "credit-scoring")
    [found] = _sarif_results(examples_report, control_id, result.path)
    control = _control(result, control_id)
    assert found["level"] == level
    assert found["properties"]["security-severity"] == severity
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"]["startLine"] == control["line"]
    assert found["message"]["text"] == with_next_step(control["message"], control["remediation"])
    assert "Next step: " in found["message"]["text"]
    assert len(found["partialFingerprints"]["aimm/v1"]) == 64


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


@pytest.mark.parametrize(
    ("tier", "level", "floor", "control", "enforced", "expected"),
    [
        # tier base + 0.5 per level below the floor, for a control that keeps the floor unmet
        ("low", 1, 2, _ctl("EVA-2.1", "evaluation", 2), True, 3.5),
        ("medium", 1, 2, _ctl("EVA-2.1", "evaluation", 2), True, 5.5),
        ("high", 2, 4, _ctl("EVA-3.1", "evaluation", 3), True, 8.0),
        ("critical", 1, 4, _ctl("EVA-2.1", "evaluation", 2), True, 10.0),  # 10.5 capped
        (None, 3, 4, _ctl("EVA-4.1", "evaluation", 4), True, 9.5),  # unknown tier: critical
        # waived, still holding the floor down: the accepted risk keeps its weight
        ("high", 3, 4, _ctl("EVA-4.1", "evaluation", 4, "waived"), True, 7.5),
        # gate families that block the gate: the tier base (no gap)
        ("high", 3, 3, _ctl("OWN-2", "ownership", None, blocks_gate=True), True, 7.0),
        ("prohibited", 3, 3, _ctl("RISK-1", "risk", None, blocks_gate=True), True, 10.0),
        # nothing blocked: at most 3.9
        ("high", 3, 3, _ctl("EVA-5.1", "evaluation", 5), True, 3.9),
        ("low", 3, 3, _ctl("EVA-5.1", "evaluation", 5), True, 3.0),
        ("high", 3, 4, _ctl("EVA-5.1", "evaluation", 5), True, 3.9),  # above the floor
        ("medium", 1, 2, _ctl("EVA-2.1", "evaluation", 2), False, 3.9),  # experiment
        ("high", 3, 3, _ctl("OWN-2", "ownership", None), False, 3.9),  # ownership not enforced
    ],
)
def test_sarif_result_severity_formula(
    tier: str | None,
    level: int,
    floor: int,
    control: dict[str, Any],
    enforced: bool,
    expected: float,
) -> None:
    """security-severity per result: tier base + 0.5 per level below floor, capped 10 and 3.9."""
    levels = _dims(3, level, 3, 3, 3)
    floors = _dims(3, floor, 3, 3, 3)
    result = _synthetic(
        tier=tier, levels=levels, floors=floors, enforced=enforced, controls=(control,)
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
        _ctl("RISK-1", "risk", None, blocks_gate=True),
        _ctl("WVR-3", "waivers", None),
        _ctl("EVA-2.1", "evaluation", 2),
    )
    result = _synthetic(
        tier="prohibited",
        lifecycle="retired",
        enforced=False,
        levels=_dims(3, 1, 3, 3, 3),
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
    result = _synthetic(path="/tmp/a b/aimm.yaml", controls=(_ctl("VIS-5.1", "visibility", 5),))
    [found] = _sarif(Report((result,), TODAY))["runs"][0]["results"]
    artifact = found["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///tmp/a%20b/aimm.yaml"}


# ---- JUnit ------------------------------------------------------------------------------------


def _junit(report: Report, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "aimm.xml"
    path.write_text(junit.render(report, color=False), encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def _cases(suite: Any) -> list[TestCase]:
    return list(suite)


@pytest.mark.parametrize("name", ["examples", "broken"])
def test_junit_counts_match_the_report(
    name: str, all_reports: dict[str, Report], tmp_path: Path
) -> None:
    """junitparser reads one suite per manifest whose counts and cases match the report."""
    report = all_reports[name]
    xml = _junit(report, tmp_path)
    suites = list(xml)
    assert len(suites) == len(report.results)
    for suite, result in zip(suites, report.results, strict=True):
        cases = _cases(suite)
        if not result.evaluated:
            assert (suite.name, suite.tests, suite.errors) == (result.path, 1, 1)
            [case] = cases
            assert case.name == "manifest"
            assert "ownerz" in case.result[0].message
            continue
        failing = sum(1 for c in result.controls if c["status"] == "fail")
        waived = sum(1 for c in result.controls if c["status"] in ("waived", "disabled"))
        gate_failures = 0 if result.gate_passed else 1
        assert suite.name == result.system
        assert suite.tests == len(result.controls) + 1 == len(cases)
        assert suite.failures == failing + gate_failures
        assert suite.skipped == waived
        assert sum(1 for c in cases if c.is_skipped) == waived
        assert sum(1 for c in cases if not c.is_passed and not c.is_skipped) == (
            failing + gate_failures
        )
    assert xml.tests == sum(s.tests for s in suites)
    assert xml.failures == sum(s.failures for s in suites)


def test_junit_cases_carry_control_details(examples_report: Report, tmp_path: Path) -> None:
    """Cases are named ``<ID> <title>`` in ``aimm.<dimension>``, with file and line."""
    xml = _junit(examples_report, tmp_path)
    suite = next(s for s in xml if s.name == "claims-triage")
    result = _result(examples_report, "claims-triage")
    cases = {c.name.split(" ")[0]: c for c in _cases(suite)}
    waived = cases["COS-3.2"]
    assert waived.classname == "aimm.cost"
    assert waived.name == f"COS-3.2 {_control(result, 'COS-3.2')['title']}"
    assert waived._elem.get("file") == result.path
    assert waived._elem.get("line") == str(_control(result, "COS-3.2")["line"])
    assert waived.result[0].message.startswith(
        "waived until 2027-03-31 by cfo-office@example.com: Budget alerts"
    )
    failing = cases["EVA-4.4"]
    assert failing.result[0].type == "evaluation"
    assert failing.result[0].message == _control(result, "EVA-4.4")["message"]
    assert _control(result, "EVA-4.4")["remediation"] in (failing.result[0].text or "")


def test_junit_gate_case_fails_for_credit_scoring(examples_report: Report, tmp_path: Path) -> None:
    """Each suite ends with the gate case; it fails with the reasons only where the gate fails."""
    xml = _junit(examples_report, tmp_path)
    for suite in xml:
        gate = _cases(suite)[-1]
        assert gate.name == junit.GATE_CASE
        result = _result(examples_report, suite.name)
        assert gate.is_passed == result.gate_passed
    credit = next(s for s in xml if s.name == "credit-scoring")
    gate = _cases(credit)[-1]
    reasons = _result(examples_report, "credit-scoring").gate_reasons
    assert gate.result[0].message == "; ".join(reasons)
    assert "unwaived: EVA-4.2" in gate.result[0].message


def test_junit_survives_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """Control characters in a message become U+FFFD; the document still parses."""
    control = _ctl("VIS-5.1", "visibility", 5, message='bell\x07 nul\x00 <&> "quoted"')
    xml = _junit(Report((_synthetic(controls=(control,)),), TODAY), tmp_path)
    [suite] = list(xml)
    case = _cases(suite)[0]
    assert case.result[0].message == 'bell\ufffd nul\ufffd <&> "quoted"'


def test_junit_starts_with_a_utf8_declaration(examples_report: Report) -> None:
    """The document declares UTF-8 and keeps attribute order fixed."""
    text = junit.render(examples_report, color=False)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aimm" tests=')


# ---- GitHub workflow commands -----------------------------------------------------------------


def _github_report() -> Report:
    """A failing system (path with a comma) and a manifest with two input problems."""
    waiver = {
        "control": "COS-3.2",
        "reason": "moving platforms",
        "approved_by": "cfo@example.com",
        "expires": "2026-12-01",
    }
    controls = (
        _ctl(
            "EVA-4.2",
            "evaluation",
            4,
            line=53,
            title="Evals block: merge, release",
            message="ci_gate.blocking is false, 100% sure\nreally",
            remediation="Make the job required.",
            blocks_gate=True,
        ),
        _ctl("VIS-5.1", "visibility", 5, line=46),
        _ctl("COS-3.2", "cost", 3, "waived", line=57, waiver=waiver),
        _ctl(
            "OWN-1",
            "ownership",
            None,
            line=9,
            title="A production system has an on-call escalation path",
            message="metadata.owners.on_call is not set",
            remediation="Set it.",
            blocks_gate=True,
        ),
        _ctl("WVR-3", "waivers", None, "pass", line=72),
    )
    waivers = (
        {**waiver, "status": "valid", "days_left": 10},
        {"control": "ACC-4.1", "status": "valid", "expires": "2026-12-22", "days_left": 31},
        {"control": "EVA-5.1", "status": "expired", "expires": "2026-11-01", "days_left": -20},
    )
    evaluated = _synthetic(
        path="svc/a,b/aimm.yaml",
        levels=_dims(4, 3, 2, 3, 3),
        floors=_dims(3, 4, 3, 3, 3),
        controls=controls,
        waivers=waivers,
    )
    broken = ManifestResult(
        path="bad/aimm.yaml",
        status="error",
        errors=(Problem("unknown key 'x'", 6, "/x"), Problem("not a mapping")),
    )
    return Report((evaluated, broken), TODAY)


def test_github_exact_annotations() -> None:
    """Errors for gate blockers and input problems, a warning for the expiring waiver, a notice."""
    assert github.render(_github_report(), color=False).splitlines() == [
        "::error file=svc/a%2Cb/aimm.yaml,line=53,title=EVA-4.2 Evals block%3A merge%2C release"
        "::ci_gate.blocking is false, 100%25 sure%0Areally. Next step: Make the job required.",
        "::error file=svc/a%2Cb/aimm.yaml,line=9,title=OWN-1 A production system has an "
        "on-call escalation path::metadata.owners.on_call is not set. Next step: Set it.",
        "::warning file=svc/a%2Cb/aimm.yaml,line=72,title=Waiver expiring"
        "::waiver for COS-3.2 expires on 2026-12-01 (10 days)",
        "::error file=bad/aimm.yaml,line=6,title=Invalid manifest::/x: unknown key 'x'",
        "::error file=bad/aimm.yaml,line=1,title=Invalid manifest::not a mapping",
        "::notice::aimm: 2 manifest(s), 0 passed, 1 failed, 1 error(s)",
    ]


@pytest.mark.parametrize(
    ("warn_days", "expiring"),
    [(9, []), (10, ["COS-3.2"]), (30, ["COS-3.2"]), (31, ["COS-3.2", "ACC-4.1"])],
)
def test_github_waiver_window_is_inclusive(warn_days: int, expiring: list[str]) -> None:
    """Only valid waivers with at most ``warn_days`` left are announced; expired ones never."""
    text = github.render(_github_report(), color=False, warn_days=warn_days)
    warned = [
        line.split("waiver for ")[1].split(" ")[0]
        for line in text.splitlines()
        if "::warning" in line
    ]
    assert warned == expiring


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%3A", "%253A", "%253A"),  # escaped first, so an encoded-looking value survives
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    """Workflow-command escaping: data escapes % CR LF; properties also : and ,."""
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


@pytest.mark.parametrize(
    ("today", "warned"), [(date(2026, 11, 21), False), (date(2027, 3, 15), True)]
)
def test_github_claims_triage_waiver_warns_near_expiry(
    engine: Engine, today: date, warned: bool
) -> None:
    """The claims-triage waiver (expires 2027-03-31) is announced only inside 30 days."""
    report = check_paths([EXAMPLES / "claims-triage"], today=today, engine=engine)
    warnings = [
        line for line in github.render(report, color=False).splitlines() if "::warning" in line
    ]
    if warned:
        assert len(warnings) == 1
        assert warnings[0].endswith("::waiver for COS-3.2 expires on 2027-03-31 (16 days)")
        assert "title=Waiver expiring" in warnings[0]
    else:
        assert warnings == []


def test_github_real_report_flags_the_floor_blockers(examples_report: Report) -> None:
    """On the examples, the only errors are the unwaived floor blockers: credit-scoring's two,
    and returns-assistant's one under the org config's raised evaluation floor."""
    lines = github.render(examples_report, color=False).splitlines()
    expected = [
        f"::error file={result.path},line={_control(result, cid)['line']},title={cid} "
        for result, cid in (
            (_result(examples_report, "credit-scoring"), "EVA-4.2"),
            (_result(examples_report, "credit-scoring"), "AUD-4.2"),
            (_result(examples_report, "returns-assistant"), "EVA-4.2"),
        )
    ]
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 3
    assert all(e.startswith(x) for e, x in zip(errors, expected, strict=True))
    assert lines[-1] == "::notice::aimm: 8 manifest(s), 6 passed, 2 failed, 0 error(s)"


def test_github_step_summary_is_the_markdown_report(examples_report: Report) -> None:
    """The step summary is the Markdown report (within GitHub's 1 MiB)."""
    assert github.step_summary(examples_report) == markdown.render(examples_report, color=False)


# ---- Markdown ---------------------------------------------------------------------------------


def test_markdown_tables_and_verdicts(examples_report: Report) -> None:
    """Title verdict, the grid rows with below-floor marked, gate reasons, failing, next steps."""
    text = markdown.render(examples_report, color=False)
    assert text.startswith(
        "## ❌ aimm: gate failed — 8 manifest(s): 6 passed, 2 failed, 0 error(s)"
    )
    credit = text[text.index("### ❌ credit-scoring") :].split("\n### ")[0]
    assert "| evaluation | L3 Observed | L4 | ❌ **below floor** |" in credit
    assert "| visibility | L3 Observed | L3 | ✅ ok |" in credit
    assert "**Gate: failed**" in credit
    assert "- evaluation is at level 3, below its floor of 4 (unwaived: EVA-4.2)" in credit
    assert "<summary><b>Failing controls (15)</b></summary>" in credit
    assert "1. `EVA-4.2` (evaluation): " in credit
    assert "3. `VIS-4.1`" in credit and "4. " not in credit
    billing = text[text.index("### ✅ billing-agent") :].split("\n### ")[0]
    assert "**Failing controls (5)**" in billing and "<details>" not in billing
    prompt_lab = text[text.index("### ✅ prompt-lab") :].split("\n### ")[0]
    assert "| visibility | L1 Experimenting | L2 | ⚠️ below floor (not enforced) |" in prompt_lab
    claims = text[text.index("### ✅ claims-triage") :].split("\n### ")[0]
    assert "- `COS-3.2` waived until 2027-03-31 by cfo-office@example.com: " in claims
    # failing systems first
    assert text.index("### ❌ credit-scoring") < text.index("### ✅ billing-agent")


def test_markdown_lists_input_errors_with_file_and_line(broken_report: Report) -> None:
    """Invalid manifests come first, one ``file:line`` problem per item."""
    text = markdown.render(broken_report, color=False)
    broken = next(r for r in broken_report.results if not r.evaluated)
    assert text.startswith(
        "## ❌ aimm: gate failed — 2 manifest(s): 1 passed, 0 failed, 1 error(s)"
    )
    assert "### ❌ Invalid manifests" in text
    assert f"- `{broken.path}:6: /metadata/ownerz: unknown key 'ownerz'" in text


def test_markdown_all_passed_title() -> None:
    """A report where every gate passed gets a ✅ title."""
    report = Report((_synthetic(gate_passed=True),), TODAY)
    assert markdown.render(report, color=False).startswith(
        "## ✅ aimm: all gates passed — 1 manifest(s): 1 passed, 0 failed, 0 error(s)"
    )


def test_markdown_cells_are_escaped() -> None:
    """Pipes, HTML and newlines in manifest text cannot break the table."""
    control = _ctl("VIS-5.1", "visibility", 5, message="a | b <script>\nc")
    text = markdown.render(Report((_synthetic(controls=(control,)),), TODAY), color=False)
    assert "| a \\| b &lt;script&gt; c |" in text


def _huge(report: Report, copies: int) -> Report:
    results = tuple(
        replace(r, path=f"svc/{n}/aimm.yaml", system=f"{r.system}-{n}")
        for n in range(copies)
        for r in report.results
        if r.evaluated
    )
    return Report(results, report.today)


@pytest.mark.parametrize("limit", [markdown.GITHUB_COMMENT_LIMIT, 20_000])
def test_markdown_truncates_to_fit_a_comment(examples_report: Report, limit: int) -> None:
    """A huge report stays within the limit and says it was truncated."""
    report = _huge(examples_report, 60)
    text = markdown.render(report, color=False, max_chars=limit)
    assert markdown.size(text) <= limit
    assert "Truncated to fit a GitHub comment" in text
    assert "system(s) left out" in text
    assert text.startswith("## ❌ aimm: gate failed — 480 manifest(s)")
    assert "### ❌ credit-scoring-0" in text  # failing systems are kept first


def test_markdown_shortens_an_oversized_system() -> None:
    """A system too big for the comment keeps its header, grid and gate, with a note."""
    controls = tuple(
        _ctl(f"VIS-{n}", "visibility", 5, message="x" * 500 + " ✅") for n in range(200)
    )
    text = markdown.render(Report((_synthetic(controls=controls),), TODAY), color=False)
    assert markdown.size(text) <= markdown.GITHUB_COMMENT_LIMIT
    assert "| visibility | L3 Observed | L3 | ✅ ok |" in text
    assert "Failing controls" not in text
    assert "1 system(s) shortened to their grid" in text


def test_markdown_cuts_an_oversized_error_list() -> None:
    """Input errors beyond the limit are cut at a line, and the note is kept."""
    problems = tuple(Problem("y" * 300 + " ❌", n, f"/p{n}") for n in range(1, 400))
    broken = ManifestResult(path="bad/aimm.yaml", status="error", errors=problems)
    text = markdown.render(Report((broken,), TODAY), color=False)
    assert markdown.size(text) <= markdown.GITHUB_COMMENT_LIMIT
    assert text.endswith("> Truncated to fit a GitHub comment.\n")
    last_item = text.split("\n")[-5]  # whole lines only: the last item is complete
    assert last_item.startswith("- `bad/aimm.yaml:")
    assert last_item.endswith(" ❌`")


def test_markdown_untruncated_when_small(examples_report: Report) -> None:
    """The examples fit in one comment without a truncation note."""
    assert "Truncated" not in markdown.render(examples_report, color=False)


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_sarif_has_no_wall_clock(examples_report: Report) -> None:
    """The only date in the log is the report's own (no run timestamps)."""
    log = _sarif(examples_report)
    assert "invocations" not in log["runs"][0]
    assert log["runs"][0]["properties"]["today"] == "2026-11-21"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert not any(isinstance(v, str) and v.endswith("Z") and "T" in v for v in _walk(log))
