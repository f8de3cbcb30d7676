"""A model whose lowest level is 0 through the org report and the history: the heatmap names
its range, level 0 is counted, and the history heads its series with the model's dimensions."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import TODAY_ARGS, Cli

CASES = Path(__file__).parent / "cases"
MODEL = "aiops-capability"


def test_org_report_and_history_from_level_0(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "org"
    shutil.copytree(CASES, root)
    history = str(tmp_path / "history.sqlite")
    code, out, err = cli("scan", root, "--model", MODEL, "--history", history, *TODAY_ARGS)
    assert code == 1, err  # overclaimed-team fails its gate
    assert "Levels 0-5 per dimension." in out
    assert "| dimension | L0 Ad-Hoc | L1 Reactive |" in out.replace("Dimension", "dimension")
    assert "| gateway | 1 | 0 | 2 | 0 | 2 | 1 |" in out
    code, out, err = cli(
        "history", "--history", history, "--model", "aiops-capability", "--system", "bare-prototype"
    )
    assert (code, err) == (0, "")
    head, row = out.splitlines()[2:4]
    assert head.split() == [
        "date", "repository", "gateway", "observability", "memory", "orchestration", "cost",
        "security", "gate",
    ]  # fmt: skip
    assert row.split() == ["2026-11-21", "bare-prototype", "0", "0", "0", "0", "0", "0", "pass"]
