"""The workflow probe reads GitHub Actions and GitLab CI files as data, never running them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aimm.core.probes import workflow
from tests.core.probes.probe_fixtures import MakeTarget, target_maker


def _manifest(
    blocking: bool = True, suites: tuple[str, ...] = ("evals/golden.jsonl",)
) -> dict[str, Any]:
    return {
        "posture": {
            "evaluation": {
                "suites": [{"name": f"s{i}", "path": p} for i, p in enumerate(suites)],
                "ci_gate": {"enabled": True, "blocking": blocking, "workflow": "ci.yml"},
            }
        }
    }


def _probe(make_target: MakeTarget, text: str, blocking: bool = True) -> dict[str, Any]:
    return workflow.probe(make_target("ci.yml", _manifest(blocking), text))


GITHUB = """
name: evals
on:
  pull_request:
    paths: ["evals/**"]
jobs:
  evals:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements-evals.txt
      - name: Golden set
        run: python -m evalkit run evals/golden.jsonl --min-pass-rate 0.95
"""


def test_github_workflow_running_the_suite_on_pull_requests(tmp_path: Path) -> None:
    """A workflow on pull_request with a step naming the suite is verified."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, GITHUB)
    assert report["status"] == "verified"
    assert report["detail"] == (
        "ci.yml (GitHub Actions) runs the evals on pull requests (job evals, step Golden set)"
    )
    assert (report["format"], report["pull_requests"], report["runs_evals"]) == (
        "github-actions",
        True,
        True,
    )


def test_push_only_workflow_is_contradicted(tmp_path: Path) -> None:
    """A workflow that never runs on pull requests contradicts the gate."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, GITHUB.replace("pull_request:", "push:"))
    assert report["status"] == "contradicted"
    assert report["detail"] == (
        "ci.yml (GitHub Actions) does not run on pull or merge requests (on: push)"
    )


@pytest.mark.parametrize(
    "on", ["on: [pull_request]", "on: pull_request_target", "on: {merge_group: {}}"]
)
def test_pull_request_event_shapes(tmp_path: Path, on: str) -> None:
    """``on`` as a string, a list or a mapping; pull_request_target and merge_group count."""
    make_target = target_maker(tmp_path)
    text = GITHUB.replace('on:\n  pull_request:\n    paths: ["evals/**"]', on)
    assert _probe(make_target, text)["pull_requests"] is True


def test_workflow_without_an_eval_step_is_contradicted(tmp_path: Path) -> None:
    """Installing eval requirements is not running evals."""
    make_target = target_maker(tmp_path)
    text = GITHUB.replace(
        "python -m evalkit run evals/golden.jsonl --min-pass-rate 0.95", "make lint"
    )
    report = _probe(make_target, text)
    assert report["status"] == "contradicted"
    assert report["detail"] == "ci.yml (GitHub Actions) has no step that runs the eval suites"


@pytest.mark.parametrize(
    "command",
    [
        "npx promptfoo eval -c promptfooconfig.yaml",
        "deepeval test run test_chatbot.py",
        "pytest tests/evals -q",
        "oaieval gpt-4o my-eval",
        "make evals",
        "./scripts/run_evals.sh",
        "inspect eval tasks/refunds.py",
    ],
)
def test_eval_commands_count(tmp_path: Path, command: str) -> None:
    """A known eval command runs the suites even when it names no suite path."""
    make_target = target_maker(tmp_path)
    text = GITHUB.replace("python -m evalkit run evals/golden.jsonl --min-pass-rate 0.95", command)
    assert _probe(make_target, text)["runs_evals"] is True


def test_eval_action_counts(tmp_path: Path) -> None:
    """An eval action (promptfoo's) runs the suites."""
    make_target = target_maker(tmp_path)
    text = GITHUB.replace(
        "run: python -m evalkit run evals/golden.jsonl --min-pass-rate 0.95",
        "uses: promptfoo/promptfoo-action@v1",
    )
    assert _probe(make_target, text)["runs_evals"] is True


@pytest.mark.parametrize(
    ("edit", "soft"),
    [
        (
            (
                "    runs-on: ubuntu-latest\n",
                "    runs-on: ubuntu-latest\n    continue-on-error: true\n",
            ),
            "job evals: continue-on-error: true",
        ),
        (
            ("--min-pass-rate 0.95", "--min-pass-rate 0.95\n        continue-on-error: true"),
            "job evals, step Golden set: continue-on-error: true",
        ),
        (
            ("--min-pass-rate 0.95", "--min-pass-rate 0.95 || true"),
            "job evals, step Golden set: the command ignores its failure (|| true)",
        ),
        (
            ("--min-pass-rate 0.95", '--min-pass-rate 0.95 || echo "::warning::failed"'),
            "job evals, step Golden set: the command ignores its failure "
            '(|| echo "::warning::failed")',
        ),
    ],
)
def test_soft_failures_contradict_a_blocking_gate(
    tmp_path: Path, edit: tuple[str, str], soft: str
) -> None:
    """With blocking true, anything letting a failing eval pass is contradicted."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, GITHUB.replace(*edit))
    assert report["soft_fail"] == [soft]
    assert report["status"] == "contradicted"
    assert report["detail"] == f"ci.yml (GitHub Actions) lets failing evals pass ({soft})"


def test_soft_failures_are_facts_without_a_blocking_claim(tmp_path: Path) -> None:
    """Without ci_gate.blocking, a continue-on-error job is reported but contradicts nothing."""
    make_target = target_maker(tmp_path)
    text = GITHUB.replace(
        "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    continue-on-error: true\n"
    )
    report = _probe(make_target, text, blocking=False)
    assert (report["status"], report["soft_fail"]) == (
        "verified",
        ["job evals: continue-on-error: true"],
    )


def test_a_soft_job_that_runs_no_evals_does_not_count(tmp_path: Path) -> None:
    """continue-on-error on an unrelated job leaves the eval gate blocking."""
    make_target = target_maker(tmp_path)
    text = (
        GITHUB
        + "  lint:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n"
        + "    steps:\n      - run: ruff check .\n"
    )
    assert _probe(make_target, text)["soft_fail"] == []


def test_reusable_workflow_is_unverified(tmp_path: Path) -> None:
    """A job calling a reusable workflow hides its steps: unverified, not contradicted."""
    make_target = target_maker(tmp_path)
    text = "on: [pull_request]\njobs:\n  call:\n    uses: acme/ci/.github/workflows/shared.yml@v1\n"
    report = _probe(make_target, text)
    assert (report["status"], report["runs_evals"]) == ("unverified", None)


GITLAB = """
stages: [test]
evals:
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - pip install -r requirements-evals.txt
    - python -m evalkit run evals/golden.jsonl
"""


def test_gitlab_merge_request_job(tmp_path: Path) -> None:
    """A GitLab job with a merge_request_event rule that names the suite is verified."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, GITLAB)
    assert (report["status"], report["format"], report["detail"]) == (
        "verified",
        "gitlab-ci",
        "ci.yml (GitLab CI) runs the evals on pull requests (job evals)",
    )


def test_gitlab_allow_failure_contradicts_blocking(tmp_path: Path) -> None:
    """allow_failure on the eval job lets failures pass."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, GITLAB + "  allow_failure: true\n")
    assert report["status"] == "contradicted"
    assert report["soft_fail"] == ["job evals: allow_failure: true"]


def test_gitlab_rules_without_merge_requests(tmp_path: Path) -> None:
    """Rules that only run on the default branch never run on merge requests."""
    make_target = target_maker(tmp_path)
    text = GITLAB.replace(
        '$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == 'main'"
    )
    report = _probe(make_target, text)
    assert (report["status"], report["pull_requests"]) == ("contradicted", False)


def test_gitlab_unrestricted_jobs_run_on_every_push(tmp_path: Path) -> None:
    """Without rules, GitLab runs the job on every push, merge request branches included."""
    make_target = target_maker(tmp_path)
    text = "evals:\n  script:\n    - make evals\n"
    report = _probe(make_target, text)
    assert (report["status"], report["triggers"]) == ("verified", ["every push"])


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "it holds no CI jobs"),
        ("name: just a name\n", "it holds no CI jobs"),
        ("- a\n- b\n", "it holds no CI jobs"),
        ("jobs: [\n", "it is not valid YAML at line 2"),
        ("!!python/object/apply:os.system [echo pwned]\n", "it is not valid YAML"),
    ],
)
def test_not_a_workflow_is_contradicted(tmp_path: Path, text: str, why: str) -> None:
    """A file that is not a workflow at all contradicts the claim that it is one."""
    make_target = target_maker(tmp_path)
    report = _probe(make_target, text)
    assert report["status"] == "contradicted"
    assert report["format"] == "none"
    assert report["detail"].startswith(f"ci.yml is not a CI workflow: {why}")


def test_another_ci_system_is_unverified(tmp_path: Path) -> None:
    """CircleCI and the like are recognised as CI files but not read."""
    make_target = target_maker(tmp_path)
    text = "version: 2.1\njobs:\n  evals:\n    docker: [{image: python}]\nworkflows: {}\n"
    report = _probe(make_target, text)
    assert (report["status"], report["format"]) == ("unverified", "other")


def test_suite_path_from_the_repository_root(tmp_path: Any) -> None:
    """A step may name the suite from the repository root, where CI runs."""
    from aimm.core import evidence

    root = tmp_path / "repo"
    service = root / "services" / "billing"
    (root / ".git").mkdir(parents=True)
    (service / "suites").mkdir(parents=True)
    (service / "suites" / "a.jl").write_text("1\n")
    step = "      - run: python -m runner {}\n"
    (service / "ci.yml").write_text(
        "on: [pull_request]\njobs:\n  e:\n    steps:\n"
        + step.format("services/billing/suites/a.jl")
        + step.format("other/a.jl")
    )
    facts = evidence.collect(_manifest(suites=("suites/a.jl",)), service / "aimm.yaml")
    assert facts["ci.yml"].probes["workflow"]["eval_steps"] == ["job e, step 1"]
