"""The engines agree: regopy (rego-cpp), the WebAssembly module and OPA itself give the same
raw result for every example, every test manifest, edge cases and 1,000 random manifests
(regopy: the first 100 of them; it is 40 to 100 times slower and runs only custom Rego now).

Each manifest is evaluated as ``aimm check`` evaluates it; the raw result (what Rego returns
before Python adds the catalog's text) must be the same JSON text on every engine, or every
engine must fail (exit 3). Manifests whose org config adds custom policies run on regopy and
OPA only: the module holds the built-in Rego alone. Every other built-in model evaluates the
same documents too. Needs OPA (see ``differential.opa_binary``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aimm.core.engine import Engine
from aimm.core.errors import EngineError
from aimm.core.model import DEFAULT_MODEL, ModelPath, load_model
from aimm.core.wasm import WasmEngine, builtin_only
from aimm.policy.bundle import build_bundle
from tests.core.differential import (
    Case,
    canonical,
    first_difference,
    fuzz,
    manifest_cases,
    opa_binary,
    opa_results,
)

FUZZ = 1000
# Random manifests each further built-in model also evaluates (all of them for the default).
FUZZ_OTHER_MODELS = 200
# Of the random manifests, how many regopy evaluates too (the WebAssembly engine, the
# default, and OPA evaluate all of them). regopy costs about 140 ms a manifest for the
# default model and 330 ms for a pack (evaluation and report rules), 40 to 100 times the
# module: it runs only custom policy folders and user models now, and evaluates every
# example, every test manifest and every edge case above in full.
REGOPY_FUZZ = 100
REGOPY_FUZZ_OTHER_MODELS = 15


def _outcome(run: Callable[..., Any], *args: Any) -> Any:
    """What an engine gives: the raw result, or ("error", message) for an exit 3."""
    try:
        return run(*args)
    except EngineError as exc:
        return ("error", str(exc))


def _difference(got: Any, expected: Any) -> str:
    if isinstance(got, tuple) or isinstance(expected, tuple):
        return f"{str(got)[:200]} vs OPA {str(expected)[:200]}"
    return first_difference(got, expected)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):  # errors: every engine fails, any text
        return isinstance(a, tuple) and isinstance(b, tuple)
    return canonical(a) == canonical(b)


def _groups(cases: list[Case]) -> dict[tuple[Any, ...], list[Case]]:
    """Cases by engine configuration (the models aimm built and the policy folders)."""
    groups: dict[tuple[Any, ...], list[Case]] = {}
    for case in cases:
        groups.setdefault((tuple(id(m) for m in case.models), case.folders), []).append(case)
    return groups


def _compare(
    cases: list[Case], tmp_path: Path, opa: str, regopy_cases: int | None = None
) -> tuple[int, list[str]]:
    """Evaluate every case for every model of its engine on each engine (regopy: the first
    ``regopy_cases`` of each group when given, else all); the problems."""
    problems: list[str] = []
    compared = 0
    for index, group in enumerate(_groups(cases).values()):
        first = group[0]
        models = list(first.models)
        regopy = Engine(models, first.folders)
        wasm = WasmEngine(models) if builtin_only(models, first.folders) else None
        # The bundle ``aimm policy bundle`` writes for this configuration: it extends the
        # default model with the folders' catalogs itself, so it gets the models unextended.
        plain = [m if not first.folders else load_model(m.id) for m in models]
        bundle = tmp_path / f"bundle-{index}.tar.gz"
        build_bundle(bundle, models=plain, policy_dirs=first.folders)
        for model in models:
            documents = [{**c.document, "model": model.rego_key} for c in group]
            from_opa = opa_results(opa, bundle, documents, tmp_path)
            for position, (case, expected) in enumerate(zip(group, from_opa, strict=True)):
                compared += 1
                engines: dict[str, Any] = {}
                if regopy_cases is None or position < regopy_cases or wasm is None:
                    engines["regopy"] = _outcome(regopy.evaluate, case.document, model.id)
                if wasm is not None:
                    engines["wasm"] = _outcome(wasm.evaluate, case.document, model.id)
                    engines["wasm result"] = _outcome(wasm.result, case.document, model.id)
                for name, got in engines.items():
                    if not _same(got, expected):
                        problems.append(
                            f"{case.name} [{model.id}] {name} != OPA: {_difference(got, expected)}"
                        )
                if (
                    "regopy" in engines
                    and wasm is not None
                    and model.report_entrypoints
                    and isinstance(expected, dict)
                ):
                    # The report rules take the report as input.report: both engines get OPA's.
                    extras = [
                        _outcome(e.report_extras, case.document, expected, model.id)
                        for e in (regopy, wasm)
                    ]
                    if not _same(*extras):
                        problems.append(
                            f"{case.name} [{model.id}] report rules, wasm != regopy: "
                            f"{_difference(extras[1], extras[0])}"
                        )
    return compared, problems


@pytest.fixture(scope="module")
def opa() -> str:
    return opa_binary()


def test_every_manifest_and_case_is_evaluated_alike(opa: str, tmp_path: Path) -> None:
    cases = manifest_cases(tmp_path)
    names = {c.name for c in cases}
    assert "case:EVA-3.3-fail2" in names and "edge:undefined-custom-control" in names
    compared, problems = _compare(cases, tmp_path, opa)
    assert compared >= len(cases)
    assert problems == []


# The random manifests are compared in parts, one test each, so the workers share them out.
PARTS = 4


@functools.cache
def _random_cases() -> tuple[Case, ...]:
    """The random manifests, generated once per process (the further models' tests use the
    first of them: fuzz() gives the same manifests in the same order for the same seed)."""
    return tuple(fuzz(FUZZ))


@pytest.mark.parametrize("part", range(PARTS))
def test_random_manifests_are_evaluated_alike(part: int, opa: str, tmp_path: Path) -> None:
    cases = _random_cases()
    assert len({canonical(c.document) for c in cases}) == FUZZ
    size = FUZZ // PARTS
    chunk = list(cases[part * size : (part + 1) * size])
    regopy = max(0, REGOPY_FUZZ - part * size)  # regopy: the first REGOPY_FUZZ of all
    compared, problems = _compare(chunk, tmp_path, opa, regopy_cases=regopy)
    assert compared == size
    assert problems == [], f"{len(problems)} differ:\n" + "\n".join(problems[:20])


OTHER_MODELS = [m for m in ModelPath(use_env=False).ids() if m != DEFAULT_MODEL]


@pytest.mark.parametrize("model_id", OTHER_MODELS)
def test_other_models_evaluate_random_manifests_alike(
    model_id: str, opa: str, tmp_path: Path
) -> None:
    """Each further built-in model on the first random manifests (one test per model, so
    the workers share them out)."""
    model = load_model(model_id)
    first = _random_cases()[:FUZZ_OTHER_MODELS]
    # The first of the random manifests are the ones a smaller run generates.
    assert [c.document for c in fuzz(10)] == [c.document for c in first[:10]]
    cases = [Case(c.name, c.document, (model,), c.folders) for c in first]
    _, problems = _compare(cases, tmp_path, opa, regopy_cases=REGOPY_FUZZ_OTHER_MODELS)
    assert problems == []


def test_every_built_in_model_is_compared() -> None:
    """The models the parametrised test covers are every installed built-in model."""
    assert {DEFAULT_MODEL, *OTHER_MODELS} == set(ModelPath(use_env=False).ids())
    assert len(OTHER_MODELS) >= 4
