"""The packs' examples (examples/dispatch-agent, an LLM agent; examples/churn-model, a
classical model) evaluated with both packs at once, in-process and through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from aimm.check.run import check_paths

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 21)

# The pack levels each example's README states.
LEVELS = {
    "dispatch-agent": {
        "mlops": {
            "reproducibility": 1,
            "evaluation": 3,
            "deployment": 2,
            "observability": 2,
            "governance": 2,
        },
        "ai-operations": {
            "observability": 4,
            "llmops": 3,
            "governance": 3,
            "agent-operations": 3,
        },
    },
    "churn-model": {
        "mlops": {
            "reproducibility": 4,
            "evaluation": 3,
            "deployment": 3,
            "observability": 3,
            "governance": 3,
        },
        "ai-operations": {
            "observability": 2,
            "llmops": 3,
            "governance": 2,
            "agent-operations": 5,
        },
    },
}


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_both_packs_in_one_check(name: str) -> None:
    """One check with both packs: the first gives the result, the second rides along."""
    report = check_paths([REPO / "examples" / name], today=TODAY, models=["mlops", "ai-operations"])
    [result] = report.results
    assert (result.model, result.levels) == ("mlops", LEVELS[name]["mlops"])
    assert [(o.model, o.levels) for o in result.others] == [
        ("ai-operations", LEVELS[name]["ai-operations"])
    ]


def test_both_packs_through_the_cli() -> None:
    """aimm check --model mlops --model ai-operations reports both packs for both examples."""
    proc = subprocess.run(
        [
            sys.executable, "-m", "aimm", "check",
            "examples/dispatch-agent", "examples/churn-model",
            "--model", "mlops", "--model", "ai-operations",
            "--today", TODAY.isoformat(), "--format", "json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    report = json.loads(proc.stdout)
    got = {
        Path(r["path"]).parent.name: {"mlops": r["levels"], **{
            k: v["levels"] for k, v in r["models"].items()
        }}
        for r in report["results"]
    }  # fmt: skip
    assert got == LEVELS
    # The first pack gates: dispatch-agent is below the mlops floors of its high tier.
    assert proc.returncode == 1
