"""The org report as Markdown (``--format markdown``): for a wiki page, an issue or a terminal.

Every section of the model in order; the heatmap is one table per business unit, with a
row per system under team sub-headings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aimm.core.text import markdown_cell
from aimm.org.formats import register
from aimm.org.formats._common import (
    LEGEND,
    WAIVER_HEADERS,
    cell,
    floor_misses,
    gap_sentence,
    gate,
    grouped,
    min_median,
    percent,
    plural,
    top_gaps,
    trend_sentence,
    verified_share,
    waiver_cells,
)
from aimm.org.report import OrgReport, WaiverRow


def _escape(text: object) -> str:
    return markdown_cell(text)


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in rows)
    return [*lines, ""]


def _headline(report: OrgReport) -> list[str]:
    h = report.headline
    lines = [
        f"- **Systems:** {h.systems}"
        + (f" ({h.unevaluated} more could not be evaluated)" if h.unevaluated else ""),
        f"- **Passing their gate:** {h.passing} of {h.systems} ({percent(h.passing, h.systems)})",
        f"- **Below an enforced floor, by tier:** {floor_misses(report)}",
        f"- **Below level 2 in some dimension:** {h.below_level_2}",
        f"- **Lopsided (levels 2 or more apart):** {h.lopsided}",
    ]
    if h.top_gap:
        lines.append(f"- **The gap that bleeds most:** {gap_sentence(h.top_gap)}")
    lines.append(f"- **Trend:** {trend_sentence(report.trend)}")
    return [*lines, ""]


def _heatmap(report: OrgReport) -> list[str]:
    dims = list(report.dimensions)
    lines = [f"Levels {min(report.levels)}-{max(report.levels)} per dimension. {LEGEND}.", ""]
    head = [
        "Team",
        "System",
        "Repository",
        "Tier",
        "Gate",
        *(d.capitalize() for d in dims),
        "Share of facts verified",
    ]
    for unit, teams in grouped(report):
        count = sum(len(rows) for _, rows in teams)
        lines.append(f"### {_escape(unit)} ({plural(count, 'system')})")
        lines.append("")
        rows = [
            [team, r.posture.system, r.posture.repository, r.posture.tier or "", gate(r)]
            + [cell(r, d) for d in dims]
            + [verified_share(r)]
            for team, members in teams
            for r in members
        ]
        lines.extend(_table(head, rows))
    return lines


def _groups(report: OrgReport) -> list[str]:
    dims = list(report.dimensions)
    head = [
        "Group",
        "Kind",
        "Systems",
        "Passing",
        *(f"{d.capitalize()} min / median" for d in dims),
    ]
    rows = [
        [g.name, g.kind.replace("_", " "), g.systems, g.passing] + [min_median(g, d) for d in dims]
        for g in report.groups
    ]
    return _table(head, rows)


def _distribution(report: OrgReport) -> list[str]:
    head = ["Dimension", *(f"L{lv} {report.level_names[lv]}" for lv in report.levels)]
    rows = [[d, *report.distribution[d].values()] for d in report.dimensions]
    return _table(head, rows)


def _gaps(report: OrgReport) -> list[str]:
    lines = [
        "Controls that keep systems from their next level or below an enforced floor, "
        "most systems first.",
        "",
    ]
    for dim in report.dimensions:
        gaps, more = top_gaps(report, dim)
        lines.append(f"### {dim.capitalize()}")
        lines.append("")
        if not gaps:
            lines.extend(["Nothing holds a system back here.", ""])
            continue
        lines.extend(
            _table(
                ["Control", "What it takes", "Systems held back", "Below a floor", "Teams"],
                [[g.control, g.title, g.systems, g.floor, g.teams] for g in gaps],
            )
        )
        if more:
            lines.extend([f"... and {more} more controls (see the JSON report).", ""])
    return lines


def _lopsided(report: OrgReport) -> list[str]:
    if not report.lopsided:
        return ["No system has levels 2 or more apart.", ""]
    dims = list(report.dimensions)
    return _table(
        ["System", "Repository", "Team", "Spread", *(d.capitalize() for d in dims)],
        [
            [r.posture.system, r.posture.repository, r.posture.team, r.spread]
            + [cell(r, d) for d in dims]
            for r in report.lopsided
        ],
    )


def _waiver_table(waivers: Sequence[WaiverRow], empty: str) -> list[str]:
    if not waivers:
        return [empty, ""]
    return _table(WAIVER_HEADERS, [waiver_cells(w) for w in waivers])


def _trend(report: OrgReport) -> list[str]:
    lines = [trend_sentence(report.trend).capitalize() + ".", ""]
    if report.trend.changes:
        lines.extend(
            _table(
                ["Change", "System", "Repository", "Team", "Dimension", "Before", "After"],
                [
                    [
                        c.change,
                        c.system,
                        c.repository,
                        c.team,
                        c.dimension or "",
                        "" if c.before is None else c.before,
                        "" if c.after is None else c.after,
                    ]
                    for c in report.trend.changes
                ],
            )
        )
    return lines


def _unevaluated(report: OrgReport) -> list[str]:
    if not report.unevaluated:
        return ["Every manifest found was evaluated.", ""]
    return _table(
        ["Repository", "Path", "Message"],
        [[u.repository or "", u.path, u.message] for u in report.unevaluated],
    )


@register("markdown")
def render(report: OrgReport) -> str:
    """The whole org report as GitHub-flavoured Markdown."""
    lines = [f"# AI operations posture, {report.today}", ""]
    lines.extend(_headline(report))
    sections = [
        ("Heatmap", _heatmap),
        ("By business unit and team", _groups),
        ("Level distribution", _distribution),
        ("Bleeding gaps", _gaps),
        ("Lopsided systems", _lopsided),
    ]
    for title, make in sections:
        lines.extend([f"## {title}", "", *make(report)])
    lines.extend(["## Waivers", "", f"### Expiring within {report.expiring_days} days", ""])
    lines.extend(_waiver_table(report.expiring, "None."))
    lines.extend(["### Expired", ""])
    lines.extend(_waiver_table(report.expired, "None."))
    lines.extend(["## Trend", "", *_trend(report)])
    lines.extend(["## Could not evaluate", "", *_unevaluated(report)])
    return "\n".join(lines).rstrip("\n") + "\n"
