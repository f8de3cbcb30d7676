"""``aimm validate``: schema only, located one-line errors with hints."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import Cli

ANSI = re.compile(r"\x1b\[")


def test_validate(system: Path, tmp_path: Path, cli: Cli) -> None:
    """validate: 0 for a valid manifest, 2 and a located line for an invalid one."""
    assert cli("validate", str(system))[0] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (system / "aimm.yaml").read_text().replace("dashboards: central", "dashboard: central", 1)
    )
    code, _, err = cli("validate", str(bad))
    assert code == 2
    assert re.search(r"bad\.yaml:\d+: .*dashboard.*did you mean 'dashboards'", err)
