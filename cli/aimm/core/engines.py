"""Which policy engine evaluates a run, and what every engine offers.

Two embedded engines give the same results (``tests/core/test_differential.py`` proves it
against OPA itself):

- :class:`aimm.core.wasm.WasmEngine`: the built-in policies compiled to WebAssembly by OPA,
  about 1-2 ms per manifest; it holds only the built-in Rego;
- :class:`aimm.core.engine.Engine`: regopy (rego-cpp), which compiles any Rego at run time,
  so it evaluates custom policy folders and models from a model path; ~50x slower.

:func:`make_engine` picks the Wasm engine when the run needs only built-in Rego (built-in
models, with or without profiles; no custom policy folders; no model from a model path) and
the shipped module is current, regopy otherwise. ``AIMM_ENGINE=regopy`` forces regopy,
``AIMM_ENGINE=wasm`` insists on Wasm (a usage error says why it cannot be used). A server
engine (OPA over HTTP) implements the same :class:`PolicyEngine` protocol.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from aimm.core.errors import UsageError
from aimm.core.model import Model

ENGINE_ENV = "AIMM_ENGINE"
CHOICES = ("auto", "wasm", "regopy")


class PolicyEngine(Protocol):
    """What the pipeline, the scan cache and the audit use of an engine."""

    # Model id -> model, the primary model first.
    models: dict[str, Model]
    # Identifies the compiled policies and data: equal digests give equal results.
    digest: str
    # Further rules query() answers (the audit's matrix, disabled_problems).
    extra_entrypoints: list[str]

    @property
    def model(self) -> Model:
        """The primary model."""
        ...

    def outcomes(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Every control outcome of one model for an input document."""
        ...

    def assemble(
        self, document: dict[str, Any], outcomes: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The raw result (``data.aimm.core.report.assembled``) from the outcomes."""
        ...

    def evaluate(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """outcomes() then assemble()."""
        ...

    def query(self, point: str, document: dict[str, Any], model_id: str | None = None) -> Any:
        """One of the extra entrypoints; None when undefined."""
        ...

    def report_extras(
        self, document: dict[str, Any], report: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The model's report rules (model.yaml ``report``) by name; None when undefined."""
        ...


def chosen() -> str:
    """The engine ``AIMM_ENGINE`` asks for (``auto`` when unset)."""
    value = os.environ.get(ENGINE_ENV, "").strip().lower() or "auto"
    if value not in CHOICES:
        raise UsageError(f"{ENGINE_ENV}={value!r}: expected one of {', '.join(CHOICES)}")
    return value


def make_engine(
    models: Sequence[Model],
    folders: Sequence[Path] = (),
    *,
    entrypoints: Sequence[str] = (),
    known_controls: Iterable[str] = (),
) -> PolicyEngine:
    """The engine for ``models`` (the first is the primary one) with custom policy
    ``folders``, answering ``entrypoints`` besides the report (see the module's doc)."""
    from aimm.core import wasm

    choice = chosen()
    if choice != "regopy":
        reason = None
        if not wasm.builtin_only(models, folders):
            reason = "the run uses custom policy folders or a model from a model path"
        elif wasm.shipped() is None:
            reason = str(wasm.staleness())
        if reason is None:
            return wasm.WasmEngine(models, entrypoints=entrypoints, known_controls=known_controls)
        if choice == "wasm":
            raise UsageError(f"{ENGINE_ENV}=wasm: the WebAssembly engine cannot be used: {reason}")
    from aimm.core.engine import Engine

    return Engine(models, folders, entrypoints=entrypoints, known_controls=known_controls)
