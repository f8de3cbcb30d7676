"""The maturity model and its control catalog, loaded from ``controls/<model>/``.

The grid is data: dimensions, level names, which controls make which cell, the tier
table and the floors live in ``model.yaml``; every other YAML file in the folder holds
control entries. Nothing here knows the default model's contents.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aimm.core.errors import EngineError, ManifestError
from aimm.core.resources import controls_dir

DEFAULT_MODEL = "default"


@dataclass(frozen=True)
class Control:
    """One control of the catalog: what it checks, why, and what to do about it."""

    id: str
    dimension: str
    level: int | None
    title: str
    check: str
    why: str
    remediation: str
    evidence: str
    effort: str
    facts: tuple[str, ...] = ()
    frameworks: tuple[dict[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the entry."""
        return {
            "id": self.id,
            "dimension": self.dimension,
            "level": self.level,
            "title": self.title,
            "check": self.check,
            "why": self.why,
            "remediation": self.remediation,
            "evidence": self.evidence,
            "effort": self.effort,
            "facts": list(self.facts),
            "frameworks": [dict(f) for f in self.frameworks],
        }


@dataclass(frozen=True)
class Model:
    """A maturity model with its catalog, in catalog order."""

    id: str
    title: str
    data: dict[str, Any]
    controls: tuple[Control, ...]
    by_id: dict[str, Control] = field(repr=False, compare=False, default_factory=dict)

    @property
    def dimensions(self) -> list[str]:
        """Dimension ids in model order."""
        return [d["id"] for d in self.data["dimensions"]]

    @property
    def families(self) -> list[str]:
        """Every control family: the dimensions, then the gate families."""
        return self.dimensions + [f["id"] for f in self.data.get("gate_families", [])]

    def level_name(self, level: int) -> str:
        """The name of a level, e.g. 3 -> Observed."""
        for entry in self.data["levels"]:
            if entry["level"] == level:
                return str(entry["name"])
        return f"L{level}"

    def control(self, control_id: str) -> Control | None:
        """Look a control up by id, case-insensitively."""
        return self.by_id.get(control_id.upper())


# libyaml's loader parses the catalog several times faster than the pure-Python one, and
# every command pays for loading the catalog.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_SafeLoader)


def _control(entry: dict[str, Any]) -> Control:
    return Control(
        id=str(entry["id"]),
        dimension=str(entry["dimension"]),
        level=entry.get("level"),
        title=str(entry.get("title", "")),
        check=str(entry.get("check", "")),
        why=str(entry.get("why", "")),
        remediation=str(entry.get("remediation", "")),
        evidence=str(entry.get("evidence", "")),
        effort=str(entry.get("effort", "")),
        facts=tuple(entry.get("facts", ())),
        frameworks=tuple(entry.get("frameworks", ())),
    )


@cache
def load_model(name: str = DEFAULT_MODEL, root: Path | None = None) -> Model:
    """Load a model folder: ``model.yaml`` plus every other ``*.yaml`` as catalog entries."""
    folder = (root or controls_dir()) / name
    data = _load_yaml(folder / "model.yaml")
    entries: list[Control] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "model.yaml":
            continue
        doc = _load_yaml(path) or {}
        entries.extend(_control(e) for e in doc.get("controls", []))
    order = {
        fam: i
        for i, fam in enumerate(
            [d["id"] for d in data["dimensions"]] + [f["id"] for f in data.get("gate_families", [])]
        )
    }
    entries.sort(key=lambda c: (order.get(c.dimension, len(order)), _id_key(c.id)))
    by_id = {c.id: c for c in entries}
    return Model(str(data["id"]), str(data["title"]), data, tuple(entries), by_id)


def extend_model(model: Model, folders: Sequence[Path]) -> Model:
    """``model`` plus the custom controls catalogued in extra policy folders.

    Every ``*.yaml`` file below a folder is a catalog file (``controls/catalog.schema.json``).
    A custom control keeps to its own namespace: its id must be new and must not use a
    prefix of the model. With a grid dimension and a level it joins that cell (so it takes
    part in levels); with no level its dimension must be a gate family (``org`` is there for
    this), so it takes part in the gate. A catalog that breaks these rules is a policy error
    (exit 3) naming the file and line.
    """
    if not folders:
        return model
    data = copy.deepcopy(model.data)
    prefixes = {f["prefix"] for f in [*data["dimensions"], *data.get("gate_families", [])]}
    # Custom controls outside the grid join a waivable gate family (org, ownership): the risk
    # tier and waiver validity are the model's own and cannot be waived or disabled.
    gate = {f["id"] for f in data.get("gate_families", []) if f.get("waivable")}
    by_id = dict(model.by_id)
    added: list[Control] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")):
            for control, line in _custom_entries(path):
                where = f"{path}:{line}"
                prefix = control.id.partition("-")[0]
                if control.id in by_id:
                    raise EngineError(f"{where}: control {control.id} is already in the catalog")
                if prefix in prefixes:
                    raise EngineError(
                        f"{where}: control {control.id} uses the built-in prefix {prefix}-; "
                        "custom controls need the org's own prefix"
                    )
                if control.level is not None:
                    if control.dimension not in model.dimensions:
                        raise EngineError(
                            f"{where}: control {control.id} has a level, so its dimension must "
                            f"be one of: {', '.join(model.dimensions)}"
                        )
                    cells = data["cells"].setdefault(control.dimension, {})
                    cells.setdefault(str(control.level), []).append(control.id)
                elif control.dimension not in gate:
                    raise EngineError(
                        f"{where}: control {control.id} has no level, so its dimension must be "
                        f"a waivable gate family: {', '.join(sorted(gate))}"
                    )
                by_id[control.id] = control
                added.append(control)
    order = {fam: i for i, fam in enumerate(model.families)}
    controls = sorted(
        [*model.controls, *added], key=lambda c: (order.get(c.dimension, len(order)), _id_key(c.id))
    )
    return replace(model, data=data, controls=tuple(controls), by_id=by_id)


def _custom_entries(path: Path) -> list[tuple[Control, int]]:
    """The entries of a custom catalog file with their lines, validated like the built-ins."""
    # Imported here: the schema module imports the loader, which the catalog does not need
    # for the built-in model.
    from aimm.core.loader import load_manifest
    from aimm.core.schema import validate

    try:
        loaded = load_manifest(path)
        validate(loaded, "catalog")
    except ManifestError as exc:
        raise EngineError(f"custom catalog: {exc.one_line()}") from exc
    return [
        (_control(entry), loaded.line_for(f"/controls/{i}/id"))
        for i, entry in enumerate(loaded.data["controls"])
    ]


def _id_key(control_id: str) -> tuple[str, tuple[int, ...]]:
    prefix, _, rest = control_id.partition("-")
    numbers = tuple(int(p) for p in rest.split(".") if p.isdigit())
    return prefix, numbers


def engine_data(model: Model | None = None) -> dict[str, Any]:
    """The base document handed to Rego: the model and a compact catalog."""
    model = model or load_model()
    return {
        "model": model.data,
        "catalog": {
            c.id: {"dimension": c.dimension, "level": c.level, "title": c.title}
            for c in model.controls
        },
        # Sorting in Rego costs milliseconds per query on rego-cpp; the order is data.
        "catalog_order": [c.id for c in model.controls],
    }
