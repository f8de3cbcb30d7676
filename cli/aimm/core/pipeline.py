"""Check manifests: load, collect evidence, evaluate the policies, enrich from the catalog.

This is the library entry point::

    from datetime import date
    from aimm.core.pipeline import check_paths
    report = check_paths(["services/billing"], today=date(2026, 11, 21))
    report.exit_code()
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from aimm.check.baseline import Baseline
from aimm.core import evidence, frameworks
from aimm.core.engine import Engine, policy_files
from aimm.core.errors import ManifestError, Problem, UsageError, format_problem
from aimm.core.loader import MANIFEST_NAME, LoadedManifest, discover, load_manifest
from aimm.core.model import Model, extend_model, load_model
from aimm.core.orgconfig import ConfigResolver, OrgConfig
from aimm.core.result import ManifestResult, Report
from aimm.core.schema import validate


@dataclass(frozen=True)
class CheckOptions:
    """Everything that changes a verdict besides the manifests and the org config.

    ``config`` holds ``input.config`` keys given on the command line (``min_levels``,
    ``profiles``, ...); they are merged over the org config's.
    """

    today: date
    verify_evidence: bool = True
    config: dict[str, Any] | None = None


def display_path(path: Path) -> str:
    """A stable, readable path: relative to the working folder when below it, POSIX style."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def input_document(
    loaded: LoadedManifest,
    options: CheckOptions,
    org: OrgConfig | None = None,
    baseline: Sequence[str] = (),
) -> dict[str, Any]:
    """The facts document Rego evaluates (see docs/architecture.md)."""
    facts = evidence.collect(loaded.data, loaded.path, verify=options.verify_evidence)
    config = merge_config(org.rego() if org else {}, options.config or {})
    if baseline:
        config["baseline"] = sorted(baseline)
    return {
        "manifest": loaded.data,
        "evidence": {p: f.as_dict() for p, f in facts.items()},
        "today": options.today.isoformat(),
        "config": config,
    }


def merge_config(org: dict[str, Any], command_line: dict[str, Any]) -> dict[str, Any]:
    """The command line's config keys over the org config's; lists (profiles) are joined."""
    merged = dict(org)
    for key, value in command_line.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = sorted({*merged[key], *value})
        else:
            merged[key] = value
    return merged


def _enrich(loaded: LoadedManifest, raw: dict[str, Any], model: Model) -> ManifestResult:
    order = {c.id: i for i, c in enumerate(model.controls)}
    blocking = set(raw.get("blocking", []))
    controls = []
    for entry in sorted(raw.get("controls", []), key=lambda c: order.get(c["id"], len(order))):
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
        if "waiver" in entry:
            enriched["waiver"] = entry["waiver"]
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
    return ManifestResult(
        path=display_path(loaded.path),
        status="evaluated",
        system=metadata.get("name"),
        team=metadata.get("team"),
        business_unit=metadata.get("business_unit"),
        lifecycle=system.get("lifecycle"),
        system_type=system.get("type"),
        tier=raw.get("tier"),
        tier_computed=raw.get("tier_computed"),
        tier_declared=raw.get("tier_declared"),
        risk_score=raw.get("risk_score"),
        levels={d: int(raw.get("levels", {}).get(d, 1)) for d in model.dimensions},
        floors={d: int(raw.get("floors", {}).get(d, 1)) for d in model.dimensions},
        floors_enforced=bool(raw.get("floors_enforced", False)),
        controls=tuple(controls),
        next_steps=tuple(steps),
        gate_passed=gate.get("passed") is True,
        gate_reasons=tuple(str(r) for r in gate.get("reasons", [])),
        waivers=tuple(raw.get("waivers", [])),
    )


def enrich(loaded: LoadedManifest, raw: dict[str, Any], model: Model) -> ManifestResult:
    """The report entry for one evaluated manifest, from the engine's raw result (for other
    pipelines over the same facts, such as ``aimm audit``)."""
    return _enrich(loaded, raw, model)


def _fact_line(loaded: LoadedManifest, facts: Sequence[str]) -> int:
    """The line of the first fact that decides a control: the field's own line when the
    manifest has it, else its nearest ancestor's (the dimension's), else line 1."""
    lines = [loaded.line_for(f) for f in facts if f in loaded.lines]
    # The deepest known ancestor sits lowest in the file, so the largest line is the nearest.
    return lines[0] if lines else max((loaded.line_for(f) for f in facts), default=1)


def check_file(
    path: Path,
    engine: Engine,
    options: CheckOptions,
    org: OrgConfig | None = None,
    baseline: Sequence[str] | None = None,
) -> ManifestResult:
    """Check one manifest file; input problems become an error result, never an exception."""
    try:
        loaded = load_manifest(path)
        validate(loaded)
    except ManifestError as exc:
        return ManifestResult(path=display_path(path), status="error", errors=tuple(exc.problems))
    raw = engine.evaluate(input_document(loaded, options, org, baseline or ()))
    result = _enrich(loaded, raw, engine.model)
    extra: dict[str, Any] = {}
    if org is not None:
        extra["org_config"] = display_path(org.path)
    if baseline is not None:
        accepted = set(baseline)
        # As in the Rego gate: a baseline covers what a waiver could, never risk or waivers.
        coverable = waivable_families(engine.model)
        controls = tuple(
            {**c, "baselined": True}
            if c["status"] == "fail" and c["id"] in accepted and c["dimension"] in coverable
            else c
            for c in result.controls
        )
        still = {c["id"] for c in controls if c.get("baselined")}
        extra |= {
            "controls": controls,
            "baseline_accepted": tuple(sorted(accepted)),
            "baseline_stale": tuple(sorted(accepted - still)),
        }
    return replace(result, **extra) if extra else result


class Checker:
    """Checks manifests with the org config that applies to each, reusing engines.

    Each distinct set of policy folders (built-ins, the org config's, ``--policy``) gets one
    model and one engine for the whole run.
    """

    def __init__(
        self,
        options: CheckOptions,
        *,
        engine: Engine | None = None,
        configs: ConfigResolver | None = None,
        policy_dirs: Sequence[Path] = (),
        baseline: Baseline | None = None,
    ) -> None:
        self.options = options
        self.configs = configs or ConfigResolver()
        self.policy_dirs = tuple(Path(os.path.normpath(p)) for p in policy_dirs)
        self.baseline = baseline
        # One engine per set of custom folders and regulatory profiles.
        self._engines: dict[tuple[tuple[Path, ...], tuple[str, ...]], Engine] = {}
        if engine is not None:
            self._engines[(), frameworks.profiles_of(engine.model)] = engine
        self._validated: set[tuple[Path, tuple[Path, ...]]] = set()

    def engine_for(self, org: OrgConfig | None) -> Engine:
        """The engine for the built-ins plus the org config's and the command line's folders,
        built with the regulatory profiles the org config and the command line ask for."""
        folders = unique_folders([*(org.policy_dirs if org else ()), *self.policy_dirs])
        config = merge_config(org.rego() if org else {}, self.options.config or {})
        profiles = tuple(sorted(frameworks.requested(config)))
        key = (folders, profiles)
        if key not in self._engines:
            base = frameworks.profile_model(profiles) if profiles else load_model()
            model = extend_model(base, folders)  # a broken catalog is reported first (exit 3)
            for folder in folders:
                if not policy_files([folder]):
                    raise UsageError(f"policy folder {folder} holds no .rego policy")
            extra = frameworks.AUDIT_ENTRYPOINTS if profiles else ()
            self._engines[key] = Engine(model, folders, entrypoints=extra)
        engine = self._engines[key]
        if org is not None and (org.path, folders) not in self._validated:
            check_disabled(org, engine.model)
            self._validated.add((org.path, folders))
        return engine

    def resolve(self, path: Path) -> tuple[OrgConfig | None, Engine]:
        """The org config and the engine for one manifest (ManifestError: a bad config)."""
        org = self.configs.for_manifest(path)
        return org, self.engine_for(org)

    def config_error(self, path: Path, exc: ManifestError) -> ManifestResult:
        """The error result of a manifest whose org config is bad."""
        problems = tuple(_config_problem(exc, p) for p in exc.problems)
        return ManifestResult(path=display_path(path), status="error", errors=problems)

    def check_file(self, path: Path) -> ManifestResult:
        """Check one manifest; a bad manifest or a bad discovered org config is an error result."""
        try:
            org, engine = self.resolve(path)
        except ManifestError as exc:
            return self.config_error(path, exc)
        baseline = self.baseline.accepted(path) if self.baseline is not None else None
        return check_file(path, engine, self.options, org, baseline)


def unique_folders(folders: Iterable[Path]) -> tuple[Path, ...]:
    """Policy folders in order, each once however it is spelled (by real path)."""
    return tuple(dict.fromkeys(Path(os.path.realpath(p)) for p in folders))


def _config_problem(exc: ManifestError, problem: Problem) -> Problem:
    """A problem in an org config, reported on a manifest it applies to."""
    return Problem(f"org config {format_problem(display_path(Path(exc.path)), problem)}")


def waivable_families(model: Model) -> set[str]:
    """The families a waiver, a baseline or a disabled entry can cover: the grid dimensions
    and the gate families the model marks waivable."""
    return set(model.dimensions) | {
        f["id"] for f in model.data.get("gate_families", []) if f.get("waivable")
    }


def check_disabled(org: OrgConfig, model: Model) -> None:
    """Disabled controls must exist and be waivable (never the risk tier or waiver validity)."""
    waivable = waivable_families(model)
    problems = []
    for control_id in org.disabled:
        line, pointer = org.line_of_disabled(control_id)
        control = model.control(control_id)
        if control is None:
            close = difflib.get_close_matches(control_id, list(model.by_id), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(f"unknown control {control_id!r}{hint}", line, pointer))
        elif control.dimension not in waivable:
            problems.append(
                Problem(f"{control_id} ({control.dimension}) cannot be disabled", line, pointer)
            )
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


def check_paths(
    paths: Iterable[str | Path],
    *,
    today: date,
    verify_evidence: bool = True,
    engine: Engine | None = None,
    config: dict[str, Any] | None = None,
    warn_expiring_days: int = 30,
    org_config: Path | None = None,
    configs: ConfigResolver | None = None,
    policy_dirs: Sequence[Path] = (),
    baseline: Baseline | None = None,
) -> Report:
    """Check every manifest named by ``paths`` (files, or folders searched for aimm.yaml).

    The org config is ``org_config`` when given, else ``AIMM_CONFIG``, else the nearest
    ``aimm-org.yaml`` above each manifest; pass ``configs`` to choose otherwise.
    """
    options = CheckOptions(today=today, verify_evidence=verify_evidence, config=config)
    checker = Checker(
        options,
        engine=engine,
        configs=configs or ConfigResolver(org_config),
        policy_dirs=policy_dirs,
        baseline=baseline,
    )
    files, missing = expand(list(paths))
    results = [checker.check_file(f) for f in files]
    return Report(
        results=tuple(missing + results), today=today, warn_expiring_days=warn_expiring_days
    )
