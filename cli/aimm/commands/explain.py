"""``aimm explain``: everything the catalog says about one control."""

from __future__ import annotations

from pathlib import Path

import click

from aimm.commands.options import config_option, custom_model, policy_option
from aimm.core.errors import UsageError
from aimm.core.text import terminal


@click.command("explain")
@click.argument("control_id")
@policy_option
@config_option
def command(control_id: str, policy_dirs: tuple[Path, ...], config_file: Path | None) -> int:
    """Explain a control: what it checks, why, how to fix it, what evidence counts.

    With --policy or --config, custom controls are explained too."""
    model = custom_model(policy_dirs, config_file)
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
    click.echo(terminal("\n".join(lines)))
    return 0
