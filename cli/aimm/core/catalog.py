"""Reading the control catalogs across models: look a control up, list a model's controls.

``aimm explain`` and ``aimm controls`` read this: every installed model (its catalog extended
with custom policy folders for the default model) and the framework profiles' governance
controls, so any control id a report can print can be explained.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from aimm.core import frameworks
from aimm.core.errors import UsageError
from aimm.core.model import DEFAULT_MODEL, Control, Model, ModelPath, control_from, extend_model


def catalog_models(
    installed: ModelPath, ids: Sequence[str] = (), custom: Sequence[Path] = ()
) -> list[Model]:
    """The models to read: ``ids`` (default: every installed one), the default model
    extended with the ``custom`` policy folders' catalogs."""
    chosen = [installed.load(m) for m in (ids or installed.ids())]
    return [extend_model(m, custom) if m.id == DEFAULT_MODEL else m for m in chosen]


def find_control(models: Sequence[Model], control_id: str) -> tuple[Model, Control]:
    """The model and catalog entry of ``control_id``: the models first, then the framework
    profiles (whose controls join the default model when a profile is enforced). An unknown
    id is a usage error with the closest ids."""
    profiled = frameworks.profile_model(tuple(frameworks.available()))
    for model in [*models, profiled]:
        control = model.control(control_id) or _org_control(model, control_id)
        if control is not None:
            return model, control
    known = [c.id for m in [*models, profiled] for c in [*m.controls, *org_controls(m)]]
    close = difflib.get_close_matches(control_id.upper(), list(dict.fromkeys(known)), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UsageError(f"unknown control {control_id!r}{hint}; `aimm controls` lists them")


def org_controls(model: Model) -> list[Control]:
    """The model's org-scope controls (model.yaml ``org_scope``: evaluated by scan and
    aggregate over the whole organisation) as catalog entries of the family ``org-scope``."""
    scope = model.data.get("org_scope") or {}
    return [control_from({**e, "dimension": "org-scope"}) for e in scope.get("controls", ())]


def _org_control(model: Model, control_id: str) -> Control | None:
    return next((c for c in org_controls(model) if c.id == control_id.upper()), None)


def explain(model: Model, control: Control) -> str:
    """Everything the catalog says about one control, as aligned lines."""
    where = f"{control.dimension}, level {control.level}" if control.level else control.dimension
    if control.level:
        where += f" ({model.level_name(control.level)})"
    lines = [
        f"{control.id}: {control.title}",
        f"  model:       {model.id} ({model.title})",
        f"  dimension:   {where}",
        f"  checks:      {control.check}",
        f"  why:         {control.why}",
        f"  remediation: {control.remediation}",
        f"  evidence:    {control.evidence}",
        f"  effort:      {control.effort}",
        f"  facts:       {', '.join(control.facts)}",
    ]
    if control.frameworks:
        refs = ", ".join(f"{f['framework']} {f['ref']}" for f in control.frameworks)
        lines.append(f"  frameworks:  {refs}")
    for variant in control.by_type:
        types = ", ".join(variant.get("types", ()))
        lines.append(f"  for {types}: {variant.get('check')} (why: {variant.get('why')})")
    return "\n".join(lines)


def tiers_text(model: Model) -> str:
    """How the risk tier is computed and the floors each tier must reach (``aimm explain tier``)."""
    tiering = model.data["tiering"]
    lines = [
        "Risk tier: the sum of four risk facts' weights, banded; any prohibited practice makes",
        "the system prohibited (its gate always fails).",
        "",
    ]
    for fact, weights in tiering["weights"].items():
        values = ", ".join(f"{value} {weight}" for value, weight in weights.items())
        lines.append(f"  risk.{fact}: {values}")
    low = -1
    bands = []
    for band in tiering["bands"]:
        bands.append(f"{band['tier']} {low + 1}-{band['max_score']}")
        low = band["max_score"]
    lines += ["", f"  score: {', '.join(bands)}"]
    regulated = tiering.get("regulated_domain", {})
    if regulated:
        lines.append(
            f"  a domain other than general raises the tier to at least "
            f"{regulated.get('minimum_tier')} ({regulated.get('autonomous_tier')} when autonomy "
            "is act-autonomously); a higher declared_tier is used instead"
        )
    dims = model.dimensions
    rows = [("TIER", *dims)]
    rows += [
        (tier, *(str(row.get(d, "")) for d in dims)) for tier, row in model.data["floors"].items()
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines += ["", f"Floors (minimum level per dimension, model {model.id}):", ""]
    lines += [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    regulatory = model.data.get("regulatory_floors") or {}
    if regulatory:
        raised = ", ".join(f"{d} {n}" for d, n in regulatory.items())
        lines += ["", f"  a regulated domain raises floors to at least: {raised}"]
    for deployment, floors in (model.data.get("deployment_floors") or {}).items():
        raised = ", ".join(f"{d} {n}" for d, n in floors.items())
        lines += [f"  system.deployment {deployment} raises floors to at least: {raised}"]
    lifecycles = ", ".join(model.data.get("enforced_lifecycles", []))
    lines += [
        f"  floors are enforced for {lifecycles}; reported, not enforced, for experiment;",
        "  retired systems never fail (unless prohibited).",
    ]
    return "\n".join(lines)


def controls_table(model: Model, controls: Sequence[Control]) -> str:
    """The controls as a text table with a header row."""
    rows = [("ID", "FAMILY", "LEVEL", "EFFORT", "TITLE")]
    rows += [
        (c.id, c.dimension, f"L{c.level}" if c.level is not None else "--", c.effort, c.title)
        for c in controls
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    )


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def controls_markdown(model: Model) -> str:
    """A reference page for a model (``docs/models/<id>.md``): its levels, dimensions and floors,
    then every control with what it checks, why, the remediation and the evidence."""
    lines = [f"# {model.title} (`{model.id}`)", ""]
    lines += ["Generated by `aimm controls --model " + model.id + " --format markdown`.", ""]
    if model.data.get("attribution"):
        lines += [_md(str(model.data["attribution"])), ""]
    lines += ["## Levels", "", "| Level | Name |", "|---|---|"]
    lines += [f"| {lv} | {_md(model.level_name(lv))} |" for lv in model.levels]
    lines += ["", "## Floors per tier", ""]
    dims = model.dimensions
    lines += ["| Tier | " + " | ".join(dims) + " |", "|---|" + "---|" * len(dims)]
    for tier, row in model.data.get("floors", {}).items():
        lines.append(f"| {tier} | " + " | ".join(str(row.get(d, "")) for d in dims) + " |")
    profile = model.capability_profile
    if profile:
        lines += [
            "",
            f"Capability profile (architecture, not operational maturity; no floor in any tier): "
            f"{', '.join(profile)}.",
        ]
    lines += _questionnaire_markdown(model)
    org = org_controls(model)
    for family in [*model.families, *(["org-scope"] if org else [])]:
        chosen = [c for c in [*model.controls, *org] if c.dimension == family]
        if not chosen:
            continue
        titles = {d["id"]: d.get("title", d["id"]) for d in model.data["dimensions"]}
        titles |= {g["id"]: g.get("title", g["id"]) for g in model.data.get("gate_families", [])}
        titles["org-scope"] = "Org-scope controls: evaluated by aimm scan and aggregate"
        lines += ["", f"## {_md(str(titles.get(family, family)))} (`{family}`)", ""]
        lines += ["| Control | Level | Title | Checks | Effort |", "|---|---|---|---|---|"]
        lines += [
            f"| {c.id} | {c.level if c.level is not None else '-'} | {_md(c.title)} | "
            f"{_md(c.check)} | {c.effort} |"
            for c in chosen
        ]
        for c in chosen:
            lines += [
                "",
                f"### {c.id}: {_md(c.title)}",
                "",
                f"- **Why:** {_md(c.why)}",
                f"- **Remediation:** {_md(c.remediation)}",
                f"- **Evidence:** {_md(c.evidence)}",
                *(
                    f"- **For {_md(', '.join(v.get('types', ())))}:** {_md(str(v.get('check')))}. "
                    f"{_md(str(v.get('why')))}"
                    for v in c.by_type
                ),
            ]
    return "\n".join(lines) + "\n"


def _questionnaire_markdown(model: Model) -> list[str]:
    """The self-assessment of a model that has one: questions, options and bands."""
    data = model.data.get("questionnaire")
    if not isinstance(data, dict):
        return []
    lines = ["", "## Self-assessment (`aimm assess`)", ""]
    bands = ", ".join(
        f"{b['min']}-{b['max']} L{b['level']} {_md(model.level_name(b['level']))}"
        for b in data["bands"]
    )
    lines += [f"Each answer scores 0-5; the total names a level: {bands}.", ""]
    for q in data["questions"]:
        lines += [f"- **{q['id']}** {_md(q['title'])}"]
        lines += [
            f"  - {o['score']}: {_md(o['text'])}{' (a claim only)' if o.get('claim_only') else ''}"
            for o in q["options"]
        ]
    return lines
