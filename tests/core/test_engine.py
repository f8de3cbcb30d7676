"""The embedded engine: build once, evaluate many, fail closed, errors as exit 3."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from regopy import Interpreter

from aimm.core.engine import QUERY, Engine, control_packages, policy_files
from aimm.core.errors import EngineError, ExitCode
from aimm.core.loader import load_manifest
from aimm.core.model import Control, Model, load_model, models_data
from aimm.core.pipeline import CheckOptions, input_document
from aimm.core.resources import policies_dir
from tests.support import BASE, TODAY

FACTS: dict[str, Any] = {
    "manifest": {
        "apiVersion": "aimm/v1",
        "kind": "AISystem",
        "metadata": {
            "name": "x",
            "team": "t",
            "owners": {"technical": "a@example.com", "on_call": "t-oncall"},
        },
        "system": {"type": "llm-app", "lifecycle": "production"},
        "risk": {
            "domain": "general",
            "autonomy": "suggest",
            "data_sensitivity": "public",
            "exposure": "internal",
            "criticality": "low",
        },
    },
    "evidence": {},
    "today": "2026-11-21",
    "config": {},
}


def test_policy_files_exclude_tests() -> None:
    """Test modules are not compiled into the evaluation bundle."""
    files = policy_files([policies_dir()])
    assert files, "no policies found"
    assert not [f for f in files if f.name.endswith("_test.rego")]


def test_minimal_manifest_is_level_one_everywhere(engine: Engine) -> None:
    """An empty posture counts every fact at its weakest: level 1, low tier, gate passes."""
    raw = engine.evaluate(FACTS)
    assert raw["levels"] == dict.fromkeys(load_model().dimensions, 1)
    assert raw["tier"] == "low"
    assert raw["gate"]["passed"] is True


def test_engine_evaluates_many_inputs(engine: Engine) -> None:
    """The same bundle answers different inputs differently (no stale input)."""
    facts = {
        **FACTS,
        "manifest": {**FACTS["manifest"], "posture": {"visibility": {"dashboards": "per-team"}}},
    }
    assert engine.evaluate(facts)["levels"]["visibility"] == 2
    assert engine.evaluate(FACTS)["levels"]["visibility"] == 1


def test_control_without_rule_fails_closed() -> None:
    """A catalog control that no policy evaluates is reported as failing, never passing."""
    model = load_model()
    ghost = Control(
        id="VIS-2.9",
        dimension="visibility",
        level=2,
        title="ghost",
        check="x",
        why="x",
        remediation="x",
        evidence="x",
        effort="S",
    )
    cells = {
        **model.data["cells"],
        "visibility": {**model.data["cells"]["visibility"], "2": ["VIS-2.1", "VIS-2.9"]},
    }
    patched = dataclasses.replace(
        model, data={**model.data, "cells": cells}, controls=(*model.controls, ghost)
    )
    facts = {
        **FACTS,
        "manifest": {**FACTS["manifest"], "posture": {"visibility": {"dashboards": "central"}}},
    }
    raw = Engine(patched).evaluate(facts)
    entry = next(c for c in raw["controls"] if c["id"] == "VIS-2.9")
    assert entry["status"] == "fail"
    assert "could not be evaluated" in entry["message"]
    assert raw["levels"]["visibility"] == 1  # the hole caps the dimension


def test_broken_policy_is_engine_error_naming_file_and_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A syntax error in a policy is exit 3 with file and line, and nothing leaks to stdout."""
    (tmp_path / "broken.rego").write_text("package aimm.controls.broken\n\nfoo := {\n  1 +\n}\n")
    with pytest.raises(EngineError) as info:
        Engine(extra_policy_dirs=[tmp_path])
    assert info.value.exit_code == ExitCode.ENGINE_ERROR
    message = info.value.one_line()
    assert "broken.rego:4:" in message
    assert "\n" not in message
    out, _err = capfd.readouterr()
    assert out == ""


def test_model_used_is_reported() -> None:
    """The engine keeps the model it was built with."""
    model: Model = load_model()
    engine = Engine(model)
    assert engine.model is model
    assert engine.models == {"default": model}


def test_split_evaluation_equals_single_query(engine: Engine) -> None:
    """Package-by-package evaluation gives exactly data.aimm.core.report.result (the OPA form,
    with input.model naming the model)."""
    base = BASE / "aimm.yaml"
    for facts in (FACTS, input_document(load_manifest(base), CheckOptions(today=TODAY))):
        interpreter = Interpreter()
        interpreter.strict_built_in_errors = True
        for path in engine.files:
            interpreter.add_module(str(path), path.read_text(encoding="utf-8"))
        interpreter.add_data(models_data(engine.models.values()))
        interpreter.set_input_term(json.dumps({**facts, "model": engine.model.rego_key}))
        single = json.loads(str(interpreter.query(QUERY)))["bindings"]["x"]
        assert engine.evaluate(facts) == single


def test_control_packages_are_discovered(tmp_path: Path) -> None:
    """Packages that publish results are queried (full dotted names); others are not."""
    (tmp_path / "a.rego").write_text('package aimm.controls.acme\n\nresults["ACME-1"] := {}\n')
    (tmp_path / "b.rego").write_text("package aimm.controls.helpers\n\nx := 1\n")
    (tmp_path / "c.rego").write_text('package acme.other\n\nresults["X"] := {}\n')
    assert control_packages(sorted(tmp_path.glob("*.rego"))) == [
        "acme.other",
        "aimm.controls.acme",
    ]
    builtin = control_packages(policy_files([policies_dir()]))
    assert "aimm.models.default.visibility" in builtin
    assert "aimm.core.controls.tier" in builtin
