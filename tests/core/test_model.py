"""The maturity models and their control catalogs are consistent data, loaded as they are.

Every model folder under ``controls/`` holds a ``model.yaml`` and catalog files (every other
``*.yaml``); ``controls/core/`` holds what every model shares (``core.yaml``: gate families,
tiering, enforced lifecycles; the RISK-, OWN- and WVR- catalogs). These tests validate them
against their JSON Schemas (``controls/model.schema.json``, ``controls/core.schema.json``,
``controls/catalog.schema.json``) and check, on each model merged with the core, what a schema
cannot: the cells of the grid and the catalog agree, ids are unique and carry the right prefix
and level, gate-family controls sit outside the grid, and every remediation names the manifest
field to update.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft202012Validator,
)

from aimm.core.model import load_model
from aimm.core.resources import controls_dir
from tests.support import LOADER

CONTROLS = controls_dir()
CORE = CONTROLS / "core"
CATALOG_SCHEMA = CONTROLS / "catalog.schema.json"
MODEL_SCHEMA = CONTROLS / "model.schema.json"
CORE_SCHEMA = CONTROLS / "core.schema.json"

# Remediation text must point at the manifest: one of these must appear in it.
MANIFEST_ROOTS = (
    "posture.", "metadata.", "risk.", "waivers", "system.", "compliance.", "observations.",
)  # fmt: skip

# Framework ids used in the shipped catalogs and the shape of their clause references.
FRAMEWORK_REFS: dict[str, re.Pattern[str]] = {
    "eu-ai-act": re.compile(r"^Art\. [0-9]+[a-z]?(\([0-9a-z,]+\))*$"),
    "nist-ai-rmf": re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) [0-9]+(\.[0-9]+)?$"),
    "iso-42001": re.compile(r"^A\.[0-9]+(\.[0-9]+){1,2}$"),
}

TITLE_MAX = 70


@cache
def _load_yaml(path: Path) -> Any:
    """A data file, parsed once (with libyaml when available); callers never modify it."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _model_dirs() -> list[Path]:
    return sorted(p for p in CONTROLS.iterdir() if (p / "model.yaml").is_file())


def _catalog_files(model_dir: Path) -> list[Path]:
    return sorted(p for p in model_dir.glob("*.yaml") if p.name not in ("model.yaml", "core.yaml"))


MODEL_DIRS = _model_dirs()
CATALOG_FILES = [f for d in [CORE, *MODEL_DIRS] for f in _catalog_files(d)]


def _label(path: Path) -> str:
    return str(path.relative_to(CONTROLS))


def _entries(model_dir: Path) -> list[dict[str, Any]]:
    """Every raw catalog entry of a model and of the core it shares, in file order."""
    entries: list[dict[str, Any]] = []
    for path in _catalog_files(model_dir) + _catalog_files(CORE):
        entries.extend(_load_yaml(path)["controls"])
    return entries


def _by_id(model_dir: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in _entries(model_dir)}


def _prefixes(model: dict[str, Any]) -> dict[str, str]:
    """Family id -> id prefix, for the dimensions and the gate families."""
    families = list(model["dimensions"]) + list(model.get("gate_families", []))
    return {f["id"]: f["prefix"] for f in families}


def _validator(schema_path: Path) -> Draft202012Validator:
    schema = _load_json(schema_path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    ]


def _dotted(pointer: str) -> str:
    """/posture/visibility/tracing/coverage -> posture.visibility.tracing.coverage"""
    return ".".join(pointer.strip("/").split("/"))


@pytest.fixture(scope="module", params=MODEL_DIRS, ids=lambda p: p.name)
def model_dir(request: pytest.FixtureRequest) -> Path:
    """Each model folder under controls/."""
    path: Path = request.param
    return path


@pytest.fixture(scope="module")
def model(model_dir: Path) -> dict[str, Any]:
    """The raw model.yaml of the model folder, with the core's keys (as the loader merges
    them: gate families, tiering, enforced lifecycles)."""
    doc: dict[str, Any] = {**_load_yaml(model_dir / "model.yaml"), **_load_yaml(CORE / "core.yaml")}
    return doc


# --------------------------------------------------------------------------- schemas


def test_there_is_a_default_model_with_a_catalog() -> None:
    """The shipped data has the default model and at least one catalog file, and the core
    its own catalogs."""
    assert (CONTROLS / "default" / "model.yaml").is_file()
    assert any(f.parent.name == "default" for f in CATALOG_FILES)
    assert (CORE / "core.yaml").is_file()
    assert any(f.parent == CORE for f in CATALOG_FILES)


@pytest.mark.parametrize(
    "schema_path", [CATALOG_SCHEMA, MODEL_SCHEMA, CORE_SCHEMA], ids=lambda p: p.name
)
def test_schemas_are_valid_draft_2020_12(schema_path: Path) -> None:
    """Both schemas are themselves valid JSON Schema 2020-12 documents."""
    schema = _load_json(schema_path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", CATALOG_FILES, ids=_label)
def test_catalog_file_matches_schema(path: Path) -> None:
    """Every catalog file validates against controls/catalog.schema.json."""
    errors = _errors(_validator(CATALOG_SCHEMA), _load_yaml(path))
    assert not errors, f"{_label(path)}:\n" + "\n".join(errors)


def test_model_matches_schema(model_dir: Path) -> None:
    """model.yaml validates against controls/model.schema.json."""
    errors = _errors(_validator(MODEL_SCHEMA), _load_yaml(model_dir / "model.yaml"))
    assert not errors, f"{model_dir.name}/model.yaml:\n" + "\n".join(errors)


def test_core_matches_schema() -> None:
    """controls/core/core.yaml validates against controls/core.schema.json, and a model file
    cannot carry the core's keys (one tiering for every model)."""
    core = _load_yaml(CORE / "core.yaml")
    assert not _errors(_validator(CORE_SCHEMA), core)
    model = _load_yaml(CONTROLS / "default" / "model.yaml")
    for key in core:
        assert _errors(_validator(MODEL_SCHEMA), {**model, key: core[key]}), key


def test_catalog_schema_is_strict() -> None:
    """An unknown key, a bad effort or a relative fact pointer is rejected."""
    validator = _validator(CATALOG_SCHEMA)
    entry = dict(_entries(CONTROLS / "default")[0])
    assert not _errors(validator, {"controls": [entry]})
    for key, value in (
        ("remedy", "typo of remediation"),
        ("effort", "XL"),
        ("facts", ["posture/visibility"]),
        # A cell sits above its model's lowest level, which may be 0: level 1 is a valid
        # cell of such a model, so the schema's range is 1-9; the model checks the rest.
        ("level", 0),
        ("level", 10),
        ("title", ""),
        ("id", "vis-2.1"),
    ):
        bad = {**entry, key: value}
        assert _errors(validator, {"controls": [bad]}), f"{key}={value!r} was accepted"
    missing = {k: v for k, v in entry.items() if k != "why"}
    assert _errors(validator, {"controls": [missing]})


# ------------------------------------------------------------------- model <-> catalog


def test_control_ids_are_unique(model_dir: Path) -> None:
    """No control id appears twice across the model's catalog files."""
    counts = Counter(e["id"] for e in _entries(model_dir))
    duplicates = sorted(cid for cid, n in counts.items() if n > 1)
    assert not duplicates, f"duplicate control ids: {duplicates}"


def test_every_control_belongs_to_a_family(model_dir: Path, model: dict[str, Any]) -> None:
    """Each entry's dimension is a grid dimension or a gate family of the model."""
    families = set(_prefixes(model))
    unknown = sorted(
        f"{e['id']} ({e['dimension']})"
        for e in _entries(model_dir)
        if e["dimension"] not in families
    )
    assert not unknown, f"controls outside every family: {unknown}"


def test_cells_name_catalog_controls(model_dir: Path, model: dict[str, Any]) -> None:
    """Every id in a cell exists in the catalog with that cell's dimension and level."""
    catalog = _by_id(model_dir)
    problems: list[str] = []
    for dimension, cells in model["cells"].items():
        for level, ids in cells.items():
            for cid in ids:
                entry = catalog.get(cid)
                if entry is None:
                    problems.append(f"{dimension}/{level}: {cid} is not in the catalog")
                elif (entry["dimension"], entry["level"]) != (dimension, int(level)):
                    problems.append(
                        f"{dimension}/{level}: {cid} is catalogued as "
                        f"{entry['dimension']}/{entry['level']}"
                    )
    assert not problems, "\n".join(problems)


def test_every_grid_control_is_in_exactly_one_cell(model_dir: Path, model: dict[str, Any]) -> None:
    """A catalog control with a level sits in exactly one cell: its dimension at its level."""
    placements: dict[str, list[tuple[str, int]]] = {}
    for dimension, cells in model["cells"].items():
        for level, ids in cells.items():
            for cid in ids:
                placements.setdefault(cid, []).append((dimension, int(level)))
    problems: list[str] = []
    for entry in _entries(model_dir):
        if entry["level"] is None:
            if entry["id"] in placements:
                problems.append(f"{entry['id']} has no level but sits in {placements[entry['id']]}")
            continue
        found = placements.get(entry["id"], [])
        if found != [(entry["dimension"], entry["level"])]:
            problems.append(
                f"{entry['id']} ({entry['dimension']}/{entry['level']}) sits in cells {found}"
            )
    assert not problems, "\n".join(problems)


def test_cells_cover_every_dimension(model: dict[str, Any]) -> None:
    """The cells name exactly the model's dimensions, and each has criteria for every level
    above the lowest that the model defines."""
    dimensions = [d["id"] for d in model["dimensions"]]
    assert sorted(model["cells"]) == sorted(dimensions)
    levels = sorted(lv["level"] for lv in model["levels"])
    low = levels[0]
    assert low in (0, 1), "levels start at 0 or 1"
    assert levels == list(range(low, low + len(levels))), "levels must run without gaps"
    expected = [str(lv) for lv in levels if lv > low]
    for dimension in dimensions:
        assert sorted(model["cells"][dimension]) == expected, dimension


def test_grid_and_gate_families_do_not_overlap(model: dict[str, Any]) -> None:
    """Dimension and gate-family ids and prefixes are all distinct."""
    families = list(model["dimensions"]) + list(model.get("gate_families", []))
    ids = [f["id"] for f in families]
    prefixes = [f["prefix"] for f in families]
    assert len(set(ids)) == len(ids), ids
    assert len(set(prefixes)) == len(prefixes), prefixes


def test_gate_family_controls_are_outside_the_grid(model_dir: Path, model: dict[str, Any]) -> None:
    """Controls without a level belong to a gate family, and gate-family controls have no level."""
    gate = {f["id"] for f in model.get("gate_families", [])}
    problems = [
        f"{e['id']}: dimension {e['dimension']}, level {e['level']}"
        for e in _entries(model_dir)
        if (e["level"] is None) != (e["dimension"] in gate)
    ]
    assert not problems, "\n".join(problems)


def test_ids_carry_the_family_prefix_and_level(model_dir: Path, model: dict[str, Any]) -> None:
    """Grid ids are <PREFIX>-<LEVEL>.<n>; gate-family ids are <PREFIX>-<n>."""
    prefixes = _prefixes(model)
    problems: list[str] = []
    for entry in _entries(model_dir):
        prefix = re.escape(prefixes.get(entry["dimension"], "?"))
        if entry["level"] is None:
            pattern = rf"^{prefix}-[1-9][0-9]*$"
        else:
            pattern = rf"^{prefix}-{entry['level']}\.[1-9][0-9]*$"
        if not re.match(pattern, entry["id"]):
            problems.append(f"{entry['id']} does not match {pattern}")
    assert not problems, "\n".join(problems)


def test_floors_name_every_dimension_within_the_levels(model: dict[str, Any]) -> None:
    """Floors give every tier a level per dimension; tiers and bands agree."""
    dimensions = sorted(d["id"] for d in model["dimensions"])
    low = min(lv["level"] for lv in model["levels"])
    top = max(lv["level"] for lv in model["levels"])
    order = model["tiering"]["order"]
    assert sorted(model["floors"]) == sorted(order)
    for tier, floors in model["floors"].items():
        assert sorted(floors) == dimensions, tier
        assert all(low <= v <= top for v in floors.values()), tier
    regulatory = model.get("regulatory_floors", {})
    assert set(regulatory) <= set(dimensions)
    assert all(low <= v <= top for v in regulatory.values())
    bands = model["tiering"]["bands"]
    assert [b["tier"] for b in bands] == order
    scores = [b["max_score"] for b in bands]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    weights = model["tiering"]["weights"]
    assert scores[-1] >= sum(max(w.values()) for w in weights.values()), "top band too low"


# ---------------------------------------------------------------------- entry content


def test_facts_point_into_the_manifest(model_dir: Path, model: dict[str, Any]) -> None:
    """Facts are pointers under a manifest section; in the default model, whose dimensions are
    the sections of posture:, a grid control reads its own dimension (a pack's dimensions
    read facts across sections: the same manifest serves every model)."""
    roots = {"metadata", "system", "risk", "posture", "compliance", "waivers", "observations"}
    grid = {d["id"] for d in model["dimensions"]} if model["id"] == "default" else set()
    problems: list[str] = []
    for entry in _entries(model_dir):
        problems.extend(
            f"{entry['id']}: {pointer} is outside the manifest"
            for pointer in entry["facts"]
            if pointer.split("/")[1] not in roots
        )
        if entry["dimension"] in grid:
            own = f"/posture/{entry['dimension']}"
            if not any(p == own or p.startswith(own + "/") for p in entry["facts"]):
                problems.append(f"{entry['id']}: no fact under {own}")
    assert not problems, "\n".join(problems)


def test_remediation_names_a_manifest_field(model_dir: Path) -> None:
    """Every remediation tells the team which manifest field to update once done."""
    missing = [
        e["id"]
        for e in _entries(model_dir)
        if not any(root in e["remediation"] for root in MANIFEST_ROOTS)
    ]
    assert not missing, f"remediation names no manifest field: {missing}"


def test_remediation_names_a_field_the_control_reads(model_dir: Path) -> None:
    """The field named in the remediation is one of the facts that decide the control."""
    missing = [
        e["id"]
        for e in _entries(model_dir)
        if not any(_dotted(p) in e["remediation"] for p in e["facts"])
    ]
    assert not missing, f"remediation names none of the control's facts: {missing}"


def test_titles_are_short_single_lines(model_dir: Path) -> None:
    """Titles fit a report line: at most 70 characters, one line, no trailing period."""
    problems = [
        f"{e['id']}: {e['title']!r}"
        for e in _entries(model_dir)
        if len(e["title"]) > TITLE_MAX or "\n" in e["title"] or e["title"].endswith(".")
    ]
    assert not problems, "\n".join(problems)


def test_prose_fields_are_single_paragraphs(model_dir: Path) -> None:
    """why, remediation and evidence are folded paragraphs, not multi-line blocks."""
    problems = [
        f"{e['id']}.{field}"
        for e in _entries(model_dir)
        for field in ("why", "remediation", "evidence")
        if "\n" in e[field] or e[field] != e[field].strip()
    ]
    assert not problems, problems


def test_framework_mappings_are_well_formed(model_dir: Path) -> None:
    """Mappings use known framework ids, well-formed refs, and no duplicates per control."""
    problems: list[str] = []
    for entry in _entries(model_dir):
        seen: set[tuple[str, str]] = set()
        for mapping in entry["frameworks"]:
            key = (mapping["framework"], mapping["ref"])
            pattern = FRAMEWORK_REFS.get(mapping["framework"])
            if pattern is None:
                problems.append(f"{entry['id']}: unknown framework {mapping['framework']}")
            elif not pattern.match(mapping["ref"]):
                problems.append(f"{entry['id']}: bad {mapping['framework']} ref {mapping['ref']!r}")
            if key in seen:
                problems.append(f"{entry['id']}: duplicate mapping {key}")
            seen.add(key)
    assert not problems, "\n".join(problems)


def test_shipped_mappings_are_marked_as_judgement() -> None:
    """Mapping a control to a clause is judgement: the default catalog marks every one INF."""
    marked = {
        (e["id"], m["ref"], m["verification"])
        for e in _entries(CONTROLS / "default")
        for m in e["frameworks"]
        if m["verification"] != "INF"
    }
    assert not marked, marked


# ---------------------------------------------------------------------------- loader


def test_loader_sees_the_same_catalog(model_dir: Path, model: dict[str, Any]) -> None:
    """aimm.core.model.load_model reads every raw entry, text included, in family order."""
    loaded = load_model(model_dir.name)
    raw = _by_id(model_dir)
    assert loaded.id == model["id"] == model_dir.name
    assert sorted(c.id for c in loaded.controls) == sorted(raw)
    for control in loaded.controls:
        assert control.as_dict() == raw[control.id], control.id
    families = loaded.families
    positions = [families.index(c.dimension) for c in loaded.controls]
    assert positions == sorted(positions), "controls are not grouped in family order"
