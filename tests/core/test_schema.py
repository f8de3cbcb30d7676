"""Tests for the manifest schema and aimm.core.schema: located one-line messages and hints."""

from __future__ import annotations

import json
import re
import shutil
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
from tests.support import DATA, EXAMPLES, ROOT, TODAY_ARGS, Cli

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


SPANS = "#/properties/posture/properties/visibility/properties/tracing/properties/spans"
COVERS = "#/properties/posture/properties/audit/properties/audit_trail/properties/covers"


def _items(pointer: str) -> dict[str, Any]:
    node: Any = manifest_schema()
    for key in pointer.removeprefix("#/").split("/"):
        node = node[key]
    items: dict[str, Any] = node["items"]
    return items


@pytest.mark.parametrize("pointer", [SPANS, COVERS], ids=["spans", "covers"])
def test_span_kinds_and_audit_coverage_are_enums_described_value_by_value(pointer: str) -> None:
    """Editors show each value's meaning on hover (enumDescriptions, one per value)."""
    items = _items(pointer)
    assert len(items["enum"]) == len(set(items["enum"])) == len(items["enumDescriptions"])
    assert all(d.strip() for d in items["enumDescriptions"])


def test_the_enums_hold_the_spellings_the_policies_read() -> None:
    """Every value a built-in Rego policy compares a span kind or an audit item with is
    accepted, and the two families keep their own number (tool_call span, tool_calls item)."""
    spans, covers = set(_items(SPANS)["enum"]), set(_items(COVERS)["enum"])
    assert {"model_call", "tool_call", "retrieval", "prediction", "policy_decision"} <= spans
    assert {
        "prompts",
        "responses",
        "tool_calls",
        "approvals",
        "model_versions",
        "inputs",
        "scores",
        "prompt_versions",
        "retraining_decisions",
        "policy_decisions",
        "incidents",
    } == covers
    # The words on policy lines that read tracing.spans or audit_trail.covers, less the
    # field names and the conditions beside them.
    structure = {"agent", "array", "audit", "audit_trail", "autonomy", "covers", "posture"}
    structure |= {"risk", "spans", "system", "tracing", "type", "visibility"}
    read: set[str] = set()
    for policy in (ROOT / "policies").rglob("*.rego"):
        if policy.name.endswith("_test.rego"):
            continue
        for line in policy.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("#") and re.search(
                r'spans|covers|_classical_items|\["prompts"', line
            ):
                read |= set(re.findall(r'"([a-z_]+)"', line))
    assert {"prediction", "tool_call", "tool_calls", "incidents", "inputs"} <= read
    assert read - structure == (spans - {"agent_step"}) | covers


@pytest.mark.parametrize(
    ("pointer", "given", "accepted"),
    [
        ("/posture/visibility/tracing/spans", "tool_calls", "tool_call"),
        ("/posture/visibility/tracing/spans", "ModelCall", "model_call"),
        ("/posture/visibility/tracing/spans", "agent-steps", "agent_step"),
        ("/posture/audit/audit_trail/covers", "tool_call", "tool_calls"),
        ("/posture/audit/audit_trail/covers", "model_version", "model_versions"),
        ("/posture/audit/audit_trail/covers", "Prompt", "prompts"),
    ],
)
def test_a_near_miss_spelling_names_the_accepted_one(
    pointer: str, given: str, accepted: str
) -> None:
    data = _minimal()
    parent, _, key = pointer.rpartition("/")
    node = data
    for part in parent.strip("/").split("/"):
        node = node.setdefault(part, {})
    node[key] = [given]
    ((where, message),) = _problems(data)
    assert where == f"{pointer}/0"
    assert message.endswith(f"got {given!r} (did you mean {accepted!r}?)")


def test_the_migration_error_is_one_located_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    """A manifest written with the other family's number fails validation: file, line,
    field and the accepted spelling, on one line."""
    system = tmp_path / "billing-agent"
    shutil.copytree(EXAMPLES / "billing-agent", system)
    manifest = system / "aimm.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("spans: [model_call, tool_call,", "spans: [model_call, tool_calls,")
    manifest.write_text(text.replace("responses, tool_calls,", "responses, tool_call,"), "utf-8")
    code, out, _ = cli("check", system, *TODAY_ARGS)
    assert code == 2
    lines = [line for line in out.splitlines() if line.startswith("error:")]
    spans = _items(SPANS)["enum"]
    covers = _items(COVERS)["enum"]
    assert lines == [
        f"error: {manifest}:43: /posture/visibility/tracing/spans/1: must be one of: "
        f"{', '.join(spans)}; got 'tool_calls' (did you mean 'tool_call'?)",
        f"error: {manifest}:82: /posture/audit/audit_trail/covers/2: must be one of: "
        f"{', '.join(covers)}; got 'tool_call' (did you mean 'tool_calls'?)",
    ]


def _agreement_corpus() -> Iterator[tuple[str, Any]]:
    """Documents valid and invalid: the valid and hostile manifests, every example, and
    random mutations of them (most of which the schema refuses)."""
    import copy
    import random

    from tests.core.differential import mutate

    files = [*VALID, *sorted(HOSTILE.glob("*.yaml")), *sorted(EXAMPLES.rglob("aimm.yaml"))]
    bases = []
    for path in files:
        try:
            data = load_manifest(path).data
        except ManifestError:
            continue  # not YAML a manifest can be: never reaches the schema
        bases.append(data)
        yield path.name, data
    rng = random.Random(42)
    for i in range(1500):
        data = copy.deepcopy(rng.choice(bases))
        try:
            mutate(data, manifest_schema(), rng)
        except (IndexError, TypeError, AttributeError, KeyError):
            continue  # a hostile base with nothing the generator knows how to change
        yield f"mutation-{i}", data


def test_the_compiled_validator_never_passes_what_jsonschema_refuses() -> None:
    """jsonschema-rs decides alone only that a document is valid: on every document where
    it does, the jsonschema package finds no error either (and it agrees on most refusals,
    so the fast path is the common one)."""
    from aimm.core import schema as module

    checked = refused = agreed = 0
    for name, data in _agreement_corpus():
        fast = module._valid_fast(data, "manifest")
        full = not any(True for _ in module._validator("manifest").iter_errors(data))
        checked += 1
        refused += not full
        assert not fast or full, f"{name}: jsonschema-rs passes what jsonschema refuses"
        agreed += fast == full
    assert refused > 500  # the corpus exercises refusals, not only valid manifests
    assert agreed == checked, f"{checked - agreed} of {checked} decided differently"


def test_a_value_the_compiled_validator_cannot_take_goes_to_jsonschema() -> None:
    """A value JSON has no type for (a date object from a YAML timestamp) is not an error of
    the fast path: jsonschema decides, and locates it."""
    import datetime

    data = _minimal()
    data["metadata"]["name"] = datetime.date(2026, 1, 1)
    assert _problems(data) == [("/metadata/name", "must be a string, got number 2026-01-01")]


def test_schemas_whose_patterns_the_engines_read_differently_are_never_decided_fast() -> None:
    """Python's \\s also matches U+0085 and \\x1c-\\x1f, ECMA's (jsonschema-rs) does not: an
    org config approver "cto\\x85x@example.com" would pass the compiled validator. Schemas
    with such class escapes always go to the jsonschema package, which refuses it."""
    import jsonschema_rs

    from aimm.core import schema as module

    assert module.fast_path_safe("manifest") and module.fast_path_safe("baseline")
    assert not module.fast_path_safe("org-config")
    email = {"type": "string", "pattern": "^[^@\\s]+@x$"}
    assert jsonschema_rs.validator_for(email).is_valid("cto\x85@x")  # where they differ
    assert not jsonschema.Draft202012Validator(email).is_valid("cto\x85@x")
    data = {"waivers": {"approvers": ["cto\x85x@example.com"]}}
    with pytest.raises(ManifestError) as caught:
        validate(LoadedManifest(Path("aimm-org.yaml"), data, {"": 1}), "org-config")
    assert "/waivers/approvers/0" in [p.pointer for p in caught.value.problems]
