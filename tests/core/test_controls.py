"""Every control, end to end: a manifest that passes it and manifests that fail it.

The base manifest (tests/data/controls/base) passes every control. cases.yaml lists, per
control, mutations that must make that control fail, and optionally mutations that must
keep it passing (boundaries, not-applicable branches). A case may also carry an org config
(key ``aimm-org.yaml``), written above the manifest where the checker discovers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.run import check_paths
from aimm.core.engine import Engine
from aimm.core.model import load_model
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.result import ManifestResult
from tests.support import DATA as TEST_DATA
from tests.support import TODAY, make_system, write_config

DATA = TEST_DATA / "controls"
CASES: dict[str, dict[str, list[dict[str, Any]]]] = yaml.safe_load(
    (DATA / "cases.yaml").read_text(encoding="utf-8")
)
ORG_CONFIG = "aimm-org.yaml"


def _check(tmp_path: Path, engine: Engine, mutations: dict[str, Any]) -> ManifestResult:
    mutations = dict(mutations)
    if ORG_CONFIG in mutations:
        write_config(tmp_path / ORG_CONFIG, mutations.pop(ORG_CONFIG))
    folder = make_system(tmp_path / "system", mutations)
    pipeline = Pipeline(CheckOptions(today=TODAY), engine=engine, configs=ConfigResolver())
    report = check_paths([folder], today=TODAY, pipeline=pipeline)
    (result,) = report.results
    assert result.evaluated, result.errors
    # The policies name the controls that fail the gate: some do exactly when it fails.
    assert any(c["blocks_gate"] for c in result.controls) is not result.gate_passed
    return result


def _status(result: ManifestResult, control_id: str) -> dict[str, Any]:
    return next(c for c in result.controls if c["id"] == control_id)


def _params(kind: str) -> list[Any]:
    return [
        pytest.param(cid, kind, m, id=f"{cid}-{kind}{i}")
        for cid, cases in CASES.items()
        for i, m in enumerate(cases.get(kind, []))
    ]


def test_every_catalog_control_has_a_failing_case() -> None:
    """No control without a failing manifest, and no case for an unknown control."""
    catalog = {c.id for c in load_model().controls}
    assert set(CASES) == catalog
    assert all(CASES[cid].get("fail") for cid in catalog)


def test_base_passes_every_control(tmp_path: Path, engine: Engine) -> None:
    """The base manifest passes every control, reaches level 5 everywhere and its gate."""
    result = _check(tmp_path, engine, {})
    assert [c["id"] for c in result.controls if c["status"] != "pass"] == []
    assert result.levels == dict.fromkeys(load_model().dimensions, 5)
    assert result.gate_passed
    assert result.next_steps == ()


@pytest.mark.parametrize(
    ("control_id", "expected", "mutations"), [*_params("fail"), *_params("pass")]
)
def test_control_case(
    tmp_path: Path, engine: Engine, control_id: str, expected: str, mutations: dict[str, Any]
) -> None:
    """A fail case makes the control fail; a pass case (a boundary value, a not-applicable
    branch) keeps it passing. Either way the message says what was observed."""
    control = _status(_check(tmp_path, engine, mutations), control_id)
    assert control["status"] == expected, control
    assert control["message"]
    assert control["message"] != "control could not be evaluated"
