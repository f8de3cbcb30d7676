"""Wording shared by the org reporters."""

from __future__ import annotations

from aimm.org.formats import _common
from aimm.org.report import Trend
from tests.org.samples import example_report


def test_plural_and_percent() -> None:
    """Counts read naturally; nothing of nothing is 0%."""
    assert (_common.plural(1, "system"), _common.plural(2, "system")) == ("1 system", "2 systems")
    assert (_common.percent(11, 13), _common.percent(0, 0)) == ("85%", "0%")


def test_cells_and_notes_mark_floors_and_moves() -> None:
    """Enforced miss, unenforced miss, move up; the note says which."""
    rows = {r.posture.system: r for r in example_report().systems}
    assert _common.cell(rows["fraud-signals"], "evaluation") == "2▼"
    assert _common.cell(rows["stress-test-narrator"], "evaluation") == "1▽"
    assert _common.cell(rows["credit-limits"], "access") == "3↑"
    assert _common.floor_note(rows["stress-test-narrator"], "evaluation") == (
        "evaluation: level 1, floor 2 (below, not enforced)"
    )
    assert _common.floor_note(rows["credit-limits"], "access") == (
        "access: level 3, floor 2; moved up since the previous snapshot"
    )


def test_trend_sentence_without_history() -> None:
    """The first run says there is nothing to compare with."""
    assert _common.trend_sentence(Trend(None)).startswith("no previous snapshot")


def test_grouped_and_top_gaps() -> None:
    """Business units with their teams in order; at most five gaps shown per dimension."""
    report = example_report()
    assert [(unit, [team for team, _ in teams]) for unit, teams in _common.grouped(report)] == [
        ("customer-operations", ["care-ai"]),
        ("finance", ["payments-ai", "risk-ml"]),
    ]
    shown, more = _common.top_gaps(report, "visibility")
    assert len(shown) <= _common.GAPS_SHOWN and more == len(report.gaps["visibility"]) - len(shown)
