"""The check formats in their registry, and `aimm check --format F -o FILE` writing exactly
what the format renders, deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimm.check import formats as reporters
from aimm.core.result import Report
from tests.check.formats.samples import SYSTEMS
from tests.support import ROOT, TODAY_ARGS, Cli

FORMATS = ("sarif", "junit", "github", "markdown")

# ---- registry and CLI -------------------------------------------------------------------------


def test_formats_are_registered_after_json() -> None:
    """The four formats follow text and json in --format, and each resolves to a renderer."""
    assert reporters.names()[:6] == ["text", "json", *FORMATS]
    for name in FORMATS:
        assert callable(reporters.get(name))


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_the_reporter_output(
    fmt: str, systems_report: Report, tmp_path: Path, cli: Cli
) -> None:
    """``aimm check --format F -o FILE`` writes exactly what the reporter renders."""
    out = tmp_path / f"report.{fmt}"
    code, stdout, _ = cli("check", *SYSTEMS, "--format", fmt, *TODAY_ARGS, "-o", out, cwd=ROOT)
    assert (code, stdout) == (1, "")
    expected = reporters.get(fmt)(systems_report, color=False)
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["examples", "broken"])
def test_rendering_is_deterministic(fmt: str, name: str, all_reports: dict[str, Report]) -> None:
    """The same report renders to identical text every time, in every format."""
    render = reporters.get(fmt)
    first = render(all_reports[name], color=False)
    assert first == render(all_reports[name], color=False)
    assert first.endswith("\n")
