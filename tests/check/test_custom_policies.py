"""Custom policies (``--policy DIR`` and ``policies:`` in the org config): a grid control
joins its cell and moves the level, an org control joins the gate where floors are enforced,
every broken folder is an engine error (exit 3) naming file and line, and ``aimm policy
test`` / ``aimm policy bundle`` take the custom folders.

The custom folders are fixtures under ``tests/data/orgconfig``: ``policies/xgrid`` (XG-3.1,
evaluation level 3, passes with the label ``xg-reviewed: "yes"``), ``policies/xorg``
(XORG-1, org gate family, passes with a ``xorg-ticket`` label), ``policy-tests/failing`` (a
policy test that fails on purpose) and one folder per error under ``bad-policies``.
"""

from __future__ import annotations

import json
import shutil
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.cli import main
from aimm.commands import policy as policy_command
from aimm.core.errors import EngineError
from aimm.core.model import extend_model, load_model
from aimm.policy.runner import PolicyTestResult
from aimm.policy.runner import run as run_policy_tests

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
BASE = DATA / "controls" / "base"
ORG = DATA / "orgconfig"
XGRID = ORG / "policies" / "xgrid"
XORG = ORG / "policies" / "xorg"
BAD = ORG / "bad-policies"
EXAMPLE = REPO_ROOT / "examples" / "org-config"
TODAY_ARGS = ["--today", "2026-11-21"]
# libyaml when available: rewriting manifests is most of these tests' Python time.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@pytest.fixture(autouse=True)
def _no_env_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's AIMM_CONFIG must not leak into these tests."""
    monkeypatch.delenv("AIMM_CONFIG", raising=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``aimm ARGS`` in-process; return the exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def make_system(folder: Path, labels: dict[str, str] | None = None, **system: str) -> Path:
    """A copy of the base system (every built-in control passes) with extra labels and
    ``system`` fields (e.g. lifecycle)."""
    shutil.copytree(BASE, folder)
    manifest = folder / "aimm.yaml"
    doc = yaml.load(manifest.read_text(encoding="utf-8"), Loader=LOADER)
    doc["metadata"]["labels"] = labels or {}
    doc["system"].update(system)
    manifest.write_text(yaml.dump(doc, Dumper=DUMPER, sort_keys=False), encoding="utf-8")
    return folder


def check_json(
    capsys: pytest.CaptureFixture[str], system: Path, *args: str
) -> tuple[int, dict[str, Any]]:
    """``aimm check SYSTEM --format json ARGS`` without any org config: the one result."""
    code, out, err = cli(
        capsys, "check", str(system), "--no-config", "--format", "json", *TODAY_ARGS, *args
    )
    assert out, err
    (result,) = json.loads(out)["results"]
    assert result["status"] == "evaluated", result
    return code, result


def control(result: dict[str, Any], control_id: str) -> dict[str, Any]:
    """One control entry of a JSON result."""
    return next(c for c in result["controls"] if c["id"] == control_id)


# ---- a custom grid control ------------------------------------------------------------------


def test_grid_control_failing_lowers_its_dimension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """XG-3.1 failing keeps evaluation at L2, below the high tier's floor: exit 1, with the
    catalog's title and remediation in the report and the next steps."""
    code, result = check_json(capsys, make_system(tmp_path / "svc"), "--policy", str(XGRID))
    assert code == 1
    assert result["levels"]["evaluation"] == 2
    assert result["gate"]["reasons"] == [
        "evaluation is at level 2, below its floor of 3 (unwaived: XG-3.1)"
    ]
    entry = control(result, "XG-3.1")
    catalog = yaml.safe_load((XGRID / "catalog.yaml").read_text(encoding="utf-8"))["controls"][0]
    assert entry["status"] == "fail"
    assert (entry["dimension"], entry["level"]) == ("evaluation", 3)
    assert entry["title"] == catalog["title"]
    assert entry["message"] == "metadata.labels.xg-reviewed is null; level 3 at this org needs yes"
    assert entry["blocks_gate"] is True
    (step,) = [s for s in result["next_steps"] if s["control"] == "XG-3.1"]
    assert step["reason"] == "floor"
    assert step["action"] == catalog["remediation"]
    # Custom controls sit in catalog order among their dimension's controls.
    ids = [c["id"] for c in result["controls"]]
    assert ids.index("EVA-2.1") < ids.index("XG-3.1") < ids.index("COS-2.1")


def test_grid_control_passing_keeps_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the label, XG-3.1 passes and evaluation is back at L5."""
    system = make_system(tmp_path / "svc", {"xg-reviewed": "yes"})
    code, result = check_json(capsys, system, "--policy", str(XGRID))
    assert code == 0
    assert control(result, "XG-3.1")["status"] == "pass"
    assert result["levels"]["evaluation"] == 5


# ---- a custom org (gate family) control ------------------------------------------------------


@pytest.mark.parametrize(
    ("lifecycle", "code", "blocks"),
    [("production", 1, True), ("pilot", 1, True), ("experiment", 0, False)],
)
def test_org_control_fails_the_gate_where_floors_are_enforced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lifecycle: str, code: int, blocks: bool
) -> None:
    """XORG-1 failing fails the gate in pilot and production, not in an experiment, where it
    is still reported as failing; levels are untouched (it is outside the grid)."""
    system = make_system(tmp_path / "svc", lifecycle=lifecycle)
    got, result = check_json(capsys, system, "--policy", str(XORG))
    assert got == code
    entry = control(result, "XORG-1")
    assert (entry["status"], entry["dimension"], entry["level"]) == ("fail", "org", None)
    assert entry["blocks_gate"] is blocks
    reason = "XORG-1: metadata.labels.xorg-ticket is not set; the org needs a launch ticket"
    assert result["gate"]["reasons"] == ([reason] if blocks else [])
    assert set(result["levels"].values()) == {5}


def test_org_control_can_be_waived(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The org family is waivable: a valid waiver for XORG-1 lets the gate pass."""
    system = make_system(tmp_path / "svc")
    manifest = system / "aimm.yaml"
    doc = yaml.load(manifest.read_text(encoding="utf-8"), Loader=LOADER)
    doc["waivers"] = [
        {
            "control": "XORG-1",
            "reason": "ticket system migration",
            "approved_by": "cto@example.com",
            "expires": "2027-01-31",
        }
    ]
    manifest.write_text(yaml.dump(doc, Dumper=DUMPER, sort_keys=False), encoding="utf-8")
    code, result = check_json(capsys, system, "--policy", str(XORG))
    assert code == 0
    assert control(result, "XORG-1")["status"] == "waived"
    assert control(result, "WVR-1")["status"] == "pass"


def test_policy_option_is_repeatable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two --policy folders: both controls are checked."""
    system = make_system(tmp_path / "svc", {"xg-reviewed": "yes", "xorg-ticket": "LAUNCH-7"})
    code, result = check_json(capsys, system, "--policy", str(XGRID), "--policy", str(XORG))
    assert code == 0
    assert control(result, "XG-3.1")["status"] == "pass"
    assert control(result, "XORG-1")["message"] == "metadata.labels.xorg-ticket is LAUNCH-7"


# ---- policies: in the org config -----------------------------------------------------------


@pytest.fixture
def org_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/org/aimm-org.yaml with ``policies: [policies/xorg]`` (a copy of the fixture) above
    tmp/org/svc; the working folder is tmp/elsewhere, so relative paths cannot resolve
    against it by accident."""
    shutil.copytree(XORG, tmp_path / "org" / "policies" / "xorg")
    make_system(tmp_path / "org" / "svc")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    return tmp_path / "org"


def _write_config(path: Path, body: dict[str, Any]) -> Path:
    config = {"apiVersion": "aimm/v1", "kind": "OrgConfig", **body}
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_config_policy_folders_resolve_against_the_config_file(
    org_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """policies: folders are relative to the config file, found by discovery or --config."""
    config = _write_config(org_tree / "aimm-org.yaml", {"policies": ["policies/xorg"]})
    svc = str(org_tree / "svc")
    for extra in ([], ["--config", str(config)]):
        code, out, _ = cli(capsys, "check", svc, "--format", "json", *TODAY_ARGS, *extra)
        assert code == 1
        (result,) = json.loads(out)["results"]
        assert control(result, "XORG-1")["status"] == "fail"


def test_config_can_disable_its_own_custom_control(
    org_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A config may disable a control of its own policy folders: reported disabled, exit 0."""
    _write_config(
        org_tree / "aimm-org.yaml",
        {
            "policies": ["policies/xorg"],
            "disabled_controls": [{"control": "XORG-1", "reason": "tickets start in 2027"}],
        },
    )
    code, out, _ = cli(capsys, "check", str(org_tree / "svc"), "--format", "json", *TODAY_ARGS)
    assert code == 0
    entry = control(json.loads(out)["results"][0], "XORG-1")
    assert entry["status"] == "disabled"
    assert entry["message"] == "disabled by the org config: tickets start in 2027"


def test_disabling_a_custom_control_needs_its_folder(
    org_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the policy folder, XORG-1 is an unknown control in disabled_controls: exit 2."""
    _write_config(
        org_tree / "aimm-org.yaml",
        {"disabled_controls": [{"control": "XORG-1", "reason": "tickets start in 2027"}]},
    )
    code, out, _ = cli(capsys, "check", str(org_tree / "svc"), "--format", "json", *TODAY_ARGS)
    assert code == 2
    (error,) = json.loads(out)["results"][0]["errors"]
    assert "/disabled_controls/0/control: unknown control 'XORG-1'" in error["message"]


def test_same_folder_from_config_and_option_counts_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's config names policies/acme; naming it again with --policy is harmless."""
    monkeypatch.chdir(REPO_ROOT)
    code, _, err = cli(
        capsys,
        "check",
        "examples/org-config",
        "--policy",
        "examples/org-config/policies/acme",
        *TODAY_ARGS,
    )
    assert code == 1, err  # returns-assistant fails on the evaluation floor, as without it


# ---- broken custom folders: exit 3, one line naming file and line ---------------------------

ERRORS = [
    # (folder under bad-policies, file in it, line, what the message says)
    pytest.param("syntax-error", "broken.rego", 6, "policy compilation failed", id="syntax"),
    pytest.param(
        "builtin-package",
        "visibility.rego",
        2,
        "package aimm.controls.visibility is a built-in package",
        id="builtin-package",
    ),
    pytest.param(
        "duplicate-id", "b.yaml", 3, "control XD-1 is already in the catalog", id="duplicate-id"
    ),
    pytest.param(
        "builtin-id",
        "catalog.yaml",
        3,
        "control VIS-3.1 is already in the catalog",
        id="builtin-id",
    ),
    pytest.param(
        "builtin-prefix",
        "catalog.yaml",
        3,
        "control EVA-9.1 uses the built-in prefix EVA-",
        id="builtin-prefix",
    ),
    pytest.param(
        "org-prefix", "catalog.yaml", 3, "control ORG-1 uses the built-in prefix ORG-", id="org"
    ),
    pytest.param(
        "level-on-gate-family",
        "catalog.yaml",
        3,
        "control XL-1 has a level, so its dimension must be one of: visibility, evaluation",
        id="level-on-gate-family",
    ),
    pytest.param(
        "no-level-on-grid",
        "catalog.yaml",
        3,
        "control XN-1 has no level, so its dimension must be a waivable gate family",
        id="no-level-on-grid",
    ),
    pytest.param(
        "catalog-schema",
        "catalog.yaml",
        16,
        "/controls/0/effort: must be one of: S, M, L",
        id="catalog-schema",
    ),
    pytest.param("uncatalogued", "xuncat.rego", 4, "XU-1", id="uncatalogued"),
]


@pytest.mark.parametrize(("folder", "name", "line", "message"), ERRORS)
def test_broken_custom_folder_is_an_engine_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
    name: str,
    line: int,
    message: str,
) -> None:
    """Exit 3, no report, and one line on stderr naming the file, its line and the rule."""
    monkeypatch.chdir(REPO_ROOT)
    where = (BAD / folder).relative_to(REPO_ROOT).as_posix()
    code, out, err = cli(capsys, "check", str(BASE), "--no-config", "--policy", where, *TODAY_ARGS)
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert f"{where}/{name}:{line}: " in err
    assert message in err


@pytest.mark.parametrize("prefix", ["VIS", "EVA", "COS", "ACC", "AUD", "RISK", "OWN", "WVR", "ORG"])
def test_every_builtin_prefix_is_reserved(tmp_path: Path, prefix: str) -> None:
    """A new id under any prefix of the model's dimensions or gate families is refused."""
    entry = yaml.safe_load((XORG / "catalog.yaml").read_text(encoding="utf-8"))["controls"][0]
    entry["id"] = f"{prefix}-9"
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump({"controls": [entry]}))
    with pytest.raises(EngineError, match=rf"catalog\.yaml:\d+: control {prefix}-9 uses the "):
        extend_model(load_model(), [tmp_path])


def test_extended_model_leaves_the_builtin_model_alone() -> None:
    """Extending copies the model: the built-in cells and catalog stay as they were."""
    model = load_model()
    before = json.dumps(model.data, sort_keys=True)
    extended = extend_model(model, [XGRID, XORG])
    assert json.dumps(model.data, sort_keys=True) == before
    assert model.control("XG-3.1") is None
    assert "XG-3.1" in extended.data["cells"]["evaluation"]["3"]
    assert extended.control("xorg-1") is not None
    assert len(extended.controls) == len(model.controls) + 2


# ---- aimm policy test ------------------------------------------------------------------------


@pytest.fixture
def custom_tests_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the built-in policy tests (about three seconds; tests/test_cli.py and
    tests/test_policies.py run them): only the run over the custom folders, with the
    built-in modules and the extended catalog, goes to the real runner."""

    def run(
        files: Sequence[Path],
        data: dict[str, object] | None = None,
        tests_in: Sequence[Path] | None = None,
    ) -> list[PolicyTestResult]:
        return [] if tests_in is None else run_policy_tests(files, data, tests_in)

    monkeypatch.setattr(policy_command, "run", run)


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_runs_custom_tests_with_the_extended_catalog(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """FOLDERS and the --config's policy folders (Acme's, in the example) are tested; the
    tests see the built-in library and their own catalog entries: all pass."""
    monkeypatch.chdir(REPO_ROOT)
    config = "examples/org-config/aimm-org.yaml"
    code, out, _ = cli(capsys, "policy", "test", str(XGRID), str(XORG), "--config", config, "-v")
    assert code == 0
    assert "xgrid_test.rego:19 aimm.controls.xgrid_test.test_pass_catalog_is_extended" in out
    assert "aimm.controls.xorg_test.test_fail_xorg_1_no_ticket" in out
    assert "aimm.controls.acme_test.test_fail_acme_3_1_suite_too_small_or_missing" in out
    assert {line.split()[0] for line in out.splitlines()[:-1]} == {"PASS"}
    assert out.endswith("10 passed, 0 failed\n")


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_reports_a_failing_custom_test(capsys: pytest.CaptureFixture[str]) -> None:
    """A failing custom test: exit 1 and a FAIL line naming its file, line and rule; without
    -v the passing ones are only counted."""
    failing = ORG / "policy-tests" / "failing"
    code, out, _ = cli(capsys, "policy", "test", str(XGRID), str(failing))
    assert code == 1
    (fail_line,) = [ln for ln in out.splitlines() if ln.startswith("FAIL")]
    assert fail_line.startswith(
        f"FAIL {failing / 'failing_test.rego'}:9 xtests.failing_test.test_pass_wrong_expectation"
    )
    assert "PASS" not in out
    assert out.endswith("4 passed, 1 failed\n")


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_compile_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A custom module that does not compile: exit 3, one line with its file and line."""
    code, out, err = cli(capsys, "policy", "test", str(BAD / "syntax-error"))
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert f"{BAD / 'syntax-error' / 'broken.rego'}:6: " in err


@pytest.mark.usefixtures("custom_tests_only")
def test_policy_test_bad_catalog_is_an_engine_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A custom catalog breaking the rules stops the run like in aimm check (exit 3)."""
    code, out, err = cli(capsys, "policy", "test", str(BAD / "builtin-prefix"))
    assert code == 3
    assert out == ""
    assert "catalog.yaml:3: control EVA-9.1 uses the built-in prefix EVA-" in err


# ---- aimm policy bundle ----------------------------------------------------------------------


def _members(path: Path) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    with tarfile.open(path, "r:gz") as tar:
        for info in tar.getmembers():
            extracted = tar.extractfile(info)
            assert extracted is not None
            members[info.name] = extracted.read()
    return members


def test_policy_bundle_carries_custom_module_and_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The custom folder's module (not its tests) and catalog entry are in the bundle, and
    two runs give the same bytes."""
    first, second = tmp_path / "one.tar.gz", tmp_path / "two.tar.gz"
    for output in (first, second):
        code, out, _ = cli(capsys, "policy", "bundle", str(XORG), "-o", str(output))
        assert code == 0
        assert out.startswith(f"wrote {output}: ")
    assert first.read_bytes() == second.read_bytes()
    members = _members(first)
    custom = {n: b for n, b in members.items() if n.endswith("xorg.rego")}
    assert list(custom.values()) == [(XORG / "xorg.rego").read_bytes()]
    assert not any(n.endswith("_test.rego") for n in members)
    data = json.loads(members["data.json"])
    assert data["catalog"]["XORG-1"] == {
        "dimension": "org",
        "level": None,
        "title": "A launch ticket is recorded",
    }
    assert "XORG-1" in data["catalog_order"]


def test_policy_bundle_takes_the_config_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--config adds the config's folders: a grid control's cell is in the bundled model."""
    shutil.copytree(XGRID, tmp_path / "policies" / "xgrid")
    config = _write_config(tmp_path / "aimm-org.yaml", {"policies": ["policies/xgrid"]})
    output = tmp_path / "bundle.tar.gz"
    code, _, _ = cli(capsys, "policy", "bundle", "--config", str(config), "-o", str(output))
    assert code == 0
    members = _members(output)
    assert any(n.endswith("/xgrid.rego") for n in members)
    data = json.loads(members["data.json"])
    assert "XG-3.1" in data["model"]["cells"]["evaluation"]["3"]
    assert data["catalog"]["XG-3.1"]["level"] == 3


def test_policy_bundle_same_folder_twice_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config's folder named again on the command line is bundled once."""
    monkeypatch.chdir(REPO_ROOT)
    code, _, err = cli(
        capsys,
        "policy",
        "bundle",
        "--config",
        str(EXAMPLE / "aimm-org.yaml"),
        "examples/org-config/policies/acme",
        "-o",
        str(tmp_path / "bundle.tar.gz"),
    )
    assert code == 0, err


def test_policy_test_of_a_folder_without_rego_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty (or mistyped) folder must not pass as 'all tests green'."""
    code, out, err = cli(capsys, "policy", "test", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"aimm: policy folder {tmp_path} holds no .rego policy\n"
