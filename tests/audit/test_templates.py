"""``aimm audit --templates DIR``: templates for the documents the obligations need and the
manifests lack, never evidence until filled in (issue 15)."""

from __future__ import annotations

from pathlib import Path

from aimm.core.probes.document import judge
from tests.support import REGULATED, Cli

LATER = ("--today", "2027-12-05")  # the Annex III obligations are in force


def _run(cli: Cli, folder: Path, *frameworks: str) -> tuple[int, str]:
    args = [a for f in frameworks for a in ("--framework", f)]
    code, _, err = cli("audit", *args, str(REGULATED), *LATER, "--templates", folder)
    return code, err


def test_templates_for_the_missing_documents(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "templates"
    code, err = _run(cli, folder, "iso-42001", "nist-ai-rmf")
    assert code == 1
    # 8 documents, a statement of applicability per system, the index.
    assert err.splitlines()[-1] == f"aimm: 13 template(s) written to {folder}"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert "cv-screening/impact-assessment.md" in files
    assert "customer-chatbot/serious-incident-report.md" in files
    assert "cv-screening/technical-documentation.md" in files
    assert "it-ticket-router/statement-of-applicability.md" in files
    # credit-risk-model declares every document these frameworks ask for: none for it but its
    # statement of applicability.
    assert [f for f in files if f.startswith("credit-risk-model/")] == [
        "credit-risk-model/statement-of-applicability.md"
    ]
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert (
        "| cv-screening | `cv-screening/impact-assessment.md` | `compliance.impact_assessment` | "
        "iso-42001 A.5.3; nist-ai-rmf MAP 5 |"
    ) in index


def test_an_unfilled_template_is_never_evidence(tmp_path: Path, cli: Cli) -> None:
    """Guidance lives in comments: the document probe finds no prose, so committing the
    template as it is leaves the obligation unmet."""
    folder = tmp_path / "t"
    _run(cli, folder, "eu-ai-act", "iso-42001", "nist-ai-rmf")
    for path in folder.rglob("*.md"):
        if path.name in ("index.md", "statement-of-applicability.md"):
            continue
        verdict = judge(path.read_bytes(), path.name)
        assert verdict["status"] == "contradicted", (path, verdict)
        assert verdict["words"] == 0


def test_template_contents(tmp_path: Path, cli: Cli) -> None:
    """The incident template takes the Art. 73 deadlines from the profile data; the impact
    assessment names Art. 27; each template names its manifest field and obligations."""
    folder = tmp_path / "t"
    _run(cli, folder, "iso-42001", "nist-ai-rmf")
    incident = (folder / "customer-chatbot/serious-incident-report.md").read_text()
    assert incident.startswith(
        "# Serious-incident reporting procedure and report: customer-chatbot"
    )
    assert "at most 15 days after the causal link is established, 10 days in the event" in incident
    assert "2 days for a widespread infringement or a serious and irreversible" in incident
    assert "set compliance.incident_reporting.procedure to its path" in incident
    assert "  - nist-ai-rmf MANAGE 4.3: " in incident
    fria = (folder / "cv-screening/impact-assessment.md").read_text()
    assert "## People and groups affected" in fria
    assert "(EU AI Act Art. 27)" in fria
    soa = (folder / "it-ticket-router/statement-of-applicability.md").read_text()
    assert soa.count("\n| A.") == 38


def test_existing_files_are_kept(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "t"
    mine = folder / "cv-screening" / "impact-assessment.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("the team's own draft\n", encoding="utf-8")
    _, err = _run(cli, folder, "iso-42001")
    assert mine.read_text(encoding="utf-8") == "the team's own draft\n"
    assert "; 1 kept (they exist)" in err.splitlines()[-1]


def test_templates_into_a_file_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, err = _run(cli, target, "iso-42001")
    assert code == 2
    assert f"--templates {target}: exists and is not a folder" in err
