"""A registry of output formats, keyed by format name (check, org and audit reports).

Built-in formats are modules that register themselves when imported; they are imported only
when used, so a run never pays for loading a renderer it does not need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Generic, TypeVar

R = TypeVar("R")


class Registry(Generic[R]):
    """Format name -> renderer, with the modules of the built-in formats."""

    def __init__(self, builtin: dict[str, str]) -> None:
        # Format name -> module that registers it; the order is the order --help shows.
        self._builtin = dict(builtin)
        self._registered: dict[str, R] = {}

    def register(self, name: str) -> Callable[[R], R]:
        """Decorator: make a renderer available as ``--format name``."""

        def decorate(render: R) -> R:
            self._registered[name] = render
            return render

        return decorate

    def get(self, name: str) -> R:
        """The renderer registered under ``name`` (importing a built-in one on first use)."""
        if name not in self._registered and name in self._builtin:
            importlib.import_module(self._builtin[name])
        return self._registered[name]

    def names(self) -> list[str]:
        """Every format name: built-ins first, then any registered by other code."""
        return [*self._builtin, *(n for n in self._registered if n not in self._builtin)]
