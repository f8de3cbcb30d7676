"""``aimm check``: evaluate manifests and gate on their floors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from aimm.check import formats as reporters
from aimm.check.baseline import load_baseline, write_baseline
from aimm.commands.options import (
    config_resolver,
    org_config_options,
    resolve_today,
    today_option,
    use_color,
)
from aimm.core import frameworks
from aimm.core.errors import ExitCode, UsageError, format_problem
from aimm.core.files import append_text, write_atomic
from aimm.core.model import extend_model, load_model
from aimm.core.orgconfig import load_config
from aimm.core.pipeline import check_disabled, check_paths, display_path, unique_folders
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


def _output_name(fmt: str) -> str:
    return OUTPUT_NAMES.get(fmt, f"aimm.{fmt}")


def _write_outputs(
    report: Report, formats: list[str], output: Path | None, output_dir: Path | None
) -> None:
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        rendered = {fmt: reporters.get(fmt)(report, color=False) for fmt in formats}
        for fmt, text in rendered.items():  # render all first: no partial set on a failure
            write_atomic(output_dir / _output_name(fmt), text)
        return
    (fmt,) = formats
    text = reporters.get(fmt)(report, color=use_color(output) and fmt == "text")
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def ci_repository(environ: Mapping[str, str]) -> str | None:
    """The repository a CI job runs for (GitHub Actions, GitLab CI), so that ``aimm aggregate``
    knows where a report came from; None outside CI."""
    for name in ("GITHUB_REPOSITORY", "CI_PROJECT_PATH"):
        if environ.get(name):
            return environ[name]
    return None


def parse_min_levels(values: tuple[str, ...], dimensions: list[str], top: int) -> dict[str, int]:
    """``--min-level N`` (every dimension) and ``--min-level DIM=N`` into {dimension: N}."""
    levels: dict[str, int] = {}
    for value in values:
        dim, _, number = value.rpartition("=")
        if not number.strip().isdigit() or not 1 <= int(number) <= top:
            raise UsageError(f"--min-level {value!r}: the level must be a whole number 1-{top}")
        if dim and dim not in dimensions:
            raise UsageError(
                f"--min-level {value!r}: unknown dimension; one of: {', '.join(dimensions)}"
            )
        for target in [dim] if dim else dimensions:
            levels[target] = max(levels.get(target, 1), int(number))
    return levels


def _note_baseline(report: Report, baseline: Path) -> None:
    for result in report.results:
        if result.baseline_stale:
            click.echo(
                f"aimm: note: {result.path}: no longer failing, remove from {baseline}: "
                f"{', '.join(result.baseline_stale)}",
                err=True,
            )


def _write_baseline(report: Report, path: Path) -> None:
    if report.errors:
        click.echo(
            f"aimm: baseline not written: {report.errors} manifest(s) could not be evaluated",
            err=True,
        )
        return
    write_baseline(report.results, path, report.today)
    count = sum(len(r.failing()) for r in report.results)
    click.echo(f"aimm: wrote {path}: {count} failing control(s) accepted", err=True)


def _echo_input_errors(report: Report) -> None:
    for result in report.results:
        for problem in result.errors:
            click.echo(f"aimm: error: {format_problem(result.path, problem)}", err=True)


def _warn_expiring(report: Report) -> None:
    for result, waiver in report.expiring_waivers():
        click.echo(
            f"aimm: warning: {result.path}: waiver for {waiver.get('control')} expires on "
            f"{waiver.get('expires')} ({waiver.get('days_left')} days left)",
            err=True,
        )


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(reporters.names()),
    help="Output format (default text). Repeat it with --output-dir to write several.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one file per --format into this folder (aimm.json, aimm.sarif, ...).",
)
@today_option
@click.option(
    "--no-verify-evidence",
    is_flag=True,
    help="Treat every declared evidence path as present (skip file checks).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="floors",
    show_default=True,
    help="floors: exit 1 when a gate fails; any-fail: also when any control fails; "
    "never: always exit 0 on evaluated manifests (still reports).",
)
@click.option(
    "--min-level",
    "min_levels",
    multiple=True,
    metavar="[DIM=]N",
    help="Raise the floor of every dimension (N) or of one (DIM=N) above the tier's. Repeatable.",
)
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="Enforce a framework profile (eu-ai-act, nist-ai-rmf, iso-42001): its floors join the "
    "tier floors and its failing controls fail the gate. Repeatable.",
)
@click.option(
    "--enforce-upcoming",
    is_flag=True,
    help="With --profile: enforce obligations before the date they apply from.",
)
@click.option(
    "--warn-expiring",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Warn about valid waivers that expire within DAYS.",
)
@org_config_options
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Fail only on failing controls not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record the current failing controls per manifest in this file (atomically).",
)
def command(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    today: datetime | None,
    no_verify_evidence: bool,
    fail_on: str,
    min_levels: tuple[str, ...],
    profiles: tuple[str, ...],
    enforce_upcoming: bool,
    warn_expiring: int,
    config_file: Path | None,
    no_config: bool,
    policy_dirs: tuple[Path, ...],
    baseline_file: Path | None,
    write_baseline: Path | None,
) -> int:
    """Check AI system manifests: levels, floors, failing controls, next steps.

    PATHS are aimm.yaml files or folders (every aimm.yaml below a folder, skipping .git
    and node_modules). With no PATHS, checks ./aimm.yaml. Exit code 0 when every gate
    passes, 1 when a gate fails, 2 when a manifest cannot be read or validated.

    An org config (aimm-org.yaml) can raise floors, require owners, bound waivers, add
    policy folders and disable controls; see the README.

    In GitHub Actions (GITHUB_STEP_SUMMARY set), --format github also appends a Markdown
    summary to the job's step summary.
    """
    chosen = list(dict.fromkeys(formats)) or ["text"]
    if len(chosen) > 1 and output_dir is None:
        raise UsageError("several --format values need --output-dir (one file per format)")
    if output is not None and output_dir is not None:
        raise UsageError("use either --output or --output-dir, not both")
    model = load_model()
    floors = parse_min_levels(min_levels, model.dimensions, len(model.data["levels"]))
    resolver = config_resolver(config_file, no_config)
    if resolver.fixed is not None:
        # An explicit config's disabled controls are checked before any manifest, too.
        org = load_config(resolver.fixed)
        folders = unique_folders([*org.policy_dirs, *policy_dirs])
        check_disabled(org, extend_model(model, folders))
    report = check_paths(
        paths,
        today=resolve_today(today),
        verify_evidence=not no_verify_evidence,
        warn_expiring_days=warn_expiring,
        config={"min_levels": floors, **frameworks.profile_config(profiles, enforce_upcoming)},
        configs=resolver,
        policy_dirs=policy_dirs,
        baseline=load_baseline(baseline_file) if baseline_file else None,
    )
    report = replace(report, repository=ci_repository(os.environ))
    _write_outputs(report, chosen, output, output_dir)
    if write_baseline is not None:
        _write_baseline(report, write_baseline)
    if baseline_file is not None:
        _note_baseline(report, baseline_file)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if "github" in chosen and summary_file:
        from aimm.check.formats.github import step_summary

        append_text(Path(summary_file), step_summary(report))
    _warn_expiring(report)
    for org in resolver.loaded():
        for line, warning in org.ignored_floors(model.data["floors"]):
            click.echo(f"aimm: warning: {display_path(org.path)}:{line}: {warning}", err=True)
    if output is not None or output_dir is not None:
        _echo_input_errors(report)  # the report went to files: say on stderr what failed
    code = report.exit_code(fail_on)
    if code == ExitCode.GATE_FAILED and not report.failed:
        failing = sum(len(r.new_failures()) for r in report.results)
        click.echo(
            f"aimm: --fail-on any-fail: {failing} failing control(s), though every gate passed",
            err=True,
        )
    return int(code)
