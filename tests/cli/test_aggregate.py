"""``aimm aggregate`` as users run it: report files and folders, REPO=, history, exit codes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run

from aimm.org.history import History

REPORTS = Path(__file__).parent / "data" / "org" / "reports"
TODAY = ["--today", "2026-11-21"]


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """The temporary folder as the working folder (the default history goes there)."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_aggregate_newest_wins_and_records_history(in_tmp: Path) -> None:
    """Two reports of one repository: the rerun's systems win; the snapshot goes to
    ./.aimm/history.sqlite; every gate passes, so exit 0."""
    code, out, err = run(
        [
            "aggregate",
            str(REPORTS / "payments"),
            str(REPORTS / "payments-rerun"),
            *TODAY,
            "--format",
            "json",
        ]
    )
    assert code == 0, err
    data = json.loads(out)
    assert [(s["repository"], s["system"], s["judged_on"]) for s in data["systems"]] == [
        ("payments", "checkout-assistant", "2026-11-01"),
        ("payments", "fixed-bot", "2026-11-15"),
        ("payments", "refund-agent", "2026-11-15"),
    ]
    assert [w["control"] for w in data["waivers"]["expiring"]] == ["EVA-4.2"]
    with History(str(in_tmp / ".aimm" / "history.sqlite")) as store:
        assert store.count() == 1


def test_repo_prefix_names_the_repository(in_tmp: Path) -> None:
    """REPO=REPORT overrides the folder name."""
    code, out, _ = run(
        [
            "aggregate",
            f"care-platform={REPORTS / 'care' / 'aimm.json'}",
            *TODAY,
            "--no-history",
            "--format",
            "csv",
            "--fail-on",
            "never",
        ]
    )
    assert code == 2  # the malformed result in that report could not be evaluated
    assert ",care-platform,aimm.yaml,support-bot," in out
    assert not (in_tmp / ".aimm").exists()


def test_unreadable_reports_are_listed_and_exit_2(in_tmp: Path) -> None:
    """Broken report files are listed; the readable ones still make the report."""
    code, out, _ = run(
        [
            "aggregate",
            str(REPORTS / "broken"),
            str(REPORTS / "payments-rerun"),
            *TODAY,
            "--no-history",
            "--format",
            "json",
        ]
    )
    data = json.loads(out)
    assert code == 2
    assert data["headline"]["systems"] == 2
    assert sorted(Path(p["path"]).name for p in data["could_not_evaluate"]) == [
        "not-a-report.json",
        "truncated.json",
    ]


def test_no_reports_is_a_usage_error(in_tmp: Path) -> None:
    """A folder without reports: one line, exit 2."""
    (in_tmp / "empty").mkdir()
    code, out, err = run(["aggregate", str(in_tmp / "empty"), "--no-history"])
    assert (code, out) == (2, "")
    assert err.startswith("aimm: no report files found")


def test_aggregate_of_a_missing_report_is_exit_2(tmp_path: Path) -> None:
    code, out, err = run(["aggregate", str(tmp_path / "missing.json"), "--no-history"])
    assert (code, out) == (2, "")
    assert err == f"aimm: {tmp_path / 'missing.json'}: no such report file or folder\n"
