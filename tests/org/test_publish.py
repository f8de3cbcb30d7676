"""The roll-up library: scan and aggregate to postures, history and trend, writing outputs."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from org_samples import EXAMPLE_ORG, example_postures

from aimm.core.errors import UsageError
from aimm.org import rollup
from aimm.org.history import History

TODAY = date(2026, 11, 21)
REPORTS = Path(__file__).parent / "data" / "org" / "reports"


def test_default_history_is_inside_the_first_root(tmp_path: Path) -> None:
    """ROOT/.aimm/history.sqlite."""
    assert rollup.default_history(tmp_path) == tmp_path / ".aimm" / "history.sqlite"


def test_scan_merges_walk_problems_and_results(tmp_path: Path) -> None:
    """A missing root is listed beside the evaluated systems of a real one."""
    systems, problems = rollup.scan(
        [EXAMPLE_ORG / "support-bot", tmp_path / "missing"],
        today=TODAY,
        jobs=1,
        use_cache=False,
        progress=False,
    )
    assert [s.key for s in systems] == [("support-bot", "support-bot")]
    assert [p.path for p in problems] == [(tmp_path / "missing").as_posix()]


def test_aggregate_needs_reports(tmp_path: Path) -> None:
    """An empty folder is a usage error, not an empty org report."""
    with pytest.raises(UsageError, match="no report files found"):
        rollup.aggregate([str(tmp_path)])
    systems, problems = rollup.aggregate([str(REPORTS / "care")])
    assert [s.system for s in systems] == ["support-bot"] and len(problems) == 1


def test_finish_records_and_trends(tmp_path: Path) -> None:
    """The first run records a snapshot without trend; a later run compares with it."""
    systems, problems = example_postures()
    location = str(tmp_path / "h.sqlite")
    with History(location) as store:
        first = rollup.finish(systems, problems, today=date(2026, 10, 21), history=store)
        assert first.trend.previous is None
        second = rollup.finish(systems[1:], problems, today=TODAY, history=store)
        assert second.trend.previous == "2026-10-21"
        assert [c.change for c in second.trend.changes] == ["gone"]
        assert store.count() == 2
    assert rollup.finish(systems, problems, today=TODAY, history=None).trend.previous is None


def test_write_to_stdout_file_and_folder(tmp_path: Path) -> None:
    """One format to stdout or a file; several into a folder, one file each."""
    systems, problems = example_postures()
    report = rollup.finish(systems, problems, today=TODAY, history=None)
    text = rollup.write(report, ["json"], None, None)
    assert text is not None and json.loads(text)["headline"]["systems"] == 13
    assert rollup.write(report, ["csv"], tmp_path / "org.csv", None) is None
    assert (tmp_path / "org.csv").read_text().startswith("status,business_unit,")
    out = tmp_path / "out"
    assert rollup.write(report, ["markdown", "html", "json", "csv"], None, out) is None
    assert sorted(p.name for p in out.iterdir()) == [
        "aimm-org.csv",
        "aimm-org.html",
        "aimm-org.json",
        "aimm-org.md",
    ]


def test_progress_bar_disabled_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    """No terminal, no bar: advance() does nothing and nothing is printed."""
    with rollup.progress_bar(3, enabled=False) as advance:
        advance()
    with rollup.progress_bar(0, enabled=True) as advance:
        advance()
    assert capsys.readouterr() == ("", "")


def test_scan_of_a_copy_equals_scan_of_the_original(tmp_path: Path) -> None:
    """Where the checkouts live does not change the postures (paths are per repository)."""
    copy = tmp_path / "org"
    shutil.copytree(EXAMPLE_ORG, copy)
    systems, _ = rollup.scan([copy], today=TODAY, jobs=2, use_cache=False, progress=False)
    original, _ = example_postures()
    assert sorted(systems, key=lambda s: s.key) == sorted(original, key=lambda s: s.key)
