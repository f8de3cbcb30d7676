"""Evidence facts: does each path a manifest declares exist inside its repository, and what
do the evidence probes find in it?

Paths are relative to the manifest's folder. A path counts only when it resolves (after
following symlinks) to a regular file inside the repository root, which is the nearest
ancestor of the manifest holding ``.git``, else the manifest's folder; an eval suite may also
be a folder of suite files. Absolute paths and ``..`` or symlink escapes do not count. Each
existing path is then read by the probes that apply to the fields declaring it
(:mod:`aimm.core.probes`). Rego only ever sees the resulting facts.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from aimm.core import probes
from aimm.core.documents import COMPLIANCE_DOCUMENTS
from aimm.core.probes import Declaration, RunCache

# Where a manifest declares evidence paths: keys to walk, "*" for every list item.
EVIDENCE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("posture", "evaluation", "suites", "*", "path"),
    ("posture", "evaluation", "ci_gate", "workflow"),
    ("posture", "evaluation", "regression", "path"),
    ("posture", "audit", "postmortem_template"),
    ("posture", "audit", "incident_runbook"),
    # Facts of the mlops and ai-operations packs; the default model never reads them.
    ("posture", "evaluation", "failure_modes"),
    ("posture", "prompts", "path"),
    ("posture", "gateway", "model_swap_playbook"),
    ("posture", "governance", "readiness_review", "record"),
    # Facts of the ai-platform pack.
    ("posture", "platform", "boundary_doc"),
    ("posture", "governance", "model_card"),
    # Governance evidence (aimm check --profile, aimm audit); a plain check never reads it.
    *COMPLIANCE_DOCUMENTS,
)


# Fields whose path may name a folder (of eval suite files) as well as a file.
FOLDER_FIELDS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("posture", "evaluation", "suites", "*", "path"),
        ("posture", "evaluation", "regression", "path"),
    }
)
NOT_VERIFIED = "not verified (--no-verify-evidence)"


@dataclass(frozen=True)
class EvidenceFact:
    """Whether one declared path counts as evidence, why, and what the probes found in it."""

    exists: bool
    detail: str
    probes: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The shape Rego reads: ``{"exists": bool, "detail": str, "probes": {...}}`` (no
        ``probes`` key when none applies)."""
        shape: dict[str, object] = {"exists": self.exists, "detail": self.detail}
        if self.probes:
            shape["probes"] = self.probes
        return shape


def declared_paths(manifest: dict[str, Any]) -> list[str]:
    """Every evidence path string the manifest declares, in field order, without repeats."""
    found: list[str] = []
    for field in EVIDENCE_FIELDS:
        for value in _walk(manifest, field):
            if isinstance(value, str) and value not in found:
                found.append(value)
    return found


def declarations(manifest: dict[str, Any]) -> dict[str, tuple[Declaration, ...]]:
    """Every declared evidence path (in field order) with where the manifest declares it."""
    found: dict[str, list[Declaration]] = {}
    for evidence_field in EVIDENCE_FIELDS:
        for pointer, value in _walk_pointers(manifest, evidence_field, ""):
            if isinstance(value, str):
                found.setdefault(value, []).append(Declaration(evidence_field, pointer))
    return {path: tuple(places) for path, places in found.items()}


def _walk_pointers(node: Any, keys: tuple[str, ...], pointer: str) -> Iterator[tuple[str, Any]]:
    if not keys:
        yield pointer, node
        return
    head, rest = keys[0], keys[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk_pointers(item, rest, f"{pointer}/{index}")
    elif isinstance(node, dict) and head in node:
        yield from _walk_pointers(node[head], rest, f"{pointer}/{head}")


def _walk(node: Any, keys: tuple[str, ...]) -> Iterator[Any]:
    if not keys:
        yield node
        return
    head, rest = keys[0], keys[1:]
    if head == "*":
        if isinstance(node, list):
            for item in node:
                yield from _walk(item, rest)
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest)


def repository_root(manifest_dir: Path) -> Path:
    """The nearest ancestor (or the folder itself) holding ``.git``, else the folder."""
    folder = manifest_dir.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def check_path(
    declared: str, manifest_dir: Path, root: Path, *, folder: bool = False
) -> EvidenceFact:
    """Decide whether one declared path is a regular file (or, with ``folder``, a folder)
    inside the repository root."""
    if not declared.strip() or "\x00" in declared:
        return EvidenceFact(False, f"{declared!r} is not a usable path")
    if (
        PurePosixPath(declared).is_absolute()
        or PureWindowsPath(declared).is_absolute()
        or (PureWindowsPath(declared).drive)
    ):
        return EvidenceFact(
            False, f"{declared} is an absolute path; declare it relative to the manifest"
        )
    root_real = Path(os.path.realpath(root))
    target = Path(os.path.realpath(manifest_dir / declared))
    if target != root_real and root_real not in target.parents:
        return EvidenceFact(False, f"{declared} resolves outside the repository")
    try:
        info = target.stat()
    except FileNotFoundError:
        return EvidenceFact(False, f"{declared} does not exist")
    except OSError as exc:  # a name too long, a loop, no permission: it does not count
        return EvidenceFact(False, f"{declared} cannot be checked: {exc.strerror or exc}")
    if folder and stat.S_ISDIR(info.st_mode):
        return EvidenceFact(True, f"{declared} found (a folder)")
    if not stat.S_ISREG(info.st_mode):
        return EvidenceFact(False, f"{declared} is not a regular file")
    return EvidenceFact(True, f"{declared} found")


def collect(
    manifest: dict[str, Any],
    manifest_path: Path,
    *,
    verify: bool = True,
    cache: RunCache | None = None,
) -> dict[str, EvidenceFact]:
    """Evidence facts for every declared path of one manifest, with the probes' reports.

    With ``verify=False`` (``--no-verify-evidence``) every declared path counts as present
    and every probe reports ``unverified``. ``cache`` keeps the repository-level answers (git
    history) for the whole run; without one they are kept for this manifest only.
    """
    declared = declarations(manifest)
    if not verify:
        return {
            p: EvidenceFact(
                True, f"{p} {NOT_VERIFIED}", probes.skipped(places, f"{p} {NOT_VERIFIED}")
            )
            for p, places in declared.items()
        }
    manifest_dir = manifest_path.resolve().parent
    root = repository_root(manifest_dir)
    run_cache = cache if cache is not None else RunCache()
    facts: dict[str, EvidenceFact] = {}
    for path, places in declared.items():
        folder = any(d.field in FOLDER_FIELDS for d in places)
        fact = check_path(path, manifest_dir, root, folder=folder)
        if fact.exists:
            target = probes.Target(
                declared=path,
                path=Path(os.path.realpath(manifest_dir / path)),
                root=root,
                manifest_dir=manifest_dir,
                manifest=manifest,
                declarations=places,
                cache=run_cache,
            )
            fact = EvidenceFact(fact.exists, fact.detail, probes.run(target))
        facts[path] = fact
    return facts


def paths_at(manifest: dict[str, Any], pointer: str) -> list[str]:
    """The evidence paths declared at or below a JSON pointer (``/posture/evaluation/suites``),
    or in the evidence field the pointer lies inside; in field order, without repeats."""
    wanted = [p for p in pointer.split("/")[1:] if p]
    found: list[str] = []
    for field in EVIDENCE_FIELDS:
        common = min(len(wanted), len(field))
        if all(f in ("*", w) for f, w in zip(field[:common], wanted[:common], strict=True)):
            for value in _walk(manifest, field):
                if isinstance(value, str) and value not in found:
                    found.append(value)
    return found


# Statuses of a checked fact, worst first: a fact several controls rely on counts once, under
# the worst status any of them gave it.
FACT_STATUSES = ("contradicted", "unverified", "verified")


def fact_counts(controls: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many distinct facts (pointer, path and probe) the controls' ``evidence`` blocks
    hold per status, each counted once under its worst status."""
    worst: dict[tuple[str, str, str], int] = {}
    for control in controls:
        block = control.get("evidence")
        if not isinstance(block, Mapping):
            continue
        for rank, status in enumerate(FACT_STATUSES):
            for item in block.get(status, ()):
                if isinstance(item, Mapping):
                    key = (str(item.get("fact")), str(item.get("path")), str(item.get("probe")))
                    worst[key] = min(worst.get(key, rank), rank)
    return {s: sum(1 for r in worst.values() if r == rank) for rank, s in enumerate(FACT_STATUSES)}
