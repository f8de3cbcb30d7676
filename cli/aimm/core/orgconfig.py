"""The org configuration (``aimm-org.yaml``): rules the platform team sets in one place.

A config is found, in order, from ``aimm check --config FILE``, from the ``AIMM_CONFIG``
environment variable, or by walking up from each manifest's folder to the nearest
``aimm-org.yaml``. It is read with the manifest's safe YAML reader and validated against
``schemas/org-config.schema.json``; a bad config is an input error (exit 2) naming the file,
line and field. What it says reaches Rego as ``input.config`` (see :meth:`OrgConfig.rego`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from aimm.core.errors import ManifestError, Problem
from aimm.core.loader import LoadedManifest, load_manifest
from aimm.core.schema import ORG_CONFIG, validate

CONFIG_NAME = "aimm-org.yaml"
ENV_VAR = "AIMM_CONFIG"
DEFAULT_MAX_WAIVER_DAYS = 180


@dataclass(frozen=True)
class OrgConfig:
    """A validated org config and where it came from."""

    loaded: LoadedManifest

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
    def models(self) -> tuple[str, ...]:
        """The maturity models manifests under this config are evaluated for (the first
        gates); empty when the config does not say."""
        return tuple(self.data.get("models", ()))

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

    def rego(self) -> dict[str, Any]:
        """The ``input.config`` keys this file sets (floors, owners, waivers, disabled, and the
        evidence staleness limits when given)."""
        data = self.data
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
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        found = candidate / CONFIG_NAME
        if found.is_file():
            return found
    return None


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
        """The loaded config for ``manifest`` (ManifestError when that config is bad)."""
        path = self.path_for(manifest)
        if path is None:
            return None
        key = Path(os.path.abspath(path))
        if key not in self._loaded:
            if not key.is_file():
                raise ManifestError(str(path), [Problem("org config file does not exist")])
            self._loaded[key] = load_config(path)
        return self._loaded[key]
