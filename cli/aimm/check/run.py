"""Check manifests: the library behind ``aimm check``.

::

    from datetime import date
    from aimm.check import check_paths
    report = check_paths(["services/billing"], today=date(2026, 11, 21))
    report.exit_code()

:func:`check_paths` evaluates and returns a :class:`~aimm.core.result.Report`;
:class:`CheckRequest` is everything ``aimm check`` takes from its command line, and
:func:`run` carries it out (report, outputs, baseline, notes), so the command only parses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from aimm.check import formats
from aimm.check.baseline import Baseline, load_baseline, write_baseline
from aimm.core import frameworks
from aimm.core.engines import EngineChoice
from aimm.core.errors import ExitCode, UsageError, format_problem
from aimm.core.files import append_text, ensure_folder, write_all_atomic, write_atomic
from aimm.core.model import Model, ModelPath
from aimm.core.orgconfig import ConfigResolver, load_config
from aimm.core.pipeline import CheckOptions, Pipeline, display_path, expand
from aimm.core.result import Report

# File written for each format under --output-dir.
OUTPUT_NAMES = {
    "text": "aimm.txt",
    "json": "aimm.json",
    "sarif": "aimm.sarif",
    "junit": "aimm-junit.xml",
    "github": "aimm-github.txt",
    "markdown": "aimm.md",
}
FAIL_ON = ("floors", "any-fail", "never")


def check_paths(
    paths: Iterable[str | Path],
    *,
    today: date,
    verify_evidence: bool = True,
    config: dict[str, Any] | None = None,
    warn_expiring_days: int = 30,
    org_config: Path | None = None,
    configs: ConfigResolver | None = None,
    policy_dirs: Sequence[Path] = (),
    baseline: Baseline | None = None,
    models: Sequence[str] = (),
    model_path: ModelPath | None = None,
    pipeline: Pipeline | None = None,
) -> Report:
    """Check every manifest named by ``paths`` (files, or folders searched for aimm.yaml).

    The org config is ``org_config`` when given, else ``AIMM_CONFIG``, else the nearest
    ``aimm-org.yaml`` above each manifest; pass ``configs`` to choose otherwise. ``models``
    picks the maturity models (default: the org config's, else the default model).
    """
    if pipeline is None:
        options = CheckOptions(
            today=today,
            verify_evidence=verify_evidence,
            config=config,
            models=tuple(models),
            model_path=model_path or ModelPath(),
        )
        pipeline = Pipeline(
            options,
            configs=configs or ConfigResolver(org_config),
            policy_dirs=policy_dirs,
            baseline=baseline,
        )
    files, missing = expand(list(paths))
    results = [pipeline.check_file(f) for f in files]
    used: dict[str, Model] = {m.id: m for e in pipeline.engines() for m in e.models.values()}
    return Report(
        results=tuple(missing + results),
        today=pipeline.options.today,
        warn_expiring_days=warn_expiring_days,
        models=used,
        evidence_verified=pipeline.options.verify_evidence,
    )


def parse_min_levels(values: Sequence[str], model: Model) -> dict[str, int]:
    """``--min-level N`` (every dimension) and ``--min-level DIM=N`` into {dimension: N}."""
    levels: dict[str, int] = {}
    low, top = model.bottom, model.top
    for value in values:
        dim, _, number = value.rpartition("=")
        digits = number.strip()
        # isascii: int() accepts other scripts' digits, which no one means as a level.
        if not (digits.isascii() and digits.isdigit()) or not low <= int(digits) <= top:
            raise UsageError(f"--min-level {value!r}: the level must be a whole number {low}-{top}")
        if dim and dim not in model.dimensions:
            raise UsageError(
                f"--min-level {value!r}: unknown dimension; one of: {', '.join(model.dimensions)}"
            )
        for target in [dim] if dim else model.dimensions:
            levels[target] = max(levels.get(target, low), int(digits))
    return levels


def ci_repository(environ: Mapping[str, str]) -> str | None:
    """The repository a CI job runs for (GitHub Actions, GitLab CI), so that ``aimm aggregate``
    knows where a report came from; None outside CI."""
    for name in ("GITHUB_REPOSITORY", "CI_PROJECT_PATH"):
        if environ.get(name):
            return environ[name]
    return None


@dataclass(frozen=True)
class CheckRequest:
    """What ``aimm check`` was asked to do (its command line, typed)."""

    today: date
    paths: tuple[Path, ...] = ()
    formats: tuple[str, ...] = ()
    output: Path | None = None
    output_dir: Path | None = None
    verify_evidence: bool = True
    fail_on: str = "floors"
    min_levels: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    enforce_upcoming: bool = False
    warn_expiring: int = 30
    configs: ConfigResolver = field(default_factory=ConfigResolver)
    policy_dirs: tuple[Path, ...] = ()
    baseline_file: Path | None = None
    write_baseline: Path | None = None
    models: tuple[str, ...] = ()
    model_path: ModelPath = field(default_factory=ModelPath)
    engine: EngineChoice = field(default_factory=EngineChoice)
    color: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # What a change did: against an earlier JSON report, or the manifests at a git revision.
    compare_to: Path | None = None
    base_ref: str | None = None

    def chosen_formats(self) -> list[str]:
        """The formats to render (default text), checked against the output options."""
        chosen = list(dict.fromkeys(self.formats)) or ["text"]
        if len(chosen) > 1 and self.output_dir is None:
            raise UsageError("several --format values need --output-dir (one file per format)")
        if self.output is not None and self.output_dir is not None:
            raise UsageError("use either --output or --output-dir, not both")
        if self.compare_to is not None and self.base_ref is not None:
            raise UsageError("use either --compare-to or --base-ref, not both")
        return chosen


@dataclass(frozen=True)
class CheckRun:
    """What a check produced: the report, the text for stdout, notes for stderr, the exit."""

    report: Report
    stdout: str
    notes: tuple[str, ...]
    exit_code: ExitCode


def run(request: CheckRequest) -> CheckRun:
    """Carry out a check request: evaluate, write the outputs, the baseline and the GitHub
    step summary, and say on stderr what a reader of the files would miss."""
    chosen = request.chosen_formats()
    model_ids = request.models
    primary = request.model_path.load(model_ids[0] if model_ids else "default")
    config = {
        "min_levels": parse_min_levels(request.min_levels, primary),
        **frameworks.profile_config(request.profiles, request.enforce_upcoming),
    }
    options = CheckOptions(
        today=request.today,
        verify_evidence=request.verify_evidence,
        config=config,
        models=model_ids,
        model_path=request.model_path,
        engine=request.engine,
    )
    baseline = load_baseline(request.baseline_file) if request.baseline_file else None
    pipeline = Pipeline(
        options, configs=request.configs, policy_dirs=request.policy_dirs, baseline=baseline
    )
    if request.configs.fixed is not None:
        # An explicit config's problems (disabled controls too) stop the run up front.
        pipeline.engine_for(load_config(request.configs.fixed))
    reference = None
    if request.compare_to:
        # Here, as base_ref below: a plain check does not load what a comparison needs.
        from aimm.check.compare import load_reference

        reference = load_reference(request.compare_to)
    report = check_paths(request.paths, today=request.today, pipeline=pipeline)
    report = replace(
        report,
        warn_expiring_days=request.warn_expiring,
        repository=ci_repository(request.environ),
        fail_on=request.fail_on,
    )
    notes: list[str] = []
    if request.compare_to is not None and reference is not None:
        from aimm.check.compare import Base, compare

        base = Base("report", str(request.compare_to))
        report = replace(report, comparison=compare(reference, report.as_dict(), base).as_dict())
        then = {r.get("path") for r in reference["results"]}
        if then and report.results and not then & {r.path for r in report.results}:
            notes.append(
                f"note: --compare-to {request.compare_to}: no manifest path in common with this "
                "run; run aimm check from the folder the report was written in"
            )
    elif request.base_ref is not None:
        report = replace(
            report, comparison=_against_revision(request.base_ref, request, pipeline, report)
        )
    stdout = write_outputs(report, chosen, request.output, request.output_dir, request.color)
    if request.write_baseline is not None:
        notes.append(_write_baseline(report, request.write_baseline))
    if request.baseline_file is not None:
        notes += [
            f"note: {r.path}: no longer failing, remove from {request.baseline_file}: "
            f"{', '.join(r.baseline_stale)}"
            for r in report.results
            if r.baseline_stale
        ]
    summary_file = request.environ.get("GITHUB_STEP_SUMMARY")
    if "github" in chosen and summary_file:
        from aimm.check.formats.github import step_summary

        append_text(Path(summary_file), step_summary(report), what="GITHUB_STEP_SUMMARY")
    notes += [
        f"warning: {result.path}: waiver for {waiver.get('control')} expires on "
        f"{waiver.get('expires')} ({waiver.get('days_left')} days left)"
        for result, waiver in report.expiring_waivers()
    ]
    for org in request.configs.loaded():
        for line, warning in org.ignored_floors(primary.data["floors"]):
            notes.append(f"warning: {display_path(org.path)}:{line}: {warning}")
    if request.output is not None or request.output_dir is not None or chosen != ["text"]:
        # The report went to files, or is for a machine: say on stderr what could not be
        # evaluated (the text report on a terminal shows it itself).
        notes += [f"error: {format_problem(r.path, p)}" for r in report.results for p in r.errors]
    code = report.exit_code(request.fail_on)
    if code == ExitCode.GATE_FAILED and not report.failed:
        failing = sum(len(r.new_failures()) for r in report.results)
        notes.append(f"--fail-on any-fail: {failing} failing control(s), though every gate passed")
    return CheckRun(report, stdout, tuple(notes), code)


def _against_revision(
    ref: str, request: CheckRequest, pipeline: Pipeline, report: Report
) -> dict[str, Any]:
    """The comparison with the same manifests at the git revision ``ref``, evaluated by the
    same pipeline in a temporary checkout of that revision."""
    from aimm.check import base_ref
    from aimm.check.compare import Base, compare

    where = request.paths[0] if request.paths else Path.cwd()
    with base_ref.checkout(ref, where) as tree:
        results = base_ref.evaluate(tree, request.paths, pipeline)
    before = replace(report, results=tuple(results), comparison=None)
    base = Base("git", ref, tree.sha)
    return compare(before.as_dict(), report.as_dict(), base).as_dict()


def write_outputs(
    report: Report,
    chosen: Sequence[str],
    output: Path | None,
    output_dir: Path | None,
    color: bool = False,
) -> str:
    """Render the formats; write them to files (atomically, every format rendered before any
    file is written) or return the one for stdout."""
    if output_dir is not None:
        rendered = {fmt: formats.get(fmt)(report, color=False) for fmt in chosen}
        ensure_folder(output_dir, "--output-dir")
        write_all_atomic(
            {output_dir / OUTPUT_NAMES.get(fmt, f"aimm.{fmt}"): t for fmt, t in rendered.items()}
        )
        return ""
    (fmt,) = chosen
    text = formats.get(fmt)(report, color=color and output is None and fmt == "text")
    if output is None:
        return text
    write_atomic(output, text)
    return ""


def _write_baseline(report: Report, path: Path) -> str:
    if report.errors:
        return f"baseline not written: {report.errors} manifest(s) could not be evaluated"
    write_baseline(report.results, path, report.today)
    count = sum(len(r.failing()) for r in report.results)
    return f"wrote {path}: {count} failing control(s) accepted"
