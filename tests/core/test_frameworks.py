"""The framework profiles (controls/frameworks/) are consistent data, and enforce as documented.

Each profile validates against ``controls/frameworks/profile.schema.json`` and its governance
controls against ``controls/catalog.schema.json``. These tests check what a schema cannot: every
control a clause names exists, every governance control evidences exactly one clause and is
published and tested in Rego, provenance is kept, and no clause invents a cost floor. They also
check how a profile joins the model, and that it never touches a plain check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft202012Validator,
)

from aimm.core import frameworks
from aimm.core.errors import EngineError, UsageError
from aimm.core.model import load_model
from aimm.core.resources import controls_dir, policies_dir
from aimm.policy.runner import discover, rego_files

FRAMEWORKS = controls_dir() / "frameworks"
PROFILE_SCHEMA = FRAMEWORKS / "profile.schema.json"
CATALOG_SCHEMA = controls_dir() / "catalog.schema.json"
NAMES = frameworks.available()
MANIFEST_ROOTS = ("compliance", "posture.", "metadata.", "risk.")


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
        for e in validator.iter_errors(doc)
    ]


def _profile(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = _yaml(FRAMEWORKS / name / "profile.yaml")
    return doc


def _controls(name: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _yaml(FRAMEWORKS / name / "controls.yaml")["controls"]
    return entries


def test_the_three_profiles_ship() -> None:
    """eu-ai-act, nist-ai-rmf and iso-42001 are available, and nothing else."""
    assert frameworks.available() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_profile_matches_its_schema(name: str) -> None:
    """profile.yaml validates against profile.schema.json (Draft 2020-12)."""
    assert not _errors(_validator(PROFILE_SCHEMA), _profile(name))


@pytest.mark.parametrize("name", NAMES)
def test_governance_controls_match_the_catalog_schema(name: str) -> None:
    """controls.yaml is a catalog file like the default model's (a profile without governance
    controls, nyc-ll144, has an empty list)."""
    controls = _controls(name)
    assert not controls or not _errors(_validator(CATALOG_SCHEMA), {"controls": controls})


def test_profile_schema_is_strict() -> None:
    """Unknown keys, bad dates, unknown conditions and a date without its source are rejected."""
    validator = _validator(PROFILE_SCHEMA)
    good = _profile("eu-ai-act")
    clause = next(c for c in good["clauses"] if c["id"] == "Art. 9")
    assert not _errors(validator, {**good, "clauses": [clause]})
    bad_clauses = [
        {**clause, "summmary": "typo"},
        {**clause, "applies_from": "2027-13-02"},
        {**clause, "applicability": {"colour": ["red"]}},
        {k: v for k, v in clause.items() if k != "applies_from_source"},
        {**clause, "evidence": {}},
        {**clause, "evidence": {"levels": {"glamour": 3}}},
        {**clause, "source": {**clause["source"], "verification": "TRUST-ME"}},
    ]
    for bad in bad_clauses:
        assert _errors(validator, {**good, "clauses": [bad]}), bad
    assert _errors(validator, {**good, "kind": "law"})


@pytest.mark.parametrize("name", NAMES)
def test_clause_ids_are_unique_and_keep_provenance(name: str) -> None:
    """Each clause has a unique id, a source with a verification tag, and a summary in prose."""
    clauses = _profile(name)["clauses"]
    ids = [c["id"] for c in clauses]
    assert len(ids) == len(set(ids))
    for clause in clauses:
        assert clause["source"]["url"].startswith("https://")
        assert clause["source"]["verification"] in {"V-TEXT", "V-2SRC", "SEC", "INF"}
        assert clause["mapping_verification"] == "INF", "mapping onto the grid is judgement"
        assert len(clause["summary"].split()) >= 8, clause["id"]


def test_eu_dates_are_the_amended_ones() -> None:
    """Annex III obligations apply from 2027-12-02 (Reg. 2026/1744), Art. 50 from 2026-08-02,
    Arts. 4 and 5 from 2025-02-02; every date carries its source."""
    clauses = {c["id"]: c for c in _profile("eu-ai-act")["clauses"]}
    assert clauses["Art. 4"]["applies_from"] == clauses["Art. 5"]["applies_from"] == "2025-02-02"
    assert clauses["Art. 50(1)"]["applies_from"] == "2026-08-02"
    for article in ("Art. 9", "Art. 14", "Art. 26(6)", "Art. 27"):
        assert clauses[article]["applies_from"] == "2027-12-02"
        assert "2026/1744" in clauses[article]["applies_from_source"]["ref"]
    for article in ("Art. 43", "Art. 49(1)", "Art. 72", "Art. 73"):
        assert clauses[article]["applies_from_source"]["verification"] == "INF"


def test_eu_regulatory_figures_are_data() -> None:
    """Log retention of six months (Arts. 19, 26(6)) and Art. 73's 15/10/2-day deadlines."""
    clauses = {c["id"]: c for c in _profile("eu-ai-act")["clauses"]}
    assert clauses["Art. 19"]["figures"] == {"log_retention_days": 184}
    assert clauses["Art. 26(6)"]["figures"] == {"log_retention_days": 184}
    assert clauses["Art. 73"]["figures"] == {
        "serious_incident": 15,
        "death": 10,
        "widespread_or_critical_infrastructure": 2,
    }


def test_voluntary_frameworks_have_no_dates() -> None:
    """NIST AI RMF and ISO/IEC 42001 apply as soon as the profile is chosen."""
    for name in ("nist-ai-rmf", "iso-42001"):
        assert {c["applies_from"] for c in _profile(name)["clauses"]} == {None}


@pytest.mark.parametrize("name", NAMES)
def test_no_clause_sets_a_cost_floor(name: str) -> None:
    """Cost governance has no legal floor in any framework: no clause sets a cost level."""
    assert all(
        "cost" not in c.get("evidence", {}).get("levels", {}) for c in _profile(name)["clauses"]
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_named_control_exists(name: str) -> None:
    """A clause names grid or gate-family controls of the default catalog, or its own."""
    known = {c.id for c in load_model().controls} | {c["id"] for c in _controls(name)}
    named = {
        cid for c in _profile(name)["clauses"] for cid in c.get("evidence", {}).get("controls", [])
    }
    assert named - known == set()


@pytest.mark.parametrize("name", NAMES)
def test_each_governance_control_evidences_exactly_one_clause(name: str) -> None:
    """Governance controls take their applicability and date from one clause."""
    profile = _profile(name)
    prefix = profile["prefix"]
    uses: dict[str, list[str]] = {}
    for clause in profile["clauses"]:
        for cid in clause.get("evidence", {}).get("controls", []):
            if cid.startswith(prefix + "-"):
                uses.setdefault(cid, []).append(clause["id"])
    for control in _controls(name):
        if control["dimension"] == f"{name}-upcoming":
            assert control["id"] not in uses
            continue
        assert uses.get(control["id"], []) and len(uses[control["id"]]) == 1, control["id"]
        assert control["frameworks"] == [
            {"framework": name, "ref": uses[control["id"]][0], "verification": "INF"}
        ]


@pytest.mark.parametrize("name", NAMES)
def test_governance_controls_are_shaped_like_the_catalog(name: str) -> None:
    """Prefixed ids, the framework as family, no level, and a remediation that names the
    compliance fact the control reads."""
    prefix = _profile(name)["prefix"]
    for control in _controls(name):
        assert re.match(rf"^{prefix}-[0-9]+(\.[0-9]+)?$", control["id"]), control["id"]
        assert control["dimension"] in {name, f"{name}-upcoming"}
        assert control["level"] is None
        dotted = [".".join(p.strip("/").split("/")) for p in control["facts"]]
        assert any(d in control["remediation"] for d in dotted), control["id"]
        assert len(control["title"]) <= 70 and not control["title"].endswith(".")


def test_only_the_dated_framework_has_an_upcoming_control() -> None:
    """EU-0 reports upcoming obligations; the voluntary frameworks have no dates to wait for."""
    assert frameworks.load_profile("eu-ai-act").upcoming_control == "EU-0"
    assert frameworks.load_profile("nist-ai-rmf").upcoming_control is None
    assert frameworks.load_profile("iso-42001").upcoming_control is None


def _rego(suffix_test: bool) -> str:
    files = rego_files([policies_dir()])
    return "\n".join(
        p.read_text(encoding="utf-8") for p in files if p.name.endswith("_test.rego") is suffix_test
    )


def test_every_governance_control_is_published_and_tested_both_ways() -> None:
    """Each governance control has a raw outcome in its package and test_pass_/test_fail_
    rules; the upcoming control is the framework's upcoming_of."""
    sources = _rego(False)
    rules = {t.rule for t in discover(rego_files([policies_dir()]))}
    for name in NAMES:
        profile = frameworks.load_profile(name)
        for control in profile.controls:
            stem = re.sub(r"[^a-z0-9]+", "_", control.id.lower())
            if control.id != profile.upcoming_control:
                assert re.search(rf'^[a-z]+_raw\["{re.escape(control.id)}"\] := ', sources, re.M)
            for kind in ("pass", "fail"):
                assert any(r.startswith(f"test_{kind}_{stem}") for r in rules), (kind, control.id)


# ---- the model a profile builds ---------------------------------------------------------------


def test_plain_model_is_untouched() -> None:
    """Loading profiles never changes the default model (its catalog, families or data)."""
    base = load_model()
    before = (len(base.controls), list(base.families), sorted(base.data))
    frameworks.profile_model(("eu-ai-act", "nist-ai-rmf", "iso-42001"))
    assert (len(base.controls), list(base.families), sorted(base.data)) == before
    assert "frameworks" not in base.data
    assert not any(c.id.startswith(("EU-", "NIST-", "ISO-")) for c in base.controls)


def test_profile_model_adds_families_controls_and_data() -> None:
    """Each profile is a gate family enforced with the floors (a regulation's is statutory and
    never waivable, a voluntary framework's is waivable); its controls follow the default
    catalog; the policies get clause data without prose."""
    model = frameworks.profile_model(("eu-ai-act", "iso-42001"))
    base = load_model()
    assert model.controls[: len(base.controls)] == base.controls
    family = next(g for g in model.data["gate_families"] if g["id"] == "eu-ai-act")
    assert family == {
        "id": "eu-ai-act",
        "prefix": "EU",
        "title": "EU AI Act",
        "enforce": "floors",
        "waivable": False,
        "statutory": True,
    }
    iso = next(g for g in model.data["gate_families"] if g["id"] == "iso-42001")
    assert (iso["waivable"], "statutory" in iso) == (True, False)
    assert "eu-ai-act-upcoming" not in model.families  # reported, never gating
    assert model.control("EU-14") is not None and model.control("ISO-6") is not None
    assert model.control("NIST-1") is None
    data = model.data["frameworks"]["eu-ai-act"]
    assert data["package"] == "eu_ai_act"
    eu19 = dict(data["governance"]["EU-19"])
    # Art. 111(2): a system placed on the market before the cut-off is caught only when modified.
    assert eu19.pop("transition")["placed_before"] == "2027-12-02"
    assert eu19 == {
        "clause": "Art. 19",
        "applies_from": "2027-12-02",
        "when": {"eu_risk_categories": ["high-risk"], "roles": ["provider"]},
        "figures": {"log_retention_days": 184},
    }
    eu_ids = [c.id for c in model.controls if c.id.startswith("EU-")]
    assert eu_ids[0] == "EU-4" and eu_ids[-1] == "EU-0"  # id order, the upcoming one last


def test_unknown_profile_is_a_usage_error() -> None:
    """--profile and --framework name the known profiles when given a wrong one."""
    with pytest.raises(
        UsageError, match="unknown framework 'eu-aia'; one of: colorado-ai-act, eu-ai-act"
    ):
        frameworks.resolve(["eu-aia"])
    with pytest.raises(UsageError, match="list of framework names"):
        frameworks.requested({"profiles": "eu-ai-act"})


def test_profile_config_adds_keys_only_when_asked() -> None:
    """Without a profile the check's input.config is exactly as before."""
    assert frameworks.profile_config([], False) == {}
    assert frameworks.profile_config(["eu-ai-act", "eu-ai-act"], True) == {
        "profiles": ["eu-ai-act"],
        "enforce_upcoming": True,
    }


def test_a_clause_naming_an_unknown_control_is_an_engine_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Broken profile data fails the run (exit 3) instead of quietly never matching."""
    real = frameworks.load_profile("iso-42001")
    clause = real.clauses[0]
    broken = frameworks.Profile(
        **{
            **real.__dict__,
            "clauses": (frameworks.Clause(**{**clause.__dict__, "controls": ("ISO-99",)}),),
        }
    )
    monkeypatch.setattr(frameworks, "load_profile", lambda name: broken)
    frameworks._profile_model.cache_clear()
    try:
        with pytest.raises(EngineError, match="names unknown control ISO-99"):
            frameworks.profile_model(("iso-42001",))
    finally:
        frameworks._profile_model.cache_clear()
