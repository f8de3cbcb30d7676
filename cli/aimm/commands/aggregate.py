"""``aimm aggregate``: the org report from ``aimm check --format json`` reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from aimm.commands.options import (
    model_path,
    model_path_option,
    org_output_options,
    resolve_today,
    today_option,
)
from aimm.core.orgconfig import load_config
from aimm.org.aggregate import aggregate
from aimm.org.history import DEFAULT_FILE
from aimm.org.publish import PublishRequest, history_location, publish


@click.command("aggregate")
@click.argument("reports", nargs=-1, required=True, metavar="[REPO=]REPORT.json...")
@org_output_options
@today_option
@click.option(
    "--model",
    "model_id",
    default="default",
    show_default=True,
    metavar="ID",
    help="The maturity model of the org report (reports judged by another are listed as "
    "could not evaluate).",
)
@model_path_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An org config (aimm-org.yaml) whose inventory counts the org-scope controls use.",
)
def command(
    reports: tuple[str, ...],
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    history: str | None,
    no_history: bool,
    fail_on: str,
    expiring_within: int,
    today: datetime | None,
    model_id: str,
    model_paths: tuple[Path, ...],
    config_file: Path | None,
) -> int:
    """Merge JSON reports from each repository's CI into the org report.

    Each REPORT is a file written by `aimm check --format json`, or a folder searched for
    *.json files. Its repository is REPO when given as REPO=REPORT, else a `repository`
    key in the report, else the name of the folder holding the file. Of duplicate systems
    (same repository and name) the newest report wins (its `today`; on the same date, the
    one given later). Reports that cannot be read are listed as could not evaluate.

    The org report is the one `aimm scan` prints. A snapshot is recorded in
    .aimm/history.sqlite in the current folder unless --history or --no-history says
    otherwise.
    """
    installed = model_path(model_paths)
    model = installed.load(model_id)
    request = PublishRequest(
        today=resolve_today(today),
        model=model,
        installed=installed,
        history=history_location(history, no_history, DEFAULT_FILE),
        formats=formats,
        output=output,
        output_dir=output_dir,
        expiring_within=expiring_within,
        fail_on=fail_on,
        inventory=load_config(config_file).inventory if config_file else {},
    )
    text, code = publish(lambda: aggregate(reports, model, installed), request)
    click.echo(text, nl=False)
    return int(code)
