"""The inputs and the OPA side of the differential test (test_differential.py).

Inputs are input documents built exactly as ``aimm check`` builds them (org config found as
aimm finds it, schema validated, evidence collected, today 2026-11-21): every example, the
valid test manifests, every case of ``tests/data/controls/cases.yaml``, hand-written edge
cases (``tests/data/differential``), and random schema-valid mutations of real manifests
(:func:`fuzz`, seeded: the same manifests on every run).

OPA evaluates ``data.aimm.core.report.result`` on the bundle ``aimm policy bundle`` writes,
in one ``opa eval`` per batch of documents, with strict built-in errors.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import random
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.core.errors import ManifestError
from aimm.core.loader import LoadedManifest, load_manifest
from aimm.core.model import Model
from aimm.core.pipeline import CheckOptions, Pipeline, input_document
from aimm.core.probes import RunCache
from aimm.core.resources import schema_path
from aimm.core.schema import validate

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
TODAY = date(2026, 11, 21)
OPA_ENV = "AIMM_OPA"  # an opa binary to use instead of the one on PATH


def opa_binary() -> str:
    """The opa binary: ``AIMM_OPA``, ``opa`` on PATH, or the checkout's ``.tools/bin/opa``
    (where ``.ci/run`` builds it). Missing, a test that needs it fails in CI (``CI=true``) and
    is skipped elsewhere, saying how to get it."""
    for candidate in (os.environ.get(OPA_ENV), shutil.which("opa"), ROOT / ".tools/bin/opa"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    reason = (
        "opa not found (AIMM_OPA, PATH, .tools/bin/opa); build it with "
        "GOBIN=$PWD/.tools/bin go install github.com/open-policy-agent/opa@v1.22.4"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI needs OPA: {reason}")
    pytest.skip(reason)


# ---- inputs -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    """One manifest evaluated as aimm would, and the policy folders its org config adds."""

    name: str
    document: dict[str, Any]
    models: tuple[Model, ...]  # what its engine evaluates (primary first), as aimm built them
    folders: tuple[Path, ...]


def _case(
    name: str,
    path: Path,
    pipeline: Pipeline,
    loaded: LoadedManifest | None = None,
    cache: RunCache | None = None,
) -> Case:
    org = pipeline.configs.for_manifest(path)
    if loaded is None:
        loaded = load_manifest(path)
        validate(loaded)
    engine = pipeline.engine_for(org, loaded.data.get("models", ()))
    folders = tuple(
        Path(os.path.realpath(p))
        for p in [*(org.policy_dirs if org else ()), *pipeline.policy_dirs]
    )
    document = input_document(loaded, pipeline.options, org, cache=cache)
    return Case(name, document, tuple(engine.models.values()), folders)


def manifest_cases(tmp: Path) -> list[Case]:
    """Examples, valid test manifests, control cases, edge cases; regulated examples again
    with every profile."""
    plain = Pipeline(CheckOptions(today=TODAY))
    profiled = Pipeline(
        CheckOptions(today=TODAY, config={"profiles": ["eu-ai-act", "iso-42001", "nist-ai-rmf"]})
    )
    examples = sorted((ROOT / "examples").rglob("aimm.yaml"))
    valid = sorted((TESTS / "data" / "valid").glob("*.yaml"))
    edges = sorted((TESTS / "data" / "differential").glob("*/aimm.yaml"))
    regulated = sorted((ROOT / "examples" / "regulated").glob("*/aimm.yaml"))
    found = [_case(p.relative_to(ROOT).as_posix(), p, plain) for p in [*examples, *valid]]
    found += [_case(f"edge:{p.parent.name}", p, plain) for p in edges]
    found += [_case(name, p, plain) for name, p in control_cases(tmp / "cases")]
    found += [_case(f"{p.relative_to(ROOT).as_posix()} +profiles", p, profiled) for p in regulated]
    return found


def control_cases(root: Path) -> Iterator[tuple[str, Path]]:
    """``tests/data/controls/cases.yaml`` written out: the base and one folder per case."""
    data = TESTS / "data" / "controls"
    cases = yaml.safe_load((data / "cases.yaml").read_text(encoding="utf-8"))
    yield "case:base", _write_case(root / "base", data, {})
    for control, kinds in cases.items():
        for kind in ("fail", "pass"):
            for i, mutations in enumerate(kinds.get(kind, [])):
                name = f"{control}-{kind}{i}"
                yield f"case:{name}", _write_case(root / name, data, mutations)


def _write_case(tmp: Path, data: Path, mutations: dict[str, Any]) -> Path:
    folder = tmp / "system"
    shutil.copytree(data / "base", folder)
    mutations = dict(mutations)
    if "aimm-org.yaml" in mutations:
        config = {"apiVersion": "aimm/v1", "kind": "OrgConfig", **mutations.pop("aimm-org.yaml")}
        (tmp / "aimm-org.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    doc = yaml.safe_load((folder / "aimm.yaml").read_text(encoding="utf-8"))
    for pointer, value in mutations.items():
        keys = pointer.strip("/").split("/")
        node = doc
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = value
    (folder / "aimm.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder / "aimm.yaml"


# ---- random manifests ---------------------------------------------------------------------

STRINGS = [
    "",
    " ",
    "x",
    'quote " and \\ backslash',
    "ünïcødé ✓ 名前",
    "line\nbreak",
    "2026-02-30",
    "2026-11-21",
    "evals/missing.yaml",
    "../../../../pyproject.toml",
    "docs/runbook.md",
    "evals/golden.yaml",
    "a" * 200,
]
INTEGERS = [0, 1, 19, 20, 49, 50, 79, 80, 89, 90, 91, 94, 95, 100, 201, 9000, 60000]
BIG_INTEGERS = [999999999999999, 10**15, 10**16 + 1, 12345678901234567890]
FLOATS = [0.0, 0.05, 0.5, 1.0, 79.5, 80.0, 99.99, 100.0, 1e-7, 0.30000000000000004, 1234567.5]
BIG_FLOATS: list[Any] = [1.5e15, 2.5e16, 1.2345678901234567e300, 999999999999999.9]
DATES = ["2026-11-20", "2026-11-21", "2026-11-22", "2027-01-01", "2024-02-29", "2028-02-29"]
WAIVER_DATES = [*DATES, "2262-04-11", "2026-02-30", "soon", ""]
TODAYS = [date(2026, 11, 21), date(2027, 1, 1), date(2024, 2, 29)]


def _schema_at(schema: dict[str, Any], path: Sequence[Any]) -> dict[str, Any]:
    """The schema node of a value (properties and items only; {} when unknown)."""
    node = schema
    for key in path:
        if isinstance(key, int):
            node = node.get("items", {}) if isinstance(node.get("items"), dict) else {}
        else:
            props = node.get("properties", {})
            extra = node.get("additionalProperties")
            node = props.get(key) or (extra if isinstance(extra, dict) else {})
    return node


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _leaves(value, (*path, i))
    return found


def _replacement(value: Any, node: dict[str, Any], rng: random.Random) -> Any:
    """Another value for a field: mostly of its type (so the schema accepts it)."""
    if "enum" in node and rng.random() < 0.8:
        return rng.choice(node["enum"])
    kind = node.get("type")
    if isinstance(value, bool) or kind == "boolean":
        return rng.choice([True, False])
    if isinstance(value, int) or kind == "integer":
        return rng.choice(BIG_INTEGERS if rng.random() < 0.15 else INTEGERS)
    if isinstance(value, float) or kind == "number":
        pools: list[list[Any]] = [FLOATS, INTEGERS, BIG_FLOATS if rng.random() < 0.3 else FLOATS]
        return rng.choice(rng.choice(pools))
    if isinstance(value, str) or kind == "string":
        return rng.choice(STRINGS + DATES)
    if isinstance(value, list):
        if not value or rng.random() < 0.3:
            return []
        picked = list(value)
        rng.shuffle(picked)
        return picked[: rng.randint(1, len(picked))] + picked[: rng.randint(0, 1)]
    return copy.deepcopy(value)


def mutate(data: dict[str, Any], schema: dict[str, Any], rng: random.Random) -> None:
    """Change one to four facts of a manifest in place: replace, delete, or add a waiver or
    an odd evaluation suite."""
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in _leaves(data) if p[0] in ("posture", "risk", "system", "waivers")]
        path = rng.choice(paths)
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.2 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = _replacement(parent[path[-1]], _schema_at(schema, path), rng)
    if rng.random() < 0.3:
        waiver = {
            "control": rng.choice(["VIS-5.1", "EVA-3.3", "COS-4.2", "RISK-1", "WVR-2", "OWN-1"]),
            "reason": rng.choice(["migration in progress", "", " "]),
            "approved_by": rng.choice(["cto@example.com", "", "Someone@Example.COM"]),
            "expires": rng.choice(WAIVER_DATES),
        }
        data.setdefault("waivers", [])
        if isinstance(data["waivers"], list):
            data["waivers"].append(waiver)
    if rng.random() < 0.15:
        evaluation = data.setdefault("posture", {}).setdefault("evaluation", {})
        if isinstance(evaluation, dict):
            suites: list[dict[str, Any]] = [
                {"name": "nopath", "cases": 40},
                {"name": "nocases"},
                {},
            ]
            suite = rng.choice(suites)
            if rng.random() < 0.5:
                suite["path"] = rng.choice(["evals/golden.yaml", "evals/missing.yaml"])
            evaluation["suites"] = [*evaluation.get("suites", [])[:2], suite]


def fuzz(count: int, seed: int = 10) -> list[Case]:
    """``count`` different random schema-valid manifests (mutations of the examples and the
    control base), each with a random ``today``; the same ones for the same seed."""
    rng = random.Random(seed)
    schema = json.loads(schema_path("manifest").read_text(encoding="utf-8"))
    bases = [
        TESTS / "data" / "controls" / "base" / "aimm.yaml",
        *sorted((ROOT / "examples").glob("*/aimm.yaml")),
        *sorted((ROOT / "examples" / "regulated").glob("*/aimm.yaml")),
    ]
    loaded = [load_manifest(p) for p in bases]
    pipelines = {t: Pipeline(CheckOptions(today=t)) for t in TODAYS}
    # The git history probe's answers, per repository, as one scan keeps them: the mutations
    # change the manifest, never the checkout's history.
    cache = RunCache()
    cases: list[Case] = []
    seen: set[str] = set()
    attempts = 0
    while len(cases) < count:
        attempts += 1
        assert attempts < count * 20, "the generator makes too few schema-valid manifests"
        base = rng.choice(loaded)
        data = copy.deepcopy(dict(base.data))
        mutate(data, schema, rng)
        candidate = dataclasses.replace(base, data=data)
        try:
            validate(candidate)
        except ManifestError:
            continue
        pipeline = pipelines[rng.choice(TODAYS)]
        case = _case(f"fuzz-{len(cases):04d}", base.path, pipeline, candidate, cache)
        text = canonical(case.document)
        if not case.folders and text not in seen:  # new, and needing no custom Rego
            seen.add(text)
            cases.append(case)
    return cases


# ---- OPA ----------------------------------------------------------------------------------

QUERY = "[[i, r] | some i, d in input.docs; r := data.aimm.core.report.result with input as d]"


def opa_results(
    opa: str, bundle: Path, documents: Sequence[dict[str, Any]], tmp: Path
) -> list[Any]:
    """``data.aimm.core.report.result`` for each document, by ``opa eval`` on ``bundle``:
    the value, None when undefined, or ``("error", message)`` when OPA raises (strict
    built-in errors). Batches that fail are split until the failing documents are alone."""
    out: list[Any] = [None] * len(documents)

    def run(indexes: list[int]) -> None:
        if not indexes:
            return
        source = tmp / "opa-input.json"
        source.write_text(
            json.dumps({"docs": [documents[i] for i in indexes]}, ensure_ascii=False),
            encoding="utf-8",
        )
        command = [opa, "eval", "--strict-builtin-errors", "-f", "json", "-b", str(bundle)]
        done = subprocess.run(
            [*command, "-i", str(source), QUERY],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            if len(indexes) == 1:
                out[indexes[0]] = ("error", (done.stderr or done.stdout).strip()[:300])
                return
            half = len(indexes) // 2
            run(indexes[:half])
            run(indexes[half:])
            return
        value = json.loads(done.stdout)["result"][0]["expressions"][0]["value"]
        for position, result in value:
            out[indexes[position]] = result

    batch = 150
    for start in range(0, len(documents), batch):
        run(list(range(start, min(start + batch, len(documents)))))
    return out


def canonical(value: Any) -> str:
    """JSON with sorted keys: equal text means equal results, 1 and 1.0 apart."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two JSON values first differ, for the failure message."""
    if type(a) is not type(b):
        return f"{path or '/'}: {canonical(a)[:160]} != {canonical(b)[:160]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}: only on one side"
            found = first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return ""
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}/{i}")
            if found:
                return found
        return ""
    return "" if canonical(a) == canonical(b) else f"{path}: {canonical(a)} != {canonical(b)}"
