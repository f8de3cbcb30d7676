"""The audit's formats (``aimm audit --format``): text, json, markdown, csv (oscal has its own
module), on the regulated examples' audit."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from aimm.audit import formats as audit_formats
from aimm.audit.matrix import AuditReport
from aimm.core.frameworks import load_profile
from tests.support import REGULATED


@pytest.fixture
def report(audit_report: AuditReport) -> AuditReport:
    """The regulated examples audited against all three frameworks (the session's)."""
    return audit_report


def test_formats_are_registered() -> None:
    assert audit_formats.names() == [
        "text", "json", "markdown", "csv", "oscal", "soa",
        "oscal-plan", "oscal-component", "oscal-catalog",
    ]  # fmt: skip


def test_json_is_deterministic_and_complete(report: AuditReport) -> None:
    text = audit_formats.get("json")(report)
    assert text == audit_formats.get("json")(report)
    doc = json.loads(text)
    assert doc["kind"] == "aimm-audit" and doc["today"] == "2026-11-21"
    assert [f["id"] for f in doc["frameworks"]] == ["eu-ai-act", "nist-ai-rmf", "iso-42001"]
    chatbot = next(r for r in doc["results"] if r["system"] == "customer-chatbot")
    assert chatbot["context"]["eu_risk_category"] == "transparency"
    art50 = next(o for o in chatbot["obligations"] if o["clause"] == "Art. 50(2)")
    assert art50["status"] == "unmet"
    assert art50["source"]["verification"] == "V-TEXT"
    assert art50["mapping_verification"] == "INF"
    assert doc["summary"]["with_unmet"] >= 1


def test_csv_has_one_row_per_system_and_clause(report: AuditReport) -> None:
    rows = list(csv.DictReader(io.StringIO(audit_formats.get("csv")(report))))
    clauses = sum(len(load_profile(n).clauses) for n in ("eu-ai-act", "nist-ai-rmf", "iso-42001"))
    assert len(rows) == 4 * clauses
    row = next(r for r in rows if r["system"] == "customer-chatbot" and r["clause"] == "Art. 50(2)")
    assert (row["status"], row["applicable"], row["applies_from"], row["in_force"]) == (
        "unmet",
        "yes",
        "2026-08-02",
        "yes",
    )
    assert row["requirements"].startswith("evaluation >= 3: pass")
    assert "compliance.transparency.marks_generated_content=false (declared)" in row["declared"]


def test_markdown_has_a_table_row_per_clause(report: AuditReport) -> None:
    text = audit_formats.get("markdown")(report)
    assert text.startswith("# aimm audit: EU AI Act, NIST AI RMF, ISO/IEC 42001 (2026-11-21)")
    section = text.split("## customer-chatbot")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + sum(
        len(load_profile(n).clauses) for n in ("eu-ai-act", "nist-ai-rmf", "iso-42001")
    )
    assert "| UNMET | eu-ai-act Art. 50(2) |" in section


def test_text_marks_declared_and_verified(report: AuditReport) -> None:
    text = audit_formats.get("text")(report)
    assert "aimm measures nothing" in text.splitlines()[1]
    assert "declared, not measured: compliance.log_retention_days = 400" in text
    digest = hashlib.sha256(
        (REGULATED / "credit-risk-model" / "docs" / "serious-incidents.md").read_bytes()
    ).hexdigest()
    flat = " ".join(text.split())  # lines are wrapped at 100 columns
    assert (
        f"file docs/serious-incidents.md present, sha256 {digest} "
        "(verified: docs/serious-incidents.md holds 41 words of prose)"
    ) in flat
    # customer-chatbot (Art. 50(2), and NIST/ISO gaps), cv-screening (NIST/ISO gaps) and
    # it-ticket-router (NIST GOVERN 3.2 and MANAGE 2.4 cover every system, not only one that acts)
    assert "4 system(s): 3 with unmet obligations, 0 error(s)" in text
