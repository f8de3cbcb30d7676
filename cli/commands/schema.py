"""``aimm schema``: print the manifest JSON Schema (for editors and other validators)."""

from __future__ import annotations

import click

from aimm.resources import schema_path


@click.command("schema")
def command() -> int:
    """Print the aimm.yaml JSON Schema (draft 2020-12).

    Point your editor at it with a first line in aimm.yaml such as:
    # yaml-language-server: $schema=https://aimm.dev/schemas/manifest-v1.json
    """
    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)
    return 0
