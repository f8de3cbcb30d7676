"""The Markdown org report: every section, tables a Markdown parser reads as tables."""

from __future__ import annotations

import dataclasses
import re

import pytest

from aimm.org.formats import markdown
from tests.org.samples import example_report
from tests.support import TODAY


@pytest.fixture(scope="module")
def text() -> str:
    """The examples/org report as Markdown."""
    return markdown.render(example_report())


def _section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _tables(text: str) -> list[list[list[str]]]:
    """Every pipe table as rows of cells (header included, separator dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|(---\|)+", line):
                current.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_sections_in_order(text: str) -> None:
    """One H1, then every section."""
    assert text.startswith(f"# AI operations posture, {TODAY}\n")
    assert re.findall(r"^## (.+)$", text, re.MULTILINE) == [
        "Heatmap",
        "Failing gates",
        "By business unit and team",
        "Level distribution",
        "Bleeding gaps",
        "Lopsided systems",
        "Waivers",
        "Trend",
        "Model mlops (AI/MLOps maturity (five axes))",
        "Model ai-operations (AI operations maturity (four operational domains))",
        "Could not evaluate",
    ]


def test_headline(text: str) -> None:
    """The headline numbers of the example organisation."""
    head = text.split("## Heatmap")[0]
    assert "- **Systems:** 13 (1 more could not be evaluated)" in head
    assert "- **Passing their gate:** 11 of 13 (85%)" in head
    assert "- **Below an enforced floor, by tier:** low 0, medium 0, high 1, critical 0" in head
    assert "- **Below level 2 in some dimension:** 1" in head
    assert "- **Lopsided (levels 2 or more apart):** 1" in head
    assert (
        "- **The gap that bleeds most:** 10 systems in 3 teams cannot show that the eval suites "
        "hold at least 20 cases in total (EVA-3.2, evaluation); 1 of them is below a floor"
    ) in head
    assert "- **Trend:** since 2026-10-21: 1 level up, 1 down; 1 system new, 1 gone" in head


def test_heatmap_tables_per_business_unit(text: str) -> None:
    """One table per business unit; every column count matches its header; marks."""
    heat = _section(text, "Heatmap")
    assert re.findall(r"^### (.+)$", heat, re.MULTILINE) == [
        "customer-operations (4 systems)",
        "finance (9 systems)",
    ]
    tables = _tables(heat)
    assert [len(t) - 1 for t in tables] == [4, 9]
    for table in tables:
        assert {len(row) for row in table} == {11}
    assert table[0][-1] == "Share of facts verified"
    rows = {row[1]: row for table in tables for row in table[1:]}
    assert rows["fraud-signals"][5:] == ["3", "2▼", "3", "3", "3", "100% (2/2)"]
    assert rows["stress-test-narrator"][6] == "1▽"
    assert rows["credit-limits"][8] == "3↑"


def test_groups_distribution_gaps(text: str) -> None:
    """Min / median per group; level counts; gaps most systems first."""
    [groups] = _tables(_section(text, "By business unit and team"))
    assert groups[1][:4] == ["customer-operations", "business unit", "4", "4"]
    assert groups[1][5] == "2 / 2"  # evaluation min / median
    [dist] = _tables(_section(text, "Level distribution"))
    assert dist[2] == ["evaluation", "1", "10", "2", "0", "0"]
    gaps = _section(text, "Bleeding gaps")
    evaluation = _tables(gaps.split("### Evaluation")[1])[0]
    assert evaluation[1][0] == "EVA-3.2" and evaluation[1][2] == "10"


def test_waivers_trend_and_problems(text: str) -> None:
    """Expiring and expired waivers, each change, the manifest that could not be evaluated."""
    waivers = _section(text, "Waivers")
    expiring, expired = waivers.split("### Expired")
    assert _tables(expiring)[0][1][:5] == [
        "refund-agent",
        "refund-agent",
        "payments-ai",
        "EVA-4.2",
        "2026-12-10",
    ]
    assert _tables(expired)[0][1][3:6] == ["EVA-3.1", "2026-10-31", "-21"]
    series, flips, misses, changes = _tables(_section(text, "Trend"))
    assert [row[0] for row in series[1:]] == ["2026-09-21", "2026-10-21", "2026-11-21"]
    assert [(row[0], row[4]) for row in flips[1:]] == [
        ("fraud-signals", "FAIL"),
        ("kyc-doc-reader", "FAIL"),
    ]
    assert misses[1] == ["fraud-signals", "fraud-signals", "payments-ai", "evaluation", "2", "3"]
    assert [(row[0], row[1]) for row in changes[1:]] == [
        ("new", "kb-search"),
        ("down", "support-bot"),
        ("up", "credit-limits"),
        ("gone", "legacy-faq"),
    ]
    assert _tables(_section(text, "Could not evaluate"))[0][1] == [
        "wiki-bot",
        "aimm.yaml",
        "line 3: /metadata: 'name' is required",
    ]


def test_pipes_in_text_are_escaped() -> None:
    """A pipe inside a cell does not split the table."""
    report = example_report()
    odd = report.unevaluated[0].__class__("r", "p", "a | b")
    rendered = markdown.render(dataclasses.replace(report, unevaluated=(odd,)))
    assert "| r | p | a \\| b |" in rendered
