"""What a change did: this check's report against an earlier one (``aimm check --compare-to
REF.json``), or against the same manifests as they were at a git revision (``--base-ref``).

Both sides are contract JSON documents (what ``aimm check --format json`` writes), compared
manifest by manifest (by path) and, for each, model by model: gates that flip, levels up or
down per dimension, controls newly failing or fixed, waivers added, removed or changed, tier
changes, manifests added, removed, or no longer readable. Nothing is decided again here: the
verdicts are the two reports'. The same two reports always give the same comparison (paths
in order, each manifest's models primary first, controls in the current report's order).

A git revision is evaluated in a temporary clone outside the user's repository
(:mod:`aimm.check.base_ref`), then compared the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.model import DEFAULT_MODEL
from aimm.core.result import SCHEMA_VERSION

# A manifest's state in one report.
EVALUATED, ERROR, ABSENT = "evaluated", "error", "absent"
_WAIVER_KEYS = ("expires", "approved_by", "reason")
# A waiver's terms, in _WAIVER_KEYS order.
Terms = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class LevelMove:
    """A dimension whose level changed."""

    dimension: str
    before: int
    after: int

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {"dimension": self.dimension, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class ControlMove:
    """A control newly failing (``blocks_gate``: it fails the gate now) or fixed."""

    id: str
    title: str
    blocks_gate: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {"id": self.id, "title": self.title, "blocks_gate": self.blocks_gate}


@dataclass(frozen=True)
class WaiverMove:
    """A waiver added, removed or changed (``before``: the earlier terms when changed)."""

    control: str
    expires: str | None
    approved_by: str | None
    reason: str | None
    before: Terms | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        found: dict[str, Any] = {
            "control": self.control,
            "expires": self.expires,
            "approved_by": self.approved_by,
            "reason": self.reason,
        }
        if self.before is not None:
            found["before"] = dict(zip(_WAIVER_KEYS, self.before, strict=True))
        return found


@dataclass(frozen=True)
class Change:
    """What changed for one manifest under one model. ``before`` and ``after`` are its state
    in each report (evaluated, error or absent); ``gate`` is (before, after) when it flipped."""

    path: str
    system: str | None
    model: str
    before: str
    after: str
    gate: tuple[bool, bool] | None = None
    tier: tuple[str | None, str | None] | None = None
    levels: tuple[LevelMove, ...] = ()
    newly_failing: tuple[ControlMove, ...] = ()
    fixed: tuple[ControlMove, ...] = ()
    waivers_added: tuple[WaiverMove, ...] = ()
    waivers_removed: tuple[WaiverMove, ...] = ()
    waivers_changed: tuple[WaiverMove, ...] = ()
    # The manifest's first model (the one whose gate always counts, and that carries the
    # manifest's waivers and tier).
    primary: bool = True

    @property
    def empty(self) -> bool:
        """Nothing changed."""
        return self.before == self.after and not (
            self.gate
            or self.tier
            or self.levels
            or self.newly_failing
            or self.fixed
            or self.waivers_added
            or self.waivers_removed
            or self.waivers_changed
        )

    @property
    def waivers(self) -> tuple[WaiverMove, ...]:
        """Every waiver move."""
        return (*self.waivers_added, *self.waivers_removed, *self.waivers_changed)

    def as_dict(self) -> dict[str, Any]:
        """JSON view: every key present, empty lists for what did not change."""
        return {
            "path": self.path,
            "system": self.system,
            "model": self.model,
            "primary": self.primary,
            "before": self.before,
            "after": self.after,
            "gate": {"before": self.gate[0], "after": self.gate[1]} if self.gate else None,
            "tier": {"before": self.tier[0], "after": self.tier[1]} if self.tier else None,
            "levels": [m.as_dict() for m in self.levels],
            "newly_failing": [c.as_dict() for c in self.newly_failing],
            "fixed": [c.as_dict() for c in self.fixed],
            "waivers_added": [w.as_dict() for w in self.waivers_added],
            "waivers_removed": [w.as_dict() for w in self.waivers_removed],
            "waivers_changed": [w.as_dict() for w in self.waivers_changed],
        }


@dataclass(frozen=True)
class Base:
    """What the comparison is against: a report file, or a git revision."""

    kind: str  # "report" | "git"
    source: str  # the file as given, or the ref as given
    commit: str | None = None

    @property
    def label(self) -> str:
        """``base.json``, or ``origin/main (1a2b3c4d5e6f)``."""
        return f"{self.source} ({self.commit[:12]})" if self.commit else self.source

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        if self.kind == "git":
            return {"kind": "git", "ref": self.source, "commit": self.commit}
        return {"kind": "report", "file": self.source}


@dataclass(frozen=True)
class Comparison:
    """Every manifest and model that changed from the base report to this one, and the two
    runs' summaries."""

    base: Base
    changes: tuple[Change, ...]
    before: Mapping[str, int]
    after: Mapping[str, int]

    def counts(self) -> dict[str, int]:
        """How many of each kind of change, in a fixed order."""
        cs = self.changes
        return {
            "manifests_changed": len({c.path for c in cs}),
            "added": sum(1 for c in cs if c.primary and c.before == ABSENT and c.after != ABSENT),
            "removed": sum(1 for c in cs if c.primary and c.after == ABSENT and c.before != ABSENT),
            "now_unreadable": sum(1 for c in cs if c.primary and c.after == ERROR != c.before),
            "gates_now_failing": sum(1 for c in cs if c.gate and not c.gate[1]),
            "gates_now_passing": sum(1 for c in cs if c.gate and c.gate[1]),
            "levels_up": sum(1 for c in cs for m in c.levels if m.after > m.before),
            "levels_down": sum(1 for c in cs for m in c.levels if m.after < m.before),
            "newly_failing": sum(len(c.newly_failing) for c in cs),
            "newly_blocking": sum(1 for c in cs for m in c.newly_failing if m.blocks_gate),
            "fixed": sum(len(c.fixed) for c in cs),
            "waivers_added": sum(len(c.waivers_added) for c in cs),
            "waivers_removed": sum(len(c.waivers_removed) for c in cs),
            "waivers_changed": sum(len(c.waivers_changed) for c in cs),
        }

    @property
    def empty(self) -> bool:
        """Nothing changed."""
        return not self.changes

    def as_dict(self) -> dict[str, Any]:
        """The report's ``comparison`` key."""
        return {
            "base": self.base.as_dict(),
            "summary": {"before": dict(self.before), "after": dict(self.after)},
            "counts": self.counts(),
            "changes": [c.as_dict() for c in self.changes],
        }


def compare(base: Mapping[str, Any], current: Mapping[str, Any], source: Base) -> Comparison:
    """The changes from the ``base`` report to the ``current`` one (both contract JSON
    documents, as :func:`load_reference` checks them)."""
    old, new = _entries(base), _entries(current)
    found: list[Change] = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        primary = _primary(after) or _primary(before) or DEFAULT_MODEL
        models = list(dict.fromkeys([primary, *_views(after), *_views(before)]))
        for model in models:
            change = _change(path, model, model == primary, before, after)
            if not change.empty:
                found.append(change)
    return Comparison(source, tuple(found), _summary(base), _summary(current))


def _change(
    path: str,
    model: str,
    first: bool,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> Change:
    """One manifest under one model. A new manifest's waivers count as added: a reviewer
    sees every waiver a change brings in."""
    was, now = _views(before).get(model), _views(after).get(model)
    old_gate, new_gate = _gate(was), _gate(now)
    flipped = old_gate is not None and new_gate is not None and old_gate != new_gate
    added, removed, changed = _waiver_moves(before, after) if first else ((), (), ())
    change = Change(
        path=path,
        system=_field(after, "system") or _field(before, "system"),
        model=model,
        before=_state(before, was, first),
        after=_state(after, now, first),
        gate=(bool(old_gate), bool(new_gate)) if flipped else None,
        waivers_added=added,
        waivers_removed=removed,
        waivers_changed=changed,
        primary=first,
    )
    if was is None or now is None:
        return change
    old_tier, new_tier = _field(before, "tier"), _field(after, "tier")
    failing, fixed = _control_moves(was, now)
    return replace(
        change,
        tier=(old_tier, new_tier) if first and old_tier != new_tier else None,
        levels=_levels(was, now),
        newly_failing=failing,
        fixed=fixed,
    )


def _entries(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    results = document.get("results")
    return {
        str(e["path"]): e
        for e in (results if isinstance(results, list) else [])
        if isinstance(e, Mapping) and isinstance(e.get("path"), str)
    }


def _summary(document: Mapping[str, Any]) -> dict[str, int]:
    summary = document.get("summary")
    keys = ("manifests", "passed", "failed", "errors")
    if not isinstance(summary, Mapping):
        return dict.fromkeys(keys, 0)
    return {k: v if isinstance(v := summary.get(k), int) else 0 for k in keys}


def _primary(entry: Mapping[str, Any] | None) -> str | None:
    if entry is None or entry.get("status") != EVALUATED:
        return None
    return str(entry.get("model", DEFAULT_MODEL))


def _views(entry: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Model id -> the verdict keys (levels, controls, gate), the primary model first."""
    model = _primary(entry)
    if entry is None or model is None:
        return {}
    views: dict[str, Mapping[str, Any]] = {model: entry}
    others = entry.get("models")
    if isinstance(others, Mapping):
        views.update((str(k), v) for k, v in sorted(others.items()) if isinstance(v, Mapping))
    return views


def _state(entry: Mapping[str, Any] | None, view: Mapping[str, Any] | None, first: bool) -> str:
    """A manifest's state for one model; an unreadable manifest is an error for its primary
    model only (its other models are unknown, so they are not listed)."""
    if view is not None:
        return EVALUATED
    if entry is not None and entry.get("status") != EVALUATED and first:
        return ERROR
    return ABSENT


def _field(entry: Mapping[str, Any] | None, key: str) -> str | None:
    value = entry.get(key) if entry is not None else None
    return value if isinstance(value, str) else None


def _gate(view: Mapping[str, Any] | None) -> bool | None:
    gate = view.get("gate") if view is not None else None
    passed = gate.get("passed") if isinstance(gate, Mapping) else None
    return passed if isinstance(passed, bool) else None


def _levels(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[LevelMove, ...]:
    """Dimensions whose level moved, in the current report's dimension order."""
    old, new = before.get("levels"), after.get("levels")
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return ()
    return tuple(
        LevelMove(str(d), old[d], new[d])
        for d in new
        if _whole(old.get(d)) and _whole(new.get(d)) and old[d] != new[d]
    )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _controls(view: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found = view.get("controls")
    if not isinstance(found, list):
        return {}
    return {str(c["id"]): c for c in found if isinstance(c, Mapping) and "id" in c}


def _control_moves(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[tuple[ControlMove, ...], tuple[ControlMove, ...]]:
    """(newly failing, fixed), in the current report's control order. A control failing now
    that passed, was waived or did not exist is newly failing; one that failed and passes now
    is fixed (one waived now shows as a waiver added instead)."""
    old, new = _controls(before), _controls(after)
    failing, fixed = [], []
    for cid, control in new.items():
        was, now = old.get(cid, {}).get("status"), control.get("status")
        title = str(control.get("title") or "")
        if now == "fail" and was != "fail":
            failing.append(ControlMove(cid, title, control.get("blocks_gate") is True))
        elif now == "pass" and was == "fail":
            fixed.append(ControlMove(cid, title))
    return tuple(failing), tuple(fixed)


def _waiver_moves(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[tuple[WaiverMove, ...], tuple[WaiverMove, ...], tuple[WaiverMove, ...]]:
    """(added, removed, changed): by the control each waiver names; a control with one
    waiver on each side whose terms differ is a change, anything else a set difference."""
    old, new = _waivers(before), _waivers(after)
    added: list[WaiverMove] = []
    removed: list[WaiverMove] = []
    changed: list[WaiverMove] = []
    for control in sorted(old.keys() | new.keys()):
        was, now = old.get(control, []), new.get(control, [])
        if len(was) == 1 and len(now) == 1 and was != now:
            changed.append(WaiverMove(control, *now[0], before=was[0]))
            continue
        added += [WaiverMove(control, *terms) for terms in now if terms not in was]
        removed += [WaiverMove(control, *terms) for terms in was if terms not in now]
    return tuple(added), tuple(removed), tuple(changed)


def _waivers(entry: Mapping[str, Any] | None) -> dict[str, list[Terms]]:
    found: dict[str, list[Terms]] = {}
    waivers = entry.get("waivers") if entry is not None else None
    for waiver in waivers if isinstance(waivers, list) else []:
        if isinstance(waiver, Mapping):
            terms = (
                _text(waiver.get("expires")),
                _text(waiver.get("approved_by")),
                _text(waiver.get("reason")),
            )
            found.setdefault(str(waiver.get("control")), []).append(terms)
    return found


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def load_reference(path: Path) -> dict[str, Any]:
    """A report written by ``aimm check --format json``; anything else is a usage error
    naming the file and what is wrong with it."""
    where = f"--compare-to {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text") from exc
    except OSError as exc:
        raise UsageError(f"{where}: cannot read: {exc.strerror or exc}") from exc
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise UsageError(
            f"{where}{line}: not JSON (write it with aimm check --format json)"
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise UsageError(
            f"{where}: not an aimm check report (no 'results' list; write one with "
            "aimm check --format json)"
        )
    if document.get("schema_version") != SCHEMA_VERSION:
        raise UsageError(
            f"{where}: schema_version {document.get('schema_version')!r}, this aimm reads "
            f"{SCHEMA_VERSION}"
        )
    for n, entry in enumerate(document["results"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise UsageError(f"{where}: results[{n}] has no 'path'")
        if entry.get("status") not in (EVALUATED, ERROR):
            raise UsageError(f"{where}: results[{n}].status is neither 'evaluated' nor 'error'")
    return document
