"""Results of checking manifests: one per manifest, and the report over all of them.

The JSON shape of :meth:`Report.as_dict` is the contract's report (``schema_version`` 1);
every reporter renders from these objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aimm.core.errors import ExitCode, Problem
from aimm.core.model import DEFAULT_MODEL, Model

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ManifestResult:
    """The outcome for one manifest: evaluated (levels, gate) or an input error."""

    path: str
    status: str  # "evaluated" | "error"
    # The maturity model the levels, floors and controls belong to.
    model: str = DEFAULT_MODEL
    system: str | None = None
    team: str | None = None
    business_unit: str | None = None
    lifecycle: str | None = None
    system_type: str | None = None
    tier: str | None = None
    tier_computed: str | None = None
    tier_declared: str | None = None
    risk_score: int | None = None
    levels: dict[str, int] = field(default_factory=dict)
    floors: dict[str, int] = field(default_factory=dict)
    floors_enforced: bool = False
    controls: tuple[dict[str, Any], ...] = ()
    next_steps: tuple[dict[str, Any], ...] = ()
    gate_passed: bool = False
    gate_reasons: tuple[str, ...] = ()
    waivers: tuple[dict[str, Any], ...] = ()
    errors: tuple[Problem, ...] = ()
    # The org config that applied (display path), when one did.
    org_config: str | None = None
    # With --baseline: the accepted ids for this manifest, and those that no longer fail.
    baseline_accepted: tuple[str, ...] | None = None
    baseline_stale: tuple[str, ...] = ()
    # The same manifest evaluated for further models (--model given more than once).
    others: tuple[ManifestResult, ...] = ()
    # Whether this model's gate fails the run (the primary model's always does; others only
    # when the org config says so).
    gating: bool = True
    # What the model's report rules add (model.yaml report: findings, checklist, ...).
    extras: dict[str, Any] = field(default_factory=dict)
    # Failing controls beyond what the system works on next (above its next level and their
    # dimension's floor), as the policies decided (the raw result's ``aspirations``). Reports
    # show them apart from failures; the JSON report leaves them out (its bytes are the
    # contract's), so a reader of the JSON derives them from levels and floors.
    aspirations: tuple[str, ...] = ()

    @property
    def evaluated(self) -> bool:
        """True when the manifest was evaluated (not an input error)."""
        return self.status == "evaluated"

    @property
    def passed(self) -> bool:
        """Whether every gating model's gate passed (the primary model's and the others')."""
        return self.gate_passed and all(o.gate_passed for o in self.others if o.gating)

    def failing(self) -> list[dict[str, Any]]:
        """Controls with status ``fail``, in catalog order (baselined ones included)."""
        return [c for c in self.controls if c["status"] == "fail"]

    def is_aspiration(self, control: dict[str, Any]) -> bool:
        """Whether the policies reported a failing control as an aspiration."""
        return control.get("id") in self.aspirations

    def new_failures(self) -> list[dict[str, Any]]:
        """Failing controls that the baseline (if any) does not accept."""
        return [c for c in self.failing() if not c.get("baselined")]

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON entry for this manifest."""
        if not self.evaluated:
            return {
                "path": self.path,
                "status": "error",
                "errors": [p.as_dict() for p in self.errors],
            }
        return {
            "path": self.path,
            "status": "evaluated",
            "system": self.system,
            "team": self.team,
            "business_unit": self.business_unit,
            "lifecycle": self.lifecycle,
            "type": self.system_type,
            "tier": self.tier,
            "tier_computed": self.tier_computed,
            "tier_declared": self.tier_declared,
            "risk_score": self.risk_score,
            **self._verdict(),
            "waivers": [dict(w) for w in self.waivers],
            **self._extensions(),
        }

    def _verdict(self) -> dict[str, Any]:
        """The model's verdict keys, in the contract's order: levels to gate."""
        return {
            "levels": dict(self.levels),
            "floors": dict(self.floors),
            "floors_enforced": self.floors_enforced,
            "controls": [dict(c) for c in self.controls],
            "next_steps": [dict(s) for s in self.next_steps],
            "gate": {"passed": self.gate_passed, "reasons": list(self.gate_reasons)},
        }

    def model_view(self) -> dict[str, Any]:
        """What one further model says of the manifest (``models.<id>`` in JSON): levels,
        floors, controls, steps, its gate and whether that gate counts, and a summary."""
        counts: dict[str, int] = {}
        for control in self.controls:
            counts[control["status"]] = counts.get(control["status"], 0) + 1
        return {
            **self._verdict(),
            "gating": self.gating,
            **self.extras,
            "summary": {"controls": dict(sorted(counts.items()))},
        }

    def _extensions(self) -> dict[str, Any]:
        """Keys beyond the contract's, present only when their feature is in use."""
        extra: dict[str, Any] = {}
        if self.model != DEFAULT_MODEL:
            extra["model"] = self.model
            extra.update(self.extras)
        if self.others:
            extra["models"] = {r.model: r.model_view() for r in self.others}
        if self.org_config is not None:
            extra["org_config"] = self.org_config
        if self.baseline_accepted is not None:
            extra["baseline"] = {
                "accepted": list(self.baseline_accepted),
                "no_longer_failing": list(self.baseline_stale),
            }
        return extra


@dataclass(frozen=True)
class Report:
    """Results for every manifest of one run, with the date they were judged on."""

    results: tuple[ManifestResult, ...]
    today: date
    # Valid waivers expiring within this many days are reported as warnings.
    warn_expiring_days: int = 30
    # The repository the run checked (owner/name in CI), for aimm aggregate; None: unknown.
    repository: str | None = None
    # The models the results name, by id (reporters draw each result with its own model).
    models: Mapping[str, Model] = field(default_factory=dict, compare=False, repr=False)
    # False with --no-verify-evidence: declared paths counted as present, nothing was read.
    evidence_verified: bool = True
    # The run's --fail-on: with any-fail, every failure a baseline does not accept fails the
    # run, and the CI formats show it as blocking.
    fail_on: str = "floors"
    # With aimm check --compare-to or --base-ref: what changed against the base (the JSON
    # view of aimm.check.compare.Comparison), the report's ``comparison`` key; None: no key.
    comparison: Mapping[str, Any] | None = None

    def model_of(self, result: ManifestResult) -> Model:
        """The model a result was judged by (the default model when not given)."""
        model = self.models.get(result.model)
        if model is None:
            from aimm.core.model import load_model

            model = load_model(result.model)
        return model

    def primary_model(self) -> Model:
        """The model of the first evaluated result (the default model when none was)."""
        evaluated = [r for r in self.results if r.evaluated]
        if evaluated:
            return self.model_of(evaluated[0])
        return self.model_of(ManifestResult(path="", status="error"))

    @property
    def passed(self) -> int:
        """Manifests evaluated whose gate passed."""
        return sum(1 for r in self.results if r.evaluated and r.passed)

    @property
    def failed(self) -> int:
        """Manifests evaluated whose gate failed."""
        return sum(1 for r in self.results if r.evaluated and not r.passed)

    @property
    def errors(self) -> int:
        """Manifests that could not be evaluated."""
        return sum(1 for r in self.results if not r.evaluated)

    def summary(self) -> dict[str, int]:
        """The contract's summary block."""
        return {
            "manifests": len(self.results),
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
        }

    def expiring_waivers(self) -> list[tuple[ManifestResult, dict[str, Any]]]:
        """Valid waivers that expire within ``warn_expiring_days`` of ``today``."""
        return [
            (result, waiver)
            for result in self.results
            for waiver in result.waivers
            if waiver.get("status") == "valid"
            and isinstance(waiver.get("days_left"), int)
            and 0 <= waiver["days_left"] <= self.warn_expiring_days
        ]

    def exit_code(self, fail_on: str = "floors") -> ExitCode:
        """2 on any input error; else 1 when the gate policy ``fail_on`` says so; else 0.

        ``floors`` fails on a failed gate (the contract), ``any-fail`` also on any failing
        control not accepted by a baseline, ``never`` reports without failing (input errors
        still exit 2).
        """
        if self.errors:
            return ExitCode.INPUT_ERROR
        if fail_on == "never":
            return ExitCode.OK
        if self.failed:
            return ExitCode.GATE_FAILED
        if fail_on == "any-fail" and any(r.new_failures() for r in self.results if r.evaluated):
            return ExitCode.GATE_FAILED
        return ExitCode.OK

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON report."""
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "today": self.today.isoformat(),
        }
        if self.repository is not None:
            document["repository"] = self.repository
        if not self.evidence_verified:
            document["evidence_verified"] = False
        extra = {} if self.comparison is None else {"comparison": dict(self.comparison)}
        return {
            **document,
            "results": [r.as_dict() for r in self.results],
            "summary": self.summary(),
            **extra,
        }
