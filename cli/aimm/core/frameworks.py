"""Framework profiles (EU AI Act, NIST AI RMF, ISO/IEC 42001) as data, and the model enforcing them.

A profile lives in ``controls/frameworks/<id>/``: ``profile.yaml`` lists its clauses (what each
asks, its source and verification tag, the date it applies from, which systems it applies to, and
the grid levels and controls that evidence it) and ``controls.yaml`` holds the framework's
governance controls (catalog entries, prefix ``EU-``, ``NIST-``, ``ISO-``).

:func:`profile_model` adds chosen profiles to the maturity model: their governance controls join
the catalog in one gate family per framework (enforced like ownership: where floors are enforced,
waivable), and the clause data the policies need goes to ``data.model.frameworks``. A check without
profiles never builds this model, so its report cannot change. Profiles reach Rego as
``input.config.profiles`` and ``input.config.enforce_upcoming`` (see :func:`requested`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aimm.core.errors import EngineError, UsageError
from aimm.core.model import Control, Model, load_model
from aimm.core.resources import controls_dir, load_yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from aimm.core.engine import Engine

PROFILE_FILE = "profile.yaml"
CONTROLS_FILE = "controls.yaml"
PROFILE_SCHEMA = "profile.schema.json"
CATALOG_SCHEMA = "catalog.schema.json"
# The family of a framework's "upcoming obligations" control: reported, never gating.
UPCOMING_SUFFIX = "-upcoming"
# The obligations matrix, an extra entrypoint of a profile engine, queried by the audit
# (data.aimm.core.frameworks.matrix in policies/core/frameworks/frameworks.rego).
MATRIX_ENTRYPOINT = "aimm/core/frameworks/matrix"
AUDIT_ENTRYPOINTS = (MATRIX_ENTRYPOINT,)


def frameworks_dir() -> Path:
    """The folder holding one sub-folder per framework profile."""
    return controls_dir() / "frameworks"


@dataclass(frozen=True)
class Clause:
    """One clause of a framework: an obligation, a subcategory or an Annex A control."""

    id: str
    title: str
    summary: str
    source: dict[str, str]
    applies_from: str | None
    applies_from_source: dict[str, str] | None
    applicability: dict[str, Any]
    levels: dict[str, int]
    controls: tuple[str, ...]
    figures: dict[str, int]
    mapping_verification: str
    notes: str = ""
    # Why aimm cannot evidence the clause (reported as not-assessed); empty when it can.
    not_assessed: str = ""
    caveats: tuple[str, ...] = ()
    # Where the law is unsettled: the other date the clause may apply from, with its source.
    alternative_date: dict[str, str] | None = None
    # A transitional rule keyed to the placing-on-market date (EU AI Act Art. 111).
    transition: dict[str, Any] | None = None

    @property
    def assessed(self) -> bool:
        """Whether aimm evidences the clause at all (else it is reported as not-assessed)."""
        return not self.not_assessed

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (for reports and the evidence pack)."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "source": dict(self.source),
            "applies_from": self.applies_from,
            "applies_from_source": dict(self.applies_from_source or {}) or None,
            "applicability": self.applicability,
            "levels": dict(self.levels),
            "controls": list(self.controls),
            "figures": dict(self.figures),
            "mapping_verification": self.mapping_verification,
            "notes": self.notes,
            "not_assessed": self.not_assessed or None,
            "caveats": list(self.caveats),
            "alternative_date": dict(self.alternative_date or {}) or None,
            "transition": dict(self.transition or {}) or None,
        }


@dataclass(frozen=True)
class Profile:
    """A framework profile: its clauses and its governance controls."""

    id: str
    title: str
    short_title: str
    prefix: str
    kind: str
    source: dict[str, Any]
    disclaimer: str
    notes: tuple[str, ...]
    clauses: tuple[Clause, ...]
    controls: tuple[Control, ...]
    # sha256 of profile.yaml and controls.yaml, for the evidence pack's provenance.
    digest: str = field(compare=False, default="")

    @property
    def statutory(self) -> bool:
        """A regulation binds by law: its governance controls cannot be waived or disabled, and
        a waiver on a control its clauses rest on records accepted risk, never a pass."""
        return self.kind == "regulation"

    @property
    def package(self) -> str:
        """The Rego package of its governance controls: ``aimm.frameworks.<package>``."""
        return self.id.replace("-", "_")

    @property
    def upcoming_control(self) -> str | None:
        """The id of the control reporting upcoming obligations, if the profile has one."""
        for control in self.controls:
            if control.dimension == self.id + UPCOMING_SUFFIX:
                return control.id
        return None

    def home_clauses(self) -> dict[str, Clause]:
        """Each governance control (prefix of this profile) -> the one clause it evidences."""
        homes: dict[str, Clause] = {}
        for clause in self.clauses:
            for control_id in clause.controls:
                if control_id.startswith(self.prefix + "-"):
                    homes.setdefault(control_id, clause)
        return homes

    def rego_data(self) -> dict[str, Any]:
        """What the policies read as ``data.model.frameworks[<id>]``: no prose, only facts."""
        governance = {
            control_id: {
                "clause": clause.id,
                "applies_from": clause.applies_from,
                "when": clause.applicability,
                "figures": clause.figures,
                "transition": clause.transition,
            }
            for control_id, clause in sorted(self.home_clauses().items())
        }
        return {
            "id": self.id,
            "title": self.short_title,
            "package": self.package,
            "statutory": self.statutory,
            "upcoming_control": self.upcoming_control,
            "clauses": [
                {
                    "id": c.id,
                    "applies_from": c.applies_from,
                    "when": c.applicability,
                    "levels": c.levels,
                    "controls": list(c.controls),
                    "transition": c.transition,
                    "assessed": c.assessed,
                }
                for c in self.clauses
            ],
            "governance": governance,
        }


def available() -> list[str]:
    """The ids of the shipped profiles, sorted."""
    folder = frameworks_dir()
    return sorted(p.name for p in folder.iterdir() if (p / PROFILE_FILE).is_file())


@cache
def _validator(name: str) -> Draft202012Validator:
    # Imported here: only a run with profiles validates them.
    from jsonschema import Draft202012Validator

    # The profile schema sits with the profiles; the catalog schema is the default model's.
    folder = frameworks_dir() if name == PROFILE_SCHEMA else controls_dir()
    schema = json.loads((folder / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _check(schema: str, doc: Any, path: Path) -> None:
    """Shipped data that does not match its schema is a broken installation (exit 3)."""
    errors = sorted(_validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "<root>"
        raise EngineError(f"framework profile {path} is invalid at {where}: {errors[0].message}")


def _clause(entry: dict[str, Any]) -> Clause:
    evidence = entry.get("evidence", {})
    return Clause(
        id=str(entry["id"]),
        title=str(entry["title"]),
        summary=" ".join(str(entry["summary"]).split()),
        source=dict(entry["source"]),
        applies_from=entry.get("applies_from"),
        applies_from_source=entry.get("applies_from_source"),
        applicability=dict(entry.get("applicability", {})),
        levels=dict(evidence.get("levels", {})),
        controls=tuple(evidence.get("controls", ())),
        figures=dict(entry.get("figures", {})),
        mapping_verification=str(entry["mapping_verification"]),
        notes=" ".join(str(entry.get("notes", "")).split()),
        not_assessed=" ".join(str(entry.get("not_assessed", "")).split()),
        caveats=tuple(" ".join(str(c).split()) for c in entry.get("caveats", ())),
        alternative_date=entry.get("alternative_date"),
        transition=entry.get("transition"),
    )


def _control(entry: dict[str, Any]) -> Control:
    return Control(
        id=str(entry["id"]),
        dimension=str(entry["dimension"]),
        level=entry.get("level"),
        title=str(entry["title"]),
        check=" ".join(str(entry["check"]).split()),
        why=str(entry["why"]),
        remediation=str(entry["remediation"]),
        evidence=str(entry["evidence"]),
        effort=str(entry["effort"]),
        facts=tuple(entry["facts"]),
        frameworks=tuple(entry["frameworks"]),
    )


def _id_key(control_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in control_id.partition("-")[2].split(".") if p.isdigit())


@cache
def load_profile(name: str) -> Profile:
    """Load and validate one profile folder (``controls/frameworks/<name>/``)."""
    if name not in available():
        raise UsageError(f"unknown framework {name!r}; one of: {', '.join(available())}")
    folder = frameworks_dir() / name
    profile_path, controls_path = folder / PROFILE_FILE, folder / CONTROLS_FILE
    doc = load_yaml(profile_path)
    _check(PROFILE_SCHEMA, doc, profile_path)
    catalog = load_yaml(controls_path) if controls_path.is_file() else {"controls": []}
    if catalog["controls"]:
        _check(CATALOG_SCHEMA, catalog, controls_path)
    digest = hashlib.sha256()
    for path in (profile_path, controls_path):
        if path.is_file():
            digest.update(path.read_bytes())
    # Id order, the upcoming-obligations control (another family) last.
    controls = sorted(
        (_control(e) for e in catalog["controls"]),
        key=lambda c: (c.dimension != str(doc["id"]), _id_key(c.id)),
    )
    return Profile(
        id=str(doc["id"]),
        title=str(doc["title"]),
        short_title=str(doc.get("short_title", doc["title"])),
        prefix=str(doc["prefix"]),
        kind=str(doc["kind"]),
        source=dict(doc["source"]),
        disclaimer=" ".join(str(doc["disclaimer"]).split()),
        notes=tuple(" ".join(str(n).split()) for n in doc.get("notes", ())),
        clauses=tuple(_clause(c) for c in doc["clauses"]),
        controls=tuple(controls),
        digest=digest.hexdigest(),
    )


ALL = "all"


def resolve(names: Iterable[str]) -> tuple[str, ...]:
    """Validate profile names (a usage error names the known ones); keep order, drop repeats.
    ``all`` stands for every shipped profile, in name order."""
    names = tuple(names)
    if not names:
        return ()  # a run without profiles (every manifest of a plain scan) lists no folder
    known = available()
    chosen = tuple(dict.fromkeys(n for name in names for n in (known if name == ALL else [name])))
    for name in chosen:
        if name not in known:
            raise UsageError(f"unknown framework {name!r}; one of: {', '.join(known)}")
    return chosen


def requested(config: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The profiles a run's config asks for (``config["profiles"]``), validated."""
    profiles = (config or {}).get("profiles") or ()
    if isinstance(profiles, str) or not isinstance(profiles, Sequence):
        raise UsageError("config profiles must be a list of framework names")
    return resolve(str(p) for p in profiles)


def profile_config(profiles: Sequence[str], enforce_upcoming: bool) -> dict[str, Any]:
    """The ``input.config`` keys for profiles; empty when none is chosen, so a plain check's
    input stays exactly as it was."""
    config: dict[str, Any] = {}
    if profiles:
        config["profiles"] = list(resolve(profiles))
    if enforce_upcoming:
        config["enforce_upcoming"] = True
    return config


def profile_model(names: tuple[str, ...], base: Model | None = None) -> Model:
    """The base model (default: the default model) plus the governance controls and clause
    data of the named profiles."""
    return _profile_model(tuple(names), base if base is not None else load_model())


@cache
def _profile_model(names: tuple[str, ...], base: Model) -> Model:
    profiles = [load_profile(n) for n in resolve(names)]
    known = {c.id for c in base.controls}
    for profile in profiles:
        _cross_check(profile, known | {c.id for c in profile.controls})
    families = [
        *base.data.get("gate_families", []),
        *(
            {
                "id": p.id,
                "prefix": p.prefix,
                "title": p.short_title,
                "enforce": "floors",
                # A regulation's duties cannot be waived or disabled (a waiver is reported as
                # accepted risk); a voluntary framework's can, like ownership.
                "waivable": not p.statutory,
                **({"statutory": True} if p.statutory else {}),
            }
            for p in profiles
        ),
    ]
    controls = (*base.controls, *(c for p in profiles for c in p.controls))
    data = {
        **base.data,
        "gate_families": families,
        "frameworks": {p.id: p.rego_data() for p in profiles},
    }
    return Model(base.id, base.title, data, controls, {c.id: c for c in controls}, base.policy_dirs)


def _cross_check(profile: Profile, known: set[str]) -> None:
    """Every control a clause names exists; every governance control evidences one clause."""
    homes = profile.home_clauses()
    for clause in profile.clauses:
        for control_id in clause.controls:
            if control_id not in known:
                raise EngineError(
                    f"framework profile {profile.id}: clause {clause.id} names unknown control "
                    f"{control_id}"
                )
    for control in profile.controls:
        if control.id not in homes and control.id != profile.upcoming_control:
            raise EngineError(
                f"framework profile {profile.id}: control {control.id} evidences no clause"
            )


def profiles_of(model: Model) -> tuple[str, ...]:
    """The profile ids a model was built with (none for the plain model)."""
    return tuple(model.data.get("frameworks", {}))


def check_engine_covers(model: Model, config: Mapping[str, Any] | None) -> None:
    """A run that asks for profiles must use a model built with them (fail closed: a profile
    asked for but not loaded would silently enforce nothing)."""
    missing = [p for p in requested(config) if p not in profiles_of(model)]
    if missing:
        raise UsageError(
            f"the policy engine was built without the profile(s) {', '.join(missing)}; "
            "build it with aimm.core.frameworks.engine_for(config)"
        )


def engine_for(config: Mapping[str, Any] | None = None) -> Engine:
    """The regopy engine for a run: the plain one, or one built with the profiles ``config``
    names. (The pipeline chooses its engines with :func:`aimm.core.engines.make_engine`.)"""
    from aimm.core.engine import Engine

    profiles = requested(config)
    if not profiles:
        return Engine()
    return Engine(profile_model(profiles), entrypoints=AUDIT_ENTRYPOINTS)
