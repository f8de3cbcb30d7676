"""The org report: one model of every system's posture, rendered by the org reporters.

:func:`build` turns compact postures (from a scan or from aggregated CI reports) and the
previous history snapshot into an :class:`OrgReport` holding every section precomputed:
the headline, the heatmap rows (grouped by business unit and team), min and median level
per team and business unit, the level distribution, the bleeding gaps, the lopsided
systems, expiring and expired waivers, the trend since the previous snapshot, and what
could not be evaluated. Reporters only lay it out. Everything is sorted, and the only date
is ``today``, so the same inputs give the same bytes.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aimm.core.errors import ExitCode
from aimm.core.model import Model
from aimm.org.records import SystemPosture, Unevaluated

EXPIRING_DAYS = 30  # waivers that expire within this many days are listed as expiring
LOPSIDED_SPREAD = 2  # highest minus lowest level that makes a system lopsided
NO_BUSINESS_UNIT = "(no business unit)"


# ---- history snapshots (the trend's input) ------------------------------------------------------


@dataclass(frozen=True)
class SnapshotSystem:
    """One system as a snapshot recorded it."""

    team: str
    business_unit: str | None
    levels: Mapping[str, int]


@dataclass(frozen=True)
class Snapshot:
    """The levels of every system on one date, keyed by (repository, system)."""

    taken_on: str
    systems: Mapping[tuple[str, str], SnapshotSystem]


# ---- sections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A move since the previous snapshot: a level ``up`` or ``down``, a system ``new`` or
    ``gone`` (``dimension``, ``before`` and ``after`` are None for the last two)."""

    repository: str
    system: str
    team: str
    business_unit: str | None
    change: str
    dimension: str | None = None
    before: int | None = None
    after: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "repository": self.repository,
            "system": self.system,
            "team": self.team,
            "business_unit": self.business_unit,
            "change": self.change,
            "dimension": self.dimension,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Trend:
    """Changes since the previous snapshot (``previous`` is None when there is none)."""

    previous: str | None
    changes: tuple[Change, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many level moves up and down, and systems new and gone."""
        found = Counter(c.change for c in self.changes)
        return {k: found.get(k, 0) for k in ("up", "down", "new", "gone")}

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "previous": self.previous,
            "counts": self.counts() if self.previous else None,
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class SystemRow:
    """A heatmap row: the system, what is below its floor, its spread and its moves."""

    posture: SystemPosture
    below_floor: tuple[str, ...]
    misses_floor: bool  # below an enforced floor
    spread: int
    moves: Mapping[str, str] = field(default_factory=dict)  # dimension -> up | down
    new: bool = False

    @property
    def group(self) -> str:
        """The business unit shown for the row."""
        return self.posture.business_unit or NO_BUSINESS_UNIT

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        p = self.posture
        return {
            "repository": p.repository,
            "path": p.path,
            "system": p.system,
            "team": p.team,
            "business_unit": p.business_unit,
            "lifecycle": p.lifecycle,
            "tier": p.tier,
            "judged_on": p.judged_on,
            "levels": dict(p.levels),
            "floors": dict(p.floors),
            "floors_enforced": p.floors_enforced,
            "below_floor": list(self.below_floor),
            "gate_passed": p.gate_passed,
            "spread": self.spread,
            "moves": dict(self.moves),
            "new": self.new,
            **self._facts(),
        }

    def _facts(self) -> dict[str, Any]:
        """The evidence facts checked and verified, when the probes checked any."""
        p = self.posture
        if not p.facts_checked:
            return {}
        return {
            "facts_checked": p.facts_checked,
            "facts_verified": p.facts_verified,
            "facts_verified_share": round(p.facts_verified / p.facts_checked, 4),
        }


@dataclass(frozen=True)
class GroupStats:
    """Min and median level per dimension over a team or a business unit."""

    kind: str  # business_unit | team
    name: str
    business_unit: str | None  # the business unit of a team (its most common one)
    systems: int
    passing: int
    minimum: Mapping[str, int]
    median: Mapping[str, float]

    def as_dict(self) -> dict[str, Any]:
        """JSON view (a whole median as an integer)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "business_unit": self.business_unit,
            "systems": self.systems,
            "passing": self.passing,
            "min": dict(self.minimum),
            "median": {d: number(m) for d, m in self.median.items()},
        }


@dataclass(frozen=True)
class Gap:
    """A control holding systems back in one dimension, and how many."""

    dimension: str
    control: str
    title: str
    systems: int  # systems it keeps from their next level or a floor
    floor: int  # of which: systems it keeps below an enforced floor
    teams: int  # distinct teams among them

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "dimension": self.dimension,
            "control": self.control,
            "title": self.title,
            "systems": self.systems,
            "floor": self.floor,
            "teams": self.teams,
        }


@dataclass(frozen=True)
class WaiverRow:
    """A waiver that is expired, or valid and expiring soon, judged on the report's date."""

    repository: str
    system: str
    team: str
    control: str
    expires: str
    days_left: int
    approved_by: str | None
    reason: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "repository": self.repository,
            "system": self.system,
            "team": self.team,
            "control": self.control,
            "expires": self.expires,
            "days_left": self.days_left,
            "approved_by": self.approved_by,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Headline:
    """The answer to "where are we?" in a few numbers."""

    systems: int
    unevaluated: int
    passing: int
    floor_misses: Mapping[str, int]  # tier -> systems below an enforced floor
    below_level_2: int  # systems with some dimension at level 1
    lopsided: int
    top_gap: Gap | None

    @property
    def pass_share(self) -> float:
        """Share of evaluated systems passing their gate (0 when there are none)."""
        return self.passing / self.systems if self.systems else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "systems": self.systems,
            "could_not_evaluate": self.unevaluated,
            "passing": self.passing,
            "pass_share": round(self.pass_share, 4),
            "floor_misses_by_tier": dict(self.floor_misses),
            "below_level_2": self.below_level_2,
            "lopsided": self.lopsided,
            "top_gap": self.top_gap.as_dict() if self.top_gap else None,
        }


@dataclass(frozen=True)
class OrgReport:
    """Every section of the org report, ready to render."""

    today: str
    model: str
    dimensions: tuple[str, ...]
    dimension_titles: Mapping[str, str]
    levels: tuple[int, ...]
    level_names: Mapping[int, str]
    headline: Headline
    systems: tuple[SystemRow, ...]  # by business unit, team, system, repository
    groups: tuple[GroupStats, ...]  # business units, then teams
    distribution: Mapping[str, Mapping[int, int]]  # dimension -> level -> systems
    gaps: Mapping[str, tuple[Gap, ...]]  # dimension -> gaps, most systems first
    lopsided: tuple[SystemRow, ...]  # widest spread first
    expiring: tuple[WaiverRow, ...]
    expired: tuple[WaiverRow, ...]
    trend: Trend
    unevaluated: tuple[Unevaluated, ...]
    expiring_days: int = EXPIRING_DAYS

    def exit_code(self, fail_on: str = "floors") -> ExitCode:
        """The contract's exit codes over the whole organisation (see ``Report.exit_code``)."""
        if self.unevaluated:
            return ExitCode.INPUT_ERROR
        if fail_on == "never":
            return ExitCode.OK
        if any(not row.posture.gate_passed for row in self.systems):
            return ExitCode.GATE_FAILED
        if fail_on == "any-fail" and any(row.posture.any_failing for row in self.systems):
            return ExitCode.GATE_FAILED
        return ExitCode.OK

    def snapshot(self) -> Snapshot:
        """What the history records of this report."""
        return Snapshot(
            self.today,
            {
                row.posture.key: SnapshotSystem(
                    row.posture.team, row.posture.business_unit, dict(row.posture.levels)
                )
                for row in self.systems
            },
        )

    def as_dict(self, *, systems: bool = True) -> dict[str, Any]:
        """The org report as JSON (``--format json``); ``systems=False`` leaves the rows out
        (an empty list) for a caller that serialises them one by one."""
        return {
            "org_report_version": 1,
            "today": self.today,
            "model": self.model,
            "dimensions": list(self.dimensions),
            "headline": self.headline.as_dict(),
            "systems": [row.as_dict() for row in self.systems] if systems else [],
            "groups": [g.as_dict() for g in self.groups],
            "distribution": {
                d: {str(level): n for level, n in counts.items()}
                for d, counts in self.distribution.items()
            },
            "gaps": {d: [g.as_dict() for g in gaps] for d, gaps in self.gaps.items()},
            "lopsided": [
                {"repository": r.posture.repository, "system": r.posture.system, "spread": r.spread}
                for r in self.lopsided
            ],
            "waivers": {
                "expiring_within_days": self.expiring_days,
                "expiring": [w.as_dict() for w in self.expiring],
                "expired": [w.as_dict() for w in self.expired],
            },
            "trend": self.trend.as_dict(),
            "could_not_evaluate": [u.as_dict() for u in self.unevaluated],
        }


def number(value: float) -> int | float:
    """A whole float as an int (2.0 -> 2), else the float (2.5)."""
    return int(value) if float(value).is_integer() else value


# ---- building ------------------------------------------------------------------------------------


def _row_key(p: SystemPosture) -> tuple[bool, str, str, str, str]:
    return (p.business_unit is None, p.business_unit or "", p.team, p.system, p.repository)


def _rows(systems: Sequence[SystemPosture], previous: Snapshot | None) -> list[SystemRow]:
    rows = []
    for p in sorted(systems, key=_row_key):
        below = tuple(p.below_floor())
        before = previous.systems.get(p.key) if previous else None
        moves: dict[str, str] = {}
        if before is not None:
            for dim, level in p.levels.items():
                old = before.levels.get(dim)
                if old is not None and old != level:
                    moves[dim] = "up" if level > old else "down"
        rows.append(
            SystemRow(
                posture=p,
                below_floor=below,
                misses_floor=bool(below) and p.floors_enforced,
                spread=p.spread(),
                moves=moves,
                new=previous is not None and before is None,
            )
        )
    return rows


def _median(values: list[int]) -> float:
    return float(statistics.median(values))


def _groups(rows: Sequence[SystemRow], dimensions: Sequence[str]) -> list[GroupStats]:
    members: dict[tuple[str, str], list[SystemRow]] = defaultdict(list)
    for row in rows:
        members[("business_unit", row.group)].append(row)
        members[("team", row.posture.team)].append(row)
    found = []
    for (kind, name), group in members.items():
        units = Counter(r.posture.business_unit for r in group if r.posture.business_unit)
        unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if units else None
        found.append(
            GroupStats(
                kind=kind,
                name=name,
                business_unit=unit if kind == "team" else None,
                systems=len(group),
                passing=sum(1 for r in group if r.posture.gate_passed),
                minimum={d: min(r.posture.levels[d] for r in group) for d in dimensions},
                median={d: _median([r.posture.levels[d] for r in group]) for d in dimensions},
            )
        )
    order = {"business_unit": 0, "team": 1}
    return sorted(found, key=lambda g: (order[g.kind], g.name == NO_BUSINESS_UNIT, g.name))


def _gaps(rows: Sequence[SystemRow], model: Model) -> dict[str, tuple[Gap, ...]]:
    systems: Counter[tuple[str, str]] = Counter()
    floors: Counter[tuple[str, str]] = Counter()
    teams: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for blocker in row.posture.blockers:
            key = (blocker.dimension, blocker.control)
            systems[key] += 1
            floors[key] += int(blocker.floor)
            teams[key].add(row.posture.team)
    found: dict[str, list[Gap]] = {d: [] for d in model.dimensions}
    for (dim, control_id), count in systems.items():
        control = model.control(control_id)
        gap = Gap(
            dim,
            control_id,
            control.title if control else "",
            count,
            floors[(dim, control_id)],
            len(teams[(dim, control_id)]),
        )
        found.setdefault(dim, []).append(gap)
    return {
        d: tuple(sorted(gaps, key=lambda g: (-g.systems, -g.floor, g.control)))
        for d, gaps in found.items()
    }


def _waivers(
    rows: Sequence[SystemRow], today: date, days: int
) -> tuple[list[WaiverRow], list[WaiverRow]]:
    expiring: list[WaiverRow] = []
    expired: list[WaiverRow] = []
    for row in rows:
        p = row.posture
        for w in p.waivers:
            if w.status not in ("valid", "expired") or w.expires is None:
                continue  # unknown-control and incomplete waivers fail their own controls
            try:
                left = (date.fromisoformat(w.expires) - today).days
            except ValueError:
                continue
            entry = WaiverRow(
                p.repository, p.system, p.team, w.control, w.expires, left, w.approved_by, w.reason
            )
            if left < 0:
                expired.append(entry)
            elif left <= days and w.status == "valid":
                expiring.append(entry)

    def by_date(w: WaiverRow) -> tuple[str, str, str, str]:
        return (w.expires, w.system, w.repository, w.control)

    return sorted(expiring, key=by_date), sorted(expired, key=by_date)


def _trend(rows: Sequence[SystemRow], previous: Snapshot | None) -> Trend:
    if previous is None:
        return Trend(None)
    changes: list[Change] = []
    current = set()
    for row in rows:
        p = row.posture
        current.add(p.key)
        if row.new:
            changes.append(Change(p.repository, p.system, p.team, p.business_unit, "new"))
            continue
        before = previous.systems[p.key].levels
        changes.extend(
            Change(
                p.repository,
                p.system,
                p.team,
                p.business_unit,
                move,
                dim,
                before[dim],
                p.levels[dim],
            )
            for dim, move in row.moves.items()
        )
    for key in sorted(set(previous.systems) - current):
        old = previous.systems[key]
        changes.append(Change(key[0], key[1], old.team, old.business_unit, "gone"))
    return Trend(previous.taken_on, tuple(changes))


def tiers(model: Model, seen: Iterable[str | None]) -> list[str]:
    """The model's tiers in order, then any other tier the systems report."""
    ordered = list(model.data.get("tiering", {}).get("order", []))
    return ordered + sorted({t for t in seen if t and t not in ordered})


def build(
    systems: Iterable[SystemPosture],
    unevaluated: Iterable[Unevaluated],
    *,
    today: date,
    model: Model,
    previous: Snapshot | None = None,
    expiring_days: int = EXPIRING_DAYS,
) -> OrgReport:
    """The org report over ``systems`` on ``today``, with the trend since ``previous``."""
    dims = tuple(model.dimensions)
    rows = _rows(list(systems), previous)
    gaps = _gaps(rows, model)
    lopsided = sorted(
        (r for r in rows if r.spread >= LOPSIDED_SPREAD),
        key=lambda r: (-r.spread, r.posture.system, r.posture.repository),
    )
    misses: Counter[str] = Counter(r.posture.tier or "" for r in rows if r.misses_floor)
    ranked = sorted(
        (g for dim_gaps in gaps.values() for g in dim_gaps),
        key=lambda g: (-g.systems, -g.floor, g.control),
    )
    problems = tuple(sorted(unevaluated, key=lambda u: (u.repository or "", u.path, u.message)))
    headline = Headline(
        systems=len(rows),
        unevaluated=len(problems),
        passing=sum(1 for r in rows if r.posture.gate_passed),
        floor_misses={t: misses.get(t, 0) for t in tiers(model, (r.posture.tier for r in rows))},
        below_level_2=sum(1 for r in rows if min(r.posture.levels.values(), default=1) < 2),
        lopsided=len(lopsided),
        top_gap=ranked[0] if ranked else None,
    )
    expiring, expired = _waivers(rows, today, expiring_days)
    levels = tuple(int(entry["level"]) for entry in model.data["levels"])
    return OrgReport(
        today=today.isoformat(),
        model=model.id,
        dimensions=dims,
        dimension_titles={d["id"]: str(d.get("title", d["id"])) for d in model.data["dimensions"]},
        levels=levels,
        level_names={level: model.level_name(level) for level in levels},
        headline=headline,
        systems=tuple(rows),
        groups=tuple(_groups(rows, dims)),
        distribution={
            d: {level: sum(1 for r in rows if r.posture.levels[d] == level) for level in levels}
            for d in dims
        },
        gaps=gaps,
        lopsided=tuple(lopsided),
        expiring=tuple(expiring),
        expired=tuple(expired),
        trend=_trend(rows, previous),
        unevaluated=problems,
        expiring_days=expiring_days,
    )
