"""Caveats reach every audit format (issue 15, problem 5): the framework's "confirm with counsel"
disclaimer, each clause's caveats and, where the law is unsettled, the other possible date, in
text, Markdown, CSV, OSCAL, JSON and the evidence pack's index."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from aimm.audit import formats
from aimm.audit.matrix import AuditReport, audit_paths
from tests.support import Cli

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = ROOT / "examples" / "regulated" / "credit-risk-model"
COUNSEL = "confirm every verdict with counsel"
# Art. 72: Chapter IX literally applies from 2026-08-02; aimm uses 2027-12-02.
UNSETTLED = "Unsettled date: the text applies Chapter IX from 2026-08-02"
OTHER_DATE = "The other possible date: 2026-08-02 (Art. 113, general date of application"


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return audit_paths([SYSTEM], ["eu-ai-act"], today=date(2026, 11, 21))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_carry_every_caveat(report: AuditReport, fmt: str) -> None:
    out = _flat(formats.get(fmt)(report))
    assert COUNSEL in out
    assert UNSETTLED in out
    assert OTHER_DATE in out


def test_csv_has_a_caveats_column(report: AuditReport) -> None:
    rows = list(csv.DictReader(io.StringIO(formats.get("csv")(report))))
    by_clause = {r["clause"]: r for r in rows}
    assert UNSETTLED in by_clause["Art. 72"]["caveats"]
    assert OTHER_DATE in by_clause["Art. 72"]["caveats"]
    assert "Confirm with counsel" in by_clause["Art. 43"]["caveats"]
    assert by_clause["Art. 9"]["caveats"] == ""


def test_oscal_findings_and_metadata_carry_the_caveats(report: AuditReport) -> None:
    doc = json.loads(formats.get("oscal")(report))["assessment-results"]
    assert COUNSEL in doc["metadata"]["remarks"]
    findings = doc["results"][0]["findings"]
    (art72,) = [f for f in findings if f["title"].startswith("eu-ai-act Art. 72:")]
    caveats = [p["value"] for p in art72["props"] if p["name"] == "caveat"]
    assert any(c.startswith(UNSETTLED) for c in caveats)
    assert any(c.startswith(OTHER_DATE) for c in caveats)


def test_json_lists_caveats_only_where_there_are_some(report: AuditReport) -> None:
    data = json.loads(formats.get("json")(report))
    obligations = {o["clause"]: o for o in data["results"][0]["obligations"]}
    assert OTHER_DATE in " ".join(obligations["Art. 72"]["caveats"])
    assert "caveats" not in obligations["Art. 9"]
    assert COUNSEL in data["frameworks"][0]["disclaimer"]


def test_the_pack_index_carries_the_caveats(tmp_path: Path, cli: Cli) -> None:
    pack = tmp_path / "pack"
    code, _, err = cli(
        "audit", "--framework", "eu-ai-act", str(SYSTEM), "--today", "2026-11-21",
        "--pack", str(pack),
    )  # fmt: skip
    assert code == 0, err
    index = _flat((pack / "index.md").read_text(encoding="utf-8"))
    assert COUNSEL in index
    assert UNSETTLED in index
    assert OTHER_DATE in index
