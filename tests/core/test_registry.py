"""The format registry shared by the check, org and audit reporters."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from aimm.core.registry import Registry

Render = Callable[[str], str]


def test_builtin_formats_are_imported_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """get() imports the built-in module that registers a format, once, when first asked."""
    monkeypatch.delitem(sys.modules, "aimm.check.formats.json_report", raising=False)
    from aimm.check import formats as reporters

    formats = reporters._FORMATS
    monkeypatch.setattr(formats, "_registered", {})
    assert "aimm.check.formats.json_report" not in sys.modules
    render = formats.get("json")
    assert "aimm.check.formats.json_report" in sys.modules
    assert formats.get("json") is render


def test_register_lists_new_formats_after_the_builtins() -> None:
    """Built-ins come first in --help order, then formats registered by other code; a name
    neither built in nor registered is a KeyError."""
    formats: Registry[Render] = Registry({"text": "aimm.check.formats.text"})

    @formats.register("shout")
    def shout(value: str) -> str:
        return value.upper()

    assert formats.names() == ["text", "shout"]
    assert formats.get("shout")("x") == "X"
    with pytest.raises(KeyError):
        formats.get("missing")
