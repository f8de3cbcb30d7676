"""The evidence pack's OSCAL chain: catalog, component definition, assessment plan and results,
all loaded by compliance-trestle, every reference resolving inside the pack (issue 15)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from trestle.oscal.assessment_plan import AssessmentPlan
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.component import ComponentDefinition

from aimm.core.frameworks import load_profile
from tests.support import REGULATED, TODAY_ARGS, Cli

FRAMEWORKS = ["eu-ai-act", "nist-ai-rmf", "iso-42001"]
ARGS = ["audit", *(a for f in FRAMEWORKS for a in ("--framework", f)), str(REGULATED), *TODAY_ARGS]
DOCS: dict[str, tuple[str, Any]] = {
    "catalog": ("report/catalog.json", Catalog),
    "component-definition": ("report/component-definition.json", ComponentDefinition),
    "assessment-plan": ("report/assessment-plan.json", AssessmentPlan),
    "assessment-results": ("report/assessment-results.json", AssessmentResults),
}


def _read(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        kind: json.loads((folder / member).read_text(encoding="utf-8"))[kind]
        for kind, (member, _) in DOCS.items()
    }


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> Path:
    """The regulated examples' pack against the three frameworks, with an assessor and a
    collection time."""
    target = tmp_path_factory.mktemp("chain") / "pack"
    extra = ["--assessor", "Dana Reviewer", "--collected-at", "2026-11-20T14:30:00+01:00"]
    code, _, err = cli(*ARGS, *extra, "--pack", target)
    assert code == 1, err
    return target


@pytest.fixture(scope="module")
def docs(pack: Path) -> dict[str, dict[str, Any]]:
    """The four OSCAL documents of the pack, by model name."""
    return _read(pack)


def test_trestle_loads_all_four_documents(docs: dict[str, dict[str, Any]]) -> None:
    """Catalog, component definition, plan and results each validate as their OSCAL model."""
    for kind, (_, model) in DOCS.items():
        model.model_validate(docs[kind])
    assert len(docs["component-definition"]["components"]) == 4
    assert len(docs["assessment-results"]["results"]) == 4


def test_trestle_rejects_a_broken_plan(docs: dict[str, dict[str, Any]]) -> None:
    """The validation is real: a plan without import-ssp, or with a bad subject type, fails."""
    broken = copy.deepcopy(docs["assessment-plan"])
    del broken["import-ssp"]
    with pytest.raises(ValueError, match="validation error"):
        AssessmentPlan.model_validate(broken)
    broken = copy.deepcopy(docs["assessment-plan"])
    broken["assessment-subjects"][0]["type"] = "an AI system"
    with pytest.raises(ValueError, match="validation error"):
        AssessmentPlan.model_validate(broken)


def test_each_document_imports_the_one_before(pack: Path, docs: dict[str, dict[str, Any]]) -> None:
    """results -> plan (import-ap), plan -> component definition (import-ssp), component
    definition -> catalog (control-implementation source): relative hrefs to pack members."""
    ar, ap, cd = docs["assessment-results"], docs["assessment-plan"], docs["component-definition"]
    assert ar["import-ap"]["href"] == "assessment-plan.json"
    assert ap["import-ssp"]["href"] == "component-definition.json"
    sources = {i["source"] for c in cd["components"] for i in c.get("control-implementations", [])}
    assert sources == {"catalog.json#eu", "catalog.json#nist", "catalog.json#iso"}
    for href in (ar["import-ap"]["href"], ap["import-ssp"]["href"], *sources):
        assert (pack / "report" / href.split("#")[0]).is_file()


def _catalog_ids(catalog: dict[str, Any]) -> tuple[set[str], set[str]]:
    controls = {c["id"] for g in catalog["groups"] for c in g["controls"]}
    objectives = {
        p["id"]
        for g in catalog["groups"]
        for c in g["controls"]
        for p in c.get("parts", [])
        if p["name"] == "assessment-objective"
    }
    return controls, objectives


def test_every_control_id_resolves_to_the_catalog(docs: dict[str, dict[str, Any]]) -> None:
    """Every clause is a catalog control; every reviewed control, implemented requirement and
    finding target resolves in it; every aimm control a clause links to is in the catalog."""
    catalog = docs["catalog"]
    controls, objectives = _catalog_ids(catalog)
    clauses = sum(len(load_profile(n).clauses) for n in FRAMEWORKS)
    assert len([c for g in catalog["groups"][:3] for c in g["controls"]]) == clauses
    plan_ids = {
        c["control-id"]
        for s in docs["assessment-plan"]["reviewed-controls"]["control-selections"]
        for c in s["include-controls"]
    }
    assert len(plan_ids) == clauses and plan_ids <= controls
    for component in docs["component-definition"]["components"]:
        for impl in component["control-implementations"]:
            assert {r["control-id"] for r in impl["implemented-requirements"]} <= controls
    for result in docs["assessment-results"]["results"]:
        for selection in result["reviewed-controls"]["control-selections"]:
            for key in ("include-controls", "exclude-controls"):
                assert {c["control-id"] for c in selection.get(key, [])} <= controls
        assert {f["target"]["target-id"] for f in result["findings"]} <= objectives
    linked = {
        link["href"][1:]
        for g in catalog["groups"]
        for c in g["controls"]
        for link in c.get("links", [])
        if link["rel"] == "related"
    }
    aimm_group = catalog["groups"][-1]
    assert aimm_group["id"] == "aimm"
    assert linked == {c["id"] for c in aimm_group["controls"]}
    assert {"AUD-4.2", "EU-43", "OWN-1"} <= linked


def test_plan_subjects_are_the_audited_systems(docs: dict[str, dict[str, Any]]) -> None:
    """The plan's subjects are its local components, each linked to its component in the
    component definition; the assessor is a responsible party of plan and results."""
    plan = docs["assessment-plan"]
    local = {c["uuid"]: c for c in plan["local-definitions"]["components"]}
    (subjects,) = plan["assessment-subjects"]
    assert [s["subject-uuid"] for s in subjects["include-subjects"]] == list(local)
    defined = {c["uuid"] for c in docs["component-definition"]["components"]}
    for component in local.values():
        (link,) = component["links"]
        assert link["href"].split("#")[1] in defined
    for kind in ("assessment-plan", "assessment-results"):
        metadata = docs[kind]["metadata"]
        (party,) = metadata["parties"]
        assert party["name"] == "Dana Reviewer"
        assert metadata["responsible-parties"] == [
            {"role-id": "assessor", "party-uuids": [party["uuid"]]}
        ]


def _uuids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uuid" and isinstance(value, str):
                yield value
            else:
                yield from _uuids(value)
    elif isinstance(node, list):
        for item in node:
            yield from _uuids(item)


def test_uuids_are_unique_within_and_across_documents(docs: dict[str, dict[str, Any]]) -> None:
    everything = [u for d in docs.values() for u in _uuids(d)]
    assert len(everything) == len(set(everything)) > 100


def test_uuids_are_derived_not_random(
    tmp_path: Path, cli: Cli, pack: Path, docs: dict[str, dict[str, Any]]
) -> None:
    """The same inputs give the same documents; another assessor gives other uuids (the
    catalog, derived from the frameworks alone, stays the same)."""
    extra = ["--assessor", "Dana Reviewer", "--collected-at", "2026-11-20T14:30:00+01:00"]
    again = tmp_path / "again"
    assert cli(*ARGS, *extra, "--pack", again).code == 1
    for member, _ in DOCS.values():
        assert (again / member).read_bytes() == (pack / member).read_bytes()
    other = tmp_path / "other"
    assert cli(*ARGS, "--assessor", "Someone Else", "--pack", other).code == 1
    changed = _read(other)
    assert changed["catalog"] == docs["catalog"]
    assert changed["assessment-plan"]["uuid"] != docs["assessment-plan"]["uuid"]
    assert changed["assessment-results"]["uuid"] != docs["assessment-results"]["uuid"]
    for kind in docs:
        assert all(re.fullmatch(r"[0-9a-f-]{36}", u) for u in _uuids(docs[kind]))


def test_each_document_is_also_a_format(tmp_path: Path, cli: Cli, pack: Path) -> None:
    """--format oscal-plan / oscal-component / oscal-catalog write the pack's documents on their
    own (same bytes), so the four files written side by side resolve each other's hrefs."""
    extra = ["--assessor", "Dana Reviewer", "--collected-at", "2026-11-20T14:30:00+01:00"]
    for fmt, member in (
        ("oscal", "assessment-results.json"),
        ("oscal-plan", "assessment-plan.json"),
        ("oscal-component", "component-definition.json"),
        ("oscal-catalog", "catalog.json"),
    ):
        code, _, err = cli(*ARGS, *extra, "--format", fmt, "-o", tmp_path / member)
        assert code == 1, err
        assert (tmp_path / member).read_bytes() == (pack / "report" / member).read_bytes()
