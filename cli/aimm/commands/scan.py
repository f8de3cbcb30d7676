"""``aimm scan``: evaluate every aimm.yaml under folders of repository checkouts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from aimm.commands.options import (
    config_resolver,
    engine_from,
    engine_options,
    model_options,
    model_path,
    org_config_options,
    org_output_options,
    resolve_today,
    today_option,
    verify_evidence_option,
)
from aimm.core.orgconfig import load_config
from aimm.org.history import DEFAULT_FILE
from aimm.org.publish import PublishRequest, history_location, publish
from aimm.org.scan import scan


@click.command("scan")
@click.argument(
    "roots", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@org_output_options
@today_option
@verify_evidence_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Evaluate every manifest afresh instead of reusing cached policy results.",
)
@org_config_options
@model_options
@engine_options
def command(
    roots: tuple[Path, ...],
    jobs: int | None,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    history: str | None,
    no_history: bool,
    fail_on: str,
    expiring_within: int,
    today: datetime | None,
    no_verify_evidence: bool,
    no_cache: bool,
    config_file: Path | None,
    no_config: bool,
    policy_dirs: tuple[Path, ...],
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
    engine: str | None,
    opa_url: str | None,
    opa_ca_cert: Path | None,
    opa_insecure: bool,
    opa_timeout: float | None,
) -> int:
    """Scan ROOTS (folders of repository checkouts) and print the org report.

    Finds every aimm.yaml below the roots (following symlinked folders, skipping .git,
    node_modules and .aimm), evaluates them in parallel and reports the whole
    organisation: headline, heatmap by business unit and team, levels per group, level
    distribution, bleeding gaps, lopsided systems, waivers, trend and what could not be
    evaluated. Each manifest belongs to the nearest folder holding .git inside the root,
    else to the root's top-level folder it is in. Shows a progress bar on a terminal.

    A snapshot is recorded in ROOT/.aimm/history.sqlite (the first root) unless --history
    or --no-history says otherwise; the trend compares with the latest earlier snapshot,
    and a rerun on the same --today replaces that day's snapshot. Org configs apply as in
    `aimm check` (--config, AIMM_CONFIG, the nearest aimm-org.yaml). The org report shows
    the first --model. Exit codes as for `aimm check`, over every system.
    """
    resolver = config_resolver(config_file, no_config)
    choice = engine_from(engine, opa_url, opa_ca_cert, opa_insecure, opa_timeout, resolver)
    day = resolve_today(today)
    installed = model_path(model_paths)
    request = PublishRequest(
        today=day,
        model=installed.load(models[0] if models else "default"),
        installed=installed,
        history=history_location(history, no_history, roots[0] / DEFAULT_FILE),
        formats=formats,
        output=output,
        output_dir=output_dir,
        expiring_within=expiring_within,
        fail_on=fail_on,
        inventory=load_config(resolver.fixed).inventory if resolver.fixed else {},
    )
    text, code = publish(
        lambda: scan(
            roots,
            today=day,
            jobs=jobs,
            verify_evidence=not no_verify_evidence,
            use_cache=not no_cache,
            config_file=resolver.fixed,
            discover_config=not no_config,
            policy_dirs=policy_dirs,
            models=models,
            model_path=installed,
            engine=choice,
        ),
        request,
    )
    click.echo(text, nl=False)
    return int(code)
