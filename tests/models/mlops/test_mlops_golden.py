"""Golden cases of the mlops pack: real manifests, their levels through ``check_paths``, and
the track, leverage upgrade, next steps and findings a reporter reads from the pack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.run import check_paths

HERE = Path(__file__).parent
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))
TODAY = date(2026, 11, 21)


def test_every_case_has_an_expectation() -> None:
    """Each case folder is expected, and each expectation has its case."""
    assert sorted(p.name for p in (HERE / "cases").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_levels(name: str) -> None:
    """check_paths with models=["mlops"] gives the expected level per axis."""
    report = check_paths([HERE / "cases" / name], today=TODAY, models=["mlops"])
    [result] = report.results
    assert result.model == "mlops"
    assert result.levels == EXPECTED[name]["levels"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_rules(name: str, evaluate_pack: Callable[[Path, str], dict[str, Any]]) -> None:
    """The pack's track, upgrade, leading next steps and findings."""
    expected = EXPECTED[name]
    got = evaluate_pack(HERE / "cases" / name / "aimm.yaml", "mlops")
    assert got["track"] == expected["track"]
    upgrade = got["upgrade"] and {"level": got["upgrade"]["level"], "open": got["upgrade"]["open"]}
    assert upgrade == expected["upgrade"]
    steps = [f"{s['control']}:{s['reason']}" for s in got["next_steps"]]
    assert steps[: len(expected["first_steps"])] == expected["first_steps"]
    if not expected["first_steps"]:
        assert all(s.endswith(":gate") for s in steps), steps
    assert [f["id"] for f in got["findings"]] == expected["findings"]
