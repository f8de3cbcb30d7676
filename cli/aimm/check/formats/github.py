"""GitHub Actions workflow commands (``--format github``).

Annotations stay focused on what needs action in the pull request:

- ``::error`` for each failing control that blocks the gate (or the run, with ``--fail-on
  any-fail``: the rule SARIF marks ``error``, see :mod:`aimm.check.formats._common`), at the
  manifest line that decides it;
- ``::warning`` for each failing control that does not block (the next level's); aspirations
  (above the system's next level and its floors), waived and baselined controls get none;
- ``::error`` titled ``Invalid manifest`` for each input problem;
- ``::warning`` titled ``Waiver expiring`` for each valid waiver that expires within
  ``warn_days`` days (inclusive) of the report's date;
- ``::notice`` titled ``Baseline entries to remove`` when baselined controls pass now;
- a final ``::notice`` with the counts.

Values are escaped as the runner expects: in data ``%``, CR and LF; in properties also
``:`` and ``,``. :func:`step_summary` gives the Markdown report for ``$GITHUB_STEP_SUMMARY``
(writing it is the CLI's job; this module never touches the environment).
"""

from __future__ import annotations

from typing import Any

from aimm.check.formats import register
from aimm.check.formats._common import (
    NOT_VERIFIED_NOTE,
    control_line,
    evidence_facts,
    evidence_summary,
    problem_text,
    verdict,
    waiver_line,
    with_next_step,
)
from aimm.check.formats.markdown import render_markdown
from aimm.core.errors import Problem
from aimm.core.result import ManifestResult, Report
from aimm.core.text import github_data, github_property

WARN_DAYS = 30
# GitHub caps a step summary at 1 MiB; the Markdown size is in UTF-16 units, and one unit
# takes at most 3 bytes of UTF-8.
STEP_SUMMARY_LIMIT = (1024 * 1024) // 3


def escape_data(value: object) -> str:
    """Escape a workflow command's message (:func:`aimm.core.text.github_data`)."""
    return github_data(value)


def escape_property(value: object) -> str:
    """Escape a workflow command's property value (:func:`aimm.core.text.github_property`)."""
    return github_property(value)


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line, e.g. ``::error file=a,line=3,title=T::message``."""
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _expiring(result: ManifestResult, waiver: dict[str, Any], warn_days: int) -> str | None:
    days = waiver.get("days_left")
    if waiver.get("status") != "valid" or not isinstance(days, int) or not 0 <= days <= warn_days:
        return None
    unit = "day" if days == 1 else "days"
    return command(
        "warning",
        f"waiver for {waiver.get('control')} expires on {waiver.get('expires')} ({days} {unit})",
        file=result.path,
        line=waiver_line(result, waiver),
        title="Waiver expiring",
    )


def evidence_annotations(result: ManifestResult) -> list[str]:
    """A warning per contradicted fact (at the line of the control relying on it), then a
    notice with what was verified."""
    facts = evidence_facts(result)
    if not facts:
        return []
    lines = {str(c["id"]): control_line(c) for c in result.controls}
    annotations = [
        command(
            "warning",
            str(item.get("detail")),
            file=result.path,
            line=lines.get(control_id, 1),
            title=f"Contradicted evidence ({control_id})",
        )
        for status, control_id, item in facts
        if status == "contradicted"
    ]
    verified = [
        f"{control_id}: {item.get('detail')}"
        for status, control_id, item in facts
        if status == "verified"
    ]
    summary = f"evidence: {evidence_summary(result)}"
    if verified:
        summary += f"; verified: {'; '.join(verified)}"
    annotations.append(command("notice", summary, file=result.path, line=1, title="Evidence"))
    return annotations


_COMMANDS = {"blocking": "error", "warning": "warning"}


def manifest_annotations(
    result: ManifestResult, warn_days: int = WARN_DAYS, fail_on: str = "floors"
) -> list[str]:
    """The workflow commands for one manifest, in report order."""
    if not result.evaluated:
        return [
            command(
                "error",
                problem_text(p),
                file=result.path,
                line=p.line or 1,
                title="Invalid manifest",
            )
            for p in result.errors or (Problem("invalid manifest"),)
        ]
    lines = []
    for c in result.controls:
        name = _COMMANDS.get(verdict(result, c, fail_on))
        if name is None:
            continue
        title = f"{c['id']} {c.get('title', '')}".strip()
        lines.append(
            command(
                name,
                with_next_step(str(c["message"]), str(c.get("remediation", ""))),
                file=result.path,
                line=control_line(c),
                title=title if name == "error" else f"{title} (does not block the gate)",
            )
        )
    for waiver in result.waivers:
        line = _expiring(result, waiver, warn_days)
        if line:
            lines.append(line)
    if result.baseline_stale:
        lines.append(
            command(
                "notice",
                f"no longer failing: {', '.join(result.baseline_stale)}; remove from the baseline",
                file=result.path,
                line=1,
                title="Baseline entries to remove",
            )
        )
    return lines


def render(report: Report, *, color: bool = False, warn_days: int | None = None) -> str:
    """Annotations for every manifest, then a summary notice (``color`` is ignored).

    ``warn_days`` defaults to the report's ``warn_expiring_days`` (``--warn-expiring``).
    """
    days = report.warn_expiring_days if warn_days is None else warn_days
    lines = [
        line
        for result in report.results
        for line in manifest_annotations(result, days, report.fail_on)
    ]
    if report.evidence_verified:
        lines += [line for result in report.results for line in evidence_annotations(result)]
    else:
        lines.append(command("warning", NOT_VERIFIED_NOTE, title="Evidence not verified"))
    s = report.summary()
    lines.append(
        command(
            "notice",
            f"aimm: {s['manifests']} manifest(s), {s['passed']} passed, {s['failed']} failed, "
            f"{s['errors']} error(s)",
        )
    )
    return "\n".join(lines) + "\n"


# Registered without the decorator so ``render`` keeps its own signature (with warn_days).
register("github")(render)


def step_summary(report: Report) -> str:
    """The Markdown report for ``$GITHUB_STEP_SUMMARY`` (bounded by its 1 MiB limit)."""
    return render_markdown(report, max_chars=STEP_SUMMARY_LIMIT)
