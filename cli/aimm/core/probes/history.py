"""``history``: when a runbook or a risk document last changed, from the git history.

The repository's recent history is read once per repository and run (``git log --name-only``
over the last :data:`BATCH_COMMITS` commits, a subprocess without a shell, with a timeout;
limited to its files for the first manifest, see :func:`last_change_in_run`): the newest
commit listing a path is its last change. A path not changed in those commits of a
longer history is asked about on its own (``git log -1 --format=%cs -- PATH``). The date is a
fact; whether it is too old is for the policies to say (``input.config.evidence.staleness_days``
against ``input.today``). Outside a git checkout, without git, or when no commit touches the
file, the date is ``"unknown"``. In a shallow clone (CI's default) git only sees the newest
commits, so a date may be later than the real last change: it is reported, but unverified.

Git reads the repository's own configuration, which could name programs to run; the options
that would (``core.fsmonitor``, ``log.showSignature``, a pager) are switched off on the
command line, and nothing else is asked of git than reading the log.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aimm.core.documents import DATED_DOCUMENTS
from aimm.core.probes import Probe, Target, report

FIELDS = frozenset({("posture", "audit", "incident_runbook"), *DATED_DOCUMENTS})
GIT_TIMEOUT_SECONDS = 10
UNKNOWN = "unknown"
# Commits read in one pass per repository; older changes are looked up path by path.
BATCH_COMMITS = 5000

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SAFE_CONFIG = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.pager=cat",
)
# Variables that would point git at another repository than the one asked about.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES")


def git(root: Path, *args: str) -> str | None:
    """Git's output for ``args`` in ``root``; None when git is missing, fails or times out.
    ``git`` is found on PATH by the exec call itself (a missing one is an OSError)."""
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    env.update({"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *_SAFE_CONFIG, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=GIT_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").strip()


def last_change(root: Path, relative: str) -> str | None:
    """The date (YYYY-MM-DD) of the last commit touching ``relative``, or None."""
    out = git(
        root, "log", "-1", "--no-show-signature", "--format=%cs", "--", f":(literal){relative}"
    )
    return out if out is not None and _DATE.match(out) else None


_MARK = "aimm-commit "


def recent_changes(
    root: Path, commits: int | None = None, paths: Sequence[str] = ()
) -> tuple[dict[str, str], bool]:
    """The last change date of every path changed in the newest ``commits`` commits (default
    :data:`BATCH_COMMITS`; with ``paths``, of those paths only, in the newest commits that
    touch one of them), and whether that is all git can tell: false only when the batch was
    cut at ``commits``, so older changes must be asked for path by path."""
    commits = BATCH_COMMITS if commits is None else commits
    # --full-history: without it git simplifies the history of the paths (a merge that kept
    # one side drops the other side's commits), and a path's date would differ from the
    # whole-history read's.
    pathspec = ["--full-history", "--", *(f":(literal){p}" for p in paths)] if paths else []
    out = git(
        root,
        "log",
        f"--max-count={commits}",
        "--no-show-signature",
        "--no-renames",
        f"--format=%x00{_MARK}%cs",
        "--name-only",
        "-z",
        *pathspec,
    )
    if out is None:
        # No history git can read (not a repository, no commit, git missing): asking path by
        # path would fail the same way, one process per declared file.
        return {}, True
    changed: dict[str, str] = {}
    seen = 0
    date = None
    for token in out.split("\0"):
        if token.startswith(_MARK) and _DATE.match(token[len(_MARK) :]):
            date = token[len(_MARK) :]
            seen += 1
            continue
        path = token.lstrip("\n")
        if path and date is not None and path not in changed:
            changed[path] = date  # newest first: the first date seen is the last change
    return changed, seen < commits


def _own_paths(target: Target) -> tuple[str, ...]:
    """The files the target's manifest declares in this probe's fields, relative to the
    repository root (those inside it)."""
    from aimm.core.evidence import declarations  # evidence imports the probes

    real_root = Path(os.path.realpath(target.root))
    found = set()
    for declared, places in declarations(dict(target.manifest)).items():
        if any(place.field in FIELDS for place in places):
            path = Path(os.path.realpath(target.manifest_dir / declared))
            if path.is_relative_to(real_root):
                found.add(path.relative_to(real_root).as_posix())
    return tuple(sorted(found))


def last_change_in_run(target: Target, relative: str) -> str | None:
    """The last change date of a path, from the repository's history read once per run.

    The first manifest of a run in a repository reads the history of its own files only
    (``git log -- PATHS`` prunes every other path, several times cheaper than listing every
    change in a long history): what ``aimm check`` on one manifest needs. A second manifest
    of the same repository (a monorepo) reads the whole batch once for all the others."""
    first_dir, own, found = target.cache.get_or_compute(
        "history",
        target.root,
        "\0first",
        lambda: (
            target.manifest_dir,
            paths := _own_paths(target),
            recent_changes(target.root, paths=paths),
        ),
    )
    if first_dir == target.manifest_dir and relative in own:
        changed, complete = found
    else:
        changed, complete = target.cache.get_or_compute(
            "history", target.root, "\0recent", lambda: recent_changes(target.root)
        )
    if relative in changed:
        return str(changed[relative])
    if complete:
        return None
    return target.cache.get_or_compute(  # type: ignore[no-any-return]
        "history", target.root, relative, lambda: last_change(target.root, relative)
    )


def is_shallow(root: Path) -> bool:
    """Whether the checkout is a shallow clone (its history is cut)."""
    git_dir = root / ".git"
    if git_dir.is_dir() and not (git_dir / "commondir").exists():
        # A plain checkout: git calls it shallow exactly when .git/shallow exists, so the
        # file answers without another git process (worktrees and submodules ask git).
        return (git_dir / "shallow").is_file()
    return git(root, "rev-parse", "--is-shallow-repository") == "true"


def probe(target: Target) -> dict[str, Any]:
    """The last change date of the declared file, with why it is unknown when it is."""
    name = target.declared
    if not (target.root / ".git").exists():
        detail = f"{name}: last change date unknown (not in a git checkout)"
        return report("unverified", detail, last_changed=UNKNOWN, shallow=False)
    relative = target.path.relative_to(Path(os.path.realpath(target.root))).as_posix()
    date = last_change_in_run(target, relative)
    if date is None:
        detail = f"{name}: last change date unknown (no commit touches it, or git is unavailable)"
        return report("unverified", detail, last_changed=UNKNOWN, shallow=False)
    shallow = target.cache.get_or_compute(
        "history", target.root, "", lambda: is_shallow(target.root)
    )
    if shallow:
        detail = f"{name} last changed on {date} or earlier (a shallow clone hides older commits)"
        return report("unverified", detail, last_changed=date, shallow=True)
    return report(
        "verified", f"{name} last changed on {date} (git log)", last_changed=date, shallow=False
    )


PROBE: Probe = Probe("history", FIELDS, probe, repository=True)
