"""Golden cases of the ai-platform pack: real manifests, their ladder level, floor and gate
through ``check_paths``, and the areas, unlock move, next steps, findings and delivery bands a
reporter reads from the pack's report rules."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.run import check_paths
from aimm.core.model import load_model
from tests.support import TODAY_ARGS, Cli

HERE = Path(__file__).parent
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))
TODAY = date(2026, 11, 21)


def test_every_case_has_an_expectation() -> None:
    """Each case folder is expected, and each expectation has its case."""
    assert sorted(p.name for p in (HERE / "cases").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_level_floor_and_gate(name: str) -> None:
    """check_paths with models=["ai-platform"] gives the expected level, floor and gate."""
    report = check_paths([HERE / "cases" / name], today=TODAY, models=["ai-platform"])
    [result] = report.results
    expected = EXPECTED[name]
    assert result.model == "ai-platform"
    assert result.levels == {"platform": expected["level"]}
    assert result.floors == {"platform": expected["floor"]}
    assert result.gate_passed is expected["gate"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_rules(name: str, evaluate_pack: Callable[[Path, str], dict[str, Any]]) -> None:
    """The pack's areas, unlock move, leading next steps, findings and delivery bands."""
    expected = EXPECTED[name]
    got = evaluate_pack(HERE / "cases" / name / "aimm.yaml", "ai-platform")
    assert [a["level"] for a in got["areas"]] == expected["areas"]
    unlock = got["unlock"] and {"level": got["unlock"]["level"], "open": got["unlock"]["open"]}
    assert unlock == expected["unlock"]
    steps = [f"{s['control']}:{s['reason']}" for s in got["next_steps"]]
    assert steps[: len(expected["first_steps"])] == expected["first_steps"]
    if not expected["first_steps"]:
        assert all(s.endswith(":gate") for s in steps), steps
    assert [f["id"] for f in got["findings"]] == expected["findings"]
    delivery = got["delivery"]
    assert delivery["status"] == expected["delivery"]["status"]
    assert [m["level"] for m in delivery["metrics"]] == expected["delivery"]["levels"]


def test_every_finding_and_area_control_is_in_the_ladder() -> None:
    """Each ladder control belongs to exactly one area, each area and finding names only
    ladder controls, and every unlock move's controls sit at the level the move unlocks."""
    model = load_model("ai-platform")
    ladder = [c for cell in model.data["cells"]["platform"].values() for c in cell]
    tagged = [c for area in model.data["areas"] for c in area["controls"]]
    assert sorted(tagged) == sorted(ladder)
    for finding in model.data["findings"]:
        assert set(finding.get("controls", [])) <= set(ladder), finding["id"]
    for move in model.data["leverage"]:
        cell = model.data["cells"]["platform"][str(move["level"])]
        assert set(move["controls"]) <= set(cell), move["level"]


@pytest.mark.parametrize("domain", ["general", "employment"])
def test_a_regulated_domain_sets_the_level_4_floor(tmp_path: Path, domain: str) -> None:
    """A regulated domain raises the ladder's floor to level 4, whatever the tier (the seed's
    regulatory floor); the general domain keeps the tier's floor."""
    case = tmp_path / "case"
    shutil.copytree(HERE / "cases" / "adhoc-notebooks", case)
    manifest = yaml.safe_load((case / "aimm.yaml").read_text("utf-8"))
    manifest["risk"]["domain"] = domain
    (case / "aimm.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), "utf-8")
    [result] = check_paths([case], today=TODAY, models=["ai-platform"]).results
    assert result.floors == {"platform": 4 if domain == "employment" else 1}


def test_air_gapped_is_read_from_system_deployment(tmp_path: Path) -> None:
    """The same manifest deployed on-prem instead of air-gapped keeps the tier's floor."""
    case = tmp_path / "case"
    shutil.copytree(HERE / "cases" / "adhoc-notebooks", case)
    manifest = yaml.safe_load((case / "aimm.yaml").read_text("utf-8"))
    floors = {}
    for deployment in ("on-prem", "air-gapped"):
        manifest["system"]["deployment"] = deployment
        (case / "aimm.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), "utf-8")
        [result] = check_paths([case], today=TODAY, models=["ai-platform"]).results
        floors[deployment] = result.floors["platform"]
    assert floors == {"on-prem": 1, "air-gapped": 4}


def test_the_example_demand_forecast(
    evaluate_pack: Callable[[Path, str], dict[str, Any]],
) -> None:
    """examples/demand-forecast, as its README states: L3 Managed in every area, the unlock
    move to L4 with both controls open and first in the next steps, measured delivery bands and
    no anti-pattern."""
    path = HERE.parents[2] / "examples" / "demand-forecast"
    [result] = check_paths([path], today=TODAY, models=["ai-platform"]).results
    assert (result.levels, result.gate_passed) == ({"platform": 3}, True)
    got = evaluate_pack(path / "aimm.yaml", "ai-platform")
    assert [a["level"] for a in got["areas"]] == [3] * 7
    assert (got["unlock"]["level"], got["unlock"]["open"]) == (4, ["PLT-4.1", "PLT-4.2"])
    assert [s["control"] for s in got["next_steps"][:2]] == ["PLT-4.1", "PLT-4.2"]
    assert [m["level"] for m in got["delivery"]["metrics"]] == [4, 2, 3, None]
    assert got["findings"] == []


def test_text_report_names_the_unlock_move_and_bands(cli: Cli) -> None:
    """The text report prints the unlock move, the areas, the delivery bands and says the
    organisation-wide criteria are not evaluated by check."""
    code, out, _ = cli(
        "check", HERE / "cases" / "air-gapped-managed", "--model", "ai-platform", *TODAY_ARGS
    )
    assert code == 1
    flat = " ".join(out.split())
    assert "unlock move to L4 Governed: Automate the governance infrastructure" in flat
    assert "capability areas: data L3, training L3" in flat
    assert "delivery bands: unverified (measured on 2026-06-01, 173 days before today" in flat
    assert 'system.deployment is "air-gapped": the floor is at least level 4' in flat
    assert "evaluated org-wide, by aimm scan and aimm aggregate" in flat
