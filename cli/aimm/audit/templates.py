"""Document templates for the documents an audit found missing (``aimm audit --templates DIR``).

For each audited system, every document an applicable obligation asks for that is not declared,
missing, or a placeholder (its evidence file contradicted) gets a template in
``DIR/<system>/``, and ``DIR/index.md`` says which manifest field each one is for and which
obligations need it. With ``iso-42001`` audited, each system also gets its Statement of
Applicability to complete.

Templates hold headings and guidance in HTML comments only, so an unfilled template is never
evidence: the document probe finds no prose in it and the obligation stays unmet until the team
writes the content. Figures (the Art. 73 reporting deadlines) come from the profile data, never
from this module. A file that already exists in DIR is kept, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aimm.audit.formats.markdown import cell
from aimm.audit.formats.soa import ISO, TITLE, system_statement
from aimm.audit.matrix import AuditReport, Obligation, SystemAudit
from aimm.audit.pack import system_slots
from aimm.core.documents import COMPLIANCE_DOCUMENTS
from aimm.core.errors import UsageError
from aimm.core.files import ensure_folder, write_atomic
from aimm.core.frameworks import load_profile

_DOCUMENT_FACTS = {".".join(path): path for path in COMPLIANCE_DOCUMENTS}
_NEEDS_WORK = ("unmet", "partially-evidenced", "upcoming", "waived")


@dataclass(frozen=True)
class Template:
    """A document template: its file name, title and sections (heading, guidance)."""

    file: str
    title: str
    sections: tuple[tuple[str, str], ...]


def _incident_sections() -> tuple[tuple[str, str], ...]:
    figures = next(c.figures for c in load_profile("eu-ai-act").clauses if c.id == "Art. 73")
    deadlines = (
        f"at most {figures['serious_incident']} days after the causal link is established, "
        f"{figures['death']} days in the event of a death, "
        f"{figures['widespread_or_critical_infrastructure']} days for a widespread infringement "
        "or a serious and irreversible disruption of critical infrastructure"
    )
    return (
        ("Incident", "What happened, when, where, and how it was detected."),
        ("The system", "System name, version and model versions involved; link the audit trail."),
        (
            "Causal link and clock",
            "When the link between the system and the incident was established. Report "
            f"{deadlines} (EU AI Act Art. 73; an initial, incomplete report is allowed).",
        ),
        ("People affected and harm", "Who was affected and what harm resulted or may result."),
        (
            "Authority notified",
            "The market surveillance authority of the Member State, or the AI Office where the "
            "system is built on the same provider's general-purpose AI model (Art. 75 as amended); "
            "date and reference of each report.",
        ),
        ("Immediate measures", "What was done to contain the incident and protect people."),
        (
            "Investigation",
            "Findings, root cause and corrective action; how evidence was preserved (the system "
            "must not be altered in a way that affects the evaluation of the causes before the "
            "authority is informed).",
        ),
        ("Owner and review", "Who owns this procedure and when it was last exercised."),
    )


_TEMPLATES: dict[str, Template] = {
    "compliance.impact_assessment": Template(
        "impact-assessment.md",
        "Impact assessment (fundamental-rights impact assessment)",
        (
            (
                "The system and its use",
                "The deployer's processes the system is used in, and for what purpose.",
            ),
            ("Period and frequency of use", "How long and how often the system will be used."),
            (
                "People and groups affected",
                "The categories of people and groups likely to be affected.",
            ),
            (
                "Risks of harm",
                "The specific risks of harm to those people and groups, and to society.",
            ),
            (
                "Human oversight",
                "The oversight measures in place, following the instructions for use.",
            ),
            (
                "If a risk materialises",
                "Mitigation, internal governance and how people can complain or seek redress.",
            ),
            (
                "Data protection",
                "Where a data protection impact assessment exists, how this one complements it.",
            ),
            (
                "Notification and review",
                "When the results were notified to the market surveillance authority (EU AI Act "
                "Art. 27) and when the assessment is reviewed.",
            ),
        ),
    ),
    "compliance.technical_documentation": Template(
        "technical-documentation.md",
        "Technical documentation (outline after EU AI Act Annex IV)",
        (
            (
                "General description",
                "Intended purpose, provider, versions, how the system works with other software.",
            ),
            (
                "Development",
                "Design choices, architecture, data and training methods, validation and testing.",
            ),
            (
                "Monitoring, functioning and control",
                "Capabilities and limits, accuracy for the intended groups, oversight measures.",
            ),
            (
                "Performance metrics",
                "Why the chosen metrics suit the system; the declared accuracy.",
            ),
            ("Risk management", "The risk management system (Art. 9) and its results."),
            ("Changes", "Relevant changes over the life cycle."),
            ("Standards applied", "Harmonised standards or other specifications used."),
            ("Declaration of conformity", "A copy of the EU declaration of conformity."),
            (
                "Post-market monitoring",
                "The post-market monitoring plan (Art. 72), part of this documentation.",
            ),
        ),
    ),
    "compliance.incident_reporting.procedure": Template(
        "serious-incident-report.md",
        "Serious-incident reporting procedure and report",
        (),  # built from the profile's figures, see _incident_sections
    ),
}


def _generic(fact: str, obligations: list[Obligation]) -> Template:
    name = fact.removeprefix("compliance.").replace(".", "-").replace("_", "-")
    titles = sorted({f"{o.framework} {o.clause.id}: {o.clause.title}" for o in obligations})
    return Template(
        f"{name}.md",
        f"{fact.removeprefix('compliance.').replace('_', ' ').replace('.', ', ').capitalize()}",
        (
            (
                "What this document must show",
                "What the obligations below ask: " + "; ".join(titles) + ".",
            ),
            ("Content", "The document itself, in the team's own words."),
            ("Owner and review", "Who owns the document and when it is reviewed."),
        ),
    )


def _template(fact: str, obligations: list[Obligation]) -> Template:
    known = _TEMPLATES.get(fact)
    if known is None:
        return _generic(fact, obligations)
    if not known.sections:
        return Template(known.file, known.title, _incident_sections())
    return known


def missing_documents(system: SystemAudit) -> dict[str, list[Obligation]]:
    """Each document fact an obligation in need of work asks for that is not declared, or
    whose file is missing or judged a placeholder -> the obligations that need it."""
    found: dict[str, list[Obligation]] = {}
    for o in system.obligations:
        if not o.applies or o.status not in _NEEDS_WORK:
            continue
        bad_files = {f.path for f in o.evidence if f.status != "verified"}
        for declared in o.declared:
            fact = str(declared.get("fact"))
            if fact not in _DOCUMENT_FACTS:
                continue
            value = declared.get("value")
            if declared.get("basis") == "declared" and value not in bad_files:
                continue
            found.setdefault(fact, []).append(o)
    return found


def render(template: Template, system: SystemAudit, fact: str, needs: list[Obligation]) -> str:
    """The template's Markdown: a title, what it is for (in a comment), then each section."""
    needed = "\n".join(f"  - {o.framework} {o.clause.id}: {o.clause.title}" for o in needs)
    lines = [
        f"# {template.title}: {system.system}",
        "",
        "<!--",
        f"Template written by aimm audit --templates for {system.path}.",
        f"Commit the completed document and set {fact} to its path. Needed by:",
        needed,
        "Replace each comment with the content. Until then the document probe finds no prose",
        "here, so the obligations stay unmet.",
        "-->",
        "",
    ]
    for heading, guidance in template.sections:
        lines += [f"## {heading}", "", f"<!-- {guidance} -->", ""]
    return "\n".join(lines)


def _soa(system: SystemAudit) -> str:
    return "\n".join(
        [
            f"# {TITLE}: {system.system}",
            "",
            "<!--",
            "aimm's per-system statement. Review each justification with the owner of the AI",
            "management system and record, for every not-assessed control, how the management",
            "system implements it and where the evidence is kept.",
            "-->",
            "",
            *system_statement(system)[2:],
        ]
    )


def write(report: AuditReport, folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the templates under ``folder``: (written, kept because they exist)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--templates {folder}: exists and is not a folder")
    ensure_folder(folder, "--templates")
    slots = system_slots(report)
    iso = any(p.id == ISO for p in report.profiles)
    written: list[Path] = []
    kept: list[Path] = []
    index = [
        "# Document templates",
        "",
        "| System | Template | Manifest field | Needed by |",
        "|---|---|---|---|",
    ]
    files: list[tuple[Path, str]] = []
    for system in report.systems:
        if not system.evaluated:
            continue
        slot = slots[system.path]
        for fact, needs in missing_documents(system).items():
            template = _template(fact, needs)
            path = folder / slot / template.file
            files.append((path, render(template, system, fact, needs)))
            needed = "; ".join(sorted({f"{o.framework} {o.clause.id}" for o in needs}))
            index.append(
                f"| {cell(system.system)} | `{slot}/{template.file}` | `{fact}` | {cell(needed)} |"
            )
        if iso:
            path = folder / slot / "statement-of-applicability.md"
            files.append((path, _soa(system)))
            index.append(
                f"| {cell(system.system)} | `{slot}/statement-of-applicability.md` | - | "
                "iso-42001 (clause 6.1.3) |"
            )
    files.append((folder / "index.md", "\n".join(index) + "\n"))
    for path, text in files:
        if path.exists():
            kept.append(path)
            continue
        ensure_folder(path.parent, "--templates")
        write_atomic(path, text, what="--templates")
        written.append(path)
    return written, kept
