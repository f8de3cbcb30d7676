"""``aimm audit --format oscal`` is OSCAL assessment results that compliance-trestle accepts."""

from __future__ import annotations

import copy
import hashlib
import json
import zipfile
from typing import Any

import pytest
from trestle.oscal.assessment_results import AssessmentResults

from aimm.core.frameworks import load_profile
from tests.support import REGULATED, TODAY_ARGS, Cli

FRAMEWORKS = ["eu-ai-act", "nist-ai-rmf", "iso-42001"]
ARGS = ["audit", *(a for f in FRAMEWORKS for a in ("--framework", f)), str(REGULATED), *TODAY_ARGS]


@pytest.fixture(scope="module")
def outputs(
    tmp_path_factory: pytest.TempPathFactory, cli: Cli
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """One run: the OSCAL output for the regulated examples against all three frameworks, and
    the evidence pack written beside it."""
    folder = tmp_path_factory.mktemp("oscal")
    code, out, err = cli(
        *ARGS, "--format", "oscal", "-o", folder / "ar.json", "--pack", folder / "p.zip"
    )
    assert (code, out) == (1, ""), err
    with zipfile.ZipFile(folder / "p.zip") as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    return json.loads((folder / "ar.json").read_text(encoding="utf-8")), members


@pytest.fixture(scope="module")
def document(outputs: tuple[dict[str, Any], dict[str, bytes]]) -> dict[str, Any]:
    """The OSCAL document."""
    return outputs[0]


def test_validates_with_compliance_trestle(document: dict[str, Any]) -> None:
    """The document loads into trestle's OSCAL AssessmentResults model."""
    model = AssessmentResults.model_validate(document["assessment-results"])
    assert len(model.results) == 4


def test_trestle_rejects_a_broken_document(document: dict[str, Any]) -> None:
    """The validation is real: trestle refuses a bad state and an unknown key."""
    for mutate in ("state", "key"):
        broken = copy.deepcopy(document["assessment-results"])
        finding = broken["results"][0]["findings"][0]
        if mutate == "state":
            finding["target"]["status"]["state"] = "partially-satisfied"
        else:
            finding["verdict"] = "met"
        with pytest.raises(ValueError, match="validation error"):
            AssessmentResults.model_validate(broken)


def test_one_result_per_system_and_one_finding_per_clause(document: dict[str, Any]) -> None:
    clauses = sum(len(load_profile(n).clauses) for n in FRAMEWORKS)
    results = document["assessment-results"]["results"]
    assert [r["title"].split(" against ")[0] for r in results] == [
        "credit-risk-model",
        "customer-chatbot",
        "cv-screening",
        "it-ticket-router",
    ]
    for result in results:
        # One finding per applicable clause; the others are excluded, with their reasons.
        (selection,) = result["reviewed-controls"]["control-selections"]
        selected = selection["include-controls"]
        excluded = selection.get("exclude-controls", [])
        assert len(result["findings"]) + len(excluded) == clauses
        # A finding targets the clause's assessment objective in the catalog.
        assert [f"{c['control-id']}_obj" for c in selected] == [
            f["target"]["target-id"] for f in result["findings"]
        ]


def test_finding_states_follow_the_matrix(document: dict[str, Any]) -> None:
    """Met is satisfied; unmet is not-satisfied with reason fail; a clause that does not apply
    has no finding, it is excluded with its reason (issue 15: it was reported satisfied)."""
    chatbot = document["assessment-results"]["results"][1]
    by_target = {f["target"]["target-id"].removesuffix("_obj"): f for f in chatbot["findings"]}
    marking = by_target["eu-art-50-2"]
    assert marking["target"]["status"] == {"state": "not-satisfied", "reason": "fail"}
    assert {"name": "status", "ns": "https://aimm.dev/ns/oscal", "value": "unmet"} in marking[
        "props"
    ]
    assert by_target["eu-art-50-1"]["target"]["status"] == {"state": "satisfied", "reason": "pass"}
    assert "eu-art-9" not in by_target
    (excluded,) = chatbot["reviewed-controls"]["control-selections"]
    assert {"control-id": "eu-art-9"} in excluded["exclude-controls"]
    assert (
        "eu-ai-act Art. 9: not applicable, the EU risk category is transparency"
        in (excluded["remarks"])
    )


def test_observations_point_at_the_evidence_in_the_pack(
    outputs: tuple[dict[str, Any], dict[str, bytes]],
) -> None:
    """Every observation's evidence href is a file of the evidence pack with that sha256, and
    every finding's related observation exists."""
    document, members = outputs
    assert json.loads(members["report/assessment-results.json"]) == document
    for result in document["assessment-results"]["results"]:
        uuids = {o["uuid"] for o in result["observations"]}
        for observation in result["observations"]:
            assert observation["methods"] == ["EXAMINE"]
            for evidence in observation["relevant-evidence"]:
                digest = next(p["value"] for p in evidence["props"] if p["name"] == "sha256")
                assert hashlib.sha256(members[evidence["href"]]).hexdigest() == digest
        for finding in result["findings"]:
            for related in finding.get("related-observations", []):
                assert related["observation-uuid"] in uuids


def test_declared_facts_are_an_observation_of_their_own(document: dict[str, Any]) -> None:
    """Manifest values are observed as declared, never as measured."""
    result = document["assessment-results"]["results"][0]
    manifest = result["observations"][0]
    assert manifest["title"] == "Declared facts in the manifest"
    assert {"name": "basis", "ns": "https://aimm.dev/ns/oscal", "value": "declared"} in manifest[
        "props"
    ]
    files = result["observations"][1:]
    assert files and all(
        {"name": "basis", "ns": "https://aimm.dev/ns/oscal", "value": "file-verified"} in o["props"]
        for o in files
    )


def test_output_is_reproducible(document: dict[str, Any]) -> None:
    """Name-based uuids and --today timestamps, nothing from the clock (the zip pack, which holds
    this document, is proven byte-identical across runs in tests/audit/test_pack.py)."""
    ar = document["assessment-results"]
    assert ar["metadata"]["last-modified"] == "2026-11-21T00:00:00+00:00"
    assert {r["start"] for r in ar["results"]} == {"2026-11-21T00:00:00+00:00"}
    assert ar["uuid"][14] == "5"  # a uuid5: name-based, not random
