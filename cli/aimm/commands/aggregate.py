"""``aimm aggregate``: the org report from ``aimm check --format json`` reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from aimm.commands.options import resolve_today, today_option
from aimm.commands.orgoptions import (
    chosen_formats,
    history_location,
    org_output_options,
    publish,
)
from aimm.org import rollup
from aimm.org.history import DEFAULT_FILE


@click.command("aggregate")
@click.argument("reports", nargs=-1, required=True, metavar="[REPO=]REPORT.json...")
@org_output_options
@today_option
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
    chosen = chosen_formats(formats, output, output_dir)
    return publish(
        lambda: rollup.aggregate(reports),
        today=resolve_today(today),
        history=history_location(history, no_history, DEFAULT_FILE),
        formats=chosen,
        output=output,
        output_dir=output_dir,
        expiring_within=expiring_within,
        fail_on=fail_on,
    )
