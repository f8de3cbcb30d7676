"""Helpers for the evidence probe tests: a target built from a file written under a repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aimm.core import evidence
from aimm.core.probes import RunCache, Target

MakeTarget = Callable[..., Target]
# The lying corpus: an honest base and cases laid over it (tests/data/lying/README.md).
CORPUS = Path(__file__).resolve().parents[2] / "data" / "lying"
COMMITTED = "2026-10-01T12:00:00"


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


def _git(root: Path, *args: str, when: str = COMMITTED) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "corpus",
        "GIT_AUTHOR_EMAIL": "corpus@example.com",
        "GIT_COMMITTER_NAME": "corpus",
        "GIT_COMMITTER_EMAIL": "corpus@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def expect_of(name: str) -> dict[str, Any]:
    """A corpus case's expect.json."""
    data: dict[str, Any] = json.loads((CORPUS / name / "expect.json").read_text(encoding="utf-8"))
    return data


def materialise(name: str, into: Path) -> Path:
    """The base with the case laid over it, committed to a new repository: the files the case
    names as committed earlier first, on their date, then the rest on 2026-10-01."""
    root = into / name
    shutil.copytree(CORPUS / "base", root)
    if name != "base":
        shutil.copytree(CORPUS / name, root, dirs_exist_ok=True)
        (root / "expect.json").unlink()
    _git(root, "init", "-q")
    earlier = expect_of(name).get("committed_earlier") if name != "base" else None
    if earlier:
        _git(root, "add", "--", *earlier["paths"])
        _git(root, "commit", "-qm", "earlier", when=earlier["date"])
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "corpus")
    return root / "aimm.yaml"
