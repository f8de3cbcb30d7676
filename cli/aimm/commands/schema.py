"""``aimm schema``: print a JSON Schema aimm ships (for editors and other validators)."""

from __future__ import annotations

import click

from aimm.core.resources import schema_path

KINDS = ("manifest", "org-config", "baseline")


@click.command("schema")
@click.argument("kind", type=click.Choice(KINDS), default="manifest")
def command(kind: str) -> int:
    """Print the JSON Schema (draft 2020-12) of KIND: manifest (aimm.yaml, the default),
    org-config (aimm-org.yaml) or baseline (--write-baseline files).

    Point your editor at it with a first line in aimm.yaml such as:
    # yaml-language-server: $schema=https://aimm.dev/schemas/manifest-v1.json
    """
    click.echo(schema_path(kind).read_text(encoding="utf-8"), nl=False)
    return 0
