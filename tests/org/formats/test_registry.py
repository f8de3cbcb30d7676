"""The org reporter registry: built-in formats, lazy import, plug-ins, file names."""

from __future__ import annotations

import pytest

from aimm.org import formats as orgreporters
from aimm.org.report import OrgReport


def test_builtin_formats_in_help_order() -> None:
    """markdown (the default) first, then html, json, csv."""
    assert orgreporters.names()[:4] == ["markdown", "html", "json", "csv"]


def test_every_builtin_renders_text() -> None:
    """Each built-in format resolves to a callable registered under its name."""
    for name in ("markdown", "html", "json", "csv"):
        assert callable(orgreporters.get(name))


def test_register_adds_a_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plug-in registered under a new name is listed and used."""
    formats = orgreporters._FORMATS
    monkeypatch.setattr(formats, "_registered", dict(formats._registered))

    @orgreporters.register("systems-count")
    def render(report: OrgReport) -> str:
        return f"{report.headline.systems}\n"

    assert "systems-count" in orgreporters.names()
    assert orgreporters.get("systems-count") is render
    assert orgreporters.file_name("systems-count") == "aimm-org.systems-count"


def test_output_dir_file_names() -> None:
    """--output-dir writes aimm-org.<ext> per format."""
    assert [orgreporters.file_name(n) for n in ("markdown", "html", "json", "csv")] == [
        "aimm-org.md",
        "aimm-org.html",
        "aimm-org.json",
        "aimm-org.csv",
    ]
