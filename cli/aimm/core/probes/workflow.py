"""``workflow``: the declared CI workflow is one, runs on pull or merge requests, runs the
eval suites, and (with ``ci_gate.blocking: true``) cannot pass when they fail.

Two formats are read: GitHub Actions (a mapping with ``on`` and ``jobs``) and GitLab CI (jobs
with a ``script``). The file is read up to 1 MiB as plain YAML (safe loader, nothing
executed). Facts:

- ``format``: ``github-actions``, ``gitlab-ci``, ``other`` (a CI file of another system,
  not read further), or ``none`` (not a workflow: no jobs, not YAML);
- ``pull_requests``: GitHub ``on`` names ``pull_request``, ``pull_request_target`` or
  ``merge_group``; GitLab mentions ``merge_request_event`` or ``merge_requests`` in its
  rules, or restricts neither the pipeline nor the eval jobs (branch pipelines run on every
  push, merge request branches included);
- ``eval_steps``: the steps (``run``, ``uses`` and ``with`` values; GitLab ``script`` lines)
  that name a declared suite path (as written, from the repository root, or its file name) or
  an eval command: promptfoo, deepeval, pytest, oaieval, ``openai ... evals``,
  ``inspect eval``, lm_eval, ragas, or a word such as ``evals``, ``run-evals``, ``evaluate``;
- ``soft_fail``: what lets a failing eval pass: ``continue-on-error: true`` on a job that runs
  evals (on any job when no eval step is found) or on an eval step, ``allow_failure`` on a
  GitLab eval job, an eval command ending in ``|| true``, ``|| echo ...`` or ``|| exit 0``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from aimm.core.probes import Probe, Target, report
from aimm.core.probes._read import MAX_TEXT_BYTES, Unreadable, decode, read_whole, safe_yaml

FIELDS = frozenset({("posture", "evaluation", "ci_gate", "workflow")})
SUITE_FIELD = ("posture", "evaluation", "suites")
PR_EVENTS = ("pull_request", "pull_request_target", "merge_group")

_EVAL_COMMAND = re.compile(
    r"\b(promptfoo|deepeval|pytest|oaieval(set)?|lm[_-]eval|ragas|inspect\s+eval|"
    r"openai\b[^\n]*\bevals?|evals|run[_-]?evals?|evals?[_-][a-z]\w*|[a-z]\w*[_-]evals?|"
    r"evaluate|evaluation)\b",
    re.IGNORECASE,
)
# An eval tool's name in an action (``uses: promptfoo/promptfoo-action@v1``).
_EVAL_ACTION = re.compile(r"eval|promptfoo", re.IGNORECASE)
# Installing tools is not running them (``pip install -r requirements-evals.txt``).
_INSTALL = re.compile(
    r"^\s*(sudo\s+)?(pip3?|python3?\s+-m\s+pip|uv|poetry|npm|pnpm|yarn|apt(-get)?|brew|conda)\b"
    r".*\b(install|add|sync|ci)\b"
)
_IGNORES_FAILURE = re.compile(r"\|\|\s*(true|:|echo\b[^\n]*|exit\s+0)\s*$", re.MULTILINE)
# GitLab's top-level keys that are not jobs.
_GITLAB_GLOBAL = frozenset(
    {
        "stages",
        "variables",
        "default",
        "include",
        "workflow",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "pages",
        "spec",
    }
)
_OTHER_CI_KEYS = frozenset(
    {"pipelines", "steps", "stages", "trigger", "pr", "workflows", "version"}
)


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a value (lists and mappings walked, depth bounded)."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            yield node
        elif depth < 8 and isinstance(node, list):
            stack.extend((item, depth + 1) for item in reversed(node))
        elif depth < 8 and isinstance(node, dict):
            stack.extend((item, depth + 1) for item in reversed(list(node.values())))


class _Suites:
    """How a step can name a declared suite: its path as written, from the repository root,
    or its file name."""

    def __init__(self, target: Target) -> None:
        self.names: set[str] = set()
        suites = target.at("/" + "/".join(SUITE_FIELD), [])
        manifest_dir = os.path.relpath(target.manifest_dir, target.root)
        for suite in suites if isinstance(suites, list) else []:
            path = suite.get("path") if isinstance(suite, dict) else None
            if not isinstance(path, str) or not path.strip():
                continue
            clean = path.strip().removeprefix("./").rstrip("/")
            self.names.add(clean)
            name = Path(clean).name
            if len(name) > 4:  # a file name short enough to be a common word is no evidence
                self.names.add(name)
            self.names.add(Path(os.path.normpath(os.path.join(manifest_dir, clean))).as_posix())

    def named_in(self, text: str) -> bool:
        return any(name in text for name in self.names)


def _runs_evals(text: str, suites: _Suites) -> bool:
    """Whether a command names a suite or runs an eval command (install lines do not)."""
    return any(
        suites.named_in(line) or _EVAL_COMMAND.search(line) is not None
        for line in text.splitlines()
        if not _INSTALL.match(line)
    )


def _step_runs_evals(step: dict[Any, Any], suites: _Suites) -> bool:
    """A GitHub step runs evals: its command does, its action is an eval tool, or its
    inputs name a suite."""
    run, uses = step.get("run"), step.get("uses")
    if isinstance(run, str) and _runs_evals(run, suites):
        return True
    if isinstance(uses, str) and _EVAL_ACTION.search(uses.split("@")[0]):
        return True
    return any(suites.named_in(s) for s in _strings(step.get("with")))


def _github_events(on: Any) -> list[str]:
    if isinstance(on, str):
        return [on]
    if isinstance(on, list):
        return [e for e in on if isinstance(e, str)]
    if isinstance(on, dict):
        return [e for e in on if isinstance(e, str)]
    return []


def _github(data: dict[Any, Any], suites: _Suites) -> dict[str, Any]:
    # YAML 1.1 reads a bare `on` key as the boolean true.
    events = _github_events(data.get("on", data.get(True)))
    jobs = data.get("jobs")
    eval_steps: list[str] = []
    eval_jobs: list[str] = []
    soft: list[str] = []
    hidden: list[str] = []
    for job_id, job in jobs.items() if isinstance(jobs, dict) else []:
        if not isinstance(job, dict):
            continue
        if isinstance(job.get("uses"), str):  # a reusable workflow: its steps are elsewhere
            if suites.named_in(job["uses"]) or _EVAL_ACTION.search(job["uses"]):
                eval_steps.append(f"job {job_id}: uses {job['uses']}")
                eval_jobs.append(str(job_id))
            else:
                hidden.append(str(job_id))
            continue
        steps = job.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, dict):
                continue
            if not _step_runs_evals(step, suites):
                continue
            label = f"job {job_id}, step {step.get('name') or index + 1}"
            eval_steps.append(label)
            if str(job_id) not in eval_jobs:
                eval_jobs.append(str(job_id))
            if _is_true(step.get("continue-on-error")):
                soft.append(f"{label}: continue-on-error: true")
            run = step.get("run")
            if isinstance(run, str) and _IGNORES_FAILURE.search(run):
                soft.append(f"{label}: the command ignores its failure ({_line(run)})")
    watched = eval_jobs or [str(j) for j in (jobs if isinstance(jobs, dict) else {})]
    for job_id in watched:
        job = jobs.get(job_id) if isinstance(jobs, dict) else None
        if isinstance(job, dict) and _is_true(job.get("continue-on-error")):
            soft.insert(0, f"job {job_id}: continue-on-error: true")
    return {
        "format": "github-actions",
        "triggers": events,
        "pull_requests": any(e in PR_EVENTS for e in events),
        "eval_steps": eval_steps,
        "runs_evals": True if eval_steps else (None if hidden else False),
        "soft_fail": soft,
        "unread_jobs": hidden,
    }


def _line(text: str) -> str:
    found = _IGNORES_FAILURE.search(text)
    return " ".join(found.group(0).split()) if found else ""


def _gitlab_jobs(data: dict[Any, Any]) -> dict[str, dict[Any, Any]]:
    jobs = {
        str(k): v
        for k, v in data.items()
        if isinstance(v, dict) and str(k) not in _GITLAB_GLOBAL and not str(k).startswith(".")
    }
    return {k: v for k, v in jobs.items() if any(x in v for x in ("script", "trigger", "extends"))}


def _gitlab_script(data: dict[Any, Any], job: dict[Any, Any]) -> list[str]:
    """The job's script lines, with those of the templates it extends."""
    lines = [
        s for key in ("before_script", "script", "after_script") for s in _strings(job.get(key))
    ]
    extends = job.get("extends")
    for name in [extends] if isinstance(extends, str) else extends or []:
        template = data.get(name) if isinstance(name, str) else None
        if isinstance(template, dict):
            lines += [s for key in ("before_script", "script") for s in _strings(template.get(key))]
    return lines


def _gitlab(data: dict[Any, Any], suites: _Suites) -> dict[str, Any]:
    jobs = _gitlab_jobs(data)
    eval_jobs = [
        name
        for name, job in jobs.items()
        if any(_runs_evals(t, suites) for t in _gitlab_script(data, job))
    ]
    restricted = "workflow" in data or any(
        k in jobs[name] for name in eval_jobs for k in ("rules", "only", "except")
    )
    mentions = any(
        "merge_request_event" in s or s == "merge_requests"
        for node in [data.get("workflow"), *(jobs[n] for n in eval_jobs)]
        for key in ("rules", "only")
        for s in _strings(node.get(key) if isinstance(node, dict) else None)
    )
    soft: list[str] = []
    for name in eval_jobs:
        allowed = jobs[name].get("allow_failure")
        if _is_true(allowed) or isinstance(allowed, dict):
            soft.append(
                f"job {name}: allow_failure: {'true' if _is_true(allowed) else 'exit codes'}"
            )
        soft.extend(
            f"job {name}: the command ignores its failure ({_line(line)})"
            for line in _gitlab_script(data, jobs[name])
            if _IGNORES_FAILURE.search(line) and _runs_evals(line, suites)
        )
    return {
        "format": "gitlab-ci",
        "triggers": ["merge requests"] if mentions else ([] if restricted else ["every push"]),
        "pull_requests": mentions or not restricted,
        "eval_steps": [f"job {name}" for name in eval_jobs],
        "runs_evals": bool(eval_jobs),
        "soft_fail": soft,
        "unread_jobs": [],
    }


def read(text: str, suites: _Suites) -> dict[str, Any]:
    """The facts of a workflow file's text (see the module)."""
    try:
        data = safe_yaml(text)
    except Unreadable as exc:
        return {"format": "none", "why": f"it {exc}"}
    if not isinstance(data, dict) or not data:
        return {"format": "none", "why": "it holds no CI jobs"}
    if ("on" in data or True in data) and isinstance(data.get("jobs"), dict):
        return _github(data, suites)
    if _gitlab_jobs(data):
        return _gitlab(data, suites)
    if isinstance(data.get("jobs"), dict | list) or _OTHER_CI_KEYS & {str(k) for k in data}:
        return {"format": "other", "why": "not a GitHub Actions or GitLab CI workflow"}
    return {"format": "none", "why": "it holds no CI jobs"}


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)


def probe(target: Target) -> dict[str, Any]:
    """Parse the workflow and report its facts, contradicted when one fails the claim."""
    name = target.declared
    blocking = target.at("/posture/evaluation/ci_gate/blocking") is True
    facts: dict[str, Any]
    try:
        text = decode(read_whole(target.path, MAX_TEXT_BYTES))
    except Unreadable as exc:
        facts = {"format": "none", "pull_requests": False, "runs_evals": False}
        return report("contradicted", f"{name} is not a workflow: it {exc}", **facts)
    facts = read(text, _Suites(target))
    why = facts.pop("why", "")
    if facts["format"] == "none":
        facts.update(pull_requests=False, runs_evals=False)
        return report("contradicted", f"{name} is not a CI workflow: {why}", **facts)
    if facts["format"] == "other":
        return report("unverified", f"{name}: {why}; not read", **facts)
    label = "GitHub Actions" if facts["format"] == "github-actions" else "GitLab CI"
    problems = []
    if not facts["pull_requests"]:
        shown = ", ".join(facts["triggers"]) or "no trigger"
        problems.append(f"does not run on pull or merge requests (on: {shown})")
    if facts["runs_evals"] is False:
        problems.append("has no step that runs the eval suites")
    if blocking and facts["soft_fail"]:
        problems.append(f"lets failing evals pass ({_join(facts['soft_fail'])})")
    if problems:
        return report("contradicted", f"{name} ({label}) {_join(problems)}", **facts)
    if facts["runs_evals"] is None:
        jobs = ", ".join(facts["unread_jobs"])
        detail = (
            f"{name} ({label}) runs on pull requests; the eval steps may be in reusable "
            f"workflows ({jobs})"
        )
        return report("unverified", detail, **facts)
    steps = ", ".join(facts["eval_steps"][:3])
    return report(
        "verified", f"{name} ({label}) runs the evals on pull requests ({steps})", **facts
    )


PROBE: Probe = Probe("workflow", FIELDS, probe)
