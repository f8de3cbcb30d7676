"""Check manifests: load, collect evidence, evaluate the policies, enrich from the catalog.

This is the library entry point::

    from datetime import date
    from aimm.checker import check_paths
    report = check_paths(["services/billing"], today=date(2026, 11, 21))
    report.exit_code()
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from aimm import evidence, frameworks
from aimm.catalog import Model
from aimm.engine import Engine
from aimm.errors import ManifestError, Problem
from aimm.loader import MANIFEST_NAME, LoadedManifest, discover, load_manifest
from aimm.result import ManifestResult, Report
from aimm.schema import validate


@dataclass(frozen=True)
class CheckOptions:
    """Everything that changes a verdict besides the manifests themselves."""

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


def input_document(loaded: LoadedManifest, options: CheckOptions) -> dict[str, Any]:
    """The facts document Rego evaluates (see docs/architecture.md)."""
    facts = evidence.collect(loaded.data, loaded.path, verify=options.verify_evidence)
    return {
        "manifest": loaded.data,
        "evidence": {p: f.as_dict() for p, f in facts.items()},
        "today": options.today.isoformat(),
        "config": options.config or {},
    }


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


def check_file(path: Path, engine: Engine, options: CheckOptions) -> ManifestResult:
    """Check one manifest file; input problems become an error result, never an exception."""
    try:
        loaded = load_manifest(path)
        validate(loaded)
    except ManifestError as exc:
        return ManifestResult(path=display_path(path), status="error", errors=tuple(exc.problems))
    raw = engine.evaluate(input_document(loaded, options))
    return _enrich(loaded, raw, engine.model)


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
) -> Report:
    """Check every manifest named by ``paths`` (files, or folders searched for aimm.yaml)."""
    options = CheckOptions(today=today, verify_evidence=verify_evidence, config=config)
    files, missing = expand(list(paths))
    # Profiles in the config (aimm check --profile) need an engine built with them.
    engine = engine or frameworks.engine_for(config)
    frameworks.check_engine_covers(engine.model, config)
    results = [check_file(f, engine, options) for f in files]
    return Report(
        results=tuple(missing + results), today=today, warn_expiring_days=warn_expiring_days
    )
