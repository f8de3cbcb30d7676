"""``aimm controls``: list the control catalog."""

from __future__ import annotations

import json
from pathlib import Path

import click

from aimm.commands.options import config_option, custom_model, policy_option
from aimm.core.errors import UsageError
from aimm.core.text import one_line


@click.command("controls")
@click.option(
    "--dimension", "-d", default=None, help="Only this dimension or family (e.g. cost, ownership)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@policy_option
@config_option
def command(
    dimension: str | None, fmt: str, policy_dirs: tuple[Path, ...], config_file: Path | None
) -> int:
    """List the controls of the maturity model, in grid order (with --policy or --config,
    the custom controls too)."""
    model = custom_model(policy_dirs, config_file)
    if dimension is not None and dimension not in model.families:
        raise UsageError(f"unknown dimension {dimension!r}; one of: {', '.join(model.families)}")
    chosen = [c for c in model.controls if dimension is None or c.dimension == dimension]
    if fmt == "json":
        click.echo(
            json.dumps(
                {"model": model.id, "controls": [c.as_dict() for c in chosen]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for control in chosen:
        level = f"L{control.level}" if control.level else "--"
        click.echo(
            one_line(
                f"{control.id:<8} {control.dimension:<10} {level:<3} {control.effort:<2} "
                f"{control.title}"
            )
        )
    return 0
