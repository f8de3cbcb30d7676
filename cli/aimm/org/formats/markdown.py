"""The org report as Markdown (``--format markdown``): for a wiki page, an issue or a terminal.

Every section of the model in order; the heatmap is one table per business unit, with a
row per system under team sub-headings. Each other model the organisation runs (a pack) has
a section of its own with its heatmap, distribution, gaps and lopsided systems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aimm.core.text import markdown_cell
from aimm.org.formats import register
from aimm.org.formats._common import (
    FLIP_HEADERS,
    LEGEND,
    MISS_HEADERS,
    TOP_GAPS_SHOWN,
    WAIVER_HEADERS,
    cell,
    dimension_line,
    flip_cells,
    floor_misses,
    gap_sentence,
    gate,
    grouped,
    lag_sentences,
    min_median,
    miss_cells,
    pack_title,
    percent,
    plural,
    sentence_case,
    top_gaps,
    trend_sentence,
    verified_share,
    waiver_cells,
)
from aimm.org.report import OrgReport, WaiverRow, number


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
    return [*lines, "", *_where(report)]


def _where(report: OrgReport) -> list[str]:
    """The org-level line per dimension, any track that lags, and the top gaps in words."""
    lines = ["**Where the organisation stands:**", ""]
    lines.extend(f"- {dimension_line(report, d)}" for d in report.dimensions)
    lines.append("")
    lines.extend(f"> **Flag:** {s}." for s in lag_sentences(report))
    if report.track_lags:
        lines.append("")
    gaps = report.top_gaps[:TOP_GAPS_SHOWN]
    if gaps:
        lines.extend(["**Top gaps** (systems below a floor first, then systems held back):", ""])
        lines.extend(f"{i}. {g.sentence()}" for i, g in enumerate(gaps, 1))
        lines.append("")
    return lines


def _failing(report: OrgReport) -> list[str]:
    if not report.failing:
        return ["Every gate passes.", ""]
    return _table(
        ["System", "Repository", "Team", "First reason"],
        [
            [r.posture.system, r.posture.repository, r.posture.team, r.posture.gate_reason or ""]
            for r in report.failing
        ],
    )


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


def _series(report: OrgReport) -> list[str]:
    """The recorded snapshots (and today): systems, pass share, median per dimension."""
    if len(report.series) < 2:
        return []
    dims = list(report.dimensions)
    return _table(
        ["Date", "Systems", "Passing", *(f"{d.capitalize()} median" for d in dims)],
        [
            [p.taken_on, p.systems, percent(p.passing, p.systems)]
            + [number(p.medians[d]) if d in p.medians else "" for d in dims]
            for p in report.series
        ],
    )


def _trend(report: OrgReport) -> list[str]:
    lines = [sentence_case(trend_sentence(report.trend)) + ".", "", *_series(report)]
    if report.trend.gate_flips:
        lines.extend(["### Gate flips", "", *_table(FLIP_HEADERS, flip_cells(report))])
    if report.trend.new_floor_misses:
        lines.extend(["### New floor misses", "", *_table(MISS_HEADERS, miss_cells(report))])
    if report.trend.changes and (report.trend.gate_flips or report.trend.new_floor_misses):
        lines.extend(["### Levels and systems", ""])
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


def _pack(report: OrgReport) -> list[str]:
    """A model pack's section: where the organisation stands, heatmap, distribution, gaps
    and lopsided systems, under H3 headings."""
    lines = [
        f"## Model {pack_title(report)}",
        "",
        f"{report.headline.passing} of {plural(report.headline.systems, 'system')} pass this "
        "model's gate.",
        "",
        *_where(report),
    ]
    for title, make in (
        ("Heatmap", _heatmap),
        ("Level distribution", _distribution),
        ("Bleeding gaps", _gaps),
        ("Lopsided systems", _lopsided),
    ):
        body = make(report)
        # One level down: the pack's own sub-headings become H4.
        body = [f"#{line}" if line.startswith("### ") else line for line in body]
        lines.extend([f"### {title}", "", *body])
    if report.org_controls:
        lines.extend(["### Org-scope controls", "", *_org_controls(report)])
    return lines


def _org_controls(report: OrgReport) -> list[str]:
    """The model's criteria over the whole organisation (aimm.org.orgscope)."""
    return [
        "Shares of every system in this report; `aimm check` cannot show them.",
        "",
        *_table(
            ["Control", "Level", "Status", "Title", "Result", "Next step"],
            (
                [
                    c.id,
                    c.level,
                    c.status.upper(),
                    c.title,
                    c.message,
                    c.remediation if c.status != "pass" else "",
                ]
                for c in report.org_controls
            ),
        ),
    ]


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
        ("Failing gates", _failing),
        ("By business unit and team", _groups),
        ("Level distribution", _distribution),
        ("Bleeding gaps", _gaps),
        ("Lopsided systems", _lopsided),
    ]
    for title, make in sections:
        lines.extend([f"## {title}", "", *make(report)])
    lines.extend(["## Waivers", ""])
    if report.carrying:
        lines.extend(["### Carrying a gate", "", *_waiver_table(report.carrying, "None.")])
    lines.extend([f"### Expiring within {report.expiring_days} days", ""])
    lines.extend(_waiver_table(report.expiring, "None."))
    lines.extend(["### Expired", ""])
    lines.extend(_waiver_table(report.expired, "None."))
    lines.extend(["## Trend", "", *_trend(report)])
    if report.org_controls:
        lines.extend(["## Org-scope controls", "", *_org_controls(report)])
    for pack in report.packs:
        lines.extend(_pack(pack))
    lines.extend(["## Could not evaluate", "", *_unevaluated(report)])
    return "\n".join(lines).rstrip("\n") + "\n"
