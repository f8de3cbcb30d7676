"""``aimm history``: level over time for the org and for one system."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import EXAMPLE_ORG, TODAY_ARGS, Cli


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> Path:
    """Two snapshots of examples/org a month apart; credit-limits gains a cost level between."""
    root = tmp_path_factory.mktemp("hist")
    org = root / "org"
    shutil.copytree(EXAMPLE_ORG, org)
    db = root / "h.sqlite"
    scan = ["scan", str(org), "--no-cache", "-j", "1", "--history", str(db), "--format", "csv"]
    cli(*scan, "--today", "2026-10-21")
    manifest = org / "credit-limits" / "aimm.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "    dashboards: per-team\n  access",
            "    dashboards: central\n    alerts: {enabled: true, thresholds: [1.0]}\n  access",
        )
    )
    cli(*scan, *TODAY_ARGS)
    return db


def test_org_history_table(history: Path, cli: Cli) -> None:
    """One row per snapshot with systems, passing and median levels."""
    code, out, _ = cli("history", "--history", str(history))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "2 snapshots; median level per dimension"
    assert lines[3].split() == ["2026-10-21", "13", "12", "(92%)", "3", "2", "2", "3", "2"]
    assert lines[4].split()[:4] == ["2026-11-21", "13", "11", "(85%)"]


def test_one_system_over_time(history: Path, cli: Cli) -> None:
    """credit-limits' cost went from 2 to 3."""
    code, out, _ = cli(
        "history", "--history", str(history), "--system", "credit-limits", "--format", "json"
    )
    assert code == 0
    points = json.loads(out)
    assert [(p["date"], p["repository"], p["levels"]["cost"]) for p in points] == [
        ("2026-10-21", "credit-limits", 2),
        ("2026-11-21", "credit-limits", 3),
    ]


def test_unknown_system_and_missing_history_exit_2(history: Path, tmp_path: Path, cli: Cli) -> None:
    """Each is a one-line error."""
    code, _, err = cli("history", "--history", str(history), "--system", "nope")
    assert code == 2 and "holds a system named 'nope'" in err
    code, _, err = cli("history", "--history", str(tmp_path / "none.sqlite"))
    assert code == 2 and err.startswith("aimm: no history at")
