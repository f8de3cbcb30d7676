"""``aimm init``: write a starter aimm.yaml for the current folder and review it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from aimm.check.starter import OWNER_ROLES, StarterFacts, missing_owners, render, review, slug
from aimm.commands.options import resolve_today, today_option
from aimm.core.errors import UsageError
from aimm.core.files import write_atomic

TYPES = ["llm-app", "rag", "agent", "multi-agent", "copilot", "classical-ml"]
LIFECYCLES = ["experiment", "pilot", "production", "retired"]
DOMAINS = [
    "general", "biometrics", "critical-infrastructure", "education", "employment",
    "essential-services", "credit-scoring", "insurance", "law-enforcement", "migration",
    "justice", "democratic-processes",
]  # fmt: skip
AUTONOMY = ["suggest", "act-with-approval", "act-autonomously"]
SENSITIVITY = ["public", "internal", "confidential", "personal", "special-category"]
EXPOSURE = ["internal", "customers", "public"]
CRITICALITY = ["low", "medium", "high", "critical"]


def _git_email() -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.email"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    email = done.stdout.strip()
    return email or None


def _ask(facts: StarterFacts) -> StarterFacts:
    """Prompt for every fact that changes the duties, with the options' values as defaults."""

    def choose(label: str, options: list[str], default: str) -> str:
        return str(click.prompt(label, type=click.Choice(options), default=default))

    return replace(
        facts,
        team=str(click.prompt("Owning team", default=facts.team)),
        owner=str(click.prompt("Technical owner (email)", default=facts.owner)),
        system_type=choose("System type", TYPES, facts.system_type),
        lifecycle=choose("Lifecycle", LIFECYCLES, facts.lifecycle),
        domain=choose("Domain (an EU AI Act Annex III area, or general)", DOMAINS, facts.domain),
        autonomy=choose("Autonomy", AUTONOMY, facts.autonomy),
        data_sensitivity=choose("Data sensitivity", SENSITIVITY, facts.data_sensitivity),
        exposure=choose("Who uses it", EXPOSURE, facts.exposure),
        criticality=choose("Business criticality", CRITICALITY, facts.criticality),
        interacts_with_humans=click.confirm(
            "Do people talk to it directly?", default=facts.interacts_with_humans
        ),
        generates_content=click.confirm(
            "Does it generate text, audio, images or video?", default=facts.generates_content
        ),
    )


@click.command("init")
@click.option("--name", default=None, help="System name (a slug); default: the folder's name.")
@click.option("--team", default="unassigned", show_default=True, help="Owning team.")
@click.option("--owner", default=None, help="Technical owner; default: git config user.email.")
@click.option(
    "--type", "system_type", default="llm-app", show_default=True, type=click.Choice(TYPES)
)
@click.option("--lifecycle", default="experiment", show_default=True, type=click.Choice(LIFECYCLES))
@click.option("--domain", default="general", show_default=True, type=click.Choice(DOMAINS))
@click.option("--autonomy", default="suggest", show_default=True, type=click.Choice(AUTONOMY))
@click.option(
    "--data-sensitivity", default="internal", show_default=True, type=click.Choice(SENSITIVITY)
)
@click.option("--exposure", default="internal", show_default=True, type=click.Choice(EXPOSURE))
@click.option("--criticality", default="low", show_default=True, type=click.Choice(CRITICALITY))
@click.option(
    "--interacts-with-humans/--no-interacts-with-humans",
    default=False,
    help="People talk to the system directly (EU AI Act Art. 50(1)).",
)
@click.option(
    "--generates-content/--no-generates-content",
    default=False,
    help="It generates text, audio, images or video (EU AI Act Art. 50(2)).",
)
@click.option(
    "--owners",
    "owner_pairs",
    multiple=True,
    metavar="ROLE=WHO",
    help=f"Another owner ({', '.join(OWNER_ROLES)}), e.g. on_call=payments-oncall. Repeatable.",
)
@click.option(
    "--no-input", is_flag=True, help="Never prompt (the default when stdin is not a terminal)."
)
@today_option
@click.option("--force", is_flag=True, help="Overwrite an existing aimm.yaml.")
def command(
    name: str | None,
    team: str,
    owner: str | None,
    system_type: str,
    lifecycle: str,
    domain: str,
    autonomy: str,
    data_sensitivity: str,
    exposure: str,
    criticality: str,
    interacts_with_humans: bool,
    generates_content: bool,
    owner_pairs: tuple[str, ...],
    no_input: bool,
    today: datetime | None,
    force: bool,
) -> int:
    """Write a starter aimm.yaml in the current folder, then review it.

    Every fact that changes which duties apply is written: the risk facts, whether people
    talk to the system or it generates content, and the owners its tier and lifecycle need.
    On a terminal it asks for them (--no-input to take the options as they are). The review
    says whether the manifest passes its own gate, and why not, and which EU AI Act duties
    apply to it.
    """
    target = Path("aimm.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    system = slug(name or Path.cwd().name)
    if name is not None and system != name:
        raise UsageError(f"--name {name!r} is not a slug; try {system!r}")
    owners: dict[str, str] = {}
    for pair in owner_pairs:
        role, _, who = pair.partition("=")
        if role not in OWNER_ROLES or not who.strip():
            raise UsageError(
                f"--owners {pair!r}: expected ROLE=WHO, ROLE one of {', '.join(OWNER_ROLES)}"
            )
        owners[role] = who.strip()
    facts = StarterFacts(
        name=system,
        team=team.strip() or "unassigned",
        owner=owner or _git_email() or "owner@example.com",
        system_type=system_type,
        lifecycle=lifecycle,
        domain=domain,
        autonomy=autonomy,
        data_sensitivity=data_sensitivity,
        exposure=exposure,
        criticality=criticality,
        interacts_with_humans=interacts_with_humans,
        generates_content=generates_content,
        owners=owners,
    )
    interactive = not no_input and sys.stdin.isatty()
    if interactive:
        facts = _ask(facts)
    day = resolve_today(today)
    write_atomic(target, render(facts))
    if interactive:
        needed = missing_owners(target, day)
        if needed:
            answers = {
                role: str(click.prompt(f"Owner '{role}' ({OWNER_ROLES[role]})", default="")).strip()
                for role in needed
            }
            facts = replace(
                facts, owners={**facts.owners, **{r: a for r, a in answers.items() if a}}
            )
            write_atomic(target, render(facts))
    found = review(target, day)
    click.echo(
        f"wrote {target}: tier {found.tier}, gate {'passed' if found.gate_passed else 'FAILED'}"
    )
    for reason in found.gate_reasons:
        click.echo(f"  - {reason}")
    if found.missing_owners:
        roles = ", ".join(f"metadata.owners.{r}" for r in found.missing_owners)
        click.echo(f"  set {roles} (or pass --owners ROLE=WHO) before the gate can pass")
    if found.duties:
        click.echo("EU AI Act duties that apply (aimm audit --framework eu-ai-act for the detail):")
        for duty in found.duties:
            click.echo(f"  - {duty}")
    click.echo("next: describe the system's operations under posture:, then run `aimm check`")
    return 0
