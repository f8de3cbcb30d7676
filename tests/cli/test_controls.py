"""``aimm controls``: the catalog as a table or JSON."""

from __future__ import annotations

import json
import re

from tests.support import Cli

ANSI = re.compile(r"\x1b\[")


def test_controls(cli: Cli) -> None:
    """controls lists the catalog; --dimension filters; JSON is parseable."""
    code, out, _ = cli("controls", "--format", "json")
    assert code == 0
    controls = json.loads(out)["controls"]
    assert len(controls) >= 50
    code, out, _ = cli("controls", "--dimension", "cost")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "FAMILY", "LEVEL", "EFFORT", "TITLE"]
    assert rows
    assert {line.split()[1] for line in rows} == {"cost"}
    assert cli("controls", "--dimension", "nope")[0] == 2
