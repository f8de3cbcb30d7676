"""``aimm history``: levels over time from the snapshots scan and aggregate record."""

from __future__ import annotations

import json

import click

from aimm.core.errors import AimmError, UsageError
from aimm.core.model import DEFAULT_MODEL, load_model
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
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def command(location: str, system: str | None, fmt: str) -> int:
    """Print level over time: the organisation's median level per dimension on each
    snapshot date (systems, how many pass their gate), or one system's levels with
    --system NAME (per repository, when several hold a system of that name)."""
    with open_existing(location) as store:
        dimensions = _dimensions(store.latest_model())
        points = store.system_series(system) if system else store.org_series(dimensions)
    if system and not points:
        raise UsageError(f"no snapshot in {location} holds a system named {system!r}")
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in points], indent=2, ensure_ascii=False))
    else:
        click.echo(terminal(format_series(points, dimensions, system)), nl=False)
    return 0


def _dimensions(model_id: str | None) -> list[str]:
    """The dimensions of the model the snapshots were taken with (a model this install does
    not have: the default model's)."""
    try:
        return load_model(model_id or DEFAULT_MODEL).dimensions
    except AimmError:
        return load_model().dimensions
