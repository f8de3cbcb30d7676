"""The org configuration (``aimm-org.yaml``): rules the platform team sets in one place.

A config is found, in order, from ``aimm check --config FILE``, from the ``AIMM_CONFIG``
environment variable, or by walking up from each manifest's folder to every ``aimm-org.yaml``
above it. Of those found by walking up, the outermost is the platform's (a repository cannot
put a file above its own checkout); the ones below it, a repository's own, may only tighten
it (see :func:`tighten` and docs/security.md). It is read with the manifest's safe YAML
reader and validated against ``schemas/org-config.schema.json``; a bad config is an input
error (exit 2) naming the file, line and field. What it says reaches Rego as
``input.config`` (see :meth:`OrgConfig.rego`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from aimm.core.errors import ManifestError, Problem, UsageError
from aimm.core.files import files_below
from aimm.core.loader import LoadedManifest, load_manifest
from aimm.core.schema import ORG_CONFIG, validate

CONFIG_NAME = "aimm-org.yaml"
ENV_VAR = "AIMM_CONFIG"
DEFAULT_MAX_WAIVER_DAYS = 180


# What only the outermost (the platform's) config may set: a repository's config below it
# may not add policies or models, disable controls, allow floors below the defaults, or
# choose the engine that decides its verdicts.
PLATFORM_ONLY = ("policies", "models", "disabled_controls", "allow_lower_floors", "engine")


@dataclass(frozen=True)
class OrgConfig:
    """A validated org config and where it came from; ``inner`` are the configs found below
    it (a repository's own, outermost first), which only tighten it."""

    loaded: LoadedManifest
    inner: tuple[OrgConfig, ...] = ()

    @property
    def path(self) -> Path:
        """The config file."""
        return self.loaded.path

    @property
    def data(self) -> dict[str, Any]:
        """The config as written (validated)."""
        return self.loaded.data

    @cached_property
    def policy_dirs(self) -> tuple[Path, ...]:
        """Extra policy folders, resolved against the config file's folder."""
        base = self.path.parent
        return tuple(Path(os.path.normpath(base / p)) for p in self.data.get("policies", []))

    @property
    def inventory(self) -> dict[str, Any]:
        """The organisation's own inventory counts (``inventory``), for org-scope controls."""
        return dict(self.data.get("inventory") or {})

    @property
    def models(self) -> tuple[str, ...]:
        """The maturity models manifests under this config are evaluated for (the first
        gates); empty when the config does not say."""
        return tuple(e if isinstance(e, str) else e["id"] for e in self.data.get("models", ()))

    @property
    def gating_models(self) -> frozenset[str]:
        """The models whose gate the config marks as failing the run (``gate: true``)."""
        return frozenset(
            e["id"] for e in self.data.get("models", ()) if isinstance(e, dict) and e.get("gate")
        )

    def line_of_model(self, model_id: str) -> tuple[int, str]:
        """The line and pointer of an entry of ``models`` (for error messages)."""
        for i, name in enumerate(self.models):
            if name == model_id:
                return self.loaded.line_for(f"/models/{i}"), f"/models/{i}"
        return 1, ""

    @cached_property
    def disabled(self) -> dict[str, str]:
        """Disabled control id -> the reason given."""
        return {e["control"]: e["reason"] for e in self.data.get("disabled_controls", [])}

    def line_of_disabled(self, control_id: str) -> tuple[int, str]:
        """The line and pointer of a disabled-control entry (for error messages)."""
        for i, entry in enumerate(self.data.get("disabled_controls", [])):
            if entry["control"] == control_id:
                pointer = f"/disabled_controls/{i}/control"
                return self.loaded.line_for(pointer), pointer
        return 1, ""

    def ignored_floors(self, default_floors: dict[str, dict[str, int]]) -> list[tuple[int, str]]:
        """``(line, warning)`` for floor overrides below the default, which only apply with
        ``allow_lower_floors: true`` (so the platform team learns a setting had no effect)."""
        if self.data.get("allow_lower_floors"):
            return []
        warnings = []
        for tier, row in sorted(self.data.get("floors", {}).items()):
            for dimension, level in sorted(row.items()):
                default = default_floors.get(tier, {}).get(dimension)
                if isinstance(default, int) and level < default:
                    line = self.loaded.line_for(f"/floors/{tier}/{dimension}")
                    warnings.append(
                        (
                            line,
                            f"floors.{tier}.{dimension} {level} is below the default "
                            f"{default} and is ignored (allow_lower_floors: true lowers it)",
                        )
                    )
        return warnings

    @cached_property
    def effective(self) -> dict[str, Any]:
        """The config in force: this file's, tightened by each inner config in turn."""
        data = dict(self.data)
        for config in self.inner:
            data = tighten(data, config.data)
        return data

    def rego(self) -> dict[str, Any]:
        """The ``input.config`` keys in force (floors, owners, waivers, disabled, and the
        evidence staleness limits when given)."""
        data = self.effective
        waivers = data.get("waivers", {})
        approvers = [str(a).lower() for a in waivers.get("approvers", [])]
        config: dict[str, Any] = {
            "floors": data.get("floors", {}),
            "allow_lower_floors": bool(data.get("allow_lower_floors", False)),
            "required_owners": data.get("required_owners", []),
            "waivers": {
                "max_days": waivers.get("max_days", DEFAULT_MAX_WAIVER_DAYS),
                # Emails and domains are split here so Rego compares plain strings.
                "approvers": {
                    "restricted": bool(approvers),
                    "emails": sorted(a for a in approvers if "@" in a.lstrip("@")),
                    "domains": sorted(a.lstrip("@") for a in approvers if "@" not in a.lstrip("@")),
                },
            },
            "disabled": dict(self.disabled),
        }
        if "profiles" in data:
            config["profiles"] = list(data["profiles"])
        if "enforce_upcoming" in data:
            config["enforce_upcoming"] = bool(data["enforce_upcoming"])
        if "evidence" in data:
            # Absent limits keep their default (365 days), which the policies apply.
            config["evidence"] = {
                "staleness_days": dict(data["evidence"].get("staleness_days", {}))
            }
        return config


def load_config(path: Path) -> OrgConfig:
    """Read and validate an org config; raise ManifestError (exit 2) when it is bad."""
    loaded = load_manifest(path)
    validate(loaded, ORG_CONFIG)
    config = OrgConfig(loaded)
    problems = [
        Problem(
            f"policy folder {raw!r} does not exist (resolved to {folder})",
            loaded.line_for(f"/policies/{i}"),
            f"/policies/{i}",
        )
        for i, (raw, folder) in enumerate(
            zip(config.data.get("policies", []), config.policy_dirs, strict=True)
        )
        if not folder.is_dir()
    ]
    for i, folder in enumerate(config.policy_dirs):
        if folder.is_dir():
            try:  # bounded: `policies: [/]` is refused here, not walked
                files_below(folder, (".rego", ".yaml", ".yml"), what="policy folder")
            except UsageError as exc:
                pointer = f"/policies/{i}"
                problems.append(Problem(str(exc), loaded.line_for(pointer), pointer))
    from aimm.core.frameworks import available  # here: frameworks imports the engine

    known = available()
    problems += [
        Problem(
            f"unknown profile {name!r}; one of: {', '.join(known)}",
            loaded.line_for(f"/profiles/{i}"),
            f"/profiles/{i}",
        )
        for i, name in enumerate(config.data.get("profiles", []))
        if name not in known
    ]
    if problems:
        raise ManifestError(str(path), problems)
    return config


def find_config(start: Path) -> Path | None:
    """The nearest ``aimm-org.yaml`` in ``start``'s folder or any folder above it."""
    found = find_configs(start)
    return found[0] if found else None


def find_configs(start: Path) -> list[Path]:
    """Every ``aimm-org.yaml`` in ``start``'s folder and the folders above it, nearest first."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    return [c / CONFIG_NAME for c in (folder, *folder.parents) if (c / CONFIG_NAME).is_file()]


def check_inner(config: OrgConfig, platform: OrgConfig) -> None:
    """A repository's config below the platform's may not set what only the platform may
    (:data:`PLATFORM_ONLY`): a located input error (exit 2), never silently applied."""
    problems = [
        Problem(
            f"{key}: only the outermost org config (the platform's, {platform.path}) may set "
            "this; a repository's aimm-org.yaml may only tighten it (raise floors, add "
            "required owners, shorten waivers, narrow approvers, add profiles)",
            config.loaded.line_for(f"/{key}"),
            f"/{key}",
        )
        for key in PLATFORM_ONLY
        if key in config.data
    ]
    if problems:
        raise ManifestError(str(config.path), problems)


def _floor_default(tier: str, dimension: str) -> int | None:
    from aimm.core.model import load_model  # here: the model imports nothing of this module

    value = load_model().data.get("floors", {}).get(tier, {}).get(dimension)
    return value if isinstance(value, int) else None


def _approved_by(approvers: list[str], entry: str) -> bool:
    """Whether ``entry`` (an email or a domain) is within what ``approvers`` allow."""
    entry = entry.lower().lstrip("@")
    for allowed in (a.lower().lstrip("@") for a in approvers):
        if entry == allowed:
            return True
        if "@" not in allowed and entry.rpartition("@")[2] in (allowed,) and "@" in entry:
            return True
    return False


def tighten(outer: dict[str, Any], inner: dict[str, Any]) -> dict[str, Any]:
    """``outer`` as ``inner`` may change it: floors only raised, required owners added,
    waivers' maximum only shortened and approvers only narrowed, profiles added,
    ``enforce_upcoming`` only switched on. Platform-only keys are not read from ``inner``."""
    merged = dict(outer)
    floors = {tier: dict(row) for tier, row in outer.get("floors", {}).items()}
    lowering = bool(outer.get("allow_lower_floors"))
    for tier, row in inner.get("floors", {}).items():
        for dimension, level in row.items():
            held = floors.get(tier, {}).get(dimension)
            base = held if held is not None else _floor_default(tier, dimension)
            if base is None and lowering:
                continue  # nothing to compare with while lowering is allowed: not taken
            if base is None or level > base:
                floors.setdefault(tier, {})[dimension] = level
    if floors:
        merged["floors"] = floors
    owners = [*outer.get("required_owners", []), *inner.get("required_owners", [])]
    if owners:
        merged["required_owners"] = owners
    waivers = dict(outer.get("waivers", {}))
    inner_waivers = inner.get("waivers", {})
    if "max_days" in inner_waivers:
        waivers["max_days"] = min(
            inner_waivers["max_days"], waivers.get("max_days", DEFAULT_MAX_WAIVER_DAYS)
        )
    if inner_waivers.get("approvers"):
        held_approvers = list(waivers.get("approvers", []))
        narrowed = [
            a for a in inner_waivers["approvers"]
            if not held_approvers or _approved_by(held_approvers, str(a))
        ]  # fmt: skip
        # Nothing left means nobody may approve: still restricted, never opened up.
        waivers["approvers"] = narrowed or ["@nobody.invalid"]
    if waivers:
        merged["waivers"] = waivers
    profiles = [*outer.get("profiles", []), *inner.get("profiles", [])]
    if profiles:
        merged["profiles"] = list(dict.fromkeys(profiles))
    if inner.get("enforce_upcoming"):
        merged["enforce_upcoming"] = True
    return merged


class ConfigResolver:
    """Which org config applies to a manifest, with each file read once per run.

    ``explicit`` (``--config``) wins, then ``AIMM_CONFIG`` (unless ``use_env`` is false),
    then the nearest ``aimm-org.yaml`` above the manifest (unless ``discover`` is false).
    """

    def __init__(
        self,
        explicit: Path | None = None,
        *,
        discover: bool = True,
        use_env: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        env = (os.environ if environ is None else environ) if use_env else {}
        self.fixed = explicit or (Path(env[ENV_VAR]) if env.get(ENV_VAR) else None)
        self.discover = discover
        self._loaded: dict[Path, OrgConfig] = {}
        self._found: dict[Path, Path | None] = {}
        self._chains: dict[Path, tuple[Path, ...]] = {}
        self._merged: dict[tuple[Path, ...], OrgConfig] = {}

    def path_for(self, manifest: Path) -> Path | None:
        """The config file that applies to ``manifest``, or None."""
        if self.fixed is not None:
            return self.fixed
        if not self.discover:
            return None
        folder = Path(os.path.abspath(manifest)).parent
        if folder not in self._found:
            self._found[folder] = find_config(folder)
        return self._found[folder]

    def loaded(self) -> list[OrgConfig]:
        """The configs read so far, in the order they were first used."""
        return list(self._loaded.values())

    def for_manifest(self, manifest: Path) -> OrgConfig | None:
        """The config in force for ``manifest`` (ManifestError when a config is bad): the
        fixed one alone, or the outermost found above the manifest tightened by the ones
        below it."""
        if self.fixed is not None or not self.discover:
            path = self.path_for(manifest)
            return None if path is None else self._load(path)
        folder = Path(os.path.abspath(manifest)).parent
        if folder not in self._chains:
            self._chains[folder] = tuple(reversed(find_configs(folder)))  # outermost first
        chain = self._chains[folder]
        if not chain:
            return None
        if len(chain) == 1:
            return self._load(chain[0])
        if chain not in self._merged:
            platform = self._load(chain[0])
            inner = tuple(self._load(path) for path in chain[1:])
            for config in inner:
                check_inner(config, platform)
            self._merged[chain] = OrgConfig(platform.loaded, inner)
        return self._merged[chain]

    def _load(self, path: Path) -> OrgConfig:
        key = Path(os.path.abspath(path))
        if key not in self._loaded:
            if not key.is_file():
                raise ManifestError(str(path), [Problem("org config file does not exist")])
            self._loaded[key] = load_config(path)
        return self._loaded[key]
