"""Maturity models and their control catalogs, loaded by id.

A model is data plus policies. Its data is a folder holding ``model.yaml`` (levels,
dimensions, which controls make which cell, floors per tier) and catalog files (every other
``*.yaml``: one entry per control). What every model shares lives in ``controls/core/``:
``core.yaml`` (gate families, the risk tiering, the lifecycles where floors are enforced) and
the catalog of the core controls (RISK-, OWN-, WVR-). :class:`Model` is the two merged.

Where models come from (:class:`ModelPath`):

- built in: ``controls/<id>/`` with its Rego in ``policies/models/<id>/``;
- installed by the user: a folder named on ``--model-path DIR`` or in ``AIMM_MODEL_PATH``
  (``os.pathsep``-separated) holding one sub-folder per model, ``<DIR>/<id>/``, with
  ``model.yaml``, its catalog files and its ``.rego`` files (packages ``aimm.models.<id>.*``)
  side by side. Such a model is validated against ``controls/model.schema.json`` when loaded.

Nothing here knows any model's contents.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from aimm.core.errors import EngineError, ManifestError, UsageError
from aimm.core.files import files_below
from aimm.core.resources import controls_dir, load_yaml, policies_dir

DEFAULT_MODEL = "default"
CORE_FOLDER = "core"
MODEL_FILE = "model.yaml"
CORE_FILE = "core.yaml"
MODEL_PATH_ENV = "AIMM_MODEL_PATH"
# Folders under controls/ that are not models.
_NOT_MODELS = frozenset({CORE_FOLDER, "frameworks"})
# What core.yaml contributes to every model's data.
_CORE_KEYS = ("gate_families", "tiering", "enforced_lifecycles")


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
    # Criteria for some system types instead of the general one: [{types, check, why}].
    by_type: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the entry (``by_type`` only when the control has one)."""
        extra = {"by_type": [dict(v) for v in self.by_type]} if self.by_type else {}
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
            **extra,
        }


# Compared by identity: models are loaded once and cached, and they key further caches.
@dataclass(frozen=True, eq=False)
class Model:
    """A maturity model (merged with the core) and its catalog, in catalog order."""

    id: str
    title: str
    data: dict[str, Any]
    controls: tuple[Control, ...]
    by_id: dict[str, Control] = field(repr=False, compare=False, default_factory=dict)
    # Folders holding the model's own Rego packages (aimm.models.<id>.*).
    policy_dirs: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def rego_key(self) -> str:
        """The model's name in Rego (``data.aimm.models.<key>``, packages
        ``aimm.models.<key>.*``): its id with ``-`` as ``_``."""
        return self.id.replace("-", "_")

    @property
    def report_entrypoints(self) -> dict[str, str]:
        """The model's report rules (model.yaml ``report``: name -> rule below the model's
        packages) as entrypoints, by name: ``track: common.track`` ->
        ``aimm/models/<key>/common/track``."""
        rules = self.data.get("report", {})
        return {
            name: "/".join(["aimm", "models", self.rego_key, *str(rule).split(".")])
            for name, rule in sorted(rules.items())
        }

    @property
    def dimensions(self) -> list[str]:
        """Dimension ids in model order."""
        return [d["id"] for d in self.data["dimensions"]]

    @property
    def families(self) -> list[str]:
        """Every control family: the dimensions, then the gate families."""
        return self.dimensions + [f["id"] for f in self.data.get("gate_families", [])]

    @property
    def capability_profile(self) -> tuple[str, ...]:
        """The dimensions the model labels a capability profile (architecture, not
        operational maturity: no floor in any tier)."""
        return tuple(self.data.get("capability_profile", ()))

    @property
    def levels(self) -> list[int]:
        """The level numbers, lowest first (1..5 for the default model; a model may start at 0)."""
        return [int(entry["level"]) for entry in self.data["levels"]]

    @property
    def bottom(self) -> int:
        """The lowest level: every system is at least there (it has no criteria)."""
        return self.levels[0]

    @property
    def top(self) -> int:
        """The highest level."""
        return self.levels[-1]

    def level_name(self, level: int) -> str:
        """The name of a level, e.g. 3 -> Observed."""
        for entry in self.data["levels"]:
            if entry["level"] == level:
                return str(entry["name"])
        return f"L{level}"

    def applies(self, dimension: str, system_type: str | None) -> bool:
        """Whether a dimension applies to a system type (model.yaml ``applies_to.types``; a
        dimension without it applies to every type). Its controls pass as not applicable for
        other types, so the reports show it as n/a rather than at the top level."""
        for entry in self.data["dimensions"]:
            if entry["id"] == dimension and "applies_to" in entry:
                return system_type in entry["applies_to"].get("types", [])
        return True

    def control(self, control_id: str) -> Control | None:
        """Look a control up by id, case-insensitively."""
        return self.by_id.get(control_id.upper())


def control_from(entry: Mapping[str, Any]) -> Control:
    """A catalog entry (already validated) as a :class:`Control`."""
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
        by_type=tuple(entry.get("by_type", ())),
    )


def id_key(control_id: str) -> tuple[str, tuple[int, ...]]:
    """Sort key of a control id: its prefix, then its numbers (VIS-4.10 after VIS-4.9)."""
    prefix, _, rest = control_id.partition("-")
    numbers = tuple(int(p) for p in rest.split(".") if p.isdigit())
    return prefix, numbers


def in_catalog_order(controls: Iterable[Control], families: Sequence[str]) -> tuple[Control, ...]:
    """Controls ordered by family (model order), then id."""
    order = {fam: i for i, fam in enumerate(families)}
    return tuple(sorted(controls, key=lambda c: (order.get(c.dimension, len(order)), id_key(c.id))))


@dataclass(frozen=True)
class ModelSource:
    """Where one model's data and Rego live."""

    id: str
    data_dir: Path
    policy_dir: Path
    builtin: bool


def _env_paths() -> list[Path]:
    value = os.environ.get(MODEL_PATH_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


class ModelPath:
    """The installed models: the built-in ones, then those below each model-path folder.

    ``paths`` are ``--model-path`` folders; ``AIMM_MODEL_PATH`` adds more unless
    ``use_env`` is False. A user model may not take a built-in model's id.
    """

    def __init__(self, paths: Sequence[Path] = (), *, use_env: bool = True) -> None:
        self.paths = tuple(Path(p) for p in [*paths, *(_env_paths() if use_env else [])])

    def key(self) -> tuple[str, ...]:
        """A hashable identity (the resolved folders), for caching engines per path."""
        return tuple(os.path.realpath(p) for p in self.paths)

    def sources(self) -> dict[str, ModelSource]:
        """Every installed model by id: built-ins first, then user models in path order."""
        found: dict[str, ModelSource] = {}
        for folder in sorted(controls_dir().iterdir()):
            if folder.name not in _NOT_MODELS and (folder / MODEL_FILE).is_file():
                policies = policies_dir() / "models" / folder.name
                found[folder.name] = ModelSource(folder.name, folder, policies, True)
        for root in self.paths:
            if not root.is_dir():
                raise UsageError(f"model path {root}: no such folder")
            for folder in sorted(p for p in root.iterdir() if (p / MODEL_FILE).is_file()):
                held = found.get(folder.name)
                if held is not None and held.builtin:
                    raise UsageError(
                        f"model path {root}: model {folder.name!r} is built in; "
                        "give your model another id"
                    )
                found.setdefault(folder.name, ModelSource(folder.name, folder, folder, False))
        return found

    def ids(self) -> list[str]:
        """Every installed model id, built-ins first."""
        return list(self.sources())

    def control_ids(self) -> frozenset[str]:
        """Every control id of every installed model (what a waiver may name). Loading every
        model costs more than a one-manifest check's evaluation, so the ids are remembered
        under a fingerprint of the models' files."""
        from aimm.core.resources import remembered

        folders = [controls_dir(), *(s.data_dir for s in self.sources().values() if not s.builtin)]
        ids = remembered(
            "control-ids",
            folders,
            lambda: sorted({c.id for model_id in self.ids() for c in self.load(model_id).controls}),
        )
        return frozenset(ids)

    def load(self, model_id: str = DEFAULT_MODEL) -> Model:
        """The model ``model_id``; an unknown id is a usage error listing the installed ones."""
        sources = self.sources()
        source = sources.get(model_id)
        if source is None:
            raise UsageError(
                f"unknown model {model_id!r} (installed: {', '.join(sources)}; "
                "add folders with --model-path or AIMM_MODEL_PATH)"
            )
        return _load_source(source)


def load_model(model_id: str = DEFAULT_MODEL) -> Model:
    """A built-in model (or one on ``AIMM_MODEL_PATH``) by id."""
    return ModelPath().load(model_id)


@cache
def _core() -> tuple[dict[str, Any], tuple[Control, ...]]:
    folder = controls_dir() / CORE_FOLDER
    data = load_yaml(folder / CORE_FILE)
    controls: list[Control] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name != CORE_FILE:
            controls.extend(control_from(e) for e in (load_yaml(path) or {}).get("controls", []))
    return {k: data[k] for k in _CORE_KEYS}, tuple(controls)


@cache
def _load_source(source: ModelSource) -> Model:
    model_file = source.data_dir / MODEL_FILE
    if source.builtin:
        own = load_yaml(model_file)
        entries = [
            control_from(e)
            for path in sorted(source.data_dir.glob("*.yaml"))
            if path.name != MODEL_FILE
            for e in (load_yaml(path) or {}).get("controls", [])
        ]
    else:
        own = _validated(model_file, "model")
        entries = [
            control
            for path in files_below(source.data_dir, (".yaml", ".yml"), what="model folder")
            if path != model_file
            for control, _ in catalog_entries(path)
        ]
    if own.get("id") != source.id:
        raise EngineError(f"{model_file}: id {own.get('id')!r} differs from its folder's name")
    core_data, core_controls = _core()
    data = {**own, **copy.deepcopy(core_data)}
    probe = Model(source.id, str(own["title"]), data, ())
    controls = in_catalog_order([*entries, *core_controls], probe.families)
    by_id: dict[str, Control] = {}
    for control in controls:
        if control.id in by_id:
            raise EngineError(f"model {source.id}: control {control.id} is catalogued twice")
        by_id[control.id] = control
    return Model(source.id, str(own["title"]), data, controls, by_id, (source.policy_dir,))


def _validated(path: Path, schema: str) -> dict[str, Any]:
    """A user-supplied model file, read with lines and validated (EngineError: exit 3)."""
    # Imported here: built-in models need neither the loader nor jsonschema.
    from aimm.core.loader import load_manifest
    from aimm.core.schema import validate

    try:
        loaded = load_manifest(path)
        validate(loaded, schema)
    except ManifestError as exc:
        raise EngineError(f"model definition: {exc.one_line()}") from exc
    return dict(loaded.data)


def catalog_entries(path: Path) -> list[tuple[Control, int]]:
    """The entries of a user catalog file with their lines, validated like the built-ins
    (EngineError: exit 3, naming the file and line)."""
    from aimm.core.loader import load_manifest
    from aimm.core.schema import validate

    try:
        loaded = load_manifest(path)
        validate(loaded, "catalog")
    except ManifestError as exc:
        raise EngineError(f"custom catalog: {exc.one_line()}") from exc
    return [
        (control_from(entry), loaded.line_for(f"/controls/{i}/id"))
        for i, entry in enumerate(loaded.data["controls"])
    ]


def extend_model(model: Model, folders: Sequence[Path]) -> Model:
    """``model`` plus the custom controls catalogued in extra policy folders.

    Every ``*.yaml`` file below a folder is a catalog file (``controls/catalog.schema.json``).
    A custom control keeps to its own namespace: its id must be new and must not use a
    prefix of the model. With a grid dimension and a level it joins that cell (so it takes
    part in levels); with no level its dimension must be a waivable gate family (``org`` is
    there for this), so it takes part in the gate. A catalog that breaks these rules is a
    policy error (exit 3) naming the file and line.
    """
    if not folders:
        return model
    data = copy.deepcopy(model.data)
    prefixes = {f["prefix"] for f in [*data["dimensions"], *data.get("gate_families", [])]}
    # The risk tier and waiver validity are the model's own and cannot be waived or disabled.
    gate = {f["id"] for f in data.get("gate_families", []) if f.get("waivable")}
    by_id = dict(model.by_id)
    added: list[Control] = []
    for folder in folders:
        for path in files_below(folder, (".yaml", ".yml"), what="policy folder"):
            for control, line in catalog_entries(path):
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
                    if not model.bottom < control.level <= model.top:
                        raise EngineError(
                            f"{where}: control {control.id} has level {control.level}; "
                            f"model {model.id} has cells from {model.bottom + 1} to {model.top}"
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
    controls = in_catalog_order([*model.controls, *added], model.families)
    return replace(model, data=data, controls=controls, by_id=by_id)


def engine_data(model: Model) -> dict[str, Any]:
    """What Rego reads of one model under ``data.aimm.models.<id>``: the model, a compact
    catalog and the catalog order."""
    return {
        "model": model.data,
        "catalog": {
            c.id: {"dimension": c.dimension, "level": c.level, "title": c.title}
            for c in model.controls
        },
        # Sorting in Rego costs milliseconds per query on rego-cpp; the order is data.
        "catalog_order": [c.id for c in model.controls],
    }


def models_data(models: Iterable[Model], known: Iterable[str] = ()) -> dict[str, Any]:
    """The base document of an engine or bundle: ``{"aimm": {"models": {id: ...},
    "known_controls": {id: true}}}``. ``known_controls`` holds every control a waiver may
    name: the controls of every installed model (``known``) and of the models here, so one
    waiver list serves every model a manifest is evaluated for."""
    chosen = list(models)
    ids = sorted({*known, *(c.id for m in chosen for c in m.controls)})
    return {
        "aimm": {
            "models": {m.rego_key: engine_data(m) for m in chosen},
            "known_controls": dict.fromkeys(ids, True),
        }
    }
