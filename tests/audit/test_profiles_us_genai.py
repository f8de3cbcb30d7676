"""The profiles nist-ai-600-1, colorado-ai-act and nyc-ll144 (issue 15): built only from the
reference facts, each clause with its source and verification tag, judged on the regulated
examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from aimm.core.frameworks import load_profile
from tests.support import REGULATED, TODAY_ARGS, Cli


def _statuses(cli: Cli, framework: str, system: str, *args: str) -> dict[str, Any]:
    code, out, err = cli(
        "audit", "--framework", framework, str(REGULATED / system), "--format", "json", *args
    )
    assert code in (0, 1), err
    (result,) = json.loads(out)["results"]
    return {"code": code, **{o["clause"]: o for o in result["obligations"]}}


def test_provenance_follows_the_reference_facts() -> None:
    """Dates and verification tags as the reference facts give them; nothing else dated."""
    colorado = load_profile("colorado-ai-act")
    assert colorado.kind == "regulation"
    for clause in colorado.clauses:
        assert clause.applies_from == "2027-01-01"
        assert clause.applies_from_source == {
            "ref": "SB 26-189 effective date (Colorado Attorney General, coag.gov/resources/ai)",
            "verification": "V-2SRC",
        }
        assert clause.source["verification"] == "SEC"  # content from secondary sources only
    assert {c.id: c.figures for c in colorado.clauses if c.figures} == {
        "Records": {"records_retention_years": 3},
        "Adverse-outcome explanation": {"explanation_days": 30},
    }
    nyc = load_profile("nyc-ll144")
    assert {c.applies_from for c in nyc.clauses} == {"2023-07-05"}
    assert {c.source["verification"] for c in nyc.clauses} == {"V-2SRC"}
    genai = load_profile("nist-ai-600-1")
    assert genai.kind == "framework"
    assert [c.title for c in genai.clauses][:12] == [
        "CBRN information or capabilities",
        "Confabulation",
        "Dangerous, violent or hateful content",
        "Data privacy",
        "Environmental impacts",
        "Harmful bias and homogenisation",
        "Human-AI configuration",
        "Information integrity",
        "Information security",
        "Intellectual property",
        "Obscene, degrading or abusive content",
        "Value chain and component integration",
    ]
    assert {c.applies_from for c in genai.clauses} == {None}
    assert {c.source["verification"] for c in genai.clauses} == {"V-TEXT"}
    assert all(c.applicability.get("generates_content") is True for c in genai.clauses)


def test_colorado_is_upcoming_before_2027_and_binding_after(cli: Cli) -> None:
    """cv-screening (employment, a deployer): no retention declared, so Records is upcoming
    now and unmet from 2027-01-01; its explanation procedure meets the explanation duty; the
    developer duty does not apply to a deployer; the consumer notice is not assessed."""
    before = _statuses(cli, "colorado-ai-act", "cv-screening", *TODAY_ARGS)
    assert before["code"] == 0
    assert before["Records"]["status"] == "upcoming"
    after = _statuses(cli, "colorado-ai-act", "cv-screening", "--today", "2027-01-05")
    assert after["code"] == 1
    assert after["Records"]["status"] == "unmet"
    assert after["Records"]["requirements"][0]["detail"] == (
        "compliance.documentation_retention_years is not set; SB 26-189 needs compliance records "
        "kept for 3 years"
    )
    assert after["Adverse-outcome explanation"]["status"] == "met"
    assert after["Developer documentation"]["status"] == "not-applicable"
    assert after["Consumer notice"]["status"] == "not-assessed"
    assert "confirm with counsel" in " ".join(after["Records"]["caveats"])


def test_colorado_applies_only_to_consequential_decisions(cli: Cli) -> None:
    """The ticket router (general domain, no consequential decisions) is out of scope; the
    credit model (credit-scoring counts either way) is in."""
    router = _statuses(cli, "colorado-ai-act", "it-ticket-router", "--today", "2027-01-05")
    assert {o["status"] for k, o in router.items() if k != "code"} == {"not-applicable"}
    assert router["Records"]["why"].startswith("not: the system makes consequential decisions")
    credit = _statuses(cli, "colorado-ai-act", "credit-risk-model", "--today", "2027-01-05")
    assert credit["code"] == 0
    assert [credit[c]["status"] for c in ("Records", "Adverse-outcome explanation")] == [
        "met",
        "met",
    ]


@pytest.mark.parametrize(
    ("clause", "status"),
    [
        ("Risk 1", "unmet"),
        ("Risk 2", "partially-evidenced"),
        ("Risk 5", "not-assessed"),
        ("Risk 7", "unmet"),
        ("Risk 8", "unmet"),
        ("Risk 10", "not-assessed"),
        ("Incident disclosure", "unmet"),
    ],
)
def test_genai_profile_on_the_chatbot(cli: Cli, clause: str, status: str) -> None:
    """customer-chatbot generates content: judged on every risk; grid levels alone evidence a
    risk partially, a governance control of the profile can meet it."""
    assert _statuses(cli, "nist-ai-600-1", "customer-chatbot", *TODAY_ARGS)[clause]["status"] == (
        status
    )


def test_genai_profile_skips_systems_that_generate_nothing(cli: Cli) -> None:
    credit = _statuses(cli, "nist-ai-600-1", "credit-risk-model", *TODAY_ARGS)
    assert credit["code"] == 0
    assert {o["status"] for k, o in credit.items() if k != "code"} == {"not-applicable"}


def test_nyc_bias_audit_is_only_partially_evidenced(cli: Cli) -> None:
    """An employment tool: the bias audit rests on the evaluation level (partially evidenced,
    never met), publication and notice are not assessed; other domains are out of scope."""
    cv = _statuses(cli, "nyc-ll144", "cv-screening", *TODAY_ARGS)
    assert cv["code"] == 0
    assert cv["20-871 bias audit"]["status"] == "partially-evidenced"
    assert "not the independent audit" in cv["20-871 bias audit"]["caveats"][0]
    assert cv["20-871 publication"]["status"] == cv["20-871 notice"]["status"] == "not-assessed"
    router = _statuses(cli, "nyc-ll144", "it-ticket-router", *TODAY_ARGS)
    assert {o["status"] for k, o in router.items() if k != "code"} == {"not-applicable"}


def test_a_waiver_cannot_lift_a_colorado_duty(cli: Cli, tmp_path: Path) -> None:
    """colorado-ai-act is a regulation: a waiver on CO-1 records accepted risk, never a pass."""
    copy = tmp_path / "cv"
    shutil.copytree(REGULATED / "cv-screening", copy)
    manifest = copy / "aimm.yaml"
    text = manifest.read_text(encoding="utf-8")
    waiver = (
        "  - control: CO-1\n    reason: Records system migration in 2027\n"
        "    approved_by: head-of-talent@example.com\n    expires: 2027-06-30\n"
    )
    assert "\nwaivers:\n" in text
    manifest.write_text(text.replace("\nwaivers:\n", "\nwaivers:\n" + waiver), encoding="utf-8")
    code, out, err = cli(
        "audit", "--framework", "colorado-ai-act", str(copy), "--today", "2027-01-05"
    )
    assert code == 1, err
    assert "UNMET     colorado-ai-act Records" in out
    assert "unmet, risk accepted by head-of-talent@example.com until 2027-06-30" in out
