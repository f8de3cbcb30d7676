"""The CI recipes in examples/ci run the aimm commands a test can run: run them here (in
process, as the recipe's shell would run the installed command)."""

from __future__ import annotations

import json
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.support import EXAMPLES, ROOT, TODAY, Cli

RECIPES = EXAMPLES / "ci"


def _aimm_commands(recipe: Path) -> list[str]:
    doc = yaml.safe_load(recipe.read_text(encoding="utf-8"))
    lines: list[str] = []
    for job in doc.get("jobs", {}).values():
        lines += [s["run"] for s in job.get("steps", []) if "run" in s]
    for job in doc.values():
        if isinstance(job, dict) and "script" in job:
            lines += job["script"]
    return [line for line in lines if line.startswith("aimm ")]


@pytest.mark.parametrize(
    ("recipe", "files"),
    [
        ("github-actions.yml", ["aimm-github.txt", "aimm.json", "aimm.sarif"]),
        ("gitlab-ci.yml", ["aimm-junit.xml", "aimm.json", "aimm.md"]),
    ],
)
def test_recipe_command_runs(recipe: str, files: list[str], tmp_path: Path, cli: Cli) -> None:
    """The recipe's aimm command gates (exit 1: credit-scoring misses its floor) and writes
    the reports the rest of the recipe uploads."""
    (command,) = _aimm_commands(RECIPES / recipe)
    repo = tmp_path / "repo"
    # The single-system examples and org-config (examples/org and examples/regulated have
    # their own tests).
    shutil.copytree(
        ROOT / "examples", repo, ignore=shutil.ignore_patterns("ci", "org", "regulated")
    )
    argv = shlex.split(command.replace('"$(date +%F)"', TODAY.isoformat()))
    code, _, err = cli(*argv[1:], cwd=repo)
    assert code == 1, err
    reports = repo / "aimm-reports"
    assert sorted(p.name for p in reports.iterdir()) == sorted(files)
    summary = json.loads((reports / "aimm.json").read_text())["summary"]
    assert summary == {"manifests": 12, "passed": 10, "failed": 2, "errors": 0}
    if "aimm-junit.xml" in files:
        root = ET.parse(reports / "aimm-junit.xml").getroot()
        assert root.tag == "testsuites"
        assert len(root.findall("testsuite")) == 12
    if "aimm.sarif" in files:
        assert json.loads((reports / "aimm.sarif").read_text())["version"] == "2.1.0"
