"""Org reports for the org tests: the shipped examples/org, and a large synthetic one.

Not a test module: the org and org format tests import it.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from aimm.core.model import Model, load_model
from aimm.org.records import SystemPosture, Unevaluated
from aimm.org.report import OrgReport, Snapshot, SnapshotSystem, TrendPoint, build
from aimm.org.scan import scan
from tests.support import EXAMPLE_ORG, TODAY

# The models examples/org's README runs (--model, repeated): the default grid gates, the
# packs are advisory.
MODELS = ("default", "mlops", "ai-operations")
# The org report's sections, in order (the HTML report's <h2> titles).
SECTION_TITLES = [
    "Headline",
    "Heatmap",
    "Systems",
    "Failing gates",
    "By business unit and team",
    "Level distribution",
    "Bleeding gaps",
    "Lopsided systems",
    "Waivers",
    "Trend",
    "Model mlops (AI/MLOps maturity (five axes))",
    "Model ai-operations (AI operations maturity (four operational domains))",
    "Could not evaluate",
]


@cache
def example_postures() -> tuple[tuple[SystemPosture, ...], tuple[Unevaluated, ...]]:
    """examples/org scanned on TODAY (13 systems) under the default model and the mlops and
    ai-operations packs (as its README runs it), computed once per test session."""
    systems, problems = scan(
        [EXAMPLE_ORG], today=TODAY, jobs=1, use_cache=False, progress=False, models=MODELS
    )
    return tuple(systems), tuple(problems)


def previous_snapshot() -> Snapshot:
    """A month earlier: support-bot's evaluation was 3 (now 2: down), credit-limits' access
    was 2 (now 3: up), kb-search did not exist (new) and legacy-faq did (gone); fraud-signals
    passed under an evaluation floor of 2 (now 3: a new floor miss and a gate flip), and so
    did kyc-doc-reader, whose waiver had not expired yet (a gate flip)."""
    systems, _ = example_postures()
    held = {}
    for p in systems:
        if p.system == "kb-search":
            continue
        levels, floors, passed = dict(p.levels), dict(p.floors), p.gate_passed
        if p.system == "support-bot":
            levels["evaluation"] = 3
        if p.system == "credit-limits":
            levels["access"] = 2
        if p.system == "fraud-signals":
            floors["evaluation"], passed = 2, True
        if p.system == "kyc-doc-reader":
            passed = True
        held[p.key] = SnapshotSystem(p.team, p.business_unit, levels, passed, floors)
    held[("legacy-faq", "legacy-faq")] = SnapshotSystem(
        "care-ai", "customer-operations", dict.fromkeys(load_model().dimensions, 2)
    )
    return Snapshot("2026-10-21", held)


def example_report(with_trend: bool = True, broken: bool = True) -> OrgReport:
    """The examples/org report, with the trend from :func:`previous_snapshot` and one
    manifest that could not be evaluated."""
    systems, problems = example_postures()
    extra = [Unevaluated("wiki-bot", "aimm.yaml", "line 3: /metadata: 'name' is required")]
    return build(
        systems,
        [*problems, *(extra if broken else [])],
        today=TODAY,
        model=load_model(),
        previous=previous_snapshot() if with_trend else None,
        history=history_points() if with_trend else (),
        packs=pack_models(),
    )


def pack_models() -> dict[str, Model]:
    """The other models examples/org runs (its aimm-org.yaml)."""
    return {m: load_model(m) for m in ("mlops", "ai-operations")}


def history_points() -> list[TrendPoint]:
    """Two earlier snapshots for the trend chart: fewer systems passing, lower medians."""
    dims = load_model().dimensions
    return [
        TrendPoint("2026-09-21", 11, 7, dict.fromkeys(dims, 2)),
        TrendPoint("2026-10-21", 13, 10, {**dict.fromkeys(dims, 2), "access": 2.5}),
    ]


def large_report(count: int, teams: int = 25, units: int = 5) -> OrgReport:
    """``count`` systems: the examples (their real verdicts, under all three models)
    replicated over ``teams`` teams in ``units`` business units, with a previous snapshot in
    which every tenth system passed and a three-point history for the trend chart."""
    systems, _ = example_postures()
    made = []
    for i in range(count):
        base = systems[i % len(systems)]
        repository, name = f"repo-{i:05d}", f"{base.system}-{i:05d}"
        team, unit = f"team-{i % teams:03d}", f"unit-{i % units:02d}"
        packs = tuple(
            (m, dataclasses.replace(p, repository=repository, system=name, team=team,
                                    business_unit=unit))
            for m, p in base.packs
        )  # fmt: skip
        made.append(
            dataclasses.replace(
                base,
                repository=repository,
                system=name,
                team=team,
                business_unit=unit,
                packs=packs,
            )
        )
    previous = Snapshot(
        "2026-10-21",
        {
            p.key: SnapshotSystem(
                p.team, p.business_unit, dict(p.levels), p.gate_passed or i % 10 == 0, p.floors
            )
            for i, p in enumerate(made)
        },
    )
    return build(
        made,
        [],
        today=TODAY,
        model=load_model(),
        previous=previous,
        history=history_points(),
        packs=pack_models(),
    )
