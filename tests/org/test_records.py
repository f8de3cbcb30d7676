"""Compact postures: from contract JSON entries, what blocks each level, and the merge rules."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aimm.core.model import load_model
from aimm.org.records import (
    Blocker,
    Candidate,
    ReportFormatError,
    SystemPosture,
    Unevaluated,
    blockers_of,
    compact_entry,
    merge,
    problem_message,
    summarize,
)

MODEL = load_model()


def entry(**changes: Any) -> dict[str, Any]:
    """A contract result entry (``aimm check --format json``) for a high-tier system."""
    base: dict[str, Any] = {
        "path": "aimm.yaml",
        "status": "evaluated",
        "system": "billing",
        "team": "payments-ai",
        "business_unit": "finance",
        "lifecycle": "production",
        "tier": "high",
        "levels": {"visibility": 3, "evaluation": 2, "cost": 3, "access": 4, "audit": 3},
        "floors": {"visibility": 3, "evaluation": 3, "cost": 3, "access": 3, "audit": 3},
        "floors_enforced": True,
        "controls": [
            {"id": "EVA-3.1", "dimension": "evaluation", "level": 3, "status": "fail"},
            {"id": "EVA-3.2", "dimension": "evaluation", "level": 3, "status": "waived"},
            {"id": "EVA-4.1", "dimension": "evaluation", "level": 4, "status": "fail"},
            {"id": "VIS-4.1", "dimension": "visibility", "level": 4, "status": "fail"},
            {"id": "VIS-5.1", "dimension": "visibility", "level": 5, "status": "fail"},
            {"id": "ACC-5.1", "dimension": "access", "level": 5, "status": "pass"},
            {"id": "OWN-1", "dimension": "ownership", "level": None, "status": "fail"},
        ],
        # The policies' floor steps: what keeps evaluation (2) below its floor (3), waived
        # controls included; then the next level of the lowest dimension.
        "next_steps": [
            {"control": "EVA-3.1", "dimension": "evaluation", "level": 3, "reason": "floor"},
            {"control": "EVA-3.2", "dimension": "evaluation", "level": 3, "reason": "floor"},
            {"control": "OWN-1", "dimension": "ownership", "level": None, "reason": "gate"},
        ],
        "gate": {"passed": False, "reasons": ["evaluation is at level 2"]},
        "waivers": [
            {
                "control": "EVA-3.2",
                "status": "valid",
                "expires": "2026-12-01",
                "approved_by": "cto@example.com",
                "reason": "later",
            },
        ],
    }
    base.update(changes)
    return base


def posture(**changes: Any) -> SystemPosture:
    result = summarize(
        entry(**changes),
        repository="billing-repo",
        path="aimm.yaml",
        model=MODEL,
        judged_on="2026-11-21",
    )
    assert isinstance(result, SystemPosture)
    return result


def test_summarize_keeps_what_the_org_report_needs() -> None:
    """Levels, floors, gate and ownership come through; waivers keep their own judgement."""
    p = posture()
    assert p.key == ("billing-repo", "billing")
    assert p.levels["evaluation"] == 2 and p.floors["evaluation"] == 3
    assert (p.team, p.business_unit, p.tier, p.lifecycle) == (
        "payments-ai",
        "finance",
        "high",
        "production",
    )
    assert p.gate_passed is False and p.any_failing is True
    assert p.below_floor() == ["evaluation"]
    assert p.spread() == 2
    assert [(w.control, w.status, w.expires) for w in p.waivers] == [
        ("EVA-3.2", "valid", "2026-12-01")
    ]


def test_blockers_are_next_level_and_floor_controls() -> None:
    """Evaluation (2 < floor 3): both L3 controls keep the floor (the policies' floor steps),
    the waived one too; L4 is not next. Visibility at 3: VIS-4.1 blocks the next level,
    VIS-5.1 does not; passing and gate-family controls never block."""
    assert posture().blockers == (
        Blocker("evaluation", "EVA-3.1", True),
        Blocker("evaluation", "EVA-3.2", True),
        Blocker("visibility", "VIS-4.1", False),
    )


def test_blockers_of_unenforced_floor_only_next_level() -> None:
    """Where floors are not enforced (the policies give no floor steps), a dimension below
    its floor is held only by its next level; where they are, by the floor steps."""
    controls = [
        {"id": "EVA-2.1", "dimension": "evaluation", "level": 2, "status": "fail"},
        {"id": "EVA-3.1", "dimension": "evaluation", "level": 3, "status": "fail"},
    ]
    levels = {"evaluation": 1}
    next_level = [{"control": "EVA-2.1", "dimension": "evaluation", "reason": "next-level"}]
    floor = [
        {"control": "EVA-2.1", "dimension": "evaluation", "reason": "floor"},
        {"control": "EVA-3.1", "dimension": "evaluation", "reason": "floor"},
    ]
    assert blockers_of(controls, next_level, levels) == (Blocker("evaluation", "EVA-2.1", False),)
    assert blockers_of(controls, floor, levels) == (
        Blocker("evaluation", "EVA-2.1", True),
        Blocker("evaluation", "EVA-3.1", True),
    )


def test_error_entry_becomes_unevaluated_with_located_message() -> None:
    """An input error keeps its repository and path, and its problems as one line."""
    result = summarize(
        {
            "path": "svc/aimm.yaml",
            "status": "error",
            "errors": [
                {"message": "unknown key", "line": 4, "pointer": "/metadata/ownerz"},
                {"message": "empty manifest", "line": None, "pointer": None},
            ],
        },
        repository="r",
        path="svc/aimm.yaml",
        model=MODEL,
        judged_on=None,
    )
    assert result == Unevaluated(
        "r", "svc/aimm.yaml", "line 4: /metadata/ownerz: unknown key; empty manifest"
    )
    assert problem_message("nonsense") == "could not be evaluated (no message)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "maybe"}, "'status' is neither"),
        ({"levels": {"visibility": 3}}, "'levels.evaluation' is missing"),
        ({"floors": None}, "'floors' is missing or not an object"),
        ({"levels": {**entry()["levels"], "cost": True}}, "'levels.cost'"),
        ({"gate": {"passed": "yes"}}, "'gate.passed'"),
        ({"controls": "none"}, "'controls'"),
        ({"system": ""}, "'system' is missing"),
        ({"team": None}, "'team' is missing"),
    ],
)
def test_malformed_entry_is_a_format_error(changes: dict[str, Any], message: str) -> None:
    """A hand-edited or foreign entry is refused with the field it lacks."""
    with pytest.raises(ReportFormatError, match=message):
        summarize(entry(**changes), repository="r", path="p", model=MODEL, judged_on=None)


def _at(p: SystemPosture, day: str, **changes: Any) -> SystemPosture:
    return dataclasses.replace(p, judged_on=day, **changes)


def test_merge_keeps_the_newest_report_of_a_system() -> None:
    """Same repository and name: the later date wins whatever the order; on the same date
    the later source wins."""
    p = posture()
    old, new = _at(p, "2026-10-01"), _at(p, "2026-11-01", levels={**p.levels, "cost": 4})
    systems, problems = merge([Candidate(new, 0), Candidate(old, 1)])
    assert systems == [new] and problems == []
    first, second = _at(p, "2026-11-01"), _at(p, "2026-11-01", tier="critical")
    assert merge([Candidate(first, 0), Candidate(second, 1)])[0] == [second]
    assert merge([Candidate(second, 0), Candidate(first, 1)])[0] == [first]


def test_merge_same_name_twice_in_one_source_is_a_problem() -> None:
    """Two manifests of one repository declaring one name in one run: the first path is kept,
    the other is reported naming both."""
    a = _at(posture(), "2026-11-21", path="a/aimm.yaml")
    b = _at(posture(), "2026-11-21", path="b/aimm.yaml")
    systems, problems = merge([Candidate(b, 0), Candidate(a, 0)])
    assert systems == [a]
    assert problems == [
        Unevaluated(
            "billing-repo",
            "b/aimm.yaml",
            "system name 'billing' is also declared by a/aimm.yaml in repository billing-repo; "
            "a name must be unique in its repository",
            "2026-11-21",
        )
    ]


def test_merge_newer_result_at_a_path_replaces_an_older_error() -> None:
    """A manifest broken last week and fixed today counts as evaluated, and the reverse."""
    fixed = _at(posture(), "2026-11-21")
    broken = Unevaluated("billing-repo", "aimm.yaml", "bad", "2026-11-01")
    assert merge([Candidate(broken, 0), Candidate(fixed, 1)]) == ([fixed], [])
    newer_broken = Unevaluated("billing-repo", "aimm.yaml", "bad", "2026-11-22")
    assert merge([Candidate(fixed, 0), Candidate(newer_broken, 1)]) == ([], [newer_broken])


def test_entry_judged_by_another_model_is_listed_not_counted() -> None:
    """An org report is for one model: a result of another model (its levels are another
    grid's) is listed as could-not-evaluate, naming both models."""
    result = summarize(
        entry(model="tiny"), repository="r", path="aimm.yaml", model=MODEL, judged_on=None
    )
    assert result == Unevaluated(
        "r", "aimm.yaml", "judged by model 'tiny'; this org report is for model 'default'"
    )


def test_compact_entry_keeps_what_summarize_reads() -> None:
    """The cache's compact entry keeps the model and the steps (their controls and reasons)
    and drops the text; the posture is the same."""
    full = entry(model="default")
    compact = compact_entry(full)
    assert compact["model"] == "default"
    assert compact["next_steps"][0] == {
        "control": "EVA-3.1",
        "dimension": "evaluation",
        "reason": "floor",
    }
    assert summarize(
        compact, repository="r", path="aimm.yaml", model=MODEL, judged_on=None
    ) == summarize(full, repository="r", path="aimm.yaml", model=MODEL, judged_on=None)


def test_first_gate_reason_and_waivers_carrying_the_gate() -> None:
    """The first of the gate's reasons is kept for a failing gate; a valid waiver of a
    control the policies list among a floor's steps carries the gate unless an unwaived
    failing control holds the same floor, and none does where floors are not enforced."""
    got = summarize(entry(), repository="r", path="aimm.yaml", model=MODEL, judged_on=None)
    assert isinstance(got, SystemPosture)
    assert got.gate_reason == "evaluation is at level 2"
    assert [(w.control, w.carries_gate) for w in got.waivers] == [("EVA-3.2", False)]
    controls = [dict(c, status="pass") if c["id"] == "EVA-3.1" else c for c in entry()["controls"]]
    alone = summarize(
        entry(controls=controls), repository="r", path="aimm.yaml", model=MODEL, judged_on=None
    )
    assert isinstance(alone, SystemPosture)
    assert [(w.control, w.carries_gate) for w in alone.waivers] == [("EVA-3.2", True)]
    passing = entry(gate={"passed": True, "reasons": []}, floors_enforced=False)
    quiet = summarize(passing, repository="r", path="aimm.yaml", model=MODEL, judged_on=None)
    assert isinstance(quiet, SystemPosture)
    assert quiet.gate_reason is None and not quiet.waivers[0].carries_gate


def test_other_models_become_pack_postures() -> None:
    """``models.<id>`` of an entry becomes a posture per model the lookup knows (a dimension
    that does not apply to the system's type left out); unknown models are skipped, and the
    compact entry the scan cache keeps gives the same postures."""
    aiops = load_model("ai-operations")
    dims = [d for d in aiops.dimensions if d != "agent-operations"]
    pack = {
        "levels": {**dict.fromkeys(dims, 2), "agent-operations": 5},
        "floors": dict.fromkeys(aiops.dimensions, 3),
        "floors_enforced": True,
        "gate": {"passed": False, "reasons": ["observability is at level 2"]},
        "controls": [{"id": "AOB-3.1", "dimension": "observability", "level": 3, "status": "fail"}],
        "next_steps": [{"control": "AOB-3.1", "dimension": "observability", "reason": "floor"}],
        "summary": "not read",
    }
    full = entry(type="rag", models={"ai-operations": pack, "elsewhere": {"levels": {}}})
    known = {"ai-operations": aiops}.get
    for source in (full, compact_entry(full)):
        got = summarize(source, repository="r", path="p", model=MODEL, judged_on=None, packs=known)
        assert isinstance(got, SystemPosture)
        [(model_id, posture)] = got.packs
        assert model_id == "ai-operations" and got.pack("ai-operations") == posture
        assert dict(posture.levels) == dict.fromkeys(dims, 2)
        assert posture.blockers == (Blocker("observability", "AOB-3.1", True),)
        assert posture.gate_reason == "observability is at level 2" and posture.waivers == ()
    plain = summarize(full, repository="r", path="p", model=MODEL, judged_on=None)
    assert isinstance(plain, SystemPosture) and plain.packs == ()
