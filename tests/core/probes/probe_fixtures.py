"""Helpers for the evidence probe tests: a target built from a file written under a repository."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from aimm.core import evidence
from aimm.core.probes import RunCache, Target

MakeTarget = Callable[..., Target]


def target_maker(tmp_path: Path) -> MakeTarget:
    """``make_target(declared, manifest, content=None)``: the probe target for a path declared
    by ``manifest`` in a repository under tmp_path (``content`` written to it first, a str or
    bytes; a folder when it ends with ``/``)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True, exist_ok=True)

    def make(declared: str, manifest: dict[str, Any], content: str | bytes | None = None) -> Target:
        path = root / declared
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content, encoding="utf-8")
        places = evidence.declarations(manifest)[declared]
        return Target(
            declared=declared,
            path=path.resolve(),
            root=root.resolve(),
            manifest_dir=root.resolve(),
            manifest=manifest,
            declarations=places,
            cache=RunCache(),
        )

    return make


def suite_manifest(path: str, cases: int | None = None) -> dict[str, Any]:
    """A manifest declaring one eval suite at ``path`` (with a number of cases when given)."""
    suite: dict[str, Any] = {"name": "golden", "path": path}
    if cases is not None:
        suite["cases"] = cases
    return {"posture": {"evaluation": {"suites": [suite]}}}
