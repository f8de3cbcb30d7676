"""The published pre-commit hooks work through real pre-commit (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "data" / "controls" / "base"

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hooks_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pre-commit cache shared by the module, so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def _repository(tmp_path: Path, mutate: dict[str, object] | None = None) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo / "services" / "agent")
    manifest = repo / "services" / "agent" / "aimm.yaml"
    if mutate:
        doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        doc["posture"]["visibility"].update(mutate)
        manifest.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    return repo


def test_hooks_file_declares_both_hooks() -> None:
    """The hooks file names aimm-validate and aimm-check for aimm.yaml files."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["files"] for h in hooks} == {
        "aimm-validate": r"(^|/)aimm\.yaml$",
        "aimm-check": r"(^|/)aimm\.yaml$",
    }


@pytest.mark.parametrize("hook", ["aimm-validate", "aimm-check"])
def test_hook_passes_on_a_good_manifest(tmp_path: Path, hook: str, hooks_home: Path) -> None:
    """Both hooks pass on a manifest that is valid and meets its floors."""
    done = _try_repo(_repository(tmp_path), hook, hooks_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_validate_hook_fails_on_a_typo(tmp_path: Path, hooks_home: Path) -> None:
    """aimm-validate fails on an unknown key and says where."""
    done = _try_repo(_repository(tmp_path, {"dashbords": "central"}), "aimm-validate", hooks_home)
    assert done.returncode == 1
    assert "did you mean 'dashboards'" in done.stdout


def test_check_hook_fails_below_a_floor(tmp_path: Path, hooks_home: Path) -> None:
    """aimm-check fails when the visibility floor is missed."""
    done = _try_repo(_repository(tmp_path, {"dashboards": "none"}), "aimm-check", hooks_home)
    assert done.returncode == 1
    assert "gate: FAILED" in done.stdout
