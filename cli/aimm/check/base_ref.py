"""The manifests as they were at a git revision (``aimm check --base-ref GIT_REF``).

The revision is checked out into a temporary folder outside the repository, removed
afterwards: a ``git clone --shared --no-checkout`` of the repository (its objects are read
through git's alternates, nothing is copied or written into the repository), then a
detached checkout of the revision. The whole tree is checked out, not only the manifests:
the files a manifest declares (eval suites, runbooks, workflows), the org config above it
and that config's policy folders are then the revision's own, and the clone's history lets
the git-history probe date a runbook as it was dated then. The manifests are evaluated there
by the same pipeline (same options, models and engines) and their paths mapped back to the
paths this run shows, so the two reports compare path by path.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.loader import MANIFEST_NAME, discover
from aimm.core.pipeline import Pipeline, display_path
from aimm.core.result import ManifestResult

GIT_TIMEOUT_SECONDS = 300
# Settings that would let the repository run programs (its config is read by the clone).
_SAFE_GIT = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.pager=cat",
    "-c",
    "advice.detachedHead=false",
)
# Variables that would point git at another repository than the one asked about.
_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
)


def _git(args: Sequence[str], cwd: Path, ref: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("git")
    if executable is None:
        raise UsageError(f"--base-ref {ref}: needs git, which is not installed")
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    # No network: Git LFS leaves pointer files as they are (no probe reads LFS content).
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_LFS_SKIP_SMUDGE": "1",
        }
    )
    try:
        return subprocess.run(
            [executable, *_SAFE_GIT, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=GIT_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UsageError(
            f"--base-ref {ref}: git {args[0]} took over {GIT_TIMEOUT_SECONDS} s"
        ) from exc


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"git exited with {done.returncode}"


@dataclass(frozen=True)
class BaseTree:
    """A revision checked out beside the repository: ``root`` holds the files of ``sha`` as
    ``toplevel`` (the working repository) holds today's."""

    ref: str
    sha: str
    toplevel: Path
    root: Path

    def paths(self, paths: Sequence[Path]) -> list[Path]:
        """The base tree's counterparts of the command's paths (``./aimm.yaml`` when none),
        leaving out those that did not exist at that revision (their manifests are new)."""
        found = []
        for given in paths or [Path(MANIFEST_NAME)]:
            real = Path(os.path.realpath(given))
            try:
                relative = real.relative_to(self.toplevel)
            except ValueError as exc:
                raise UsageError(
                    f"--base-ref {self.ref}: {given} is outside the git repository {self.toplevel}"
                ) from exc
            mapped = self.root / relative
            if mapped.exists():
                found.append(mapped)
        return found

    def current_file(self, base_path: Path | str) -> Path:
        """The file of the working repository at the place of ``base_path`` in the base tree
        (``base_path`` itself when it is not in the base tree)."""
        real = Path(os.path.realpath(base_path))
        try:
            return self.toplevel / real.relative_to(os.path.realpath(self.root))
        except ValueError:
            return Path(base_path)

    def current_path(self, base_path: str) -> str:
        """A base result's path as this run shows the same file."""
        return display_path(self.current_file(base_path))


@contextlib.contextmanager
def checkout(ref: str, where: Path) -> Iterator[BaseTree]:
    """Check ``ref`` of the repository holding ``where`` out into a temporary folder for the
    block (removed afterwards). Not a repository, or a revision it does not hold, is a usage
    error naming the ref."""
    here = where if where.is_dir() else where.parent
    if not here.is_dir():
        here = Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], here, ref)
    if top.returncode != 0 or not top.stdout.strip():
        raise UsageError(f"--base-ref {ref}: {display_path(here)} is not inside a git repository")
    toplevel = Path(os.path.realpath(top.stdout.strip()))
    found = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], here, ref
    )
    if found.returncode != 0 or not found.stdout.strip():
        raise UsageError(
            f"--base-ref {ref}: no such commit in {toplevel} (in CI, fetch it first: "
            "git fetch origin <branch>, or actions/checkout with fetch-depth: 0)"
        )
    sha = found.stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="aimm-base-"))
    try:
        root = folder / toplevel.name
        clone = _git(
            ["clone", "--quiet", "--shared", "--no-checkout", "--", str(toplevel), str(root)],
            folder,
            ref,
        )
        if clone.returncode != 0:
            raise UsageError(f"--base-ref {ref}: cannot clone {toplevel}: {_last_line(clone)}")
        done = _git(["checkout", "--quiet", "--detach", sha], root, ref)
        if done.returncode != 0:
            raise UsageError(f"--base-ref {ref}: cannot check out {sha[:12]}: {_last_line(done)}")
        yield BaseTree(ref, sha, toplevel, root)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def evaluate(tree: BaseTree, paths: Sequence[Path], pipeline: Pipeline) -> list[ManifestResult]:
    """The manifests the command's paths named at the revision, evaluated by ``pipeline``,
    with this run's paths. A path that names no manifest there is left out (its manifests
    are new), not an error."""
    files: list[Path] = []
    for target in tree.paths(paths):
        files += discover([target]) if target.is_dir() else [target]
    baseline = pipeline.baseline
    if baseline is not None:
        # --baseline keys manifests by path: the base tree's manifests are looked up as this
        # run's (a baseline holds levels back, never the gate, and must do so on both sides).
        pipeline.baseline = _BaselineAt(baseline, tree)
    try:
        return [_moved(pipeline.check_file(f), tree) for f in dict.fromkeys(files)]
    finally:
        pipeline.baseline = baseline


@dataclass(frozen=True)
class _BaselineAt:
    """This run's baseline, answering for the base tree's copies of its manifests."""

    baseline: Any
    tree: BaseTree

    def accepted(self, manifest: Path | str) -> tuple[str, ...]:
        """The ids accepted for the manifest this run sees at the same place."""
        accepted: tuple[str, ...] = self.baseline.accepted(self.tree.current_file(manifest))
        return accepted


def _moved(result: ManifestResult, tree: BaseTree) -> ManifestResult:
    return replace(result, path=tree.current_path(result.path))
