"""Wording and marks shared by the org reporters, so every format says the same thing."""

from __future__ import annotations

from collections.abc import Iterator

from aimm.org.report import Gap, GroupStats, OrgReport, SystemRow, Trend, WaiverRow, number

GAPS_SHOWN = 5  # bleeding gaps listed per dimension (the JSON has them all)
MISS = "▼"  # below an enforced floor
SOFT_MISS = "▽"  # below a floor that is reported, not enforced (experiment, retired)
MOVES = {"up": "↑", "down": "↓"}
LEGEND = (
    f"{MISS} below an enforced floor; {SOFT_MISS} below a floor that is not enforced "
    f"(experiment or retired); {MOVES['up']} {MOVES['down']} moved since the previous snapshot"
)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 system``, ``2 systems``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def percent(part: int, whole: int) -> str:
    """``77%``; ``0%`` of nothing."""
    return f"{round(100 * part / whole)}%" if whole else "0%"


def mark(row: SystemRow, dimension: str) -> str:
    """The marks after a heatmap level: below floor, and a move since the last snapshot."""
    text = ""
    if dimension in row.below_floor:
        text += MISS if row.misses_floor else SOFT_MISS
    return text + MOVES.get(row.moves.get(dimension, ""), "")


def cell(row: SystemRow, dimension: str) -> str:
    """A heatmap cell as text: the level and its marks (``2▼``, ``3↑``); ``n/a`` where the
    dimension does not apply to the system."""
    if dimension not in row.posture.levels:
        return "n/a"
    return f"{row.posture.levels[dimension]}{mark(row, dimension)}"


def floor_note(row: SystemRow, dimension: str) -> str:
    """A cell's explanation: level, floor, and whether the floor is enforced."""
    p = row.posture
    if dimension not in p.levels:
        return f"{dimension}: does not apply"
    level, floor = p.levels[dimension], p.floors.get(dimension, 1)
    text = f"{dimension}: level {level}, floor {floor}"
    if dimension in row.below_floor:
        text += " (below, enforced)" if row.misses_floor else " (below, not enforced)"
    move = row.moves.get(dimension)
    if move:
        text += f"; moved {move} since the previous snapshot"
    return text


def verified_share(row: SystemRow) -> str:
    """The share of facts verified: ``80% (8/10)``, or ``-`` when the probes checked none."""
    p = row.posture
    if not p.facts_checked:
        return "-"
    return f"{percent(p.facts_verified, p.facts_checked)} ({p.facts_verified}/{p.facts_checked})"


def gate(row: SystemRow) -> str:
    """``pass`` or ``FAIL``."""
    return "pass" if row.posture.gate_passed else "FAIL"


# What the HTML page lists in full up to these counts; the CSV and JSON always hold every row
# (a 10,000-system page stays under a megabyte).
SYSTEMS_SHOWN = 100  # system rows, worst first, under their team's disclosure
LIST_SHOWN = 50  # rows of each other list (failing gates, lopsided, waivers, trend, ...)
TOP_GAPS_SHOWN = 5  # gaps in words in the headline


def min_median(group: GroupStats, dimension: str) -> str:
    """``2 / 2.5``: the group's lowest and median level (``n/a`` where none applies)."""
    if dimension not in group.minimum:
        return "n/a"
    return f"{group.minimum[dimension]} / {number(group.median[dimension])}"


def gap_sentence(gap: Gap) -> str:
    """The gap in words (:meth:`Gap.sentence`)."""
    return gap.sentence()


def dimension_line(report: OrgReport, dimension: str) -> str:
    """``evaluation: median L2 Adopted; 11 of 13 systems (85%) at or above their floor,
    1 below an enforced floor``."""
    line = report.by_dimension[dimension]
    if line.median is None:
        return f"{dimension}: applies to no system"
    median = number(line.median)
    name = report.level_name(median) if isinstance(median, int) else ""
    level = f"L{median} {name}".rstrip()
    return (
        f"{dimension}: median {level}; {line.at_or_above_floor} of "
        f"{plural(line.systems, 'system')} ({percent(line.at_or_above_floor, line.systems)}) "
        f"at or above their floor, {line.below_enforced_floor} below an enforced floor"
    )


def lag_sentences(report: OrgReport) -> list[str]:
    """Each track that trails another in a dimension, in words."""
    return [lag.sentence(report.level_name) for lag in report.track_lags]


def sentence_case(text: str) -> str:
    """The first letter upper case, the rest as written (``FAIL`` stays ``FAIL``)."""
    return text[:1].upper() + text[1:]


def trend_sentence(trend: Trend) -> str:
    """One line: what moved since the previous snapshot, or that there is none."""
    if trend.previous is None:
        return "no previous snapshot to compare with"
    c = trend.counts()
    text = (
        f"since {trend.previous}: {plural(c['up'], 'level')} up, {c['down']} down; "
        f"{plural(c['new'], 'system')} new, {c['gone']} gone"
    )
    failed = sum(1 for f in trend.gate_flips if f.after == "fail")
    passed = len(trend.gate_flips) - failed
    return (
        f"{text}; {plural(failed, 'gate')} turned FAIL, {passed} turned pass; "
        f"{plural(len(trend.new_floor_misses), 'new floor miss', 'new floor misses')}"
    )


def flip_cells(report: OrgReport) -> list[list[object]]:
    """The gate flips as table cells: system, repository, team, before, after, reason."""
    return [
        [f.system, f.repository, f.team, f.before, "FAIL" if f.after == "fail" else "pass",
         f.reason or ""]
        for f in report.trend.gate_flips
    ]  # fmt: skip


FLIP_HEADERS = ["System", "Repository", "Team", "Before", "After", "First reason"]
MISS_HEADERS = ["System", "Repository", "Team", "Dimension", "Level", "Floor"]


def miss_cells(report: OrgReport) -> list[list[object]]:
    """The new floor misses as table cells."""
    return [
        [m.system, m.repository, m.team, m.dimension, m.level, m.floor]
        for m in report.trend.new_floor_misses
    ]


def pack_title(report: OrgReport) -> str:
    """``mlops (AI/MLOps maturity (five axes))``."""
    return f"{report.model} ({report.model_title})" if report.model_title else report.model


def floor_misses(report: OrgReport) -> str:
    """``low 0, medium 0, high 1, critical 0``."""
    return ", ".join(f"{tier} {n}" for tier, n in report.headline.floor_misses.items())


def grouped(report: OrgReport) -> Iterator[tuple[str, list[tuple[str, list[SystemRow]]]]]:
    """Heatmap rows as business units, each with its teams, in report order."""
    units: dict[str, dict[str, list[SystemRow]]] = {}
    for row in report.systems:
        units.setdefault(row.group, {}).setdefault(row.posture.team, []).append(row)
    for unit, teams in units.items():
        yield unit, list(teams.items())


def top_gaps(report: OrgReport, dimension: str) -> tuple[list[Gap], int]:
    """The gaps shown for a dimension, and how many more there are."""
    gaps = list(report.gaps.get(dimension, ()))
    return gaps[:GAPS_SHOWN], max(0, len(gaps) - GAPS_SHOWN)


WAIVER_HEADERS = [
    "System",
    "Repository",
    "Team",
    "Control",
    "Expires",
    "Days left",
    "Approved by",
    "Reason",
]
WAIVER_DAYS_COLUMN = WAIVER_HEADERS.index("Days left")


def waiver_cells(waiver: WaiverRow) -> list[object]:
    """One waiver as table cells, in :data:`WAIVER_HEADERS` order."""
    return [
        waiver.system,
        waiver.repository,
        waiver.team,
        waiver.control,
        waiver.expires,
        waiver.days_left,
        waiver.approved_by or "",
        waiver.reason or "",
    ]
