"""The compiled validator (jsonschema-rs) that lets valid documents skip jsonschema accepts
exactly the documents jsonschema accepts: a document it wrongly accepted would never be
checked again."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from differential import ROOT, TESTS, mutate

from aimm.core.errors import ManifestError
from aimm.core.loader import load_manifest
from aimm.core.resources import schema_path
from aimm.core.schema import MANIFEST, _validator, is_valid

# Values that are near a schema's edges: wrong types, bounds, formats, patterns, lengths.
EDGES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.0,
    1.5,
    10**20,
    "",
    " ",
    "x",
    "2026-02-30",
    "2026-02-28",
    "2026-1-05",
    "20261231",
    "2026-12-31T00:00:00Z",
    "Nope",
    "UPPER",
    "a-b",
    "-a",
    "a" * 70,
    [],
    [1],
    {},
    {"x": 1},
]


def _jsonschema_valid(data: Any) -> bool:
    return not any(True for _ in _validator(MANIFEST).iter_errors(data))


def _documents() -> list[Any]:
    schema = json.loads(schema_path("manifest").read_text(encoding="utf-8"))
    bases = [
        TESTS / "data" / "controls" / "base" / "aimm.yaml",
        *sorted((ROOT / "examples").rglob("aimm.yaml")),
        *sorted((TESTS / "data" / "valid").glob("*.yaml")),
    ]
    loaded = [load_manifest(p).data for p in bases]
    rng = random.Random(3)
    found: list[Any] = list(loaded)
    for _ in range(1500):
        data = copy.deepcopy(rng.choice(loaded))
        mutate(data, schema, rng)
        found.append(data)
    for _ in range(1500):  # one field set to an edge value, anywhere in the manifest
        data = copy.deepcopy(rng.choice(loaded))
        node: Any = data
        while isinstance(node, dict | list) and node and rng.random() < 0.8:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            if not isinstance(node[key], dict | list) or not node[key]:
                node[key] = copy.deepcopy(rng.choice(EDGES))
                break
            node = node[key]
        found.append(data)
    return found


def test_compiled_validator_accepts_what_jsonschema_accepts() -> None:
    documents = _documents()
    verdicts = [(is_valid(d), _jsonschema_valid(d)) for d in documents]
    assert all(fast is not None for fast, _ in verdicts)
    disagreements = [
        json.dumps(documents[i])[:300] for i, (fast, slow) in enumerate(verdicts) if fast != slow
    ]
    assert disagreements == []
    accepted = sum(slow for _, slow in verdicts)
    assert 0.2 * len(documents) < accepted < 0.9 * len(documents)  # both kinds are tested


@pytest.mark.parametrize("path", sorted((TESTS / "data" / "hostile").glob("*.yaml")), ids=str)
def test_hostile_manifests_get_the_same_verdict(path: Path) -> None:
    try:
        data = load_manifest(path).data
    except ManifestError:
        return  # rejected before any schema
    assert is_valid(data) in (None, _jsonschema_valid(data))
