"""examples/org end to end: `aimm scan` over the checkouts and `aimm aggregate` over the same
repositories' CI reports give the same org report, and it shows what the README promises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support import DIMENSIONS as DIMS
from tests.support import EXAMPLE_ORG, TODAY_ARGS, Cli

FORMATS = ("markdown", "html", "json", "csv")
# The models the README runs: the default grid (the gate) and two advisory packs.
PACKS = ("--model", "default", "--model", "mlops", "--model", "ai-operations")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> dict[str, Path]:
    """The org report in every format, once from `aimm scan examples/org` and once from
    `aimm aggregate` over reports each repository's CI would write (`aimm check . --format
    json`, run inside the repository, one folder per repository)."""
    root = tmp_path_factory.mktemp("org")
    reports = root / "ci-reports"
    for repo in sorted(p for p in EXAMPLE_ORG.iterdir() if p.is_dir()):
        (reports / repo.name).mkdir(parents=True)
        target = reports / repo.name / "aimm.json"
        code, _, err = cli(
            "check", ".", "--format", "json", *TODAY_ARGS, "-o", target, *PACKS, cwd=repo
        )  # fmt: skip
        assert code in (0, 1), err
    common = [*TODAY_ARGS, "--no-history", "--fail-on", "never", "--output-dir"]
    formats = [arg for fmt in FORMATS for arg in ("--format", fmt)]
    scan_out, aggregate_out = root / "scan", root / "aggregate"
    assert cli("scan", EXAMPLE_ORG, "--no-cache", *PACKS, *common, scan_out, *formats).code == 0
    assert cli("aggregate", reports, *common, aggregate_out, *formats).code == 0
    return {"scan": scan_out, "aggregate": aggregate_out}


@pytest.mark.parametrize("name", ["aimm-org.md", "aimm-org.html", "aimm-org.json", "aimm-org.csv"])
def test_scan_and_aggregate_give_the_same_report(outputs: dict[str, Path], name: str) -> None:
    """Byte for byte, in every format."""
    assert (outputs["scan"] / name).read_bytes() == (outputs["aggregate"] / name).read_bytes()


def _readme_table() -> dict[str, list[str]]:
    text = (EXAMPLE_ORG / "README.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in rows[0]]
    assert header[:2] == ["Repository", "System"]
    return {r[1].strip(): [c.strip().strip("*") for c in r] for r in rows[1:]}


def test_readme_table_is_the_report(outputs: dict[str, Path]) -> None:
    """Each system's repository, team, unit, tier, levels and gate are the README's."""
    table = _readme_table()
    data = json.loads((outputs["scan"] / "aimm-org.json").read_text())
    assert sorted(table) == sorted(s["system"] for s in data["systems"])
    assert len({s["repository"] for s in data["systems"]}) == 12
    assert len({s["team"] for s in data["systems"]}) == 3
    for system in data["systems"]:
        row = table[system["system"]]
        assert row[0] == system["repository"]
        assert (row[2], row[3], row[5]) == (system["team"], system["business_unit"], system["tier"])
        assert [int(c) for c in row[6:11]] == [system["levels"][d] for d in DIMS]
        assert row[11].split()[0].strip("*") == ("pass" if system["gate_passed"] else "fail")


def test_the_example_shows_what_it_promises(outputs: dict[str, Path]) -> None:
    """Mostly L2-L3 with access ahead and evaluation behind; one lopsided system, one below
    its floor, one expired waiver, one expiring."""
    data = json.loads((outputs["scan"] / "aimm-org.json").read_text())
    levels = [lv for s in data["systems"] for lv in s["levels"].values()]
    assert sum(1 for lv in levels if lv in (2, 3)) / len(levels) > 0.85
    mean = {d: sum(s["levels"][d] for s in data["systems"]) / len(data["systems"]) for d in DIMS}
    assert max(mean, key=mean.__getitem__) == "access"
    assert min(mean, key=mean.__getitem__) == "evaluation"
    assert [s["system"] for s in data["lopsided"]] == ["collections-copilot"]
    below = [s["system"] for s in data["systems"] if s["below_floor"] and s["floors_enforced"]]
    assert below == ["fraud-signals"]
    assert [w["system"] for w in data["waivers"]["expired"]] == ["kyc-doc-reader"]
    assert [w["system"] for w in data["waivers"]["expiring"]] == ["refund-agent"]
    assert data["headline"]["top_gap"]["dimension"] == "evaluation"


def test_readme_commands_are_the_ones_tested() -> None:
    """The README's scan command is the one this module runs (without the output flags)."""
    text = (EXAMPLE_ORG / "README.md").read_text(encoding="utf-8")
    models = "--model default --model mlops --model ai-operations"
    assert f"aimm scan examples/org --today 2026-11-21 {models}" in text
    assert f"aimm check . --format json --today 2026-11-21 {models}" in text
    assert "aimm aggregate reports --today 2026-11-21" in text


def test_project_readme_documents_the_org_report() -> None:
    """The README's Org-wide posture section (before Exit codes) has the example's command
    and describes every section of the report, in the report's order."""
    readme = (EXAMPLE_ORG.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Org-wide posture\n", 1)[1].split("\n## ", 1)[0]
    assert readme.index("## Org-wide posture") < readme.index("## Exit codes")
    assert "aimm scan examples/org --today 2026-11-21" in section
    described = re.findall(r"^- \*\*(.+?)\*\*:", section, re.MULTILINE)
    assert described == [
        "Headline",
        "Heatmap",
        "Systems",
        "Failing gates",
        "By business unit and team",
        "Level distribution",
        "Bleeding gaps",
        "Lopsided systems",
        "Waivers",
        "Trend",
        "Model",
        "Could not evaluate",
    ]


def test_the_example_runs_three_models(outputs: dict[str, Path]) -> None:
    """Run with mlops and ai-operations beside the default grid (the README's commands): the
    JSON has their sections under models.<id> and their levels per system, the CSV a column
    per model and dimension, and the Markdown and HTML a section per model (the HTML's three
    heatmaps are checked in Chromium by tests/e2e/test_browser.py)."""
    data = json.loads((outputs["scan"] / "aimm-org.json").read_text())
    assert list(data["models"]) == ["mlops", "ai-operations"]
    for model_id, section in data["models"].items():
        assert section["model"] == model_id
        assert {"headline", "distribution", "gaps", "lopsided", "by_dimension"} <= set(section)
        assert all(model_id in s["models"] for s in data["systems"])
    tracks = {s["system"]: s["models"]["mlops"]["track"] for s in data["systems"]}
    assert tracks["fraud-signals"] == "classical-ml" and tracks["support-bot"] == "llm"
    # agent-operations applies to agents only: the others have no level in it.
    aiops = {s["system"]: s["models"]["ai-operations"]["levels"] for s in data["systems"]}
    assert "agent-operations" in aiops["refund-agent"]
    assert "agent-operations" not in aiops["fraud-signals"]
    header = (outputs["scan"] / "aimm-org.csv").read_text().splitlines()[0].split(",")
    assert header[-3:] == [
        "ai-operations:agent-operations",
        "ai-operations:gate",
        "ai-operations:track",
    ]
    markdown = (outputs["scan"] / "aimm-org.md").read_text()
    assert "## Model mlops (AI/MLOps maturity (five axes))" in markdown
    html = (outputs["scan"] / "aimm-org.html").read_text()
    assert html.count('<table class="heatmap">') == 3
