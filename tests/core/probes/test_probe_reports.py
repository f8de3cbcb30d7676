"""Every check format shows what the probes verified and contradicted (contradicted first), and
says so when --no-verify-evidence switched them off."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import JUnitXml

from aimm.check import formats
from aimm.check.formats._common import NOT_VERIFIED_NOTE
from aimm.check.run import check_paths
from aimm.core.result import Report
from tests.core.probes.probe_fixtures import materialise

TODAY = date(2026, 11, 21)
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "sarif-schema-2.1.0.json"
LIE = "suite golden declares 5000 cases, but evals/empty.jsonl holds 0 (JSONL lines)"


@pytest.fixture(scope="module")
def lying(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus case with an empty suite declared as 5000 cases."""
    return materialise("eval-empty-file", tmp_path_factory.mktemp("reports"))


def _report(manifest: Path, verify: bool = True) -> Report:
    return check_paths([manifest], today=TODAY, verify_evidence=verify)


def _control(report: Report, control_id: str) -> dict[str, Any]:
    (result,) = report.results
    return next(c for c in result.controls if c["id"] == control_id)


def test_json_lists_each_controls_facts(lying: Path) -> None:
    """Per control, evidence: {verified, contradicted, unverified}, each a list of facts."""
    data = json.loads(formats.get("json")(_report(lying), color=False))
    (result,) = data["results"]
    eva_3_2 = next(c for c in result["controls"] if c["id"] == "EVA-3.2")
    assert eva_3_2["status"] == "fail"
    assert eva_3_2["evidence"] == {
        "verified": [],
        "contradicted": [
            {
                "fact": "/posture/evaluation/suites/0/cases",
                "path": "evals/empty.jsonl",
                "probe": "eval_suite",
                "detail": LIE,
            }
        ],
        "unverified": [],
    }
    vis = next(c for c in result["controls"] if c["id"] == "VIS-2.1")
    assert "evidence" not in vis  # controls that rely on no declared path are unchanged
    assert "evidence_verified" not in data


def test_text_shows_contradicted_facts_first(lying: Path) -> None:
    """The evidence block opens with the contradicted facts, then the verified ones."""
    text = formats.get("text")(_report(lying), color=False)
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("evidence: "))
    block = lines[start + 1 : start + 30]
    statuses = [
        line.split()[0]
        for line in block
        if line.split()[:1] and line.split()[0] in ("contradicted", "verified", "unverified")
    ]
    assert statuses[0] == "contradicted"
    assert statuses == sorted(statuses, key=["contradicted", "verified", "unverified"].index)
    assert lines[start].startswith("evidence: 3 contradicted, ")


def test_sarif_is_valid_and_carries_the_evidence(lying: Path) -> None:
    """The SARIF log validates against the 2.1.0 schema; the failing result and the run carry
    the facts, verified ones included."""
    log = json.loads(formats.get("sarif")(_report(lying), color=False))
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "EVA-3.2")
    assert result["properties"]["evidence"]["contradicted"][0]["detail"] == LIE
    evidence = run["properties"]["evidence"]
    assert evidence["verified"] is True
    (manifest,) = evidence["manifests"]
    assert manifest["counts"]["contradicted"] == 3
    assert {f["control"] for f in manifest["verified"]} >= {"AUD-4.6", "EVA-4.3"}


def test_junit_parses_and_lists_the_facts(lying: Path) -> None:
    """junitparser reads the report; a control's facts are in its system-out."""
    xml = JUnitXml.fromstring(formats.get("junit")(_report(lying), color=False).encode())
    (suite,) = list(xml)
    case = next(c for c in suite if c.name.startswith("EVA-3.2 "))
    assert f"contradicted: /posture/evaluation/suites/0/cases (eval_suite): {LIE}" in (
        case.system_out or ""
    )
    xml_text = formats.get("junit")(_report(lying), color=False)
    assert '<property name="evidence" value="3 contradicted, ' in xml_text


def test_github_warns_on_each_contradicted_fact_and_notes_the_verified(lying: Path) -> None:
    """A warning per contradicted fact, and a notice listing what was verified."""
    out = formats.get("github")(_report(lying), color=False)
    assert out.count("title=Contradicted evidence (") == 3
    assert f"title=Contradicted evidence (EVA-3.2)::{LIE}" in out
    notice = next(line for line in out.splitlines() if "title=Evidence::" in line)
    assert "verified: " in notice and "AUD-4.6: docs/postmortem.md holds" in notice


def test_markdown_has_an_evidence_table(lying: Path) -> None:
    """The PR comment lists the facts, contradicted first."""
    text = formats.get("markdown")(_report(lying), color=False)
    assert "Evidence (3 contradicted, " in text
    rows = [
        line
        for line in text.splitlines()
        if line.startswith("| ❌ contradicted") or line.startswith("| ✅ verified")
    ]
    assert rows[0].startswith("| ❌ contradicted")
    assert any(row.startswith("| ✅ verified") for row in rows)


@pytest.mark.parametrize("name", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_no_verify_evidence_is_said_in_every_format(lying: Path, name: str) -> None:
    """With --no-verify-evidence nothing is read, nothing is contradicted, and every format
    says the evidence was not verified."""
    report = _report(lying, verify=False)
    assert _control(report, "EVA-3.2")["status"] == "pass"
    out = formats.get(name)(report, color=False)
    if name == "json":
        assert json.loads(out)["evidence_verified"] is False
    elif name == "sarif":
        assert json.loads(out)["runs"][0]["properties"]["evidence"] == {
            "verified": False,
            "note": NOT_VERIFIED_NOTE,
            "manifests": json.loads(out)["runs"][0]["properties"]["evidence"]["manifests"],
        }
    else:
        assert "not verified (--no-verify-evidence)" in " ".join(out.split())
