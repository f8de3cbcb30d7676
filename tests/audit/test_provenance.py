"""Provenance a compliance officer can sign: the git commit of each manifest (or why there is
none), when the evidence was collected and who assessed it (issue 15)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.support import REGULATED, TODAY_ARGS, Cli

ROUTER = REGULATED / "it-ticket-router"
AUDIT = ["audit", "--framework", "eu-ai-act", *TODAY_ARGS]
NS = "https://aimm.dev/ns/oscal"


def _pack(cli: Cli, target: Path, *args: str | Path) -> dict[str, Any]:
    code, _, err = cli(*AUDIT, *args, "--pack", target)
    assert code == 0, err
    return {
        "provenance": json.loads((target / "provenance.json").read_text(encoding="utf-8")),
        "results": json.loads(
            (target / "report/assessment-results.json").read_text(encoding="utf-8")
        )["assessment-results"],
        "index": (target / "index.md").read_text(encoding="utf-8"),
    }


def _head(folder: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_commit_of_a_manifest_in_git(tmp_path: Path, cli: Cli) -> None:
    """A manifest in a git checkout: HEAD's commit in the provenance and in the result."""
    got = _pack(cli, tmp_path / "pack", ROUTER)
    (system,) = got["provenance"]["systems"]
    assert system["commit"] == _head(ROUTER)
    assert system["uncommitted_changes"] is False
    (result,) = got["results"]["results"]
    assert {"name": "commit", "ns": NS, "value": _head(ROUTER)} in result["props"]
    assert f"`{_head(ROUTER)}`" in got["index"]


def test_no_commit_outside_git_says_why(tmp_path: Path, cli: Cli) -> None:
    copy = tmp_path / "router"
    shutil.copytree(ROUTER, copy)
    got = _pack(cli, tmp_path / "pack", copy)
    (system,) = got["provenance"]["systems"]
    assert system["commit"] is None
    assert system["reason"] == "not in a git checkout (or git is unavailable)"
    (result,) = got["results"]["results"]
    assert {
        "name": "commit-unknown",
        "ns": NS,
        "value": "not in a git checkout (or git is unavailable)",
    } in result["props"]


def test_uncommitted_changes_are_flagged(tmp_path: Path, cli: Cli) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROUTER, repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    manifest = repo / "aimm.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (system,) = _pack(cli, tmp_path / "pack", repo)["provenance"]["systems"]
    assert system["commit"] == _head(repo)
    assert system["uncommitted_changes"] is True


def test_collection_time_and_assessor(tmp_path: Path, cli: Cli) -> None:
    """Defaults: collected at --today midnight UTC, the assessor stated as unknown; given:
    both in the provenance, the results' start and the observations' collection time."""
    default = _pack(cli, tmp_path / "a", ROUTER)
    assert default["provenance"]["collected_at"] == "2026-11-21T00:00:00+00:00"
    assert default["provenance"]["assessor"].startswith("unknown: not stated")
    assert {
        "name": "assessor",
        "ns": NS,
        "value": default["provenance"]["assessor"],
    } in default["results"]["metadata"]["props"]
    assert "parties" not in default["results"]["metadata"]
    given = _pack(
        cli, tmp_path / "b", ROUTER, "--assessor", "Ann  Lee", "--collected-at", "2026-11-20T09:15"
    )
    prov = given["provenance"]
    assert (prov["assessor"], prov["collected_at"]) == ("Ann Lee", "2026-11-20T09:15:00+00:00")
    assert prov["command"].endswith(
        "--assessor 'Ann Lee' --collected-at 2026-11-20T09:15:00+00:00 "
        "examples/regulated/it-ticket-router/aimm.yaml"
    )
    (result,) = given["results"]["results"]
    assert result["start"] == result["end"] == "2026-11-20T09:15:00+00:00"
    assert {o["collected"] for o in result["observations"]} == {"2026-11-20T09:15:00+00:00"}
    assert "| Assessor | Ann Lee |" in given["index"]


def test_bad_collection_time_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli(*AUDIT, "--collected-at", "yesterday", str(ROUTER))
    assert code == 2
    assert "'yesterday' is not an ISO 8601 timestamp" in err
