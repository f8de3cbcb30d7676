"""Options shared by the org commands: formats against outputs, history location."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimm.commands.orgoptions import chosen_formats, history_location
from aimm.core.errors import UsageError


def test_formats_default_to_markdown_and_deduplicate() -> None:
    """No --format is Markdown; repeats collapse; several need a folder."""
    assert chosen_formats((), None, None) == ["markdown"]
    assert chosen_formats(("json", "json"), Path("o.json"), None) == ["json"]
    assert chosen_formats(("html", "csv"), None, Path("d")) == ["html", "csv"]
    with pytest.raises(UsageError, match="need --output-dir"):
        chosen_formats(("html", "csv"), None, None)
    with pytest.raises(UsageError, match="either --output or --output-dir"):
        chosen_formats(("html",), Path("o"), Path("d"))


def test_history_location() -> None:
    """--history wins over the default; --no-history means none; both is an error."""
    default = Path("root/.aimm/history.sqlite")
    assert history_location(None, False, default) == str(default)
    assert history_location("postgresql://h/db", False, default) == "postgresql://h/db"
    assert history_location(None, True, default) is None
    with pytest.raises(UsageError, match="not both"):
        history_location("x", True, default)
