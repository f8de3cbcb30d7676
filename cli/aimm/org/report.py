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

import dataclasses
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from aimm.core.errors import ExitCode
from aimm.core.model import Model
from aimm.org import orgscope
from aimm.org.orgscope import OrgControl
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
    gate_passed: bool | None = None  # None: the snapshot did not say
    floors: Mapping[str, int] = field(default_factory=dict)

    def below_floor(self) -> set[str]:
        """Dimensions the snapshot held below their floor (none when it kept no floors)."""
        floors = self.floors
        return {d for d, level in self.levels.items() if d in floors and level < floors[d]}


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
class GateFlip:
    """A system whose gate changed since the previous snapshot (``after`` is pass or fail),
    with the first reason the policies give now when it fails."""

    repository: str
    system: str
    team: str
    before: str
    after: str
    reason: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "repository": self.repository,
            "system": self.system,
            "team": self.team,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class FloorMiss:
    """A dimension that fell below its enforced floor since the previous snapshot."""

    repository: str
    system: str
    team: str
    dimension: str
    level: int
    floor: int

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "repository": self.repository,
            "system": self.system,
            "team": self.team,
            "dimension": self.dimension,
            "level": self.level,
            "floor": self.floor,
        }


@dataclass(frozen=True)
class Trend:
    """Changes since the previous snapshot (``previous`` is None when there is none)."""

    previous: str | None
    changes: tuple[Change, ...] = ()
    gate_flips: tuple[GateFlip, ...] = ()  # pass -> fail first, then fail -> pass
    new_floor_misses: tuple[FloorMiss, ...] = ()

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
            "gate_flips": [f.as_dict() for f in self.gate_flips],
            "new_floor_misses": [m.as_dict() for m in self.new_floor_misses],
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
            **({"gate_reason": p.gate_reason} if p.gate_reason else {}),
            **({"track": p.track} if p.track else {}),
            **self._packs(),
        }

    def _packs(self) -> dict[str, Any]:
        """The system's levels, floors and gate under the other models, when there are any."""
        if not self.posture.packs:
            return {}
        return {
            "models": {
                m: {
                    "levels": dict(q.levels),
                    "floors": dict(q.floors),
                    "below_floor": q.below_floor(),
                    "gate_passed": q.gate_passed,
                    **({"gate_reason": q.gate_reason} if q.gate_reason else {}),
                    **({"track": q.track} if q.track else {}),
                }
                for m, q in self.posture.packs
            }
        }

    def worst_key(self) -> tuple[int, int, int, int, str, str]:
        """Worst first: failing gate, most dimensions below a floor, lowest level, lowest
        total, then by name."""
        levels = list(self.posture.levels.values())
        return (
            int(self.posture.gate_passed),
            -len(self.below_floor),
            min(levels, default=0),
            sum(levels),
            self.posture.system,
            self.posture.repository,
        )

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
    level: int = 0  # the control's level (0: none, a gate-family control)
    order: int = 0  # the dimension's position in the model

    def rank(self) -> tuple[int, int, int, int, int, str]:
        """Systems below a floor first, then systems held back, then teams; then the lower
        level and the model's dimension order (the id only makes equal gaps' order stable)."""
        return (-self.floor, -self.systems, -self.teams, self.level, self.order, self.control)

    def sentence(self) -> str:
        """The gap in words, from the catalog's title: ``10 systems in 3 teams cannot show
        that the eval suites hold at least 20 cases in total (EVA-3.2, evaluation); 4 of
        them are below a floor``."""
        what = f"that {lower_first(self.title)}" if self.title else f"control {self.control}"
        systems = "1 system" if self.systems == 1 else f"{self.systems} systems"
        teams = "1 team" if self.teams == 1 else f"{self.teams} teams"
        text = f"{systems} in {teams} cannot show {what} ({self.control}, {self.dimension})"
        if self.floor:
            them = (
                "it is"
                if self.systems == 1
                else ("1 of them is" if self.floor == 1 else f"{self.floor} of them are")
            )
            text += f"; {them} below a floor"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "dimension": self.dimension,
            "control": self.control,
            "title": self.title,
            "systems": self.systems,
            "floor": self.floor,
            "teams": self.teams,
            "sentence": self.sentence(),
        }


def lower_first(title: str) -> str:
    """A catalog title inside a sentence: ``The eval suites ...`` -> ``the eval suites ...``;
    a leading acronym (``AI spend``, ``SSO``) stays as it is."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


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
class DimensionLine:
    """Where the organisation stands in one dimension: the median level over the systems it
    applies to, and how many of them are at or above their own floor."""

    dimension: str
    systems: int
    median: float | None
    at_or_above_floor: int
    below_enforced_floor: int

    @property
    def share(self) -> float:
        """Share of the systems at or above their floor (0 when there are none)."""
        return self.at_or_above_floor / self.systems if self.systems else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "systems": self.systems,
            "median": None if self.median is None else number(self.median),
            "at_or_above_floor": self.at_or_above_floor,
            "share_at_or_above_floor": round(self.share, 4),
            "below_enforced_floor": self.below_enforced_floor,
        }


@dataclass(frozen=True)
class TrendPoint:
    """One recorded snapshot for the trend chart: systems, passing, median per dimension."""

    taken_on: str
    systems: int
    passing: int
    medians: Mapping[str, float]

    @property
    def pass_share(self) -> float:
        """Share of the systems passing their gate."""
        return self.passing / self.systems if self.systems else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "date": self.taken_on,
            "systems": self.systems,
            "passing": self.passing,
            "pass_share": round(self.pass_share, 4),
            "medians": {d: number(m) for d, m in self.medians.items()},
        }


@dataclass(frozen=True)
class TrackLag:
    """A model's track whose median trails another track's in a dimension (mlops: LLM-backed
    systems below the classical-ML platform they run beside)."""

    dimension: str
    track: str
    track_title: str
    systems: int
    median: float
    ahead: str
    ahead_title: str
    ahead_systems: int
    ahead_median: float

    def sentence(self, level_name: Callable[[int], str]) -> str:
        """``LLM-backed systems (5) lag Classical ML (3) in governance: median L2 ... against
        L3 ...``."""

        def named(median: float) -> str:
            whole = number(median)
            return f"L{whole} {level_name(int(whole))}" if isinstance(whole, int) else f"{whole}"

        return (
            f"{self.track_title} ({self.systems}) lag {self.ahead_title} ({self.ahead_systems}) "
            f"in {self.dimension}: median {named(self.median)} against "
            f"{named(self.ahead_median)}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "dimension": self.dimension,
            "track": self.track,
            "systems": self.systems,
            "median": number(self.median),
            "ahead": self.ahead,
            "ahead_systems": self.ahead_systems,
            "ahead_median": number(self.ahead_median),
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
    by_dimension: Mapping[str, DimensionLine] = field(default_factory=dict)
    top_gaps: tuple[Gap, ...] = ()  # across dimensions, systems below a floor first
    failing: tuple[SystemRow, ...] = ()  # gates that fail, worst first
    carrying: tuple[WaiverRow, ...] = ()  # waivers the gate passes because of, by expiry
    series: tuple[TrendPoint, ...] = ()  # every recorded snapshot of the model, then today
    model_title: str = ""
    tracks: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # track -> medians
    track_lags: tuple[TrackLag, ...] = ()
    packs: tuple[OrgReport, ...] = ()  # the same systems under each other model run
    # The model's org-scope controls over these systems (aimm.org.orgscope), catalog order.
    org_controls: tuple[OrgControl, ...] = ()

    def level_name(self, level: int) -> str:
        """The model's name for a level (empty for a level it does not have)."""
        return self.level_names.get(level, "")

    def applies(self, row: SystemRow, dimension: str) -> bool:
        """Whether the system has a level in the dimension (a pack's dimension may not apply
        to its type)."""
        return dimension in row.posture.levels

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
                    row.posture.team,
                    row.posture.business_unit,
                    dict(row.posture.levels),
                    row.posture.gate_passed,
                    dict(row.posture.floors),
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
            **self._leaders(),
            **({"models": {r.model: r.pack_dict() for r in self.packs}} if self.packs else {}),
        }

    def _leaders(self) -> dict[str, Any]:
        """The sections for leaders: added keys (issue 16), after the first version's."""
        return {
            "by_dimension": {d: line.as_dict() for d, line in self.by_dimension.items()},
            "top_gaps": [g.as_dict() for g in self.top_gaps],
            "failing": [
                {
                    "repository": r.posture.repository,
                    "system": r.posture.system,
                    "team": r.posture.team,
                    "reason": r.posture.gate_reason,
                }
                for r in self.failing
            ],
            "waivers_carrying_gate": [w.as_dict() for w in self.carrying],
            "series": [p.as_dict() for p in self.series],
            **(
                {
                    "tracks": {
                        t: {d: number(m) for d, m in ms.items()} for t, ms in self.tracks.items()
                    },
                    "track_lags": [lag.as_dict() for lag in self.track_lags],
                }
                if self.tracks
                else {}
            ),
            **(
                {"org_controls": [dataclasses.asdict(c) for c in self.org_controls]}
                if self.org_controls
                else {}
            ),
        }

    def pack_dict(self) -> dict[str, Any]:
        """A model pack's sections in the org report's JSON (``models.<id>``): the org report
        of that model without the systems (they carry their pack levels) and waivers."""
        full = self.as_dict(systems=False)
        for key in ("systems", "waivers", "could_not_evaluate", "org_report_version", "today"):
            full.pop(key, None)
        return full


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


def _values(rows: Iterable[SystemRow], dimension: str) -> list[int]:
    """The levels of the rows in a dimension, leaving out those it does not apply to."""
    return [r.posture.levels[dimension] for r in rows if dimension in r.posture.levels]


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
                minimum={d: min(v) for d in dimensions if (v := _values(group, d))},
                median={d: _median(v) for d in dimensions if (v := _values(group, d))},
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
    order = {d: i for i, d in enumerate(model.dimensions)}
    for (dim, control_id), count in systems.items():
        control = model.control(control_id)
        level = control.level if control is not None else None
        gap = Gap(
            dim,
            control_id,
            control.title if control else "",
            count,
            floors[(dim, control_id)],
            len(teams[(dim, control_id)]),
            level if isinstance(level, int) else 0,
            order.get(dim, len(order)),
        )
        found.setdefault(dim, []).append(gap)
    return {d: tuple(sorted(gaps, key=Gap.rank)) for d, gaps in found.items()}


def _by_dimension(rows: Sequence[SystemRow], dimensions: Sequence[str]) -> dict[str, DimensionLine]:
    lines = {}
    for d in dimensions:
        applied = [r for r in rows if d in r.posture.levels]
        values = [r.posture.levels[d] for r in applied]
        lines[d] = DimensionLine(
            dimension=d,
            systems=len(applied),
            median=_median(values) if values else None,
            at_or_above_floor=sum(
                1 for r in applied if r.posture.levels[d] >= r.posture.floors.get(d, 0)
            ),
            below_enforced_floor=sum(1 for r in applied if r.misses_floor and d in r.below_floor),
        )
    return lines


def _tracks(
    rows: Sequence[SystemRow], model: Model
) -> tuple[dict[str, dict[str, float]], list[TrackLag]]:
    """Median level per dimension of each track the model put systems on, and each
    dimension where one track's median trails another's (the model's track order)."""
    members: dict[str, list[SystemRow]] = defaultdict(list)
    for row in rows:
        if row.posture.track:
            members[row.posture.track].append(row)
    declared = [str(t["id"]) for t in model.data.get("tracks", []) if isinstance(t, Mapping)]
    titles = {
        str(t["id"]): str(t.get("title", t["id"]))
        for t in model.data.get("tracks", [])
        if isinstance(t, Mapping)
    }
    ordered = [t for t in declared if t in members] + sorted(set(members) - set(declared))
    medians = {
        t: {d: _median(v) for d in model.dimensions if (v := _values(members[t], d))}
        for t in ordered
    }
    lags = []
    for d in model.dimensions:
        for track in ordered:
            for ahead in ordered:
                low, high = medians[track].get(d), medians[ahead].get(d)
                if track == ahead or low is None or high is None or low >= high:
                    continue
                lags.append(
                    TrackLag(
                        d,
                        track,
                        titles.get(track, track),
                        len(members[track]),
                        low,
                        ahead,
                        titles.get(ahead, ahead),
                        len(members[ahead]),
                        high,
                    )
                )
    return (medians if len(ordered) > 1 else {}), (lags if len(ordered) > 1 else [])


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

    return sorted(expiring, key=_by_date), sorted(expired, key=_by_date)


def _by_date(w: WaiverRow) -> tuple[str, str, str, str]:
    return (w.expires, w.system, w.repository, w.control)


def _carrying(rows: Sequence[SystemRow], today: date) -> list[WaiverRow]:
    """Every waiver the gate passes because of (the check says so), soonest expiry first."""
    found = []
    for row in rows:
        p = row.posture
        for w in p.waivers:
            if not w.carries_gate or w.expires is None:
                continue
            try:
                left = (date.fromisoformat(w.expires) - today).days
            except ValueError:
                continue
            found.append(
                WaiverRow(
                    p.repository,
                    p.system,
                    p.team,
                    w.control,
                    w.expires,
                    left,
                    w.approved_by,
                    w.reason,
                )
            )
    return sorted(found, key=_by_date)


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
    flips: list[GateFlip] = []
    misses: list[FloorMiss] = []
    for row in rows:
        p = row.posture
        before_system = None if row.new else previous.systems.get(p.key)
        if before_system is None:
            continue
        if before_system.gate_passed is not None and before_system.gate_passed != p.gate_passed:
            flips.append(
                GateFlip(
                    p.repository,
                    p.system,
                    p.team,
                    "pass" if before_system.gate_passed else "fail",
                    "pass" if p.gate_passed else "fail",
                    p.gate_reason,
                )
            )
        if row.misses_floor and before_system.floors:
            held = before_system.below_floor()
            misses.extend(
                FloorMiss(p.repository, p.system, p.team, d, p.levels[d], p.floors.get(d, 0))
                for d in row.below_floor
                if d not in held and d in before_system.levels
            )
    flips.sort(key=lambda f: (f.after, f.system, f.repository))  # "fail" before "pass"
    return Trend(previous.taken_on, tuple(changes), tuple(flips), tuple(misses))


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
    history: Sequence[TrendPoint] = (),
    packs: Mapping[str, Model] | None = None,
    pack_previous: Mapping[str, Snapshot | None] | None = None,
    pack_history: Mapping[str, Sequence[TrendPoint]] | None = None,
    inventory: Mapping[str, Any] | None = None,
) -> OrgReport:
    """The org report over ``systems`` on ``today``, with the trend since ``previous`` and
    the chart over ``history`` (the model's earlier snapshots; today's point is added).

    ``packs`` are the other models the systems were evaluated for (each posture's
    :attr:`~aimm.org.records.SystemPosture.packs`): each gets an org report of its own over
    the systems it holds, with its own previous snapshot and history. A model with
    org-scope controls has them evaluated over its systems, with the org's ``inventory``."""
    held = list(systems)
    dims = tuple(model.dimensions)
    rows = _rows(held, previous)
    gaps = _gaps(rows, model)
    lopsided = sorted(
        (r for r in rows if r.spread >= LOPSIDED_SPREAD),
        key=lambda r: (-r.spread, r.posture.system, r.posture.repository),
    )
    misses: Counter[str] = Counter(r.posture.tier or "" for r in rows if r.misses_floor)
    ranked = sorted((g for dim_gaps in gaps.values() for g in dim_gaps), key=Gap.rank)
    problems = tuple(sorted(unevaluated, key=lambda u: (u.repository or "", u.path, u.message)))
    headline = Headline(
        systems=len(rows),
        unevaluated=len(problems),
        passing=sum(1 for r in rows if r.posture.gate_passed),
        floor_misses={t: misses.get(t, 0) for t in tiers(model, (r.posture.tier for r in rows))},
        below_level_2=sum(1 for r in rows if min(r.posture.levels.values(), default=1) < 2),
        lopsided=len(lopsided),
        # A gap that keeps no system below a floor never headlines.
        top_gap=next((g for g in ranked if g.floor), None),
    )
    expiring, expired = _waivers(rows, today, expiring_days)
    levels = tuple(int(entry["level"]) for entry in model.data["levels"])
    today_point = TrendPoint(
        today.isoformat(),
        len(rows),
        headline.passing,
        {d: _median(v) for d in dims if (v := _values(rows, d))},
    )
    tracks, lags = _tracks(rows, model)
    report = OrgReport(
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
            d: {level: sum(1 for r in rows if r.posture.levels.get(d) == level) for level in levels}
            for d in dims
        },
        gaps=gaps,
        lopsided=tuple(lopsided),
        expiring=tuple(expiring),
        expired=tuple(expired),
        trend=_trend(rows, previous),
        unevaluated=problems,
        expiring_days=expiring_days,
        by_dimension=_by_dimension(rows, dims),
        top_gaps=tuple(ranked),
        failing=tuple(
            sorted((r for r in rows if not r.posture.gate_passed), key=SystemRow.worst_key)
        ),
        carrying=tuple(_carrying(rows, today)),
        series=(*(p for p in history if p.taken_on < today_point.taken_on), today_point),
        model_title=str(model.data.get("title", model.id)),
        tracks=tracks,
        track_lags=tuple(lags),
        org_controls=orgscope.evaluate(model, [r.posture for r in rows], inventory or {}),
    )
    if not packs:
        return report
    pack_reports = []
    for model_id in pack_ids(held):
        pack_model = packs.get(model_id)
        if pack_model is None:
            continue
        postures = [q for p in held if (q := p.pack(model_id)) is not None]
        pack_reports.append(
            build(
                postures,
                (),
                today=today,
                model=pack_model,
                previous=(pack_previous or {}).get(model_id),
                expiring_days=expiring_days,
                history=(pack_history or {}).get(model_id, ()),
                inventory=inventory,
            )
        )
    return replace(report, packs=tuple(pack_reports))


def pack_ids(systems: Iterable[SystemPosture]) -> list[str]:
    """The other models the systems were evaluated for, in the order they first appear."""
    found: dict[str, None] = {}
    for p in systems:
        for model_id, _ in p.packs:
            found.setdefault(model_id, None)
    return list(found)
