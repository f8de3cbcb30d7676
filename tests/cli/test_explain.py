"""``aimm explain``: a control's catalog entry."""

from __future__ import annotations

import re

from tests.support import Cli

ANSI = re.compile(r"\x1b\[")


def test_explain(cli: Cli) -> None:
    """explain shows the catalog entry; an unknown id is a usage error with a hint."""
    code, out, _ = cli("explain", "vis-3.3")
    assert code == 0
    assert out.startswith("VIS-3.3: ")
    assert "remediation:" in out
    code, _, err = cli("explain", "VIS-3.9")
    assert code == 2
    assert "did you mean" in err
