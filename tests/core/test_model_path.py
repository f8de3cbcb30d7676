"""The maturity model is a parameter: a model added as files only checks manifests.

The tiny model (``tests/data/models/tiny``: two dimensions, levels 0 to 2, a catalog, its Rego
and its Rego tests) is copied into a temporary folder, as a user would install it, and used
through ``--model-path DIR`` or ``AIMM_MODEL_PATH``: no Python changes, nothing under
``controls/`` or ``policies/``. And the default model named explicitly changes nothing:
``aimm check --model default`` is byte-identical to ``aimm check`` on every example.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from aimm.commands import policy as policy_command
from aimm.core.errors import UsageError
from aimm.core.model import ModelPath
from aimm.policy.runner import PolicyTestResult
from aimm.policy.runner import run as run_policy_tests
from tests.support import DATA, ROOT, TODAY_ARGS, Cli, make_system, write_config

TINY = DATA / "models" / "tiny"
GRID = ("VIS-", "EVA-", "COS-", "ACC-", "AUD-")
# The models shipped in the wheel, in the order `aimm models` lists them.
BUILTIN_MODELS = ["ai-operations", "ai-platform", "aiops-capability", "default", "mlops"]


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A model-path folder holding a copy of the tiny model, files only."""
    folder = tmp_path / "models"
    shutil.copytree(TINY, folder / "tiny")
    return folder


@pytest.fixture
def system(tmp_path: Path) -> Path:
    """The base system without dashboards: the tiny model's logging is at level 0."""
    return make_system(tmp_path / "svc", {"/posture/visibility/dashboards": "none"})


def _only(out: str) -> dict[str, Any]:
    (result,) = json.loads(out)["results"]
    assert isinstance(result, dict)
    return result


def test_a_model_added_as_files_checks_a_manifest(models: Path, system: Path, cli: Cli) -> None:
    """--model tiny --model-path DIR: the tiny grid's levels (starting at 0), floors, gate and
    next steps; the core's controls (risk, ownership, waivers) beside the model's own."""
    code, out, err = cli(
        "check", system, "--model", "tiny", "--model-path", models, "--format", "json", *TODAY_ARGS
    )
    assert code == 1, err
    result = _only(out)
    assert result["model"] == "tiny"
    assert result["levels"] == {"logging": 0, "testing": 2}
    assert result["floors"] == {"logging": 1, "testing": 2}
    assert result["gate"] == {
        "passed": False,
        "reasons": ["logging is at level 0, below its floor of 1 (unwaived: TLG-1.1)"],
    }
    ids = [c["id"] for c in result["controls"]]
    assert ids[:4] == ["TLG-1.1", "TLG-2.1", "TTS-1.1", "TTS-2.1"]
    assert {"RISK-1", "OWN-1", "WVR-1"} <= set(ids)
    assert not [i for i in ids if i.startswith(GRID)]
    tlg = result["controls"][0]
    assert (tlg["status"], tlg["title"], tlg["blocks_gate"]) == (
        "fail",
        "Someone looks at a dashboard",
        True,
    )
    assert tlg["message"] == (
        'posture.visibility.dashboards is "none"; level 1 needs per-team or central'
    )
    assert result["next_steps"][0] == {
        "control": "TLG-1.1",
        "dimension": "logging",
        "level": 1,
        "reason": "floor",
        "action": "Build a dashboard, then set posture.visibility.dashboards.",
    }
    code, text, _ = cli("check", system, "--model", "tiny", "--model-path", models, *TODAY_ARGS)
    assert code == 1
    assert "logging   | L0 None |" in text
    assert "testing   | L2 Good |" in text


def test_the_model_path_may_come_from_the_environment(models: Path, system: Path, cli: Cli) -> None:
    """AIMM_MODEL_PATH installs the same model: the same report, byte for byte."""
    args: list[str | Path] = ["check", system, "--model", "tiny", "--format", "json", *TODAY_ARGS]
    by_option = cli(*args, "--model-path", models)
    by_env = cli(*args, env={"AIMM_MODEL_PATH": str(models)})
    assert by_env == by_option
    assert by_env.code == 1
    assert cli(*args).code == 2  # not installed without either


def test_an_org_config_picks_the_model(models: Path, system: Path, cli: Cli) -> None:
    """``models:`` in aimm-org.yaml evaluates the manifests below it with that model."""
    write_config(system.parent / "aimm-org.yaml", {"models": ["tiny"]})
    code, out, err = cli("check", system, "--model-path", models, "--format", "json", *TODAY_ARGS)
    assert code == 1, err
    result = _only(out)
    config = (system.parent / "aimm-org.yaml").as_posix()
    assert (result["model"], result["org_config"]) == ("tiny", config)
    assert result["levels"] == {"logging": 0, "testing": 2}


def test_two_models_at_once(models: Path, system: Path, cli: Cli) -> None:
    """--model default --model tiny: the first model's result gates, the other's is beside it."""
    code, out, err = cli(
        "check", system, "--model", "default", "--model", "tiny", "--model-path", models,
        "--format", "json", *TODAY_ARGS,
    )  # fmt: skip
    assert code == 1, err  # the default model's visibility floor (3) is missed: level 1
    result = _only(out)
    assert "model" not in result  # the default model, as in a plain check
    assert result["levels"]["visibility"] == 1
    assert list(result["models"]) == ["tiny"]
    assert result["models"]["tiny"]["levels"] == {"logging": 0, "testing": 2}
    assert result["models"]["tiny"]["gate"]["passed"] is False


def test_models_lists_the_installed_models(models: Path, cli: Cli) -> None:
    """`aimm models` lists the built-in models, then the tiny one with its levels."""
    code, out, _ = cli("models", "--model-path", models)
    assert code == 0
    header, *builtin, tiny = out.splitlines()
    assert [line.split()[0] for line in builtin] == BUILTIN_MODELS
    assert all(line.split()[3] == "built-in" for line in builtin)
    default = builtin[BUILTIN_MODELS.index("default")]
    assert header.split() == ["ID", "LEVELS", "DIMENSIONS", "SOURCE", "TITLE"]
    assert default.split()[:4] == ["default", "L1-L5", "5", "built-in"]
    assert tiny.split() == [
        "tiny",
        "L0-L2",
        "2",
        (models / "tiny").as_posix(),
        *["A", "two-dimension", "model"],
    ]
    code, out, _ = cli("models", "--format", "json", env={"AIMM_MODEL_PATH": str(models)})
    listed = {m["id"]: m for m in json.loads(out)["models"]}
    assert list(listed) == [*BUILTIN_MODELS, "tiny"]
    assert listed["tiny"]["levels"] == [
        {"level": 0, "name": "None"},
        {"level": 1, "name": "Some"},
        {"level": 2, "name": "Good"},
    ]
    assert (listed["tiny"]["dimensions"], listed["tiny"]["controls"]) == (
        ["logging", "testing"],
        4 + len([c for c in ModelPath().load("default").controls if not c.id.startswith(GRID)]),
    )


def test_unknown_and_clashing_models_are_usage_errors(models: Path, cli: Cli) -> None:
    """A model nobody installed names the installed ones; a user model may not take a
    built-in id."""
    code, out, err = cli("check", ROOT / "examples" / "support-agent", "--model", "tinny",
                         "--model-path", models, *TODAY_ARGS)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"aimm: unknown model 'tinny' (installed: {', '.join(sorted([*BUILTIN_MODELS, 'tiny']))}; "
        "add folders with --model-path or AIMM_MODEL_PATH)\n"
    )
    shutil.copytree(TINY, models / "default")
    with pytest.raises(UsageError, match="model 'default' is built in"):
        ModelPath([models], use_env=False).sources()


def test_policy_test_runs_the_model_tests_with_the_core(
    models: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`aimm policy test --model tiny`: the model's own Rego tests run with the core's, on the
    core's modules and with the default model's data beside the tiny one (the core's tests are
    written against it). Only the tiny tests are run here: the core's run once a session."""
    calls: list[dict[str, Any]] = []

    def run(
        files: Sequence[Path],
        data: dict[str, object] | None = None,
        tests_in: Sequence[Path] | None = None,
    ) -> list[PolicyTestResult]:
        calls.append({"files": list(files), "data": data, "tests_in": tests_in})
        return run_policy_tests(files, data, tests_in=[models / "tiny" / "tiny_test.rego"])

    monkeypatch.setattr(policy_command, "run", run)
    code, out, _ = cli("policy", "test", "--model", "tiny", "--model-path", models, "-v")
    assert code == 0
    assert out.endswith("8 passed, 0 failed\n")
    assert "aimm.models.tiny.checks_test.test_fail_tts_2_1" in out
    (call,) = calls
    assert call["tests_in"] is None
    assert models / "tiny" / "tiny.rego" in call["files"]
    assert any(f.name == "report_test.rego" for f in call["files"])
    assert list(call["data"]["aimm"]["models"]) == ["default", "tiny"]


def test_the_default_model_named_changes_nothing(tmp_path: Path, cli: Cli) -> None:
    """`aimm check --model default` is byte-identical to `aimm check`, on every example, in
    JSON and text."""
    written = {}
    for name, extra in (("plain", []), ("named", ["--model", "default"])):
        out_dir = tmp_path / name
        code, out, err = cli(
            "check", "examples", *TODAY_ARGS, "--output-dir", out_dir,
            "--format", "json", "--format", "text", *extra, cwd=ROOT,
        )  # fmt: skip
        assert (code, out) == (1, ""), err  # credit-scoring and returns-assistant fail
        written[name] = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    assert sorted(written["plain"]) == ["aimm.json", "aimm.txt"]
    assert written["named"] == written["plain"]
    report = json.loads(written["plain"]["aimm.json"])
    assert len(report["results"]) > 20  # every example folder, regulated and org ones too
    assert not [r for r in report["results"] if "model" in r or "models" in r]
