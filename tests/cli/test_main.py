"""The ``aimm`` command as a whole: --version, --help on every command, usage errors, the one
error -> exit code mapping (engine failures, internal errors), hostile input, and the installed
console script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aimm import __version__
from aimm.cli import COMMANDS
from aimm.core.errors import EngineError
from tests.support import DATA, TODAY_ARGS, Cli

ANSI = re.compile(r"\x1b\[")


def test_version(cli: Cli) -> None:
    """--version prints the version."""
    code, out, _ = cli("--version")
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize("command", [[], *[[name] for name in COMMANDS]])
def test_help_on_every_command(command: list[str], cli: Cli) -> None:
    """Every command has help text."""
    code, out, _ = cli(*command, "--help")
    assert code == 0
    assert "Usage:" in out
    assert len(out.splitlines()) > 3


def test_engine_failure_is_exit_3_and_keeps_old_output(
    system: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """An engine failure exits 3 with one line and does not touch an existing output file."""
    target = tmp_path / "report.json"
    target.write_text("previous")

    def boom(self: object, document: object, model_id: str | None = None) -> dict[str, object]:
        raise EngineError("policy evaluation failed: simulated")

    # The pipeline asks the engine for each package's outcomes, then for the assembly.
    monkeypatch.setenv("AIMM_ENGINE", "regopy")  # the engine patched here
    monkeypatch.setattr("aimm.core.engine.Engine.outcomes", boom)
    code, _out, err = cli("check", str(system), "-o", str(target), *TODAY_ARGS)
    assert code == 3
    assert err.strip() == "aimm: policy evaluation failed: simulated"
    assert target.read_text() == "previous"


def test_internal_error_is_one_line_without_traceback(
    system: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """A bug is reported in one line, never as a traceback."""

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected\nsecond line")

    monkeypatch.setattr("aimm.commands.check.run", boom)
    code, _, err = cli("check", str(system), *TODAY_ARGS)
    assert code == 3
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "internal error: RuntimeError: unexpected" in err


def test_usage_errors_are_exit_2(cli: Cli) -> None:
    """Wrong options are usage errors."""
    assert cli("check", "--format", "nope")[0] == 2
    assert cli("check", "--today", "21/11/2026")[0] == 2
    assert cli("frobnicate")[0] == 2


def test_console_script_and_module(system: Path) -> None:
    """The installed `aimm` script and `python -m aimm` both work from another folder."""
    script = shutil.which("aimm")
    assert script is not None, "the aimm console script is not installed"
    done = subprocess.run(
        [script, "check", str(system), "--format", "json", *TODAY_ARGS],
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
def test_hostile_input_through_the_cli(name: str, tmp_path: Path, cli: Cli) -> None:
    """Each hostile file: exit 2, one located line naming the file, never a traceback."""
    target = tmp_path / "aimm.yaml"
    shutil.copyfile(HOSTILE / name, target)
    expected = HOSTILE_EXPECTED[name]
    code, out, err = cli("check", str(target), *TODAY_ARGS)
    assert code == 2
    assert "Traceback" not in out + err
    lines = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert lines, out
    line = lines[0]  # one line per problem; the first is the one expected.yaml names
    where = f"{target.as_posix()}:{expected['line']}:" if expected["line"] else target.as_posix()
    assert where in line
    assert str(expected["contains"]) in line
    code, out, _ = cli("check", str(target), "--format", "json", *TODAY_ARGS)
    assert code == 2
    (result,) = json.loads(out)["results"]
    assert result["status"] == "error"
    assert "levels" not in result
    assert result["errors"][0]["line"] == expected["line"]


def test_oversized_manifest_through_the_cli(tmp_path: Path, cli: Cli) -> None:
    """A manifest over the size limit is refused before it is parsed."""
    target = tmp_path / "aimm.yaml"
    target.write_text("# padding\n" * 120_000)
    code, out, _ = cli("check", str(target), "--format", "json", *TODAY_ARGS)
    assert code == 2
    assert "file too large" in json.loads(out)["results"][0]["errors"][0]["message"]
