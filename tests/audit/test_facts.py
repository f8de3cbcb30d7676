"""The factual fixes of issue 15, problem 3, each against the reference facts
(/work/shared/reference/regulatory/): registration (Art. 49), the declaration of conformity
(Art. 47) apart from the assessment (Art. 43), the authority serious incidents go to (Art. 75 as
amended), the two-day case of Art. 73, NIST GOVERN 3.2 and MANAGE 2.4 for every system, and the
Art. 111 transitional dates driven by compliance.placed_on_market.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.audit.matrix import AuditReport, Obligation, audit_paths
from aimm.core import frameworks

ROOT = Path(__file__).resolve().parents[2]
REGULATED = ROOT / "examples" / "regulated"
TODAY = date(2026, 11, 21)
PROSE = (
    "The declaration names the system, the provider and its address, states that the system "
    "conforms to the requirements of Chapter III Section 2, lists the harmonised standards "
    "applied, and is signed by the head of model risk for the provider.\n"
)


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(REGULATED / name, target)
    return target


def _edit(folder: Path, section: str, change: dict[str, Any]) -> None:
    path = folder / "aimm.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[section] = {**doc[section], **change}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _audit(folder: Path, framework: str = "eu-ai-act", today: date = TODAY) -> AuditReport:
    return audit_paths([folder], [framework], today=today, enforce_upcoming=True)


def _clause(report: AuditReport, clause: str) -> Obligation:
    (system,) = report.systems
    return next(o for o in system.obligations if o.clause.id == clause)


def _detail(obligation: Obligation, control: str) -> str:
    return str(next(r for r in obligation.requirements if r.get("id") == control)["detail"])


def test_critical_infrastructure_registers_nationally(tmp_path: Path) -> None:
    """Annex III point 2 is not registered in the EU database (Art. 49(1)) but nationally
    (Art. 49(5))."""
    folder = _copy(tmp_path, "credit-risk-model")
    _edit(folder, "risk", {"domain": "critical-infrastructure"})
    report = _audit(folder)
    assert _clause(report, "Art. 49(1)").status == "not-applicable"
    national = _clause(report, "Art. 49(5)")
    assert national.status == "unmet"
    assert "compliance.national_registration_id" in _detail(national, "EU-49.5")
    _edit(folder, "compliance", {"national_registration_id": "DE-KRITIS-2027-0042"})
    assert _clause(_audit(folder), "Art. 49(5)").status == "met"


@pytest.mark.parametrize("domain", ["law-enforcement", "migration"])
def test_law_enforcement_and_migration_entries_are_not_public(tmp_path: Path, domain: str) -> None:
    folder = _copy(tmp_path, "credit-risk-model")
    _edit(folder, "risk", {"domain": domain})
    _edit(folder, "compliance", {"eu_database_id": "EU-AI-2027-000123"})
    art49 = _clause(_audit(folder), "Art. 49(1)")
    assert art49.status == "met"
    assert _detail(art49, "EU-49").endswith(
        f"({domain} entries go into the database's secure non-public section, Art. 49(4))"
    )
    summary = frameworks.load_profile("eu-ai-act")
    (clause,) = [c for c in summary.clauses if c.id == "Art. 49(1)"]
    assert "not public" in clause.summary


def test_the_declaration_of_conformity_is_its_own_duty(tmp_path: Path) -> None:
    """A completed Art. 43 assessment does not make the Art. 47 declaration: it is a document
    of its own, kept ten years."""
    folder = _copy(tmp_path, "credit-risk-model")
    (folder / "docs" / "assessment.md").write_text(f"# Assessment\n\n{PROSE}", encoding="utf-8")
    _edit(
        folder,
        "compliance",
        {"conformity_assessment": {"status": "completed", "record": "docs/assessment.md"}},
    )
    report = _audit(folder)
    assert _clause(report, "Art. 43").status == "met"
    art47 = _clause(report, "Art. 47")
    assert art47.status == "unmet"
    assert "compliance.declaration_of_conformity is not declared" in _detail(art47, "EU-47")
    (folder / "docs" / "declaration.md").write_text(f"# Declaration\n\n{PROSE}", encoding="utf-8")
    _edit(
        folder,
        "compliance",
        {"declaration_of_conformity": "docs/declaration.md", "documentation_retention_years": 10},
    )
    assert _clause(_audit(folder), "Art. 47").status == "met"


def test_a_system_on_the_providers_own_gpai_model_reports_to_the_ai_office(tmp_path: Path) -> None:
    """Art. 75(1a) as amended by Reg. (EU) 2026/1744."""
    folder = _copy(tmp_path, "credit-risk-model")
    _edit(folder, "compliance", {"built_on_own_gpai_model": True})
    detail = _detail(_clause(_audit(folder), "Art. 73"), "EU-73")
    assert "Art. 73 with Art. 75 needs serious incidents reported to the ai-office" in detail
    doc = yaml.safe_load((folder / "aimm.yaml").read_text(encoding="utf-8"))
    reporting = {**doc["compliance"]["incident_reporting"], "authority": "ai-office"}
    _edit(folder, "compliance", {"incident_reporting": reporting})
    assert _clause(_audit(folder), "Art. 73").status == "met"
    # Critical infrastructure stays with the national authority even on an own model.
    _edit(folder, "risk", {"domain": "critical-infrastructure"})
    detail = _detail(_clause(_audit(folder), "Art. 73"), "EU-73")
    assert "reported to the market-surveillance-authority" in detail


def test_the_two_day_case_is_a_serious_and_irreversible_disruption() -> None:
    (clause,) = [c for c in frameworks.load_profile("eu-ai-act").clauses if c.id == "Art. 73"]
    assert clause.figures["widespread_or_critical_infrastructure"] == 2
    assert "serious and irreversible" in clause.summary


@pytest.mark.parametrize("clause", ["GOVERN 3.2", "MANAGE 2.4"])
def test_nist_oversight_is_not_narrowed_to_systems_that_act(tmp_path: Path, clause: str) -> None:
    """credit-risk-model suggests (risk.autonomy: suggest): both subcategories still apply,
    and its declared oversight meets them."""
    report = _audit(_copy(tmp_path, "credit-risk-model"), "nist-ai-rmf")
    obligation = _clause(report, clause)
    assert obligation.applies is True
    assert obligation.status == "met"


def test_generated_content_placed_before_august_2026_has_until_december(tmp_path: Path) -> None:
    """Art. 111(4) as inserted in 2026: a generative system on the market before 2026-08-02
    must mark its output from 2026-12-02; one placed later from 2026-08-02."""
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, "compliance", {"placed_on_market": "2026-05-04"})
    early = _clause(audit_paths([folder], ["eu-ai-act"], today=TODAY), "Art. 50(2)")
    assert (early.status, early.applies_from) == ("upcoming", "2026-12-02")
    assert "compliance.placed_on_market is 2026-05-04, before 2026-08-02" in early.date_note
    late = _clause(audit_paths([folder], ["eu-ai-act"], today=date(2026, 12, 2)), "Art. 50(2)")
    assert late.status == "unmet"
    _edit(folder, "compliance", {"placed_on_market": "2026-09-14"})
    after = _clause(audit_paths([folder], ["eu-ai-act"], today=TODAY), "Art. 50(2)")
    assert (after.status, after.applies_from, after.date_note) == ("unmet", "2026-08-02", "")
