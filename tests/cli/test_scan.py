"""``aimm scan`` as users run it: outputs, history next to the root, trend, exit codes,
progress on a terminal."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aimm.org.history import History
from tests.support import EXAMPLE_ORG, ORG_CONFIG_EXAMPLE, TODAY, TODAY_ARGS, Cli


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scan cache for the module: after the first scan, unchanged manifests are hits."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIMM_CACHE_DIR", str(shared_cache))


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A writable copy of examples/org."""
    target = tmp_path / "org"
    shutil.copytree(EXAMPLE_ORG, target)
    return target


def test_scan_prints_markdown_and_records_history_in_the_root(org: Path, cli: Cli) -> None:
    """Default: Markdown on stdout, a snapshot in ROOT/.aimm/history.sqlite, exit 1 (two
    systems fail their gate), nothing on stderr without a terminal."""
    code, out, err = cli("scan", str(org), *TODAY_ARGS, "-j", "1")
    assert code == 1, err
    assert out.startswith(f"# AI operations posture, {TODAY}\n")
    assert "- **Systems:** 13" in out
    assert err == ""
    with History(str(org / ".aimm" / "history.sqlite")) as store:
        assert store.count() == 1


def test_second_snapshot_shows_the_trend_and_same_day_replaces(org: Path, cli: Cli) -> None:
    """A month later, after support-bot drops its reviews: evaluation down; rerunning that
    day replaces its snapshot instead of adding one."""
    db = str(org.parent / "h.sqlite")
    base = ["scan", str(org), "-j", "1", "--history", db, "--format", "json"]
    cli(*base, "--today", "2026-10-21")
    manifest = org / "support-bot" / "aimm.yaml"
    manifest.write_text(
        manifest.read_text().replace("manual_review: ad-hoc", "manual_review: none")
    )
    for _ in range(2):
        code, out, _ = cli(*base, *TODAY_ARGS)
    trend = json.loads(out)["trend"]
    assert code == 1
    assert trend["previous"] == "2026-10-21"
    assert trend["changes"] == [
        {
            "repository": "support-bot",
            "system": "support-bot",
            "team": "care-ai",
            "business_unit": "customer-operations",
            "change": "down",
            "dimension": "evaluation",
            "before": 2,
            "after": 1,
        }
    ]
    with History(db) as store:
        assert store.count() == 2


def test_output_dir_and_fail_on_never(org: Path, cli: Cli) -> None:
    """Every format into a folder; --fail-on never exits 0 when all could be evaluated."""
    out = org.parent / "reports"
    code, stdout, _ = cli(
        "scan",
        str(org),
        *TODAY_ARGS,
        "--no-history",
        "--fail-on",
        "never",
        "--output-dir",
        str(out),
        "--format",
        "html",
        "--format",
        "csv",
        "--format",
        "json",
        "--format",
        "markdown",
    )
    assert (code, stdout) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [
        "aimm-org.csv",
        "aimm-org.html",
        "aimm-org.json",
        "aimm-org.md",
    ]
    assert not (org / ".aimm").exists()


def test_broken_manifest_is_listed_and_exits_2(org: Path, cli: Cli) -> None:
    """A broken manifest does not stop the scan: the others are reported, exit 2."""
    (org / "wiki-bot").mkdir()
    (org / "wiki-bot" / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: AISystem\n")
    code, out, _ = cli(
        "scan", str(org), *TODAY_ARGS, "--no-history", "--format", "json", "--fail-on", "never"
    )
    data = json.loads(out)
    assert code == 2
    assert data["headline"]["systems"] == 13
    [problem] = data["could_not_evaluate"]
    assert (problem["repository"], problem["path"]) == ("wiki-bot", "aimm.yaml")
    assert "required" in problem["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "html", "--format", "json"], "several --format values need --output-dir"),
        (["--history", "x.sqlite", "--no-history"], "either --history or --no-history"),
        (["-o", "a.md", "--output-dir", "d"], "either --output or --output-dir"),
        (["--history", "nosuchdb://x"], "history database nosuchdb://x"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    org: Path, args: list[str], message: str, cli: Cli
) -> None:
    """Misuse is one line on stderr and exit 2, before any evaluation."""
    code, out, err = cli("scan", str(org), *TODAY_ARGS, *args)
    assert (code, out) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1


def test_scan_needs_a_root(cli: Cli) -> None:
    """No ROOT is a usage error."""
    code, _, err = cli("scan")
    assert code == 2 and "Missing argument 'ROOTS...'" in err


def test_cached_rescan_gives_the_same_report(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """With the result cache on, a rescan is answered from it and the report is identical."""
    monkeypatch.setenv("AIMM_CACHE_DIR", str(tmp_path / "cache"))
    args = ["scan", str(org), *TODAY_ARGS, "--no-history", "-j", "1", "--format", "json"]
    first = cli(*args)
    assert len(list((tmp_path / "cache" / "scan" / "results").rglob("*.json"))) == 13
    assert cli(*args) == first


def _scan_with_stderr_on_a_terminal(root: Path) -> tuple[str, str]:
    """Run the real console command with stderr on a pseudo-terminal; (stdout, stderr)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aimm",
            "scan",
            str(root),
            *TODAY_ARGS,
            "--no-history",
            "-j",
            "2",
            "--format",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    proc.wait(timeout=60)
    os.close(master)
    return stdout, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(org: Path) -> None:
    """stderr a terminal: a progress bar counting the manifests; stdout stays clean JSON."""
    stdout, stderr = _scan_with_stderr_on_a_terminal(org)
    assert "evaluating" in stderr and "/13" in stderr
    assert json.loads(stdout)["headline"]["systems"] == 13


@pytest.mark.parametrize(
    ("flags", "code", "passing", "floors"),
    [
        ([], 1, 1, 4),  # the nearest aimm-org.yaml raises the evaluation floor of tier high
        (["--config", str(ORG_CONFIG_EXAMPLE / "aimm-org.yaml")], 1, 1, 4),
        (["--no-config"], 0, 2, 3),
    ],
    ids=["discovered", "explicit", "no-config"],
)
def test_scan_applies_org_configs_like_check(
    flags: list[str],
    code: int,
    passing: int,
    floors: int,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
) -> None:
    """The org config reaches the scan as it reaches aimm check: same verdicts, same floors."""
    monkeypatch.delenv("AIMM_CONFIG", raising=False)
    args = ["scan", str(ORG_CONFIG_EXAMPLE), *TODAY_ARGS, "-j", "1", "--no-history", "--format"]
    got, out, err = cli(*args, "json", *flags)
    assert got == code, err
    report = json.loads(out)
    assert report["headline"]["passing"] == passing
    assert {s["floors"]["evaluation"] for s in report["systems"]} == {floors}


def test_scan_with_a_bad_explicit_config_stops_with_one_line(tmp_path: Path, cli: Cli) -> None:
    """A bad --config is an input error before any manifest is evaluated."""
    bad = tmp_path / "aimm-org.yaml"
    bad.write_text("apiVersion: aimm/v1\nkind: OrgConfig\nfloorz: {}\n", encoding="utf-8")
    code, out, err = cli("scan", str(ORG_CONFIG_EXAMPLE), *TODAY_ARGS, "--config", str(bad))
    assert (code, out) == (2, "")
    assert err.strip() == f"aimm: {bad}:3: /floorz: unknown key 'floorz' (did you mean 'floors'?)"


def test_scan_of_an_empty_or_missing_root_is_exit_2(tmp_path: Path, cli: Cli) -> None:
    """A mistyped or empty root must not pass in CI: one line, exit 2, no report."""
    code, out, err = cli("scan", str(tmp_path), *TODAY_ARGS, "--no-history")
    assert (code, out) == (2, "")
    assert err == f"aimm: no aimm.yaml found below {tmp_path}\n"
    code, out, err = cli("scan", str(tmp_path / "nope"), *TODAY_ARGS, "--no-history")
    assert (code, out) == (2, "")
    assert "does not exist" in err


def test_history_url_without_its_driver_is_exit_2_before_scanning(cli: Cli) -> None:
    code, out, err = cli(
        "scan", str(EXAMPLE_ORG), *TODAY_ARGS, "--history", "mysql://u@localhost/db"
    )
    assert (code, out) == (2, "")
    # (The PostgreSQL driver is a test dependency; MySQL's is not installed.)
    assert err.startswith("aimm: history database mysql://u@localhost/db: its driver")
