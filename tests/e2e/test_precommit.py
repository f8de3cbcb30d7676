"""The published pre-commit hooks work through real pre-commit (`pre-commit try-repo`).

`try-repo` builds the hooks' environment (pip installs aimm) in a fresh store on every call,
so each repository is tried once with all its hooks: a good one (both hooks pass) and a bad
one (a typo for aimm-validate, a missed floor for aimm-check), each hook's output read from
its own section of pre-commit's report.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import BASE, ROOT

pytestmark = pytest.mark.slow

HOOKS = {"aimm-validate": "aimm validate (schema only)", "aimm-check": "aimm check (maturity gate)"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def _try_repo(repo: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo ROOT --all-files`` in ``repo``: every hook of the project."""
    # No bytecode for the hook environment's packages: nothing here imports them twice.
    env = {**os.environ, "NO_COLOR": "1", "PIP_COMPILE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def _repository(root: Path, manifests: dict[str, dict[str, object]]) -> Path:
    """A git repository holding a copy of the base system per entry, its visibility posture
    updated with the entry's values."""
    repo = root / "repo"
    for name, mutate in manifests.items():
        shutil.copytree(BASE, repo / "services" / name)
        manifest = repo / "services" / name / "aimm.yaml"
        if mutate:
            doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
            doc["posture"]["visibility"].update(mutate)
            manifest.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    return repo


def _sections(stdout: str) -> dict[str, str]:
    """Each hook's part of pre-commit's report, from its status line to the next one."""
    starts = {hook: stdout.find(name) for hook, name in HOOKS.items()}
    assert all(at >= 0 for at in starts.values()), stdout
    ordered = sorted(starts.items(), key=lambda item: item[1])
    return {
        hook: stdout[at : ordered[i + 1][1] if i + 1 < len(ordered) else len(stdout)]
        for i, (hook, at) in enumerate(ordered)
    }


def _status(section: str) -> str:
    found = re.search(r"\.{3,}\s*(Passed|Failed)", section.splitlines()[0])
    assert found, section
    return found.group(1)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """Both hooks on a repository whose manifest is valid and meets its floors."""
    return _try_repo(_repository(tmp_path_factory.mktemp("good"), {"agent": {}}))


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """Both hooks on a repository with a typo in one manifest and a missed visibility floor
    in another."""
    manifests: dict[str, dict[str, object]] = {
        "typo": {"dashbords": "central"},
        "low": {"dashboards": "none"},
    }
    return _try_repo(_repository(tmp_path_factory.mktemp("bad"), manifests))


def test_hooks_file_declares_both_hooks() -> None:
    """aimm-validate runs on the aimm.yaml files a commit touches; aimm-check runs on every
    commit over the whole repository (a deleted evidence file changes a verdict without
    touching aimm.yaml, and pre-commit passes no deleted file to a hook)."""
    hooks = {
        h["id"]: h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert hooks["aimm-validate"]["files"] == r"(^|/)aimm\.yaml$"
    check = hooks["aimm-check"]
    assert (check["entry"], check["always_run"], check["pass_filenames"]) == (
        "aimm check .",
        True,
        False,
    )
    assert "files" not in check
    assert {h["id"]: h["name"] for h in hooks.values()} == HOOKS


@pytest.mark.parametrize("hook", ["aimm-validate", "aimm-check"])
def test_hook_passes_on_a_good_manifest(good: subprocess.CompletedProcess[str], hook: str) -> None:
    """Both hooks pass on a manifest that is valid and meets its floors."""
    assert good.returncode == 0, good.stdout + good.stderr
    assert _status(_sections(good.stdout)[hook]) == "Passed"


def test_validate_hook_fails_on_a_typo(bad: subprocess.CompletedProcess[str]) -> None:
    """aimm-validate fails on an unknown key and says where."""
    assert bad.returncode == 1, bad.stdout + bad.stderr
    section = _sections(bad.stdout)["aimm-validate"]
    assert _status(section) == "Failed"
    assert "did you mean 'dashboards'" in section


def test_check_hook_fails_below_a_floor(bad: subprocess.CompletedProcess[str]) -> None:
    """aimm-check fails when the visibility floor is missed."""
    assert bad.returncode == 1, bad.stdout + bad.stderr
    section = _sections(bad.stdout)["aimm-check"]
    assert _status(section) == "Failed"
    assert "gate: FAILED" in section


def test_check_hook_runs_on_a_commit_that_only_deletes_a_declared_file(tmp_path: Path) -> None:
    """The published aimm-check hook, run by pre-commit on a commit whose only change is the
    deletion of an eval suite the manifest declares (no file is passed to any hook), fails
    the gate. The hook is the published one with ``language: system``, so pre-commit runs
    this aimm without building an environment."""
    published = {
        h["id"]: h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }["aimm-check"]
    aimm = Path(sys.executable).with_name("aimm")
    local = {
        **{k: v for k, v in published.items() if k not in ("language", "description")},
        "entry": str(aimm) + published["entry"].removeprefix("aimm"),
        "language": "system",
    }
    repo = _repository(tmp_path, {"agent": {}})
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "hooks")
    _git(repo, "rm", "-q", "services/agent/evals/golden.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=repo,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    section = _sections_of(done.stdout, "aimm-check")
    assert _status(section) == "Failed"
    assert "evals/golden.yaml does not exist" in section


def _sections_of(stdout: str, hook: str) -> str:
    """One hook's part of pre-commit's report (the only hook run)."""
    at = stdout.find(HOOKS[hook])
    assert at >= 0, stdout
    return stdout[at:]
