"""``aimm check --compare-to REF.json`` and ``--base-ref GIT_REF``: what a change did.

Real example manifests (billing-agent passes its gate; claims-triage passes because a waiver
carries COS-3.2) in a temporary git repository; each change is checked in both directions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from aimm.check.compare import Base, compare
from aimm.check.formats._compare import markdown
from tests.support import EXAMPLES, TODAY_ARGS, Cli, mutate

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# billing-agent falls below its visibility and cost floors (tier critical: L4 and L3).
DEGRADE = {"/posture/visibility/dashboards": "per-team", "/posture/cost/dashboards": "per-team"}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding two example systems, committed once."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("billing-agent", "claims-triage"):
        shutil.copytree(EXAMPLES / name, root / name)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def checked(cli: Cli, root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """``aimm check . --format json`` with ``args`` in ``root``: exit code and report."""
    code, out, err = cli("check", ".", *TODAY_ARGS, "--format", "json", *args, cwd=root)
    assert code in (0, 1), err
    return code, json.loads(out)


def only_change(report: dict[str, Any]) -> dict[str, Any]:
    (change,) = report["comparison"]["changes"]
    assert isinstance(change, dict)
    return change


def test_a_change_that_breaks_the_gate_against_the_base_ref(cli: Cli, repo: Path) -> None:
    sha = git(repo, "rev-parse", "HEAD")
    mutate(repo / "billing-agent", DEGRADE)
    code, report = checked(cli, repo, "--base-ref", "main")
    assert code == 1  # the exit code is still this run's gate
    comparison = report["comparison"]
    assert comparison["base"] == {"kind": "git", "ref": "main", "commit": sha}
    assert comparison["summary"] == {
        "before": {"manifests": 2, "passed": 2, "failed": 0, "errors": 0},
        "after": {"manifests": 2, "passed": 1, "failed": 1, "errors": 0},
    }
    assert only_change(report) == {
        "path": "billing-agent/aimm.yaml",
        "system": "billing-agent",
        "model": "default",
        "primary": True,
        "before": "evaluated",
        "after": "evaluated",
        "gate": {"before": True, "after": False},
        "tier": None,
        "levels": [
            {"dimension": "visibility", "before": 4, "after": 2},
            {"dimension": "cost", "before": 4, "after": 2},
        ],
        "newly_failing": [
            {
                "id": "VIS-3.1",
                "title": "The system reports to the central observability platform",
                "blocks_gate": True,
            },
            {
                "id": "COS-3.1",
                "title": "AI spend is reported on the central cost dashboard",
                "blocks_gate": True,
            },
        ],
        "fixed": [],
        "waivers_added": [],
        "waivers_removed": [],
        "waivers_changed": [],
    }
    assert comparison["counts"]["gates_now_failing"] == 1
    assert comparison["counts"]["newly_blocking"] == 2
    assert comparison["counts"]["levels_down"] == 2


def test_a_change_that_fixes_the_gate_against_the_base_ref(cli: Cli, repo: Path) -> None:
    mutate(repo / "billing-agent", DEGRADE)
    commit(repo, "degrade")
    git(repo, "checkout", "-q", "-b", "fix")
    git(repo, "checkout", "-q", "HEAD~1", "--", "billing-agent/aimm.yaml")
    code, report = checked(cli, repo, "--base-ref", "main")
    assert code == 0
    change = only_change(report)
    assert change["gate"] == {"before": False, "after": True}
    assert change["levels"] == [
        {"dimension": "visibility", "before": 2, "after": 4},
        {"dimension": "cost", "before": 2, "after": 4},
    ]
    assert [c["id"] for c in change["fixed"]] == ["VIS-3.1", "COS-3.1"]
    assert change["newly_failing"] == []
    assert report["comparison"]["counts"]["gates_now_passing"] == 1


def test_a_waiver_removed_then_added_back(cli: Cli, repo: Path) -> None:
    waiver = {
        "control": "COS-3.2",
        "expires": "2027-03-31",
        "approved_by": "cfo-office@example.com",
    }
    mutate(repo / "claims-triage", {"/waivers": None})
    code, report = checked(cli, repo, "--base-ref", "HEAD")
    assert code == 1  # the waiver carried the cost floor
    change = only_change(report)
    assert change["path"] == "claims-triage/aimm.yaml"
    assert change["gate"] == {"before": True, "after": False}
    assert [{k: w[k] for k in waiver} for w in change["waivers_removed"]] == [waiver]
    assert change["waivers_removed"][0]["reason"].startswith("Budget alerts are being moved")
    assert change["newly_failing"] == [
        {
            "id": "COS-3.2",
            "title": "Spend alerts fire at set budget thresholds",
            "blocks_gate": True,
        }
    ]
    assert change["levels"] == []  # waivers never change levels

    commit(repo, "drop the waiver")
    git(repo, "checkout", "-q", "HEAD~1", "--", "claims-triage/aimm.yaml")
    code, report = checked(cli, repo, "--base-ref", "HEAD")
    assert code == 0
    change = only_change(report)
    assert change["gate"] == {"before": False, "after": True}
    assert [{k: w[k] for k in waiver} for w in change["waivers_added"]] == [waiver]
    # Waived is not fixed: the control still fails, a waiver carries it.
    assert change["fixed"] == [] and change["newly_failing"] == []


def test_a_waiver_extended_is_a_change_with_its_earlier_terms(cli: Cli, repo: Path) -> None:
    manifest = repo / "claims-triage" / "aimm.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("2027-03-31", "2027-06-30"), encoding="utf-8"
    )
    _, report = checked(cli, repo, "--base-ref", "HEAD")
    (moved,) = only_change(report)["waivers_changed"]
    assert moved["expires"] == "2027-06-30"
    assert moved["before"]["expires"] == "2027-03-31"
    assert moved["before"]["approved_by"] == moved["approved_by"] == "cfo-office@example.com"


def test_manifests_added_removed_and_unreadable(cli: Cli, repo: Path) -> None:
    shutil.copytree(EXAMPLES / "internal-copilot", repo / "internal-copilot")
    shutil.rmtree(repo / "billing-agent")
    (repo / "claims-triage" / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: [", "utf-8")
    code, out, _ = cli(
        "check", ".", *TODAY_ARGS, "--format", "json", "--base-ref", "HEAD", cwd=repo
    )
    assert code == 2
    changes = json.loads(out)["comparison"]["changes"]
    assert [(c["path"], c["before"], c["after"]) for c in changes] == [
        ("billing-agent/aimm.yaml", "evaluated", "absent"),
        ("claims-triage/aimm.yaml", "evaluated", "error"),
        ("internal-copilot/aimm.yaml", "absent", "evaluated"),
    ]
    counts = json.loads(out)["comparison"]["counts"]
    assert (counts["added"], counts["removed"], counts["now_unreadable"]) == (1, 1, 1)


def test_compare_to_an_earlier_report_both_ways(cli: Cli, repo: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.json"
    assert cli("check", ".", *TODAY_ARGS, "--format", "json", "-o", before, cwd=repo).code == 0
    mutate(repo / "billing-agent", DEGRADE)
    after = tmp_path / "after.json"
    _, report = checked(cli, repo, "--compare-to", str(before))
    assert report["comparison"]["base"] == {"kind": "report", "file": str(before)}
    assert only_change(report)["gate"] == {"before": True, "after": False}
    # The same comparison as the git revision gives.
    _, from_git = checked(cli, repo, "--base-ref", "HEAD")
    assert from_git["comparison"]["changes"] == report["comparison"]["changes"]

    cli("check", ".", *TODAY_ARGS, "--format", "json", "-o", after, cwd=repo)
    git(repo, "checkout", "-q", "--", ".")
    _, back = checked(cli, repo, "--compare-to", str(after))
    change = only_change(back)
    assert change["gate"] == {"before": False, "after": True}
    assert [c["id"] for c in change["fixed"]] == ["VIS-3.1", "COS-3.1"]


def test_the_markdown_report_leads_with_the_change(cli: Cli, repo: Path) -> None:
    mutate(repo / "billing-agent", DEGRADE)
    code, out, _ = cli(
        "check", ".", *TODAY_ARGS, "--format", "markdown", "--base-ref", "HEAD", cwd=repo
    )
    assert code == 1
    head, _, rest = out.partition("\n## ❌ aimm: gate failed")
    assert rest, out
    sha = git(repo, "rev-parse", "HEAD")[:12]
    assert head.splitlines()[:3] == [
        f"## ❌ aimm: what this change did — against git HEAD ({sha})",
        "",
        "**1 gate(s) now failing, 2 level(s) down, 2 control(s) newly failing (2 blocking)**",
    ]
    assert (
        "| billing-agent | `billing-agent/aimm.yaml` | gate passed → **failed**; visibility L4 → "
        "L2, cost L4 → L2; 2 newly failing (**2 blocking**) |"
    ) in head
    # The controls are folded, so the comment stays short.
    assert "<details>\n<summary><b>Controls and waivers that changed (2)</b></summary>" in head
    assert "| billing-agent | `VIS-3.1` | newly failing, blocks the gate |" in head
    assert len(head) < 1500


def test_the_text_report_starts_with_the_change(cli: Cli, repo: Path) -> None:
    mutate(repo / "billing-agent", DEGRADE)
    _, out, _ = cli("check", ".", *TODAY_ARGS, "--base-ref", "HEAD", cwd=repo)
    sha = git(repo, "rev-parse", "HEAD")[:12]
    assert out.splitlines()[:4] == [
        f"Changes against git HEAD ({sha}): 1 gate(s) now failing, 2 level(s) down, "
        "2 control(s) newly failing (2 blocking)",
        "  billing-agent/aimm.yaml (billing-agent): gate passed -> FAILED; visibility L4 -> L2, "
        "cost L4 -> L2; 2 newly failing (2 BLOCKING)",
        "    VIS-3.1 newly failing, blocks the gate: The system reports to the central "
        "observability platform",
        "    COS-3.1 newly failing, blocks the gate: AI spend is reported on the central cost "
        "dashboard",
    ]


def test_no_change_says_so(cli: Cli, repo: Path) -> None:
    _, report = checked(cli, repo, "--base-ref", "HEAD")
    assert report["comparison"]["changes"] == []
    assert set(report["comparison"]["counts"].values()) == {0}
    _, out, _ = cli(
        "check", ".", *TODAY_ARGS, "--format", "markdown", "--base-ref", "HEAD", cwd=repo
    )
    assert "**no change**\n\nThe same gates, levels, failing controls and waivers" in out


def test_the_same_reports_give_the_same_bytes(cli: Cli, repo: Path) -> None:
    mutate(repo / "billing-agent", DEGRADE)
    mutate(repo / "claims-triage", {"/waivers": None})
    for fmt in ("json", "markdown", "text"):
        runs = {
            cli("check", ".", *TODAY_ARGS, "--format", fmt, "--base-ref", "HEAD", cwd=repo).out
            for _ in range(2)
        }
        assert len(runs) == 1, fmt


def test_compare_is_independent_of_the_order_of_results(cli: Cli, repo: Path) -> None:
    _, base = checked(cli, repo)
    mutate(repo / "billing-agent", DEGRADE)
    mutate(repo / "claims-triage", {"/waivers": None})
    _, now = checked(cli, repo)
    source = Base("report", "base.json")
    forward = compare(base, now, source).as_dict()
    shuffled = {**now, "results": list(reversed(now["results"]))}
    assert compare({**base, "results": base["results"][::-1]}, shuffled, source).as_dict() == (
        forward
    )
    assert [c["path"] for c in forward["changes"]] == [
        "billing-agent/aimm.yaml",
        "claims-triage/aimm.yaml",
    ]


def test_the_repository_is_left_as_it_was(cli: Cli, repo: Path, tmp_path: Path) -> None:
    """Nothing is written into the repository, and the temporary checkout is removed."""
    mutate(repo / "billing-agent", DEGRADE)
    before = sorted(str(p.relative_to(repo)) for p in repo.rglob("*"))
    status = git(repo, "status", "--porcelain")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    old = tempfile.tempdir
    tempfile.tempdir = str(scratch)
    try:
        checked(cli, repo, "--base-ref", "HEAD")
    finally:
        tempfile.tempdir = old
    assert sorted(str(p.relative_to(repo)) for p in repo.rglob("*")) == before
    assert git(repo, "status", "--porcelain") == status
    assert list(scratch.iterdir()) == []


def test_several_models_are_compared_model_by_model(cli: Cli, repo: Path) -> None:
    # Both models read the tracing facts.
    mutate(repo / "billing-agent", {"/posture/visibility/tracing/enabled": False})
    models = ("--model", "default", "--model", "ai-operations")
    _, report = checked(cli, repo, "--base-ref", "HEAD", *models)
    rows = [(c["model"], c["primary"]) for c in report["comparison"]["changes"]]
    assert rows == [("default", True), ("ai-operations", False)]
    other = report["comparison"]["changes"][1]
    assert [c["id"] for c in other["newly_failing"]] == ["AOB-3.1"]
    assert other["waivers_added"] == [] and other["tier"] is None  # the manifest's, shown once
    view = report["results"][0]["models"]["ai-operations"]
    assert [c["status"] for c in view["controls"] if c["id"] == "AOB-3.1"] == ["fail"]


def test_without_the_options_there_is_no_comparison(cli: Cli, repo: Path) -> None:
    _, report = checked(cli, repo)
    assert "comparison" not in report
    _, out, _ = cli("check", ".", *TODAY_ARGS, "--format", "markdown", cwd=repo)
    assert out.startswith("## ✅ aimm: all gates passed")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "before.json:1: not JSON (write it with aimm check --format json)"),
        (
            '{"results": 3}',
            "before.json: not an aimm check report (no 'results' list; write "
            "one with aimm check --format json)",
        ),
        (
            '{"schema_version": 2, "results": []}',
            "before.json: schema_version 2, this aimm reads 1",
        ),
        (
            '{"schema_version": 1, "results": [{"status": "evaluated"}]}',
            "before.json: results[0] has no 'path'",
        ),
        (
            '{"schema_version": 1, "results": [{"path": "a", "status": "ok"}]}',
            "before.json: results[0].status is neither 'evaluated' nor 'error'",
        ),
    ],
)
def test_a_bad_reference_report_is_one_line(
    cli: Cli, repo: Path, tmp_path: Path, text: str, message: str
) -> None:
    reference = tmp_path / "before.json"
    reference.write_text(text, encoding="utf-8")
    code, out, err = cli("check", ".", *TODAY_ARGS, "--compare-to", reference, cwd=repo)
    assert (code, out) == (2, "")
    assert err == f"aimm: --compare-to {tmp_path}/{message}\n"


def test_a_missing_reference_report(cli: Cli, repo: Path, tmp_path: Path) -> None:
    code, _, err = cli("check", ".", *TODAY_ARGS, "--compare-to", tmp_path / "nope.json", cwd=repo)
    assert code == 2
    assert (
        err == f"aimm: --compare-to {tmp_path}/nope.json: cannot read: No such file or directory\n"
    )


def test_an_unknown_ref_and_no_repository(cli: Cli, repo: Path, tmp_path: Path) -> None:
    code, out, err = cli("check", ".", *TODAY_ARGS, "--base-ref", "no-such-branch", cwd=repo)
    assert (code, out) == (2, "")
    assert err.startswith("aimm: --base-ref no-such-branch: no such commit in ")
    assert err.count("\n") == 1

    outside = tmp_path / "outside"
    shutil.copytree(EXAMPLES / "billing-agent", outside)
    code, out, err = cli("check", ".", *TODAY_ARGS, "--base-ref", "main", cwd=outside)
    assert (code, out) == (2, "")
    assert err == "aimm: --base-ref main: . is not inside a git repository\n"


def test_both_bases_at_once_is_a_usage_error(cli: Cli, repo: Path, tmp_path: Path) -> None:
    code, _, err = cli(
        "check",
        ".",
        *TODAY_ARGS,
        "--compare-to",
        tmp_path / "a.json",
        "--base-ref",
        "HEAD",
        cwd=repo,
    )
    assert (code, err) == (2, "aimm: use either --compare-to or --base-ref, not both\n")


def test_the_baseline_applies_to_the_base_revision_too(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    """A baseline holds levels back, never the gate: the base revision's copies of the
    manifests are looked up in it as this run's, so nothing flips that did not change."""
    mutate(repo / "billing-agent", DEGRADE)
    commit(repo, "degrade")
    baseline = tmp_path / "baseline.json"
    code, _, err = cli("check", ".", *TODAY_ARGS, "--write-baseline", baseline, cwd=repo)
    assert code == 1, err
    code, report = checked(cli, repo, "--baseline", str(baseline), "--base-ref", "HEAD")
    assert code == 0
    assert report["comparison"]["changes"] == []
    assert report["comparison"]["summary"]["before"] == report["summary"]


def test_the_markdown_stays_short_for_many_changes(cli: Cli, repo: Path) -> None:
    """At 40 changed systems the PR comment lists 20 and folds 60 control rows; the rest is
    counted, and the JSON lists everything."""
    _, base = checked(cli, repo)
    mutate(repo / "billing-agent", DEGRADE)
    _, now = checked(cli, repo)

    def many(report: dict[str, Any]) -> dict[str, Any]:
        (entry,) = [r for r in report["results"] if r["path"] == "billing-agent/aimm.yaml"]
        results = [{**entry, "path": f"s{n:02}/aimm.yaml"} for n in range(40)]
        return {**report, "results": results}

    comparison = compare(many(base), many(now), Base("report", "base.json")).as_dict()
    assert len(comparison["changes"]) == 40
    text = markdown(comparison)
    assert text.count("| billing-agent | `s") == 20
    assert (
        text.count("| billing-agent | `VIS-3.1` |") + text.count("| billing-agent | `COS-3.1` |")
        == 60
    )
    assert "\n…and 20 more (the JSON report's `comparison` lists all)." in text
    assert "\n…and 20 more.\n" in text
    assert "changed (80)</b></summary>" in text
    assert len(text) < 12_000


def test_a_reference_report_from_another_folder_is_noted(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before.json"
    assert cli("check", repo, *TODAY_ARGS, "--format", "json", "-o", before).code == 0
    code, _, err = cli("check", ".", *TODAY_ARGS, "--compare-to", before, cwd=repo)
    assert code == 0
    assert err == (
        f"aimm: note: --compare-to {before}: no manifest path in common with this run; run "
        "aimm check from the folder the report was written in\n"
    )
