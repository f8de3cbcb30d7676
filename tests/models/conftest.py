"""Fixtures for the model-pack tests: evaluate a manifest with one pack, and query the pack's
report-time rules (findings, leverage, readiness) the way a reporter would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from aimm.core.engine import Engine, entrypoint
from aimm.core.loader import load_manifest
from aimm.core.model import load_model
from aimm.core.pipeline import CheckOptions, input_document
from aimm.core.schema import validate

TODAY = date(2026, 11, 21)

# The report-time rules of each pack: package (under aimm.models.<key>.) -> rules. Each is
# queried with the facts document plus input.report, the pack's assembled report.
REPORT_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "mlops": {
        "findings": ("findings",),
        "leverage": ("upgrade", "next_steps"),
        "common": ("track",),
    },
    "ai-operations": {"findings": ("findings",), "readiness": ("checklist", "ownership")},
}

PackResult = dict[str, Any]


def rule_points(model_id: str) -> dict[str, str]:
    """Rule name -> bundle entrypoint, for the pack's report-time rules."""
    key = model_id.replace("-", "_")
    return {
        rule: entrypoint(f"aimm.models.{key}.{package}", rule)
        for package, rules in REPORT_RULES[model_id].items()
        for rule in rules
    }


@cache
def pack_engine(model_id: str) -> Engine:
    """One engine per pack, with its report-time rules as extra entrypoints."""
    return Engine(load_model(model_id), entrypoints=list(rule_points(model_id).values()))


def evaluate(path: Path, model_id: str) -> PackResult:
    """The pack's raw report for the manifest at ``path``, plus every report-time rule."""
    loaded = load_manifest(path)
    validate(loaded)
    document = input_document(loaded, CheckOptions(today=TODAY))
    engine = pack_engine(model_id)
    report = engine.evaluate(document, model_id)
    result: PackResult = {"report": report}
    for rule, point in rule_points(model_id).items():
        result[rule] = engine.query(point, {**document, "report": report}, model_id)
    return result


@pytest.fixture
def evaluate_pack() -> Callable[[Path, str], PackResult]:
    """``evaluate_pack(path, model_id)``: see :func:`evaluate`."""
    return evaluate
