"""A regulation's duties cannot be waived or disabled into a pass (issue 15, problem 1).

An internal approval cannot suspend the law: a valid waiver on a governance control of a
regulatory profile (the EU AI Act) is reported as "unmet, risk accepted by X until Y", keeps
``aimm audit`` and ``aimm check --profile`` failing, and an org config can neither disable such a
control nor, by disabling a grid control, lower a regulatory floor. A voluntary framework's
controls stay waivable.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from aimm.audit import formats
from aimm.audit.matrix import AuditReport, Obligation, audit_paths
from tests.support import Cli

ROOT = Path(__file__).resolve().parents[2]
REGULATED = ROOT / "examples" / "regulated"
TODAY = "2026-11-21"

C2PA_WAIVER = {
    "control": "EU-50.2",
    "reason": "C2PA marking ships in Q1",
    "approved_by": "cpo@example.com",
    "expires": "2027-03-31",
}


def _copy(tmp_path: Path, name: str) -> Path:
    """A copy of a regulated example outside git (its documents are not dated by history)."""
    target = tmp_path / name
    shutil.copytree(REGULATED / name, target)
    return target


def _edit(folder: Path, change: dict[str, Any]) -> None:
    path = folder / "aimm.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc.update(change)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _audit(folder: Path, framework: str = "eu-ai-act") -> AuditReport:
    return audit_paths([folder], [framework], today=date(2026, 11, 21))


def _clause(report: AuditReport, clause: str) -> Obligation:
    (system,) = report.systems
    return next(o for o in system.obligations if o.clause.id == clause)


def test_a_waived_statutory_obligation_is_unmet_with_the_risk_accepted(tmp_path: Path) -> None:
    """customer-chatbot's only unmet duty is Art. 50(2); a CPO's waiver on EU-50.2 leaves it
    unmet, names who accepted the risk until when, and the audit still exits 1."""
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})
    report = _audit(folder)
    art50_2 = _clause(report, "Art. 50(2)")
    assert (art50_2.status, art50_2.outcome) == ("unmet", "unmet")
    assert art50_2.risk_accepted == (
        {
            "control": "EU-50.2",
            "approved_by": "cpo@example.com",
            "expires": "2027-03-31",
            "reason": "C2PA marking ships in Q1",
        },
    )
    (system,) = report.systems
    assert system.counts()["waived"] == 0
    assert report.exit_code() == 1

    accepted = (
        "unmet, risk accepted by cpo@example.com until 2027-03-31 "
        "(EU-50.2: C2PA marking ships in Q1)"
    )
    assert accepted in " ".join(formats.get("text")(report).split())
    assert "UNMET (risk accepted by cpo@example.com until 2027-03-31" in formats.get("markdown")(
        report
    )
    data = json.loads(formats.get("json")(report))
    (entry,) = [o for o in data["results"][0]["obligations"] if o["clause"] == "Art. 50(2)"]
    assert entry["risk_accepted"][0]["approved_by"] == "cpo@example.com"


def test_the_audit_cli_exits_1_on_a_waived_statutory_obligation(tmp_path: Path, cli: Cli) -> None:
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})
    code, out, _ = cli("audit", "--framework", "eu-ai-act", str(folder), "--today", TODAY)
    assert code == 1
    assert "risk accepted by cpo@example.com until 2027-03-31" in " ".join(out.split())


def test_check_profile_keeps_failing_with_the_waiver(tmp_path: Path, cli: Cli) -> None:
    """``aimm check --profile eu-ai-act``: the control stays failed and blocks the gate, and
    the text report says the risk was accepted, by whom and until when."""
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})
    code, out, _ = cli(
        "check",
        str(folder),
        "--today",
        TODAY,
        "--profile",
        "eu-ai-act",
        "--format",
        "json",
    )
    assert code == 1
    (result,) = json.loads(out)["results"]
    (entry,) = [c for c in result["controls"] if c["id"] == "EU-50.2"]
    assert (entry["status"], entry["blocks_gate"]) == ("fail", True)
    assert entry["risk_accepted"]["approved_by"] == "cpo@example.com"
    assert result["gate"]["reasons"][0].startswith("EU-50.2: ")
    code, text, _ = cli("check", str(folder), "--today", TODAY, "--profile", "eu-ai-act")
    assert code == 1
    assert "unmet, risk accepted by cpo@example.com until 2027-03-31" in " ".join(text.split())


def test_a_voluntary_framework_clause_can_still_be_waived(tmp_path: Path) -> None:
    """ISO/IEC 42001 is voluntary: a valid waiver on its control makes its clause waived."""
    folder = _copy(tmp_path, "customer-chatbot")
    before = _audit(folder, "iso-42001")
    (system,) = before.systems
    # The unmet clauses held only by controls (a waiver cannot raise a grid level).
    unmet = [
        o
        for o in system.obligations
        if o.status == "unmet"
        and all(r["kind"] == "control" for r in o.requirements if r["status"] != "pass")
    ]
    ids = sorted({r["id"] for o in unmet for r in o.requirements if r["status"] != "pass"})
    assert ids, "the example has an unmet ISO clause to waive"
    _edit(
        folder,
        {
            "waivers": [
                {**C2PA_WAIVER, "control": cid, "reason": "ISO/IEC 42001 adoption in 2027"}
                for cid in ids
            ]
        },
    )
    after = _audit(folder, "iso-42001")
    assert {_clause(after, o.clause.id).status for o in unmet} == {"waived"}
    assert all(not _clause(after, o.clause.id).risk_accepted for o in unmet)


def _org_config(tmp_path: Path, disabled: list[dict[str, str]]) -> Path:
    config = tmp_path / "aimm-org.yaml"
    doc = {"apiVersion": "aimm/v1", "kind": "OrgConfig", "disabled_controls": disabled}
    config.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return config


def test_a_statutory_control_cannot_be_disabled(tmp_path: Path, cli: Cli) -> None:
    """Disabling EU-50.2 in the org config is a usage error, not a quiet pass."""
    folder = _copy(tmp_path, "customer-chatbot")
    config = _org_config(tmp_path, [{"control": "EU-50.2", "reason": "not for us"}])
    code, out, err = cli(
        "check",
        str(folder),
        "--today",
        TODAY,
        "--profile",
        "eu-ai-act",
        "--config",
        str(config),
    )
    assert (code, out) == (2, "")
    assert "EU-50.2" in err


def test_disabling_a_grid_control_never_lowers_a_regulatory_floor(tmp_path: Path, cli: Cli) -> None:
    """cv-screening (employment, a regulated domain: audit floor 4) is at audit level 3; with
    its AUD-4.2 waiver replaced by an org config disabling AUD-4.2 the gate still fails, in a
    plain check and with the EU AI Act profile."""
    folder = _copy(tmp_path, "cv-screening")
    _edit(folder, {"waivers": []})
    config = _org_config(tmp_path, [{"control": "AUD-4.2", "reason": "vendor logs, 2028"}])
    for profile in ([], ["--profile", "eu-ai-act"]):
        code, out, _ = cli(
            "check", str(folder), "--today", TODAY, "--format", "json", "--config", str(config),
            *profile,
        )  # fmt: skip
        assert code == 1, profile
        (result,) = json.loads(out)["results"]
        assert result["floors"]["audit"] == 4
        assert any(r.startswith("audit is at level 3, below its floor of 4") for r in
                   result["gate"]["reasons"])  # fmt: skip


def test_oscal_records_the_waiver_as_an_approved_deviation(tmp_path: Path) -> None:
    """The finding stays not-satisfied and links a risk with status deviation-approved, a
    risk-log entry and the waiver's expiry as deadline; trestle loads the document."""
    from trestle.oscal.assessment_results import AssessmentResults

    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})
    doc = json.loads(formats.get("oscal")(_audit(folder)))
    AssessmentResults.model_validate(doc["assessment-results"])
    (result,) = doc["assessment-results"]["results"]
    (finding,) = [f for f in result["findings"] if f["title"].startswith("eu-ai-act Art. 50(2):")]
    assert finding["target"]["status"]["state"] == "not-satisfied"
    (risk,) = result["risks"]
    assert finding["related-risks"] == [{"risk-uuid": risk["uuid"]}]
    assert risk["status"] == "deviation-approved"
    assert risk["deadline"] == "2027-03-31T00:00:00+00:00"
    assert risk["title"] == (
        "eu-ai-act Art. 50(2) unmet, risk accepted by cpo@example.com until 2027-03-31"
    )
    assert risk["risk-log"]["entries"][0]["status-change"] == "deviation-approved"


def test_oscal_uuids_are_unique_to_each_document(tmp_path: Path) -> None:
    """Two audits of the same system on different dates share no result, finding, observation
    or risk uuid; the same inputs give the same document."""
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})

    def uuids(day: date) -> set[str]:
        text = formats.get("oscal")(audit_paths([folder], ["eu-ai-act"], today=day))
        doc = json.loads(text)["assessment-results"]
        (result,) = doc["results"]
        items = [result, *result["findings"], *result["observations"], *result["risks"]]
        return {doc["uuid"], *(i["uuid"] for i in items)}

    first, second = uuids(date(2026, 11, 21)), uuids(date(2026, 11, 22))
    assert first and not first & second
    assert uuids(date(2026, 11, 21)) == first


def test_the_pack_index_says_the_waiver_only_accepts_risk(tmp_path: Path, cli: Cli) -> None:
    folder = _copy(tmp_path, "customer-chatbot")
    _edit(folder, {"waivers": [C2PA_WAIVER]})
    pack = tmp_path / "pack"
    code, _, err = cli(
        "audit",
        "--framework",
        "eu-ai-act",
        str(folder),
        "--today",
        TODAY,
        "--pack",
        str(pack),
    )
    assert code == 1, err
    index = (pack / "index.md").read_text(encoding="utf-8")
    assert (
        "| EU-50.2 | valid, risk accepted only (a waiver cannot lift a legal duty) | "
        "cpo@example.com | 2027-03-31 |"
    ) in index
    assert "| UNMET (risk accepted by cpo@example.com until 2027-03-31" in index
