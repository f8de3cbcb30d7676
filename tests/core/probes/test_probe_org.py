"""The org report's "share of facts verified", counted from the checks' evidence blocks."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from aimm.core.evidence import fact_counts
from aimm.core.model import load_model
from aimm.org import formats
from aimm.org.records import SystemPosture, compact_entry, summarize
from aimm.org.report import build


def _item(fact: str, probe: str = "eval_suite") -> dict[str, str]:
    return {"fact": fact, "path": "evals/a.jsonl", "probe": probe, "detail": "..."}


def _entry(controls: list[dict[str, Any]]) -> dict[str, Any]:
    dims = ["visibility", "evaluation", "cost", "access", "audit"]
    return {
        "path": "svc/aimm.yaml",
        "status": "evaluated",
        "system": "svc",
        "team": "t",
        "tier": "low",
        "levels": dict.fromkeys(dims, 2),
        "floors": dict.fromkeys(dims, 1),
        "floors_enforced": True,
        "gate": {"passed": True, "reasons": []},
        "controls": controls,
        "next_steps": [],
        "waivers": [],
    }


CONTROLS = [
    {
        "id": "EVA-3.2",
        "dimension": "evaluation",
        "level": 3,
        "status": "fail",
        "evidence": {
            "verified": [_item("/posture/evaluation/suites/0/cases")],
            "contradicted": [_item("/posture/evaluation/suites/1/cases")],
            "unverified": [],
        },
    },
    {
        "id": "EVA-3.3",
        "dimension": "evaluation",
        "level": 3,
        "status": "pass",
        "evidence": {
            # The same fact as EVA-3.2's first, and one more.
            "verified": [_item("/posture/evaluation/suites/0/cases"), _item("/p", "exists")],
            "contradicted": [],
            "unverified": [_item("/posture/evaluation/suites/0/cases")],
        },
    },
    {"id": "VIS-2.1", "dimension": "visibility", "level": 2, "status": "pass"},
]


def test_fact_counts_count_each_fact_once_under_its_worst_status() -> None:
    """A fact two controls rely on counts once; unverified by one control beats verified."""
    assert fact_counts(CONTROLS) == {"contradicted": 1, "unverified": 1, "verified": 1}


def _posture(entry: dict[str, Any]) -> SystemPosture:
    posture = summarize(
        entry, repository="r", path="svc/aimm.yaml", model=load_model(), judged_on=None
    )
    assert isinstance(posture, SystemPosture)
    return posture


def test_summarize_counts_the_facts_and_compact_entries_agree() -> None:
    """The posture carries facts checked and verified; the scan cache's compact entry gives
    the same posture as the full report."""
    full = _posture(_entry(CONTROLS))
    assert (full.facts_checked, full.facts_verified, full.verified_share) == (3, 1, 1 / 3)
    assert _posture(compact_entry(_entry(CONTROLS))) == full


def test_no_facts_checked_is_shown_as_a_dash() -> None:
    """Without any probed fact the share is not a number: '-' in every format."""
    posture = _posture(_entry([CONTROLS[2]]))
    assert (posture.facts_checked, posture.verified_share) == (0, None)
    report = build([posture], [], today=date(2026, 11, 21), model=load_model())
    assert "| low | pass | 2 | 2 | 2 | 2 | 2 | - |" in formats.get("markdown")(report)
    assert "facts_checked" not in json.dumps(report.as_dict())


def test_every_org_format_has_the_column() -> None:
    """Markdown and HTML show the share; CSV and JSON carry the counts."""
    report = build([_posture(_entry(CONTROLS))], [], today=date(2026, 11, 21), model=load_model())
    markdown = formats.get("markdown")(report)
    assert "Share of facts verified |" in markdown
    assert "| 33% (1/3) |" in markdown
    html = formats.get("html")(report)
    assert "Share of facts verified</th>" in html
    assert '<td class="num">33% (1/3)</td>' in html
    rows = list(csv.DictReader(io.StringIO(formats.get("csv")(report))))
    assert (rows[0]["facts_checked"], rows[0]["facts_verified"]) == ("3", "1")
    (system,) = json.loads(formats.get("json")(report))["systems"]
    assert (system["facts_checked"], system["facts_verified"], system["facts_verified_share"]) == (
        3,
        1,
        0.3333,
    )
