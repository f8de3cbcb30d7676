"""``aimm explain``: everything the catalog says about one control."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.commands.options import (
    config_option,
    custom_folders,
    model_options,
    model_path,
    policy_option,
)
from aimm.core.catalog import catalog_models, explain, find_control, tiers_text
from aimm.core.text import terminal


@click.command("explain")
@click.argument("control_id")
@policy_option
@config_option
@model_options
def command(
    control_id: str,
    policy_dirs: tuple[Path, ...],
    config_file: Path | None,
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
) -> int:
    """Explain a control: what it checks, why, how to fix it, what evidence counts.

    Looks CONTROL_ID up in every installed model (or the --model ones) and the framework
    profiles; with --policy or --config, custom controls are explained too. `aimm explain
    tier` shows how the risk tier is computed and the floors each tier must reach."""
    if control_id.lower() in ("tier", "tiers", "floors"):
        installed = model_path(model_paths)
        click.echo(terminal(tiers_text(installed.load(models[0] if models else "default"))))
        return 0
    chosen = catalog_models(
        model_path(model_paths), models, custom_folders(policy_dirs, config_file)
    )
    click.echo(terminal(explain(*find_control(chosen, control_id))))
    return 0
