"""``aimm schema``: the manifest's JSON Schema."""

from __future__ import annotations

import json
import re

from tests.support import Cli

ANSI = re.compile(r"\x1b\[")


def test_schema_command(cli: Cli) -> None:
    """schema prints the JSON Schema."""
    code, out, _ = cli("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
