"""The fast embedded engine: the built-in policies compiled to WebAssembly by OPA.

``policies/aimm.wasm`` is built by OPA (``aimm policy wasm``) from every built-in ``.rego``
file and shipped in the wheel; ``policies/aimm.wasm.json`` records the OPA version, the
entrypoints, the module's SHA-256 and a digest of the ``.rego`` sources it was built from.
The data (the models and their catalogs, profiles included) is not compiled in: each engine
sets its own, so every built-in model and profile runs on the one module. Custom policy
folders and models from a model path are Rego the module does not hold: they run on regopy
(:func:`aimm.core.engines.make_engine` chooses).

The evaluation is OPA's own semantics, in process (wasmtime), about 1-2 ms per manifest. Two
things differ from regopy and are handled here:

- a built-in error inside Wasm makes the expression undefined instead of failing the query.
  Every built-in control is a total function (it always returns an outcome), so a control
  without a boolean outcome can only come from such an error: it fails the run (exit 3,
  naming the entrypoint), as regopy's strict built-in errors do. The built-ins the host
  serves (``sprintf``, ``time.parse_ns``) raise, with the same effect;
- machine code: compiling the module takes most of a second, so it is cached under
  ``cache_dir("wasm")`` (keyed by the module's SHA-256 and the wasmtime version).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aimm.core.engines import verdicts
from aimm.core.errors import EngineError
from aimm.core.files import cache_dir
from aimm.core.model import Model, load_model, models_data
from aimm.core.resources import policies_dir

MODULE_NAME = "aimm.wasm"
RECORD_NAME = "aimm.wasm.json"
OPA_VERSION = "1.22.4"
COLLECTED_ENTRYPOINT = "aimm/core/report/collected"
ASSEMBLY_ENTRYPOINT = "aimm/core/report/assembled"
RESULT_ENTRYPOINT = "aimm/core/report/result"
EVALUATION_ENTRYPOINT = "aimm/core/report/evaluation"
# Every rule the pipeline, the audit and the differential query (``opa build -e``).
ENTRYPOINTS = (
    EVALUATION_ENTRYPOINT,
    COLLECTED_ENTRYPOINT,
    ASSEMBLY_ENTRYPOINT,
    RESULT_ENTRYPOINT,
    "aimm/core/frameworks/matrix",
    "aimm/core/report/disabled_problems",
)


@cache
def module_entrypoints() -> tuple[str, ...]:
    """Every entrypoint the shipped module is built with: :data:`ENTRYPOINTS`, then each
    built-in model's report rules (findings, checklists, next steps: evaluated after the
    report, with it as ``input.report``), sorted. Named one by one: a rule reaching them
    through the model's data (``data.aimm.models[m][pkg][rule]``) compiles, under OPA
    1.22.4, to a module wasmtime rejects."""
    from aimm.core.model import ModelPath

    models = ModelPath(use_env=False)
    rules = {e for i in models.ids() for e in models.load(i).report_entrypoints.values()}
    return (*ENTRYPOINTS, *sorted(rules))


def rego_sources(folder: Path) -> list[Path]:
    """The policy files a module is built from: every ``.rego`` below ``folder`` but tests."""
    return sorted(
        p for p in folder.rglob("*.rego") if p.is_file() and not p.name.endswith("_test.rego")
    )


def sources_digest(folder: Path | None = None) -> str:
    """SHA-256 over the relative path and bytes of every policy file (:func:`rego_sources`)."""
    root = folder or policies_dir()
    digest = hashlib.sha256()
    for path in rego_sources(root):
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Shipped:
    """The module shipped with aimm and what it was built from."""

    wasm: bytes
    sha256: str
    sources: str
    opa: str
    entrypoints: tuple[str, ...]


def read_record(folder: Path | None = None) -> dict[str, Any] | None:
    """The build record beside the module, None when it is missing or unreadable."""
    try:
        record = json.loads(((folder or policies_dir()) / RECORD_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def staleness(folder: Path | None = None) -> str | None:
    """Why the shipped module cannot stand for the policies beside it (None: it can).

    Deciding it reads and hashes every policy and loads every built-in model (about 20 ms, a
    tenth of ``aimm check`` on one manifest), so the verdict is remembered under a
    fingerprint of the files it reads (:func:`aimm.core.resources.remembered`)."""
    from aimm import __version__
    from aimm.core.resources import controls_dir, remembered

    root = folder or policies_dir()
    # The entrypoints are Python constants, outside the fingerprinted files.
    kind = f"wasm-staleness:{__version__}:{','.join(ENTRYPOINTS)}"
    reason = remembered(kind, (root, controls_dir()), lambda: _staleness(root))
    return None if reason is None else str(reason)


def _staleness(root: Path) -> str | None:
    record = read_record(root)
    if record is None:
        return f"{root / RECORD_NAME} is missing or unreadable"
    try:
        wasm = (root / MODULE_NAME).read_bytes()
    except OSError:
        return f"{root / MODULE_NAME} is missing"
    if hashlib.sha256(wasm).hexdigest() != record.get("sha256"):
        return f"{root / MODULE_NAME} is not the module {RECORD_NAME} records"
    if record.get("sources") != sources_digest(root):
        return "the .rego policies changed since the module was built (run: aimm policy wasm)"
    if tuple(record.get("entrypoints", ())) != module_entrypoints():
        return "the module was built with other entrypoints (run: aimm policy wasm)"
    return None


@cache
def shipped() -> Shipped | None:
    """The shipped module when it is present and current, else None (regopy is used)."""
    if staleness() is not None:
        return None
    record = read_record()
    wasm = (policies_dir() / MODULE_NAME).read_bytes()
    assert record is not None  # staleness() read it
    return Shipped(
        wasm=wasm,
        sha256=str(record["sha256"]),
        sources=str(record["sources"]),
        opa=str(record.get("opa", "")),
        entrypoints=tuple(record["entrypoints"]),
    )


def is_builtin(model: Model) -> bool:
    """The model's Rego is built in (so compiled into the module), not from a model path."""
    models = (policies_dir() / "models").resolve()
    return all(Path(d).resolve().parent == models for d in model.policy_dirs)


@cache
def _policy_module() -> Any:
    """The compiled module (machine code cached on disk), once per process."""
    from aimm.core import opawasm

    module = shipped()
    if module is None:
        raise EngineError(f"the WebAssembly policy module cannot be used: {staleness()}")
    try:
        return opawasm.load_module(module.wasm, cache_dir("wasm"))
    except opawasm.WasmError as exc:
        raise EngineError(f"the WebAssembly policy module cannot be loaded: {exc}") from exc


def precompile() -> None:
    """Cache the shipped module's machine code before worker processes start (see
    :func:`aimm.core.opawasm.precompile`); nothing when the module is stale or there is no
    cache folder."""
    from aimm.core import opawasm

    module, folder = shipped(), cache_dir("wasm")
    if module is not None and folder is not None:
        opawasm.precompile(module.wasm, folder)


class WasmEngine:
    """The built-in policies for one or more built-in models, evaluated in WebAssembly.

    Same interface as :class:`aimm.core.engine.Engine` (regopy) and the same results; the
    first model is the primary one.
    """

    def __init__(
        self,
        models: Model | Sequence[Model] | None = None,
        *,
        entrypoints: Sequence[str] = (),
        known_controls: Iterable[str] = (),
    ) -> None:
        from aimm.core import opawasm

        if models is None:
            models = [load_model()]
        elif isinstance(models, Model):
            models = [models]
        self.models: dict[str, Model] = {m.id: m for m in models}
        outside = [m.id for m in self.models.values() if not is_builtin(m)]
        if outside:
            raise EngineError(
                f"model {outside[0]} has policies outside aimm; the WebAssembly engine holds "
                "only the built-in ones"
            )
        unknown = [e for e in entrypoints if e not in ENTRYPOINTS]
        if unknown:
            raise EngineError(f"{unknown[0]} is not an entrypoint of the WebAssembly module")
        # disabled_problems: every engine answers it (the org config's disabled controls).
        self.extra_entrypoints = list(
            dict.fromkeys(["aimm/core/report/disabled_problems", *entrypoints])
        )
        module = shipped()
        data = json.dumps(
            models_data(self.models.values(), known_controls), sort_keys=True
        ).encode()
        digest = hashlib.sha256(f"opa-wasm {module.sha256 if module else ''}\n".encode())
        digest.update("\n".join(self.extra_entrypoints).encode())
        digest.update(data)
        self.digest = digest.hexdigest()
        try:
            self._policy = opawasm.WasmPolicy(_policy_module())
            self._policy.set_data(data)
        except opawasm.WasmError as exc:
            raise EngineError(f"the WebAssembly policy module cannot be used: {exc}") from exc

    @property
    def model(self) -> Model:
        """The primary model (the first this engine was built for)."""
        return next(iter(self.models.values()))

    def _model(self, model_id: str | None) -> Model:
        if model_id is None:
            return self.model
        try:
            return self.models[model_id]
        except KeyError:
            raise EngineError(f"the policy engine was not built for model {model_id!r}") from None

    def _evaluate(self, point: str, document: dict[str, Any] | bytes) -> Any:
        from aimm.core.opawasm import WasmError

        try:
            raw = document if isinstance(document, bytes) else _json(document)
            return self._policy.evaluate(point, raw)
        except WasmError as exc:
            raise EngineError(f"policy evaluation failed in {point}: {exc}") from exc

    def outcomes(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Every control outcome for one model (``data.aimm.core.report.evaluation``).

        A built-in control always has an outcome with a boolean ``pass``; one without can
        only be a built-in error that Wasm turned into undefined, so it fails the run."""
        return self.outcomes_and_report(document, model_id)[0]

    def outcomes_and_report(
        self, document: dict[str, Any], model_id: str | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The outcomes and the report, from one query: ``evaluation`` holds both (the
        report assembled from the verdicts, as :meth:`assemble` would)."""
        model = self._model(model_id)
        both = self._evaluate(EVALUATION_ENTRYPOINT, {**document, "model": model.rego_key})
        both = both if isinstance(both, dict) else {}
        results = both.get("outcomes")
        if not isinstance(results, dict):
            results = {}
        for control in model.controls:
            outcome = results.get(control.id)
            if not isinstance(outcome, dict) or not isinstance(outcome.get("pass"), bool):
                raise EngineError(
                    f"policy evaluation failed in {EVALUATION_ENTRYPOINT}: control {control.id} "
                    "has no outcome (a built-in error in its rule; fails closed)"
                )
        unknown = sorted(results.keys() - model.by_id.keys())
        if unknown:
            raise EngineError(
                f"policy evaluation failed in {EVALUATION_ENTRYPOINT}: the policies publish "
                f"{', '.join(unknown)}, which the catalog does not have"
            )
        report = both.get("report")
        if not isinstance(report, dict):
            report = self.assemble(document, verdicts(results), model_id)
        return results, report

    def assemble(
        self, document: dict[str, Any], outcomes: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The report for a document from outcomes already collected by outcomes()."""
        model = self._model(model_id)
        report = self._evaluate(
            ASSEMBLY_ENTRYPOINT, {**document, "model": model.rego_key, "results": outcomes}
        )
        if not isinstance(report, dict):
            raise EngineError(
                f"policy evaluation failed in {ASSEMBLY_ENTRYPOINT}: the report is undefined "
                "(a built-in error; fails closed)"
            )
        return report

    def evaluate(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Evaluate one facts document for one model (default: the primary one)."""
        return self.outcomes_and_report(document, model_id)[1]

    def report_extras(
        self, document: dict[str, Any], report: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The model's report rules (model.yaml ``report``) evaluated on the facts and the
        assembled report (``input.report``), by name; a rule that is undefined is None."""
        model = self._model(model_id)
        rules = model.report_entrypoints
        if not rules:
            return {}
        missing = [p for p in rules.values() if p not in module_entrypoints()]
        if missing:
            raise EngineError(f"{missing[0]} is not an entrypoint of the WebAssembly module")
        raw = _json({**document, "model": model.rego_key, "report": report})
        return {name: self._evaluate(point, raw) for name, point in rules.items()}

    def query(self, point: str, document: dict[str, Any], model_id: str | None = None) -> Any:
        """Evaluate one of the extra entrypoints on a document; None when it is undefined."""
        if point not in self.extra_entrypoints:
            raise EngineError(f"{point} is not an entrypoint of this policy bundle")
        return self._evaluate(point, {**document, "model": self._model(model_id).rego_key})

    def result(self, document: dict[str, Any], model_id: str | None = None) -> Any:
        """``data.aimm.core.report.result``, the single-query form an OPA server answers."""
        return self._evaluate(
            RESULT_ENTRYPOINT, {**document, "model": self._model(model_id).rego_key}
        )


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def builtin_only(models: Iterable[Model], folders: Sequence[Path]) -> bool:
    """The run needs no Rego but the built-in policies: no custom policy folders and no
    model from a model path."""
    return not folders and all(is_builtin(m) for m in models)
