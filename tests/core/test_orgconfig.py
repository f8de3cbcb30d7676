"""The org config (aimm-org.yaml): every key changes a verdict both ways, discovery and its
precedence, ``--no-config``, each bad config as one located error (exit 2), and the verdicts
the org-config example documents.

The verdict table runs the library on copies of the base system of ``tests/data/controls``
(it passes every control) with the session's compiled engine; discovery, precedence and
errors go through the CLI in-process (the ``cli`` fixture), as a user runs it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aimm.check.run import check_paths
from aimm.core.engine import Engine
from aimm.core.loader import load_manifest
from aimm.core.orgconfig import ConfigResolver, load_config
from aimm.core.pipeline import CheckOptions, Pipeline, input_document, merge_config
from aimm.core.result import ManifestResult
from tests.support import (
    BASE,
    EXAMPLES,
    ORG_CONFIG_EXAMPLE,
    ROOT,
    TODAY,
    TODAY_ARGS,
    Cli,
    make_system,
    write_config,
)

EXAMPLE = ORG_CONFIG_EXAMPLE

# Mutations of the base system (JSON pointer -> value; None removes the key).
EVAL_L3 = {"/posture/evaluation/ci_gate/blocking": False}  # EVA-4.2 fails: evaluation L3
EVAL_L2 = {  # 10 cases in all: EVA-3.2 fails, evaluation L2
    "/posture/evaluation/suites": [{"name": "golden", "path": "evals/golden.yaml", "cases": 10}]
}
REGULATED = {"/risk/domain": "employment"}  # regulatory floors: evaluation 4, audit 4
NO_DATA_OWNER = {"/metadata/owners/data": None}
VIS_L4 = {"/posture/visibility/agent_readable_traces": False}  # VIS-5.1 fails


def _waiver(expires: str, approved_by: str = "cto@example.com") -> dict[str, Any]:
    """Base with VIS-5.1 failing and a waiver for it."""
    waiver = {
        "control": "VIS-5.1",
        "reason": "traces API after the platform migration",
        "approved_by": approved_by,
        "expires": expires,
    }
    return {**VIS_L4, "/waivers": [waiver]}


def check(
    paths: list[Path],
    engine: Engine,
    configs: ConfigResolver,
    config: dict[str, Any] | None = None,
) -> list[ManifestResult]:
    """The results of checking ``paths`` with the session's engine (the pipeline builds its
    own where the org config asks for policies or profiles the engine lacks)."""
    pipeline = Pipeline(CheckOptions(today=TODAY, config=config), engine=engine, configs=configs)
    return list(check_paths(paths, today=TODAY, pipeline=pipeline).results)


def json_results(out: str) -> dict[str, dict[str, Any]]:
    """The results of a JSON report by the name of the manifest's folder."""
    report = json.loads(out)
    return {Path(r["path"]).parent.name: r for r in report["results"]}


def statuses(result: ManifestResult | Mapping[str, Any]) -> dict[str, str]:
    """Control id -> status."""
    controls = result.controls if isinstance(result, ManifestResult) else result["controls"]
    return {c["id"]: c["status"] for c in controls}


# ---- every config key changes a verdict ----------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A config (None: no config at all) and a system, and what the check must say."""

    config: dict[str, Any] | None
    mutations: dict[str, Any]
    gate: bool
    floors: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    # Disabled controls that still block the gate: only below a statutory floor.
    disabled_blocking: frozenset[str] = frozenset()


RAISE_EVAL = {"floors": {"high": {"evaluation": 4}}}
LOWER_EVAL = {"floors": {"high": {"evaluation": 2}}}
ALLOW_LOWER_EVAL = {**LOWER_EVAL, "allow_lower_floors": True}
REQUIRE_DATA = {"required_owners": [{"role": "data"}]}
DISABLE_VIS = {"disabled_controls": [{"control": "VIS-5.1", "reason": "not on the roadmap"}]}

CASES = {
    # floors: raised, lowering ignored, lowering allowed, regulatory floors kept
    "raised-floor-fails": Case(RAISE_EVAL, EVAL_L3, False, {"evaluation": 4}, {"evaluation": 3}),
    "raised-floor-met": Case(RAISE_EVAL, {}, True, {"evaluation": 4}, {"evaluation": 5}),
    "default-floor-without-config": Case(None, EVAL_L3, True, {"evaluation": 3}),
    "raise-for-another-tier": Case(
        {"floors": {"critical": {"evaluation": 5}}}, EVAL_L3, True, {"evaluation": 3}
    ),
    "lower-floor-ignored": Case(LOWER_EVAL, EVAL_L2, False, {"evaluation": 3}, {"evaluation": 2}),
    "lower-floor-allowed": Case(ALLOW_LOWER_EVAL, EVAL_L2, True, {"evaluation": 2}),
    "regulatory-floor-kept": Case(
        ALLOW_LOWER_EVAL, {**EVAL_L3, **REGULATED}, False, {"evaluation": 4, "audit": 4}
    ),
    "regulatory-floor-raised-further": Case(
        {"floors": {"high": {"audit": 5}}}, REGULATED, True, {"evaluation": 4, "audit": 5}
    ),
    # required_owners (OWN-4): enforced where floors are
    "required-owner-missing": Case(REQUIRE_DATA, NO_DATA_OWNER, False, statuses={"OWN-4": "fail"}),
    "required-owner-present": Case(REQUIRE_DATA, {}, True, statuses={"OWN-4": "pass"}),
    "required-owner-other-lifecycle": Case(
        {"required_owners": [{"role": "data", "lifecycles": ["pilot"]}]},
        NO_DATA_OWNER,
        True,
        statuses={"OWN-4": "pass"},
    ),
    "required-owner-other-tier": Case(
        {"required_owners": [{"role": "data", "tiers": ["critical"]}]},
        NO_DATA_OWNER,
        True,
        statuses={"OWN-4": "pass"},
    ),
    "required-owner-in-experiment": Case(
        REQUIRE_DATA,
        {**NO_DATA_OWNER, "/system/lifecycle": "experiment"},
        True,
        statuses={"OWN-4": "fail"},
    ),
    "no-owner-requirement-without-config": Case(
        None, NO_DATA_OWNER, True, statuses={"OWN-4": "pass"}
    ),
    # waivers.max_days (WVR-4): 180 by default once a config is in use
    "waiver-any-horizon-without-config": Case(
        None, _waiver("2027-06-01"), True, statuses={"VIS-5.1": "waived", "WVR-4": "pass"}
    ),
    "waiver-beyond-default-horizon": Case(
        {}, _waiver("2027-06-01"), False, statuses={"VIS-5.1": "fail", "WVR-4": "fail"}
    ),
    "waiver-within-default-horizon": Case(
        {}, _waiver("2027-05-20"), True, statuses={"VIS-5.1": "waived", "WVR-4": "pass"}
    ),
    "waiver-within-max-days": Case(
        {"waivers": {"max_days": 200}},
        _waiver("2027-06-01"),
        True,
        statuses={"VIS-5.1": "waived", "WVR-4": "pass"},
    ),
    "waiver-beyond-max-days": Case(
        {"waivers": {"max_days": 30}},
        _waiver("2027-01-01"),
        False,
        statuses={"VIS-5.1": "fail", "WVR-4": "fail"},
    ),
    # waivers.approvers (WVR-5): emails or domains, case-insensitive, exact domain
    "approver-domain": Case(
        {"waivers": {"approvers": ["example.com"]}},
        _waiver("2027-01-01"),
        True,
        statuses={"VIS-5.1": "waived", "WVR-5": "pass"},
    ),
    "approver-domain-any-case": Case(
        {"waivers": {"approvers": ["@EXAMPLE.com"]}},
        _waiver("2027-01-01", "CTO@Example.COM"),
        True,
        statuses={"WVR-5": "pass"},
    ),
    "approver-subdomain-is-another-domain": Case(
        {"waivers": {"approvers": ["example.com"]}},
        _waiver("2027-01-01", "cto@eu.example.com"),
        False,
        statuses={"VIS-5.1": "fail", "WVR-5": "fail"},
    ),
    "approver-email-any-case": Case(
        {"waivers": {"approvers": ["cto@example.com"]}},
        _waiver("2027-01-01", "CTO@EXAMPLE.COM"),
        True,
        statuses={"WVR-5": "pass"},
    ),
    "approver-not-listed": Case(
        {"waivers": {"approvers": ["risk@example.com", "example.org"]}},
        _waiver("2027-01-01"),
        False,
        statuses={"VIS-5.1": "fail", "WVR-5": "fail"},
    ),
    "anyone-approves-without-config": Case(
        None, _waiver("2027-01-01", "whoever"), True, statuses={"WVR-5": "pass"}
    ),
    # disabled_controls: reported as disabled, and the level computed as if they failed (a
    # disabled control never raises a level); they spare the gate, except below a statutory
    # floor (a regulated domain's or an enforced profile's)
    "failing-control-disabled": Case(
        DISABLE_VIS,
        VIS_L4,
        True,
        levels={"visibility": 4},
        statuses={"VIS-5.1": "disabled"},
        messages={"VIS-5.1": "disabled by the org config: not on the roadmap"},
    ),
    "failing-control-without-config": Case(
        None, VIS_L4, True, levels={"visibility": 4}, statuses={"VIS-5.1": "fail"}
    ),
    "passing-control-disabled": Case(
        DISABLE_VIS, {}, True, levels={"visibility": 4}, statuses={"VIS-5.1": "disabled"}
    ),
    "floor-blocker-disabled": Case(
        {**RAISE_EVAL, "disabled_controls": [{"control": "EVA-4.2", "reason": "no CI yet"}]},
        EVAL_L3,
        True,
        {"evaluation": 4},
        {"evaluation": 3},
        {"EVA-4.2": "disabled"},
    ),
    "statutory-floor-blocker-disabled": Case(
        {"disabled_controls": [{"control": "AUD-4.2", "reason": "the vendor log is mutable"}]},
        REGULATED,
        False,
        {"audit": 4},
        {"audit": 3},
        {"AUD-4.2": "disabled"},
        disabled_blocking=frozenset({"AUD-4.2"}),
    ),
    "statutory-floor-met-with-another-control-disabled": Case(
        DISABLE_VIS, REGULATED, True, {"audit": 4}, {"visibility": 4, "audit": 5}
    ),
    "gate-control-disabled": Case(
        {"disabled_controls": [{"control": "OWN-1", "reason": "paging is central"}]},
        {"/metadata/owners/on_call": None},
        True,
        statuses={"OWN-1": "disabled"},
    ),
    "gate-control-without-config": Case(
        None, {"/metadata/owners/on_call": None}, False, statuses={"OWN-1": "fail"}
    ),
}


def _check(tmp_path: Path, engine: Engine, case: Case) -> ManifestResult:
    system = make_system(tmp_path / "svc", case.mutations)
    if case.config is None:
        configs = ConfigResolver(discover=False, use_env=False)
    else:
        configs = ConfigResolver(write_config(tmp_path / "aimm-org.yaml", case.config))
    (result,) = check([system], engine, configs)
    assert result.evaluated, result.errors
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_config_key_changes_the_verdict(tmp_path: Path, engine: Engine, name: str) -> None:
    """Each key of the config moves the gate, a floor, a level or a status, and only when a
    config is in use; every reported verdict is consistent with the failing controls."""
    case = CASES[name]
    result = _check(tmp_path, engine, case)
    assert result.gate_passed is case.gate, result.gate_reasons
    assert {d: result.floors[d] for d in case.floors} == case.floors
    assert {d: result.levels[d] for d in case.levels} == case.levels
    got = statuses(result)
    assert {c: got[c] for c in case.statuses} == case.statuses
    messages = {c["id"]: c["message"] for c in result.controls}
    assert {c: messages[c] for c in case.messages} == case.messages
    # Disabled controls never show up as a next step, and block the gate only below a
    # statutory floor.
    disabled = {c for c, s in got.items() if s == "disabled"}
    blocking = {c["id"] for c in result.controls if c["blocks_gate"]}
    assert disabled & blocking == case.disabled_blocking
    assert not disabled & {s["control"] for s in result.next_steps}
    # The org_config key is there exactly when a config applied.
    assert (result.org_config is not None) is (case.config is not None)
    # A failing gate names its blockers; a passing one has none.
    assert any(c["blocks_gate"] for c in result.controls) is not case.gate


def test_command_line_minimum_still_raises_a_lowered_floor(tmp_path: Path, engine: Engine) -> None:
    """--min-level (input.config.min_levels) applies over a floor the org lowered."""
    system = make_system(tmp_path / "svc", EVAL_L2)
    configs = ConfigResolver(write_config(tmp_path / "aimm-org.yaml", ALLOW_LOWER_EVAL))
    (result,) = check([system], engine, configs, config={"min_levels": {"evaluation": 3}})
    assert result.floors["evaluation"] == 3
    assert result.gate_passed is False


# ---- what reaches Rego ---------------------------------------------------------------------


def test_rego_config_defaults_and_approver_split(tmp_path: Path) -> None:
    """input.config: waiver horizon 180 by default, approvers lower-cased and split into
    emails and domains (a leading @ dropped), profiles and enforce_upcoming passed through."""
    bare = load_config(write_config(tmp_path / "bare.yaml", {}))
    assert bare.rego() == {
        "floors": {},
        "allow_lower_floors": False,
        "required_owners": [],
        "waivers": {
            "max_days": 180,
            "approvers": {"restricted": False, "emails": [], "domains": []},
        },
        "disabled": {},
    }
    full = load_config(
        write_config(
            tmp_path / "full.yaml",
            {
                "waivers": {
                    "max_days": 45,
                    "approvers": ["CTO@Example.com", "@Risk.Example.com", "example.org"],
                },
                "profiles": ["eu-ai-act"],
                "enforce_upcoming": True,
            },
        )
    )
    rego = full.rego()
    assert rego["waivers"] == {
        "max_days": 45,
        "approvers": {
            "restricted": True,
            "emails": ["cto@example.com"],
            "domains": ["example.org", "risk.example.com"],
        },
    }
    assert rego["profiles"] == ["eu-ai-act"]
    assert rego["enforce_upcoming"] is True
    document = input_document(
        load_manifest(BASE / "aimm.yaml"),
        CheckOptions(today=TODAY, config={"profiles": ["iso-42001"], "min_levels": {}}),
        full,
    )
    assert document["config"]["profiles"] == ["eu-ai-act", "iso-42001"]
    assert document["config"]["enforce_upcoming"] is True
    assert document["config"]["min_levels"] == {}


def test_merge_config_joins_lists_and_overrides_the_rest() -> None:
    """Command-line keys win over the org config's; lists (profiles) are joined, sorted, once."""
    merged = merge_config(
        {"profiles": ["b", "a"], "allow_lower_floors": True, "floors": {"high": {"cost": 4}}},
        {"profiles": ["c", "a"], "allow_lower_floors": False},
    )
    assert merged == {
        "profiles": ["a", "b", "c"],
        "allow_lower_floors": False,
        "floors": {"high": {"cost": 4}},
    }


# ---- discovery and precedence --------------------------------------------------------------


STRICT = {"floors": {"high": {"evaluation": 4}}}  # EVAL_L3 fails under it
LENIENT: dict[str, Any] = {}  # EVAL_L3 passes under it


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/aimm-org.yaml (lenient, the platform's) above tmp/other/svc and tmp/team;
    tmp/team/aimm-org.yaml (strict, a repository's own) above tmp/team/svc; both systems at
    evaluation L3. The working folder is tmp."""
    write_config(tmp_path / "aimm-org.yaml", LENIENT)
    write_config(tmp_path / "team" / "aimm-org.yaml", STRICT)
    make_system(tmp_path / "team" / "svc", EVAL_L3)
    make_system(tmp_path / "other" / "svc", EVAL_L3)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run_tree(cli: Cli, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = cli("check", "team", "other", "--format", "json", *TODAY_ARGS, *args)
    report = json.loads(out)
    by_folder = {r["path"].split("/")[0]: r for r in report["results"]}
    return code, by_folder, err


def test_nearest_config_above_each_manifest_applies(tree: Path, cli: Cli) -> None:
    """Walking up from each manifest, the outermost aimm-org.yaml is the platform's (it is
    the one reported) and a repository's own below it tightens it for that repository."""
    code, results, _ = _run_tree(cli)
    assert code == 1
    assert {r["org_config"] for r in results.values()} == {"aimm-org.yaml"}
    assert results["team"]["floors"]["evaluation"] == 4
    assert results["team"]["gate"]["passed"] is False
    assert results["other"]["floors"]["evaluation"] == 3
    assert results["other"]["gate"]["passed"] is True


def test_env_config_beats_discovery(tree: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """AIMM_CONFIG applies to every manifest, over the aimm-org.yaml files above them."""
    write_config(tree / "ci" / "lenient.yaml", LENIENT)
    monkeypatch.setenv("AIMM_CONFIG", "ci/lenient.yaml")
    code, results, _ = _run_tree(cli)
    assert code == 0
    assert {r["org_config"] for r in results.values()} == {"ci/lenient.yaml"}


def test_config_option_beats_env(tree: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--config applies to every manifest, over AIMM_CONFIG and discovery."""
    write_config(tree / "ci" / "lenient.yaml", LENIENT)
    write_config(tree / "ci" / "strict.yaml", STRICT)
    monkeypatch.setenv("AIMM_CONFIG", "ci/lenient.yaml")
    code, results, _ = _run_tree(cli, "--config", "ci/strict.yaml")
    assert code == 1
    assert {r["org_config"] for r in results.values()} == {"ci/strict.yaml"}
    assert {r["gate"]["passed"] for r in results.values()} == {False}


def test_empty_env_variable_means_discovery(
    tree: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AIMM_CONFIG set to nothing is as if unset."""
    monkeypatch.setenv("AIMM_CONFIG", "")
    _, results, _ = _run_tree(cli)
    assert results["team"]["floors"]["evaluation"] == 4


def test_no_config_ignores_env_and_discovery(
    tree: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--no-config: default floors, and no org_config key in the results."""
    write_config(tree / "ci" / "strict.yaml", STRICT)
    monkeypatch.setenv("AIMM_CONFIG", "ci/strict.yaml")
    code, results, _ = _run_tree(cli, "--no-config")
    assert code == 0
    for result in results.values():
        assert "org_config" not in result
        assert result["floors"]["evaluation"] == 3


def test_config_and_no_config_together_is_a_usage_error(tree: Path, cli: Cli) -> None:
    """--config with --no-config: exit 2, one line, no report."""
    code, out, err = cli("check", "team", "--config", "aimm-org.yaml", "--no-config")
    assert code == 2
    assert out == ""
    assert err == "aimm: use either --config or --no-config, not both\n"


# ---- bad configs ---------------------------------------------------------------------------

BAD_CONFIGS = {
    # name: (config text, line, pointer and message)
    "unknown-key": (
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n  high: {evalution: 4}\n",
        4,
        "/floors/high/evalution: unknown key 'evalution' (did you mean 'evaluation'?)",
    ),
    "floor-out-of-range": (
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n  high:\n    cost: 7\n",
        5,
        "/floors/high/cost:",
    ),
    "wrong-kind": ("apiVersion: aimm/v1\nkind: AISystem\n", 2, "/kind:"),
    "disabled-without-reason": (
        "apiVersion: aimm/v1\nkind: OrgConfig\ndisabled_controls:\n  - control: VIS-5.1\n",
        4,
        "/disabled_controls/0: missing required key 'reason'",
    ),
    "missing-policy-folder": (
        "apiVersion: aimm/v1\nkind: OrgConfig\npolicies:\n  - policies/none\n",
        4,
        "/policies/0: policy folder 'policies/none' does not exist",
    ),
}


@pytest.mark.parametrize("name", list(BAD_CONFIGS))
def test_bad_explicit_config_stops_the_run(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A bad --config: exit 2, nothing on stdout, one line naming file, line and field."""
    text, line, message = BAD_CONFIGS[name]
    write_config(tmp_path / "org.yaml", text)
    make_system(tmp_path / "svc")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", "svc", "--config", "org.yaml", *TODAY_ARGS)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"aimm: org.yaml:{line}: {message}")


def test_bad_env_config_stops_the_run(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad AIMM_CONFIG is handled like --config: exit 2 before any check."""
    text, line, message = BAD_CONFIGS["unknown-key"]
    write_config(tmp_path / "org.yaml", text)
    make_system(tmp_path / "svc")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AIMM_CONFIG", "org.yaml")
    code, out, err = cli("check", "svc", *TODAY_ARGS)
    assert (code, out) == (2, "")
    assert err == f"aimm: org.yaml:{line}: {message}\n"


def test_missing_explicit_config_file(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--config naming no file: exit 2, one line naming it."""
    make_system(tmp_path / "svc")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", "svc", "--config", "nope.yaml", *TODAY_ARGS)
    assert (code, out) == (2, "")
    assert err.startswith("aimm: nope.yaml: ")
    assert err.count("\n") == 1


def test_bad_discovered_config_errors_only_the_manifests_below_it(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A discovered config that is bad makes each manifest under it an error result naming
    the config's file, line and field; manifests elsewhere are checked as usual."""
    text, line, message = BAD_CONFIGS["unknown-key"]
    write_config(tmp_path / "bad" / "aimm-org.yaml", text)
    make_system(tmp_path / "bad" / "one")
    make_system(tmp_path / "bad" / "two")
    make_system(tmp_path / "good")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "bad", "good", "--format", "json", *TODAY_ARGS)
    assert code == 2
    results = json_results(out)
    for name in ("one", "two"):
        assert results[name]["status"] == "error"
        (error,) = results[name]["errors"]
        assert error["message"].startswith("org config ")
        assert error["message"].endswith(f"bad/aimm-org.yaml:{line}: {message}")
    assert results["good"]["status"] == "evaluated"
    assert results["good"]["gate"]["passed"] is True


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("VIS-6.1", "unknown control 'VIS-6.1' (did you mean 'VIS-5.1'?)"),
        ("ZZZ-1", "unknown control 'ZZZ-1'"),
        ("RISK-1", "RISK-1 (risk) cannot be disabled"),
        ("WVR-4", "WVR-4 (waivers) cannot be disabled"),
    ],
)
def test_disabled_control_must_exist_and_be_waivable(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    entry: str,
    expected: str,
) -> None:
    """An unknown control (with a did-you-mean when one is close) or a risk or waiver
    control in disabled_controls: exit 2, located at the entry's line and pointer."""
    config = {"disabled_controls": [{"control": entry, "reason": "not for us"}]}
    write_config(tmp_path / "aimm-org.yaml", config)
    make_system(tmp_path / "svc")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "svc", "--format", "json", *TODAY_ARGS)
    assert code == 2
    (result,) = json.loads(out)["results"]
    assert result["status"] == "error"
    (error,) = result["errors"]
    line = load_manifest(tmp_path / "aimm-org.yaml").line_for("/disabled_controls/0/control")
    assert error["message"].endswith(
        f"aimm-org.yaml:{line}: /disabled_controls/0/control: {expected}"
    )
    if "did you mean" not in expected:
        assert "did you mean" not in error["message"]


def test_explicit_config_with_unknown_disabled_control_stops_the_run(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad explicit config stops the run: one line on stderr, no report."""
    config = {"disabled_controls": [{"control": "VIS-6.1", "reason": "not for us"}]}
    write_config(tmp_path / "org.yaml", config)
    make_system(tmp_path / "svc")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", "svc", "--config", "org.yaml", *TODAY_ARGS)
    assert code == 2
    assert out == ""
    assert err.startswith("aimm: org.yaml:")
    assert "did you mean 'VIS-5.1'" in err


# ---- the example: examples/org-config ------------------------------------------------------


def test_example_verdicts_with_its_config(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under Acme's config: returns-assistant fails on the evaluation floor of 4 (EVA-4.2),
    order-tracker passes with VIS-5.1 disabled; a disabled control holds its level back, so
    visibility reads L4 as without the config (it read L5 before issue 9); Acme's own
    controls are checked; exit 1."""
    monkeypatch.chdir(ROOT)
    code, out, _ = cli("check", "examples/org-config", "--format", "json", *TODAY_ARGS)
    assert code == 1
    results = json_results(out)
    returns, tracker = results["returns-assistant"], results["order-tracker"]
    for result in (returns, tracker):
        assert result["org_config"] == "examples/org-config/aimm-org.yaml"
        assert result["tier"] == "high"
        assert result["floors"]["evaluation"] == 4
        assert statuses(result)["ACME-1"] == "pass"
        assert statuses(result)["ACME-3.1"] == "pass"
        vis = next(c for c in result["controls"] if c["id"] == "VIS-5.1")
        assert vis["status"] == "disabled"
        assert vis["message"].startswith("disabled by the org config: agent-readable traces")
        assert vis["blocks_gate"] is False
        assert result["levels"]["visibility"] == 4
    assert returns["gate"] == {
        "passed": False,
        "reasons": ["evaluation is at level 3, below its floor of 4 (unwaived: EVA-4.2)"],
    }
    assert tracker["gate"] == {"passed": True, "reasons": []}
    assert tracker["levels"]["evaluation"] == 4


def test_example_without_its_config(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-config: both pass on the default floors, VIS-5.1 fails again, no Acme controls."""
    monkeypatch.chdir(ROOT)
    code, out, _ = cli(
        "check", "examples/org-config", "--no-config", "--format", "json", *TODAY_ARGS
    )
    assert code == 0
    for result in json_results(out).values():
        assert "org_config" not in result
        assert result["floors"]["evaluation"] == 3
        assert result["levels"]["visibility"] == 4
        assert statuses(result)["VIS-5.1"] == "fail"
        assert not any(cid.startswith("ACME-") for cid in statuses(result))
        assert result["gate"]["passed"] is True


def test_example_config_from_another_folder(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--config with the example's config from elsewhere: its policy folder is found relative
    to the config file, and the verdicts are the same as by discovery."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(
        "check",
        str(EXAMPLE / "services" / "returns-assistant"),
        "--config",
        str(EXAMPLE / "aimm-org.yaml"),
        "--format",
        "json",
        *TODAY_ARGS,
    )
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert result["org_config"] == (EXAMPLE / "aimm-org.yaml").as_posix()
    assert result["gate"]["reasons"] == [
        "evaluation is at level 3, below its floor of 4 (unwaived: EVA-4.2)"
    ]
    assert statuses(result)["ACME-3.1"] == "pass"


# ---- regulatory profiles from the org config ---------------------------------------------------

CHATBOT = EXAMPLES / "regulated" / "customer-chatbot"


@pytest.mark.parametrize(
    ("config", "flags", "code"),
    [
        ("", [], 0),
        ("profiles: [eu-ai-act]\n", [], 1),
        ("", ["--profile", "eu-ai-act"], 1),
        ("profiles: [eu-ai-act]\n", ["--profile", "eu-ai-act"], 1),
    ],
    ids=["none", "org-config", "command-line", "both"],
)
def test_org_config_profiles_are_enforced_like_the_option(
    tmp_path: Path, cli: Cli, config: str, flags: list[str], code: int
) -> None:
    """profiles: in aimm-org.yaml enforces a profile in the gate as --profile does (the
    customer chatbot misses its Art. 50 transparency notice, EU-50.2)."""
    org = tmp_path / "aimm-org.yaml"
    org.write_text(f"apiVersion: aimm/v1\nkind: OrgConfig\n{config}", encoding="utf-8")
    got, out, err = cli(
        "check", str(CHATBOT), *TODAY_ARGS, "--config", str(org), "--format", "json", *flags
    )
    assert got == code, err
    (result,) = json.loads(out)["results"]
    eu = [c for c in result["controls"] if c["id"].startswith("EU-")]
    assert bool(eu) is (code == 1)
    blocking = {c["id"] for c in result["controls"] if c["blocks_gate"]}
    assert ("EU-50.2" in blocking) if code else result["gate"]["passed"]


def test_org_config_unknown_profile_is_exit_2_with_its_line(tmp_path: Path, cli: Cli) -> None:
    org = tmp_path / "aimm-org.yaml"
    org.write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nprofiles:\n  - eu-aia\n", encoding="utf-8"
    )
    code, out, err = cli("check", str(CHATBOT), *TODAY_ARGS, "--config", str(org))
    assert (code, out) == (2, "")
    assert err == (
        f"aimm: {org}:4: /profiles/0: unknown profile 'eu-aia'; "
        "one of: colorado-ai-act, eu-ai-act, iso-42001, nist-ai-600-1, nist-ai-rmf, nyc-ll144\n"
    )


def test_a_lower_floor_without_allow_lower_floors_is_warned_about(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An override below the default has no effect unless allowed: say so, with its line."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES / "support-agent", tmp_path / "svc")
    (tmp_path / "aimm-org.yaml").write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n  high: {evaluation: 2, audit: 4}\n",
        encoding="utf-8",
    )
    code, _, err = cli("check", "svc", *TODAY_ARGS)
    assert code == 1  # audit 3 is below the raised floor of 4
    assert err == (
        "aimm: warning: aimm-org.yaml:4: floors.high.evaluation 2 is below the default 3 "
        "and is ignored (allow_lower_floors: true lowers it)\n"
    )
    (tmp_path / "aimm-org.yaml").write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nallow_lower_floors: true\n"
        "floors:\n  high: {evaluation: 2}\n",
        encoding="utf-8",
    )
    code, _, err = cli("check", "svc", *TODAY_ARGS)
    assert (code, err) == (0, "")
