"""The aiops-capability pack's shipped example, examples/helpdesk-assistant: the pack levels and
the self-assessment its README states."""

from __future__ import annotations

from aimm.check.run import check_paths
from tests.support import EXAMPLES, TODAY, TODAY_ARGS, Cli


def test_helpdesk_assistant_levels_and_assessment() -> None:
    """Levels per dimension, claimed 30 against evidenced 29, and the one claim (q9) the facts
    do not show."""
    [result] = check_paths(
        [EXAMPLES / "helpdesk-assistant"], today=TODAY, models=["aiops-capability"]
    ).results
    assert result.levels == {
        "gateway": 2,
        "observability": 3,
        "memory": 2,
        "orchestration": 2,
        "cost": 2,
        "security": 2,
    }
    assert result.gate_passed is True
    assessment = result.extras["assessment"]
    assert (assessment["claimed"]["total"], assessment["evidenced"]["total"]) == (30, 29)
    assert [g["question"] for g in assessment["gaps"]] == ["q9"]


def test_helpdesk_assistant_text_report(cli: Cli) -> None:
    """The text report shows the claim beside the evidence."""
    code, out, _ = cli(
        "check", EXAMPLES / "helpdesk-assistant", "--model", "aiops-capability", *TODAY_ARGS
    )
    assert code == 0
    flat = " ".join(out.split())
    assert "claimed 30 (L2 Organized), evidenced 29 (L2 Organized)" in flat
