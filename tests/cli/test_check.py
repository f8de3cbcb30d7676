"""``aimm check`` as users run it: verdicts and exit codes, output files and formats, --min-level,
--fail-on, CI integration, determinism."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.support import BASE, EXAMPLES, TODAY_ARGS, Cli

ANSI = re.compile(r"\x1b\[")


def _fail(system: Path) -> Path:
    text = (
        (system / "aimm.yaml")
        .read_text()
        .replace("dashboards: central\n    tracing", "dashboards: none\n    tracing")
    )
    (system / "aimm.yaml").write_text(text)
    return system


def test_check_passing_text(system: Path, cli: Cli) -> None:
    """A passing system: exit 0, the grid, the verdict, plain output when not a terminal."""
    code, out, _ = cli("check", str(system), *TODAY_ARGS)
    assert code == 0
    assert "base-agent" in out
    assert "gate: PASSED" in out
    for dim in ("visibility", "evaluation", "cost", "access", "audit"):
        assert re.search(rf"{dim}\s+.*L5 Optimized", out)
    assert not ANSI.search(out)


def test_check_failing_json_contract_shape(system: Path, cli: Cli) -> None:
    """A failing floor: exit 1 and the contract's report keys."""
    code, out, _ = cli("check", str(_fail(system)), "--format", "json", *TODAY_ARGS)
    assert code == 1
    report = json.loads(out)
    assert report["schema_version"] == 1
    assert report["summary"] == {"manifests": 1, "passed": 0, "failed": 1, "errors": 0}
    (result,) = report["results"]
    for key in (
        "path",
        "status",
        "system",
        "team",
        "tier",
        "levels",
        "floors",
        "floors_enforced",
        "controls",
        "next_steps",
        "gate",
    ):
        assert key in result
    assert result["status"] == "evaluated"
    assert result["levels"]["visibility"] == 1
    assert result["floors"]["visibility"] == 3
    assert result["gate"]["passed"] is False
    assert result["gate"]["reasons"]
    failing = {c["id"] for c in result["controls"] if c["status"] == "fail"}
    assert {"VIS-2.1", "VIS-3.1"} <= failing
    for control in result["controls"]:
        assert set(control) >= {"id", "dimension", "level", "status", "message", "remediation"}
        assert control["status"] in {"pass", "fail", "waived"}
    first = result["next_steps"][0]
    assert set(first) >= {"control", "dimension", "level", "action"}
    assert first["control"] == "VIS-2.1"


def test_check_text_failing_groups_and_next_steps(system: Path, cli: Cli) -> None:
    """Text output lists failing controls and numbered next steps."""
    code, out, _ = cli("check", str(_fail(system)), *TODAY_ARGS)
    assert code == 1
    assert "gate: FAILED" in out
    assert "VIS-2.1" in out
    assert "next steps:" in out
    assert "1. VIS-2.1" in out


def test_check_default_path_is_local_manifest(system: Path, in_tmp: Path, cli: Cli) -> None:
    """With no path, aimm check reads ./aimm.yaml."""
    code, out, _ = cli("check", "--format", "json", *TODAY_ARGS, cwd=system)
    assert code == 0
    assert json.loads(out)["results"][0]["path"] == "aimm.yaml"


def test_missing_path_is_exit_2(in_tmp: Path, cli: Cli) -> None:
    """A path that does not exist is an input error."""
    code, out, _ = cli("check", "nope.yaml", "--format", "json", *TODAY_ARGS)
    assert code == 2
    (result,) = json.loads(out)["results"]
    assert result["status"] == "error"
    assert result["errors"][0]["message"] == "no such file or folder"


def test_one_bad_manifest_does_not_stop_the_others(tmp_path: Path, cli: Cli) -> None:
    """A broken manifest in a folder is reported; the others are still evaluated."""
    shutil.copytree(BASE, tmp_path / "good")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: [\n")
    code, out, _ = cli("check", str(tmp_path), "--format", "json", *TODAY_ARGS)
    assert code == 2
    report = json.loads(out)
    assert report["summary"] == {"manifests": 2, "passed": 1, "failed": 0, "errors": 1}
    statuses = {Path(r["path"]).parent.name: r["status"] for r in report["results"]}
    assert statuses == {"good": "evaluated", "bad": "error"}
    bad = next(r for r in report["results"] if r["status"] == "error")
    assert bad["errors"][0]["line"] == 2


def test_text_error_is_one_located_line(tmp_path: Path, cli: Cli) -> None:
    """Text output names file and line for a broken manifest."""
    (tmp_path / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: [\n")
    code, out, _ = cli("check", str(tmp_path / "aimm.yaml"), *TODAY_ARGS)
    assert code == 2
    assert re.search(r"error: .*aimm\.yaml:\d+:", out)


def test_output_file_is_written_and_matches_stdout(system: Path, tmp_path: Path, cli: Cli) -> None:
    """--output writes the same bytes stdout would carry, and leaves no temporary file."""
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = cli("check", str(system), "--format", "json", *TODAY_ARGS)
    code2, out2, _ = cli("check", str(system), "--format", "json", "-o", str(target), *TODAY_ARGS)
    assert (code, code2) == (0, 0)
    assert out2 == ""
    assert target.read_text() == out
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_output_is_deterministic(system: Path, cli: Cli) -> None:
    """Same inputs and --today give byte-identical reports, in every format."""
    for fmt in ("json", "text"):
        first = cli("check", str(_fail(system)), "--format", fmt, *TODAY_ARGS)
        second = cli("check", str(system), "--format", fmt, *TODAY_ARGS)
        assert first == second


def test_no_verify_evidence(system: Path, cli: Cli) -> None:
    """Missing evidence fails its control unless --no-verify-evidence is given."""
    (system / "docs" / "runbook.md").unlink()
    _code, out, _ = cli("check", str(system), "--format", "json", *TODAY_ARGS)
    result = json.loads(out)["results"][0]
    runbook = next(c for c in result["controls"] if c["id"] == "AUD-4.7")
    assert runbook["status"] == "fail"
    assert "docs/runbook.md" in runbook["message"]
    code2, out2, _ = cli(
        "check", str(system), "--format", "json", "--no-verify-evidence", *TODAY_ARGS
    )
    assert code2 == 0
    result2 = json.loads(out2)["results"][0]
    assert next(c for c in result2["controls"] if c["id"] == "AUD-4.7")["status"] == "pass"


@pytest.mark.parametrize(
    ("args", "code", "floors"),
    [
        ([], 0, {"visibility": 1, "evaluation": 1, "cost": 1, "access": 1, "audit": 1}),
        (
            ["--min-level", "visibility=3"],
            1,
            {"visibility": 3, "evaluation": 1, "cost": 1, "access": 1, "audit": 1},
        ),
        (
            ["--min-level", "2"],
            0,
            {"visibility": 2, "evaluation": 2, "cost": 2, "access": 2, "audit": 2},
        ),
        (
            ["--min-level", "2", "--min-level", "audit=3"],
            1,
            {"visibility": 2, "evaluation": 2, "cost": 2, "access": 2, "audit": 3},
        ),
    ],
)
def test_min_level_raises_floors(
    args: list[str], code: int, floors: dict[str, int], cli: Cli
) -> None:
    """--min-level raises every or one dimension's floor above the tier's (L2 copilot)."""
    got, out, _ = cli(
        "check", str(EXAMPLES / "internal-copilot"), "--format", "json", *TODAY_ARGS, *args
    )
    assert got == code
    assert json.loads(out)["results"][0]["floors"] == floors


@pytest.mark.parametrize("bad", ["0", "6", "x", "vis=3", "audit="])
def test_min_level_rejects_bad_values(bad: str, cli: Cli) -> None:
    """A level outside 1-5 or an unknown dimension is a usage error."""
    code, _, err = cli("check", str(EXAMPLES / "internal-copilot"), *TODAY_ARGS, "--min-level", bad)
    assert code == 2
    assert "--min-level" in err


@pytest.mark.parametrize(
    ("example", "fail_on", "code"),
    [
        ("credit-scoring", "floors", 1),
        ("credit-scoring", "never", 0),
        ("internal-copilot", "floors", 0),
        ("internal-copilot", "any-fail", 1),  # passes its floors, but controls above them fail
        ("internal-copilot", "never", 0),
    ],
)
def test_fail_on(example: str, fail_on: str, code: int, cli: Cli) -> None:
    """--fail-on decides what fails the run; never still reports."""
    got, out, _ = cli(
        "check", str(EXAMPLES / example), "--format", "json", *TODAY_ARGS, "--fail-on", fail_on
    )
    assert got == code
    assert json.loads(out)["summary"]["manifests"] == 1


def test_fail_on_never_keeps_input_errors(tmp_path: Path, cli: Cli) -> None:
    """Input errors still exit 2 with --fail-on never: they are not a verdict."""
    (tmp_path / "aimm.yaml").write_text("kind: [\n")
    assert cli("check", str(tmp_path), *TODAY_ARGS, "--fail-on", "never")[0] == 2


def test_several_formats_need_output_dir(tmp_path: Path, cli: Cli) -> None:
    """Repeated --format writes one file per format into --output-dir."""
    target = EXAMPLES / "claims-triage"
    assert cli("check", str(target), *TODAY_ARGS, "--format", "json", "--format", "sarif")[0] == 2
    out_dir = tmp_path / "reports"
    code, out, _ = cli(
        "check",
        str(target),
        *TODAY_ARGS,
        "--output-dir",
        str(out_dir),
        *[
            a
            for f in ("json", "sarif", "junit", "markdown", "github", "text")
            for a in ("--format", f)
        ],
    )
    assert code == 0
    assert out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "aimm-github.txt",
        "aimm-junit.xml",
        "aimm.json",
        "aimm.md",
        "aimm.sarif",
        "aimm.txt",
    ]
    assert json.loads((out_dir / "aimm.json").read_text())["summary"]["passed"] == 1


def test_github_format_appends_step_summary(tmp_path: Path, cli: Cli) -> None:
    """With GITHUB_STEP_SUMMARY set, --format github appends the Markdown summary."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    code, out, err = cli(
        "check",
        str(EXAMPLES / "claims-triage"),
        "--today",
        "2027-03-15",
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert code == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert "claims-triage" in text
    assert "::warning" in out
    assert "waiver for COS-3.2 expires on 2027-03-31 (16 days left)" in err


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"GITHUB_REPOSITORY": "acme/returns"}, "acme/returns"),
        ({"CI_PROJECT_PATH": "acme/platform/returns"}, "acme/platform/returns"),
        ({}, None),
    ],
)
def test_check_report_names_the_ci_repository(
    environ: dict[str, str],
    expected: str | None,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
) -> None:
    """In CI the JSON report says which repository it is for (aimm aggregate reads it);
    outside CI the key is absent, so local reports stay as the contract shows them."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code, out, _ = cli("check", EXAMPLES / "support-agent", *TODAY_ARGS, "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report.get("repository") == expected
    assert ("repository" in report) is (expected is not None)


def test_output_to_a_missing_folder_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    """An unwritable -o is exit 2 with one line, not an internal error; nothing is written."""
    target = tmp_path / "nodir" / "report.json"
    code, out, err = cli(
        "check", EXAMPLES / "support-agent", *TODAY_ARGS, "--format", "json", "-o", target
    )
    assert (code, out) == (2, "")
    assert err == f"aimm: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()


def test_any_fail_says_why_it_fails(cli: Cli) -> None:
    """--fail-on any-fail exits 1 on a passing gate and says so on stderr."""
    code, _, err = cli("check", EXAMPLES / "support-agent", *TODAY_ARGS, "--fail-on", "any-fail")
    assert code == 1
    assert err.startswith("aimm: --fail-on any-fail: ")
    assert err.endswith(" failing control(s), though every gate passed\n")


def test_input_errors_reach_stderr_when_reports_go_to_files(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --output-dir nothing is printed on stdout, so input errors are said on stderr."""
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(
        "check", "--format", "sarif", "--format", "junit", "--output-dir", "reports", *TODAY_ARGS
    )
    assert (code, out) == (2, "")
    assert err == "aimm: error: aimm.yaml: no such file or folder\n"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "aimm-junit.xml",
        "aimm.sarif",
    ]


def test_policy_folder_without_rego_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    empty = tmp_path / "policies"
    empty.mkdir()
    code, _, err = cli("check", EXAMPLES / "support-agent", *TODAY_ARGS, "--policy", empty)
    assert code == 2
    assert err == f"aimm: policy folder {empty} holds no .rego policy\n"
