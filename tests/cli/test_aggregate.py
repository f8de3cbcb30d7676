"""``aimm aggregate`` as users run it: report files and folders, REPO=, history, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from aimm.org.history import History
from tests.support import DATA, TODAY_ARGS, Cli

REPORTS = DATA / "org" / "reports"


def test_aggregate_newest_wins_and_records_history(in_tmp: Path, cli: Cli) -> None:
    """Two reports of one repository: the rerun's systems win; the snapshot goes to
    ./.aimm/history.sqlite; every gate passes, so exit 0."""
    code, out, err = cli(
        "aggregate",
        str(REPORTS / "payments"),
        str(REPORTS / "payments-rerun"),
        *TODAY_ARGS,
        "--format",
        "json",
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


def test_repo_prefix_names_the_repository(in_tmp: Path, cli: Cli) -> None:
    """REPO=REPORT overrides the folder name."""
    code, out, _ = cli(
        "aggregate",
        f"care-platform={REPORTS / 'care' / 'aimm.json'}",
        *TODAY_ARGS,
        "--no-history",
        "--format",
        "csv",
        "--fail-on",
        "never",
    )
    assert code == 2  # the malformed result in that report could not be evaluated
    assert ",care-platform,aimm.yaml,support-bot," in out
    assert not (in_tmp / ".aimm").exists()


def test_unreadable_reports_are_listed_and_exit_2(in_tmp: Path, cli: Cli) -> None:
    """Broken report files are listed; the readable ones still make the report."""
    code, out, _ = cli(
        "aggregate",
        str(REPORTS / "broken"),
        str(REPORTS / "payments-rerun"),
        *TODAY_ARGS,
        "--no-history",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 2
    assert data["headline"]["systems"] == 2
    assert sorted(Path(p["path"]).name for p in data["could_not_evaluate"]) == [
        "not-a-report.json",
        "truncated.json",
    ]


def test_no_reports_is_a_usage_error(in_tmp: Path, cli: Cli) -> None:
    """A folder without reports: one line, exit 2."""
    (in_tmp / "empty").mkdir()
    code, out, err = cli("aggregate", str(in_tmp / "empty"), "--no-history")
    assert (code, out) == (2, "")
    assert err.startswith("aimm: no report files found")


def test_aggregate_of_a_missing_report_is_exit_2(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli("aggregate", str(tmp_path / "missing.json"), "--no-history")
    assert (code, out) == (2, "")
    assert err == f"aimm: {tmp_path / 'missing.json'}: no such report file or folder\n"
