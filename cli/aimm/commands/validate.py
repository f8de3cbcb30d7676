"""``aimm validate``: YAML and schema checks only, fast enough for editors and pre-commit."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.core.errors import ExitCode, ManifestError, format_problem
from aimm.core.loader import load_manifest
from aimm.core.pipeline import expand
from aimm.core.schema import validate as validate_manifest
from aimm.core.text import one_line


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-q", "--quiet", is_flag=True, help="Print problems only, not the files that are valid."
)
def command(paths: tuple[Path, ...], quiet: bool) -> int:
    """Validate manifests against the schema without evaluating policies.

    Prints one line per problem as FILE:LINE: POINTER: MESSAGE. Exit code 0 when every
    manifest is valid, 2 otherwise.
    """
    files, missing = expand(paths)
    failed = False
    for result in missing:
        failed = True
        for problem in result.errors:
            click.echo(one_line(format_problem(result.path, problem)), err=True)
    for path in files:
        try:
            validate_manifest(load_manifest(path))
        except ManifestError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(one_line(format_problem(str(path), problem)), err=True)
        else:
            if not quiet:
                click.echo(one_line(f"{path}: valid"))
    return int(ExitCode.INPUT_ERROR if failed else ExitCode.OK)
