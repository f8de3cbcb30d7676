"""The org report as one self-contained HTML page (``--format html``).

Inline CSS and inline SVG only: no script, no font, no image or stylesheet fetched from
anywhere, so the file opens offline, from a mail attachment or a CI artifact, and prints
(the print style drops the navigation, repeats table headers on every page and keeps the
level colours). The heatmap is one table: a header row per business unit and per team, then
a compact row per system (``tr.system``), which stays legible for a thousand systems; levels
are written in every cell, so colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aimm.core.text import html_text
from aimm.org.formats import register
from aimm.org.formats._common import (
    LEGEND,
    WAIVER_DAYS_COLUMN,
    WAIVER_HEADERS,
    cell,
    floor_misses,
    floor_note,
    gap_sentence,
    grouped,
    mark,
    min_median,
    percent,
    plural,
    top_gaps,
    trend_sentence,
    verified_share,
    waiver_cells,
)
from aimm.org.report import OrgReport, WaiverRow

# Level colours (ColorBrewer RdYlGn, 5 classes) and a text colour legible on each.
LEVEL_COLOURS = {1: "#d7191c", 2: "#fdae61", 3: "#ffffbf", 4: "#a6d96a", 5: "#1a9641"}
TEXT_COLOURS = {1: "#ffffff", 2: "#1a1a1a", 3: "#1a1a1a", 4: "#1a1a1a", 5: "#ffffff"}

CSS = """
:root { --ink: #1a1a1a; --muted: #5f6368; --rule: #d0d4d9; --band: #f3f5f7; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 20px 48px; color: var(--ink);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
h1 { font-size: 24px; margin: 8px 0 2px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-top: 8px; border-top: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.sub, p.note { color: var(--muted); margin: 4px 0 10px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 12px 0; font-size: 13px; }
nav a { color: #0b57d0; text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
.card .n { font-size: 26px; font-weight: 700; }
.card .l { color: var(--muted); font-size: 12px; }
.card.wide { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: left;
  vertical-align: top; }
thead th { background: #fff; border-bottom: 2px solid var(--ink); font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.heatmap { font-size: 12px; }
table.heatmap thead th { position: sticky; top: 0; z-index: 1; }
table.heatmap td { padding: 1px 6px; white-space: nowrap; }
table.heatmap td.sys { white-space: normal; }
table.heatmap td.lv { text-align: center; font-weight: 600; width: 8%;
  font-variant-numeric: tabular-nums; }
tr.unit th { background: var(--ink); color: #fff; font-size: 13px; padding: 4px 6px; }
tr.team th { background: var(--band); font-size: 12px; padding: 3px 6px 3px 14px; }
td.miss { box-shadow: inset 0 0 0 2px #000; }
td.soft { box-shadow: inset 0 0 0 1px #000; }
.fail { color: #b3261e; font-weight: 700; }
.repo { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; font-size: 12px; }
.legend span.sw { display: inline-block; min-width: 26px; text-align: center; padding: 1px 4px;
  font-weight: 600; border: 1px solid var(--rule); }
svg { display: block; max-width: 100%; }
svg text { font: 11px system-ui, sans-serif; }
.empty { color: var(--muted); font-style: italic; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  section#heatmap { break-before: page; }
  table.heatmap thead th { position: static; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def palette(report: OrgReport, level: int) -> int:
    """The colour (1 red .. 5 green) of a level, by how far it is up the model's ladder."""
    low, top = report.levels[0], report.levels[-1]
    return 1 + round((min(max(level, low), top) - low) * 4 / max(1, top - low))


def _level_css() -> str:
    return "".join(
        f".lv{lv} {{ background: {bg}; color: {TEXT_COLOURS[lv]}; }}\n"
        for lv, bg in LEVEL_COLOURS.items()
    )


SECTIONS = (
    ("headline", "Headline"),
    ("heatmap", "Heatmap"),
    ("groups", "By business unit and team"),
    ("distribution", "Level distribution"),
    ("gaps", "Bleeding gaps"),
    ("lopsided", "Lopsided systems"),
    ("waivers", "Waivers"),
    ("trend", "Trend"),
    ("unevaluated", "Could not evaluate"),
)


def _e(value: object) -> str:
    return html_text(value)


def _table(
    head: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()
) -> str:
    """A plain table; columns in ``numeric`` are right-aligned. Cells are escaped."""
    cols = "".join(
        f'<th class="num">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>"


def _headline(report: OrgReport) -> str:
    h = report.headline
    cards = [
        (
            str(h.systems),
            "systems evaluated"
            + (f" ({h.unevaluated} more could not be)" if h.unevaluated else ""),
        ),
        (percent(h.passing, h.systems), f"pass their gate ({h.passing} of {h.systems})"),
        (str(sum(h.floor_misses.values())), f"below an enforced floor ({floor_misses(report)})"),
        (str(h.below_level_2), "below level 2 in some dimension"),
        (str(h.lopsided), "lopsided (levels 2 or more apart)"),
    ]
    html = "".join(
        f'<div class="card"><div class="n">{_e(n)}</div><div class="l">{_e(label)}</div></div>'
        for n, label in cards
    )
    if h.top_gap:
        html += (
            '<div class="card wide"><div class="l">The gap that bleeds most</div>'
            f"<div>{_e(gap_sentence(h.top_gap))}</div></div>"
        )
    html += (
        f'<div class="card wide"><div class="l">Trend</div>'
        f"<div>{_e(trend_sentence(report.trend))}</div></div>"
    )
    return f'<div class="cards">{html}</div>'


def _legend(report: OrgReport) -> str:
    swatches = "".join(
        f'<span><span class="sw lv{lv}">{lv}</span> {_e(report.level_names[lv])}</span>'
        for lv in report.levels
    )
    return f'<div class="legend">{swatches}</div><p class="note">{_e(LEGEND)}.</p>'


def _heatmap(report: OrgReport) -> str:
    dims = list(report.dimensions)
    width = 5 + len(dims)
    head = "".join(
        ["<th>System</th><th>Repository</th><th>Tier</th><th>Gate</th>"]
        + [
            f'<th title="{_e(report.dimension_titles.get(d, d))}">{_e(d.capitalize())}</th>'
            for d in dims
        ]
        + [
            '<th title="Distinct evidence facts the probes verified, of those they checked">'
            "Share of facts verified</th>"
        ]
    )
    parts = [f'<table class="heatmap"><thead><tr>{head}</tr></thead>']
    for unit, teams in grouped(report):
        count = sum(len(rows) for _, rows in teams)
        parts.append(
            f'<tbody><tr class="unit"><th colspan="{width}">{_e(unit)}'
            f" &middot; {plural(count, 'system')}</th></tr>"
        )
        for team, rows in teams:
            passing = sum(1 for r in rows if r.posture.gate_passed)
            parts.append(
                f'<tr class="team"><th colspan="{width}">{_e(team)} &middot; '
                f"{plural(len(rows), 'system')}, {passing} passing</th></tr>"
            )
            for row in rows:
                p = row.posture
                cells = []
                for d in dims:
                    level = p.levels[d]
                    extra = ""
                    if d in row.below_floor:
                        extra = " miss" if row.misses_floor else " soft"
                    cells.append(
                        f'<td class="lv lv{palette(report, level)}{extra}" '
                        f'title="{_e(floor_note(row, d))}">{level}{_e(mark(row, d))}</td>'
                    )
                gate_cell = "<td>pass</td>" if p.gate_passed else '<td class="fail">FAIL</td>'
                new = " (new)" if row.new else ""
                parts.append(
                    f'<tr class="system"><td class="sys">{_e(p.system)}{new}</td>'
                    f'<td class="repo" title="{_e(p.path)}">{_e(p.repository)}</td>'
                    f"<td>{_e(p.tier or '')}</td>{gate_cell}{''.join(cells)}"
                    f'<td class="num">{_e(verified_share(row))}</td></tr>'
                )
        parts.append("</tbody>")
    parts.append("</table>")
    return "".join(parts)


def _groups(report: OrgReport) -> str:
    dims = list(report.dimensions)
    return _table(
        ["Group", "Kind", "Systems", "Passing", *(f"{d.capitalize()} min / median" for d in dims)],
        (
            [g.name, g.kind.replace("_", " "), g.systems, g.passing]
            + [min_median(g, d) for d in dims]
            for g in report.groups
        ),
        numeric=range(2, 4 + len(dims)),
    )


def _distribution(report: OrgReport) -> str:
    """A stacked bar per dimension (SVG), then the counts as a table."""
    total = max(1, report.headline.systems)
    width, label, bar_h, gap = 720, 90, 22, 8
    height = len(report.dimensions) * (bar_h + gap)
    shapes = []
    for i, dim in enumerate(report.dimensions):
        y = i * (bar_h + gap)
        shapes.append(f'<text x="0" y="{y + 15}" fill="#1a1a1a">{_e(dim.capitalize())}</text>')
        x = float(label)
        for level, count in report.distribution[dim].items():
            w = (width - label) * count / total
            if count:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{LEVEL_COLOURS[palette(report, level)]}" stroke="#fff">'
                    f"<title>{_e(dim)}: {count} systems at level {level}</title></rect>"
                )
                if w >= 18:
                    shapes.append(
                        f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                        f'fill="{TEXT_COLOURS[palette(report, level)]}">{count}</text>'
                    )
            x += w
    svg = (
        f'<svg role="img" aria-label="Systems per level in each dimension" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">{"".join(shapes)}</svg>'
    )
    table = _table(
        ["Dimension", *(f"L{lv} {report.level_names[lv]}" for lv in report.levels)],
        ([d, *report.distribution[d].values()] for d in report.dimensions),
        numeric=range(1, 1 + len(report.levels)),
    )
    return svg + table


def _bar(value: int, total: int) -> str:
    w = 120 * value / max(1, total)
    return (
        f'<svg viewBox="0 0 120 10" width="120" height="10" aria-hidden="true">'
        f'<rect width="120" height="10" fill="#eceff1"/>'
        f'<rect width="{w:.1f}" height="10" fill="#b3261e"/></svg>'
    )


def _gaps(report: OrgReport) -> str:
    parts = [
        '<p class="note">Controls that keep systems from their next level, or below an '
        "enforced floor; most systems first. Close the top one and the most systems move.</p>"
    ]
    total = report.headline.systems
    for dim in report.dimensions:
        gaps, more = top_gaps(report, dim)
        parts.append(f"<h3>{_e(dim.capitalize())}</h3>")
        if not gaps:
            parts.append('<p class="empty">Nothing holds a system back here.</p>')
            continue
        rows = "".join(
            f"<tr><td>{_e(g.control)}</td><td>{_e(g.title)}</td>"
            f'<td class="num">{g.systems}</td><td>{_bar(g.systems, total)}</td>'
            f'<td class="num">{g.floor}</td><td class="num">{g.teams}</td></tr>'
            for g in gaps
        )
        parts.append(
            "<table><thead><tr><th>Control</th><th>What it takes</th>"
            '<th class="num">Systems held back</th><th>Share</th>'
            '<th class="num">Below a floor</th><th class="num">Teams</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        if more:
            parts.append(f'<p class="note">... and {more} more (see the JSON report).</p>')
    return "".join(parts)


def _lopsided(report: OrgReport) -> str:
    if not report.lopsided:
        return '<p class="empty">No system has levels 2 or more apart.</p>'
    dims = list(report.dimensions)
    return _table(
        ["System", "Repository", "Team", "Spread", *(d.capitalize() for d in dims)],
        (
            [r.posture.system, r.posture.repository, r.posture.team, r.spread]
            + [cell(r, d) for d in dims]
            for r in report.lopsided
        ),
        numeric=range(3, 4 + len(dims)),
    )


def _waivers(waivers: Sequence[WaiverRow], empty: str) -> str:
    if not waivers:
        return f'<p class="empty">{_e(empty)}</p>'
    return _table(WAIVER_HEADERS, (waiver_cells(w) for w in waivers), numeric=(WAIVER_DAYS_COLUMN,))


def _trend(report: OrgReport) -> str:
    trend = report.trend
    html = f"<p>{_e(trend_sentence(trend).capitalize())}.</p>"
    if trend.changes:
        html += _table(
            ["Change", "System", "Repository", "Team", "Dimension", "Before", "After"],
            (
                [
                    c.change,
                    c.system,
                    c.repository,
                    c.team,
                    c.dimension or "",
                    "" if c.before is None else c.before,
                    "" if c.after is None else c.after,
                ]
                for c in trend.changes
            ),
            numeric=(5, 6),
        )
    return html


def _unevaluated(report: OrgReport) -> str:
    if not report.unevaluated:
        return '<p class="empty">Every manifest found was evaluated.</p>'
    return _table(
        ["Repository", "Path", "Message"],
        ([u.repository or "", u.path, u.message] for u in report.unevaluated),
    )


@register("html")
def render(report: OrgReport) -> str:
    """The whole org report as one HTML document."""
    title = f"AI operations posture, {report.today}"
    nav = "".join(f'<a href="#{key}">{_e(name)}</a>' for key, name in SECTIONS)
    waivers = (
        f"<h3>Expiring within {report.expiring_days} days</h3>"
        + _waivers(report.expiring, "No valid waiver expires that soon.")
        + "<h3>Expired</h3>"
        + _waivers(report.expired, "No waiver has expired.")
    )
    bodies = {
        "headline": _headline(report),
        "heatmap": _legend(report) + _heatmap(report),
        "groups": _groups(report),
        "distribution": _distribution(report),
        "gaps": _gaps(report),
        "lopsided": _lopsided(report),
        "waivers": waivers,
        "trend": _trend(report),
        "unevaluated": _unevaluated(report),
    }
    sections = "".join(
        f'<section id="{key}"><h2>{_e(name)}</h2>{bodies[key]}</section>' for key, name in SECTIONS
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}{_level_css()}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="sub">Maturity model {_e(report.model)}; every verdict judged on '
        f"{_e(report.today)}.</p></header>\n"
        f"<nav>{nav}</nav>\n{sections}\n</body>\n</html>\n"
    )
