"""The org report as one self-contained HTML page (``--format html``).

Inline CSS and inline SVG only: no script, no font, no image or stylesheet fetched from
anywhere, so the file opens offline, from a mail attachment or a CI artifact, and prints
(the print style drops the navigation, repeats table headers on every page and keeps the
level colours). Levels are written in every cell, so colour is never the only signal.

It is sized for a leader's first read at any scale: the heatmap has one row per team (the
median level per dimension, the lowest in its tooltip), and the systems sit behind a
disclosure per team (``<details>``, no script), the worst :data:`SYSTEMS_SHOWN` of them; every
other list shows its first :data:`LIST_SHOWN` rows. The CSV and JSON hold every row, so a
10,000-system page stays under a megabyte and lays out in well under two seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aimm.core.text import html_text
from aimm.org.formats import register
from aimm.org.formats._common import (
    FLIP_HEADERS,
    LEGEND,
    LIST_SHOWN,
    MISS,
    MISS_HEADERS,
    SYSTEMS_SHOWN,
    TOP_GAPS_SHOWN,
    WAIVER_DAYS_COLUMN,
    WAIVER_HEADERS,
    cell,
    dimension_line,
    flip_cells,
    floor_misses,
    floor_note,
    gap_sentence,
    grouped,
    lag_sentences,
    mark,
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
from aimm.org.report import OrgReport, SystemRow, WaiverRow, number

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
table.heatmap { font-size: 12px; table-layout: fixed; }
table.heatmap thead th { position: sticky; top: 0; z-index: 1; }
table.heatmap td { padding: 1px 6px; white-space: nowrap; }
tr.team-row td { text-align: right; font-variant-numeric: tabular-nums; }
tr.team-row td:first-child { text-align: left; }
table.heatmap td.sys { white-space: normal; }
table.heatmap td.lv, table.systems td.lv { text-align: center; font-weight: 600; width: 8%;
  font-variant-numeric: tabular-nums; }
table.systems { font-size: 12px; margin: 2px 0 8px; table-layout: fixed; }
table.systems td { padding: 1px 6px; }
details.team { margin: 0 0 2px; }
details.team > summary { cursor: pointer; padding: 2px 0; }
ul.lines { margin: 4px 0 10px; padding-left: 20px; }
p.flag { border-left: 4px solid #b3261e; padding: 4px 10px; background: #fdf2f1; }
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
/* Sections below the first screen are laid out when scrolled to (and when printed): a
   10,000-system page shows its headline at once. */
section.later { content-visibility: auto; contain-intrinsic-size: auto 900px; }
svg text { font: 11px system-ui, sans-serif; }
.empty { color: var(--muted); font-style: italic; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  section#heatmap { break-before: page; }
  details.team > *:not(summary) { display: block; }
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
    ("systems", "Systems"),
    ("failing", "Failing gates"),
    ("groups", "By business unit and team"),
    ("distribution", "Level distribution"),
    ("gaps", "Bleeding gaps"),
    ("lopsided", "Lopsided systems"),
    ("waivers", "Waivers"),
    ("trend", "Trend"),
    ("unevaluated", "Could not evaluate"),
)
FIRST_SCREEN = ("headline", "heatmap")
LATER = ' class="later"'
# Series colours for the trend chart's dimensions (Okabe-Ito, legible to colour-blind readers).
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")


def _e(value: object) -> str:
    return html_text(value)


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Sequence[int] = (),
    css: str = "",
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
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>"


def _capped(rows: Sequence[object], what: str) -> tuple[Sequence[object], str]:
    """The first LIST_SHOWN rows, and a note naming where the rest are."""
    if len(rows) <= LIST_SHOWN:
        return rows, ""
    more = len(rows) - LIST_SHOWN
    return rows[:LIST_SHOWN], (
        f'<p class="note">The first {LIST_SHOWN} of {len(rows)} {_e(what)}; the other {more} '
        "are in the CSV and JSON reports.</p>"
    )


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
    return f'<div class="cards">{html}</div>' + _where(report)


def _where(report: OrgReport) -> str:
    """The org-level line per dimension, the top gaps in words and any track that lags."""
    lines = "".join(
        f'<li class="dim">{_e(dimension_line(report, d))}</li>' for d in report.dimensions
    )
    html = f'<h3>Where the organisation stands</h3><ul class="lines">{lines}</ul>'
    html += "".join(f'<p class="flag">{_e(s)}.</p>' for s in lag_sentences(report))
    gaps = report.top_gaps[:TOP_GAPS_SHOWN]
    if gaps:
        items = "".join(f'<li class="gap">{_e(gap_sentence(g))}</li>' for g in gaps)
        html += (
            "<h3>Top gaps</h3>"
            '<p class="note">Systems below a floor first, then systems held back.</p>'
            f'<ol class="lines">{items}</ol>'
        )
    return html


def _legend(report: OrgReport) -> str:
    swatches = "".join(
        f'<span><span class="sw lv{palette(report, lv)}">{lv}</span> '
        f"{_e(report.level_names[lv])}</span>"
        for lv in report.levels
    )
    return f'<div class="legend">{swatches}</div><p class="note">{_e(LEGEND)}.</p>'


def _median_cell(report: OrgReport, rows: Sequence[SystemRow], dim: str) -> str:
    """A team's median level in a dimension, coloured; the lowest level and the systems below
    an enforced floor in its tooltip (kept short: a page holds thousands of these cells)."""
    values = sorted(r.posture.levels[dim] for r in rows if dim in r.posture.levels)
    if not values:
        return '<td class="lv" title="does not apply">n/a</td>'
    middle = len(values) // 2
    median = number(
        values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    )
    below = sum(1 for r in rows if r.misses_floor and dim in r.below_floor)
    note = f"lowest {values[0]}" + (f"; {below} below an enforced floor" if below else "")
    miss = " miss" if below else ""
    return (
        f'<td class="lv lv{palette(report, int(median))}{miss}" title="{note}">'
        f"{_e(median)}{MISS if below else ''}</td>"
    )


def _heatmap(report: OrgReport) -> str:
    """One row per team: systems, passing, below a floor, and the median level per
    dimension (the cell's tooltip gives the lowest)."""
    dims = list(report.dimensions)
    width = 4 + len(dims)
    head = "".join(
        ['<th>Team</th><th class="num">Systems</th><th class="num">Passing</th>'
         '<th class="num">Below a floor</th>']
        + [
            f'<th title="{_e(report.dimension_titles.get(d, d))}">{_e(d.capitalize())}</th>'
            for d in dims
        ]
    )  # fmt: skip
    parts = [f'<table class="heatmap"><thead><tr>{head}</tr></thead>']
    for unit, teams in grouped(report):
        count = sum(len(rows) for _, rows in teams)
        parts.append(
            f'<tbody><tr class="unit"><th colspan="{width}">{_e(unit)}'
            f" &middot; {plural(count, 'system')}, {plural(len(teams), 'team')}</th></tr>"
        )
        for team, rows in teams:
            passing = sum(1 for r in rows if r.posture.gate_passed)
            below = sum(1 for r in rows if r.misses_floor)
            cells = "".join(_median_cell(report, rows, d) for d in dims)
            parts.append(
                f'<tr class="team-row"><td>{_e(team)}</td><td>{len(rows)}</td>'
                f"<td>{passing}</td><td>{below}</td>{cells}</tr>"
            )
        parts.append("</tbody>")
    parts.append("</table>")
    return "".join(parts)


def _system_row(report: OrgReport, row: SystemRow, dims: Sequence[str]) -> str:
    p = row.posture
    cells = []
    for d in dims:
        if d not in p.levels:
            cells.append('<td class="lv">n/a</td>')
            continue
        level = p.levels[d]
        extra = ""
        if d in row.below_floor:
            extra = " miss" if row.misses_floor else " soft"
        # Only a marked cell carries its explanation: 200 rows of five tooltips would
        # weigh more than the rest of the page.
        marks = mark(row, d)
        note = f' title="{_e(floor_note(row, d))}"' if marks else ""
        cells.append(
            f'<td class="lv lv{palette(report, level)}{extra}"{note}>{level}{_e(marks)}</td>'
        )
    if p.gate_passed:
        gate_cell = "<td>pass</td>"
    else:
        gate_cell = f'<td class="fail" title="{_e(p.gate_reason or "")}">FAIL</td>'
    new = " (new)" if row.new else ""
    return (
        f'<tr class="system"><td class="sys">{_e(p.system)}{new}</td>'
        f'<td class="repo" title="{_e(p.path)}">{_e(p.repository)}</td>'
        f"<td>{_e(p.tier or '')}</td>{gate_cell}{''.join(cells)}"
        f'<td class="num">{_e(verified_share(row))}</td></tr>'
    )


def _systems(report: OrgReport) -> str:
    """Each team's systems behind a disclosure: the worst SYSTEMS_SHOWN of the whole report
    (a failing gate, then most dimensions below a floor, then the lowest levels)."""
    dims = list(report.dimensions)
    shown = {id(r) for r in sorted(report.systems, key=SystemRow.worst_key)[:SYSTEMS_SHOWN]}
    head = "".join(
        ["<th>System</th><th>Repository</th><th>Tier</th><th>Gate</th>"]
        + [f"<th>{_e(d.capitalize())}</th>" for d in dims]
        + ['<th title="Distinct evidence facts the probes verified, of those they checked">'
           "Share of facts verified</th>"]
    )  # fmt: skip
    total = len(report.systems)
    if total > len(shown):
        parts = [
            f'<p class="note">The {len(shown)} systems in the worst state of {total} (a failing '
            "gate, then most dimensions below a floor, then the lowest levels) under their team; "
            "every system is in the CSV and JSON reports.</p>"
        ]
    else:
        parts = ['<p class="note">Every system, under its team. Open a team to see them.</p>']
    for unit, teams in grouped(report):
        for team, rows in teams:
            listed = [r for r in rows if id(r) in shown]
            if not listed:
                continue
            failing = sum(1 for r in rows if not r.posture.gate_passed)
            summary = (
                f"{_e(unit)} / {_e(team)}: {plural(len(rows), 'system')}, {failing} failing"
                + (f", {len(listed)} shown" if len(listed) < len(rows) else "")
            )
            body = "".join(_system_row(report, r, dims) for r in listed)
            parts.append(
                f'<details class="team"><summary>{summary}</summary>'
                f'<table class="systems"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></details>"
            )
    return "".join(parts)


def _failing(report: OrgReport) -> str:
    if not report.failing:
        return '<p class="empty">Every gate passes.</p>'
    rows, note = _capped(report.failing, "failing systems")
    return (
        _table(
            ["System", "Repository", "Team", "First reason"],
            (
                [
                    r.posture.system,
                    r.posture.repository,
                    r.posture.team,
                    r.posture.gate_reason or "",
                ]
                for r in rows
                if isinstance(r, SystemRow)
            ),
            css="failing",
        )
        + note
    )


def _groups(report: OrgReport) -> str:
    """Business units here; each team is a row of the heatmap."""
    dims = list(report.dimensions)
    units = [g for g in report.groups if g.kind == "business_unit"]
    return '<p class="note">Each team is a row of the heatmap.</p>' + _table(
        ["Business unit", "Systems", "Passing", *(f"{d.capitalize()} min / median" for d in dims)],
        ([g.name, g.systems, g.passing] + [min_median(g, d) for d in dims] for g in units),
        numeric=range(1, 3 + len(dims)),
    )


def _distribution(report: OrgReport) -> str:
    """A stacked bar per dimension (SVG), then the counts as a table."""
    total = max(1, report.headline.systems)
    width, label, bar_h, gap = 720, 130, 22, 8
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


def _gaps(report: OrgReport, level: str = "h3") -> str:
    parts = [
        '<p class="note">Controls that keep systems below an enforced floor or from their next '
        "level: systems below a floor first, then systems held back.</p>"
    ]
    total = report.headline.systems
    for dim in report.dimensions:
        gaps, more = top_gaps(report, dim)
        parts.append(f"<{level}>{_e(dim.capitalize())}</{level}>")
        if not gaps:
            parts.append('<p class="empty">Nothing holds a system back here.</p>')
            continue
        rows = "".join(
            f"<tr><td>{_e(g.control)}</td><td>{_e(g.title)}</td>"
            f'<td class="num">{g.floor}</td>'
            f'<td class="num">{g.systems}</td><td>{_bar(g.systems, total)}</td>'
            f'<td class="num">{g.teams}</td></tr>'
            for g in gaps
        )
        parts.append(
            "<table><thead><tr><th>Control</th><th>What it takes</th>"
            '<th class="num">Below a floor</th><th class="num">Systems held back</th>'
            '<th>Share</th><th class="num">Teams</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        if more:
            parts.append(f'<p class="note">... and {more} more (see the JSON report).</p>')
    return "".join(parts)


def _lopsided(report: OrgReport) -> str:
    if not report.lopsided:
        return '<p class="empty">No system has levels 2 or more apart.</p>'
    dims = list(report.dimensions)
    rows, note = _capped(report.lopsided, "lopsided systems")
    return (
        _table(
            ["System", "Repository", "Team", "Spread", *(d.capitalize() for d in dims)],
            (
                [r.posture.system, r.posture.repository, r.posture.team, r.spread]
                + [cell(r, d) for d in dims]
                for r in rows
                if isinstance(r, SystemRow)
            ),
            numeric=range(3, 4 + len(dims)),
        )
        + note
    )


def _waivers(waivers: Sequence[WaiverRow], empty: str) -> str:
    if not waivers:
        return f'<p class="empty">{_e(empty)}</p>'
    rows, note = _capped(waivers, "waivers")
    return (
        _table(
            WAIVER_HEADERS,
            (waiver_cells(w) for w in rows if isinstance(w, WaiverRow)),
            numeric=(WAIVER_DAYS_COLUMN,),
        )
        + note
    )


def _chart(report: OrgReport) -> str:
    """The trend over the recorded snapshots (and today): pass share, and the median level
    of each dimension, as two inline SVG line charts sharing the date axis."""
    points = report.series
    if not points:
        return ""
    width, height, left, right, top, bottom = 720, 170, 44, 150, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def axis(ticks: Sequence[tuple[float, str]], title: str) -> list[str]:
        shapes = [
            f'<text x="{left}" y="10" fill="#5f6368">{_e(title)}</text>',
        ]
        for y, text in ticks:
            shapes.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                'stroke="#e3e6ea"/>'
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                f'fill="#5f6368">{_e(text)}</text>'
            )
        step = max(1, len(points) // 8)
        for i, point in enumerate(points):
            if i % step == 0 or i == len(points) - 1:
                shapes.append(
                    f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle" '
                    f'fill="#5f6368">{_e(point.taken_on)}</text>'
                )
        return shapes

    def line(values: Sequence[tuple[int, float]], colour: str) -> list[str]:
        coords = " ".join(f"{x(i):.1f},{y:.1f}" for i, y in values)
        shapes = []
        if len(values) > 1:
            shapes.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        return shapes

    # Pass share
    def share_y(share: float) -> float:
        return top + plot_h * (1 - share)

    share = axis([(share_y(v / 100), f"{v}%") for v in (0, 50, 100)], "Systems passing their gate")
    values = [(i, share_y(p.pass_share)) for i, p in enumerate(points)]
    share += line(values, "#1a1a1a")
    share += [
        f'<circle class="pt" cx="{x(i):.1f}" cy="{y:.1f}" r="3" fill="#1a1a1a">'
        f"<title>{_e(points[i].taken_on)}: {percent(points[i].passing, points[i].systems)} "
        f"passing ({points[i].passing} of {points[i].systems})</title></circle>"
        for i, y in values
    ]
    low, high = report.levels[0], report.levels[-1]

    def level_y(level: float) -> float:
        return top + plot_h * (high - level) / max(1, high - low)

    medians = axis([(level_y(lv), str(lv)) for lv in report.levels], "Median level")
    count = len(report.dimensions)
    for n, dim in enumerate(report.dimensions):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        # Dimensions at the same median would hide each other: each line is drawn a little
        # off the next (2.5 px, far less than a level), so every one stays visible.
        dodge = (n - (count - 1) / 2) * 2.5
        values = [
            (i, level_y(p.medians[dim]) + dodge) for i, p in enumerate(points) if dim in p.medians
        ]
        medians += line(values, colour)
        medians += [
            f'<circle class="pt" cx="{x(i):.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
            f"<title>{_e(points[i].taken_on)}: {_e(dim)} median "
            f"{_e(number(points[i].medians[dim]))}</title></circle>"
            for i, y in values
        ]
        medians.append(
            f'<text x="{left + plot_w + 10}" y="{top + 12 + 14 * n}" fill="{colour}">'
            f"&#9632; {_e(dim)}</text>"
        )

    def svg(shapes: list[str], label: str) -> str:
        return (
            f'<svg class="trend" role="img" aria-label="{_e(label)}" viewBox="0 0 {width} '
            f'{height}" width="{width}" height="{height}">{"".join(shapes)}</svg>'
        )

    dates = f"{points[0].taken_on} to {points[-1].taken_on}" if len(points) > 1 else "today only"
    return (
        f'<p class="note">{plural(len(points), "snapshot")} ({_e(dates)}).</p>'
        + svg(share, "Share of systems passing their gate per snapshot")
        + svg(medians, "Median level per dimension per snapshot")
    )


def _trend(report: OrgReport) -> str:
    trend = report.trend
    html = f"<p>{_e(sentence_case(trend_sentence(trend)))}.</p>" + _chart(report)
    if trend.gate_flips:
        rows, note = _capped(flip_cells(report), "gate flips")
        html += "<h3>Gate flips</h3>" + _table(FLIP_HEADERS, rows, css="flips") + note  # type: ignore[arg-type]
    if trend.new_floor_misses:
        rows, note = _capped(miss_cells(report), "new floor misses")
        html += "<h3>New floor misses</h3>" + _table(MISS_HEADERS, rows, numeric=(4, 5)) + note  # type: ignore[arg-type]
    if trend.changes:
        rows, note = _capped(
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
                for c in trend.changes
            ],
            "changes",
        )
        html += (
            "<h3>Levels and systems</h3>"
            + _table(
                ["Change", "System", "Repository", "Team", "Dimension", "Before", "After"],
                rows,  # type: ignore[arg-type]
                numeric=(5, 6),
            )
            + note
        )
    return html


def _unevaluated(report: OrgReport) -> str:
    if not report.unevaluated:
        return '<p class="empty">Every manifest found was evaluated.</p>'
    rows, note = _capped(report.unevaluated, "manifests that could not be evaluated")
    return (
        _table(
            ["Repository", "Path", "Message"],
            ([u.repository or "", u.path, u.message] for u in rows),  # type: ignore[attr-defined]
        )
        + note
    )


def _pack(report: OrgReport) -> str:
    """One model pack: where the organisation stands, its heatmap, distribution, gaps and
    lopsided systems."""
    return (
        f'<p class="sub">{plural(report.headline.systems, "system")} evaluated; '
        f"{report.headline.passing} pass this model's gate.</p>"
        + _where(report)
        + "<h3>Heatmap</h3>"
        + _legend(report)
        + _heatmap(report)
        + "<h3>Level distribution</h3>"
        + _distribution(report)
        + "<h3>Bleeding gaps</h3>"
        + _gaps(report, "h4")
        + "<h3>Lopsided systems</h3>"
        + _lopsided(report)
        + _org_controls(report)
    )


def _org_controls(report: OrgReport) -> str:
    """The model's criteria over the whole organisation (aimm.org.orgscope)."""
    if not report.org_controls:
        return ""
    return (
        "<h3>Org-scope controls</h3>"
        '<p class="sub">Shares of every system in this report; aimm check cannot show them.</p>'
        + _table(
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
            numeric=(1,),
        )
    )


@register("html")
def render(report: OrgReport) -> str:
    """The whole org report as one HTML document."""
    title = f"AI operations posture, {report.today}"
    packs = [(f"model-{r.model}", f"Model {pack_title(r)}", r) for r in report.packs]
    own = [("org-scope", "Org-scope controls")] if report.org_controls else []
    sections_list = [
        *SECTIONS[:-1],
        *own,
        *((key, name) for key, name, _ in packs),
        SECTIONS[-1],
    ]
    nav = "".join(f'<a href="#{key}">{_e(name)}</a>' for key, name in sections_list)
    waivers = (
        "<h3>Carrying a gate</h3>"
        '<p class="note">Waivers the gate passes because of: without them it would fail.</p>'
        + _waivers(report.carrying, "No gate passes because of a waiver.")
        + f"<h3>Expiring within {report.expiring_days} days</h3>"
        + _waivers(report.expiring, "No valid waiver expires that soon.")
        + "<h3>Expired</h3>"
        + _waivers(report.expired, "No waiver has expired.")
    )
    bodies = {
        "headline": _headline(report),
        "heatmap": _legend(report) + _heatmap(report),
        "systems": _systems(report),
        "failing": _failing(report),
        "groups": _groups(report),
        "distribution": _distribution(report),
        "gaps": _gaps(report),
        "lopsided": _lopsided(report),
        "waivers": waivers,
        "trend": _trend(report),
        "unevaluated": _unevaluated(report),
        "org-scope": _org_controls(report).removeprefix("<h3>Org-scope controls</h3>"),
        **{key: _pack(r) for key, _, r in packs},
    }
    sections = "".join(
        f'<section id="{key}"{"" if key in FIRST_SCREEN else LATER}><h2>{_e(name)}</h2>'
        f"{bodies[key]}</section>"
        for key, name in sections_list
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
