"""``aimm history``: levels over time from the snapshots scan and aggregate record."""

from __future__ import annotations

import json
from pathlib import Path

import click

from aimm.commands.options import model_path
from aimm.core.errors import UsageError
from aimm.core.model import DEFAULT_MODEL
from aimm.core.text import terminal
from aimm.org.history import DEFAULT_FILE, format_series, open_existing


@click.command("history")
@click.option(
    "--history",
    "location",
    metavar="DB",
    default=str(DEFAULT_FILE),
    show_default=True,
    help="The history database: a SQLite file path or a SQLAlchemy URL.",
)
@click.option("--system", metavar="NAME", default=None, help="One system's levels over time.")
@click.option(
    "--model",
    "model_id",
    metavar="ID",
    default=DEFAULT_MODEL,
    show_default=True,
    help="The model whose snapshots to show (each model has its own).",
)
@click.option(
    "--model-path",
    "model_paths",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of user models (for --model). Repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def command(
    location: str,
    system: str | None,
    model_id: str,
    model_paths: tuple[Path, ...],
    fmt: str,
) -> int:
    """Print level over time: the organisation's median level per dimension on each
    snapshot date (systems, how many pass their gate), or one system's levels with
    --system NAME (per repository, when several hold a system of that name). Snapshots are
    per model: --model chooses which (default: the default model)."""
    dimensions = model_path(model_paths).load(model_id).dimensions
    with open_existing(location) as store:
        points = (
            store.system_series(system, model_id)
            if system
            else store.org_series(dimensions, model_id)
        )
    if system and not points:
        raise UsageError(f"no snapshot in {location} holds a system named {system!r}")
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in points], indent=2, ensure_ascii=False))
    else:
        click.echo(terminal(format_series(points, dimensions, system)), nl=False)
    return 0
