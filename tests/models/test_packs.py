"""The model packs as data: ids and prefixes unique across every model, each pack's data valid
against its schemas, every control decided by Rego and tested on both sides, the tracks and
the agent-only domain not applicable where they should be, and the manifest facts the packs
read present in the manifest schema."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from aimm.core.evidence import EVIDENCE_FIELDS
from aimm.core.model import Model, ModelPath, load_model
from aimm.core.resources import controls_dir, policies_dir
from aimm.core.schema import manifest_schema
from tests.models.conftest import pack_engine

PACKS = ("mlops", "ai-operations")
CONTROLS = controls_dir()
TESTS = Path(__file__).parent
SYSTEM_TYPES = ("llm-app", "rag", "agent", "multi-agent", "copilot", "classical-ml")
# Prefixes the design reserves for the packs of seeds 001 (aiops-capability) and 002
# (ai-platform): no other model may take them.
RESERVED = {
    "aiops-capability": {"GWY", "OBS", "MEM", "ORC", "SPD", "SEC"},
    "ai-platform": {"PLT", "PLO"},
}
CONTROL_ID = re.compile(r"\b[A-Z][A-Z0-9]*-[0-9]+(?:\.[0-9]+)?\b")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _model_ids() -> list[str]:
    return ModelPath(use_env=False).ids()


def _catalog_files(model_id: str) -> list[Path]:
    return sorted(p for p in (CONTROLS / model_id).glob("*.yaml") if p.name != "model.yaml")


def _framework_ids() -> list[str]:
    return [
        e["id"]
        for path in sorted((CONTROLS / "frameworks").glob("*/controls.yaml"))
        for e in _yaml(path)["controls"]
    ]


def _document(system_type: str | None, autonomy: str = "suggest") -> dict[str, Any]:
    """A facts document with no posture and no evidence: the weakest system of a type."""
    system = {"lifecycle": "production"} | ({"type": system_type} if system_type else {})
    manifest = {
        "apiVersion": "aimm/v1",
        "kind": "AISystem",
        "metadata": {"name": "probe", "team": "t", "owners": {"technical": "t@example.com"}},
        "system": system,
        "risk": {
            "domain": "general",
            "autonomy": autonomy,
            "data_sensitivity": "internal",
            "exposure": "internal",
            "criticality": "low",
        },
        "posture": {},
    }
    return {
        "manifest": manifest,
        "evidence": {},
        "today": date(2026, 11, 21).isoformat(),
        "config": {},
    }


def _outcomes(model_id: str, document: dict[str, Any]) -> dict[str, Any]:
    return pack_engine(model_id).outcomes(document, model_id)


def _grid_ids(model: Model) -> list[str]:
    return [c.id for c in model.controls if c.level is not None]


# ------------------------------------------------------------------ across every model


def test_prefixes_are_unique_across_models_and_families() -> None:
    """One prefix names one family in one model (so one waiver list serves every pack); the
    core gate families are shared by all and counted once."""
    owners: dict[str, set[str]] = {}
    for model_id in _model_ids():
        model = load_model(model_id)
        for dim in model.data["dimensions"]:
            owners.setdefault(dim["prefix"], set()).add(f"{model_id}/{dim['id']}")
        for fam in model.data.get("gate_families", []):
            owners.setdefault(fam["prefix"], set()).add(f"core/{fam['id']}")
    for control_id in _framework_ids():
        owners.setdefault(control_id.partition("-")[0], set()).add("frameworks")
    shared = {p: sorted(o) for p, o in owners.items() if len(o) > 1}
    assert not shared, shared


def test_reserved_prefixes_stay_free() -> None:
    """The prefixes reserved for the packs of seeds 001 and 002 are used by no other model."""
    for model_id in _model_ids():
        taken = {d["prefix"] for d in load_model(model_id).data["dimensions"]}
        for pack, reserved in RESERVED.items():
            if pack != model_id:
                assert not taken & reserved, (model_id, taken & reserved)


def test_control_ids_are_unique_across_models() -> None:
    """No control id is catalogued by two models (the core's are in every model, once)."""
    counts: Counter[str] = Counter(_framework_ids())
    core = {
        c.id
        for c in load_model("default").controls
        if c.dimension in ("risk", "ownership", "waivers")
    }
    counts.update(core)
    for model_id in _model_ids():
        counts.update(c.id for c in load_model(model_id).controls if c.id not in core)
    assert [cid for cid, n in counts.items() if n > 1] == []


def test_function_names_have_one_arity_across_policies() -> None:
    """rego-cpp crashes compiling a bundle where one function name has two arities, even in
    different packages: keep every name to one arity."""
    arities: dict[str, set[int]] = {}
    head = re.compile(r"^([a-z_][a-z0-9_]*)\(([^)]*)\)\s*(?::=|if\b|=|\{)", re.MULTILINE)
    for path in policies_dir().rglob("*.rego"):
        for match in head.finditer(path.read_text(encoding="utf-8")):
            count = len([a for a in match.group(2).split(",") if a.strip()])
            arities.setdefault(match.group(1), set()).add(count)
    assert {name: sorted(a) for name, a in arities.items() if len(a) > 1} == {}


# ------------------------------------------------------------------------ each pack


@pytest.mark.parametrize("model_id", PACKS)
def test_pack_data_matches_its_schemas(model_id: str) -> None:
    """model.yaml and every catalog file validate against controls/*.schema.json."""
    model_schema = Draft202012Validator(json.loads((CONTROLS / "model.schema.json").read_text()))
    catalog_schema = Draft202012Validator(
        json.loads((CONTROLS / "catalog.schema.json").read_text())
    )
    assert [
        e.message for e in model_schema.iter_errors(_yaml(CONTROLS / model_id / "model.yaml"))
    ] == []
    for path in _catalog_files(model_id):
        assert [e.message for e in catalog_schema.iter_errors(_yaml(path))] == [], path.name


@pytest.mark.parametrize("model_id", PACKS)
@pytest.mark.parametrize("system_type", [*SYSTEM_TYPES, None])
def test_every_control_has_an_outcome(model_id: str, system_type: str | None) -> None:
    """The pack's Rego decides every catalog control of the grid, for every system type."""
    model = load_model(model_id)
    outcomes = _outcomes(model_id, _document(system_type))
    grid = _grid_ids(model)
    assert sorted(set(grid) - set(outcomes)) == []
    for cid in grid:
        assert isinstance(outcomes[cid]["pass"], bool) and outcomes[cid]["message"], cid


@pytest.mark.parametrize("model_id", PACKS)
def test_the_weakest_system_is_at_the_bottom_level(model_id: str) -> None:
    """Absent facts read as the weakest: an empty posture fails every level-2 cell, except in
    a domain that does not apply to the type."""
    model = load_model(model_id)
    for system_type in SYSTEM_TYPES:
        outcomes = _outcomes(model_id, _document(system_type))
        for dim, cells in model.data["cells"].items():
            scope = next(d for d in model.data["dimensions"] if d["id"] == dim).get("applies_to")
            if scope and system_type not in scope["types"]:
                continue
            assert any(not outcomes[cid]["pass"] for cid in cells["2"]), (system_type, dim)


@pytest.mark.parametrize("model_id", PACKS)
def test_every_control_is_tested_on_both_sides(model_id: str) -> None:
    """Each grid control's function has a test_pass_* and a test_fail_* Rego test."""
    names = {
        name
        for path in (policies_dir() / "models" / model_id).rglob("*_test.rego")
        for name in re.findall(
            r"^(test_\w+)\s+if\b", path.read_text(encoding="utf-8"), re.MULTILINE
        )
    }
    wanted = [
        f"test_{side}_{cid.lower().replace('-', '_').replace('.', '_')}"
        for cid in _grid_ids(load_model(model_id))
        for side in ("pass", "fail")
    ]
    missing = [w for w in wanted if not any(n == w or n.startswith(f"{w}_") for n in names)]
    assert missing == []


def test_mlops_tracks_cover_each_type_once() -> None:
    """Every system type is on exactly one track; track controls are grid controls."""
    model = load_model("mlops")
    types = [t for track in model.data["tracks"] for t in track["types"]]
    assert sorted(types) == sorted(SYSTEM_TYPES)
    grid = set(_grid_ids(model))
    for track in model.data["tracks"]:
        assert set(track.get("only", [])) <= grid
        assert set(track.get("variants", [])) <= grid


@pytest.mark.parametrize("track_id", ["llm", "classical-ml"])
def test_mlops_track_controls_do_not_apply_to_the_other_track(track_id: str) -> None:
    """A control for one track only passes on every type of the other track, naming that
    track, and fails on its own track with the weakest facts (an agent: GVN-3.3 is for
    systems with tools)."""
    tracks = {t["id"]: t for t in load_model("mlops").data["tracks"]}
    [other] = [t for t in tracks if t != track_id]
    only = tracks[track_id]["only"]
    for system_type in tracks[other]["types"]:
        outcomes = _outcomes("mlops", _document(system_type))
        for cid in only:
            assert outcomes[cid]["pass"] is True, (system_type, cid)
            assert outcomes[cid]["message"].startswith(f"not applicable: {other} track"), cid
    mine = _outcomes("mlops", _document("agent" if track_id == "llm" else "classical-ml"))
    assert [cid for cid in only if mine[cid]["pass"]] == []


def test_agent_operations_apply_to_agents_only() -> None:
    """Every agent-operations control passes as not applicable outside agent and multi-agent,
    and fails for an autonomous agent with no agent facts."""
    model = load_model("ai-operations")
    [dim] = [d for d in model.data["dimensions"] if d["id"] == "agent-operations"]
    ids = [c.id for c in model.controls if c.dimension == "agent-operations"]
    for system_type in SYSTEM_TYPES:
        outcomes = _outcomes("ai-operations", _document(system_type, "act-autonomously"))
        if system_type in dim["applies_to"]["types"]:
            assert [cid for cid in ids if outcomes[cid]["pass"]] == [], system_type
        else:
            for cid in ids:
                assert outcomes[cid] == {
                    "pass": True,
                    "message": (
                        f"not applicable: system.type is {system_type}, not agent or multi-agent"
                    ),
                }


def test_mlops_leverage_names_controls_of_its_level() -> None:
    """Each leverage entry names catalog controls of the level it reaches, one entry a level."""
    model = load_model("mlops")
    levels = [e["level"] for e in model.data["leverage"]]
    assert levels == list(range(model.bottom + 1, model.top + 1))
    for entry in model.data["leverage"]:
        for cid in entry["controls"]:
            control = model.control(cid)
            assert control is not None and control.level == entry["level"], cid


def test_ai_operations_checklist_and_ownership() -> None:
    """The checklist has the seed's three groups of four items over catalog controls; the
    ownership matrix has its five roles, each a manifest owner field."""
    model = load_model("ai-operations")
    checklist = model.data["checklist"]
    assert [len(p["items"]) for p in checklist] == [4, 4, 4]
    for phase in checklist:
        for item in phase["items"]:
            assert all(model.control(cid) for cid in item["controls"]), item["id"]
            assert item["controls"] or item.get("note"), item["id"]
    owners = manifest_schema()["properties"]["metadata"]["properties"]["owners"]["properties"]
    roles = [(r["role"], r["field"]) for r in model.data["ownership"]]
    assert [r for r, _ in roles] == ["business", "technical", "data", "security", "support"]
    assert all(field.rsplit("/", 1)[1] in owners for _, field in roles)


@pytest.mark.parametrize("model_id", PACKS)
def test_every_finding_is_raised_by_a_golden_case(model_id: str) -> None:
    """Each finding model.yaml lists is raised by at least one golden case."""
    expected = _yaml(TESTS / model_id.replace("-", "_") / "expected.yaml")
    raised = {f for case in expected.values() for f in case["findings"]}
    assert [f["id"] for f in load_model(model_id).data["findings"] if f["id"] not in raised] == []


# --------------------------------------------------------------- the manifest schema


def _schema_node(pointer: str) -> dict[str, Any] | None:
    node: dict[str, Any] = manifest_schema()
    for key in pointer.strip("/").split("/"):
        props = node.get("properties", {})
        if key not in props:
            return None
        node = props[key]
    return node


@pytest.mark.parametrize("model_id", PACKS)
def test_pack_facts_are_manifest_fields(model_id: str) -> None:
    """Every fact a pack control reads is a field of the manifest schema."""
    unknown = [
        f"{c.id} {pointer}"
        for c in load_model(model_id).controls
        for pointer in c.facts
        if _schema_node(pointer) is None
    ]
    assert unknown == []


def test_evidence_fields_are_string_fields_of_the_schema() -> None:
    """Every evidence path field names a string field of the manifest schema."""
    for field in EVIDENCE_FIELDS:
        pointer = "/" + "/".join(k for k in field if k != "*")
        node = _schema_node(pointer) if "*" not in field else _list_item_node(field)
        assert node is not None and node.get("type") == "string", field


def _list_item_node(field: tuple[str, ...]) -> dict[str, Any] | None:
    star = field.index("*")
    parent = _schema_node("/" + "/".join(field[:star]))
    if parent is None:
        return None
    node: dict[str, Any] | None = parent["items"]
    for key in field[star + 1 :]:
        node = None if node is None else node.get("properties", {}).get(key)
    return node


def test_schema_descriptions_name_existing_controls() -> None:
    """Control ids quoted in the manifest schema's descriptions exist in some model."""
    known = {c.id for m in _model_ids() for c in load_model(m).controls}

    def descriptions(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["description"]] if isinstance(node.get("description"), str) else []
            return own + [d for v in node.values() for d in descriptions(v)]
        if isinstance(node, list):
            return [d for v in node for d in descriptions(v)]
        return []

    quoted = {cid for text in descriptions(manifest_schema()) for cid in CONTROL_ID.findall(text)}
    assert quoted and sorted(quoted - known) == []


def test_new_enums_are_ordered_weakest_first() -> None:
    """The packs' enums start with their weakest value, which is also the default."""
    posture = manifest_schema()["properties"]["posture"]["properties"]
    sections = (
        "delivery",
        "reproducibility",
        "prompts",
        "platform",
        "gateway",
        "agent",
        "governance",
    )

    def walk(node: dict[str, Any], where: str) -> list[str]:
        bad = []
        if "enum" in node and node.get("default") != node["enum"][0]:
            bad.append(where)
        for key, sub in node.get("properties", {}).items():
            bad += walk(sub, f"{where}.{key}")
        return bad

    assert [b for s in sections for b in walk(posture[s], s)] == []
    weakest = {
        ("delivery", "pipeline"): "manual",
        ("reproducibility", "deploy_artifact"): "notebook",
        ("agent", "tool_permissions"): "none",
        ("platform", "gpu_scheduling"): "none",
    }
    for (section, key), value in weakest.items():
        assert posture[section]["properties"][key]["enum"][0] == value
