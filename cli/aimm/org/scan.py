"""Scan folders of repository checkouts: find every ``aimm.yaml``, evaluate them in parallel.

The walk follows symlinked folders but never one that points back to a folder it is inside
(a loop is reported, the walk goes on) and never visits a folder twice. Folders it cannot
read, manifests that cannot be read or validated, and links that lead nowhere become
:class:`~aimm.org.records.Unevaluated` entries; nothing stops the scan except an engine failure.

Each manifest belongs to a repository: the nearest folder holding ``.git`` between the
manifest and the scan root (the root included). Where there is none, each top-level folder
of the root counts as one repository checkout, and a manifest directly in the root belongs
to the root. The repository's name is its path relative to the root (the root's own folder
name for the root); a manifest's ``path`` is relative to its repository.

Evaluation runs in worker processes (one compiled engine each) that return compact
:class:`~aimm.org.records.SystemPosture` summaries, not full reports, so memory stays small per
system however many manifests there are.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aimm.core.engines import EngineChoice, needs_local_server
from aimm.core.errors import EvaluationError, UsageError
from aimm.core.loader import MANIFEST_NAME, SKIP_DIRS
from aimm.core.model import DEFAULT_MODEL, Model, ModelPath
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.signing import cache_key
from aimm.core.text import one_line
from aimm.org.cache import ScanCache, cache_root
from aimm.org.records import (
    Candidate,
    Entry,
    SystemPosture,
    Unevaluated,
    merge,
    pack_loader,
    summarize,
)

RECYCLE_AFTER = 2000  # manifests a worker process evaluates before it is replaced
# Folders never searched: version control, dependencies, and aimm's own history store.
SKIPPED = SKIP_DIRS | {".aimm"}


@dataclass(frozen=True)
class Target:
    """A manifest to evaluate, with the repository it belongs to."""

    manifest: Path
    repository: str
    path: str  # relative to the repository, POSIX style


@dataclass(frozen=True)
class _Folder:
    path: Path
    parts: tuple[str, ...]  # relative to the scan root
    repo_parts: tuple[str, ...] | None  # the nearest .git folder found so far, if any
    ancestors: frozenset[tuple[int, int]]  # (device, inode) of the folders above and itself


def _repository(root: Path, folder: _Folder) -> tuple[str, tuple[str, ...]]:
    """The repository name and its parts relative to the root, for a folder of the walk."""
    parts = folder.repo_parts if folder.repo_parts is not None else folder.parts[:1]
    name = "/".join(parts) if parts else (root.resolve().name or root.resolve().as_posix())
    return name, parts


def _relative(parts: tuple[str, ...], repo_parts: tuple[str, ...], name: str = "") -> str:
    """A path below the repository, POSIX style; ``.`` for the repository itself."""
    rest = [*parts[len(repo_parts) :], *([name] if name else [])]
    return "/".join(rest) or "."


def find(roots: Sequence[Path]) -> tuple[list[Target], list[Unevaluated]]:
    """Every manifest below the roots (sorted, each once) and what could not be searched."""
    targets: list[Target] = []
    problems: list[Unevaluated] = []
    seen: set[tuple[int, int]] = set()
    for root in roots:
        try:
            info = root.stat()
        except OSError as exc:
            problems.append(Unevaluated(None, root.as_posix(), f"cannot read: {_reason(exc)}"))
            continue
        if not root.is_dir():
            problems.append(Unevaluated(None, root.as_posix(), "not a folder; scan takes folders"))
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen:  # a root given twice, or inside another root: already scanned
            continue
        seen.add(identity)
        _walk(root, _Folder(root, (), None, frozenset({identity})), seen, targets, problems)
    return targets, problems


def _walk(
    root: Path,
    start: _Folder,
    seen: set[tuple[int, int]],
    targets: list[Target],
    problems: list[Unevaluated],
) -> None:
    stack = [start]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder.path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            name, repo_parts = _repository(root, folder)
            where = _relative(folder.parts, repo_parts)
            problems.append(Unevaluated(name, where, f"cannot read folder: {_reason(exc)}"))
            continue
        if any(e.name == ".git" for e in entries):
            folder = _Folder(folder.path, folder.parts, folder.parts, folder.ancestors)
        name, repo_parts = _repository(root, folder)
        children: list[_Folder] = []
        for entry in entries:
            if entry.name == MANIFEST_NAME and not _is_dir(entry):
                # Links that lead nowhere or loop are read (and reported) by the loader.
                path = _relative(folder.parts, repo_parts, entry.name)
                escape = _escapes(root, repo_parts, entry, top=False)
                if escape:
                    problems.append(Unevaluated(name, path, f"not read: {escape}"))
                    continue
                targets.append(Target(Path(entry.path), name, path))
            elif entry.name not in SKIPPED and _is_dir(entry):
                child = _child(root, folder, entry, seen, problems)
                if child is not None:
                    children.append(child)
        stack.extend(reversed(children))  # depth first, in name order


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:  # a link loop or a folder we may not stat
        return False


def _child(
    root: Path,
    folder: _Folder,
    entry: os.DirEntry[str],
    seen: set[tuple[int, int]],
    problems: list[Unevaluated],
) -> _Folder | None:
    parts = (*folder.parts, entry.name)
    try:
        info = os.stat(entry.path)
    except OSError as exc:
        name, repo_parts = _repository(root, folder)
        problems.append(
            Unevaluated(name, _relative(parts, repo_parts), f"cannot read: {_reason(exc)}")
        )
        return None
    identity = (info.st_dev, info.st_ino)
    if identity in folder.ancestors:
        name, repo_parts = _repository(root, folder)
        target = os.readlink(entry.path) if entry.is_symlink() else entry.path
        problems.append(
            Unevaluated(
                name,
                _relative(parts, repo_parts),
                f"symlink loop: {entry.name} -> {target} leads back to a folder it is in",
            )
        )
        return None
    name, repo_parts = _repository(root, folder)
    top = not folder.parts and folder.repo_parts is None
    escape = _escapes(root, repo_parts, entry, top=top)
    if escape:
        problems.append(Unevaluated(name, _relative(parts, repo_parts), f"not followed: {escape}"))
        return None
    if identity in seen:  # reached again through another link: already scanned
        return None
    seen.add(identity)
    return _Folder(Path(entry.path), parts, folder.repo_parts, folder.ancestors | {identity})


def _escapes(
    root: Path, repo_parts: tuple[str, ...], entry: os.DirEntry[str], *, top: bool
) -> str | None:
    """Why a symlink may not be followed, or None.

    Inside a repository a link must stay inside it: a repository's link must not make a
    manifest from elsewhere on the machine, or from another repository, count as its own.
    At the top of a root that is a folder of checkouts (``top``), links are the platform's
    own (a checkout kept elsewhere) and are followed, but never to the root or a folder
    above it (``/``, the home folder): that is a loop that would walk the whole machine."""
    if not entry.is_symlink():
        return None
    target = Path(os.path.realpath(entry.path))
    root_real = Path(os.path.realpath(root))
    if target == root_real or target in root_real.parents:
        return (
            f"symlink {entry.name} -> {os.readlink(entry.path)} leads to the scan root or above it"
        )
    if top:
        return None
    boundary = Path(os.path.realpath(root.joinpath(*repo_parts)))
    if target == boundary or boundary in target.parents:
        return None
    where = "its repository" if repo_parts else "the scan root"
    return f"symlink {entry.name} -> {os.readlink(entry.path)} leads outside {where}"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


# ---- evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOptions:
    """What the workers need besides the targets."""

    today: date
    verify_evidence: bool = True
    config: dict[str, Any] | None = None
    use_cache: bool = True
    # The org config, as for aimm check: this file, else AIMM_CONFIG (when use_env), else the
    # nearest aimm-org.yaml above each manifest (when discover_config).
    config_file: Path | None = None
    discover_config: bool = True
    use_env: bool = True
    policy_dirs: tuple[Path, ...] = ()
    # The models to evaluate (empty: each org config's, else the default model); the org
    # report shows the first.
    models: tuple[str, ...] = ()
    model_path: ModelPath = field(default_factory=ModelPath)
    engine: EngineChoice = field(default_factory=EngineChoice)

    @property
    def report_model(self) -> str:
        """The model the org report shows."""
        return self.models[0] if self.models else DEFAULT_MODEL


class _Worker:
    """The per-process state: one pipeline (its engines) and its cache, built once per process."""

    pipeline: Pipeline | None = None
    cache: ScanCache | None = None
    model: Model | None = None
    packs: Callable[[str], Model | None] | None = None


def _start_worker(options: ScanOptions) -> None:
    if multiprocessing.parent_process() is not None:
        # A worker: Ctrl-C is the parent's to handle (it stops the pool), so a worker never
        # prints a KeyboardInterrupt traceback of its own.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    check_options = CheckOptions(
        today=options.today,
        verify_evidence=options.verify_evidence,
        config=options.config,
        models=options.models,
        model_path=options.model_path,
        engine=options.engine,
    )
    configs = ConfigResolver(
        options.config_file, discover=options.discover_config, use_env=options.use_env
    )
    _Worker.pipeline = Pipeline(check_options, configs=configs, policy_dirs=options.policy_dirs)
    folder = cache_root() if options.use_cache else None
    secret = cache_key() if folder is not None else None
    _Worker.cache = (
        ScanCache(folder, _Worker.pipeline, secret)
        if folder is not None and secret is not None
        else None
    )
    _Worker.model = options.model_path.load(options.report_model)
    _Worker.packs = pack_loader(options.model_path)


def evaluate_target(target: Target) -> Entry:
    """Check one manifest in this process (or find its result in the cache) and reduce the
    result to its posture."""
    if _Worker.pipeline is None or _Worker.model is None:
        raise RuntimeError("evaluate_target called before _start_worker")
    judged_on = _Worker.pipeline.options.today.isoformat()
    try:
        if _Worker.cache is not None:
            entry = _Worker.cache.check(target.manifest)
        else:
            entry = _Worker.pipeline.check_file(target.manifest).as_dict()
    except EvaluationError as exc:
        # One manifest the engine fails on never stops the others (a policy that does not
        # compile does: that is every manifest's problem).
        return Unevaluated(target.repository, target.path, exc.one_line(), judged_on)
    except (RecursionError, MemoryError, OSError, ValueError) as exc:
        message = f"could not be evaluated: {type(exc).__name__}: {one_line(exc)}"
        return Unevaluated(target.repository, target.path, message, judged_on)
    return summarize(
        entry,
        repository=target.repository,
        path=target.path,
        model=_Worker.model,
        judged_on=_Worker.pipeline.options.today.isoformat(),
        packs=_Worker.packs,
    )


def _precompiling(engine: EngineChoice) -> threading.Thread | None:
    """A thread that puts the WebAssembly module's machine code in the cache, started now, for
    a run whose workers may use it (:func:`aimm.core.wasm.precompile`: it compiles on its own
    thread, so no thread is left when the workers fork); None for another engine."""
    if engine.kind not in ("auto", "wasm"):
        return None
    from aimm.core import wasm

    thread = threading.Thread(target=wasm.precompile, name="aimm-precompile", daemon=True)
    thread.start()
    return thread


def default_jobs() -> int:
    """All the cores this process may use."""
    with contextlib.suppress(AttributeError):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def evaluate(
    targets: Sequence[Target],
    options: ScanOptions,
    *,
    jobs: int,
    warming: threading.Thread | None = None,
) -> Iterator[Iterator[Entry]]:
    """Evaluate every target, ``jobs`` processes at a time; the context gives the results
    as they finish (in no particular order).

    The worker processes start when the context is entered, before the caller starts any
    thread of its own (a progress bar): forking a process that runs threads is unsafe. With
    one job (or one target) everything runs in this process. ``warming`` is a
    :func:`_precompiling` thread started earlier, which the workers wait for.
    """
    # More processes than cores (or manifests) only cost memory: --jobs 500 is capped.
    jobs = max(1, min(jobs, default_jobs(), len(targets)))
    if needs_local_server(options.engine):
        # A local OPA server is started by the process that evaluates: one for the run, in
        # this process (OPA evaluates in parallel itself), not one per worker.
        jobs = 1
    if jobs > 1 and len(targets) > 1 and warming is None:
        # Once here rather than once per worker (the workers load it from the cache).
        warming = _precompiling(options.engine)
    if warming is not None:
        warming.join()  # before any fork: no thread of ours may be running then
    if jobs <= 1 or len(targets) <= 1:
        _start_worker(options)
        yield (evaluate_target(t) for t in targets)
        return
    # Chunks amortise the inter-process round trip; small enough to keep every core busy.
    chunk = max(1, min(64, len(targets) // (jobs * 8)))
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # Workers are replaced after about RECYCLE_AFTER manifests (a new one loads the cached
    # bundle in milliseconds), so their memory stays flat however many manifests there are.
    recycle = max(1, RECYCLE_AFTER // chunk)
    with context.Pool(
        jobs, initializer=_start_worker, initargs=(options,), maxtasksperchild=recycle
    ) as pool:
        yield pool.imap_unordered(evaluate_target, targets, chunksize=chunk)


# ---- the library entry point --------------------------------------------------------------------


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr (rich) while the block runs; yields ``advance()``.

    Disabled, it draws nothing and ``advance`` does nothing.
    """
    if not enabled or total == 0:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("evaluating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scan", total=total)
        yield lambda: progress.advance(task)


def scan(
    roots: Sequence[str | Path],
    *,
    today: date,
    jobs: int | None = None,
    verify_evidence: bool = True,
    use_cache: bool = True,
    config: dict[str, Any] | None = None,
    progress: bool | None = None,
    config_file: Path | None = None,
    discover_config: bool = True,
    policy_dirs: Sequence[Path] = (),
    models: Sequence[str] = (),
    model_path: ModelPath | None = None,
    engine: EngineChoice | None = None,
) -> tuple[list[SystemPosture], list[Unevaluated]]:
    """Find and evaluate every manifest below ``roots``; compact postures and problems.

    Org configs apply as in ``aimm check``: ``config_file``, else ``AIMM_CONFIG``, else the
    nearest ``aimm-org.yaml`` (``discover_config=False`` ignores all but ``config_file``).
    ``progress`` None means: a progress bar when stderr is a terminal.
    """
    jobs = jobs or default_jobs()
    chosen = engine or EngineChoice()
    # The module compiles while the folders are walked (wasmtime lets go of the GIL).
    warming = _precompiling(chosen) if jobs > 1 else None
    try:
        targets, problems = find([Path(r) for r in roots])
        if not targets and not problems:
            # Like aimm check on an empty folder: a mistyped root must not pass in CI.
            names = ", ".join(str(r) for r in roots)
            raise UsageError(f"no aimm.yaml found below {names}")
        options = ScanOptions(
            today=today,
            verify_evidence=verify_evidence,
            config=config,
            use_cache=use_cache,
            config_file=config_file,
            discover_config=discover_config,
            use_env=discover_config,
            policy_dirs=tuple(policy_dirs),
            models=tuple(models),
            model_path=model_path or ModelPath(),
            engine=chosen,
        )
        show = sys.stderr.isatty() if progress is None else progress
        candidates = [Candidate(p, 0) for p in problems]
        with (
            evaluate(targets, options, jobs=jobs, warming=warming) as results,
            progress_bar(len(targets), show) as advance,
        ):
            for entry in results:
                candidates.append(Candidate(entry, 0))
                advance()
        return merge(candidates)
    finally:
        if warming is not None:
            warming.join()  # an error before the workers started must not leave it running
