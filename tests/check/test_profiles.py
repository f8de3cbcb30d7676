"""``aimm check --profile NAME [--enforce-upcoming]``: a framework profile enforced in the gate.

Without a profile nothing changes (a compliance section is ignored, no governance control is
reported). With one, its floors join the tier floors, its failing governance controls fail the
gate (where floors are enforced, unless validly waived; a regulation's never are), and
obligations not in force on ``--today`` are reported as upcoming and do not fail the gate unless
``--enforce-upcoming``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.run import check_paths
from aimm.core.engine import Engine
from aimm.core.errors import UsageError
from aimm.core.frameworks import check_engine_covers
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.result import Report
from tests.support import BASE, EXAMPLES, REGULATED, TODAY, TODAY_ARGS, Cli, CliResult

MATURITY_EXAMPLES = sorted(p.parent.name for p in EXAMPLES.glob("*/aimm.yaml"))

FULL_COMPLIANCE: dict[str, Any] = {
    "roles": ["provider", "deployer"],
    "public_service": True,
    "generates_content": True,
    "ai_literacy": "gov/literacy.md",
    "risk_management": "gov/risk.md",
    "technical_documentation": "gov/tech.md",
    "impact_assessment": "gov/impact.md",
    "human_oversight": {"can_stop": "duty", "can_override": "leads", "procedure": "gov/o.md"},
    "conformity_assessment": {"status": "completed", "record": "gov/doc.md"},
    "eu_database_id": "EU-1",
    "transparency": {"notice": "gov/notice.md", "marks_generated_content": True},
    "incident_reporting": {
        "procedure": "gov/si.md",
        "deadlines_days": {"serious_incident": 15, "death": 10},
    },
    "log_retention_days": 200,
}


def check_json(cli: Cli, target: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """``aimm check TARGET --format json`` plus ARGS, parsed."""
    code, out, err = cli("check", target, "--format", "json", *TODAY_ARGS, *args)
    assert out, err
    return code, json.loads(out)


def only(report: dict[str, Any]) -> dict[str, Any]:
    (result,) = report["results"]
    assert isinstance(result, dict)
    return result


def controls(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result["controls"]}


def copy_example(tmp_path: Path, folder: Path) -> Path:
    """A copy of an example folder, to change its manifest."""
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def edit(folder: Path, change: dict[str, Any]) -> None:
    """Merge ``change`` into the manifest, one level deep per top-level section."""
    path = folder / "aimm.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


# ---- without a profile nothing changes -----------------------------------------------------


@pytest.mark.parametrize("name", MATURITY_EXAMPLES)
def test_compliance_section_does_not_change_a_plain_check(
    name: str, tmp_path: Path, cli: Cli
) -> None:
    """Adding a full compliance section (with its files) leaves the JSON and text reports
    byte-identical."""
    folder = copy_example(tmp_path, EXAMPLES / name)

    def reports(out_dir: Path) -> tuple[CliResult, dict[str, bytes]]:
        """One run writing both reports; the run's outcome and each report's bytes."""
        done = cli(
            "check", folder, *TODAY_ARGS, "--format", "json", "--format", "text",
            "--output-dir", out_dir,
        )  # fmt: skip
        return done, {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}

    before = reports(tmp_path / "before")
    assert sorted(before[1]) == ["aimm.json", "aimm.txt"]
    (folder / "gov").mkdir()
    for doc in ("literacy", "risk", "tech", "impact", "o", "doc", "notice", "si"):
        (folder / "gov" / f"{doc}.md").write_text(f"# {doc}\n", encoding="utf-8")
    # Appended, so every other fact keeps its line (reports carry line numbers).
    with (folder / "aimm.yaml").open("a", encoding="utf-8") as fh:
        fh.write(yaml.safe_dump({"compliance": FULL_COMPLIANCE}, sort_keys=False))
    assert reports(tmp_path / "after") == before


def test_plain_check_reports_no_governance_control(examples_report: Report) -> None:
    """Governance controls only exist in profile runs; the examples report none."""
    assert len(examples_report.results) > 20  # every example folder, regulated ones too
    for result in examples_report.results:
        assert not [c for c in result.controls if c["id"].startswith(("EU-", "NIST-", "ISO-"))]
        assert set(result.floors) == set(result.levels)


# ---- a profile changes the gate ---------------------------------------------------------------


def test_profile_fails_a_gate_the_plain_check_passes(cli: Cli) -> None:
    """customer-chatbot: Art. 50(2) is in force and unmet, so EU-50.2 fails the gate."""
    chatbot = REGULATED / "customer-chatbot"
    assert check_json(cli, chatbot)[0] == 0
    code, report = check_json(cli, chatbot, "--profile", "eu-ai-act")
    assert code == 1
    result = only(report)
    assert result["gate"]["passed"] is False
    assert result["gate"]["reasons"] == [
        "EU-50.2: compliance.transparency.marks_generated_content is false; Art. 50(2) needs "
        "generated content marked as AI-generated"
    ]
    entry = controls(result)["EU-50.2"]
    assert (entry["status"], entry["dimension"], entry["blocks_gate"]) == (
        "fail",
        "eu-ai-act",
        True,
    )
    assert controls(result)["EU-50.1"]["status"] == "pass"
    assert controls(result)["EU-14"]["message"].startswith("not applicable: the EU risk category")


def test_profile_failure_shows_in_the_text_report(cli: Cli) -> None:
    """The text report lists the framework's failing controls under their family."""
    code, out, _ = cli(
        "check", REGULATED / "customer-chatbot", *TODAY_ARGS, "--profile", "eu-ai-act"
    )
    assert code == 1
    assert "   control     status         what it checks; what was found\n" in out
    assert "   eu-ai-act\n     EU-50.2   fail (blocks)  " in out
    # Failures of the next level that do not block the gate are plain fails.
    assert "     EVA-4.2   fail           " in out
    assert "- EU-50.2: compliance.transparency.marks_generated_content is false" in out


def test_upcoming_obligations_do_not_fail_the_gate(cli: Cli) -> None:
    """credit-risk-model on 2026-11-21: Arts. 26(11), 43, 47, 48 and 49(1) are unmet but apply
    from 2027-12-02."""
    code, report = check_json(cli, REGULATED / "credit-risk-model", "--profile", "eu-ai-act")
    assert code == 0
    by_id = controls(only(report))
    assert by_id["EU-43"]["status"] == "pass"
    assert by_id["EU-43"]["message"].startswith(
        "upcoming: Art. 43 applies from 2027-12-02 and is not enforced before then; not met yet: "
        'compliance.conformity_assessment.status is "in-progress"'
    )
    assert by_id["EU-11"]["message"].startswith("upcoming: Art. 11 applies from 2027-12-02")
    assert "already met" in by_id["EU-11"]["message"]
    upcoming = by_id["EU-0"]
    assert (upcoming["status"], upcoming["dimension"]) == ("fail", "eu-ai-act-upcoming")
    assert upcoming["blocks_gate"] is False
    assert upcoming["message"].startswith(
        "not met yet: needed from 2027-12-02: EU-26.11 (Art. 26(11)), EU-43 (Art. 43), "
        "EU-47 (Art. 47), EU-48 (Art. 48), EU-49 (Art. 49(1));"
    )


@pytest.mark.parametrize("args", [["--enforce-upcoming"], ["--today", "2027-12-02"]])
def test_enforce_upcoming_or_the_date_fails_the_gate(
    args: list[str], cli: Cli, tmp_path: Path
) -> None:
    """Enforced early, or once in force, the unmet obligations fail the gate. (A copy outside
    git: in this checkout the runbook's date would make it stale on 2027-12-02, see
    examples/regulated/README.md.)"""
    folder = copy_example(tmp_path, REGULATED / "credit-risk-model")
    code, out, _ = cli(
        "check", folder, "--format", "json", *TODAY_ARGS,
        "--profile", "eu-ai-act", *args,
    )  # fmt: skip
    assert code == 1
    result = only(json.loads(out))
    reasons = result["gate"]["reasons"]
    assert [r.split(":")[0] for r in reasons] == ["EU-26.11", "EU-43", "EU-47", "EU-48", "EU-49"]
    assert controls(result)["EU-0"]["status"] == "pass"


def test_profile_floors_join_the_tier_floors(tmp_path: Path, cli: Cli) -> None:
    """Art. 15 (EU, upcoming) and MEASURE 2.7 (NIST, in force) raise the access floor to 4."""
    folder = copy_example(tmp_path, REGULATED / "credit-risk-model")
    edit(
        folder,
        {"posture": {"access": {"credentials": "individual", "sso": "full", "rbac": "coarse"}}},
    )
    plain_code, plain = check_json(cli, folder)
    assert plain_code == 0
    assert only(plain)["floors"]["access"] == 3
    eu_code, eu = check_json(cli, folder, "--profile", "eu-ai-act")
    assert (eu_code, only(eu)["floors"]["access"]) == (0, 3)  # Art. 15 is not in force yet
    early_code, early = check_json(cli, folder, "--profile", "eu-ai-act", "--enforce-upcoming")
    assert early_code == 1
    assert only(early)["floors"]["access"] == 4
    assert (
        "access is at level 3, below its floor of 4 (unwaived: ACC-4.1, ACC-4.2)"
        in only(early)["gate"]["reasons"]
    )
    nist_code, nist = check_json(cli, folder, "--profile", "nist-ai-rmf")
    assert (nist_code, only(nist)["floors"]["access"]) == (1, 4)
    assert only(nist)["floors"]["cost"] == only(plain)["floors"]["cost"]  # no legal cost floor


def test_governance_failures_gate_only_where_floors_are_enforced(tmp_path: Path, cli: Cli) -> None:
    """An experiment reports the failing governance control without failing its gate."""
    folder = copy_example(tmp_path, REGULATED / "customer-chatbot")
    edit(folder, {"system": {"lifecycle": "experiment"}})
    code, report = check_json(cli, folder, "--profile", "eu-ai-act")
    assert code == 0
    assert controls(only(report))["EU-50.2"]["status"] == "fail"


def test_a_waiver_never_lifts_a_statutory_control(tmp_path: Path, cli: Cli) -> None:
    """An internal approval cannot suspend the law: a valid waiver on a regulation's control
    is recorded as accepted risk, the control still fails and the gate stays failed."""
    folder = copy_example(tmp_path, REGULATED / "customer-chatbot")
    waiver = {
        "control": "EU-50.2",
        "reason": "C2PA marking ships in Q1",
        "approved_by": "cpo@example.com",
        "expires": "2027-03-31",
    }
    edit(folder, {"waivers": [waiver]})
    code, report = check_json(cli, folder, "--profile", "eu-ai-act")
    assert code == 1
    result = only(report)
    entry = controls(result)["EU-50.2"]
    assert (entry["status"], entry["blocks_gate"]) == ("fail", True)
    assert entry["risk_accepted"]["approved_by"] == "cpo@example.com"
    (listed,) = result["waivers"]
    assert listed["risk_accepted_only"] is True


def test_a_valid_waiver_covers_a_voluntary_framework_control(tmp_path: Path, cli: Cli) -> None:
    """A voluntary framework's controls are waivable like ownership: approver, reason,
    expiry."""
    folder = copy_example(tmp_path, REGULATED / "customer-chatbot")
    _, report = check_json(cli, folder, "--profile", "iso-42001")
    failing = [c["id"] for c in only(report)["controls"] if c["id"].startswith("ISO-")
               and c["status"] == "fail" and c["blocks_gate"]]  # fmt: skip
    assert failing
    waivers = [
        {"control": cid, "reason": "adopting ISO/IEC 42001 in 2027",
         "approved_by": "cpo@example.com", "expires": "2027-03-31"}
        for cid in failing
    ]  # fmt: skip
    edit(folder, {"waivers": waivers})
    _, report = check_json(cli, folder, "--profile", "iso-42001")
    by_id = controls(only(report))
    assert all(by_id[cid]["status"] == "waived" for cid in failing)
    assert all("risk_accepted_only" not in w for w in only(report)["waivers"])


def test_systems_that_act_need_human_oversight(tmp_path: Path, cli: Cli) -> None:
    """NIST MANAGE 2.4 and GOVERN 3.2: who can stop the system, and how (support-agent acts;
    test_nist_oversight_is_not_narrowed_to_systems_that_act covers one that suggests)."""
    folder = copy_example(tmp_path, EXAMPLES / "support-agent")
    code, report = check_json(cli, folder, "--profile", "nist-ai-rmf")
    assert code == 1
    by_id = controls(only(report))
    assert by_id["NIST-5"]["status"] == "fail"
    assert "compliance.human_oversight.can_stop is not set" in by_id["NIST-5"]["message"]
    (folder / "docs" / "oversight.md").write_text(
        "# Stop and override\n\nThe on-call engineer stops the agent from the admin console; a "
        "team lead reviews and reverses any refund it issued within one business day, and "
        "records the override in the incident log.\n",
        encoding="utf-8",
    )
    edit(
        folder,
        {
            "compliance": {
                "human_oversight": {
                    "can_stop": "oncall",
                    "can_override": "leads",
                    "procedure": "docs/oversight.md",
                }
            }
        },
    )
    by_id = controls(only(check_json(cli, folder, "--profile", "nist-ai-rmf")[1]))
    assert by_id["NIST-3"]["status"] == by_id["NIST-5"]["status"] == "pass"


def test_declared_evidence_file_missing_fails_the_control(tmp_path: Path, cli: Cli) -> None:
    """A declared path whose file is missing never passes, profile or not."""
    folder = copy_example(tmp_path, REGULATED / "customer-chatbot")
    (folder / "docs" / "ai-disclosure.md").unlink()
    code, report = check_json(cli, folder, "--profile", "eu-ai-act")
    assert code == 1
    entry = controls(only(report))["EU-50.1"]
    assert entry["status"] == "fail"
    assert "docs/ai-disclosure.md does not exist" in entry["message"]


def test_unknown_profile_is_exit_2(cli: Cli) -> None:
    code, out, err = cli("check", REGULATED / "customer-chatbot", "--profile", "eu-aia")
    assert code == 2
    assert out == ""
    assert err == (
        "aimm: unknown framework 'eu-aia'; one of: colorado-ai-act, eu-ai-act, iso-42001, "
        "nist-ai-600-1, nist-ai-rmf, nyc-ll144\n"
    )


def test_a_plain_engine_never_checks_a_profile_run(engine: Engine) -> None:
    """A profile asked for but missing from the engine would enforce nothing: the pipeline
    builds an engine with the profile instead of using the plain one it was given."""
    plain = engine
    options = CheckOptions(today=TODAY, config={"profiles": ["eu-ai-act"]})
    pipeline = Pipeline(options, engine=plain, configs=ConfigResolver())
    report = check_paths([REGULATED / "customer-chatbot"], today=TODAY, pipeline=pipeline)
    (result,) = report.results
    assert pipeline.engines() != [plain]
    assert any(c["id"].startswith("EU-") for c in result.controls)
    assert not result.gate_passed
    with pytest.raises(UsageError, match="built without the profile"):
        check_engine_covers(plain.model, {"profiles": ["eu-ai-act"]})


@pytest.mark.parametrize("profiles", [[], ["--profile", "eu-ai-act"]], ids=["plain", "profile"])
def test_next_steps_put_the_biggest_floor_gap_first(
    tmp_path: Path, profiles: list[str], cli: Cli
) -> None:
    """Audit two levels under its floor, visibility one: audit's steps come first. (rego-cpp
    has been seen to reorder the generators of that comprehension when unrelated modules
    change, so the shipped bundle's order is pinned here, with and without a profile.)"""
    folder = copy_example(tmp_path, BASE)
    edit(
        folder,
        {"posture": {"visibility": {"dashboards": "per-team"}, "audit": {"records": "none"}}},
    )
    risk = {"autonomy": "act-with-approval", "data_sensitivity": "personal"}
    edit(folder, {"risk": {**risk, "exposure": "customers", "criticality": "medium"}})
    result = only(check_json(cli, folder, *profiles)[1])
    assert (result["levels"]["audit"], result["levels"]["visibility"]) == (1, 2)
    steps = [s["dimension"] for s in result["next_steps"] if s["reason"] == "floor"]
    assert steps[0] == "audit" and "visibility" in steps
    assert steps == sorted(steps)  # every audit step (gap 2) before visibility's (gap 1)
