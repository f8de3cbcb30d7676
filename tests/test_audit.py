"""``aimm audit``: the obligations matrix, its formats, its exit codes, and failing closed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

from aimm.audit import formats as audit_formats
from aimm.audit.matrix import STATUSES, AuditReport, audit_paths
from aimm.core import evidence
from aimm.core.engine import Engine
from aimm.core.errors import EngineError
from aimm.core.frameworks import MATRIX_ENTRYPOINT, engine_for, load_profile
from aimm.core.probes import history

ROOT = Path(__file__).resolve().parents[1]
REGULATED = ROOT / "examples" / "regulated"
TODAY = date(2026, 11, 21)
EU = ["eu-ai-act"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine with all three profiles, for the module."""
    return engine_for({"profiles": ["eu-ai-act", "nist-ai-rmf", "iso-42001"]})


@pytest.fixture(scope="module")
def report(engine: Engine) -> AuditReport:
    """The regulated examples audited against all three frameworks on 2026-11-21."""
    return audit_paths(
        [REGULATED], ["eu-ai-act", "nist-ai-rmf", "iso-42001"], today=TODAY, engine=engine
    )


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

    def lying(self: Engine, entrypoint: str, document: dict[str, Any]) -> Any:
        matrix = real(self, entrypoint, document)
        for entry in matrix["obligations"]:
            entry["status"] = "met"
        return matrix

    monkeypatch.setattr(Engine, "query", lying)
    with pytest.raises(EngineError, match=r"judged met but docs/ai-disclosure\.md is missing"):
        audit_paths([folder], EU, today=TODAY, engine=engine)


def test_a_clause_the_policy_did_not_judge_is_unmet(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail closed: an obligation missing from the policy's matrix is unmet, never dropped."""
    real = Engine.query

    def dropping(self: Engine, entrypoint: str, document: dict[str, Any]) -> Any:
        matrix = real(self, entrypoint, document)
        matrix["obligations"] = [o for o in matrix["obligations"] if o["clause"] != "Art. 4"]
        return matrix

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
    monkeypatch.setattr(Engine, "query", lambda self, entrypoint, document: None)
    with pytest.raises(EngineError, match="no obligations matrix"):
        audit_paths([REGULATED / "it-ticket-router"], EU, today=TODAY, engine=engine)


def test_matrix_entrypoint_is_part_of_the_profile_bundle(engine: Engine) -> None:
    assert MATRIX_ENTRYPOINT in engine.extra_entrypoints
    with pytest.raises(EngineError, match="not an entrypoint"):
        Engine().query(MATRIX_ENTRYPOINT, {})


# ---- exit codes through the CLI ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "args", "code"),
    [
        ("it-ticket-router", [], 0),
        ("customer-chatbot", [], 1),
        ("credit-risk-model", [], 0),
        ("credit-risk-model", ["--enforce-upcoming"], 1),
        ("cv-screening", ["--today", "2027-12-02"], 0),
    ],
)
def test_exit_codes(target: str, args: list[str], code: int) -> None:
    """0 when every applicable obligation in force is met or waived, 1 when one is unmet."""
    argv = ["audit", "--framework", "eu-ai-act", str(REGULATED / target), "--today", "2026-11-21"]
    if "2027-12-02" in args and _runbook_stale_on(REGULATED / target, date(2027, 12, 2)):
        # The runbook's age comes from git: once its last commit is over 365 days before the
        # day judged, AUD-4.7 fails and Art. 26(5) (audit >= 4) is unmet.
        code = 1
    assert run([*argv, *args])[0] == code


def _runbook_stale_on(folder: Path, day: date) -> bool:
    """Whether git dates the example's runbook more than 365 days before ``day`` (the history
    probe's date; unknown outside a checkout)."""
    root = evidence.repository_root(folder)
    relative = (folder / "docs" / "runbook.md").resolve().relative_to(root).as_posix()
    changed = history.last_change(root, relative) if (root / ".git").exists() else None
    return changed is not None and (day - date.fromisoformat(changed)).days > 365


def test_input_errors_are_exit_2(tmp_path: Path) -> None:
    """A manifest that cannot be read, an unknown framework or no framework: exit 2."""
    (tmp_path / "aimm.yaml").write_text("kind: [\n", encoding="utf-8")
    code, out, err = run(
        ["audit", "--framework", "eu-ai-act", str(tmp_path), str(REGULATED / "it-ticket-router")]
    )
    assert code == 2
    assert "error:" in out and "it-ticket-router" in out
    code, _, err = run(["audit", "--framework", "eu-aia", str(REGULATED)])
    assert (code, err) == (
        2,
        "aimm: unknown framework 'eu-aia'; one of: eu-ai-act, iso-42001, nist-ai-rmf\n",
    )
    assert run(["audit", str(REGULATED)])[0] == 2


def test_engine_failure_is_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    """A policy error stops the audit with exit 3; it is never dropped."""

    def broken(self: Engine, document: dict[str, Any], model_id: str | None = None) -> Any:
        raise EngineError("policy evaluation failed in aimm/controls/eu_ai_act/results: boom")

    monkeypatch.setattr(Engine, "outcomes", broken)
    code, out, err = run(["audit", "--framework", "eu-ai-act", str(REGULATED / "it-ticket-router")])
    assert (code, out) == (3, "")
    assert err.startswith("aimm: policy evaluation failed")


# ---- formats -------------------------------------------------------------------------------------


def test_formats_are_registered() -> None:
    assert audit_formats.names() == ["text", "json", "markdown", "csv", "oscal"]


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


def test_output_file_matches_stdout(tmp_path: Path) -> None:
    argv = [
        "audit",
        "--framework",
        "eu-ai-act",
        str(REGULATED / "cv-screening"),
        "--today",
        "2026-11-21",
        "--format",
        "csv",
    ]
    code, out, _ = run(argv)
    target = tmp_path / "matrix.csv"
    assert run([*argv, "-o", str(target)])[:2] == (code, "")
    assert target.read_text(encoding="utf-8") == out


@pytest.mark.parametrize(
    ("flags", "evaluation_floor"),
    [([], 5), (["--no-config"], 4)],
    ids=["org-config", "no-config"],
)
def test_audit_applies_the_org_config_like_check(
    tmp_path: Path, flags: list[str], evaluation_floor: int
) -> None:
    """The nearest aimm-org.yaml applies to an audit as to a check: here it raises the
    evaluation floor of tier high to 5, so the audit's check basis fails its gate."""
    shutil.copytree(REGULATED / "credit-risk-model", tmp_path / "credit-risk-model")
    (tmp_path / "aimm-org.yaml").write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n  high: {evaluation: 5}\n",
        encoding="utf-8",
    )
    code, out, err = run(
        [
            "audit",
            "--framework",
            "eu-ai-act",
            str(tmp_path / "credit-risk-model"),
            "--today",
            "2026-11-21",
            "--format",
            "json",
            *flags,
        ]
    )
    (result,) = json.loads(out)["results"]
    assert result["floors"]["evaluation"] == evaluation_floor, err
    assert result["gate"]["passed"] is (evaluation_floor == 4)
    assert code in (0, 1)
