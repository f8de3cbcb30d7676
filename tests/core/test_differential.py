"""The engines agree: regopy (rego-cpp), the WebAssembly module and OPA itself give the same
raw result for every example, every test manifest, edge cases and 1,000 random manifests
(regopy: the first 250 of them; it is 50 times slower and runs only custom Rego now).

Each manifest is evaluated as ``aimm check`` evaluates it; the raw result (what Rego returns
before Python adds the catalog's text) must be the same JSON text on every engine, or every
engine must fail (exit 3). Manifests whose org config adds custom policies run on regopy and
OPA only: the module holds the built-in Rego alone. Every other built-in model evaluates the
same documents too. Needs OPA (see ``differential.opa_binary``).
"""

from __future__ import annotations

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
# Of the random manifests, how many regopy evaluates too (the WebAssembly engine and OPA
# evaluate all of them). regopy costs about 150 ms a manifest, 50 times the module: it now
# runs only custom policy folders and user models, and evaluates every example, every test
# manifest and every edge case above in full.
REGOPY_FUZZ = 250
REGOPY_FUZZ_OTHER_MODELS = 50


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


def test_random_manifests_are_evaluated_alike(opa: str, tmp_path: Path) -> None:
    cases = fuzz(FUZZ)
    assert len({canonical(c.document) for c in cases}) == FUZZ
    compared, problems = _compare(cases, tmp_path, opa, regopy_cases=REGOPY_FUZZ)
    assert compared == FUZZ
    assert problems == [], f"{len(problems)} differ:\n" + "\n".join(problems[:20])


def test_other_models_evaluate_random_manifests_alike(opa: str, tmp_path: Path) -> None:
    """Each further built-in model, on the first random manifests (none is installed yet
    when only the default model ships: the test then has nothing to compare)."""
    others = [m for m in ModelPath(use_env=False).ids() if m != DEFAULT_MODEL]
    if not others:
        pytest.skip("only the default model is built in")
    cases = [
        Case(c.name, c.document, (load_model(m),), c.folders)
        for m in others
        for c in fuzz(FUZZ_OTHER_MODELS)
    ]
    _, problems = _compare(cases, tmp_path, opa, regopy_cases=REGOPY_FUZZ_OTHER_MODELS)
    assert problems == []
