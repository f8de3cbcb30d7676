"""A starter ``aimm.yaml`` and its first review (``aimm init``).

The starter writes every fact that changes which duties apply (the risk facts, whether the
system talks to people or generates content, the owners its lifecycle and tier need), then
the review evaluates it like ``aimm check`` and the EU AI Act profile would, so a new team
learns at once whether it passes its gate (and why not) and which regulatory duties it has.
The policies decide both; nothing here judges a fact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline

# The owner roles, in the order the template lists them, with what each is for.
OWNER_ROLES = {
    "business": "accountable for the use case",
    "security": "reviews security and abuse",
    "data": "data protection and governance",
    "on_call": "the escalation path in production",
}


@dataclass(frozen=True)
class StarterFacts:
    """What ``aimm init`` asks for (or takes from its options)."""

    name: str
    team: str
    owner: str
    system_type: str = "llm-app"
    lifecycle: str = "experiment"
    domain: str = "general"
    autonomy: str = "suggest"
    data_sensitivity: str = "internal"
    exposure: str = "internal"
    criticality: str = "low"
    interacts_with_humans: bool = False
    generates_content: bool = False
    owners: dict[str, str] = field(default_factory=dict)


def slug(text: str) -> str:
    """A manifest name slug: lower case, letters, digits and dashes, at most 63 characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (cleaned or "ai-system")[:63].rstrip("-") or "ai-system"


def _scalar(value: str) -> str:
    """A YAML scalar for a free-text value (quoted when plain style would misread it)."""
    return (
        value if re.fullmatch(r"[A-Za-z0-9@._+-][A-Za-z0-9@._+ -]*", value) else json.dumps(value)
    )


def _owner_lines(facts: StarterFacts) -> list[str]:
    lines = []
    for role, purpose in OWNER_ROLES.items():
        value = facts.owners.get(role)
        if value:
            lines.append(f"    {role}: {_scalar(value)}")
        else:
            example = f"{facts.team}-oncall" if role == "on_call" else f"{role}@example.com"
            lines.append(f"    # {role}: {example}   # {purpose}")
    return lines


TEMPLATE = """\
# yaml-language-server: $schema=https://aimm.dev/schemas/manifest-v1.json
# aimm manifest: facts about this AI system's operations. `aimm check` turns them into a
# level per dimension (1 Experimenting .. 5 Optimized), a risk tier, floors and next steps.
# Every posture fact is optional: an absent fact counts as its weakest value.
apiVersion: aimm/v1
kind: AISystem
metadata:
  name: {name}
  description: {description}
  team: {team}
  owners:
    technical: {owner}
{owners}
system:
  type: {type}            # llm-app | rag | agent | multi-agent | copilot | classical-ml
  lifecycle: {lifecycle}  # experiment | pilot | production | retired
                          # (floors and owners are enforced in pilot and production)
  providers: []
risk:
  domain: {domain}   # general, or an EU AI Act Annex III area (employment, ...)
  prohibited_practices: []   # any entry makes the system prohibited
  autonomy: {autonomy}   # suggest | act-with-approval | act-autonomously
  data_sensitivity: {data_sensitivity}  # public|internal|confidential|personal|special-category
  exposure: {exposure}   # internal | customers | public
  criticality: {criticality}   # low | medium | high | critical
  interacts_with_humans: {humans}   # people talk to it directly (EU AI Act Art. 50(1))
compliance:
  generates_content: {generates}   # it makes text, audio, images or video (Art. 50(2))
posture:
  visibility:
    logs: none               # none | scattered | centralized
    dashboards: none         # none | per-team | central (level 2: per-team; 3: central)
    # tracing: {{enabled: true, coverage: 80, spans: [model_call], propagation: false}}
  evaluation:
    manual_review: none      # none | ad-hoc | scheduled  (level 2: ad-hoc)
    # suites: [{{name: golden, path: evals/golden.yaml, cases: 20}}]
  cost:
    attribution: none        # none|invoice|per-team|per-app|per-feature|per-request|per-agent-run
    dashboards: none         # none | per-team | central
  access:
    credentials: shared      # shared | personal | individual | scoped | workload-identity
    sso: none                # none | partial | full
    rbac: none               # none | coarse | fine-grained
  audit:
    records: none            # none | scattered | centralized
    # retention_days: 90
    # postmortem_template: docs/postmortem.md
    # incident_runbook: docs/runbook.md
waivers: []
"""


def render(facts: StarterFacts) -> str:
    """The starter manifest: valid against the schema, every duty-changing fact written."""
    return TEMPLATE.format(
        name=facts.name,
        description=_scalar(facts.name + " (describe what it does)"),
        team=_scalar(facts.team),
        owner=_scalar(facts.owner),
        owners="\n".join(_owner_lines(facts)),
        type=facts.system_type,
        lifecycle=facts.lifecycle,
        domain=facts.domain,
        autonomy=facts.autonomy,
        data_sensitivity=facts.data_sensitivity,
        exposure=facts.exposure,
        criticality=facts.criticality,
        humans="true" if facts.interacts_with_humans else "false",
        generates="true" if facts.generates_content else "false",
    )


@dataclass(frozen=True)
class Review:
    """What the policies say of a starter manifest: its tier, gate, the owners it still
    needs, and the regulatory duties that apply to it."""

    tier: str | None
    gate_passed: bool
    gate_reasons: tuple[str, ...]
    missing_owners: tuple[str, ...]
    duties: tuple[str, ...]


def missing_owners(path: Path, today: date) -> tuple[str, ...]:
    """The owner roles whose ownership controls fail for this manifest (the policies decide
    which roles its tier and lifecycle need)."""
    pipeline = _pipeline(today)
    result = pipeline.check_file(path)
    model = pipeline.options.model_path.load(result.model)
    roles: list[str] = []
    for entry in result.controls:
        control = model.control(entry["id"])
        if entry["dimension"] != "ownership" or entry["status"] != "fail" or control is None:
            continue
        for pointer in control.facts:
            role = pointer.removeprefix("/metadata/owners/")
            if role in OWNER_ROLES and role not in roles:
                roles.append(role)
    return tuple(roles)


def _pipeline(today: date) -> Pipeline:
    # The contract's rules only: a starter is reviewed without any org config.
    return Pipeline(
        CheckOptions(today=today), configs=ConfigResolver(discover=False, use_env=False)
    )


def review(path: Path, today: date) -> Review:
    """Evaluate a starter manifest as ``aimm check`` and ``aimm audit --framework eu-ai-act``
    would (no org config: the contract's rules)."""
    from aimm.audit.matrix import audit_paths

    result = _pipeline(today).check_file(path)
    audit = audit_paths(
        [path], ["eu-ai-act"], today=today, configs=ConfigResolver(discover=False, use_env=False)
    )
    duties = tuple(
        f"{o.clause.title} ({o.clause.id}"
        + (f", from {o.clause.applies_from}" if not o.in_force and o.clause.applies_from else "")
        + ")"
        for system in audit.systems
        for o in system.obligations
        if o.applies
    )
    return Review(
        tier=result.tier,
        gate_passed=result.gate_passed,
        gate_reasons=result.gate_reasons,
        missing_owners=missing_owners(path, today),
        duties=duties,
    )
