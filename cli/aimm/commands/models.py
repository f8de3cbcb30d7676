"""``aimm models``: the installed maturity models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from aimm.commands.options import model_path, model_path_option
from aimm.core.text import one_line


@click.command("models")
@model_path_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def command(model_paths: tuple[Path, ...], fmt: str) -> int:
    """List the installed maturity models: built in, then from --model-path and
    AIMM_MODEL_PATH. Pick one with --model ID on check, scan, audit, explain and controls."""
    installed = model_path(model_paths)
    rows: list[dict[str, Any]] = []
    for model_id, source in installed.sources().items():
        model = installed.load(model_id)
        rows.append(
            {
                "id": model.id,
                "title": model.title,
                "levels": [{"level": lv, "name": model.level_name(lv)} for lv in model.levels],
                "dimensions": model.dimensions,
                "controls": len(model.controls),
                "source": "built-in" if source.builtin else source.data_dir.as_posix(),
            }
        )
    if fmt == "json":
        click.echo(json.dumps({"models": rows}, indent=2, ensure_ascii=False))
        return 0
    header = ("ID", "LEVELS", "DIMENSIONS", "SOURCE", "TITLE")
    table: list[tuple[str, ...]] = [header]
    for r in rows:
        levels = f"L{r['levels'][0]['level']}-L{r['levels'][-1]['level']}"
        cells = (r["id"], levels, str(len(r["dimensions"])), str(r["source"]), str(r["title"]))
        table.append(tuple(one_line(c) for c in cells))
    widths = [max(len(t[i]) for t in table) for i in range(4)]
    for t in table:
        click.echo("  ".join(c.ljust(w) for c, w in zip(t[:4], widths, strict=True)) + "  " + t[4])
    return 0
