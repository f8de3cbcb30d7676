"""Audit AI systems against framework profiles: an obligations matrix per system.

This is the library behind ``aimm audit``::

    from datetime import date
    from aimm.audit.matrix import audit_paths
    report = audit_paths(["services/credit"], ["eu-ai-act"], today=date(2026, 11, 21))
    report.exit_code()

For each manifest it runs the check with the profiles enforced (the report an ``aimm check
--profile`` run gives), then asks the policies for the obligations matrix
(``data.aimm.frameworks.matrix``): per clause, whether it applies and why, from when, each
requirement (a grid level or a control) and its status. Python adds what the policies cannot
see: the clause text from the profile, and every evidence file behind each clause with its
sha256 and what the evidence probes found in it. Declared manifest facts are listed as declared;
aimm measures nothing, it verifies that evidence files exist, reads them (eval cases counted,
document content, the CI workflow, last change dates) and fingerprints them.

An obligation is "met" only when a control of its own evidences it; one that aimm evidences only
through grid levels is "partially-evidenced" (never "met"), and one whose evidence a probe
contradicts (an empty or placeholder document, fewer eval cases than declared) is unmet.

Exit codes (:meth:`AuditReport.exit_code`): 0 every applicable obligation is met (or validly
waived, or not in force yet); 1 some applicable obligation is unmet; 2 a manifest could not be
read or validated, or the command was used wrongly; 3 the policy engine failed, including a
policy result that contradicts the evidence (never a dropped policy).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aimm.core import evidence, frameworks
from aimm.core.engines import EngineChoice, PolicyEngine
from aimm.core.errors import EngineError, ExitCode, ManifestError, UsageError
from aimm.core.frameworks import Clause, Profile
from aimm.core.loader import LoadedManifest
from aimm.core.model import DEFAULT_MODEL, Model, ModelPath
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline, display_path, expand
from aimm.core.result import ManifestResult, Report

AUDIT_SCHEMA_VERSION = 1
# not-assessed: a clause aimm cannot evidence (its profile says why); listed, never a pass or a
# failure. The policies give it (frameworks.rego); without it here such a clause failed closed.
STATUSES = (
    "met",
    "partially-evidenced",
    "unmet",
    "waived",
    "upcoming",
    "not-applicable",
    "not-assessed",
)
UNKNOWN_ASSESSOR = "unknown: not stated (aimm audit --assessor NAME names who assessed)"
BASIS_NOTE = (
    "aimm measures nothing at run time: every value comes from the manifest as declared by the "
    "team. It verifies that declared evidence files exist inside the repository, reads them "
    "(eval cases counted, documents checked for real content, the CI workflow parsed, last "
    "change dates from git) and records their sha256. An obligation aimm evidences only through "
    "grid levels is partially evidenced, never met."
)


@dataclass(frozen=True)
class EvidenceFile:
    """One evidence file behind an obligation: verified present (with its sha256) or missing."""

    path: str  # as declared, relative to the manifest's folder
    # "verified" | "contradicted" (a probe found it does not hold the claim) | "missing"
    status: str
    detail: str
    sha256: str | None = None
    size: int | None = None
    # What the evidence probes found in it: [{"probe", "status", "detail"}], in probe order.
    checks: tuple[dict[str, str], ...] = ()
    # Where the file is on disk (for the evidence pack); None when missing.
    source: Path | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        return {
            "path": self.path,
            "status": self.status,
            "sha256": self.sha256,
            "size": self.size,
            "detail": self.detail,
            "checks": [dict(c) for c in self.checks],
        }


@dataclass(frozen=True)
class Obligation:
    """One clause judged for one system."""

    framework: str
    clause: Clause
    status: str  # one of STATUSES
    outcome: str  # met | unmet | waived: what it is, or would be once in force
    applies: bool
    reason: str
    in_force: bool
    requirements: tuple[dict[str, Any], ...]
    evidence: tuple[EvidenceFile, ...]
    declared: tuple[dict[str, Any], ...]
    # Waivers behind an unmet statutory obligation: who accepted the risk, until when. A waiver
    # cannot suspend the law, so they never make the obligation waived or met.
    risk_accepted: tuple[dict[str, Any], ...] = ()
    # The date the clause applies from for this system: the clause's own, unless a transitional
    # rule (Art. 111, keyed to compliance.placed_on_market) moves it; date_note says why.
    applies_from: str | None = None
    date_note: str = ""

    @property
    def caveats(self) -> tuple[str, ...]:
        """What a reader must know before relying on the verdict: the clause's caveats (an
        unsettled date, what aimm does not model, "confirm with counsel") and, where the law is
        unsettled, the other date the clause may apply from, with its source."""
        alt = self.clause.alternative_date
        other = (
            (
                f"The other possible date: {alt.get('date')} ({alt.get('ref')}; "
                f"{alt.get('verification')}).",
            )
            if alt
            else ()
        )
        return (*self.clause.caveats, *other)

    @property
    def controls(self) -> list[str]:
        """The control ids behind the obligation (explicit ones and those holding a level)."""
        ids: list[str] = []
        for req in self.requirements:
            for cid in [req.get("id"), *req.get("controls", [])]:
                if isinstance(cid, str) and cid not in ids:
                    ids.append(cid)
        return ids

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view: the judgement, then the clause's facts with their provenance."""
        return {
            "framework": self.framework,
            "clause": self.clause.id,
            "title": self.clause.title,
            "status": self.status,
            "outcome": self.outcome,
            "applicable": self.applies,
            "why": self.reason,
            "applies_from": self.applies_from,
            "in_force": self.in_force,
            **({"date_note": self.date_note} if self.date_note else {}),
            "requirements": [dict(r) for r in self.requirements],
            "evidence": [e.as_dict() for e in self.evidence],
            "declared": [dict(d) for d in self.declared],
            "summary": self.clause.summary,
            "source": dict(self.clause.source),
            "applies_from_source": dict(self.clause.applies_from_source or {}) or None,
            "mapping_verification": self.clause.mapping_verification,
            "notes": self.clause.notes,
            # Only for a clause that has some, so other audits keep their shape.
            **({"caveats": list(self.caveats)} if self.caveats else {}),
            # Only when there is some, so audits without such waivers keep their shape.
            **(
                {"risk_accepted": [dict(w) for w in self.risk_accepted]}
                if self.risk_accepted
                else {}
            ),
        }


@dataclass(frozen=True)
class SystemAudit:
    """The audit of one manifest: its check result (profiles enforced) and its obligations."""

    path: str
    status: str  # "evaluated" | "error"
    check: ManifestResult
    context: dict[str, Any] = field(default_factory=dict)
    obligations: tuple[Obligation, ...] = ()
    manifest_file: Path | None = field(default=None, compare=False)
    # The git commit the manifest was read at: {"commit", "uncommitted_changes"} in a git
    # checkout, else {"commit": None, "reason"} (see :func:`revision`).
    revision: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def evaluated(self) -> bool:
        """True unless the manifest could not be read or validated."""
        return self.status == "evaluated"

    @property
    def system(self) -> str:
        """The system's name, or its path for an input error."""
        return self.check.system or self.path

    def counts(self) -> dict[str, int]:
        """How many obligations have each status."""
        return {s: sum(1 for o in self.obligations if o.status == s) for s in STATUSES}

    def evidence_files(self) -> list[EvidenceFile]:
        """Every evidence file of the system's obligations, once, sorted by path."""
        files = {e.path: e for o in self.obligations for e in o.evidence}
        return [files[p] for p in sorted(files)]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        if not self.evaluated:
            return self.check.as_dict()
        check = self.check
        return {
            "path": self.path,
            "status": "evaluated",
            "system": check.system,
            "team": check.team,
            "lifecycle": check.lifecycle,
            "tier": check.tier,
            "context": dict(self.context),
            "levels": dict(check.levels),
            "floors": dict(check.floors),
            "gate": {"passed": check.gate_passed, "reasons": list(check.gate_reasons)},
            "summary": self.counts(),
            "obligations": [o.as_dict() for o in self.obligations],
            "evidence": [e.as_dict() for e in self.evidence_files()],
            "waivers": [dict(w) for w in check.waivers],
        }


@dataclass(frozen=True)
class AuditReport:
    """Every system's audit against the chosen frameworks, judged on one day."""

    profiles: tuple[Profile, ...]
    today: date
    enforce_upcoming: bool
    systems: tuple[SystemAudit, ...]
    model: Model = field(compare=False, repr=False)
    # Who assessed (--assessor; None: not stated) and when the evidence was collected
    # (--collected-at as an ISO 8601 timestamp; None: --today at midnight UTC).
    assessor: str | None = None
    collected_at: str | None = None

    @property
    def errors(self) -> int:
        """Manifests that could not be evaluated."""
        return sum(1 for s in self.systems if not s.evaluated)

    @property
    def unmet(self) -> int:
        """Evaluated systems with at least one unmet obligation."""
        return sum(1 for s in self.systems if s.evaluated and s.counts()["unmet"])

    def exit_code(self) -> ExitCode:
        """2 on any input error; else 1 when some applicable obligation is unmet; else 0."""
        if self.errors:
            return ExitCode.INPUT_ERROR
        if self.unmet:
            return ExitCode.GATE_FAILED
        return ExitCode.OK

    def summary(self) -> dict[str, int]:
        """Counts over all systems."""
        evaluated = [s for s in self.systems if s.evaluated]
        totals = {s: sum(x.counts()[s] for x in evaluated) for s in STATUSES}
        return {
            "systems": len(self.systems),
            "with_unmet": self.unmet,
            "errors": self.errors,
            **{f"obligations_{k.replace('-', '_')}": v for k, v in totals.items()},
        }

    def check_report(self) -> Report:
        """The check report of the same run (the profiles enforced), as ``aimm check`` gives."""
        return Report(results=tuple(s.check for s in self.systems), today=self.today)

    def as_dict(self) -> dict[str, Any]:
        """The audit as one JSON document (``aimm audit --format json``)."""
        return {
            "schema_version": AUDIT_SCHEMA_VERSION,
            "kind": "aimm-audit",
            "today": self.today.isoformat(),
            "enforce_upcoming": self.enforce_upcoming,
            "frameworks": [profile_summary(p) for p in self.profiles],
            "basis": BASIS_NOTE,
            "results": [s.as_dict() for s in self.systems],
            "summary": self.summary(),
        }


def profile_summary(profile: Profile) -> dict[str, Any]:
    """The framework as reported: id, title, kind, source and its caveats."""
    return {
        "id": profile.id,
        "title": profile.title,
        "short_title": profile.short_title,
        "kind": profile.kind,
        "source": dict(profile.source),
        "disclaimer": profile.disclaimer,
        "digest": profile.digest,
    }


def audit_paths(
    paths: Iterable[str | Path],
    framework_names: Sequence[str],
    *,
    today: date,
    enforce_upcoming: bool = False,
    engine: PolicyEngine | None = None,
    configs: ConfigResolver | None = None,
    policy_dirs: Sequence[Path] = (),
    model_path: ModelPath | None = None,
    engine_choice: EngineChoice | None = None,
    assessor: str | None = None,
    collected_at: str | None = None,
) -> AuditReport:
    """Audit every manifest named by ``paths`` against the named frameworks.

    Org configs and custom policy folders apply as in ``aimm check`` (``configs``: by
    default ``AIMM_CONFIG``, else the nearest ``aimm-org.yaml`` above each manifest). The
    profiles map obligations onto the default model's grid, so the audit evaluates that
    model."""
    names = frameworks.resolve(framework_names)
    if not names:
        raise UsageError("name at least one framework (--framework)")
    profiles = tuple(frameworks.load_profile(n) for n in names)
    config = frameworks.profile_config(names, enforce_upcoming)
    if engine is not None:
        frameworks.check_engine_covers(engine.model, config)
        if frameworks.MATRIX_ENTRYPOINT not in engine.extra_entrypoints:
            raise UsageError("the policy engine was built without the audit matrix entrypoint")
    files, missing = expand(list(paths))
    options = CheckOptions(
        today=today,
        verify_evidence=True,
        config=config,
        models=(DEFAULT_MODEL,),
        model_path=model_path or ModelPath(),
        engine=engine_choice or EngineChoice(),
    )
    pipeline = Pipeline(
        options, engine=engine, configs=configs or ConfigResolver(), policy_dirs=policy_dirs
    )
    systems = [_error(r) for r in missing]
    systems += [_audit_file(f, pipeline, profiles) for f in files]
    model = engine.model if engine is not None else frameworks.profile_model(names)
    return AuditReport(
        profiles, today, enforce_upcoming, tuple(systems), model, assessor, collected_at
    )


def _error(result: ManifestResult) -> SystemAudit:
    return SystemAudit(path=result.path, status="error", check=result)


def _audit_file(path: Path, pipeline: Pipeline, profiles: tuple[Profile, ...]) -> SystemAudit:
    try:
        evaluation = pipeline.evaluate(path)
    except ManifestError:
        return _error(pipeline.check_file(path))
    check = evaluation.result()
    outcomes, raw = evaluation.raw[DEFAULT_MODEL]
    engine, document, loaded = evaluation.engine, evaluation.document, evaluation.loaded
    # The matrix reads the report, and the governance controls' own outcomes for obligations
    # not in force yet (their report entry says "upcoming").
    matrix = engine.query(
        frameworks.MATRIX_ENTRYPOINT, {**document, "report": raw, "outcomes": outcomes}
    )
    if not isinstance(matrix, dict) or not isinstance(matrix.get("obligations"), list):
        raise EngineError("policy evaluation gave no obligations matrix (fails closed)")
    obligations = _obligations(loaded, document, matrix["obligations"], profiles, engine.model)
    return SystemAudit(
        path=check.path,
        status="evaluated",
        check=check,
        context=dict(matrix.get("context") or {}),
        obligations=tuple(obligations),
        manifest_file=loaded.path,
        revision=revision(loaded.path),
    )


def revision(manifest: Path) -> dict[str, Any]:
    """The git commit (HEAD) of the repository holding the manifest, and whether its folder has
    uncommitted changes to tracked files (then the commit alone does not give these bytes);
    outside a git checkout, or without git, no commit and the reason."""
    from aimm.core.probes.history import git

    folder = manifest.resolve().parent
    if git(folder, "rev-parse", "--is-inside-work-tree") != "true":
        return {"commit": None, "reason": "not in a git checkout (or git is unavailable)"}
    head = git(folder, "rev-parse", "--verify", "-q", "HEAD")
    if not head:
        return {"commit": None, "reason": "the git repository has no commit yet"}
    changes = git(folder, "status", "--porcelain", "--untracked-files=no", "--", ".")
    return {"commit": head, "uncommitted_changes": bool(changes)}


def _obligations(
    loaded: LoadedManifest,
    document: dict[str, Any],
    judged: list[Any],
    profiles: tuple[Profile, ...],
    model: Model,
) -> list[Obligation]:
    """One obligation per profile clause, in profile order; a clause the policy did not judge
    is unmet (fail closed)."""
    by_key = {(j.get("framework"), j.get("clause")): j for j in judged if isinstance(j, dict)}
    facts = document["evidence"]
    out: list[Obligation] = []
    for profile in profiles:
        for clause in profile.clauses:
            entry = by_key.get((profile.id, clause.id))
            if entry is None or entry.get("status") not in STATUSES:
                entry = _unjudged(clause)
            requirements = tuple(_titled(r, model) for r in entry.get("requirements", []))
            controls = _controls_behind(requirements, model)
            files = _evidence_files(loaded, facts, controls, model)
            status = str(entry["status"])
            if status == "met" and any(f.status != "verified" for f in files):
                wrong = next(f for f in files if f.status != "verified")
                raise EngineError(
                    f"policy result contradicts the evidence: {profile.id} {clause.id} was "
                    f"judged met but {wrong.path} is {wrong.status} ({display_path(loaded.path)})"
                )
            out.append(
                Obligation(
                    framework=profile.id,
                    clause=clause,
                    status=status,
                    outcome=str(entry.get("outcome", "unmet")),
                    applies=entry.get("applies") is True,
                    reason=str(entry.get("reason", "")),
                    in_force=entry.get("in_force") is True,
                    requirements=requirements,
                    evidence=tuple(files),
                    declared=tuple(_declared(loaded, controls, model)),
                    risk_accepted=tuple(
                        dict(w) for w in entry.get("risk_accepted", []) if isinstance(w, dict)
                    ),
                    applies_from=_date_of(entry, clause),
                    date_note=str(entry.get("date_note") or ""),
                )
            )
    return out


def _date_of(entry: dict[str, Any], clause: Clause) -> str | None:
    """The date the policies judged the clause to apply from for this system, else its own."""
    judged = entry.get("applies_from")
    return judged if isinstance(judged, str) else clause.applies_from


def _unjudged(clause: Clause) -> dict[str, Any]:
    return {
        "status": "unmet",
        "outcome": "unmet",
        "applies": True,
        "reason": "the policies returned no judgement for this clause (fails closed)",
        "in_force": True,
        "requirements": [],
    }


def _titled(requirement: Any, model: Model) -> dict[str, Any]:
    """A requirement from the policy, with the control's title added."""
    req = dict(requirement) if isinstance(requirement, dict) else {"status": "fail"}
    control = model.control(str(req.get("id", ""))) if req.get("kind") == "control" else None
    if control is not None:
        req["title"] = control.title
    return req


def _controls_behind(requirements: Sequence[dict[str, Any]], model: Model) -> list[str]:
    """Every control a requirement rests on: explicit ones, and for a level every control of
    its dimension's cells up to that level."""
    ids: list[str] = []
    for req in requirements:
        if req.get("kind") == "control":
            ids.append(str(req.get("id")))
        elif req.get("kind") == "level":
            cells = model.data.get("cells", {}).get(str(req.get("dimension")), {})
            top = int(req.get("min_level", 1))
            for level in range(2, top + 1):
                ids.extend(cells.get(str(level), []))
    return list(dict.fromkeys(ids))


def _evidence_files(
    loaded: LoadedManifest, facts: dict[str, Any], controls: Sequence[str], model: Model
) -> list[EvidenceFile]:
    """The declared evidence files the controls read, verified and fingerprinted."""
    paths: list[str] = []
    for cid in controls:
        control = model.control(cid)
        for pointer in control.facts if control else ():
            paths.extend(p for p in evidence.paths_at(loaded.data, pointer) if p not in paths)
    return [_fingerprint(loaded, p, facts.get(p, {})) for p in paths]


def _fingerprint(loaded: LoadedManifest, declared: str, fact: dict[str, Any]) -> EvidenceFile:
    detail = str(fact.get("detail", f"{declared} was not checked"))
    if fact.get("exists") is not True:
        return EvidenceFile(declared, "missing", detail)
    found = fact.get("probes")
    probes: dict[str, Any] = found if isinstance(found, dict) else {}
    checks = tuple(
        {"probe": str(pid), "status": str(r.get("status")), "detail": str(r.get("detail"))}
        for pid, r in probes.items()
        if isinstance(r, dict)
    )
    contradicted = any(c["status"] == "contradicted" for c in checks)
    source = Path(os.path.realpath(loaded.path.resolve().parent / declared))
    if source.is_dir():  # a folder of eval suite files: nothing to fingerprint as one file
        status = "contradicted" if contradicted else "verified"
        return EvidenceFile(declared, status, detail, checks=checks)
    try:
        digest, size = file_sha256(source)
    except OSError as exc:
        return EvidenceFile(declared, "missing", f"{declared} cannot be read: {exc.strerror}")
    return EvidenceFile(
        declared,
        "contradicted" if contradicted else "verified",
        detail,
        sha256=digest,
        size=size,
        source=source,
        checks=checks,
    )


CHUNK = 1024 * 1024


def file_sha256(path: Path) -> tuple[str, int]:
    """The sha256 and size of a file, read in chunks (a 2 GB evidence file costs 1 MiB of
    memory, not 2 GB)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _declared(
    loaded: LoadedManifest, controls: Sequence[str], model: Model
) -> list[dict[str, Any]]:
    """The manifest facts the controls read, marked as declared (never as measured)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for cid in controls:
        control = model.control(cid)
        for pointer in control.facts if control else ():
            if pointer in seen:
                continue
            seen.add(pointer)
            found, value = _at(loaded.data, pointer)
            out.append(
                {
                    "fact": ".".join(p for p in pointer.split("/") if p),
                    "value": value if found else None,
                    "basis": "declared" if found else "not declared",
                }
            )
    return out


def _at(data: Any, pointer: str) -> tuple[bool, Any]:
    node = data
    for part in (p for p in pointer.split("/") if p):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node
