"""The one evaluation pipeline behind check, scan and audit.

load (YAML with lines, schema) -> facts (evidence, the input document) -> evaluate (Rego, per
model) -> enrich (catalog text). :class:`Pipeline` picks, for each manifest, the org config
that applies, the models to evaluate and the engine built for them, then runs the stages;
check turns an :class:`Evaluation` into a :class:`~aimm.core.result.ManifestResult`, the audit
also asks the same engine for the obligations matrix. Every verdict comes from Rego; this
module only moves facts in and results out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from aimm.core import evidence, frameworks
from aimm.core.engine import DISABLED_PROBLEMS_ENTRYPOINT, policy_files
from aimm.core.engines import EngineChoice, PolicyEngine, make_engine
from aimm.core.errors import ManifestError, Problem, UsageError, format_problem
from aimm.core.loader import MANIFEST_NAME, LoadedManifest, discover, load_manifest
from aimm.core.model import DEFAULT_MODEL, Model, ModelPath, extend_model
from aimm.core.orgconfig import ConfigResolver, OrgConfig
from aimm.core.probes import RunCache
from aimm.core.result import ManifestResult
from aimm.core.schema import validate


@dataclass(frozen=True)
class CheckOptions:
    """Everything that changes a verdict besides the manifests and the org config.

    ``config`` holds ``input.config`` keys given on the command line (``min_levels``,
    ``profiles``, ...); they are merged over the org config's. ``models`` are the models to
    evaluate (``--model``; empty: the org config's ``models``, else the default model); the
    first is the primary model, whose gate decides the exit code.
    """

    today: date
    verify_evidence: bool = True
    config: dict[str, Any] | None = None
    models: tuple[str, ...] = ()
    model_path: ModelPath = field(default_factory=ModelPath)
    # The engine the command line and the environment ask for (an org config may choose
    # one when they do not).
    engine: EngineChoice = field(default_factory=EngineChoice)


def display_path(path: Path) -> str:
    """A stable, readable path: relative to the working folder when below it, POSIX style."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def merge_config(org: dict[str, Any], command_line: dict[str, Any]) -> dict[str, Any]:
    """The command line's config keys over the org config's; lists (profiles) are joined."""
    merged = dict(org)
    for key, value in command_line.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = sorted({*merged[key], *value})
        else:
            merged[key] = value
    return merged


def input_document(
    loaded: LoadedManifest,
    options: CheckOptions,
    org: OrgConfig | None = None,
    baseline: Sequence[str] | None = None,
    *,
    cache: RunCache | None = None,
) -> dict[str, Any]:
    """The facts document Rego evaluates (see docs/architecture.md); the engine adds
    ``model`` per model it evaluates. ``cache`` keeps the evidence probes' repository-level
    answers (git history) across the manifests of a run."""
    facts = evidence.collect(loaded.data, loaded.path, verify=options.verify_evidence, cache=cache)
    config = merge_config(org.rego() if org else {}, options.config or {})
    if baseline is not None:
        config["baseline"] = sorted(baseline)
    return {
        "manifest": loaded.data,
        "evidence": {p: f.as_dict() for p, f in facts.items()},
        "today": options.today.isoformat(),
        "config": config,
    }


def _fact_line(loaded: LoadedManifest, facts: Sequence[str]) -> int:
    """The line of the first fact that decides a control: the field's own line when the
    manifest has it, else its nearest ancestor's (the dimension's), else line 1."""
    lines = [loaded.line_for(f) for f in facts if f in loaded.lines]
    # The deepest known ancestor sits lowest in the file, so the largest line is the nearest.
    return lines[0] if lines else max((loaded.line_for(f) for f in facts), default=1)


def enrich(
    loaded: LoadedManifest,
    raw: dict[str, Any],
    model: Model,
    outcomes: dict[str, Any] | None = None,
) -> ManifestResult:
    """The report entry for one manifest and one model, from the engine's raw result: Rego's
    verdicts as they are, with the catalog's text and the manifest's lines added, and each
    control's ``evidence`` (the facts the probes verified, contradicted or left unverified,
    as its policy grouped them) from its outcome when it has one."""
    blocking = set(raw.get("blocking", []))
    controls = []
    for entry in raw.get("controls", []):
        control = model.control(entry["id"])
        enriched = {
            "id": entry["id"],
            "dimension": entry.get("dimension"),
            "level": entry.get("level"),
            "status": entry["status"],
            "message": entry.get("message", ""),
            "title": control.title if control else "",
            "remediation": control.remediation if control else "",
            "line": _fact_line(loaded, control.facts if control else ()),
            "blocks_gate": entry["id"] in blocking,
        }
        # risk_accepted: a valid waiver on a regulation's control, which never lifts it.
        for key in ("waiver", "risk_accepted", "baselined"):
            if key in entry:
                enriched[key] = entry[key]
        checked = (outcomes or {}).get(entry["id"], {}).get("evidence")
        if isinstance(checked, dict):
            enriched["evidence"] = checked
        controls.append(enriched)
    steps = []
    for step in raw.get("next_steps", []):
        control = model.control(step["control"])
        steps.append(
            {
                "control": step["control"],
                "dimension": step.get("dimension"),
                "level": step.get("level"),
                "reason": step.get("reason"),
                "action": control.remediation if control else "",
            }
        )
    metadata = loaded.data.get("metadata", {})
    system = loaded.data.get("system", {})
    gate = raw.get("gate", {})
    baseline = raw.get("baseline")
    return ManifestResult(
        path=display_path(loaded.path),
        status="evaluated",
        model=model.id,
        system=metadata.get("name"),
        team=metadata.get("team"),
        business_unit=metadata.get("business_unit"),
        lifecycle=system.get("lifecycle"),
        system_type=system.get("type"),
        tier=raw.get("tier"),
        tier_computed=raw.get("tier_computed"),
        tier_declared=raw.get("tier_declared"),
        risk_score=raw.get("risk_score"),
        levels={d: int(raw.get("levels", {}).get(d, model.bottom)) for d in model.dimensions},
        floors={d: int(raw.get("floors", {}).get(d, model.bottom)) for d in model.dimensions},
        floors_enforced=bool(raw.get("floors_enforced", False)),
        controls=tuple(controls),
        next_steps=tuple(steps),
        gate_passed=gate.get("passed") is True,
        gate_reasons=tuple(str(r) for r in gate.get("reasons", [])),
        waivers=tuple(raw.get("waivers", [])),
        extras=dict(raw.get("extras") or {}),
        aspirations=tuple(str(a) for a in raw.get("aspirations", [])),
        baseline_accepted=tuple(baseline["accepted"]) if isinstance(baseline, dict) else None,
        baseline_stale=tuple(baseline["no_longer_failing"]) if isinstance(baseline, dict) else (),
    )


@dataclass(frozen=True)
class Evaluation:
    """One manifest evaluated for each of its models by one engine."""

    loaded: LoadedManifest
    document: dict[str, Any]
    engine: PolicyEngine
    org: OrgConfig | None
    # Model id -> (control outcomes, raw result), primary model first.
    raw: dict[str, tuple[dict[str, Any], dict[str, Any]]]
    # The models whose gate fails the run (the primary one always).
    gating: frozenset[str] = frozenset()

    def result(self) -> ManifestResult:
        """The report entry: the primary model's result, with the other models' beside it."""
        models = self.engine.models
        results = [
            replace(enrich(self.loaded, raw, models[m], outcomes), gating=m in self.gating)
            for m, (outcomes, raw) in self.raw.items()
        ]
        primary = results[0]
        if self.org is not None:
            primary = replace(primary, org_config=display_path(self.org.path))
        return replace(primary, others=tuple(results[1:])) if len(results) > 1 else primary


class Pipeline:
    """Evaluates manifests with the org config and the models that apply to each, reusing
    engines: one per distinct set of models, policy folders and regulatory profiles."""

    def __init__(
        self,
        options: CheckOptions,
        *,
        engine: PolicyEngine | None = None,
        configs: ConfigResolver | None = None,
        policy_dirs: Sequence[Path] = (),
        baseline: Any = None,
    ) -> None:
        self.options = options
        self.configs = configs or ConfigResolver()
        self.policy_dirs = tuple(Path(os.path.normpath(p)) for p in policy_dirs)
        self.baseline = baseline
        self._engines: dict[tuple[Any, ...], PolicyEngine] = {}
        if engine is not None:
            # Sorted, as engine_for keys the engines it builds.
            profiles = tuple(sorted(frameworks.profiles_of(engine.model)))
            key = (tuple(engine.models), (), profiles, options.engine.for_config(None))
            self._engines[key] = engine
        self._validated: set[tuple[Any, ...]] = set()
        # The evidence probes' repository-level answers (git history), kept for the run.
        self.probe_cache = RunCache()
        self._installed: list[str] | None = None

    def model_ids(self, org: OrgConfig | None, added: Sequence[str] = ()) -> tuple[str, ...]:
        """The models a manifest is evaluated for: ``--model``, else the org config's, else
        the default model; then any the manifest adds (``models:``)."""
        chosen = self.options.models or (org.models if org else ()) or (DEFAULT_MODEL,)
        return tuple(dict.fromkeys([*chosen, *added]))

    def gating(self, org: OrgConfig | None, ids: Sequence[str]) -> frozenset[str]:
        """The models whose gate fails the run: the first, and those the org config marks
        ``gate: true``. A manifest cannot make a model advisory."""
        return frozenset([ids[0], *(org.gating_models if org else ())]) & set(ids)

    def engine_for(self, org: OrgConfig | None, added: Sequence[str] = ()) -> PolicyEngine:
        """The engine for the models, the org config's and the command line's policy folders
        and the regulatory profiles the org config and the command line ask for."""
        folders = unique_folders([*(org.policy_dirs if org else ()), *self.policy_dirs])
        config = merge_config(org.rego() if org else {}, self.options.config or {})
        profiles = tuple(sorted(frameworks.requested(config)))
        ids = self.model_ids(org, added)
        choice = self.options.engine.for_config(org)
        key = (ids, folders, profiles, choice)
        if key not in self._engines:
            models = []
            for model_id in ids:
                base = self._load_model(model_id, org)
                if profiles and model_id == DEFAULT_MODEL:
                    base = frameworks.profile_model(profiles, base)
                # A broken custom catalog is reported first (exit 3).
                models.append(extend_model(base, folders) if model_id == DEFAULT_MODEL else base)
            for folder in folders:
                if not policy_files([folder]):
                    raise UsageError(f"policy folder {folder} holds no .rego policy")
            extra = frameworks.AUDIT_ENTRYPOINTS if profiles else ()
            known = self.options.model_path.control_ids()
            self._engines[key] = make_engine(
                models, folders, entrypoints=extra, known_controls=known, choice=choice
            )
        engine = self._engines[key]
        if org is not None and (org.path, key) not in self._validated:
            check_disabled(org, engine)
            self._validated.add((org.path, key))
        return engine

    def engines(self) -> list[PolicyEngine]:
        """The engines built so far."""
        return list(self._engines.values())

    def _load_model(self, model_id: str, org: OrgConfig | None) -> Model:
        """A model by id; one the org config names but nobody installed is a config error."""
        try:
            return self.options.model_path.load(model_id)
        except UsageError as exc:
            if org is None or self.options.models or model_id not in org.models:
                raise
            line, pointer = org.line_of_model(model_id)
            raise ManifestError(str(org.path), [Problem(str(exc), line, pointer)]) from exc

    def resolve(self, path: Path) -> tuple[OrgConfig | None, PolicyEngine]:
        """The org config and the engine for one manifest (ManifestError: a bad config)."""
        org = self.configs.for_manifest(path)
        return org, self.engine_for(org)

    def config_error(self, path: Path, exc: ManifestError) -> ManifestResult:
        """The error result of a manifest whose org config is bad."""
        problems = tuple(_config_problem(exc, p) for p in exc.problems)
        return ManifestResult(path=display_path(path), status="error", errors=problems)

    def evaluate(
        self,
        path: Path,
        extra: dict[str, Any] | None = None,
        *,
        loaded: LoadedManifest | None = None,
    ) -> Evaluation:
        """Load, validate and evaluate one manifest for each of its models.

        Raises ManifestError for a bad manifest or a bad org config (see :meth:`check_file`
        for the error result); ``extra`` adds keys to the input document; ``loaded`` is the
        manifest at ``path`` already loaded and validated (the scan cache has it)."""
        org = self.configs.for_manifest(path)
        if loaded is None:
            loaded = load_manifest(path)
            validate(loaded)
        added = tuple(loaded.data.get("models", ()))
        if self._installed is None:  # once per run: listing the models reads folders
            self._installed = self.options.model_path.ids()
        installed = self._installed
        unknown = [(i, m) for i, m in enumerate(added) if m not in installed]
        if unknown:
            # A model the manifest names but nobody installed is this manifest's problem only.
            problems = [
                Problem(
                    f"unknown model {m!r} (installed: {', '.join(installed)})",
                    loaded.line_for(f"/models/{i}"),
                    f"/models/{i}",
                )
                for i, m in unknown
            ]
            raise ManifestError(str(path), problems)
        engine = self.engine_for(org, added)
        accepted = self.baseline.accepted(path) if self.baseline is not None else None
        document = input_document(loaded, self.options, org, accepted, cache=self.probe_cache)
        if extra:
            document.update(extra)
        raw: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        for model_id in engine.models:
            outcomes, assembled = engine.outcomes_and_report(document, model_id)
            raw[model_id] = (outcomes, _with_extras(assembled, engine, document, model_id))
        return Evaluation(loaded, document, engine, org, raw, self.gating(org, list(raw)))

    def check_file(self, path: Path) -> ManifestResult:
        """Check one manifest; a bad manifest or a bad org config is an error result."""
        try:
            org = self.configs.for_manifest(path)
        except ManifestError as exc:
            return self.config_error(path, exc)
        try:
            return self.evaluate(path).result()
        except ManifestError as exc:
            if org is not None and Path(exc.path) == org.path:
                return self.config_error(path, exc)
            return ManifestResult(
                path=display_path(path), status="error", errors=tuple(exc.problems)
            )


def _with_extras(
    report: dict[str, Any], engine: PolicyEngine, document: dict[str, Any], model_id: str
) -> dict[str, Any]:
    """The report with the model's report rules (findings, checklists, ...) under ``extras``;
    a rule named ``next_steps`` is the model's own order of the next steps."""
    extras = engine.report_extras(document, report, model_id)
    if not extras:
        return report
    steps = extras.pop("next_steps", None)
    if isinstance(steps, list):
        report = {**report, "next_steps": steps}
    return {**report, "extras": extras}


def unique_folders(folders: Iterable[Path]) -> tuple[Path, ...]:
    """Policy folders in order, each once however it is spelled (by real path)."""
    return tuple(dict.fromkeys(Path(os.path.realpath(p)) for p in folders))


def _config_problem(exc: ManifestError, problem: Problem) -> Problem:
    """A problem in an org config, reported on a manifest it applies to."""
    return Problem(f"org config {format_problem(display_path(Path(exc.path)), problem)}")


def check_disabled(org: OrgConfig, engine: PolicyEngine) -> None:
    """The org config's disabled controls that the policies refuse stop the run (exit 2): a
    control no evaluated model has, or one that cannot be disabled (the risk tier, waiver
    validity). Rego decides; this adds the lines and a "did you mean" hint."""
    if not org.disabled:
        return
    document = {"config": {"disabled": dict(org.disabled)}}
    verdicts = [
        engine.query(DISABLED_PROBLEMS_ENTRYPOINT, document, m) or {} for m in engine.models
    ]
    known = [c.id for m in engine.models.values() for c in m.controls]
    problems = []
    for control_id in org.disabled:
        said = [v.get(control_id) for v in verdicts]
        refused = [str(s) for s in said if s is not None and s != "unknown"]
        line, pointer = org.line_of_disabled(control_id)
        if refused:
            problems.append(
                Problem(f"{control_id} ({refused[0]}) cannot be disabled", line, pointer)
            )
        elif all(s == "unknown" for s in said):
            import difflib  # here: only a mistyped control id needs it

            close = difflib.get_close_matches(control_id, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(f"unknown control {control_id!r}{hint}", line, pointer))
    if problems:
        raise ManifestError(str(org.path), problems)


def expand(paths: Sequence[str | Path]) -> tuple[list[Path], list[ManifestResult]]:
    """Turn path arguments into manifest files; arguments that name nothing become errors."""
    targets = [Path(p) for p in paths] or [Path(MANIFEST_NAME)]
    files: list[Path] = []
    missing: list[ManifestResult] = []
    for target in targets:
        if target.is_dir():
            found = discover([target])
            if not found:
                missing.append(_error(target, f"no {MANIFEST_NAME} found below this folder"))
            files.extend(found)
        elif target.exists():
            files.append(target)
        else:
            missing.append(_error(target, "no such file or folder"))
    unique = list(dict.fromkeys(files))
    return unique, missing


def _error(path: Path, message: str) -> ManifestResult:
    return ManifestResult(path=display_path(path), status="error", errors=(Problem(message),))
