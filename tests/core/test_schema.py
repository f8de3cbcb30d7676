"""Tests for the manifest schema and aimm.core.schema: located one-line messages and hints."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import aimm.core.loader
from aimm.core.errors import ManifestError
from aimm.core.loader import LoadedManifest, load_manifest
from aimm.core.resources import schema_path
from aimm.core.schema import manifest_schema, validate
from tests.support import DATA

HOSTILE = DATA / "hostile"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (HOSTILE / "expected.yaml").read_text(encoding="utf-8")
)
VALID = sorted((DATA / "valid").glob("*.yaml"))


def _objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema in ``node``, with a readable location."""
    if not isinstance(node, dict):
        return
    if node.get("type") == "object":
        yield where, node
    for key, sub in node.get("properties", {}).items():
        yield from _objects(sub, f"{where}/{key}")
    yield from _objects(node.get("items"), f"{where}[]")


def _problems(data: dict[str, Any]) -> list[tuple[str | None, str]]:
    """The (pointer, message) problems ``validate`` reports for in-memory ``data``."""
    try:
        validate(LoadedManifest(Path("aimm.yaml"), data, {"": 1}))
    except ManifestError as exc:
        return [(p.pointer, p.message) for p in exc.problems]
    return []


def _minimal() -> dict[str, Any]:
    """The minimal valid manifest as data."""
    data: dict[str, Any] = load_manifest(DATA / "valid" / "minimal.yaml").data
    return data


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The shipped schema is itself valid, with its identity set."""
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://aimm.dev/schemas/manifest-v1.json"
    assert schema["title"] and schema["description"]


def test_every_object_is_closed_and_every_property_described() -> None:
    """additionalProperties is false everywhere but labels; editors get a description."""
    for where, node in _objects(manifest_schema()):
        if where == "#/metadata/labels":
            assert node["additionalProperties"] == {"type": "string"}
            continue
        assert node["additionalProperties"] is False, where
        for key, sub in node["properties"].items():
            assert sub.get("description"), f"{where}/{key}"


def test_required_fields_are_the_contracts() -> None:
    """Required keys are exactly those the contract lists."""
    schema = manifest_schema()
    props = schema["properties"]
    assert schema["required"] == ["apiVersion", "kind", "metadata", "system", "risk"]
    assert props["metadata"]["required"] == ["name", "team", "owners"]
    assert props["metadata"]["properties"]["owners"]["required"] == ["technical"]
    assert props["system"]["required"] == ["type", "lifecycle"]
    assert props["risk"]["required"] == [
        "domain",
        "autonomy",
        "data_sensitivity",
        "exposure",
        "criticality",
    ]
    assert props["waivers"]["items"]["required"] == ["control", "expires"]
    assert "required" not in props["posture"]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_manifest_passes(path: Path, yaml_loader: str) -> None:
    """Each manifest under tests/data/valid loads and validates."""
    validate(load_manifest(path))


def test_every_hostile_file_has_an_expectation() -> None:
    """expected.yaml and the hostile files match one to one."""
    files = {p.name for p in HOSTILE.iterdir()} - {"expected.yaml"}
    assert files == set(EXPECTED)


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the libyaml loader (when built) and with the pure-Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(aimm.core.loader, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_manifest_fails_with_a_located_one_line_problem(
    name: str, yaml_loader: str
) -> None:
    """Each hostile file fails with the expected first problem: line, message, pointer."""
    expected = EXPECTED[name]
    with pytest.raises(ManifestError) as caught:
        validate(load_manifest(HOSTILE / name))
    problem = caught.value.problems[0]
    assert expected["contains"] in problem.message
    assert problem.line == expected["line"]
    if "pointer" in expected:
        assert problem.pointer == expected["pointer"]
    for each in caught.value.problems:
        assert "\n" not in each.message
    assert "\n" not in str(caught.value)


def test_all_problems_are_reported_sorted_by_line() -> None:
    """validate reports every problem, not just the first, in line order."""
    with pytest.raises(ManifestError) as caught:
        validate(load_manifest(HOSTILE / "out_of_range.yaml"))
    problems = caught.value.problems
    assert [(p.line, p.pointer, p.message) for p in problems] == [
        (20, "/posture/visibility/tracing/coverage", "must be at most 100, got 120"),
        (22, "/posture/evaluation/online/sampling_rate", "must be at most 1, got 1.5"),
        (25, "/posture/cost/limits/org", "must be at least 0, got -5"),
    ]


def test_unknown_key_gets_a_did_you_mean_hint() -> None:
    """A typo names the close sibling; a key from elsewhere names where it belongs."""
    data = _minimal()
    data["posture"] = {"cost": {"limts": {}}, "visibility": {"coverage": 90}}
    data["metadata"]["zzz"] = 1
    assert _problems(data) == [
        ("/metadata/zzz", "unknown key 'zzz'"),
        ("/posture/cost/limts", "unknown key 'limts' (did you mean 'limits'?)"),
        (
            "/posture/visibility/coverage",
            "unknown key 'coverage' (did you mean 'posture.visibility.tracing.coverage'?)",
        ),
    ]


def test_missing_keys_are_each_reported_at_their_parent() -> None:
    """Each missing required key is its own problem, pointing at the mapping that lacks it."""
    data = _minimal()
    del data["risk"]["domain"], data["risk"]["exposure"]
    assert _problems(data) == [
        ("/risk", "missing required key 'domain'"),
        ("/risk", "missing required key 'exposure'"),
    ]


def test_waiver_with_empty_reason_and_approver_reaches_the_policy() -> None:
    """Empty or missing reason/approved_by is the policy's finding (exit 1), not the schema's."""
    data = _minimal()
    data["waivers"] = [
        {"control": "EVA-5.1", "reason": "", "approved_by": "", "expires": "2027-01-01"},
        {"control": "EVA-5.2", "expires": "2020-01-01"},
    ]
    assert _problems(data) == []


def test_validate_is_fast_enough_for_editors() -> None:
    """Validating the full example takes well under 10 ms (a guard with a generous bound)."""
    loaded = load_manifest(DATA / "valid" / "full_example.yaml")
    validate(loaded)
    start = time.perf_counter()
    for _ in range(100):
        validate(loaded)
    assert (time.perf_counter() - start) / 100 < 0.01
