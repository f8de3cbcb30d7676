"""Evidence probes: read what a declared file holds and say whether it bears the claim out.

Each probe is a small module with one :class:`Probe`, listed in :data:`PROBES` (the one
registry). A probe declares the manifest fields it applies to (entries of
:data:`aimm.core.evidence.EVIDENCE_FIELDS`); :func:`aimm.core.evidence.collect` runs it on
every existing path declared in one of them and puts its report under
``input.evidence[path].probes[<probe id>]``::

    {"status": "verified" | "contradicted" | "unverified", "detail": "<one line>", ...facts}

``verified``: the file bears the claim out; ``contradicted``: it does not (the control that
relies on it fails); ``unverified``: the probe could not tell (an unknown format, no git
history). Probes produce facts only: the policies (``lib.probe`` in Rego) decide what a fact
means for a control, and a probe never executes anything from the repository.

A repository-level probe (``repository=True``: the git history) reads the repository, not
the file; its answers are cached per run in a :class:`RunCache`, one per repository root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["verified", "contradicted", "unverified"]
STATUSES: tuple[Status, ...] = ("verified", "contradicted", "unverified")
Field = tuple[str, ...]


@dataclass(frozen=True)
class Declaration:
    """Where a manifest declares a path: the evidence field and the JSON pointer of the value
    (``/posture/evaluation/suites/0/path``)."""

    field: Field
    pointer: str


@dataclass
class RunCache:
    """Answers that depend on the repository, not on one manifest, kept for one run: keyed by
    (probe id, repository root, key)."""

    entries: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def get_or_compute(self, probe: str, root: Path, key: str, compute: Callable[[], Any]) -> Any:
        """The cached answer, computing it on first use."""
        slot = (probe, str(root), key)
        if slot not in self.entries:
            self.entries[slot] = compute()
        return self.entries[slot]


@dataclass(frozen=True)
class Target:
    """One existing declared path, as a probe sees it."""

    declared: str  # the path as the manifest writes it
    path: Path  # its real path, inside the repository
    root: Path  # the repository root
    manifest_dir: Path  # the manifest's folder (declared paths are relative to it)
    manifest: Mapping[str, Any]
    declarations: tuple[Declaration, ...]  # every place the manifest declares it
    cache: RunCache

    def at(self, pointer: str, default: Any = None) -> Any:
        """The manifest value at a JSON pointer (``default`` when absent)."""
        node: Any = self.manifest
        for token in [t for t in pointer.split("/") if t]:
            key = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return default
        return node


@dataclass(frozen=True)
class Probe:
    """One probe: its id, the fields it applies to, and the function that reads a target."""

    id: str
    fields: frozenset[Field]
    run: Callable[[Target], dict[str, Any]]
    repository: bool = False  # reads the repository's history (cached per run)

    def applies(self, declarations: tuple[Declaration, ...]) -> bool:
        """Whether the path is declared in one of this probe's fields."""
        return any(d.field in self.fields for d in declarations)


def report(status: Status, detail: str, **facts: Any) -> dict[str, Any]:
    """A probe's report in the shape Rego reads (status and detail first)."""
    return {"status": status, "detail": detail, **facts}


# The registry: every probe module, in a fixed order. Imported last, because each module
# imports the types and report() above.
from aimm.core.probes import document, eval_suite, history, workflow  # noqa: E402

PROBES: tuple[Probe, ...] = (eval_suite.PROBE, document.PROBE, history.PROBE, workflow.PROBE)


def run(target: Target) -> dict[str, dict[str, Any]]:
    """Every applicable probe's report on one target, by probe id. A probe that fails on
    unexpected content reports ``unverified`` rather than stopping the check."""
    results: dict[str, dict[str, Any]] = {}
    for probe in PROBES:
        if not probe.applies(target.declarations):
            continue
        try:
            results[probe.id] = probe.run(target)
        except (OSError, ValueError, RecursionError) as exc:
            results[probe.id] = report("unverified", f"{target.declared} could not be read: {exc}")
    return results


def skipped(declarations: tuple[Declaration, ...], why: str) -> dict[str, dict[str, Any]]:
    """What every applicable probe reports when probing is switched off (``why``)."""
    return {p.id: report("unverified", why) for p in PROBES if p.applies(declarations)}
