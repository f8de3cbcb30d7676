"""One registry of probes, run by evidence.collect on every declared path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aimm.core import evidence, probes
from aimm.core.probes import Declaration


def test_every_probe_applies_to_evidence_fields_only() -> None:
    """Each probe names fields the evidence collector walks, and each id is unique."""
    ids = [p.id for p in probes.PROBES]
    assert ids == ["eval_suite", "document", "history", "workflow"]
    for probe in probes.PROBES:
        assert probe.fields <= set(evidence.EVIDENCE_FIELDS), probe.id
    assert [p.id for p in probes.PROBES if p.repository] == ["history"]


def test_declarations_carry_pointers() -> None:
    """Each declared path is reported with every place the manifest declares it."""
    manifest = {
        "posture": {
            "evaluation": {
                "suites": [{"path": "a.jsonl"}, {"path": "b.jsonl"}, {"path": "a.jsonl"}]
            },
            "audit": {"incident_runbook": "docs/r.md"},
        },
        "compliance": {"risk_management": "docs/r.md"},
    }
    suites = ("posture", "evaluation", "suites", "*", "path")
    assert evidence.declarations(manifest) == {
        "a.jsonl": (
            Declaration(suites, "/posture/evaluation/suites/0/path"),
            Declaration(suites, "/posture/evaluation/suites/2/path"),
        ),
        "b.jsonl": (Declaration(suites, "/posture/evaluation/suites/1/path"),),
        "docs/r.md": (
            Declaration(
                ("posture", "audit", "incident_runbook"), "/posture/audit/incident_runbook"
            ),
            Declaration(("compliance", "risk_management"), "/compliance/risk_management"),
        ),
    }


def _service(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "evals" / "golden").mkdir(parents=True)
    (root / "evals" / "golden" / "a.jsonl").write_text('{"q": 1}\n{"q": 2}\n')
    (root / "docs").mkdir()
    (root / "docs" / "pm.md").write_text("TODO\n")
    return root


MANIFEST: dict[str, Any] = {
    "posture": {
        "evaluation": {"suites": [{"name": "g", "path": "evals/golden", "cases": 2}]},
        "audit": {"postmortem_template": "docs/pm.md", "incident_runbook": "docs/missing.md"},
    }
}


def test_collect_runs_the_probes_that_apply(tmp_path: Path) -> None:
    """A suite folder counts as present and is counted; a document is judged; a missing path
    is not probed."""
    facts = evidence.collect(MANIFEST, _service(tmp_path) / "aimm.yaml")
    suite = facts["evals/golden"]
    assert (suite.exists, suite.detail) == (True, "evals/golden found (a folder)")
    assert set(suite.probes) == {"eval_suite"}
    assert suite.probes["eval_suite"]["status"] == "verified"
    assert facts["docs/pm.md"].probes["document"]["status"] == "contradicted"
    missing = facts["docs/missing.md"]
    assert (missing.exists, missing.probes) == (False, {})
    assert "probes" not in missing.as_dict()


def test_a_folder_is_not_a_document(tmp_path: Path) -> None:
    """Only suite paths may be folders: a folder declared as a runbook does not count."""
    root = _service(tmp_path)
    manifest = {"posture": {"audit": {"incident_runbook": "evals/golden"}}}
    fact = evidence.collect(manifest, root / "aimm.yaml")["evals/golden"]
    assert (fact.exists, fact.detail) == (False, "evals/golden is not a regular file")


def test_without_verification_every_probe_is_unverified(tmp_path: Path) -> None:
    """--no-verify-evidence reads nothing: every probe reports unverified and says why."""
    facts = evidence.collect(MANIFEST, _service(tmp_path) / "aimm.yaml", verify=False)
    assert facts["docs/missing.md"].as_dict() == {
        "exists": True,
        "detail": "docs/missing.md not verified (--no-verify-evidence)",
        "probes": {
            name: {
                "status": "unverified",
                "detail": "docs/missing.md not verified (--no-verify-evidence)",
            }
            for name in ("document", "history")
        },
    }


def test_a_probe_that_fails_reports_unverified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected read error in a probe never stops the check."""

    def broken(target: probes.Target) -> dict[str, Any]:
        raise OSError("disk on fire")

    patched = tuple(
        probes.Probe(p.id, p.fields, broken, p.repository) if p.id == "document" else p
        for p in probes.PROBES
    )
    monkeypatch.setattr(probes, "PROBES", patched)
    facts = evidence.collect(MANIFEST, _service(tmp_path) / "aimm.yaml")
    assert facts["docs/pm.md"].probes["document"] == {
        "status": "unverified",
        "detail": "docs/pm.md could not be read: disk on fire",
    }
