"""``aimm init``: a starter manifest that validates and passes."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import TODAY_ARGS, Cli

ANSI = re.compile(r"\x1b\[")


def test_init_writes_a_valid_manifest_and_refuses_to_overwrite(in_tmp: Path, cli: Cli) -> None:
    """init writes a starter that validates, and will not overwrite without --force."""
    code, _, _ = cli("init", "--name", "my-bot", "--owner", "me@example.com")
    assert code == 0
    assert cli("validate", "aimm.yaml")[0] == 0
    assert cli("check", *TODAY_ARGS)[0] == 0
    before = Path("aimm.yaml").read_text()
    code, _, err = cli("init", "--name", "other")
    assert code == 2
    assert "already exists" in err
    assert Path("aimm.yaml").read_text() == before
    assert cli("init", "--name", "other", "--force")[0] == 0
    assert "name: other" in Path("aimm.yaml").read_text()
    assert cli("init", "--name", "Not A Slug", "--force")[0] == 2
