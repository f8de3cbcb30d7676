"""``aimm policy``: work with the Rego policies themselves (``test``, ``bundle``, ``wasm``)."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.commands.options import config_option, custom_folders, model_options, model_path
from aimm.core.errors import UsageError
from aimm.core.frameworks import requested
from aimm.core.model import DEFAULT_MODEL, Model, extend_model, models_data
from aimm.core.orgconfig import load_config
from aimm.core.resources import policies_dir
from aimm.core.text import one_line
from aimm.org.orgscope import org_scope_dirs
from aimm.policy.bundle import build_bundle
from aimm.policy.runner import rego_files, run


@click.group("policy")
def command() -> None:
    """Test the built-in and custom Rego policies, bundle them for an OPA server, or rebuild
    the WebAssembly module of the built-in ones."""


@command.command("test")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too, not only failures.")
@click.option(
    "--custom-only",
    is_flag=True,
    help="Run only the tests in FOLDERS (and the config's policy folders), still compiled "
    "with the built-in policies; skip the built-in policies' own tests.",
)
@model_options
def test(
    folders: tuple[Path, ...],
    config_file: Path | None,
    verbose: bool,
    custom_only: bool,
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
) -> int:
    """Run the test_* rules of the built-in policies and of FOLDERS on the embedded engine.

    Like `opa test`: every test_* rule in a *_test.rego file must evaluate to true; false,
    undefined or an error fails it. The core's and the framework profiles' tests run with
    those of every installed model, or of the --model ones. Custom folders are tested with
    their catalog entries in the default model's catalog, first, so a custom policy that does
    not compile stops the run at once. Exit code 0 when all pass, 1 otherwise, 3 when a
    policy does not compile.
    """
    chosen = _models(models, model_paths)
    custom = custom_folders(folders, config_file)
    defaults = [m for m in chosen if m.id == DEFAULT_MODEL]
    extended = [extend_model(m, custom) for m in defaults]  # catalog errors first (exit 3)
    for folder in custom:
        if not rego_files([folder]):
            raise UsageError(f"policy folder {folder} holds no .rego policy")
    builtin = rego_files(
        [policies_dir() / "core", policies_dir() / "frameworks"]
        + [d for m in chosen for d in m.policy_dirs]
    )
    if custom_only and not custom:
        raise UsageError("--custom-only needs policy folders (arguments or the config's)")
    # The built-in tests run on the built-in catalogs (they pin the catalog order); custom
    # tests run with the built-in modules and the catalog their folders extend. Custom ones
    # first: a folder that does not compile fails before minutes of built-in tests.
    known = model_path(model_paths).control_ids()
    custom_results = []
    if custom:
        custom_files = rego_files(custom)
        others = [m for m in chosen if m.id != DEFAULT_MODEL]
        custom_results = run(
            [*builtin, *custom_files],
            models_data([*extended, *others], known),
            tests_in=custom_files,
        )
    results = [] if custom_only else run(builtin, models_data(chosen, known))
    if not custom_only:
        # Org-scope packages compile with core/lib alone, as aimm.org.orgscope runs them.
        for folder in org_scope_dirs(chosen):
            lib = rego_files([policies_dir() / "core" / "lib"])
            results += run([*lib, *rego_files([folder])], tests_in=rego_files([folder]))
    results += custom_results
    failed = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            mark = "PASS" if r.passed else "FAIL"
            detail = f"  {r.detail}" if r.detail else ""
            click.echo(
                one_line(
                    f"{mark} {r.test.file}:{r.test.line} {r.test.package}.{r.test.rule}{detail}"
                )
            )
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
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="Build the default model with this framework profile's controls, as aimm check "
    "--profile does (the org config's profiles are added). Repeatable.",
)
@model_options
def bundle(
    folders: tuple[Path, ...],
    config_file: Path | None,
    output: Path,
    profiles: tuple[str, ...],
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
) -> int:
    """Write an OPA bundle of the core policies, the models (default: the default model) and
    custom FOLDERS, with the models and catalogs as data, for a central OPA server: query
    data.aimm.core.report.result with input.model naming the model.

    The bundle is byte-identical for identical inputs; its revision names the aimm version
    and a digest of the content, which aimm check --engine opa compares before its first
    query. With --config, the org config's policy folders, models and profiles are taken.
    """
    custom = custom_folders(folders, config_file)
    config = load_config(config_file) if config_file else None
    ids = models or (config.models if config else ())
    chosen = [model_path(model_paths).load(m) for m in ids]
    wanted = [*profiles, *(config.effective.get("profiles", []) if config else [])]
    # As the pipeline reads them: validated, each once, sorted.
    chosen_profiles = sorted(requested({"profiles": wanted}))
    summary = build_bundle(output, models=chosen, policy_dirs=custom, profiles=chosen_profiles)
    click.echo(
        f"wrote {summary.path}: {len(summary.modules)} modules, roots {', '.join(summary.roots)}, "
        f"revision {summary.revision}, {summary.size} bytes"
    )
    return 0


@command.command("wasm")
@click.option(
    "--check",
    is_flag=True,
    help="Build and compare with the shipped module; exit 1 when it is stale.",
)
@click.option("--opa", "opa", default=None, help="The opa binary (default: opa on PATH).")
def wasm(check: bool, opa: str | None) -> int:
    """Rebuild the WebAssembly module of the built-in policies (policies/aimm.wasm and its
    record aimm.wasm.json) with OPA, after any change to a built-in .rego file.

    Needs OPA at the pinned version on PATH (see the README). aimm evaluates the built-in
    policies with this module when it is current, and with regopy otherwise.
    """
    from aimm.policy.wasm import build_module, differences, find_opa, write_module

    build = build_module(find_opa(opa))
    if check:
        problems = differences(build)
        for problem in problems:
            click.echo(problem)
        if problems:
            click.echo("the WebAssembly module is stale: run aimm policy wasm")
            return 1
        click.echo(f"the WebAssembly module is current ({build.record['sha256']})")
        return 0
    path = write_module(build)
    click.echo(f"wrote {path}: {len(build.wasm)} bytes, sha256 {build.record['sha256']}")
    return 0


def _models(ids: tuple[str, ...], paths: tuple[Path, ...]) -> list[Model]:
    """The --model models, else every installed one; the default model always, since the
    core's own tests run against its catalog."""
    installed = model_path(paths)
    chosen = ids or tuple(installed.ids())
    return [installed.load(m) for m in dict.fromkeys([DEFAULT_MODEL, *chosen])]
