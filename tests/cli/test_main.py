"""The CLI as users run it: every command, exit codes, output files, determinism."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from aimm import __version__
from aimm.cli import COMMANDS, main
from aimm.core.errors import EngineError

DATA = Path(__file__).parent / "data"
BASE = DATA / "controls" / "base"
TODAY = ["--today", "2026-11-21"]
ANSI = re.compile(r"\x1b\[")


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``aimm ARGS`` in Click's isolation; return exit code, stdout, stderr."""
    runner = CliRunner()
    with runner.isolation(env=env) as streams:
        code = main(args)
    out, err = streams[0].getvalue().decode(), streams[1].getvalue().decode()
    return code, out, err


@pytest.fixture
def system(tmp_path: Path) -> Path:
    """A copy of the all-passing base system in a temporary folder."""
    target = tmp_path / "svc"
    shutil.copytree(BASE, target)
    return target


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run with the temporary folder as the working folder."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def _fail(system: Path) -> Path:
    text = (
        (system / "aimm.yaml")
        .read_text()
        .replace("dashboards: central\n    tracing", "dashboards: none\n    tracing")
    )
    (system / "aimm.yaml").write_text(text)
    return system


def test_version() -> None:
    """--version prints the version."""
    code, out, _ = run(["--version"])
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize("command", [[], *[[name] for name in COMMANDS]])
def test_help_on_every_command(command: list[str]) -> None:
    """Every command has help text."""
    code, out, _ = run([*command, "--help"])
    assert code == 0
    assert "Usage:" in out
    assert len(out.splitlines()) > 3


def test_check_passing_text(system: Path) -> None:
    """A passing system: exit 0, the grid, the verdict, plain output when not a terminal."""
    code, out, _ = run(["check", str(system), *TODAY])
    assert code == 0
    assert "base-agent" in out
    assert "gate: PASSED" in out
    for dim in ("visibility", "evaluation", "cost", "access", "audit"):
        assert re.search(rf"{dim}\s+.*L5 Optimized", out)
    assert not ANSI.search(out)


def test_check_failing_json_contract_shape(system: Path) -> None:
    """A failing floor: exit 1 and the contract's report keys."""
    code, out, _ = run(["check", str(_fail(system)), "--format", "json", *TODAY])
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


def test_check_text_failing_groups_and_next_steps(system: Path) -> None:
    """Text output lists failing controls and numbered next steps."""
    code, out, _ = run(["check", str(_fail(system)), *TODAY])
    assert code == 1
    assert "gate: FAILED" in out
    assert "VIS-2.1" in out
    assert "next steps:" in out
    assert "1. VIS-2.1" in out


def test_check_default_path_is_local_manifest(system: Path, in_tmp: Path) -> None:
    """With no path, aimm check reads ./aimm.yaml."""
    os.chdir(system)
    code, out, _ = run(["check", "--format", "json", *TODAY])
    assert code == 0
    assert json.loads(out)["results"][0]["path"] == "aimm.yaml"


def test_missing_path_is_exit_2(in_tmp: Path) -> None:
    """A path that does not exist is an input error."""
    code, out, _ = run(["check", "nope.yaml", "--format", "json", *TODAY])
    assert code == 2
    (result,) = json.loads(out)["results"]
    assert result["status"] == "error"
    assert result["errors"][0]["message"] == "no such file or folder"


def test_one_bad_manifest_does_not_stop_the_others(tmp_path: Path) -> None:
    """A broken manifest in a folder is reported; the others are still evaluated."""
    shutil.copytree(BASE, tmp_path / "good")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: [\n")
    code, out, _ = run(["check", str(tmp_path), "--format", "json", *TODAY])
    assert code == 2
    report = json.loads(out)
    assert report["summary"] == {"manifests": 2, "passed": 1, "failed": 0, "errors": 1}
    statuses = {Path(r["path"]).parent.name: r["status"] for r in report["results"]}
    assert statuses == {"good": "evaluated", "bad": "error"}
    bad = next(r for r in report["results"] if r["status"] == "error")
    assert bad["errors"][0]["line"] == 2


def test_text_error_is_one_located_line(tmp_path: Path) -> None:
    """Text output names file and line for a broken manifest."""
    (tmp_path / "aimm.yaml").write_text("apiVersion: aimm/v1\nkind: [\n")
    code, out, _ = run(["check", str(tmp_path / "aimm.yaml"), *TODAY])
    assert code == 2
    assert re.search(r"error: .*aimm\.yaml:\d+:", out)


def test_output_file_is_written_and_matches_stdout(system: Path, tmp_path: Path) -> None:
    """--output writes the same bytes stdout would carry, and leaves no temporary file."""
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = run(["check", str(system), "--format", "json", *TODAY])
    code2, out2, _ = run(["check", str(system), "--format", "json", "-o", str(target), *TODAY])
    assert (code, code2) == (0, 0)
    assert out2 == ""
    assert target.read_text() == out
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_engine_failure_is_exit_3_and_keeps_old_output(
    system: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine failure exits 3 with one line and does not touch an existing output file."""
    target = tmp_path / "report.json"
    target.write_text("previous")

    def boom(self: object, document: object) -> dict[str, object]:
        raise EngineError("policy evaluation failed: simulated")

    monkeypatch.setattr("aimm.core.engine.Engine.evaluate", boom)
    code, _out, err = run(["check", str(system), "-o", str(target), *TODAY])
    assert code == 3
    assert err.strip() == "aimm: policy evaluation failed: simulated"
    assert target.read_text() == "previous"


def test_internal_error_is_one_line_without_traceback(
    system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug is reported in one line, never as a traceback."""

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected\nsecond line")

    monkeypatch.setattr("aimm.commands.check.check_paths", boom)
    code, _, err = run(["check", str(system), *TODAY])
    assert code == 3
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "internal error: RuntimeError: unexpected" in err


def test_output_is_deterministic(system: Path) -> None:
    """Same inputs and --today give byte-identical reports, in every format."""
    for fmt in ("json", "text"):
        first = run(["check", str(_fail(system)), "--format", fmt, *TODAY])
        second = run(["check", str(system), "--format", fmt, *TODAY])
        assert first == second


def test_usage_errors_are_exit_2() -> None:
    """Wrong options are usage errors."""
    assert run(["check", "--format", "nope"])[0] == 2
    assert run(["check", "--today", "21/11/2026"])[0] == 2
    assert run(["frobnicate"])[0] == 2


def test_no_verify_evidence(system: Path) -> None:
    """Missing evidence fails its control unless --no-verify-evidence is given."""
    (system / "docs" / "runbook.md").unlink()
    _code, out, _ = run(["check", str(system), "--format", "json", *TODAY])
    result = json.loads(out)["results"][0]
    runbook = next(c for c in result["controls"] if c["id"] == "AUD-4.7")
    assert runbook["status"] == "fail"
    assert "docs/runbook.md" in runbook["message"]
    code2, out2, _ = run(["check", str(system), "--format", "json", "--no-verify-evidence", *TODAY])
    assert code2 == 0
    result2 = json.loads(out2)["results"][0]
    assert next(c for c in result2["controls"] if c["id"] == "AUD-4.7")["status"] == "pass"


def test_validate(system: Path, tmp_path: Path) -> None:
    """validate: 0 for a valid manifest, 2 and a located line for an invalid one."""
    assert run(["validate", str(system)])[0] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (system / "aimm.yaml").read_text().replace("dashboards: central", "dashboard: central", 1)
    )
    code, _, err = run(["validate", str(bad)])
    assert code == 2
    assert re.search(r"bad\.yaml:\d+: .*dashboard.*did you mean 'dashboards'", err)


def test_explain() -> None:
    """explain shows the catalog entry; an unknown id is a usage error with a hint."""
    code, out, _ = run(["explain", "vis-3.3"])
    assert code == 0
    assert out.startswith("VIS-3.3: ")
    assert "remediation:" in out
    code, _, err = run(["explain", "VIS-3.9"])
    assert code == 2
    assert "did you mean" in err


def test_controls() -> None:
    """controls lists the catalog; --dimension filters; JSON is parseable."""
    code, out, _ = run(["controls", "--format", "json"])
    assert code == 0
    controls = json.loads(out)["controls"]
    assert len(controls) >= 50
    code, out, _ = run(["controls", "--dimension", "cost"])
    assert code == 0
    assert {line.split()[1] for line in out.splitlines()} == {"cost"}
    assert run(["controls", "--dimension", "nope"])[0] == 2


def test_schema_command() -> None:
    """schema prints the JSON Schema."""
    code, out, _ = run(["schema"])
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_init_writes_a_valid_manifest_and_refuses_to_overwrite(in_tmp: Path) -> None:
    """init writes a starter that validates, and will not overwrite without --force."""
    code, _, _ = run(["init", "--name", "my-bot", "--owner", "me@example.com"])
    assert code == 0
    assert run(["validate", "aimm.yaml"])[0] == 0
    assert run(["check", "--today", "2026-11-21"])[0] == 0
    before = Path("aimm.yaml").read_text()
    code, _, err = run(["init", "--name", "other"])
    assert code == 2
    assert "already exists" in err
    assert Path("aimm.yaml").read_text() == before
    assert run(["init", "--name", "other", "--force"])[0] == 0
    assert "name: other" in Path("aimm.yaml").read_text()
    assert run(["init", "--name", "Not A Slug", "--force"])[0] == 2


def test_console_script_and_module(system: Path) -> None:
    """The installed `aimm` script and `python -m aimm` both work from another folder."""
    script = shutil.which("aimm")
    assert script is not None, "the aimm console script is not installed"
    done = subprocess.run(
        [script, "check", str(system), "--format", "json", *TODAY],
        capture_output=True,
        text=True,
        cwd=system.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["passed"] == 1
    done = subprocess.run(
        [sys.executable, "-m", "aimm", "--version"],
        capture_output=True,
        text=True,
        cwd=system.parent,
        check=False,
    )
    assert done.returncode == 0
    assert __version__ in done.stdout


HOSTILE = DATA / "hostile"
HOSTILE_EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (HOSTILE / "expected.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", sorted(HOSTILE_EXPECTED))
def test_hostile_input_through_the_cli(name: str, tmp_path: Path) -> None:
    """Each hostile file: exit 2, one located line naming the file, never a traceback."""
    target = tmp_path / "aimm.yaml"
    shutil.copyfile(HOSTILE / name, target)
    expected = HOSTILE_EXPECTED[name]
    code, out, err = run(["check", str(target), *TODAY])
    assert code == 2
    assert "Traceback" not in out + err
    lines = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert lines, out
    line = lines[0]  # one line per problem; the first is the one expected.yaml names
    where = f"{target.as_posix()}:{expected['line']}:" if expected["line"] else target.as_posix()
    assert where in line
    assert str(expected["contains"]) in line
    code, out, _ = run(["check", str(target), "--format", "json", *TODAY])
    assert code == 2
    (result,) = json.loads(out)["results"]
    assert result["status"] == "error"
    assert "levels" not in result
    assert result["errors"][0]["line"] == expected["line"]


def test_oversized_manifest_through_the_cli(tmp_path: Path) -> None:
    """A manifest over the size limit is refused before it is parsed."""
    target = tmp_path / "aimm.yaml"
    target.write_text("# padding\n" * 120_000)
    code, out, _ = run(["check", str(target), "--format", "json", *TODAY])
    assert code == 2
    assert "file too large" in json.loads(out)["results"][0]["errors"][0]["message"]


def test_policy_test_command(tmp_path: Path) -> None:
    """aimm policy test runs built-in and custom policy tests; a failing one exits 1."""
    code, out, _ = run(["policy", "test"])
    assert code == 0
    assert re.search(r"^\d{3,} passed, 0 failed$", out, re.MULTILINE)
    custom = tmp_path / "org"
    custom.mkdir()
    (custom / "acme_test.rego").write_text(
        "package acme_test\n\ntest_pass_ok if true\n\ntest_fail_broken if 1 == 2\n"
    )
    code, out, _ = run(["policy", "test", str(custom)])
    assert code == 1
    assert "FAIL" in out
    assert "acme_test.test_fail_broken" in out
    assert re.search(r"passed, 1 failed$", out, re.MULTILINE)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


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
def test_min_level_raises_floors(args: list[str], code: int, floors: dict[str, int]) -> None:
    """--min-level raises every or one dimension's floor above the tier's (L2 copilot)."""
    got, out, _ = run(
        ["check", str(EXAMPLES / "internal-copilot"), "--format", "json", *TODAY, *args]
    )
    assert got == code
    assert json.loads(out)["results"][0]["floors"] == floors


@pytest.mark.parametrize("bad", ["0", "6", "x", "vis=3", "audit="])
def test_min_level_rejects_bad_values(bad: str) -> None:
    """A level outside 1-5 or an unknown dimension is a usage error."""
    code, _, err = run(["check", str(EXAMPLES / "internal-copilot"), *TODAY, "--min-level", bad])
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
def test_fail_on(example: str, fail_on: str, code: int) -> None:
    """--fail-on decides what fails the run; never still reports."""
    got, out, _ = run(
        ["check", str(EXAMPLES / example), "--format", "json", *TODAY, "--fail-on", fail_on]
    )
    assert got == code
    assert json.loads(out)["summary"]["manifests"] == 1


def test_fail_on_never_keeps_input_errors(tmp_path: Path) -> None:
    """Input errors still exit 2 with --fail-on never: they are not a verdict."""
    (tmp_path / "aimm.yaml").write_text("kind: [\n")
    assert run(["check", str(tmp_path), *TODAY, "--fail-on", "never"])[0] == 2


def test_several_formats_need_output_dir(tmp_path: Path) -> None:
    """Repeated --format writes one file per format into --output-dir."""
    target = EXAMPLES / "claims-triage"
    assert run(["check", str(target), *TODAY, "--format", "json", "--format", "sarif"])[0] == 2
    out_dir = tmp_path / "reports"
    code, out, _ = run(
        [
            "check",
            str(target),
            *TODAY,
            "--output-dir",
            str(out_dir),
            *[
                a
                for f in ("json", "sarif", "junit", "markdown", "github", "text")
                for a in ("--format", f)
            ],
        ]
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


def test_github_format_appends_step_summary(tmp_path: Path) -> None:
    """With GITHUB_STEP_SUMMARY set, --format github appends the Markdown summary."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    code, out, err = run(
        ["check", str(EXAMPLES / "claims-triage"), "--today", "2027-03-15", "--format", "github"],
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
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In CI the JSON report says which repository it is for (aimm aggregate reads it);
    outside CI the key is absent, so local reports stay as the contract shows them."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code = main(["check", str(EXAMPLES / "support-agent"), *TODAY, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report.get("repository") == expected
    assert ("repository" in report) is (expected is not None)


def test_output_to_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unwritable -o is exit 2 with one line, not an internal error; nothing is written."""
    target = tmp_path / "nodir" / "report.json"
    code = main(
        ["check", str(EXAMPLES / "support-agent"), *TODAY, "--format", "json", "-o", str(target)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"aimm: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()


def test_any_fail_says_why_it_fails(capsys: pytest.CaptureFixture[str]) -> None:
    """--fail-on any-fail exits 1 on a passing gate and says so on stderr."""
    code = main(["check", str(EXAMPLES / "support-agent"), *TODAY, "--fail-on", "any-fail"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("aimm: --fail-on any-fail: ")
    assert err.endswith(" failing control(s), though every gate passed\n")


def test_input_errors_reach_stderr_when_reports_go_to_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --output-dir nothing is printed on stdout, so input errors are said on stderr."""
    monkeypatch.chdir(tmp_path)
    code = main(
        ["check", "--format", "sarif", "--format", "junit", "--output-dir", "reports", *TODAY]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == "aimm: error: aimm.yaml: no such file or folder\n"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "aimm-junit.xml",
        "aimm.sarif",
    ]


def test_policy_folder_without_rego_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "policies"
    empty.mkdir()
    code = main(["check", str(EXAMPLES / "support-agent"), *TODAY, "--policy", str(empty)])
    assert code == 2
    assert capsys.readouterr().err == f"aimm: policy folder {empty} holds no .rego policy\n"
