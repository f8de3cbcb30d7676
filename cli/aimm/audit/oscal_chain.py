"""The OSCAL documents behind the assessment results: catalog, component definition and plan.

The evidence pack holds the whole chain in ``report/``, each document naming the one before it
by a relative href, so the folder can be handed to an OSCAL tool as it is::

    catalog.json               every clause of the chosen frameworks and every aimm control
                               behind them (groups: one per framework, then ``aimm``)
    component-definition.json  one component per audited system, implementing the clauses
                               that apply to it (source: catalog.json)
    assessment-plan.json       what is assessed (the clauses, the systems as subjects), by whom
                               and when (import-ssp: the component definition, see below)
    assessment-results.json    the findings (import-ap: assessment-plan.json)

aimm writes no system security plan: an AI system's manifest is not one. The plan's ``import-ssp``
points at the component definition and says so in its remarks.

Uuids are name-based (uuid5), like the results': the catalog's from the profiles and the model
data only (the same catalog for any set of systems), the others from the document seed (every
input), so each document has its own uuids and the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

import aimm
from aimm.audit.formats import register
from aimm.audit.formats.oscal import (
    NS,
    OSCAL_VERSION,
    assessor_metadata,
    collected,
    document_seed,
    objective_id,
    prop,
    timestamp,
    uid,
)
from aimm.audit.matrix import BASIS_NOTE, AuditReport, SystemAudit
from aimm.core.frameworks import Clause, Profile
from aimm.core.model import Model

CATALOG = "catalog.json"
COMPONENT_DEFINITION = "component-definition.json"
ASSESSMENT_PLAN = "assessment-plan.json"
ASSESSMENT_RESULTS = "assessment-results.json"
AIMM_GROUP = "aimm"


def objective_part(control_id: str) -> str:
    """The id of a clause's assessment objective in the catalog (a finding's target-id)."""
    return f"{control_id}_obj"


def controls_behind(clause: Clause, model: Model) -> list[str]:
    """The aimm controls a clause rests on: its own, then for each grid level every control of
    that dimension's cells up to the level (what the matrix lists behind the clause)."""
    ids = list(clause.controls)
    cells = model.data.get("cells", {})
    for dimension, level in clause.levels.items():
        for n in range(2, int(level) + 1):
            ids.extend(cells.get(dimension, {}).get(str(n), []))
    return list(dict.fromkeys(ids))


def _evidence_prose(clause: Clause) -> str:
    if not clause.assessed:
        return f"aimm does not evidence this clause: {clause.not_assessed}"
    parts = [f"{d} at level {n} or above" for d, n in clause.levels.items()]
    parts += [f"control {c} passes" for c in clause.controls]
    return "Evidenced in aimm when " + ", ".join(parts) + "."


def _clause_control(profile: Profile, clause: Clause, model: Model) -> dict[str, Any]:
    cid = objective_id(profile.prefix, clause.id)
    url = clause.source.get("url") or profile.source.get("url")
    links = [{"href": str(url), "rel": "reference"}] if url else []
    links += [{"href": f"#{c}", "rel": "related"} for c in controls_behind(clause, model)]
    return {
        "id": cid,
        "title": clause.title,
        "props": [
            {"name": "label", "value": clause.id},
            prop("source-ref", str(clause.source.get("ref", ""))),
            prop("source-verification", str(clause.source.get("verification", ""))),
            prop("mapping-verification", clause.mapping_verification),
            prop("applies-from", clause.applies_from or "adoption"),
        ],
        **({"links": links} if links else {}),
        "parts": [
            {"id": f"{cid}_smt", "name": "statement", "prose": clause.summary},
            {
                "id": objective_part(cid),
                "name": "assessment-objective",
                "prose": _evidence_prose(clause),
            },
        ],
    }


def _aimm_control(control_id: str, model: Model) -> dict[str, Any]:
    control = model.control(control_id)
    if control is None:  # profile loading checks every named control exists
        raise ValueError(f"unknown control {control_id}")
    props = [{"name": "label", "value": control.id}, prop("dimension", control.dimension)]
    if control.level is not None:
        props.append(prop("level", str(control.level)))
    return {
        "id": control.id,
        "title": control.title,
        "props": props,
        "parts": [
            {"id": f"{control.id}_smt", "name": "statement", "prose": control.check},
            {"id": f"{control.id}_gdn", "name": "guidance", "prose": control.remediation},
        ],
    }


def catalog(report: AuditReport) -> dict[str, Any]:
    """An OSCAL catalog: one group per framework (its clauses, ids as the results' targets),
    then the group ``aimm`` (every aimm control a clause rests on, ids as aimm spells them)."""
    model = report.model
    groups = []
    behind: list[str] = []
    for profile in report.profiles:
        groups.append(
            {
                "id": profile.prefix.lower(),
                "title": profile.title,
                "props": [prop("profile", profile.id), prop("kind", profile.kind)],
                "parts": [{"name": "overview", "prose": profile.disclaimer}],
                "controls": [_clause_control(profile, c, model) for c in profile.clauses],
            }
        )
        behind += [c for clause in profile.clauses for c in controls_behind(clause, model)]
    ids = list(dict.fromkeys(behind))
    if ids:
        groups.append(
            {
                "id": AIMM_GROUP,
                "title": f"aimm controls ({model.title})",
                "controls": [_aimm_control(c, model) for c in ids],
            }
        )
    key = [f"{p.id}:{p.digest}" for p in report.profiles]
    return {
        "catalog": {
            "uuid": uid("catalog", aimm.__version__, *key, *ids),
            "metadata": {
                "title": f"aimm catalog: {_titles(report)}",
                "last-modified": timestamp(report),
                "version": aimm.__version__,
                "oscal-version": OSCAL_VERSION,
                "remarks": " ".join(p.disclaimer for p in report.profiles),
            },
            "groups": groups,
            "back-matter": {"resources": _framework_resources(report, "catalog")},
        }
    }


def _titles(report: AuditReport) -> str:
    return ", ".join(p.short_title for p in report.profiles)


def _framework_resources(report: AuditReport, document: str) -> list[dict[str, Any]]:
    return [
        {
            "uuid": uid(document, "framework", p.id, p.digest),
            "title": p.title,
            "description": p.disclaimer,
            "props": [prop("profile", p.id), prop("as-of", str(p.source.get("as_of")))],
            "rlinks": [{"href": str(p.source.get("url"))}],
        }
        for p in report.profiles
    ]


def component_uuid(seed: str, system: SystemAudit) -> str:
    """The uuid of a system's component in the component definition."""
    return uid(seed, "component", system.path)


def _component(report: AuditReport, system: SystemAudit, seed: str) -> dict[str, Any]:
    check = system.check
    implementations = []
    for profile in report.profiles:
        applicable = [o for o in system.obligations if o.framework == profile.id and o.applies]
        if not applicable:
            continue
        implementations.append(
            {
                "uuid": uid(seed, "control-implementation", system.path, profile.id),
                "source": f"{CATALOG}#{profile.prefix.lower()}",
                "description": (
                    f"How aimm evidences the {profile.short_title} clauses that apply to "
                    f"{system.system}."
                ),
                "props": [prop("profile", profile.id)],
                "implemented-requirements": [
                    {
                        "uuid": uid(
                            seed, "implemented-requirement", system.path, profile.id, o.clause.id
                        ),
                        "control-id": objective_id(profile.prefix, o.clause.id),
                        "description": _evidence_prose(o.clause),
                        "props": [prop("applies-because", o.reason or "-")],
                    }
                    for o in applicable
                ],
            }
        )
    component: dict[str, Any] = {
        "uuid": component_uuid(seed, system),
        "type": "software",
        "title": system.system,
        "description": (
            f"The AI system declared in {system.path} (team {check.team}, lifecycle "
            f"{check.lifecycle}, tier {check.tier})."
        ),
        "props": [
            prop("manifest", system.path),
            prop("team", str(check.team)),
            prop("tier", str(check.tier)),
            prop("eu-risk-category", str(system.context.get("eu_risk_category", ""))),
        ],
    }
    if implementations:
        component["control-implementations"] = implementations
    return component


def component_definition(report: AuditReport) -> dict[str, Any]:
    """An OSCAL component definition: one component per audited system."""
    seed = document_seed(report)
    systems = [s for s in report.systems if s.evaluated]
    return {
        "component-definition": {
            "uuid": uid(seed, "component-definition"),
            "metadata": {
                "title": f"AI systems audited by aimm against {_titles(report)}",
                "last-modified": timestamp(report),
                "version": aimm.__version__,
                "oscal-version": OSCAL_VERSION,
                "remarks": BASIS_NOTE,
            },
            **({"components": [_component(report, s, seed) for s in systems]} if systems else {}),
            "back-matter": {
                "resources": [
                    {
                        "uuid": uid(seed, "component-definition", "resource", "catalog"),
                        "title": "The catalog of the clauses and aimm controls",
                        "rlinks": [{"href": CATALOG, "media-type": "application/json"}],
                    }
                ]
            },
        }
    }


def assessment_plan(report: AuditReport) -> dict[str, Any]:
    """An OSCAL assessment plan: every clause of the chosen frameworks reviewed, each audited
    system a subject (a component defined locally, linked to the component definition), one
    task on the collection date, the assessor as a responsible party."""
    seed = document_seed(report)
    systems = [s for s in report.systems if s.evaluated]
    ids = [objective_id(p.prefix, c.id) for p in report.profiles for c in p.clauses]
    components = [
        {
            "uuid": uid(seed, "plan-component", s.path),
            "type": "software",
            "title": s.system,
            "description": f"The AI system declared in {s.path}.",
            "props": [prop("manifest", s.path)],
            "links": [
                {"href": f"{COMPONENT_DEFINITION}#{component_uuid(seed, s)}", "rel": "reference"}
            ],
            "status": {"state": "operational"},
        }
        for s in systems
    ]
    plan: dict[str, Any] = {
        "uuid": uid(seed, "assessment-plan"),
        "metadata": {
            "title": f"aimm audit plan: {_titles(report)}",
            "last-modified": timestamp(report),
            "version": aimm.__version__,
            "oscal-version": OSCAL_VERSION,
            **assessor_metadata(report, seed, "assessment-plan"),
            "remarks": BASIS_NOTE,
        },
        "import-ssp": {
            "href": COMPONENT_DEFINITION,
            "remarks": (
                "aimm writes no system security plan (a manifest is not one); the component "
                "definition describes the audited systems."
            ),
        },
        "reviewed-controls": {
            "description": "Every clause of the chosen frameworks, as listed in the catalog.",
            "control-selections": [
                {"include-controls": [{"control-id": i} for i in ids]}
                if ids
                else {"include-all": {}}
            ],
        },
        "tasks": [
            {
                "uuid": uid(seed, "task"),
                "type": "action",
                "title": "Evaluate the manifests and their evidence files with aimm",
                "description": (
                    "Run the policies on each manifest with the framework profiles enforced, "
                    "verify and fingerprint the declared evidence files."
                ),
                "timing": {"on-date": {"date": collected(report)}},
                "props": [prop("command", _command_text(report))],
            }
        ],
        "back-matter": {
            "resources": [
                {
                    "uuid": uid(seed, "assessment-plan", "resource", "catalog"),
                    "title": "The catalog of the clauses and aimm controls",
                    "rlinks": [{"href": CATALOG, "media-type": "application/json"}],
                }
            ]
        },
    }
    if components:
        plan["local-definitions"] = {"components": components}
        plan["assessment-subjects"] = [
            {
                "type": "component",
                "include-subjects": [
                    {"subject-uuid": c["uuid"], "type": "component"} for c in components
                ],
            }
        ]
    return {"assessment-plan": plan}


def _command_text(report: AuditReport) -> str:
    from aimm.audit.pack import command

    return command(report)


def render(document: dict[str, Any]) -> bytes:
    """A document as the pack stores it: indented JSON, keys in a fixed order."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Each document on its own (aimm audit --format oscal-plan -o assessment-plan.json, ...): the
# same bytes as in the pack, so the hrefs resolve when the files are written side by side.
@register("oscal-plan")
def render_plan(report: AuditReport) -> str:
    """The OSCAL assessment plan."""
    return render(assessment_plan(report)).decode("utf-8")


@register("oscal-component")
def render_component_definition(report: AuditReport) -> str:
    """The OSCAL component definition."""
    return render(component_definition(report)).decode("utf-8")


@register("oscal-catalog")
def render_catalog(report: AuditReport) -> str:
    """The OSCAL catalog."""
    return render(catalog(report)).decode("utf-8")


__all__ = [
    "ASSESSMENT_PLAN",
    "ASSESSMENT_RESULTS",
    "CATALOG",
    "COMPONENT_DEFINITION",
    "NS",
    "assessment_plan",
    "catalog",
    "component_definition",
    "objective_part",
]
