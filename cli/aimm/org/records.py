"""One system's posture in compact form: what an org report needs from a check result.

``aimm scan`` evaluates thousands of manifests and ``aimm aggregate`` reads thousands of CI
reports; both reduce each manifest's contract JSON entry (``aimm check --format json``) to a
:class:`SystemPosture` (levels, floors, gate, the controls that block the next level or a
floor, the waivers) or an :class:`Unevaluated` (why it could not be evaluated), and nothing
more, so memory stays small per system. Both commands go through :func:`summarize`, which is
why they produce the same org report from the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from sys import intern
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.evidence import fact_counts
from aimm.core.model import DEFAULT_MODEL, Model, ModelPath


class ReportFormatError(ValueError):
    """A check report entry that lacks what an org report needs (a hand-edited or foreign file)."""


@dataclass(frozen=True, slots=True)
class Blocker:
    """A non-passing control that keeps a dimension below its next level or its floor."""

    dimension: str
    control: str
    floor: bool  # True: it keeps an enforced floor unmet; False: it blocks the next level


@dataclass(frozen=True, slots=True)
class WaiverEntry:
    """A waiver as the check reported it (its status was judged on the check's date)."""

    control: str
    status: str
    expires: str | None
    approved_by: str | None
    reason: str | None
    # Whether the gate passes because of it: the waived control keeps an enforced floor unmet
    # (the policies list it among the floor's next steps), or it is a gate-family control.
    carries_gate: bool = False


@dataclass(frozen=True, slots=True)
class SystemPosture:
    """One evaluated system, reduced to what the org report reads."""

    repository: str
    path: str
    system: str
    team: str
    business_unit: str | None
    lifecycle: str | None
    tier: str | None
    levels: Mapping[str, int]
    floors: Mapping[str, int]
    floors_enforced: bool
    gate_passed: bool
    any_failing: bool
    blockers: tuple[Blocker, ...]
    waivers: tuple[WaiverEntry, ...]
    judged_on: str | None  # the check's --today (YYYY-MM-DD), when the report says
    # Distinct facts the evidence probes checked, and how many of them they verified.
    facts_checked: int = 0
    facts_verified: int = 0
    # The first of the gate's reasons as the policies wrote them (None when it passes).
    gate_reason: str | None = None
    # The track a model pack put the system on (mlops: llm or classical-ml), if any.
    track: str | None = None
    # The system under each other model the check evaluated (``models`` of the entry), in the
    # entry's order: (model id, posture); their levels leave out dimensions that do not apply.
    packs: tuple[tuple[str, SystemPosture], ...] = ()
    # The statuses of the controls the model's org-scope rules read (model.yaml org_scope
    # reads; aimm.org.orgscope), by id: only those, so a posture stays small.
    statuses: Mapping[str, str] = field(default_factory=dict)

    @property
    def verified_share(self) -> float | None:
        """Share of the checked facts that were verified (None when none was checked)."""
        return self.facts_verified / self.facts_checked if self.facts_checked else None

    @property
    def key(self) -> tuple[str, str]:
        """Identity across runs and sources: repository and system name."""
        return (self.repository, self.system)

    def below_floor(self) -> list[str]:
        """Dimensions whose level is under their floor (enforced or not), in model order."""
        return [d for d, level in self.levels.items() if level < self.floors.get(d, 1)]

    def pack(self, model: str) -> SystemPosture | None:
        """The system's posture under another model the check evaluated, if any."""
        return next((p for m, p in self.packs if m == model), None)

    def spread(self) -> int:
        """Highest level minus lowest level across the dimensions."""
        values = list(self.levels.values())
        return max(values) - min(values) if values else 0


@dataclass(frozen=True, slots=True)
class Unevaluated:
    """A manifest (or a folder, or a report file) that could not be evaluated, and why."""

    repository: str | None
    path: str
    message: str
    judged_on: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON view: repository, path, message."""
        return {"repository": self.repository, "path": self.path, "message": self.message}


Entry = SystemPosture | Unevaluated


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ReportFormatError(f"{where}: '{key}' is missing or not a string")
    return value


def _optional_text(entry: Mapping[str, Any], key: str) -> str | None:
    # Interned: thousands of systems share a few teams, tiers, lifecycles and dates.
    value = entry.get(key)
    return intern(value) if isinstance(value, str) and value else None


def _levels(
    entry: Mapping[str, Any], key: str, dimensions: Sequence[str], where: str
) -> dict[str, int]:
    values = entry.get(key)
    if not isinstance(values, Mapping):
        raise ReportFormatError(f"{where}: '{key}' is missing or not an object")
    found: dict[str, int] = {}
    for dim in dimensions:
        level = values.get(dim)
        if not isinstance(level, int) or isinstance(level, bool):
            raise ReportFormatError(f"{where}: '{key}.{dim}' is missing or not a whole number")
        found[intern(dim)] = level
    return found


def problem_message(errors: object) -> str:
    """The contract's ``errors`` list as one line: ``line N: /pointer: message; ...``."""
    parts: list[str] = []
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, Mapping):
            continue
        text = str(error.get("message") or "").strip()
        if error.get("pointer"):
            text = f"{error['pointer']}: {text}"
        if isinstance(error.get("line"), int):
            text = f"line {error['line']}: {text}"
        parts.append(text)
    return "; ".join(parts) or "could not be evaluated (no message)"


def blockers_of(
    controls: Iterable[Mapping[str, Any]],
    next_steps: Iterable[Mapping[str, Any]],
    levels: Mapping[str, int],
) -> tuple[Blocker, ...]:
    """Controls that keep each dimension below an enforced floor, or from its next level.

    Which controls keep a floor unmet is the policies' verdict: the next steps they give for
    a floor. Which hold the next level follows from what a level is (every cell up to it
    holds): the controls of the level above that do not pass. Waived controls count: a
    waiver spares the gate, never the level.
    """
    floor = {
        str(s.get("control"))
        for s in next_steps
        if isinstance(s, Mapping) and s.get("reason") == "floor"
    }
    found: list[Blocker] = []
    for control in controls:
        dim, level, cid = control.get("dimension"), control.get("level"), control.get("id")
        if control.get("status") == "pass" or dim not in levels or not isinstance(level, int):
            continue
        keeps_floor = cid in floor
        if keeps_floor or level == levels[str(dim)] + 1:
            found.append(Blocker(intern(str(dim)), intern(str(cid)), keeps_floor))
    return tuple(found)


# What summarize reads of a contract entry; compact_entry keeps only these.
_ENTRY_KEYS = (
    "path", "status", "errors", "model", "system", "team", "business_unit", "lifecycle",
    "tier", "levels", "floors", "floors_enforced", "gate", "waivers", "type",
)  # fmt: skip
# What summarize reads of each other model's result (``models.<id>``).
_PACK_KEYS = ("levels", "floors", "floors_enforced", "gate", "track")
_CONTROL_KEYS = ("id", "dimension", "level", "status")
_STEP_KEYS = ("control", "dimension", "reason")


def compact_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a contract JSON entry that :func:`summarize` reads (controls without their
    message and remediation text): what the scan cache stores. ``summarize`` gives the same
    posture for the compact entry as for the full one."""
    compact = {k: entry[k] for k in _ENTRY_KEYS if k in entry}
    if isinstance(entry.get("controls"), list):
        compact["facts"] = _facts(entry)
    if isinstance(entry.get("controls"), list):
        compact["controls"] = [
            {k: c[k] for k in _CONTROL_KEYS if k in c} if isinstance(c, Mapping) else c
            for c in entry["controls"]
        ]
    if isinstance(entry.get("next_steps"), list):
        compact["next_steps"] = _compact_list(entry["next_steps"], _STEP_KEYS)
    packs = entry.get("models")
    if isinstance(packs, Mapping):
        compact["models"] = {
            str(m): (
                {
                    **{k: r[k] for k in _PACK_KEYS if k in r},
                    "controls": _compact_list(r.get("controls"), _CONTROL_KEYS),
                    "next_steps": _compact_list(r.get("next_steps"), _STEP_KEYS),
                }
                if isinstance(r, Mapping)
                else r
            )
            for m, r in packs.items()
        }
    return compact


def _compact_list(items: object, keys: Sequence[str]) -> list[Any]:
    if not isinstance(items, list):
        return []
    return [{k: i[k] for k in keys if k in i} if isinstance(i, Mapping) else i for i in items]


def summarize(
    entry: Mapping[str, Any],
    *,
    repository: str,
    path: str,
    model: Model,
    judged_on: str | None,
    packs: Callable[[str], Model | None] | None = None,
) -> Entry:
    """Reduce one contract JSON result (``results[i]`` of a check report) to its posture
    under ``model`` (the org report's model).

    ``packs`` looks up the other models the entry was evaluated for (its ``models``); each
    one it knows becomes a posture in :attr:`SystemPosture.packs` (None: they are left out).

    Raises :class:`ReportFormatError` when an evaluated entry lacks a field the org report
    needs; an entry with ``status: error``, or judged by another model, becomes
    :class:`Unevaluated`.
    """
    where = path
    if entry.get("status") == "error":
        return Unevaluated(repository, path, problem_message(entry.get("errors")), judged_on)
    if entry.get("status") != "evaluated":
        raise ReportFormatError(f"{where}: 'status' is neither 'evaluated' nor 'error'")
    judged_by = entry.get("model", DEFAULT_MODEL)
    if judged_by != model.id:
        message = f"judged by model {judged_by!r}; this org report is for model {model.id!r}"
        return Unevaluated(repository, path, message, judged_on)
    dimensions = model.dimensions
    levels = _levels(entry, "levels", dimensions, where)
    floors = _levels(entry, "floors", dimensions, where)
    gate = entry.get("gate")
    if not isinstance(gate, Mapping) or not isinstance(gate.get("passed"), bool):
        raise ReportFormatError(f"{where}: 'gate.passed' is missing or not a boolean")
    controls = entry.get("controls")
    if not isinstance(controls, list) or not all(isinstance(c, Mapping) for c in controls):
        raise ReportFormatError(f"{where}: 'controls' is missing or not a list of objects")
    enforced = entry.get("floors_enforced") is True
    facts = _facts(entry)
    carried = _carrying(entry, controls) if enforced else set()
    waivers = tuple(
        WaiverEntry(
            control=intern(str(w.get("control"))),
            status=intern(str(w.get("status"))),
            expires=_optional_text(w, "expires"),
            approved_by=_optional_text(w, "approved_by"),
            reason=_optional_text(w, "reason"),
            carries_gate=w.get("status") == "valid" and str(w.get("control")) in carried,
        )
        for w in entry.get("waivers") or []
        if isinstance(w, Mapping)
    )
    base = SystemPosture(
        repository=repository,
        path=path,
        system=_text(entry, "system", where),
        team=intern(_text(entry, "team", where)),
        business_unit=_optional_text(entry, "business_unit"),
        lifecycle=_optional_text(entry, "lifecycle"),
        tier=_optional_text(entry, "tier"),
        levels=levels,
        floors=floors,
        floors_enforced=enforced,
        gate_passed=gate["passed"],
        any_failing=any(c.get("status") == "fail" for c in controls),
        blockers=blockers_of(controls, _list(entry, "next_steps"), levels),
        waivers=waivers,
        judged_on=judged_on,
        facts_checked=facts["checked"],
        facts_verified=facts["verified"],
        gate_reason=_first_reason(gate),
    )
    if packs is None or not isinstance(entry.get("models"), Mapping):
        return base
    found: list[tuple[str, SystemPosture]] = []
    for model_id, result in entry["models"].items():
        pack_model = packs(str(model_id))
        if pack_model is None or not isinstance(result, Mapping):
            continue
        found.append((intern(str(model_id)), _pack(base, result, pack_model, entry.get("type"))))
    return replace(base, packs=tuple(found)) if found else base


def _first_reason(gate: Mapping[str, Any]) -> str | None:
    """The gate's first reason, as the policies wrote it, when the gate fails."""
    reasons = gate.get("reasons")
    if gate.get("passed") is True or not isinstance(reasons, list) or not reasons:
        return None
    return str(reasons[0])


def _carrying(entry: Mapping[str, Any], controls: Sequence[Mapping[str, Any]]) -> set[str]:
    """The waived controls the gate passes because of: each keeps an enforced floor unmet
    (the policies list it among the floor's next steps), or is a gate-family control (no
    level) where floors are enforced. Without their waivers the gate would fail."""
    if entry.get("lifecycle") == "retired":
        return set()
    floor = {
        str(s.get("control"))
        for s in _list(entry, "next_steps")
        if isinstance(s, Mapping) and s.get("reason") == "floor"
    }
    # A floor that an unwaived failing control also holds fails the gate anyway: its waivers
    # carry nothing (the check's reports call that floor miss blocking, not waived).
    blocked = {
        c.get("dimension")
        for c in controls
        if c.get("status") == "fail" and str(c.get("id")) in floor
    }
    return {
        str(c.get("id"))
        for c in controls
        if c.get("status") == "waived"
        and (
            (str(c.get("id")) in floor and c.get("dimension") not in blocked)
            or not isinstance(c.get("level"), int)
        )
    }


def _pack(
    base: SystemPosture, result: Mapping[str, Any], model: Model, system_type: object
) -> SystemPosture:
    """The system under another model: that model's levels, floors, gate and blockers (only
    the dimensions that apply to the system's type); the waivers stay with the primary."""
    where = f"{base.path}: models.{model.id}"
    dims = [d for d in model.dimensions if model.applies(d, str(system_type or ""))]
    levels = _levels(result, "levels", dims, where)
    floors = _levels(result, "floors", dims, where)
    gate = result.get("gate")
    if not isinstance(gate, Mapping) or not isinstance(gate.get("passed"), bool):
        raise ReportFormatError(f"{where}: 'gate.passed' is missing or not a boolean")
    controls = [c for c in _list(result, "controls") if isinstance(c, Mapping)]
    read = (model.data.get("org_scope") or {}).get("reads", ())
    return replace(
        base,
        statuses={
            str(c["id"]): intern(str(c.get("status"))) for c in controls if c.get("id") in read
        },
        levels=levels,
        floors=floors,
        floors_enforced=result.get("floors_enforced") is True,
        gate_passed=gate["passed"],
        any_failing=any(c.get("status") == "fail" for c in controls),
        blockers=blockers_of(controls, _list(result, "next_steps"), levels),
        waivers=(),
        facts_checked=0,
        facts_verified=0,
        gate_reason=_first_reason(gate),
        track=_optional_text(result, "track"),
        packs=(),
    )


def _facts(entry: Mapping[str, Any]) -> dict[str, int]:
    """The facts the probes checked and verified: kept by compact_entry, else counted from the
    controls' evidence (the same numbers either way)."""
    kept = entry.get("facts")
    if isinstance(kept, Mapping) and all(
        isinstance(kept.get(k), int) for k in ("checked", "verified")
    ):
        return {"checked": int(kept["checked"]), "verified": int(kept["verified"])}
    controls = [c for c in _list(entry, "controls") if isinstance(c, Mapping)]
    counts = fact_counts(controls)
    return {"checked": sum(counts.values()), "verified": counts["verified"]}


def _list(entry: Mapping[str, Any], key: str) -> list[Any]:
    value = entry.get(key)
    return value if isinstance(value, list) else []


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry from one source (a report file, or one scan), with its precedence."""

    entry: Entry
    source: int  # which source it came from; a later source wins a tie on the date


def _newest_first(candidate: Candidate) -> tuple[str, int]:
    return (candidate.entry.judged_on or "", candidate.source)


def merge(candidates: Iterable[Candidate]) -> tuple[list[SystemPosture], list[Unevaluated]]:
    """Keep the newest entry per repository and path, then per repository and system name.

    Newest means the latest ``judged_on``, then the later source. Two systems with the same
    repository and name from one source on one date cannot both be right: the first by path
    is kept and the other is reported as could-not-evaluate, naming both paths.
    """
    by_path: dict[tuple[str | None, str], Candidate] = {}
    for candidate in candidates:
        key = (candidate.entry.repository, candidate.entry.path)
        held = by_path.get(key)
        if held is None or _newest_first(candidate) >= _newest_first(held):
            by_path[key] = candidate
    systems: dict[tuple[str, str], Candidate] = {}
    problems: list[Unevaluated] = []
    for key in sorted(by_path, key=lambda k: (k[0] or "", k[1])):
        candidate = by_path[key]
        entry = candidate.entry
        if isinstance(entry, Unevaluated):
            problems.append(entry)
            continue
        held = systems.get(entry.key)
        if held is None:
            systems[entry.key] = candidate
            continue
        same_run = held.source == candidate.source and held.entry.judged_on == entry.judged_on
        if same_run:
            problems.append(
                Unevaluated(
                    entry.repository,
                    entry.path,
                    f"system name '{entry.system}' is also declared by {held.entry.path} in "
                    f"repository {entry.repository}; a name must be unique in its repository",
                    entry.judged_on,
                )
            )
        elif _newest_first(candidate) > _newest_first(held):
            systems[entry.key] = candidate
    kept = [c.entry for c in systems.values() if isinstance(c.entry, SystemPosture)]
    return kept, problems


def pack_loader(installed: ModelPath) -> Callable[[str], Model | None]:
    """Look up the other models a result names, once each; None for one not installed."""

    @cache
    def load(model_id: str) -> Model | None:
        try:
            return installed.load(model_id)
        except UsageError:
            return None

    return load
