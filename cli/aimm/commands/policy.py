"""``aimm policy``: work with the Rego policies themselves (``test``, ``bundle``)."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.commands.options import config_option, custom_folders
from aimm.core.errors import UsageError
from aimm.core.model import engine_data, extend_model, load_model
from aimm.core.resources import policies_dir
from aimm.policy.bundle import build_bundle
from aimm.policy.runner import rego_files, run


@click.group("policy")
def command() -> None:
    """Test the built-in and custom Rego policies, or bundle them for an OPA server."""


@command.command("test")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too, not only failures.")
def test(folders: tuple[Path, ...], config_file: Path | None, verbose: bool) -> int:
    """Run the test_* rules of the built-in policies and of FOLDERS on the embedded engine.

    Like `opa test`: every test_* rule in a *_test.rego file must evaluate to true; false,
    undefined or an error fails it. Custom folders are tested with their catalog entries in
    data.catalog. Exit code 0 when all pass, 1 otherwise, 3 when a policy does not compile.
    """
    custom = custom_folders(folders, config_file)
    data = engine_data(extend_model(load_model(), custom))  # catalog errors first (exit 3)
    for folder in custom:
        if not rego_files([folder]):
            raise UsageError(f"policy folder {folder} holds no .rego policy")
    builtin = rego_files([policies_dir()])
    # The built-in tests run on the built-in catalog (they pin the catalog order); custom
    # tests run with the built-in modules and the catalog their folders extend.
    results = run(builtin, engine_data())
    if custom:
        custom_files = rego_files(custom)
        results += run([*builtin, *custom_files], data, tests_in=custom_files)
    failed = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            mark = "PASS" if r.passed else "FAIL"
            detail = f"  {r.detail}" if r.detail else ""
            click.echo(f"{mark} {r.test.file}:{r.test.line} {r.test.package}.{r.test.rule}{detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0


@command.command("bundle")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The bundle file to write (atomically), e.g. bundle.tar.gz.",
)
def bundle(folders: tuple[Path, ...], config_file: Path | None, output: Path) -> int:
    """Write an OPA bundle of the built-in policies plus custom FOLDERS, with the model and
    catalog as data, for a central OPA server (query data.aimm.report.result).

    The bundle is byte-identical for identical inputs; its revision is a digest of its content.
    """
    custom = custom_folders(folders, config_file)
    summary = build_bundle(output, model=extend_model(load_model(), custom), policy_dirs=custom)
    click.echo(
        f"wrote {summary.path}: {len(summary.modules)} modules, roots {', '.join(summary.roots)}, "
        f"revision {summary.revision[:12]}, {summary.size} bytes"
    )
    return 0
