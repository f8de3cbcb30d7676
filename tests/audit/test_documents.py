"""Obligations whose law asks for a document are evidenced by that document (issue 15,
problem 2): Arts. 10, 13, 15, 17 and 72 are never met on grid levels alone, their documents are
read by the evidence probes (non-empty, not a placeholder, kept current), and one notice file
never counts for two notices (EU-50.1, EU-26.11, ISO-4).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.audit.matrix import AuditReport, Obligation, audit_paths

ROOT = Path(__file__).resolve().parents[2]
REGULATED = ROOT / "examples" / "regulated"
TODAY = date(2026, 11, 21)
PROSE = (
    "This document records, for the credit risk model, who owns the process, what is done, how "
    "often it is reviewed, which evidence is kept and where, and how findings lead to changes "
    "that are tracked to closure by the accountable team.\n"
)

# The clause, its control and the compliance fact holding the document the law asks for.
DOCUMENTS = [
    ("Art. 10", "EU-10", "data_governance"),
    ("Art. 13", "EU-13", "instructions_for_use"),
    ("Art. 15", "EU-15", "accuracy_metrics"),
    ("Art. 17", "EU-17", "quality_management"),
    ("Art. 72", "EU-72", "post_market_monitoring_plan"),
]


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(REGULATED / name, target)
    return target


def _compliance(folder: Path, change: dict[str, Any]) -> None:
    path = folder / "aimm.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["compliance"] = {**doc["compliance"], **change}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _audit(folder: Path, framework: str = "eu-ai-act") -> AuditReport:
    return audit_paths([folder], [framework], today=TODAY, enforce_upcoming=True)


def _clause(report: AuditReport, clause: str) -> Obligation:
    (system,) = report.systems
    return next(o for o in system.obligations if o.clause.id == clause)


def _control(obligation: Obligation, control: str) -> dict[str, Any]:
    return next(r for r in obligation.requirements if r.get("id") == control)


@pytest.mark.parametrize(("clause", "control", "fact"), DOCUMENTS)
def test_grid_levels_alone_never_meet_a_documentary_duty(
    tmp_path: Path, clause: str, control: str, fact: str
) -> None:
    """credit-risk-model's levels pass for the clause, but without the document it is unmet and
    the control says which fact is missing."""
    folder = _copy(tmp_path, "credit-risk-model")
    path = folder / "aimm.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["compliance"][fact]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    report = _audit(folder)
    obligation = _clause(report, clause)
    assert obligation.status == "unmet"
    assert all(r["status"] == "pass" for r in obligation.requirements if r["kind"] == "level")
    requirement = _control(obligation, control)
    assert requirement["status"] == "fail"
    assert requirement["detail"].startswith(f"compliance.{fact} is not declared; {clause}")


@pytest.mark.parametrize(("clause", "control", "fact"), DOCUMENTS)
def test_a_placeholder_document_is_contradicted(
    tmp_path: Path, clause: str, control: str, fact: str
) -> None:
    folder = _copy(tmp_path, "credit-risk-model")
    (folder / "docs" / "placeholder.md").write_text("TODO\n", encoding="utf-8")
    _compliance(folder, {fact: "docs/placeholder.md"})
    obligation = _clause(_audit(folder), clause)
    assert obligation.status == "unmet"
    assert _control(obligation, control)["status"] == "fail"
    (file,) = [f for f in obligation.evidence if f.path == "docs/placeholder.md"]
    assert file.status == "contradicted"


@pytest.mark.parametrize(("clause", "control", "fact"), DOCUMENTS)
def test_a_real_document_evidences_the_clause(
    tmp_path: Path, clause: str, control: str, fact: str
) -> None:
    folder = _copy(tmp_path, "credit-risk-model")
    (folder / "docs" / f"{fact}.md").write_text(f"# {fact}\n\n{PROSE}", encoding="utf-8")
    _compliance(folder, {fact: f"docs/{fact}.md"})
    obligation = _clause(_audit(folder), clause)
    assert _control(obligation, control)["status"] == "pass"
    (file,) = [f for f in obligation.evidence if f.path == f"docs/{fact}.md"]
    assert file.status == "verified"
    assert any(c["probe"] == "document" and c["status"] == "verified" for c in file.checks)


def _git(root: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.parametrize(("clause", "control", "fact"), DOCUMENTS)
def test_a_document_not_changed_within_a_year_is_stale(
    tmp_path: Path, clause: str, control: str, fact: str
) -> None:
    """Dated by git history: last changed 2025-06-01, more than 365 days before the audit."""
    folder = _copy(tmp_path, "credit-risk-model")
    (folder / "docs" / f"{fact}.md").write_text(f"# {fact}\n\n{PROSE}", encoding="utf-8")
    _compliance(folder, {fact: f"docs/{fact}.md"})
    _git(folder, "init", "-q", when="2025-06-01T12:00:00")
    _git(folder, "add", "-A", when="2025-06-01T12:00:00")
    _git(folder, "commit", "-q", "-m", "documents", when="2025-06-01T12:00:00")
    obligation = _clause(_audit(folder), clause)
    requirement = _control(obligation, control)
    assert (obligation.status, requirement["status"]) == ("unmet", "fail")
    assert (
        f"docs/{fact}.md last changed on 2025-06-01, 538 days before today; the limit is 365 days"
        in requirement["detail"]
    )
    (file,) = [f for f in obligation.evidence if f.path == f"docs/{fact}.md"]
    # The probe found the date; the policy judged it too old.
    assert f"docs/{fact}.md last changed on 2025-06-01 (git log)" in [
        c["detail"] for c in file.checks
    ]


def test_one_notice_file_does_not_satisfy_three_notices(tmp_path: Path) -> None:
    """customer-chatbot's chat disclosure declared again as the affected-persons notice and the
    user information: EU-50.1, EU-26.11 and ISO-4 all fail, each naming the shared file."""
    folder = _copy(tmp_path, "customer-chatbot")
    doc = yaml.safe_load((folder / "aimm.yaml").read_text(encoding="utf-8"))
    notice = doc["compliance"]["transparency"]["notice"]
    _compliance(
        folder,
        {
            "transparency": {
                **doc["compliance"]["transparency"],
                "affected_persons_notice": notice,
                "user_information": notice,
            }
        },
    )
    art50_1 = _clause(_audit(folder), "Art. 50(1)")
    assert art50_1.status == "unmet"
    assert (
        "the same file as compliance.transparency.affected_persons_notice"
        in (_control(art50_1, "EU-50.1")["detail"])
    )
    a82 = _clause(_audit(folder, "iso-42001"), "A.8.2")
    assert a82.status == "unmet"
    assert "each notice needs a document of its own" in _control(a82, "ISO-4")["detail"]
