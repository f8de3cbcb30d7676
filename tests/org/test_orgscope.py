"""Org-scope controls (aimm.org.orgscope): the ai-platform pack's shares of the whole
organisation, decided by Rego over every system of the org report, shown by scan and
aggregate in every org format, and never by aimm check."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import yaml

from aimm.core.model import load_model
from aimm.org import orgscope
from aimm.org.records import SystemPosture
from tests.support import ROOT, TODAY_ARGS, Cli

PLATFORM = load_model("ai-platform")
EXAMPLES = ("demand-forecast", "support-agent", "churn-model")


def _posture(name: str, lifecycle: str, on_platform: str, golden: str) -> SystemPosture:
    return SystemPosture(
        repository=name,
        path=f"{name}/aimm.yaml",
        system=name,
        team="t",
        business_unit=None,
        lifecycle=lifecycle,
        tier="low",
        levels={"platform": 2},
        floors={"platform": 1},
        floors_enforced=False,
        gate_passed=True,
        any_failing=False,
        blockers=(),
        waivers=(),
        judged_on=None,
        statuses={"PLT-2.2": on_platform, "PLT-3.1": golden},
    )


def _outcomes(controls: tuple[orgscope.OrgControl, ...]) -> dict[str, tuple[str, str]]:
    return {c.id: (c.status, c.message) for c in controls}


def test_the_shares_are_decided_over_every_system() -> None:
    systems = [
        *(_posture(f"p{i}", "production", "pass", "fail") for i in range(4)),
        _posture("p4", "production", "fail", "fail"),
        _posture("n1", "pilot", "fail", "pass"),
        _posture("n2", "experiment", "fail", "fail"),
    ]
    got = _outcomes(orgscope.evaluate(PLATFORM, systems, {"production_systems": 6}))
    assert got == {
        "PLO-2.1": (
            "pass",
            "the inventory lists 5 production systems of the 6 the org config counts (needs 70%)",
        ),
        "PLO-3.1": ("pass", "1 of 2 new systems started on a golden path (needs 40%)"),
        "PLO-4.1": ("pass", "4 of 5 production systems run on the platform (needs 80%)"),
    }
    fewer = [replace(s, statuses={"PLT-2.2": "fail", "PLT-3.1": "fail"}) for s in systems]
    got = _outcomes(orgscope.evaluate(PLATFORM, fewer, {"production_systems": 8}))
    assert got == {
        "PLO-2.1": (
            "fail",
            "the inventory lists 5 production systems of the 8 the org config counts (needs 70%)",
        ),
        "PLO-3.1": ("fail", "0 of 2 new systems started on a golden path (needs 40%)"),
        "PLO-4.1": ("fail", "0 of 5 production systems run on the platform (needs 80%)"),
    }


def test_without_an_inventory_count_the_inventory_share_fails_as_not_assessable() -> None:
    (inventory, *_) = orgscope.evaluate(PLATFORM, [_posture("p", "production", "pass", "pass")], {})
    assert (inventory.id, inventory.status) == ("PLO-2.1", "fail")
    assert "not assessable" in inventory.message
    assert "inventory.production_systems" in inventory.remediation


def test_a_model_without_org_scope_has_none() -> None:
    assert orgscope.evaluate(load_model(), [_posture("p", "production", "pass", "pass")], {}) == ()


def _org(tmp_path: Path, production_systems: int | None) -> tuple[Path, Path]:
    root = tmp_path / "org"
    for name in EXAMPLES:
        shutil.copytree(ROOT / "examples" / name, root / name)
    config = tmp_path / "aimm-org.yaml"
    doc: dict[str, object] = {"apiVersion": "aimm/v1", "kind": "OrgConfig"}
    if production_systems is not None:
        doc["inventory"] = {"production_systems": production_systems}
    config.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return root, config


def test_scan_and_aggregate_show_them_in_every_org_format(cli: Cli, tmp_path: Path) -> None:
    root, config = _org(tmp_path, 3)
    models = ["--model", "default", "--model", "ai-platform"]
    args = ["scan", str(root), *models, *TODAY_ARGS, "--no-history", "--config", str(config)]
    code, out, err = cli(*args, "--format", "json")
    assert code in (0, 1), err
    controls = json.loads(out)["models"]["ai-platform"]["org_controls"]
    assert [(c["id"], c["status"]) for c in controls] == [
        ("PLO-2.1", "pass"),
        ("PLO-3.1", "fail"),
        ("PLO-4.1", "fail"),
    ]
    assert controls[0]["message"].startswith("the inventory lists 3 production systems of the 3")
    for fmt, marker in (("markdown", "### Org-scope controls"), ("html", "Org-scope controls")):
        code, text, _ = cli(*args, "--format", fmt)
        assert marker in text and "PLO-4.1" in text
    # aggregate: the same controls from the systems' check reports.
    reports = []
    for name in EXAMPLES:
        report = tmp_path / f"{name}.json"
        cli("check", str(root / name), *models, *TODAY_ARGS, "--format", "json", "-o", str(report))
        reports.append(f"{name}={report}")
    code, out, err = cli(
        "aggregate",
        *reports,
        *TODAY_ARGS,
        "--no-history",
        "--config",
        str(config),
        "--format",
        "json",
    )
    assert code in (0, 1), err
    assert json.loads(out)["models"]["ai-platform"]["org_controls"] == controls


def test_without_the_pack_the_org_report_is_unchanged(cli: Cli, tmp_path: Path) -> None:
    root, config = _org(tmp_path, 3)
    args = ["scan", str(root), *TODAY_ARGS, "--no-history", "--format", "json"]
    _, plain, _ = cli(*args)
    _, with_config, _ = cli(*args, "--config", str(config))
    assert plain == with_config
    assert "org_controls" not in plain


def test_explain_and_the_reference_page_know_them(cli: Cli) -> None:
    code, out, _ = cli("explain", "PLO-2.1")
    assert code == 0
    assert "dimension:   org-scope, level 2" in out
    assert "inventory.production_systems" in out
    page = (ROOT / "docs" / "models" / "ai-platform.md").read_text(encoding="utf-8")
    assert "(`org-scope`)" in page and "### PLO-4.1:" in page
