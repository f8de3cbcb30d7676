"""Evidence facts: does each path a manifest declares exist as a file inside its repository?

Paths are relative to the manifest's folder. A path counts only when it resolves (after
following symlinks) to a regular file inside the repository root, which is the nearest
ancestor of the manifest holding ``.git``, else the manifest's folder. Absolute paths and
``..`` or symlink escapes do not count. Rego only ever sees the resulting booleans.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

# Where a manifest declares evidence paths: keys to walk, "*" for every list item.
EVIDENCE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("posture", "evaluation", "suites", "*", "path"),
    ("posture", "evaluation", "ci_gate", "workflow"),
    ("posture", "audit", "postmortem_template"),
    ("posture", "audit", "incident_runbook"),
    # Facts of the mlops and ai-operations packs; the default model never reads them.
    ("posture", "evaluation", "failure_modes"),
    ("posture", "prompts", "path"),
    ("posture", "gateway", "model_swap_playbook"),
    ("posture", "governance", "readiness_review", "record"),
    # Governance evidence (aimm check --profile, aimm audit); a plain check never reads it.
    ("compliance", "ai_literacy"),
    ("compliance", "risk_management"),
    ("compliance", "technical_documentation"),
    ("compliance", "impact_assessment"),
    ("compliance", "human_oversight", "procedure"),
    ("compliance", "conformity_assessment", "record"),
    ("compliance", "transparency", "notice"),
    ("compliance", "incident_reporting", "procedure"),
)


@dataclass(frozen=True)
class EvidenceFact:
    """Whether one declared path counts as evidence, and why."""

    exists: bool
    detail: str

    def as_dict(self) -> dict[str, object]:
        """The shape Rego reads: ``{"exists": bool, "detail": str}``."""
        return {"exists": self.exists, "detail": self.detail}


def declared_paths(manifest: dict[str, Any]) -> list[str]:
    """Every evidence path string the manifest declares, in field order, without repeats."""
    found: list[str] = []
    for field in EVIDENCE_FIELDS:
        for value in _walk(manifest, field):
            if isinstance(value, str) and value not in found:
                found.append(value)
    return found


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


def check_path(declared: str, manifest_dir: Path, root: Path) -> EvidenceFact:
    """Decide whether one declared path is a regular file inside the repository root."""
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
    if not target.exists():
        return EvidenceFact(False, f"{declared} does not exist")
    if not target.is_file():
        return EvidenceFact(False, f"{declared} is not a regular file")
    return EvidenceFact(True, f"{declared} found")


def collect(
    manifest: dict[str, Any], manifest_path: Path, *, verify: bool = True
) -> dict[str, EvidenceFact]:
    """Evidence facts for every declared path of one manifest.

    With ``verify=False`` (``--no-verify-evidence``) every declared path counts as present.
    """
    paths = declared_paths(manifest)
    if not verify:
        return {p: EvidenceFact(True, f"{p} not verified (--no-verify-evidence)") for p in paths}
    manifest_dir = manifest_path.resolve().parent
    root = repository_root(manifest_dir)
    return {p: check_path(p, manifest_dir, root) for p in paths}


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
