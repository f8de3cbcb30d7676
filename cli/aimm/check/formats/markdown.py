"""A Markdown report sized for a pull-request comment (``--format markdown``).

A title line with the overall verdict and counts; with ``--compare-to`` or ``--base-ref``,
what the change did (:mod:`aimm.check.compare`) comes first. Then per system: a table of the
dimensions (level, floor, status: below a floor that blocks, or that a waiver carries, naming
the waiver, until when and who approved it), the gate verdict with its reasons, the controls
that block it, those that fail without blocking (collapsed in ``<details>`` when there are
more than :data:`FAILING_SHOWN_OPEN`), the aspirations (failures above the system's next
level and its floors, always collapsed), the waived ones in a line each, and the first
:data:`NEXT_STEPS_SHOWN` next steps. Input errors are listed as ``file:line``.

Systems that need attention come first (input errors, then failed gates, then passed). When
the text would exceed ``max_chars`` (GitHub's comment limit, 65,536 characters, counted in
UTF-16 code units to be safe), the systems listed last are shortened to their grid and gate,
then left out, and a note says how many; a single oversized section is cut at a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aimm.check.formats import register
from aimm.check.formats._common import (
    NOT_VERIFIED_NOTE,
    assessment_lines,
    by_verdict,
    carries_gate,
    display_name,
    evidence_facts,
    evidence_summary,
    floor_miss,
    floor_status,
    next_level,
)
from aimm.check.formats._compare import markdown as compare_section
from aimm.core.errors import format_problem
from aimm.core.model import Model
from aimm.core.result import ManifestResult, Report
from aimm.core.text import markdown_cell

GITHUB_COMMENT_LIMIT = 65_536
FAILING_SHOWN_OPEN = 5
NEXT_STEPS_SHOWN = 3
_NOTE_RESERVE = 400


def size(text: str) -> int:
    """The length GitHub counts, bounded above: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def cell(value: object) -> str:
    """Text safe inside a table cell or a list item (:func:`aimm.core.text.markdown_cell`)."""
    return markdown_cell(value)


def _counts(report: Report) -> str:
    s = report.summary()
    return (
        f"{s['manifests']} manifest(s): {s['passed']} passed, {s['failed']} failed, "
        f"{s['errors']} error(s)"
    )


def title(report: Report) -> str:
    """The verdict line: ✅ when every gate passed and nothing errored, else ❌."""
    ok = report.failed == 0 and report.errors == 0
    mark = "✅" if ok else "❌"
    verdict = "all gates passed" if ok else "gate failed"
    return f"## {mark} aimm: {verdict} — {_counts(report)}"


def _status(result: ManifestResult, dim: str) -> str:
    miss = floor_miss(result, dim)
    if miss is None:
        return "✅ ok"
    if miss.kind == "blocking":
        return "❌ **below floor**"
    return f"⚠️ {cell(floor_status(miss))}"


def _grid(result: ManifestResult, catalog: Model) -> list[str]:
    rows = ["| dimension | level | floor | status |", "|---|---|---|---|"]
    for dim in catalog.dimensions:
        if not catalog.applies(dim, result.system_type):
            rows.append(f"| {dim} | n/a | | not applicable to {cell(result.system_type)} |")
            continue
        level = result.levels.get(dim, catalog.bottom)
        floor = result.floors.get(dim, catalog.bottom)
        rows.append(
            f"| {dim} | L{level} {catalog.level_name(level)} | L{floor} | {_status(result, dim)}"
            f"{' (capability profile)' if dim in catalog.capability_profile else ''} |"
        )
    return rows


def _header(result: ManifestResult) -> list[str]:
    mark = "✅" if result.passed else "❌"
    return [
        f"### {mark} {cell(display_name(result))} — `{cell(result.path)}`",
        "",
        f"tier **{cell(result.tier)}** · {cell(result.lifecycle)} · team {cell(result.team)}",
        "",
    ]


def _gate(result: ManifestResult) -> list[str]:
    verdict = "**Gate: passed**" if result.gate_passed else "**Gate: failed**"
    if not result.floors_enforced:
        verdict += f" (floors reported, not enforced for {cell(result.lifecycle)})"
    return [verdict, *(f"- {cell(r)}" for r in result.gate_reasons)]


def _control_table(controls: list[dict[str, Any]]) -> list[str]:
    table = ["| control | title | message |", "|---|---|---|"]
    table += [
        f"| `{cell(c['id'])}`{' (baseline)' if c.get('baselined') else ''} "
        f"| {cell(c.get('title', ''))} | {cell(c['message'])} |"
        for c in controls
    ]
    return table


def _folded(heading: str, table: list[str], open_up_to: int) -> list[str]:
    """A bold heading and its table, or both collapsed in ``<details>`` beyond a few rows."""
    if len(table) - 2 <= open_up_to:
        return ["", f"**{heading}**", "", *table]
    return ["", "<details>", f"<summary><b>{heading}</b></summary>", "", *table, "", "</details>"]


def _failing(result: ManifestResult, fail_on: str = "floors") -> list[str]:
    """What fails, by what it means for the gate: blocking (open), not blocking (folded
    beyond a few), aspirations (always folded)."""
    groups = by_verdict(result, fail_on)
    lines: list[str] = []
    blocking = groups.get("blocking", [])
    if blocking:
        why = "fails the run: --fail-on any-fail" if fail_on == "any-fail" else "fails the gate"
        lines += _folded(f"Blocking ({len(blocking)}, {why})", _control_table(blocking), 10**6)
    others = [*groups.get("warning", []), *groups.get("baselined", [])]
    if others:
        heading = f"Failing, not blocking ({len(others)})"
        lines += _folded(heading, _control_table(others), FAILING_SHOWN_OPEN)
    aspirations = groups.get("aspiration", [])
    if aspirations:
        heading = (
            f"Aspirations ({len(aspirations)}): above the next level (L{next_level(result)}) "
            "and the floors, not blocking"
        )
        lines += _folded(heading, _control_table(aspirations), 0)
    return lines


def _waived(result: ManifestResult) -> list[str]:
    lines = []
    for control in result.controls:
        waiver = control.get("waiver")
        if control["status"] == "waived" and isinstance(waiver, dict):
            carries = " **(the gate passes because of it)**" * carries_gate(result, control)
            lines.append(
                f"- `{cell(control['id'])}` waived until {cell(waiver.get('expires'))}, approved "
                f"by {cell(waiver.get('approved_by'))}{carries}: {cell(waiver.get('reason'))}"
            )
    disabled = [
        f"- `{cell(c['id'])}` {cell(c['message'])}"
        for c in result.controls
        if c["status"] == "disabled"
    ]
    return [
        *(["", "**Waived**", "", *lines] if lines else []),
        *(["", "**Disabled by the org config**", "", *disabled] if disabled else []),
    ]


_EVIDENCE_MARKS = {
    "contradicted": "❌ contradicted",
    "verified": "✅ verified",
    "unverified": "❔ unverified",
}


def _evidence(result: ManifestResult) -> list[str]:
    """The facts the controls relied on, contradicted first (collapsed beyond a few rows)."""
    facts = evidence_facts(result)
    if not facts:
        return []
    table = ["| evidence | control | fact |", "|---|---|---|"]
    table += [
        f"| {_EVIDENCE_MARKS[status]} | `{cell(control_id)}` | {cell(item.get('detail', ''))} |"
        for status, control_id, item in facts
    ]
    heading = f"Evidence ({evidence_summary(result)})"
    if len(facts) <= FAILING_SHOWN_OPEN:
        return ["", f"**{heading}**", "", *table]
    return ["", "<details>", f"<summary><b>{heading}</b></summary>", "", *table, "", "</details>"]


def _next_steps(result: ManifestResult) -> list[str]:
    steps: list[dict[str, Any]] = list(result.next_steps[:NEXT_STEPS_SHOWN])
    if not steps:
        return []
    lines = ["", "**Next steps**", ""]
    lines += [
        f"{n}. `{cell(s['control'])}` ({cell(s['dimension'])}): {cell(s['action'])}"
        for n, s in enumerate(steps, start=1)
    ]
    more = len(result.next_steps) - NEXT_STEPS_SHOWN
    if more > 0:
        lines.append(f"\n…and {more} more (`aimm check --format json` lists them all).")
    return lines


def _other_model(result: ManifestResult, catalog: Model) -> list[str]:
    """A further model's grid (its own level names) and its gate, advisory or gating."""
    mark = "" if result.gating else " (advisory)"
    verdict = "passed" if result.gate_passed else "failed"
    return [
        "",
        f"**Model `{cell(catalog.id)}`: {cell(catalog.title)}** · gate {verdict}{mark}",
        "",
        *_grid(result, catalog),
        *(f"- {cell(r)}" for r in result.gate_reasons),
        *_extras(result),
    ]


def _extras(result: ManifestResult) -> list[str]:
    """What the model's report rules add: findings, the readiness checklist, the owners."""
    lines: list[str] = []
    findings = [f for f in result.extras.get("findings") or [] if isinstance(f, dict)]
    if findings:
        lines += ["", "Findings:", ""]
        lines += [f"- **{cell(f.get('title'))}**: {cell(f.get('message'))}" for f in findings]
    phases = [p for p in result.extras.get("checklist") or [] if isinstance(p, dict)]
    if phases:
        lines += ["", "<details>", "<summary>Readiness checklist</summary>", ""]
        for phase in phases:
            lines += [f"**{cell(phase.get('title') or phase.get('phase'))}**", ""]
            lines += [
                f"- [{'x' if i.get('status') == 'pass' else ' '}] {cell(i.get('title'))}"
                for i in phase.get("items", [])
                if isinstance(i, dict)
            ]
            lines.append("")
        lines.append("</details>")
    owners = [o for o in result.extras.get("ownership") or [] if isinstance(o, dict)]
    if owners:
        lines += ["", "| owner role | who |", "|---|---|"]
        lines += [f"| {cell(o.get('role'))} | {cell(o.get('owner') or '-')} |" for o in owners]
    return lines + _assessed(result)


def _assessed(result: ManifestResult) -> list[str]:
    """The self-assessment (claimed against evidenced) and the model's notes, as a list."""
    assessed = assessment_lines(result.extras)
    if not assessed:
        return []
    return ["", *(f"- {cell(line.strip().removeprefix('- '))}" for line in assessed)]


def system_section(
    result: ManifestResult,
    catalog: Model,
    *,
    full: bool = True,
    models: Callable[[ManifestResult], Model] | None = None,
    fail_on: str = "floors",
) -> str:
    """One system: header, grid and gate; with ``full`` also failing, waived, next steps;
    then each further model's grid (``models`` gives a result's model)."""
    lines = [*_header(result), *_grid(result, catalog), "", *_gate(result)]
    if full:
        lines += [*_failing(result, fail_on), *_waived(result), *_evidence(result)]
        lines += _next_steps(result)
        lines += _assessed(result)
    if models is not None:
        for other in result.others:
            lines += _other_model(other, models(other))
    return "\n".join(lines) + "\n"


def errors_section(results: Iterable[ManifestResult]) -> str:
    """Manifests that could not be read, one ``file:line`` problem per item."""
    items = [f"- `{cell(format_problem(r.path, p))}`" for r in results for p in (r.errors or ())]
    if not items:
        return ""
    return "\n".join(["### ❌ Invalid manifests", "", *items]) + "\n"


def _ordered(report: Report) -> list[ManifestResult]:
    evaluated = [r for r in report.results if r.evaluated]
    return [r for r in evaluated if not r.passed] + [r for r in evaluated if r.passed]


def render_markdown(report: Report, *, max_chars: int = GITHUB_COMMENT_LIMIT) -> str:
    """The report as Markdown no longer than ``max_chars`` (see the module docstring)."""
    parts = [title(report) + "\n"]
    if report.comparison is not None:
        parts.insert(0, compare_section(report.comparison))
    if not report.evidence_verified:
        parts.append(f"> [!WARNING]\n> {NOT_VERIFIED_NOTE}.\n")
    errors = errors_section(r for r in report.results if not r.evaluated)
    if errors:
        parts.append(errors)
    budget = max_chars - _NOTE_RESERVE
    used = sum(size(p) + 1 for p in parts)
    shortened = omitted = 0
    systems = _ordered(report)
    for n, result in enumerate(systems):
        catalog = report.model_of(result)
        section = system_section(result, catalog, models=report.model_of, fail_on=report.fail_on)
        if shortened or used + size(section) + 1 > budget:
            section = system_section(result, catalog, full=False, models=report.model_of)
            shortened += 1
        if used + size(section) + 1 > budget:
            shortened -= 1
            omitted = len(systems) - n
            break
        parts.append(section)
        used += size(section) + 1
    if shortened or omitted:
        notes = []
        if shortened:
            notes.append(f"{shortened} system(s) shortened to their grid")
        if omitted:
            notes.append(f"{omitted} system(s) left out")
        parts.append(
            f"> [!NOTE]\n> Truncated to fit a GitHub comment: {', '.join(notes)}. "
            "Run `aimm check` (or `--format json`) for the full report.\n"
        )
    text = "\n".join(parts)
    if size(text) > max_chars:  # a single huge section: cut at a line, keep the note
        note = "\n> [!NOTE]\n> Truncated to fit a GitHub comment.\n"
        keep = text.encode("utf-16-le")[: 2 * (max_chars - size(note))].decode(
            "utf-16-le", errors="ignore"
        )
        text = keep[: keep.rfind("\n") + 1] + note
    return text


def render(report: Report, *, color: bool = False, max_chars: int = GITHUB_COMMENT_LIMIT) -> str:
    """The PR-comment report (``color`` is ignored)."""
    return render_markdown(report, max_chars=max_chars)


# Registered without the decorator so ``render`` keeps its own signature (with max_chars).
register("markdown")(render)
