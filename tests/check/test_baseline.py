"""Baselines: ``aimm check --write-baseline FILE`` records today's failing controls,
``aimm check --baseline FILE`` fails only on new ones.

Round trip on a small tree of copies of the base system (``tests/data/controls/base``):
``a`` fails its visibility floor, ``b`` passes everything, ``c`` fails only VIS-5.1 (its gate
passes). Everything runs through the CLI in-process with ``--today 2026-11-21``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aimm.core.schema import BASELINE, load_schema
from tests.support import TODAY_ARGS, Cli, make_system, mutate

VIS_FLOOR = {"/posture/visibility/dashboards": "none"}  # visibility L1 < floor 3: gate fails
VIS_L4 = {"/posture/visibility/agent_readable_traces": False}  # VIS-5.1 fails, gate passes
NO_ON_CALL = {"/metadata/owners/on_call": None}  # OWN-1 fails the gate in production


def check(cli: Cli, *args: str) -> tuple[int, dict[str, Any], str]:
    """``aimm check ARGS --format json``: exit code, results by folder name, stderr."""
    code, out, err = cli("check", *args, "--format", "json", *TODAY_ARGS)
    results = {Path(r["path"]).parent.name: r for r in json.loads(out)["results"]}
    return code, results, err


def failing(result: Mapping[str, Any]) -> list[str]:
    """Ids of the controls with status fail."""
    return [c["id"] for c in result["controls"] if c["status"] == "fail"]


def control(result: Mapping[str, Any], control_id: str) -> dict[str, Any]:
    """One control entry of a JSON result."""
    return next(c for c in result["controls"] if c["id"] == control_id)


def make_tree(root: Path) -> Path:
    """root/services/{a,b,c}."""
    make_system(root / "services" / "a", VIS_FLOOR)
    make_system(root / "services" / "b")
    make_system(root / "services" / "c", VIS_L4)
    return root


@dataclass(frozen=True)
class Written:
    """What ``aimm check services --format json --write-baseline baseline.json`` gave."""

    code: int
    baseline: str  # the file's text
    results: dict[str, dict[str, Any]]  # the report's results by folder name
    stderr: str


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> Written:
    """The baseline of the tree, written once for the module (the tree's evaluation costs
    most of these tests' time)."""
    root = make_tree(tmp_path_factory.mktemp("written"))
    args = ["services", "--format", "json", "--write-baseline", "baseline.json", *TODAY_ARGS]
    code, out, err = cli("check", *args, env={"AIMM_CONFIG": None}, cwd=root)
    results = {Path(r["path"]).parent.name: r for r in json.loads(out)["results"]}
    baseline = (root / "baseline.json").read_text(encoding="utf-8")
    return Written(code, baseline, results, err)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/repo/services/{a,b,c}; the working folder is tmp/repo."""
    root = make_tree(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def baselined(repo: Path, written: Written) -> Path:
    """The tree with the baseline aimm wrote for it, as repo/baseline.json."""
    path = repo / "baseline.json"
    path.write_text(written.baseline, encoding="utf-8")
    return path


# ---- writing -------------------------------------------------------------------------------


def test_write_baseline_records_failing_controls(written: Written) -> None:
    """The file: apiVersion, kind, created = --today, and per manifest (relative to the
    file's folder) its failing control ids, sorted; manifests without failures are left out.
    The check itself reports and exits as without the option."""
    results = written.results
    assert written.code == 1
    document = json.loads(written.baseline)
    assert document == {
        "apiVersion": "aimm/v1",
        "kind": "Baseline",
        "created": "2026-11-21",
        "manifests": {
            "services/a/aimm.yaml": sorted(failing(results["a"])),
            "services/c/aimm.yaml": ["VIS-5.1"],
        },
    }
    assert "VIS-2.1" in document["manifests"]["services/a/aimm.yaml"]
    assert results["a"]["gate"]["passed"] is False
    assert "baseline" not in results["a"]
    Draft202012Validator(load_schema(BASELINE)).validate(document)
    count = len(failing(results["a"])) + 1
    assert written.stderr == f"aimm: wrote baseline.json: {count} failing control(s) accepted\n"


def test_written_baseline_is_deterministic(repo: Path, cli: Cli, written: Written) -> None:
    """Same inputs, same bytes, whatever order the manifests are named in."""
    cli(
        "check",
        "services/c",
        "services/b/aimm.yaml",
        "services/a",
        "--write-baseline",
        "again.json",
        *TODAY_ARGS,
    )
    assert (repo / "again.json").read_text(encoding="utf-8") == written.baseline


def test_baseline_not_written_when_a_manifest_errors(repo: Path, cli: Cli) -> None:
    """A manifest that cannot be evaluated: exit 2 and no baseline (it would be incomplete);
    neither a new file nor an overwritten old one."""
    broken = repo / "services" / "broken"
    broken.mkdir()
    (broken / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: AISystem\n", encoding="utf-8")
    (repo / "old.json").write_text("the previous baseline\n", encoding="utf-8")
    for target in ("new.json", "old.json"):
        code, _, err = cli("check", "services", "--write-baseline", target, *TODAY_ARGS)
        assert code == 2
        assert "aimm: baseline not written: 1 manifest(s) could not be evaluated\n" in err
    assert not (repo / "new.json").exists()
    assert (repo / "old.json").read_text(encoding="utf-8") == "the previous baseline\n"


# ---- checking against it -------------------------------------------------------------------


def test_baselined_failures_do_not_fail_the_gate(
    baselined: Path, cli: Cli, written: Written
) -> None:
    """With the baseline: exit 0; accepted failures keep status fail, marked baselined, and
    still hold their level back; the result says what the baseline accepted."""
    before = written.results
    code, results, err = check(cli, "services", "--baseline", "baseline.json")
    assert code == 0
    assert err == ""
    a = results["a"]
    assert a["gate"] == {"passed": True, "reasons": []}
    assert a["levels"] == before["a"]["levels"]
    assert a["levels"]["visibility"] < a["floors"]["visibility"]
    assert failing(a) == failing(before["a"])
    for c in a["controls"]:
        assert c.get("baselined", False) is (c["status"] == "fail")
        assert c["blocks_gate"] is False
    accepted = json.loads(baselined.read_text(encoding="utf-8"))["manifests"]
    assert a["baseline"] == {"accepted": accepted["services/a/aimm.yaml"], "no_longer_failing": []}
    assert results["b"]["baseline"] == {"accepted": [], "no_longer_failing": []}
    assert "baselined" not in json.dumps(before)
    assert all("baseline" not in r for r in before.values())


def test_new_failure_fails_the_gate(baselined: Path, cli: Cli) -> None:
    """A failure the baseline does not list fails as usual, alone among the blockers."""
    mutate(baselined.parent / "services" / "a", NO_ON_CALL)
    mutate(baselined.parent / "services" / "b", VIS_FLOOR)
    code, results, _ = check(cli, "services", "--baseline", "baseline.json")
    assert code == 1
    a = results["a"]
    assert a["gate"]["passed"] is False
    assert [c["id"] for c in a["controls"] if c["blocks_gate"]] == ["OWN-1"]
    assert "baselined" not in control(a, "OWN-1")
    b = results["b"]
    assert b["gate"]["passed"] is False
    assert not any(c.get("baselined") for c in b["controls"])
    assert results["c"]["gate"]["passed"] is True


def test_fixed_failure_is_reported_as_stale(baselined: Path, cli: Cli) -> None:
    """An accepted control that passes now: listed under no_longer_failing, with a note on
    stderr naming the manifest, the baseline file and the id."""
    mutate(baselined.parent / "services" / "c", {"/posture/visibility/agent_readable_traces": True})
    code, results, err = check(cli, "services/c", "--baseline", "baseline.json")
    assert code == 0
    assert results["c"]["baseline"] == {"accepted": ["VIS-5.1"], "no_longer_failing": ["VIS-5.1"]}
    assert err == (
        "aimm: note: services/c/aimm.yaml: no longer failing, remove from baseline.json: VIS-5.1\n"
    )


def test_check_with_baseline_is_deterministic(baselined: Path, cli: Cli) -> None:
    """Two runs with the same baseline print the same bytes."""
    args = ["check", "services/a", "services/c", "--baseline", "baseline.json", "--format", "json"]
    first = cli(*args, *TODAY_ARGS)
    assert first[0] == 0
    assert cli(*args, *TODAY_ARGS) == first


def test_baseline_keys_are_relative_to_the_baseline_file(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written in ci/ from the repository root, read from another working folder with other
    relative paths: the same manifests match."""
    (repo / "ci").mkdir()
    cli("check", "services", "--write-baseline", "ci/baseline.json", *TODAY_ARGS)
    document = json.loads((repo / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert sorted(document["manifests"]) == ["../services/a/aimm.yaml", "../services/c/aimm.yaml"]
    monkeypatch.chdir(repo / "services")
    code, results, _ = check(cli, "a", "c", "--baseline", "../ci/baseline.json")
    assert code == 0
    assert results["a"]["baseline"]["accepted"] == document["manifests"]["../services/a/aimm.yaml"]
    monkeypatch.chdir(repo.parent)
    code, results, _ = check(
        cli, str(repo / "services" / "c"), "--baseline", "repo/ci/baseline.json"
    )
    assert code == 0
    assert results["c"]["baseline"]["accepted"] == ["VIS-5.1"]


@pytest.mark.parametrize(("with_baseline", "code"), [(False, 1), (True, 0)])
def test_fail_on_any_fail_ignores_baselined_failures(
    baselined: Path, cli: Cli, with_baseline: bool, code: int
) -> None:
    """--fail-on any-fail counts only failures the baseline does not accept."""
    extra = ["--baseline", "baseline.json"] if with_baseline else []
    got, _, _ = check(cli, "services/c", "--fail-on", "any-fail", *extra)
    assert got == code


def test_fail_on_any_fail_with_a_new_non_gating_failure(baselined: Path, cli: Cli) -> None:
    """A new failure that does not fail the gate still fails --fail-on any-fail."""
    mutate(baselined.parent / "services" / "b", VIS_L4)
    code, results, _ = check(
        cli, "services/b", "--baseline", "baseline.json", "--fail-on", "any-fail"
    )
    assert code == 1
    assert results["b"]["gate"]["passed"] is True


# ---- never for risk and waiver controls ----------------------------------------------------

UNKNOWN_WAIVER = {
    "/waivers": [
        {
            "control": "VIS-9.9",
            "reason": "typo",
            "approved_by": "cto@example.com",
            "expires": "2027-01-01",
        }
    ]
}
PROHIBITED = {"/risk/prohibited_practices": ["social-scoring"]}


@pytest.mark.parametrize(
    ("mutations", "control_id"), [(UNKNOWN_WAIVER, "WVR-1"), (PROHIBITED, "RISK-1")]
)
def test_baseline_never_accepts_risk_or_waiver_failures(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    mutations: dict[str, Any],
    control_id: str,
) -> None:
    """A risk or waiver-validity failure written into the baseline still fails the gate."""
    make_system(tmp_path / "svc", mutations)
    monkeypatch.chdir(tmp_path)
    cli("check", "svc", "--write-baseline", "baseline.json", *TODAY_ARGS)
    accepted = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["manifests"]
    assert control_id in accepted["svc/aimm.yaml"]
    code, results, _ = check(cli, "svc", "--baseline", "baseline.json")
    assert code == 1
    assert results["svc"]["gate"]["passed"] is False
    assert control(results["svc"], control_id)["blocks_gate"] is True


def test_unbaselinable_failure_is_not_marked_baselined(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WVR-1 in the baseline: still a plain failure in the JSON and a failure in JUnit."""
    make_system(tmp_path / "svc", UNKNOWN_WAIVER)
    monkeypatch.chdir(tmp_path)
    cli("check", "svc", "--write-baseline", "baseline.json", *TODAY_ARGS)
    _, results, _ = check(cli, "svc", "--baseline", "baseline.json")
    assert "baselined" not in control(results["svc"], "WVR-1")
    _, out, _ = cli("check", "svc", "--baseline", "baseline.json", "--format", "junit", *TODAY_ARGS)
    case = next(
        c for c in ET.fromstring(out).iter("testcase") if c.get("name", "").startswith("WVR-1 ")
    )
    assert case.find("failure") is not None


# ---- bad baseline files --------------------------------------------------------------------

BAD_BASELINES = {
    # name: (file text, line, what the message says)
    "bad-id": (
        '{\n  "apiVersion": "aimm/v1",\n  "kind": "Baseline",\n  "manifests": {\n'
        '    "svc/aimm.yaml": ["vis-5.1"]\n  }\n}\n',
        5,
        "/manifests/svc~1aimm.yaml/0: must be text matching",
    ),
    "wrong-kind": (
        '{"apiVersion": "aimm/v1", "kind": "Baselin", "manifests": {}}\n',
        1,
        "/kind: must be 'Baseline'",
    ),
    "no-manifests": (
        '{"apiVersion": "aimm/v1", "kind": "Baseline"}\n',
        1,
        "missing required key 'manifests'",
    ),
    "unknown-key": (
        '{\n  "apiVersion": "aimm/v1",\n  "kind": "Baseline",\n  "manifests": {},\n'
        '  "manifest": {}\n}\n',
        5,
        "/manifest: unknown key 'manifest'",
    ),
    "not-json": ('{"apiVersion": "aimm/v1",\n  "kind": [\n', 2, "invalid YAML"),
}


@pytest.mark.parametrize("name", list(BAD_BASELINES))
def test_bad_baseline_file(repo: Path, cli: Cli, name: str) -> None:
    """A baseline that does not parse or validate: exit 2 before any check, one line naming
    the file and line."""
    text, line, message = BAD_BASELINES[name]
    (repo / "bad.json").write_text(text, encoding="utf-8")
    code, out, err = cli("check", "services", "--baseline", "bad.json", *TODAY_ARGS)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"aimm: bad.json:{line}: ")
    assert message in err


def test_missing_baseline_file(repo: Path, cli: Cli) -> None:
    """--baseline naming no file is a usage error (exit 2)."""
    code, out, err = cli("check", "services", "--baseline", "nope.json", *TODAY_ARGS)
    assert code == 2
    assert out == ""
    assert "nope.json" in err


# ---- reporters -----------------------------------------------------------------------------


def _render(cli: Cli, fmt: str, *args: str) -> str:
    code, out, err = cli("check", *args, "--format", fmt, *TODAY_ARGS)
    assert code in (0, 1), err
    return out


def test_sarif_baseline_state(baselined: Path, cli: Cli) -> None:
    """SARIF: accepted failures are 'unchanged', new ones 'new'; no state without a baseline."""
    mutate(baselined.parent / "services" / "b", VIS_L4)
    sarif = json.loads(
        _render(cli, "sarif", "services/b", "services/c", "--baseline", "baseline.json")
    )
    states = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r.get(
            "baselineState"
        )
        for r in sarif["runs"][0]["results"]
    }
    assert states[("services/c/aimm.yaml", "VIS-5.1")] == "unchanged"
    assert states[("services/b/aimm.yaml", "VIS-5.1")] == "new"
    plain = json.loads(_render(cli, "sarif", "services/c"))
    assert all("baselineState" not in r for r in plain["runs"][0]["results"])


def test_junit_marks_baselined_failures_skipped(baselined: Path, cli: Cli) -> None:
    """JUnit: a baselined failure is a skipped case that says so; the suite has no failures."""
    root = ET.fromstring(_render(cli, "junit", "services/c", "--baseline", "baseline.json"))
    suite = next(s for s in root.iter("testsuite") if s.get("file") == "services/c/aimm.yaml")
    assert suite.get("failures") == "0"
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("VIS-5.1 "))
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith("failing, accepted by the baseline: ")
    assert case.find("failure") is None


def test_github_notice_for_stale_entries(
    baselined: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--format github: a ::notice naming the stale ids, at the manifest."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    mutate(baselined.parent / "services" / "c", {"/posture/visibility/agent_readable_traces": True})
    lines = _render(cli, "github", "services/c", "--baseline", "baseline.json").splitlines()
    assert (
        "::notice file=services/c/aimm.yaml,line=1,title=Baseline entries to remove::"
        "no longer failing: VIS-5.1; remove from the baseline"
    ) in lines
    assert not any(line.startswith("::error") for line in lines)
