"""Baselines for adoption: accept today's failing controls, fail only on new ones.

``aimm check --write-baseline FILE`` records, per manifest, the controls that fail now.
``aimm check --baseline FILE`` passes those ids to Rego (``input.config.baseline``), where a
baselined failure keeps status ``fail`` and holds its level back but no longer fails the
gate; like a waiver, a baseline never covers the risk tier or waiver validity. Entries that
no longer fail are reported so they can be removed.

Manifests are keyed by their path relative to the baseline file's folder (POSIX), so the
same baseline works from any working folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from aimm.core.files import write_atomic
from aimm.core.loader import load_manifest
from aimm.core.result import ManifestResult
from aimm.core.schema import BASELINE, validate


@dataclass(frozen=True)
class Baseline:
    """Accepted failing controls per manifest, read from a baseline file."""

    path: Path
    manifests: dict[str, tuple[str, ...]]

    def key_for(self, manifest: Path | str) -> str:
        """The key of a manifest: its path relative to the baseline file's folder."""
        return manifest_key(Path(manifest), self.path)

    def accepted(self, manifest: Path | str) -> tuple[str, ...]:
        """The control ids accepted for ``manifest`` (empty when it has no entry)."""
        return self.manifests.get(self.key_for(manifest), ())


def manifest_key(manifest: Path, baseline_file: Path) -> str:
    """``manifest`` relative to the folder of ``baseline_file``, POSIX style."""
    base = Path(os.path.abspath(baseline_file)).parent
    return Path(os.path.relpath(os.path.abspath(manifest), base)).as_posix()


def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; ManifestError (exit 2) when it is bad."""
    loaded = load_manifest(path)
    validate(loaded, BASELINE)
    entries = loaded.data["manifests"]
    return Baseline(path, {key: tuple(ids) for key, ids in entries.items()})


def render_baseline(results: Iterable[ManifestResult], path: Path, today: date) -> str:
    """The baseline document for ``results`` as it would be written to ``path``."""
    manifests = {
        manifest_key(Path(r.path), path): sorted({c["id"] for c in r.failing()})
        for r in results
        if r.evaluated
    }
    document = {
        "apiVersion": "aimm/v1",
        "kind": "Baseline",
        "created": today.isoformat(),
        "manifests": {key: ids for key, ids in sorted(manifests.items()) if ids},
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def write_baseline(results: Iterable[ManifestResult], path: Path, today: date) -> None:
    """Write the baseline for ``results`` to ``path`` atomically."""
    write_atomic(path, render_baseline(results, path, today))
