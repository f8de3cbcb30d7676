"""``aimm init``: write a commented starter aimm.yaml for the current folder."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import click

from aimm.core.errors import UsageError
from aimm.core.files import write_atomic

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
    # business: product-owner@example.com   # needed from tier high
    # security: security-team@example.com   # needed from tier high
    # on_call: {team}-oncall                # needed in production
system:
  type: {type}            # llm-app | rag | agent | multi-agent | copilot | classical-ml
  lifecycle: {lifecycle}  # experiment | pilot | production | retired
                          # (floors are enforced in pilot and production)
  providers: []
risk:
  domain: general            # or an EU AI Act Annex III area, e.g. employment, credit-scoring
  prohibited_practices: []   # any entry makes the system prohibited
  autonomy: suggest          # suggest | act-with-approval | act-autonomously
  data_sensitivity: internal # public | internal | confidential | personal | special-category
  exposure: internal         # internal | customers | public
  criticality: low           # low | medium | high | critical
posture:
  visibility:
    logs: none               # none | scattered | centralized
    dashboards: none         # none | per-team | central  (level 2: per-team; level 3: central)
    # tracing: {{enabled: true, coverage: 80, spans: [model_call], propagation: false}}
  evaluation:
    manual_review: none      # none | ad-hoc | scheduled  (level 2: ad-hoc)
    # suites: [{{name: golden, path: evals/golden.yaml, cases: 20}}]
  cost:
    attribution: none        # none | invoice | per-team | per-app | per-request | per-agent-run
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


def slug(text: str) -> str:
    """A manifest name slug: lower case, letters, digits and dashes, at most 63 characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (cleaned or "ai-system")[:63].rstrip("-") or "ai-system"


def _git_email() -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.email"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    email = done.stdout.strip()
    return email or None


@click.command("init")
@click.option("--name", default=None, help="System name (a slug); default: the folder's name.")
@click.option("--team", default="unassigned", show_default=True, help="Owning team.")
@click.option("--owner", default=None, help="Technical owner; default: git config user.email.")
@click.option(
    "--type",
    "system_type",
    default="llm-app",
    show_default=True,
    type=click.Choice(["llm-app", "rag", "agent", "multi-agent", "copilot", "classical-ml"]),
)
@click.option(
    "--lifecycle",
    default="experiment",
    show_default=True,
    type=click.Choice(["experiment", "pilot", "production", "retired"]),
)
@click.option("--force", is_flag=True, help="Overwrite an existing aimm.yaml.")
def command(
    name: str | None, team: str, owner: str | None, system_type: str, lifecycle: str, force: bool
) -> int:
    """Write a commented starter aimm.yaml in the current folder (it passes `aimm validate`)."""
    target = Path("aimm.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    system = slug(name or Path.cwd().name)
    if name is not None and system != name:
        raise UsageError(f"--name {name!r} is not a slug; try {system!r}")
    text = TEMPLATE.format(
        name=system,
        team=team.strip() or "unassigned",
        owner=owner or _git_email() or "owner@example.com",
        type=system_type,
        lifecycle=lifecycle,
        description=f"{system} (describe what it does)",
    )
    write_atomic(target, text)
    click.echo(f"wrote {target}; next: edit it, then run `aimm check`")
    return 0
