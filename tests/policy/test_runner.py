"""The Rego policies' own tests, run once on the embedded engine, and the catalog pairing.

Every ``test_*`` rule in ``policies/**/*_test.rego`` becomes one pytest case; the whole suite
is compiled and run once a session (the ``rego_run`` fixture), as ``aimm policy test`` runs it:
the core, the framework profiles and every installed model's packages, with every model's
data. Every control in a catalog must be published by a policy (``results["ID"]``) and have
at least one ``test_pass_<id>`` and one ``test_fail_<id>`` rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aimm.core.model import Model, ModelPath, load_model, models_data
from aimm.core.resources import policies_dir
from aimm.org.orgscope import org_scope_dirs
from aimm.policy.runner import PolicyTest, PolicyTestResult, discover, rego_files, run
from tests.support import RegoRun

FILES = rego_files([policies_dir()])
TESTS = discover(FILES)


def _installed() -> list[Model]:
    installed = ModelPath()
    return [installed.load(m) for m in installed.ids()]


def builtin_suite() -> tuple[list[Path], dict[str, object]]:
    """What ``aimm policy test`` runs without arguments: every built-in policy file (the
    core, the profiles, each installed model's) with every installed model's data."""
    models = _installed()
    folders = [policies_dir() / "core", policies_dir() / "frameworks"]
    return rego_files([*folders, *(d for m in models for d in m.policy_dirs)]), models_data(models)


@pytest.fixture(scope="session")
def outcomes(rego_run: RegoRun) -> dict[tuple[str, str], PolicyTestResult]:
    """Every policy test's outcome, from the session's one run of the built-in suite, and of
    each org-scope folder compiled with core/lib alone (as ``aimm policy test`` runs them)."""
    files, data = builtin_suite()
    results = list(rego_run(files, data))
    lib = rego_files([policies_dir() / "core" / "lib"])
    for folder in org_scope_dirs(_installed()):
        results += rego_run([*lib, *rego_files([folder])], None, rego_files([folder]))
    return {(r.test.package, r.test.rule): r for r in results}


def test_policy_tests_exist() -> None:
    """The suite is not empty: a runner that finds nothing must not pass."""
    assert len(TESTS) > 100


def test_the_suite_covers_every_policy_file() -> None:
    """The built-in suite and the org-scope folders are every .rego file under policies/ (no
    test left out of the run)."""
    files, _ = builtin_suite()
    org = rego_files(org_scope_dirs(_installed()))
    assert org and sorted([*files, *org]) == sorted(FILES)


@pytest.mark.parametrize("test", TESTS, ids=[f"{t.package}.{t.rule}" for t in TESTS])
def test_policy(test: PolicyTest, outcomes: dict[tuple[str, str], PolicyTestResult]) -> None:
    """One Rego test rule evaluates to true."""
    key = (test.package, test.rule)
    assert outcomes[key].passed, outcomes[key].detail


def _sources(suffix_test: bool) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in FILES if p.name.endswith("_test.rego") is suffix_test
    )


def test_every_control_has_a_policy_rule() -> None:
    """Each catalog control is published by some policy as results["ID"]."""
    published = set(re.findall(r'^results\["([A-Z]+-[0-9.]+)"\]', _sources(False), re.MULTILINE))
    assert {c.id for c in load_model().controls} - published == set()


def test_every_control_has_pass_and_fail_rego_tests() -> None:
    """Each catalog control has test_pass_<id> and test_fail_<id> rules."""
    rules = {t.rule for t in TESTS}
    stems = [re.sub(r"[^a-z0-9]+", "_", c.id.lower()) for c in load_model().controls]
    missing = [
        f"test_{kind}_{stem}"
        for stem in stems
        for kind in ("pass", "fail")
        if not any(r.startswith(f"test_{kind}_{stem}") for r in rules)
    ]
    assert missing == []


def test_runner_reports_a_failing_rule(tmp_path: Path) -> None:
    """The runner fails a test that is false or undefined: it cannot pass by accident."""
    source = "package demo_test\n\ntest_true if true\n\ntest_false if 1 == 2\n\n"
    source += 'test_undefined if input.x\n\ntest_error if to_number("x") == 1\n'
    (tmp_path / "demo_test.rego").write_text(source)
    results = {r.test.rule: r.passed for r in run([tmp_path / "demo_test.rego"])}
    assert results == {
        "test_true": True,
        "test_false": False,
        "test_undefined": False,
        "test_error": False,
    }
