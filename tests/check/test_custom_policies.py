"""Custom policies (``--policy DIR`` and ``policies:`` in the org config): a grid control
joins its cell and moves the level, an org control joins the gate where floors are enforced,
and every broken folder is an engine error (exit 3) naming file and line: a custom package
outside ``aimm.controls.<name>`` or in a built-in package, a control another package already
decides, a catalog that breaks the rules. (``aimm policy test`` and ``aimm policy bundle`` on
custom folders: ``tests/cli/test_policy.py``.)

The custom folders are fixtures under ``tests/data/orgconfig``: ``policies/xgrid`` (XG-3.1,
evaluation level 3, passes with the label ``xg-reviewed: "yes"``), ``policies/xorg``
(XORG-1, org gate family, passes with a ``xorg-ticket`` label), ``policy-tests/failing`` (a
policy test that fails on purpose) and one folder per error under ``bad-policies``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.core.errors import EngineError
from aimm.core.model import extend_model, load_model
from tests.support import DATA, ROOT, TODAY_ARGS, Cli, mutate, write_config
from tests.support import make_system as copy_base

BASE = DATA / "controls" / "base"
ORG = DATA / "orgconfig"
XGRID = ORG / "policies" / "xgrid"
XORG = ORG / "policies" / "xorg"
BAD = ORG / "bad-policies"


def make_system(folder: Path, labels: dict[str, str] | None = None, **system: str) -> Path:
    """A copy of the base system (every built-in control passes) with extra labels and
    ``system`` fields (e.g. lifecycle)."""
    changes: dict[str, Any] = {"/metadata/labels": labels or {}}
    changes.update({f"/system/{key}": value for key, value in system.items()})
    return copy_base(folder, changes)


def check_json(cli: Cli, system: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """``aimm check SYSTEM --format json ARGS`` without any org config: the one result."""
    code, out, err = cli("check", system, "--no-config", "--format", "json", *TODAY_ARGS, *args)
    assert out, err
    (result,) = json.loads(out)["results"]
    assert result["status"] == "evaluated", result
    return code, result


def control(result: dict[str, Any], control_id: str) -> dict[str, Any]:
    """One control entry of a JSON result."""
    return next(c for c in result["controls"] if c["id"] == control_id)


# ---- a custom grid control ------------------------------------------------------------------


def test_grid_control_failing_lowers_its_dimension(tmp_path: Path, cli: Cli) -> None:
    """XG-3.1 failing keeps evaluation at L2, below the high tier's floor: exit 1, with the
    catalog's title and remediation in the report and the next steps."""
    code, result = check_json(cli, make_system(tmp_path / "svc"), "--policy", str(XGRID))
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


def test_grid_control_passing_keeps_the_level(tmp_path: Path, cli: Cli) -> None:
    """With the label, XG-3.1 passes and evaluation is back at L5."""
    system = make_system(tmp_path / "svc", {"xg-reviewed": "yes"})
    code, result = check_json(cli, system, "--policy", str(XGRID))
    assert code == 0
    assert control(result, "XG-3.1")["status"] == "pass"
    assert result["levels"]["evaluation"] == 5


# ---- a custom org (gate family) control ------------------------------------------------------


@pytest.mark.parametrize(
    ("lifecycle", "code", "blocks"),
    [("production", 1, True), ("pilot", 1, True), ("experiment", 0, False)],
)
def test_org_control_fails_the_gate_where_floors_are_enforced(
    tmp_path: Path, cli: Cli, lifecycle: str, code: int, blocks: bool
) -> None:
    """XORG-1 failing fails the gate in pilot and production, not in an experiment, where it
    is still reported as failing; levels are untouched (it is outside the grid)."""
    system = make_system(tmp_path / "svc", lifecycle=lifecycle)
    got, result = check_json(cli, system, "--policy", str(XORG))
    assert got == code
    entry = control(result, "XORG-1")
    assert (entry["status"], entry["dimension"], entry["level"]) == ("fail", "org", None)
    assert entry["blocks_gate"] is blocks
    reason = "XORG-1: metadata.labels.xorg-ticket is not set; the org needs a launch ticket"
    assert result["gate"]["reasons"] == ([reason] if blocks else [])
    assert set(result["levels"].values()) == {5}


def test_org_control_can_be_waived(tmp_path: Path, cli: Cli) -> None:
    """The org family is waivable: a valid waiver for XORG-1 lets the gate pass."""
    system = make_system(tmp_path / "svc")
    waiver = {
        "control": "XORG-1",
        "reason": "ticket system migration",
        "approved_by": "cto@example.com",
        "expires": "2027-01-31",
    }
    mutate(system, {"/waivers": [waiver]})
    code, result = check_json(cli, system, "--policy", str(XORG))
    assert code == 0
    assert control(result, "XORG-1")["status"] == "waived"
    assert control(result, "WVR-1")["status"] == "pass"


def test_policy_option_is_repeatable(tmp_path: Path, cli: Cli) -> None:
    """Two --policy folders: both controls are checked."""
    system = make_system(tmp_path / "svc", {"xg-reviewed": "yes", "xorg-ticket": "LAUNCH-7"})
    code, result = check_json(cli, system, "--policy", str(XGRID), "--policy", str(XORG))
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


def test_config_policy_folders_resolve_against_the_config_file(org_tree: Path, cli: Cli) -> None:
    """policies: folders are relative to the config file, found by discovery or --config."""
    config = write_config(org_tree / "aimm-org.yaml", {"policies": ["policies/xorg"]})
    svc = str(org_tree / "svc")
    for extra in ([], ["--config", str(config)]):
        code, out, _ = cli("check", svc, "--format", "json", *TODAY_ARGS, *extra)
        assert code == 1
        (result,) = json.loads(out)["results"]
        assert control(result, "XORG-1")["status"] == "fail"


def test_config_can_disable_its_own_custom_control(org_tree: Path, cli: Cli) -> None:
    """A config may disable a control of its own policy folders: reported disabled, exit 0."""
    write_config(
        org_tree / "aimm-org.yaml",
        {
            "policies": ["policies/xorg"],
            "disabled_controls": [{"control": "XORG-1", "reason": "tickets start in 2027"}],
        },
    )
    code, out, _ = cli("check", str(org_tree / "svc"), "--format", "json", *TODAY_ARGS)
    assert code == 0
    entry = control(json.loads(out)["results"][0], "XORG-1")
    assert entry["status"] == "disabled"
    assert entry["message"] == "disabled by the org config: tickets start in 2027"


def test_disabling_a_custom_control_needs_its_folder(org_tree: Path, cli: Cli) -> None:
    """Without the policy folder, XORG-1 is an unknown control in disabled_controls: exit 2."""
    write_config(
        org_tree / "aimm-org.yaml",
        {"disabled_controls": [{"control": "XORG-1", "reason": "tickets start in 2027"}]},
    )
    code, out, _ = cli("check", str(org_tree / "svc"), "--format", "json", *TODAY_ARGS)
    assert code == 2
    (error,) = json.loads(out)["results"][0]["errors"]
    assert "/disabled_controls/0/control: unknown control 'XORG-1'" in error["message"]


def test_same_folder_from_config_and_option_counts_once(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's config names policies/acme; naming it again with --policy is harmless."""
    monkeypatch.chdir(ROOT)
    code, _, err = cli(
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
        "package aimm.models.default.visibility is a built-in package",
        id="builtin-package",
    ),
    pytest.param(
        "outside-namespace",
        "checks.rego",
        2,
        "custom policies live in packages aimm.controls.<name>, not acme.checks",
        id="outside-namespace",
    ),
    pytest.param(
        "builtin-control",
        "xsteal.rego",
        5,
        "policy package aimm.controls.xsteal publishes VIS-2.1, which "
        "aimm.models.default.visibility also decides; a control is decided by one package only",
        id="builtin-control",
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
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
    name: str,
    line: int,
    message: str,
) -> None:
    """Exit 3, no report, and one line on stderr naming the file, its line and the rule."""
    monkeypatch.chdir(ROOT)
    where = (BAD / folder).relative_to(ROOT).as_posix()
    code, out, err = cli("check", str(BASE), "--no-config", "--policy", where, *TODAY_ARGS)
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
