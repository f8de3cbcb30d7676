"""Golden cases of the aiops-capability pack: real manifests through ``check_paths``, their
levels from L0, the gate the facts decide, and the self-assessment read back from the facts
beside the team's claim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.run import check_paths
from aimm.core.model import load_model
from tests.support import TODAY, TODAY_ARGS, Cli

HERE = Path(__file__).parent
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))
MODEL = "aiops-capability"


def _result(name: str) -> Any:
    report = check_paths([HERE / "cases" / name], today=TODAY, models=[MODEL])
    [result] = report.results
    return result


def test_every_case_has_an_expectation() -> None:
    """Each case folder is expected, and each expectation has its case."""
    assert sorted(p.name for p in (HERE / "cases").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_levels_and_gate(name: str) -> None:
    """The level per dimension (from 0), the tier and the gate come from the facts alone."""
    expected = EXPECTED[name]
    result = _result(name)
    assert result.model == MODEL
    assert result.tier == expected["tier"]
    assert result.levels == expected["levels"]
    assert result.gate_passed is expected["gate"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_assessment(name: str) -> None:
    """The evidenced score and band, the claimed one, and the claims the facts lack."""
    expected = EXPECTED[name]
    assessment = _result(name).extras["assessment"]
    evidenced = assessment["evidenced"]
    assert {"total": evidenced["total"], "level": evidenced["level"]} == expected["evidenced"]
    claimed = assessment.get("claimed")
    assert (claimed and {"total": claimed["total"], "level": claimed["level"]}) == (
        expected["claimed"]
    )
    assert [g["question"] for g in assessment.get("gaps", [])] == expected["gaps"]


def test_floors_leave_the_capability_profile_alone() -> None:
    """Memory and orchestration have no floor in any tier, even critical."""
    model = load_model(MODEL)
    assert model.data["capability_profile"] == ["memory", "orchestration"]
    for tier, row in model.data["floors"].items():
        assert (tier, row["memory"], row["orchestration"]) == (tier, 0, 0)
    result = _result("overclaimed-team")
    assert result.floors["memory"] == 0
    assert result.floors["orchestration"] == 0
    assert result.floors["security"] == 3


def test_text_report_shows_claimed_against_evidenced(cli: Cli) -> None:
    """The text report names both scores, the gaps, the profile and the level-5 limit."""
    code, out, _ = cli("check", HERE / "cases" / "overclaimed-team", "--model", MODEL, *TODAY_ARGS)
    assert code == 1
    flat = " ".join(out.split())
    assert "claimed 38 (L3 Systematic), evidenced 27 (L2 Organized)" in flat
    assert "q7 workflow complexity: claimed 4, evidenced 2" in flat
    assert "ok (capability profile)" in flat
    assert "posture declarations alone reach at most level 4" in flat


def test_stale_measurements_say_why_level_5_is_missing() -> None:
    """A level-5 control names the measurement and the staleness limit it missed."""
    controls = {c["id"]: c for c in _result("stale-measurements").controls}
    message = controls["GWY-5.1"]["message"]
    assert controls["GWY-5.1"]["status"] == "fail"
    assert "measured on 2026-05-04, 201 days before today" in message
    assert "older than the 90-day limit" in message


def test_org_config_sets_the_staleness_limit(tmp_path: Path, cli: Cli) -> None:
    """evidence.staleness_days.observations in the org config widens the limit: the May
    measurements count again and every dimension reaches L5."""
    config = tmp_path / "aimm-org.yaml"
    config.write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nevidence:\n  staleness_days:\n"
        "    observations: 365\n",
        "utf-8",
    )
    case = HERE / "cases" / "stale-measurements"
    code, out, err = cli(
        "check", case, "--model", MODEL, *TODAY_ARGS, "--format", "json", "--config", config
    )
    assert code == 0, err
    [result] = json.loads(out)["results"]
    assert set(result["levels"].values()) == {5}
