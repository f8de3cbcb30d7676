"""The org report model: every section computed from compact postures and a snapshot."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aimm.core.errors import ExitCode
from aimm.core.model import load_model
from aimm.org.records import Blocker, SystemPosture, Unevaluated, WaiverEntry
from aimm.org.report import (
    NO_BUSINESS_UNIT,
    Change,
    OrgReport,
    Snapshot,
    SnapshotSystem,
    build,
    number,
)
from tests.support import TODAY

DIMS = ("visibility", "evaluation", "cost", "access", "audit")


def system(name: str, levels: tuple[int, ...], **fields: Any) -> SystemPosture:
    """A posture with medium-tier floors (2) unless told otherwise."""
    values: dict[str, Any] = {
        "repository": name,
        "path": "aimm.yaml",
        "system": name,
        "team": "care-ai",
        "business_unit": "customer-operations",
        "lifecycle": "production",
        "tier": "medium",
        "levels": dict(zip(DIMS, levels, strict=True)),
        "floors": dict.fromkeys(DIMS, 2),
        "floors_enforced": True,
        "gate_passed": True,
        "any_failing": False,
        "blockers": (),
        "waivers": (),
        "judged_on": "2026-11-21",
    }
    values.update(fields)
    return SystemPosture(**values)


@pytest.fixture
def systems() -> list[SystemPosture]:
    """Five systems in two business units (and one without), three teams."""
    return [
        system(
            "support-bot",
            (3, 2, 3, 3, 3),
            blockers=(
                Blocker("evaluation", "EVA-3.2", False),
                Blocker("visibility", "VIS-4.1", False),
            ),
        ),
        system("kb-search", (3, 3, 2, 3, 3), blockers=(Blocker("cost", "COS-3.2", False),)),
        system(
            "fraud-signals",
            (3, 2, 3, 3, 3),
            team="payments-ai",
            business_unit="finance",
            tier="high",
            floors=dict.fromkeys(DIMS, 3),
            gate_passed=False,
            any_failing=True,
            blockers=(Blocker("evaluation", "EVA-3.2", True),),
            waivers=(
                WaiverEntry("EVA-4.2", "valid", "2026-12-10", "cto@example.com", "soon"),
                WaiverEntry("EVA-4.1", "valid", "2027-06-01", "cto@example.com", "later"),
            ),
        ),
        system(
            "collections-copilot",
            (4, 2, 2, 5, 3),
            team="risk-ml",
            business_unit="finance",
            blockers=(Blocker("evaluation", "EVA-3.2", False),),
            waivers=(
                WaiverEntry("EVA-3.1", "expired", "2026-10-31", "cro@example.com", "old"),
                WaiverEntry("XXX-1", "unknown-control", "2026-11-30", None, None),
            ),
        ),
        system(
            "lab",
            (2, 1, 2, 2, 2),
            team="research",
            business_unit=None,
            lifecycle="experiment",
            floors_enforced=False,
        ),
    ]


@pytest.fixture
def report(systems: list[SystemPosture]) -> OrgReport:
    problem = Unevaluated("broken-repo", "aimm.yaml", "line 3: bad")
    return build(systems, [problem], today=TODAY, model=load_model())


def test_headline(report: OrgReport) -> None:
    """Systems, gate share, enforced floor misses by tier, below L2, lopsided, top gap."""
    h = report.headline
    assert (h.systems, h.unevaluated, h.passing) == (5, 1, 4)
    assert h.pass_share == 0.8
    assert dict(h.floor_misses) == {"low": 0, "medium": 0, "high": 1, "critical": 0}
    assert h.below_level_2 == 1
    assert h.lopsided == 1
    assert h.top_gap is not None
    assert (h.top_gap.control, h.top_gap.systems, h.top_gap.floor, h.top_gap.teams) == (
        "EVA-3.2",
        3,
        1,
        3,
    )


def test_heatmap_rows_grouped_by_business_unit_then_team(report: OrgReport) -> None:
    """Business units in name order (none last), then team, system; below-floor marks."""
    order = [(r.group, r.posture.team, r.posture.system) for r in report.systems]
    assert order == [
        ("customer-operations", "care-ai", "kb-search"),
        ("customer-operations", "care-ai", "support-bot"),
        ("finance", "payments-ai", "fraud-signals"),
        ("finance", "risk-ml", "collections-copilot"),
        (NO_BUSINESS_UNIT, "research", "lab"),
    ]
    fraud, lab = report.systems[2], report.systems[4]
    assert (fraud.below_floor, fraud.misses_floor) == (("evaluation",), True)
    assert (lab.below_floor, lab.misses_floor) == (("evaluation",), False)


def test_groups_min_and_median(report: OrgReport) -> None:
    """Business units first, then teams; min and median per dimension."""
    names = [(g.kind, g.name) for g in report.groups]
    assert names == [
        ("business_unit", "customer-operations"),
        ("business_unit", "finance"),
        ("business_unit", NO_BUSINESS_UNIT),
        ("team", "care-ai"),
        ("team", "payments-ai"),
        ("team", "research"),
        ("team", "risk-ml"),
    ]
    finance = report.groups[1]
    assert (finance.systems, finance.passing) == (2, 1)
    assert dict(finance.minimum) == {
        "visibility": 3,
        "evaluation": 2,
        "cost": 2,
        "access": 3,
        "audit": 3,
    }
    assert dict(finance.median) == {
        "visibility": 3.5,
        "evaluation": 2.0,
        "cost": 2.5,
        "access": 4.0,
        "audit": 3.0,
    }
    assert report.groups[4].business_unit == "finance"
    assert report.groups[0].as_dict()["median"]["cost"] == 2.5
    assert report.groups[0].as_dict()["median"]["visibility"] == 3


def test_distribution_counts_every_system_once_per_dimension(report: OrgReport) -> None:
    """Each dimension's counts add up to the systems."""
    assert dict(report.distribution["evaluation"]) == {1: 1, 2: 3, 3: 1, 4: 0, 5: 0}
    assert all(sum(c.values()) == 5 for c in report.distribution.values())


def test_gaps_rank_by_systems_then_floor(report: OrgReport) -> None:
    """Per dimension, most systems first; titles from the catalog; dimensions with none empty."""
    [eva] = report.gaps["evaluation"]
    assert (eva.control, eva.systems, eva.floor, eva.teams) == ("EVA-3.2", 3, 1, 3)
    assert eva.title == load_model().control("EVA-3.2").title  # type: ignore[union-attr]
    assert report.gaps["audit"] == ()
    assert [g.control for g in report.gaps["visibility"]] == ["VIS-4.1"]


def test_lopsided_and_waivers(report: OrgReport) -> None:
    """Spread >= 2 is lopsided; waivers expiring in 30 days and expired ones are listed,
    judged on the report's date; unknown-control waivers are left to their own control."""
    assert [(r.posture.system, r.spread) for r in report.lopsided] == [("collections-copilot", 3)]
    assert [(w.system, w.control, w.days_left) for w in report.expiring] == [
        ("fraud-signals", "EVA-4.2", 19)
    ]
    assert [(w.system, w.control, w.days_left) for w in report.expired] == [
        ("collections-copilot", "EVA-3.1", -21)
    ]
    fraud = report.systems[2].posture
    later = build([fraud], [], today=date(2026, 12, 11), model=load_model())
    assert [w.control for w in later.expired] == ["EVA-4.2"]


def test_trend_up_down_new_gone(systems: list[SystemPosture]) -> None:
    """Against the previous snapshot: level moves per dimension, new and gone systems."""
    previous = Snapshot(
        "2026-10-21",
        {
            ("support-bot", "support-bot"): SnapshotSystem(
                "care-ai", "customer-operations", dict(zip(DIMS, (2, 2, 3, 3, 4), strict=True))
            ),
            ("kb-search", "kb-search"): SnapshotSystem(
                "care-ai", "customer-operations", dict(zip(DIMS, (3, 3, 2, 3, 3), strict=True))
            ),
            ("old", "retired-bot"): SnapshotSystem("care-ai", None, dict.fromkeys(DIMS, 2)),
        },
    )
    got = build(systems[:2] + systems[4:], [], today=TODAY, model=load_model(), previous=previous)
    assert got.trend.previous == "2026-10-21"
    assert got.trend.changes == (
        Change(
            "support-bot", "support-bot", "care-ai", "customer-operations", "up", "visibility", 2, 3
        ),
        Change(
            "support-bot", "support-bot", "care-ai", "customer-operations", "down", "audit", 4, 3
        ),
        Change("lab", "lab", "research", None, "new"),
        Change("old", "retired-bot", "care-ai", None, "gone"),
    )
    assert got.trend.counts() == {"up": 1, "down": 1, "new": 1, "gone": 1}
    row = {r.posture.system: r for r in got.systems}
    assert dict(row["support-bot"].moves) == {"visibility": "up", "audit": "down"}
    assert row["lab"].new and not row["kb-search"].new


def test_no_previous_snapshot_means_no_trend(report: OrgReport) -> None:
    """The first run has nothing to compare with: no changes, nothing new."""
    assert report.trend.previous is None and report.trend.changes == ()
    assert report.trend.as_dict() == {
        "previous": None,
        "counts": None,
        "changes": [],
        "gate_flips": [],
        "new_floor_misses": [],
    }
    assert not any(r.new for r in report.systems)


def test_exit_codes(systems: list[SystemPosture]) -> None:
    """2 when something could not be evaluated; 1 on a failed gate; --fail-on variants."""
    model = load_model()
    with_problem = build(systems, [Unevaluated(None, "x", "bad")], today=TODAY, model=model)
    assert with_problem.exit_code() == ExitCode.INPUT_ERROR
    assert with_problem.exit_code("never") == ExitCode.INPUT_ERROR
    failing = build(systems, [], today=TODAY, model=model)
    assert failing.exit_code() == ExitCode.GATE_FAILED
    assert failing.exit_code("never") == ExitCode.OK
    passing = build([s for s in systems if s.gate_passed], [], today=TODAY, model=model)
    assert passing.exit_code() == ExitCode.OK
    noisy = build([system("a", (2,) * 5, any_failing=True)], [], today=TODAY, model=model)
    assert noisy.exit_code("any-fail") == ExitCode.GATE_FAILED
    assert noisy.exit_code() == ExitCode.OK


def test_snapshot_and_json_view(report: OrgReport) -> None:
    """The snapshot holds every system's levels; the JSON view has every section."""
    snap = report.snapshot()
    assert snap.taken_on == "2026-11-21"
    assert snap.systems[("lab", "lab")].levels["evaluation"] == 1
    data = report.as_dict()
    # The first version's keys are a contract: they stay first and in order; later keys add.
    assert list(data)[:13] == [
        "org_report_version",
        "today",
        "model",
        "dimensions",
        "headline",
        "systems",
        "groups",
        "distribution",
        "gaps",
        "lopsided",
        "waivers",
        "trend",
        "could_not_evaluate",
    ]
    assert list(data)[13:] == [
        "by_dimension",
        "top_gaps",
        "failing",
        "waivers_carrying_gate",
        "series",
    ]
    assert data["distribution"]["evaluation"] == {"1": 1, "2": 3, "3": 1, "4": 0, "5": 0}
    assert data["could_not_evaluate"] == [
        {"repository": "broken-repo", "path": "aimm.yaml", "message": "line 3: bad"}
    ]


def test_empty_organisation() -> None:
    """No systems: zeros, no gap, no division by zero."""
    empty = build([], [], today=TODAY, model=load_model())
    assert empty.headline.pass_share == 0.0 and empty.headline.top_gap is None
    assert empty.exit_code() == ExitCode.OK


def test_number() -> None:
    """Whole medians print as integers."""
    assert (number(2.0), number(2.5)) == (2, 2.5)


def test_a_gap_below_no_floor_never_headlines() -> None:
    """Gaps rank by systems below a floor first: one system below a floor outranks three
    held back; with no system below a floor there is no headline gap at all."""
    model = load_model()
    held = [
        system(f"s{i}", (2, 2, 2, 2, 2), blockers=(Blocker("cost", "COS-3.1", False),))
        for i in range(3)
    ]
    below = system(
        "low",
        (2, 1, 2, 2, 2),
        gate_passed=False,
        blockers=(Blocker("evaluation", "EVA-2.1", True),),
    )
    report = build([*held, below], [], today=TODAY, model=model)
    assert [(g.control, g.floor, g.systems) for g in report.top_gaps] == [
        ("EVA-2.1", 1, 1),
        ("COS-3.1", 0, 3),
    ]
    assert report.headline.top_gap is not None and report.headline.top_gap.control == "EVA-2.1"
    assert report.top_gaps[1].sentence() == (
        "3 systems in 1 team cannot show that AI spend is reported on the central cost "
        "dashboard (COS-3.1, cost)"
    )
    assert build(held, [], today=TODAY, model=model).headline.top_gap is None


def test_org_line_per_dimension_failing_and_carrying(systems: list[SystemPosture]) -> None:
    """Median and share at or above the floor per dimension; each FAIL with its first reason
    (from the record); a waiver the record marks as carrying the gate, with its expiry."""
    carried = system(
        "refund-agent",
        (3, 2, 3, 3, 3),
        floors=dict.fromkeys(DIMS, 3),
        waivers=(
            WaiverEntry("EVA-3.2", "valid", "2026-12-10", "cto@example.com", "PAY-311", True),
            WaiverEntry("EVA-4.1", "valid", "2026-12-01", "cto@example.com", "later"),
        ),
    )
    failing = [
        s if s.gate_passed else replace_posture(s, gate_reason="evaluation is below its floor")
        for s in systems
    ]
    report = build([*failing, carried], [], today=TODAY, model=load_model())
    line = report.by_dimension["evaluation"]
    assert (line.systems, line.median, line.at_or_above_floor) == (6, 2.0, 3)
    assert line.as_dict()["share_at_or_above_floor"] == round(3 / 6, 4)
    assert [(r.posture.system, r.posture.gate_reason) for r in report.failing] == [
        ("fraud-signals", "evaluation is below its floor")
    ]
    assert [(w.system, w.control, w.expires, w.approved_by) for w in report.carrying] == [
        ("refund-agent", "EVA-3.2", "2026-12-10", "cto@example.com")
    ]


def test_gate_flips_and_new_floor_misses(systems: list[SystemPosture]) -> None:
    """A gate that turned FAIL, and a dimension newly below its enforced floor (the floor
    rose), are in the trend; a snapshot without gates or floors (older history) adds none."""
    fraud = next(s for s in systems if s.system == "fraud-signals")
    before = {
        fraud.key: SnapshotSystem(
            "payments-ai", "finance", dict(fraud.levels), True, {**fraud.floors, "evaluation": 2}
        )
    }
    report = build(
        systems, [], today=TODAY, model=load_model(), previous=Snapshot("2026-10-21", before)
    )
    assert [(f.system, f.before, f.after) for f in report.trend.gate_flips] == [
        ("fraud-signals", "pass", "fail")
    ]
    assert [(m.system, m.dimension, m.level, m.floor) for m in report.trend.new_floor_misses] == [
        ("fraud-signals", "evaluation", 2, 3)
    ]
    old = {fraud.key: SnapshotSystem("payments-ai", "finance", dict(fraud.levels))}
    quiet = build(
        systems, [], today=TODAY, model=load_model(), previous=Snapshot("2026-10-21", old)
    )
    assert quiet.trend.gate_flips == () and quiet.trend.new_floor_misses == ()


def test_track_lag_at_org_level() -> None:
    """mlops: the LLM track's median trails the classical-ML track's in an axis: flagged, in
    words, with both medians; equal medians raise nothing."""
    mlops = load_model("mlops")
    dims = mlops.dimensions

    def on(name: str, track: str, governance: int) -> SystemPosture:
        levels = {**dict.fromkeys(dims, 3), "governance": governance}
        base = system(name, (2,) * 5, track=track)
        return replace_posture(base, levels=levels, floors=dict.fromkeys(dims, 2))

    postures = [on("a", "llm", 2), on("b", "llm", 2), on("c", "classical-ml", 3)]
    report = build(postures, [], today=TODAY, model=mlops)
    assert (
        report.tracks["llm"]["governance"] == 2 and report.tracks["classical-ml"]["governance"] == 3
    )
    assert [(lag.dimension, lag.track, lag.ahead) for lag in report.track_lags] == [
        ("governance", "llm", "classical-ml")
    ]
    assert report.track_lags[0].sentence(report.level_name) == (
        "LLM-backed systems (2) lag Classical ML (1) in governance: median L2 Reproducible "
        "against L3 Continuous integration"
    )
    assert report.as_dict()["track_lags"][0]["ahead_median"] == 3
    even = build([on("a", "llm", 3), on("c", "classical-ml", 3)], [], today=TODAY, model=mlops)
    assert even.track_lags == ()


def test_packs_get_their_own_report(systems: list[SystemPosture]) -> None:
    """Each other model the systems carry becomes an org report of its own (a dimension that
    does not apply is left out of its median), under models.<id> in the JSON."""
    aiops = load_model("ai-operations")
    dims = [d for d in aiops.dimensions if d != "agent-operations"]
    with_pack = [
        replace_posture(
            s,
            packs=(
                (
                    "ai-operations",
                    replace_posture(
                        s, levels=dict.fromkeys(dims, 2), floors=dict.fromkeys(dims, 3), blockers=()
                    ),
                ),
            ),
        )
        for s in systems
    ]
    report = build(with_pack, [], today=TODAY, model=load_model(), packs={"ai-operations": aiops})
    [pack] = report.packs
    assert pack.model == "ai-operations" and pack.headline.systems == len(systems)
    assert pack.by_dimension["agent-operations"].median is None
    assert pack.by_dimension["llmops"].as_dict()["at_or_above_floor"] == 0
    data = report.as_dict()
    assert list(data["models"]) == ["ai-operations"]
    assert "systems" not in data["models"]["ai-operations"]
    assert data["systems"][0]["models"]["ai-operations"]["levels"] == dict.fromkeys(dims, 2)


def replace_posture(posture: SystemPosture, **fields: Any) -> SystemPosture:
    """A copy of a posture with some fields changed."""
    import dataclasses

    return dataclasses.replace(posture, **fields)
