"""Classical ML is judged by classical criteria; LLM systems keep theirs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from aimm.check.run import check_paths
from aimm.core.model import load_model
from tests.core.probes.probe_fixtures import CORPUS

TODAY = date(2026, 11, 21)
TYPED = ("VIS-3.4", "AUD-4.3", "COS-4.2", "COS-4.3")


def _manifest(tmp_path: Path, name: str, edits: list[tuple[str, str]]) -> Path:
    folder = tmp_path / name
    shutil.copytree(CORPUS / "base", folder)
    manifest = folder / "aimm.yaml"
    text = manifest.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    manifest.write_text(text, encoding="utf-8")
    return manifest


CLASSICAL = [
    ("type: agent", "type: classical-ml"),
    ("spans: [model_call, tool_call, agent_step]", "spans: [prediction]"),
    (
        "covers: [prompts, responses, tool_calls, approvals, model_versions]",
        "covers: [inputs, scores, approvals, model_versions]",
    ),
    (
        "org: 10000, project: 2000, user: 50, session: 5}",
        "org: 10000, project: 2000, model: 500, job: 40}",
    ),
]


def _statuses(manifest: Path) -> dict[str, str]:
    (result,) = check_paths([manifest], today=TODAY).results
    return {c["id"]: c["status"] for c in result.controls if c["id"] in TYPED}


def test_classical_system_meets_the_classical_criteria(tmp_path: Path) -> None:
    """Prediction logging, inputs/scores/model versions and per-model and per-job budgets."""
    assert _statuses(_manifest(tmp_path, "classical", CLASSICAL)) == dict.fromkeys(TYPED, "pass")


def test_classical_system_is_not_excused_by_llm_terms(tmp_path: Path) -> None:
    """A classical system with only the LLM facts (model_call spans are accepted, prompts and
    per-user limits are not) fails the audit trail and the budgets."""
    statuses = _statuses(_manifest(tmp_path, "classical-llm-terms", CLASSICAL[:1]))
    assert statuses == {"VIS-3.4": "pass", "AUD-4.3": "fail", "COS-4.2": "fail", "COS-4.3": "fail"}


def test_llm_system_keeps_its_criteria(tmp_path: Path) -> None:
    """The same classical facts on an agent fail the LLM criteria; the base passes them."""
    assert _statuses(_manifest(tmp_path, "agent", [])) == dict.fromkeys(TYPED, "pass")
    statuses = _statuses(_manifest(tmp_path, "agent-classical-terms", CLASSICAL[1:]))
    assert statuses == dict.fromkeys(TYPED, "fail")


def test_the_catalog_says_which_controls_differ_by_type_and_why() -> None:
    """Exactly the type-dependent controls carry a classical-ml criterion with its reason."""
    model = load_model()
    differing = {c.id for c in model.controls if c.by_type}
    assert differing == set(TYPED)
    for control_id in TYPED:
        control = model.control(control_id)
        assert control is not None
        (variant,) = control.by_type
        assert variant["types"] == ["classical-ml"]
        assert variant["check"] and variant["why"]
