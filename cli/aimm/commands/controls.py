"""``aimm controls``: list a model's control catalog."""

from __future__ import annotations

import json
from pathlib import Path

import click

from aimm.commands.options import (
    config_option,
    custom_folders,
    model_path,
    model_path_option,
    policy_option,
)
from aimm.core.catalog import catalog_models, controls_markdown, controls_table
from aimm.core.errors import UsageError
from aimm.core.text import terminal


@click.command("controls")
@click.option(
    "--dimension", "-d", default=None, help="Only this dimension or family (e.g. cost, ownership)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: the model's reference page (docs/models/<id>.md).",
)
@click.option("--model", "model_id", default="default", show_default=True, metavar="ID")
@model_path_option
@policy_option
@config_option
def command(
    dimension: str | None,
    fmt: str,
    model_id: str,
    model_paths: tuple[Path, ...],
    policy_dirs: tuple[Path, ...],
    config_file: Path | None,
) -> int:
    """List the controls of a maturity model, in grid order (with --policy or --config,
    the custom controls too)."""
    (model,) = catalog_models(
        model_path(model_paths), (model_id,), custom_folders(policy_dirs, config_file)
    )
    if dimension is not None and dimension not in model.families:
        raise UsageError(f"unknown dimension {dimension!r}; one of: {', '.join(model.families)}")
    chosen = [c for c in model.controls if dimension is None or c.dimension == dimension]
    if fmt == "json":
        document = {"model": model.id, "controls": [c.as_dict() for c in chosen]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(terminal(controls_markdown(model)), nl=False)
    else:
        click.echo(terminal(controls_table(model, chosen)))
    return 0
