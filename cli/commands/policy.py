"""``aimm policy``: work with the Rego policies themselves (``aimm policy test``)."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.catalog import engine_data
from aimm.policytest import rego_files, run
from aimm.resources import policies_dir


@click.group("policy")
def command() -> None:
    """Test the built-in and custom Rego policies."""


@command.command("test")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too, not only failures.")
def test(folders: tuple[Path, ...], verbose: bool) -> int:
    """Run the test_* rules of the built-in policies and of FOLDERS on the embedded engine.

    Like `opa test`: every test_* rule in a *_test.rego file must evaluate to true; false,
    undefined or an error fails it. Exit code 0 when all pass, 1 otherwise.
    """
    files = rego_files([policies_dir(), *folders])
    results = run(files, engine_data())
    failed = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            mark = "PASS" if r.passed else "FAIL"
            detail = f"  {r.detail}" if r.detail else ""
            click.echo(f"{mark} {r.test.file}:{r.test.line} {r.test.package}.{r.test.rule}{detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0
