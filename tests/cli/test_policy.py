"""``aimm policy test`` and ``aimm policy bundle`` as users run them: the built-in suite and
custom folders (``FOLDERS`` and the ``--config``'s ``policies:``), failures, broken folders.

The custom folders are fixtures under ``tests/data/orgconfig`` (see
``tests/check/test_custom_policies.py``). The built-in suite itself is run once a session
(``rego_run``); its pytest cases are in ``tests/policy/test_runner.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from aimm.commands import policy as policy_command
from aimm.core.resources import policies_dir
from aimm.policy.runner import PolicyTestResult
from aimm.policy.runner import run as run_policy_tests
from tests.support import DATA, ORG_CONFIG_EXAMPLE, ROOT, Cli, RegoRun, write_config

ORG = DATA / "orgconfig"
XGRID = ORG / "policies" / "xgrid"
XORG = ORG / "policies" / "xorg"
BAD = ORG / "bad-policies"
EXAMPLE = ORG_CONFIG_EXAMPLE


@pytest.fixture
def remembered_runs(rego_run: RegoRun, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's test runs go through the session's ``rego_run``: the built-in suite is
    compiled and run once for the whole session (its pytest cases share it)."""
    monkeypatch.setattr(policy_command, "run", rego_run)


@pytest.mark.usefixtures("remembered_runs")
def test_policy_test_command(tmp_path: Path, cli: Cli) -> None:
    """aimm policy test runs built-in and custom policy tests; a failing one exits 1."""
    code, out, _ = cli("policy", "test")
    assert code == 0
    assert re.search(r"^\d{3,} passed, 0 failed$", out, re.MULTILINE)
    custom = tmp_path / "org"
    custom.mkdir()
    (custom / "acme_test.rego").write_text(
        "package acme_test\n\ntest_pass_ok if true\n\ntest_fail_broken if 1 == 2\n"
    )
    code, out, _ = cli("policy", "test", custom, "--custom-only")
    assert code == 1
    assert "FAIL" in out
    assert "acme_test.test_fail_broken" in out
    assert re.search(r"^1 passed, 1 failed$", out, re.MULTILINE)
    code, _, err = cli("policy", "test", "--custom-only")
    assert code == 2
    assert "--custom-only needs policy folders" in err


@pytest.fixture
def custom_tests_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave out the built-in policy tests (their own cases run them: the models' and the
    org-scope folders'): only the run over the custom folders, with the built-in modules and
    the extended catalog, goes to the real runner, so the counts below are the custom tests'."""
    builtin = policies_dir().resolve()

    def run(
        files: Sequence[Path],
        data: dict[str, object] | None = None,
        tests_in: Sequence[Path] | None = None,
    ) -> list[PolicyTestResult]:
        if tests_in is None or all(p.resolve().is_relative_to(builtin) for p in tests_in):
            return []
        return run_policy_tests(files, data, tests_in)

    monkeypatch.setattr(policy_command, "run", run)


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_runs_custom_tests_with_the_extended_catalog(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FOLDERS and the --config's policy folders (Acme's, in the example) are tested; the
    tests see the built-in library and their own catalog entries: all pass."""
    monkeypatch.chdir(ROOT)
    config = "examples/org-config/aimm-org.yaml"
    code, out, _ = cli("policy", "test", XGRID, XORG, "--config", config, "-v")
    assert code == 0
    assert "xgrid_test.rego:19 aimm.controls.xgrid_test.test_pass_catalog_is_extended" in out
    assert "aimm.controls.xorg_test.test_fail_xorg_1_no_ticket" in out
    assert "aimm.controls.acme_test.test_fail_acme_3_1_suite_too_small_or_missing" in out
    assert {line.split()[0] for line in out.splitlines()[:-1]} == {"PASS"}
    assert out.endswith("10 passed, 0 failed\n")


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_reports_a_failing_custom_test(cli: Cli) -> None:
    """A failing custom test: exit 1 and a FAIL line naming its file, line and rule; without
    -v the passing ones are only counted."""
    failing = ORG / "policy-tests" / "failing"
    code, out, _ = cli("policy", "test", XGRID, failing)
    assert code == 1
    (fail_line,) = [ln for ln in out.splitlines() if ln.startswith("FAIL")]
    assert fail_line.startswith(
        f"FAIL {failing / 'failing_test.rego'}:9 xtests.failing_test.test_pass_wrong_expectation"
    )
    assert "PASS" not in out
    assert out.endswith("4 passed, 1 failed\n")


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_compile_error(cli: Cli) -> None:
    """A custom module that does not compile: exit 3, one line with its file and line."""
    code, out, err = cli("policy", "test", BAD / "syntax-error")
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert f"{BAD / 'syntax-error' / 'broken.rego'}:6: " in err


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_bad_catalog_is_an_engine_error(cli: Cli) -> None:
    """A custom catalog breaking the rules stops the run like in aimm check (exit 3)."""
    code, out, err = cli("policy", "test", BAD / "builtin-prefix")
    assert code == 3
    assert out == ""
    assert "catalog.yaml:3: control EVA-9.1 uses the built-in prefix EVA-" in err


def test_policy_test_of_a_folder_without_rego_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    """An empty (or mistyped) folder must not pass as 'all tests green'."""
    code, out, err = cli("policy", "test", tmp_path)
    assert (code, out) == (2, "")
    assert err == f"aimm: policy folder {tmp_path} holds no .rego policy\n"


# ---- aimm policy bundle ----------------------------------------------------------------------


def _members(path: Path) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    with tarfile.open(path, "r:gz") as tar:
        for info in tar.getmembers():
            extracted = tar.extractfile(info)
            assert extracted is not None
            members[info.name] = extracted.read()
    return members


def _default_data(members: dict[str, bytes]) -> dict[str, object]:
    """The default model's entry of the bundle's data document."""
    data: dict[str, object] = json.loads(members["data.json"])["aimm"]["models"]["default"]
    return data


def test_policy_bundle_carries_custom_module_and_catalog(tmp_path: Path, cli: Cli) -> None:
    """The custom folder's module (not its tests) and catalog entry are in the bundle, and
    two runs give the same bytes."""
    first, second = tmp_path / "one.tar.gz", tmp_path / "two.tar.gz"
    for output in (first, second):
        code, out, _ = cli("policy", "bundle", XORG, "-o", output)
        assert code == 0
        assert out.startswith(f"wrote {output}: ")
    assert first.read_bytes() == second.read_bytes()
    members = _members(first)
    custom = {n: b for n, b in members.items() if n.endswith("xorg.rego")}
    assert list(custom.values()) == [(XORG / "xorg.rego").read_bytes()]
    assert not any(n.endswith("_test.rego") for n in members)
    data = _default_data(members)
    assert data["catalog"]["XORG-1"] == {  # type: ignore[index]
        "dimension": "org",
        "level": None,
        "title": "A launch ticket is recorded",
    }
    assert "XORG-1" in data["catalog_order"]  # type: ignore[operator]


def test_policy_bundle_takes_the_config_folders(tmp_path: Path, cli: Cli) -> None:
    """--config adds the config's folders: a grid control's cell is in the bundled model."""
    shutil.copytree(XGRID, tmp_path / "policies" / "xgrid")
    config = write_config(tmp_path / "aimm-org.yaml", {"policies": ["policies/xgrid"]})
    output = tmp_path / "bundle.tar.gz"
    code, _, _ = cli("policy", "bundle", "--config", config, "-o", output)
    assert code == 0
    members = _members(output)
    assert any(n.endswith("/xgrid.rego") for n in members)
    data = _default_data(members)
    assert "XG-3.1" in data["model"]["cells"]["evaluation"]["3"]  # type: ignore[index]
    assert data["catalog"]["XG-3.1"]["level"] == 3  # type: ignore[index]


def test_policy_bundle_same_folder_twice_counts_once(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config's folder named again on the command line is bundled once."""
    monkeypatch.chdir(ROOT)
    code, _, err = cli(
        "policy",
        "bundle",
        "--config",
        EXAMPLE / "aimm-org.yaml",
        "examples/org-config/policies/acme",
        "-o",
        tmp_path / "bundle.tar.gz",
    )
    assert code == 0, err
