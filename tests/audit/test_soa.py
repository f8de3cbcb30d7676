"""The ISO/IEC 42001 Statement of Applicability over all 38 Annex A controls, and the
not-assessed clause status (issue 15: 11 of 38 controls, no statement; a not-assessed clause
once failed closed as unmet)."""

from __future__ import annotations

import json
from pathlib import Path

from aimm.audit.matrix import STATUSES, AuditReport
from aimm.core.frameworks import load_profile
from tests.support import REGULATED, TODAY_ARGS, Cli

# Annex A of ISO/IEC 42001:2023, as the reference facts list it (two public lists agree, V-2SRC).
ANNEX_A = [
    *("A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3"),
    *("A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6"),
    *("A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3"),
    *("A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8"),
    *("A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"),
    *("A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4"),
    *("A.10.2", "A.10.3", "A.10.4"),
]
SOA = ["audit", "--framework", "iso-42001", "--format", "soa", *TODAY_ARGS]


def test_the_profile_holds_every_annex_a_control() -> None:
    """38 controls in Annex A order; each evidenced by aimm or saying why it cannot be."""
    profile = load_profile("iso-42001")
    assert len(ANNEX_A) == 38
    assert [c.id for c in profile.clauses] == ANNEX_A
    for clause in profile.clauses:
        assert clause.source["verification"] == "V-2SRC"
        assert clause.source["ref"] == f"Annex A, {clause.id}"
        assert bool(clause.levels or clause.controls) != bool(clause.not_assessed), clause.id
    assert sum(1 for c in profile.clauses if c.assessed) == 11


def _rows(markdown: str, system: str) -> list[list[str]]:
    section = markdown.split(f"## {system}\n", 1)[1].split("\n## ", 1)[0]
    return [
        [c.strip() for c in line.strip("|").split(" | ")]
        for line in section.splitlines()
        if line.startswith("| A.")
    ]


def test_statement_covers_all_38_controls_per_system(cli: Cli) -> None:
    code, out, err = cli(*SOA, str(REGULATED))
    assert code == 1, err  # customer-chatbot and cv-screening have unmet Annex A controls
    assert out.startswith("# Statement of Applicability: ISO/IEC 42001:2023 Annex A (2026-11-21)")
    for system in ("credit-risk-model", "customer-chatbot", "cv-screening", "it-ticket-router"):
        rows = _rows(out, system)
        assert [r[0] for r in rows] == ANNEX_A
        for control, _title, applicable, why, status, evidence in rows:
            assert applicable in ("yes", "no"), control
            assert why.startswith("Applicable: " if applicable == "yes" else "Not applicable: ")
            assert evidence, control
            if applicable == "no":
                assert (status, evidence) == ("-", "-")
    credit = {r[0]: r for r in _rows(out, "credit-risk-model")}
    assert credit["A.2.2"][4:] == [
        "not-assessed",
        "None in aimm: An organisation-level policy of the AI management system; a system's "
        "manifest has no fact for it, so aimm cannot evidence it per system. Evidence it in the "
        "management system's own records.",
    ]
    assert credit["A.5.3"][2:5] == ["yes", "Applicable: the risk tier is high.", "met"]
    assert credit["A.5.3"][5].startswith("controls ISO-2; docs/impact-assessment.md (verified, ")


def test_a_control_that_does_not_apply_says_why(cli: Cli) -> None:
    """A.9.2 applies to systems that act; the ticket router only suggests."""
    _, out, _ = cli(*SOA, str(REGULATED / "it-ticket-router"))
    row = {r[0]: r for r in _rows(out, "it-ticket-router")}["A.9.2"]
    assert row[2] == "no"
    assert row[3].startswith("Not applicable: ")
    assert "autonomy" in row[3]


def test_soa_needs_the_iso_profile(cli: Cli) -> None:
    code, out, err = cli("audit", "--framework", "eu-ai-act", "--format", "soa", str(REGULATED))
    assert (code, out) == (2, "")
    assert "--format soa is the ISO/IEC 42001 Statement of Applicability" in err


def test_the_pack_holds_the_statement_with_iso_only(tmp_path: Path, cli: Cli) -> None:
    router = str(REGULATED / "it-ticket-router")
    base = ["audit", *TODAY_ARGS, router]
    assert cli(*base, "--framework", "iso-42001", "--pack", tmp_path / "iso").code == 0
    statement = (tmp_path / "iso/report/statement-of-applicability.md").read_text()
    assert len(_rows(statement, "it-ticket-router")) == 38
    assert cli(*base, "--framework", "eu-ai-act", "--pack", tmp_path / "eu").code == 0
    assert not (tmp_path / "eu/report/statement-of-applicability.md").exists()


def test_not_assessed_is_a_status_never_unmet(audit_report: AuditReport) -> None:
    """The policies judge a clause aimm cannot evidence as not-assessed; Python keeps it (it
    once fell back to "unmet, the policies returned no judgement") and it fails no gate."""
    assert "not-assessed" in STATUSES
    credit = audit_report.systems[0]
    judged = [o for o in credit.obligations if o.framework == "iso-42001"]
    assessed = {o.clause.id for o in judged if o.status != "not-assessed"}
    assert len(assessed) == 11
    for o in judged:
        if o.clause.id not in assessed:
            assert (o.status, o.outcome, o.requirements) == ("not-assessed", "not-assessed", ())
            assert "returned no judgement" not in o.reason
    # 27 Annex A controls and 11 NIST AI RMF categories or subcategories aimm cannot evidence.
    assert credit.counts()["not-assessed"] == 27 + 11
    assert audit_report.summary()["obligations_not_assessed"] == (27 + 11) * 4


def test_not_assessed_in_every_format(cli: Cli) -> None:
    router = str(REGULATED / "it-ticket-router")
    base = ["audit", "--framework", "iso-42001", *TODAY_ARGS, router]
    text = cli(*base).out
    assert "not assessed" in text.split("obligations: ", 1)[1].splitlines()[0]
    assert "not assessed by aimm: An organisation-level policy" in text
    assert "not assessed by aimm: An organisation-level policy" in cli(*base, "--format", "csv").out
    assert (
        "not assessed by aimm: An organisation-level policy"
        in cli(*base, "--format", "markdown").out
    )
    data = json.loads(cli(*base, "--format", "json").out)
    statuses = [o["status"] for o in data["results"][0]["obligations"]]
    assert statuses.count("not-assessed") == 27
    oscal = json.loads(cli(*base, "--format", "oscal").out)["assessment-results"]
    (selection,) = oscal["results"][0]["reviewed-controls"]["control-selections"]
    assert {"control-id": "iso-a-2-2"} in selection["exclude-controls"]
    assert "iso-42001 A.2.2: not assessed by aimm, " in selection["remarks"]
    assert "iso-a-2-2_obj" not in {
        f["target"]["target-id"] for f in oscal["results"][0]["findings"]
    }


def test_nist_covers_the_reference_subcategories() -> None:
    """NIST AI RMF: the 33 categories and subcategories of the reference facts (13 before), each
    read in the official text (V-TEXT), evidenced or saying why not; no clause sets a cost
    level (the RMF does not address inference spend)."""
    profile = load_profile("nist-ai-rmf")
    ids = [c.id for c in profile.clauses]
    assert len(ids) == 33
    assert {
        "GOVERN 1.6",
        "GOVERN 4.3",
        "MAP 2",
        "MEASURE 2.13",
        "MEASURE 3.3",
        "MANAGE 3.2",
    } <= set(ids)
    for clause in profile.clauses:
        assert clause.source["verification"] == "V-TEXT"
        assert clause.source["ref"].startswith(clause.id + " (Table ")
        assert bool(clause.levels or clause.controls) != bool(clause.not_assessed), clause.id
        assert "cost" not in clause.levels
    assert [c.id for c in profile.clauses if not c.assessed] == [
        "GOVERN 4", "GOVERN 5", "GOVERN 6", "MAP 1", "MAP 3", "MAP 4", "MEASURE 2.12",
        "MANAGE 1", "MANAGE 2", "MANAGE 2.1", "MANAGE 3",
    ]  # fmt: skip
