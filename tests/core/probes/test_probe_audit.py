"""The audit reads the probes: never "met" on empty, placeholder or contradicted evidence, and
"partially evidenced" for obligations aimm evidences only through grid levels, in every format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from aimm.audit import formats
from aimm.audit.matrix import AuditReport, Obligation, audit_paths
from tests.core.probes.probe_fixtures import materialise

TODAY = date(2026, 11, 21)


def _audit(name: str, tmp_path: Path, framework: str = "eu-ai-act") -> AuditReport:
    manifest = materialise(name, tmp_path)
    return audit_paths([manifest], [framework], today=TODAY, enforce_upcoming=True)


def _clause(report: AuditReport, clause: str) -> Obligation:
    (system,) = report.systems
    return next(o for o in system.obligations if o.clause.id == clause)


def test_placeholder_document_is_never_met(tmp_path: Path) -> None:
    """Technical documentation reading "Draft, see Confluence": Art. 11 is unmet and its file
    is reported as contradicted, with what the probe found."""
    report = _audit("compliance-techdoc-draft", tmp_path)
    art11 = _clause(report, "Art. 11")
    assert (art11.status, art11.outcome) == ("unmet", "unmet")
    (doc,) = [f for f in art11.evidence if f.path == "docs/technical-documentation.md"]
    assert doc.status == "contradicted"
    assert doc.checks == (
        {
            "probe": "document",
            "status": "contradicted",
            "detail": 'docs/technical-documentation.md is a placeholder ("Draft, see Confluence"); '
            "at least 20 are needed",
        },
    )
    text = formats.get("text")(report)
    assert "docs/technical-documentation.md present but CONTRADICTED" in " ".join(text.split())


def test_honest_documents_are_met_with_what_was_read(tmp_path: Path) -> None:
    """The same clause on the honest base is met, its file verified by the document probe."""
    art11 = _clause(_audit("base", tmp_path), "Art. 11")
    assert art11.status == "met"
    (doc,) = [f for f in art11.evidence if f.path == "docs/technical-documentation.md"]
    assert (doc.status, [c["status"] for c in doc.checks]) == ("verified", ["verified"])


def test_levels_only_clause_is_partially_evidenced_in_every_format(tmp_path: Path) -> None:
    """ISO/IEC 42001 A.6.2.4 (verification and validation) is evidenced only by a grid level:
    partially evidenced, counted apart from met, never satisfied in OSCAL, and the exit code
    does not fail on it. (Every EU AI Act clause now has a control of its own.)"""
    report = _audit("base", tmp_path, "iso-42001")
    art15 = _clause(report, "A.6.2.4")
    assert [r["kind"] for r in art15.requirements] == ["level"]
    assert (art15.status, art15.outcome) == ("partially-evidenced", "partially-evidenced")
    (system,) = report.systems
    assert system.counts()["partially-evidenced"] >= 1
    assert report.exit_code() == 0

    data = json.loads(formats.get("json")(report))
    assert (
        data["summary"]["obligations_partially_evidenced"] == system.counts()["partially-evidenced"]
    )
    assert "partially-evidenced" in {o["status"] for o in data["results"][0]["obligations"]}

    text = formats.get("text")(report)
    assert "partially evidenced" in text
    assert "partial   iso-42001 A.6.2.4" in text
    assert "| partial |" in formats.get("markdown")(report)
    assert "partially-evidenced" in formats.get("csv")(report)

    oscal = json.loads(formats.get("oscal")(report))
    findings = oscal["assessment-results"]["results"][0]["findings"]
    (finding,) = [f for f in findings if f["title"].startswith("iso-42001 A.6.2.4:")]
    assert finding["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    assert {
        "name": "status",
        "ns": "https://aimm.dev/ns/oscal",
        "value": "partially-evidenced",
    } in (finding["props"])


@pytest.mark.parametrize("name", ["compliance-techdoc-empty", "compliance-techdoc-todo"])
def test_empty_or_todo_documents_fail_the_obligation(name: str, tmp_path: Path) -> None:
    """The issue's own examples: a 0-byte file and a TODO file never make Art. 11 met."""
    assert _clause(_audit(name, tmp_path), "Art. 11").status == "unmet"
