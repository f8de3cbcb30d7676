"""``aimm check``: evaluate manifests and gate on their floors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from aimm import reporters
from aimm.checker import check_paths
from aimm.commands.options import resolve_today, today_option, use_color
from aimm.files import write_atomic


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reporters.names()),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file (atomically) instead of stdout.",
)
@today_option
@click.option(
    "--no-verify-evidence",
    is_flag=True,
    help="Treat every declared evidence path as present (skip file checks).",
)
def command(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    today: datetime | None,
    no_verify_evidence: bool,
) -> int:
    """Check AI system manifests: levels, floors, failing controls, next steps.

    PATHS are aimm.yaml files or folders (every aimm.yaml below a folder, skipping .git
    and node_modules). With no PATHS, checks ./aimm.yaml. Exit code 0 when every gate
    passes, 1 when a gate fails, 2 when a manifest cannot be read or validated.
    """
    report = check_paths(paths, today=resolve_today(today), verify_evidence=not no_verify_evidence)
    text = reporters.get(fmt)(report, color=use_color(output) and fmt == "text")
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    return int(report.exit_code())
