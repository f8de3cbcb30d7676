"""The audit as OSCAL assessment results (``aimm audit --format oscal``), OSCAL 1.1.2 JSON.

One ``result`` per system; one ``finding`` per applicable clause, whose target is the clause's
assessment objective in the catalog (``eu-art-14_obj``, a part of the catalog control
``eu-art-14``) with state satisfied or not-satisfied (a clause that does not apply, or that aimm
cannot evidence, is excluded from the reviewed controls, its reason in the remarks); one
``observation`` per evidence file (method EXAMINE; relevant evidence pointing at the file's copy
in the evidence pack, with its sha256) and one for the manifest's declared facts. Findings link
the observations behind them; a waiver behind an unmet statutory obligation is a risk with status
deviation-approved and a risk-log entry, linked from the finding. Frameworks are back-matter
resources. Everything is derived from the inputs: uuids are name-based (uuid5) on a digest of
the inputs (document_seed), so they are unique to the document yet reproducible; timestamps are
``--today`` at midnight UTC, observations are collected at ``--collected-at`` (default the
same), and the assessor is ``--assessor`` (else stated as unknown).

The results import the assessment plan (``import-ap``: ``assessment-plan.json``), which the
evidence pack holds beside them with the component definition and the catalog
(:mod:`aimm.audit.oscal_chain`).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any

import aimm
from aimm.audit.formats import register
from aimm.audit.formats._common import checks_text, requirement_text
from aimm.audit.matrix import (
    BASIS_NOTE,
    UNKNOWN_ASSESSOR,
    AuditReport,
    EvidenceFile,
    Obligation,
    SystemAudit,
)
from aimm.audit.pack import evidence_member, manifest_member, system_slots

OSCAL_VERSION = "1.1.2"
NS = "https://aimm.dev/ns/oscal"
# The plan the results import: a file beside them (the evidence pack's report/ folder).
ASSESSMENT_PLAN = "assessment-plan.json"
# A fixed namespace for aimm's name-based uuids.
_UUID_NS = uuid.UUID("6f1d3c1e-5a7b-4c2d-9e8f-a1b2c3d4e5f6")

_EXCLUDED = ("not-applicable", "not-assessed")
_STATE = {
    "met": ("satisfied", "pass"),
    # Evidenced only through grid levels: never satisfied on that alone.
    "partially-evidenced": ("not-satisfied", "other"),
    "waived": ("not-satisfied", "other"),
    "unmet": ("not-satisfied", "fail"),
}


def uid(*parts: str) -> str:
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(parts)))


def document_seed(report: AuditReport) -> str:
    """A digest of everything the document is derived from (date, options, aimm version,
    profile digests, each manifest and evidence file's sha256). Every uuid of the document's
    results is derived from it, so two documents never share a result, finding, observation or
    risk uuid unless they are the same document; the same inputs still give the same bytes."""
    parts = [report.today.isoformat(), str(report.enforce_upcoming), aimm.__version__]
    parts += [collected(report), report.assessor or "-"]
    parts += [f"{p.id}:{p.digest}" for p in report.profiles]
    for system in report.systems:
        manifest = (
            hashlib.sha256(system.manifest_file.read_bytes()).hexdigest()
            if system.manifest_file is not None
            else "-"
        )
        parts.append(f"{system.path}:{manifest}:{system.revision.get('commit')}")
        parts += [f"{f.path}:{f.sha256}" for f in system.evidence_files()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def objective_id(prefix: str, clause: str) -> str:
    """An OSCAL token for a clause: ``eu-art-26-6``, ``nist-manage-2-4``, ``iso-a-6-2-8``."""
    return f"{prefix.lower()}-{re.sub(r'[^a-z0-9]+', '-', clause.lower()).strip('-')}"


def prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": value or "-"}


def timestamp(report: AuditReport) -> str:
    """The document's date: ``--today`` at midnight UTC."""
    return f"{report.today.isoformat()}T00:00:00+00:00"


def collected(report: AuditReport) -> str:
    """When the evidence was collected: ``--collected-at``, else ``--today`` at midnight UTC."""
    return report.collected_at or timestamp(report)


ASSESSOR_ROLE = "assessor"


def assessor_metadata(report: AuditReport, seed: str, document: str) -> dict[str, Any]:
    """Metadata naming the assessor (``--assessor``): a role, a party (its uuid is the
    document's own) and the responsible party; without one, a prop that says the assessor is
    unknown (never an invented name)."""
    if not report.assessor:
        return {"props": [prop("assessor", UNKNOWN_ASSESSOR)]}
    party = uid(seed, document, "party", ASSESSOR_ROLE, report.assessor)
    return {
        "props": [prop("assessor", report.assessor)],
        "roles": [{"id": ASSESSOR_ROLE, "title": "Assessor"}],
        "parties": [{"uuid": party, "type": "person", "name": report.assessor}],
        "responsible-parties": [{"role-id": ASSESSOR_ROLE, "party-uuids": [party]}],
    }


def _file_observation(
    report: AuditReport, system: SystemAudit, slot: str, f: EvidenceFile, seed: str
) -> dict[str, Any]:
    present = f.status != "missing"
    evidence: dict[str, Any] = {
        "description": (
            f"{f.path} exists in the repository (sha256 {f.sha256}); {checks_text(f)}."
            if present
            else f"{f.path} is declared but missing: {f.detail}."
        ),
        "props": [prop("status", f.status)]
        + ([prop("sha256", str(f.sha256))] if present and f.sha256 else []),
    }
    if present and f.source is not None:
        evidence["href"] = evidence_member(slot, f.path)
    return {
        "uuid": uid(seed, "observation", system.path, "file", f.path),
        "title": f"Evidence file {f.path}",
        "description": evidence["description"],
        "props": [prop("basis", "file-verified" if present else "file-missing")],
        "methods": ["EXAMINE"],
        "relevant-evidence": [evidence],
        "collected": collected(report),
    }


def _manifest_observation(
    report: AuditReport, system: SystemAudit, slot: str, seed: str
) -> dict[str, Any]:
    digest = (
        hashlib.sha256(system.manifest_file.read_bytes()).hexdigest()
        if system.manifest_file is not None
        else "-"
    )
    return {
        "uuid": uid(seed, "observation", system.path, "manifest"),
        "title": "Declared facts in the manifest",
        "description": (
            "Values as the team declared them in aimm.yaml; aimm does not measure them."
        ),
        "props": [prop("basis", "declared")],
        "methods": ["EXAMINE"],
        "relevant-evidence": [
            {
                "href": manifest_member(slot),
                "description": f"The manifest {system.path} (sha256 {digest}).",
                "props": [prop("sha256", digest)],
            }
        ],
        "collected": collected(report),
    }


def _risks(
    report: AuditReport, system: SystemAudit, o: Obligation, seed: str
) -> list[dict[str, Any]]:
    """One OSCAL risk per waiver behind an unmet statutory obligation: the obligation stays
    not-satisfied, and the waiver is recorded as an approved deviation (status
    deviation-approved, a risk-log entry naming who approved it, a deadline at its expiry)."""
    risks = []
    for w in o.risk_accepted:
        control, approver, expires = (str(w.get(k)) for k in ("control", "approved_by", "expires"))
        statement = (
            f"{o.framework} {o.clause.id} is unmet; the waiver on {control} approved by "
            f"{approver} until {expires} ({w.get('reason')}) records the risk as accepted. "
            "An internal approval cannot suspend the law, so the finding stays not-satisfied."
        )
        risk: dict[str, Any] = {
            "uuid": uid(seed, "risk", system.path, o.framework, o.clause.id, control),
            "title": (
                f"{o.framework} {o.clause.id} unmet, risk accepted by {approver} until {expires}"
            ),
            "description": o.clause.summary,
            "statement": statement,
            "props": [prop("control", control), prop("approved-by", approver)],
            "status": "deviation-approved",
            "risk-log": {
                "entries": [
                    {
                        "uuid": uid(
                            seed, "risk-log", system.path, o.framework, o.clause.id, control
                        ),
                        "title": "Deviation approved by waiver",
                        "description": statement,
                        "start": timestamp(report),
                        "status-change": "deviation-approved",
                    }
                ]
            },
        }
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", expires):
            risk["deadline"] = f"{expires}T00:00:00+00:00"
        risks.append(risk)
    return risks


def _finding(
    system: SystemAudit, o: Obligation, prefix: str, related: list[str], seed: str
) -> dict[str, Any]:
    if o.status == "upcoming":
        state, reason = ("satisfied", "other") if o.outcome == "met" else ("not-satisfied", "other")
    else:
        state, reason = _STATE.get(o.status, ("not-satisfied", "fail"))
    finding: dict[str, Any] = {
        "uuid": uid(seed, "finding", system.path, o.framework, o.clause.id),
        "title": f"{o.framework} {o.clause.id}: {o.clause.title}",
        "description": o.clause.summary,
        "props": [
            prop("status", o.status),
            prop("applicable", "yes" if o.applies else "no"),
            prop("applies-from", o.applies_from or "adoption"),
            prop("source-verification", o.clause.source.get("verification", "")),
            prop("mapping-verification", o.clause.mapping_verification),
            *(prop("caveat", c) for c in o.caveats),
        ],
        "target": {
            "type": "objective-id",
            "target-id": f"{objective_id(prefix, o.clause.id)}_obj",
            "status": {"state": state, "reason": reason},
            "remarks": o.reason,
        },
    }
    if related:
        finding["related-observations"] = [{"observation-uuid": u} for u in related]
    lines = [requirement_text(r) for r in o.requirements]
    if lines:
        finding["remarks"] = "; ".join(lines)
    return finding


def _selections(
    prefixes: dict[str, str], applicable: list[Obligation], inapplicable: list[Obligation]
) -> list[dict[str, Any]]:
    """The clauses reviewed (one finding each) and the ones excluded because they do not apply,
    with the reasons in the remarks: neither satisfied nor not-satisfied, so no finding."""
    ids = [objective_id(prefixes[o.framework], o.clause.id) for o in applicable]
    # OSCAL needs include-controls (one item at least) or include-all.
    selection: dict[str, Any] = (
        {"include-controls": [{"control-id": i} for i in ids]} if ids else {"include-all": {}}
    )
    if inapplicable:
        selection["exclude-controls"] = [
            {"control-id": objective_id(prefixes[o.framework], o.clause.id)} for o in inapplicable
        ]
        selection["remarks"] = " ".join(_excluded_text(o) for o in inapplicable)
    return [selection]


def _excluded_text(o: Obligation) -> str:
    if o.status == "not-assessed":
        return f"{o.framework} {o.clause.id}: not assessed by aimm, {o.clause.not_assessed}"
    return f"{o.framework} {o.clause.id}: not applicable, {o.reason}."


def _commit_props(system: SystemAudit) -> list[dict[str, str]]:
    """The git commit the manifest was read at, or why there is none."""
    rev = system.revision
    if rev.get("commit"):
        return [
            prop("commit", str(rev["commit"])),
            prop("uncommitted-changes", "yes" if rev.get("uncommitted_changes") else "no"),
        ]
    return [prop("commit-unknown", str(rev.get("reason", "")))]


def _result(report: AuditReport, system: SystemAudit, slot: str, seed: str) -> dict[str, Any]:
    prefixes = {p.id: p.prefix for p in report.profiles}
    files = {
        f.path: _file_observation(report, system, slot, f, seed) for f in system.evidence_files()
    }
    manifest = _manifest_observation(report, system, slot, seed)
    findings = []
    risks = []
    # A clause that does not apply, or that aimm cannot evidence, is neither satisfied nor
    # not-satisfied: it is excluded from the reviewed controls, its reason in the selection's
    # remarks, never a finding.
    inapplicable = [o for o in system.obligations if o.status in _EXCLUDED]
    applicable = [o for o in system.obligations if o.status not in _EXCLUDED]
    for o in applicable:
        related = [files[f.path]["uuid"] for f in o.evidence]
        if any(d.get("basis") == "declared" for d in o.declared):
            related.append(manifest["uuid"])
        finding = _finding(system, o, prefixes[o.framework], related, seed)
        accepted = _risks(report, system, o, seed)
        if accepted:
            finding["related-risks"] = [{"risk-uuid": r["uuid"]} for r in accepted]
            risks += accepted
        findings.append(finding)
    titles = ", ".join(p.short_title for p in report.profiles)
    return {
        "uuid": uid(seed, "result", system.path),
        "title": f"{system.system} against {titles}",
        "description": (
            f"Obligations of {system.path} as judged by aimm on {report.today.isoformat()}. "
            f"{BASIS_NOTE}"
        ),
        "start": collected(report),
        "end": collected(report),
        "props": [
            prop("system", system.system),
            *_commit_props(system),
            prop("manifest", system.path),
            prop("tier", str(system.check.tier)),
            prop("eu-risk-category", str(system.context.get("eu_risk_category", ""))),
            prop("gate", "passed" if system.check.gate_passed else "failed"),
        ],
        "reviewed-controls": {
            "control-selections": _selections(prefixes, applicable, inapplicable)
        },
        "observations": [
            manifest,
            *files.values(),
        ],
        # Only when some waiver was recorded as accepted risk, so other results keep their shape.
        **({"risks": risks} if risks else {}),
        "findings": findings,
    }


def assessment_results(report: AuditReport) -> dict[str, Any]:
    """The OSCAL document as a JSON-ready dict."""
    slots = system_slots(report)
    resources = [
        {
            "uuid": uid("framework", p.id, p.digest),
            "title": p.title,
            "description": p.disclaimer,
            "props": [prop("profile", p.id), prop("as-of", str(p.source.get("as_of")))],
            "rlinks": [{"href": str(p.source.get("url"))}],
        }
        for p in report.profiles
    ]
    systems = [s for s in report.systems if s.evaluated]
    seed = document_seed(report)
    meta = assessor_metadata(report, seed, "assessment-results")
    key = [seed, *(p.id for p in report.profiles), *(s.path for s in systems)]
    return {
        "assessment-results": {
            "uuid": uid("assessment-results", *key),
            "metadata": {
                "title": f"aimm audit: {', '.join(p.short_title for p in report.profiles)}",
                "last-modified": timestamp(report),
                "version": aimm.__version__,
                "oscal-version": OSCAL_VERSION,
                "props": [prop("today", report.today.isoformat()), *meta.pop("props")],
                **meta,
                "remarks": " ".join([BASIS_NOTE, *(p.disclaimer for p in report.profiles)]),
            },
            "import-ap": {
                "href": ASSESSMENT_PLAN,
                "remarks": (
                    "The assessment plan beside this document in the evidence pack "
                    "(aimm audit --pack writes the plan, the component definition and the catalog)."
                ),
            },
            "results": [_result(report, s, slots[s.path], seed) for s in systems],
            "back-matter": {"resources": resources},
        }
    }


@register("oscal")
def render(report: AuditReport) -> str:
    """OSCAL assessment-results JSON, keys in a fixed order."""
    return json.dumps(assessment_results(report), indent=2, ensure_ascii=False) + "\n"
