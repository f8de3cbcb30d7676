"""Human-readable report for a terminal (``--format text``), drawn with rich.

Per system: a header (name, path, team, tier, lifecycle), the levels against their floors
as a compact grid (a floor a waiver carries names the waiver), the gate verdict with its
reasons, the controls that do not pass grouped by dimension (aspirations, failures above the
system's next level and its floors, only counted), and the first next steps. With
``--compare-to`` or ``--base-ref``, what the change did comes first. Colour only on a
terminal; plain ASCII otherwise.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from aimm.check.formats import register
from aimm.check.formats._common import (
    NOT_VERIFIED_NOTE,
    assessment_lines,
    evidence_facts,
    evidence_summary,
    floor_miss,
    floor_status,
    verdict,
)
from aimm.check.formats._compare import text_lines
from aimm.core.errors import format_problem
from aimm.core.model import Model
from aimm.core.result import ManifestResult, Report
from aimm.core.text import one_line_strings, safe_console

WIDTH = 100
NEXT_STEPS_SHOWN = 5
OTHER_STEPS_SHOWN = 3  # next steps shown for each further model
# By how far a level is up its model's ladder: lowest red .. top bold green.
_LEVEL_STYLES = ("red", "dark_orange", "yellow", "green", "bold green")


def _level_style(level: int, model: Model) -> str:
    span = max(1, model.top - model.bottom)
    return _LEVEL_STYLES[round((level - model.bottom) * (len(_LEVEL_STYLES) - 1) / span)]


def _bar(level: int, floor: int, model: Model, color: bool) -> Text:
    """One mark per level from 1 (a model starting at 0 shows level 0 as no mark): filled up to
    the level reached."""
    full, empty = ("■", "□") if color else ("#", ".")
    text = Text()
    for i in range(max(1, model.bottom), model.top + 1):
        style = _level_style(level, model) if i <= level else ("red" if i <= floor else "dim")
        text.append(full if i <= level else empty, style=style)
    return text


def _grid(result: ManifestResult, model: Model, color: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if color else box.ASCII2, show_edge=False, pad_edge=False)
    for header, justify in (
        ("dimension", "left"),
        ("level", "left"),
        ("ladder", "left"),
        ("floor", "right"),
        ("status", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for dim in model.dimensions:
        level = result.levels.get(dim, model.bottom)
        floor = result.floors.get(dim, model.bottom)
        if not model.applies(dim, result.system_type):
            note = Text(f"not applicable to {result.system_type}", style="dim")
            table.add_row(dim, "n/a", "", "", note)
            continue
        miss = floor_miss(result, dim)
        if miss is None and dim in model.capability_profile:
            status = Text("ok (capability profile)", style="green")
        elif miss is None:
            status = Text("ok", style="green")
        elif miss.kind == "blocking":
            status = Text("below floor", style="bold red")
        else:
            status = Text(floor_status(miss), style="yellow")
        table.add_row(
            dim,
            f"L{level} {model.level_name(level)}",
            _bar(level, floor, model, color),
            f"L{floor}",
            status,
        )
    return table


_STATUS_STYLE = {"waived": "yellow", "disabled": "dim", "fail": "red"}


def _listing(headers: list[str]) -> Table:
    """A borderless table with a header row (one column per header)."""
    table = Table(box=None, show_header=True, header_style="dim", padding=(0, 1), pad_edge=False)
    for header in headers:
        table.add_column(header)
    return table


def _status_text(control: dict[str, Any], found: str) -> Text:
    """The status cell: fail (blocks) for what fails the gate, fail for what does not block,
    fail (baseline), waived, disabled."""
    if control.get("baselined"):
        return Text("fail (baseline)", style="yellow")
    if found == "blocking":
        return Text("fail (blocks)", style="bold red")
    status = str(control["status"])
    return Text(status, style=_STATUS_STYLE.get(status, "red"))


def _not_passing(
    result: ManifestResult, model: Model, color: bool, fail_on: str = "floors"
) -> Iterable[Any]:
    """Non-passing controls grouped by dimension; aspirations (above the system's next level
    and its floors, as the policies decided) are only counted."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for control in result.controls:
        if control["status"] != "pass":
            groups.setdefault(str(control["dimension"]), []).append(control)
    if not groups:
        return
    yield Text("not passing:", style="bold")
    table = _listing(["", "control", "status", "what it checks; what was found"])
    table.columns[3].overflow = "fold"
    hidden = 0
    # Families outside the model (a framework profile's controls) follow, in report order.
    for dim in [*model.families, *(g for g in groups if g not in model.families)]:
        shown = [c for c in groups.get(dim, []) if verdict(result, c, fail_on) != "aspiration"]
        hidden += len(groups.get(dim, [])) - len(shown)
        if not shown:
            continue
        table.add_row(" ", Text(dim, style="bold"), "", "")
        for control in shown:
            status = _status_text(control, verdict(result, control, fail_on))
            detail = Text(str(control["title"]))
            detail.append(f"\n{control['message']}", style="dim")
            waiver = control.get("waiver")
            if isinstance(waiver, dict):
                detail.append(
                    f"\nwaived until {waiver.get('expires')}, approved by "
                    f"{waiver.get('approved_by')}: {waiver.get('reason')}",
                    style="yellow",
                )
            accepted = control.get("risk_accepted")
            if isinstance(accepted, dict):
                # A regulation's duty: the waiver records who accepted the risk, not a pass.
                detail.append(
                    f"\nunmet, risk accepted by {accepted.get('approved_by')} until "
                    f"{accepted.get('expires')}: {accepted.get('reason')}",
                    style="yellow",
                )
            table.add_row(" ", f"  {control['id']}", status, detail)
    yield table
    if hidden:
        yield Text(
            f"  ({hidden} aspirations, above the next level and the floors; --format json "
            "lists them)",
            style="dim",
        )


def _gate_line(result: ManifestResult, advisory: bool = False) -> Text:
    verdict = Text("gate: ")
    verdict.append(
        "PASSED" if result.gate_passed else "FAILED",
        style="bold green" if result.gate_passed else ("yellow" if advisory else "bold red"),
    )
    if advisory:
        verdict.append("  (advisory: this model does not gate)", style="dim")
    elif not result.floors_enforced:
        verdict.append(f"  (floors reported, not enforced for {result.lifecycle})", style="dim")
    return verdict


def _next_steps(result: ManifestResult, shown: int) -> Iterable[Any]:
    if not result.next_steps:
        return
    yield Text("next steps:", style="bold")
    steps = Table.grid(padding=(0, 1))
    steps.add_column()
    steps.add_column(overflow="fold")
    for n, step in enumerate(result.next_steps[:shown], start=1):
        steps.add_row(f"  {n}.", Text(f"{step['control']} ({step['dimension']}): {step['action']}"))
    yield steps
    more = len(result.next_steps) - shown
    if more > 0:
        yield Text(f"  ... and {more} more (aimm check --format json lists them all)", style="dim")


def _other_model(result: ManifestResult, model: Model, color: bool) -> Iterable[Any]:
    """A further model's view of the system: its grid (level names are the model's own),
    its gate, and its first next steps."""
    yield Text(f"model {model.id}: {model.title}", style="bold")
    yield _grid(result, model, color)
    yield _gate_line(result, advisory=not result.gating)
    for reason in result.gate_reasons:
        yield Text(f"  - {reason}", style="red" if result.gating else "yellow")
    yield from _extras(result)
    yield from _next_steps(result, OTHER_STEPS_SHOWN)


def _extras(result: ManifestResult) -> Iterable[Any]:
    """What the model's report rules add: findings, a readiness checklist, owners."""
    findings = [f for f in result.extras.get("findings") or [] if isinstance(f, dict)]
    if findings:
        yield Text("findings:", style="bold")
        for finding in findings:
            yield Text(f"  - {finding.get('title')}: {finding.get('message')}", style="yellow")
    phases = [p for p in result.extras.get("checklist") or [] if isinstance(p, dict)]
    items = [i for p in phases for i in p.get("items", []) if isinstance(i, dict)]
    if items:
        done = sum(1 for i in items if i.get("status") == "pass")
        yield Text(f"readiness checklist: {done} of {len(items)} items done")
    owners = [o for o in result.extras.get("ownership") or [] if isinstance(o, dict)]
    if owners:
        named = ", ".join(f"{o.get('role')} {o.get('owner') or '(none)'}" for o in owners)
        yield Text(f"owners: {named}")
    for line in assessment_lines(result.extras):
        yield Text(line, style="yellow" if line.startswith("  - ") else "")


_EVIDENCE_STYLE = {"contradicted": "red", "verified": "green", "unverified": "yellow"}


def _evidence(result: ManifestResult, verified: bool) -> Iterable[Any]:
    """The facts the probes checked, contradicted first, then verified, then unverified."""
    facts = evidence_facts(result)
    if not facts:
        return
    if not verified:
        yield Text(
            f"evidence: {len(facts)} facts not verified (--no-verify-evidence)", style="yellow"
        )
        return
    yield Text(f"evidence: {evidence_summary(result)}", style="bold")
    table = _listing(["  status", "control", "fact"])
    table.columns[2].overflow = "fold"
    for status, control_id, item in facts:
        table.add_row(
            Text(f"  {status}", style=_EVIDENCE_STYLE[status]),
            control_id,
            Text(str(item.get("detail", ""))),
        )
    yield table


def _system(
    result: ManifestResult,
    model: Model,
    color: bool,
    models: Callable[[ManifestResult], Model],
    verified: bool = True,
    fail_on: str = "floors",
) -> Iterable[Any]:
    header = Text()
    header.append(result.system or "?", style="bold")
    header.append(f"  {result.path}", style="dim")
    yield header
    yield Text(
        f"team {result.team} · tier {result.tier} (computed {result.tier_computed}, score "
        f"{result.risk_score}) · {result.lifecycle} · {result.system_type}"
    )
    if result.org_config:
        yield Text(f"org config {result.org_config}", style="dim")
    if result.others:
        yield Text(f"model {model.id}: {model.title}", style="bold")
    yield _grid(result, model, color)
    yield _gate_line(result)
    for reason in result.gate_reasons:
        yield Text(f"  - {reason}", style="red")
    yield from _evidence(result, verified)
    yield from _not_passing(result, model, color, fail_on)
    if result.baseline_stale:
        yield Text(
            f"baseline: no longer failing, remove from the baseline: "
            f"{', '.join(result.baseline_stale)}",
            style="green",
        )
    yield from _extras(result)
    yield from _next_steps(result, NEXT_STEPS_SHOWN)
    for other in result.others:
        yield from _other_model(other, models(other), color)
    yield Text("")


@register("text")
def render(report: Report, *, color: bool = False) -> str:
    """Render every result and a summary line."""
    # Values stay on their line: a newline in a folder name or a team must not start a line
    # (a line starting with :: is a command to GitHub Actions).
    report = replace(report, results=tuple(one_line_strings(r) for r in report.results))
    buffer = io.StringIO()
    console = safe_console(
        file=buffer,
        width=WIDTH,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    if report.comparison is not None:
        for line in text_lines(report.comparison):
            console.print(Text(line), soft_wrap=True)
        console.print()
    if not report.evidence_verified:
        console.print(Text(f"note: {NOT_VERIFIED_NOTE}", style="yellow"), soft_wrap=True)
    for result in report.results:
        if result.evaluated:
            model = report.model_of(result)
            console.print(
                Group(
                    *_system(
                        result,
                        model,
                        color,
                        report.model_of,
                        report.evidence_verified,
                        report.fail_on,
                    )
                )
            )
        else:
            for problem in result.errors:
                console.print(
                    Text(f"error: {format_problem(result.path, problem)}", style="red"),
                    soft_wrap=True,
                )
    s = report.summary()
    console.print(
        Text(
            f"{s['manifests']} manifest(s): {s['passed']} passed, {s['failed']} failed, "
            f"{s['errors']} error(s)",
            style="bold",
        )
    )
    text = buffer.getvalue()
    if not color:  # rich pads table cells; piped output should not carry trailing blanks
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text
