"""``aimm audit --framework all`` audits every shipped profile, in name order."""

from __future__ import annotations

from pathlib import Path

from aimm.core import frameworks
from tests.support import Cli

SYSTEM = Path(__file__).resolve().parents[2] / "examples" / "regulated" / "it-ticket-router"


def test_all_is_every_profile_in_name_order() -> None:
    assert list(frameworks.resolve(["all"])) == frameworks.available()
    assert frameworks.resolve(["nist-ai-rmf", "all"])[0] == "nist-ai-rmf"


def test_the_cli_audits_every_profile(cli: Cli) -> None:
    _, out, err = cli("audit", "--framework", "all", str(SYSTEM), "--today", "2026-11-21")
    assert out.startswith(
        "aimm audit: Colorado SB 26-189, EU AI Act, ISO/IEC 42001, NIST AI 600-1, NIST AI RMF, "
        "NYC Local Law 144 on 2026-11-21\n"
    ), err
