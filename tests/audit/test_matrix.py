"""The obligations matrix (``aimm.audit.matrix``): every clause judged, with its reasons,
requirements and evidence, and failing closed. (Its formats: ``tests/audit/formats``; the
command: ``tests/cli/test_audit.py``.)"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from aimm.audit.matrix import STATUSES, AuditReport, audit_paths
from aimm.core.engine import Engine
from aimm.core.errors import EngineError, UsageError
from aimm.core.frameworks import MATRIX_ENTRYPOINT, load_profile
from tests.support import REGULATED, TODAY

EU = ["eu-ai-act"]


@pytest.fixture
def engine(profile_engine: Engine) -> Engine:
    """The session's engine with all three profiles."""
    return profile_engine


@pytest.fixture
def report(audit_report: AuditReport) -> AuditReport:
    """The regulated examples audited against all three frameworks (the session's)."""
    return audit_report


def _system(report: AuditReport, name: str) -> Any:
    return next(s for s in report.systems if s.system == name)


def _obligation(report: AuditReport, name: str, framework: str, clause: str) -> Any:
    system = _system(report, name)
    return next(o for o in system.obligations if (o.framework, o.clause.id) == (framework, clause))


# ---- the matrix ---------------------------------------------------------------------------------


def test_every_clause_of_every_framework_is_judged(report: AuditReport) -> None:
    """One obligation per clause, in --framework then profile order, with a known status."""
    expected = [
        (p.id, c.id)
        for p in (load_profile(n) for n in ("eu-ai-act", "nist-ai-rmf", "iso-42001"))
        for c in p.clauses
    ]
    assert len(report.systems) == 4
    for system in report.systems:
        assert [(o.framework, o.clause.id) for o in system.obligations] == expected
        assert {o.status for o in system.obligations} <= set(STATUSES)


def test_not_applicable_says_why(report: AuditReport) -> None:
    """A clause that does not apply names the fact that rules it out."""
    fria = _obligation(report, "cv-screening", "eu-ai-act", "Art. 27")
    assert fria.status == "not-applicable"
    assert fria.reason == (
        "none of these holds: compliance.public_service is false / risk.domain is employment, "
        "not credit-scoring or insurance"
    )
    provider_only = _obligation(report, "cv-screening", "eu-ai-act", "Art. 9")
    assert provider_only.reason == "compliance.roles is deployer, not provider"


def test_upcoming_carries_its_date_and_outcome(report: AuditReport) -> None:
    """Before its date an obligation is upcoming, with what it would be today."""
    art43 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 43")
    assert (art43.status, art43.outcome, art43.in_force) == ("upcoming", "unmet", False)
    assert art43.clause.applies_from == "2027-12-02"
    art11 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 11")
    assert (art11.status, art11.outcome) == ("upcoming", "met")


def test_requirements_name_controls_and_levels(report: AuditReport) -> None:
    """A clause lists its grid levels and controls with their statuses from the check."""
    art17 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 17")
    assert [
        (r["kind"], r.get("dimension"), r.get("min_level"), r["status"]) for r in art17.requirements
    ] == [
        ("level", "evaluation", 4, "pass"),
        ("level", "audit", 4, "pass"),
        ("control", None, None, "pass"),
    ]
    # The levels show the practices; Art. 17 also asks for the written quality management system.
    assert art17.requirements[2]["id"] == "EU-17"
    art19 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 19")
    assert art19.requirements == (
        {
            "kind": "control",
            "id": "EU-19",
            "status": "pass",
            "detail": "compliance.log_retention_days is 400, at least 184",
            "title": "Generated logs are kept for at least six months",
        },
    )


def test_evidence_files_carry_their_sha256(report: AuditReport) -> None:
    """Every evidence file behind an obligation is listed with the sha256 of its bytes."""
    art73 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 73")
    paths = [f.path for f in art73.evidence]
    assert paths == ["docs/postmortem.md", "docs/runbook.md", "docs/serious-incidents.md"]
    folder = REGULATED / "credit-risk-model"
    for file in art73.evidence:
        assert file.status == "verified"
        assert file.sha256 == hashlib.sha256((folder / file.path).read_bytes()).hexdigest()


def test_declared_values_are_marked_declared_never_measured(report: AuditReport) -> None:
    """Facts from the manifest are 'declared' (or 'not declared'); nothing is 'measured'."""
    art19 = _obligation(report, "credit-risk-model", "eu-ai-act", "Art. 19")
    assert art19.declared == (
        {"fact": "compliance.log_retention_days", "value": 400, "basis": "declared"},
    )
    bases = {d["basis"] for s in report.systems for o in s.obligations for d in o.declared}
    assert bases <= {"declared", "not declared"}
    doc = json.dumps(report.as_dict())
    assert '"measured"' not in doc
    assert report.as_dict()["basis"].startswith("aimm measures nothing")


def test_never_met_on_a_missing_evidence_file(engine: Engine, tmp_path: Path) -> None:
    """The disclosure file is gone: Art. 50(1) is unmet and the file is reported missing."""
    folder = tmp_path / "customer-chatbot"
    shutil.copytree(REGULATED / "customer-chatbot", folder)
    (folder / "docs" / "ai-disclosure.md").unlink()
    report = audit_paths([folder], EU, today=TODAY, engine=engine)
    art50 = _obligation(report, "customer-chatbot", "eu-ai-act", "Art. 50(1)")
    assert art50.status == "unmet"
    assert [(f.path, f.status, f.sha256) for f in art50.evidence] == [
        ("docs/ai-disclosure.md", "missing", None)
    ]
    for system in report.systems:
        for o in system.obligations:
            if o.status == "met":
                assert all(f.status == "verified" for f in o.evidence), o.clause.id


def test_a_policy_that_claims_met_on_missing_evidence_is_an_engine_error(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python cross-checks the policy: met with a missing file is a contradiction (exit 3)."""
    folder = tmp_path / "customer-chatbot"
    shutil.copytree(REGULATED / "customer-chatbot", folder)
    (folder / "docs" / "ai-disclosure.md").unlink()
    real = Engine.query

    def lying(
        self: Engine, entrypoint: str, document: dict[str, Any], model_id: str | None = None
    ) -> Any:
        matrix = real(self, entrypoint, document, model_id)
        for entry in matrix["obligations"]:
            entry["status"] = "met"
        return matrix

    # The pipeline builds its own engine for these profiles: make it the patched class.
    monkeypatch.setenv("AIMM_ENGINE", "regopy")
    monkeypatch.setattr(Engine, "query", lying)
    with pytest.raises(EngineError, match=r"judged met but docs/ai-disclosure\.md is missing"):
        audit_paths([folder], EU, today=TODAY, engine=engine)


def test_a_clause_the_policy_did_not_judge_is_unmet(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail closed: an obligation missing from the policy's matrix is unmet, never dropped."""
    real = Engine.query

    def dropping(
        self: Engine, entrypoint: str, document: dict[str, Any], model_id: str | None = None
    ) -> Any:
        matrix = real(self, entrypoint, document, model_id)
        matrix["obligations"] = [o for o in matrix["obligations"] if o["clause"] != "Art. 4"]
        return matrix

    # The pipeline builds its own engine for these profiles: make it the patched class.
    monkeypatch.setenv("AIMM_ENGINE", "regopy")
    monkeypatch.setattr(Engine, "query", dropping)
    report = audit_paths([REGULATED / "it-ticket-router"], EU, today=TODAY, engine=engine)
    art4 = _obligation(report, "it-ticket-router", "eu-ai-act", "Art. 4")
    assert (art4.status, art4.reason) == (
        "unmet",
        "the policies returned no judgement for this clause (fails closed)",
    )
    assert report.exit_code() == 1


def test_no_matrix_at_all_is_an_engine_error(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pipeline builds its own engine for these profiles: make it the patched class.
    monkeypatch.setenv("AIMM_ENGINE", "regopy")
    monkeypatch.setattr(Engine, "query", lambda self, entrypoint, document, model_id=None: None)
    with pytest.raises(EngineError, match="no obligations matrix"):
        audit_paths([REGULATED / "it-ticket-router"], EU, today=TODAY, engine=engine)


def test_matrix_entrypoint_is_part_of_the_profile_bundle(engine: Engine) -> None:
    assert MATRIX_ENTRYPOINT in engine.extra_entrypoints
    with pytest.raises(EngineError, match="not an entrypoint"):
        Engine().query(MATRIX_ENTRYPOINT, {})
    # A plain engine is refused up front by the audit rather than failing on its first query.
    with pytest.raises(UsageError, match="built without the profile"):
        audit_paths([REGULATED / "it-ticket-router"], EU, today=TODAY, engine=Engine())


def test_the_engine_given_is_the_one_used(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit with the profiles the given engine was built for builds no other engine
    (whatever order the profiles are named in)."""
    built: list[object] = []
    real = Engine.__init__

    def counting(self: Engine, *args: Any, **kwargs: Any) -> None:
        built.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "__init__", counting)
    names = ["nist-ai-rmf", "iso-42001", "eu-ai-act"]
    audit_paths([REGULATED / "it-ticket-router"], names, today=TODAY, engine=engine)
    assert built == []
