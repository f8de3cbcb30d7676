"""``aimm explain``: everything the catalog says about one control."""

from __future__ import annotations

import click

from aimm.catalog import load_model
from aimm.errors import UsageError


@click.command("explain")
@click.argument("control_id")
def command(control_id: str) -> int:
    """Explain a control: what it checks, why, how to fix it, what evidence counts."""
    model = load_model()
    control = model.control(control_id)
    if control is None:
        import difflib

        close = difflib.get_close_matches(control_id.upper(), list(model.by_id), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"unknown control {control_id!r}{hint}; `aimm controls` lists them")
    where = f"{control.dimension}, level {control.level}" if control.level else control.dimension
    if control.level:
        where += f" ({model.level_name(control.level)})"
    lines = [
        f"{control.id}: {control.title}",
        f"  dimension:   {where}",
        f"  checks:      {control.check}",
        f"  why:         {control.why}",
        f"  remediation: {control.remediation}",
        f"  evidence:    {control.evidence}",
        f"  effort:      {control.effort}",
        f"  facts:       {', '.join(control.facts)}",
    ]
    if control.frameworks:
        refs = ", ".join(f"{f['framework']} {f['ref']}" for f in control.frameworks)
        lines.append(f"  frameworks:  {refs}")
    click.echo("\n".join(lines))
    return 0
