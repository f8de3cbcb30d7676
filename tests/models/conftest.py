"""Fixtures for the model-pack tests: evaluate a manifest with one pack, and query the pack's
report rules (findings, leverage, readiness) the way the pipeline does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from aimm.core.engines import PolicyEngine, make_engine
from aimm.core.loader import load_manifest
from aimm.core.model import load_model
from aimm.core.pipeline import CheckOptions, input_document
from aimm.core.schema import validate

TODAY = date(2026, 11, 21)

PackResult = dict[str, Any]


@cache
def pack_engine(model_id: str) -> PolicyEngine:
    """One engine per pack, the one a run picks (the WebAssembly module; its report rules
    come from its model.yaml ``report:``). tests/core/test_differential.py holds it equal to
    regopy and OPA."""
    return make_engine([load_model(model_id)])


def evaluate(path: Path, model_id: str) -> PackResult:
    """The pack's raw report for the manifest at ``path``, plus every report rule of its
    model.yaml, queried as the pipeline queries them (``report_extras``)."""
    loaded = load_manifest(path)
    validate(loaded)
    document = input_document(loaded, CheckOptions(today=TODAY))
    engine = pack_engine(model_id)
    report = engine.evaluate(document, model_id)
    return {"report": report, **engine.report_extras(document, report, model_id)}


@pytest.fixture
def evaluate_pack() -> Callable[[Path, str], PackResult]:
    """``evaluate_pack(path, model_id)``: see :func:`evaluate`."""
    return evaluate
