"""``aimm check``: evaluate manifests and gate on their floors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from aimm.check import formats
from aimm.check.run import FAIL_ON, CheckRequest, run
from aimm.commands.options import (
    config_resolver,
    engine_from,
    engine_options,
    model_options,
    model_path,
    org_config_options,
    output_option,
    resolve_today,
    today_option,
    use_color,
    verify_evidence_option,
)
from aimm.core.text import one_line


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(formats.names()),
    help="Output format (default text). Repeat it with --output-dir to write several.",
)
@output_option("report")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one file per --format into this folder (aimm.json, aimm.sarif, ...).",
)
@today_option
@verify_evidence_option
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
@click.option(
    "--compare-to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="REF.json",
    help="Also report what changed against this earlier aimm check --format json report: "
    "gates, levels, controls newly failing or fixed, waivers. Run from the same folder.",
)
@click.option(
    "--base-ref",
    default=None,
    metavar="GIT_REF",
    help="Also report what changed against the same manifests at this git revision (e.g. "
    "origin/main), evaluated in a temporary checkout outside the repository.",
)
@model_options
@engine_options
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
    compare_to: Path | None,
    base_ref: str | None,
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
    engine: str | None,
    opa_url: str | None,
    opa_ca_cert: Path | None,
    opa_insecure: bool,
    opa_timeout: float | None,
) -> int:
    """Check AI system manifests: levels, floors, failing controls, next steps.

    PATHS are aimm.yaml files or folders (every aimm.yaml below a folder, skipping .git
    and node_modules). With no PATHS, checks ./aimm.yaml. Exit code 0 when every gate
    passes, 1 when a gate fails, 2 when a manifest cannot be read or validated.

    An org config (aimm-org.yaml) can raise floors, require owners, bound waivers, add
    policy folders and disable controls; see the README.

    With --compare-to or --base-ref, the report also says what the change did (the JSON
    report's "comparison" key; the text and Markdown reports lead with it). The exit code
    is still this run's gate.

    In GitHub Actions (GITHUB_STEP_SUMMARY set), --format github also appends a Markdown
    summary to the job's step summary.
    """
    configs = config_resolver(config_file, no_config)
    choice = engine_from(engine, opa_url, opa_ca_cert, opa_insecure, opa_timeout, configs)
    done = run(
        CheckRequest(
            today=resolve_today(today),
            paths=paths,
            formats=formats,
            output=output,
            output_dir=output_dir,
            verify_evidence=not no_verify_evidence,
            fail_on=fail_on,
            min_levels=min_levels,
            profiles=profiles,
            enforce_upcoming=enforce_upcoming,
            warn_expiring=warn_expiring,
            configs=configs,
            policy_dirs=policy_dirs,
            baseline_file=baseline_file,
            write_baseline=write_baseline,
            compare_to=compare_to,
            base_ref=base_ref,
            models=models,
            model_path=model_path(model_paths),
            engine=choice,
            color=use_color(output),
        )
    )
    if done.stdout:
        click.echo(done.stdout, nl=False)
    for note in done.notes:
        click.echo(f"aimm: {one_line(note)}", err=True)
    return int(done.exit_code)
