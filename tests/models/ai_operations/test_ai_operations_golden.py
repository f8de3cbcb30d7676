"""Golden cases of the ai-operations pack: real manifests, their levels through
``check_paths``, and the findings, readiness checklist and ownership matrix a reporter reads
from the pack."""

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
    """check_paths with models=["ai-operations"] gives the expected level per domain."""
    report = check_paths([HERE / "cases" / name], today=TODAY, models=["ai-operations"])
    [result] = report.results
    assert result.model == "ai-operations"
    assert result.levels == EXPECTED[name]["levels"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_rules(name: str, evaluate_pack: Callable[[Path, str], dict[str, Any]]) -> None:
    """The pack's findings, failing checklist items and unowned roles."""
    expected = EXPECTED[name]
    got = evaluate_pack(HERE / "cases" / name / "aimm.yaml", "ai-operations")
    assert [f["id"] for f in got["findings"]] == expected["findings"]
    failing = [i["id"] for p in got["checklist"] for i in p["items"] if i["status"] != "pass"]
    assert failing == expected["failing_items"]
    assert [o["role"] for o in got["ownership"] if o["owner"] is None] == expected["unowned"]
